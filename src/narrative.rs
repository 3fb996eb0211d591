//! The day in the life as facts: what a COO would say about today, after the change, what
//! disappears, what speeds up, what gets worse and what it is worth — each fact a typed value
//! with the numbers of the computation, worded later by the phrase catalogue. A fact whose
//! metric is absent is left out; a change that may be noise says so (`proven: false`).

use crate::assumptions::{Assumptions, keys};
use crate::compare::MetricComparison;
use crate::economics::BusinessCase;
use crate::metric::{Kind, Role, Unit, builtin_with_role};
use crate::money::Money;
use crate::summarize::{Side, Stats};
use crate::views::{Pair, Views};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use serde::Serialize;

/// The paragraphs of the day in the life, in the COO's frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Topic {
    Today,
    After,
    Disappears,
    SpeedsUp,
    GetsWorse,
    Worth,
}

/// One statement of the narrative, with its numbers.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "fact", rename_all = "snake_case")]
pub enum Fact {
    /// 9 in 10 cases are done within `p90`.
    CasesWithin { p90: f64, unit: Unit },
    /// A share of requests gets a first response within the SLA target.
    ResponsesWithinSla { share: f64, target: f64, unit: Unit },
    /// 9 in 10 requests get a first response within `p90` (no SLA target set).
    ResponsesWithin { p90: f64, unit: Unit },
    /// What interrupts the work each month.
    Interruptions {
        errors_per_month: Option<f64>,
        downtime_hours_per_month: Option<f64>,
    },
    /// Errors a month fewer after the change (negative: more).
    Errors {
        per_month: f64,
        per_year: f64,
        proven: bool,
    },
    /// Hours of downtime a month fewer (negative: more), and the hours of downtime avoided a year.
    Downtime {
        hours_per_month: f64,
        productive_hours_per_year: f64,
        proven: bool,
    },
    /// Responses a month that no longer miss the SLA (negative: more late ones).
    LateResponses { per_month: f64, proven: bool },
    /// A custom count: fewer a month (negative: more).
    Count {
        metric: String,
        per_month: f64,
        proven: bool,
    },
    /// A case duration's mean today and after.
    MeanTime {
        metric: String,
        role: Role,
        today: f64,
        after: f64,
        unit: Unit,
        change: Option<f64>,
        proven: bool,
    },
    /// The same work in progress carries this much more throughput (a fraction).
    CapacityGained { share: f64 },
    /// What the change is worth a year, risk-adjusted.
    Worth {
        annual: Money,
        /// The part of `annual` that proven changes bring.
        proven: Money,
        /// What the headline counts: with `Proven`, `proven` leads and the rest is upside.
        basis: crate::rules::Basis,
        risk_adjustment: f64,
        staff_hours_per_month: Option<f64>,
        fte: Option<f64>,
        /// With an investment: whether and when it pays back.
        investment: bool,
        payback_months: Option<f64>,
        horizon_months: u32,
    },
}

/// One paragraph: a topic and its facts, in order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Paragraph {
    pub topic: Topic,
    pub facts: Vec<Fact>,
}

/// Counts besides errors the story names, at most.
const MAX_OTHER_COUNTS: usize = 5;

fn proven(metrics: &[MetricComparison], name: &str) -> bool {
    metrics
        .iter()
        .find(|m| m.name == name)
        .and_then(|m| m.change.as_ref())
        .is_some_and(|c| c.significant)
}

fn role(r: Role) -> &'static str {
    builtin_with_role(r).map_or("", |b| b.name)
}

/// With a control site, the share of this site's own change of a metric that the case
/// credits to the change (the difference in differences ÷ the own change); 1 without one.
fn credited(metrics: &[MetricComparison], name: &str) -> f64 {
    let Some(m) = metrics.iter().find(|m| m.name == name) else {
        return 1.0;
    };
    match (
        &m.change,
        m.control.as_ref().and_then(|c| c.change.as_ref()),
    ) {
        (Some(c), Some(cc)) => {
            let own = c.mean + cc.mean;
            if own == 0.0 { 0.0 } else { c.mean / own }
        }
        _ => 1.0,
    }
}

/// With a control site, the share of a lever's own improvement the case credits (its
/// difference in differences ÷ this site's own improvement); 1 without one.
fn credited_lever(case: &BusinessCase, metric: &str, rule: crate::metric::LeverRule) -> f64 {
    use rust_decimal::prelude::ToPrimitive;
    let Some(l) = case
        .levers
        .iter()
        .find(|l| l.metric == metric && l.rule == rule && l.formula.control.is_some())
    else {
        return 1.0;
    };
    let own = l.formula.own_improvement();
    if own.is_zero() {
        0.0
    } else {
        (l.formula.improvement() / own).to_f64().unwrap_or(0.0)
    }
}

