//! The comparison and the assumptions → the business case: levers, the risk-adjusted
//! benefit, the cash flows and their NPV/ROI/payback/IRR, three scenarios and the
//! sensitivity of the NPV to each assumption.

pub mod finance;
pub mod levers;

use crate::assumptions::Assumptions;
use crate::compare::Comparison;
use finance::{Finance, Inputs, cents};
use levers::Lever;
use rust_decimal::Decimal;
use rust_decimal::prelude::*;
use serde::Serialize;

/// One scenario's headline figures.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Scenario {
    /// Monthly benefit at full size (risk-adjusted, except in the optimistic case).
    #[serde(with = "finance::money")]
    pub monthly_benefit: Decimal,
    #[serde(with = "finance::money")]
    pub annual_benefit: Decimal,
    #[serde(with = "finance::money")]
    pub npv: Decimal,
    pub roi: Option<f64>,
    pub payback_months: Option<f64>,
    pub irr_annual: Option<f64>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Scenarios {
    /// Each lever at the less favourable end of its 95% interval, risk-adjusted.
    pub conservative: Scenario,
    /// Point estimates, risk-adjusted: the headline.
    pub expected: Scenario,
    /// Each lever at the more favourable end of its 95% interval, not risk-adjusted.
    pub optimistic: Scenario,
}

/// The NPV with one assumption moved ±20%, all else equal.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Sensitivity {
    pub assumption: String,
    /// The value at −20% and at +20%.
    pub value_low: String,
    pub value_high: String,
    /// NPV with the assumption at −20% and at +20%.
    #[serde(with = "finance::money")]
    pub npv_at_low: Decimal,
    #[serde(with = "finance::money")]
    pub npv_at_high: Decimal,
    /// |NPV at +20% − NPV at −20%|.
    #[serde(with = "finance::money")]
    pub swing: Decimal,
}

/// Everything about money.
#[derive(Debug, Clone)]
pub struct BusinessCase {
    pub levers: Vec<Lever>,
    /// Sum of the levers' gross monthly benefits.
    pub monthly_gross: Decimal,
    /// `monthly_gross` × (1 − risk_adjustment).
    pub monthly_risk_adjusted: Decimal,
    pub finance: Finance,
    pub scenarios: Scenarios,
    /// Sorted by swing, largest first.
    pub sensitivity: Vec<Sensitivity>,
}

/// Evaluates the business case of a comparison under the assumptions.
pub fn evaluate(cmp: &Comparison, a: &Assumptions) -> BusinessCase {
    let levers = levers::levers(cmp, a);
    let sum = |f: fn(&Lever) -> Decimal| {
        levers
            .iter()
            .map(f)
            .fold(Decimal::ZERO, Decimal::saturating_add)
    };
    let gross = sum(|l| l.monthly);
    let keep = Decimal::ONE - a.risk_adjustment.value;
    let risk_adjusted = cents(gross * keep);
    let finance = finance::evaluate(&inputs(a, risk_adjusted));
    let scenario = |monthly: Decimal| {
        let f = finance::evaluate(&inputs(a, monthly));
        Scenario {
            monthly_benefit: monthly,
            annual_benefit: monthly * Decimal::from(12),
            npv: f.npv,
            roi: f.roi,
            payback_months: f.payback_months,
            irr_annual: f.irr_annual,
        }
    };
    let scenarios = Scenarios {
        conservative: scenario(cents(sum(|l| l.low) * keep)),
        expected: scenario(risk_adjusted),
        optimistic: scenario(sum(|l| l.high)),
    };
    BusinessCase {
        sensitivity: sensitivity(cmp, a),
        levers,
        monthly_gross: gross,
        monthly_risk_adjusted: risk_adjusted,
        finance,
        scenarios,
    }
}

fn inputs(a: &Assumptions, monthly_benefit: Decimal) -> Inputs {
    Inputs {
        monthly_benefit,
        one_time: a.one_time.value,
        monthly_cost: a.monthly.value,
        ramp_up_months: Decimal::from(a.ramp_up_months.value),
        horizon_months: a.horizon_months.value,
        discount_rate: a.discount_rate.value,
    }
}

