//! The typed, validated assumptions, each value with its source (data, config or default),
//! and the ledger that lists them.

use super::table::{self, Def, Fallback, Per, ValueKind, keys};
use crate::metric::{BUILTINS, Kind, Unit};
use crate::money::Money;
use crate::registry::{ColumnMap, CustomMetric, Registry};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use serde::Serialize;
use std::collections::BTreeMap;

/// Where a value came from, shown next to it in every summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// Measured from the input files.
    Data,
    /// Set in roi.toml.
    Config,
    /// roi's default: an assumption nobody made explicitly.
    Default,
}

impl Source {
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Data => "data",
            Source::Config => "config",
            Source::Default => "default",
        }
    }
}

/// A value and where it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Sourced<T> {
    pub value: T,
    pub source: Source,
}

impl<T> Sourced<T> {
    pub fn default(value: T) -> Self {
        Sourced {
            value,
            source: Source::Default,
        }
    }
}

/// A custom metric declared in `[metrics.NAME]`; its cost is the assumption
/// `metrics.NAME.cost_per_unit`.
#[derive(Debug, Clone)]
pub struct CustomMetricDef {
    pub name: String,
    pub kind: Kind,
    pub unit: Option<Unit>,
    /// The name shown in every output instead of the key: one for every language
    /// (`label = "complaints"`), or one per language (`label = { en = "complaints", pl =
    /// "reklamacje" }`).
    pub label: Option<Label>,
}

pub use crate::rules::Label;

/// Every assumption of a run: the numbers of the [table](table::table) by key, each with its
/// source, plus the SLA targets, custom metrics and column mappings.
#[derive(Debug, Clone)]
pub struct Assumptions {
    /// The file they were read from; None when roi runs on defaults only.
    pub path: Option<String>,
    /// Its text as written, carried in summary.json so `roi track` measures with the same
    /// assumptions.
    pub text: Option<String>,
    pub currency: Sourced<String>,
    /// Every number that has a value (set or defaulted), by roi.toml key.
    pub(super) values: BTreeMap<String, Sourced<Decimal>>,
    /// SLA targets in hours, by metric name.
    pub sla_hours: BTreeMap<String, Sourced<f64>>,
    pub metrics: Vec<CustomMetricDef>,
    pub columns: Vec<ColumnMap>,
    pub date_column: Option<String>,
    /// Timestamps, event logs, the calendar and the date order of `[columns]`, `[events]`
    /// and `[calendar]`.
    pub rules: crate::rules::InputRules,
    /// `[control]`: the control site's today and after files, as written in roi.toml
    /// (relative to the directory of roi.toml).
    pub control: Option<(String, String)>,
    /// `[targets]`: the improvement promised per metric, for `roi project`.
    pub targets: Vec<super::targets::Target>,
    /// Set by `roi project`: the after-side is today's moved by the targets, so no change
    /// has an interval and no lever is proven.
    pub projected: bool,
    /// `[report]`: the one-pager's title block.
    pub title_block: crate::rules::TitleBlock,
    /// `[benefits]` and `[metrics.X] benefit`: each lever's kind where roi.toml gives it.
    pub benefits: BTreeMap<String, crate::rules::Benefit>,
    /// `[[stated]]`: benefits and costs the data cannot measure, in the order written.
    pub stated: Vec<Stated>,
    /// Who stands behind an assumption (`hourly_cost = { value = 42, source = "…", owner =
    /// "…" }`), by its key (`sla.<metric>` for an SLA target).
    pub notes: BTreeMap<String, Note>,
    /// Three-point ranges (`hourly_cost = { value = 42, low = 38, high = 48 }`), by key: the
    /// probability draws these assumptions from a triangular distribution.
    pub ranges: BTreeMap<String, Range>,
}

/// The low and high ends of an assumption's range; its value is the most likely.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Range {
    pub low: Decimal,
    pub high: Decimal,
}

/// An assumption's source and owner as roi.toml gives them.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Note {
    pub source: Option<String>,
    pub owner: Option<String>,
}

