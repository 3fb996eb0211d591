//! One side's summary: the window, the measured volume and the statistics of every metric,
//! whether computed here from the rows or read from a summary file.

use crate::assumptions::Source;
use crate::input::{FileInfo, Values};
use crate::metric::{Kind, Unit};
use crate::warning::Warning;
use serde::Serialize;

/// Days in an average month (365.25 / 12).
pub const DAYS_PER_MONTH: f64 = 30.4375;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    Today,
    After,
}

impl Side {
    pub fn as_str(self) -> &'static str {
        match self {
            Side::Today => "today",
            Side::After => "after",
        }
    }
}

/// The period a file covers.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Window {
    pub days: u32,
    pub source: Source,
    pub first: Option<String>,
    pub last: Option<String>,
}

impl Window {
    pub fn months(&self) -> f64 {
        f64::from(self.days) / DAYS_PER_MONTH
    }
}

/// Distribution of a case-duration metric on one side.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct CaseStats {
    pub n: u64,
    pub mean: f64,
    pub median: f64,
    pub p90: f64,
    pub p95: f64,
    pub min: f64,
    pub max: f64,
    /// Sample standard deviation (n − 1); null for one case.
    pub std: Option<f64>,
    /// std ÷ mean; null when undefined.
    pub cv: Option<f64>,
    /// The SLA target in the metric's unit, when one is set.
    pub sla_target: Option<f64>,
    /// Share of cases at or under the SLA target.
    pub sla_share: Option<f64>,
    /// The share is of per-case verdicts (`[columns] sla_met` or `[sla.by]`): each case held
    /// to its own target, not `sla_target`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub sla_per_case: bool,
    /// Cells that were empty or NA.
    pub missing: u64,
    /// Mean by calendar week (Monday start), for the trend chart; empty without dates.
    pub weekly: Vec<WeekPoint>,
    /// PERCENTILE.INC at 0%, 1%, … 100%: the distribution the charts draw.
    pub quantiles: Vec<f64>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct WeekPoint {
    /// The week's Monday; written as its date.
    #[serde(serialize_with = "crate::value::serialize_day")]
    pub week_start: crate::value::Day,
    pub n: u64,
    pub mean: f64,
}

/// A count or a period duration on one side, summed over the window.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct RateStats {
    /// Observations (rows) summed.
    pub n: u64,
    pub total: f64,
    /// Sum of squared observations: the compound-Poisson variance of the total.
    #[serde(skip)]
    pub sum_sq: f64,
    pub per_month: Option<f64>,
    pub per_100_cases: Option<f64>,
    /// Downtime only: 1 − downtime ÷ window (calendar time).
    pub availability: Option<f64>,
    pub missing: u64,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(untagged)]
pub enum Stats {
    Case(CaseStats),
    Rate(RateStats),
}

#[derive(Debug, Clone)]
pub struct MetricSummary {
    pub name: String,
    pub kind: Kind,
    pub unit: Unit,
    pub stats: Option<Stats>,
}

/// Everything one side measured.
#[derive(Debug, Clone)]
pub struct SideSummary {
    pub side: Side,
    pub file: std::sync::Arc<FileInfo>,
    pub window: Option<Window>,
    /// Case observations that define the volume, and the metric they come from.
    pub cases: Option<(u64, String)>,
    pub cases_per_month: Option<f64>,
    /// In registry order.
    pub metrics: Vec<MetricSummary>,
    pub warnings: Vec<Warning>,
    /// With `--by`: each segment summarised on its own over the same window.
    pub segments: std::collections::BTreeMap<String, SideSummary>,
    /// A segment's case durations whose percentiles (median, p90, p95, min, max) are put off
    /// until it is known to be shown ([`SideSummary::rank`]): with a thousand segments,
    /// ten are. Until then those five are NaN, and nothing reads them: a comparison, the
    /// levers and the ranking of the segments need only the count, the moments and the SLA
    /// share. The values are the ones [`SideSummary::hand_out`] gave; empty once ranked.
    pub unranked: Vec<(String, Values)>,
    /// With `--by`: the values grouped by segment, until the segments shown are known
    /// ([`SideSummary::hand_out`]).
    pub pooled: Option<Pooled>,
}

/// The values of a side split into segments, not dealt out: grouped by segment in one vector
/// per case duration, not a thousand vectors, for the ten segments shown.
#[derive(Debug, Clone)]
pub struct Pooled {
    /// The segments' names, in order.
    pub segments: Vec<String>,
    /// By case duration: its name, its values grouped by segment in the order of
    /// `segments`, and where each segment's run starts (and, last, where the runs end).
    pub metrics: Vec<(String, Values, Vec<usize>)>,
}

/// The percentiles a case duration shows (PERCENTILE.INC): min, median, p90, p95, max.
const SHOWN_POINTS: [i32; 5] = [0, 50, 90, 95, 100];

impl CaseStats {
    /// Sets the distribution the charts draw, PERCENTILE.INC at 0%, 1%, … 100%, and the five
    /// percentiles shown. Two order statistics each, found by selection (O(n log k)), not a
    /// full sort: the values are reordered.
    pub fn set_distribution(&mut self, values: &mut Values) {
        let points: Vec<i32> = (0..=100).collect();
        let ps: Vec<f64> = points.iter().map(|&i| f64::from(i) / 100.0).collect();
        let found = values.percentiles_inc(&ps);
        self.set_percentiles(&points, &found);
        self.quantiles = found;
    }

    /// Sets the five percentiles shown from PERCENTILE.INC at `points` (in hundredths).
    pub fn set_percentiles(&mut self, points: &[i32], found: &[f64]) {
        let at = |p: i32| found[points.iter().position(|&x| x == p).unwrap_or_default()];
        (self.min, self.median, self.p90, self.p95, self.max) =
            (at(0), at(50), at(90), at(95), at(100));
    }
}

impl SideSummary {
    /// Finds the percentiles put off (see `unranked`).
    pub fn rank(&mut self) {
        let ps: Vec<f64> = SHOWN_POINTS.iter().map(|&i| f64::from(i) / 100.0).collect();
        for (name, mut values) in std::mem::take(&mut self.unranked) {
            let found = values.percentiles_inc(&ps);
            let stats = self.metrics.iter_mut().find(|m| m.name == name);
            if let Some(Stats::Case(c)) = stats.and_then(|m| m.stats.as_mut()) {
                c.set_percentiles(&SHOWN_POINTS, &found);
            }
        }
    }

    /// The values of each segment named in `shown` (by its place there), of each case
    /// duration, in file order: what the segment read on its own would hold, for its
    /// `unranked`. Nothing without a pool; the pool is gone after.
    pub fn hand_out(&mut self, shown: &[&str]) -> Vec<Vec<(String, Values)>> {
        let mut out: Vec<Vec<(String, Values)>> = vec![Vec::new(); shown.len()];
        let Some(p) = self.pooled.take() else {
            return out;
        };
        for (seg, name) in out.iter_mut().zip(shown) {
            let Ok(g) = p.segments.binary_search_by(|s| s.as_str().cmp(name)) else {
                continue;
            };
            for (metric, values, starts) in &p.metrics {
                if let Some(&end) = starts.get(g + 1).filter(|end| **end > starts[g]) {
                    seg.push((metric.clone(), values.slice(starts[g]..end)));
                }
            }
        }
        out
    }

    /// The stats of the metric named `name`, if measured.
    pub fn stats_of(&self, name: &str) -> Option<&Stats> {
        self.metrics
            .iter()
            .find(|m| m.name == name)
            .and_then(|m| m.stats.as_ref())
    }
}
