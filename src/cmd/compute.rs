//! `roi compute`: the pipeline from two exports to the language-free Report ([`compute`]),
//! then everything made of it ([`run`]): the charts, the document in the chosen language,
//! every renderer of [`render::RENDERERS`], and the report folder.

use super::{load_assumptions, render_all, screen_width, stdout_err};
use crate::assumptions::Assumptions;
use crate::cli::{ComputeArgs, Format};
use crate::document;
use crate::error::{Problem, RoiError};
use crate::i18n::{Lang, fill};
use crate::message::msg;
use crate::render::{self, Context, Data, Render, Screen};
use crate::report::Report;
use crate::report::{self, segments};
use crate::summarize::Side;
use crate::{chart, compare, economics, output, summarize, warning};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

/// What `roi compute` was asked to do.
#[derive(Debug, Clone)]
pub struct Settings {
    pub today: PathBuf,
    pub after: PathBuf,
    pub screen: Screen,
    pub out: PathBuf,
    pub encoding: Option<&'static encoding_rs::Encoding>,
    pub lang: Lang,
    pub charts: bool,
    pub svg: bool,
    /// Show a progress bar for large files.
    pub progress: bool,
    /// Standard output is a terminal: the screen summary's own list of warnings is the one
    /// the user reads, so they are not also printed on stderr.
    pub terminal: bool,
    /// The screen summary's width in columns.
    pub width: usize,
    /// The command, whose report the folder holds.
    pub kind: output::Kind,
    /// Every file the run reads: its report never replaces nor removes one.
    pub inputs: Vec<PathBuf>,
}

/// One file's problems, how many more there were, and its summary when it had none.
type Sided = (
    Vec<Problem>,
    u64,
    Option<Result<summarize::SideSummary, RoiError>>,
);

/// Files smaller than this together read too fast to need a progress bar.
const PROGRESS_MIN_BYTES: u64 = 32 << 20;

/// The whole pipeline from two files to the Report. Both files are read in parallel;
/// `progress` shows a bar on stderr for large files. No language is involved.
pub fn compute(
    today: &Path,
    after: &Path,
    assumptions: &Assumptions,
    encoding: Option<&'static encoding_rs::Encoding>,
    progress: bool,
) -> Result<Report, RoiError> {
    let stdin = Path::new(crate::input::source::STDIN);
    if today == stdin && after == stdin {
        return Err(RoiError::one(
            Problem::in_file("-").says(msg!(both_stdin), msg!(one_stdin)),
        ));
    }
    let (mut today_summary, mut after_summary) =
        read_pair(today, after, assumptions, encoding, progress)?;
    // With a control site: its two files read the same way, and its own comparison.
    let control = match &assumptions.control {
        Some((ct, ca)) => {
            let (ct_path, ca_path) = (Path::new(ct), Path::new(ca));
            if [ct_path, ca_path].contains(&stdin) {
                return Err(RoiError::one(
                    Problem::in_file("-").says(msg!(control_stdin), msg!(control_files)),
                ));
            }
            let (t, a) = read_pair(ct_path, ca_path, assumptions, encoding, progress)?;
            Some((ct.clone(), ca.clone(), t, a))
        }
        None => None,
    };
    let mut control = control;
    let mut breakdown = match &assumptions.rules.by {
        Some(by) => Some(segments::breakdown(
            by,
            &mut today_summary,
            &mut after_summary,
            assumptions,
            control.as_mut().map(|(ct, ca, t, a)| segments::Control {
                today: t,
                after: a,
                files: (ct.as_str(), ca.as_str()),
            }),
        )?),
        None => None,
    };
    let mut comparison = compare::compare(today_summary, after_summary, assumptions);
    if let Some((ct, ca, t, a)) = control {
        let c = compare::compare(t, a, assumptions);
        compare::with_control(&mut comparison, c, (&ct, &ca))
            .map_err(|problems| RoiError::Input { problems, more: 0 })?;
    }
    let case = match &mut breakdown {
        Some(b) => segments::stratified_case(&comparison, assumptions, b)?,
        None => economics::evaluate(&comparison, assumptions)?,
    };
    let mut warnings = breakdown
        .as_ref()
        .map(segments::warnings)
        .unwrap_or_default();
    warnings.extend(case_warnings(&case, assumptions));
    let mut report = report::build::assemble(comparison, case, assumptions, warnings);
    report.breakdown = breakdown;
    Ok(report)
}

