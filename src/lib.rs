//! roi: today's and after-the-change exports → the business case a COO believes.
//!
//! The pipeline, in order: read → Observations → summarize → SideSummary ×2 → compare →
//! Comparison → Report → render.

pub mod assumptions;
pub mod chart;
pub mod check;
pub mod cli;
pub mod compare;
pub mod economics;
pub mod error;
pub mod i18n;
pub mod init;
pub mod input;
pub mod metric;
pub mod narrative;
pub mod output;
pub mod report;
pub mod stats;
pub mod summarize;
pub mod views;
pub mod warning;

use assumptions::Assumptions;
use cli::{Cli, Command, Format};
use error::RoiError;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use summarize::Side;

/// Runs one command. Output goes to `out`, notices and warnings to `err`.
pub fn run(cli: Cli, out: &mut dyn Write, err: &mut dyn Write) -> Result<(), RoiError> {
    match cli.command {
        Command::Compute(args) => {
            let assumptions = load_assumptions(args.config.as_deref(), err)?;
            let progress = std::io::stderr().is_terminal();
            let report = compute(
                &args.today,
                &args.after,
                &assumptions,
                args.encoding,
                progress,
                args.lang.into(),
            )?;
            let mut json = Vec::new();
            report::json::render(&report, &mut json).map_err(stdout_err)?;
            let mut md = Vec::new();
            report::markdown::render(&report, &mut md).map_err(stdout_err)?;
            let mut screen = Vec::new();
            match args.format {
                Format::Text => report::text::render(&report, &mut screen).map_err(stdout_err)?,
                Format::Md => screen.extend_from_slice(&md),
                Format::Json => screen.extend_from_slice(&json),
            }
            let mut files = vec![
                ("summary.json".to_string(), json),
                ("summary.md".to_string(), md),
            ];
            let mut omitted = Vec::new();
            let mut charts = Vec::new();
            if !args.no_charts {
                let (drawn, left_out) = chart::render(&report, args.svg)?;
                charts = drawn;
                omitted = left_out;
            }
            let mut html = Vec::new();
            report::html::render(&report, &charts, &mut html).map_err(stdout_err)?;
            files.push(("report.html".to_string(), html));
            files.extend(charts);
            output::write_all(&args.out, &files)?;
            for w in &report.warnings {
                let _ = writeln!(err, "warning: {w}");
            }
            out.write_all(&screen).map_err(stdout_err)?;
            if args.format == Format::Text {
                let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
                let word = report.lang.words().written;
                let dir = args.out.display();
                let _ = writeln!(out, "\n{word} {dir}/: {}", names.join(", "));
                for o in &omitted {
                    let not_drawn = report.lang.chart().not_drawn;
                    let _ = writeln!(out, "{not_drawn}: {} ({})", o.name, o.reason);
                }
            }
            Ok(())
        }
        Command::Init(args) => init::init(&args.dir, args.force, out),
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

/// Files smaller than this together read too fast to need a progress bar.
const PROGRESS_MIN_BYTES: u64 = 32 << 20;

/// The whole pipeline from two files to the Report. Both files are read in parallel;
/// `progress` shows a bar on stderr for large files.
pub fn compute(
    today: &Path,
    after: &Path,
    assumptions: &Assumptions,
    encoding: Option<&'static encoding_rs::Encoding>,
    progress: bool,
    lang: i18n::Lang,
) -> Result<report::Report, RoiError> {
    let registry = assumptions.registry();
    let total: u64 = [today, after]
        .iter()
        .filter_map(|p| std::fs::metadata(p).ok())
        .map(|m| m.len())
        .sum();
    let read_bytes = Arc::new(AtomicU64::new(0));
    let done = AtomicBool::new(false);
    let show = progress && total >= PROGRESS_MIN_BYTES;
    let (t, a) = std::thread::scope(|s| {
        if show {
            s.spawn(|| progress_bar(total, &read_bytes, &done));
        }
        let t = s.spawn(|| input::read(today, &registry, encoding, Some(read_bytes.clone())));
        let a = input::read(after, &registry, encoding, Some(read_bytes.clone()));
        let t = t.join();
        done.store(true, Ordering::Relaxed);
        (t, a)
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
    let case = economics::evaluate(&comparison, assumptions);
    let views = views::views(&comparison, &case, assumptions);
    let narrative = narrative::build(&views, &case, &comparison.metrics, assumptions, lang);
    let mut warnings = comparison.warnings.clone();
    for l in case
        .levers
        .iter()
        .filter(|l| !l.significant && !l.monthly.is_zero())
    {
        warnings.push(warning::Warning::LeverNotSignificant {
            lever: l.name.clone(),
            monthly: l.monthly,
            currency: assumptions.currency.value.clone(),
        });
    }
    Ok(report::Report::new(
        comparison,
        case,
        views,
        narrative,
        &warnings,
        assumptions,
        lang,
    ))
}

/// Draws the reading progress on stderr until `done`.
fn progress_bar(total: u64, read: &AtomicU64, done: &AtomicBool) {
    let bar = indicatif::ProgressBar::new(total);
    bar.set_style(
        indicatif::ProgressStyle::with_template(
            "reading {bar:40} {binary_bytes}/{binary_total_bytes} ({eta} left)",
        )
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    while !done.load(Ordering::Relaxed) {
        bar.set_position(read.load(Ordering::Relaxed).min(total));
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    bar.finish_and_clear();
}
