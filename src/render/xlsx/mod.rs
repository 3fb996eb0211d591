//! `business_case.xlsx`: the business case as a workbook with live formulas over named
//! assumption cells, so a CFO can change an assumption and see every figure follow, exactly
//! as roi would compute it.

mod assumptions;
mod blocks;
mod build;
mod cash;
mod levers;
mod likely;
mod measurements;
pub mod model;
mod names;
mod pilot;
mod splice;
mod summary;
mod tracking;
mod write;

use super::context::{Context, Data, Render, Screen};
use std::io::{self, Write};

pub use build::{build, charts_sheet};

/// A workbook's bytes.
pub fn to_bytes(book: &model::Book) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    write::to_bytes(book)
}

/// The workbook of a case: every sheet made of the report and the document is written
/// first, then the charts sheet `charts` gives (it may wait for the charts to be drawn: the
/// rest of the workbook does not), then the bytes.
pub fn case_bytes(
    report: &crate::report::Report,
    doc: &crate::document::Document,
    charts: impl FnOnce() -> Option<model::Sheet>,
) -> io::Result<Vec<u8>> {
    let book = build::build_case(report, doc);
    let pending = write::start(&book).map_err(io::Error::other)?;
    let more: Vec<model::Sheet> = charts().into_iter().collect();
    pending.finish(&more).map_err(io::Error::other)
}

pub struct Workbook;

impl Render for Workbook {
    fn file(&self, data: Data) -> Option<&'static str> {
        Some(data.name("business_case.xlsx", "track.xlsx"))
    }

    fn screen(&self) -> Option<Screen> {
        None
    }

    fn render(&self, cx: &Context, out: &mut dyn Write) -> io::Result<()> {
        let bytes = match cx.data {
            Data::Case(report) => {
                case_bytes(report, cx.doc, || charts_sheet(cx.doc.lang, cx.charts))?
            }
            Data::Tracking(t) => {
                write::to_bytes(&tracking::build(t, cx.doc)).map_err(io::Error::other)?
            }
        };
        out.write_all(&bytes)
    }
}
