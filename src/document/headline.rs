//! The headline: the annual savings split into proven and not yet proven, payback, NPV, ROI and IRR, or what the savings can carry without an investment.

use super::model::{Cell, Pair};
use super::words::{irr_text, lever_names, payback, text};
use crate::economics::probability::Probability;
use crate::i18n::{Lang, fill};
use crate::report::Report;
use rust_decimal::Decimal;

/// The headline: the risk-adjusted annual savings split into proven and not yet proven, then
/// (with an investment) payback, NPV expected and conservative, ROI and IRR, or (without)
/// the investment the savings can carry.
pub fn headline(report: &Report, lang: Lang) -> Vec<Pair> {
    let cat = lang.cat();
    let p = &cat.p;
    let s = &report.savings;
    let over = over(report, lang);
    let pair = |label: &str, value: Cell, note: Option<String>, figure| Pair {
        label: label.to_string(),
        value,
        note,
        figure,
    };
    let risk = lang.percent(s.risk_adjustment);
    let h = &report.headline;
    let proven_basis = h.basis == crate::rules::Basis::Proven;
    let loss = h.annual.0 < Decimal::ZERO;
    let mut note = fill(
        match (loss, proven_basis) {
            (true, _) => p.h_loss_note,
            (false, true) => p.h_savings_proven_note,
            (false, false) => p.h_savings_note,
        },
        &[("risk", &risk)],
    );
    if proven_basis && !loss {
        let names = lever_names(report, lang, true);
        note = if names.is_empty() {
            p.h_savings_proven_none.to_string()
        } else {
            format!("{note}: {names}")
        };
    }
    // With --by the headline is the sum over the segments, and says so.
    if let Some(b) = &report.breakdown {
        note.push_str(&fill(p.h_stratified_note, &[("by", &b.by)]));
    }
    if report.projected {
        note = fill(
            p.h_projected_note,
            &[
                ("risk", &risk),
                ("targets", &super::evidence::targets(report, lang)),
            ],
        );
    }
    let label = savings_label(report, lang);
    let mut pairs = vec![pair(
        label,
        Cell::Money(h.annual.0),
        Some(note),
        Some("headline_annual"),
    )];
    pairs.extend(cash_and_capacity(report, lang));
    let upside = upside(report, lang);
    if proven_basis {
        // The levers not yet proven follow as upside, each with what would settle it.
        if !upside.is_empty() {
            pairs.push(pair(
                if h.upside_annual.0 < Decimal::ZERO {
                    p.h_downside
                } else {
                    p.h_upside
                },
                Cell::Money(h.upside_annual.0),
                Some(upside),
                Some("headline_upside"),
            ));
        }
    } else if !s.levers.is_empty() && !report.projected {
        let names = |proven| {
            let n = lever_names(report, lang, proven);
            (!n.is_empty()).then_some(n)
        };
        pairs.push(pair(
            p.h_proven,
            Cell::Money(s.annual_risk_adjusted_proven.0),
            names(true),
            Some("annual_risk_adjusted_proven"),
        ));
        pairs.push(pair(
            p.h_unproven,
            Cell::Money(s.annual_risk_adjusted_unproven.0),
            (!upside.is_empty()).then_some(upside),
            Some("annual_risk_adjusted_unproven"),
        ));
    }
    // A lever priced on roi's defaults rests on a figure nobody here stands behind: named
    // where the money is.
    let defaults: Vec<String> = s
        .levers
        .iter()
        .filter(|l| !l.monthly.0.is_zero())
        .filter_map(|l| {
            let keys: Vec<String> = l.default_rates().iter().map(|k| k.to_string()).collect();
            (!keys.is_empty()).then(|| {
                format!(
                    "{}: {}",
                    super::words::lever_name(report, lang, l),
                    super::words::rates_text(report, lang, &keys)
                )
            })
        })
        .collect();
    if !defaults.is_empty() {
        pairs.push(pair(
            p.h_defaults,
            text(defaults.join("; ")),
            Some(p.h_defaults_note.to_string()),
            None,
        ));
    }
    if !report.stated.is_empty() {
        pairs.push(pair(
            p.h_stated,
            text(super::stated_short(report, lang, 3)),
            Some(p.h_stated_note.to_string()),
            None,
        ));
    }
    let Some(npv) = h.npv else {
        let max = h.max_investment.unwrap_or(crate::economics::MaxInvestment {
            npv_zero: None,
            payback_12: None,
        });
        let money_or_none = |m: Option<crate::money::Money>| {
            m.map_or_else(|| text(p.max_investment_none), |m| Cell::Money(m.0))
        };
        pairs.push(pair(
            p.h_max_npv,
            money_or_none(max.npv_zero),
            Some(fill(p.h_max_npv_note, &[("over", &over)])),
            Some("max_investment_npv_zero"),
        ));
        pairs.push(pair(
            p.h_max_payback,
            money_or_none(max.payback_12),
            Some(p.h_max_payback_note.to_string()),
            Some("max_investment_payback_12"),
        ));
        pairs.push(pair(
            p.h_investment,
            text(p.h_no_investment),
            Some(p.h_no_investment_note.to_string()),
            None,
        ));
        return pairs;
    };
    let payback_cell = match h.payback_months {
        Some(m) => Cell::Quantity {
            value: m,
            text: payback(report, lang, Some(m)),
        },
        None => text(payback(report, lang, None)),
    };
    pairs.push(pair(
        p.h_payback,
        payback_cell,
        None,
        Some("payback_months"),
    ));
    if let Some(pr) = &report.probability {
        pairs.push(chance(report, lang, pr));
    }
    let scenario_npv = |sc: &crate::economics::Scenario| {
        sc.npv
            .map_or_else(String::new, |c| lang.money(c.0, &report.currency))
    };
    let conservative = scenario_npv(&report.scenarios.conservative);
    let npv_note = if report.projected {
        fill(p.h_npv_projected, &[("over", &over)])
    } else if proven_basis {
        fill(
            p.h_npv_proven_note,
            &[
                ("all", &scenario_npv(&report.scenarios.expected)),
                ("conservative", &conservative),
                ("over", &over),
            ],
        )
    } else {
        fill(
            p.h_npv_conservative,
            &[
                ("proven", &scenario_npv(&report.scenarios.proven)),
                ("conservative", &conservative),
                ("over", &over),
            ],
        )
    };
    pairs.push(pair(
        p.h_npv,
        Cell::Money(npv.0),
        Some(npv_note),
        Some("npv"),
    ));
    pairs.push(pair(
        p.h_roi,
        h.roi.map_or_else(|| text(p.none), Cell::Percent),
        // ROI means several things to a CFO: roi's is said where it is shown.
        Some(p.h_roi_note.to_string()),
        Some("roi"),
    ));
    pairs.push(pair(
        p.h_irr,
        irr_text(report, lang),
        None,
        Some("irr_annual"),
    ));
    pairs
}

