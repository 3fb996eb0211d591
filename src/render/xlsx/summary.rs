//! The Summary sheet: the headline, every figure pointing at the sheet that computes it.

use super::blocks::blocks;
use super::model::{Content, Sheet, Style};
use super::names::{money, num};
use crate::document::{Block, Cell, Document, SectionId};
use crate::report::Report;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

/// The headline as formulas over the sheets behind it, then the day in the life, the views
/// and the warnings.
pub(super) fn summary(report: &Report, doc: &Document, s: &mut Sheet) {
    let lang = doc.lang;
    let p = &lang.cat().p;
    let f = &report.headline;
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
                "headline_annual" => (money(f.annual.0), Style::MoneyStrong),
                "headline_upside" => (money(f.upside_annual.0), Style::Money),
                "headline_cash" => (money(f.annual_cash.0), Style::Money),
                "headline_capacity" => (money(f.annual_capacity.0), Style::Money),
                "annual_risk_adjusted" => (
                    money(report.savings.annual_risk_adjusted.0),
                    Style::MoneyStrong,
                ),
                "annual_risk_adjusted_proven" => (
                    money(report.savings.annual_risk_adjusted_proven.0),
                    Style::Money,
                ),
                "annual_risk_adjusted_unproven" => (
                    money(report.savings.annual_risk_adjusted_unproven.0),
                    Style::Money,
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
