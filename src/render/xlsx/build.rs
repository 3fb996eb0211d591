//! The workbook a CFO audits: the assumptions as named cells, the measured figures the levers
//! use, each lever as a live formula over them (PRODUCT.md §3), the cash flows with NPV, ROI,
//! payback and IRR as formulas, and a summary whose headline points at all of it. Every
//! formula carries roi's own figure as its cached result. Scenarios and sensitivity are
//! values, labelled as computed by roi.

use super::model::{Book, Cached, Content, Name, Sheet, Style, a1};
use crate::assumptions::{LedgerValue, Per, ValueKind, keys};
use crate::document::{self, Block, Cell, Document, SectionId};
use crate::economics::levers::{Formula, Lever, Quantity, Stat, TermUnit};
use crate::i18n::{Catalogue, Lang};
use crate::report::Report;
use crate::summarize::Side;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use std::collections::BTreeSet;

const SUMMARY: usize = 0;
const ASSUMPTIONS: usize = 1;
const MEASUREMENTS: usize = 2;
const LEVERS: usize = 3;
const CASH: usize = 4;

/// Names given so far, each unique and valid in Excel, by what they name.
#[derive(Default)]
struct Names {
    used: BTreeSet<String>,
    by_id: std::collections::BTreeMap<String, String>,
    list: Vec<Name>,
}

impl Names {
    /// Gives a cell a name made of `wanted` (lower case ASCII letters, digits, underscores),
    /// unique in the workbook, and remembers it under `id`; returns it.
    fn add(&mut self, id: &str, wanted: &str, sheet: usize, row: u32, col: u16) -> String {
        let base = sanitize(wanted);
        let mut name = base.clone();
        let mut i = 2;
        while self.used.contains(&name) {
            name = format!("{base}_{i}");
            i += 1;
        }
        self.used.insert(name.clone());
        self.by_id.insert(id.to_string(), name.clone());
        self.list.push(Name {
            name: name.clone(),
            sheet,
            row,
            col,
        });
        name
    }

    /// A named cell's name (its sanitized id when it has none).
    fn get(&self, id: &str) -> String {
        self.by_id.get(id).cloned().unwrap_or_else(|| sanitize(id))
    }
}

/// The id a term's cell is named under.
fn term_id(q: &Quantity) -> String {
    match q {
        Quantity::Assumption { key } => format!("assumption:{key}"),
        other => other.id(),
    }
}

/// The terms a lever's cells are computed from: its formula's, or with `--by` each
/// segment's, with the segment's name.
fn lever_terms(l: &Lever) -> Vec<(Option<&str>, &crate::economics::levers::Term)> {
    if l.parts.is_empty() {
        l.formula.terms().map(|t| (None, t)).collect()
    } else {
        l.parts
            .iter()
            .flat_map(|(s, f)| f.terms().map(move |t| (Some(s.as_str()), t)))
            .collect()
    }
}

/// The id of a term's cell within a segment: a segment's measurements (and its share of
/// roi.toml's volume) are its own cells; rates and costs are the assumptions' cells.
fn term_id_in(seg: Option<&str>, q: &Quantity) -> String {
    match (seg, q) {
        (Some(s), Quantity::Assumption { key })
            if key == crate::assumptions::keys::CASES_PER_MONTH =>
        {
            format!("{s}:{}", term_id(q))
        }
        (Some(s), q) if !matches!(q, Quantity::Assumption { .. }) => {
            format!("{s}:{}", term_id(q))
        }
        _ => term_id(q),
    }
}

