//! The Report: everything a run computed, in the shape of the JSON contract.
//! It holds facts, never sentences: no language is chosen here. The document, the renderers
//! and the charts only format it; a chart could be redrawn from `summary.json`.

pub mod build;
pub mod seal;
pub mod segments;
pub mod track;

use crate::assumptions::{LedgerEntry, Source};
use crate::compare::{Change, Trend, Volume};
use crate::economics::levers::{BreakEven, Lever, MoreData};
use crate::economics::{MaxInvestment, Missing, Scenarios, Sensitivity};
use crate::input::Layout;
use crate::metric::{Kind, Unit};
use crate::money::Money;
use crate::narrative::Paragraph;
use crate::summarize::Stats;
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
    /// The figures the headline reads, on its basis (`[report] headline`).
    pub headline: HeadlineReport,
    pub scenarios: Scenarios,
    /// NPV with each assumption moved ±20% alone, largest swing first.
    pub sensitivity: Vec<Sensitivity>,
    /// The chance the case holds, from the data's own noise; null without an investment, for
    /// a projected case without ranges, or where a lever's noise is unknown.
    pub probability: Option<crate::economics::probability::Probability>,
    /// The day in the life, as facts.
    pub narrative: Vec<Paragraph>,
    /// How the evidence was gathered: before/after (one process, two periods) or comparison
    /// (two sites over the same period).
    pub design: Design,
    /// `[[stated]]`: benefits and costs the data cannot measure, as given, in the cash flows
    /// of every scenario; never proven.
    pub stated: Vec<crate::assumptions::Stated>,
    /// Every assumption with its value, origin, and the source and owner roi.toml gives;
    /// in JSON an object keyed by roi.toml key, in the ledger's order.
    #[serde(serialize_with = "keyed")]
    pub assumptions: Vec<LedgerEntry>,
    /// What to check before presenting, as typed values.
    pub warnings: Vec<Warning>,
    /// With `--by`: `segments.<name>` (each with the fields of the whole) and
    /// `decomposition.<metric>`.
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub breakdown: Option<Breakdown>,
    /// What `roi track` needs to hold later months against this case.
    pub track: seal::Seal,
    /// From `roi project`: every figure is projected from today's data and `[targets]`.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub projected: bool,
    /// From `roi project`: per lever, how long a pilot must run to prove its target.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub pilot_plan: BTreeMap<String, crate::project::PilotPlan>,
    /// From `roi project`: the targets as roi.toml gives them.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub targets: Vec<crate::assumptions::targets::Target>,
}

/// The ledger as `assumptions.<key>`: each entry under its roi.toml key, in order.
fn keyed<S: serde::Serializer>(entries: &[LedgerEntry], s: S) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeMap;
    let mut map = s.serialize_map(Some(entries.len()))?;
    for e in entries {
        map.serialize_entry(&e.key, e)?;
    }
    map.end()
}

/// The design of the evidence (PRODUCT §3 "Evidence of cause").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Design {
    /// One process, two periods (or files without dates, named today and after).
    BeforeAfter,
    /// Two sites or teams over overlapping periods.
    Comparison,
    /// Before/after held against a control site the change did not touch (difference in
    /// differences).
    Control,
    /// `roi project`: today's data moved by the targets; nothing after the change measured.
    Projected,
}

impl Design {
    /// The design two inputs make: overlapping date ranges compare two sites; anything else
    /// is a before/after.
    pub fn of(today: &InputSide, after: &InputSide) -> Design {
        match (
            &today.first_date,
            &today.last_date,
            &after.first_date,
            &after.last_date,
        ) {
            (Some(tf), Some(tl), Some(af), Some(al)) if tf <= al && af <= tl => Design::Comparison,
            _ => Design::BeforeAfter,
        }
    }
}

