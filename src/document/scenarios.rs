//! The scenarios: conservative, expected, optimistic, proven only.

use super::model::{Block, Cell, Table};
use super::words::{columns, payback, row, text};
use crate::i18n::Lang;
use crate::report::Report;

/// The scenarios: annual benefit and, with an investment, NPV and payback.
pub fn scenarios(report: &Report, lang: Lang) -> Vec<Block> {
    let p = &lang.cat().p;
    let s = &report.scenarios;
    let investment = report.finance.has_investment();
    let rows = [
        (p.conservative, &s.conservative),
        (p.expected, &s.expected),
        (p.optimistic, &s.optimistic),
        (p.proven_only, &s.proven),
    ]
    .into_iter()
    .map(|(name, sc)| {
        // The scenario the headline reads is marked.
        let headline = match report.headline.basis {
            crate::rules::Basis::Proven => std::ptr::eq(sc, &s.proven),
            crate::rules::Basis::All => std::ptr::eq(sc, &s.expected),
        };
        let name = if headline {
            crate::i18n::fill(p.scenario_headline, &[("name", name)])
        } else {
            name.to_string()
        };
        let mut cells = vec![text(name), Cell::Money(sc.annual_benefit.0)];
        if investment {
            cells.push(sc.npv.map_or(Cell::Empty, |n| Cell::Money(n.0)));
            cells.push(match sc.payback_months {
                Some(m) => Cell::Quantity {
                    value: m,
                    text: payback(report, lang, Some(m)),
                },
                None => text(payback(report, lang, None)),
            });
        }
        row(cells)
    })
    .collect();
    let mut cols = vec![("", false), (p.col_annual, true)];
    if investment {
        cols.extend([(p.col_npv, true), (p.col_payback, false)]);
    }
    vec![Block::Table(Table {
        columns: columns(&cols),
        rows,
    })]
}
