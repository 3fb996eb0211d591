//! The Report assembled from what the pipeline computed: the comparison, the business case,
//! the COO's views, the day in the life as facts, the warnings and the tracking seal.

use super::seal;
use super::{
    FinanceReport, HeadlineReport, InputSide, Inputs, LeverAmounts, LeverEvidence, MetricReport,
    Report, Savings,
};
use crate::assumptions::Assumptions;
use crate::compare::Comparison;
use crate::economics::BusinessCase;
use crate::economics::levers::Lever;
use crate::money::Money;
use crate::narrative::Paragraph;
use crate::summarize::SideSummary;
use crate::views::Views;
use crate::warning::Warning;
use crate::{narrative, views};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

fn amounts(levers: &[Lever], total: Decimal, times: Decimal) -> LeverAmounts {
    LeverAmounts {
        levers: levers
            .iter()
            .map(|l| (l.name.clone(), Money(l.monthly.0 * times)))
            .collect(),
        total: Money(total * times),
    }
}

/// The report of a comparison and its business case: the COO's views and the day in the
/// life made of them, the comparison's warnings followed by `warnings`.
pub fn assemble(
    comparison: Comparison,
    case: BusinessCase,
    assumptions: &Assumptions,
    warnings: Vec<Warning>,
) -> Report {
    let views = views::views(&comparison, &case, assumptions);
    let narrative = narrative::build(&views, &case, &comparison.metrics, assumptions);
    let mut all = comparison.warnings.clone();
    all.extend(warnings);
    Report::new(comparison, case, views, narrative, all, assumptions, true)
}

/// A segment's report (`--by`): its figures, levers and finance, without what only the
/// whole shows — views, narrative, ledger of assumptions and tracking seal — which would
/// be built for each of a thousand segments and dropped.
pub fn assemble_segment(
    comparison: Comparison,
    case: BusinessCase,
    assumptions: &Assumptions,
) -> Report {
    let warnings = comparison.warnings.clone();
    Report::new(
        comparison,
        case,
        Views::default(),
        Vec::new(),
        warnings,
        assumptions,
        false,
    )
}

impl Report {
    /// Assembles the report from what the pipeline computed; the ledger of assumptions and
    /// the tracking seal only for the `whole` case, not for a segment.
    pub fn new(
        comparison: Comparison,
        case: BusinessCase,
        views: Views,
        narrative: Vec<Paragraph>,
        warnings: Vec<Warning>,
        assumptions: &Assumptions,
        whole: bool,
    ) -> Report {
        let baseline = whole.then(|| seal::baseline(&comparison.today));
        let pilot_plan = if assumptions.projected {
            crate::project::pilot_plan(&comparison, &case.levers)
        } else {
            Default::default()
        };
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
            control: comparison.control.as_ref().map(|c| super::ControlInputs {
                today: side(&c.today),
                after: side(&c.after),
            }),
        };
        let ledger = if whole {
            assumptions.ledger(
                comparison
                    .volume
                    .cases_per_month
                    .zip(comparison.volume.source),
            )
        } else {
            Vec::new()
        };
        let metric_order = comparison.metrics.iter().map(|m| m.name.clone()).collect();
        let metrics = metrics(comparison.metrics, assumptions);
        let twelve = Decimal::from(12);
        let f64_of = |d: Decimal| d.to_f64().unwrap_or(0.0);
        use crate::assumptions::keys;
        let design = if assumptions.projected {
            super::Design::Projected
        } else if inputs.control.is_some() {
            super::Design::Control
        } else {
            super::Design::of(&inputs.today, &inputs.after)
        };
        // Each lever's evidence first: the levers themselves (with a thousand segments' parts
        // each) are then moved into the savings, not copied.
        let evidence = case
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
                        priced_on_default: !l.default_rates().is_empty(),
                        target: None,
                        benefit: l.benefit,
                        break_even: l.break_even,
                    },
                )
            })
            .collect();
        let mut report = Report {
            projected: assumptions.projected,
            pilot_plan,
            targets: if assumptions.projected {
                assumptions.targets.clone()
            } else {
                Vec::new()
            },
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
                annual_cash: Money(case.monthly_risk_adjusted_cash * twelve),
                annual_capacity: Money(
                    (case.monthly_risk_adjusted - case.monthly_risk_adjusted_cash) * twelve,
                ),
                levers: case.levers,
            },
            levers: evidence,
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
            headline: {
                let h = case.headline;
                let f = h.finance;
                HeadlineReport {
                    basis: h.basis,
                    annual: Money(h.monthly * twelve),
                    monthly: Money(h.monthly),
                    annual_cash: Money(h.monthly_cash * twelve),
                    annual_capacity: Money((h.monthly - h.monthly_cash) * twelve),
                    npv: case.investment.then_some(Money(f.npv)),
                    roi: f.roi,
                    payback_months: f.payback_months,
                    irr_annual: f.irr_annual,
                    irr_monthly: f.irr_monthly,
                    reason: h.missing,
                    cash_flows: f.cash_flows,
                    pv_costs: Money(f.pv_costs),
                    pv_benefits: Money(f.pv_benefits),
                    break_even_share: h.break_even_share,
                    max_investment: h.max_investment,
                    upside_annual: Money((case.monthly_risk_adjusted - h.monthly) * twelve),
                }
            },
            scenarios: case.scenarios,
            sensitivity: case.sensitivity,
            probability: case.probability,
            narrative,
            design,
            stated: assumptions.stated.clone(),
            assumptions: ledger,
            warnings,
            breakdown: None,
            track: seal::Seal::default(),
        };
        if let Some(baseline) = baseline {
            report.track = seal::seal(baseline, assumptions.text.clone());
        }
        report
    }
}

/// Each metric's report, keyed by its name, with roi.toml's label for a custom one.
pub fn metrics(
    compared: Vec<crate::compare::MetricComparison>,
    assumptions: &Assumptions,
) -> std::collections::BTreeMap<String, MetricReport> {
    let labels: std::collections::HashMap<&str, &crate::assumptions::Label> = assumptions
        .metrics
        .iter()
        .filter_map(|m| Some((m.name.as_str(), m.label.as_ref()?)))
        .collect();
    compared
        .into_iter()
        .map(|m| {
            let names = labels.get(m.name.as_str()).map(|l| (*l).clone());
            let label = names.as_ref().and_then(|l| l.get("en")).map(str::to_string);
            let labels = names.as_ref().map(|l| {
                crate::i18n::Lang::ALL
                    .iter()
                    .filter_map(|lang| {
                        Some((lang.code().to_string(), l.get(lang.code())?.to_string()))
                    })
                    .collect()
            });
            (
                m.name,
                MetricReport {
                    kind: m.kind,
                    unit: m.unit,
                    label,
                    names,
                    labels,
                    today: m.today,
                    after: m.after,
                    change: m.change,
                    trend: m.trend,
                    control: m.control,
                },
            )
        })
        .collect()
}
