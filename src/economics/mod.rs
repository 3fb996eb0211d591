//! The comparison and the assumptions → the business case: levers, the risk-adjusted
//! benefit, the cash flows and their NPV/ROI/payback/IRR, the scenarios and the sensitivity of
//! the NPV to each assumption of the table.

pub mod finance;
pub mod formula;
pub mod levers;
pub mod probability;

use crate::assumptions::{Assumptions, Def, Fallback, ValueKind, keys};
use crate::compare::Comparison;
use crate::error::RoiError;
use crate::money::{Money, cents};
use finance::{Finance, Inputs};
use levers::{BreakEven, Lever};
use rust_decimal::Decimal;
use rust_decimal::prelude::*;
use serde::Serialize;

/// One scenario's headline figures; without an investment only the benefits.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Scenario {
    /// Monthly benefit at full size (risk-adjusted, except in the optimistic case).
    pub monthly_benefit: Money,
    pub annual_benefit: Money,
    pub npv: Option<Money>,
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
    /// Only the proven levers (their change is significant), risk-adjusted.
    pub proven: Scenario,
}

/// Why the case has no NPV, ROI, payback or IRR, or no IRR.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Missing {
    /// roi.toml has no `[investment] one_time`: nothing to weigh the savings against.
    NoInvestment,
    /// The cash flows never change sign: no rate makes their NPV zero.
    NoSignChange,
    /// The cash flows change sign more than once: several rates may make their NPV zero.
    SeveralSignChanges,
    /// The cash flows change sign once, but no monthly rate up to 10^20 makes their NPV
    /// zero (or its annual form is beyond any number).
    NoRateFound,
}

/// Without an investment: the largest up-front amount the savings can carry.
#[derive(Debug, Clone, Copy, Serialize, PartialEq)]
pub struct MaxInvestment {
    /// With NPV = 0 over the horizon (monthly costs as given, else none); null when the
    /// savings do not cover the monthly costs.
    pub npv_zero: Option<Money>,
    /// Paid back by month 12 (undiscounted); null when nothing is left by then.
    pub payback_12: Option<Money>,
}

/// The NPV with one assumption moved ±20%, all else equal.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Sensitivity {
    /// The roi.toml key of the assumption.
    pub assumption: String,
    pub kind: ValueKind,
    /// The value at −20% and at +20% (kept within the assumption's bounds).
    pub value_low: f64,
    pub value_high: f64,
    /// NPV with the assumption at −20% and at +20%.
    pub npv_at_low: Money,
    pub npv_at_high: Money,
    /// |NPV at +20% − NPV at −20%|.
    pub swing: Money,
}

/// The case the headline reads: the proven levers (the default) or all of them
/// (`[report] headline`), with its own cash flows, finance and what it can carry.
#[derive(Debug, Clone)]
pub struct HeadlineCase {
    pub basis: crate::rules::Basis,
    /// The risk-adjusted monthly benefit of the levers counted.
    pub monthly: Decimal,
    /// Its cash part (the rest is capacity).
    pub monthly_cash: Decimal,
    pub finance: Finance,
    /// Why NPV..IRR, or only the IRR, are missing.
    pub missing: Option<Missing>,
    /// PV(costs) ÷ PV(benefits) of this basis.
    pub break_even_share: Option<f64>,
    /// Without an investment, what the counted savings can carry.
    pub max_investment: Option<MaxInvestment>,
}

/// Everything about money.
#[derive(Debug, Clone)]
pub struct BusinessCase {
    pub levers: Vec<Lever>,
    /// Sum of the levers' gross monthly benefits.
    pub monthly_gross: Decimal,
    /// The monthly benefit after the risk adjustment.
    pub monthly_risk_adjusted: Decimal,
    /// The part of it the proven levers bring.
    pub monthly_risk_adjusted_proven: Decimal,
    /// The part of it the cash levers bring (the rest is capacity).
    pub monthly_risk_adjusted_cash: Decimal,
    /// The cash flows (without an investment: the benefits, less monthly costs if given).
    pub finance: Finance,
    /// roi.toml gave `[investment] one_time`; without it there is no NPV, ROI, payback or IRR.
    pub investment: bool,
    /// Why NPV..IRR, or only the IRR, are missing.
    pub missing: Option<Missing>,
    /// The share of the expected benefits at which NPV = 0: PV(costs) ÷ PV(benefits).
    pub break_even_share: Option<f64>,
    /// Without an investment, what the savings can carry.
    pub max_investment: Option<MaxInvestment>,
    pub scenarios: Scenarios,
    /// The headline's basis and figures; the sensitivity is of its NPV.
    pub headline: HeadlineCase,
    /// Sorted by swing, largest first.
    pub sensitivity: Vec<Sensitivity>,
    /// The chance the case holds, from the levers' noise (and the ranges roi.toml gives);
    /// None for a segment, without an investment, or where a lever's noise is unknown.
    pub probability: Option<probability::Probability>,
}

