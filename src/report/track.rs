//! `roi track`: each month after go-live measured against the case that was promised
//! (docs/method.md#tracking-after-go-live) — the same statistics and levers as `compute`,
//! today being the case's baseline, each realised lever beside the plan's (its gross lever ×
//! the ramp-up share of that month), a verdict from the month's own noise, the cumulative net
//! cash flow realised against the plan's, and the payback re-estimated at the rate realised.
//! Language-free, like the Report: the document words it.

use super::seal::Case;
use crate::assumptions::keys;
use crate::compare::{self, Comparison};
use crate::economics::{self, levers};
use crate::error::{Problem, RoiError};
use crate::message::msg;
use crate::money::Money;
use crate::summarize::months::Month as Actuals;
use crate::summarize::{Side, Stats};
use crate::warning::Warning;
use rust_decimal::Decimal;
use rust_decimal::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;

/// A segment's share of the cases that moved more than this since the baseline (10 points)
/// is a changed mix.
pub const MIX_SHIFT: f64 = 0.10;

/// How a lever, or the whole case, is doing against its promise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// The promise lies within the realised lever's 95% interval.
    OnTrack,
    /// The interval lies above the promise.
    Ahead,
    /// The interval lies below the promise.
    Behind,
    /// Too few observations to form an interval.
    TooEarly,
}

/// One lever in one month, money a month.
#[derive(Debug, Clone, Serialize)]
pub struct LeverMonth {
    pub realised: Money,
    pub promised: Money,
    /// realised − promised.
    pub gap: Money,
    /// The realised lever's 95% interval from the month's own noise; null when it has none.
    pub ci95: Option<[Money; 2]>,
    pub verdict: Verdict,
    /// The change of the lever's metric the month measured and the one the case promised
    /// (after − today: a mean for durations, a rate a month for counts), in `unit`; null for
    /// the total and the SLA lever.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub change: Option<MetricChange>,
    /// A custom metric's name in each language, as the case gives it (`labels`).
    #[serde(skip)]
    pub labels: BTreeMap<String, String>,
}

/// A lever's metric change, realised against promised, in the metric's unit.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct MetricChange {
    pub realised: f64,
    pub promised: f64,
    pub unit: crate::metric::Unit,
    /// A case duration (a mean) rather than a count or period duration (a month's rate).
    pub duration: bool,
}

/// Cumulative net cash flow up to a month (month 0 included), realised and promised.
#[derive(Debug, Clone, Serialize)]
pub struct Cumulative {
    pub realised: Money,
    /// The plan as the case's cash flows have it: risk-adjusted.
    pub promised: Money,
    /// The plan before the risk adjustment: the realised side is gross, so this is the plan
    /// it is like for like with.
    pub promised_gross: Money,
}

#[derive(Debug, Clone, Serialize)]
pub struct Month {
    /// `YYYY-MM`.
    pub month: String,
    /// 1-based month of the plan.
    pub plan_month: u32,
    /// Days with data.
    pub days: u32,
    /// Cases of the metric that defines the volume; null without one.
    pub cases: Option<u64>,
    /// Fewer than 30 cases: shown, but too few to judge.
    pub few_cases: bool,
    /// The metrics as `compute` reports them, today being the case's baseline.
    pub metrics: serde_json::Value,
    pub levers: BTreeMap<String, LeverMonth>,
    /// Every lever together, gross.
    pub total: LeverMonth,
    /// The plan's risk-adjusted benefit for the month, beside the realised total.
    pub promised_risk_adjusted: Money,
    /// The `[[stated]]` lines of this plan month, net, as stated (not measured).
    pub stated: Money,
    pub cumulative: Cumulative,
    /// What to check about the month: a volume that moved more than 20% from the
    /// baseline's, too few cases, a window much shorter than the baseline's.
    pub warnings: Vec<crate::warning::Warning>,
}

