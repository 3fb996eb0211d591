//! The rows every summary shares — headline, metric table, levers, scenarios, inputs —
//! built once from the Report and laid out by the text, Markdown and HTML renderers.

use super::{InputSide, MetricReport, Report};
use crate::i18n::Lang;
use crate::metric::{Kind, Unit};
use crate::summarize::{CaseStats, RateStats, Stats};

/// One row of a table: label, then cells.
pub struct Row {
    pub label: String,
    pub cells: Vec<String>,
}

fn dash() -> String {
    "—".to_string()
}

fn significance(m: &MetricReport, lang: Lang) -> String {
    let w = lang.words();
    match &m.change {
        Some(c) if c.ci95.is_none() => w.too_few.into(),
        Some(c) if c.significant => w.yes.into(),
        Some(_) => w.noise.into(),
        None => dash(),
    }
}

fn change_text(lang: Lang, diff: f64, pct: Option<f64>, unit: &str) -> String {
    let unit = if unit.is_empty() {
        String::new()
    } else {
        format!(" {unit}")
    };
    match pct {
        Some(p) => format!("{}{unit} ({})", lang.signed(diff), lang.signed_percent(p)),
        None => format!("{}{unit}", lang.signed(diff)),
    }
}

/// The metric table (today, after, change, significant?) and its footnotes.
pub fn metric_rows(report: &Report) -> (Vec<Row>, Vec<String>) {
    let lang = report.lang;
    let mut rows = Vec::new();
    let mut notes = Vec::new();
    for (name, m) in report.ordered_metrics() {
        let label = lang.metric_name(name);
        match m.kind {
            Kind::CaseDuration => case_rows(lang, &label, m, &mut rows),
            _ => rate_rows(lang, &label, m, report, &mut rows, &mut notes),
        }
    }
    (rows, notes)
}

fn case_stats(s: &Option<Stats>) -> Option<&CaseStats> {
    match s {
        Some(Stats::Case(c)) => Some(c),
        _ => None,
    }
}

fn rate_stats(s: &Option<Stats>) -> Option<&RateStats> {
    match s {
        Some(Stats::Rate(r)) => Some(r),
        _ => None,
    }
}

fn case_pair(m: &MetricReport) -> (Option<&CaseStats>, Option<&CaseStats>) {
    (case_stats(&m.today), case_stats(&m.after))
}

fn rate_pair(m: &MetricReport) -> (Option<&RateStats>, Option<&RateStats>) {
    (rate_stats(&m.today), rate_stats(&m.after))
}

fn case_rows(lang: Lang, label: &str, m: &MetricReport, rows: &mut Vec<Row>) {
    let w = lang.words();
    let (t, a) = case_pair(m);
    let u = &m.unit;
    let fmt = |v: Option<f64>| v.map_or_else(dash, |v| format!("{} {u}", lang.auto(v)));
    rows.push(Row {
        label: format!("{label}, {}", w.mean),
        cells: vec![
            fmt(t.map(|s| s.mean)),
            fmt(a.map(|s| s.mean)),
            m.change
                .as_ref()
                .map_or_else(dash, |c| change_text(lang, c.mean, c.mean_pct, u)),
            significance(m, lang),
        ],
    });
    let p90_change = match (t, a) {
        (Some(t), Some(a)) => change_text(
            lang,
            a.p90 - t.p90,
            (t.p90 != 0.0).then(|| (a.p90 - t.p90) / t.p90),
            u,
        ),
        _ => dash(),
    };
    rows.push(Row {
        label: format!("{label}, {}", w.p90_row),
        cells: vec![
            fmt(t.map(|s| s.p90)),
            fmt(a.map(|s| s.p90)),
            p90_change,
            String::new(),
        ],
    });
    if let Some(target) = t
        .and_then(|s| s.sla_target)
        .or(a.and_then(|s| s.sla_target))
    {
        let (ts, as_) = (t.and_then(|s| s.sla_share), a.and_then(|s| s.sla_share));
        let pts = if lang == Lang::En { "pts" } else { "pp" };
        rows.push(Row {
            label: format!("{label}, {} {} {u}", w.within_sla, lang.trimmed(target)),
            cells: vec![
                ts.map_or_else(dash, |v| lang.percent(v)),
                as_.map_or_else(dash, |v| lang.percent(v)),
                match (ts, as_) {
                    (Some(x), Some(y)) => format!("{} {pts}", lang.signed((y - x) * 100.0)),
                    _ => dash(),
                },
                String::new(),
            ],
        });
    }
}

