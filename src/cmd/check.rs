//! `roi check`: what roi sees in a file, and every problem in it with its line.

use crate::assumptions::Assumptions;
use crate::error::RoiError;
use crate::i18n::{Lang, fill};
use crate::input::{ColumnRole, FileInfo, Layout, Scan, Series};
use crate::metric::Kind;
use crate::registry::{MetricDef, Registry};
use crate::summarize;
use std::io::{self, Write};
use std::path::PathBuf;

/// Runs a `roi check` command line: fails (exit 1) when a file had problems.
pub fn run(
    args: &crate::cli::CheckArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<(), RoiError> {
    let lang: Lang = args.lang.into();
    let mut assumptions = super::load_assumptions(args.config.as_deref(), lang, err)?;
    assumptions.rules.sheet.clone_from(&args.sheet);
    match check(&args.files, &assumptions, args.encoding, lang, out)? {
        0 => Ok(()),
        _ => Err(RoiError::Reported),
    }
}

/// Reads each file and describes it. Returns how many files had problems.
pub fn check(
    files: &[PathBuf],
    assumptions: &Assumptions,
    encoding: Option<&'static encoding_rs::Encoding>,
    lang: Lang,
    out: &mut dyn Write,
) -> Result<usize, RoiError> {
    let registry = &assumptions.registry();
    let mut failed = 0;
    for (i, path) in files.iter().enumerate() {
        if i > 0 {
            writeln!(out).map_err(super::stdout_err)?;
        }
        let scan = match summarize::inspect(path, registry, assumptions, encoding)? {
            summarize::Inspection::Rows(scan) => scan,
            summarize::Inspection::Summary(summary) => {
                if summary.is_err() {
                    failed += 1;
                }
                describe_summary(path, &summary, lang, out).map_err(super::stdout_err)?;
                continue;
            }
        };
        if !scan.problems.is_empty() {
            failed += 1;
        }
        describe(&scan, registry, lang, out).map_err(super::stdout_err)?;
    }
    Ok(failed)
}

/// A summary file: its layout and metrics, or its problems.
fn describe_summary(
    path: &std::path::Path,
    summary: &Result<summarize::SideSummary, Vec<crate::error::Problem>>,
    lang: Lang,
    out: &mut dyn Write,
) -> io::Result<()> {
    let p = &lang.cat().p;
    writeln!(out, "{}", path.display())?;
    writeln!(out, "  {}  {}", p.check_layout, p.layout_summary)?;
    match summary {
        Ok(s) => {
            for m in &s.metrics {
                writeln!(out, "  - {}", name(lang, &m.name))?;
            }
            for warning in &s.warnings {
                writeln!(
                    out,
                    "  {}: {}",
                    p.prefix_warning,
                    crate::document::warning_text(None, lang, warning)
                )?;
            }
        }
        Err(problems) => {
            for problem in problems {
                writeln!(out, "  {}: {}", p.prefix_error, lang.problem(problem))?;
            }
        }
    }
    Ok(())
}

/// A metric's name in the check: the catalogue's for a built-in, else its key.
fn name(lang: Lang, metric: &str) -> String {
    lang.cat()
        .metric(metric)
        .map_or_else(|| metric.replace('_', " "), |w| w.name.to_string())
}

fn describe(scan: &Scan, registry: &Registry, lang: Lang, out: &mut dyn Write) -> io::Result<()> {
    let cat = lang.cat();
    let p = &cat.p;
    let obs = &scan.observations;
    let f = &obs.file;
    let labels = [
        p.check_layout,
        p.check_delimiter,
        p.check_encoding,
        p.check_rows,
        p.check_window,
    ];
    let width = labels.iter().map(|l| l.chars().count()).max().unwrap_or(0) + 2;
    let line =
        |out: &mut dyn Write, label: &str, value: &str| writeln!(out, "  {label:<width$}{value}");
    writeln!(out, "{}", f.path)?;
    let layout = match f.layout {
        Layout::Long => p.layout_long,
        Layout::Wide => p.layout_wide,
        Layout::Events => p.layout_events,
        Layout::Summary => p.layout_summary,
    };
    line(out, p.check_layout, layout)?;
    line(out, p.check_delimiter, &f.delimiter)?;
    line(out, p.check_encoding, &f.encoding)?;
    line(out, p.check_rows, &lang.number(f.rows as f64, 0))?;
    line(out, p.check_window, &window_text(lang, f))?;
    if !f.columns.is_empty() {
        writeln!(out, "  {}", p.check_columns)?;
        for (h, role) in &f.columns {
            let role = role_text(lang, role);
            writeln!(out, "    {h:<24} {role}")?;
        }
    }
    writeln!(out, "  {}", p.check_metrics)?;
    if obs.series.is_empty() {
        writeln!(out, "    {}", p.check_none)?;
    }
    for (id, s) in &obs.series {
        writeln!(out, "{}", metric_line(lang, registry.def(*id), s))?;
    }
    if !obs.warnings.is_empty() {
        writeln!(out, "  {}", p.check_warnings)?;
        for w in &obs.warnings {
            writeln!(out, "    {}", crate::document::warning_text(None, lang, w))?;
        }
    }
    problems(scan, lang, out)
}

/// The window: first and last day, the days and where they come from.
fn window_text(lang: Lang, f: &FileInfo) -> String {
    let cat = lang.cat();
    let p = &cat.p;
    match (f.first_day, f.last_day) {
        (Some(a), Some(b)) => {
            let days = (b - a + 1).to_string();
            let args = [
                ("first", lang.date(&crate::value::format_day(a))),
                ("last", lang.date(&crate::value::format_day(b))),
                ("days", format!("{days} {}", cat.nouns.day.form(&days))),
                ("column", f.date_column.clone().unwrap_or_default()),
            ];
            let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
            // Without a date column the days come from the cases' end times (or events).
            fill(
                if f.date_column.is_some() {
                    p.check_window_dates
                } else {
                    p.check_window_ends
                },
                &args,
            )
        }
        _ => p.check_window_none.to_string(),
    }
}

/// What a column was read as.
fn role_text(lang: Lang, role: &ColumnRole) -> String {
    let p = &lang.cat().p;
    match role {
        ColumnRole::Date => p.role_date.to_string(),
        ColumnRole::MetricName => p.role_metric_name.to_string(),
        ColumnRole::Value => p.role_value.to_string(),
        ColumnRole::Unit => p.role_unit.to_string(),
        ColumnRole::Metric { metric, unit } => fill(
            p.role_metric,
            &[("metric", &name(lang, metric)), ("unit", lang.unit(*unit))],
        ),
        ColumnRole::Timestamp { metric, end, date } => {
            let span = fill(
                if *end { p.role_end } else { p.role_start },
                &[("metric", &name(lang, metric))],
            );
            if *date {
                format!("{}; {span}", p.role_date)
            } else {
                span
            }
        }
        ColumnRole::Case => p.role_case.to_string(),
        ColumnRole::Activity => p.role_activity.to_string(),
        ColumnRole::EventTime => p.role_event_time.to_string(),
        ColumnRole::Dimension => p.role_dimension.to_string(),
    }
}

/// One metric's line: its observations, total, units as written and cells not observed.
fn metric_line(lang: Lang, def: &MetricDef, s: &Series) -> String {
    let cat = lang.cat();
    let p = &cat.p;
    let mut text = format!("    {:<16}", name(lang, &def.name));
    let n = lang.number(s.n as f64, 0);
    let total = s.total;
    text.push_str(&match def.kind {
        Kind::CaseDuration => {
            let cases = format!("{n} {}", cat.nouns.case.form(&n));
            fill(
                p.check_cases,
                &[("n", &cases), ("unit", lang.unit(def.unit))],
            )
        }
        Kind::Count => fill(
            p.check_rows_total,
            &[
                ("n", &format!("{n} {}", cat.nouns.row.form(&n))),
                ("total", &lang.auto(total)),
            ],
        ),
        Kind::PeriodDuration => fill(
            p.check_rows_total_unit,
            &[
                ("n", &format!("{n} {}", cat.nouns.row.form(&n))),
                ("total", &lang.auto(total)),
                ("unit", lang.unit(def.unit)),
            ],
        ),
    });
    if def.kind != Kind::Count && s.units.iter().any(|u| *u != def.unit) {
        let written: Vec<&str> = s.units.iter().map(|u| lang.unit(*u)).collect();
        text.push_str(&fill(p.check_written_in, &[("units", &written.join(", "))]));
    }
    if s.missing > 0 {
        text.push_str(&fill(
            p.check_not_observed,
            &[("n", &lang.number(s.missing as f64, 0))],
        ));
    }
    text
}

/// The end: "ok" or the problems found, the first ones in full.
fn problems(scan: &Scan, lang: Lang, out: &mut dyn Write) -> io::Result<()> {
    let p = &lang.cat().p;
    if scan.problems.is_empty() {
        writeln!(out, "  {}", p.check_ok)?;
    } else {
        let total = scan.problems.len() as u64 + scan.more_problems;
        writeln!(
            out,
            "  {}",
            fill(p.check_problems, &[("n", &total.to_string())])
        )?;
        for problem in &scan.problems {
            writeln!(out, "    {}", lang.problem(problem))?;
        }
        if scan.more_problems > 0 {
            writeln!(
                out,
                "    {}",
                fill(p.check_more, &[("n", &scan.more_problems.to_string())])
            )?;
        }
    }
    Ok(())
}
