//! Savings levers (docs/method.md#the-levers): the one place where `f64` measurements become
//! `Decimal` money, each lever a [`Formula`] of terms, so a spreadsheet recomputes every lever
//! from the figures it shows. Each lever also carries its amount at both ends of the 95%
//! interval of its metric's change, and what more data would tell.

pub use super::formula::{ControlTerms, Formula, Quantity, Stat, Term, TermUnit};
use crate::assumptions::table::custom_cost_key as table_key;
use crate::assumptions::{Assumptions, Source, keys};
use crate::compare::{Change, Comparison, MetricComparison};
use crate::metric::{Kind, LeverRule, Role};
use crate::money::{Money, cents};
use crate::stats;
use crate::summarize::{Side, Stats};
use rust_decimal::Decimal;
use rust_decimal::prelude::*;
use serde::Serialize;

/// One source of savings, monthly, at today's volume.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Lever {
    /// `cycle_time`, `errors`, `downtime`, `sla` or a custom metric's name.
    pub name: String,
    /// The metric whose change it values.
    pub metric: String,
    pub rule: LeverRule,
    /// Gross monthly benefit; negative when the metric got worse.
    pub monthly: Money,
    /// Monthly benefit at the less favourable end of the 95% interval.
    pub low: Money,
    /// Monthly benefit at the more favourable end of the 95% interval.
    pub high: Money,
    /// The underlying change is more than noise.
    pub significant: bool,
    /// Cash (leaves the budget) or capacity (staff time freed).
    pub benefit: crate::rules::Benefit,
    /// The computation, term by term, for a spreadsheet check.
    pub formula: Formula,
    /// Hours a month behind the benefit (staff hours for cycle time, hours of downtime avoided for
    /// downtime), when it is time.
    pub hours_per_month: Option<f64>,
    /// For a lever that is not proven, what more after-data would tell.
    pub more_data: MoreData,
    /// Weeks of after-data beyond the present ones after which the 95% interval would exclude
    /// zero, at the observed effect and spread; null when proven or not within a year.
    pub more_data_weeks: Option<u32>,
    /// With an investment: the improvement at which this lever alone pays it back.
    pub break_even: Option<BreakEven>,
    /// With `--by`: the lever is the sum of these, one per segment, each rounded to cents
    /// (`formula` is then the pooled comparison's, shown for reference only).
    #[serde(skip)]
    pub parts: Vec<(String, Formula)>,
    /// The 95% interval of the improvement in the formula's terms, as `low` and `high` price
    /// it (× the factors); None where they are the point estimate.
    #[serde(skip)]
    pub ci_improvement: Option<[Decimal; 2]>,
    /// With `--by`: each part's `ci_improvement`, in the order of `parts`.
    #[serde(skip)]
    pub part_ci: Vec<Option<[Decimal; 2]>>,
}

impl Lever {
    /// The keys of the assumptions this lever is priced on that are roi's defaults, not
    /// roi.toml's (`rates.downtime_cost_per_hour`): a figure nobody here stands behind.
    pub fn default_rates(&self) -> Vec<&str> {
        self.formula
            .factors
            .iter()
            .filter(|t| t.source == Source::Default)
            .filter_map(|t| match &t.quantity {
                // How much freed time counts is a convention (all of it), not a price.
                Quantity::Assumption { key } if key == keys::CAPACITY_RECAPTURE => None,
                Quantity::Assumption { key } => Some(key.as_str()),
                _ => None,
            })
            .collect()
    }
}

/// What more after-data would tell about a lever (docs/method.md#more-data).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MoreData {
    /// The change is significant already.
    Proven,
    /// `more_data_weeks` more weeks of after-data would show it.
    Weeks,
    /// Not within a year at the observed effect (or there is no effect to show).
    NotWithinAYear,
    /// Today's estimate alone is too uncertain: more after-data cannot show it.
    TodayTooNoisy,
    /// The after-period has no length (no dates, no window): weeks cannot be told.
    NoWindow,
    /// A summary without the spread (std) of the metric: whether it is real cannot be told.
    NoSpread,
    /// `roi project`: nothing is measured after the change; the pilot plan says how long a
    /// pilot must run.
    Projected,
}

