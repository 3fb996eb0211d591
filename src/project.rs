//! `roi project` (PRODUCT §9): before any pilot, the after-side is today's summary moved by
//! `[targets]`, and the pilot plan says how long a pilot must run to prove each lever.

use crate::assumptions::targets::{Target, TargetChange};
use crate::compare::Comparison;
use crate::economics::levers::Lever;
use crate::error::{Problem, RoiError};
use crate::message::msg;
use crate::metric::{Kind, LeverRule};
use crate::summarize::{CaseStats, RateStats, Side, SideSummary, Stats};
use serde::Serialize;
use std::collections::BTreeMap;

/// z₀.₉₇₅ + z₀.₈: a change of k standard errors is proven at 95% with 80% power.
pub const K: f64 = 1.959_963_984_540_054 + 0.841_621_233_572_914_3;

/// A pilot beyond this many weeks is "not within a year".
const MAX_WEEKS: f64 = 52.0;

/// Today's summary moved by the targets: the projected after-side. Metrics without a target
/// are left out of both sides (the case is the promise's); segments are moved alike.
pub fn project(
    today: &mut SideSummary,
    targets: &[Target],
    config: &str,
) -> Result<SideSummary, RoiError> {
    if targets.is_empty() {
        return Err(RoiError::one(
            Problem::in_file(config).says(msg!(project_no_targets), msg!(targets_section)),
        ));
    }
    let mut problems = Vec::new();
    for t in targets {
        if !today
            .metrics
            .iter()
            .any(|m| m.name == t.metric && m.stats.is_some())
        {
            problems.push(Problem::in_file(&today.file.path).says(
                msg!(
                    project_target_unmeasured,
                    metric = crate::escape::visible(&t.metric)
                ),
                msg!(project_target_measured),
            ));
        }
    }
    if !problems.is_empty() {
        return Err(RoiError::Input { problems, more: 0 });
    }
    keep_targeted(today, targets);
    moved(today, targets, config)
}

/// Only the targeted metrics stay, in today's summary and its segments.
fn keep_targeted(s: &mut SideSummary, targets: &[Target]) {
    s.metrics
        .retain(|m| targets.iter().any(|t| t.metric == m.name));
    for seg in s.segments.values_mut() {
        keep_targeted(seg, targets);
    }
    // A segment that measures none of the targeted metrics has no part in the promise.
    s.segments
        .retain(|_, seg| seg.metrics.iter().any(|m| m.stats.is_some()));
}

/// One side moved by the targets.
fn moved(today: &SideSummary, targets: &[Target], config: &str) -> Result<SideSummary, RoiError> {
    let mut after = today.clone();
    after.side = Side::After;
    after.warnings.clear();
    for m in after.metrics.iter_mut() {
        let Some(t) = targets.iter().find(|t| t.metric == m.name) else {
            continue;
        };
        let hours = m.unit.hours().unwrap_or(1.0);
        let months = today.window.as_ref().map(|w| w.months());
        let ok = match &mut m.stats {
            Some(Stats::Case(c)) => case(c, t.change, hours),
            Some(Stats::Rate(r)) => rate(r, t.change, m.kind, hours, months),
            None => true,
        };
        if !ok {
            return Err(RoiError::one(Problem::in_file(config).says(
                msg!(
                    project_target_below_zero,
                    metric = crate::escape::visible(&m.name),
                    target = crate::escape::visible(&t.text)
                ),
                msg!(project_target_smaller),
            )));
        }
    }
    after.segments = today
        .segments
        .iter()
        .map(|(k, s)| Ok((k.clone(), moved(s, targets, config)?)))
        .collect::<Result<_, RoiError>>()?;
    Ok(after)
}

/// A case duration moved by its target: every figure scaled by projected ÷ today's mean (a
/// relative target scales the whole distribution; an absolute one moves the mean by its
/// hours and the rest in proportion). The SLA share is read off today's distribution at the
/// target ÷ the factor. False when the mean would fall to zero or below.
fn case(c: &mut CaseStats, change: TargetChange, hours: f64) -> bool {
    let f = match change {
        TargetChange::Relative(r) => 1.0 + r,
        TargetChange::Absolute(h) if c.mean > 0.0 => (c.mean + h / hours) / c.mean,
        TargetChange::Absolute(_) => 1.0,
    };
    if f <= 0.0 || !f.is_finite() {
        return false;
    }
    let quantiles = c.quantiles.clone();
    for v in [
        &mut c.mean,
        &mut c.median,
        &mut c.p90,
        &mut c.p95,
        &mut c.min,
        &mut c.max,
    ] {
        *v *= f;
    }
    c.std = c.std.map(|s| s * f);
    c.quantiles.iter_mut().for_each(|q| *q *= f);
    // Weeks of a projection are not observed: no trend is drawn from them.
    c.weekly.clear();
    c.sla_share = match (c.sla_target, c.sla_per_case) {
        (Some(target), false) => share_within(&quantiles, target / f).or(c.sla_share),
        _ => None,
    };
    true
}

