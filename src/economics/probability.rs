//! How likely the case holds (docs/method.md#how-likely): each lever's monthly value follows
//! its sampling distribution — normal, its standard error taken from its 95% interval, levers
//! independent — not risk-adjusted (the distribution takes the haircut's place); costs and
//! stated lines as given. Without ranges in roi.toml the NPV and the cumulative cash flow of
//! any month are linear in the monthly benefit B, so every figure has a closed form:
//!
//! - F = Σₜ min(1, t/ramp) / (1 + rₘ)ᵗ over months 1..H, the present value of one unit of B;
//! - NPV ~ Normal(E[B]·F + PV₀, sd(B)·F), PV₀ the NPV of everything but B (the investment,
//!   the monthly cost, the stated lines);
//! - paid back within m months ⟺ B·Rₘ + Cₘ ≥ 0, Rₘ = Σₜ≤ₘ min(1, t/ramp) and Cₘ the
//!   cumulative cash flow of everything but B by month m.
//!
//! With ranges (`hourly_cost = { value = 42, low = 38, high = 48 }`) each ranged assumption is
//! drawn from its triangular distribution and the same figures are counted over a seeded
//! simulation of [`DRAWS`] draws, byte-identical from one run to the next.

use super::levers::{Lever, Quantity};
use crate::assumptions::{Assumptions, keys};
use crate::money::{Money, cents};
use rust_decimal::Decimal;
use rust_decimal::prelude::*;
use serde::Serialize;

/// Draws of the simulation.
pub const DRAWS: u32 = 20_000;
/// Its seed: the same every run, so the same case gives the same figures.
pub const SEED: u64 = 0x726f_6920_6361_7365;

/// z of a two-sided 95% interval: a lever's standard error is its interval's width ÷ 2z.
const Z95: f64 = 1.959_963_984_540_054;
/// z of the 95th percentile.
const Z90: f64 = 1.644_853_626_951_472_2;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// No assumption has a range: exact, from the normal distribution.
    ClosedForm,
    /// Some assumption has a range: counted over the seeded draws.
    Simulation,
}

/// The chance the case holds, and the NPV's spread.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Probability {
    /// P(NPV > 0) over the horizon.
    pub npv_positive: f64,
    /// P(paid back within 12 months), or within the horizon when it is shorter.
    pub payback_within_12: f64,
    /// P(paid back within the horizon).
    pub payback_within_horizon: f64,
    /// The NPV's 5th, 50th and 95th percentiles.
    pub npv_p05: Money,
    pub npv_p50: Money,
    pub npv_p95: Money,
    pub method: Method,
    /// The monthly benefit at full size, as the distribution counts it: the levers' gross
    /// sum (not risk-adjusted) and its standard error, √Σ seᵢ².
    pub monthly_mean: Money,
    pub monthly_sd: Money,
    /// The NPV's mean and standard deviation (closed form: E[B]·F + PV₀ and sd(B)·F).
    pub npv_mean: Money,
    pub npv_sd: Money,
    /// The months the 12-month figure is taken over: 12, or the horizon when shorter.
    pub within_months: u32,
    /// The roi.toml keys drawn from their ranges, in the ledger's order.
    pub ranged: Vec<String>,
    /// The simulation's draws and seed; absent for the closed form.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub draws: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub seed: Option<u64>,
    /// The simulation's NPVs counted in equal bins (the chart of the NPV's distribution
    /// draws them); absent for the closed form, whose curve is the normal density.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub npv_bins: Option<Bins>,
}

/// Draws counted in equal bins from the smallest to the largest, one edge on zero, so the
/// bins below zero are the losses exactly: bin i holds start + i·width ≤ NPV < start +
/// (i + 1)·width (the largest draw in the last bin).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Bins {
    pub start: Money,
    pub width: Money,
    pub counts: Vec<u32>,
}

/// Bins of a histogram of the NPV: about this many across the draws.
const BINS: u32 = 40;

/// The draws in about [`BINS`] equal bins of a whole number of cents, one edge on zero;
/// None when every draw is the same.
fn bins(values: &[f64]) -> Option<Bins> {
    let (lo, hi) = values
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), &v| {
            (l.min(v), h.max(v))
        });
    if !lo.is_finite() || !hi.is_finite() {
        return None;
    }
    let width = ((hi - lo) / f64::from(BINS) * 100.0).ceil() / 100.0;
    if !(width > 0.0 && width.is_finite()) {
        return None;
    }
    let first = (lo / width).floor();
    let start = first * width;
    let n = (((hi - start) / width).floor() as usize + 1).min(BINS as usize + 2);
    let mut counts = vec![0u32; n];
    for &v in values {
        let i = ((v - start) / width).floor().max(0.0) as usize;
        counts[i.min(n - 1)] += 1;
    }
    let money = |x: f64| Money(cents(Decimal::from_f64(x).unwrap_or_default()));
    Some(Bins {
        start: money(start),
        width: money(width),
        counts,
    })
}

