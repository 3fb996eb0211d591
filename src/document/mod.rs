//! The document: the Report laid out once, in one language, as sections of typed cells,
//! paragraphs, lists and figures ([`model`]), one file per section. Every renderer (screen,
//! Markdown, HTML, workbook) shows these same sections; cells keep their numbers so a
//! spreadsheet gets numbers. `roi track`'s document is [`track`].

mod assumptions;
pub mod brief;
mod evidence;
mod headline;
mod inputs;
mod levers;
mod metrics;
pub mod model;
mod narrative;
mod pilot;
mod scenarios;
mod segments;
mod sensitivity;
mod stated;
pub mod track;
mod views;
pub(crate) mod warnings;
pub mod words;

pub use headline::{chance_counts, chance_text, ranged_names};
pub use model::{
    Block, Cell, ChartRef, Column, Document, Figure, Pair, Para, Row, Section, SectionId, Table,
};
pub use stated::stated_short;
pub use words::{
    assumption_name, assumption_value, formula, lever_name, metric_name, payback,
    source as source_word,
};

use crate::i18n::Lang;
use crate::report::Report;

/// The charts of a case that stand beside its headline on page 1.
const LEAD_CHARTS: [&str; 2] = ["kpi_comparison.png", "savings_waterfall.png"];

/// Lays the report out in one language. `charts` are the charts drawn for it.
pub fn build(report: &Report, lang: Lang, charts: &[ChartRef]) -> Document {
    let cat = lang.cat();
    let mut sections = vec![Section {
        id: SectionId::Headline,
        heading: String::new(),
        blocks: vec![Block::Pairs(headline::headline(report, lang))],
    }];
    let mut push = |id, heading: &str, blocks: Vec<Block>| {
        if !blocks.is_empty() {
            sections.push(Section {
                id,
                heading: heading.to_string(),
                blocks,
            });
        }
    };
    let p = &cat.p;
    push(
        SectionId::Evidence,
        p.evidence_heading,
        evidence::evidence(report, lang),
    );
    push(
        SectionId::PilotPlan,
        p.pilot_plan_heading,
        pilot::pilot(report, lang),
    );
    push(
        SectionId::Narrative,
        p.day_in_life_heading,
        narrative::narrative(report, lang),
    );
    push(
        SectionId::Views,
        p.views_heading,
        views::views(report, lang),
    );
    push(
        SectionId::Metrics,
        p.metrics_heading,
        metrics::metrics(report, lang),
    );
    push(
        SectionId::Levers,
        p.levers_heading,
        levers::levers(report, lang),
    );
    push(
        SectionId::Stated,
        p.stated_heading,
        stated::stated(report, lang),
    );
    if let Some(b) = &report.breakdown {
        push(
            SectionId::Segments,
            &crate::i18n::fill(p.segments_heading, &[("by", &b.by)]),
            segments::segments(report, lang),
        );
    }
    // A projection has no sampling range: its scenarios would all be the headline.
    if !report.projected {
        push(
            SectionId::Scenarios,
            p.scenarios_heading,
            scenarios::scenarios(report, lang),
        );
    }
    push(
        SectionId::Sensitivity,
        p.sensitivity_heading,
        sensitivity::sensitivity(report, lang),
    );
    if !charts.is_empty() {
        push(
            SectionId::Charts,
            p.charts_heading,
            vec![Block::Figures(
                charts
                    .iter()
                    .map(|c| Figure {
                        file: c.file.clone(),
                        alt: c.title.clone(),
                    })
                    .collect(),
            )],
        );
    }
    push(
        SectionId::Inputs,
        p.inputs_heading,
        inputs::inputs(report, lang),
    );
    push(
        SectionId::Assumptions,
        p.assumptions_heading,
        assumptions::assumptions(report, lang),
    );
    push(
        SectionId::Warnings,
        p.warnings_heading,
        warnings::warnings(report, lang),
    );
    let tb = &report.title_block;
    let meta = meta(tb, lang);
    Document {
        lang,
        currency: report.currency.clone(),
        title: tb
            .title
            .as_ref()
            .and_then(|t| t.get(lang.code()))
            .unwrap_or(if report.projected {
                p.title_projected
            } else {
                p.title
            })
            .to_string(),
        meta,
        sections,
        appendix: p.appendix_heading.to_string(),
        recommendation: tb
            .recommendation
            .as_ref()
            .and_then(|r| r.get(lang.code()))
            .map(str::to_string),
        logo: tb.logo.clone(),
        brief: Some(brief::brief(report, lang)),
        lead_figures: charts
            .iter()
            .filter(|c| LEAD_CHARTS.contains(&c.file.as_str()))
            .map(|c| Figure {
                file: c.file.clone(),
                alt: c.title.clone(),
            })
            .collect(),
    }
}

/// The title block's lines under the title: client, author, date (a date written as ISO
/// reads as a date of the language, `30 listopada 2026 r.`).
pub fn meta(tb: &crate::rules::TitleBlock, lang: Lang) -> Vec<(String, String)> {
    let p = &lang.cat().p;
    let date = tb
        .date
        .as_ref()
        .map(|d| lang.date_long(d).unwrap_or_else(|| d.clone()));
    [
        (p.meta_client, &tb.client),
        (p.meta_prepared_by, &tb.prepared_by),
        (p.meta_date, &date),
    ]
    .into_iter()
    .filter_map(|(label, v)| Some((label.to_string(), v.clone()?)))
    .collect()
}

/// The warnings in words, for stderr.
pub fn warning_lines(report: &Report, lang: Lang) -> Vec<String> {
    report
        .warnings
        .iter()
        .map(|w| warnings::warning(Some(report), lang, w))
        .collect()
}

/// One warning in words, with or without a report.
pub fn warning_text(report: Option<&Report>, lang: Lang, w: &crate::warning::Warning) -> String {
    warnings::warning(report, lang, w)
}
