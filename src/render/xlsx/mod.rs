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
mod summary;
mod tracking;
mod write;

use super::context::{Context, Data, Render, Screen};
use std::io::{self, Write};

pub use build::build;

/// A workbook's bytes.
pub fn to_bytes(book: &model::Book) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    write::to_bytes(book)
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
        let book = match cx.data {
            Data::Case(report) => build(report, cx.doc, cx.charts),
            Data::Tracking(t) => tracking::build(t, cx.doc),
        };
        let bytes = write::to_bytes(&book).map_err(io::Error::other)?;
        out.write_all(&bytes)
    }
}