/// A probability as the headline says it: a whole percent, never 0% or 100% (a normal
/// distribution gives neither): "more than 99%", "less than 1%".
pub fn chance_text(lang: Lang, p: f64) -> String {
    let cat = lang.cat();
    if p >= 0.995 {
        cat.p.chance_above.to_string()
    } else if p < 0.005 {
        cat.p.chance_below.to_string()
    } else {
        format!("{}%", lang.number((p * 100.0).round(), 0))
    }
}

/// What the chance counts: the rates as stated, or the ranges roi.toml gives ("with the
/// ranges given for hourly cost and the investment").
pub fn chance_counts(report: &Report, lang: Lang, pr: &Probability) -> String {
    let p = &lang.cat().p;
    if pr.ranged.is_empty() {
        return p.chance_rates_as_stated.to_string();
    }
    fill(
        p.chance_ranges,
        &[("names", &ranged_names(report, lang, pr))],
    )
}

/// The assumptions drawn from their ranges, by name: "cost of a staff hour and labor share".
pub fn ranged_names(report: &Report, lang: Lang, pr: &Probability) -> String {
    let names: Vec<String> = pr
        .ranged
        .iter()
        .map(|k| super::words::assumption_name(report, lang, k))
        .collect();
    super::words::join(lang, &names, false)
}

