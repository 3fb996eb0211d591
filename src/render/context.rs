//! What every renderer shares: the [`Render`] trait, and the [`Context`] it renders: a
//! document in one language, the data behind it, the charts drawn for it.

use crate::document::Document;
use crate::report::Report;
use crate::report::track::Track;
use std::io::{self, Write};

/// What `--format` prints on screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Text,
    Markdown,
    Json,
}

/// The data behind a document: the case `roi compute` made, or the tracking of `roi track`.
#[derive(Debug, Clone, Copy)]
pub enum Data<'a> {
    Case(&'a Report),
    Tracking(&'a Track),
}

impl Data<'_> {
    /// The roi version that computed it.
    pub fn roi_version(&self) -> &'static str {
        match self {
            Data::Case(r) => r.roi_version,
            Data::Tracking(t) => t.roi_version,
        }
    }

    /// A file's name: `case` for a case, `tracking` for a tracking.
    pub fn name(&self, case: &'static str, tracking: &'static str) -> &'static str {
        match self {
            Data::Case(_) => case,
            Data::Tracking(_) => tracking,
        }
    }
}

/// What a renderer gets: the data, its document in the chosen language, and the charts
/// drawn for it (file name, bytes).
pub struct Context<'a> {
    pub data: Data<'a>,
    pub doc: &'a Document,
    pub charts: &'a [(String, Vec<u8>)],
    /// The width of the screen summary in columns: the terminal's, or 100 off a terminal.
    pub width: usize,
}

/// The width the screen summary wraps to when it does not go to a terminal.
pub const PIPE_WIDTH: usize = 100;

/// One output format.
pub trait Render: Sync {
    /// The file it writes into the report folder for this data, if any.
    fn file(&self, data: Data) -> Option<&'static str>;
    /// The `--format` that prints it on screen, if any.
    fn screen(&self) -> Option<Screen>;
    fn render(&self, cx: &Context, out: &mut dyn Write) -> io::Result<()>;
}

/// Renders into bytes.
pub fn to_bytes(r: &dyn Render, cx: &Context) -> io::Result<Vec<u8>> {
    let mut out = Vec::new();
    r.render(cx, &mut out)?;
    Ok(out)
}
