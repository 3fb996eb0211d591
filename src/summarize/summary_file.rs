//! The summary layout (PRODUCT.md §1): one row per metric (optionally per week and per
//! segment) with the statistics an engine computed where the data lives — `n`, `mean`,
//! `std`, `min`, `max`, `median`, `p90`, `p95`, `within_sla`, `sla_target`, `total` and the
//! window (`days`, or `first_day`/`last_day`). It becomes a [`SideSummary`] directly: the
//! same figures the raw rows would give. A statistic the file lacks is missing, never
//! estimated: whatever needs it is left out, and a warning says so.

use super::observed::rate_stats;
use super::side::{CaseStats, MetricSummary, Side, SideSummary, Stats, WeekPoint, Window};
use crate::assumptions::{Assumptions, Source};
use crate::error::{Problem, RoiError};
use crate::input::{FileInfo, Layout};
use crate::metric::{Kind, MetricId, Registry, Unit};
use crate::value::{self, format_day};
use crate::warning::Warning;
use std::collections::BTreeMap;
use std::path::Path;

/// The statistic columns a summary may have, as they are written in the header.
const STATS: [&str; 11] = [
    "n",
    "mean",
    "std",
    "min",
    "max",
    "median",
    "p90",
    "p95",
    "within_sla",
    "sla_target",
    "total",
];

/// The columns of a summary roi reads, besides the statistics.
const OTHER: [&str; 7] = [
    "metric",
    "unit",
    "days",
    "first_day",
    "last_day",
    "week",
    "segment",
];

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

/// One row's statistics, in the metric's unit; None where the row has none.
#[derive(Debug, Clone, Default)]
struct Row {
    line: u64,
    values: BTreeMap<&'static str, f64>,
}

impl Row {
    fn get(&self, k: &str) -> Option<f64> {
        self.values.get(k).copied()
    }
}

/// A metric's rows on one side (or in one segment): the whole period, and per week.
#[derive(Debug, Default)]
struct Rows {
    whole: Option<Row>,
    weekly: Vec<(i32, Row)>,
}

type Metrics = BTreeMap<MetricId, Rows>;