/// The headline's line on how likely the case is: the chance it pays back within the
/// horizon, then within 12 months, NPV above zero and the NPV's 90% range.
fn chance(report: &Report, lang: Lang, pr: &Probability) -> Pair {
    let cat = lang.cat();
    let p = &cat.p;
    let months = report.finance.horizon_months.to_string();
    let counts = chance_counts(report, lang, pr);
    let money = |m: crate::money::Money| lang.money(m.0, &report.currency);
    let (p05, p95) = (money(pr.npv_p05), money(pr.npv_p95));
    let npv_positive = chance_text(lang, pr.npv_positive);
    let basis_args = [
        ("months", months.as_str()),
        ("months_word", cat.nouns.month.form(&months)),
        ("counts", counts.as_str()),
    ];
    let mut note = fill(
        if report.projected {
            p.h_chance_basis_projected
        } else {
            p.h_chance_basis
        },
        &basis_args,
    );
    note.push_str(". ");
    // A horizon of 12 months or less: the 12-month figure is the horizon's.
    if pr.within_months < report.finance.horizon_months {
        let p12 = chance_text(lang, pr.payback_within_12);
        note.push_str(&fill(p.h_chance_within_12, &[("p12", &p12)]));
        note.push_str("; ");
    }
    // No spread (every draw the same NPV): one figure, not a range from it to itself.
    note.push_str(&if p05 == p95 {
        fill(
            p.h_chance_npv_point,
            &[("npv_positive", &npv_positive), ("npv", &p05)],
        )
    } else {
        fill(
            p.h_chance_npv,
            &[
                ("npv_positive", &npv_positive),
                ("p05", &p05),
                ("p95", &p95),
            ],
        )
    });
    Pair {
        label: p.h_chance.to_string(),
        value: Cell::Quantity {
            value: pr.payback_within_horizon,
            text: chance_text(lang, pr.payback_within_horizon),
        },
        note: Some(note),
        figure: Some("p_payback_horizon"),
    }
}

/// The horizon and rate the NPV is taken over: "36 months at 8%".
pub(super) fn over(report: &Report, lang: Lang) -> String {
    let cat = lang.cat();
    let f = &report.finance;
    let months = f.horizon_months.to_string();
    fill(
        cat.p.h_npv_note,
        &[
            ("months", &months),
            ("months_word", cat.nouns.month.form(&months)),
            ("rate", &lang.percent(f.discount_rate)),
        ],
    )
}

/// The headline's label: proven or all, savings or a loss, measured or projected.
pub(super) fn savings_label(report: &Report, lang: Lang) -> &'static str {
    let p = &lang.cat().p;
    let h = &report.headline;
    let loss = h.annual.0 < Decimal::ZERO;
    match (loss, h.basis == crate::rules::Basis::Proven) {
        (false, _) if report.projected => p.h_savings_projected,
        (true, true) => p.h_loss_proven,
        (true, false) => p.h_loss,
        (false, true) => p.h_savings_proven,
        (false, false) => p.h_savings,
    }
}