/// A lever's standard error a month, in money: its 95% interval's width ÷ 2z.
pub fn standard_error(l: &Lever) -> f64 {
    ((l.high.0 - l.low.0).abs()).to_f64().unwrap_or(0.0) / (2.0 * Z95)
}

/// Φ(x), the standard normal distribution function.
pub fn phi(x: f64) -> f64 {
    0.5 * libm::erfc(-x / std::f64::consts::SQRT_2)
}

/// P(X ≥ threshold) for X ~ Normal(mean, sd); a point mass when sd is 0.
fn at_least(threshold: f64, mean: f64, sd: f64) -> f64 {
    if sd > 0.0 {
        phi((mean - threshold) / sd)
    } else if mean >= threshold {
        1.0
    } else {
        0.0
    }
}

/// The assumptions the cash flows take apart from B, in f64: the one-time investment, the
/// monthly cost, the ramp-up in months, the annual discount rate and the share of freed
/// capacity counted as money (a capacity stated line's factor).
#[derive(Debug, Clone)]
pub struct Flows {
    pub one_time: f64,
    pub monthly: f64,
    pub ramp: f64,
    pub rate: f64,
    pub recapture: f64,
}

/// Every figure of the closed form, unrounded: roi's own, and what the workbook's How likely
/// sheet computes live at the stated values (its cached results).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ClosedForm {
    /// E[B] and sd(B): the levers' gross monthly sum and √Σ seᵢ².
    pub monthly_mean: f64,
    pub monthly_sd: f64,
    /// F, the present value of one unit of B, and PV₀, the NPV of everything but B.
    pub factor: f64,
    pub pv0: f64,
    /// Rₘ and Cₘ at the 12-month mark (or the horizon when shorter) and at the horizon.
    pub ramp_within: f64,
    pub cum_within: f64,
    pub ramp_horizon: f64,
    pub cum_horizon: f64,
    /// The NPV's mean E[B]·F + PV₀ and standard deviation sd(B)·F.
    pub npv_mean: f64,
    pub npv_sd: f64,
    pub npv_positive: f64,
    pub payback_within: f64,
    pub payback_horizon: f64,
    /// mean ∓ z₉₀ × sd.
    pub npv_p05: f64,
    pub npv_p95: f64,
}

/// The closed form of a case without ranges: the levers' monthly values and standard errors,
/// the other cash flows, the horizon and the month the shorter payback is asked of.
pub fn closed_form(
    levers: &[Lever],
    flows: &Flows,
    stated: &[crate::assumptions::Stated],
    horizon: u32,
    within: u32,
) -> ClosedForm {
    let mean_b: f64 = levers
        .iter()
        .map(|l| l.monthly.0.to_f64().unwrap_or(0.0))
        .sum();
    let sd_b = levers
        .iter()
        .map(|l| {
            let se = standard_error(l);
            se * se
        })
        .sum::<f64>()
        .sqrt();
    let s = shape(flows, &stated_lines(stated), horizon, within);
    let npv_mean = mean_b * s.factor + s.pv0;
    let npv_sd = sd_b * s.factor;
    let threshold = |ramp: f64, cum: f64| {
        if ramp > 0.0 {
            -cum / ramp
        } else {
            f64::INFINITY
        }
    };
    ClosedForm {
        monthly_mean: mean_b,
        monthly_sd: sd_b,
        factor: s.factor,
        pv0: s.pv0,
        ramp_within: s.ramp_12,
        cum_within: s.cum_12,
        ramp_horizon: s.ramp_h,
        cum_horizon: s.cum_h,
        npv_mean,
        npv_sd,
        npv_positive: if npv_sd > 0.0 {
            phi(npv_mean / npv_sd)
        } else {
            f64::from(u8::from(npv_mean > 0.0))
        },
        payback_within: at_least(threshold(s.ramp_12, s.cum_12), mean_b, sd_b),
        payback_horizon: at_least(threshold(s.ramp_h, s.cum_h), mean_b, sd_b),
        npv_p05: npv_mean - Z90 * npv_sd,
        npv_p95: npv_mean + Z90 * npv_sd,
    }
}

/// The stated lines as the cash flows take them.
fn stated_lines(stated: &[crate::assumptions::Stated]) -> Vec<StatedLine> {
    stated
        .iter()
        .map(|s| {
            (
                s.monthly.0.to_f64().unwrap_or(0.0),
                s.from_month,
                s.one_time.0.to_f64().unwrap_or(0.0),
                s.month,
                s.kind == crate::rules::Benefit::Capacity,
            )
        })
        .collect()
}

/// One stated line as f64: (monthly, from_month, one_time, month, capacity).
type StatedLine = (f64, u32, f64, u32, bool);

