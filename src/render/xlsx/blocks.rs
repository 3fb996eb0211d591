//! A document's blocks written onto a sheet: tables with their numbers as numbers, prose wrapped.

use super::model::{Content, Sheet, Style};
use crate::document::{Block, Cell, Document};
use rust_decimal::prelude::ToPrimitive;

/// Writes a document's blocks from `row` down, prose wrapped up to column `last`; returns the
/// next free row.
pub(super) fn blocks(
    doc: &Document,
    s: &mut Sheet,
    mut row: u32,
    blocks: &[Block],
    last: u16,
) -> u32 {
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
pub(super) fn put_cell(
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
