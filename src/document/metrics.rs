//! The metric table: today → after, the change and whether it is proven.

use super::model::{Block, Cell, Row, Table};
use super::words::metric_name;
use super::words::{case_stats, change, columns, opt, rate_stats, row, text};
use crate::i18n::{Lang, fill};
use crate::metric::{Kind, Unit};
use crate::report::{MetricReport, Report};
use crate::summarize::Stats;

pub(super) fn significance(lang: Lang, m: &MetricReport, projected: bool) -> Cell {
    let p = &lang.cat().p;
    // A summary without a side's spread, rather than too few cases.
    let no_spread = |s: &Option<Stats>| match s {
        Some(Stats::Case(c)) => c.std.is_none() && c.n > 1,
        Some(Stats::Rate(r)) => !r.sum_sq.is_finite(),
        None => false,
    };
    match &m.change {
        Some(_) if projected => text(p.sig_projected),
        Some(c) if c.ci95.is_none() && (no_spread(&m.today) || no_spread(&m.after)) => {
            text(p.sig_no_spread)
        }
        Some(c) if c.ci95.is_none() => text(p.sig_too_few),
        Some(c) if c.significant => text(p.sig_yes),
        Some(_) => text(p.sig_noise),
        None => Cell::Empty,
    }
}

/// The metric table (today, after, change, proven?) and its footnotes.
pub fn metrics(report: &Report, lang: Lang) -> Vec<Block> {
    let p = &lang.cat().p;
    let mut rows = Vec::new();
    let mut notes = Vec::new();
    for (name, m) in report.ordered_metrics() {
        let label = metric_name(report, lang, name);
        match m.kind {
            Kind::CaseDuration => case_rows(lang, &label, m, &mut rows, report.projected),
            _ => rate_rows(report, lang, &label, m, &mut rows, &mut notes),
        }
    }
    if rows.is_empty() {
        return Vec::new();
    }
    let mut blocks = vec![Block::Table(Table {
        columns: columns(&[
            (p.col_metric, false),
            (p.col_today, true),
            (
                if report.projected {
                    p.col_projected
                } else {
                    p.col_after
                },
                true,
            ),
            (p.col_change, true),
            (p.col_significant, false),
        ]),
        rows,
    })];
    blocks.extend(notes.into_iter().map(Block::Note));
    blocks.push(Block::Note(p.significance_note.to_string()));
    if report.inputs.control.is_some() {
        blocks.push(Block::Note(p.control_metrics_note.to_string()));
    }
    blocks
}

pub(super) fn case_rows(
    lang: Lang,
    label: &str,
    m: &MetricReport,
    rows: &mut Vec<Row>,
    projected: bool,
) {
    let p = &lang.cat().p;
    let (t, a) = (case_stats(&m.today), case_stats(&m.after));
    let u = m.unit;
    let dur = |v: f64| Cell::Duration(v, u);
    rows.push(row(vec![
        text(fill(p.row_mean, &[("metric", label)])),
        opt(t.map(|s| s.mean), dur),
        opt(a.map(|s| s.mean), dur),
        m.change.as_ref().map_or(Cell::Empty, |c| Cell::Change {
            diff: c.mean,
            unit: u,
            pct: c.mean_pct,
        }),
        significance(lang, m, projected),
    ]));
    rows.push(row(vec![
        text(fill(p.row_p90, &[("metric", label)])),
        opt(t.map(|s| s.p90), dur),
        opt(a.map(|s| s.p90), dur),
        change(t.map(|s| s.p90), a.map(|s| s.p90), u),
        Cell::Empty,
    ]));
    let target = t
        .and_then(|s| s.sla_target)
        .or(a.and_then(|s| s.sla_target));
    // Judged case by case (a column, or targets by a dimension): no one target to name.
    let per_case = t.or(a).is_some_and(|s| s.sla_per_case);
    let name = match target {
        _ if per_case => Some(fill(p.row_sla_case, &[("metric", label)])),
        Some(target) => {
            let target = lang.with_unit(lang.trimmed(target), u);
            Some(fill(p.row_sla, &[("metric", label), ("target", &target)]))
        }
        None => None,
    };
    if let Some(name) = name {
        let (ts, as_) = (t.and_then(|s| s.sla_share), a.and_then(|s| s.sla_share));
        rows.push(row(vec![
            text(name),
            opt(ts, Cell::Percent),
            opt(as_, Cell::Percent),
            match (ts, as_) {
                (Some(x), Some(y)) => Cell::Points(y - x),
                _ => Cell::Empty,
            },
            Cell::Empty,
        ]));
    }
}

pub(super) fn rate_rows(
    report: &Report,
    lang: Lang,
    label: &str,
    m: &MetricReport,
    rows: &mut Vec<Row>,
    notes: &mut Vec<String>,
) {
    let p = &lang.cat().p;
    let (t, a) = (rate_stats(&m.today), rate_stats(&m.after));
    // Time lost reads best in hours ("10.3 h of downtime a month"), whatever the file used.
    let (unit, factor) = match m.unit.hours() {
        Some(h) => (Unit::Hours, h),
        None => (Unit::Count, 1.0),
    };
    let cell = |v: f64| {
        if unit == Unit::Count {
            Cell::Number(v * factor)
        } else {
            Cell::Duration(v * factor, unit)
        }
    };
    let scaled = m.change.as_ref().and_then(|c| c.after_at_today_volume);
    let mut after_cell = opt(a.and_then(|s| s.per_month), cell);
    if let (Some(s), Some(r)) = (scaled, report.volume.ratio)
        && (r - 1.0).abs() > 1e-9
    {
        let measured = after_cell.text(lang, &report.currency);
        notes.push(fill(
            p.scaled_note,
            &[
                ("metric", label),
                ("ratio", &lang.number(r, 2)),
                ("after", &measured),
            ],
        ));
        let shown = cell(s).text(lang, &report.currency);
        after_cell = Cell::Quantity {
            value: s * factor,
            text: format!("{shown} *"),
        };
    }
    rows.push(row(vec![
        text(fill(p.row_per_month, &[("metric", label)])),
        opt(t.and_then(|s| s.per_month), cell),
        after_cell,
        m.change.as_ref().map_or(Cell::Empty, |c| Cell::Change {
            diff: c.mean * factor,
            unit,
            pct: c.mean_pct,
        }),
        significance(lang, m, report.projected),
    ]));
    let (tp, ap) = (
        t.and_then(|s| s.per_100_cases),
        a.and_then(|s| s.per_100_cases),
    );
    // Downtime stops the line whatever the volume: per 100 cases is for counts.
    if m.kind == Kind::Count && (tp.is_some() || ap.is_some()) {
        rows.push(row(vec![
            text(fill(p.row_per_100, &[("metric", label)])),
            opt(tp, Cell::Number),
            opt(ap, Cell::Number),
            change(tp, ap, Unit::Count),
            Cell::Empty,
        ]));
    }
    let (ta, aa) = (
        t.and_then(|s| s.availability),
        a.and_then(|s| s.availability),
    );
    if ta.is_some() || aa.is_some() {
        rows.push(row(vec![
            text(p.row_availability),
            opt(ta, Cell::FinePercent),
            opt(aa, Cell::FinePercent),
            match (ta, aa) {
                (Some(x), Some(y)) => Cell::Points(y - x),
                _ => Cell::Empty,
            },
            Cell::Empty,
        ]));
    }
}