/// A figure shown rounded to one decimal: zero when it rounds to zero.
fn visible(v: f64) -> bool {
    (v * 10.0).round() != 0.0
}

/// Builds the narrative from the computed views, metrics, levers and finance.
pub fn build(
    views: &Views,
    case: &BusinessCase,
    metrics: &[MetricComparison],
    a: &Assumptions,
) -> Vec<Paragraph> {
    let mut out = Vec::new();
    let mut push = |topic: Topic, facts: Vec<Fact>| {
        if !facts.is_empty() {
            out.push(Paragraph { topic, facts });
        }
    };
    for (side, topic) in [(Side::Today, Topic::Today), (Side::After, Topic::After)] {
        push(topic, side_facts(views, side));
    }
    // What disappears and what gets worse: each change on the side its sign puts it.
    let (gone, mut worse) = changes(views, case, metrics);
    push(Topic::Disappears, gone);
    push(Topic::SpeedsUp, speeds_up(views, metrics, &mut worse));
    push(Topic::GetsWorse, worse);
    if let Some(w) = worth(views, case, a) {
        push(Topic::Worth, vec![w]);
    }
    out
}

/// A day on one side: how long cases take, how responses keep the SLA, the interruptions.
fn side_facts(views: &Views, side: Side) -> Vec<Fact> {
    let cycle = views
        .predictability
        .iter()
        .find(|p| p.metric == role(Role::Cycle));
    let response_target = views
        .predictability
        .iter()
        .find(|p| p.metric == role(Role::FirstResponse))
        .and_then(|p| p.sla_target);
    let pick = |p: Pair| {
        if side == Side::Today {
            p.today
        } else {
            p.after
        }
    };
    let mut facts = Vec::new();
    if let Some(p) = cycle {
        facts.push(Fact::CasesWithin {
            p90: pick(p.p90),
            unit: p.unit,
        });
    }
    if let Some(c) = &views.customer {
        facts.push(match (c.sla_share, response_target) {
            (Some(share), Some(target)) => Fact::ResponsesWithinSla {
                share: pick(share),
                target,
                unit: c.unit,
            },
            _ => Fact::ResponsesWithin {
                p90: pick(c.p90),
                unit: c.unit,
            },
        });
    }
    let errors = views.quality.as_ref().map(|q| pick(q.per_month));
    let downtime = views
        .uptime
        .as_ref()
        .map(|u| pick(u.downtime_hours_per_month));
    if errors.is_some() || downtime.is_some() {
        facts.push(Fact::Interruptions {
            errors_per_month: errors,
            downtime_hours_per_month: downtime,
        });
    }
    facts
}

/// The changes in counts, downtime and late responses, sorted into what disappears and
/// what gets worse.
fn changes(
    views: &Views,
    case: &BusinessCase,
    metrics: &[MetricComparison],
) -> (Vec<Fact>, Vec<Fact>) {
    let mut gone = Vec::new();
    let mut worse = Vec::new();
    let mut sort = |fact: Fact, better: bool| {
        if better {
            gone.push(fact)
        } else {
            worse.push(fact)
        }
    };
    if let Some(q) = &views.quality {
        let k = credited(metrics, role(Role::Defects));
        let d = (q.per_month.today - q.per_month.after) * k;
        if d.abs().round() > 0.0 {
            let fact = Fact::Errors {
                per_month: d,
                per_year: q.avoided_per_year * k,
                proven: proven(metrics, role(Role::Defects)),
            };
            sort(fact, d > 0.0);
        }
    }
    if let Some(u) = &views.uptime {
        let k = credited(metrics, role(Role::Stoppage));
        let d = (u.downtime_hours_per_month.today - u.downtime_hours_per_month.after) * k;
        if visible(d) {
            let fact = Fact::Downtime {
                hours_per_month: d,
                productive_hours_per_year: u.productive_hours_regained_per_year * k,
                proven: proven(metrics, role(Role::Stoppage)),
            };
            sort(fact, d > 0.0);
        }
    }
    if let Some(b) = views
        .customer
        .as_ref()
        .and_then(|c| c.breaches_avoided_per_month)
        .map(|b| {
            b * credited_lever(
                case,
                role(Role::FirstResponse),
                crate::metric::LeverRule::SlaBreaches,
            )
        })
        && b.abs().round() > 0.0
    {
        let sla_proven = case
            .levers
            .iter()
            .find(|l| l.metric == role(Role::FirstResponse))
            .is_some_and(|l| l.significant);
        sort(
            Fact::LateResponses {
                per_month: b,
                proven: sla_proven,
            },
            b > 0.0,
        );
    }
    for (fact, better) in other_counts(case, metrics) {
        sort(fact, better);
    }
    (gone, worse)
}