/// The whole tracking.
#[derive(Debug, Clone, Serialize)]
pub struct Track {
    pub roi_version: &'static str,
    /// The case's title block (roi.toml `[report]`), for the tracking's page.
    #[serde(rename = "report")]
    pub title_block: crate::rules::TitleBlock,
    pub currency: String,
    pub months: Vec<Month>,
    /// The cumulative net cash flow before the first month (the investment, negative).
    pub cumulative_start: Money,
    /// The case's monthly cost, taken off each month's realised benefit.
    pub monthly_cost: Money,
    /// The plan's payback month (null if none).
    pub payback_months_planned: Option<f64>,
    /// The payback month at the average monthly benefit realised so far, with the case's
    /// investment and monthly cost (null if it never pays back).
    pub payback_months_reestimated: Option<f64>,
    /// The whole case, from the last month's total against its promise.
    pub verdict: Verdict,
}

/// The month the cumulative flow from `start` turns non-negative, interpolated within it,
/// at `rate` a month plus the stated lines of the month; past the horizon at `rate` alone.
/// None when it never does.
fn payback_at(
    start: Decimal,
    rate: Decimal,
    horizon: u32,
    stated_at: &dyn Fn(u32) -> Decimal,
) -> Option<f64> {
    // As compute counts payback: from the last time the cumulative flow turns non-negative.
    let mut cum = start;
    let mut crossed = (start >= Decimal::ZERO).then_some(0.0);
    for t in 1..=horizon {
        let flow = rate + stated_at(t);
        let next = cum + flow;
        if next < Decimal::ZERO {
            crossed = None;
        } else if cum < Decimal::ZERO {
            crossed = Some(f64::from(t) - 1.0 + (-cum / flow).to_f64().unwrap_or(0.0));
        }
        cum = next;
    }
    if cum >= Decimal::ZERO {
        return crossed;
    }
    (rate > Decimal::ZERO).then(|| f64::from(horizon) + (-cum / rate).to_f64().unwrap_or(0.0))
}

/// What the case promised, read once from its JSON.
struct Plan {
    /// Each lever's gross monthly benefit at full size.
    levers: BTreeMap<String, Decimal>,
    total: Decimal,
    /// The risk-adjusted total at full size.
    adjusted: Decimal,
    ramp: Decimal,
    monthly_cost: Decimal,
    one_time: Decimal,
    /// Net cash flows of months 0..H.
    flows: Vec<Decimal>,
    /// With `--by`: the column, and each segment's share of today's cases.
    by: Option<String>,
    baseline_mix: BTreeMap<String, f64>,
}

fn money(v: &serde_json::Value) -> Decimal {
    v.as_str()
        .and_then(|s| Decimal::from_str(s).ok())
        .unwrap_or_default()
}

/// The case's money within what roi computes with (a case roi wrote never holds more, see
/// [`economics::money_limit`]): a figure beyond it is refused, naming its field, instead of
/// overflowing the sums of the tracking.
fn check_case_money(case: &Case, name: &str) -> Result<(), RoiError> {
    let limit = economics::money_limit();
    let j = &case.json;
    let monthly = j["savings"]["monthly"].as_object();
    let flows = j["finance"]["cash_flows"].as_array();
    let figures = monthly
        .into_iter()
        .flatten()
        .map(|(k, v)| (format!("savings.monthly.{k}"), v))
        .chain(
            flows
                .into_iter()
                .flatten()
                .enumerate()
                .map(|(i, v)| (format!("finance.cash_flows[{i}]"), v)),
        );
    for (field, v) in figures {
        if money(v).abs() > limit {
            return Err(RoiError::one(Problem::in_file(name).says(
                msg!(
                    case_money_too_large,
                    field = field,
                    value = v.as_str().unwrap_or("")
                ),
                msg!(case_expected),
            )));
        }
    }
    Ok(())
}

/// The case's `--by` column, when it was broken down by one: the actuals are split by it too.
pub fn by(case: &Case) -> Option<&str> {
    case.json["segmented_by"].as_str()
}

