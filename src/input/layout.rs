//! Layout detection from the header row: long (`metric,value[,unit][,date]`) or wide (one
//! column per metric, units in the names).

use crate::error::Problem;
use crate::message::msg;
use crate::message::{Arg, Msg};
use crate::metric::{Kind, Unit, normalize_name};
use crate::registry::{HeaderMatch, MetricId, Registry};
use crate::warning::Warning;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Layout {
    /// One observation a row: `metric`, `value`, optional `unit` and `date`.
    Long,
    /// One row per case or period, one column per metric.
    Wide,
    /// One row per event of a case (`[events]`).
    Events,
    /// One row per metric with its statistics, computed elsewhere (docs/method.md#summary-files).
    Summary,
}

/// The unit a value is written in, and the column to blame if it does not fit.
#[derive(Debug, Clone, Copy)]
pub struct UnitSource {
    pub unit: Unit,
    pub column: Option<usize>,
}

#[derive(Debug, Clone)]
pub struct WideColumn {
    pub index: usize,
    pub id: MetricId,
    pub unit: UnitSource,
}

/// A case duration measured per row from two timestamp columns.
#[derive(Debug, Clone)]
pub struct SpanColumn {
    pub id: MetricId,
    pub start: usize,
    pub end: usize,
    /// In working time (`[calendar]`), not elapsed.
    pub working: bool,
}

#[derive(Debug, Clone)]
pub enum ColumnKind {
    Long {
        metric: usize,
        value: usize,
        unit: Option<usize>,
    },
    Wide {
        metrics: Vec<WideColumn>,
        spans: Vec<SpanColumn>,
    },
    /// An event log (`[events]`): one row per event of a case.
    Events {
        case: usize,
        activity: usize,
        timestamp: usize,
    },
}

/// Where things are in a file's rows.
#[derive(Debug, Clone)]
pub struct Columns {
    pub width: usize,
    pub date: Option<usize>,
    pub kind: ColumnKind,
}

impl Columns {
    pub fn layout(&self) -> Layout {
        match self.kind {
            ColumnKind::Long { .. } => Layout::Long,
            ColumnKind::Wide { .. } => Layout::Wide,
            ColumnKind::Events { .. } => Layout::Events,
        }
    }

    /// The columns holding timestamps or dates that may be written with slashes.
    pub fn stamp_columns(&self) -> Vec<usize> {
        let mut out: Vec<usize> = self.date.into_iter().collect();
        match &self.kind {
            ColumnKind::Wide { spans, .. } => {
                out.extend(spans.iter().flat_map(|s| [s.start, s.end]));
            }
            ColumnKind::Events { timestamp, .. } => out.push(*timestamp),
            ColumnKind::Long { .. } => {}
        }
        out
    }

    /// Each header with the role roi gave it, for `roi check`.
    pub fn describe(&self, headers: &[String], registry: &Registry) -> Vec<(String, ColumnRole)> {
        headers
            .iter()
            .enumerate()
            .map(|(i, h)| {
                let role = if Some(i) == self.date {
                    ColumnRole::Date
                } else {
                    match &self.kind {
                        ColumnKind::Long {
                            metric,
                            value,
                            unit,
                        } => {
                            if i == *metric {
                                ColumnRole::MetricName
                            } else if i == *value {
                                ColumnRole::Value
                            } else if Some(i) == *unit {
                                ColumnRole::Unit
                            } else {
                                ColumnRole::Dimension
                            }
                        }
                        ColumnKind::Wide { metrics, spans } => {
                            match (
                                metrics.iter().find(|m| m.index == i),
                                spans.iter().find(|s| s.start == i || s.end == i),
                            ) {
                                (Some(m), _) => ColumnRole::Metric {
                                    metric: registry.def(m.id).name.clone(),
                                    unit: m.unit.unit,
                                },
                                (None, Some(s)) => ColumnRole::Timestamp {
                                    metric: registry.def(s.id).name.clone(),
                                    end: s.end == i,
                                },
                                (None, None) => ColumnRole::Dimension,
                            }
                        }
                        ColumnKind::Events {
                            case,
                            activity,
                            timestamp,
                        } => {
                            if i == *case {
                                ColumnRole::Case
                            } else if i == *activity {
                                ColumnRole::Activity
                            } else if i == *timestamp {
                                ColumnRole::EventTime
                            } else {
                                ColumnRole::Dimension
                            }
                        }
                    }
                };
                (h.clone(), role)
            })
            .collect()
    }
}

/// What roi made of a column.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "role", rename_all = "snake_case")]
pub enum ColumnRole {
    Date,
    /// Long layout: the column naming the metric.
    MetricName,
    /// Long layout: the column with the numbers.
    Value,
    /// Long layout: the column with the units.
    Unit,
    /// Wide layout: a metric in a unit.
    Metric {
        metric: String,
        unit: Unit,
    },
    /// Wide layout: the start (or the end) of a case duration measured from timestamps.
    Timestamp {
        metric: String,
        end: bool,
    },
    /// Event log: the case, the activity, the time of the event.
    Case,
    Activity,
    EventTime,
    /// Any other column: kept as a dimension, not used.
    Dimension,
}

