//! Layout detection from the header row: long (`metric,value[,unit][,date]`) or wide (one
//! column per metric, units in the names).

use crate::error::Problem;
use crate::metric::{HeaderMatch, Kind, MetricId, Registry, Unit, normalize_name};
use crate::warning::Warning;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Layout {
    /// One observation a row: `metric`, `value`, optional `unit` and `date`.
    Long,
    /// One row per case or period, one column per metric.
    Wide,
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

#[derive(Debug, Clone)]
pub enum ColumnKind {
    Long {
        metric: usize,
        value: usize,
        unit: Option<usize>,
    },
    Wide {
        metrics: Vec<WideColumn>,
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
        }
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
                        ColumnKind::Wide { metrics } => match metrics.iter().find(|m| m.index == i)
                        {
                            Some(m) => ColumnRole::Metric {
                                metric: registry.def(m.id).name.clone(),
                                unit: m.unit.unit,
                            },
                            None => ColumnRole::Dimension,
                        },
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
    /// Any other column: kept as a dimension, not used.
    Dimension,
}

pub struct Detected {
    pub columns: Columns,
    pub warnings: Vec<Warning>,
    pub problems: Vec<Problem>,
}

/// The header for a message: at most ten columns and 200 characters, then how many more.
fn shown(headers: &[String]) -> String {
    let mut s = String::new();
    for (i, h) in headers.iter().enumerate() {
        if i == 10 || s.chars().count() > 200 {
            s.push_str(&format!(", … {} columns in all", headers.len()));
            return s;
        }
        if i > 0 {
            s.push_str(", ");
        }
        s.extend(h.chars().take(60));
    }
    s
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

/// Reads the header row. `Err` when the file cannot be understood at all.
pub fn detect(
    headers: &[String],
    registry: &Registry,
    file: &str,
    line: u64,
) -> Result<Detected, Problem> {
    let find = |names: &[&str]| headers.iter().position(|h| is_any(h, names));
    let date = headers.iter().position(|h| registry.is_date_header(h));
    let width = headers.len();
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
                return Err(at(second).says(
                    format!(
                        "column {} ('{}') is a second {role} column (the first is column {})",
                        second + 1,
                        headers[second].chars().take(60).collect::<String>(),
                        first + 1
                    ),
                    format!("one {role} column; rename or remove the other"),
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
                format!(
                    "the header has a metric column but no value column ({})",
                    shown(headers)
                ),
                "a 'value' column with the numbers (long layout: metric,value[,unit][,date])",
            ));
        }
        (None, Some(v)) => {
            return Err(at(v).says(
                format!("the header has a value column but no metric column ({})", shown(headers)),
                "a 'metric' column naming what each value measures (long layout: metric,value[,unit][,date])",
            ));
        }
        (None, None) => {}
    }
    let mut metrics: Vec<WideColumn> = Vec::new();
    let mut warnings = Vec::new();
    let mut problems = Vec::new();
    for (i, h) in headers.iter().enumerate() {
        match registry.match_header(h) {
            HeaderMatch::Metric { id, unit } => {
                let def = registry.def(id);
                if (def.kind == Kind::Count) != (unit == Unit::Count) {
                    problems.push(at(i).says(
                        format!("column '{h}' gives {} the unit '{unit}'", def.name),
                        if def.kind == Kind::Count {
                            "no unit (or count) for a count".to_string()
                        } else {
                            format!("a duration unit: {}", Unit::ACCEPTED)
                        },
                    ));
                    continue;
                }
                if let Some(first) = metrics.iter().find(|m| m.id == id) {
                    problems.push(at(i).says(
                        format!(
                            "column '{h}' is a second column for {} (the first is column {})",
                            def.name,
                            first.index + 1
                        ),
                        "one column per metric",
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
                format!(
                    "column '{h}' names {} with the unknown unit '{unit}'",
                    registry.def(id).name
                ),
                format!("a unit such as {}", Unit::ACCEPTED),
            )),
            HeaderMatch::Date => {}
            HeaderMatch::Dimension => {
                // "Did you mean" for the first columns only: a header of thousands of
                // columns must not cost a name search each.
                if i >= MAX_SUGGESTED_COLUMNS {
                    continue;
                }
                if let Some(s) = registry.suggest(h) {
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
    if metrics.is_empty() && problems.is_empty() {
        return Err(Problem::at(file, line, None).says(
            format!("no metric found in the header ({})", shown(headers)),
            "either long layout columns metric,value[,unit][,date] or wide layout columns named after metrics \
             (cycle_time_h, response_time_min, errors, downtime_min), or map your columns in roi.toml [columns]",
        ));
    }
    Ok(Detected {
        columns: Columns {
            width,
            date,
            kind: ColumnKind::Wide { metrics },
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
