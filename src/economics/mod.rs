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

/// What an assumption's value measures, for formatting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ValueKind {
    Money,
    Fraction,
    Cases,
    Months,
}

/// The NPV with one assumption moved ±20%, all else equal.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Sensitivity {
    /// The roi.toml key of the assumption.
    pub assumption: String,
    pub kind: ValueKind,
    /// The value at −20% and at +20% (fractions capped at 1).
    pub value_low: f64,
    pub value_high: f64,
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

/// Where an assumption lives in [`Assumptions`], to vary it.
type Field = fn(&mut Assumptions) -> &mut Decimal;

/// Each assumption moved −20% and +20% alone. Assumptions that do not move the NPV (a rate
/// for a metric that was not measured) are left out.
fn sensitivity(cmp: &Comparison, a: &Assumptions) -> Vec<Sensitivity> {
    let low = Decimal::new(8, 1);
    let high = Decimal::new(12, 1);
    let mut out = Vec::new();
    let mut push = |key: &str, kind: ValueKind, base: Decimal, at: &dyn Fn(Decimal) -> Decimal| {
        let (l, h) = (at(low), at(high));
        let swing = (h - l).abs();
        if swing.is_zero() {
            return;
        }
        let value = |f: Decimal| {
            let v = base * f;
            let v = if kind == ValueKind::Fraction {
                v.min(Decimal::ONE)
            } else {
                v
            };
            v.to_f64().unwrap_or(0.0)
        };
        out.push(Sensitivity {
            assumption: key.to_string(),
            kind,
            value_low: value(low),
            value_high: value(high),
            npv_at_low: l,
            npv_at_high: h,
            swing,
        });
    };
    let with = |f: &dyn Fn(&mut Assumptions)| {
        let mut b = a.clone();
        f(&mut b);
        expected_npv(cmp, &b, None)
    };
    let clamp = |d: Decimal| d.min(Decimal::ONE);
    if let Some(v) = cmp.volume.cases_per_month {
        let v = levers::dec(v);
        push("volume.cases_per_month", ValueKind::Cases, v, &|f| {
            with(&|b| b.cases_per_month = (v * f).to_f64())
        });
    }
    let money: [(&str, Decimal, Field); 7] = [
        ("rates.hourly_cost", a.hourly_cost.value, |b| {
            &mut b.hourly_cost.value
        }),
        ("rates.cost_per_error", a.cost_per_error.value, |b| {
            &mut b.cost_per_error.value
        }),
        (
            "rates.downtime_cost_per_hour",
            a.downtime_cost_per_hour.value,
            |b| &mut b.downtime_cost_per_hour.value,
        ),
        (
            "rates.cost_per_sla_breach",
            a.cost_per_sla_breach.value,
            |b| &mut b.cost_per_sla_breach.value,
        ),
        ("investment.one_time", a.one_time.value, |b| {
            &mut b.one_time.value
        }),
        ("investment.monthly", a.monthly.value, |b| {
            &mut b.monthly.value
        }),
        ("discount_rate", a.discount_rate.value, |b| {
            &mut b.discount_rate.value
        }),
    ];
    for (key, base, field) in money {
        let kind = if key == "discount_rate" {
            ValueKind::Fraction
        } else {
            ValueKind::Money
        };
        push(key, kind, base, &|f| with(&|b| *field(b) = base * f));
    }
    let fractions: [(&str, Decimal, Field); 2] = [
        ("rates.labor_share", a.labor_share.value, |b| {
            &mut b.labor_share.value
        }),
        ("risk_adjustment", a.risk_adjustment.value, |b| {
            &mut b.risk_adjustment.value
        }),
    ];
    for (key, base, field) in fractions {
        push(key, ValueKind::Fraction, base, &|f| {
            with(&|b| *field(b) = clamp(base * f))
        });
    }
    for (i, m) in a.metrics.iter().enumerate() {
        let base = m.cost_per_unit.value;
        push(
            &format!("metrics.{}.cost_per_unit", m.name),
            ValueKind::Money,
            base,
            &|f| with(&|b| b.metrics[i].cost_per_unit.value = base * f),
        );
    }
    let ramp = Decimal::from(a.ramp_up_months.value);
    push("investment.ramp_up_months", ValueKind::Months, ramp, &|f| {
        expected_npv(cmp, a, Some(ramp * f))
    });
    out.sort_by(|x, y| {
        y.swing
            .cmp(&x.swing)
            .then_with(|| x.assumption.cmp(&y.assumption))
    });
    out
}
