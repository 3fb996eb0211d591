//! `deck.pptx`: the proposal deck a seller presents, 16:9, written as Office Open XML in a zip
//! (no presentation crate is both small and maintained; the format's few parts are written
//! here). Text is real text in text boxes, so every line can be edited; charts are the
//! report's PNGs at full slide width. A case gets the title, the tiles, the waterfall, what
//! must be believed, the day in the life, the COO's views, the cash flow and the assumptions;
//! a tracking gets its title, its sections and its charts.

mod package;

use super::context::{Context, Data, Render, Screen};
use crate::document::brief::Tone;
use crate::document::{Block, Document, Para, SectionId};
use package::{Shape, Slide};
use std::io::{self, Write};

pub struct Deck;

impl Render for Deck {
    fn file(&self, data: Data) -> Option<&'static str> {
        Some(data.name("deck.pptx", "track.pptx"))
    }

    fn screen(&self) -> Option<Screen> {
        None
    }

    fn render(&self, cx: &Context, out: &mut dyn Write) -> io::Result<()> {
        let slides = slides(cx);
        let bytes = package::write(cx.doc, &slides, cx.charts)?;
        out.write_all(&bytes)
    }
}

/// Slide width and height in EMU (13.333 in × 7.5 in).
pub const W: i64 = 12_192_000;
pub const H: i64 = 6_858_000;
const MARGIN: i64 = 457_200;

fn slides(cx: &Context) -> Vec<Slide> {
    let doc = cx.doc;
    let p = &doc.lang.cat().p;
    let mut slides = vec![title_slide(doc)];
    let has = |file: &str| cx.charts.iter().any(|(n, _)| n == file);
    let section = |id: SectionId| doc.sections.iter().find(|s| s.id == id);
    match &doc.brief {
        Some(brief) => {
            slides.push(tiles_slide(doc, brief));
            if has("savings_waterfall.png") {
                slides.push(image_slide("savings_waterfall.png"));
            }
            let mut lines = vec![Para {
                lead: Some(p.design_lead.to_string()),
                text: brief.design.clone(),
            }];
            lines.extend(brief.believe.iter().cloned());
            slides.extend(text_slides(p.evidence_heading, &lines));
            if let Some(s) = section(SectionId::PilotPlan) {
                slides.extend(text_slides(&s.heading, &paras(doc, &s.blocks)));
            }
            for id in [SectionId::Narrative, SectionId::Views] {
                if let Some(s) = section(id) {
                    slides.extend(text_slides(&s.heading, &paras(doc, &s.blocks)));
                }
            }
            if has("kpi_comparison.png") {
                slides.push(image_slide("kpi_comparison.png"));
            }
            for chart in ["cash_flow.png", "npv_distribution.png"] {
                if has(chart) {
                    slides.push(image_slide(chart));
                }
            }
            if has("savings_by_segment.png") {
                slides.push(image_slide("savings_by_segment.png"));
            }
            if let Some(s) = section(SectionId::Assumptions) {
                slides.extend(text_slides(&s.heading, &paras(doc, &s.blocks)));
            }
        }
        None => {
            for s in doc.sections.iter().filter(|s| s.id != SectionId::Warnings) {
                let heading = if s.heading.is_empty() {
                    doc.title.as_str()
                } else {
                    s.heading.as_str()
                };
                slides.extend(text_slides(heading, &paras(doc, &s.blocks)));
            }
            for f in &doc.lead_figures {
                if has(&f.file) {
                    slides.push(image_slide(&f.file));
                }
            }
        }
    }
    slides
}

/// The title slide: the title, its lines, the recommendation, the logo top right.
fn title_slide(doc: &Document) -> Slide {
    let mut shapes = vec![Shape::text(
        (MARGIN, 1_900_000, W - 2 * MARGIN, 1_300_000),
        vec![vec![(doc.title.clone(), 4000, true, "1F1F1F")]],
    )];
    if !doc.meta.is_empty() {
        let line = doc
            .meta
            .iter()
            .map(|(l, v)| format!("{l}: {v}"))
            .collect::<Vec<_>>()
            .join(" · ");
        shapes.push(Shape::text(
            (MARGIN, 3_250_000, W - 2 * MARGIN, 600_000),
            vec![vec![(line, 1800, false, "555555")]],
        ));
    }
    if let Some(r) = &doc.recommendation {
        shapes.push(Shape::boxed(
            (MARGIN, 4_200_000, W - 2 * MARGIN, 1_200_000),
            "EAF3FA",
            vec![vec![
                (
                    format!("{}: ", doc.lang.cat().p.rec_lead),
                    2000,
                    true,
                    "0B4F7C",
                ),
                (r.clone(), 2000, false, "1F1F1F"),
            ]],
        ));
    }
    if doc.logo.is_some() {
        shapes.push(Shape::Logo {
            at: (W - MARGIN - 2_743_200, MARGIN, 2_743_200, 800_000),
        });
    }
    Slide { shapes }
}