/// Gains and losses among monthly amounts, kept apart for the risk adjustment.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Split {
    pub gains: Decimal,
    pub losses: Decimal,
}

impl Split {
    pub fn of(amounts: impl IntoIterator<Item = Decimal>) -> Split {
        let mut s = Split::default();
        for a in amounts {
            s.add(a);
        }
        s
    }

    fn add(&mut self, a: Decimal) {
        if a > Decimal::ZERO {
            self.gains = self.gains.saturating_add(a);
        } else {
            self.losses = self.losses.saturating_add(a);
        }
    }

    /// The same amounts with one of them replaced.
    fn replaced(mut self, old: Decimal, new: Decimal) -> Split {
        if old > Decimal::ZERO {
            self.gains -= old;
        } else {
            self.losses -= old;
        }
        self.add(new);
        self
    }

    /// The risk-adjusted monthly benefit (docs/method.md#risk-adjustment, TEI): gains × (1 − r) + losses ×
    /// (1 + r), in cents — caution both ways, a loss is never shrunk by the risk share.
    pub fn risk_adjusted(self, risk: Decimal) -> Decimal {
        cents(
            self.gains
                .saturating_mul(Decimal::ONE - risk)
                .saturating_add(self.losses.saturating_mul(Decimal::ONE + risk)),
        )
    }
}

fn sum(amounts: impl Iterator<Item = Decimal>) -> Decimal {
    amounts.fold(Decimal::ZERO, Decimal::saturating_add)
}

/// No monthly amount of a lever, nor their sum, may exceed this (a quadrillion): beyond it a
/// figure is a typo or a unit gone wrong, and the cash flows of a long horizon could leave
/// the range of Decimal.
pub fn money_limit() -> Decimal {
    Decimal::from(1_000_000_000_000_000_i64)
}

/// Refuses levers beyond [`money_limit`], naming the lever and the figures behind it.
pub fn check_magnitudes(levers: &[Lever]) -> Result<(), RoiError> {
    let limit = money_limit();
    let mut total = Decimal::ZERO;
    for l in levers {
        let largest = [l.monthly.0, l.low.0, l.high.0]
            .iter()
            .map(|d| d.abs())
            .max()
            .unwrap_or_default();
        total = total.saturating_add(largest);
        if largest > limit || total > limit {
            return Err(RoiError::Magnitude {
                lever: l.name.clone(),
                amount: format!("{:e}", largest.to_f64().unwrap_or(f64::MAX)),
                terms: l.formula.describe(),
            });
        }
    }
    Ok(())
}

/// Evaluates the business case of a comparison under the assumptions. Fails when a lever
/// comes to more money than roi can represent.
pub fn evaluate(cmp: &Comparison, a: &Assumptions) -> Result<BusinessCase, RoiError> {
    evaluate_levers(cmp, a, levers::levers(cmp, a))
}

/// The business case of given levers (the plain comparison's, or stratified by segment).
pub fn evaluate_levers(
    cmp: &Comparison,
    a: &Assumptions,
    levers: Vec<Lever>,
) -> Result<BusinessCase, RoiError> {
    evaluate_with(cmp, a, levers, true)
}

/// The business case of one `--by` segment: as [`evaluate`], without the sensitivity of its
/// NPV, which only the whole's tornado shows, nor its scenarios' NPV, ROI, payback and IRR
/// (their benefits only): a segment's JSON and every report show the whole's scenarios.
pub fn evaluate_segment(
    cmp: &Comparison,
    a: &Assumptions,
    levers: Vec<Lever>,
) -> Result<BusinessCase, RoiError> {
    evaluate_with(cmp, a, levers, false)
}

/// The gross monthly savings of levers: their sum, as a case's.
pub fn gross(levers: &[Lever]) -> Decimal {
    sum(levers.iter().map(|l| l.monthly.0))
}

