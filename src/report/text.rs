//! The screen summary: what was read, and the metric table today → after with the change
//! and whether it is more than noise.

use super::format::{auto, percent, signed, signed_percent, trimmed};
use super::{MetricReport, Report};
use crate::metric::Kind;
use crate::summarize::Stats;
use comfy_table::{CellAlignment, LineStyle, Table, TableStyle};
use std::io::{self, Write};

/// A metric's name for people: `cycle_time` → `cycle time`.
pub fn display_name(name: &str) -> String {
    name.replace('_', " ")
}

/// One row of the metric table.
pub struct Row {
    pub label: String,
    pub today: String,
    pub after: String,
    pub change: String,
    pub significant: String,
}

/// The metric table rows, shared by the text and Markdown renderers.
pub fn metric_rows(report: &Report) -> (Vec<Row>, Vec<String>) {
    let mut rows = Vec::new();
    let mut notes = Vec::new();
    for (name, m) in report.ordered_metrics() {
        let label = display_name(name);
        match m.kind {
            Kind::CaseDuration => case_rows(&label, m, &mut rows),
            _ => rate_rows(&label, m, report, &mut rows, &mut notes),
        }
    }
    (rows, notes)
}

fn dash() -> String {
    "—".to_string()
}

fn significance(m: &MetricReport) -> String {
    match &m.change {
        Some(c) if c.ci95.is_none() => "n/a (too few)".into(),
        Some(c) if c.significant => "yes".into(),
        Some(_) => "no (noise)".into(),
        None => dash(),
    }
}

fn change_text(diff: f64, pct: Option<f64>, unit: &str) -> String {
    let unit = if unit.is_empty() {
        String::new()
    } else {
        format!(" {unit}")
    };
    match pct {
        Some(p) => format!("{}{unit} ({})", signed(diff), signed_percent(p)),
        None => format!("{}{unit}", signed(diff)),
    }
}

fn case_rows(label: &str, m: &MetricReport, rows: &mut Vec<Row>) {
    let (t, a) = match (&m.today, &m.after) {
        (Some(Stats::Case(t)), Some(Stats::Case(a))) => (Some(t), Some(a)),
        (Some(Stats::Case(t)), _) => (Some(t), None),
        (_, Some(Stats::Case(a))) => (None, Some(a)),
        _ => (None, None),
    };
    let u = &m.unit;
    let fmt = |v: Option<f64>| v.map_or_else(dash, |v| format!("{} {u}", auto(v)));
    rows.push(Row {
        label: format!("{label}, mean"),
        today: fmt(t.map(|s| s.mean)),
        after: fmt(a.map(|s| s.mean)),
        change: m
            .change
            .as_ref()
            .map_or_else(dash, |c| change_text(c.mean, c.mean_pct, u)),
        significant: significance(m),
    });
    let p90_change = match (t, a) {
        (Some(t), Some(a)) => change_text(
            a.p90 - t.p90,
            (t.p90 != 0.0).then(|| (a.p90 - t.p90) / t.p90),
            u,
        ),
        _ => dash(),
    };
    rows.push(Row {
        label: format!("{label}, 9 in 10 within (p90)"),
        today: fmt(t.map(|s| s.p90)),
        after: fmt(a.map(|s| s.p90)),
        change: p90_change,
        significant: String::new(),
    });
    let target = t
        .and_then(|s| s.sla_target)
        .or(a.and_then(|s| s.sla_target));
    if let Some(target) = target {
        let share = |s: Option<&crate::summarize::CaseStats>| s.and_then(|s| s.sla_share);
        let (ts, as_) = (share(t), share(a));
        rows.push(Row {
            label: format!("{label}, within SLA {} {u}", trimmed(target)),
            today: ts.map_or_else(dash, percent),
            after: as_.map_or_else(dash, percent),
            change: match (ts, as_) {
                (Some(x), Some(y)) => format!("{} pts", signed((y - x) * 100.0)),
                _ => dash(),
            },
            significant: String::new(),
        });
    }
}

