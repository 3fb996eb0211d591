//! The table of assumptions: every number roi.toml can set, with its type, default, bounds and
//! whether the sensitivity analysis moves it. The parser, the ledger, the sensitivity
//! analysis, the workbook and `roi init` read it; its labels live in the phrase catalogues
//! under the same key. The rates of the built-in metrics come from the metric table, the
//! costs of custom metrics from `[metrics]`.

use crate::message::msg;
use crate::message::{Arg, Msg};
use crate::metric::Kind;
use serde::Serialize;
use std::borrow::Cow;

/// What an assumption's value measures: how it is checked, shown and formatted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ValueKind {
    /// An amount of money (a rate per hour, per unit, an investment).
    Money,
    /// A share or a rate as a fraction (0.1 for 10%).
    Fraction,
    /// A whole number of months.
    Months,
    /// Hours (of one person a month).
    Hours,
    /// Cases a month.
    Cases,
    /// A whole number of days.
    Days,
    /// An ISO 4217 code.
    Currency,
}

/// What a money assumption is paid per, for its unit in the ledger (`42 EUR/h`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Per {
    /// A lump sum (an investment, a monthly cost).
    Nothing,
    Hour,
    /// One unit counted (an error, a complaint).
    Unit,
    /// One SLA breach.
    Breach,
}

/// The value an assumption takes when roi.toml does not set it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Fallback {
    /// A fixed default: mantissa and scale of a decimal (`Number(1, 1)` is 0.1).
    Number(i64, u32),
    Text(&'static str),
    /// Measured from the data (the volume).
    Measured,
    /// No value: the feature that needs it is not used.
    Unset,
}

/// One row of the table.
#[derive(Debug, Clone, PartialEq)]
pub struct Def {
    /// The roi.toml key, section and name joined by a dot (`rates.hourly_cost`).
    pub key: Cow<'static, str>,
    /// The name of its cell in the workbook (`hourly_cost`): ASCII, no dots.
    pub name: Cow<'static, str>,
    pub kind: ValueKind,
    pub per: Per,
    pub fallback: Fallback,
    /// Inclusive bounds; `above_min` makes the lower one exclusive.
    pub min: f64,
    pub max: f64,
    pub above_min: bool,
    /// Moved ±20% in the sensitivity analysis.
    pub sensitivity: bool,
    /// The comment beside the key in `roi init`'s roi.toml (it documents the file, in English).
    pub help: &'static str,
}

impl Def {
    /// The section of roi.toml (`rates`), or "" for a top-level key.
    pub fn section(&self) -> &str {
        self.key.rsplit_once('.').map_or("", |(s, _)| s)
    }

    /// The key within its section (`hourly_cost`).
    pub fn field(&self) -> &str {
        self.key.rsplit_once('.').map_or(&self.key, |(_, f)| f)
    }

    /// Whether a number is within the documented bounds.
    pub fn accepts(&self, v: f64) -> bool {
        v.is_finite()
            && v <= self.max
            && if self.above_min {
                v > self.min
            } else {
                v >= self.min
            }
    }

    /// What would be accepted, for the message of a value out of bounds.
    pub fn expected(&self) -> Msg {
        let range = |unit: Msg, example: Arg| {
            let (min, max) = (plain(self.min), plain(self.max));
            if self.above_min {
                msg!(
                    range_above,
                    unit = unit,
                    min = min,
                    max = max,
                    example = example
                )
            } else {
                msg!(
                    range_from,
                    unit = unit,
                    min = min,
                    max = max,
                    example = example
                )
            }
        };
        match self.kind {
            ValueKind::Money => msg!(money_range, example = self.example()),
            ValueKind::Fraction => range(msg!(vk_fraction), msg!(ex_fraction).into()),
            ValueKind::Months => range(msg!(vk_months), self.example().into()),
            ValueKind::Hours => range(msg!(vk_hours), self.example().into()),
            ValueKind::Cases => range(msg!(vk_cases), "1200".into()),
            ValueKind::Days => range(msg!(vk_days), "30".into()),
            ValueKind::Currency => msg!(currency_code),
        }
    }

    fn example(&self) -> String {
        match self.fallback {
            Fallback::Number(m, s) => plain(m as f64 / 10f64.powi(s as i32)),
            Fallback::Text(t) => t.to_string(),
            _ => "30".into(),
        }
    }

