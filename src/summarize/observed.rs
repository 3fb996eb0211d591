//! One side's observations → [`SideSummary`]: the window, the measured volume, and the
//! statistics of every metric (docs/method.md#descriptive-statistics).

use super::side::{
    CaseStats, MetricSummary, Pooled, RateStats, Side, SideSummary, Stats, WeekPoint, Window,
};
use crate::assumptions::{Assumptions, Source};
use crate::error::{Problem, RoiError};
use crate::input::{Observations, Pool, Series};
use crate::message::Arg;
use crate::message::msg;
use crate::metric::{Kind, Unit};
use crate::registry::{MetricId, Registry};
use crate::value::format_day;
use crate::warning::Warning;
use std::collections::BTreeMap;

/// Summarizes one side, and with `--by` each of its segments. Fails when a count or period
/// metric has no window to become a rate.
pub fn summarize(
    mut obs: Observations,
    side: Side,
    registry: &Registry,
    assumptions: &Assumptions,
) -> Result<SideSummary, RoiError> {
    // A segment's percentiles wait until it is known to be one of the segments shown: its
    // values stay grouped in the pool, and its spread and SLA share are found on its run.
    // A projection reads each segment's SLA share off its distribution: its values are
    // dealt out now.
    let pooled = !obs.segments.is_empty() && !assumptions.projected && pools_every_value(&obs);
    if !pooled {
        obs.deal();
    }
    let Observations {
        file,
        series,
        warnings,
        mut segments,
        pool,
        ..
    } = obs;
    if pooled {
        spread(&mut segments, &pool, registry, assumptions);
    }
    let segment_ranks = if pooled {
        Ranks::InPool
    } else {
        Ranks::Distribution
    };
    let mut whole = summarize_one(
        file.into(),
        series,
        warnings,
        side,
        registry,
        assumptions,
        Ranks::Distribution,
    )?;
    whole.pooled = pooled.then(|| Pooled {
        segments: segments.keys().cloned().collect(),
        metrics: pool
            .grouped
            .into_iter()
            .map(|(id, (values, starts))| (registry.def(id).name.clone(), values, starts))
            .collect(),
    });
    for (name, series) in segments {
        let one = summarize_one(
            whole.file.clone(),
            series,
            Vec::new(),
            side,
            registry,
            assumptions,
            segment_ranks,
        )?;
        whole.segments.insert(name, one);
    }
    Ok(whole)
}

/// Every value the whole keeps is in the pool, grouped by segment.
fn pools_every_value(obs: &Observations) -> bool {
    obs.series
        .iter()
        .filter(|(_, s)| !s.values.is_empty())
        .all(|(id, s)| {
            obs.pool.grouped.get(id).is_some_and(|(v, starts)| {
                v.len() == s.values.len() && starts.len() == obs.segments.len() + 1
            })
        })
}

/// The SLA target of a case duration in its unit, when one is set.
fn sla_target(assumptions: &Assumptions, def: &crate::registry::MetricDef) -> Option<f64> {
    assumptions
        .sla_hours
        .get(&def.name)
        .and_then(|t| Some(t.value / def.unit.hours()?))
}

/// Each segment's spread of each case duration (Σ (value − mean)², and the cases at or under
/// the SLA target), on its run of the grouped values.
fn spread(
    segments: &mut BTreeMap<String, BTreeMap<MetricId, Series>>,
    pool: &Pool,
    registry: &Registry,
    assumptions: &Assumptions,
) {
    for (id, (values, starts)) in &pool.grouped {
        let target = sla_target(assumptions, registry.def(*id));
        for (g, seg) in segments.values_mut().enumerate() {
            if let (Some(s), Some(&end)) = (seg.get_mut(id), starts.get(g + 1)) {
                let mean = s.total / s.n as f64;
                s.spread = Some(values.spread(starts[g]..end, mean, target));
            }
        }
    }
}