/// What a draw (or the closed form) needs of the cash flows: F, PV₀, Rₘ and Cₘ at the two
/// months the payback is asked of.
struct Shape {
    factor: f64,
    pv0: f64,
    ramp_12: f64,
    cum_12: f64,
    ramp_h: f64,
    cum_h: f64,
}

fn shape(f: &Flows, stated: &[StatedLine], horizon: u32, within: u32) -> Shape {
    let rm = if 1.0 + f.rate > 0.0 {
        libm::pow(1.0 + f.rate, 1.0 / 12.0) - 1.0
    } else {
        0.0
    };
    let line = |t: u32| -> f64 {
        stated
            .iter()
            .map(|&(monthly, from, one_time, month, capacity)| {
                let mut a = 0.0;
                if t >= from && t > 0 {
                    a += monthly;
                }
                if t == month {
                    a += one_time;
                }
                if capacity { a * f.recapture } else { a }
            })
            .sum()
    };
    let mut discount = 1.0;
    let mut s = Shape {
        factor: 0.0,
        pv0: -f.one_time + line(0),
        ramp_12: 0.0,
        cum_12: 0.0,
        ramp_h: 0.0,
        cum_h: 0.0,
    };
    let mut cum = s.pv0;
    let mut ramp_sum = 0.0;
    if within == 0 {
        s.cum_12 = cum;
    }
    for t in 1..=horizon {
        discount /= 1.0 + rm;
        let share = if f.ramp <= 0.0 {
            1.0
        } else {
            (f64::from(t) / f.ramp).min(1.0)
        };
        let other = -f.monthly + line(t);
        s.factor += share * discount;
        s.pv0 += other * discount;
        cum += other;
        ramp_sum += share;
        if t == within {
            s.ramp_12 = ramp_sum;
            s.cum_12 = cum;
        }
    }
    s.ramp_h = ramp_sum;
    s.cum_h = cum;
    s
}

/// Paid back within m months: B·Rₘ + Cₘ ≥ 0.
fn paid_back(b: f64, ramp: f64, cum: f64) -> bool {
    b * ramp + cum >= 0.0
}

