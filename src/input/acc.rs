//! The running totals of one metric while a file streams by, and the caches of cells that repeat.

use super::observations::{NO_DAY, Series};
use crate::metric::Unit;
use crate::value::Day;
use std::collections::{BTreeMap, HashMap};

/// Distinct cells cached, and distinct unknown names remembered for the warning: a file of
/// millions of distinct names must not grow memory without bound.
pub(super) const MAX_DISTINCT: usize = 1000;

/// Cases whose duration from timestamps could not be measured, for one metric.
#[derive(Debug, Default, Clone, Copy)]
pub(super) struct Unmeasured {
    pub(super) open: u64,
    pub(super) reversed: u64,
    pub(super) no_start: u64,
    pub(super) first_line: u64,
}

/// A cache of the cells that repeat (metric names, units): a few recent ones compared
/// directly, the rest in a map, bounded.
pub(super) struct Cache<T: Copy> {
    pub(super) recent: Vec<(Box<[u8]>, T)>,
    pub(super) more: HashMap<Box<[u8]>, T>,
}

impl<T: Copy> Cache<T> {
    pub(super) fn new() -> Self {
        Cache {
            recent: Vec::new(),
            more: HashMap::new(),
        }
    }

    #[inline]
    pub(super) fn get(&self, key: &[u8]) -> Option<T> {
        for (k, v) in &self.recent {
            if **k == *key {
                return Some(*v);
            }
        }
        self.more.get(key).copied()
    }

    pub(super) fn put(&mut self, key: &[u8], value: T) {
        if self.recent.len() < 16 {
            self.recent.push((key.into(), value));
        } else if self.more.len() < MAX_DISTINCT {
            self.more.insert(key.into(), value);
        }
    }
}

/// Running totals of one metric in one file.
#[derive(Default)]
pub(super) struct Acc {
    /// Case durations: every value, in one vector handed on as it is (no copy at the end).
    /// Its unused capacity is never written, so it takes no memory; a large vector grows
    /// in place (the allocator remaps its pages).
    pub(super) values: super::Values,
    pub(super) keep_values: bool,
    pub(super) n: u64,
    pub(super) total: f64,
    pub(super) sum_sq: f64,
    /// The week being added to (index, cases, sum), flushed into `weekly` when it changes.
    pub(super) week: Option<(i32, u64, f64)>,
    pub(super) weekly: BTreeMap<i32, (u64, f64)>,
    pub(super) missing: u64,
    pub(super) units: Vec<Unit>,
    /// Per-case SLA: cases that met it, and cases whose verdict is known.
    pub(super) sla_met: u64,
    pub(super) sla_known: u64,
}

impl Acc {
    #[inline]
    pub(super) fn add(&mut self, v: f64, decimal: Option<(u64, usize)>, day: Option<Day>) {
        self.n += 1;
        self.total += v;
        self.sum_sq += v * v;
        if self.keep_values {
            match decimal {
                Some((m, places)) => self.values.push_decimal(v, m, places),
                None => self.values.push(v),
            }
            if let Some(d) = day.filter(|d| *d != NO_DAY) {
                // 1970-01-01 was a Thursday: shifting by 3 makes weeks start on Monday.
                let w = (d + 3).div_euclid(7);
                match &mut self.week {
                    Some((cur, n, sum)) if *cur == w => {
                        *n += 1;
                        *sum += v;
                    }
                    other => {
                        if let Some((cur, n, sum)) = other.take() {
                            let e = self.weekly.entry(cur).or_insert((0, 0.0));
                            e.0 += n;
                            e.1 += sum;
                        }
                        *other = Some((w, 1, v));
                    }
                }
            }
        }
    }

    pub(super) fn finish(mut self) -> Series {
        if let Some((cur, n, sum)) = self.week.take() {
            let e = self.weekly.entry(cur).or_insert((0, 0.0));
            e.0 += n;
            e.1 += sum;
        }
        Series {
            values: self.values,
            n: self.n,
            total: self.total,
            sum_sq: self.sum_sq,
            weekly: self.weekly,
            missing: self.missing,
            units: self.units,
            sla_met: self.sla_met,
            sla_known: self.sla_known,
        }
    }
}
