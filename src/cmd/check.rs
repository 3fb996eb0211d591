//! `roi check`: what roi sees in a file, and every problem in it with its line.

use crate::assumptions::Assumptions;
use crate::error::RoiError;
use crate::escape::visible;
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
    // Each file's case durations and their cases, for the check of the two together.
    let mut sides: Vec<(String, Vec<(String, u64)>)> = Vec::new();
    for (i, path) in files.iter().enumerate() {
        if i > 0 {
            writeln!(out).map_err(super::stdout_err)?;
        }
        let scan = match summarize::inspect(path, registry, assumptions, encoding)? {
            summarize::Inspection::Rows(scan) => scan,
            summarize::Inspection::Summary(summary) => {
                match &summary {
                    Ok(s) => sides.push((s.file.path.clone(), summary_durations(s))),
                    Err(_) => failed += 1,
                }
                describe_summary(path, &summary, lang, out).map_err(super::stdout_err)?;
                continue;
            }
        };
        if !scan.problems.is_empty() {
            failed += 1;
        }
        let durations = scan
            .observations
            .series
            .iter()
            .filter(|(id, _)| registry.def(**id).kind == Kind::CaseDuration)
            .map(|(id, s)| (registry.def(*id).name.clone(), s.n))
            .collect();
        sides.push((scan.observations.file.path.clone(), durations));
        describe(&scan, registry, lang, out).map_err(super::stdout_err)?;
    }
    // Two files are today and after: what compute refuses of the pair, check says too.
    if let [today, after] = sides.as_slice() {
        let problems = summarize::one_sided([(&today.0, &today.1), (&after.0, &after.1)]);
        if !problems.is_empty() {
            failed += 1;
            pair_problems((&today.0, &after.0), &problems, lang, out).map_err(super::stdout_err)?;
        }
    }
    Ok(failed)
}

/// A summary's case durations and their cases.
fn summary_durations(s: &summarize::SideSummary) -> Vec<(String, u64)> {
    s.metrics
        .iter()
        .filter_map(|m| match &m.stats {
            Some(summarize::Stats::Case(c)) => Some((m.name.clone(), c.n)),
            _ => None,
        })
        .collect()
}

/// The problems of two files as today and after, under both names.
fn pair_problems(
    (today, after): (&str, &str),
    problems: &[crate::error::Problem],
    lang: Lang,
    out: &mut dyn Write,
) -> io::Result<()> {
    let p = &lang.cat().p;
    writeln!(out)?;
    writeln!(
        out,
        "{}",
        fill(p.check_pair, &[("today", today), ("after", after)])
    )?;
    writeln!(
        out,
        "  {}",
        fill(p.check_problems, &[("n", &problems.len().to_string())])
    )?;
    for problem in problems {
        writeln!(out, "    {}", lang.problem(problem))?;
    }
    Ok(())
}

/// A summary file: its layout and metrics, or its problems.
fn describe_summary(
    path: &std::path::Path,
    summary: &Result<summarize::SideSummary, Vec<crate::error::Problem>>,
    lang: Lang,
    out: &mut dyn Write,
) -> io::Result<()> {
    let p = &lang.cat().p;
    writeln!(out, "{}", visible(&path.display().to_string()))?;
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
                    visible(&crate::document::warning_text(None, lang, warning))
                )?;
            }
            // A summary has no rows to skip: read whole, it is ok.
            writeln!(out, "  {}", p.check_ok)?;
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
    writeln!(out, "{}", visible(&f.path))?;
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
            writeln!(out, "    {:<24} {role}", visible(h))?;
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
            // Names from the file (a metric, a column) may hold control bytes: escaped.
            writeln!(
                out,
                "    {}",
                visible(&crate::document::warning_text(None, lang, w))
            )?;
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
                (
                    "span",
                    lang.date_span(&crate::value::format_day(a), &crate::value::format_day(b)),
                ),
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
        // A count has no unit to name.
        ColumnRole::Metric {
            metric,
            unit: crate::metric::Unit::Count,
        } => name(lang, metric),
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
                // A count's total is a whole number as often as not: no decimals then.
                (
                    "total",
                    &if total.fract() == 0.0 {
                        lang.number(total, 0)
                    } else {
                        lang.auto(total)
                    },
                ),
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

/// What the reading skipped, from its warnings: how many in all and the reasons with their
/// counts (rows of unknown metrics, cells not observed, cases without a duration); None when
/// nothing was skipped.
fn skipped(warnings: &[crate::warning::Warning], lang: Lang) -> Option<(u64, String)> {
    use crate::warning::Warning;
    let (mut unknown, mut missing, mut unmeasured) = (0u64, 0u64, 0u64);
    for w in warnings {
        match w {
            Warning::UnknownMetric { rows, .. } | Warning::MoreUnknownMetrics { rows, .. } => {
                unknown += rows
            }
            Warning::SkippedMissing { counts, .. } => {
                missing += counts.iter().map(|c| c.1).sum::<u64>()
            }
            Warning::Unmeasured {
                open,
                reversed,
                no_start,
                ..
            } => unmeasured += open + reversed + no_start,
            Warning::SingleEventCases { cases, .. } => unmeasured += cases,
            _ => {}
        }
    }
    let cat = lang.cat();
    let p = &cat.p;
    let mut reasons = Vec::new();
    for (n, phrase, word, noun) in [
        (unknown, p.skip_unknown, "rows_word", &cat.nouns.row),
        (missing, p.skip_missing, "cells_word", &cat.nouns.cell),
        (unmeasured, p.skip_unmeasured, "cases_word", &cat.nouns.case),
    ] {
        if n > 0 {
            let count = lang.number(n as f64, 0);
            reasons.push(fill(phrase, &[("n", &count), (word, noun.form(&count))]));
        }
    }
    let total = unknown + missing + unmeasured;
    (total > 0).then(|| (total, reasons.join(", ")))
}

/// The end: "ok" or the problems found, the first ones in full.
fn problems(scan: &Scan, lang: Lang, out: &mut dyn Write) -> io::Result<()> {
    let p = &lang.cat().p;
    if scan.problems.is_empty() {
        match skipped(&scan.observations.warnings, lang) {
            None => writeln!(out, "  {}", p.check_ok)?,
            Some((n, reasons)) => writeln!(
                out,
                "  {}",
                fill(
                    p.check_ok_skipped,
                    &[("n", &lang.number(n as f64, 0)), ("reasons", &reasons)]
                )
            )?,
        }
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