/// The evidence behind a lever's change: the squared standard errors of today's and the
/// after-period's estimate (the mean of a case duration, the per-month rate of a count or a
/// period duration, the breach share), the change (after − today, in the estimate's units) and
/// the after-period's length in days.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Spread {
    pub se2_today: f64,
    pub se2_after: f64,
    pub delta: f64,
    pub after_days: Option<f64>,
}

/// z of a two-sided 95% interval.
const Z95: f64 = 1.959_963_984_540_054;

/// How much longer the after-period would have to run for the 95% interval of the change to
/// exclude zero, at the same effect and spread (docs/method.md#more-data): the after-period's squared
/// error shrinks in proportion to its length T, so T' = se_a² × T / ((Δ/z)² − se_t²); the
/// answer is T' − T in whole weeks (at least one), or why there is none.
pub fn more_data(s: &Spread, significant: bool) -> (MoreData, Option<u32>) {
    if significant {
        return (MoreData::Proven, None);
    }
    if !s.se2_today.is_finite() || !s.se2_after.is_finite() {
        return (MoreData::NoSpread, None);
    }
    let Some(days) = s.after_days.filter(|d| *d > 0.0) else {
        return (MoreData::NoWindow, None);
    };
    if s.delta == 0.0 || !s.delta.is_finite() {
        return (MoreData::NotWithinAYear, None);
    }
    let need = (s.delta / Z95).powi(2);
    if need <= s.se2_today {
        return (MoreData::TodayTooNoisy, None);
    }
    let total_days = s.se2_after.max(0.0) * days / (need - s.se2_today);
    let weeks = ((total_days - days) / 7.0).ceil().max(1.0);
    if weeks > 52.0 || !weeks.is_finite() {
        (MoreData::NotWithinAYear, None)
    } else {
        (MoreData::Weeks, Some(weeks as u32))
    }
}

/// The improvement (today − after, in the formula's terms) at which one lever alone gives
/// NPV = 0, beside the measured one; each as a fraction of today's figure too.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct BreakEven {
    pub improvement_needed: f64,
    pub needed_pct: Option<f64>,
    pub improvement_measured: f64,
    pub measured_pct: Option<f64>,
    /// The unit of the formula's today and after terms.
    pub unit: TermUnit,
}

/// A measured quantity as Decimal (6 decimal places); 0 for a value Decimal cannot hold.
/// The same Decimal, scale included, as rust_decimal's exact expansion of the double
/// (`from_f64_retain`) rounded half away from zero to 6 places, which stays the rule for
/// the rare values [`dec_exact`] leaves to it.
pub fn dec(x: f64) -> Decimal {
    dec_exact(x).unwrap_or_else(|| {
        Decimal::from_f64_retain(x)
            .map(|d| d.round_dp_with_strategy(6, RoundingStrategy::MidpointAwayFromZero))
            .unwrap_or_default()
    })
}