fn plan(case: &Case) -> Plan {
    let (j, a) = (&case.json, &case.assumptions);
    let levers: BTreeMap<String, Decimal> = j["savings"]["monthly"]
        .as_object()
        .map(|m| {
            m.iter()
                .filter(|(k, _)| *k != "total")
                .map(|(k, v)| (k.clone(), money(v)))
                .collect()
        })
        .unwrap_or_default();
    let risk = a.decimal(keys::RISK_ADJUSTMENT);
    let cases: BTreeMap<String, f64> = j["segments"]
        .as_object()
        .map(|m| {
            m.iter()
                .filter_map(|(k, v)| Some((k.clone(), v["cases_today"].as_f64()?)))
                .collect()
        })
        .unwrap_or_default();
    let all_cases: f64 = cases.values().sum();
    Plan {
        total: levers.values().copied().sum(),
        adjusted: economics::Split::of(levers.values().copied()).risk_adjusted(risk),
        levers,
        ramp: a.decimal(keys::RAMP_UP_MONTHS),
        monthly_cost: crate::money::cents(a.decimal(keys::MONTHLY)),
        one_time: crate::money::cents(a.decimal(keys::ONE_TIME)),
        flows: j["finance"]["cash_flows"]
            .as_array()
            .map(|v| v.iter().map(money).collect())
            .unwrap_or_default(),
        by: by(case).map(str::to_string),
        baseline_mix: cases
            .into_iter()
            .filter(|_| all_cases > 0.0)
            .map(|(k, v)| (k, v / all_cases))
            .collect(),
    }
}

/// The fewest events (outages, counted errors) on each side before a lever of them gets a
/// verdict (PRODUCT §8).
pub const MIN_EVENTS: f64 = 10.0;

/// How many events a count or a period duration holds: a count's total, a period
/// duration's observations (each an outage); a case duration's are not events (never rare).
fn events(kind: crate::metric::Kind, s: &Option<Stats>) -> f64 {
    match (kind, s) {
        (crate::metric::Kind::Count, Some(Stats::Rate(r))) => r.total.round(),
        (crate::metric::Kind::PeriodDuration, Some(Stats::Rate(r))) => r.n as f64,
        (crate::metric::Kind::CaseDuration, _) => f64::INFINITY,
        _ => 0.0,
    }
}

/// A `YYYY-MM` month as a count of months (year × 12 + month − 1).
fn month_number(m: &str) -> Option<i64> {
    let (y, mo) = m.split_once('-')?;
    let (y, mo): (i64, i64) = (y.parse().ok()?, mo.parse().ok()?);
    (1..=12).contains(&mo).then_some(y * 12 + mo - 1)
}

/// The `YYYY-MM` of a month count.
fn month_name(n: i64) -> String {
    format!("{:04}-{:02}", n.div_euclid(12), n.rem_euclid(12) + 1)
}

/// The verdict of a realised lever against its promise.
fn verdict(promised: Decimal, ci: Option<[Money; 2]>) -> Verdict {
    match ci {
        None => Verdict::TooEarly,
        Some([lo, _]) if promised < lo.0 => Verdict::Ahead,
        Some([_, hi]) if promised > hi.0 => Verdict::Behind,
        Some(_) => Verdict::OnTrack,
    }
}

/// What to check about a month: its volume, its cases, its window, and with `--by` a mix of
/// segments that moved since the baseline.
fn month_warnings(
    cmp: &Comparison,
    plan: &Plan,
    segment_cases: &BTreeMap<String, u64>,
) -> Vec<Warning> {
    use Warning as W;
    let mut out: Vec<W> = cmp
        .warnings
        .iter()
        .filter(|w| {
            matches!(
                w,
                W::VolumeChanged { .. }
                    | W::FewCases { today: false, .. }
                    | W::WindowsDiffer { .. }
                    | W::ShortWindow { today: false, .. }
            )
        })
        .cloned()
        .collect();
    if let Some(by) = &plan.by {
        let total: u64 = segment_cases.values().sum();
        let moved: Vec<(String, f64, f64)> = plan
            .baseline_mix
            .keys()
            .chain(segment_cases.keys())
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .filter_map(|seg| {
                let today = plan.baseline_mix.get(seg).copied().unwrap_or(0.0);
                let now = segment_cases
                    .get(seg)
                    .map_or(0.0, |n| *n as f64 / total.max(1) as f64);
                ((now - today).abs() > MIX_SHIFT && total > 0).then(|| (seg.clone(), today, now))
            })
            .collect();
        if !moved.is_empty() {
            out.push(W::MixChanged {
                by: by.clone(),
                segments: moved,
            });
        }
    }
    out
}