/// The chance the case holds, or None: without an investment (nothing to pay back), for a
/// projected case without ranges (nothing measured after the change has a spread), and when
/// a lever with money in it has no spread at all (a summary without std), since its noise
/// cannot be told.
pub fn probability(levers: &[Lever], a: &Assumptions, investment: bool) -> Option<Probability> {
    use super::levers::MoreData;
    if !investment {
        return None;
    }
    if a.projected && a.ranges.is_empty() {
        return None;
    }
    if levers
        .iter()
        .any(|l| l.more_data == MoreData::NoSpread && !l.monthly.0.is_zero())
    {
        return None;
    }
    let f64_of = |key: &str| a.decimal(key).to_f64().unwrap_or(0.0);
    let base = Flows {
        one_time: f64_of(keys::ONE_TIME),
        monthly: f64_of(keys::MONTHLY),
        ramp: f64_of(keys::RAMP_UP_MONTHS),
        rate: f64_of(keys::DISCOUNT_RATE),
        recapture: f64_of(keys::CAPACITY_RECAPTURE),
    };
    let stated = stated_lines(&a.stated);
    let horizon = a.horizon_months();
    let within = horizon.min(12);
    let means: Vec<f64> = levers
        .iter()
        .map(|l| l.monthly.0.to_f64().unwrap_or(0.0))
        .collect();
    let ses: Vec<f64> = levers.iter().map(standard_error).collect();
    let ranged: Vec<String> = a
        .table()
        .iter()
        .filter(|d| a.ranges.contains_key(d.key.as_ref()))
        .map(|d| d.key.to_string())
        .collect();
    let money = |x: f64| Money(cents(Decimal::from_f64(x).unwrap_or_default()));
    // The closed form at the stated values: the answer without ranges, and the monthly
    // benefit's mean and error either way.
    let c = closed_form(levers, &base, &a.stated, horizon, within);
    if ranged.is_empty() {
        return Some(Probability {
            npv_positive: c.npv_positive,
            payback_within_12: c.payback_within,
            payback_within_horizon: c.payback_horizon,
            npv_p05: money(c.npv_p05),
            npv_p50: money(c.npv_mean),
            npv_p95: money(c.npv_p95),
            method: Method::ClosedForm,
            monthly_mean: money(c.monthly_mean),
            monthly_sd: money(c.monthly_sd),
            npv_mean: money(c.npv_mean),
            npv_sd: money(c.npv_sd),
            within_months: within,
            ranged,
            draws: None,
            seed: None,
            npv_bins: None,
        });
    }
    // The simulation: each ranged assumption drawn from its triangle, each lever from its
    // own distribution moved by them, and the cash flows redrawn when a ranged assumption is
    // theirs.
    let ranges: Vec<(String, f64, f64, f64)> = ranged
        .iter()
        .map(|k| {
            let r = a.ranges[k.as_str()];
            (
                k.clone(),
                r.low.to_f64().unwrap_or(0.0),
                f64_of(k),
                r.high.to_f64().unwrap_or(0.0),
            )
        })
        .collect();
    // How each lever moves with the draws: a lever of its own terms is recomputed from them
    // (its improvement, with its own error, × each factor, drawn where ranged), so a rate
    // stated as 0 with a range still prices the lever; a lever by segment is its mean and
    // error scaled by each ranged factor's drawn value over the stated one, and where a
    // ranged factor is stated as 0, its mean and error at that factor 1 (summed over its
    // segments from their own terms) times the drawn value.
    let moved: Vec<Moved> = levers
        .iter()
        .map(|l| {
            let ranged_index = |key: &str| ranges.iter().position(|r| r.0 == key);
            match (l.parts.is_empty(), l.ci_improvement) {
                (true, Some([lo, hi])) => Moved::Terms {
                    improvement: l.formula.improvement().to_f64().unwrap_or(0.0),
                    se: (hi - lo).abs().to_f64().unwrap_or(0.0) / (2.0 * Z95),
                    factors: l
                        .formula
                        .factors
                        .iter()
                        .map(|t| match &t.quantity {
                            Quantity::Assumption { key } => {
                                ranged_index(key).ok_or(t.value.to_f64().unwrap_or(0.0))
                            }
                            _ => Err(t.value.to_f64().unwrap_or(0.0)),
                        })
                        .collect(),
                },
                _ => {
                    let uses: Vec<usize> = l
                        .formula
                        .factors
                        .iter()
                        .filter_map(|t| match &t.quantity {
                            Quantity::Assumption { key } => ranged_index(key),
                            _ => None,
                        })
                        .collect();
                    let zero: Vec<&str> = uses
                        .iter()
                        .filter(|&&k| ranges[k].2 == 0.0)
                        .map(|&k| ranges[k].0.as_str())
                        .collect();
                    let unit = (!zero.is_empty()).then(|| per_unit(l, &zero));
                    Moved::Scaled { uses, unit }
                }
            }
        })
        .collect();
    let finance_keys = [
        keys::ONE_TIME,
        keys::MONTHLY,
        keys::RAMP_UP_MONTHS,
        keys::DISCOUNT_RATE,
        keys::CAPACITY_RECAPTURE,
    ];
    let moves_flows = ranges.iter().any(|r| finance_keys.contains(&r.0.as_str()));
    let fixed = shape(&base, &stated, horizon, within);
    let mut rng = SplitMix(SEED);
    let mut drawn = vec![0.0; ranges.len()];
    let mut npvs = Vec::with_capacity(DRAWS as usize);
    let (mut positive, mut by_12, mut by_h) = (0u32, 0u32, 0u32);
    let mut normals = Normals::default();
    for _ in 0..DRAWS {
        for (slot, (_, low, mode, high)) in drawn.iter_mut().zip(&ranges) {
            *slot = triangular(*low, *mode, *high, rng.unit());
        }
        let mut b = 0.0;
        for ((m, se), how) in means.iter().zip(&ses).zip(&moved) {
            let z = normals.next(&mut rng);
            b += match how {
                Moved::Terms {
                    improvement,
                    se,
                    factors,
                } => factors.iter().fold(improvement + z * se, |acc, f| {
                    acc * match f {
                        Ok(k) => drawn[*k],
                        Err(v) => *v,
                    }
                }),
                Moved::Scaled { uses, unit } => {
                    let mut scale = 1.0;
                    for &k in uses {
                        let (_, _, mode, _) = ranges[k];
                        if mode != 0.0 {
                            scale *= drawn[k] / mode;
                        } else if unit.is_some() {
                            scale *= drawn[k];
                        }
                    }
                    let (m, se) = unit.unwrap_or((*m, *se));
                    (m + z * se) * scale
                }
            };
        }
        let s = if moves_flows {
            let value = |key: &str, own: f64| {
                ranges
                    .iter()
                    .position(|r| r.0 == key)
                    .map_or(own, |k| drawn[k])
            };
            let f = Flows {
                one_time: value(keys::ONE_TIME, base.one_time),
                monthly: value(keys::MONTHLY, base.monthly),
                ramp: value(keys::RAMP_UP_MONTHS, base.ramp),
                rate: value(keys::DISCOUNT_RATE, base.rate),
                recapture: value(keys::CAPACITY_RECAPTURE, base.recapture),
            };
            &shape(&f, &stated, horizon, within)
        } else {
            &fixed
        };
        let npv = b * s.factor + s.pv0;
        positive += u32::from(npv > 0.0);
        by_12 += u32::from(paid_back(b, s.ramp_12, s.cum_12));
        by_h += u32::from(paid_back(b, s.ramp_h, s.cum_h));
        npvs.push(npv);
    }
    let npv_bins = bins(&npvs);
    let n = f64::from(DRAWS);
    let mean = npvs.iter().sum::<f64>() / n;
    let sd = (npvs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0)).sqrt();
    let p = crate::stats::percentiles_inc(&mut npvs, &[0.05, 0.5, 0.95]);
    Some(Probability {
        npv_positive: f64::from(positive) / n,
        payback_within_12: f64::from(by_12) / n,
        payback_within_horizon: f64::from(by_h) / n,
        npv_p05: money(p[0]),
        npv_p50: money(p[1]),
        npv_p95: money(p[2]),
        method: Method::Simulation,
        monthly_mean: money(c.monthly_mean),
        monthly_sd: money(c.monthly_sd),
        npv_mean: money(mean),
        npv_sd: money(sd),
        within_months: within,
        ranged,
        draws: Some(DRAWS),
        seed: Some(SEED),
        npv_bins,
    })
}