fn summarize_one(
    file: std::sync::Arc<crate::input::FileInfo>,
    series: std::collections::BTreeMap<crate::registry::MetricId, crate::input::Series>,
    warnings: Vec<Warning>,
    side: Side,
    registry: &Registry,
    assumptions: &Assumptions,
    ranks: Ranks,
) -> Result<SideSummary, RoiError> {
    let window = match (file.first_day, file.last_day) {
        (Some(first), Some(last)) => Some(Window {
            days: (last - first + 1) as u32,
            source: Source::Data,
            first: Some(format_day(first)),
            last: Some(format_day(last)),
        }),
        _ => assumptions
            .window_days(side == Side::Today)
            .map(|days| Window {
                days,
                source: Source::Config,
                first: None,
                last: None,
            }),
    };
    let needs_window: Vec<&str> = series
        .iter()
        .filter(|(id, s)| registry.def(**id).kind != Kind::CaseDuration && s.n > 0)
        .map(|(id, _)| registry.def(*id).name.as_str())
        .collect();
    if window.is_none() && !needs_window.is_empty() {
        let key = format!("{}_days", side.as_str());
        // A column of dates the reading saw is the likelier fix: the same one check names.
        let dated = warnings.iter().find_map(|w| match w {
            Warning::ColumnOfDates { header, .. } => Some(header.as_str()),
            _ => None,
        });
        let fix = match dated {
            Some(column) => msg!(file_window_fix_column, column = column, key = key),
            None => msg!(file_window_fix, key = key),
        };
        return Err(RoiError::one(Problem::at(&file.path, 1, None).says(
            msg!(
                file_no_window,
                metrics = Arg::Metrics(needs_window.iter().map(|m| m.to_string()).collect())
            ),
            fix,
        )));
    }
    let months = window.as_ref().map(Window::months);
    let cases = ["cycle_time", "response_time"].iter().find_map(|name| {
        let id = registry.lookup(name)?;
        let s = series.get(&id)?;
        (s.n > 0).then(|| (s.n, name.to_string()))
    });
    let cases_per_month = match (&cases, months) {
        (Some((n, _)), Some(m)) => Some(*n as f64 / m),
        _ => None,
    };
    let mut metrics = Vec::new();
    for (id, s) in series {
        let def = registry.def(id);
        let stats = if s.n == 0 {
            None
        } else {
            Some(match def.kind {
                Kind::CaseDuration => {
                    let target = sla_target(assumptions, def);
                    // Per-case SLA (a column, or targets by a dimension): the share of the
                    // cases whose verdict is known; no single target.
                    let per_case = registry.rules.sla_per_case(&def.name);
                    let (met, known) = (s.sla_met, s.sla_known);
                    let mut stats = case_stats(s, target, ranks);
                    if per_case {
                        stats.sla_share = (known > 0).then(|| met as f64 / known as f64);
                        stats.sla_target = None;
                        stats.sla_per_case = true;
                    }
                    Stats::Case(stats)
                }
                _ => Stats::Rate(rate_stats(
                    (def.kind, def.unit),
                    (s.n, s.total, s.sum_sq, s.missing),
                    window.as_ref(),
                    cases.as_ref().map(|c| c.0),
                    side,
                    assumptions,
                )),
            })
        };
        metrics.push(MetricSummary {
            name: def.name.clone(),
            kind: def.kind,
            unit: def.unit,
            stats,
        });
    }
    Ok(SideSummary {
        side,
        file,
        window,
        cases,
        cases_per_month,
        metrics,
        warnings,
        segments: std::collections::BTreeMap::new(),
        unranked: Vec::new(),
        pooled: None,
    })
}

/// Which percentiles a summary finds now.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Ranks {
    /// PERCENTILE.INC at 0%, 1%, … 100%: the distribution the charts draw.
    Distribution,
    /// None yet: a segment's values are in the whole's pool, and its spread with them
    /// (`Series::spread`); the five shown once it is known to be shown
    /// ([`SideSummary::hand_out`], [`SideSummary::rank`]).
    InPool,
}