/// A benefit or cost the data cannot measure (`[[stated]]`): it enters the cash flows as
/// given (not ramped, not risk-adjusted; a capacity line × `capacity_recapture`) and is never
/// proven.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Stated {
    pub name: String,
    /// Signed: a benefit > 0, a cost < 0; from `from_month` to the end of the horizon.
    pub monthly: Money,
    /// Signed likewise, in month `month`.
    pub one_time: Money,
    pub month: u32,
    pub from_month: u32,
    pub kind: crate::rules::Benefit,
    pub source: Option<String>,
}

impl Assumptions {
    /// A lever's kind: roi.toml's `[benefits]` (or the custom metric's `benefit`), else the
    /// lever's own default.
    pub fn benefit_of(&self, lever: &str) -> crate::rules::Benefit {
        self.benefits
            .get(lever)
            .copied()
            .unwrap_or_else(|| crate::rules::Benefit::default_for(lever))
    }
}

impl Default for Assumptions {
    /// The defaults of the table.
    fn default() -> Self {
        let mut values = BTreeMap::new();
        for d in table::table(&[]) {
            if let Fallback::Number(m, scale) = d.fallback {
                values.insert(d.key.to_string(), Sourced::default(Decimal::new(m, scale)));
            }
        }
        let sla_hours = BUILTINS
            .iter()
            .filter_map(|b| Some((b.name.to_string(), Sourced::default(b.sla_hours?))))
            .collect();
        Assumptions {
            path: None,
            text: None,
            currency: Sourced::default("EUR".to_string()),
            values,
            sla_hours,
            metrics: Vec::new(),
            columns: Vec::new(),
            date_column: None,
            rules: crate::rules::InputRules::default(),
            title_block: crate::rules::TitleBlock::default(),
            benefits: BTreeMap::new(),
            stated: Vec::new(),
            control: None,
            targets: Vec::new(),
            projected: false,
            notes: BTreeMap::new(),
            ranges: BTreeMap::new(),
        }
    }
}

/// An assumption's value as the ledger shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum LedgerValue {
    Money(Money),
    Number(f64),
    Text(String),
}

/// One row of the assumptions ledger.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct LedgerEntry {
    /// The roi.toml key (`rates.hourly_cost`; `sla.response_time` for an SLA target).
    pub key: String,
    /// The name of its cell in the workbook.
    pub name: String,
    pub kind: ValueKind,
    pub per: Per,
    /// Money as a decimal string, fractions as fractions, SLA targets in hours.
    pub value: LedgerValue,
    /// Measured, set in roi.toml, or roi's default.
    pub origin: Source,
    /// Where the figure comes from and who stands behind it, as roi.toml says.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// The ends of a three-point range roi.toml gives (`{ value, low, high }`), in the value's
    /// terms; absent for a single figure.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub low: Option<LedgerValue>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub high: Option<LedgerValue>,
}

impl Assumptions {
    /// The table of this run's assumptions: general, rates, investment, custom metric costs.
    pub fn table(&self) -> Vec<Def> {
        let custom: Vec<(String, Kind)> = self
            .metrics
            .iter()
            .map(|m| (m.name.clone(), m.kind))
            .collect();
        table::table(&custom)
    }

    /// A number by roi.toml key, with its source; None when it has no value.
    pub fn get(&self, key: &str) -> Option<&Sourced<Decimal>> {
        self.values.get(key)
    }

    /// A number by key; zero when it has no value.
    pub fn decimal(&self, key: &str) -> Decimal {
        self.values.get(key).map_or(Decimal::ZERO, |v| v.value)
    }

    fn f64_of(&self, key: &str) -> Option<f64> {
        self.values.get(key).and_then(|v| v.value.to_f64())
    }

    /// Sets a number (roi.toml, or a sensitivity step).
    pub fn set(&mut self, key: &str, value: Decimal, source: Source) {
        self.values
            .insert(key.to_string(), Sourced { value, source });
    }

    pub fn horizon_months(&self) -> u32 {
        self.decimal(keys::HORIZON_MONTHS).to_u32().unwrap_or(1)
    }