fn evaluate_with(
    cmp: &Comparison,
    a: &Assumptions,
    mut levers: Vec<Lever>,
    whole: bool,
) -> Result<BusinessCase, RoiError> {
    check_magnitudes(&levers)?;
    // An investment in roi.toml, or a stated cost (a phased investment may be all stated).
    let investment = a.get(keys::ONE_TIME).is_some()
        || a.stated
            .iter()
            .any(|s| s.monthly.0 < Decimal::ZERO || s.one_time.0 < Decimal::ZERO);
    let risk = a.decimal(keys::RISK_ADJUSTMENT);
    let gross = sum(levers.iter().map(|l| l.monthly.0));
    let adjusted = Split::of(levers.iter().map(|l| l.monthly.0)).risk_adjusted(risk);
    let proven =
        Split::of(levers.iter().filter(|l| l.significant).map(|l| l.monthly.0)).risk_adjusted(risk);
    let mut finance = finance::evaluate(&inputs(a, adjusted));
    let scenario = |monthly: Decimal| {
        if !whole {
            return Scenario {
                monthly_benefit: Money(monthly),
                annual_benefit: Money(monthly * Decimal::from(12)),
                npv: None,
                roi: None,
                payback_months: None,
                irr_annual: None,
            };
        }
        let f = finance::evaluate(&inputs(a, monthly));
        Scenario {
            monthly_benefit: Money(monthly),
            annual_benefit: Money(monthly * Decimal::from(12)),
            npv: investment.then_some(Money(f.npv)),
            roi: f.roi.filter(|_| investment),
            payback_months: f.payback_months.filter(|_| investment),
            irr_annual: f.irr_annual.filter(|_| investment),
        }
    };
    let scenarios = Scenarios {
        conservative: scenario(Split::of(levers.iter().map(|l| l.low.0)).risk_adjusted(risk)),
        expected: scenario(adjusted),
        optimistic: scenario(sum(levers.iter().map(|l| l.high.0))),
        proven: scenario(proven),
    };
    let annuity = finance::annuity(&inputs(a, Decimal::ONE));
    if investment {
        // What one lever alone must cover: the costs less what the stated lines bring.
        let stated_gains = if a.stated.is_empty() {
            Decimal::ZERO
        } else {
            finance::evaluate(&inputs(a, Decimal::ZERO)).pv_benefits
        };
        let to_cover = finance.pv_costs - stated_gains;
        for l in &mut levers {
            l.break_even = break_even(l, to_cover, annuity, risk);
        }
    }
    let (missing, break_even_share, max_investment) = settle(&mut finance, investment);
    let basis = a.title_block.headline;
    let counted: Vec<Lever> = levers
        .iter()
        .filter(|l| basis == crate::rules::Basis::All || l.significant)
        .cloned()
        .collect();
    let headline_monthly = match basis {
        crate::rules::Basis::All => adjusted,
        crate::rules::Basis::Proven => proven,
    };
    let mut headline_finance = finance::evaluate(&inputs(a, headline_monthly));
    let (h_missing, h_share, h_max) = settle(&mut headline_finance, investment);
    let cash = |ls: &[Lever]| {
        Split::of(
            ls.iter()
                .filter(|l| l.benefit == crate::rules::Benefit::Cash)
                .map(|l| l.monthly.0),
        )
        .risk_adjusted(risk)
    };
    let monthly_cash = cash(&levers);
    let headline = HeadlineCase {
        basis,
        monthly_cash: cash(&counted),
        monthly: headline_monthly,
        finance: headline_finance,
        missing: h_missing,
        break_even_share: h_share,
        max_investment: h_max,
    };
    Ok(BusinessCase {
        probability: if whole {
            probability::probability(&levers, a, investment)
        } else {
            None
        },
        sensitivity: if investment && whole {
            sensitivity(cmp, a, &counted)
        } else {
            Vec::new()
        },
        levers,
        monthly_gross: gross,
        monthly_risk_adjusted: adjusted,
        monthly_risk_adjusted_proven: proven,
        monthly_risk_adjusted_cash: monthly_cash,
        finance,
        investment,
        missing,
        break_even_share,
        max_investment,
        scenarios,
        headline,
    })
}

