//! The renderers: one per output format, each behind [`Render`], all registered in
//! [`RENDERERS`], which every command iterates. Each shows the sections of the document; the
//! JSON is the data behind it (the Report of a case, or a tracking) as it is, and the
//! workbook adds live formulas over its figures.

mod context;
mod html;
mod json;
mod markdown;
mod pptx;
mod text;
pub mod xlsx;

pub use crate::escape::visible;
pub use context::{Context, Data, PIPE_WIDTH, Render, Screen, to_bytes};
pub use html::escape as escape_html;
pub use markdown::escape as escape_markdown;
pub use text::wrap;

/// Every renderer, in the order their files are written.
pub static RENDERERS: &[&dyn Render] = &[
    &text::Text,
    &json::Json,
    &markdown::Markdown,
    &markdown::Checklist,
    &html::Html,
    &xlsx::Workbook,
    &pptx::Deck,
];
