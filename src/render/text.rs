//! The screen summary (`--format text`): the document's sections as plain text wrapped to
//! the screen's width, tables laid out with comfy-table to fit it.

use super::context::{Context, Render, Screen};
use crate::document::{Block, Cell, Document, Table};
use crate::escape::visible;
use comfy_table::{
    CellAlignment, ColumnConstraint, ContentArrangement, LineStyle, TableStyle, Width,
};
use std::io::{self, Write};

pub struct Text;

impl Render for Text {
    fn file(&self, _: super::context::Data) -> Option<&'static str> {
        None
    }

    fn screen(&self) -> Option<Screen> {
        Some(Screen::Text)
    }

    fn render(&self, cx: &Context, out: &mut dyn Write) -> io::Result<()> {
        let doc = cx.doc;
        let width = cx.width.max(MIN_WIDTH);
        write!(
            out,
            "{}",
            wrap(&format!("roi: {}", visible(&doc.title)), width, "")
        )?;
        for (label, text) in &doc.meta {
            write!(
                out,
                "{}",
                wrap(
                    &format!("  {}: {}", visible(label), visible(text)),
                    width,
                    "    "
                )
            )?;
        }
        for section in &doc.sections {
            writeln!(out)?;
            if !section.heading.is_empty() {
                write!(out, "{}", wrap(&visible(&section.heading), width, ""))?;
            }
            for block in &section.blocks {
                self::block(doc, block, width, out)?;
            }
        }
        Ok(())
    }
}

fn cell(doc: &Document, c: &Cell) -> String {
    visible(&c.text(doc.lang, &doc.currency))
}

/// Narrower than this, nothing reads well; the summary keeps this width and lets the
/// terminal wrap.
const MIN_WIDTH: usize = 40;

/// `text` broken at spaces into lines of at most `width` characters (a longer word keeps a
/// line of its own), each line after the first indented by `indent`; every line ends in a
/// newline. No-break spaces hold, and so does the space between a number and a short unit
/// or currency after it (`-140,797 EUR`, `1.62 h`): an amount never breaks.
pub fn wrap(text: &str, width: usize, indent: &str) -> String {
    // The words with the spaces before them, a number and its unit joined into one.
    let mut words: Vec<(&str, String)> = Vec::new();
    let mut rest = text;
    loop {
        let word_start = rest.len() - rest.trim_start_matches(' ').len();
        let (gap, after_gap) = rest.split_at(word_start);
        if after_gap.is_empty() {
            break;
        }
        let (word, next) = after_gap.split_at(after_gap.find(' ').unwrap_or(after_gap.len()));
        match words.last_mut() {
            Some((_, prev)) if gap == " " && ends_in_digit(prev) && is_unit(word) => {
                prev.push(' ');
                prev.push_str(word);
            }
            _ => words.push((gap, word.to_string())),
        }
        rest = next;
    }
    let indent_len = indent.chars().count();
    let mut out = String::new();
    let mut line = String::new();
    let mut len = 0;
    for (i, (gap, word)) in words.iter().enumerate() {
        let word_len = word.chars().count();
        if i > 0 && len + gap.len() + word_len > width {
            out.push_str(&line);
            out.push('\n');
            line = indent.to_string();
            len = indent_len;
        } else {
            // Spaces as written: the alignment of a label column stays.
            line.push_str(gap);
            len += gap.len();
        }
        line.push_str(word);
        len += word_len;
    }
    out.push_str(&line);
    out.push('\n');
    out
}

fn ends_in_digit(word: &str) -> bool {
    word.trim_end_matches(['%', ')'])
        .ends_with(|c: char| c.is_ascii_digit())
}

/// A unit or a currency code as roi writes them after a number: `h`, `min`, `EUR`, `EUR/h`,
/// `pts`, `zł`.
fn is_unit(word: &str) -> bool {
    let bare = word.trim_end_matches([',', ';', ':', '.', ')']);
    let letters = bare.split('/').next().unwrap_or("");
    !letters.is_empty() && letters.chars().count() <= 4 && letters.chars().all(char::is_alphabetic)
}

/// A paragraph or list item: `first` before its first line, its width in spaces before the
/// others.
/// A paragraph's lead ends with a full stop (its text is a sentence of its own, capitalised);
/// a list item's with a colon (its text runs on in lower case).
fn item(first: &str, lead: Option<&str>, text: &str, width: usize) -> String {
    item_with(first, lead, ": ", text, width)
}

