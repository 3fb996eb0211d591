//! roi: today's and after-the-change exports → the business case a COO believes.
//!
//! The pipeline, in order: read → Observations → summarize → SideSummary ×2 → compare →
//! Comparison → evaluate → BusinessCase → Report (language-free) → document (one language)
//! → renderers and charts. [`run`] dispatches a command line to its stage.

pub mod assumptions;
pub mod base64;
pub mod chart;
pub mod cli;
pub mod cmd;
pub mod compare;
pub mod document;
pub mod economics;
pub mod error;
pub mod escape;
pub mod fnv;
pub mod i18n;
pub mod input;
pub mod message;
pub mod metric;
pub mod money;
pub mod narrative;
pub mod output;
pub mod project;
pub mod registry;
pub mod render;
pub mod report;
pub mod rules;
pub mod stats;
pub mod summarize;
pub mod value;
pub mod views;
pub mod warning;

use cli::{Cli, Command};
use error::RoiError;
use std::io::Write;

/// How a run ended: the process's exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// 0: done.
    Done = 0,
    /// 1: bad input or a failure; nothing was written.
    Failure = 1,
    /// 2: the command line itself was wrong.
    Usage = 2,
}

/// Runs one command line. Output goes to `out`, notices, warnings and errors to `err`.
pub fn run(cli: Cli, out: &mut dyn Write, err: &mut dyn Write) -> Exit {
    let lang = cli.lang();
    match dispatch(cli, out, err) {
        Ok(()) => Exit::Done,
        Err(RoiError::Reported) => Exit::Failure,
        Err(e) => {
            let prefix = lang.cat().p.prefix_error;
            for line in lang.error(&e).lines() {
                let _ = writeln!(err, "{prefix}: {}", render::visible(line));
            }
            Exit::Failure
        }
    }
}

fn dispatch(cli: Cli, out: &mut dyn Write, err: &mut dyn Write) -> Result<(), RoiError> {
    match &cli.command {
        Command::Compute(args) => cmd::compute::run(args, out, err),
        Command::Project(args) => cmd::project::run(args, out, err),
        Command::Check(args) => cmd::check::run(args, out, err),
        Command::Init(args) => cmd::init::run(args, out),
        Command::Recipe(args) => cmd::recipe::run(args, out, err),
        Command::Track(args) => cmd::track::run(args, out),
    }
}