/// Reads a summary file as one side, with its segments when `--by` is set.
pub fn read(
    path: &Path,
    side: Side,
    registry: &Registry,
    a: &Assumptions,
) -> Result<SideSummary, RoiError> {
    let name = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| {
        RoiError::one(
            Problem::in_file(&name).says(format!("cannot read the file: {e}"), "a readable file"),
        )
    })?;
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
    let name = name.to_string();
    let text = text.trim_start_matches('\u{feff}');
    let Some((headers, delimiter)) = header_of(text) else {
        return Err(RoiError::one(Problem::in_file(&name).says(
            "the summary has no header",
            "a CSV summary: metric, n, mean, … (PRODUCT.md §1)",
        )));
    };
    let mut problems: Vec<Problem> = Vec::new();
    let mut warnings: Vec<Warning> = Vec::new();
    let col = |h: &str| headers.iter().position(|x| x == h);
    for (i, h) in headers.iter().enumerate() {
        if !h.is_empty() && !STATS.contains(&h.as_str()) && !OTHER.contains(&h.as_str()) {
            problems.push(Problem::at(&name, 1, Some(i as u64 + 1)).says(
                format!("unknown column '{h}' in a summary"),
                format!("one of: {}, {}", OTHER.join(", "), STATS.join(", ")),
            ));
        }
    }
    let by_segment = registry.rules.by.is_some();
    let (mut first_day, mut last_day, mut days): (Option<i32>, Option<i32>, Option<(u32, u64)>) =
        (None, None, None);
    let mut whole: Metrics = BTreeMap::new();
    let mut segments: BTreeMap<String, Metrics> = BTreeMap::new();
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(true)
        .flexible(false)
        .from_reader(text.as_bytes());
    for (k, record) in reader.records().enumerate() {
        let line = k as u64 + 2;
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                problems.push(Problem::at(&name, line, None).says(
                    format!("the row cannot be read: {e}"),
                    format!("{} fields like the header", headers.len()),
                ));
                continue;
            }
        };
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let field = |h: &str| {
            col(h)
                .and_then(|i| record.get(i))
                .map(str::trim)
                .filter(|s| !s.is_empty())
        };
        let Some(metric) = field("metric") else {
            problems.push(
                Problem::at(&name, line, col("metric").map(|i| i as u64 + 1))
                    .says("no metric name", "a metric such as cycle_time or errors"),
            );
            continue;
        };
        let Some(id) = registry.lookup(metric) else {
            warnings.push(Warning::UnknownMetric {
                file: name.clone(),
                line,
                suggestion: registry.suggest(metric).map(str::to_string),
                name: metric.to_string(),
                rows: 1,
            });
            continue;
        };
        let def = registry.def(id);
        // The unit of the row's durations; a count has none.
        let unit = match field("unit") {
            None => def.unit,
            Some(u) => match Unit::parse(u) {
                Some(u) => u,
                None => {
                    problems.push(
                        Problem::at(&name, line, col("unit").map(|i| i as u64 + 1)).says(
                            format!("unknown unit '{u}'"),
                            format!("a unit: {}", Unit::ACCEPTED),
                        ),
                    );
                    continue;
                }
            },
        };
        let Some(factor) = unit.factor_to(def.unit) else {
            problems.push(
                Problem::at(&name, line, col("unit").map(|i| i as u64 + 1)).says(
                    format!("unit '{unit}' does not fit {}", def.name),
                    if def.kind == Kind::Count {
                        "count (or an empty unit), because it is a count".to_string()
                    } else {
                        format!(
                            "a duration unit ({}), because it is a duration",
                            Unit::ACCEPTED
                        )
                    },
                ),
            );
            continue;
        };
        let mut row = Row {
            line,
            values: BTreeMap::new(),
        };
        let mut bad = false;
        for s in STATS {
            let Some(raw) = field(s) else { continue };
            match value::parse_number(raw) {
                Ok(v) if v.is_finite() => {
                    // Durations in the metric's unit; counts and shares as they are.
                    let scaled = match s {
                        "n" | "within_sla" => v,
                        "total" if def.kind == Kind::Count => v,
                        _ if def.kind == Kind::Count => v,
                        _ => v * factor,
                    };
                    row.values.insert(s, scaled);
                }
                _ => {
                    problems.push(Problem::at(&name, line, col(s).map(|i| i as u64 + 1)).says(
                        format!("'{raw}' in {s} is not a number"),
                        "a number like 6.05",
                    ));
                    bad = true;
                }
            }
        }
        for (k, d) in [("first_day", &mut first_day), ("last_day", &mut last_day)] {
            if let Some(raw) = field(k) {
                match value::parse_date(raw) {
                    Some(day) => {
                        *d = Some(match (*d, k) {
                            (Some(x), "first_day") => x.min(day),
                            (Some(x), _) => x.max(day),
                            (None, _) => day,
                        })
                    }
                    None => {
                        problems.push(Problem::at(&name, line, col(k).map(|i| i as u64 + 1)).says(
                            format!("'{raw}' in {k} is not a date"),
                            "a date like 2026-09-01",
                        ));
                        bad = true;
                    }
                }
            }
        }
        if let Some(raw) = field("days") {
            match raw.parse::<u32>() {
                Ok(d) if d > 0 => match days {
                    Some((x, _)) if x != d => {
                        problems.push(
                            Problem::at(&name, line, col("days").map(|i| i as u64 + 1)).says(
                                format!("days {d} differs from {x} on an earlier row"),
                                "one window for the whole file",
                            ),
                        );
                        bad = true;
                    }
                    _ => days = Some((d, line)),
                },
                _ => {
                    problems.push(
                        Problem::at(&name, line, col("days").map(|i| i as u64 + 1)).says(
                            format!("'{raw}' in days is not a number of days"),
                            "a whole number of days above 0, like 30",
                        ),
                    );
                    bad = true;
                }
            }
        }
        if bad {
            continue;
        }
        if let Err(p) = check(&row, def.kind, &name, &col) {
            problems.push(p);
            continue;
        }
        let target = match field("segment") {
            Some(s) if by_segment => segments.entry(s.to_string()).or_default(),
            // Without --by the segments' rows are not needed.
            Some(_) => continue,
            None => &mut whole,
        };
        let rows = target.entry(id).or_default();
        match field("week") {
            Some(w) => match value::parse_date(w) {
                // The week of the date, Monday first, as the raw rows are grouped.
                Some(day) => rows.weekly.push(((day + 3).div_euclid(7), row)),
                None => problems.push(
                    Problem::at(&name, line, col("week").map(|i| i as u64 + 1)).says(
                        format!("'{w}' in week is not a date"),
                        "the week's first day, like 2026-09-07",
                    ),
                ),
            },
            None => {
                if let Some(prev) = &rows.whole {
                    problems.push(Problem::at(&name, line, None).says(
                        format!("{} appears twice (also on line {})", def.name, prev.line),
                        "one row per metric (per week or segment when those columns are set)",
                    ));
                } else {
                    rows.whole = Some(row);
                }
            }
        }
    }
    // The window: the dates the rows give, else days, else roi.toml's.
    let window = match (first_day, last_day, days) {
        (Some(f), Some(l), d) if l >= f => {
            let span = (l - f + 1) as u32;
            if let Some((d, line)) = d.filter(|(d, _)| *d != span) {
                problems.push(
                    Problem::at(&name, line, col("days").map(|i| i as u64 + 1)).says(
                        format!("days {d} differs from first_day to last_day ({span} days)"),
                        "days equal to the dates' span, or only one of them",
                    ),
                );
            }
            Some(Window {
                days: span,
                source: Source::Data,
                first: Some(format_day(f)),
                last: Some(format_day(l)),
            })
        }
        (Some(_), Some(_), _) => {
            problems.push(Problem::in_file(&name).says(
                "last_day is before first_day",
                "first_day on or before last_day",
            ));
            None
        }
        (None, None, Some((d, _))) => Some(Window {
            days: d,
            source: Source::Data,
            first: None,
            last: None,
        }),
        (f, l, _) if f.is_some() != l.is_some() => {
            problems.push(Problem::in_file(&name).says(
                "the summary has only one of first_day and last_day",
                "both first_day and last_day, or days",
            ));
            None
        }
        _ => a.window_days(side == Side::Today).map(|days| Window {
            days,
            source: Source::Config,
            first: None,
            last: None,
        }),
    };
    let needs_window: Vec<&str> = whole
        .keys()
        .filter(|id| registry.def(**id).kind != Kind::CaseDuration)
        .map(|id| registry.def(*id).name.as_str())
        .collect();
    if window.is_none() && !needs_window.is_empty() && problems.is_empty() {
        problems.push(Problem::at(&name, 1, None).says(
            format!(
                "{} summed over a period, but the summary has no window, so roi cannot tell how long that period was",
                needs_window.join(" and ")
            ),
            format!(
                "a days column (or first_day and last_day) in the summary, or in roi.toml:\n  [window]\n  {}_days = 30",
                side.as_str()
            ),
        ));
    }
    if !problems.is_empty() {
        return Err(RoiError::Input { problems, more: 0 });
    }
    let file = FileInfo {
        path: name.clone(),
        layout: Layout::Summary,
        delimiter: match delimiter {
            b'\t' => "tab".to_string(),
            d => (d as char).to_string(),
        },
        encoding: "UTF-8".into(),
        rows: 0,
        date_column: None,
        first_day,
        last_day,
        undated_rows: 0,
        columns: Vec::new(),
    };
    let mut out = build(
        &name,
        file.clone(),
        &whole,
        window.clone(),
        side,
        registry,
        a,
        &mut warnings,
    );
    out.warnings = warnings;
    for (seg, rows) in &segments {
        let mut ignored = Vec::new();
        let s = build(
            &name,
            file.clone(),
            rows,
            window.clone(),
            side,
            registry,
            a,
            &mut ignored,
        );
        out.segments.insert(seg.clone(), s);
    }
    Ok(out)
}

