//! `report.html`: a self-contained proposal one-pager — no external files or network
//! (charts are embedded as data URIs), A4 in print: page 1 for the decision, an appendix for
//! the checking.

use super::context::{Context, Data, Render, Screen};
use crate::document::brief::{Brief, Tone};
use crate::document::{Block, Cell, Document, Figure, Para, Section, SectionId, Table};
use std::io::{self, Write};

pub struct Html;

// Every chart prints 174 mm wide, on page 1 and in the appendix: the smallest text of a
// 1,600 px chart (26 px) is then 8 pt.
const STYLE: &str = "
@page { size: A4; margin: 0; }
* { box-sizing: border-box; }
body { font-family: 'DejaVu Sans', 'Segoe UI', Helvetica, Arial, sans-serif; color: #212121;
  font-size: 10pt; line-height: 1.4; margin: 0; }
main { max-width: 190mm; margin: 0 auto; padding: 8mm 0; }
h1 { font-size: 19pt; margin: 0 0 1mm 0; line-height: 1.2; }
.meta { color: #555; margin: 0 0 3mm 0; }
.meta span:not(:last-child)::after { content: ' ·'; }
.meta span { white-space: nowrap; }
h2 { font-size: 12.5pt; margin: 6mm 0 2mm 0; border-bottom: 1.5pt solid #0072B2;
  padding-bottom: 1mm; break-after: avoid; page-break-after: avoid; }
table { border-collapse: collapse; width: 100%; margin: 2mm 0 3mm 0; font-size: 9pt; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
th, td { padding: 1.2mm 2mm; border-bottom: 0.5pt solid #ddd; text-align: left;
  vertical-align: top; }
th { background: #f3f3f3; font-weight: bold; }
th.n, td.n { text-align: right; }
td.n { white-space: nowrap; }
tr.strong td { font-weight: bold; }
table.headline { font-size: 10.5pt; margin: 0 0 3mm 0; }
table.headline td { border: none; padding: .6mm 2mm; }
table.headline td:first-child { font-weight: bold; width: 38%; }
table.headline td.v { white-space: nowrap; }
.note { color: #666; font-size: 8.5pt; }
.nobr { white-space: nowrap; }
.story p { margin: 1.2mm 0; font-size: 9.5pt; }
ul { margin: 1mm 0; padding-left: 5mm; }
ul li { margin: .8mm 0; }
figure { margin: 2mm 0; break-inside: avoid; page-break-inside: avoid; }
figure img { width: 100%; height: auto; border: 0.5pt solid #e5e5e5; display: block; }
.charts { display: grid; grid-template-columns: 1fr 1fr; gap: 4mm; }
header.tb { display: flex; justify-content: space-between; align-items: flex-start; gap: 6mm; }
header.tb img.logo { max-height: 12mm; max-width: 40mm; object-fit: contain; }
.page1 h1 { font-size: 16pt; }
.page1 .meta { margin: 0 0 1.5mm 0; font-size: 8.5pt; }
p.rec { margin: 0 0 2mm 0; padding: 1.5mm 3mm; background: #eaf3fa; border-left: 1.5mm solid #0072B2;
  font-size: 10pt; line-height: 1.3; }
.tiles { display: grid; grid-template-columns: repeat(auto-fit, minmax(0, 1fr)); gap: 3mm;
  margin: 0 0 2.5mm 0; }
.tile { border: 0.5pt solid #d0d0d0; border-top: 1.2mm solid #9e9e9e; padding: 1mm 2mm; }
.tile.proven { border-top-color: #0072B2; }
.tile.upside { border-top-color: #8dbfdd; }
.tile.loss { border-top-color: #D55E00; }
.tile .l { font-size: 7.5pt; color: #555; font-weight: bold; line-height: 1.15; }
.tile .v { font-size: 14pt; font-weight: bold; line-height: 1.3; white-space: nowrap; }
.tile .v.phrase { font-size: 10pt; white-space: normal; }
.tile.loss .v { color: #B24A00; }
.tile .c { font-size: 7.5pt; color: #666; line-height: 1.2; }
p.chance { font-size: 8.5pt; margin: .7mm 0 .3mm 0; color: #1f1f1f; line-height: 1.15; }
.tiles.close { margin-bottom: 0; }
p.chance + .believe h2 { margin: .5mm 0 .6mm 0; }
p.design { font-size: 8pt; margin: 0; color: #333; line-height: 1.25; }
.page1 .believe h2 { font-size: 10.5pt; margin: 1.5mm 0 .8mm 0; padding-bottom: .3mm; }
.page1 .believe li { font-size: 8.5pt; margin: 0; line-height: 1.2; }
figure.wide { width: 174mm; margin: 0 auto; }
figure.wide img { border: 0; }
.charts figure { margin: 0; }
.page1 { break-after: page; page-break-after: always; line-height: 1.3; }
.story2 h2 { margin-top: 0; }
.page1 h2 { font-size: 11.5pt; margin: 4mm 0 1.5mm 0; }
.page1 ul li { margin: .3mm 0; font-size: 9pt; }
.page1 .story p { margin: .6mm 0; font-size: 9pt; }
.page1 table.headline td { padding: .3mm 2mm; }
@media print { body { padding: 0 13mm; } main { padding: 8mm 0 6mm 0;
  box-decoration-break: clone; -webkit-box-decoration-break: clone; } }
.appendix h2.part { font-size: 15pt; border: none; margin-top: 0; }
.story2 + .appendix h2.part { margin-top: 7mm; }
.appendix figure { max-width: 174mm; }
footer { color: #888; font-size: 8pt; margin-top: 6mm; }
@media screen { body { background: #fafafa; } main { background: #fff; padding: 12mm;
  margin: 6mm auto; box-shadow: 0 0 4px #ccc; } .page1 { border-bottom: 1px dashed #bbb;
  padding-bottom: 8mm; margin-bottom: 8mm; } }
";

impl Render for Html {
    fn file(&self, data: Data) -> Option<&'static str> {
        Some(data.name("report.html", "track.html"))
    }

    fn screen(&self) -> Option<Screen> {
        None
    }

    /// A4: page 1 the title block, the headline with its evidence, the KPI chart and the
    /// waterfall, the day in the life; then the appendix with the tables, the ledger and
    /// the data notes (the only place they appear).
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
            "<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>",
            escape(&doc.title)
        )?;
        // Page 1: the title block, the recommendation, then a case's brief and its two
        // charts at full width, or a tracking's sections and charts.
        writeln!(out, "<section class=\"page1\">")?;
        title_block(doc, out)?;
        match &doc.brief {
            Some(brief) => {
                write_brief(doc, brief, out)?;
                // A projection's pilot plan is its decision: it stays on page 1.
                for s in doc.sections.iter().filter(|s| s.id == SectionId::PilotPlan) {
                    section(cx, doc, s, out)?;
                }
                for f in &doc.lead_figures {
                    figure_class(cx, f, "wide", out)?;
                }
            }
            None => {
                for s in doc
                    .sections
                    .iter()
                    .filter(|s| page_one(s.id) == Some(Place::BeforeCharts))
                {
                    section(cx, doc, s, out)?;
                }
                if !doc.lead_figures.is_empty() {
                    writeln!(out, "<div class=\"charts\">")?;
                    for f in &doc.lead_figures {
                        figure(cx, f, out)?;
                    }
                    writeln!(out, "</div>")?;
                }
            }
        }
        writeln!(out, "</section>")?;
        // Page 2 opens with the day in the life, then the appendix.
        for s in doc
            .sections
            .iter()
            .filter(|s| page_one(s.id) == Some(Place::AfterCharts))
        {
            writeln!(out, "<section class=\"story2\">")?;
            section(cx, doc, s, out)?;
            writeln!(out, "</section>")?;
        }
        // The appendix: everything else, the charts page 1 does not show; under a brief,
        // the headline's full table and every lever's evidence too.
        writeln!(out, "<section class=\"appendix\">")?;
        writeln!(out, "<h2 class=\"part\">{}</h2>", escape(&doc.appendix))?;
        let leads = |f: &&Figure| doc.lead_figures.iter().any(|l| l.file == f.file);
        let shown = |id: SectionId| match &doc.brief {
            Some(_) => matches!(id, SectionId::PilotPlan | SectionId::Narrative),
            None => page_one(id).is_some(),
        };
        // The author's checks go to checklist.md, not to the client's page.
        for s in doc
            .sections
            .iter()
            .filter(|s| !shown(s.id) && s.id != SectionId::Warnings)
        {
            if s.id == SectionId::Headline {
                writeln!(
                    out,
                    "<h2>{}</h2>",
                    escape(doc.lang.cat().p.headline_heading)
                )?;
                for b in &s.blocks {
                    block(cx, doc, b, out)?;
                }
                continue;
            }
            if s.id == SectionId::Charts {
                let rest: Vec<&Figure> = s
                    .blocks
                    .iter()
                    .flat_map(|b| match b {
                        Block::Figures(f) => f.iter().collect(),
                        _ => Vec::new(),
                    })
                    .filter(|f| !leads(f))
                    .collect();
                if !rest.is_empty() {
                    writeln!(out, "<h2>{}</h2>", escape(&s.heading))?;
                    for f in rest {
                        figure(cx, f, out)?;
                    }
                }
                continue;
            }
            writeln!(out, "<h2>{}</h2>", escape(&s.heading))?;
            for b in &s.blocks {
                block(cx, doc, b, out)?;
            }
        }
        writeln!(out, "</section>")?;
        writeln!(
            out,
            "<footer>roi {}</footer>\n</main>\n</body>\n</html>",
            escape(cx.data.roi_version())
        )
    }
}

/// Where a section stands on page 1: around the lead charts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    BeforeCharts,
    AfterCharts,
}

/// The sections of page 1 (the headline with its evidence, a projection's pilot plan, a
/// tracking's verdict, the day in the life); the others go to the appendix.
fn page_one(id: SectionId) -> Option<Place> {
    match id {
        SectionId::Headline
        | SectionId::Evidence
        | SectionId::PilotPlan
        | SectionId::TrackVerdict => Some(Place::BeforeCharts),
        SectionId::Narrative => Some(Place::AfterCharts),
        _ => None,
    }
}

/// A section with its heading.
fn section(cx: &Context, doc: &Document, s: &Section, out: &mut dyn Write) -> io::Result<()> {
    if !s.heading.is_empty() {
        writeln!(out, "<h2>{}</h2>", escape(&s.heading))?;
    }
    for b in &s.blocks {
        block(cx, doc, b, out)?;
    }
    Ok(())
}

/// The title block: the title and its lines on the left, the logo on the right, and the
/// recommendation under them.
fn title_block(doc: &Document, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "<header class=\"tb\"><div>")?;
    writeln!(out, "<h1>{}</h1>", escape(&doc.title))?;
    if !doc.meta.is_empty() {
        let spans: Vec<String> = doc
            .meta
            .iter()
            .map(|(l, v)| format!("<span>{}: {}</span>", escape(l), escape(v)))
            .collect();
        writeln!(out, "<p class=\"meta\">{}</p>", spans.join(" "))?;
    }
    writeln!(out, "</div>")?;
    if let Some(logo) = &doc.logo {
        writeln!(
            out,
            "<img class=\"logo\" alt=\"\" src=\"data:{};base64,{}\">",
            logo.kind.mime(),
            crate::base64::encode(&logo.bytes)
        )?;
    }
    writeln!(out, "</header>")?;
    if let Some(r) = &doc.recommendation {
        writeln!(
            out,
            "<p class=\"rec\"><strong>{}:</strong> {}</p>",
            escape(doc.lang.cat().p.rec_lead),
            nobr(&escape(r))
        )?;
    }
    Ok(())
}

/// The brief: the tiles, the design of the evidence, what must be believed.
fn write_brief(doc: &Document, brief: &Brief, out: &mut dyn Write) -> io::Result<()> {
    let p = &doc.lang.cat().p;
    // The chance's line sits close under the tiles: page 1 has no room to spare.
    let close = if brief.chance.is_some() { " close" } else { "" };
    writeln!(out, "<div class=\"tiles{close}\">")?;
    for t in &brief.tiles {
        let tone = match t.tone {
            Tone::Proven => "proven",
            Tone::Upside => "upside",
            Tone::Loss => "loss",
            Tone::Plain => "plain",
        };
        writeln!(
            out,
            "<div class=\"tile {tone}\"><div class=\"l\">{}</div><div class=\"v{}\">{}</div>\
             <div class=\"c\">{}</div></div>",
            escape(&t.label),
            if t.is_amount() { "" } else { " phrase" },
            nobr(&escape(&t.value)),
            nobr(&escape(&t.caption))
        )?;
    }
    writeln!(out, "</div>")?;
    if let Some(chance) = &brief.chance {
        writeln!(out, "<p class=\"chance\">{}</p>", nobr(&escape(chance)))?;
    }
    // The design of the evidence leads what must be believed: it says what the figures
    // can and cannot show.
    writeln!(out, "<div class=\"believe\">")?;
    writeln!(out, "<h2>{}</h2>", escape(p.evidence_heading))?;
    let mut lines = vec![Para {
        lead: Some(p.design_lead.to_string()),
        text: brief.design.clone(),
    }];
    lines.extend(brief.believe.iter().cloned());
    block_list(&lines, out)?;
    writeln!(out, "</div>")?;
    Ok(())
}

fn text(doc: &Document, c: &Cell) -> String {
    nobr(&escape(&c.text(doc.lang, &doc.currency)))
}

/// Keeps dates (`2026-09-30`) and amounts with their currency (`1,234 EUR`) on one line.
fn nobr(escaped: &str) -> String {
    let words: Vec<&str> = escaped.split(' ').collect();
    let mut out = String::with_capacity(escaped.len() + 16);
    for (i, w) in words.iter().enumerate() {
        if i > 0 {
            // A currency code after a number stays with it.
            let glue = w.len() == 3
                && w.chars().all(|c| c.is_ascii_uppercase())
                && words[i - 1]
                    .chars()
                    .last()
                    .is_some_and(|c| c.is_ascii_digit());
            out.push_str(if glue { "&nbsp;" } else { " " });
        }
        let dated = w.len() >= 8
            && w.chars().filter(|c| *c == '-').count() >= 2
            && w.chars().next().is_some_and(|c| c.is_ascii_digit());
        if dated {
            out.push_str("<span class=\"nobr\">");
            out.push_str(w);
            out.push_str("</span>");
        } else {
            out.push_str(w);
        }
    }
    out
}

fn figure(cx: &Context, f: &Figure, out: &mut dyn Write) -> io::Result<()> {
    figure_class(cx, f, "", out)
}

fn figure_class(cx: &Context, f: &Figure, class: &str, out: &mut dyn Write) -> io::Result<()> {
    let Some((_, bytes)) = cx.charts.iter().find(|(name, _)| *name == f.file) else {
        return Ok(());
    };
    let class = if class.is_empty() {
        String::new()
    } else {
        format!(" class=\"{class}\"")
    };
    writeln!(
        out,
        "<figure{class}><img alt=\"{}\" src=\"data:image/png;base64,{}\"></figure>",
        escape(&f.alt),
        crate::base64::encode(bytes)
    )
}

fn block(cx: &Context, doc: &Document, b: &Block, out: &mut dyn Write) -> io::Result<()> {
    match b {
        Block::Pairs(pairs) => {
            writeln!(out, "<table class=\"headline\">")?;
            for p in pairs {
                let note = p.note.as_ref().map_or(String::new(), |n| {
                    format!(" <span class=\"note\">({})</span>", nobr(&escape(n)))
                });
                writeln!(
                    out,
                    "<tr><td>{}</td><td><span class=\"v\">{}</span>{note}</td></tr>",
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
                        nobr(&escape(&p.text))
                    )?,
                    None => writeln!(out, "<p>{}</p>", nobr(&escape(&p.text)))?,
                }
            }
            writeln!(out, "</div>")?;
        }
        Block::List(items) => block_list(items, out)?,
        Block::Note(n) => writeln!(out, "<p class=\"note\">{}</p>", nobr(&escape(n)))?,
        Block::Figures(figures) => {
            for f in figures {
                figure(cx, f, out)?;
            }
        }
        Block::Statements(lines) => {
            writeln!(out, "<ul>")?;
            for l in lines {
                writeln!(out, "<li>{}</li>", nobr(&escape(l)))?;
            }
            writeln!(out, "</ul>")?;
        }
        Block::Warnings(lines) => {
            let prefix = escape(doc.lang.cat().p.prefix_warning);
            for l in lines {
                writeln!(
                    out,
                    "<p class=\"note\"><strong>{prefix}:</strong> {}</p>",
                    nobr(&escape(l))
                )?;
            }
        }
    }
    Ok(())
}

/// A bulleted list, each item with its bold lead.
fn block_list(items: &[Para], out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "<ul>")?;
    for p in items {
        match &p.lead {
            Some(l) => writeln!(
                out,
                "<li><strong>{}:</strong> {}</li>",
                escape(l),
                nobr(&escape(&p.text))
            )?,
            None => writeln!(out, "<li>{}</li>", nobr(&escape(&p.text)))?,
        }
    }
    writeln!(out, "</ul>")
}

fn table(doc: &Document, t: &Table, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "<table>\n<thead>")?;
    let heads: Vec<String> = t
        .columns
        .iter()
        .map(|c| {
            let class = if c.numeric { " class=\"n\"" } else { "" };
            format!("<th{class}>{}</th>", escape(&c.heading))
        })
        .collect();
    writeln!(out, "<tr>{}</tr>\n</thead>\n<tbody>", heads.concat())?;
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
    writeln!(out, "</tbody>\n</table>")
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup() {
        assert_eq!(
            escape("<a href=\"x\">R&D's</a>\u{1b}[2J"),
            "&lt;a href=&quot;x&quot;&gt;R&amp;D&#39;s&lt;/a&gt;[2J"
        );
    }
}