/// `dec` in integer arithmetic, for a double between 5e-7 and 2^62 in size: m·2^e with m
/// odd has exactly −e decimal places, so it is m·5^−e at scale −e when that is at most 6,
/// else m·10^6 ÷ 2^−e rounded half away from zero at scale 6. A double's nearest 6-place
/// midpoint is a midpoint exactly or at least 1/(m·5^6) away in relative terms, far beyond
/// the 28 digits rust_decimal keeps, so the two roundings agree (the unit test holds them
/// to the same bytes). `None` for zero, the very small and large, NaN and infinities.
fn dec_exact(x: f64) -> Option<Decimal> {
    let bits = x.to_bits();
    let biased = ((bits >> 52) & 0x7ff) as i32;
    if biased == 0 || biased == 0x7ff {
        return None;
    }
    let m = (bits & ((1u64 << 52) - 1)) | (1u64 << 52);
    let e = biased - 1075;
    let negative = x < 0.0;
    let signed = |v: i128| if negative { -v } else { v };
    if e >= 0 {
        // An integer: at scale 0.
        return (e <= 9).then(|| Decimal::from_i128_with_scale(signed(i128::from(m) << e), 0));
    }
    let shift = (m.trailing_zeros() as i32).min(-e);
    let (m, k) = (m >> shift, (-e - shift) as u32);
    if k == 0 {
        return Some(Decimal::from_i128_with_scale(signed(i128::from(m)), 0));
    }
    if k <= 6 {
        return Some(Decimal::from_i128_with_scale(
            signed(i128::from(m) * 5i128.pow(k)),
            k,
        ));
    }
    if k > 100 {
        return None;
    }
    let n = u128::from(m) * 1_000_000;
    let (q, r) = (n >> k, n & ((1u128 << k) - 1));
    let q = q + u128::from(r >= 1u128 << (k - 1));
    // A value that rounds to zero keeps rust_decimal's sign of zero.
    (q > 0).then(|| Decimal::from_i128_with_scale(signed(q as i128), 6))
}

fn measured(metric: &str, stat: Stat, side: Side, value: f64, unit: TermUnit) -> Term {
    Term {
        quantity: Quantity::Measured {
            metric: metric.to_string(),
            stat,
            side,
        },
        value: dec(value),
        unit,
        source: Source::Data,
    }
}

fn assumption(a: &Assumptions, key: &str, unit: TermUnit) -> Term {
    let s = a.get(key);
    Term {
        quantity: Quantity::Assumption {
            key: key.to_string(),
        },
        value: s.map_or(Decimal::ZERO, |s| s.value),
        unit,
        source: s.map_or(Source::Default, |s| s.source),
    }
}

/// The lever from its formula and the 95% interval of the improvement (in the formula's
/// terms; None: the point estimate at both ends).
#[allow(clippy::too_many_arguments)]
fn lever(
    name: &str,
    m: &MetricComparison,
    rule: LeverRule,
    formula: Formula,
    ci_improvement: Option<[f64; 2]>,
    significant: bool,
    hours_per_unit: Option<f64>,
    spread: Spread,
) -> Lever {
    let per_unit = formula.per_unit();
    let monthly = formula.value();
    let ci = ci_improvement.map(|[lo, hi]| [dec(lo), dec(hi)]);
    let (low, high) = match ci {
        Some([lo, hi]) => (
            cents(lo.saturating_mul(per_unit)),
            cents(hi.saturating_mul(per_unit)),
        ),
        None => (monthly, monthly),
    };
    let improvement = formula.improvement().to_f64().unwrap_or(0.0);
    let (more_data, more_data_weeks) = more_data(&spread, significant);
    Lever {
        name: name.to_string(),
        metric: m.name.clone(),
        rule,
        monthly: Money(monthly),
        low: Money(low),
        high: Money(high),
        significant,
        benefit: crate::rules::Benefit::default_for(name),
        formula,
        hours_per_month: hours_per_unit.map(|h| improvement * h),
        more_data,
        more_data_weeks,
        break_even: None,
        parts: Vec::new(),
        ci_improvement: ci,
        part_ci: Vec::new(),
    }
}

/// The spread behind a change of `delta` (docs/method.md#more-data): today's squared
/// standard error and the after-period's, each with the control's same side where there is
/// one (the control's after-period grows with the treated site's).
fn spread(x: &One, delta: f64, after_days: Option<f64>) -> Spread {
    match crate::compare::spreads(x.cmp, x.m) {
        Some(s) => Spread {
            se2_today: s.today + s.control_today,
            se2_after: s.after + s.control_after,
            delta,
            after_days,
        },
        None => Spread {
            se2_today: f64::NAN,
            se2_after: f64::NAN,
            delta,
            after_days,
        },
    }
}

