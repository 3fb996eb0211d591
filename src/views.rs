//! The COO's views of the comparison (docs/method.md#the-coos-views): flow, predictability, quality, uptime,
//! customer, and the hours saved as full-time equivalents.

use crate::assumptions::{Assumptions, Source};
use crate::compare::Comparison;
use crate::economics::BusinessCase;
use crate::metric::{Role, Unit, builtin_with_role};
use crate::summarize::{CaseStats, DAYS_PER_MONTH, RateStats, Stats};
use serde::Serialize;

/// The name of the built-in metric that plays a role.
fn role(r: Role) -> &'static str {
    builtin_with_role(r).map_or("", |b| b.name)
}

/// A figure today and after the change.
#[derive(Debug, Clone, Copy, Serialize, PartialEq)]
pub struct Pair {
    pub today: f64,
    pub after: f64,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Flow {
    /// Cases a month, measured.
    pub throughput: Pair,
    /// Cases in progress on average (Little's law: throughput × mean cycle time).
    pub wip: Option<Pair>,
    /// mean_today ÷ mean_after − 1: how many more cases the same WIP can carry.
    pub capacity_gained: Option<f64>,
}

/// Predictability of one case-duration metric.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Predictability {
    pub metric: String,
    pub unit: Unit,
    /// "9 in 10 within X".
    pub p90: Pair,
    /// p90 ÷ median: how long the tail is.
    pub spread: Option<Pair>,
    pub cv: Option<Pair>,
    pub sla_target: Option<f64>,
    pub sla_share: Option<Pair>,
    /// The share is of each case against its own target (`sla_met`, `[sla.by]`).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub sla_per_case: bool,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Quality {
    /// Errors a month; after at today's volume.
    pub per_month: Pair,
    pub per_100_cases: Option<Pair>,
    pub avoided_per_year: f64,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Uptime {
    pub downtime_hours_per_month: Pair,
    pub availability: Option<Pair>,
    pub productive_hours_regained_per_year: f64,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Customer {
    pub unit: Unit,
    pub median: Pair,
    pub p90: Pair,
    pub sla_share: Option<Pair>,
    pub breaches_avoided_per_month: Option<f64>,
}

/// Staff time behind the cycle-time lever.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct HoursSaved {
    pub hours_per_month: f64,
    /// hours ÷ fte_hours_per_month.
    pub fte: f64,
}

#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Views {
    pub flow: Option<Flow>,
    pub predictability: Vec<Predictability>,
    pub quality: Option<Quality>,
    pub uptime: Option<Uptime>,
    pub customer: Option<Customer>,
    pub hours_saved: Option<HoursSaved>,
}

fn cases<'a>(cmp: &'a Comparison, name: &str) -> Option<(&'a CaseStats, &'a CaseStats, Unit)> {
    let m = cmp.metrics.iter().find(|m| m.name == name)?;
    match (&m.today, &m.after) {
        (Some(Stats::Case(t)), Some(Stats::Case(a))) => Some((t, a, m.unit)),
        _ => None,
    }
}

fn rates<'a>(
    cmp: &'a Comparison,
    name: &str,
) -> Option<(&'a RateStats, &'a RateStats, f64, Option<f64>)> {
    let m = cmp.metrics.iter().find(|m| m.name == name)?;
    match (&m.today, &m.after) {
        (Some(Stats::Rate(t)), Some(Stats::Rate(a))) => Some((
            t,
            a,
            m.unit.hours().unwrap_or(1.0),
            m.change.as_ref().and_then(|c| c.after_at_today_volume),
        )),
        _ => None,
    }
}

fn pair(today: f64, after: f64) -> Pair {
    Pair { today, after }
}

fn opt_pair(t: Option<f64>, a: Option<f64>) -> Option<Pair> {
    Some(pair(t?, a?))
}

