//! The Measurements sheet: the measured figures the levers use, each a named cell.

use super::blocks::blocks;
use super::model::{Sheet, Style, a1, quoted};
use super::names::MEASUREMENTS;
use super::names::{Names, lever_terms, money, term_id, term_id_in};
use crate::document::{self, Document, SectionId};
use crate::economics::levers::{Quantity, Stat, TermUnit};
use crate::i18n::Lang;
use crate::report::Report;
use crate::summarize::Side;
use rust_decimal::prelude::ToPrimitive;
use std::collections::BTreeSet;

/// The label of a measured term: `cycle time, mean, today`.
pub(super) fn term_label(report: &Report, lang: Lang, q: &Quantity) -> String {
    let p = &lang.cat().p;
    match q {
        Quantity::Measured { metric, stat, side } | Quantity::Control { metric, stat, side } => {
            let control = matches!(q, Quantity::Control { .. });
            let stat = match stat {
                Stat::Mean => p.stat_mean,
                Stat::PerMonth => p.stat_per_month,
                Stat::HoursPerMonth => p.stat_hours_per_month,
                Stat::BreachShare => p.stat_breach_share,
            };
            let side = match (side, control) {
                (Side::Today, false) => p.today,
                (Side::After, false) => p.after,
                (Side::Today, true) => p.control_today_side,
                (Side::After, true) => p.control_after_side,
            };
            format!(
                "{}, {stat}, {side}",
                document::metric_name(report, lang, metric)
            )
        }
        Quantity::VolumeRatio => p.q_volume_ratio.into(),
        Quantity::ControlVolumeRatio => p.q_control_volume_ratio.into(),
        Quantity::ResponsesPerMonth => p.q_responses.into(),
        Quantity::Assumption { key } => document::assumption_name(report, lang, key),
    }
}

/// The figures the levers use, named; the per-metric statistics; the files read.
pub(super) fn measurements(report: &Report, doc: &Document, s: &mut Sheet, names: &mut Names) {
    let lang = doc.lang;
    let p = &lang.cat().p;
    s.text(0, 0, p.sheet_measurements, Style::Title);
    s.text(2, 0, p.stat_lever_inputs, Style::Heading);
    for (c, h) in [
        p.col_stat,
        p.col_value,
        p.col_unit,
        p.col_source,
        p.col_name,
    ]
    .iter()
    .enumerate()
    {
        s.text(3, c as u16, *h, Style::Header);
    }
    let mut row = 4;
    let mut seen = BTreeSet::new();
    for (seg, t) in report.savings.levers.iter().flat_map(lever_terms) {
        let id = term_id_in(seg, &t.quantity);
        if id == term_id(&t.quantity) && matches!(t.quantity, Quantity::Assumption { .. })
            || !seen.insert(id.clone())
        {
            continue;
        }
        let label = term_label(report, lang, &t.quantity);
        let label = seg.map_or(label.clone(), |s| format!("{s}: {label}"));
        s.text(row, 0, label, Style::Plain);
        // A projection's after-side is a formula over today's figure and its target.
        match super::pilot::projected(report, &t.quantity, names) {
            Some(expr) if seg.is_none() => s.formula(
                row,
                1,
                expr,
                super::model::Cached::Number(t.value.to_f64().unwrap_or(0.0)),
                Style::Precise,
            ),
            _ => s.number(row, 1, t.value.to_f64().unwrap_or(0.0), Style::Precise),
        }
        let u = match t.unit {
            TermUnit::Hours | TermUnit::HoursPerMonth => lang.unit(crate::metric::Unit::Hours),
            _ => "",
        };
        s.text(row, 2, u, Style::Plain);
        s.text(row, 3, p.source_data, Style::Plain);
        let name = names.add(&id, &id, MEASUREMENTS, row, 1);
        s.text(row, 4, name, Style::Note);
        row += 1;
    }
    row = lever_parts(report, lang, s, names, row);
    row += 1;
    for section in doc
        .sections
        .iter()
        .filter(|s| matches!(s.id, SectionId::Metrics | SectionId::Inputs))
    {
        s.text(row, 0, &section.heading, Style::Heading);
        row = blocks(doc, s, row + 1, &section.blocks, 4) + 1;
    }
    // Every statistic of every metric, today and after.
    for (c, h) in [
        p.col_metric,
        p.col_stat,
        p.col_today,
        p.col_after,
        p.col_unit,
    ]
    .iter()
    .enumerate()
    {
        s.text(row, c as u16, *h, Style::Header);
    }
    row += 1;
    for (name, m) in report.ordered_metrics() {
        let label = document::metric_name(report, lang, name);
        for (stat, t, a, unit) in stat_rows(lang, m) {
            s.text(row, 0, &label, Style::Plain);
            s.text(row, 1, stat, Style::Plain);
            if let Some(t) = t {
                s.number(row, 2, t, Style::Number);
            }
            if let Some(a) = a {
                s.number(row, 3, a, Style::Number);
            }
            s.text(row, 4, unit, Style::Plain);
            row += 1;
        }
    }
}