/// With an investment: why the IRR may be missing and the break-even share. Without one: no
/// ROI, payback or IRR, and instead what the savings can carry up front.
fn settle(
    finance: &mut Finance,
    investment: bool,
) -> (Option<Missing>, Option<f64>, Option<MaxInvestment>) {
    if investment {
        let missing = match (
            finance.irr_annual,
            finance::sign_changes(&finance.cash_flows),
        ) {
            (Some(_), _) => None,
            (None, 0) => Some(Missing::NoSignChange),
            (None, 1) => Some(Missing::NoRateFound),
            (None, _) => Some(Missing::SeveralSignChanges),
        };
        let share = (finance.pv_benefits > Decimal::ZERO)
            .then(|| (finance.pv_costs / finance.pv_benefits).to_f64())
            .flatten();
        return (missing, share, None);
    }
    // What is left of the benefits after the monthly costs: all of it can go up front.
    let carried = finance.npv;
    let first_year: Decimal = finance.cash_flows.iter().skip(1).take(12).copied().sum();
    let positive = |d: Decimal| (d > Decimal::ZERO).then_some(Money(d));
    let max = MaxInvestment {
        npv_zero: positive(carried),
        payback_12: positive(first_year),
    };
    finance.roi = None;
    finance.payback_months = None;
    finance.irr_annual = None;
    finance.irr_monthly = None;
    (Some(Missing::NoInvestment), None, Some(max))
}

/// The improvement at which one lever alone pays back the investment within the horizon
/// (NPV = 0): its risk-adjusted monthly benefit must reach PV(costs) ÷ the present value of
/// one unit of benefit a month with the ramp-up (`annuity`); the lever is linear in its
/// improvement, so the improvement needed is that benefit, grossed up for the risk share,
/// divided by what one unit of improvement is worth a month. `pv_costs` is what is left to
/// cover once the stated lines' benefits are counted; nothing left, no break-even.
fn break_even(l: &Lever, pv_costs: Decimal, annuity: Decimal, risk: Decimal) -> Option<BreakEven> {
    let per_unit = l.formula.per_unit();
    if per_unit <= Decimal::ZERO
        || annuity <= Decimal::ZERO
        || risk >= Decimal::ONE
        || pv_costs <= Decimal::ZERO
    {
        return None;
    }
    let needed_monthly = pv_costs
        .checked_div(annuity)?
        .checked_div(Decimal::ONE - risk)?;
    let needed = needed_monthly.checked_div(per_unit)?.to_f64()?;
    let measured = l.formula.improvement().to_f64()?;
    let today = l.formula.today.value.to_f64()?;
    let pct = |x: f64| (today > 0.0).then(|| x / today);
    Some(BreakEven {
        improvement_needed: needed,
        needed_pct: pct(needed),
        improvement_measured: measured,
        measured_pct: pct(measured),
        unit: l.formula.today.unit,
    })
}

/// The inputs of the cash flows: the investment, horizon and rate of the assumptions.
pub fn inputs(a: &Assumptions, monthly_benefit: Decimal) -> Inputs {
    Inputs {
        monthly_benefit,
        one_time: a.decimal(keys::ONE_TIME),
        monthly_cost: a.decimal(keys::MONTHLY),
        ramp_up_months: a.decimal(keys::RAMP_UP_MONTHS),
        horizon_months: a.horizon_months(),
        discount_rate: a.decimal(keys::DISCOUNT_RATE),
        stated: stated_flows(&a.stated, a.decimal(keys::CAPACITY_RECAPTURE)),
    }
}

/// The `[[stated]]` lines as the cash flows take them; a capacity line × `recapture`.
pub fn stated_flows(
    stated: &[crate::assumptions::Stated],
    recapture: Decimal,
) -> Vec<finance::StatedFlow> {
    stated
        .iter()
        .map(|s| finance::StatedFlow {
            monthly: s.monthly.0,
            from_month: s.from_month,
            one_time: s.one_time.0,
            month: s.month,
            factor: match s.kind {
                crate::rules::Benefit::Cash => Decimal::ONE,
                crate::rules::Benefit::Capacity => recapture,
            },
        })
        .collect()
}