/// Other counts: the few that weigh most in money, so the story stays a story; each with
/// whether it got better.
fn other_counts(case: &BusinessCase, metrics: &[MetricComparison]) -> Vec<(Fact, bool)> {
    let money: std::collections::HashMap<&str, Decimal> = case
        .levers
        .iter()
        .map(|l| (l.metric.as_str(), l.monthly.0.abs()))
        .collect();
    let mut counts: Vec<&MetricComparison> = metrics
        .iter()
        .filter(|m| {
            m.kind == Kind::Count
                && crate::metric::builtin(&m.name).is_none_or(|b| b.role == Role::Other)
                && m.change
                    .as_ref()
                    .is_some_and(|c| c.mean.abs().round() > 0.0)
        })
        .collect();
    counts.sort_by(|x, y| {
        let w = |m: &MetricComparison| money.get(m.name.as_str()).copied().unwrap_or_default();
        w(y).cmp(&w(x))
    });
    let mut out = Vec::new();
    for m in counts.into_iter().take(MAX_OTHER_COUNTS) {
        let Some(c) = &m.change else { continue };
        out.push((
            Fact::Count {
                metric: m.name.clone(),
                per_month: -c.mean,
                proven: c.significant,
            },
            c.mean < 0.0,
        ));
    }
    out
}

/// What speeds up: mean times, then the capacity it frees; slower times go to `worse`.
fn speeds_up(views: &Views, metrics: &[MetricComparison], worse: &mut Vec<Fact>) -> Vec<Fact> {
    let mut fast = Vec::new();
    for m in metrics.iter().filter(|m| m.kind == Kind::CaseDuration) {
        let (Some(Stats::Case(t)), Some(Stats::Case(af)), Some(c)) =
            (&m.today, &m.after, &m.change)
        else {
            continue;
        };
        // With a control site, the after-side the change is credited with: today's mean
        // moved by the difference in differences.
        let after = if m.control.is_some() {
            t.mean + c.mean
        } else {
            af.mean
        };
        let fact = Fact::MeanTime {
            metric: m.name.clone(),
            role: crate::metric::builtin(&m.name).map_or(Role::Other, |b| b.role),
            today: t.mean,
            after,
            unit: m.unit,
            change: c.mean_pct,
            proven: c.significant,
        };
        // A change too small to show in whole percent is no story ("6.05 h instead of 6.05 h").
        if c.mean_pct.is_some_and(|p| p.abs() < 0.005) {
            continue;
        }
        if c.mean < 0.0 {
            fast.push(fact);
        } else if c.mean > 0.0 {
            worse.push(fact);
        }
    }
    // The capacity freed is this site's own (Little's law over its two periods): with a
    // control site it is not what the change is credited with, so the story leaves it out.
    let controlled = metrics.iter().any(|m| m.control.is_some());
    if let Some(g) = views
        .flow
        .as_ref()
        .and_then(|f| f.capacity_gained)
        .filter(|g| *g > 0.005 && !controlled)
    {
        fast.push(Fact::CapacityGained { share: g });
    }
    fast
}

/// What it is worth: the yearly benefit, the proven part, the staff hours and the payback.
fn worth(views: &Views, case: &BusinessCase, a: &Assumptions) -> Option<Fact> {
    if case.levers.is_empty() {
        return None;
    }
    let staff = views
        .hours_saved
        .as_ref()
        .filter(|h| h.hours_per_month > 0.5);
    Some(Fact::Worth {
        annual: Money(case.monthly_risk_adjusted * Decimal::from(12)),
        proven: Money(case.monthly_risk_adjusted_proven * Decimal::from(12)),
        basis: case.headline.basis,
        risk_adjustment: a.decimal(keys::RISK_ADJUSTMENT).to_f64().unwrap_or(0.0),
        staff_hours_per_month: staff.map(|h| h.hours_per_month),
        fte: staff.map(|h| h.fte),
        investment: case.investment,
        payback_months: case.headline.finance.payback_months,
        horizon_months: a.horizon_months(),
    })
}
