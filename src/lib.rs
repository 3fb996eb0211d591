//! roi: today's and after-the-change exports → the business case a COO believes.
//!
//! The pipeline, in order: read → Observations → summarize → SideSummary ×2 → compare →
//! Comparison → evaluate → BusinessCase → Report (language-free) → document (one language)
//! → renderers and charts. [`run`] dispatches a command line to its stage.

pub mod assumptions;
pub mod chart;
pub mod check;
pub mod cli;
pub mod compare;
pub mod compute;
pub mod document;
pub mod economics;
pub mod error;
pub mod escape;
pub mod i18n;
pub mod init;
pub mod input;
pub mod metric;
pub mod money;
pub mod narrative;
pub mod output;
pub mod recipe;
pub mod render;
pub mod report;
pub mod rules;
pub mod stats;
pub mod summarize;
pub mod track;
pub mod value;
pub mod views;
pub mod warning;

use assumptions::Assumptions;
use cli::{Cli, Command};
use error::RoiError;
use i18n::Lang;
use std::io::{IsTerminal, Write};
use std::path::Path;

/// How a run ended: the process's exit code (PRODUCT.md §5).
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
            for line in e.to_string().lines() {
                let _ = writeln!(err, "{prefix}: {}", render::visible(line));
            }
            Exit::Failure
        }
    }
}

fn dispatch(cli: Cli, out: &mut dyn Write, err: &mut dyn Write) -> Result<(), RoiError> {
    match cli.command {
        Command::Compute(args) => {
            let terminal = std::io::stdout().is_terminal();
            let settings = args.settings(
                std::io::stderr().is_terminal(),
                terminal,
                screen_width(terminal),
            );
            let mut assumptions = load_assumptions(args.config.as_deref(), settings.lang, err)?;
            assumptions.rules.sheet.clone_from(&args.sheet);
            if let Some(by) = &args.by {
                assumptions.rules.by = Some(by.clone());
                assumptions.title_block.by = Some(by.clone());
            }
            compute::run(&settings, &assumptions, out, err)
        }
        Command::Init(args) => init::init(&args.dir, args.force, out),
        Command::Track(args) => {
            let config = match &args.config {
                Some(p) => Some(Assumptions::load(p)?),
                None => None,
            };
            let settings = track::Settings {
                case: args.case.clone(),
                actuals: args.actuals.clone(),
                month: args.month.clone(),
                encoding: args.encoding,
                config,
            };
            let t = track::track(&settings)?;
            let lang: Lang = args.lang.into();
            let json = serde_json::to_string_pretty(&t).unwrap_or_default() + "\n";
            let md = track::markdown(&t, lang);
            let text = track::text(&t, lang);
            let screen = match args.format {
                cli::Format::Text => text,
                cli::Format::Md => md.clone(),
                cli::Format::Json => json.clone(),
            };
            out.write_all(screen.as_bytes())
                .map_err(compute::stdout_err)?;
            let mut files = vec![
                ("track.json".to_string(), json.into_bytes()),
                ("track.md".to_string(), md.into_bytes()),
            ];
            let charts = chart::tracking::render(&t, lang)?;
            files.push((
                "track.html".to_string(),
                track::html(&t, lang, &charts).into_bytes(),
            ));
            files.push(("track.xlsx".to_string(), track::workbook(&t, lang)));
            files.extend(charts);
            output::write_all(&args.out, &files)
        }
        Command::Recipe(args) => {
            let mut assumptions = load_assumptions(args.config.as_deref(), Lang::En, err)?;
            if let Some(by) = &args.by {
                assumptions.rules.by = Some(by.clone());
            }
            let engine = match args.engine {
                cli::EngineArg::Duckdb => recipe::Engine::DuckDb,
                cli::EngineArg::Spark => recipe::Engine::Spark,
                cli::EngineArg::Postgres => recipe::Engine::Postgres,
            };
            write!(
                out,
                "{}",
                recipe::recipe(engine, &assumptions, &args.source)
            )
            .map_err(compute::stdout_err)
        }
        Command::Check(args) => {
            let lang: Lang = args.lang.into();
            let mut assumptions = load_assumptions(args.config.as_deref(), lang, err)?;
            assumptions.rules.sheet.clone_from(&args.sheet);
            let failed = check::check(&args.files, &assumptions, args.encoding, lang, out)?;
            if failed > 0 {
                Err(RoiError::Reported)
            } else {
                Ok(())
            }
        }
    }
}

/// The screen summary's width: on a terminal, `COLUMNS` when set, else the terminal's own
/// width, else 80; off a terminal (a file, a pipe) a fixed 100, so the same input gives the
/// same bytes.
fn screen_width(terminal: bool) -> usize {
    if !terminal {
        return render::PIPE_WIDTH;
    }
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<usize>().ok())
        .filter(|&c| c > 0)
        .or_else(|| {
            console::Term::stdout()
                .size_checked()
                .map(|(_, cols)| usize::from(cols))
                .filter(|&c| c > 0)
        })
        .unwrap_or(80)
}

/// `--config`, else `./roi.toml` when present (said on stderr), else the defaults.
fn load_assumptions(
    path: Option<&Path>,
    lang: Lang,
    err: &mut dyn Write,
) -> Result<Assumptions, RoiError> {
    match path {
        Some(p) => Assumptions::load(p),
        None => {
            let local = Path::new("roi.toml");
            if local.is_file() {
                let p = &lang.cat().p;
                let _ = writeln!(err, "{}: {}", p.prefix_note, p.note_local_config);
                Assumptions::load(local)
            } else {
                Ok(Assumptions::default())
            }
        }
    }
}