/// What to check about the case itself: levers not proven (a projection's never are, and
/// says so once), levers priced on roi's default rates, stated lines without a source.
pub fn case_warnings(
    case: &economics::BusinessCase,
    assumptions: &Assumptions,
) -> Vec<warning::Warning> {
    let mut warnings = Vec::new();
    for l in case
        .levers
        .iter()
        .filter(|l| !l.significant && !l.monthly.0.is_zero() && !assumptions.projected)
    {
        warnings.push(warning::Warning::LeverNotSignificant {
            lever: l.name.clone(),
            monthly: l.monthly,
        });
    }
    for l in case.levers.iter().filter(|l| !l.monthly.0.is_zero()) {
        let keys = l.default_rates();
        if !keys.is_empty() {
            warnings.push(warning::Warning::PricedOnDefault {
                lever: l.name.clone(),
                monthly: l.monthly,
                keys: keys.iter().map(|k| k.to_string()).collect(),
            });
        }
    }
    // The chance it pays back needs every lever's spread: say whose is missing.
    let no_spread: Vec<String> = case
        .levers
        .iter()
        .filter(|l| l.more_data == economics::levers::MoreData::NoSpread && !l.monthly.0.is_zero())
        .map(|l| l.name.clone())
        .collect();
    if case.investment && case.probability.is_none() && !no_spread.is_empty() {
        warnings.push(warning::Warning::ChanceUnknown { levers: no_spread });
    }
    for s in assumptions.stated.iter().filter(|s| s.source.is_none()) {
        warnings.push(warning::Warning::StatedNoSource {
            name: s.name.clone(),
        });
    }
    warnings
}

/// Reads and pairs two files (each in its own thread, with a progress bar for large files):
/// their summaries, or every problem they had.
pub(super) fn read_pair(
    today: &Path,
    after: &Path,
    assumptions: &Assumptions,
    encoding: Option<&'static encoding_rs::Encoding>,
    progress: bool,
) -> Result<(summarize::SideSummary, summarize::SideSummary), RoiError> {
    let registry = assumptions.registry();
    let total: u64 = [today, after]
        .iter()
        .filter_map(|p| std::fs::metadata(p).ok())
        .map(|m| m.len())
        .sum();
    let read_bytes = Arc::new(AtomicU64::new(0));
    let done = AtomicBool::new(false);
    let show = progress && total >= PROGRESS_MIN_BYTES;
    let options = summarize::Options {
        encoding,
        progress: Some(read_bytes.clone()),
    };
    // Each file read and, when it has no problems, summarised in its own thread.
    let side = |path: &Path, which: Side| -> Result<Sided, RoiError> {
        Ok(
            match summarize::read(path, which, &registry, assumptions, &options)? {
                summarize::Read::Problems { problems, more } => (problems, more, None),
                summarize::Read::Summarized(s) => (Vec::new(), 0, Some(*s)),
            },
        )
    };
    let (t, a) = std::thread::scope(|s| {
        if show {
            s.spawn(|| progress_bar(total, &read_bytes, &done));
        }
        let t = s.spawn(|| side(today, Side::Today));
        let a = side(after, Side::After);
        let t = t.join();
        done.store(true, Ordering::Relaxed);
        (t, a)
    });
    let t = t.unwrap_or_else(|_| {
        Err(RoiError::one(
            Problem::in_file(&today.display().to_string())
                .says(msg!(read_failed), msg!(a_readable_csv)),
        ))
    })?;
    let a = a?;
    let (mut problems, more) = (t.0, t.1 + a.1);
    problems.extend(a.0);
    // A file without problems was summarised.
    let (mut today_summary, mut after_summary) = match (t.2, a.2) {
        (Some(t), Some(a)) if problems.is_empty() => (t?, a?),
        _ => return Err(RoiError::Input { problems, more }),
    };
    let problems = summarize::pair(&mut today_summary, &mut after_summary);
    if !problems.is_empty() {
        return Err(RoiError::Input { problems, more: 0 });
    }
    Ok((today_summary, after_summary))
}

