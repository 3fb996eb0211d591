//! The screen summary (`--format text`): the document's sections as plain text, tables laid
//! out with comfy-table.

use super::{Context, Render, Screen};
use crate::document::{Block, Cell, Document, Table};
use crate::escape::visible;
use comfy_table::{CellAlignment, LineStyle, TableStyle};
use std::io::{self, Write};

pub struct Text;

impl Render for Text {
    fn file(&self) -> Option<&'static str> {
        None
    }

    fn screen(&self) -> Option<Screen> {
        Some(Screen::Text)
    }

    fn render(&self, cx: &Context, out: &mut dyn Write) -> io::Result<()> {
        let doc = cx.doc;
        writeln!(out, "roi: {}", visible(&doc.title))?;
        for section in &doc.sections {
            writeln!(out)?;
            if !section.heading.is_empty() {
                writeln!(out, "{}", visible(&section.heading))?;
            }
            for block in &section.blocks {
                self::block(doc, block, out)?;
            }
        }
        Ok(())
    }
}

fn cell(doc: &Document, c: &Cell) -> String {
    visible(&c.text(doc.lang, &doc.currency))
}

fn block(doc: &Document, b: &Block, out: &mut dyn Write) -> io::Result<()> {
    match b {
        Block::Pairs(pairs) => {
            let width = pairs
                .iter()
                .map(|p| visible(&p.label).chars().count())
                .max()
                .unwrap_or(0);
            for p in pairs {
                let note = p
                    .note
                    .as_ref()
                    .map_or(String::new(), |n| format!("  ({})", visible(n)));
                let label = visible(&p.label);
                writeln!(out, "  {label:<width$}   {}{note}", cell(doc, &p.value))?;
            }
        }
        Block::Table(t) => writeln!(out, "{}", table(doc, t))?,
        Block::Paragraphs(paras) => {
            for p in paras {
                match &p.lead {
                    Some(l) => writeln!(out, "  {}: {}", visible(l), visible(&p.text))?,
                    None => writeln!(out, "  {}", visible(&p.text))?,
                }
            }
        }
        Block::List(items) => {
            for p in items {
                match &p.lead {
                    Some(l) => writeln!(out, "  - {}: {}", visible(l), visible(&p.text))?,
                    None => writeln!(out, "  - {}", visible(&p.text))?,
                }
            }
        }
        Block::Note(n) => writeln!(out, "{}", visible(n))?,
        Block::Figures(figures) => {
            for f in figures {
                writeln!(out, "  - {}: {}", f.file, visible(&f.alt))?;
            }
        }
    }
    Ok(())
}

fn table(doc: &Document, t: &Table) -> comfy_table::Table {
    let mut ct = comfy_table::Table::new();
    let line = LineStyle::none().fill('─').junction('─');
    ct.load_style(
        TableStyle::new()
            .top_border(line)
            .header_separator(line)
            .bottom_border(line),
    );
    ct.set_header(t.columns.iter().map(|c| visible(&c.heading)));
    for r in &t.rows {
        ct.add_row(r.cells.iter().map(|c| cell(doc, c)));
    }
    for (i, c) in t.columns.iter().enumerate() {
        if c.numeric
            && let Some(col) = ct.column_mut(i)
        {
            col.set_cell_alignment(CellAlignment::Right);
        }
    }
    ct
}