/// With `--by`: each lever's part in each segment, a live formula over that segment's
/// figures, one row each from `row` (the Levers sheet sums them); returns the next free row.
fn lever_parts(report: &Report, lang: Lang, s: &mut Sheet, names: &mut Names, row: u32) -> u32 {
    let p = &lang.cat().p;
    let split: Vec<_> = report
        .savings
        .levers
        .iter()
        .filter(|l| !l.parts.is_empty())
        .collect();
    if split.is_empty() {
        return row;
    }
    let mut row = row + 1;
    s.text(row, 0, p.xl_lever_parts_heading, Style::Heading);
    row += 1;
    for (c, h) in [p.col_lever, p.col_monthly, "", "", p.col_formula]
        .iter()
        .enumerate()
    {
        s.text(row, c as u16, *h, Style::Header);
    }
    row += 1;
    let sheet = quoted(&s.name);
    for l in split {
        let lever = document::lever_name(report, lang, l);
        let first = row;
        for (seg, f) in &l.parts {
            s.text(row, 0, format!("{seg}: {lever}"), Style::Plain);
            s.formula(
                row,
                1,
                super::levers::part_formula(f, Some(seg), names),
                money(f.value()),
                Style::Money,
            );
            s.text(
                row,
                4,
                document::formula(lang, &report.currency, f),
                Style::Note,
            );
            row += 1;
        }
        names.parts.insert(
            l.name.clone(),
            format!("{sheet}!{}:{}", a1(first, 1, true), a1(row - 1, 1, true)),
        );
    }
    row
}

pub(super) type StatRow = (&'static str, Option<f64>, Option<f64>, String);

pub(super) fn stat_rows(lang: Lang, m: &crate::report::MetricReport) -> Vec<StatRow> {
    use crate::summarize::Stats;
    let p = &lang.cat().p;
    let u = lang.unit(m.unit).to_string();
    let pick = |s: &Option<Stats>, f: &dyn Fn(&Stats) -> Option<f64>| s.as_ref().and_then(f);
    let row = |label, f: &dyn Fn(&Stats) -> Option<f64>, unit: &str| {
        (
            label,
            pick(&m.today, f),
            pick(&m.after, f),
            unit.to_string(),
        )
    };
    match m.kind {
        crate::metric::Kind::CaseDuration => vec![
            row(
                p.stat_n,
                &|s| match s {
                    Stats::Case(c) => Some(c.n as f64),
                    _ => None,
                },
                "",
            ),
            row(p.stat_mean, &|s| case(s).map(|c| c.mean), &u),
            row(p.stat_median, &|s| case(s).map(|c| c.median), &u),
            row(p.stat_p90, &|s| case(s).map(|c| c.p90), &u),
            row(p.stat_p95, &|s| case(s).map(|c| c.p95), &u),
            row(p.stat_std, &|s| case(s).and_then(|c| c.std), &u),
        ],
        _ => vec![
            row(p.stat_n, &|s| rate(s).map(|r| r.n as f64), ""),
            row(p.stat_total, &|s| rate(s).map(|r| r.total), &u),
            row(p.stat_per_month, &|s| rate(s).and_then(|r| r.per_month), &u),
        ],
    }
}

pub(super) fn case(s: &crate::summarize::Stats) -> Option<&crate::summarize::CaseStats> {
    match s {
        crate::summarize::Stats::Case(c) => Some(c),
        _ => None,
    }
}

pub(super) fn rate(s: &crate::summarize::Stats) -> Option<&crate::summarize::RateStats> {
    match s {
        crate::summarize::Stats::Rate(r) => Some(r),
        _ => None,
    }
}