    /// Whole numbers only (months, days).
    /// Whether roi.toml may give it as a three-point range (`{ value, low, high }`): every
    /// assumption the NPV moves with, but the risk adjustment, which the probability does
    /// not apply (the distribution takes its place).
    pub fn ranged(&self) -> bool {
        self.sensitivity && self.key != keys::RISK_ADJUSTMENT
    }

    pub fn whole(&self) -> bool {
        matches!(self.kind, ValueKind::Months | ValueKind::Days)
    }
}

/// `1000000000000` → `1e12`-free plain text: `1000000000000`, `0.5`, `-0.5`.
fn plain(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{v:.0}")
    } else {
        v.to_string()
    }
}

/// Money below this is accepted (rates and costs below 10¹²).
pub const MONEY_MAX: f64 = 999_999_999_999.99;

/// The keys code refers to by name.
pub mod keys {
    pub const CURRENCY: &str = "currency";
    pub const HORIZON_MONTHS: &str = "horizon_months";
    pub const DISCOUNT_RATE: &str = "discount_rate";
    pub const RISK_ADJUSTMENT: &str = "risk_adjustment";
    pub const FTE_HOURS_PER_MONTH: &str = "fte_hours_per_month";
    pub const CASES_PER_MONTH: &str = "volume.cases_per_month";
    pub const TODAY_DAYS: &str = "window.today_days";
    pub const AFTER_DAYS: &str = "window.after_days";
    pub const LABOR_SHARE: &str = "rates.labor_share";
    pub const CAPACITY_RECAPTURE: &str = "rates.capacity_recapture";
    pub const ONE_TIME: &str = "investment.one_time";
    pub const MONTHLY: &str = "investment.monthly";
    pub const RAMP_UP_MONTHS: &str = "investment.ramp_up_months";
}

const fn def(
    key: &'static str,
    name: &'static str,
    kind: ValueKind,
    fallback: Fallback,
    (min, max, above_min): (f64, f64, bool),
    sensitivity: bool,
    help: &'static str,
) -> Def {
    Def {
        key: Cow::Borrowed(key),
        name: Cow::Borrowed(name),
        kind,
        per: Per::Nothing,
        fallback,
        min,
        max,
        above_min,
        sensitivity,
        help,
    }
}

const MONEY: (f64, f64, bool) = (0.0, MONEY_MAX, false);

/// The assumptions that do not belong to one metric, in the order of roi.toml. The metric
/// rates follow `rates.labor_share`; see [`table`].
const GENERAL: &[Def] = &[
    def(
        keys::CURRENCY,
        "currency",
        ValueKind::Currency,
        Fallback::Text("EUR"),
        (0.0, 0.0, false),
        false,
        "ISO 4217 code used in summaries",
    ),
    def(
        keys::HORIZON_MONTHS,
        "horizon_months",
        ValueKind::Months,
        Fallback::Number(36, 0),
        (1.0, 360.0, false),
        false,
        "business-case horizon, months",
    ),
    def(
        keys::DISCOUNT_RATE,
        "discount_rate",
        ValueKind::Fraction,
        Fallback::Number(10, 2),
        (-0.5, 1.0, false),
        true,
        "annual, for NPV (0.10 = 10%)",
    ),
    def(
        keys::RISK_ADJUSTMENT,
        "risk_adjustment",
        ValueKind::Fraction,
        Fallback::Number(10, 2),
        (0.0, 1.0, false),
        true,
        "share of benefits withheld in the risk-adjusted headline",
    ),
    def(
        keys::FTE_HOURS_PER_MONTH,
        "fte_hours_per_month",
        ValueKind::Hours,
        Fallback::Number(160, 0),
        (1.0, 744.0, false),
        false,
        "to express hours saved as full-time equivalents",
    ),
    def(
        keys::CASES_PER_MONTH,
        "cases_per_month",
        ValueKind::Cases,
        Fallback::Measured,
        (0.0, 1e8, true),
        true,
        "default: measured from today's file",
    ),
    def(
        keys::TODAY_DAYS,
        "today_days",
        ValueKind::Days,
        Fallback::Unset,
        (1.0, 3660.0, false),
        false,
        "only for files without a date column",
    ),
    def(
        keys::AFTER_DAYS,
        "after_days",
        ValueKind::Days,
        Fallback::Unset,
        (1.0, 3660.0, false),
        false,
        "",
    ),
    def(
        keys::LABOR_SHARE,
        "labor_share",
        ValueKind::Fraction,
        Fallback::Number(3, 1),
        (0.0, 1.0, false),
        true,
        "share of cycle time that is paid work (elapsed time is not all effort)",
    ),
    def(
        keys::CAPACITY_RECAPTURE,
        "capacity_recapture",
        ValueKind::Fraction,
        Fallback::Number(1, 0),
        (0.0, 1.0, false),
        true,
        "share of freed staff time counted as money (capacity levers)",
    ),
];