/// A count or a period duration over the window: (`kind`, `unit`), then (observations,
/// total, sum of squares, missing cells); `cases` the side's case observations.
pub fn rate_stats(
    (kind, unit): (Kind, Unit),
    (n, total, sum_sq, missing): (u64, f64, f64, u64),
    window: Option<&Window>,
    cases: Option<u64>,
    side: Side,
    assumptions: &Assumptions,
) -> RateStats {
    let per_month = window.map(|w| total / w.months());
    let per_100_cases = match (cases, per_month) {
        (Some(n), _) => Some(total / n as f64 * 100.0),
        (None, Some(pm)) if side == Side::Today => {
            assumptions.cases_per_month().map(|v| pm / v * 100.0)
        }
        _ => None,
    };
    let availability = match (kind, window) {
        (Kind::PeriodDuration, Some(w)) => unit
            .hours()
            .map(|h| 1.0 - total * h / (f64::from(w.days) * 24.0)),
        _ => None,
    };
    RateStats {
        n,
        total,
        sum_sq,
        per_month,
        per_100_cases,
        availability,
        missing,
    }
}

/// The statistics of a case duration with its distribution (PERCENTILE.INC at 0%, 1%, …
/// 100%), or without any percentile yet (`ranks`).
fn case_stats(s: Series, target: Option<f64>, ranks: Ranks) -> CaseStats {
    let Series {
        mut values,
        n,
        total,
        weekly,
        missing,
        spread,
        ..
    } = s;
    let mean = total / n as f64;
    // Two-pass, in file order, as stats::sample_std; a pooled segment's in the pass over the
    // whole's values.
    let (ss, at_most) = spread.unwrap_or_else(|| {
        (
            values.sum_of(|v| (v - mean) * (v - mean)),
            target.map_or(0, |t| values.count_at_most(t)),
        )
    });
    let std = (n >= 2).then(|| (ss / (n - 1) as f64).sqrt());
    let sla_share = target.map(|_| at_most as f64 / n as f64);
    let weekly = weekly
        .into_iter()
        .map(|(w, n, sum)| WeekPoint {
            week_start: w * 7 - 3,
            n,
            mean: sum / n as f64,
        })
        .collect();
    let mut stats = CaseStats {
        n,
        mean,
        median: f64::NAN,
        p90: f64::NAN,
        p95: f64::NAN,
        min: f64::NAN,
        max: f64::NAN,
        std,
        cv: std.filter(|_| mean > 0.0).map(|s| s / mean),
        sla_target: target,
        sla_share,
        sla_per_case: false,
        missing,
        weekly,
        quantiles: Vec::new(),
    };
    if ranks == Ranks::Distribution {
        stats.set_distribution(&mut values);
    }
    stats
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::FileInfo;

    fn file() -> FileInfo {
        FileInfo {
            path: "today.csv".into(),
            layout: crate::input::Layout::Long,
            delimiter: ",".into(),
            encoding: "UTF-8".into(),
            rows: 10,
            date_column: None,
            first_day: None,
            last_day: None,
            undated_rows: 0,
            columns: Vec::new(),
        }
    }

    #[test]
    fn case_stats_by_hand() {
        // 1..10 h, SLA 8 h: mean 5.5, median 5.5, p90 9.1, p95 9.55, STDEV.S 3.0276504
        let values: Vec<f64> = (1..=10).rev().map(f64::from).collect();
        let series = Series {
            n: 10,
            total: values.iter().sum(),
            values: values.into(),
            missing: 2,
            ..Series::default()
        };
        let s = case_stats(series, Some(8.0), Ranks::Distribution);
        assert_eq!(
            (s.n, s.mean, s.median, s.min, s.max),
            (10, 5.5, 5.5, 1.0, 10.0)
        );
        assert!((s.p90 - 9.1).abs() < 1e-12 && (s.p95 - 9.55).abs() < 1e-12);
        assert!((s.std.unwrap() - 3.027_650_354).abs() < 1e-9);
        assert!((s.cv.unwrap() - 3.027_650_354 / 5.5).abs() < 1e-9);
        assert_eq!(s.sla_share, Some(0.8));
        assert_eq!(s.missing, 2);
        assert_eq!(s.quantiles.len(), 101);
    }

    /// Two segments whose values stay grouped in the pool until one is shown: each segment's
    /// spread and SLA share from its run, its percentiles once handed its values; the
    /// whole's distribution at once. Figures by hand (STDEV.S, PERCENTILE.INC).
    #[test]
    fn segments_pooled_then_handed_out() {
        let mut a = Assumptions::default();
        a.sla_hours.insert(
            "cycle_time".into(),
            crate::assumptions::Sourced::default(8.0),
        );
        let registry = a.registry();
        let id = registry.lookup("cycle_time").expect("built in");
        // Segment a: 3 1 4 5 8 (mean 4.2); b: 9 7 12 2 6 (mean 7.2), in file order.
        let values = [3.0, 9.0, 1.0, 7.0, 4.0, 12.0, 5.0, 2.0, 8.0, 6.0];
        let own = |v: &[f64]| Series {
            n: v.len() as u64,
            total: v.iter().sum(),
            ..Series::default()
        };
        let whole = Series {
            values: values.to_vec().into(),
            ..own(&values)
        };
        // Grouped by segment, each in file order: a's five, then b's.
        let tags = [0, 1, 0, 1, 0, 1, 0, 1, 0, 1];
        let grouped = whole.values.grouped(&tags, &[0, 1], 2);
        assert_eq!(grouped.1, [0, 5, 10]);
        assert_eq!(
            grouped.0.iter().collect::<Vec<_>>(),
            [3.0, 1.0, 4.0, 5.0, 8.0, 9.0, 7.0, 12.0, 2.0, 6.0]
        );
        let obs = Observations {
            file: file(),
            series: [(id, whole)].into(),
            warnings: Vec::new(),
            segments: [
                (
                    "a".to_string(),
                    [(id, own(&[3.0, 1.0, 4.0, 5.0, 8.0]))].into(),
                ),
                (
                    "b".to_string(),
                    [(id, own(&[9.0, 7.0, 12.0, 2.0, 6.0]))].into(),
                ),
            ]
            .into(),
            segment_days: BTreeMap::new(),
            pool: Pool {
                grouped: [(id, grouped)].into(),
            },
        };
        let mut side = summarize(obs, Side::Today, &registry, &a).expect("summarised");
        let case = |s: &SideSummary| match s.stats_of("cycle_time") {
            Some(Stats::Case(c)) => c.clone(),
            _ => panic!("no stats"),
        };
        // Spread and SLA share without the segments' own values: STDEV.S 2.5884358 and
        // 3.7013511; 5 of 5 and 3 of 5 at or under 8 h. No percentile yet.
        let (sa, sb) = (case(&side.segments["a"]), case(&side.segments["b"]));
        assert!((sa.std.unwrap() - 2.588_435_821).abs() < 1e-9);
        assert!((sb.std.unwrap() - 3.701_351_105).abs() < 1e-9);
        assert_eq!((sa.sla_share, sb.sla_share), (Some(1.0), Some(0.6)));
        assert!(sa.median.is_nan());
        // The whole's distribution at once: median 5.5, p90 9.3 of 1…9 and 12.
        let w = case(&side);
        assert_eq!(
            (w.median, w.min, w.max, w.quantiles.len()),
            (5.5, 1.0, 12.0, 101)
        );
        assert!((w.p90 - 9.3).abs() < 1e-12);
        // b shown: its values, in file order; then its percentiles (median 7, p90 10.8).
        let handed = side.hand_out(&["b"]);
        let b = &handed[0][0];
        assert_eq!(b.0, "cycle_time");
        assert_eq!(b.1.iter().collect::<Vec<_>>(), [9.0, 7.0, 12.0, 2.0, 6.0]);
        let mut seg = side.segments["b"].clone();
        seg.unranked = handed.into_iter().next().unwrap_or_default();
        seg.rank();
        let sb = case(&seg);
        assert_eq!((sb.median, sb.min, sb.max), (7.0, 2.0, 12.0));
        assert!((sb.p90 - 10.8).abs() < 1e-12);
    }
}
