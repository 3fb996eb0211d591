//! `--format json` and `summary.json`: the Report serialized as is.

use super::{Context, Render, Screen};
use std::io::{self, Write};

pub struct Json;

impl Render for Json {
    fn file(&self) -> Option<&'static str> {
        Some("summary.json")
    }

    fn screen(&self) -> Option<Screen> {
        Some(Screen::Json)
    }

    /// Pretty-printed JSON with a trailing newline.
    fn render(&self, cx: &Context, out: &mut dyn Write) -> io::Result<()> {
        serde_json::to_writer_pretty(&mut *out, cx.report).map_err(io::Error::other)?;
        writeln!(out)
    }
}
