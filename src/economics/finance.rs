//! The business case on `Decimal` (Forrester TEI conventions, monthly): cash flows with the
//! ramp-up, NPV, ROI = NPV ÷ PV of costs, payback interpolated within the month, IRR.

use crate::money::{cents, serde_cents, serde_cents_vec};
use rust_decimal::prelude::*;
use serde::Serialize;

/// What drives the cash flows.
#[derive(Debug, Clone)]
pub struct Inputs {
    /// Risk-adjusted monthly benefit at full size.
    pub monthly_benefit: Decimal,
    pub one_time: Decimal,
    pub monthly_cost: Decimal,
    /// Benefits reach full size linearly over this many months (0: full from month 1).
    pub ramp_up_months: Decimal,
    pub horizon_months: u32,
    /// Annual discount rate (0.10 for 10%).
    pub discount_rate: Decimal,
    /// `[[stated]]` lines: as given from their month, neither ramped nor risk-adjusted.
    pub stated: Vec<StatedFlow>,
}

/// A stated line as the cash flows take it.
#[derive(Debug, Clone)]
pub struct StatedFlow {
    /// Signed, from `from_month` on.
    pub monthly: Decimal,
    pub from_month: u32,
    /// Signed, in `month`.
    pub one_time: Decimal,
    pub month: u32,
    /// 1 for cash; `capacity_recapture` for capacity.
    pub factor: Decimal,
}

impl StatedFlow {
    /// The line's amount in month `t`, in cents: a benefit > 0, a cost < 0.
    pub fn at(&self, t: u32) -> Decimal {
        let mut amount = Decimal::ZERO;
        if t >= self.from_month && t > 0 {
            amount += self.monthly;
        }
        if t == self.month {
            amount += self.one_time;
        }
        cents(amount.saturating_mul(self.factor))
    }
}

/// The finance figures of one scenario.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Finance {
    /// Net cash flow of months 0..H, in cents (month 0 is the one-time investment).
    #[serde(with = "serde_cents_vec")]
    pub cash_flows: Vec<Decimal>,
    #[serde(with = "serde_cents")]
    pub npv: Decimal,
    /// NPV ÷ present value of costs; null without costs.
    pub roi: Option<f64>,
    /// Months until the cumulative cash flow reaches zero; null if not within the horizon.
    pub payback_months: Option<f64>,
    /// Monthly IRR annualised, (1 + r)^12 − 1; null where the cash flows never change sign or
    /// no rate solves.
    pub irr_annual: Option<f64>,
    /// The monthly IRR itself.
    pub irr_monthly: Option<f64>,
    #[serde(with = "serde_cents")]
    pub pv_costs: Decimal,
    #[serde(with = "serde_cents")]
    pub pv_benefits: Decimal,
}

/// rₘ = (1 + annual)^(1/12) − 1.
pub fn monthly_rate(annual: Decimal) -> Decimal {
    // The same rate is asked for by every evaluation of a case (scenarios, segments): the
    // last one is kept, as powd is most of an evaluation's time.
    thread_local! {
        static LAST: std::cell::Cell<Option<(Decimal, Decimal)>> = const { std::cell::Cell::new(None) };
    }
    if let Some((a, r)) = LAST.with(std::cell::Cell::get)
        && a == annual
    {
        return r;
    }
    let r = monthly_rate_of(annual);
    LAST.with(|l| l.set(Some((annual, r))));
    r
}

fn monthly_rate_of(annual: Decimal) -> Decimal {
    let base = Decimal::ONE + annual;
    if base <= Decimal::ZERO {
        return Decimal::ZERO;
    }
    // powd works through ln/exp on Decimal; good to ~1e-15, far below a cent over 600 months.
    base.powd(Decimal::ONE / Decimal::from(12)) - Decimal::ONE
}

/// A monthly rate compounded over a year, (1 + r)^12 − 1: in Decimal where it fits, beyond
/// (a monthly rate above ~254, an investment paid back within hours) in f64, which holds it.
fn annual(r: Decimal) -> Option<f64> {
    match (Decimal::ONE + r).checked_powi(12) {
        Some(a) => (a - Decimal::ONE).to_f64(),
        None => Some((1.0 + r.to_f64()?).powi(12) - 1.0).filter(|a| a.is_finite()),
    }
}

