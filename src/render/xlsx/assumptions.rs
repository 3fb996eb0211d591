//! The Assumptions sheet: every assumption a named cell with its unit and source, so a CFO can change it.

use super::model::{Content, Sheet, Style};
use super::names::ASSUMPTIONS;
use super::names::Names;
use crate::assumptions::{LedgerValue, Per, ValueKind, keys};
use crate::document::{self, Document};
use crate::economics::levers::Quantity;
use crate::i18n::Lang;
use crate::report::Report;
use rust_decimal::prelude::ToPrimitive;
use std::collections::BTreeSet;

/// The assumptions, each a named cell; the ones the formulas use are blue.
pub(super) fn assumptions(report: &Report, doc: &Document, s: &mut Sheet, names: &mut Names) {
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
            // An SLA target under an hour in minutes, as roi.toml writes it ("30min", not
            // 0.5 h); it is not live, so its cell's unit is only the reader's.
            LedgerValue::Number(v) if e.key.starts_with("sla.") && *v < 1.0 => {
                (Content::Number(v * 60.0), Style::Number)
            }
            LedgerValue::Number(v) => (
                Content::Number(*v),
                match (e.kind, is_live, v.fract() == 0.0) {
                    (ValueKind::Fraction, true, _) => Style::InputPercent,
                    (ValueKind::Fraction, false, _) => Style::Percent,
                    (_, true, true) => Style::InputWhole,
                    (_, true, false) => Style::InputNumber,
                    (_, false, true) => Style::Whole,
                    (_, false, false) => Style::Number,
                },
            ),
        };
        let is_text = matches!(content, Content::Text(_));
        s.put(row, 1, content, style);
        let unit_text = match &e.value {
            LedgerValue::Number(v) if e.key.starts_with("sla.") && *v < 1.0 => {
                lang.unit(crate::metric::Unit::Minutes).to_string()
            }
            _ => unit(lang, &e.key, e.kind, e.per),
        };
        s.text(row, 2, unit_text, Style::Plain);
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
pub(super) fn unit(lang: Lang, key: &str, kind: ValueKind, per: Per) -> String {
    let cat = lang.cat();
    match kind {
        ValueKind::Money if per == Per::Hour => cat.p.per_hour_suffix.into(),
        // The money format shows the currency; what the amount is for, beside it.
        ValueKind::Money if matches!(per, Per::Unit | Per::Breach) => cat.p.xl_per_each.into(),
        ValueKind::Money if key == keys::MONTHLY => cat.p.xl_per_month.into(),
        ValueKind::Money | ValueKind::Fraction | ValueKind::Currency => String::new(),
        ValueKind::Months => cat.nouns.month.many.into(),
        ValueKind::Days => cat.nouns.day.many.into(),
        ValueKind::Hours => lang.unit(crate::metric::Unit::Hours).into(),
        ValueKind::Cases => cat.p.unit_cases_per_month.into(),
    }
}