impl Report {
    /// The share of freed staff time counted as money (`rates.capacity_recapture`).
    pub fn capacity_recapture(&self) -> f64 {
        self.assumptions
            .iter()
            .find(|e| e.key == crate::assumptions::keys::CAPACITY_RECAPTURE)
            .and_then(|e| match e.value {
                crate::assumptions::LedgerValue::Number(v) => Some(v),
                _ => None,
            })
            .unwrap_or(1.0)
    }
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
    /// The part the cash levers bring: money that leaves the budget.
    pub annual_cash: Money,
    /// The rest: staff time freed, counted × `capacity_recapture`.
    pub annual_capacity: Money,
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
    /// Priced on at least one of roi's default rates rather than roi.toml's.
    pub priced_on_default: bool,
    /// With `--projected`: the lever's target from `roi project` against its measured change.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<TargetCheck>,
    /// `cash` or `capacity`.
    pub benefit: crate::rules::Benefit,
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

/// The headline's figures: the proven levers' case (the default) or every lever's, with its
/// cash flows; `finance` keeps the expected case of every lever.
#[derive(Debug, Clone, Serialize)]
pub struct HeadlineReport {
    pub basis: crate::rules::Basis,
    /// Risk-adjusted annual savings of the levers counted.
    pub annual: Money,
    pub monthly: Money,
    /// Of `annual`, the cash levers' part and the capacity levers' (the rest).
    pub annual_cash: Money,
    pub annual_capacity: Money,
    pub npv: Option<Money>,
    pub roi: Option<f64>,
    pub payback_months: Option<f64>,
    pub irr_annual: Option<f64>,
    pub irr_monthly: Option<f64>,
    /// Why NPV to IRR, or the IRR alone, are null.
    pub reason: Option<Missing>,
    #[serde(with = "crate::money::serde_cents_vec")]
    pub cash_flows: Vec<Decimal>,
    pub pv_costs: Money,
    pub pv_benefits: Money,
    /// PV(costs) ÷ PV(benefits) of the levers counted.
    pub break_even_share: Option<f64>,
    pub max_investment: Option<MaxInvestment>,
    /// Risk-adjusted annual savings not counted: the levers not yet proven (zero with
    /// `headline = "all"`).
    pub upside_annual: Money,
}

impl HeadlineReport {
    pub fn has_investment(&self) -> bool {
        self.npv.is_some()
    }
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
    /// With a control site: what was read from its two files.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub control: Option<ControlInputs>,
}

/// The control site's two files.
#[derive(Debug, Clone, Serialize)]
pub struct ControlInputs {
    pub today: InputSide,
    pub after: InputSide,
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
    /// A custom metric's name for people (roi.toml `label`; given per language, the English).
    pub label: Option<String>,
    /// The label in every language roi.toml gives it in.
    #[serde(skip)]
    pub names: Option<crate::assumptions::Label>,
    /// The label in each language roi speaks, where roi.toml gives one (`roi track` names the
    /// lever by it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub labels: Option<std::collections::BTreeMap<String, String>>,
    pub today: Option<Stats>,
    pub after: Option<Stats>,
    pub change: Option<Change>,
    /// Weekly means against today's natural process limits, for the trend chart.
    pub trend: Option<Trend>,
    /// With a control site: its `today`, `after` and own `change`; `change` above is then
    /// the difference in differences.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub control: Option<Box<crate::compare::ControlMetric>>,
}

impl Report {
    /// The metrics in display order.
    pub fn ordered_metrics(&self) -> impl Iterator<Item = (&str, &MetricReport)> {
        self.metric_order
            .iter()
            .filter_map(|n| self.metrics.get(n).map(|m| (n.as_str(), m)))
    }
}

/// One segment: its volume on each side, its own case when both sides have it, and why it
/// may not be judged on its own.
#[derive(Debug, Clone, Serialize)]
pub struct Segment {
    /// Cases (of the metric that defines the volume) on each side; null when absent.
    pub cases_today: Option<u64>,
    pub cases_after: Option<u64>,
    pub cases_per_month_today: Option<f64>,
    pub cases_per_month_after: Option<f64>,
    /// On one side only: there is nothing to compare.
    pub one_side_only: bool,
    /// Fewer than 30 cases on a side: shown, but too small to judge alone.
    pub small: bool,
    /// This segment's share of the stratified gross monthly savings; null when the total is
    /// zero or the segment has no case.
    pub share_of_savings: Option<f64>,
    /// The segment's gross monthly savings: its levers' sum (zero when not compared).
    #[serde(skip)]
    pub monthly_gross: Decimal,
    /// Observed on both sides: it has a comparison and levers.
    #[serde(skip)]
    pub compared: bool,
    /// The segment's own business case, for the segments shown one by one (absent when on
    /// one side only, or summed as "other"); its JSON holds what
    /// a segment needs — volume, metrics, savings, levers, finance, headline, warnings,
    /// design, projection —
    /// not the whole's title block, ledger, sensitivity, narrative or tracking seal.
    #[serde(flatten, serialize_with = "lean_case")]
    pub case: Option<Box<Report>>,
    /// The segment's levers, for the stratified whole.
    #[serde(skip)]
    pub levers: Vec<Lever>,
}

/// A segment's case as its JSON shows it (see [`Segment::case`]).
#[derive(Serialize)]
struct LeanCase<'a> {
    volume: &'a Volume,
    metrics: &'a BTreeMap<String, MetricReport>,
    savings: LeanSavings<'a>,
    levers: &'a BTreeMap<String, LeverEvidence>,
    finance: &'a FinanceReport,
    headline: &'a HeadlineReport,
    warnings: &'a Vec<Warning>,
    design: &'a Design,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    projected: bool,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pilot_plan: &'a BTreeMap<String, crate::project::PilotPlan>,
}

