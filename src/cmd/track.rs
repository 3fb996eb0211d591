//! `roi track CASE.json ACTUALS...`: each month after go-live against the case that was
//! promised. The case is opened and checked, the actuals split into months, the tracking
//! computed ([`crate::report::track`]), then worded and written like `compute`'s report.

use super::{render_all, screen_width, stdout_err};
use crate::assumptions::Assumptions;
use crate::cli::{Format, TrackArgs};
use crate::error::{Problem, RoiError};
use crate::i18n::Lang;
use crate::message::msg;
use crate::render::{Context, Data, Screen};
use crate::report::{seal, track};
use crate::summarize::months::{self, Actuals};
use crate::{chart, document, output};
use std::io::Write;

/// Runs a `roi track` command line.
pub fn run(args: &TrackArgs, out: &mut dyn Write) -> Result<(), RoiError> {
    let lang: Lang = args.lang.into();
    let config = match &args.config {
        Some(p) => Some(Assumptions::load(p)?),
        None => None,
    };
    if let Some(m) = &args.month
        && !is_month(m)
    {
        return Err(RoiError::one(
            Problem::in_file("--month").says(msg!(not_a_month, value = m), msg!(a_month)),
        ));
    }
    let name = args.case.display().to_string();
    // The report folder is replaced as a whole: a case inside it would be deleted with the
    // compute report it belongs to.
    let parent = args.case.parent().map(|p| {
        if p.as_os_str().is_empty() {
            std::path::Path::new(".")
        } else {
            p
        }
    });
    if let (Some(Ok(case_dir)), Ok(out)) = (
        parent.map(std::fs::canonicalize),
        std::fs::canonicalize(&args.out),
    ) && case_dir == out
    {
        return Err(RoiError::one(Problem::in_file(&name).says(
            msg!(case_in_out, dir = args.out.display().to_string()),
            msg!(another_out),
        )));
    }
    let text = crate::input::read_whole_text(&args.case, crate::input::MAX_CASE_BYTES)?;
    let case = seal::open(&text, &name)?;
    let actuals = Actuals {
        files: args.actuals.clone(),
        month: args.month.clone(),
        encoding: args.encoding,
        config,
    };
    let months = months::months(&actuals, &case.assumptions, track::by(&case))?;
    let first = args
        .actuals
        .first()
        .map(|p| p.display().to_string())
        .unwrap_or_default();
    let t = track::track(&case, months, &first)?;
    let drawn = chart::tracking::render(&t, lang)?;
    let doc = document::track::build(&t, lang, &drawn.refs);
    let cx = Context {
        data: Data::Tracking(&t),
        doc: &doc,
        charts: &drawn.files,
        width: screen_width(),
    };
    let screen = match args.format {
        Format::Text => Screen::Text,
        Format::Md => Screen::Markdown,
        Format::Json => Screen::Json,
    };
    let (mut files, shown) = render_all(&cx, screen, None)?;
    files.extend(drawn.files);
    // Staged first, so that a folder that cannot take the report fails before the summary
    // is shown; put in place after it is.
    let inputs: Vec<&std::path::Path> = std::iter::once(&args.case)
        .chain(&args.actuals)
        .chain(&args.config)
        .map(|p| p.as_path())
        .collect();
    let staged = output::stage(&args.out, output::Kind::Track, &inputs, &files)?;
    out.write_all(&shown)
        .and_then(|()| out.flush())
        .map_err(stdout_err)?;
    staged.commit()
}

/// `YYYY-MM`, a real month.
fn is_month(m: &str) -> bool {
    m.len() == 7
        && m.as_bytes()[4] == b'-'
        && m[..4].parse::<u32>().is_ok()
        && m[5..].parse::<u32>().is_ok_and(|x| (1..=12).contains(&x))
}
