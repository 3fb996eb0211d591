//! The Measurements sheet: the measured figures the levers use, each a named cell.

use super::blocks::blocks;
use super::model::{Sheet, Style, a1, column_letters, quoted};
use super::names::MEASUREMENTS;
use super::names::{Names, lever_terms, money, segment_own, term_id};
use crate::document::{self, Document, SectionId};
use crate::economics::levers::Lever;
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
    let mut by_segment = false;
    for (seg, t) in report.savings.levers.iter().flat_map(lever_terms) {
        // The assumptions have their own sheet; a segment's figures, the Levers by segment
        // sheet.
        if seg.is_some() {
            by_segment = true;
            continue;
        }
        let id = term_id(&t.quantity);
        if matches!(t.quantity, Quantity::Assumption { .. }) || !seen.insert(id.clone()) {
            continue;
        }
        s.text(row, 0, term_label(report, lang, &t.quantity), Style::Plain);
        // A projection's after-side is a formula over today's figure and its target.
        match super::pilot::projected(report, &t.quantity, names) {
            Some(expr) => s.formula(
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
    if by_segment {
        let note = crate::i18n::fill(p.xl_figures_by_segment, &[("sheet", p.sheet_lever_parts)]);
        s.text(row, 0, note, Style::Note);
        row += 1;
    }
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

/// With `--by`: the sheet of the segments, one row each: the figures its levers use (a column
/// per figure), then each lever's part in it as a live formula over that row; the lever on the
/// Levers sheet sums its column (one formula per segment keeps each within Excel's 8,192
/// characters). None without segments.
pub(super) fn lever_parts(report: &Report, lang: Lang, names: &mut Names) -> Option<Sheet> {
    let p = &lang.cat().p;
    let split: Vec<&Lever> = report
        .savings
        .levers
        .iter()
        .filter(|l| !l.parts.is_empty())
        .collect();
    if split.is_empty() {
        return None;
    }
    // The columns: each figure a segment has of its own, in the order the levers use them.
    // Every segment's formula of a lever has the same terms in the same places: the column
    // of each place is found once, and a segment's term is only checked against it.
    let mut terms: Vec<(String, &Quantity)> = Vec::new();
    let mut seen: Vec<(&Quantity, usize)> = Vec::new();
    // By lever, by the place of a term in its formula: its column, for a segment's own.
    let mut places: Vec<Vec<Option<(&Quantity, usize)>>> = Vec::with_capacity(split.len());
    for l in &split {
        let mut at: Vec<Option<(&Quantity, usize)>> = Vec::new();
        for (_, f) in &l.parts {
            for (j, t) in f.terms().enumerate() {
                if !segment_own(&t.quantity) {
                    continue;
                }
                if at.len() <= j {
                    at.resize(j + 1, None);
                }
                if at[j].is_some_and(|(q, _)| *q == t.quantity) {
                    continue;
                }
                let col = match seen.iter().find(|(q, _)| **q == t.quantity) {
                    Some(&(_, c)) => c,
                    None => {
                        let id = term_id(&t.quantity);
                        let c = match terms.iter().position(|(x, _)| *x == id) {
                            Some(c) => c,
                            None => {
                                terms.push((id, &t.quantity));
                                terms.len() - 1
                            }
                        };
                        seen.push((&t.quantity, c));
                        c
                    }
                };
                at[j] = Some((&t.quantity, col));
            }
        }
        places.push(at);
    }
    // The column of a segment's own term at place `j` of lever `i`'s formula.
    let column = |i: usize, j: usize, q: &Quantity| -> usize {
        match places[i].get(j).copied().flatten() {
            Some((x, c)) if *x == *q => c,
            // Every own term's quantity was given a column above.
            _ => seen.iter().find(|(x, _)| *x == q).map_or(0, |&(_, c)| c),
        }
    };
    // The rows: each segment, in the order of its name, with its figures by column.
    let mut segments: Vec<&str> = split
        .iter()
        .flat_map(|l| l.parts.iter().map(|(seg, _)| seg.as_str()))
        .collect();
    segments.sort_unstable();
    segments.dedup();
    let row_of = |seg: &str| segments.binary_search(&seg).unwrap_or(0);
    let width = terms.len();
    let mut figures: Vec<Option<f64>> = vec![None; segments.len() * width];
    for (i, l) in split.iter().enumerate() {
        for (seg, f) in &l.parts {
            let r = row_of(seg);
            for (j, t) in f.terms().enumerate() {
                if segment_own(&t.quantity) {
                    figures[r * width + column(i, j, &t.quantity)] =
                        Some(t.value.to_f64().unwrap_or(0.0));
                }
            }
        }
    }
    let first_lever_col = 1 + terms.len() as u16;
    let mut widths = vec![24.0];
    widths.resize(usize::from(first_lever_col) + split.len(), 14.0);
    let mut s = Sheet::new(p.sheet_lever_parts, &widths);
    s.text(0, 0, p.sheet_lever_parts, Style::Title);
    s.prose(
        1,
        0,
        first_lever_col.min(8),
        p.xl_lever_parts_intro,
        Style::NoteWrap,
    );
    let head = 3;
    let by = report.breakdown.as_ref().map_or("", |b| b.by.as_str());
    s.text(head, 0, by, Style::Header);
    let mut longest = 0;
    for (c, (_, q)) in terms.iter().enumerate() {
        let label = term_label(report, lang, q);
        longest = longest.max(label.chars().count());
        s.text(head, 1 + c as u16, label, Style::HeaderWrap);
    }
    for (i, l) in split.iter().enumerate() {
        let label = format!(
            "{}, {}",
            document::lever_name(report, lang, l),
            p.col_monthly
        );
        longest = longest.max(label.chars().count());
        s.text(head, first_lever_col + i as u16, label, Style::HeaderWrap);
    }
    // As high as the longest header wraps to in a column of 14 characters.
    s.heights
        .push((head, 15.0 * (longest as f64 / 12.0).ceil().max(1.0)));
    let first = head + 1;
    // A thousand rows: the header and the segment's name stay in view, and print atop
    // every page.
    s.frozen = Some((first, 1));
    // Some fifteen thousand figures and formulas with a thousand segments.
    s.bulk = true;
    for (k, seg) in segments.iter().enumerate() {
        let r = first + k as u32;
        s.text(r, 0, *seg, Style::Plain);
        for (c, v) in figures[k * width..(k + 1) * width].iter().enumerate() {
            if let Some(v) = v {
                s.number(r, 1 + c as u16, *v, Style::Precise);
            }
        }
    }
    let last = first + segments.len() as u32 - 1;
    let sheet = quoted(&s.name);
    // A rate or cost is the same name in every segment's formula: looked up once.
    let mut named: Vec<(&Quantity, String)> = Vec::new();
    for l in &split {
        for t in l.parts.iter().flat_map(|(_, f)| f.terms()) {
            if !seen.iter().any(|(x, _)| *x == &t.quantity)
                && !named.iter().any(|(x, _)| *x == &t.quantity)
            {
                named.push((&t.quantity, names.get(&term_id(&t.quantity))));
            }
        }
    }
    // Each column's letters, for the references in a row.
    let letters: Vec<String> = (0..width).map(|c| column_letters(1 + c as u16)).collect();
    for (i, l) in split.iter().enumerate() {
        let col = first_lever_col + i as u16;
        for (seg, f) in &l.parts {
            let r = first + row_of(seg) as u32;
            // A segment's own figure is the cell in its row; a rate or cost, its name.
            let cell = |q: &Quantity, out: &mut String| match seen.iter().find(|(x, _)| *x == q) {
                Some(&(_, c)) => {
                    out.push_str(&letters[c]);
                    push_number(out, r + 1);
                }
                None => match named.iter().find(|(x, _)| *x == q) {
                    Some((_, n)) => out.push_str(n),
                    None => out.push_str(&names.get(&term_id(q))),
                },
            };
            let expr = super::levers::formula_over(f, &cell);
            s.formula(r, col, expr, money(f.value()), Style::Money);
        }
        names.parts.insert(
            l.name.clone(),
            format!("{sheet}!{}:{}", a1(first, col, true), a1(last, col, true)),
        );
    }
    Some(s)
}

/// Appends `n` in decimal digits.
fn push_number(out: &mut String, mut n: u32) {
    let mut digits = [0u8; 10];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend(digits[i..].iter().map(|&d| char::from(d)));
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
