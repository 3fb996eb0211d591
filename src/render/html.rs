//! `report.html`: one self-contained page for a proposal — no external files or network
//! (charts are embedded as data URIs), styled to print cleanly to PDF.

use super::{Context, Render, Screen};
use crate::document::{Block, Cell, Document, SectionId, Table};
use std::io::{self, Write};

pub struct Html;

const STYLE: &str = "
body { font-family: 'DejaVu Sans', 'Segoe UI', Helvetica, Arial, sans-serif; color: #212121;
  max-width: 1100px; margin: 2rem auto; padding: 0 1.5rem; line-height: 1.45; }
h1 { font-size: 1.9rem; margin-bottom: .2rem; }
h2 { font-size: 1.3rem; margin-top: 2.2rem; border-bottom: 2px solid #0072B2; padding-bottom: .2rem; }
table { border-collapse: collapse; width: 100%; margin: .8rem 0; font-size: .95rem; }
th, td { padding: .35rem .6rem; border-bottom: 1px solid #e0e0e0; text-align: left; }
th { background: #f5f5f5; }
th.n, td.n { text-align: right; white-space: nowrap; }
tr.strong td { font-weight: bold; }
table.headline td { font-size: 1.15rem; border: none; padding: .25rem .6rem; }
table.headline td:first-child { font-weight: bold; width: 40%; }
.note { color: #666; font-size: .85rem; }
.story p { margin: .5rem 0; }
figure { margin: 1.2rem 0; page-break-inside: avoid; break-inside: avoid; }
figure img { width: 100%; height: auto; border: 1px solid #eee; }
ul li { margin: .3rem 0; }
@media print { body { margin: 0; max-width: none; } h2 { page-break-after: avoid; }
  table, .story { page-break-inside: avoid; } }
";

impl Render for Html {
    fn file(&self) -> Option<&'static str> {
        Some("report.html")
    }

    fn screen(&self) -> Option<Screen> {
        None
    }

    fn render(&self, cx: &Context, out: &mut dyn Write) -> io::Result<()> {
        let doc = cx.doc;
        writeln!(
            out,
            "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">",
            doc.lang.code()
        )?;
        writeln!(
            out,
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        )?;
        writeln!(
            out,
            "<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>",
            escape(&doc.title)
        )?;
        writeln!(out, "<h1>{}</h1>", escape(&doc.title))?;
        for section in &doc.sections {
            if section.id != SectionId::Headline {
                writeln!(out, "<h2>{}</h2>", escape(&section.heading))?;
            }
            for b in &section.blocks {
                block(cx, doc, b, out)?;
            }
        }
        writeln!(
            out,
            "<p class=\"note\">roi {}</p>\n</body>\n</html>",
            escape(cx.report.roi_version)
        )
    }
}

fn text(doc: &Document, c: &Cell) -> String {
    escape(&c.text(doc.lang, &doc.currency))
}

fn block(cx: &Context, doc: &Document, b: &Block, out: &mut dyn Write) -> io::Result<()> {
    match b {
        Block::Pairs(pairs) => {
            writeln!(out, "<table class=\"headline\">")?;
            for p in pairs {
                let note = p.note.as_ref().map_or(String::new(), |n| {
                    format!(" <span class=\"note\">({})</span>", escape(n))
                });
                writeln!(
                    out,
                    "<tr><td>{}</td><td>{}{note}</td></tr>",
                    escape(&p.label),
                    text(doc, &p.value)
                )?;
            }
            writeln!(out, "</table>")?;
        }
        Block::Table(t) => table(doc, t, out)?,
        Block::Paragraphs(paras) => {
            writeln!(out, "<div class=\"story\">")?;
            for p in paras {
                match &p.lead {
                    Some(l) => writeln!(
                        out,
                        "<p><strong>{}.</strong> {}</p>",
                        escape(l),
                        escape(&p.text)
                    )?,
                    None => writeln!(out, "<p>{}</p>", escape(&p.text))?,
                }
            }
            writeln!(out, "</div>")?;
        }
        Block::List(items) => {
            writeln!(out, "<ul>")?;
            for p in items {
                match &p.lead {
                    Some(l) => writeln!(
                        out,
                        "<li><strong>{}:</strong> {}</li>",
                        escape(l),
                        escape(&p.text)
                    )?,
                    None => writeln!(out, "<li>{}</li>", escape(&p.text))?,
                }
            }
            writeln!(out, "</ul>")?;
        }
        Block::Note(n) => writeln!(out, "<p class=\"note\">{}</p>", escape(n))?,
        Block::Figures(figures) => {
            for f in figures {
                let Some((_, bytes)) = cx.charts.iter().find(|(name, _)| *name == f.file) else {
                    continue;
                };
                writeln!(
                    out,
                    "<figure><img alt=\"{}\" src=\"data:image/png;base64,{}\"></figure>",
                    escape(&f.alt),
                    base64(bytes)
                )?;
            }
        }
    }
    Ok(())
}

fn table(doc: &Document, t: &Table, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "<table>")?;
    let heads: Vec<String> = t
        .columns
        .iter()
        .map(|c| {
            let class = if c.numeric { " class=\"n\"" } else { "" };
            format!("<th{class}>{}</th>", escape(&c.heading))
        })
        .collect();
    writeln!(out, "<tr>{}</tr>", heads.concat())?;
    for r in &t.rows {
        let class = if r.strong { " class=\"strong\"" } else { "" };
        let mut line = format!("<tr{class}>");
        for (c, col) in r.cells.iter().zip(&t.columns) {
            let class = if col.numeric { " class=\"n\"" } else { "" };
            line.push_str(&format!("<td{class}>{}</td>", text(doc, c)));
        }
        line.push_str("</tr>");
        writeln!(out, "{line}")?;
    }
    writeln!(out, "</table>")
}

/// Escapes text for HTML content and attributes; control characters that XML forbids are
/// dropped.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\n' | '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Standard base64 (RFC 4648) with padding, for data URIs.
pub fn base64(bytes: &[u8]) -> String {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ABC[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_rfc_4648_vectors() {
        for (input, expected) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(input.as_bytes()), expected, "{input}");
        }
        assert_eq!(base64(&[0xff, 0xfe, 0xfd]), "//79");
    }

    #[test]
    fn escapes_markup() {
        assert_eq!(
            escape("<a href=\"x\">R&D's</a>\u{1b}[2J"),
            "&lt;a href=&quot;x&quot;&gt;R&amp;D&#39;s&lt;/a&gt;[2J"
        );
    }
}
