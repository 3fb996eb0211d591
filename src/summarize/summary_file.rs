//! The summary layout (docs/method.md#summary-files): one row per metric (optionally per week and per
//! segment) with the statistics an engine computed where the data lives — `n`, `mean`,
//! `std`, `min`, `max`, `median`, `p90`, `p95`, `within_sla`, `sla_target`, `total` and the
//! window (`days`, or `first_day`/`last_day`). It becomes a [`SideSummary`] directly: the
//! same figures the raw rows would give. A statistic the file lacks is missing, never
//! estimated: whatever needs it is left out, and a warning says so.

use super::observed::rate_stats;
use super::side::{CaseStats, MetricSummary, Side, SideSummary, Stats, WeekPoint, Window};
use super::summary_rows::{Metrics, Parser, Row};
use crate::assumptions::Assumptions;
use crate::error::{Problem, RoiError};
use crate::input::{FileInfo, Layout};
use crate::message::Arg;
use crate::message::msg;
use crate::metric::Kind;
use crate::registry::{MetricDef, Registry};
use crate::warning::Warning;
use std::collections::BTreeMap;
use std::io::Read as _;
use std::path::Path;

/// What a summary must be: a `metric` column, no `value` column, and a statistic.
fn looks_like_summary(headers: &[String]) -> bool {
    let has = |h: &str| headers.iter().any(|x| x == h);
    has("metric") && !has("value") && (has("n") || has("mean") || has("total"))
}

/// The header of a CSV file, lower case and trimmed; None when it is not text.
fn header(path: &Path) -> Option<(Vec<String>, u8)> {
    use std::io::Read;
    let mut head = vec![0u8; 64 << 10];
    let mut f = std::fs::File::open(path).ok()?;
    let n = f.read(&mut head).ok()?;
    head.truncate(n);
    header_of(&String::from_utf8_lossy(&head))
}

/// True when the first bytes of a file are a header in the summary layout.
pub fn head_is_summary(head: &[u8]) -> bool {
    header_of(&String::from_utf8_lossy(head)).is_some_and(|(h, _)| looks_like_summary(&h))
}

/// The header of CSV text and its delimiter.
fn header_of(text: &str) -> Option<(Vec<String>, u8)> {
    let text = text.trim_start_matches('\u{feff}');
    let first = text.lines().next()?;
    let delimiter = crate::input::source::sniff_delimiter(first.as_bytes());
    let headers = first
        .split(delimiter as char)
        .map(|h| h.trim().trim_matches('"').trim().to_ascii_lowercase())
        .collect();
    Some((headers, delimiter))
}

/// True when `path` is a CSV file in the summary layout.
pub fn is_summary(path: &Path) -> bool {
    // Only a regular file is peeked at: a pipe or a FIFO can be read once.
    !crate::input::workbook::is_workbook(path)
        && path != Path::new(crate::input::source::STDIN)
        && std::fs::metadata(path).is_ok_and(|m| m.is_file())
        && header(path).is_some_and(|(h, _)| looks_like_summary(&h))
}

/// Reads a summary file as one side, with its segments when `--by` is set.
pub fn read(
    path: &Path,
    side: Side,
    registry: &Registry,
    a: &Assumptions,
) -> Result<SideSummary, RoiError> {
    let name = path.display().to_string();
    if !std::fs::metadata(path).is_ok_and(|m| m.is_file()) {
        let bytes = match crate::input::Stream::open(path)? {
            Some(s) => s.into_whole(crate::input::MAX_SUMMARY_BYTES)?,
            None => Vec::new(),
        };
        return read_text(&String::from_utf8_lossy(&bytes), &name, side, registry, a);
    }
    let bytes = std::fs::File::open(path)
        .and_then(|f| {
            let mut bytes = Vec::new();
            f.take(crate::input::MAX_SUMMARY_BYTES + 1)
                .read_to_end(&mut bytes)
                .map(|_| bytes)
        })
        .map_err(|e| {
            RoiError::one(Problem::in_file(&name).says(
                msg!(cannot_read_file, reason = e.to_string()),
                msg!(a_readable_file),
            ))
        })?;
    if bytes.len() as u64 > crate::input::MAX_SUMMARY_BYTES {
        return Err(crate::input::too_large(
            &name,
            crate::input::MAX_SUMMARY_BYTES,
        ));
    }
    read_text(&String::from_utf8_lossy(&bytes), &name, side, registry, a)
}

