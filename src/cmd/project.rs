//! `roi project`: the case before any pilot (PRODUCT §9). Today's export is read as
//! `compute` reads it; the after-side is today's moved by `[targets]`; every output of
//! `compute` follows, every figure marked projected, with the pilot plan.

use super::compute::{Settings, case_warnings, write_report};
use super::load_assumptions;
use crate::assumptions::Assumptions;
use crate::cli::{Format, ProjectArgs};
use crate::error::{Problem, RoiError};
use crate::message::msg;
use crate::render::Screen;
use crate::report::{self, Report, segments};
use crate::summarize::{self, Side};
use crate::{compare, economics};
use std::io::Write;
use std::path::Path;

/// Today's file read and summarised, or every problem it had.
fn read_today(
    today: &Path,
    assumptions: &Assumptions,
    encoding: Option<&'static encoding_rs::Encoding>,
) -> Result<summarize::SideSummary, RoiError> {
    let registry = assumptions.registry();
    let options = summarize::Options {
        encoding,
        progress: None,
    };
    match summarize::read(today, Side::Today, &registry, assumptions, &options)? {
        summarize::Read::Problems { problems, more } => Err(RoiError::Input { problems, more }),
        summarize::Read::Summarized(s) => *s,
    }
}

/// The projected case: today's summary, the after-side moved by the targets, the case and
/// the pilot plan. `assumptions.projected` must be set.
pub fn project(
    today: &Path,
    assumptions: &Assumptions,
    encoding: Option<&'static encoding_rs::Encoding>,
) -> Result<Report, RoiError> {
    if today == Path::new(crate::input::source::STDIN) && assumptions.path.is_none() {
        return Err(RoiError::one(
            Problem::in_file("-").says(msg!(project_no_targets), msg!(targets_section)),
        ));
    }
    let config = assumptions.path.as_deref().unwrap_or("roi.toml");
    let mut today_summary = read_today(today, assumptions, encoding)?;
    let mut after_summary =
        crate::project::project(&mut today_summary, &assumptions.targets, config)?;
    let mut breakdown = match &assumptions.rules.by {
        Some(by) => Some(segments::breakdown(
            by,
            &mut today_summary,
            &mut after_summary,
            assumptions,
            None,
        )?),
        None => None,
    };
    let comparison = compare::compare(today_summary, after_summary, assumptions);
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

/// Runs a `roi project` command line.
pub fn run(args: &ProjectArgs, out: &mut dyn Write, err: &mut dyn Write) -> Result<(), RoiError> {
    use std::io::IsTerminal;
    let lang: crate::i18n::Lang = args.lang.into();
    let mut assumptions = load_assumptions(args.config.as_deref(), lang, err)?;
    assumptions.rules.sheet.clone_from(&args.sheet);
    if let Some(by) = &args.by {
        assumptions.rules.by = Some(by.clone());
        assumptions.title_block.by = Some(by.clone());
    }
    // Nothing is proven in a projection: the headline counts every lever, marked projected.
    assumptions.projected = true;
    assumptions.title_block.headline = crate::rules::Basis::All;
    let settings = Settings {
        today: args.today.clone(),
        after: args.today.clone(),
        screen: match args.format {
            Format::Text => Screen::Text,
            Format::Md => Screen::Markdown,
            Format::Json => Screen::Json,
        },
        out: args.out.clone(),
        encoding: args.encoding,
        lang,
        charts: !args.no_charts,
        svg: args.svg,
        progress: false,
        terminal: std::io::stdout().is_terminal(),
        width: super::screen_width(),
        kind: crate::output::Kind::Project,
        inputs: std::iter::once(&args.today)
            .chain(&args.config)
            .cloned()
            .collect(),
    };
    let report = project(&args.today, &assumptions, args.encoding)?;
    write_report(&settings, report, out, err)
}