fn rate_rows(
    lang: Lang,
    label: &str,
    m: &MetricReport,
    report: &Report,
    rows: &mut Vec<Row>,
    notes: &mut Vec<String>,
) {
    let w = lang.words();
    let (t, a) = rate_pair(m);
    // Time lost reads best in hours ("10.3 h of downtime a month"), whatever the file used.
    let (unit, factor) = match Unit::parse(&m.unit).and_then(|u| u.hours()) {
        Some(h) => ("h".to_string(), h),
        None => (String::new(), 1.0),
    };
    let fmt = |v: Option<f64>| {
        v.map_or_else(dash, |v| {
            let v = v * factor;
            if unit.is_empty() {
                lang.auto(v)
            } else {
                format!("{} {unit}", lang.auto(v))
            }
        })
    };
    let scaled = m.change.as_ref().and_then(|c| c.after_at_today_volume);
    let after_cell = match (scaled, report.volume.ratio) {
        (Some(s), Some(r)) if (r - 1.0).abs() > 1e-9 => {
            notes.push(format!(
                "* {label}: {} (×{}; {} {})",
                w.scaled_note,
                lang.number(r, 2),
                fmt(a.and_then(|s| s.per_month)),
                w.per_month
            ));
            format!("{} *", fmt(Some(s)))
        }
        _ => fmt(a.and_then(|s| s.per_month)),
    };
    rows.push(Row {
        label: format!("{label}, {}", w.per_month),
        cells: vec![
            fmt(t.and_then(|s| s.per_month)),
            after_cell,
            m.change.as_ref().map_or_else(dash, |c| {
                change_text(lang, c.mean * factor, c.mean_pct, &unit)
            }),
            significance(m, lang),
        ],
    });
    let (tp, ap) = (
        t.and_then(|s| s.per_100_cases),
        a.and_then(|s| s.per_100_cases),
    );
    // Downtime stops the line whatever the volume: per 100 cases is for counts.
    if m.kind == Kind::Count && (tp.is_some() || ap.is_some()) {
        rows.push(Row {
            label: format!("{label}, {}", w.per_100),
            cells: vec![
                fmt(tp),
                fmt(ap),
                match (tp, ap) {
                    (Some(x), Some(y)) => change_text(
                        lang,
                        (y - x) * factor,
                        (x != 0.0).then(|| (y - x) / x),
                        &unit,
                    ),
                    _ => dash(),
                },
                String::new(),
            ],
        });
    }
    let (ta, aa) = (
        t.and_then(|s| s.availability),
        a.and_then(|s| s.availability),
    );
    if ta.is_some() || aa.is_some() {
        let pct = |v: f64| format!("{}%", lang.number(v * 100.0, 2));
        let pts = if lang == Lang::En { "pts" } else { "pp" };
        rows.push(Row {
            label: w.availability.into(),
            cells: vec![
                ta.map_or_else(dash, pct),
                aa.map_or_else(dash, pct),
                match (ta, aa) {
                    (Some(x), Some(y)) => format!(
                        "{}{} {pts}",
                        if y >= x { "+" } else { "" },
                        lang.number((y - x) * 100.0, 2)
                    ),
                    _ => dash(),
                },
                String::new(),
            ],
        });
    }
}

/// The savings table: each lever a month, a year and its 95% range, then the totals.
pub fn lever_rows(report: &Report) -> Vec<Row> {
    let lang = report.lang;
    let w = lang.words();
    let cur = &report.currency;
    let m = |d: rust_decimal::Decimal| lang.money_whole(d, cur);
    let twelve = rust_decimal::Decimal::from(12);
    let mut rows: Vec<Row> = report
        .savings
        .levers
        .iter()
        .map(|l| {
            let mut label = lang.metric_name(&l.name);
            if !l.significant {
                label = format!("{label} {}", w.not_significant_mark);
            }
            Row {
                label,
                cells: vec![
                    m(l.monthly),
                    m(l.monthly * twelve),
                    format!("{} … {}", m(l.low), m(l.high)),
                ],
            }
        })
        .collect();
    let gross = report
        .savings
        .monthly
        .get("total")
        .map(|x| x.0)
        .unwrap_or_default();
    let adjusted = report.savings.monthly_risk_adjusted.0;
    rows.push(Row {
        label: w.total_gross.into(),
        cells: vec![m(gross), m(gross * twelve), String::new()],
    });
    rows.push(Row {
        label: format!(
            "{} ({})",
            w.risk_step,
            lang.percent(report.savings.risk_adjustment)
        ),
        cells: vec![
            m(adjusted - gross),
            m((adjusted - gross) * twelve),
            String::new(),
        ],
    });
    rows.push(Row {
        label: w.total_risk_adjusted.into(),
        cells: vec![m(adjusted), m(adjusted * twelve), String::new()],
    });
    rows
}