/// Reads a summary from its text; `name` names it in messages.
pub fn read_text(
    text: &str,
    name: &str,
    side: Side,
    registry: &Registry,
    a: &Assumptions,
) -> Result<SideSummary, RoiError> {
    let text = text.trim_start_matches('\u{feff}');
    let Some((headers, delimiter)) = header_of(text) else {
        return Err(RoiError::one(
            Problem::in_file(name).says(msg!(summary_no_header), msg!(a_csv_summary)),
        ));
    };
    let mut parser = Parser::new(name, &headers, registry);
    parser.rows(text, delimiter);
    let window = parser.window(a, side);
    let mut parsed = parser.parsed;
    let needs_window: Vec<&str> = parsed
        .whole
        .keys()
        .filter(|id| registry.def(**id).kind != Kind::CaseDuration)
        .map(|id| registry.def(*id).name.as_str())
        .collect();
    if window.is_none() && !needs_window.is_empty() && parsed.problems.is_empty() {
        parsed.problems.push(Problem::at(name, 1, None).says(
            msg!(
                summary_no_window,
                metrics = Arg::Metrics(needs_window.iter().map(|m| m.to_string()).collect())
            ),
            msg!(summary_window_fix, key = format!("{}_days", side.as_str())),
        ));
    }
    if !parsed.problems.is_empty() {
        return Err(RoiError::Input {
            problems: parsed.problems,
            more: 0,
        });
    }
    let file = FileInfo {
        path: name.to_string(),
        layout: Layout::Summary,
        delimiter: match delimiter {
            b'\t' => "tab".to_string(),
            d => (d as char).to_string(),
        },
        encoding: "UTF-8".into(),
        rows: 0,
        date_column: None,
        first_day: parsed.first_day,
        last_day: parsed.last_day,
        undated_rows: 0,
        columns: Vec::new(),
    };
    let built = |rows: &Metrics, warnings: &mut Vec<Warning>| {
        build(
            name,
            file.clone(),
            rows,
            window.clone(),
            side,
            registry,
            a,
            warnings,
        )
    };
    let mut warnings = parsed.warnings;
    let mut out = built(&parsed.whole, &mut warnings);
    out.warnings = warnings;
    for (seg, rows) in &parsed.segments {
        out.segments
            .insert(seg.clone(), built(rows, &mut Vec::new()));
    }
    Ok(out)
}

/// The side (or a segment of it) from its rows.
#[allow(clippy::too_many_arguments)]
fn build(
    file_name: &str,
    file: FileInfo,
    rows: &Metrics,
    window: Option<Window>,
    side: Side,
    registry: &Registry,
    a: &Assumptions,
    warnings: &mut Vec<Warning>,
) -> SideSummary {
    let row_of = |name: &str| {
        let id = registry.lookup(name)?;
        rows.get(&id)?.whole.as_ref()
    };
    let cases = ["cycle_time", "response_time"].iter().find_map(|m| {
        let n = row_of(m)?.get("n")?;
        (n > 0.0).then(|| (n as u64, m.to_string()))
    });
    let months = window.as_ref().map(Window::months);
    let cases_per_month = match (&cases, months) {
        (Some((n, _)), Some(m)) if m > 0.0 => Some(*n as f64 / m),
        _ => None,
    };
    let mut metrics = Vec::new();
    for (id, r) in rows {
        let def = registry.def(*id);
        let Some(row) = &r.whole else { continue };
        let mut missing: Vec<&'static str> = Vec::new();
        let stats = match def.kind {
            Kind::CaseDuration => {
                let ctx = (file_name, def, a);
                case_stats(ctx, row, &r.weekly, &mut missing, warnings)
            }
            _ => rate_from_row(
                def,
                row,
                window.as_ref(),
                cases.as_ref(),
                side,
                a,
                &mut missing,
            ),
        };
        if !missing.is_empty() {
            warnings.push(Warning::SummaryMissing {
                file: file_name.to_string(),
                metric: def.name.clone(),
                missing: missing.iter().map(|s| s.to_string()).collect(),
            });
        }
        metrics.push(MetricSummary {
            name: def.name.clone(),
            kind: def.kind,
            unit: def.unit,
            stats: Some(stats),
        });
    }
    SideSummary {
        side,
        file: file.into(),
        window,
        cases,
        cases_per_month,
        metrics,
        warnings: Vec::new(),
        segments: BTreeMap::new(),
        unranked: Vec::new(),
        pooled: None,
    }
}