/// The expected NPV under slightly different assumptions (no further sensitivity).
fn expected_npv(cmp: &Comparison, a: &Assumptions, ramp: Option<Decimal>) -> Decimal {
    let gross = levers::levers(cmp, a)
        .iter()
        .map(|l| l.monthly)
        .fold(Decimal::ZERO, Decimal::saturating_add);
    let mut inp = inputs(a, cents(gross * (Decimal::ONE - a.risk_adjustment.value)));
    if let Some(r) = ramp {
        inp.ramp_up_months = r;
    }
    finance::evaluate(&inp).npv
}

/// Each assumption moved −20% and +20% alone. Assumptions that do not move the NPV (a rate
/// for a metric that was not measured) are left out.
fn sensitivity(cmp: &Comparison, a: &Assumptions) -> Vec<Sensitivity> {
    let low = Decimal::new(8, 1);
    let high = Decimal::new(12, 1);
    let cur = a.currency.value.as_str();
    let mut out = Vec::new();
    let mut push = |name: &str,
                    fmt: &dyn Fn(Decimal) -> String,
                    base: Decimal,
                    at: &dyn Fn(Decimal) -> Decimal| {
        let (l, h) = (at(low), at(high));
        let swing = (h - l).abs();
        if swing.is_zero() {
            return;
        }
        out.push(Sensitivity {
            assumption: name.to_string(),
            value_low: fmt(base * low),
            value_high: fmt(base * high),
            npv_at_low: l,
            npv_at_high: h,
            swing,
        });
    };
    let money = |d: Decimal| format!("{} {cur}", cents(d).normalize());
    let ratio = |d: Decimal| d.round_dp(4).normalize().to_string();
    let with = |f: &dyn Fn(&mut Assumptions)| {
        let mut b = a.clone();
        f(&mut b);
        expected_npv(cmp, &b, None)
    };
    let clamp = |d: Decimal| d.min(Decimal::ONE);
    if let Some(v) = cmp.volume.cases_per_month {
        let v = levers::dec(v);
        push(
            "volume (cases per month)",
            &|d| d.round_dp(0).to_string(),
            v,
            &|f| with(&|b| b.cases_per_month = (v * f).to_f64()),
        );
    }
    push("rates.hourly_cost", &money, a.hourly_cost.value, &|f| {
        with(&|b| b.hourly_cost.value = a.hourly_cost.value * f)
    });
    push(
        "rates.labor_share",
        &|d| ratio(clamp(d)),
        a.labor_share.value,
        &|f| with(&|b| b.labor_share.value = clamp(a.labor_share.value * f)),
    );
    push(
        "rates.cost_per_error",
        &money,
        a.cost_per_error.value,
        &|f| with(&|b| b.cost_per_error.value = a.cost_per_error.value * f),
    );
    push(
        "rates.downtime_cost_per_hour",
        &money,
        a.downtime_cost_per_hour.value,
        &|f| with(&|b| b.downtime_cost_per_hour.value = a.downtime_cost_per_hour.value * f),
    );
    push(
        "rates.cost_per_sla_breach",
        &money,
        a.cost_per_sla_breach.value,
        &|f| with(&|b| b.cost_per_sla_breach.value = a.cost_per_sla_breach.value * f),
    );
    for (i, m) in a.metrics.iter().enumerate() {
        push(
            &format!("metrics.{}.cost_per_unit", m.name),
            &money,
            m.cost_per_unit.value,
            &|f| with(&|b| b.metrics[i].cost_per_unit.value = a.metrics[i].cost_per_unit.value * f),
        );
    }
    push("investment.one_time", &money, a.one_time.value, &|f| {
        with(&|b| b.one_time.value = a.one_time.value * f)
    });
    push("investment.monthly", &money, a.monthly.value, &|f| {
        with(&|b| b.monthly.value = a.monthly.value * f)
    });
    let ramp = Decimal::from(a.ramp_up_months.value);
    push(
        "investment.ramp_up_months",
        &|d| d.round_dp(1).normalize().to_string(),
        ramp,
        &|f| expected_npv(cmp, a, Some(ramp * f)),
    );
    push("discount_rate", &ratio, a.discount_rate.value, &|f| {
        with(&|b| b.discount_rate.value = a.discount_rate.value * f)
    });
    push(
        "risk_adjustment",
        &|d| ratio(clamp(d)),
        a.risk_adjustment.value,
        &|f| with(&|b| b.risk_adjustment.value = clamp(a.risk_adjustment.value * f)),
    );
    out.sort_by(|x, y| {
        y.swing
            .cmp(&x.swing)
            .then_with(|| x.assumption.cmp(&y.assumption))
    });
    out
}