fn item_with(first: &str, lead: Option<&str>, sep: &str, text: &str, width: usize) -> String {
    let body = match lead {
        Some(l) => format!("{first}{}{sep}{}", visible(l), visible(text)),
        None => format!("{first}{}", visible(text)),
    };
    wrap(&body, width, &" ".repeat(first.chars().count()))
}

fn block(doc: &Document, b: &Block, width: usize, out: &mut dyn Write) -> io::Result<()> {
    match b {
        Block::Pairs(pairs) => {
            let label_width = pairs
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
                // A note that does not fit goes on under the value, not under the label.
                let line = format!("  {label:<label_width$}   {}{note}", cell(doc, &p.value));
                let indent = " ".repeat(label_width + 5);
                write!(out, "{}", wrap(&line, width, &indent))?;
            }
        }
        Block::Table(t) => writeln!(out, "{}", table(doc, t, width))?,
        Block::Paragraphs(paras) => {
            for p in paras {
                write!(
                    out,
                    "{}",
                    item_with("  ", p.lead.as_deref(), ". ", &p.text, width)
                )?;
            }
        }
        Block::List(items) => {
            for p in items {
                write!(out, "{}", item("  - ", p.lead.as_deref(), &p.text, width))?;
            }
        }
        Block::Note(n) => write!(out, "{}", wrap(&visible(n), width, "  "))?,
        Block::Figures(figures) => {
            for f in figures {
                write!(out, "{}", item("  - ", Some(&f.file), &f.alt, width))?;
            }
        }
        Block::Statements(lines) => {
            for l in lines {
                write!(out, "{}", wrap(&format!("  {}", visible(l)), width, "    "))?;
            }
        }
        Block::Warnings(lines) => {
            let prefix = doc.lang.cat().p.prefix_warning;
            for l in lines {
                let line = format!("  {prefix}: {}", visible(l));
                write!(out, "{}", wrap(&line, width, "    "))?;
            }
        }
    }
    Ok(())
}

fn table(doc: &Document, t: &Table, width: usize) -> comfy_table::Table {
    let mut ct = comfy_table::Table::new();
    // Columns as wide as their content while the table fits; past the width, the widest
    // cells wrap.
    ct.set_content_arrangement(ContentArrangement::Dynamic);
    ct.set_width(u16::try_from(width).unwrap_or(u16::MAX));
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
    // Each column at least as wide as its longest word (no word breaks in two); figures
    // never wrap ("2,160 / EUR/h"), their heading and the words beside them do; the first
    // column, which names the rows, keeps room for a name of up to 24 characters.
    let longest_word = |s: &str| s.split(' ').map(|w| w.chars().count()).max().unwrap_or(0);
    let mut floors = Vec::new();
    for (i, c) in t.columns.iter().enumerate() {
        let cells: Vec<String> = t
            .rows
            .iter()
            .filter_map(|r| r.cells.get(i))
            .map(|c| cell(doc, c))
            .collect();
        let widest = cells.iter().map(|c| c.chars().count()).max().unwrap_or(0);
        let mut least = cells
            .iter()
            .map(|c| longest_word(c))
            .chain([longest_word(&visible(&c.heading))])
            .max()
            .unwrap_or(0);
        if c.numeric {
            least = least.max(widest);
        }
        // (the first column's room for a whole name, and the floor without it)
        let name_room = if i == 0 {
            least.max(widest.min(24))
        } else {
            least
        };
        floors.push((name_room, least, c.numeric));
    }
    // The name's room only while the floors fit the width (each with its padding, and a
    // space between columns).
    let total = floors
        .iter()
        .map(|f| f.0 + 3)
        .sum::<usize>()
        .saturating_sub(1);
    for (i, (room, least, numeric)) in floors.into_iter().enumerate() {
        let floor = if total <= width { room } else { least };
        if let Some(col) = ct.column_mut(i) {
            if numeric {
                col.set_cell_alignment(CellAlignment::Right);
            }
            // The boundary counts the cell's padding, one space each side.
            col.set_constraint(ColumnConstraint::LowerBoundary(Width::Fixed(
                u16::try_from(floor + 2).unwrap_or(u16::MAX),
            )));
        }
    }
    ct
}