impl Settings {
    /// The settings of a `roi compute` command line, on this terminal (or none).
    pub fn of(args: &ComputeArgs) -> Settings {
        use std::io::IsTerminal;
        Settings {
            today: args.today.clone(),
            after: args.after.clone(),
            screen: match args.format {
                Format::Text => Screen::Text,
                Format::Md => Screen::Markdown,
                Format::Json => Screen::Json,
            },
            out: args.out.clone(),
            encoding: args.encoding,
            lang: args.lang.into(),
            charts: !args.no_charts,
            svg: args.svg,
            progress: std::io::stderr().is_terminal(),
            terminal: std::io::stdout().is_terminal(),
            width: screen_width(),
            kind: output::Kind::Compute,
            inputs: [&args.today, &args.after]
                .into_iter()
                .chain(&args.config)
                .chain(args.control.iter().flatten())
                .chain(&args.projected)
                .cloned()
                .collect(),
        }
    }
}

/// Runs a `roi compute` command line.
pub fn run(args: &ComputeArgs, out: &mut dyn Write, err: &mut dyn Write) -> Result<(), RoiError> {
    let mut settings = Settings::of(args);
    let mut assumptions = load_assumptions(args.config.as_deref(), settings.lang, err)?;
    assumptions.rules.sheet.clone_from(&args.sheet);
    if let Some(by) = &args.by {
        assumptions.rules.by = Some(by.clone());
        assumptions.title_block.by = Some(by.clone());
    }
    // `--control` overrides roi.toml's [control], whose paths are relative to roi.toml.
    match &args.control {
        Some(paths) if paths.len() == 2 => {
            assumptions.control = Some((
                paths[0].display().to_string(),
                paths[1].display().to_string(),
            ));
        }
        _ => {
            if let (Some((t, a)), Some(dir)) = (
                &assumptions.control,
                assumptions
                    .path
                    .as_deref()
                    .and_then(|p| Path::new(p).parent()),
            ) {
                let at = |f: &str| dir.join(f).display().to_string();
                assumptions.control = Some((at(t), at(a)));
            }
        }
    }
    if let Some((t, a)) = &assumptions.control {
        settings.inputs.extend([PathBuf::from(t), PathBuf::from(a)]);
    }
    let targets = match &args.projected {
        Some(path) => Some(projected_targets(path)?),
        None => None,
    };
    let mut report = compute(
        &settings.today,
        &settings.after,
        &assumptions,
        settings.encoding,
        settings.progress,
    )?;
    if let Some(t) = &targets {
        report.check_targets(t);
    }
    write_report(&settings, report, out, err)
}

/// The targets of a `roi project` case, by lever: its summary.json opened and its seal
/// checked (a hand-edited case is refused), then each lever's projected change.
fn projected_targets(path: &Path) -> Result<std::collections::BTreeMap<String, f64>, RoiError> {
    let name = path.display().to_string();
    let text = crate::input::read_whole_text(path, crate::input::MAX_CASE_BYTES)?;
    let case = report::seal::open(&text, &name)?;
    if case.json["projected"] != serde_json::Value::Bool(true) {
        return Err(RoiError::one(
            Problem::in_file(&name).says(msg!(not_projected_case), msg!(projected_case_expected)),
        ));
    }
    Ok(case.json["pilot_plan"]
        .as_object()
        .map(|plan| {
            plan.iter()
                .filter_map(|(lever, p)| Some((lever.clone(), p["change_pct"].as_f64()?)))
                .collect()
        })
        .unwrap_or_default())
}

