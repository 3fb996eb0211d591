//! `roi.toml`: the typed, validated assumptions, each value with its source (data, config or
//! default). Parsing and validation, with located errors, live in `parse`.

use crate::error::{Problem, RoiError};
use crate::metric::{ColumnMap, CustomMetric, Kind, Registry, Unit};
use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::Path;

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
    fn default(value: T) -> Self {
        Sourced {
            value,
            source: Source::Default,
        }
    }
}

/// A custom metric with its cost.
#[derive(Debug, Clone)]
pub struct CustomMetricDef {
    pub name: String,
    pub kind: Kind,
    pub unit: Option<Unit>,
    /// Money per unit counted, or per hour for durations.
    pub cost_per_unit: Sourced<Decimal>,
}

/// Every assumption of a run.
#[derive(Debug, Clone)]
pub struct Assumptions {
    /// The file they were read from; None when roi runs on defaults only.
    pub path: Option<String>,
    pub currency: Sourced<String>,
    pub horizon_months: Sourced<u32>,
    pub discount_rate: Sourced<Decimal>,
    pub risk_adjustment: Sourced<Decimal>,
    pub fte_hours_per_month: Sourced<f64>,
    pub cases_per_month: Option<f64>,
    pub window_today_days: Option<u32>,
    pub window_after_days: Option<u32>,
    pub hourly_cost: Sourced<Decimal>,
    pub labor_share: Sourced<Decimal>,
    pub cost_per_error: Sourced<Decimal>,
    pub downtime_cost_per_hour: Sourced<Decimal>,
    pub cost_per_sla_breach: Sourced<Decimal>,
    /// SLA targets in hours, by metric name.
    pub sla_hours: BTreeMap<String, Sourced<f64>>,
    pub one_time: Sourced<Decimal>,
    pub monthly: Sourced<Decimal>,
    pub ramp_up_months: Sourced<u32>,
    pub metrics: Vec<CustomMetricDef>,
    pub columns: Vec<ColumnMap>,
    pub date_column: Option<String>,
}

impl Default for Assumptions {
    /// The defaults of PRODUCT.md §2.
    fn default() -> Self {
        let d = |v: i64, scale: u32| Sourced::default(Decimal::new(v, scale));
        let mut sla = BTreeMap::new();
        sla.insert("response_time".to_string(), Sourced::default(0.5));
        Assumptions {
            path: None,
            currency: Sourced::default("EUR".to_string()),
            horizon_months: Sourced::default(36),
            discount_rate: d(10, 2),
            risk_adjustment: d(10, 2),
            fte_hours_per_month: Sourced::default(160.0),
            cases_per_month: None,
            window_today_days: None,
            window_after_days: None,
            hourly_cost: d(50, 0),
            labor_share: d(3, 1),
            cost_per_error: d(120, 0),
            downtime_cost_per_hour: d(2000, 0),
            cost_per_sla_breach: d(40, 0),
            sla_hours: sla,
            one_time: d(60000, 0),
            monthly: d(2500, 0),
            ramp_up_months: Sourced::default(3),
            metrics: Vec::new(),
            columns: Vec::new(),
            date_column: None,
        }
    }
}

/// One row of the assumptions ledger.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct LedgerEntry {
    pub key: String,
    pub value: String,
    pub source: Source,
}

impl Assumptions {
    /// The metric registry these assumptions define (built-ins, custom metrics, columns).
    pub fn registry(&self) -> Registry {
        let custom: Vec<CustomMetric> = self
            .metrics
            .iter()
            .map(|m| CustomMetric {
                name: m.name.clone(),
                kind: m.kind,
                unit: m.unit,
            })
            .collect();
        Registry::new(&custom, &self.columns, self.date_column.as_deref())
    }

    /// Every assumption as `key = value (source)`, in the order of roi.toml.
    pub fn ledger(&self) -> Vec<LedgerEntry> {
        let mut out = Vec::new();
        let mut push = |key: &str, value: String, source: Source| {
            out.push(LedgerEntry {
                key: key.to_string(),
                value,
                source,
            })
        };
        let cur = &self.currency.value;
        push("currency", cur.clone(), self.currency.source);
        push(
            "horizon_months",
            self.horizon_months.value.to_string(),
            self.horizon_months.source,
        );
        push(
            "discount_rate",
            self.discount_rate.value.normalize().to_string(),
            self.discount_rate.source,
        );
        push(
            "risk_adjustment",
            self.risk_adjustment.value.normalize().to_string(),
            self.risk_adjustment.source,
        );
        push(
            "fte_hours_per_month",
            fmt_f64(self.fte_hours_per_month.value),
            self.fte_hours_per_month.source,
        );
        let money = |d: &Sourced<Decimal>| format!("{} {cur}", d.value.normalize());
        push(
            "rates.hourly_cost",
            money(&self.hourly_cost),
            self.hourly_cost.source,
        );
        push(
            "rates.labor_share",
            self.labor_share.value.normalize().to_string(),
            self.labor_share.source,
        );
        push(
            "rates.cost_per_error",
            money(&self.cost_per_error),
            self.cost_per_error.source,
        );
        push(
            "rates.downtime_cost_per_hour",
            money(&self.downtime_cost_per_hour),
            self.downtime_cost_per_hour.source,
        );
        push(
            "rates.cost_per_sla_breach",
            money(&self.cost_per_sla_breach),
            self.cost_per_sla_breach.source,
        );
        for (metric, target) in &self.sla_hours {
            push(
                &format!("sla.{metric}"),
                format_hours(target.value),
                target.source,
            );
        }
        push(
            "investment.one_time",
            money(&self.one_time),
            self.one_time.source,
        );
        push(
            "investment.monthly",
            money(&self.monthly),
            self.monthly.source,
        );
        push(
            "investment.ramp_up_months",
            self.ramp_up_months.value.to_string(),
            self.ramp_up_months.source,
        );
        for m in &self.metrics {
            let per = if m.kind == Kind::Count {
                "unit"
            } else {
                "hour"
            };
            push(
                &format!("metrics.{}.cost_per_unit", m.name),
                format!("{} {cur} per {per}", m.cost_per_unit.value.normalize()),
                m.cost_per_unit.source,
            );
        }
        out
    }

    /// Reads and validates `roi.toml`.
    pub fn load(path: &Path) -> Result<Assumptions, RoiError> {
        let name = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|source| RoiError::Read {
            path: name.clone(),
            source,
        })?;
        let text = match String::from_utf8(bytes) {
            Ok(t) => t,
            Err(_) => {
                return Err(RoiError::one(Problem::in_file(&name).says(
                    "the file is not valid UTF-8",
                    "a UTF-8 text file (save it as UTF-8 in your editor)",
                )));
            }
        };
        parse(&text, &name)
    }
}

fn fmt_f64(v: f64) -> String {
    let s = format!("{v:.4}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// `0.5` → `30 min`, `8` → `8 h`.
pub fn format_hours(hours: f64) -> String {
    if hours < 1.0 {
        format!("{} min", fmt_f64(hours * 60.0))
    } else {
        format!("{} h", fmt_f64(hours))
    }
}

mod parse;
pub use parse::{parse, parse_duration_hours};