/// How a lever's draw follows the drawn assumptions.
enum Moved {
    /// (improvement + z × its standard error) × each factor: a ranged one's index (Ok) or
    /// the value as it is (Err).
    Terms {
        improvement: f64,
        se: f64,
        factors: Vec<Result<usize, f64>>,
    },
    /// A lever by segment: (mean + z × se) × Π drawn ÷ stated over its ranged factors; with
    /// `unit`, the mean and se at each ranged factor stated as 0 set to 1, times its drawn
    /// value.
    Scaled {
        uses: Vec<usize>,
        unit: Option<(f64, f64)>,
    },
}

/// A lever by segment's monthly mean and standard error with the factors `zero` (ranged,
/// stated as 0) at 1: each segment's improvement and error (from its 95% interval) × its
/// other factors, summed, the errors in quadrature as the segments are independent.
fn per_unit(l: &Lever, zero: &[&str]) -> (f64, f64) {
    let (mut mean, mut var) = (0.0, 0.0);
    for ((_, f), ci) in l.parts.iter().zip(&l.part_ci) {
        let g: f64 = f
            .factors
            .iter()
            .map(|t| match &t.quantity {
                Quantity::Assumption { key } if zero.contains(&key.as_str()) => 1.0,
                _ => t.value.to_f64().unwrap_or(0.0),
            })
            .product();
        mean += f.improvement().to_f64().unwrap_or(0.0) * g;
        if let Some([lo, hi]) = ci {
            let se = (hi - lo).abs().to_f64().unwrap_or(0.0) / (2.0 * Z95);
            var += (se * g).powi(2);
        }
    }
    (mean, var.sqrt())
}

/// The inverse of the triangular distribution function at u (low ≤ mode ≤ high).
fn triangular(low: f64, mode: f64, high: f64, u: f64) -> f64 {
    let width = high - low;
    if width <= 0.0 {
        return mode;
    }
    let c = (mode - low) / width;
    if u < c {
        low + (u * width * (mode - low)).sqrt()
    } else {
        high - ((1.0 - u) * width * (high - mode)).sqrt()
    }
}

/// SplitMix64: a small, well-studied generator; its stream depends on the seed alone.
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform on (0, 1), never 0 or 1.
    fn unit(&mut self) -> f64 {
        ((self.next() >> 11) as f64 + 0.5) / (1u64 << 53) as f64
    }
}

/// Standard normal draws by Box–Muller, two at a time (libm's functions, so the same seed
/// gives the same draws on every platform).
#[derive(Default)]
struct Normals {
    spare: Option<f64>,
}