/// `month 7.3 of 36` / `po 7,3 mies. (z 36)` / `not within 36 months`.
pub fn payback_text(report: &Report, payback: Option<f64>) -> String {
    let lang = report.lang;
    let h = report.finance.horizon_months;
    match (payback, lang) {
        (Some(0.0), Lang::En) => "immediate (nothing invested)".into(),
        (Some(0.0), Lang::Pl) => "od razu (brak inwestycji)".into(),
        (Some(p), Lang::En) => format!("month {} of {h}", lang.number(p, 1)),
        (Some(p), Lang::Pl) => format!("po {} mies. (z {h})", lang.number(p, 1)),
        (None, Lang::En) => format!("not within {h} {}", if h == 1 { "month" } else { "months" }),
        (None, Lang::Pl) => format!("nie w ciągu {h} mies."),
    }
}

/// The headline rows: annual risk-adjusted savings, payback, NPV, ROI, IRR.
pub fn headline(report: &Report) -> Vec<(String, String)> {
    let lang = report.lang;
    let w = lang.words();
    let f = &report.finance.figures;
    let cur = &report.currency;
    let rate = format!("{}%", lang.trimmed(report.finance.discount_rate * 100.0));
    let npv_note = match lang {
        Lang::En => format!("({} months at {rate})", report.finance.horizon_months),
        Lang::Pl => format!("({} mies., stopa {rate})", report.finance.horizon_months),
    };
    vec![
        (
            w.headline_savings.into(),
            format!(
                "{}  ({} {})",
                lang.money_whole(report.savings.annual_risk_adjusted.0, cur),
                lang.percent(report.savings.risk_adjustment),
                w.withheld
            ),
        ),
        (
            w.headline_payback.into(),
            payback_text(report, f.payback_months),
        ),
        (
            w.headline_npv.into(),
            format!("{}  {npv_note}", lang.money_whole(f.npv, cur)),
        ),
        (
            w.headline_roi.into(),
            f.roi
                .map_or_else(|| w.none.to_string(), |r| lang.percent(r)),
        ),
        (
            w.headline_irr.into(),
            f.irr_annual.map_or_else(
                || w.none.to_string(),
                |r| format!("{} {}", lang.percent(r), w.per_year),
            ),
        ),
    ]
}

/// `today: file (630 rows, 411 cases of cycle time), 2026-09-01 to 2026-09-30 (30 days)`.
pub fn side_line(lang: Lang, label: &str, s: &InputSide) -> String {
    let w = lang.words();
    let mut line = format!(
        "{label}: {} ({} {}",
        s.file,
        lang.number(s.rows as f64, 0),
        w.rows
    );
    if let (Some(n), Some(m)) = (s.cases, &s.cases_metric) {
        line.push_str(&format!(
            ", {} {} {}",
            lang.number(n as f64, 0),
            w.cases_of,
            lang.metric_name(m)
        ));
    }
    line.push(')');
    let (from, to) = if lang == Lang::En {
        ("", "to")
    } else {
        ("od ", "do")
    };
    match (&s.first_date, &s.last_date, s.window_days) {
        (Some(f), Some(l), Some(d)) => {
            line.push_str(&format!(", {from}{f} {to} {l} ({d} {})", w.days))
        }
        (_, _, Some(d)) => line.push_str(&format!(", {d} {} ({})", w.days, w.from_window)),
        _ => line.push_str(&format!(", {}", w.no_dates)),
    }
    line
}

/// The scenarios as `(name, annual benefit, NPV, payback)`.
pub fn scenario_rows(report: &Report) -> Vec<Row> {
    let lang = report.lang;
    let w = lang.words();
    let cur = &report.currency;
    let s = &report.scenarios;
    [
        (w.conservative, &s.conservative),
        (w.expected, &s.expected),
        (w.optimistic, &s.optimistic),
    ]
    .into_iter()
    .map(|(name, sc)| Row {
        label: name.into(),
        cells: vec![
            lang.money_whole(sc.annual_benefit, cur),
            lang.money_whole(sc.npv, cur),
            payback_text(report, sc.payback_months),
        ],
    })
    .collect()
}