pub struct Detected {
    pub columns: Columns,
    pub warnings: Vec<Warning>,
    pub problems: Vec<Problem>,
}

/// The header for a message: at most ten columns and 200 characters, then how many more.
fn shown(headers: &[String]) -> Arg {
    let mut s = String::new();
    for (i, h) in headers.iter().enumerate() {
        if i == 10 || s.chars().count() > 200 {
            return msg!(header_columns_more, list = s, n = headers.len()).into();
        }
        if i > 0 {
            s.push_str(", ");
        }
        s.extend(h.chars().take(60));
    }
    Arg::Text(s)
}

fn is_any(header: &str, names: &[&str]) -> bool {
    let n = normalize_name(header);
    names.contains(&n.as_str())
}

const METRIC_HEADERS: &[&str] = &["metric", "metryka", "kpi", "measure", "wskaznik", "miara"];
const VALUE_HEADERS: &[&str] = &["value", "wartosc", "val"];
const UNIT_HEADERS: &[&str] = &["unit", "units", "jednostka", "jm"];

/// Dimension columns checked for a near-miss metric name ("did you mean").
const MAX_SUGGESTED_COLUMNS: usize = 200;

/// Reads the header row. `Err` when the file cannot be understood at all. (Once a file: the
/// size of a Problem in the Result does not matter.)
#[allow(clippy::result_large_err)]
pub fn detect(
    headers: &[String],
    registry: &Registry,
    file: &str,
    line: u64,
) -> Result<Detected, Problem> {
    let find = |names: &[&str]| headers.iter().position(|h| is_any(h, names));
    let width = headers.len();
    let named = |name: &str| {
        let n = normalize_name(name);
        headers.iter().position(|h| normalize_name(h) == n)
    };
    let missing = |what: Msg, name: &str| {
        let hint =
            crate::metric::closest(&normalize_name(name), headers.iter().map(|h| h.as_str()))
                .map_or(msg!(nothing), |s| msg!(did_you_mean_quoted, name = s));
        Problem::at(file, line, None).says(
            msg!(
                config_column_missing,
                name = name,
                what = what,
                hint = hint,
                headers = shown(headers)
            ),
            msg!(column_name_exactly),
        )
    };
    // An event log, when roi.toml describes one and the header has its columns.
    if let Some(ev) = &registry.rules.events {
        let cols = [
            (msg!(events_case_column), &ev.case),
            (msg!(events_activity_column), &ev.activity),
            (msg!(events_timestamp_column), &ev.timestamp),
        ];
        let found: Vec<Option<usize>> = cols.iter().map(|(_, n)| named(n)).collect();
        if let [Some(case), Some(activity), Some(timestamp)] = found[..] {
            return Ok(Detected {
                columns: Columns {
                    width,
                    date: None,
                    kind: ColumnKind::Events {
                        case,
                        activity,
                        timestamp,
                    },
                },
                warnings: Vec::new(),
                problems: Vec::new(),
            });
        }
        if found.iter().any(Option::is_some) {
            let (what, name) = &cols[found.iter().position(Option::is_none).unwrap_or(0)];
            return Err(missing(what.clone(), name));
        }
    }
    // Durations from two timestamps: both columns, or neither (the other file may hold the
    // durations themselves).
    let mut spans = Vec::new();
    for s in &registry.rules.spans {
        let Some(id) = registry.lookup(&s.metric) else {
            continue;
        };
        let working = s
            .working
            .unwrap_or_else(|| registry.rules.calendar.as_ref().is_some_and(|c| c.working));
        match (named(&s.start), named(&s.end)) {
            (Some(start), Some(end)) => spans.push(SpanColumn {
                id,
                start,
                end,
                working,
            }),
            (None, None) => {}
            (None, Some(_)) => {
                return Err(missing(
                    msg!(
                        span_start_column,
                        metric = crate::message::metric(&s.metric)
                    ),
                    &s.start,
                ));
            }
            (Some(_), None) => {
                return Err(missing(
                    msg!(span_end_column, metric = crate::message::metric(&s.metric)),
                    &s.end,
                ));
            }
        }
    }
    let in_span = |i: usize| spans.iter().any(|s| s.start == i || s.end == i);
    let date = headers
        .iter()
        .enumerate()
        .position(|(i, h)| !in_span(i) && registry.is_date_header(h));
    let (metric, value) = (find(METRIC_HEADERS), find(VALUE_HEADERS));
    let at = |col: usize| Problem::at(file, line, Some(col as u64 + 1));
    // A second `metric`, `value`, `unit` or date column: which one holds the data is a guess.
    if metric.is_some() && value.is_some() {
        let is = |role: &str, h: &String| match role {
            "metric" => is_any(h, METRIC_HEADERS),
            "value" => is_any(h, VALUE_HEADERS),
            "unit" => is_any(h, UNIT_HEADERS),
            _ => registry.is_date_header(h),
        };
        for role in ["metric", "value", "unit", "date"] {
            let cols: Vec<usize> = (0..width).filter(|&i| is(role, &headers[i])).collect();
            if let [first, second, ..] = cols[..] {
                let role = match role {
                    "metric" => msg!(role_metric),
                    "value" => msg!(role_value),
                    "unit" => msg!(role_unit),
                    _ => msg!(role_date),
                };
                return Err(at(second).says(
                    msg!(
                        second_role_column,
                        column = second + 1,
                        header = headers[second].chars().take(60).collect::<String>(),
                        role = role.clone(),
                        first = first + 1
                    ),
                    msg!(one_role_column, role = role),
                ));
            }
        }
    }
    match (metric, value) {
        (Some(metric), Some(value)) => {
            return Ok(Detected {
                columns: Columns {
                    width,
                    date,
                    kind: ColumnKind::Long {
                        metric,
                        value,
                        unit: find(UNIT_HEADERS),
                    },
                },
                warnings: Vec::new(),
                problems: Vec::new(),
            });
        }
        (Some(_), None) => {
            return Err(Problem::at(file, line, None).says(
                msg!(metric_no_value, headers = shown(headers)),
                msg!(need_value_column),
            ));
        }
        (None, Some(v)) => {
            return Err(at(v).says(
                msg!(value_no_metric, headers = shown(headers)),
                msg!(need_metric_column),
            ));
        }
        (None, None) => {}
    }
    let mut metrics: Vec<WideColumn> = Vec::new();
    let mut warnings = Vec::new();
    let mut problems = Vec::new();
    for (i, h) in headers.iter().enumerate() {
        if in_span(i) {
            continue;
        }
        match registry.match_header(h) {
            HeaderMatch::Metric { id, unit } => {
                let def = registry.def(id);
                if (def.kind == Kind::Count) != (unit == Unit::Count) {
                    problems.push(at(i).says(
                        msg!(
                            column_gives_unit,
                            header = h,
                            metric = crate::message::metric(&def.name),
                            unit = unit.to_string()
                        ),
                        if def.kind == Kind::Count {
                            msg!(no_unit_for_count)
                        } else {
                            msg!(a_duration_unit, units = msg!(units_accepted))
                        },
                    ));
                    continue;
                }
                if let Some(first) = metrics.iter().find(|m| m.id == id) {
                    problems.push(at(i).says(
                        msg!(
                            second_metric_column,
                            header = h,
                            metric = crate::message::metric(&def.name),
                            first = first.index + 1
                        ),
                        msg!(one_column_per_metric),
                    ));
                    continue;
                }
                metrics.push(WideColumn {
                    index: i,
                    id,
                    unit: UnitSource { unit, column: None },
                });
            }
            HeaderMatch::BadUnit { id, unit } => problems.push(at(i).says(
                msg!(
                    column_unknown_unit,
                    header = h,
                    metric = crate::message::metric(&registry.def(id).name),
                    unit = unit
                ),
                msg!(a_unit_such_as, units = msg!(units_accepted)),
            )),
            HeaderMatch::Date => {}
            HeaderMatch::Dimension => {
                // "Did you mean" for the first columns only: a header of thousands of
                // columns must not cost a name search each.
                if i >= MAX_SUGGESTED_COLUMNS {
                    continue;
                }
                let unit = crate::registry::split_bracketed_unit(h)
                    .and_then(|(_, u)| Unit::parse(u).filter(|_| !u.is_empty()));
                if let Some(unit) = unit {
                    warnings.push(Warning::ColumnWithUnit {
                        file: file.to_string(),
                        line,
                        column: i as u64 + 1,
                        header: h.clone(),
                        unit: unit.to_string(),
                    });
                } else if let Some(s) = registry.suggest(h) {
                    warnings.push(Warning::ColumnNearMiss {
                        file: file.to_string(),
                        line,
                        column: i as u64 + 1,
                        header: h.clone(),
                        suggestion: s.to_string(),
                    });
                }
            }
        }
    }
    if metrics.is_empty() && spans.is_empty() && problems.is_empty() {
        return Err(Problem::at(file, line, None).says(
            msg!(no_metric_in_header, headers = shown(headers)),
            msg!(layout_expected),
        ));
    }
    Ok(Detected {
        columns: Columns {
            width,
            date,
            kind: ColumnKind::Wide { metrics, spans },
        },
        warnings,
        problems,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn near_misses_are_looked_for_in_the_first_columns_only() {
        let registry = Registry::new(&[], &[], None);
        let mut headers = vec!["errors".to_string()];
        headers.extend((0..300).map(|_| "cycle_tme".to_string()));
        let detected = detect(&headers, &registry, "t.csv", 1).unwrap();
        let near: Vec<u64> = detected
            .warnings
            .iter()
            .filter_map(|w| match w {
                Warning::ColumnNearMiss { column, .. } => Some(*column),
                _ => None,
            })
            .collect();
        assert_eq!(near.len(), MAX_SUGGESTED_COLUMNS - 1);
        assert_eq!(near.first(), Some(&2));
        assert_eq!(near.last(), Some(&(MAX_SUGGESTED_COLUMNS as u64)));
    }
}
