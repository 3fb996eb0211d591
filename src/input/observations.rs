//! What a reader makes of one file: the observations of every metric (per segment, when the
//! rows are split), the file's facts, and the problems and warnings found on the way.

use super::layout::{ColumnRole, Layout};
use super::values::Values;
use crate::error::Problem;
use crate::metric::Unit;
use crate::registry::MetricId;
use crate::value::Day;
use crate::warning::Warning;
use serde::Serialize;
use std::collections::BTreeMap;

/// Marks an observation of a dated file whose own date cell was empty.
pub const NO_DAY: Day = i32::MIN;

/// One metric of one file: its values in the metric's display unit, or their totals.
#[derive(Debug, Clone, Default)]
pub struct Series {
    /// Case durations only: every value (percentiles need them all), in file order.
    pub values: Values,
    /// Observations, their sum (in file order) and the sum of their squares.
    pub n: u64,
    pub total: f64,
    pub sum_sq: f64,
    /// Case durations of a dated file: (week, cases, sum) by Monday-started week (the
    /// week's index: days since 1970-01-01 plus three, divided by seven), in the weeks'
    /// order, each week once.
    pub weekly: Vec<(i32, u64, f64)>,
    /// Cells that said "not observed" (empty, NA …).
    pub missing: u64,
    /// Units the file wrote this metric in, before conversion.
    pub units: Vec<Unit>,
    /// Per-case SLA (`[columns] sla_met`, `[sla.by]`): cases that met it, and cases whose
    /// verdict is known.
    pub sla_met: u64,
    pub sla_known: u64,
    /// A segment whose values are still in the pool ([`Pool`]): Σ (value − mean)² and the
    /// count at or under the SLA target, found on its run of the grouped values
    /// ([`Values::spread`]).
    pub spread: Option<(f64, usize)>,
}

/// What roi learned about a file besides its numbers (shown by `roi check` and in JSON).
#[derive(Debug, Clone, Serialize)]
pub struct FileInfo {
    pub path: String,
    pub layout: Layout,
    pub delimiter: String,
    pub encoding: String,
    pub rows: u64,
    pub date_column: Option<String>,
    pub first_day: Option<Day>,
    pub last_day: Option<Day>,
    /// Rows of a dated file whose date cell was empty.
    pub undated_rows: u64,
    /// Column headers and what roi made of each.
    pub columns: Vec<(String, ColumnRole)>,
}

/// Everything read from one file.
#[derive(Debug, Clone)]
pub struct Observations {
    pub file: FileInfo,
    pub series: BTreeMap<MetricId, Series>,
    /// Notices and warnings (unknown metrics, encoding fallback, skipped values).
    pub warnings: Vec<Warning>,
    /// With `--by`: each segment's own series, by the segment's name (`series` is their
    /// union). Their values are not dealt out until [`Observations::deal`]: until then they
    /// are in `pool`, grouped by segment.
    pub segments: BTreeMap<String, BTreeMap<MetricId, Series>>,
    pub pool: Pool,
    /// Split by month (`roi track`): each month's first and last day with data.
    pub segment_days: BTreeMap<String, (Day, Day)>,
}

/// Split rows: the values the whole's series keep, grouped by segment in one vector per
/// metric, not a thousand vectors. A report of a thousand segments shows ten: only theirs
/// are ever ranked; the rest need only their totals and their spread, found on their run of
/// the grouped values.
#[derive(Debug, Clone, Default)]
pub struct Pool {
    /// By metric: its values grouped by segment in the order of [`Observations::segments`],
    /// each segment's in file order, and where each segment's run starts (and, last, where
    /// the runs end).
    pub grouped: BTreeMap<MetricId, (Values, Vec<usize>)>,
}

impl Observations {
    /// Deals the grouped values out to the segments: every segment's series then holds its
    /// values, in file order, as if its rows had been read alone.
    pub fn deal(&mut self) {
        let pool = std::mem::take(&mut self.pool);
        for (id, (values, starts)) in &pool.grouped {
            for (g, series) in self.segments.values_mut().enumerate() {
                if let (Some(s), Some(end)) = (series.get_mut(id), starts.get(g + 1)) {
                    s.values = values.slice(starts[g]..*end);
                }
            }
        }
    }
}

impl Series {
    /// Adds `other`'s observations to these.
    pub fn merge(&mut self, other: &Series) {
        self.values.extend_from(&other.values);
        self.n += other.n;
        self.total += other.total;
        self.sum_sq += other.sum_sq;
        for &week in &other.weekly {
            add_week(&mut self.weekly, week);
        }
        self.missing += other.missing;
        self.sla_met += other.sla_met;
        self.sla_known += other.sla_known;
        for u in &other.units {
            if !self.units.contains(u) {
                self.units.push(*u);
            }
        }
    }
}

/// Adds a week's (week, cases, sum) to weeks kept in order, each once: a push when it is
/// past the last (rows come mostly in the order of time), else into its place.
pub(crate) fn add_week(weekly: &mut Vec<(i32, u64, f64)>, (w, n, sum): (i32, u64, f64)) {
    match weekly.last_mut() {
        Some(last) if last.0 == w => {
            last.1 += n;
            last.2 += sum;
        }
        Some(last) if last.0 > w => match weekly.binary_search_by_key(&w, |x| x.0) {
            Ok(i) => {
                weekly[i].1 += n;
                weekly[i].2 += sum;
            }
            Err(i) => weekly.insert(i, (w, n, sum)),
        },
        _ => weekly.push((w, n, sum)),
    }
}

/// Between the month and the segment of a key when rows are split by both (`roi track` of
/// a case made with `--by`).
pub const MONTH_SEGMENT: char = '\u{1f}';

/// The name a blank segment cell goes by.
pub const BLANK_SEGMENT: &str = "(blank)";

/// The outcome of reading a file: what could be read, and every problem found.
#[derive(Debug)]
pub struct Scan {
    pub observations: Observations,
    pub problems: Vec<Problem>,
    /// Problems beyond the ones kept.
    pub more_problems: u64,
}