    pub fn fte_hours_per_month(&self) -> f64 {
        self.f64_of(keys::FTE_HOURS_PER_MONTH).unwrap_or(160.0)
    }

    /// Cases a month from roi.toml; None: measured from today's file.
    pub fn cases_per_month(&self) -> Option<f64> {
        self.f64_of(keys::CASES_PER_MONTH)
    }

    /// `[window]` days for a file without dates (`today`: today's file).
    pub fn window_days(&self, today: bool) -> Option<u32> {
        let key = if today {
            keys::TODAY_DAYS
        } else {
            keys::AFTER_DAYS
        };
        self.values.get(key).and_then(|v| v.value.to_u32())
    }

    /// The metric registry these assumptions define (built-ins, custom metrics, columns).
    pub fn registry(&self) -> Registry {
        let mut custom: Vec<CustomMetric> = self
            .metrics
            .iter()
            .map(|m| CustomMetric {
                name: m.name.clone(),
                kind: m.kind,
                unit: m.unit,
            })
            .collect();
        // `[events] rework = true` counts cases with a repeated activity as `rework`, which
        // `[metrics.rework]` may give a cost.
        if self.rules.events.as_ref().is_some_and(|e| e.rework)
            && !custom.iter().any(|c| c.name == "rework")
        {
            custom.push(CustomMetric {
                name: "rework".into(),
                kind: Kind::Count,
                unit: None,
            });
        }
        let mut rules = self.rules.clone();
        rules.sla_hours = self
            .sla_hours
            .iter()
            .map(|(m, t)| (m.clone(), t.value))
            .collect();
        Registry::new(&custom, &self.columns, self.date_column.as_deref()).with_rules(rules)
    }

    /// Every assumption with a value, in the order of the table; SLA targets after the
    /// rates. `volume` is the volume the case is built on and its source, when known.
    pub fn ledger(&self, volume: Option<(f64, Source)>) -> Vec<LedgerEntry> {
        let mut out = Vec::new();
        let note = |key: &str| self.notes.get(key).cloned().unwrap_or_default();
        let entry = |d: &Def, value: LedgerValue, origin: Source| {
            let n = note(&d.key);
            let end = |pick: fn(&Range) -> Decimal| {
                self.ranges.get(d.key.as_ref()).map(|r| match d.kind {
                    ValueKind::Money => LedgerValue::Money(Money(pick(r))),
                    _ => LedgerValue::Number(pick(r).to_f64().unwrap_or(0.0)),
                })
            };
            LedgerEntry {
                low: end(|r| r.low),
                high: end(|r| r.high),
                key: d.key.to_string(),
                name: d.name.to_string(),
                kind: d.kind,
                per: d.per,
                value,
                origin,
                source: n.source,
                owner: n.owner,
            }
        };
        for d in self.table() {
            if d.key == keys::CURRENCY {
                out.push(entry(
                    &d,
                    LedgerValue::Text(self.currency.value.clone()),
                    self.currency.source,
                ));
                continue;
            }
            if d.key == keys::ONE_TIME {
                for (metric, target) in &self.sla_hours {
                    let key = format!("sla.{metric}");
                    let n = note(&key);
                    out.push(LedgerEntry {
                        key,
                        name: format!("sla_{metric}"),
                        kind: ValueKind::Hours,
                        per: Per::Nothing,
                        value: LedgerValue::Number(target.value),
                        origin: target.source,
                        source: n.source,
                        owner: n.owner,
                        low: None,
                        high: None,
                    });
                }
            }
            let value = match (d.key.as_ref(), self.values.get(d.key.as_ref())) {
                (keys::CASES_PER_MONTH, None) => {
                    volume.map(|(v, source)| (LedgerValue::Number(v), source))
                }
                (_, Some(v)) => Some((
                    match d.kind {
                        ValueKind::Money => LedgerValue::Money(Money(v.value)),
                        _ => LedgerValue::Number(v.value.to_f64().unwrap_or(0.0)),
                    },
                    v.source,
                )),
                (_, None) => None,
            };
            if let Some((value, source)) = value {
                out.push(entry(&d, value, source));
            }
        }
        out
    }
}
