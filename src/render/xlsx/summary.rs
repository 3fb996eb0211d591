//! The Summary sheet: the headline, every figure pointing at the sheet that computes it.

use super::blocks::blocks;
use super::model::{Cached, Content, Sheet, Style};
use super::names::{money, num};
use crate::document::{Block, Cell, Document, SectionId};
use crate::economics::probability::Method;
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
                // The closed form, live on the How likely sheet.
                "p_payback_horizon" => (
                    Cached::Number(super::likely::live(report)?.1.payback_horizon),
                    Style::Percent,
                ),
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
        match (live.clone(), &pair.value) {
            (Some((cached, style)), _) => {
                s.formula(row, 1, pair.figure.unwrap_or_default(), cached, style)
            }
            (None, Cell::Money(m)) => s.put(
                row,
                1,
                Content::Number(m.to_f64().unwrap_or(0.0)),
                Style::Money,
            ),
            (None, v) => {
                let text = v.text(lang, &doc.currency);
                let text = if pair.label == p.h_stated {
                    // The lines by name; their amounts and months are live on Assumptions.
                    report
                        .stated
                        .iter()
                        .map(|l| l.name.as_str())
                        .collect::<Vec<_>>()
                        .join("; ")
                } else if has_figures(&text) {
                    p.xl_see_assumptions.to_string()
                } else {
                    text
                };
                s.text(row, 1, text, Style::Plain)
            }
        }
        // A sentence that cannot follow an edit has no place here: a note with figures in it
        // gives way to one that points at the live cells, or to none.
        let note = match pair.figure {
            Some("headline_annual") => Some(p.xl_note_annual.to_string()),
            Some("headline_capacity") => Some(p.xl_note_capacity.to_string()),
            Some("headline_upside") | Some("annual_risk_adjusted_unproven") => {
                Some(p.xl_note_upside.to_string())
            }
            Some("npv") => Some(p.xl_note_npv.to_string()),
            // With ranges roi's own figure is the simulation's: the note says the live one
            // is the closed form and where roi's stands beside it.
            Some("p_payback_horizon") if live.is_some() => Some(
                match super::likely::live(report).map(|(pr, _)| pr.method) {
                    Some(Method::Simulation) => p.xl_note_chance_simulation,
                    _ => p.xl_note_chance,
                }
                .to_string(),
            ),
            _ => pair.note.clone().filter(|n| !has_figures(n)),
        };
        if let Some(n) = note {
            s.text(row, 2, n, Style::Note);
        }
        row += 1;
    }
    super::cash::scenarios_table(report, lang.cat(), s, row + 1);
}

/// Whether a text carries figures (a digit), which a formula could not keep up to date.
fn has_figures(text: &str) -> bool {
    text.chars().any(|c| c.is_ascii_digit())
}

/// The findings sheet: what you must believe, the day in the life, the COO's views and the
/// checks, as roi computed them (values, said so at the top).
pub(super) fn findings(doc: &Document, s: &mut Sheet) {
    let p = &doc.lang.cat().p;
    s.text(0, 0, p.sheet_findings, Style::Title);
    s.prose(1, 0, 2, p.xl_values_by_roi, Style::NoteWrap);
    let mut row = 3;
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
