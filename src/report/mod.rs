//! The Report: everything a run computed, in the shape of the JSON contract (PRODUCT.md §4).
//! It holds facts, never sentences: no language is chosen here. The document, the renderers
//! and the charts only format it; a chart could be redrawn from `summary.json`.

pub mod seal;

use crate::assumptions::{Assumptions, LedgerEntry, Source};
use crate::compare::{Change, Comparison, Trend, Volume};
use crate::economics::levers::{BreakEven, Lever, MoreData};
use crate::economics::{BusinessCase, MaxInvestment, Missing, Scenarios, Sensitivity};
use crate::input::Layout;
use crate::metric::{Kind, Unit};
use crate::money::Money;
use crate::narrative::Paragraph;
use crate::summarize::{SideSummary, Stats};
use crate::views::Views;
use crate::warning::Warning;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use serde::Serialize;
use std::collections::BTreeMap;

/// The finished result of a run. Serialized as is for `--format json` and `summary.json`.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// The roi version that computed this.
    pub roi_version: &'static str,
    /// The title block of roi.toml `[report]`.
    #[serde(rename = "report")]
    pub title_block: crate::rules::TitleBlock,
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
    /// Per lever, keyed by its name: its evidence and what it must deliver.
    pub levers: BTreeMap<String, LeverEvidence>,
    pub finance: FinanceReport,
    pub scenarios: Scenarios,
    /// NPV with each assumption moved ±20% alone, largest swing first.
    pub sensitivity: Vec<Sensitivity>,
    /// The day in the life, as facts.
    pub narrative: Vec<Paragraph>,
    /// Every assumption with its value and source.
    pub assumptions: Vec<LedgerEntry>,
    /// What to check before presenting, as typed values.
    pub warnings: Vec<Warning>,
    /// With `--by`: `segments.<name>` (each with the fields of the whole) and
    /// `decomposition.<metric>`.
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub breakdown: Option<crate::segments::Breakdown>,
    /// What `roi track` needs to hold later months against this case.
    pub track: seal::Seal,
}

/// Monthly or annual amounts: one per lever, and their total.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct LeverAmounts {
    #[serde(flatten)]
    pub levers: BTreeMap<String, Money>,
    pub total: Money,
}

/// Savings by lever, monthly and annual, at today's volume.
#[derive(Debug, Clone, Serialize)]
pub struct Savings {
    /// Gross monthly benefit per lever, plus `total`.
    pub monthly: LeverAmounts,
    /// `monthly` × 12.
    pub annual: LeverAmounts,
    /// Share of benefits withheld in the headline.
    pub risk_adjustment: f64,
    pub monthly_risk_adjusted: Money,
    /// The headline: annual savings after the risk adjustment.
    pub annual_risk_adjusted: Money,
    /// The part of it the proven levers bring (their change is significant).
    pub annual_risk_adjusted_proven: Money,
    /// The rest: levers whose change could still be noise.
    pub annual_risk_adjusted_unproven: Money,
    /// Each lever with its 95% range, significance and formula.
    pub levers: Vec<Lever>,
}

/// One lever's evidence: proven or not, how much more after-data would tell, and the
/// change at which it alone pays back the investment.
#[derive(Debug, Clone, Serialize)]
pub struct LeverEvidence {
    pub significant: bool,
    pub more_data: MoreData,
    pub more_data_weeks: Option<u32>,
    /// The change (after − today, in the lever formula's terms) at which this lever alone
    /// gives NPV = 0; null without an investment.
    pub break_even_change: Option<f64>,
    /// The measured change in the same terms.
    pub change: f64,
    #[serde(skip)]
    pub break_even: Option<BreakEven>,
}

/// The expected business case. Without an investment (`reason: no_investment`) there is no
/// NPV, ROI, payback or IRR: `max_investment` says what the savings can carry instead.
#[derive(Debug, Clone, Serialize)]
pub struct FinanceReport {
    pub horizon_months: u32,
    pub discount_rate: f64,
    /// Months until benefits reach full size.
    pub ramp_up_months: f64,
    /// The one-time investment (month 0) and the monthly cost (months 1..H), as given.
    pub investment_one_time: Option<Money>,
    pub investment_monthly: Option<Money>,
    /// Net cash flow of months 0..H (without an investment: the benefits less monthly costs).
    #[serde(with = "crate::money::serde_cents_vec")]
    pub cash_flows: Vec<Decimal>,
    pub npv: Option<Money>,
    /// NPV ÷ present value of costs.
    pub roi: Option<f64>,
    /// Months until the cumulative cash flow reaches zero and stays there.
    pub payback_months: Option<f64>,
    /// Monthly IRR annualised, (1 + r)^12 − 1, and the monthly IRR itself.
    pub irr_annual: Option<f64>,
    pub irr_monthly: Option<f64>,
    /// Why NPV to IRR (`no_investment`), or the IRR alone, are null.
    pub reason: Option<Missing>,
    pub pv_costs: Money,
    pub pv_benefits: Money,
    /// PV(costs) ÷ PV(benefits): the case holds if at least this share of the expected
    /// benefits materialises.
    pub break_even_share: Option<f64>,
    pub max_investment: Option<MaxInvestment>,
}

