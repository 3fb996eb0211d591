//! The running totals of one metric while a file streams by, and the caches of cells that repeat.

use super::observations::{NO_DAY, Series, add_week};
use super::values::Values;
use crate::metric::Unit;
use crate::value::Day;
use std::collections::HashMap;

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

    /// Asked of every row, twice in a long file (its metric, its unit): the few recent cells
    /// compared in the row's own loop, the map only past them.
    #[inline(always)]
    pub(super) fn get(&self, key: &[u8]) -> Option<T> {
        for (k, v) in &self.recent {
            if **k == *key {
                return Some(*v);
            }
        }
        self.get_more(key)
    }

    #[inline(never)]
    fn get_more(&self, key: &[u8]) -> Option<T> {
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
    pub(super) weeks: Weeks,
    pub(super) missing: u64,
    pub(super) units: Vec<Unit>,
    /// Per-case SLA: cases that met it, and cases whose verdict is known.
    pub(super) sla_met: u64,
    pub(super) sla_known: u64,
    /// Split rows (`--by`, or by month): each segment's own totals, by the segment's
    /// number, and the segment of each kept value, in file order. The values stay in one
    /// vector: a row of any of a thousand segments costs a small write, not a vector of its
    /// own; once the file is read they are grouped by segment ([`super::Pool`]).
    pub(super) by: Vec<SegTotals>,
    pub(super) tags: Vec<u32>,
    /// The segments' finished runs of one week (segment, week, cases, sum), in the order
    /// they ended: one vector written in order, not a thousand cold ones.
    pub(super) seg_weeks: Vec<(u32, i32, u64, f64)>,
}

/// One segment's share of one metric's totals.
#[derive(Default, Clone)]
pub(super) struct SegTotals {
    pub(super) n: u64,
    pub(super) total: f64,
    pub(super) sum_sq: f64,
    pub(super) missing: u64,
    pub(super) sla_met: u64,
    pub(super) sla_known: u64,
    /// The week being added to (index, cases, sum); its finished ones are the accumulator's
    /// `seg_weeks`.
    pub(super) week: Option<(i32, u64, f64)>,
}

/// Monday-started weeks: 1970-01-01 was a Thursday, so shifting by 3 starts them on Monday.
#[inline]
fn week_of(day: Day) -> i32 {
    (day + 3).div_euclid(7)
}

/// Extends a run of one week (index, cases, sum) by `v` of week `w`: the run it ends, when
/// `w` is another week.
#[inline]
fn extend_run(run: &mut Option<(i32, u64, f64)>, w: i32, v: f64) -> Option<(i32, u64, f64)> {
    match run {
        Some((cur, n, sum)) if *cur == w => {
            *n += 1;
            *sum += v;
            None
        }
        other => other.replace((w, 1, v)),
    }
}

/// Case durations by Monday-started week: the week being added to (index, cases, sum),
/// added to the finished weeks when it changes.
#[derive(Default, Clone)]
pub(super) struct Weeks {
    now: Option<(i32, u64, f64)>,
    done: Vec<(i32, u64, f64)>,
}

impl Weeks {
    /// Adds `v` of the week numbered `week` ([`week_of`]).
    #[inline]
    fn add(&mut self, week: i32, v: f64) {
        if let Some(run) = extend_run(&mut self.now, week, v) {
            add_week(&mut self.done, run);
        }
    }

    fn finish(mut self) -> Vec<(i32, u64, f64)> {
        if let Some(week) = self.now.take() {
            add_week(&mut self.done, week);
        }
        self.done
    }
}

