//! `--format md` and `summary.md`: paste-ready Markdown whose tables render on GitHub and
//! Confluence. Text is escaped so that nothing in it turns into markup.

use super::context::{Context, Data, Render, Screen};
use crate::document::{Block, Document, SectionId, Table};
use std::io::{self, Write};

pub struct Markdown;

impl Render for Markdown {
    fn file(&self, data: Data) -> Option<&'static str> {
        Some(data.name("summary.md", "track.md"))
    }

    fn screen(&self) -> Option<Screen> {
        Some(Screen::Markdown)
    }

    fn render(&self, cx: &Context, out: &mut dyn Write) -> io::Result<()> {
        let doc = cx.doc;
        writeln!(out, "# {}", escape(&doc.title))?;
        if !doc.meta.is_empty() {
            let meta: Vec<String> = doc
                .meta
                .iter()
                .map(|(l, v)| format!("{}: {}", escape(l), escape(v)))
                .collect();
            writeln!(out, "\n*{}*", meta.join(" · "))?;
        }
        // What the author checks is in checklist.md, not in what the client reads.
        for section in doc.sections.iter().filter(|s| s.id != SectionId::Warnings) {
            writeln!(out)?;
            if section.id != SectionId::Headline {
                writeln!(out, "## {}\n", escape(&section.heading))?;
            }
            for (i, b) in section.blocks.iter().enumerate() {
                if i > 0 {
                    writeln!(out)?;
                }
                block(doc, b, out)?;
            }
        }
        Ok(())
    }
}

/// `checklist.md`: the author's own checks before presenting (the data notes, the rates that
/// are roi's defaults, the levers that may be noise), kept apart from what the client reads.
pub struct Checklist;

impl Render for Checklist {
    fn file(&self, data: Data) -> Option<&'static str> {
        Some(data.name("checklist.md", "checklist.md"))
    }

    fn screen(&self) -> Option<Screen> {
        None
    }

    fn render(&self, cx: &Context, out: &mut dyn Write) -> io::Result<()> {
        let doc = cx.doc;
        let p = &doc.lang.cat().p;
        writeln!(
            out,
            "# {}: {}\n\n*{}*",
            escape(p.warnings_heading),
            escape(&doc.title),
            escape(p.checklist_note)
        )?;
        let warnings: Vec<&Block> = doc
            .sections
            .iter()
            .filter(|s| s.id == SectionId::Warnings)
            .flat_map(|s| &s.blocks)
            .collect();
        if warnings.is_empty() {
            writeln!(out, "\n{}", escape(p.checklist_empty))?;
        }
        for b in warnings {
            writeln!(out)?;
            block(doc, b, out)?;
        }
        Ok(())
    }
}

/// Escapes what Markdown (and the HTML it may carry) would read as markup; a line break or
/// any other control character becomes a space, so text cannot split a table or a list.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#' | '&' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

fn block(doc: &Document, b: &Block, out: &mut dyn Write) -> io::Result<()> {
    let text = |c: &crate::document::Cell| escape(&c.text(doc.lang, &doc.currency));
    match b {
        // A list, not a table: it pastes cleanly into e-mail.
        Block::Pairs(pairs) => {
            for p in pairs {
                let note = p
                    .note
                    .as_ref()
                    .map_or(String::new(), |n| format!(" ({})", escape(n)));
                writeln!(out, "- **{}:** {}{note}", escape(&p.label), text(&p.value))?;
            }
        }
        Block::Table(t) => table(doc, t, out)?,
        Block::Paragraphs(paras) => {
            for (i, p) in paras.iter().enumerate() {
                if i > 0 {
                    writeln!(out)?;
                }
                match &p.lead {
                    Some(l) => writeln!(out, "**{}.** {}", escape(l), escape(&p.text))?,
                    None => writeln!(out, "{}", escape(&p.text))?,
                }
            }
        }
        Block::List(items) => {
            for p in items {
                match &p.lead {
                    Some(l) => writeln!(out, "- **{}:** {}", escape(l), escape(&p.text))?,
                    None => writeln!(out, "- {}", escape(&p.text))?,
                }
            }
        }
        Block::Note(n) => writeln!(out, "_{}_", escape(n))?,
        Block::Figures(figures) => {
            for f in figures {
                writeln!(out, "![{}]({})", escape(&f.alt), f.file)?;
            }
        }
        Block::Statements(lines) => {
            for l in lines {
                writeln!(out, "- {}", escape(l))?;
            }
        }
        Block::Warnings(lines) => {
            let prefix = doc.lang.cat().p.prefix_warning;
            for (i, l) in lines.iter().enumerate() {
                if i > 0 {
                    writeln!(out)?;
                }
                writeln!(out, "> {prefix}: {}", escape(l))?;
            }
        }
    }
    Ok(())
}

fn table(doc: &Document, t: &Table, out: &mut dyn Write) -> io::Result<()> {
    let heads: Vec<String> = t.columns.iter().map(|c| escape(&c.heading)).collect();
    writeln!(out, "| {} |", heads.join(" | "))?;
    let seps: Vec<&str> = t
        .columns
        .iter()
        .map(|c| if c.numeric { "---:" } else { "---" })
        .collect();
    writeln!(out, "|{}|", seps.join("|"))?;
    for r in &t.rows {
        let cells: Vec<String> = r
            .cells
            .iter()
            .map(|c| {
                let s = escape(&c.text(doc.lang, &doc.currency));
                if r.strong && !s.is_empty() {
                    format!("**{s}**")
                } else {
                    s
                }
            })
            .collect();
        writeln!(out, "| {} |", cells.join(" | "))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn markup_in_text_stays_text() {
        assert_eq!(
            super::escape("<img src=x onerror=alert(1)> | *a*\n# b"),
            "\\<img src=x onerror=alert(1)\\> \\| \\*a\\* \\# b"
        );
    }
}