impl FinanceReport {
    /// roi.toml gave an investment: NPV, ROI, payback and IRR exist.
    pub fn has_investment(&self) -> bool {
        self.npv.is_some()
    }
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
    pub unit: Unit,
    /// A custom metric's name for people (roi.toml `label`).
    pub label: Option<String>,
    pub today: Option<Stats>,
    pub after: Option<Stats>,
    pub change: Option<Change>,
    /// Weekly means against today's natural process limits, for the trend chart.
    pub trend: Option<Trend>,
}

fn amounts(levers: &[Lever], total: Decimal, times: Decimal) -> LeverAmounts {
    LeverAmounts {
        levers: levers
            .iter()
            .map(|l| (l.name.clone(), Money(l.monthly.0 * times)))
            .collect(),
        total: Money(total * times),
    }
}

impl Report {
    /// Assembles the report from what the pipeline computed.
    pub fn new(
        comparison: Comparison,
        case: BusinessCase,
        views: Views,
        narrative: Vec<Paragraph>,
        warnings: Vec<Warning>,
        assumptions: &Assumptions,
    ) -> Report {
        let baseline = seal::baseline(&comparison.today);
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
        let ledger = assumptions.ledger(
            comparison
                .volume
                .cases_per_month
                .zip(comparison.volume.source),
        );
        let metric_order = comparison.metrics.iter().map(|m| m.name.clone()).collect();
        let labels: std::collections::HashMap<&str, &str> = assumptions
            .metrics
            .iter()
            .filter_map(|m| Some((m.name.as_str(), m.label.as_deref()?)))
            .collect();
        let metrics = comparison
            .metrics
            .into_iter()
            .map(|m| {
                let label = labels.get(m.name.as_str()).map(|l| l.to_string());
                (
                    m.name,
                    MetricReport {
                        kind: m.kind,
                        unit: m.unit,
                        label,
                        today: m.today,
                        after: m.after,
                        change: m.change,
                        trend: m.trend,
                    },
                )
            })
            .collect();
        let twelve = Decimal::from(12);
        let f64_of = |d: Decimal| d.to_f64().unwrap_or(0.0);
        use crate::assumptions::keys;
        let mut report = Report {
            roi_version: env!("CARGO_PKG_VERSION"),
            title_block: assumptions.title_block.clone(),
            currency: assumptions.currency.value.clone(),
            inputs,
            volume: comparison.volume,
            metrics,
            metric_order,
            views,
            savings: Savings {
                monthly: amounts(&case.levers, case.monthly_gross, Decimal::ONE),
                annual: amounts(&case.levers, case.monthly_gross, twelve),
                risk_adjustment: f64_of(assumptions.decimal(keys::RISK_ADJUSTMENT)),
                monthly_risk_adjusted: Money(case.monthly_risk_adjusted),
                annual_risk_adjusted: Money(case.monthly_risk_adjusted * twelve),
                annual_risk_adjusted_proven: Money(case.monthly_risk_adjusted_proven * twelve),
                annual_risk_adjusted_unproven: Money(
                    (case.monthly_risk_adjusted - case.monthly_risk_adjusted_proven) * twelve,
                ),
                levers: case.levers.clone(),
            },
            levers: case
                .levers
                .iter()
                .map(|l| {
                    (
                        l.name.clone(),
                        LeverEvidence {
                            significant: l.significant,
                            more_data: l.more_data,
                            more_data_weeks: l.more_data_weeks,
                            break_even_change: l.break_even.map(|b| -b.improvement_needed),
                            change: -l.formula.improvement().to_f64().unwrap_or(0.0),
                            break_even: l.break_even,
                        },
                    )
                })
                .collect(),
            finance: {
                let f = case.finance;
                let given = |key| assumptions.get(key).map(|v| Money(v.value));
                FinanceReport {
                    horizon_months: assumptions.horizon_months(),
                    discount_rate: f64_of(assumptions.decimal(keys::DISCOUNT_RATE)),
                    ramp_up_months: f64_of(assumptions.decimal(keys::RAMP_UP_MONTHS)),
                    investment_one_time: given(keys::ONE_TIME),
                    investment_monthly: given(keys::MONTHLY),
                    cash_flows: f.cash_flows,
                    npv: case.investment.then_some(Money(f.npv)),
                    roi: f.roi,
                    payback_months: f.payback_months,
                    irr_annual: f.irr_annual,
                    irr_monthly: f.irr_monthly,
                    reason: case.missing,
                    pv_costs: Money(f.pv_costs),
                    pv_benefits: Money(f.pv_benefits),
                    break_even_share: case.break_even_share,
                    max_investment: case.max_investment,
                }
            },
            scenarios: case.scenarios,
            sensitivity: case.sensitivity,
            narrative,
            assumptions: ledger,
            warnings,
            breakdown: None,
            track: seal::Seal::default(),
        };
        report.track = seal::seal(&report, baseline, assumptions.text.clone());
        report
    }

    /// The metrics in display order.
    pub fn ordered_metrics(&self) -> impl Iterator<Item = (&str, &MetricReport)> {
        self.metric_order
            .iter()
            .filter_map(|n| self.metrics.get(n).map(|m| (n.as_str(), m)))
    }
}
