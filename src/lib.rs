//! roi: today's and after-the-change exports → the business case a COO believes.
//!
//! The pipeline, in order: read → Observations → summarize → SideSummary ×2 → compare →
//! Comparison → Report → render.

pub mod assumptions;
pub mod check;
pub mod cli;
pub mod compare;
pub mod error;
pub mod input;
pub mod metric;
pub mod output;
pub mod report;
pub mod stats;
pub mod summarize;

use assumptions::Assumptions;
use cli::{Cli, Command, Format};
use error::RoiError;
use std::io::Write;
use std::path::{Path, PathBuf};
use summarize::Side;

/// Runs one command. Output goes to `out`, notices and warnings to `err`.
pub fn run(cli: Cli, out: &mut dyn Write, err: &mut dyn Write) -> Result<(), RoiError> {
    match cli.command {
        Command::Compute(args) => {
            let assumptions = load_assumptions(args.config.as_deref(), err)?;
            let report = compute(&args.today, &args.after, &assumptions, args.encoding)?;
            let mut json = Vec::new();
            report::json::render(&report, &mut json).map_err(stdout_err)?;
            let mut screen = Vec::new();
            match args.format {
                Format::Text => report::text::render(&report, &mut screen).map_err(stdout_err)?,
                Format::Json => screen.extend_from_slice(&json),
            }
            output::write_all(&args.out, &[("summary.json", json)])?;
            for w in &report.warnings {
                let _ = writeln!(err, "warning: {w}");
            }
            out.write_all(&screen).map_err(stdout_err)?;
            if args.format == Format::Text {
                let _ = writeln!(
                    out,
                    "\nwritten: {}",
                    args.out.join("summary.json").display()
                );
            }
            Ok(())
        }
        Command::Check(args) => {
            let assumptions = load_assumptions(args.config.as_deref(), err)?;
            let registry = assumptions.registry();
            let files: Vec<&Path> = args.files.iter().map(PathBuf::as_path).collect();
            let failed = check::check(&files, &registry, args.encoding, out)?;
            if failed > 0 {
                Err(RoiError::Reported)
            } else {
                Ok(())
            }
        }
    }
}

fn stdout_err(source: std::io::Error) -> RoiError {
    RoiError::Write {
        path: "standard output".into(),
        source,
    }
}

/// `--config`, else `./roi.toml` when present (said on stderr), else the defaults.
fn load_assumptions(path: Option<&Path>, err: &mut dyn Write) -> Result<Assumptions, RoiError> {
    match path {
        Some(p) => Assumptions::load(p),
        None => {
            let local = Path::new("roi.toml");
            if local.is_file() {
                let _ = writeln!(err, "note: using assumptions from ./roi.toml");
                Assumptions::load(local)
            } else {
                Ok(Assumptions::default())
            }
        }
    }
}

/// The whole pipeline from two files to the Report.
pub fn compute(
    today: &Path,
    after: &Path,
    assumptions: &Assumptions,
    encoding: Option<&'static encoding_rs::Encoding>,
) -> Result<report::Report, RoiError> {
    let registry = assumptions.registry();
    let (t, a) = std::thread::scope(|s| {
        let t = s.spawn(|| input::read(today, &registry, encoding));
        let a = input::read(after, &registry, encoding);
        (t.join(), a)
    });
    let t = t.unwrap_or_else(|_| {
        Err(RoiError::one(
            error::Problem::in_file(&today.display().to_string()).says(
                "reading the file failed unexpectedly",
                "a readable CSV file",
            ),
        ))
    })?;
    let a = a?;
    let mut problems = Vec::new();
    let mut more = 0;
    for scan in [&t, &a] {
        problems.extend(scan.problems.iter().cloned());
        more += scan.more_problems;
    }
    if !problems.is_empty() {
        return Err(RoiError::Input { problems, more });
    }
    let today_summary = summarize::summarize(t.observations, Side::Today, &registry, assumptions)?;
    let after_summary = summarize::summarize(a.observations, Side::After, &registry, assumptions)?;
    let comparison = compare::compare(today_summary, after_summary, assumptions);
    Ok(report::Report::new(comparison, assumptions))
}