/// Computes the case and writes everything made of it: the summary on `out`, the warnings
/// on `err`, the report folder.
pub fn write(
    s: &Settings,
    assumptions: &Assumptions,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<(), RoiError> {
    let report = compute(&s.today, &s.after, assumptions, s.encoding, s.progress)?;
    write_report(s, report, out, err)
}

/// Writes everything made of a report: the summary on `out`, the warnings on `err`, the
/// report folder.
pub fn write_report(
    s: &Settings,
    report: Report,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<(), RoiError> {
    let lang = s.lang;
    let p = &lang.cat().p;
    let planned = s.charts.then(|| chart::planned(&report, lang));
    let refs = planned.as_ref().map_or_else(Vec::new, |p| p.refs.clone());
    let doc = document::build(&report, lang, &refs);
    // The workbook is written while the charts are drawn, and then while the other files
    // are rendered: only its last sheet waits for the charts. With a thousand segments it is
    // the longest of the renderers.
    let (mut files, screen, drawn) = std::thread::scope(|scope| {
        let (tx, rx) = std::sync::mpsc::channel();
        let (report, doc) = (&report, &doc);
        let book = scope
            .spawn(move || render::xlsx::case_bytes(report, doc, move || rx.recv().ok().flatten()));
        let drawn = match planned {
            Some(p) => p.draw(lang, s.svg),
            None => Ok(chart::Drawn::default()),
        };
        let charts = drawn.as_ref().ok().map(|d| d.files.as_slice());
        let _ = tx.send(charts.and_then(|c| render::xlsx::charts_sheet(lang, c)));
        let drawn = drawn?;
        let cx = Context {
            data: Data::Case(report),
            doc,
            charts: &drawn.files,
            width: s.width,
        };
        let made = render::xlsx::Workbook
            .file(cx.data)
            .map(|name| (name, book));
        let (files, screen) = render_all(&cx, s.screen, made)?;
        Ok::<_, RoiError>((files, screen, drawn))
    })?;
    files.extend(drawn.files);
    // On a terminal the text summary ends with the warnings: each is shown once.
    if !(s.terminal && s.screen == Screen::Text) {
        for w in document::warning_lines(&report, lang) {
            let _ = writeln!(err, "{}: {}", p.prefix_warning, render::visible(&w));
        }
    }
    // The report and its document are freed while the files are written, which waits on
    // the disk: with a thousand segments, tens of thousands of allocations.
    let freeing = std::thread::spawn(move || drop((report, doc)));
    // The report is staged first: a folder that cannot take it fails the run before any
    // summary is shown. The summary then goes out before the report is put in place: a
    // failure to print it (a closed pipe, a full disk) leaves the old report as it was.
    let inputs: Vec<&Path> = s.inputs.iter().map(PathBuf::as_path).collect();
    let staged = output::stage(&s.out, s.kind, &inputs, &files)?;
    out.write_all(&screen)
        .and_then(|()| out.flush())
        .map_err(stdout_err)?;
    staged.commit()?;
    if s.screen == Screen::Text {
        let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
        let dir = render::visible(&format!("{}/", s.out.display()));
        let written = fill(p.written, &[("dir", &dir), ("files", &names.join(", "))]);
        let _ = write!(out, "\n{}", render::wrap(&written, s.width, "  "));
        for o in &drawn.omitted {
            let line = fill(p.not_drawn, &[("name", &o.name), ("reason", o.reason)]);
            let _ = write!(out, "{}", render::wrap(&line, s.width, "  "));
        }
    }
    let _ = freeing.join();
    Ok(())
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
