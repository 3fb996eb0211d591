//! Per-case SLA: a column saying whether each case met it (`[columns] sla_met`), or targets
//! that differ by a dimension's value (`[sla.by.DIM]`), as real SLAs differ by priority.

use super::layout::shown;
use super::rows::Reader;
use crate::error::Problem;
use crate::message::msg;
use crate::metric::normalize_name;
use crate::registry::MetricId;
use std::collections::HashMap;

/// A rule of this file: where a metric's per-case SLA comes from.
pub(crate) enum RowSla {
    /// The column holding yes/no.
    Met { id: MetricId, col: usize },
    /// The dimension column, each value's target in the metric's unit, and the target of a
    /// value not listed (`[sla]`'s, if any).
    By {
        id: MetricId,
        col: usize,
        targets: HashMap<String, f64>,
        otherwise: Option<f64>,
    },
}

/// The row's word on one metric: met or not (from a column), or the target to hold its
/// value against; neither when the row does not say.
pub(crate) struct RowVerdict {
    id: MetricId,
    met: Option<bool>,
    target: Option<f64>,
}

impl Reader<'_> {
    /// Finds the columns of the per-case SLA rules in this file's header; a missing one is a
    /// problem (a mapping roi cannot honour).
    pub(super) fn resolve_sla(&mut self, headers: &[String], line: u64) {
        let registry = self.registry;
        let rules = &registry.rules;
        if rules.sla_met.is_empty() && rules.sla_by.is_empty() {
            return;
        }
        let normal: Vec<String> = headers.iter().map(|h| normalize_name(h)).collect();
        let find = |name: &str| normal.iter().position(|h| *h == normalize_name(name));
        let hint = |name: &str| super::mappings::column_hint(name, headers, &normal);
        let mut found = Vec::new();
        let mut problems = Vec::new();
        for m in &rules.sla_met {
            let Some(id) = registry.lookup(&m.metric) else {
                continue;
            };
            match find(&m.column) {
                Some(col) => found.push(RowSla::Met { id, col }),
                None => problems.push(Problem::at(&self.name, line, None).says(
                    msg!(
                        mapping_no_sla_column,
                        column = m.column.as_str(),
                        hint = hint(&m.column),
                        headers = shown(headers)
                    ),
                    msg!(mapping_column_expected),
                )),
            }
        }
        for by in &rules.sla_by {
            let Some(col) = find(&by.dim) else {
                problems.push(Problem::at(&self.name, line, None).says(
                    msg!(
                        mapping_no_sla_dim,
                        column = by.dim.as_str(),
                        hint = hint(&by.dim),
                        headers = shown(headers)
                    ),
                    msg!(mapping_column_expected),
                ));
                continue;
            };
            let mut metrics: Vec<&str> = by.targets.iter().map(|t| t.1.as_str()).collect();
            metrics.dedup();
            for metric in metrics {
                let Some(id) = registry.lookup(metric) else {
                    continue;
                };
                let per_hour = registry.def(id).unit.hours().unwrap_or(1.0);
                let targets = by
                    .targets
                    .iter()
                    .filter(|t| t.1 == metric)
                    .map(|(value, _, hours)| (value.trim().to_string(), hours / per_hour))
                    .collect();
                let otherwise = rules
                    .sla_hours
                    .iter()
                    .find(|(m, _)| m == metric)
                    .map(|(_, h)| h / per_hour);
                found.push(RowSla::By {
                    id,
                    col,
                    targets,
                    otherwise,
                });
            }
        }
        for p in problems {
            self.problem(p);
        }
        self.sla_rules = found;
    }

    /// Reads the row's SLA cells: each rule's verdict or target, for the values that follow.
    pub(super) fn read_sla<F: AsRef<[u8]>>(&mut self, fields: &[F], line: u64) {
        let mut verdicts = std::mem::take(&mut self.row_sla);
        verdicts.clear();
        let mut bad = None;
        for rule in &self.sla_rules {
            verdicts.push(match rule {
                RowSla::Met { id, col } => {
                    let raw = fields.get(*col).map_or(&[][..], |f| f.as_ref());
                    let met = if self.is_missing(raw) {
                        None
                    } else {
                        let text = String::from_utf8_lossy(raw);
                        let flag = crate::rules::parse_flag(&text);
                        if flag.is_none() && bad.is_none() {
                            bad = Some((text.trim().to_string(), *col));
                        }
                        flag
                    };
                    RowVerdict {
                        id: *id,
                        met,
                        target: None,
                    }
                }
                RowSla::By {
                    id,
                    col,
                    targets,
                    otherwise,
                } => {
                    let raw = fields.get(*col).map_or(&[][..], |f| f.as_ref());
                    let value = String::from_utf8_lossy(raw);
                    RowVerdict {
                        id: *id,
                        met: None,
                        target: targets.get(value.trim()).copied().or(*otherwise),
                    }
                }
            });
        }
        self.row_sla = verdicts;
        if let Some((text, col)) = bad {
            let expected = Self::missing_hint(&text, msg!(sla_flag_expected));
            let p = Problem::at(&self.name, line, Some(col as u64 + 1))
                .says(msg!(sla_flag_bad, value = text), expected);
            self.problem(p);
        }
    }

    /// Counts one case of metric `id` (its value in the metric's unit) against the row's
    /// SLA verdict or target.
    pub(super) fn count_sla(&mut self, id: MetricId, value: f64) {
        let Some(v) = self.row_sla.iter().find(|v| v.id == id) else {
            return;
        };
        let met = v.met.or_else(|| v.target.map(|t| value <= t));
        if let (Some(met), Some(acc)) = (met, self.accs[id].as_mut()) {
            acc.add_verdict(met, self.seg_now);
        }
    }
}
