//! The Report: everything a run computed, in the shape of the JSON contract (PRODUCT.md §4).
//! Renderers and charts only format it.

pub mod html;
pub mod json;
pub mod markdown;
pub mod rows;
pub mod text;
pub mod view_lines;

use crate::assumptions::{Assumptions, LedgerEntry, Source};
use crate::compare::{Change, Comparison, Volume};
use crate::economics::finance::{Finance, Money};
use crate::economics::levers::Lever;
use crate::economics::{BusinessCase, Scenarios, Sensitivity};
use crate::i18n::Lang;
use crate::input::Layout;
use crate::metric::Kind;
use crate::narrative::Paragraph;
use crate::summarize::{SideSummary, Stats};
use crate::views::Views;
use crate::warning::Warning;
use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::BTreeMap;

/// The finished result of a run. Serialized as is for `--format json` and `summary.json`.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// The roi version that computed this.
    pub roi_version: &'static str,
    /// The language of the texts (narrative, warnings).
    pub lang: Lang,
    /// ISO 4217 code of every amount.
    pub currency: String,
    pub inputs: Inputs,
    pub volume: Volume,
    /// Per metric, keyed by its canonical name.
    pub metrics: BTreeMap<String, MetricReport>,
    /// The metric names in display order (built-ins first, then custom ones).
    pub metric_order: Vec<String>,
    /// The COO's views: flow, predictability, quality, uptime, customer.
    pub views: Views,
    pub savings: Savings,
    pub finance: FinanceReport,
    pub scenarios: Scenarios,
    /// NPV with each assumption moved ±20% alone, largest swing first.
    pub sensitivity: Vec<Sensitivity>,
    /// The day in the life.
    pub narrative: Vec<Paragraph>,
    /// Every assumption with its value and source.
    pub assumptions: Vec<LedgerEntry>,
    pub warnings: Vec<String>,
}

/// Savings by lever, monthly and annual, at today's volume.
#[derive(Debug, Clone, Serialize)]
pub struct Savings {
    /// Gross monthly benefit per lever, plus `total`.
    pub monthly: BTreeMap<String, Money>,
    /// `monthly` × 12.
    pub annual: BTreeMap<String, Money>,
    /// Share of benefits withheld in the headline.
    pub risk_adjustment: f64,
    pub monthly_risk_adjusted: Money,
    /// The headline: annual savings after the risk adjustment.
    pub annual_risk_adjusted: Money,
    /// Each lever with its 95% range, significance and formula.
    pub levers: Vec<Lever>,
}

/// The expected business case.
#[derive(Debug, Clone, Serialize)]
pub struct FinanceReport {
    pub horizon_months: u32,
    pub discount_rate: f64,
    /// The one-time investment (month 0) and the monthly cost (months 1..H).
    pub investment_one_time: Money,
    pub investment_monthly: Money,
    #[serde(flatten)]
    pub figures: Finance,
}

#[derive(Debug, Clone, Serialize)]
pub struct Inputs {
    pub today: InputSide,
    pub after: InputSide,
    /// The roi.toml used, if any.
    pub config: Option<String>,
}

/// What was read from one file.
#[derive(Debug, Clone, Serialize)]
pub struct InputSide {
    pub file: String,
    pub layout: Layout,
    pub delimiter: String,
    pub encoding: String,
    pub rows: u64,
    pub window_days: Option<u32>,
    pub window_source: Option<Source>,
    pub first_date: Option<String>,
    pub last_date: Option<String>,
    /// Case observations behind the volume, and their metric.
    pub cases: Option<u64>,
    pub cases_metric: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct MetricReport {
    pub kind: Kind,
    /// The unit of every duration figure of this metric (`h`, `min`; `count` for counts).
    pub unit: String,
    pub today: Option<Stats>,
    pub after: Option<Stats>,
    pub change: Option<Change>,
}

impl Report {
    /// Assembles the report from what the pipeline computed.
    pub fn new(
        comparison: Comparison,
        case: BusinessCase,
        views: Views,
        narrative: Vec<Paragraph>,
        warnings: &[Warning],
        assumptions: &Assumptions,
        lang: Lang,
    ) -> Report {
        let side = |s: &SideSummary| InputSide {
            file: s.file.path.clone(),
            layout: s.file.layout,
            delimiter: s.file.delimiter.clone(),
            encoding: s.file.encoding.clone(),
            rows: s.file.rows,
            window_days: s.window.as_ref().map(|w| w.days),
            window_source: s.window.as_ref().map(|w| w.source),
            first_date: s.window.as_ref().and_then(|w| w.first.clone()),
            last_date: s.window.as_ref().and_then(|w| w.last.clone()),
            cases: s.cases.as_ref().map(|c| c.0),
            cases_metric: s.cases.as_ref().map(|c| c.1.clone()),
        };
        let inputs = Inputs {
            today: side(&comparison.today),
            after: side(&comparison.after),
            config: assumptions.path.clone(),
        };
        let metric_order = comparison.metrics.iter().map(|m| m.name.clone()).collect();
        let metrics = comparison
            .metrics
            .into_iter()
            .map(|m| {
                (
                    m.name,
                    MetricReport {
                        kind: m.kind,
                        unit: m.unit.symbol().to_string(),
                        today: m.today,
                        after: m.after,
                        change: m.change,
                    },
                )
            })
            .collect();
        let twelve = Decimal::from(12);
        let mut monthly = BTreeMap::new();
        let mut annual = BTreeMap::new();
        for l in &case.levers {
            monthly.insert(l.name.clone(), Money(l.monthly));
            annual.insert(l.name.clone(), Money(l.monthly * twelve));
        }
        monthly.insert("total".into(), Money(case.monthly_gross));
        annual.insert("total".into(), Money(case.monthly_gross * twelve));
        let f64_of = |d: Decimal| rust_decimal::prelude::ToPrimitive::to_f64(&d).unwrap_or(0.0);
        Report {
            roi_version: env!("CARGO_PKG_VERSION"),
            lang,
            currency: assumptions.currency.value.clone(),
            inputs,
            volume: comparison.volume,
            metrics,
            metric_order,
            views,
            savings: Savings {
                monthly,
                annual,
                risk_adjustment: f64_of(assumptions.risk_adjustment.value),
                monthly_risk_adjusted: Money(case.monthly_risk_adjusted),
                annual_risk_adjusted: Money(case.monthly_risk_adjusted * twelve),
                levers: case.levers,
            },
            finance: FinanceReport {
                horizon_months: assumptions.horizon_months.value,
                discount_rate: f64_of(assumptions.discount_rate.value),
                investment_one_time: Money(assumptions.one_time.value),
                investment_monthly: Money(assumptions.monthly.value),
                figures: case.finance,
            },
            scenarios: case.scenarios,
            sensitivity: case.sensitivity,
            narrative,
            assumptions: assumptions.ledger(),
            warnings: warnings.iter().map(|w| w.text(lang)).collect(),
        }
    }

    /// The metrics in display order.
    pub fn ordered_metrics(&self) -> impl Iterator<Item = (&str, &MetricReport)> {
        self.metric_order
            .iter()
            .filter_map(|n| self.metrics.get(n).map(|m| (n.as_str(), m)))
    }
}
