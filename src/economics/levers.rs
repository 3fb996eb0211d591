//! Savings levers (PRODUCT.md §3 table): the one place where `f64` measurements become
//! `Decimal` money. Rule: a measured quantity is converted to Decimal at 6 decimal places,
//! multiplied by the Decimal rates, and the lever's monthly amount is rounded to cents, half
//! away from zero. Each lever also carries its amount at both ends of the 95% interval.

use super::finance::cents;
use crate::assumptions::Assumptions;
use crate::compare::{Comparison, MetricComparison};
use crate::i18n::Lang;
use crate::metric::Kind;
use crate::stats;
use crate::summarize::Stats;
use rust_decimal::Decimal;
use rust_decimal::prelude::*;
use serde::Serialize;

/// One source of savings, monthly, at today's volume.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Lever {
    /// `cycle_time`, `errors`, `downtime`, `sla` or a custom metric's name.
    pub name: String,
    /// Gross monthly benefit; negative when the metric got worse.
    #[serde(with = "super::finance::money")]
    pub monthly: Decimal,
    /// Monthly benefit at the less favourable end of the 95% interval.
    #[serde(with = "super::finance::money")]
    pub low: Decimal,
    /// Monthly benefit at the more favourable end of the 95% interval.
    #[serde(with = "super::finance::money")]
    pub high: Decimal,
    /// The underlying change is more than noise.
    pub significant: bool,
    /// The computation with its numbers, for a spreadsheet check.
    pub formula: String,
    /// Hours a month behind the benefit (staff hours for cycle time, productive hours for
    /// downtime), when it is time.
    pub hours_per_month: Option<f64>,
}

/// A measured quantity as Decimal (6 decimal places).
pub fn dec(x: f64) -> Decimal {
    Decimal::from_f64_retain(x)
        .map(|d| d.round_dp_with_strategy(6, RoundingStrategy::MidpointAwayFromZero))
        .unwrap_or_default()
}

/// A benefit per unit of improvement, applied to the point change and its interval.
/// `change` is after − today (a drop is an improvement); `ci` its 95% interval.
fn lever(
    name: &str,
    change: f64,
    ci: Option<[f64; 2]>,
    significant: bool,
    per_unit: Decimal,
    formula: String,
    hours_per_unit: Option<f64>,
) -> Lever {
    let money = |improvement: f64| cents(dec(improvement).saturating_mul(per_unit));
    let (low, high) = match ci {
        Some([lo, hi]) => (money(-hi), money(-lo)),
        None => (money(-change), money(-change)),
    };
    Lever {
        name: name.to_string(),
        monthly: money(-change),
        low,
        high,
        significant,
        formula,
        hours_per_month: hours_per_unit.map(|h| -change * h),
    }
}

fn case_means(m: &MetricComparison) -> Option<(f64, f64)> {
    match (&m.today, &m.after) {
        (Some(Stats::Case(t)), Some(Stats::Case(a))) => Some((t.mean, a.mean)),
        _ => None,
    }
}

/// The savings levers that both files allow, in the order of the contract's table.
pub fn levers(cmp: &Comparison, a: &Assumptions) -> Vec<Lever> {
    let cur = &a.currency.value;
    let volume = cmp.volume.cases_per_month;
    let mut out = Vec::new();
    let find = |name: &str| cmp.metrics.iter().find(|m| m.name == name);
    // Cycle time: Δmean [h] × V × labor_share × hourly_cost.
    if let (Some(m), Some(v)) = (find("cycle_time"), volume) {
        if let (Some(c), Some((t, af))) = (&m.change, case_means(m)) {
            let per_hour = dec(v)
                .saturating_mul(a.labor_share.value)
                .saturating_mul(a.hourly_cost.value);
            let formula = format!(
                "({} h − {} h) × {} cases × {} labor share × {} {cur}/h",
                Lang::En.trimmed(t),
                Lang::En.trimmed(af),
                Lang::En.trimmed(v),
                a.labor_share.value.normalize(),
                a.hourly_cost.value.normalize()
            );
            let labor = a.labor_share.value.to_f64().unwrap_or(0.0);
            out.push(lever(
                "cycle_time",
                c.mean,
                c.ci95,
                c.significant,
                per_hour,
                formula,
                Some(v * labor),
            ));
        }
    }
    // Errors: (per month today − per month after × volume ratio) × cost_per_error.
    if let Some(m) = find("errors") {
        if let Some(c) = &m.change {
            out.push(count_lever("errors", m, c, a.cost_per_error.value, cur));
        }
    }
    // Downtime: (h/month today − after) × downtime_cost_per_hour.
    if let Some(m) = find("downtime") {
        if let Some(c) = &m.change {
            out.push(period_lever(
                "downtime",
                m,
                c,
                a.downtime_cost_per_hour.value,
                cur,
            ));
        }
    }
    // SLA: (breach share today − after) × response cases per month today × cost_per_sla_breach.
    if let Some(l) = sla_lever(cmp, a) {
        out.push(l);
    }
    for custom in &a.metrics {
        let Some(m) = find(&custom.name) else {
            continue;
        };
        let Some(c) = &m.change else { continue };
        let cost = custom.cost_per_unit.value;
        let l = match custom.kind {
            Kind::Count => count_lever(&custom.name, m, c, cost, cur),
            Kind::PeriodDuration => period_lever(&custom.name, m, c, cost, cur),
            Kind::CaseDuration => {
                let (Some(v), Some((t, af))) = (volume, case_means(m)) else {
                    continue;
                };
                let hours = m.unit.hours().unwrap_or(1.0);
                let formula = format!(
                    "({} h − {} h) × {} cases × {} {cur}/h",
                    Lang::En.trimmed(t * hours),
                    Lang::En.trimmed(af * hours),
                    Lang::En.trimmed(v),
                    cost.normalize()
                );
                let ci = c.ci95.map(|[lo, hi]| [lo * hours, hi * hours]);
                lever(
                    &custom.name,
                    c.mean * hours,
                    ci,
                    c.significant,
                    dec(v).saturating_mul(cost),
                    formula,
                    Some(v),
                )
            }
        };
        out.push(l);
    }
    out
}

