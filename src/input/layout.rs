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
                let role = match &self.kind {
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
                                date: Some(i) == self.date,
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
                };
                // The date column is the date, and a span's start or end besides.
                let role = match role {
                    ColumnRole::Timestamp { .. } => role,
                    _ if Some(i) == self.date => ColumnRole::Date,
                    _ => role,
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
        /// The column is the date too (`[columns] date` names it).
        #[serde(skip_serializing_if = "std::ops::Not::not")]
        date: bool,
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
pub(super) fn shown(headers: &[String]) -> Arg {
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
    let h = Header {
        headers,
        registry,
        file,
        line,
    };
    if let Some(events) = h.events()? {
        return Ok(events);
    }
    let spans = h.spans()?;
    let in_span = |i: usize| spans.iter().any(|s| s.start == i || s.end == i);
    // A column may be a span's start or end and the date too: a case belongs to the day its
    // date column says, whatever else reads that column.
    let date = headers.iter().position(|x| registry.is_date_header(x));
    if let Some(long) = h.long(date)? {
        return Ok(long);
    }
    let mut wide = h.wide(&in_span);
    if wide.metrics.is_empty() && spans.is_empty() && wide.problems.is_empty() {
        return Err(Problem::at(file, line, None).says(
            msg!(no_metric_in_header, headers = shown(headers)),
            msg!(layout_expected),
        ));
    }
    Ok(Detected {
        columns: Columns {
            width: headers.len(),
            date,
            kind: ColumnKind::Wide {
                metrics: std::mem::take(&mut wide.metrics),
                spans,
            },
        },
        warnings: wide.warnings,
        problems: wide.problems,
    })
}

/// A header being read: its columns, the metrics they may name, and where it is.
struct Header<'a> {
    headers: &'a [String],
    registry: &'a Registry,
    file: &'a str,
    line: u64,
}

/// The columns of a wide header, and what was found on the way.
struct Wide {
    metrics: Vec<WideColumn>,
    warnings: Vec<Warning>,
    problems: Vec<Problem>,
}