const INVESTMENT: &[Def] = &[
    def(
        keys::ONE_TIME,
        "one_time",
        ValueKind::Money,
        Fallback::Unset,
        MONEY,
        true,
        "month 0",
    ),
    def(
        keys::MONTHLY,
        "monthly_cost",
        ValueKind::Money,
        Fallback::Unset,
        MONEY,
        true,
        "months 1..horizon",
    ),
    def(
        keys::RAMP_UP_MONTHS,
        "ramp_up_months",
        ValueKind::Months,
        Fallback::Number(3, 0),
        (0.0, 120.0, false),
        true,
        "benefits reach full size linearly: month t gets min(1, t/ramp) of them",
    ),
];

fn per(rule: crate::metric::LeverRule) -> Per {
    use crate::metric::LeverRule::*;
    match rule {
        SlaBreaches => Per::Breach,
        StaffTime | CaseHours | PerHour => Per::Hour,
        PerUnit => Per::Unit,
    }
}

/// The key of a custom metric's cost in roi.toml.
pub fn custom_cost_key(metric: &str) -> String {
    format!("metrics.{metric}.cost_per_unit")
}

/// The whole table: the general assumptions, the rate of each built-in metric's lever, the
/// investment, then the cost of each custom metric (`custom`: name and kind).
pub fn table(custom: &[(String, Kind)]) -> Vec<Def> {
    let mut out: Vec<Def> = GENERAL.to_vec();
    for (_, l, sla) in crate::metric::builtin_levers() {
        out.push(Def {
            key: Cow::Owned(format!("rates.{}", l.rate.key)),
            name: Cow::Borrowed(l.rate.key),
            kind: ValueKind::Money,
            per: per(l.rule),
            // A metric's second, SLA lever is there only when roi.toml prices it.
            fallback: if sla {
                Fallback::Unset
            } else {
                Fallback::Number(l.rate.default, 0)
            },
            min: MONEY.0,
            max: MONEY.1,
            above_min: false,
            sensitivity: true,
            help: l.rate.help,
        });
    }
    out.extend(INVESTMENT.iter().cloned());
    for (name, kind) in custom {
        out.push(Def {
            key: Cow::Owned(custom_cost_key(name)),
            name: Cow::Owned(format!("cost_per_{name}")),
            kind: ValueKind::Money,
            per: per(crate::metric::LeverRule::for_kind(*kind)),
            fallback: Fallback::Number(0, 0),
            min: MONEY.0,
            max: MONEY.1,
            above_min: false,
            sensitivity: true,
            help: "",
        });
    }
    out
}

/// The row of a key, among the general, rate and investment rows (custom costs excluded).
pub fn find(key: &str) -> Option<Def> {
    table(&[]).into_iter().find(|d| d.key == key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_is_unique_and_named_for_a_spreadsheet() {
        let t = table(&[("complaints".into(), Kind::Count)]);
        for (i, d) in t.iter().enumerate() {
            assert!(t[i + 1..].iter().all(|o| o.key != d.key), "{}", d.key);
            assert!(t[i + 1..].iter().all(|o| o.name != d.name), "{}", d.name);
            assert!(
                d.name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c == '_' || c.is_ascii_digit()),
                "{}",
                d.name
            );
        }
        assert_eq!(t.last().unwrap().key, "metrics.complaints.cost_per_unit");
        assert!(t.iter().any(|d| d.key == "rates.hourly_cost"));
    }

    #[test]
    fn bounds_follow_the_contract() {
        let d = find(keys::DISCOUNT_RATE).unwrap();
        assert!(d.accepts(-0.5) && d.accepts(1.0) && !d.accepts(-0.51) && !d.accepts(1.01));
        let h = find(keys::HORIZON_MONTHS).unwrap();
        assert!(h.accepts(360.0) && !h.accepts(361.0) && !h.accepts(0.0));
        let m = find("rates.hourly_cost").unwrap();
        assert!(m.accepts(0.0) && m.accepts(999_999_999_999.0) && !m.accepts(1e12));
        assert!(!m.accepts(f64::NAN) && !m.accepts(-1.0));
        let f = find(keys::FTE_HOURS_PER_MONTH).unwrap();
        assert!(!f.accepts(0.5) && f.accepts(1.0) && !f.accepts(1e-300));
    }
}