/// The control site's side of a lever's formula, in the treated side's terms: `value`
/// turns a side's statistics into the term's value; counts scale the control's after side
/// to the control's own today's volume.
fn control_terms(
    x: &One,
    stat: Stat,
    unit: TermUnit,
    value: impl Fn(&Stats) -> Option<f64>,
) -> Option<ControlTerms> {
    let cm = x.m.control.as_ref()?;
    let term = |side: Side, st: &Option<Stats>| -> Option<Term> {
        Some(Term {
            quantity: Quantity::Control {
                metric: x.metric.to_string(),
                stat,
                side,
            },
            value: dec(value(st.as_ref()?)?),
            unit,
            source: Source::Data,
        })
    };
    let ratio = x.cmp.control.as_ref().and_then(|c| c.ratio);
    Some(ControlTerms {
        today: term(Side::Today, &cm.today)?,
        after: term(Side::After, &cm.after)?,
        after_scale: match (x.m.kind, ratio) {
            (Kind::Count, Some(r)) if stat == Stat::PerMonth => Some(Term {
                quantity: Quantity::ControlVolumeRatio,
                value: dec(r),
                unit: TermUnit::Ratio,
                source: Source::Data,
            }),
            _ => None,
        },
    })
}

/// The improvement interval (today − after) from the change's interval (after − today),
/// multiplied by `factor` (hours per unit).
fn flip(c: &Change, factor: f64) -> Option<[f64; 2]> {
    c.ci95.map(|[lo, hi]| [-hi * factor, -lo * factor])
}

/// The volume the case is built on: roi.toml's, else measured today.
pub fn volume(cmp: &Comparison, a: &Assumptions) -> Option<(f64, Source)> {
    match a.cases_per_month() {
        Some(v) => Some((v, Source::Config)),
        None => cmp.today.cases_per_month.map(|v| (v, Source::Data)),
    }
}

fn volume_term(v: (f64, Source)) -> Term {
    Term {
        quantity: Quantity::Assumption {
            key: keys::CASES_PER_MONTH.to_string(),
        },
        value: dec(v.0),
        unit: TermUnit::CasesPerMonth,
        source: v.1,
    }
}

/// The levers a case may have, each (metric, lever, rule, key of its rate): built-in metrics
/// in the order of the table, then custom metrics in the order of roi.toml. The same for
/// every segment of a case: found once.
pub struct LeverRules(Vec<(String, String, LeverRule, String)>);

impl LeverRules {
    pub fn of(a: &Assumptions) -> LeverRules {
        // A built-in metric's SLA lever exists only when its rate is set above zero.
        let builtin = crate::metric::builtin_levers()
            .map(|(b, l, _)| {
                let key = format!("rates.{}", l.rate.key);
                (b.name.to_string(), l.name.to_string(), l.rule, key)
            })
            .filter(|(_, _, rule, key)| {
                *rule != LeverRule::SlaBreaches
                    || a.get(key).is_some_and(|v| v.value > Decimal::ZERO)
            });
        let custom = a.metrics.iter().map(|m| {
            let rule = LeverRule::for_kind(m.kind);
            (m.name.clone(), m.name.clone(), rule, table_key(&m.name))
        });
        LeverRules(builtin.chain(custom).collect())
    }
}

/// The savings levers that both files allow: built-in metrics in the order of the table, then
/// custom metrics in the order of roi.toml.
pub fn levers(cmp: &Comparison, a: &Assumptions) -> Vec<Lever> {
    levers_by(cmp, a, &LeverRules::of(a))
}