/// Computes the views the data allows; a view whose metrics are missing is None.
pub fn views(cmp: &Comparison, case: &BusinessCase, a: &Assumptions) -> Views {
    // Today's throughput is the volume the case is built on: roi.toml's, else measured. With
    // roi.toml's, the after-side is measured and moved by the same factor (the files are a
    // sample of that volume): the measured change in throughput, never a sample's count set
    // against the whole operation's.
    let scale = match (cmp.volume.source, cmp.volume.today_measured) {
        (Some(Source::Config), Some(m)) if m > 0.0 => cmp.volume.cases_per_month.map(|v| v / m),
        _ => None,
    };
    let after_throughput = cmp.after.cases_per_month.map(|a| a * scale.unwrap_or(1.0));
    let flow = match (cmp.volume.cases_per_month, after_throughput) {
        (Some(tt), Some(ta)) => {
            let ct = cases(cmp, role(Role::Cycle));
            // Little's law with λ per hour of calendar time and W in hours.
            let hours_per_month = DAYS_PER_MONTH * 24.0;
            Some(Flow {
                throughput: pair(tt, ta),
                wip: ct.as_ref().map(|(t, af, _)| {
                    pair(
                        tt / hours_per_month * t.mean,
                        ta / hours_per_month * af.mean,
                    )
                }),
                capacity_gained: ct
                    .and_then(|(t, af, _)| (af.mean > 0.0).then(|| t.mean / af.mean - 1.0)),
            })
        }
        _ => None,
    };
    let predictability = cmp
        .metrics
        .iter()
        .filter_map(|m| {
            let (Some(Stats::Case(t)), Some(Stats::Case(af))) = (&m.today, &m.after) else {
                return None;
            };
            let (name, unit) = (m.name.as_str(), m.unit);
            let spread = |s: &CaseStats| (s.median > 0.0).then(|| s.p90 / s.median);
            Some(Predictability {
                metric: name.to_string(),
                unit,
                p90: pair(t.p90, af.p90),
                spread: opt_pair(spread(t), spread(af)),
                cv: opt_pair(t.cv, af.cv),
                sla_target: t.sla_target.filter(|_| !t.sla_per_case),
                sla_share: opt_pair(t.sla_share, af.sla_share),
                sla_per_case: t.sla_per_case,
            })
        })
        .collect();
    let quality = rates(cmp, role(Role::Defects)).and_then(|(t, af, _, scaled)| {
        let (tp, ap) = (t.per_month?, scaled.or(af.per_month)?);
        Some(Quality {
            per_month: pair(tp, ap),
            per_100_cases: opt_pair(t.per_100_cases, af.per_100_cases),
            avoided_per_year: (tp - ap) * 12.0,
        })
    });
    let uptime = rates(cmp, role(Role::Stoppage)).and_then(|(t, af, hours, _)| {
        let (tp, ap) = (t.per_month? * hours, af.per_month? * hours);
        Some(Uptime {
            downtime_hours_per_month: pair(tp, ap),
            availability: opt_pair(t.availability, af.availability),
            productive_hours_regained_per_year: (tp - ap) * 12.0,
        })
    });
    let customer = cases(cmp, role(Role::FirstResponse)).map(|(t, af, unit)| {
        let share = opt_pair(t.sla_share, af.sla_share);
        let months = cmp.today.window.as_ref().map(|w| w.months());
        Customer {
            unit,
            median: pair(t.median, af.median),
            p90: pair(t.p90, af.p90),
            sla_share: share,
            breaches_avoided_per_month: match (share, months) {
                (Some(s), Some(m)) => Some((s.after - s.today) * t.n as f64 / m),
                _ => None,
            },
        }
    });
    let hours_saved = case
        .levers
        .iter()
        .find(|l| l.metric == role(Role::Cycle))
        .and_then(|l| l.hours_per_month)
        .map(|h| HoursSaved {
            hours_per_month: h,
            fte: h / a.fte_hours_per_month(),
        });
    Views {
        flow,
        predictability,
        quality,
        uptime,
        customer,
        hours_saved,
    }
}