// Once a file, like detect: the size of a Problem in a Result does not matter.
#[allow(clippy::result_large_err)]
impl Header<'_> {
    /// The first column among `names`.
    fn find(&self, names: &[&str]) -> Option<usize> {
        self.headers.iter().position(|h| is_any(h, names))
    }

    /// The column roi.toml names, as it normalises names.
    fn named(&self, name: &str) -> Option<usize> {
        let n = normalize_name(name);
        self.headers.iter().position(|h| normalize_name(h) == n)
    }

    /// A problem in a column of the header.
    fn at(&self, col: usize) -> crate::error::ProblemBuilder {
        Problem::at(self.file, self.line, Some(col as u64 + 1))
    }

    /// roi.toml names a column (`what`) the header lacks.
    fn missing(&self, what: Msg, name: &str) -> Problem {
        let hint = crate::metric::closest(
            &normalize_name(name),
            self.headers.iter().map(|h| h.as_str()),
        )
        .map_or(msg!(nothing), |s| msg!(did_you_mean_quoted, name = s));
        Problem::at(self.file, self.line, None).says(
            msg!(
                config_column_missing,
                name = name,
                what = what,
                hint = hint,
                headers = shown(self.headers)
            ),
            msg!(column_name_exactly),
        )
    }

    /// An event log, when roi.toml describes one and the header has its columns; a problem
    /// when it has some of them only.
    fn events(&self) -> Result<Option<Detected>, Problem> {
        let Some(ev) = &self.registry.rules.events else {
            return Ok(None);
        };
        let cols = [
            (msg!(events_case_column), &ev.case),
            (msg!(events_activity_column), &ev.activity),
            (msg!(events_timestamp_column), &ev.timestamp),
        ];
        let found: Vec<Option<usize>> = cols.iter().map(|(_, n)| self.named(n)).collect();
        if let [Some(case), Some(activity), Some(timestamp)] = found[..] {
            return Ok(Some(Detected {
                columns: Columns {
                    width: self.headers.len(),
                    date: None,
                    kind: ColumnKind::Events {
                        case,
                        activity,
                        timestamp,
                    },
                },
                warnings: Vec::new(),
                problems: Vec::new(),
            }));
        }
        if found.iter().any(Option::is_some) {
            let (what, name) = &cols[found.iter().position(Option::is_none).unwrap_or(0)];
            return Err(self.missing(what.clone(), name));
        }
        Ok(None)
    }

    /// Durations from two timestamps: both columns, or neither (the other file may hold the
    /// durations themselves).
    fn spans(&self) -> Result<Vec<SpanColumn>, Problem> {
        let registry = self.registry;
        let mut spans = Vec::new();
        for s in &registry.rules.spans {
            let Some(id) = registry.lookup(&s.metric) else {
                continue;
            };
            let working = s
                .working
                .unwrap_or_else(|| registry.rules.calendar.as_ref().is_some_and(|c| c.working));
            let metric = || crate::message::metric(&s.metric);
            match (self.named(&s.start), self.named(&s.end)) {
                (Some(start), Some(end)) => spans.push(SpanColumn {
                    id,
                    start,
                    end,
                    working,
                }),
                (None, None) => {}
                (None, Some(_)) => {
                    return Err(self.missing(msg!(span_start_column, metric = metric()), &s.start));
                }
                (Some(_), None) => {
                    return Err(self.missing(msg!(span_end_column, metric = metric()), &s.end));
                }
            }
        }
        Ok(spans)
    }

    /// The long layout (`metric`, `value`, an optional `unit`), or a problem when the header
    /// has one of its columns but not the other, or two of one; None for a wide header.
    fn long(&self, date: Option<usize>) -> Result<Option<Detected>, Problem> {
        let (metric, value) = (self.find(METRIC_HEADERS), self.find(VALUE_HEADERS));
        if metric.is_some() && value.is_some() {
            self.second_role()?;
        }
        match (metric, value) {
            (Some(metric), Some(value)) => Ok(Some(Detected {
                columns: Columns {
                    width: self.headers.len(),
                    date,
                    kind: ColumnKind::Long {
                        metric,
                        value,
                        unit: self.find(UNIT_HEADERS),
                    },
                },
                warnings: Vec::new(),
                problems: Vec::new(),
            })),
            (Some(_), None) => Err(Problem::at(self.file, self.line, None).says(
                msg!(metric_no_value, headers = shown(self.headers)),
                msg!(need_value_column),
            )),
            (None, Some(v)) => Err(self.at(v).says(
                msg!(value_no_metric, headers = shown(self.headers)),
                msg!(need_metric_column),
            )),
            (None, None) => Ok(None),
        }
    }

    /// A second `metric`, `value`, `unit` or date column: which one holds the data is a guess.
    fn second_role(&self) -> Result<(), Problem> {
        let is = |role: &str, h: &String| match role {
            "metric" => is_any(h, METRIC_HEADERS),
            "value" => is_any(h, VALUE_HEADERS),
            "unit" => is_any(h, UNIT_HEADERS),
            _ => self.registry.is_date_header(h),
        };
        for role in ["metric", "value", "unit", "date"] {
            let cols: Vec<usize> = (0..self.headers.len())
                .filter(|&i| is(role, &self.headers[i]))
                .collect();
            if let [first, second, ..] = cols[..] {
                let role = match role {
                    "metric" => msg!(role_metric),
                    "value" => msg!(role_value),
                    "unit" => msg!(role_unit),
                    _ => msg!(role_date),
                };
                return Err(self.at(second).says(
                    msg!(
                        second_role_column,
                        column = second + 1,
                        header = self.headers[second].chars().take(60).collect::<String>(),
                        role = role.clone(),
                        first = first + 1
                    ),
                    msg!(one_role_column, role = role),
                ));
            }
        }
        Ok(())
    }

    /// The wide layout: each column named after a metric (with its unit), the problems of
    /// the columns that name one wrongly, and a word about columns that look like one.
    fn wide(&self, in_span: &dyn Fn(usize) -> bool) -> Wide {
        let registry = self.registry;
        let mut out = Wide {
            metrics: Vec::new(),
            warnings: Vec::new(),
            problems: Vec::new(),
        };
        for (i, h) in self.headers.iter().enumerate() {
            if in_span(i) {
                continue;
            }
            match registry.match_header(h) {
                HeaderMatch::Metric { id, unit } => self.metric_column(&mut out, i, id, unit),
                HeaderMatch::BadUnit { id, unit } => out.problems.push(self.at(i).says(
                    msg!(
                        column_unknown_unit,
                        header = h,
                        metric = crate::message::metric(&registry.def(id).name),
                        unit = unit
                    ),
                    msg!(a_unit_such_as, units = msg!(units_accepted)),
                )),
                HeaderMatch::Date => {}
                // "Did you mean" for the first columns only: a header of thousands of
                // columns must not cost a name search each.
                HeaderMatch::Dimension if i < MAX_SUGGESTED_COLUMNS => {
                    self.dimension(&mut out, i, h)
                }
                HeaderMatch::Dimension => {}
            }
        }
        out
    }

    /// A column named after a metric: its unit must fit, and one column per metric.
    fn metric_column(&self, out: &mut Wide, i: usize, id: MetricId, unit: Unit) {
        let h = &self.headers[i];
        let def = self.registry.def(id);
        let metric = || crate::message::metric(&def.name);
        if (def.kind == Kind::Count) != (unit == Unit::Count) {
            out.problems.push(self.at(i).says(
                msg!(
                    column_gives_unit,
                    header = h,
                    metric = metric(),
                    unit = unit.to_string()
                ),
                if def.kind == Kind::Count {
                    msg!(no_unit_for_count)
                } else {
                    msg!(a_duration_unit, units = msg!(units_accepted))
                },
            ));
            return;
        }
        if let Some(first) = out.metrics.iter().find(|m| m.id == id) {
            out.problems.push(self.at(i).says(
                msg!(
                    second_metric_column,
                    header = h,
                    metric = metric(),
                    first = first.index + 1
                ),
                msg!(one_column_per_metric),
            ));
            return;
        }
        out.metrics.push(WideColumn {
            index: i,
            id,
            unit: UnitSource { unit, column: None },
        });
    }

    /// A column that names no metric but looks like one: a name close to a metric's is a
    /// problem (a typo must not turn a metric into a dimension), a unit in its name a word
    /// of warning; `[input] ignore` silences both.
    fn dimension(&self, out: &mut Wide, i: usize, h: &str) {
        if self.registry.rules.ignore.contains(&normalize_name(h)) {
            return;
        }
        let split = crate::registry::split_bracketed_unit(h);
        let base = split.map_or(h, |(name, _)| name);
        // `cylce_time_h`: the name before a unit suffix may be the typo.
        let normal = normalize_name(h);
        let suffixed = normal
            .rfind('_')
            .filter(|&pos| Unit::parse(&normal[pos + 1..]).is_some())
            .map(|pos| &normal[..pos]);
        let typo = [Some(base), suffixed, Some(h)]
            .into_iter()
            .flatten()
            .find_map(|name| self.registry.typo_of(name));
        if let Some(s) = typo {
            out.problems.push(self.at(i).says(
                msg!(
                    column_near_miss,
                    header = h,
                    hint = msg!(did_you_mean, name = s)
                ),
                msg!(near_miss_expected, name = h),
            ));
            return;
        }
        let unit = split.and_then(|(_, u)| Unit::parse(u).filter(|_| !u.is_empty()));
        let warning = match unit {
            Some(unit) => Some(Warning::ColumnWithUnit {
                file: self.file.to_string(),
                line: self.line,
                column: i as u64 + 1,
                header: h.to_string(),
                unit: unit.to_string(),
            }),
            None => self.registry.suggest(h).map(|s| Warning::ColumnNearMiss {
                file: self.file.to_string(),
                line: self.line,
                column: i as u64 + 1,
                header: h.to_string(),
                suggestion: s.to_string(),
            }),
        };
        out.warnings.extend(warning);
    }
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
        let near: Vec<u64> = detected.problems.iter().filter_map(|p| p.column).collect();
        assert_eq!(near.len(), MAX_SUGGESTED_COLUMNS - 1);
        assert_eq!(near.first(), Some(&2));
        assert_eq!(near.last(), Some(&(MAX_SUGGESTED_COLUMNS as u64)));
    }
}