/// A segment's savings without the levers' formulas (the whole's carry them).
#[derive(Serialize)]
struct LeanSavings<'a> {
    monthly: &'a LeverAmounts,
    annual: &'a LeverAmounts,
    monthly_risk_adjusted: Money,
    annual_risk_adjusted: Money,
    annual_risk_adjusted_proven: Money,
    annual_risk_adjusted_unproven: Money,
    annual_cash: Money,
    annual_capacity: Money,
}

fn lean_case<S: serde::Serializer>(case: &Option<Box<Report>>, s: S) -> Result<S::Ok, S::Error> {
    match case {
        Some(r) => LeanCase {
            volume: &r.volume,
            metrics: &r.metrics,
            savings: LeanSavings {
                monthly: &r.savings.monthly,
                annual: &r.savings.annual,
                monthly_risk_adjusted: r.savings.monthly_risk_adjusted,
                annual_risk_adjusted: r.savings.annual_risk_adjusted,
                annual_risk_adjusted_proven: r.savings.annual_risk_adjusted_proven,
                annual_risk_adjusted_unproven: r.savings.annual_risk_adjusted_unproven,
                annual_cash: r.savings.annual_cash,
                annual_capacity: r.savings.annual_capacity,
            },
            levers: &r.levers,
            finance: &r.finance,
            headline: &r.headline,
            warnings: &r.warnings,
            design: &r.design,
            projected: r.projected,
            pilot_plan: &r.pilot_plan,
        }
        .serialize(s),
        None => s.serialize_none(),
    }
}

impl Segment {
    /// A lever's monthly savings in this segment, and whether its change is proven.
    pub fn lever(&self, name: &str) -> Option<(Decimal, bool)> {
        self.levers
            .iter()
            .find(|l| l.name == name)
            .map(|l| (l.monthly.0, l.significant))
    }
}

/// A case-duration mean's change split into mix and performance; `change` = `mix` +
/// `performance` exactly.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Decomposition {
    pub unit: Unit,
    pub today: f64,
    pub after: f64,
    pub change: f64,
    /// From a different mix of segments: Σ (w_a − w_t)(m_t + m_a)/2.
    pub mix: f64,
    /// From faster or slower work within the segments: Σ (m_a − m_t)(w_t + w_a)/2.
    pub performance: f64,
    /// Share of the cases (both sides) in segments whose own mean moved the other way than
    /// the overall mean.
    pub opposite_share: f64,
}

/// The segments beyond the first ten, summed.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct OtherSum {
    /// How many segments.
    pub segments: usize,
    pub cases_today: u64,
    pub cases_after: u64,
    /// Their gross monthly savings.
    pub savings_monthly: Money,
    /// Their share of the stratified gross monthly savings; null when the total is zero.
    pub share_of_savings: Option<f64>,
}

/// The breakdown of a case by one dimension.
#[derive(Debug, Clone, Serialize)]
pub struct Breakdown {
    /// The column the case is broken down by.
    #[serde(rename = "segmented_by")]
    pub by: String,
    /// Every segment by name.
    pub segments: BTreeMap<String, Segment>,
    /// The segments in the order to show them: largest savings first, at most ten, then
    /// `other` when there are more.
    #[serde(rename = "segment_order")]
    pub shown: Vec<String>,
    /// The segments summed as "other" (beyond the first ten).
    #[serde(rename = "segments_in_other")]
    pub other: Vec<String>,
    /// Those segments summed, as every report's "other" row; absent with ten or fewer.
    #[serde(rename = "segments_other", skip_serializing_if = "Option::is_none")]
    pub other_sum: Option<OtherSum>,
    /// Per case-duration metric.
    pub decomposition: BTreeMap<String, Decomposition>,
    /// The whole's gross monthly savings as the plain comparison of all rows gives them,
    /// before stratification: what the headline would say if the mix were ignored.
    #[serde(rename = "savings_unstratified_monthly")]
    pub unstratified_monthly: Money,
}

/// A lever's measured change against its projected target (`roi compute --projected`), both
/// as fractions of today's figure in the lever's terms (negative: lower, better).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct TargetCheck {
    pub projected_pct: f64,
    pub measured_pct: f64,
    /// The measured change is at least the target.
    pub met: bool,
}

impl Report {
    /// Sets each lever's measured change against the projected case's targets (its pilot
    /// plan's changes, by lever).
    pub fn check_targets(&mut self, targets: &BTreeMap<String, f64>) {
        use rust_decimal::prelude::ToPrimitive;
        for l in &self.savings.levers {
            let (Some(&projected), Some(e)) = (targets.get(&l.name), self.levers.get_mut(&l.name))
            else {
                continue;
            };
            let today = l.formula.today.value.to_f64().unwrap_or(0.0);
            if today == 0.0 {
                continue;
            }
            let measured = -l.formula.improvement().to_f64().unwrap_or(0.0) / today;
            e.target = Some(TargetCheck {
                projected_pct: projected,
                measured_pct: measured,
                met: measured <= projected + 1e-9,
            });
        }
    }
}