/// The share of a distribution (its 101 percentiles, PERCENTILE.INC) at or under `x`,
/// interpolated between percentiles.
fn share_within(q: &[f64], x: f64) -> Option<f64> {
    let (first, last) = (*q.first()?, *q.last()?);
    if x < first {
        return Some(0.0);
    }
    if x >= last {
        return Some(1.0);
    }
    let steps = (q.len() - 1) as f64;
    for (i, w) in q.windows(2).enumerate() {
        if x < w[1] {
            let within = if w[1] > w[0] {
                (x - w[0]) / (w[1] - w[0])
            } else {
                1.0
            };
            return Some((i as f64 + within) / steps);
        }
    }
    Some(1.0)
}

/// A count or a period duration moved by its target: the total and the per-month rate by
/// projected ÷ today; the variance (Σx²) likewise, as a compound-Poisson process at the
/// projected level (PRODUCT §9). False when the rate would fall below zero.
fn rate(
    r: &mut RateStats,
    change: TargetChange,
    kind: Kind,
    hours: f64,
    months: Option<f64>,
) -> bool {
    let today = r.per_month.unwrap_or(0.0);
    let projected = match change {
        TargetChange::Relative(x) => today * (1.0 + x),
        TargetChange::Absolute(d) if kind == Kind::Count => today + d,
        TargetChange::Absolute(h) => today + h / hours,
    };
    if projected < 0.0 || !projected.is_finite() {
        return false;
    }
    let g = if today > 0.0 { projected / today } else { 1.0 };
    r.per_month = r.per_month.map(|_| projected);
    r.total = match months {
        Some(m) => projected * m,
        None => r.total * g,
    };
    r.sum_sq *= g;
    r.per_100_cases = r.per_100_cases.map(|v| v * g);
    r.availability = r.availability.map(|a| 1.0 - (1.0 - a) * g);
    true
}

/// Why a lever has no pilot length.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PilotReason {
    /// The target is no change.
    NoChange,
    /// Today's own standard error is too large for any pilot to prove the target.
    TodayTooNoisy,
    /// More than 52 weeks.
    NotWithinAYear,
    /// Today's file has no window (no dates, no `[window]`), or no spread.
    Unknown,
}

/// How long a pilot at today's volume must run for a lever's target to be proven (95%
/// interval excluding zero) with 80% power.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct PilotPlan {
    pub weeks: Option<u32>,
    /// Cases the pilot sees over those weeks (at today's volume).
    pub cases: Option<u64>,
    pub reason: Option<PilotReason>,
    /// The targeted change, as a fraction of today's figure (the lever's own terms).
    pub change_pct: Option<f64>,
}

impl PilotPlan {
    fn none(reason: PilotReason, change_pct: Option<f64>) -> PilotPlan {
        PilotPlan {
            weeks: None,
            cases: None,
            reason: Some(reason),
            change_pct,
        }
    }
}

/// The pilot plan of every lever, by name (PRODUCT §9).
pub fn pilot_plan(cmp: &Comparison, levers: &[Lever]) -> BTreeMap<String, PilotPlan> {
    levers
        .iter()
        .filter_map(|l| Some((l.name.clone(), plan(cmp, l)?)))
        .collect()
}