impl Normals {
    fn next(&mut self, rng: &mut SplitMix) -> f64 {
        if let Some(z) = self.spare.take() {
            return z;
        }
        let r = libm::sqrt(-2.0 * libm::log(rng.unit()));
        let angle = 2.0 * std::f64::consts::PI * rng.unit();
        self.spare = Some(r * libm::sin(angle));
        r * libm::cos(angle)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assumptions::Source;
    use crate::economics::levers::{MoreData, Stat, Term, TermUnit};
    use crate::summarize::Side;

    fn d(x: &str) -> Decimal {
        x.parse().unwrap()
    }

    /// A lever of `monthly` a month with its 95% range, priced at an hourly cost of 42:
    /// improvement × 42 (the improvement and its interval in hours).
    fn lever(name: &str, monthly: &str, low: &str, high: &str) -> Lever {
        let hourly = d("42");
        let term = |quantity, value| Term {
            quantity,
            value,
            unit: TermUnit::Hours,
            source: Source::Data,
        };
        let measured = |side| Quantity::Measured {
            metric: name.into(),
            stat: Stat::Mean,
            side,
        };
        Lever {
            name: name.into(),
            metric: name.into(),
            rule: crate::metric::LeverRule::PerHour,
            monthly: Money(d(monthly)),
            low: Money(d(low)),
            high: Money(d(high)),
            significant: true,
            benefit: crate::rules::Benefit::Cash,
            formula: super::super::levers::Formula {
                today: term(measured(Side::Today), d(monthly) / hourly),
                after: term(measured(Side::After), Decimal::ZERO),
                after_scale: None,
                factors: vec![Term {
                    quantity: Quantity::Assumption {
                        key: "rates.hourly_cost".into(),
                    },
                    value: hourly,
                    unit: TermUnit::MoneyPerHour,
                    source: Source::Config,
                }],
                control: None,
            },
            hours_per_month: None,
            more_data: MoreData::Proven,
            more_data_weeks: None,
            break_even: None,
            parts: Vec::new(),
            ci_improvement: Some([d(low) / hourly, d(high) / hourly]),
            part_ci: Vec::new(),
        }
    }

    /// Two levers, 5,000 and 3,000 EUR a month, with standard errors of 1,000 and 2,000
    /// (their 95% ranges ± 1.959964 × se, to the cent); 100,000 up front, 1,000 a month,
    /// a ramp-up of 3 months over 24 months.
    fn fixture(rate: &str) -> (Vec<Lever>, Assumptions) {
        let levers = vec![
            lever("a", "5000", "3040.04", "6959.96"),
            lever("b", "3000", "-919.93", "6919.93"),
        ];
        let mut a = Assumptions::default();
        a.set(keys::ONE_TIME, d("100000"), Source::Config);
        a.set(keys::MONTHLY, d("1000"), Source::Config);
        a.set(keys::RAMP_UP_MONTHS, d("3"), Source::Config);
        a.set(keys::HORIZON_MONTHS, d("24"), Source::Config);
        a.set(keys::DISCOUNT_RATE, d(rate), Source::Config);
        (levers, a)
    }

    /// The fixture with the hourly cost at `value`, ranged from `low` to `high`.
    fn ranged(a: &mut Assumptions, value: &str, low: &str, high: &str) {
        a.set("rates.hourly_cost", d(value), Source::Config);
        a.ranges.insert(
            "rates.hourly_cost".into(),
            crate::assumptions::Range {
                low: d(low),
                high: d(high),
            },
        );
    }

    fn close(x: f64, y: f64, tolerance: f64) -> bool {
        (x - y).abs() <= tolerance
    }

    #[test]
    fn the_closed_form_matches_the_hand_worked_case() {
        // At a rate of 0, F = 1/3 + 2/3 + 1 + 21 = 23 and PV₀ = −100,000 − 24 × 1,000.
        // E[B] = 8,000; sd(B) = √(se_a² + se_b²), se = width ÷ 3.919928 (999.998 and
        // 2,000.001): 2,236.068. NPV ~ N(8,000 × 23 − 124,000 = 60,000, 2,236.068 × 23 =
        // 51,429.56). Paid back by month 12: B × (1/3 + 2/3 + 1 + 9 = 11) ≥ 112,000. The
        // probabilities are Φ of those z-scores (a spreadsheet's NORM.S.DIST).
        let (levers, a) = fixture("0");
        let p = probability(&levers, &a, true).unwrap();
        assert_eq!(p.method, Method::ClosedForm);
        assert_eq!(p.monthly_mean, Money(d("8000")));
        assert_eq!(p.monthly_sd, Money(d("2236.07")));
        assert_eq!(p.npv_mean, Money(d("60000")));
        assert_eq!(p.npv_sd, Money(d("51429.56")));
        assert!(
            close(p.npv_positive, 0.878_322_947_628_932_4, 1e-9),
            "{p:?}"
        );
        assert!(
            close(p.payback_within_12, 0.164_596_973_096_018_6, 1e-9),
            "{p:?}"
        );
        // Without discounting, paid back within the horizon ⟺ NPV ≥ 0.
        assert!(close(
            p.payback_within_horizon,
            0.878_322_947_628_932_4,
            1e-9
        ));
        // 60,000 ∓ 1.644854 × 51,429.56.
        assert_eq!(p.npv_p05, Money(d("-24594.10")));
        assert_eq!(p.npv_p50, Money(d("60000")));
        assert_eq!(p.npv_p95, Money(d("144594.10")));
        assert_eq!(p.within_months, 12);
    }

    #[test]
    fn the_closed_form_discounts_monthly() {
        // 12% a year: rₘ = 1.12^(1/12) − 1; F = Σ min(1, t/3)/(1 + rₘ)^t = 20.385730 and
        // PV₀ = −100,000 − Σ 1,000/(1 + rₘ)^t = −121,373.23 over 24 months.
        let (levers, a) = fixture("0.12");
        let p = probability(&levers, &a, true).unwrap();
        assert_eq!(p.npv_mean, Money(d("41712.61")));
        assert!(
            close(p.npv_positive, 0.819_923_560_172_949_8, 1e-9),
            "{p:?}"
        );
        // Payback does not discount: the same as at 0%.
        assert!(close(p.payback_within_12, 0.164_596_973_096_018_6, 1e-9));
    }

    #[test]
    fn degenerate_ranges_simulate_the_closed_form() {
        let (levers, mut a) = fixture("0.12");
        let exact = probability(&levers, &a, true).unwrap();
        ranged(&mut a, "42", "42", "42");
        let p = probability(&levers, &a, true).unwrap();
        assert_eq!(p.method, Method::Simulation);
        assert_eq!(p.ranged, vec!["rates.hourly_cost".to_string()]);
        // Within four of the simulation's own standard errors: √(p(1 − p)/n) for a share,
        // σ × √(π/2)/√n for the median, about 1.7 σ/√n for the 5th and 95th percentiles.
        let n = f64::from(DRAWS);
        for (sim, cf) in [
            (p.npv_positive, exact.npv_positive),
            (p.payback_within_12, exact.payback_within_12),
            (p.payback_within_horizon, exact.payback_within_horizon),
        ] {
            let se = (cf * (1.0 - cf) / n).sqrt();
            assert!(close(sim, cf, 4.0 * se), "{sim} against {cf}");
        }
        let sigma = exact.npv_sd.0.to_f64().unwrap();
        let f = |m: Money| m.0.to_f64().unwrap();
        assert!(close(
            f(p.npv_p50),
            f(exact.npv_p50),
            4.0 * 1.2533 * sigma / n.sqrt()
        ));
        for (sim, cf) in [(p.npv_p05, exact.npv_p05), (p.npv_p95, exact.npv_p95)] {
            assert!(
                close(f(sim), f(cf), 4.0 * 2.2 * sigma / n.sqrt()),
                "{sim:?} {cf:?}"
            );
        }
        // The same seed, the same figures.
        assert_eq!(probability(&levers, &a, true).unwrap(), p);
    }

    #[test]
    fn bins_put_an_edge_on_zero_and_count_every_draw() {
        // Range 40 over 40 bins: width 1, from −10; 0 opens bin 10, 5 is in bin 15, the
        // largest draw (30) closes the last bin (41 bins: −10..31).
        let b = bins(&[-10.0, 0.0, 5.0, 30.0, -0.5]).unwrap();
        assert_eq!(b.start, Money(d("-10")));
        assert_eq!(b.width, Money(d("1")));
        assert_eq!(b.counts.len(), 41);
        let nonzero: Vec<(usize, u32)> = b
            .counts
            .iter()
            .enumerate()
            .filter(|(_, c)| **c > 0)
            .map(|(i, c)| (i, *c))
            .collect();
        assert_eq!(nonzero, vec![(0, 1), (9, 1), (10, 1), (15, 1), (40, 1)]);
        // Every draw the same: nothing to bin.
        assert_eq!(bins(&[3.0, 3.0]), None);
        assert_eq!(bins(&[]), None);
    }

    #[test]
    fn the_simulated_bins_agree_with_the_simulated_chance() {
        let (levers, mut a) = fixture("0.12");
        ranged(&mut a, "42", "38", "48");
        let p = probability(&levers, &a, true).unwrap();
        let b = p.npv_bins.expect("a simulation keeps its bins");
        assert_eq!(b.counts.iter().sum::<u32>(), DRAWS);
        assert!(b.counts.len() <= BINS as usize + 2);
        // The bins below zero hold the losses: the draws not above zero (a draw of exactly
        // zero, if any, opens the first bin above).
        let start = b.start.0.to_f64().unwrap();
        let width = b.width.0.to_f64().unwrap();
        let below_zero = (-start / width).round() as usize;
        assert!(close(start + below_zero as f64 * width, 0.0, 0.01));
        let losses: u32 = b.counts[..below_zero.min(b.counts.len())].iter().sum();
        assert!(close(
            1.0 - f64::from(losses) / f64::from(DRAWS),
            p.npv_positive,
            1.0 / f64::from(DRAWS)
        ));
        assert!(exact_has_no_bins(&levers, &a));
    }

    fn exact_has_no_bins(levers: &[Lever], a: &Assumptions) -> bool {
        let mut a = a.clone();
        a.ranges.clear();
        probability(levers, &a, true).unwrap().npv_bins.is_none()
    }

    #[test]
    fn a_range_on_a_rate_widens_the_spread_and_moves_the_mean_with_the_triangle() {
        let (levers, mut a) = fixture("0.12");
        let exact = probability(&levers, &a, true).unwrap();
        let f = |m: Money| m.0.to_f64().unwrap();
        let n = f64::from(DRAWS);
        let ranged = |a: &mut Assumptions, low: &str, high: &str| {
            ranged(a, "42", low, high);
            probability(&levers, a, true).unwrap()
        };
        // 42 between 30 and 54: the triangle's mean is 42, its variance (30² + 42² + 54² −
        // 30·42 − 30·54 − 42·54)/18 = 24, so B × s (s the drawn rate ÷ 42) has variance
        // E[B²]·E[s²] − E[B]² = 69e6 × (1 + 24/1764) − 64e6: sd 2,437 against 2,236.
        let p = ranged(&mut a, "30", "54");
        let ratio = f(p.npv_sd) / f(exact.npv_sd);
        assert!(close(ratio, 2437.2 / 2236.07, 0.02), "{ratio}");
        assert!(close(
            f(p.npv_mean),
            f(exact.npv_mean),
            4.0 * f(p.npv_sd) / n.sqrt()
        ));
        // 42 between 30 and 48: the triangle's mean (30 + 42 + 48)/3 = 40 is below 42, so
        // the benefit is 40/42 of the closed form's on average.
        let p = ranged(&mut a, "30", "48");
        let expected = 8000.0 * 40.0 / 42.0 * 20.385_730_046_505_024 - 121_373.226_694_601_97;
        assert!(
            close(f(p.npv_mean), expected, 4.0 * f(p.npv_sd) / n.sqrt()),
            "{p:?}"
        );
    }

    #[test]
    fn a_rate_stated_as_zero_with_a_range_still_prices_the_levers() {
        // hourly cost 0 between 0 and 48: the triangle's mean is 16, so the levers bring on
        // average (5,000 + 3,000)/42 h × 16 = 3,047.62 a month, not nothing.
        let (levers, mut a) = fixture("0.12");
        ranged(&mut a, "0", "0", "48");
        let p = probability(&levers, &a, true).unwrap();
        let f = |m: Money| m.0.to_f64().unwrap();
        let expected = 8000.0 / 42.0 * 16.0 * 20.385_730_046_505_024 - 121_373.226_694_601_97;
        let n = f64::from(DRAWS);
        assert!(
            close(f(p.npv_mean), expected, 4.0 * f(p.npv_sd) / n.sqrt()),
            "{p:?}"
        );
    }

    #[test]
    fn a_rate_stated_as_zero_with_a_range_prices_a_lever_by_segment() {
        // The same levers, each the sum of two segments of half its hours, all priced at a
        // stated hourly cost of 0 (so each lever is 0 as stated): the draws price them at the
        // triangle's mean, 16, as the levers of their own terms above. Was: a lever by
        // segment was scaled by drawn ÷ stated, skipped at 0, and stayed at nothing.
        let (levers, mut a) = fixture("0.12");
        ranged(&mut a, "0", "0", "48");
        let two = Decimal::from(2);
        let by_segment: Vec<Lever> = levers
            .into_iter()
            .map(|l| {
                let mut half = l.formula.clone();
                half.today.value /= two;
                half.factors[0].value = Decimal::ZERO;
                let ci = l.ci_improvement.map(|[lo, hi]| [lo / two, hi / two]);
                Lever {
                    monthly: Money(Decimal::ZERO),
                    low: Money(Decimal::ZERO),
                    high: Money(Decimal::ZERO),
                    parts: vec![("x".into(), half.clone()), ("y".into(), half)],
                    part_ci: vec![ci, ci],
                    ..l
                }
            })
            .collect();
        let p = probability(&by_segment, &a, true).unwrap();
        let f = |m: Money| m.0.to_f64().unwrap();
        let expected = 8000.0 / 42.0 * 16.0 * 20.385_730_046_505_024 - 121_373.226_694_601_97;
        let n = f64::from(DRAWS);
        assert!(f(p.npv_sd) > 0.0, "{p:?}");
        assert!(
            close(f(p.npv_mean), expected, 4.0 * f(p.npv_sd) / n.sqrt()),
            "{p:?}"
        );
    }

    #[test]
    fn no_investment_no_probability() {
        let (levers, a) = fixture("0");
        assert_eq!(probability(&levers, &a, false), None);
    }

    #[test]
    fn phi_matches_the_normal_table() {
        // NORM.S.DIST(x, TRUE) in a spreadsheet.
        assert!((phi(0.0) - 0.5).abs() < 1e-15);
        assert!((phi(1.959_963_984_540_054) - 0.975).abs() < 1e-12);
        assert!((phi(-1.0) - 0.158_655_253_931_457_05).abs() < 1e-12);
        assert!((phi(2.5) - 0.993_790_334_674_223_8).abs() < 1e-12);
    }

    #[test]
    fn the_triangle_inverts_at_its_ends_and_mode() {
        assert_eq!(triangular(38.0, 42.0, 48.0, 0.0), 38.0);
        assert!((triangular(38.0, 42.0, 48.0, 1.0) - 48.0).abs() < 1e-12);
        // F(mode) = (mode − low) / (high − low) = 0.4.
        assert!((triangular(38.0, 42.0, 48.0, 0.4) - 42.0).abs() < 1e-12);
        assert_eq!(triangular(5.0, 5.0, 5.0, 0.3), 5.0);
    }

    #[test]
    fn the_generator_gives_splitmix64s_published_stream() {
        // The reference implementation seeded with 1234567.
        let mut r = SplitMix(1_234_567);
        assert_eq!(r.next(), 6_457_827_717_110_365_317);
        assert_eq!(r.next(), 3_203_168_211_198_807_973);
    }
}
