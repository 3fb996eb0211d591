//! One side's observations → [`SideSummary`]: the window, the measured volume, and the
//! statistics of every metric (docs/method.md#descriptive-statistics).

use super::side::{
    CaseStats, MetricSummary, RateStats, Side, SideSummary, Stats, WeekPoint, Window,
};
use crate::assumptions::{Assumptions, Source};
use crate::error::{Problem, RoiError};
use crate::input::{Observations, Series, Values};
use crate::message::Arg;
use crate::message::msg;
use crate::metric::{Kind, Unit};
use crate::registry::Registry;
use crate::value::format_day;
use crate::warning::Warning;

/// Summarizes one side, and with `--by` each of its segments. Fails when a count or period
/// metric has no window to become a rate.
pub fn summarize(
    obs: Observations,
    side: Side,
    registry: &Registry,
    assumptions: &Assumptions,
) -> Result<SideSummary, RoiError> {
    let Observations {
        file,
        series,
        warnings,
        segments,
        ..
    } = obs;
    let mut whole = summarize_one(
        file,
        series,
        warnings,
        side,
        registry,
        assumptions,
        Ranks::Distribution,
    )?;
    // A segment's distribution (101 points) is drawn by no chart and written in no file:
    // only a projection reads its SLA share off it. Otherwise its percentiles wait until it
    // is known to be one of the segments shown.
    let ranks = if assumptions.projected {
        Ranks::Distribution
    } else {
        Ranks::Later
    };
    for (name, series) in segments {
        let one = summarize_one(
            whole.file.clone(),
            series,
            Vec::new(),
            side,
            registry,
            assumptions,
            ranks,
        )?;
        whole.segments.insert(name, one);
    }
    Ok(whole)
}

fn summarize_one(
    file: crate::input::FileInfo,
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
    let mut unranked = Vec::new();
    for (id, s) in series {
        let def = registry.def(id);
        let stats = if s.n == 0 {
            None
        } else {
            Some(match def.kind {
                Kind::CaseDuration => {
                    let target = assumptions
                        .sla_hours
                        .get(&def.name)
                        .and_then(|t| Some(t.value / def.unit.hours()?));
                    // Per-case SLA (a column, or targets by a dimension): the share of the
                    // cases whose verdict is known; no single target.
                    let per_case = registry.rules.sla_per_case(&def.name);
                    let (met, known) = (s.sla_met, s.sla_known);
                    let (mut stats, values) = case_stats(s, target, ranks);
                    if let Some(values) = values {
                        unranked.push((def.name.clone(), values));
                    }
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
        unranked,
    })
}

/// Which percentiles a summary finds now.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Ranks {
    /// PERCENTILE.INC at 0%, 1%, … 100%: the distribution the charts draw.
    Distribution,
    /// None yet: the values are kept for [`SideSummary::rank`].
    Later,
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
/// 100%), or without any percentile yet and its values handed back for later (the same
/// five percentiles once ranked).
fn case_stats(s: Series, target: Option<f64>, ranks: Ranks) -> (CaseStats, Option<Values>) {
    let Series {
        mut values,
        n,
        total,
        weekly,
        missing,
        ..
    } = s;
    let mean = total / n as f64;
    // Two-pass, in file order, as stats::sample_std.
    let std = (values.len() >= 2).then(|| {
        let ss = values.sum_of(|v| (v - mean) * (v - mean));
        (ss / (values.len() - 1) as f64).sqrt()
    });
    let sla_share = target.map(|t| values.count_at_most(t) as f64 / values.len() as f64);
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
    if ranks == Ranks::Later {
        return (stats, Some(values));
    }
    // PERCENTILE.INC at 0%, 1%, … 100% needs two order statistics each: found by selection
    // (O(n log k)), not a full sort.
    let points: Vec<i32> = (0..=100).collect();
    let ps: Vec<f64> = points.iter().map(|&i| f64::from(i) / 100.0).collect();
    let found = values.percentiles_inc(&ps);
    stats.set_percentiles(&points, &found);
    stats.quantiles = found;
    (stats, None)
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let (s, _) = case_stats(series.clone(), Some(8.0), Ranks::Distribution);
        let (later, values) = case_stats(series, Some(8.0), Ranks::Later);
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
        // Put off: the same moments and SLA share, no percentiles yet, the values handed
        // back; ranked later, the same five percentiles.
        assert!(
            [later.median, later.p90, later.p95, later.min, later.max]
                .iter()
                .all(|x| x.is_nan())
        );
        assert_eq!(
            (later.n, later.mean, later.std, later.sla_share),
            (s.n, s.mean, s.std, s.sla_share)
        );
        let mut side = SideSummary {
            side: Side::Today,
            file: crate::input::FileInfo {
                path: "segment.csv".into(),
                layout: crate::input::Layout::Long,
                delimiter: ",".into(),
                encoding: "UTF-8".into(),
                rows: 10,
                date_column: None,
                first_day: None,
                last_day: None,
                undated_rows: 0,
                columns: Vec::new(),
            },
            window: None,
            cases: None,
            cases_per_month: None,
            metrics: vec![MetricSummary {
                name: "cycle_time".into(),
                kind: Kind::CaseDuration,
                unit: Unit::Hours,
                stats: Some(Stats::Case(later)),
            }],
            warnings: Vec::new(),
            segments: Default::default(),
            unranked: vec![("cycle_time".into(), values.expect("kept"))],
        };
        side.rank();
        let Some(Stats::Case(ranked)) = side.stats_of("cycle_time") else {
            panic!("no stats");
        };
        assert_eq!(
            (
                ranked.median,
                ranked.p90,
                ranked.p95,
                ranked.min,
                ranked.max
            ),
            (s.median, s.p90, s.p95, s.min, s.max)
        );
        assert!(side.unranked.is_empty());
    }
}