fn plan(cmp: &Comparison, l: &Lever) -> Option<PilotPlan> {
    let m = cmp.metrics.iter().find(|m| m.name == l.metric)?;
    let window = cmp.today.window.as_ref();
    let days = window.map(|w| f64::from(w.days));
    // Today's cases of the volume a week: what a pilot at today's volume sees.
    let weekly_cases = cmp
        .today
        .cases
        .as_ref()
        .zip(days)
        .map(|((n, _), d)| *n as f64 / d * 7.0);
    match (l.rule, &m.today, &m.after) {
        (LeverRule::SlaBreaches, Some(Stats::Case(t)), Some(Stats::Case(a))) => {
            let (pt, pa) = (1.0 - t.sla_share?, 1.0 - a.sla_share?);
            let weekly = days.map(|d| t.n as f64 / d * 7.0);
            Some(by_cases(
                pa - pt,
                pt * (1.0 - pt) / t.n.max(1) as f64,
                pa * (1.0 - pa),
                weekly,
                (pt > 0.0).then(|| (pa - pt) / pt),
            ))
        }
        (_, Some(Stats::Case(t)), Some(Stats::Case(a))) => {
            let weekly = days.map(|d| t.n as f64 / d * 7.0);
            let se2 = match t.std {
                Some(s) => s * s / t.n.max(1) as f64,
                None => f64::NAN,
            };
            Some(by_cases(
                a.mean - t.mean,
                se2,
                a.std.map_or(f64::NAN, |s| s * s),
                weekly,
                (t.mean > 0.0).then(|| (a.mean - t.mean) / t.mean),
            ))
        }
        (_, Some(Stats::Rate(t)), Some(Stats::Rate(a))) => {
            let (tp, ap) = (t.per_month?, a.per_month?);
            let pct = (tp > 0.0).then(|| (ap - tp) / tp);
            let Some(months) = window.map(|w| w.months()).filter(|m| *m > 0.0) else {
                return Some(PilotPlan::none(PilotReason::Unknown, pct));
            };
            let delta = ap - tp;
            if delta == 0.0 {
                return Some(PilotPlan::none(PilotReason::NoChange, pct));
            }
            // Today's rate and its squared standard error; one month's variance at the
            // projected level.
            let se2 = t.sum_sq / (months * months);
            let v_p = a.sum_sq / months;
            let need = (delta / K).powi(2) - se2;
            if !need.is_finite() || !v_p.is_finite() {
                return Some(PilotPlan::none(PilotReason::Unknown, pct));
            }
            if need <= 0.0 {
                return Some(PilotPlan::none(PilotReason::TodayTooNoisy, pct));
            }
            let months_needed = v_p / need;
            let weeks = (months_needed * crate::summarize::DAYS_PER_MONTH / 7.0)
                .ceil()
                .max(1.0);
            if weeks > MAX_WEEKS {
                return Some(PilotPlan::none(PilotReason::NotWithinAYear, pct));
            }
            Some(PilotPlan {
                weeks: Some(weeks as u32),
                cases: weekly_cases.map(|w| (w * weeks).round() as u64),
                reason: None,
                change_pct: pct,
            })
        }
        _ => None,
    }
}

/// A pilot measured by cases: n = σ_p² / ((Δ/k)² − se_t²) cases, in weeks of today's
/// weekly cases.
fn by_cases(
    delta: f64,
    se2_today: f64,
    var_projected: f64,
    weekly: Option<f64>,
    pct: Option<f64>,
) -> PilotPlan {
    if delta == 0.0 {
        return PilotPlan::none(PilotReason::NoChange, pct);
    }
    let need = (delta / K).powi(2) - se2_today;
    if !need.is_finite() || !var_projected.is_finite() {
        return PilotPlan::none(PilotReason::Unknown, pct);
    }
    if need <= 0.0 {
        return PilotPlan::none(PilotReason::TodayTooNoisy, pct);
    }
    let cases = (var_projected / need).ceil().max(1.0);
    let Some(weekly) = weekly.filter(|w| *w > 0.0) else {
        return PilotPlan {
            weeks: None,
            cases: Some(cases as u64),
            reason: Some(PilotReason::Unknown),
            change_pct: pct,
        };
    };
    let weeks = (cases / weekly).ceil().max(1.0);
    if weeks > MAX_WEEKS {
        return PilotPlan::none(PilotReason::NotWithinAYear, pct);
    }
    PilotPlan {
        weeks: Some(weeks as u32),
        cases: Some(cases as u64),
        reason: None,
        change_pct: pct,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_share_within_reads_today_s_percentiles() {
        // 0, 1, … 100: the share at or under 25.5 is 25.5%.
        let q: Vec<f64> = (0..=100).map(f64::from).collect();
        assert!((share_within(&q, 25.5).unwrap() - 0.255).abs() < 1e-12);
        assert_eq!(share_within(&q, -1.0), Some(0.0));
        assert_eq!(share_within(&q, 100.0), Some(1.0));
    }

    #[test]
    fn k_is_the_95_80_sum() {
        assert!((K - 2.801_585).abs() < 1e-6);
    }
}