impl Acc {
    /// Adds `v`, of the segment numbered `seg` when the rows are split.
    #[inline]
    pub(super) fn add(
        &mut self,
        v: f64,
        decimal: Option<(u64, usize)>,
        day: Option<Day>,
        seg: Option<u32>,
    ) {
        self.n += 1;
        self.total += v;
        self.sum_sq += v * v;
        let keep = self.keep_values;
        // The week is kept with the values: a count or period has its totals only.
        let week = day.filter(|d| keep && *d != NO_DAY).map(week_of);
        if let Some(s) = seg {
            let t = self.segment(s);
            t.n += 1;
            t.total += v;
            t.sum_sq += v * v;
            if let Some(w) = week
                && let Some((w, n, sum)) = extend_run(&mut t.week, w, v)
            {
                self.seg_weeks.push((s, w, n, sum));
            }
            if keep {
                self.tags.push(s);
            }
        }
        if keep {
            match decimal {
                Some((m, places)) => self.values.push_decimal(v, m, places),
                None => self.values.push(v),
            }
            if let Some(w) = week {
                self.weeks.add(w, v);
            }
        }
    }

    /// The totals of the segment numbered `s`.
    #[inline]
    pub(super) fn segment(&mut self, s: u32) -> &mut SegTotals {
        let s = s as usize;
        if s >= self.by.len() {
            self.by.resize(s + 1, SegTotals::default());
        }
        &mut self.by[s]
    }

    /// A cell that said "not observed", of the segment numbered `seg` when split.
    #[inline]
    pub(super) fn add_missing(&mut self, seg: Option<u32>) {
        self.missing += 1;
        if let Some(s) = seg {
            self.segment(s).missing += 1;
        }
    }

    /// A case's per-case SLA verdict, of the segment numbered `seg` when split.
    #[inline]
    pub(super) fn add_verdict(&mut self, met: bool, seg: Option<u32>) {
        self.sla_known += 1;
        self.sla_met += u64::from(met);
        if let Some(s) = seg {
            let t = self.segment(s);
            t.sla_known += 1;
            t.sla_met += u64::from(met);
        }
    }

    /// Each segment's series, by the segment's number (`None` where the segment had no
    /// cell of this metric): its totals, summed in file order, and its weeks, as an
    /// accumulator of its own would have them. Its values stay in the whole's vector, the
    /// segment of each in `tags`, to be grouped by segment ([`super::Pool`]).
    pub(super) fn split(&mut self) -> Vec<Option<Series>> {
        // Each segment's weeks: its runs added in the order they ended, then the open one,
        // as one accumulator of its own would; its vector made once, as long as its runs
        // (its weeks are at most those).
        let mut runs = vec![0usize; self.by.len()];
        for &(s, ..) in &self.seg_weeks {
            runs[s as usize] += 1;
        }
        let mut weekly: Vec<Vec<(i32, u64, f64)>> = runs
            .iter()
            .zip(&self.by)
            .map(|(n, t)| Vec::with_capacity(n + usize::from(t.week.is_some())))
            .collect();
        for (s, w, n, sum) in std::mem::take(&mut self.seg_weeks) {
            add_week(&mut weekly[s as usize], (w, n, sum));
        }
        for (t, weekly) in self.by.iter_mut().zip(weekly.iter_mut()) {
            if let Some(week) = t.week.take() {
                add_week(weekly, week);
            }
        }
        std::mem::take(&mut self.by)
            .into_iter()
            .zip(weekly)
            .map(|(t, weekly)| {
                (t.n > 0 || t.missing > 0).then(|| Series {
                    values: Values::default(),
                    n: t.n,
                    total: t.total,
                    sum_sq: t.sum_sq,
                    weekly,
                    missing: t.missing,
                    units: Vec::new(),
                    sla_met: t.sla_met,
                    sla_known: t.sla_known,
                    spread: None,
                })
            })
            .collect()
    }

    pub(super) fn finish(self) -> Series {
        Series {
            values: self.values,
            n: self.n,
            total: self.total,
            sum_sq: self.sum_sq,
            weekly: self.weeks.finish(),
            missing: self.missing,
            units: self.units,
            sla_met: self.sla_met,
            sla_known: self.sla_known,
            spread: None,
        }
    }
}