fn count_lever(
    name: &str,
    m: &MetricComparison,
    c: &crate::compare::Change,
    cost: Decimal,
    cur: &str,
) -> Lever {
    let (today, after) = match (&m.today, &m.after) {
        (Some(Stats::Rate(t)), Some(Stats::Rate(a))) => {
            (t.per_month.unwrap_or(0.0), a.per_month.unwrap_or(0.0))
        }
        _ => (0.0, 0.0),
    };
    let scaled = c.after_at_today_volume.unwrap_or(after);
    let ratio = if after > 0.0 { scaled / after } else { 1.0 };
    let formula = format!(
        "({} − {} × {} volume ratio) a month × {} {cur}",
        Lang::En.trimmed(today),
        Lang::En.trimmed(after),
        Lang::En.trimmed(ratio),
        cost.normalize()
    );
    lever(name, c.mean, c.ci95, c.significant, cost, formula, None)
}

fn period_lever(
    name: &str,
    m: &MetricComparison,
    c: &crate::compare::Change,
    cost_per_hour: Decimal,
    cur: &str,
) -> Lever {
    let hours = m.unit.hours().unwrap_or(1.0);
    let per_month = |s: &Option<Stats>| match s {
        Some(Stats::Rate(r)) => r.per_month.unwrap_or(0.0) * hours,
        _ => 0.0,
    };
    let formula = format!(
        "({} h − {} h) a month × {} {cur}/h",
        Lang::En.trimmed(per_month(&m.today)),
        Lang::En.trimmed(per_month(&m.after)),
        cost_per_hour.normalize()
    );
    let ci = c.ci95.map(|[lo, hi]| [lo * hours, hi * hours]);
    lever(
        name,
        c.mean * hours,
        ci,
        c.significant,
        cost_per_hour,
        formula,
        Some(1.0),
    )
}

fn sla_lever(cmp: &Comparison, a: &Assumptions) -> Option<Lever> {
    let m = cmp.metrics.iter().find(|m| m.name == "response_time")?;
    let (Some(Stats::Case(t)), Some(Stats::Case(af))) = (&m.today, &m.after) else {
        return None;
    };
    let (st, sa) = (t.sla_share?, af.sla_share?);
    let months = cmp.today.window.as_ref()?.months();
    let per_month = t.n as f64 / months;
    // The change is in the breach share: breaches_after − breaches_today = st − sa.
    let change = st - sa;
    let ci = stats::proportion_diff_ci95((st, t.n), (sa, af.n)).map(|(lo, hi)| [-hi, -lo]);
    let significant = ci.is_some_and(|[lo, hi]| lo > 0.0 || hi < 0.0);
    let formula = format!(
        "({}% − {}% breaches) × {} responses a month × {} {}",
        Lang::En.trimmed((1.0 - st) * 100.0),
        Lang::En.trimmed((1.0 - sa) * 100.0),
        Lang::En.trimmed(per_month),
        a.cost_per_sla_breach.value.normalize(),
        a.currency.value
    );
    let per_unit = dec(per_month).saturating_mul(a.cost_per_sla_breach.value);
    Some(lever(
        "sla",
        change,
        ci,
        significant,
        per_unit,
        formula,
        None,
    ))
}