/// [`levers`] by rules found once.
pub fn levers_by(cmp: &Comparison, a: &Assumptions, rules: &LeverRules) -> Vec<Lever> {
    let mut out = Vec::new();
    let by_name: std::collections::BTreeMap<&str, &MetricComparison> =
        cmp.metrics.iter().map(|m| (m.name.as_str(), m)).collect();
    for (metric, name, rule, rate_key) in &rules.0 {
        let (rule, rate_key) = (*rule, rate_key.as_str());
        let Some(m) = by_name.get(metric.as_str()).copied() else {
            continue;
        };
        if let Some(l) = one(cmp, a, m, name, rule, rate_key) {
            out.push(l);
        }
    }
    if a.projected {
        // Projected, not measured: no range, never proven. The after term is today's term
        // moved by the target and rounded as a term is, as the workbook's formula computes it.
        for l in out.iter_mut() {
            if let Some(t) = a.targets.iter().find(|t| t.metric == l.metric)
                && !matches!(
                    &l.formula.after.quantity,
                    Quantity::Measured {
                        stat: Stat::BreachShare,
                        ..
                    }
                )
            {
                use crate::assumptions::targets::TargetChange;
                let today = l.formula.today.value;
                let moved = match t.change {
                    TargetChange::Relative(r) => today * (Decimal::ONE + dec(r)),
                    TargetChange::Absolute(v) => today + dec(v),
                };
                l.formula.after.value =
                    moved.round_dp_with_strategy(6, RoundingStrategy::MidpointAwayFromZero);
                l.monthly = Money(l.formula.value());
            }
            l.significant = false;
            l.low = l.monthly;
            l.high = l.monthly;
            l.ci_improvement = None;
            l.more_data = MoreData::Projected;
            l.more_data_weeks = None;
        }
    }
    out
}

/// What every lever of one metric is computed from.
struct One<'a> {
    cmp: &'a Comparison,
    a: &'a Assumptions,
    m: &'a MetricComparison,
    c: &'a crate::compare::Change,
    name: &'a str,
    rule: LeverRule,
    rate_key: &'a str,
    metric: &'a str,
    /// Hours in one of the metric's units.
    hours: f64,
    after_days: Option<f64>,
}

fn one(
    cmp: &Comparison,
    a: &Assumptions,
    m: &MetricComparison,
    name: &str,
    rule: LeverRule,
    rate_key: &str,
) -> Option<Lever> {
    let x = One {
        cmp,
        a,
        m,
        c: m.change.as_ref()?,
        name,
        rule,
        rate_key,
        metric: m.name.as_str(),
        hours: m.unit.hours().unwrap_or(1.0),
        after_days: cmp.after.window.as_ref().map(|w| f64::from(w.days)),
    };
    let mut lever = match rule {
        LeverRule::StaffTime | LeverRule::CaseHours => case_hours(&x),
        LeverRule::PerUnit => per_unit(&x),
        LeverRule::PerHour => per_hour(&x),
        LeverRule::SlaBreaches => sla_breaches(&x),
    }?;
    lever.benefit = a.benefit_of(name);
    Some(lever)
}

/// A capacity lever counts freed staff time as money × `capacity_recapture`: the factor closes
/// its formula, so the workbook and the sensitivity move it like any rate.
fn counted(x: &One, mut factors: Vec<Term>) -> Vec<Term> {
    if x.a.benefit_of(x.name) == crate::rules::Benefit::Capacity {
        factors.push(assumption(x.a, keys::CAPACITY_RECAPTURE, TermUnit::Counted));
    }
    factors
}

