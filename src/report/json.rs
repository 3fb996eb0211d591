//! `--format json` and `summary.json`: the Report serialized as is.

use super::Report;
use std::io::{self, Write};

/// Writes the report as pretty-printed JSON with a trailing newline.
pub fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, report).map_err(io::Error::other)?;
    writeln!(out)
}
