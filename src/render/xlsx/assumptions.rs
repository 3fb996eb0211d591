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
            report
                .stated
                .iter()
                .any(|l| l.kind == crate::rules::Benefit::Capacity)
                .then(|| keys::CAPACITY_RECAPTURE.to_string()),
        )
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
        s.text(
            row,
            3,
            document::words::ledger_source(lang, &report.currency, e),
            Style::Plain,
        );
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
    stated(report, lang, s, names, row + 1);
}

/// `[[stated]]` lines below the assumptions: each amount and month an input cell with a
/// name (`stated_1_monthly` …), and the factor a capacity line counts at, a formula over its
/// kind. The Cash flows sheet takes each line from these cells.
fn stated(report: &Report, lang: Lang, s: &mut Sheet, names: &mut Names, first: u32) {
    if report.stated.is_empty() {
        return;
    }
    let p = &lang.cat().p;
    s.text(first, 0, p.stated_heading, Style::Heading);
    let intro = crate::i18n::fill(
        p.stated_intro,
        &[("pct", &lang.percent(report.capacity_recapture()))],
    );
    s.prose(first + 1, 0, 7, &intro, Style::NoteWrap);
    let head = first + 2;
    for (c, h) in [
        p.col_stated,
        p.col_monthly,
        p.col_from_month,
        p.col_one_time,
        p.col_in_month,
        p.col_benefit_kind,
        p.xl_col_counted_at,
        p.col_source,
    ]
    .iter()
    .enumerate()
    {
        s.text(head, c as u16, *h, Style::Header);
    }
    let capacity_word = document::words::benefit_word(lang, crate::rules::Benefit::Capacity);
    let recapture = report.capacity_recapture();
    for (i, l) in report.stated.iter().enumerate() {
        let row = head + 1 + i as u32;
        let n = i + 1;
        s.text(row, 0, &l.name, Style::Plain);
        for (col, field, content, style) in [
            (
                1,
                "monthly",
                Content::Number(l.monthly.0.to_f64().unwrap_or(0.0)),
                Style::InputMoney,
            ),
            (
                2,
                "from",
                Content::Number(f64::from(l.from_month)),
                Style::InputWhole,
            ),
            (
                3,
                "one_time",
                Content::Number(l.one_time.0.to_f64().unwrap_or(0.0)),
                Style::InputMoney,
            ),
            (
                4,
                "month",
                Content::Number(f64::from(l.month)),
                Style::InputWhole,
            ),
        ] {
            s.put(row, col, content, style);
            names.add(
                &format!("stated:{n}:{field}"),
                &format!("stated_{n}_{field}"),
                ASSUMPTIONS,
                row,
                col,
            );
        }
        s.text(
            row,
            5,
            document::words::benefit_word(lang, l.kind),
            Style::Plain,
        );
        let factor = match l.kind {
            crate::rules::Benefit::Capacity => recapture,
            crate::rules::Benefit::Cash => 1.0,
        };
        s.formula(
            row,
            6,
            format!(
                "IF({}=\"{capacity_word}\",{},1)",
                super::model::a1(row, 5, false),
                names.get(&format!("assumption:{}", keys::CAPACITY_RECAPTURE))
            ),
            super::model::Cached::Number(factor),
            Style::Percent,
        );
        names.add(
            &format!("stated:{n}:factor"),
            &format!("stated_{n}_factor"),
            ASSUMPTIONS,
            row,
            6,
        );
        s.text(
            row,
            7,
            l.source
                .clone()
                .unwrap_or_else(|| p.stated_no_source.to_string()),
            Style::Plain,
        );
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
