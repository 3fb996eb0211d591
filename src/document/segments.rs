//! With `--by`: the case by segment, and the mix split from faster work.

use super::model::{Block, Cell, Column, Para, Row, Table};
use super::words::{columns, row, text};
use crate::i18n::{Lang, fill};
use crate::metric::Unit;
use crate::report::{Breakdown, OtherSum, Report, Segment};
use crate::summarize::Stats;

/// With `--by`: how the savings are counted, the mix split of each case-duration mean, then
/// one row per segment (largest savings first, the rest as "other").
pub fn segments(report: &Report, lang: Lang) -> Vec<Block> {
    let Some(b) = &report.breakdown else {
        return Vec::new();
    };
    // The mean shown per segment: the first case duration.
    let shown = report
        .ordered_metrics()
        .find(|(_, m)| m.kind == crate::metric::Kind::CaseDuration)
        .map(|(name, m)| (name, m.unit));
    let mut rows: Vec<Row> = b
        .shown
        .iter()
        .map(|name| segment_row(lang, shown, name.clone(), &b.segments[name]))
        .collect();
    if let Some(o) = &b.other_sum {
        rows.push(other_row(lang, shown, o));
    }
    vec![
        Block::Paragraphs(split_paragraphs(report, lang, b)),
        Block::Table(Table {
            columns: table_columns(report, lang, shown, b),
            rows,
        }),
    ]
}

/// How the savings are counted (stratified against pooled), then each case-duration
/// mean's change split into faster work and the mix.
fn split_paragraphs(report: &Report, lang: Lang, b: &Breakdown) -> Vec<Para> {
    let p = &lang.cat().p;
    let cur = &report.currency;
    let mut paras = vec![Para {
        lead: None,
        text: fill(
            p.seg_stratified,
            &[
                ("by", &b.by),
                (
                    "stratified",
                    &lang.money(report.savings.monthly.total.0, cur),
                ),
                ("pooled", &lang.money(b.unstratified_monthly.0, cur)),
            ],
        ),
    }];
    // A figure shown as 0.00 says nothing but "less than the last digit shown".
    let shown_as_zero = |v: f64| lang.auto(v.abs()) == lang.auto(0.0);
    for (m, d) in &b.decomposition {
        if shown_as_zero(d.change) {
            continue;
        }
        let part = |v: f64, less: &str, more: &str, hardly: &str| {
            let (phrase, amount) = if shown_as_zero(v) {
                (hardly, lang.duration(0.01, d.unit))
            } else if v <= 0.0 {
                (less, lang.duration(v.abs(), d.unit))
            } else {
                (more, lang.duration(v.abs(), d.unit))
            };
            fill(phrase, &[("by", &b.by), ("amount", &amount)])
        };
        // One sentence: "Cycle time fell by 2.40 h: …".
        let metric = crate::i18n::capitalize(&super::metric_name(report, lang, m));
        paras.push(Para {
            lead: None,
            text: metric
                + " "
                + &fill(
                    if d.change < 0.0 {
                        p.seg_split_fell
                    } else {
                        p.seg_split_rose
                    },
                    &[
                        ("change", &lang.duration(d.change.abs(), d.unit)),
                        (
                            "performance",
                            &part(
                                d.performance,
                                p.seg_faster_work,
                                p.seg_slower_work,
                                p.seg_work_hardly,
                            ),
                        ),
                        (
                            "mix",
                            &part(d.mix, p.seg_mix_faster, p.seg_mix_slower, p.seg_mix_hardly),
                        ),
                    ],
                ),
        });
    }
    paras
}

/// One segment's row: its label (marked when one-sided or small), cases, the shown mean
/// and its change, the savings and their share.
fn segment_row(lang: Lang, shown_metric: Option<(&str, Unit)>, name: String, s: &Segment) -> Row {
    let p = &lang.cat().p;
    let count = |n: Option<u64>| n.map_or(text("—"), |n| Cell::Number(n as f64));
    let mut label = name;
    if s.one_side_only {
        label = format!("{label} ({})", p.seg_one_side);
    } else if s.small {
        label = format!("{label} ({})", p.seg_small);
    }
    let (mean_t, mean_a, change) = match (shown_metric, &s.case) {
        (Some((m, unit)), Some(r)) => {
            let mr = r.metrics.get(m);
            let mean = |st: Option<&Stats>| match st {
                Some(Stats::Case(c)) => Cell::Duration(c.mean, unit),
                _ => Cell::Empty,
            };
            (
                mean(mr.and_then(|x| x.today.as_ref())),
                mean(mr.and_then(|x| x.after.as_ref())),
                mr.and_then(|x| x.change.as_ref())
                    .map_or(Cell::Empty, |c| Cell::Change {
                        diff: c.mean,
                        unit,
                        pct: c.mean_pct,
                    }),
            )
        }
        _ => (Cell::Empty, Cell::Empty, Cell::Empty),
    };
    let mut cells = vec![text(label), count(s.cases_today), count(s.cases_after)];
    if shown_metric.is_some() {
        cells.extend([mean_t, mean_a, change]);
    }
    cells.extend([
        if s.compared {
            Cell::Money(s.monthly_gross)
        } else {
            Cell::Empty
        },
        s.share_of_savings.map_or(Cell::Empty, Cell::Percent),
    ]);
    row(cells)
}

/// The segments beyond the top ones, summed into one "other" row (the breakdown's sum).
fn other_row(lang: Lang, shown_metric: Option<(&str, Unit)>, o: &OtherSum) -> Row {
    let p = &lang.cat().p;
    let n = o.segments.to_string();
    let mut cells = vec![
        text(fill(p.seg_other, &[("n", &n)])),
        Cell::Number(o.cases_today as f64),
        Cell::Number(o.cases_after as f64),
    ];
    if shown_metric.is_some() {
        cells.extend([Cell::Empty, Cell::Empty, Cell::Empty]);
    }
    cells.extend([
        Cell::Money(o.savings_monthly.0),
        Cell::Percent(o.share_of_savings.unwrap_or(0.0)),
    ]);
    row(cells)
}

/// The table's columns: the segment, the cases, the shown mean (when there is one) and the
/// savings.
fn table_columns(
    report: &Report,
    lang: Lang,
    shown_metric: Option<(&str, Unit)>,
    b: &Breakdown,
) -> Vec<Column> {
    let p = &lang.cat().p;
    let metric_heading = |h: &str| {
        shown_metric.map_or(h.to_string(), |(m, _)| {
            format!("{}, {h}", super::metric_name(report, lang, m))
        })
    };
    let (mt, ma) = (metric_heading(p.col_today), metric_heading(p.col_after));
    let mut specs: Vec<(&str, bool)> = vec![
        (&b.by, false),
        (p.seg_col_cases_today, true),
        (p.seg_col_cases_after, true),
    ];
    if shown_metric.is_some() {
        specs.extend([
            (mt.as_str(), true),
            (ma.as_str(), true),
            (p.col_change, true),
        ]);
    }
    specs.extend([(p.seg_col_monthly, true), (p.seg_col_share, true)]);
    columns(&specs)
}