fn rate_rows(
    label: &str,
    m: &MetricReport,
    report: &Report,
    rows: &mut Vec<Row>,
    notes: &mut Vec<String>,
) {
    let (t, a) = match (&m.today, &m.after) {
        (Some(Stats::Rate(t)), Some(Stats::Rate(a))) => (Some(t), Some(a)),
        (Some(Stats::Rate(t)), _) => (Some(t), None),
        (_, Some(Stats::Rate(a))) => (None, Some(a)),
        _ => (None, None),
    };
    // Time lost reads best in hours ("10.3 h of downtime a month"), whatever the file used.
    let (unit, factor) = match crate::metric::Unit::parse(&m.unit).and_then(|u| u.hours()) {
        Some(h) => ("h".to_string(), h),
        None => (String::new(), 1.0),
    };
    let fmt = |v: Option<f64>| {
        v.map_or_else(dash, |v| {
            let v = v * factor;
            if unit.is_empty() {
                auto(v)
            } else {
                format!("{} {unit}", auto(v))
            }
        })
    };
    let scaled = m.change.as_ref().and_then(|c| c.after_at_today_volume);
    let after_cell = match (scaled, report.volume.ratio) {
        (Some(s), Some(r)) if (r - 1.0).abs() > 1e-9 => {
            let note = format!(
                "* after-period {label} scaled to today's volume (×{:.2}; measured {} a month)",
                r,
                fmt(a.and_then(|s| s.per_month))
            );
            notes.push(note);
            format!("{} *", fmt(Some(s)))
        }
        _ => fmt(a.and_then(|s| s.per_month)),
    };
    rows.push(Row {
        label: format!("{label} per month"),
        today: fmt(t.and_then(|s| s.per_month)),
        after: after_cell,
        change: m
            .change
            .as_ref()
            .map_or_else(dash, |c| change_text(c.mean * factor, c.mean_pct, &unit)),
        significant: significance(m),
    });
    let (tp, ap) = (
        t.and_then(|s| s.per_100_cases),
        a.and_then(|s| s.per_100_cases),
    );
    // Downtime stops the line whatever the volume: per 100 cases is for counts.
    if m.kind == Kind::Count && (tp.is_some() || ap.is_some()) {
        rows.push(Row {
            label: format!("{label} per 100 cases"),
            today: fmt(tp),
            after: fmt(ap),
            change: match (tp, ap) {
                (Some(x), Some(y)) => {
                    change_text((y - x) * factor, (x != 0.0).then(|| (y - x) / x), &unit)
                }
                _ => dash(),
            },
            significant: String::new(),
        });
    }
    let (ta, aa) = (
        t.and_then(|s| s.availability),
        a.and_then(|s| s.availability),
    );
    if ta.is_some() || aa.is_some() {
        rows.push(Row {
            label: "availability".into(),
            today: ta.map_or_else(dash, |v| format!("{:.2}%", v * 100.0)),
            after: aa.map_or_else(dash, |v| format!("{:.2}%", v * 100.0)),
            change: match (ta, aa) {
                (Some(x), Some(y)) => format!("{:+.2} pts", (y - x) * 100.0),
                _ => dash(),
            },
            significant: String::new(),
        });
    }
}

fn side_line(label: &str, s: &super::InputSide) -> String {
    let mut line = format!("{label}: {} ({} rows", s.file, auto(s.rows as f64));
    if let (Some(n), Some(m)) = (s.cases, &s.cases_metric) {
        line.push_str(&format!(
            ", {} cases of {}",
            auto(n as f64),
            display_name(m)
        ));
    }
    line.push(')');
    match (&s.first_date, &s.last_date, s.window_days) {
        (Some(f), Some(l), Some(d)) => line.push_str(&format!(", {f} to {l} ({d} days)")),
        (_, _, Some(d)) => line.push_str(&format!(", {d} days (from roi.toml [window])")),
        _ => line.push_str(", no dates"),
    }
    line
}

/// Renders the screen summary.
pub fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "roi: today vs after the change")?;
    writeln!(out)?;
    writeln!(out, "  {}", side_line("today", &report.inputs.today))?;
    writeln!(out, "  {}", side_line("after", &report.inputs.after))?;
    if let Some(v) = report.volume.cases_per_month {
        let src = report.volume.source.map_or("", |s| s.as_str());
        writeln!(out, "  volume: {} cases a month ({src})", auto(v))?;
    }
    writeln!(out)?;
    let (rows, notes) = metric_rows(report);
    let mut table = Table::new();
    let line = LineStyle::none().fill('─').junction('─');
    table.load_style(
        TableStyle::new()
            .top_border(line)
            .header_separator(line)
            .bottom_border(line),
    );
    table.set_header(vec!["metric", "today", "after", "change", "significant?"]);
    for r in rows {
        table.add_row(vec![r.label, r.today, r.after, r.change, r.significant]);
    }
    for i in 1..=3 {
        if let Some(c) = table.column_mut(i) {
            c.set_cell_alignment(CellAlignment::Right);
        }
    }
    writeln!(out, "{table}")?;
    for n in notes {
        writeln!(out, "{n}")?;
    }
    writeln!(
        out,
        "significant? yes = the 95% interval of the change excludes zero; no (noise) = it could be chance"
    )?;
    if !report.warnings.is_empty() {
        writeln!(out)?;
        writeln!(out, "Check before presenting:")?;
        for w in &report.warnings {
            writeln!(out, "  - {w}")?;
        }
    }
    Ok(())
}
