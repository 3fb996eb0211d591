//! The workbook a CFO audits: the assumptions as named cells, the measured figures the levers
//! use, each lever as a live formula over them (docs/method.md#the-levers), the cash flows with NPV, ROI,
//! payback and IRR as formulas, and a summary whose headline points at all of it. Every
//! formula carries roi's own figure as its cached result. Scenarios and sensitivity are
//! values, labelled as computed by roi.

use super::model::{Book, Content, Sheet, Style};
use super::names::{ASSUMPTIONS, CASH, LEVERS, MEASUREMENTS, SUMMARY};
use super::{assumptions, blocks, cash, levers, likely, measurements, names, pilot, summary};
use crate::document::{Document, SectionId};
use crate::report::Report;

/// The rows a chart takes on the charts sheet: 900 pixels at half scale are 22.5 rows of 20,
/// and a little space under each.
const CHART_ROWS: u32 = 24;

/// Builds the workbook of a report in the document's language, with its charts.
pub fn build(report: &Report, doc: &Document, charts: &[(String, Vec<u8>)]) -> Book {
    let mut book = build_case(report, doc);
    book.sheets.extend(charts_sheet(doc.lang, charts));
    book
}

/// The charts sheet: each chart, PNG, on a page of its own; none without charts.
pub fn charts_sheet(lang: crate::i18n::Lang, charts: &[(String, Vec<u8>)]) -> Option<Sheet> {
    let p = &lang.cat().p;
    let pictures: Vec<&(String, Vec<u8>)> =
        charts.iter().filter(|(n, _)| n.ends_with(".png")).collect();
    if pictures.is_empty() {
        return None;
    }
    let mut s = Sheet::new(p.sheet_charts, &[12.0]);
    s.text(0, 0, p.sheet_charts, Style::Title);
    // Printed, each chart starts a page of its own: one cut by a page break is two halves
    // on two sheets of paper.
    for (i, (_, bytes)) in pictures.iter().enumerate() {
        let row = 2 + CHART_ROWS * i as u32;
        s.put(row, 0, Content::Image(bytes.clone()), Style::Plain);
        if i > 0 {
            s.page_breaks.push(row);
        }
    }
    Some(s)
}

/// Builds the workbook of a report in the document's language, all but its charts.
pub fn build_case(report: &Report, doc: &Document) -> Book {
    let lang = doc.lang;
    let cat = lang.cat();
    let p = &cat.p;
    let mut names = names::Names::default();
    // The month's columns, then one per stated line.
    let mut cash_widths = vec![
        30.0, 18.0, 16.0, 16.0, 16.0, 16.0, 16.0, 16.0, 22.0, 14.0, 14.0,
    ];
    cash_widths.extend([18.0; 8]);
    cash_widths.extend(report.stated.iter().map(|_| 20.0));
    let mut sheets = vec![
        Sheet::new(p.sheet_summary, &[38.0, 22.0, 70.0, 18.0]),
        Sheet::new(p.sheet_assumptions, &[42.0, 16.0, 14.0, 12.0, 28.0, 70.0]),
        Sheet::new(p.sheet_measurements, &[44.0, 18.0, 18.0, 18.0, 30.0, 28.0]),
        Sheet::new(p.sheet_levers, &[30.0, 90.0, 16.0, 16.0, 22.0, 16.0, 14.0]),
        Sheet::new(p.sheet_cash_flows, &cash_widths),
        Sheet::new(p.sheet_scenarios, &[46.0, 28.0, 18.0, 18.0, 30.0]),
    ];
    assumptions::assumptions(report, doc, &mut sheets[ASSUMPTIONS], &mut names);
    // A projection's targets are named before the measurements that are formulas over them.
    let mut pilot_sheet = report.projected.then(|| {
        let mut s = Sheet::new(
            p.sheet_pilot,
            &[30.0, 14.0, 14.0, 16.0, 16.0, 14.0, 18.0, 18.0, 14.0, 14.0],
        );
        let row = pilot::targets(report, lang, &mut s, &mut names);
        (s, row)
    });
    measurements::measurements(report, doc, &mut sheets[MEASUREMENTS], &mut names);
    // With --by, each lever's parts by segment, which the Levers sheet sums.
    let parts_sheet = measurements::lever_parts(report, lang, &mut names);
    levers::levers(report, doc, &mut sheets[LEVERS], &mut names);
    if let Some((s, row)) = pilot_sheet.as_mut() {
        pilot::plan(report, doc, s, &mut names, *row);
    }
    cash::cash_flows(report, cat, &mut sheets[CASH], &mut names);
    summary::summary(report, doc, &mut sheets[SUMMARY]);
    let s = &mut sheets[5];
    s.text(0, 0, p.sheet_scenarios, Style::Title);
    let mut row = cash::scenarios_table(report, cat, s, 2) + 2;
    s.prose(row, 0, 4, p.xl_values_by_roi, Style::NoteWrap);
    row += 2;
    for section in doc
        .sections
        .iter()
        .filter(|s| matches!(s.id, SectionId::Sensitivity))
    {
        s.text(row, 0, &section.heading, Style::Heading);
        row = blocks::blocks(doc, s, row + 1, &section.blocks, 4) + 1;
    }
    if let Some((s, _)) = pilot_sheet {
        debug_assert_eq!(sheets.len(), super::names::PILOT);
        sheets.push(s);
    }
    // The chance the case holds, live, after the scenarios (and a projection's pilot plan).
    if let Some(s) = likely::sheet(report, lang, &mut names, sheets.len()) {
        sheets.push(s);
    }
    let mut findings = Sheet::new(p.sheet_findings, &[38.0, 22.0, 70.0]);
    summary::findings(doc, &mut findings);
    sheets.push(findings);
    // With --by: the case by segment on a sheet of its own.
    if let Some(section) = doc.sections.iter().find(|s| s.id == SectionId::Segments) {
        let mut s = Sheet::new(
            p.sheet_segments,
            &[30.0, 14.0, 14.0, 18.0, 18.0, 20.0, 12.0, 20.0, 10.0],
        );
        s.text(0, 0, &section.heading, Style::Title);
        s.prose(1, 0, 8, p.xl_values_by_roi, Style::NoteWrap);
        blocks::blocks(doc, &mut s, 3, &section.blocks, 8);
        sheets.push(s);
    }
    sheets.extend(parts_sheet);
    Book {
        sheets,
        names: names.list,
        currency: report.currency.clone(),
    }
}