/// The statistics that contradict each other, as a located problem.
#[allow(clippy::result_large_err)]
fn check(
    row: &Row,
    kind: Kind,
    name: &str,
    col: &dyn Fn(&str) -> Option<usize>,
) -> Result<(), Problem> {
    let at = |c: &str| Problem::at(name, row.line, col(c).map(|i| i as u64 + 1));
    if let Some(n) = row.get("n")
        && (n <= 0.0 || n.fract() != 0.0)
    {
        return Err(at("n").says(
            format!("n of {n}: a summary of no observations"),
            "n, the number of observations, a whole number above 0",
        ));
    }
    if let Some(s) = row.get("std").filter(|s| *s < 0.0) {
        return Err(at("std").says(
            format!("a negative std ({s})"),
            "a standard deviation of 0 or more",
        ));
    }
    if let (Some(w), Some(n)) = (row.get("within_sla"), row.get("n"))
        && (w > n || w < 0.0 || w.fract() != 0.0)
    {
        return Err(at("within_sla").says(
            format!("within_sla {w} with n {n}"),
            "the number of cases within the SLA: a whole number from 0 to n",
        ));
    }
    if row.get("within_sla").is_some() && row.get("n").is_none() {
        return Err(at("within_sla").says(
            "within_sla without n",
            "n, the number of cases, beside within_sla",
        ));
    }
    if kind == Kind::CaseDuration {
        // The order of the distribution: min ≤ median ≤ p90 ≤ p95 ≤ max, the mean within.
        let order = ["min", "median", "p90", "p95", "max"];
        let present: Vec<(&str, f64)> = order
            .iter()
            .filter_map(|k| Some((*k, row.get(k)?)))
            .collect();
        for w in present.windows(2) {
            let ((lo_k, lo), (hi_k, hi)) = (w[0], w[1]);
            if hi < lo {
                return Err(at(hi_k).says(
                    format!("{hi_k} {hi} is below {lo_k} {lo}"),
                    format!("{hi_k} at or above {lo_k} (min ≤ median ≤ p90 ≤ p95 ≤ max)"),
                ));
            }
        }
        if let (Some(m), Some(lo), Some(hi)) = (row.get("mean"), row.get("min"), row.get("max"))
            && (m < lo || m > hi)
        {
            return Err(at("mean").says(
                format!("mean {m} outside min {lo} to max {hi}"),
                "a mean between min and max",
            ));
        }
        if row.get("mean").is_none() {
            return Err(at("mean").says(
                "a case duration without its mean",
                "mean, the average duration, beside n",
            ));
        }
        if row.get("n").is_none() {
            return Err(at("n").says(
                "a case duration without n",
                "n, the number of cases, beside the mean",
            ));
        }
    } else if row.get("total").is_none() && (row.get("n").is_none() || row.get("mean").is_none()) {
        return Err(at("total").says(
            "a count or a period duration without its total",
            "total (or n and mean) over the window",
        ));
    }
    Ok(())
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
                let target = a
                    .sla_hours
                    .get(&def.name)
                    .and_then(|t| Some(t.value / def.unit.hours()?));
                let sla_share = match (target, row.get("within_sla")) {
                    (Some(_), Some(w)) => Some(w / n as f64),
                    (Some(_), None) => {
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
                let mut weekly: Vec<WeekPoint> = r
                    .weekly
                    .iter()
                    .filter_map(|(w, row)| {
                        Some(WeekPoint {
                            week_start: format_day(w * 7 - 3),
                            n: row.get("n")? as u64,
                            mean: row.get("mean")?,
                        })
                    })
                    .collect();
                weekly.sort_by(|x, y| x.week_start.cmp(&y.week_start));
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
                    missing: 0,
                    weekly,
                    // Only the percentiles above: the distribution charts need all of them.
                    quantiles: Vec::new(),
                })
            }
            _ => {
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
                    window.as_ref(),
                    cases.as_ref().map(|c| c.0),
                    side,
                    a,
                ))
            }
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
        file,
        window,
        cases,
        cases_per_month,
        metrics,
        warnings: Vec::new(),
        segments: BTreeMap::new(),
    }
}