/// A case-duration metric's statistics from its summary row and weekly rows; what the row
/// lacks goes to `missing`, an SLA target other than roi.toml's to `warnings`.
fn case_stats(
    (file_name, def, a): (&str, &MetricDef, &Assumptions),
    row: &Row,
    weekly_rows: &[(i32, Row)],
    missing: &mut Vec<&'static str>,
    warnings: &mut Vec<Warning>,
) -> Stats {
    let n = row.get("n").unwrap_or(0.0) as u64;
    let mean = row.get("mean").unwrap_or(f64::NAN);
    let mut stat = |k: &'static str| {
        row.get(k).unwrap_or_else(|| {
            missing.push(k);
            f64::NAN
        })
    };
    let (median, p90, p95, min, max) = (
        stat("median"),
        stat("p90"),
        stat("p95"),
        stat("min"),
        stat("max"),
    );
    let std = match row.get("std") {
        Some(s) => Some(s),
        None if n > 1 => {
            missing.push("std");
            None
        }
        None => None,
    };
    // Per-case SLA (a column, or targets by a dimension): the share of the cases whose
    // verdict is known (`sla_cases`, else every case), with no single target.
    let per_case = a.rules.sla_per_case(&def.name);
    let target = a
        .sla_hours
        .get(&def.name)
        .and_then(|t| Some(t.value / def.unit.hours()?))
        .filter(|_| !per_case);
    let known = row.get("sla_cases").unwrap_or(n as f64);
    let sla_share = match (target.is_some() || per_case, row.get("within_sla")) {
        (true, Some(w)) => (known > 0.0).then(|| w / known),
        (true, None) => {
            missing.push("within_sla");
            None
        }
        _ => None,
    };
    if let (Some(t), Some(st)) = (target, row.get("sla_target"))
        && (t - st).abs() > 1e-9 * t.abs().max(1.0)
    {
        warnings.push(Warning::SummarySlaTarget {
            file: file_name.to_string(),
            metric: def.name.clone(),
            summary: st,
            config: t,
            unit: def.unit,
        });
    }
    let mut weekly: Vec<WeekPoint> = weekly_rows
        .iter()
        .filter_map(|(w, row)| {
            Some(WeekPoint {
                week_start: w * 7 - 3,
                n: row.get("n")? as u64,
                mean: row.get("mean")?,
            })
        })
        .collect();
    weekly.sort_by_key(|w| w.week_start);
    Stats::Case(CaseStats {
        n,
        mean,
        median,
        p90,
        p95,
        min,
        max,
        std,
        cv: std.filter(|_| mean > 0.0).map(|s| s / mean),
        sla_target: target,
        sla_share,
        sla_per_case: per_case,
        missing: 0,
        weekly,
        // Only the percentiles above: the distribution charts need all of them.
        quantiles: Vec::new(),
    })
}

/// A count or period metric's statistics from its summary row: Σx² from n, the mean and
/// the sample standard deviation.
fn rate_from_row(
    def: &MetricDef,
    row: &Row,
    window: Option<&Window>,
    cases: Option<&(u64, String)>,
    side: Side,
    a: &Assumptions,
    missing: &mut Vec<&'static str>,
) -> Stats {
    let total = row
        .get("total")
        .or_else(|| Some(row.get("n")? * row.get("mean")?))
        .unwrap_or(0.0);
    let n = row.get("n");
    // Σx² from n, the mean and the sample std: (n − 1)·s² + n·mean².
    let sum_sq = match (n, row.get("std")) {
        (Some(n), Some(s)) if n > 0.0 => {
            let mean = total / n;
            (n - 1.0) * s * s + n * mean * mean
        }
        _ => {
            missing.push("std");
            f64::NAN
        }
    };
    if n.is_none() {
        missing.push("n");
    }
    Stats::Rate(rate_stats(
        (def.kind, def.unit),
        (n.unwrap_or(0.0) as u64, total, sum_sq, 0),
        window,
        cases.map(|c| c.0),
        side,
        a,
    ))
}