/// Cash flows, NPV, ROI, payback and IRR for one set of inputs.
pub fn evaluate(inp: &Inputs) -> Finance {
    let (flows, benefits) = flows(inp);
    let rm = monthly_rate(inp.discount_rate);
    let npv = cents(npv(rm, &flows));
    let h = inp.horizon_months as usize;
    let costs: Vec<Decimal> = (0..=h)
        .map(|t| {
            let own = if t == 0 {
                cents(inp.one_time)
            } else {
                cents(inp.monthly_cost)
            };
            own + stated_split(inp, t as u32).1
        })
        .collect();
    let pv_costs = cents(npv_of(rm, &costs));
    let pv_benefits = cents(npv_of(rm, &benefits));
    let roi = (pv_costs > Decimal::ZERO).then(|| (npv / pv_costs).to_f64().unwrap_or(0.0));
    let irr_monthly = irr(&flows);
    Finance {
        payback_months: payback(&flows),
        irr_annual: irr_monthly.and_then(annual),
        irr_monthly: irr_monthly.and_then(|r| r.to_f64()),
        cash_flows: flows,
        npv,
        roi,
        pv_costs,
        pv_benefits,
    }
}

/// The net cash flows of months 0..H and the benefits within them, each in cents.
fn flows(inp: &Inputs) -> (Vec<Decimal>, Vec<Decimal>) {
    let h = inp.horizon_months as usize;
    let mut flows = Vec::with_capacity(h + 1);
    let mut benefits = Vec::with_capacity(h + 1);
    let (gains, costs) = stated_split(inp, 0);
    flows.push(cents(-inp.one_time) + gains - costs);
    benefits.push(gains);
    for m in 1..=h {
        let t = Decimal::from(m);
        let share = if inp.ramp_up_months <= Decimal::ZERO {
            Decimal::ONE
        } else {
            (t / inp.ramp_up_months).min(Decimal::ONE)
        };
        let (gains, costs) = stated_split(inp, m as u32);
        let b = cents(inp.monthly_benefit * share) + gains;
        benefits.push(b);
        flows.push(b - cents(inp.monthly_cost) - costs);
    }
    (flows, benefits)
}

/// The stated lines of month `t`: their benefits and their costs (as a positive amount),
/// each line on the side its amount falls in that month.
pub fn stated_split(inp: &Inputs, t: u32) -> (Decimal, Decimal) {
    let mut gains = Decimal::ZERO;
    let mut costs = Decimal::ZERO;
    for s in &inp.stated {
        let a = s.at(t);
        if a > Decimal::ZERO {
            gains += a;
        } else {
            costs -= a;
        }
    }
    (gains, costs)
}

/// The present value of a benefit of one a month at full size, with the ramp-up:
/// Σ min(1, t / ramp) / (1 + rₘ)^t over months 1..H, not rounded.
pub fn annuity(inp: &Inputs) -> Decimal {
    let rm = monthly_rate(inp.discount_rate);
    let Some(factor) = Decimal::ONE.checked_add(rm) else {
        return Decimal::ZERO;
    };
    with_discounts(rm, factor, inp.horizon_months as usize + 1, |discounts| {
        let mut sum = Decimal::ZERO;
        for (t, discount) in (1..=inp.horizon_months).zip(discounts.iter().skip(1)) {
            let t = Decimal::from(t);
            let share = if inp.ramp_up_months <= Decimal::ZERO {
                Decimal::ONE
            } else {
                (t / inp.ramp_up_months).min(Decimal::ONE)
            };
            sum += share * *discount;
        }
        sum
    })
}

/// The NPV alone, in cents: what [`evaluate`] gives as `npv`, without the rest.
pub fn npv_only(inp: &Inputs) -> Decimal {
    cents(npv(monthly_rate(inp.discount_rate), &flows(inp).0))
}

/// Σ CFₜ / (1 + r)^t from t = 0 (Excel: `CF₀ + NPV(r, CF₁..CFₙ)`).
pub fn npv(rate: Decimal, flows: &[Decimal]) -> Decimal {
    npv_of(rate, flows)
}

fn npv_of(rate: Decimal, flows: &[Decimal]) -> Decimal {
    npv_discounted(rate, flows).unwrap_or(Decimal::ZERO)
}