/// Hours a case saved × volume (× the labor share for staff time) × an hourly rate.
fn case_hours(x: &One) -> Option<Lever> {
    let (cmp, a, m, c) = (x.cmp, x.a, x.m, x.c);
    let (name, rule, rate_key, metric, hours) = (x.name, x.rule, x.rate_key, x.metric, x.hours);
    let after_days = x.after_days;
    let (Some(Stats::Case(t)), Some(Stats::Case(af))) = (&m.today, &m.after) else {
        return None;
    };
    let v = volume(cmp, a)?;
    let mut factors = vec![volume_term(v)];
    let mut hours_per_unit = v.0;
    if rule == LeverRule::StaffTime {
        let share = assumption(a, keys::LABOR_SHARE, TermUnit::Share);
        hours_per_unit *= share.value.to_f64().unwrap_or(0.0);
        factors.push(share);
    }
    factors.push(assumption(a, rate_key, TermUnit::MoneyPerHour));
    let formula = Formula {
        today: measured(
            metric,
            Stat::Mean,
            Side::Today,
            t.mean * hours,
            TermUnit::Hours,
        ),
        after: measured(
            metric,
            Stat::Mean,
            Side::After,
            af.mean * hours,
            TermUnit::Hours,
        ),
        after_scale: None,
        factors: counted(x, factors),
        control: control_terms(x, Stat::Mean, TermUnit::Hours, |s| match s {
            Stats::Case(c) => Some(c.mean * hours),
            _ => None,
        }),
    };
    let spread = spread(x, c.mean, after_days);
    Some(lever(
        name,
        m,
        rule,
        formula,
        flip(c, hours),
        c.significant,
        Some(hours_per_unit),
        spread,
    ))
}

/// Units a month avoided (the after side at today's volume) × a cost per unit.
fn per_unit(x: &One) -> Option<Lever> {
    let (cmp, a, m, c) = (x.cmp, x.a, x.m, x.c);
    let (name, rule, rate_key, metric) = (x.name, x.rule, x.rate_key, x.metric);
    let after_days = x.after_days;
    let (Some(Stats::Rate(t)), Some(Stats::Rate(af))) = (&m.today, &m.after) else {
        return None;
    };
    let after_scale = match (m.kind, cmp.volume.ratio) {
        (Kind::Count, Some(r)) => Some(Term {
            quantity: Quantity::VolumeRatio,
            value: dec(r),
            unit: TermUnit::Ratio,
            source: Source::Data,
        }),
        _ => None,
    };
    let formula = Formula {
        today: measured(
            metric,
            Stat::PerMonth,
            Side::Today,
            t.per_month?,
            TermUnit::PerMonth,
        ),
        after: measured(
            metric,
            Stat::PerMonth,
            Side::After,
            af.per_month?,
            TermUnit::PerMonth,
        ),
        after_scale,
        factors: counted(x, vec![assumption(a, rate_key, TermUnit::MoneyPerUnit)]),
        control: control_terms(x, Stat::PerMonth, TermUnit::PerMonth, |s| match s {
            Stats::Rate(r) => r.per_month,
            _ => None,
        }),
    };
    let spread = spread(x, c.mean, after_days);
    Some(lever(
        name,
        m,
        rule,
        formula,
        flip(c, 1.0),
        c.significant,
        None,
        spread,
    ))
}

/// Hours a month avoided (downtime) × an hourly cost.
fn per_hour(x: &One) -> Option<Lever> {
    let (a, m, c) = (x.a, x.m, x.c);
    let (name, rule, rate_key, metric, hours) = (x.name, x.rule, x.rate_key, x.metric, x.hours);
    let after_days = x.after_days;
    let (Some(Stats::Rate(t)), Some(Stats::Rate(af))) = (&m.today, &m.after) else {
        return None;
    };
    let formula = Formula {
        today: measured(
            metric,
            Stat::HoursPerMonth,
            Side::Today,
            t.per_month? * hours,
            TermUnit::HoursPerMonth,
        ),
        after: measured(
            metric,
            Stat::HoursPerMonth,
            Side::After,
            af.per_month? * hours,
            TermUnit::HoursPerMonth,
        ),
        after_scale: None,
        factors: counted(x, vec![assumption(a, rate_key, TermUnit::MoneyPerHour)]),
        control: control_terms(
            x,
            Stat::HoursPerMonth,
            TermUnit::HoursPerMonth,
            |s| match s {
                Stats::Rate(r) => r.per_month.map(|v| v * hours),
                _ => None,
            },
        ),
    };
    let spread = spread(x, c.mean, after_days);
    Some(lever(
        name,
        m,
        rule,
        formula,
        flip(c, hours),
        c.significant,
        Some(1.0),
        spread,
    ))
}