/// Each lever of a month against its promise (`share` of the full promise this month), and
/// all of them together.
fn levers_of(
    cmp: &Comparison,
    case: &Case,
    plan: &Plan,
    share: Decimal,
) -> Result<(BTreeMap<String, LeverMonth>, LeverMonth), RoiError> {
    let realised = levers::levers(cmp, &case.assumptions);
    // A month's levers beyond what roi computes with (a unit gone wrong in the actuals):
    // refused as compute refuses them.
    economics::check_magnitudes(&realised)?;
    let share_f = share.to_f64().unwrap_or(1.0);
    let mut out = BTreeMap::new();
    let (mut total_realised, mut total_ss) = (Decimal::ZERO, 0.0_f64);
    let mut total_known = true;
    for (lever, promised_full) in &plan.levers {
        let promised = crate::money::cents(promised_full * share);
        let found = realised.iter().find(|l| &l.name == lever);
        let (real, ci) = match found {
            Some(l) => {
                let ci = (l.low != l.high).then_some([l.low, l.high]);
                (l.monthly.0, ci)
            }
            None => (Decimal::ZERO, None),
        };
        // A lever of rare events (outages, complaints) says nothing yet with fewer than
        // MIN_EVENTS of them on either side: its interval is shown, its verdict waits.
        let rare = found.is_some_and(|l| {
            cmp.metrics
                .iter()
                .find(|m| m.name == l.metric)
                .is_some_and(|m| {
                    events(m.kind, &m.today).min(events(m.kind, &m.after)) < MIN_EVENTS
                })
        });
        match ci {
            Some([lo, hi]) => {
                let half = ((hi.0 - lo.0) / Decimal::TWO).to_f64().unwrap_or(0.0);
                total_ss += half * half;
            }
            None => total_known = false,
        }
        total_realised += real;
        // The metric behind the lever, in its own unit (not the SLA lever: its money is
        // breaches, not the metric's mean).
        let change = (lever != "sla")
            .then(|| {
                let m = cmp.metrics.iter().find(|m| &m.name == lever)?;
                let realised = m.change.as_ref()?.mean;
                let promised = case.json["metrics"][lever]["change"]["mean"].as_f64()? * share_f;
                Some(MetricChange {
                    realised,
                    promised,
                    unit: m.unit,
                    duration: m.kind == crate::metric::Kind::CaseDuration,
                })
            })
            .flatten();
        out.insert(
            lever.clone(),
            LeverMonth {
                realised: Money(real),
                promised: Money(promised),
                gap: Money(real - promised),
                ci95: ci,
                verdict: if rare {
                    Verdict::TooEarly
                } else {
                    verdict(promised, ci)
                },
                change,
                labels: case.json["metrics"][lever.as_str()]["labels"]
                    .as_object()
                    .map(|o| {
                        o.iter()
                            .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_string())))
                            .collect()
                    })
                    .unwrap_or_default(),
            },
        );
    }
    let promised_total = crate::money::cents(plan.total * share);
    let total_ci = total_known.then(|| {
        let half = levers::dec(total_ss.sqrt());
        [
            Money(crate::money::cents(total_realised - half)),
            Money(crate::money::cents(total_realised + half)),
        ]
    });
    let total = LeverMonth {
        realised: Money(total_realised),
        promised: Money(promised_total),
        gap: Money(total_realised - promised_total),
        ci95: total_ci,
        verdict: verdict(promised_total, total_ci),
        change: None,
        labels: BTreeMap::new(),
    };
    Ok((out, total))
}