/// Each assumption of the table that the sensitivity analysis moves, −20% and +20% alone
/// (kept within its bounds). A rate or a volume changes only the levers whose formulas use it,
/// so the analysis is linear in the number of levers. Assumptions that do not move the NPV (a
/// rate of a metric that was not measured) are left out.
fn sensitivity(cmp: &Comparison, a: &Assumptions, levers: &[Lever]) -> Vec<Sensitivity> {
    let factors = [Decimal::new(8, 1), Decimal::new(12, 1)];
    let gross: Vec<Decimal> = levers.iter().map(|l| l.monthly.0).collect();
    let total = Split::of(gross.iter().copied());
    // Which levers use which assumption, once: each step re-prices only those.
    let mut users_of: std::collections::HashMap<&str, Vec<usize>> = Default::default();
    for (i, l) in levers.iter().enumerate() {
        for t in &l.formula.factors {
            if let levers::Quantity::Assumption { key } = &t.quantity {
                users_of.entry(key.as_str()).or_default().push(i);
            }
        }
    }
    let base_inputs = inputs(a, Decimal::ZERO);
    let risk = a.decimal(keys::RISK_ADJUSTMENT);
    let mut out = Vec::new();
    for def in a.table().iter().filter(|d| d.sensitivity) {
        let Some(base) = base_value(cmp, a, def) else {
            continue;
        };
        let key = def.key.as_ref();
        let users = users_of.get(key).cloned().unwrap_or_default();
        let mut npv = [Decimal::ZERO; 2];
        let mut values = [0.0; 2];
        for (slot, f) in factors.iter().enumerate() {
            let v = clamp(def, (base * f).round_dp(6));
            values[slot] = v.to_f64().unwrap_or(0.0);
            // The one assumption at its new value; nothing else is copied.
            let mut inp = base_inputs.clone();
            match key {
                keys::ONE_TIME => inp.one_time = v,
                keys::MONTHLY => inp.monthly_cost = v,
                keys::RAMP_UP_MONTHS => inp.ramp_up_months = v,
                keys::DISCOUNT_RATE => inp.discount_rate = v,
                keys::CAPACITY_RECAPTURE => inp.stated = stated_flows(&a.stated, v),
                _ => {}
            }
            // A lever stratified by segment: each segment's formula with its own figure
            // moved by the same factor.
            let priced = |l: &Lever| {
                if l.parts.is_empty() {
                    l.formula.value_with(key, v)
                } else {
                    l.parts.iter().map(|(_, p)| p.value_scaled(key, *f)).sum()
                }
            };
            let split = users
                .iter()
                .fold(total, |t, &i| t.replaced(gross[i], priced(&levers[i])));
            let r = if key == keys::RISK_ADJUSTMENT {
                v
            } else {
                risk
            };
            inp.monthly_benefit = split.risk_adjusted(r);
            npv[slot] = finance::npv_only(&inp);
        }
        let swing = (npv[1] - npv[0]).abs();
        if swing.is_zero() {
            continue;
        }
        out.push(Sensitivity {
            assumption: key.to_string(),
            kind: def.kind,
            value_low: values[0],
            value_high: values[1],
            npv_at_low: Money(npv[0]),
            npv_at_high: Money(npv[1]),
            swing: Money(swing),
        });
    }
    out.sort_by(|x, y| {
        y.swing
            .cmp(&x.swing)
            .then_with(|| x.assumption.cmp(&y.assumption))
    });
    out
}

/// The value an assumption has in this case: set, defaulted, or (the volume) measured.
fn base_value(cmp: &Comparison, a: &Assumptions, def: &Def) -> Option<Decimal> {
    match (a.get(&def.key), def.fallback) {
        (Some(v), _) => Some(v.value),
        (None, Fallback::Measured) => levers::volume(cmp, a).map(|(v, _)| levers::dec(v)),
        (None, _) => None,
    }
}

fn clamp(def: &Def, v: Decimal) -> Decimal {
    let lo = Decimal::from_f64(def.min).unwrap_or(v);
    let hi = Decimal::from_f64(def.max).unwrap_or(v);
    v.max(lo).min(hi)
}

#[cfg(test)]
mod tests {
    use super::Split;
    use rust_decimal::Decimal;

    fn d(v: i64) -> Decimal {
        Decimal::from(v)
    }

    #[test]
    fn risk_shrinks_gains_and_grows_losses() {
        // Gains 1000 + 500, a loss of −200, 10% risk: 1500 × 0.9 − 200 × 1.1 = 1350 − 220 = 1130
        let s = Split::of([d(1000), d(-200), d(500)]);
        assert_eq!(s.risk_adjusted(Decimal::new(1, 1)), d(1130));
        // Only a loss: −337 000 a year gross stays a loss, made larger: −337 000 × 1.15.
        let loss = Split::of([d(-337_000)]);
        assert_eq!(loss.risk_adjusted(Decimal::new(15, 2)), d(-387_550));
        // Replacing the loss with a gain of 100: 1600 × 0.9 = 1440.
        assert_eq!(
            s.replaced(d(-200), d(100))
                .risk_adjusted(Decimal::new(1, 1)),
            d(1440)
        );
        assert_eq!(
            s.replaced(d(1000), d(-100)),
            Split::of([d(-100), d(-200), d(500)])
        );
    }
}
