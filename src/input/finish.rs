//! The end of a read: each metric's series, the window, the warnings about what was
//! skipped, and the problems or the observations.

use super::observations::{Observations, Scan, Series};
use super::rows::Reader;
use crate::error::{Problem, RoiError};
use crate::message::msg;
use crate::metric::normalize_name;
use crate::registry::MetricId;
use crate::warning::Warning;
use std::collections::BTreeMap;
use std::collections::btree_map::Entry;
use std::sync::atomic::Ordering;

impl Reader<'_> {
    /// The observations, the warnings and every problem found.
    pub fn finish(mut self) -> Scan {
        if self
            .fallback
            .as_ref()
            .is_some_and(|f| f.load(Ordering::Relaxed))
        {
            let encoding = encoding_rs::WINDOWS_1250.name().to_string();
            self.file.encoding = encoding.clone();
            self.warnings.insert(
                0,
                Warning::EncodingFallback {
                    file: self.name.clone(),
                    encoding,
                },
            );
        }
        let mut unknown: Vec<(String, (u64, u64))> =
            std::mem::take(&mut self.unknown).into_iter().collect();
        unknown.sort_by_key(|(_, (line, _))| *line);
        let metric_col = match self.columns.as_ref().map(|c| &c.kind) {
            Some(super::layout::ColumnKind::Long { metric, .. }) => Some(*metric as u64 + 1),
            _ => None,
        };
        for (text, (line, rows)) in unknown {
            // `[input] ignore`: not a metric, by the user's word.
            if self.registry.rules.ignore.contains(&normalize_name(&text)) {
                continue;
            }
            // Typos are errors: a name a letter from a metric's would give a different case.
            if let Some(s) = self.registry.typo_of(&text).map(str::to_string) {
                let p = Problem::at(&self.name, line, metric_col).says(
                    msg!(
                        metric_near_miss,
                        name = text.as_str(),
                        hint = msg!(did_you_mean, name = s),
                        rows = rows
                    ),
                    msg!(near_miss_expected, name = text.as_str()),
                );
                self.problem(p);
                continue;
            }
            self.warnings.push(Warning::UnknownMetric {
                file: self.name.clone(),
                line,
                suggestion: self.registry.suggest(&text).map(str::to_string),
                name: text,
                rows,
            });
        }
        if self.unknown_overflow > 0 {
            self.warnings.push(Warning::MoreUnknownMetrics {
                file: self.name.clone(),
                rows: self.unknown_overflow,
            });
        }
        if let Some(&(_, line)) = self.pending.first() {
            let p = Problem::at(&self.name, line, None)
                .says(msg!(dates_ambiguous), msg!(set_date_format));
            self.problem(p);
        }
        if let Some(log) = self.log.take() {
            self.finish_log(log);
        }
        for (id, u) in std::mem::take(&mut self.unmeasured) {
            if u.open + u.reversed + u.no_start > 0 {
                self.warnings.push(Warning::Unmeasured {
                    file: self.name.clone(),
                    metric: self.registry.def(id).name.clone(),
                    open: u.open,
                    reversed: u.reversed,
                    no_start: u.no_start,
                    line: u.first_line,
                });
            }
        }
        let mut segments: BTreeMap<String, BTreeMap<MetricId, Series>> = BTreeMap::new();
        let mut segment_days = BTreeMap::new();
        for (k, d) in std::mem::take(&mut self.seg_days) {
            segment_days.insert(String::from_utf8_lossy(&k).into_owned(), d);
        }
        let mut accs = std::mem::take(&mut self.accs);
        let mut pool = super::Pool::default();
        if !self.segs.is_empty() {
            // Each segment's totals and weeks, split off the whole's by the segments'
            // numbers; the values stay in the whole's series, with the segment of each.
            let mut own: Vec<BTreeMap<MetricId, Series>> =
                (0..self.segs.len()).map(|_| BTreeMap::new()).collect();
            let mut tagged = Vec::new();
            let mut named = Vec::with_capacity(self.segs.len());
            for (id, acc) in accs.iter_mut().enumerate() {
                let Some(acc) = acc else { continue };
                for (s, series) in acc.split().into_iter().enumerate() {
                    if let Some(series) = series {
                        own[s].insert(id, series);
                    }
                }
                // Every value tagged (an event log's cases are no row's: never split).
                if acc.keep_values && acc.n > 0 && acc.tags.len() == acc.values.len() {
                    tagged.push((id, std::mem::take(&mut acc.tags)));
                }
            }
            for (key, own) in std::mem::take(&mut self.segs)
                .into_keys()
                .into_iter()
                .zip(own)
            {
                let name = match String::from_utf8_lossy(&key).into_owned() {
                    n if n.is_empty() => super::BLANK_SEGMENT.to_string(),
                    n => n,
                };
                named.push(name.clone());
                match segments.entry(name) {
                    Entry::Vacant(e) => {
                        e.insert(own);
                    }
                    // A blank cell and a cell reading "(blank)" are one segment.
                    Entry::Occupied(mut e) => {
                        let entry = e.get_mut();
                        for (id, s) in own {
                            entry.entry(id).or_default().merge(&s);
                        }
                    }
                }
            }
            // The values grouped by segment, in the order of the segments' names; the
            // segment of each value is not needed after.
            let names: Vec<&String> = segments.keys().collect();
            let group: Vec<u32> = named
                .iter()
                .map(|n| names.binary_search(&n).map_or(0, |g| g as u32))
                .collect();
            for (id, tags) in tagged {
                if let Some(acc) = &accs[id] {
                    let grouped = acc.values.grouped(&tags, &group, names.len());
                    pool.grouped.insert(id, grouped);
                }
            }
        }
        let series: BTreeMap<MetricId, Series> = accs
            .into_iter()
            .enumerate()
            .filter_map(|(id, acc)| Some((id, acc.filter(|a| a.n > 0 || a.missing > 0)?.finish())))
            .collect();
        let counts: Vec<(String, u64)> = series
            .iter()
            .filter(|(_, s)| s.missing > 0)
            .map(|(id, s)| (self.registry.def(*id).name.clone(), s.missing))
            .collect();
        if !counts.is_empty() {
            self.warnings.push(Warning::SkippedMissing {
                file: self.name.clone(),
                counts,
            });
        }
        Scan {
            observations: Observations {
                file: self.file,
                series,
                warnings: self.warnings,
                segments,
                segment_days,
                pool,
            },
            problems: self.problems,
            more_problems: self.more_problems,
        }
    }
}

impl Scan {
    /// The observations if the file had no problems, else all of them as one error.
    pub fn into_result(self) -> Result<Observations, RoiError> {
        if self.problems.is_empty() {
            Ok(self.observations)
        } else {
            Err(RoiError::Input {
                problems: self.problems,
                more: self.more_problems,
            })
        }
    }
}