/// A valid Excel name: ASCII lower case, digits and underscores, starting with a letter, and
/// never shaped like a cell reference (`ab12`, `r`, `c`).
pub fn sanitize(s: &str) -> String {
    let mut out: String = s
        .chars()
        .map(|c| {
            let c = c.to_ascii_lowercase();
            if c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if !out.starts_with(|c: char| c.is_ascii_lowercase()) {
        out.insert_str(0, "m_");
    }
    let letters = out.chars().take_while(char::is_ascii_lowercase).count();
    let rest = &out[letters..];
    let like_a_cell =
        (1..=3).contains(&letters) && !rest.is_empty() && rest.chars().all(|c| c.is_ascii_digit());
    if like_a_cell || out == "r" || out == "c" {
        out.push('_');
    }
    out
}

/// What a formula shows where roi has no figure (no payback, no IRR): a dash, which MIN,
/// COUNT and IRR skip, and which every viewer shows as written.
const NONE: &str = "–";

fn money(d: Decimal) -> Cached {
    Cached::Number(d.to_f64().unwrap_or(0.0))
}

fn num(v: Option<f64>) -> Cached {
    v.map_or(Cached::Text(NONE.into()), Cached::Number)
}

/// Builds the workbook of a report in the document's language.
pub fn build(report: &Report, doc: &Document, charts: &[(String, Vec<u8>)]) -> Book {
    let lang = doc.lang;
    let cat = lang.cat();
    let p = &cat.p;
    let mut names = Names::default();
    let mut sheets = vec![
        Sheet::new(p.sheet_summary, &[38.0, 22.0, 70.0]),
        Sheet::new(p.sheet_assumptions, &[42.0, 16.0, 14.0, 12.0, 28.0, 70.0]),
        Sheet::new(p.sheet_measurements, &[44.0, 18.0, 18.0, 18.0, 30.0, 28.0]),
        Sheet::new(p.sheet_levers, &[30.0, 90.0, 16.0, 16.0, 22.0, 16.0, 14.0]),
        Sheet::new(
            p.sheet_cash_flows,
            &[30.0, 18.0, 16.0, 16.0, 16.0, 16.0, 16.0, 16.0, 22.0],
        ),
        Sheet::new(p.sheet_scenarios, &[46.0, 28.0, 18.0, 18.0, 30.0]),
    ];
    assumptions(report, doc, &mut sheets[ASSUMPTIONS], &mut names);
    measurements(report, doc, &mut sheets[MEASUREMENTS], &mut names);
    levers(report, doc, &mut sheets[LEVERS], &mut names);
    cash_flows(report, cat, &mut sheets[CASH], &mut names);
    summary(report, doc, &mut sheets[SUMMARY]);
    let s = &mut sheets[5];
    s.text(0, 0, p.sheet_scenarios, Style::Title);
    s.prose(1, 0, 4, p.xl_values_by_roi, Style::NoteWrap);
    let mut row = 3;
    for section in doc
        .sections
        .iter()
        .filter(|s| matches!(s.id, SectionId::Scenarios | SectionId::Sensitivity))
    {
        s.text(row, 0, &section.heading, Style::Heading);
        row = blocks(doc, s, row + 1, &section.blocks, 4) + 1;
    }
    // With --by: the case by segment on a sheet of its own.
    if let Some(section) = doc.sections.iter().find(|s| s.id == SectionId::Segments) {
        let mut s = Sheet::new(
            p.sheet_segments,
            &[30.0, 14.0, 14.0, 18.0, 18.0, 20.0, 12.0, 20.0, 10.0],
        );
        s.text(0, 0, &section.heading, Style::Title);
        s.prose(1, 0, 8, p.xl_values_by_roi, Style::NoteWrap);
        blocks(doc, &mut s, 3, &section.blocks, 8);
        sheets.push(s);
    }
    let pictures: Vec<&(String, Vec<u8>)> =
        charts.iter().filter(|(n, _)| n.ends_with(".png")).collect();
    if !pictures.is_empty() {
        let mut s = Sheet::new(p.sheet_charts, &[12.0]);
        s.text(0, 0, p.sheet_charts, Style::Title);
        for (i, (_, bytes)) in pictures.iter().enumerate() {
            s.put(
                2 + 24 * i as u32,
                0,
                Content::Image(bytes.clone()),
                Style::Plain,
            );
        }
        sheets.push(s);
    }
    Book {
        sheets,
        names: names.list,
        currency: report.currency.clone(),
    }
}

/// Writes a document's blocks from `row` down, prose wrapped up to column `last`; returns the
/// next free row.
fn blocks(doc: &Document, s: &mut Sheet, mut row: u32, blocks: &[Block], last: u16) -> u32 {
    for b in blocks {
        match b {
            Block::Table(t) => {
                for (c, col) in t.columns.iter().enumerate() {
                    let style = if col.numeric {
                        Style::HeaderRight
                    } else {
                        Style::Header
                    };
                    s.text(row, c as u16, &col.heading, style);
                }
                row += 1;
                for r in &t.rows {
                    for (c, (cell, col)) in r.cells.iter().zip(&t.columns).enumerate() {
                        put_cell(doc, s, row, c as u16, cell, r.strong, col.numeric);
                    }
                    row += 1;
                }
            }
            Block::Paragraphs(items) | Block::List(items) => {
                for item in items {
                    match &item.lead {
                        Some(l) => {
                            s.text(row, 0, l, Style::Strong);
                            s.prose(row, 1, last.max(1), &item.text, Style::Wrap);
                        }
                        None => s.prose(row, 0, last, &item.text, Style::Wrap),
                    }
                    row += 1;
                }
            }
            Block::Note(n) => {
                s.prose(row, 0, last, n, Style::NoteWrap);
                row += 1;
            }
            Block::Statements(lines) | Block::Warnings(lines) => {
                for l in lines {
                    s.prose(row, 0, last, l, Style::Wrap);
                    row += 1;
                }
            }
            Block::Pairs(pairs) => {
                for pair in pairs {
                    s.text(row, 0, &pair.label, Style::Strong);
                    put_cell(doc, s, row, 1, &pair.value, false, true);
                    if let Some(n) = &pair.note {
                        s.text(row, 2, n, Style::Note);
                    }
                    row += 1;
                }
            }
            // Pictures go on a sheet of their own.
            Block::Figures(_) => {}
        }
        row += 1;
    }
    row
}

/// A typed cell of the document as a spreadsheet cell: numbers stay numbers; in a column of
/// figures, a figure shown with words keeps its number and text aligns right.
fn put_cell(
    doc: &Document,
    s: &mut Sheet,
    row: u32,
    col: u16,
    cell: &Cell,
    strong: bool,
    numeric: bool,
) {
    let lang = doc.lang;
    let (content, style) = match cell {
        Cell::Empty => return,
        Cell::Money(d) => (
            Content::Number(d.to_f64().unwrap_or(0.0)),
            if strong {
                Style::MoneyStrong
            } else {
                Style::Money
            },
        ),
        // A whole count as a whole number (411, not 411.00).
        Cell::Number(v) if v.fract() == 0.0 => (Content::Number(*v), Style::Whole),
        Cell::Number(v) => (Content::Number(*v), Style::Number),
        Cell::Duration(v, u) => (
            Content::Number(*v),
            Style::Measure(lang.unit(*u).to_string()),
        ),
        Cell::Percent(v) => (Content::Number(*v), Style::Percent),
        Cell::FinePercent(v) => (Content::Number(*v), Style::FinePercent),
        Cell::Quantity { value, .. } if numeric => (Content::Number(*value), Style::Number),
        other => (
            Content::Text(other.text(lang, &doc.currency)),
            match (strong, numeric) {
                (true, _) => Style::Strong,
                (false, true) => Style::TextRight,
                (false, false) => Style::Plain,
            },
        ),
    };
    s.put(row, col, content, style);
}

/// The assumptions, each a named cell; the ones the formulas use are blue.
fn assumptions(report: &Report, doc: &Document, s: &mut Sheet, names: &mut Names) {
    let lang = doc.lang;
    let p = &lang.cat().p;
    s.text(0, 0, p.sheet_assumptions, Style::Title);
    s.prose(1, 0, 5, p.xl_live, Style::NoteWrap);
    for (c, h) in [
        p.col_assumption,
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
    let live: BTreeSet<String> = report
        .savings
        .levers
        .iter()
        .flat_map(|l| l.formula.terms())
        .filter_map(|t| match &t.quantity {
            Quantity::Assumption { key } => Some(key.clone()),
            _ => None,
        })
        .chain(
            [
                "risk_adjustment",
                "discount_rate",
                "investment.one_time",
                "investment.monthly",
                "investment.ramp_up_months",
            ]
            .map(String::from),
        )
        .collect();
    for (row, e) in (4..).zip(&report.assumptions) {
        s.text(
            row,
            0,
            document::assumption_name(report, lang, &e.key),
            Style::Plain,
        );
        let is_live = live.contains(&e.key);
        let (content, style) = match &e.value {
            LedgerValue::Text(t) => (Content::Text(t.clone()), Style::Plain),
            LedgerValue::Money(m) => (
                Content::Number(m.0.to_f64().unwrap_or(0.0)),
                if is_live {
                    Style::InputMoney
                } else {
                    Style::Money
                },
            ),
            LedgerValue::Number(v) => (
                Content::Number(*v),
                match (e.kind, is_live) {
                    (ValueKind::Fraction, true) => Style::InputPercent,
                    (ValueKind::Fraction, false) => Style::Percent,
                    (_, true) => Style::InputNumber,
                    (_, false) => Style::General,
                },
            ),
        };
        let is_text = matches!(content, Content::Text(_));
        s.put(row, 1, content, style);
        s.text(row, 2, unit(lang, e.kind, e.per), Style::Plain);
        s.text(row, 3, document::source_word(lang, e.source), Style::Plain);
        if !is_text {
            let name = names.add(
                &format!("assumption:{}", e.key),
                &e.name,
                ASSUMPTIONS,
                row,
                1,
            );
            s.text(row, 4, name, Style::Note);
        }
        if !is_live && !is_text {
            s.text(row, 5, p.xl_not_live, Style::Note);
        }
    }
    // An investment roi.toml did not give: an empty input cell (0) to type one into. Until
    // then NPV, ROI, payback and IRR show a dash, as roi shows none.
    let mut row = 4 + report.assumptions.len() as u32;
    for key in [keys::ONE_TIME, keys::MONTHLY] {
        if report.assumptions.iter().any(|e| e.key == key) {
            continue;
        }
        let Some(def) = crate::assumptions::table::find(key) else {
            continue;
        };
        s.text(
            row,
            0,
            document::assumption_name(report, lang, key),
            Style::Plain,
        );
        s.put(row, 1, Content::Number(0.0), Style::InputMoney);
        s.text(row, 3, p.xl_not_given, Style::Plain);
        let name = names.add(&format!("assumption:{key}"), &def.name, ASSUMPTIONS, row, 1);
        s.text(row, 4, name, Style::Note);
        row += 1;
    }
}

/// The unit beside an assumption's value, where its number format does not show it.
fn unit(lang: Lang, kind: ValueKind, per: Per) -> String {
    let cat = lang.cat();
    match kind {
        ValueKind::Money if per == Per::Hour => cat.p.per_hour_suffix.into(),
        ValueKind::Money | ValueKind::Fraction | ValueKind::Currency => String::new(),
        ValueKind::Months => cat.nouns.month.many.into(),
        ValueKind::Days => cat.nouns.day.many.into(),
        ValueKind::Hours => lang.unit(crate::metric::Unit::Hours).into(),
        ValueKind::Cases => cat.p.unit_cases_per_month.into(),
    }
}

/// The label of a measured term: `cycle time, mean, today`.
fn term_label(report: &Report, lang: Lang, q: &Quantity) -> String {
    let p = &lang.cat().p;
    match q {
        Quantity::Measured { metric, stat, side } => {
            let stat = match stat {
                Stat::Mean => p.stat_mean,
                Stat::PerMonth => p.stat_per_month,
                Stat::HoursPerMonth => p.stat_hours_per_month,
                Stat::BreachShare => p.stat_breach_share,
            };
            let side = match side {
                Side::Today => p.today,
                Side::After => p.after,
            };
            format!(
                "{}, {stat}, {side}",
                document::metric_name(report, lang, metric)
            )
        }
        Quantity::VolumeRatio => p.q_volume_ratio.into(),
        Quantity::ResponsesPerMonth => p.q_responses.into(),
        Quantity::Assumption { key } => document::assumption_name(report, lang, key),
    }
}

/// The figures the levers use, named; the per-metric statistics; the files read.
fn measurements(report: &Report, doc: &Document, s: &mut Sheet, names: &mut Names) {
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
        s.number(row, 1, t.value.to_f64().unwrap_or(0.0), Style::Precise);
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

type StatRow = (&'static str, Option<f64>, Option<f64>, String);

fn stat_rows(lang: Lang, m: &crate::report::MetricReport) -> Vec<StatRow> {
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

fn case(s: &crate::summarize::Stats) -> Option<&crate::summarize::CaseStats> {
    match s {
        crate::summarize::Stats::Case(c) => Some(c),
        _ => None,
    }
}

fn rate(s: &crate::summarize::Stats) -> Option<&crate::summarize::RateStats> {
    match s {
        crate::summarize::Stats::Rate(r) => Some(r),
        _ => None,
    }
}

/// The Excel expression of a lever: `ROUND((a_today-a_after*ratio)*f1*f2,2)`, each term by
/// its name.
fn lever_formula(l: &Lever, names: &Names) -> String {
    if l.parts.is_empty() {
        part_formula(&l.formula, None, names)
    } else {
        // Each segment's lever rounded to cents, then summed, as roi sums them.
        let parts: Vec<String> = l
            .parts
            .iter()
            .map(|(seg, f)| part_formula(f, Some(seg), names))
            .collect();
        parts.join("+")
    }
}

fn part_formula(f: &Formula, seg: Option<&str>, names: &Names) -> String {
    let name = |q: &Quantity| names.get(&term_id_in(seg, q));
    let mut s = format!(
        "ROUND(({}-{}",
        name(&f.today.quantity),
        name(&f.after.quantity)
    );
    if let Some(scale) = &f.after_scale {
        s.push_str(&format!("*{}", name(&scale.quantity)));
    }
    s.push(')');
    for t in &f.factors {
        s.push_str(&format!("*{}", name(&t.quantity)));
    }
    s.push_str(",2)");
    s
}

/// The risk-adjusted monthly benefit of a range of levers (PRODUCT.md §3: gains less the
/// risk share, losses more).
fn risk_formula(range: &str) -> String {
    format!(
        "ROUND(SUMIF({range},\">0\")*(1-risk_adjustment)+SUMIF({range},\"<0\")*(1+risk_adjustment),2)"
    )
}

/// Each lever as a live formula, the totals and the risk adjustment.
fn levers(report: &Report, doc: &Document, s: &mut Sheet, names: &mut Names) {
    let lang = doc.lang;
    let p = &lang.cat().p;
    s.text(0, 0, p.sheet_levers, Style::Title);
    s.prose(1, 0, 3, p.xl_levers_intro, Style::NoteWrap);
    for (c, h) in [
        p.col_lever,
        p.col_formula,
        p.col_monthly,
        p.col_annual,
        p.col_range_low,
        p.col_range_high,
        p.col_proven,
    ]
    .iter()
    .enumerate()
    {
        s.text(3, c as u16, *h, Style::Header);
    }
    let first = 4u32;
    let mut row = first;
    let levers: &[Lever] = &report.savings.levers;
    for l in levers {
        s.text(row, 0, document::lever_name(report, lang, l), Style::Plain);
        let words = if l.parts.is_empty() {
            document::formula(lang, &report.currency, &l.formula)
        } else {
            let parts: Vec<String> = l
                .parts
                .iter()
                .map(|(seg, f)| format!("{seg}: {}", document::formula(lang, &report.currency, f)))
                .collect();
            parts.join(" + ")
        };
        s.text(row, 1, words, Style::Note);
        s.formula(
            row,
            2,
            lever_formula(l, names),
            money(l.monthly.0),
            Style::Money,
        );
        let id = format!("lever_{}", l.name);
        names.add(&id, &id, LEVERS, row, 2);
        s.formula(
            row,
            3,
            format!("{}*12", a1(row, 2, false)),
            money(l.monthly.0 * Decimal::from(12)),
            Style::Money,
        );
        s.number(row, 4, l.low.0.to_f64().unwrap_or(0.0), Style::Money);
        s.number(row, 5, l.high.0.to_f64().unwrap_or(0.0), Style::Money);
        s.text(
            row,
            6,
            if l.significant {
                p.sig_yes
            } else {
                p.sig_noise
            },
            Style::Plain,
        );
        row += 1;
    }
    let range = if levers.is_empty() {
        None
    } else {
        Some(format!("{}:{}", a1(first, 2, true), a1(row - 1, 2, true)))
    };
    let gross = report.savings.monthly.total.0;
    let adjusted = report.savings.monthly_risk_adjusted.0;
    let twelve = Decimal::from(12);
    let total_row = row;
    s.text(total_row, 0, p.total_gross, Style::Strong);
    s.formula(
        total_row,
        2,
        range.as_ref().map_or("0".into(), |r| format!("SUM({r})")),
        money(gross),
        Style::MoneyStrong,
    );
    let gross_name = names.add(
        "total_gross_monthly",
        "total_gross_monthly",
        LEVERS,
        total_row,
        2,
    );
    let risk_row = total_row + 1;
    let adjusted_row = total_row + 2;
    s.text(
        risk_row,
        0,
        crate::i18n::fill(
            p.risk_step,
            &[("risk", &lang.percent(report.savings.risk_adjustment))],
        ),
        Style::Plain,
    );
    s.formula(
        risk_row,
        2,
        format!("{}-{gross_name}", a1(adjusted_row, 2, false)),
        money(adjusted - gross),
        Style::Money,
    );
    s.text(adjusted_row, 0, p.total_risk_adjusted, Style::Strong);
    s.formula(
        adjusted_row,
        2,
        range.as_ref().map_or("0".into(), |r| risk_formula(r)),
        money(adjusted),
        Style::MoneyStrong,
    );
    names.add(
        "monthly_risk_adjusted",
        "monthly_risk_adjusted",
        LEVERS,
        adjusted_row,
        2,
    );
    for (r, v) in [
        (total_row, gross),
        (risk_row, adjusted - gross),
        (adjusted_row, adjusted),
    ] {
        let style = if r == risk_row {
            Style::Money
        } else {
            Style::MoneyStrong
        };
        s.formula(
            r,
            3,
            format!("{}*12", a1(r, 2, false)),
            money(v * twelve),
            style,
        );
    }
    names.add(
        "annual_risk_adjusted",
        "annual_risk_adjusted",
        LEVERS,
        adjusted_row,
        3,
    );
    let next = adjusted_row + 2;
    for section in doc.sections.iter().filter(|s| s.id == SectionId::Levers) {
        // The formulas in words, under the table.
        let words: Vec<Block> = section
            .blocks
            .iter()
            .filter(|b| matches!(b, Block::List(_)))
            .cloned()
            .collect();
        if !words.is_empty() {
            s.text(next, 0, p.formulas_heading, Style::Heading);
            blocks(doc, s, next + 1, &words, 1);
        }
    }
}

/// Months 0..H with the ramp-up, costs, discounting and the cumulative flow; NPV, ROI,
/// payback and IRR as formulas.
fn cash_flows(report: &Report, cat: &Catalogue, s: &mut Sheet, names: &mut Names) {
    let p = &cat.p;
    let f = &report.finance;
    let flows = &f.cash_flows;
    s.text(0, 0, p.sheet_cash_flows, Style::Title);
    s.prose(1, 0, 8, p.xl_cash_intro, Style::NoteWrap);
    // The figures first, the table below them.
    let head = 12u32;
    let first = head + 1;
    let last = first + flows.len() as u32 - 1;
    let col = |c: u16| (a1(first, c, true), a1(last, c, true));
    let rm = Decimal::ONE + Decimal::try_from(report.finance.discount_rate).unwrap_or_default();
    let monthly_rate = crate::economics::finance::monthly_rate(rm - Decimal::ONE);
    // Without an investment (one_time 0) there is no NPV, ROI, payback or IRR: a dash.
    let given = |expr: String| format!("IF(one_time>0,{expr},\"–\")");
    let npv_cached = f.npv.map_or(Cached::Text(NONE.into()), |n| money(n.0));
    let one_time = f.investment_one_time.map_or(Decimal::ZERO, |m| m.0);
    // What the savings can carry up front: the NPV of months 1..H, and months 1..12 summed.
    let carry_npv = match (f.npv, f.max_investment) {
        (Some(n), _) => n.0 + one_time,
        (None, Some(m)) => m.npv_zero.map_or(Decimal::ZERO, |v| v.0),
        (None, None) => Decimal::ZERO,
    };
    let first_year: Decimal = flows.iter().skip(1).take(12).copied().sum();
    let figures: [(&str, &str, String, Cached, Style); 9] = [
        (
            p.xl_monthly_rate,
            "monthly_rate",
            "(1+discount_rate)^(1/12)-1".into(),
            money(monthly_rate),
            Style::Precise,
        ),
        (
            p.xl_npv,
            "npv",
            given(format!(
                "ROUND({}+NPV(monthly_rate,{}:{}),2)",
                a1(first, 4, true),
                a1(first + 1, 4, true),
                col(4).1
            )),
            npv_cached,
            Style::MoneyStrong,
        ),
        (
            p.xl_max_npv_zero,
            "max_investment_npv_zero",
            format!(
                "MAX(0,ROUND(NPV(monthly_rate,{}:{}),2))",
                a1(first + 1, 4, true),
                col(4).1
            ),
            money(carry_npv.max(Decimal::ZERO)),
            Style::Money,
        ),
        (
            p.xl_max_payback_12,
            "max_investment_payback_12",
            format!(
                "MAX(0,SUM({}:{}))",
                a1(first + 1, 4, true),
                a1((first + 12).min(last), 4, true)
            ),
            money(first_year.max(Decimal::ZERO)),
            Style::Money,
        ),
        (
            p.xl_pv_costs,
            "pv_costs",
            format!(
                "ROUND({}+NPV(monthly_rate,{}:{}),2)",
                a1(first, 3, true),
                a1(first + 1, 3, true),
                col(3).1
            ),
            money(f.pv_costs.0),
            Style::Money,
        ),
        (
            p.xl_roi,
            "roi",
            given("IF(pv_costs>0,npv/pv_costs,\"–\")".into()),
            num(f.roi),
            Style::Percent,
        ),
        (
            p.xl_payback,
            "payback_months",
            given(format!(
                // Paid back when the cumulative flow ends at or above zero: at the last
                // month it crossed to zero or above.
                "IF({end}<0,\"–\",MAX({a}:{b}))",
                end = col(7).1,
                a = col(8).0,
                b = col(8).1
            )),
            num(f.payback_months),
            Style::OneDecimal,
        ),
        (
            p.xl_irr_monthly,
            "irr_monthly",
            given(format!(
                "IFERROR(IRR({}:{},{}),\"–\")",
                col(4).0,
                col(4).1,
                f.irr_monthly.map_or(0.1, |r| (r * 1e4).round() / 1e4)
            )),
            num(f.irr_monthly),
            Style::Percent,
        ),
        (
            p.xl_irr_annual,
            "irr_annual",
            given("IFERROR((1+irr_monthly)^12-1,\"–\")".into()),
            num(f.irr_annual),
            Style::Percent,
        ),
    ];
    for (i, (label, name, expr, cached, style)) in figures.into_iter().enumerate() {
        let row = 2 + i as u32;
        s.text(row, 0, label, Style::Strong);
        s.formula(row, 1, expr, cached, style);
        names.add(name, name, CASH, row, 1);
    }
    for (c, h) in [
        p.col_month,
        p.col_ramp,
        p.col_benefit,
        p.col_cost,
        p.col_net,
        p.col_discount,
        p.col_present_value,
        p.col_cumulative,
        p.col_payback_step,
    ]
    .iter()
    .enumerate()
    {
        s.text(head, c as u16, *h, Style::Header);
    }
    let ramp = report.finance.ramp_up_months;
    let one_time = report
        .finance
        .investment_one_time
        .map_or(Decimal::ZERO, |m| m.0);
    let monthly = report
        .finance
        .investment_monthly
        .map_or(Decimal::ZERO, |m| m.0);
    let mut cumulative = Decimal::ZERO;
    let rm_f = monthly_rate.to_f64().unwrap_or(0.0);
    for (t, cf) in flows.iter().enumerate() {
        let r = first + t as u32;
        let at = |c: u16| a1(r, c, false);
        let prev = |c: u16| a1(r - 1, c, false);
        s.number(r, 0, t as f64, Style::Whole);
        let share = if t == 0 {
            0.0
        } else if ramp <= 0.0 {
            1.0
        } else {
            (t as f64 / ramp).min(1.0)
        };
        let cost = if t == 0 {
            crate::money::cents(one_time)
        } else {
            crate::money::cents(monthly)
        };
        let benefit = *cf + cost;
        if t == 0 {
            s.number(r, 1, 0.0, Style::Percent);
            s.number(r, 2, 0.0, Style::Money);
            s.formula(r, 3, "ROUND(one_time,2)", money(cost), Style::Money);
        } else {
            s.formula(
                r,
                1,
                format!("IF(ramp_up_months<=0,1,MIN(1,{}/ramp_up_months))", at(0)),
                Cached::Number(share),
                Style::Percent,
            );
            s.formula(
                r,
                2,
                format!("ROUND(monthly_risk_adjusted*{},2)", at(1)),
                money(benefit),
                Style::Money,
            );
            s.formula(r, 3, "ROUND(monthly_cost,2)", money(cost), Style::Money);
        }
        s.formula(
            r,
            4,
            format!("{}-{}", at(2), at(3)),
            money(*cf),
            Style::Money,
        );
        let factor = 1.0 / (1.0 + rm_f).powi(t as i32);
        s.formula(
            r,
            5,
            format!("1/(1+monthly_rate)^{}", at(0)),
            Cached::Number(factor),
            Style::Precise,
        );
        s.formula(
            r,
            6,
            format!("{}*{}", at(4), at(5)),
            Cached::Number(cf.to_f64().unwrap_or(0.0) * factor),
            Style::Money,
        );
        let prev_cum = cumulative;
        cumulative += *cf;
        if t == 0 {
            s.formula(r, 7, at(4), money(cumulative), Style::Money);
        } else {
            s.formula(
                r,
                7,
                format!("{}+{}", prev(7), at(4)),
                money(cumulative),
                Style::Money,
            );
        }
        let step = if t == 0 {
            (cumulative >= Decimal::ZERO).then_some(0.0)
        } else if prev_cum < Decimal::ZERO && cumulative >= Decimal::ZERO {
            Some(t as f64 - 1.0 + (-prev_cum / *cf).to_f64().unwrap_or(0.0))
        } else {
            None
        };
        let expr = if t == 0 {
            format!("IF({}>=0,0,\"–\")", at(7))
        } else {
            format!(
                "IF(AND({p7}<0,{c7}>=0),{a}-1+(-{p7})/{e},\"–\")",
                p7 = prev(7),
                c7 = at(7),
                a = at(0),
                e = at(4)
            )
        };
        let cached = step.map_or(Cached::Text(NONE.into()), Cached::Number);
        s.formula(r, 8, expr, cached, Style::Number);
    }
}

/// The headline as formulas over the sheets behind it, then the day in the life, the views
/// and the warnings.
fn summary(report: &Report, doc: &Document, s: &mut Sheet) {
    let lang = doc.lang;
    let p = &lang.cat().p;
    let f = &report.finance;
    s.text(0, 0, &doc.title, Style::Title);
    s.prose(1, 0, 2, p.xl_intro, Style::NoteWrap);
    let headline = doc
        .sections
        .iter()
        .find(|s| s.id == SectionId::Headline)
        .and_then(|s| match s.blocks.first() {
            Some(Block::Pairs(pairs)) => Some(pairs.clone()),
            _ => None,
        })
        .unwrap_or_default();
    // Each headline figure the workbook computes is a formula over its named cell; the
    // others (the proven split) are roi's values.
    let max = f.max_investment;
    let mut row = 3;
    for pair in &headline {
        s.text(row, 0, &pair.label, Style::Strong);
        let live = pair.figure.and_then(|name| {
            Some(match name {
                "annual_risk_adjusted" => (
                    money(report.savings.annual_risk_adjusted.0),
                    Style::MoneyStrong,
                ),
                "payback_months" => (num(f.payback_months), Style::OneDecimal),
                "npv" => (money(f.npv?.0), Style::MoneyStrong),
                "roi" => (num(f.roi), Style::Percent),
                "irr_annual" => (num(f.irr_annual), Style::Percent),
                "max_investment_npv_zero" => (
                    money(max.and_then(|m| m.npv_zero).map_or(Decimal::ZERO, |m| m.0)),
                    Style::MoneyStrong,
                ),
                "max_investment_payback_12" => (
                    money(
                        max.and_then(|m| m.payback_12)
                            .map_or(Decimal::ZERO, |m| m.0),
                    ),
                    Style::MoneyStrong,
                ),
                _ => return None,
            })
        });
        match (live, &pair.value) {
            (Some((cached, style)), _) => {
                s.formula(row, 1, pair.figure.unwrap_or_default(), cached, style)
            }
            (None, Cell::Money(m)) => s.put(
                row,
                1,
                Content::Number(m.to_f64().unwrap_or(0.0)),
                Style::Money,
            ),
            (None, v) => s.text(row, 1, v.text(lang, &doc.currency), Style::Plain),
        }
        let note = match pair.figure {
            Some("payback_months") => Some(pair.value.text(lang, &doc.currency)),
            _ => pair.note.clone(),
        };
        if let Some(n) = note {
            s.text(row, 2, n, Style::Note);
        }
        row += 1;
    }
    row += 1;
    s.prose(row, 0, 2, p.xl_values_by_roi, Style::NoteWrap);
    row += 2;
    for section in doc.sections.iter().filter(|s| {
        matches!(
            s.id,
            SectionId::Evidence | SectionId::Narrative | SectionId::Views | SectionId::Warnings
        )
    }) {
        s.text(row, 0, &section.heading, Style::Heading);
        row = blocks(doc, s, row + 1, &section.blocks, 2) + 1;
    }
}

#[cfg(test)]
mod tests {
    use super::sanitize;

    #[test]
    fn names_are_valid_in_excel() {
        assert_eq!(sanitize("cycle_time_mean_today"), "cycle_time_mean_today");
        assert_eq!(sanitize("rates.hourly_cost"), "rates_hourly_cost");
        assert_eq!(sanitize("2nd_shift"), "m_2nd_shift");
        assert_eq!(sanitize("ab12"), "ab12_");
        assert_eq!(sanitize("npv"), "npv");
        assert_eq!(sanitize("r"), "r_");
        assert_eq!(sanitize("Reklamacje łączne"), "reklamacje___czne");
    }
}