/// Tracks the actuals, month by month, against the case. `actuals` name the files in
/// messages.
pub fn track(case: &Case, months: Vec<Actuals>, actuals: &str) -> Result<Track, RoiError> {
    check_case_money(case, &case.name)?;
    let plan = plan(case);
    let a = &case.assumptions;
    // The baseline with its own noise: a month is judged against a baseline that was itself
    // measured, as compute judges the case (PRODUCT §8).
    let today = case.baseline.clone();
    let mut out = Vec::new();
    // Stated lines are not measured: the realised side carries them as stated, month by
    // month, as the promised side does.
    let stated = crate::economics::stated_flows(&a.stated, a.decimal(keys::CAPACITY_RECAPTURE));
    let stated_at = |t: u32| -> Decimal { stated.iter().map(|s| s.at(t)).sum() };
    let start = -plan.one_time + stated_at(0);
    let mut realised_cum = start;
    let mut gross_cum = start;
    let mut realised_sum = Decimal::ZERO;
    // The promised side, like for like: month 0 and the months tracked.
    let mut promised_cum = plan.flows.first().copied().unwrap_or_default();
    // Plan months by the calendar from the first month tracked: a month without actuals is
    // a gap, said, not the next plan month.
    let first = months.first().and_then(|m| month_number(&m.month));
    let mut previous: Option<u32> = None;
    for (i, m) in months.into_iter().enumerate() {
        let plan_month = match (first, month_number(&m.month)) {
            (Some(f), Some(n)) if n >= f => u32::try_from(n - f + 1).unwrap_or(u32::MAX),
            _ => i as u32 + 1,
        };
        let skipped: Vec<String> = previous
            .map(|p| (p + 1..plan_month).collect::<Vec<u32>>())
            .unwrap_or_default()
            .into_iter()
            .filter_map(|pm| Some(month_name(first? + i64::from(pm) - 1)))
            .collect();
        previous = Some(plan_month);
        let after = m.summary;
        let days = after.window.as_ref().map_or(0, |w| w.days);
        let cases = after.cases.as_ref().map(|c| c.0);
        debug_assert_eq!(after.side, Side::After);
        let cmp = compare::compare(today.clone(), after, a);
        let mut warnings = month_warnings(&cmp, &plan, &m.segment_cases);
        if !skipped.is_empty() {
            warnings.insert(0, Warning::MonthsMissing { months: skipped });
        }
        let share = if plan.ramp <= Decimal::ZERO {
            Decimal::ONE
        } else {
            (Decimal::from(plan_month) / plan.ramp).min(Decimal::ONE)
        };
        let (levers, total) = levers_of(&cmp, case, &plan, share)?;
        let stated_now = stated_at(plan_month);
        realised_cum += total.realised.0 - plan.monthly_cost + stated_now;
        gross_cum += crate::money::cents(plan.total * share) - plan.monthly_cost + stated_now;
        realised_sum += total.realised.0;
        promised_cum += plan
            .flows
            .get(plan_month as usize)
            .copied()
            .unwrap_or_default();
        // The month's metrics as compute reports them.
        let metrics = super::build::metrics(cmp.metrics, a);
        out.push(Month {
            month: m.month,
            plan_month,
            days,
            cases,
            few_cases: cases.is_some_and(|c| c < compare::MIN_CASES),
            metrics: serde_json::to_value(&metrics).unwrap_or_default(),
            levers,
            total,
            promised_risk_adjusted: Money(crate::money::cents(plan.adjusted * share)),
            stated: Money(stated_now),
            cumulative: Cumulative {
                realised: Money(realised_cum),
                promised: Money(promised_cum),
                promised_gross: Money(gross_cum),
            },
            warnings,
        });
    }
    if out.is_empty() {
        return Err(RoiError::one(
            Problem::in_file(actuals).says(msg!(no_dated_month), msg!(months_expected)),
        ));
    }
    // The payback at the average monthly benefit realised so far, full from month 1, with
    // the stated lines as stated within the horizon.
    let rate = realised_sum / Decimal::from(out.len() as u64) - plan.monthly_cost;
    let horizon = plan.flows.len().saturating_sub(1) as u32;
    let reestimated = if stated.is_empty() {
        (rate > Decimal::ZERO)
            .then(|| (plan.one_time / rate).to_f64())
            .flatten()
    } else {
        payback_at(start, rate, horizon, &stated_at)
    }
    .map(|m| (m * 10.0).round() / 10.0);
    let verdict = out.last().map_or(Verdict::TooEarly, |m| m.total.verdict);
    Ok(Track {
        roi_version: env!("CARGO_PKG_VERSION"),
        title_block: a.title_block.clone(),
        currency: case.json["currency"].as_str().unwrap_or("EUR").to_string(),
        months: out,
        cumulative_start: Money(start),
        monthly_cost: Money(plan.monthly_cost),
        payback_months_planned: case.json["finance"]["payback_months"].as_f64(),
        payback_months_reestimated: reestimated,
        verdict,
    })
}