/// The NPV, or None where Decimal's range (about ±7.9e28) is exceeded, as it is for
/// rates near −100% over long horizons.
fn npv_checked(rate: Decimal, flows: &[Decimal]) -> Option<Decimal> {
    let factor = Decimal::ONE.checked_add(rate)?;
    let mut discount = Decimal::ONE;
    let mut sum = Decimal::ZERO;
    for (t, cf) in flows.iter().enumerate() {
        if t > 0 {
            discount = discount.checked_div(factor)?;
        }
        sum = sum.checked_add(cf.checked_mul(discount)?)?;
    }
    Some(sum)
}

/// As [`npv_checked`], with the discount factors of the last rate kept: every NPV of a case
/// and of its segments is at one rate (the IRR's search, at many, does not use them).
fn npv_discounted(rate: Decimal, flows: &[Decimal]) -> Option<Decimal> {
    let factor = Decimal::ONE.checked_add(rate)?;
    with_discounts(rate, factor, flows.len(), |discounts| {
        if discounts.len() < flows.len() {
            return None;
        }
        let mut sum = Decimal::ZERO;
        for (cf, discount) in flows.iter().zip(discounts) {
            sum = sum.checked_add(cf.checked_mul(*discount)?)?;
        }
        Some(sum)
    })
}

/// Calls `f` with 1 / (1 + r)^t for t = 0, 1, … up to `len` of them, each the one before
/// divided by `factor` = 1 + r (the same divisions, in the same order, as one loop makes),
/// fewer where a division leaves Decimal's range. Kept per thread for the last rate.
fn with_discounts<T>(
    rate: Decimal,
    factor: Decimal,
    len: usize,
    f: impl FnOnce(&[Decimal]) -> T,
) -> T {
    struct Kept {
        rate: Option<Decimal>,
        discounts: Vec<Decimal>,
        /// A division left the range: no more factors.
        ended: bool,
    }
    thread_local! {
        static KEPT: std::cell::RefCell<Kept> = const {
            std::cell::RefCell::new(Kept { rate: None, discounts: Vec::new(), ended: false })
        };
    }
    KEPT.with(|k| {
        let mut k = k.borrow_mut();
        if k.rate != Some(rate) {
            *k = Kept {
                rate: Some(rate),
                discounts: vec![Decimal::ONE],
                ended: false,
            };
        }
        while k.discounts.len() < len && !k.ended {
            let last = k.discounts[k.discounts.len() - 1];
            match last.checked_div(factor) {
                Some(d) => k.discounts.push(d),
                None => k.ended = true,
            }
        }
        let n = len.min(k.discounts.len());
        f(&k.discounts[..n])
    })
}

/// Months until the cumulative undiscounted cash flow reaches zero and stays there,
/// interpolated linearly within the month: 0 when nothing is invested and nothing is lost;
/// None when the flows end below zero (savings that are losses never pay back).
pub fn payback(flows: &[Decimal]) -> Option<f64> {
    let mut cum = Decimal::ZERO;
    let mut found = None;
    for (t, cf) in flows.iter().enumerate() {
        let before = cum;
        cum = cum.checked_add(*cf)?;
        if cum < Decimal::ZERO {
            found = None;
        } else if found.is_none() {
            found = Some(if t == 0 || before >= Decimal::ZERO {
                t as f64
            } else {
                let within = -before / *cf;
                (Decimal::from(t - 1) + within).to_f64().unwrap_or(t as f64)
            });
        }
    }
    found
}

/// How many times the flows change sign, zeros skipped.
pub fn sign_changes(flows: &[Decimal]) -> usize {
    flows
        .iter()
        .filter(|f| !f.is_zero())
        .map(|f| f.is_sign_negative())
        .collect::<Vec<_>>()
        .windows(2)
        .filter(|w| w[0] != w[1])
        .count()
}