/// The headline in tiles, with the design of the evidence under them.
fn tiles_slide(doc: &Document, brief: &crate::document::brief::Brief) -> Slide {
    let mut shapes = vec![heading(doc.lang.cat().p.headline_heading)];
    let n = brief.tiles.len().max(1) as i64;
    let gap = 228_600;
    let w = (W - 2 * MARGIN - (n - 1) * gap) / n;
    for (i, t) in brief.tiles.iter().enumerate() {
        let colour = match t.tone {
            Tone::Proven => "0072B2",
            Tone::Upside => "8DBFDD",
            Tone::Loss => "D55E00",
            Tone::Plain => "9E9E9E",
        };
        let x = MARGIN + i as i64 * (w + gap);
        shapes.push(Shape::bar((x, 1_500_000, w, 91_440), colour));
        // As high as its text at most needs (a label of two lines, the amount, a caption of
        // three), not a box half empty.
        shapes.push(Shape::boxed(
            (x, 1_600_000, w, 2_050_000),
            "F7F7F7",
            vec![
                vec![(t.label.clone(), 1400, true, "555555")],
                // An amount keeps its currency on its line; a phrase wraps at its spaces.
                vec![(
                    if t.is_amount() {
                        t.value.replace(' ', "\u{a0}")
                    } else {
                        t.value.clone()
                    },
                    if t.value.chars().count() > 11 {
                        2000
                    } else {
                        2600
                    },
                    true,
                    "1F1F1F",
                )],
                vec![(t.caption.clone(), 1200, false, "666666")],
            ],
        ));
    }
    // How likely it pays back, in a line under the tiles; the design of the evidence below.
    let mut design_top = 3_900_000;
    if let Some(chance) = &brief.chance {
        // The chance in bold, what it rests on (the closing parenthesis) in a smaller line
        // under it: one line of both wrapped at an arbitrary word.
        let (lead, basis) = match chance.find(" (") {
            Some(i) if chance.ends_with(')') => (&chance[..i], Some(&chance[i + 1..])),
            _ => (chance.as_str(), None),
        };
        let mut lines = vec![vec![(lead.to_string(), 1600, true, "1F1F1F")]];
        lines.extend(basis.map(|b| vec![(b.to_string(), 1200, false, "555555")]));
        shapes.push(Shape::text(
            (MARGIN, 3_850_000, W - 2 * MARGIN, 700_000),
            lines,
        ));
        design_top = 4_600_000;
    }
    shapes.push(Shape::text(
        (MARGIN, design_top, W - 2 * MARGIN, H - design_top - 200_000),
        vec![vec![
            (
                format!("{}: ", doc.lang.cat().p.design_lead),
                1400,
                true,
                "333333",
            ),
            (brief.design.clone(), 1400, false, "333333"),
        ]],
    ));
    Slide { shapes }
}

fn heading(text: &str) -> Shape {
    Shape::text(
        (MARGIN, 300_000, W - 2 * MARGIN, 900_000),
        vec![vec![(text.to_string(), 2800, true, "1F1F1F")]],
    )
}

fn image_slide(file: &str) -> Slide {
    Slide {
        shapes: vec![Shape::Chart {
            file: file.to_string(),
        }],
    }
}

/// A heading and its lines as bullets, split over as many slides as the text needs.
fn text_slides(title: &str, lines: &[Para]) -> Vec<Slide> {
    const BUDGET: usize = 1100;
    let mut chunks: Vec<Vec<&Para>> = vec![Vec::new()];
    let mut used = 0;
    for l in lines {
        let len = l.text.chars().count() + l.lead.as_ref().map_or(0, |s| s.chars().count());
        if used + len > BUDGET && chunks.last().is_some_and(|c| !c.is_empty()) {
            chunks.push(Vec::new());
            used = 0;
        }
        used += len;
        if let Some(c) = chunks.last_mut() {
            c.push(l);
        }
    }
    chunks
        .into_iter()
        .filter(|c| !c.is_empty())
        .map(|c| {
            let chars: usize = c.iter().map(|l| l.text.chars().count()).sum();
            let size = if chars > 800 {
                1600
            } else if chars > 400 {
                1800
            } else {
                2000
            };
            let paras = c
                .iter()
                .map(|l| {
                    let mut runs = Vec::new();
                    if let Some(lead) = &l.lead {
                        runs.push((format!("{lead}: "), size, true, "1F1F1F"));
                    }
                    runs.push((l.text.clone(), size, false, "1F1F1F"));
                    runs
                })
                .collect();
            Slide {
                shapes: vec![
                    heading(title),
                    Shape::bullets((MARGIN, 1_300_000, W - 2 * MARGIN, H - 1_700_000), paras),
                ],
            }
        })
        .collect()
}

/// A section's blocks as lines: paragraphs and lists as they are, a table's rows joined.
fn paras(doc: &Document, blocks: &[Block]) -> Vec<Para> {
    let mut out = Vec::new();
    for b in blocks {
        match b {
            Block::Paragraphs(ps) | Block::List(ps) => out.extend(ps.iter().cloned()),
            Block::Statements(ls) => out.extend(ls.iter().map(|l| Para {
                lead: None,
                text: l.clone(),
            })),
            Block::Note(n) => out.push(Para {
                lead: None,
                text: n.clone(),
            }),
            Block::Pairs(pairs) => out.extend(pairs.iter().map(|p| Para {
                lead: Some(p.label.clone()),
                text: p.value.text(doc.lang, &doc.currency),
            })),
            // A row as its first cell, then each other cell after its column's heading.
            Block::Table(t) => out.extend(t.rows.iter().map(|r| {
                let text = |c: &crate::document::Cell| c.text(doc.lang, &doc.currency);
                let rest: Vec<String> = r
                    .cells
                    .iter()
                    .zip(&t.columns)
                    .skip(1)
                    .map(|(c, col)| (text(c), col))
                    .filter(|(v, _)| !v.is_empty())
                    .map(|(v, col)| format!("{} {v}", col.heading))
                    .collect();
                Para {
                    lead: r.cells.first().map(text).filter(|s| !s.is_empty()),
                    text: rest.join(" · "),
                }
            })),
            Block::Figures(_) | Block::Warnings(_) => {}
        }
    }
    out
}