/// The levers not yet proven, each with its risk-adjusted annual amount, grouped by what would
/// settle them: "downtime 127,600 EUR: more after-data cannot settle this, today's data is too
/// noisy; complaints 29,349 EUR: about 42 more weeks of after-data would settle this".
pub(super) fn upside(report: &Report, lang: Lang) -> String {
    use crate::economics::levers::MoreData;
    let cat = lang.cat();
    let p = &cat.p;
    let risk = Decimal::try_from(report.savings.risk_adjustment).unwrap_or_default();
    // (template, weeks) → the levers it speaks of, in the levers' order.
    let mut groups: Vec<((&str, u32), Vec<String>)> = Vec::new();
    for l in report
        .savings
        .levers
        .iter()
        .filter(|l| !l.significant && !l.monthly.0.is_zero())
    {
        let annual =
            crate::economics::Split::of([l.monthly.0]).risk_adjusted(risk) * Decimal::from(12);
        let key = match (l.more_data, l.more_data_weeks) {
            (MoreData::Weeks, Some(w)) => (p.up_weeks, w),
            (MoreData::TodayTooNoisy, _) => (p.up_noisy, 0),
            (MoreData::NoWindow | MoreData::NoSpread, _) => (p.up_unknown, 0),
            _ => (p.up_year, 0),
        };
        let item = format!(
            "{} {}",
            super::words::lever_name(report, lang, l),
            lang.money(annual, &report.currency)
        );
        match groups.iter_mut().find(|(k, _)| *k == key) {
            Some((_, items)) => items.push(item),
            None => groups.push((key, vec![item])),
        }
    }
    groups
        .iter()
        .map(|((template, weeks), items)| {
            let weeks = weeks.to_string();
            fill(
                template,
                &[
                    ("levers", &items.join(", ")),
                    ("weeks", &weeks),
                    ("weeks_word", cat.nouns.week_gen.form(&weeks)),
                ],
            )
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// The headline's money split into cash and capacity, each with its levers; capacity with the
/// staff hours behind it and the share counted, so the FTE never reads as cash.
fn cash_and_capacity(report: &Report, lang: Lang) -> Vec<Pair> {
    use crate::rules::{Basis, Benefit};
    let cat = lang.cat();
    let p = &cat.p;
    let h = &report.headline;
    let counted: Vec<&crate::economics::levers::Lever> = report
        .savings
        .levers
        .iter()
        .filter(|l| h.basis == Basis::All || l.significant)
        .filter(|l| !l.monthly.0.is_zero())
        .collect();
    if counted.is_empty() {
        return Vec::new();
    }
    let names = |b: Benefit| {
        counted
            .iter()
            .filter(|l| l.benefit == b)
            .map(|l| super::words::lever_name(report, lang, l))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let recapture = report.capacity_recapture();
    let mut capacity_note = fill(
        p.h_capacity_note,
        &[
            ("levers", &names(Benefit::Capacity)),
            ("pct", &lang.percent(recapture)),
        ],
    );
    // The staff hours are the cycle-time lever's: named only where it is counted.
    let staff = report
        .views
        .hours_saved
        .as_ref()
        .filter(|_| {
            counted
                .iter()
                .any(|l| l.name == "cycle_time" && l.benefit == Benefit::Capacity)
        })
        .filter(|s| s.hours_per_month > 0.5);
    if let Some(s) = staff {
        let hours = lang.number(s.hours_per_month.round(), 0);
        let fte = lang.fte(s.fte);
        capacity_note.push_str(&fill(
            p.h_capacity_fte,
            &[
                ("hours", &hours),
                ("hours_word", cat.nouns.staff_hour.form(&hours)),
                ("fte", &fte),
                ("fte_word", cat.nouns.fte.form(&fte)),
            ],
        ));
    }
    let cash_names = names(Benefit::Cash);
    vec![
        Pair {
            label: p.h_cash.to_string(),
            value: Cell::Money(h.annual_cash.0),
            note: Some(if cash_names.is_empty() {
                p.h_cash_none.to_string()
            } else {
                fill(p.h_cash_note, &[("levers", &cash_names)])
            }),
            figure: Some("headline_cash"),
        },
        Pair {
            label: p.h_capacity.to_string(),
            value: Cell::Money(h.annual_capacity.0),
            note: (!names(Benefit::Capacity).is_empty()).then_some(capacity_note),
            figure: Some("headline_capacity"),
        },
    ]
}