/// The periodic IRR: the rate at which the NPV of the flows is zero, found by bisection on
/// Decimal between −99% and 1,000,000% a period. Defined only where the flows change sign
/// exactly once (docs/method.md#irr): then the root is unique; None otherwise.
pub fn irr(flows: &[Decimal]) -> Option<Decimal> {
    if sign_changes(flows) != 1 {
        return None;
    }
    // Scan for the first bracket from low rates up: the economically meaningful root of a
    // conventional investment (costs first, then benefits).
    let grid: Vec<Decimal> = [
        "-0.99", "-0.9", "-0.75", "-0.5", "-0.25", "-0.1", "-0.05", "-0.01", "0", "0.005", "0.01",
        "0.02", "0.05", "0.1", "0.2", "0.5", "1", "2", "5", "10", "30", "100", "300", "1000",
        "10000", "100000", "1000000", "1e8", "1e10", "1e12", "1e14", "1e16", "1e18", "1e20",
    ]
    .iter()
    .filter_map(|s| {
        Decimal::from_str(s)
            .or_else(|_| Decimal::from_scientific(s))
            .ok()
    })
    .collect();
    let f = |r: Decimal| npv_checked(r, flows);
    // Grid points where the NPV overflows Decimal are skipped.
    let points: Vec<(Decimal, Decimal)> = grid.iter().filter_map(|&r| Some((r, f(r)?))).collect();
    for pair in points.windows(2) {
        let ((lo, f_lo), (hi, f_hi)) = (pair[0], pair[1]);
        if f_lo.is_zero() {
            return Some(lo);
        }
        if (f_lo < Decimal::ZERO) == (f_hi < Decimal::ZERO) {
            continue;
        }
        let (mut a, mut b, mut fa) = (lo, hi, f_lo);
        for _ in 0..100 {
            let m = (a + b) / Decimal::TWO;
            let fm = f(m)?;
            if fm.is_zero() || (b - a).abs() < Decimal::new(1, 14) {
                return Some(m);
            }
            if (fm < Decimal::ZERO) == (fa < Decimal::ZERO) {
                a = m;
                fa = fm;
            } else {
                b = m;
            }
        }
        return Some((a + b) / Decimal::TWO);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    fn flows(v: &[i64]) -> Vec<Decimal> {
        v.iter().map(|x| Decimal::from(*x)).collect()
    }

    #[test]
    fn npv_matches_excel() {
        // Excel: NPV(10%, -10000, 3000, 4200, 6800) = 1,188.44 — discounting the first value
        // by one period, i.e. our month-0 convention with a zero at t = 0.
        let v = npv(d("0.1"), &flows(&[0, -10000, 3000, 4200, 6800]));
        assert_eq!(cents(v), d("1188.44"));
        // Excel: NPV(8%, 8000, 9200, 10000, 12000, 14500) - 40000 = 1,922.06
        let v = npv(
            d("0.08"),
            &flows(&[-40000, 8000, 9200, 10000, 12000, 14500]),
        );
        assert_eq!(cents(v), d("1922.06"));
    }

    #[test]
    fn kept_discounts_give_the_npv_of_one_loop() {
        // Rates of a case, of a segment, and near −100% where 1 / (1 + r)^t leaves Decimal's
        // range within 600 months (both None), asked in turn so the kept factors are reused,
        // extended and replaced.
        let long: Vec<Decimal> = (0..=600).map(|t| Decimal::from(t % 7) - d("2.5")).collect();
        for rate in [
            "0.00797414042890374",
            "0.00797414042890374",
            "0",
            "-0.9",
            "0.05",
        ] {
            for n in [0, 1, 37, 601, 13] {
                let (rate, f) = (d(rate), &long[..n]);
                assert_eq!(npv_discounted(rate, f), npv_checked(rate, f), "{rate} {n}");
            }
        }
        assert_eq!(npv_discounted(d("-0.9"), &long), None);
        // 10,000 / 1.1 = 9,090.91 and 10,000 / 1.21 = 8,264.46 less 1,000 up front.
        let v = npv_discounted(d("0.1"), &flows(&[-1000, 10000, 10000])).unwrap();
        assert_eq!(cents(v), d("16355.37"));
    }

    #[test]
    fn irr_matches_excel() {
        // Excel's IRR documentation: IRR(-70000, 12000, 15000, 18000, 21000, 26000) = 8.66%
        let r = irr(&flows(&[-70000, 12000, 15000, 18000, 21000, 26000])).unwrap();
        assert!((r.to_f64().unwrap() - 0.086_630_948).abs() < 1e-9, "{r}");
        // IRR(-70000, 12000, 15000, 18000, 21000) = -2.12%
        let r = irr(&flows(&[-70000, 12000, 15000, 18000, 21000])).unwrap();
        assert!((r.to_f64().unwrap() + 0.021_244_848).abs() < 1e-8, "{r}");
        // No sign change: no IRR, never a made-up number.
        assert_eq!(irr(&flows(&[100, 200, 300])), None);
        assert_eq!(irr(&flows(&[-100, -5, -5])), None);
    }

    #[test]
    fn irr_far_above_any_grid_of_a_spreadsheet_is_still_found() {
        // −1,000 then B a month for 60 months: 1000 = B × Σ (1+r)^−t, and Σ over t ≥ 1 is
        // 1/r less a tail of (1+r)^−60/r, negligible here: r = B / 1000 (254 is 25,400% a
        // month, where the annual rate used to overflow and read "changes sign more than
        // once").
        for b in [254_000_i64, 1_000_000, 1_000_000_000, 1_000_000_000_000] {
            let mut v = vec![Decimal::from(-1000)];
            v.extend(std::iter::repeat_n(Decimal::from(b), 60));
            let r = irr(&v).unwrap().to_f64().unwrap();
            let expected = b as f64 / 1000.0;
            assert!((r - expected).abs() / expected < 1e-6, "{b}: {r}");
            // The annual rate past Decimal's reach (255^12 > 7.9e28) is still a rate.
            let annual = annual(Decimal::from_f64_retain(r).unwrap()).unwrap();
            assert!(
                ((annual + 1.0).ln() - 12.0 * (1.0 + r).ln()).abs() < 1e-9,
                "{b}: {annual}"
            );
        }
    }

    #[test]
    fn irr_of_a_payback_within_days_and_none_for_two_sign_changes() {
        // −1,000 then 30,000 a month: NPV = −1000 + 30000 Σ (1+r)^−t. Over one month the root
        // is r = 29 (2,900% a month): a payback of one day.
        let r = irr(&flows(&[-1000, 30000])).unwrap().to_f64().unwrap();
        assert!((r - 29.0).abs() < 1e-9, "{r}");
        // Over 12 months the root solves 1000 = 30000 × (1 − (1+r)^−12) / r: r ≈ 30 (checked
        // in a spreadsheet: IRR(−1000, 30000 × 12) = 3000.0%).
        let mut v = vec![-1000];
        v.extend([30000; 12]);
        let r = irr(&flows(&v)).unwrap().to_f64().unwrap();
        assert!((r - 30.0).abs() < 1e-6, "{r}");
        // Two sign changes (−, +, −): more than one rate may solve, so none is reported.
        assert_eq!(sign_changes(&flows(&[-100, 230, -132])), 2);
        assert_eq!(irr(&flows(&[-100, 230, -132])), None);
        assert_eq!(sign_changes(&flows(&[0, -5, 0, 7, 7])), 1);
    }

    #[test]
    fn monthly_rate_from_annual() {
        // 1.1^(1/12) − 1 = 0.00797414042890376
        let r = monthly_rate(d("0.10")).to_f64().unwrap();
        assert!((r - 0.007_974_140_428_903_76).abs() < 1e-15, "{r}");
        assert_eq!(monthly_rate(Decimal::ZERO), Decimal::ZERO);
    }

    #[test]
    fn case_worked_by_hand_with_ramp_up() {
        // Benefit 1000/month, ramp 2 months, one-time 1500, monthly 100, 4 months, 0% rate.
        // CF: -1500, 500-100=400, 900, 900, 900. Cumulative: -1500, -1100, -200, 700, 1600.
        // Payback: month 2 + 200/900 = 2.2222; NPV = 1600; PV costs = 1500 + 400 = 1900.
        let f = evaluate(&Inputs {
            monthly_benefit: d("1000"),
            one_time: d("1500"),
            monthly_cost: d("100"),
            ramp_up_months: d("2"),
            horizon_months: 4,
            discount_rate: Decimal::ZERO,
            stated: Vec::new(),
        });
        assert_eq!(f.cash_flows, flows(&[-1500, 400, 900, 900, 900]));
        assert_eq!(f.npv, d("1600"));
        assert_eq!(f.pv_costs, d("1900"));
        assert!((f.roi.unwrap() - 1600.0 / 1900.0).abs() < 1e-12);
        assert!((f.payback_months.unwrap() - (2.0 + 200.0 / 900.0)).abs() < 1e-12);
        // Monthly IRR of the same flows (Excel IRR = 32.26% a month) annualised.
        let monthly = irr(&f.cash_flows).unwrap().to_f64().unwrap();
        assert!((monthly - 0.322_623_006).abs() < 1e-8, "{monthly}");
        assert!((f.irr_annual.unwrap() - ((1.0 + monthly).powi(12) - 1.0)).abs() < 1e-6);
    }

    #[test]
    fn stated_lines_worked_by_hand() {
        // Levers 1000/month, no ramp, 6 months, 0% rate; no [investment]. Stated: a phased
        // investment of −3000 in month 0 and −1500 in month 3; licences retired +200 a month
        // from month 2; an internal team of −100 a month of capacity counted at 50%.
        // Month:     0      1     2     3     4     5     6
        // levers     0   1000  1000  1000  1000  1000  1000
        // licences   0      0   200   200   200   200   200
        // phases −3000      0     0 −1500     0     0     0
        // team       0    −50   −50   −50   −50   −50   −50
        // net    −3000    950  1150  −350  1150  1150  1150
        // Cumulative −3000, −2050, −900, −1250, −100, 1050: payback 4 + 100/1150.
        // PV(costs) = 3000 + 6 × 50 + 1500 = 4800; PV(benefits) = 6000 + 1000 = 7000.
        let line =
            |monthly: &str, from: u32, one_time: &str, month: u32, factor: &str| StatedFlow {
                monthly: d(monthly),
                from_month: from,
                one_time: d(one_time),
                month,
                factor: d(factor),
            };
        let f = evaluate(&Inputs {
            monthly_benefit: d("1000"),
            one_time: Decimal::ZERO,
            monthly_cost: Decimal::ZERO,
            ramp_up_months: Decimal::ZERO,
            horizon_months: 6,
            discount_rate: Decimal::ZERO,
            stated: vec![
                line("200", 2, "0", 0, "1"),
                line("0", 1, "-3000", 0, "1"),
                line("0", 1, "-1500", 3, "1"),
                line("-100", 1, "0", 0, "0.5"),
            ],
        });
        assert_eq!(
            f.cash_flows,
            flows(&[-3000, 950, 1150, -350, 1150, 1150, 1150])
        );
        assert_eq!(f.npv, d("2200"));
        assert_eq!(f.pv_costs, d("4800"));
        assert_eq!(f.pv_benefits, d("7000"));
        assert!((f.payback_months.unwrap() - (4.0 + 100.0 / 1150.0)).abs() < 1e-12);
        // The cash flows change sign three times: no single IRR.
        assert_eq!(sign_changes(&f.cash_flows), 3);
    }

    #[test]
    fn edge_cases() {
        let base = Inputs {
            monthly_benefit: d("1000"),
            one_time: Decimal::ZERO,
            monthly_cost: Decimal::ZERO,
            ramp_up_months: Decimal::ZERO,
            horizon_months: 12,
            discount_rate: d("0.1"),
            stated: Vec::new(),
        };
        // No investment: pays back at once, ROI undefined, IRR none (no sign change).
        let f = evaluate(&base);
        assert_eq!(f.payback_months, Some(0.0));
        assert_eq!(f.roi, None);
        assert_eq!(f.irr_annual, None);
        // No investment and a loss: never "immediate", never paid back.
        let f = evaluate(&Inputs {
            monthly_benefit: d("-1000"),
            ..base.clone()
        });
        assert_eq!(f.payback_months, None);
        // Benefits never covering costs: no payback, negative NPV, no IRR.
        let f = evaluate(&Inputs {
            one_time: d("5000"),
            monthly_cost: d("1200"),
            ..base.clone()
        });
        assert_eq!(f.payback_months, None);
        assert!(f.npv < Decimal::ZERO);
        assert_eq!(f.irr_annual, None);
        // Ramp-up 0 and horizon 1: CF = -500, 1000; NPV = -500 + 1000/1.00797414 = 492.09.
        let f = evaluate(&Inputs {
            one_time: d("500"),
            horizon_months: 1,
            ..base.clone()
        });
        assert_eq!(f.cash_flows, flows(&[-500, 1000]));
        assert_eq!(f.npv, d("492.09"));
        assert_eq!(f.payback_months, Some(0.5));
        // IRR: −500 + 1000/(1+r) = 0 → r = 100% a month → (2^12 − 1) a year.
        assert!((f.irr_annual.unwrap() - 4095.0).abs() < 1e-6);
    }
}
