//! The assumptions ledger: every assumption with its value and where it came from.

use super::model::{Block, Cell, Row, Table};
use super::words::{assumption_name, assumption_value, columns, text};
use crate::assumptions::{LedgerEntry, LedgerValue, Source};
use crate::i18n::Lang;
use crate::metric::Unit;
use crate::report::Report;
use rust_decimal::prelude::ToPrimitive;

pub(super) fn ledger_value(lang: Lang, currency: &str, e: &LedgerEntry) -> Cell {
    match &e.value {
        LedgerValue::Text(t) => Cell::Text(t.clone()),
        LedgerValue::Money(m) => Cell::Quantity {
            value: m.0.to_f64().unwrap_or(0.0),
            text: assumption_value(lang, currency, e.kind, e.per, m.0.to_f64().unwrap_or(0.0))
                .text(lang, currency),
        },
        LedgerValue::Number(v) if e.key.starts_with("sla.") => {
            let (value, unit) = if *v < 1.0 {
                (v * 60.0, Unit::Minutes)
            } else {
                (*v, Unit::Hours)
            };
            Cell::Quantity {
                value: *v,
                text: lang.with_unit(lang.trimmed(value), unit),
            }
        }
        LedgerValue::Number(v) => assumption_value(lang, currency, e.kind, e.per, *v),
    }
}

/// Every assumption with its value and where it came from.
pub fn assumptions(report: &Report, lang: Lang) -> Vec<Block> {
    let p = &lang.cat().p;
    let rows = report
        .assumptions
        .iter()
        .map(|e| Row {
            cells: vec![
                text(assumption_name(report, lang, &e.key)),
                ledger_value(lang, &report.currency, e),
                text(super::words::ledger_source(lang, &report.currency, e)),
            ],
            // A default is an assumption nobody made explicitly: it stands out.
            strong: e.origin == Source::Default,
        })
        .collect();
    vec![Block::Table(Table {
        columns: columns(&[
            (p.col_assumption, false),
            (p.col_value, true),
            (p.col_source, false),
        ]),
        rows,
    })]
}
