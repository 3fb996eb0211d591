//! Today and after side by side: every case duration measured on both sides, and the volume
//! of both counted from the same metric (docs/method.md#volume).

use super::side::{SideSummary, Stats};
use crate::error::Problem;
use crate::message::msg;
use crate::metric::Kind;

/// The metrics the volume may be counted from, in order of preference.
const VOLUME_METRICS: [&str; 2] = ["cycle_time", "response_time"];

/// Checks that each case duration is measured on both sides (a problem naming the file
/// that lacks it otherwise), then counts both sides' volume, and each segment's, from the
/// first metric both sides measured.
pub fn pair(today: &mut SideSummary, after: &mut SideSummary) -> Vec<Problem> {
    let durations = |side: &SideSummary| -> Vec<(String, u64)> {
        side.metrics
            .iter()
            .filter(|m| m.kind == Kind::CaseDuration)
            .map(|m| (m.name.clone(), cases(side, &m.name)))
            .collect()
    };
    let problems = one_sided([
        (&today.file.path, &durations(today)),
        (&after.file.path, &durations(after)),
    ]);
    same_volume(today, after);
    for (name, t) in today.segments.iter_mut() {
        if let Some(a) = after.segments.get_mut(name) {
            same_volume(t, a);
        }
    }
    problems
}

/// Each case duration with cases on one side and none on the other: a problem naming the
/// file that lacks it. A side is its file and its case durations with their cases.
pub fn one_sided(sides: [(&str, &[(String, u64)]); 2]) -> Vec<Problem> {
    let mut problems = Vec::new();
    for (has, lacks) in [(sides[0], sides[1]), (sides[1], sides[0])] {
        for (metric, n) in has.1.iter().filter(|m| m.1 > 0) {
            let there = lacks.1.iter().find(|m| &m.0 == metric).map_or(0, |m| m.1);
            if there == 0 {
                problems.push(Problem::in_file(lacks.0).says(
                    msg!(
                        case_metric_one_side,
                        metric = crate::message::metric(metric),
                        has = has.0,
                        n = *n
                    ),
                    msg!(case_metric_both_sides),
                ));
            }
        }
    }
    problems
}

/// A side's cases of `metric`: 0 when it has none.
fn cases(side: &SideSummary, metric: &str) -> u64 {
    side.metrics
        .iter()
        .find(|m| m.name == metric)
        .and_then(|m| match &m.stats {
            Some(Stats::Case(c)) => Some(c.n),
            _ => None,
        })
        .unwrap_or(0)
}

/// Both sides' volume from the first metric both measured: cycle time on one side and
/// response time on the other would be no volume change at all.
fn same_volume(today: &mut SideSummary, after: &mut SideSummary) {
    let Some(metric) = VOLUME_METRICS
        .into_iter()
        .find(|m| cases(today, m) > 0 && cases(after, m) > 0)
    else {
        return;
    };
    for side in [today, after] {
        let n = cases(side, metric);
        side.cases = Some((n, metric.to_string()));
        side.cases_per_month = side
            .window
            .as_ref()
            .map(|w| w.months())
            .filter(|m| *m > 0.0)
            .map(|m| n as f64 / m);
    }
}