/// Breaches avoided: the breach share's fall × responses a month × a cost per breach.
fn sla_breaches(x: &One) -> Option<Lever> {
    let (cmp, a, m) = (x.cmp, x.a, x.m);
    let (name, rule, rate_key, metric) = (x.name, x.rule, x.rate_key, x.metric);
    let after_days = x.after_days;
    let (Some(Stats::Case(t)), Some(Stats::Case(af))) = (&m.today, &m.after) else {
        return None;
    };
    let (st, sa) = (t.sla_share?, af.sla_share?);
    // Response time's breaches are counted over its own cases a month today; a case
    // duration's own SLA (the cycle-time SLA) over the case's volume V.
    let cases = if crate::metric::builtin(metric).is_some_and(|b| b.role == Role::FirstResponse) {
        let months = cmp.today.window.as_ref()?.months();
        Term {
            quantity: Quantity::ResponsesPerMonth,
            value: dec(t.n as f64 / months),
            unit: TermUnit::ResponsesPerMonth,
            source: Source::Data,
        }
    } else {
        volume_term(volume(cmp, a)?)
    };
    // The breach share's spread, p(1 − p)/n a side.
    let se2 = |p: f64, n: u64| p * (1.0 - p) / n.max(1) as f64;
    // With a control: its shares within the SLA on both sides, and its own spread.
    let control = match &m.control {
        Some(cm) => match (&cm.today, &cm.after) {
            (Some(Stats::Case(ct)), Some(Stats::Case(ca))) => {
                Some((ct.sla_share?, ct.n, ca.sla_share?, ca.n))
            }
            _ => return None,
        },
        None => None,
    };
    // The compliance gain (after − today) is the breach improvement; with a control, less
    // the control's own gain, the interval from the four sides' spreads.
    let (ci, spread) = match control {
        None => (
            stats::proportion_diff_ci95((st, t.n), (sa, af.n)).map(|(lo, hi)| [lo, hi]),
            Spread {
                se2_today: se2(st, t.n),
                se2_after: se2(sa, af.n),
                delta: st - sa,
                after_days,
            },
        ),
        Some((cst, cn_t, csa, cn_a)) => {
            let gain = (sa - st) - (csa - cst);
            let (today2, after2) = (
                se2(st, t.n) + se2(cst, cn_t),
                se2(sa, af.n) + se2(csa, cn_a),
            );
            let known = t.n > 0 && af.n > 0 && cn_t > 0 && cn_a > 0;
            let half = Z95 * (today2 + after2).sqrt();
            (
                known.then_some([gain - half, gain + half]),
                Spread {
                    se2_today: today2,
                    se2_after: after2,
                    delta: -gain,
                    after_days,
                },
            )
        }
    };
    let significant = ci.is_some_and(|[lo, hi]| lo > 0.0 || hi < 0.0);
    let formula = Formula {
        today: measured(
            metric,
            Stat::BreachShare,
            Side::Today,
            1.0 - st,
            TermUnit::Share,
        ),
        after: measured(
            metric,
            Stat::BreachShare,
            Side::After,
            1.0 - sa,
            TermUnit::Share,
        ),
        after_scale: None,
        factors: counted(
            x,
            vec![cases, assumption(a, rate_key, TermUnit::MoneyPerBreach)],
        ),
        control: control_terms(x, Stat::BreachShare, TermUnit::Share, |s| match s {
            Stats::Case(c) => c.sla_share.map(|v| 1.0 - v),
            _ => None,
        }),
    };
    // The interval of the compliance gain (after − today) is the breach improvement.
    Some(lever(name, m, rule, formula, ci, significant, None, spread))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn term(v: &str, unit: TermUnit) -> Term {
        Term {
            quantity: Quantity::Assumption { key: "k".into() },
            value: Decimal::from_str(v).unwrap(),
            unit,
            source: Source::Config,
        }
    }

    /// rust_decimal's own route, which `dec` must equal byte for byte (scale and sign too).
    fn by_library(x: f64) -> Decimal {
        Decimal::from_f64_retain(x)
            .map(|d| d.round_dp_with_strategy(6, RoundingStrategy::MidpointAwayFromZero))
            .unwrap_or_default()
    }

    #[test]
    fn dec_is_rust_decimals_rounding_to_the_byte() {
        // By hand (the doubles' exact values from Python's decimal): 1/128 = 0.0078125 is a
        // midpoint, away from zero; 0.1 is a hair above 0.1 and keeps six places; 2.5 keeps
        // its one; -3e6 is whole; 1234.5678905 is 1234.567890499999…, 2.0000005 is
        // 2.00000050000000007….
        for (x, shown) in [
            (1.0 / 128.0, "0.007813"),
            (-1.0 / 128.0, "-0.007813"),
            (0.1, "0.100000"),
            (2.5, "2.5"),
            (-3e6, "-3000000"),
            (1_234.567_890_5, "1234.567890"),
            (2.000_000_5, "2.000001"),
        ] {
            assert_eq!(dec(x).to_string(), shown, "{x}");
        }
        let mut checked = 0u32;
        let mut one = |x: f64| {
            let fast = dec(x);
            assert_eq!(fast.serialize(), by_library(x).serialize(), "{x:e}");
            checked += u32::from(dec_exact(x).is_some());
        };
        // Dyadic midpoints and near-midpoints, whole numbers, decimals a double cannot hold.
        for j in -5000i32..5000 {
            for k in 0..12 {
                let d = f64::from(j) / f64::from(1u32 << k);
                for x in [d, d / 1e3, d / 1e6, d * 1e6, f64::from(j) / 1e7] {
                    one(x);
                    one(f64::from_bits(x.to_bits() + 1));
                    one(f64::from_bits(x.to_bits().wrapping_sub(1)));
                }
            }
        }
        // Random doubles over every size a measurement takes (and past the fast range).
        let mut state = 0x9E37_79B9_7F4A_7C15u64;
        for _ in 0..300_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let exponent = (state >> 53) as i32 % 100 - 40;
            let x = (state as f64 / u64::MAX as f64) * 2f64.powi(exponent);
            one(if state & 1 == 0 { x } else { -x });
        }
        for x in [
            0.0,
            -0.0,
            1e-9,
            -1e-9,
            4.9e-7,
            -4.9e-7,
            5e-7,
            1e30,
            f64::NAN,
            f64::INFINITY,
        ] {
            one(x);
        }
        // The fast route took most of them, so the comparison above was not of the
        // library with itself.
        assert!(checked > 500_000, "{checked}");
    }

    #[test]
    fn a_formula_is_today_minus_scaled_after_times_its_factors() {
        // (38.6 − 14.2 × 0.94) × 95 = (38.6 − 13.348) × 95 = 25.252 × 95 = 2398.94
        let f = Formula {
            today: term("38.6", TermUnit::PerMonth),
            after: term("14.2", TermUnit::PerMonth),
            after_scale: Some(term("0.94", TermUnit::Ratio)),
            factors: vec![term("95", TermUnit::MoneyPerUnit)],
            control: None,
        };
        assert_eq!(f.value(), Decimal::from_str("2398.94").unwrap());
        // Half a cent rounds away from zero: (1 − 0) × 0.005 = 0.005 → 0.01
        let g = Formula {
            today: term("1", TermUnit::Hours),
            after: term("0", TermUnit::Hours),
            after_scale: None,
            factors: vec![term("0.005", TermUnit::MoneyPerHour)],
            control: None,
        };
        assert_eq!(g.value(), Decimal::from_str("0.01").unwrap());
        assert_eq!(g.value_with("k", Decimal::from(2)), Decimal::from(2));
    }

    #[test]
    fn measurements_become_decimals_at_six_places() {
        assert_eq!(dec(6.051_234_567).to_string(), "6.051235");
        assert_eq!(dec(f64::NAN), Decimal::ZERO);
    }
}
