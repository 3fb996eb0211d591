//! The headline: the annual savings split into proven and not yet proven, payback, NPV, ROI and IRR, or what the savings can carry without an investment.

use super::model::{Cell, Pair};
use super::words::{irr_text, lever_names, payback, text};
use crate::i18n::{Lang, fill};
use crate::report::Report;
use rust_decimal::Decimal;

/// The headline: the risk-adjusted annual savings split into proven and not yet proven, then
/// (with an investment) payback, NPV expected and conservative, ROI and IRR, or (without)
/// the investment the savings can carry.
pub fn headline(report: &Report, lang: Lang) -> Vec<Pair> {
    let cat = lang.cat();
    let p = &cat.p;
    let f = &report.finance;
    let s = &report.savings;
    let months = f.horizon_months.to_string();
    let over = fill(
        p.h_npv_note,
        &[
            ("months", &months),
            ("months_word", cat.nouns.month.form(&months)),
            ("rate", &lang.percent(f.discount_rate)),
        ],
    );
    let pair = |label: &str, value: Cell, note: Option<String>, figure| Pair {
        label: label.to_string(),
        value,
        note,
        figure,
    };
    let risk = lang.percent(s.risk_adjustment);
    let loss = s.annual_risk_adjusted.0 < Decimal::ZERO;
    let mut note = fill(
        if loss {
            p.h_loss_note
        } else {
            p.h_savings_note
        },
        &[("risk", &risk)],
    );
    // With --by the headline is the sum over the segments, and says so.
    if let Some(b) = &report.breakdown {
        note.push_str(&fill(p.h_stratified_note, &[("by", &b.by)]));
    }
    let mut pairs = vec![pair(
        if loss { p.h_loss } else { p.h_savings },
        Cell::Money(s.annual_risk_adjusted.0),
        Some(note),
        Some("annual_risk_adjusted"),
    )];
    if !s.levers.is_empty() {
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
            names(false).map(|n| fill(p.h_unproven_note, &[("levers", &n)])),
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
    let Some(npv) = f.npv else {
        let max = f.max_investment.unwrap_or(crate::economics::MaxInvestment {
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
    let payback_cell = match f.payback_months {
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
    let conservative = report
        .scenarios
        .conservative
        .npv
        .map_or_else(String::new, |c| lang.money(c.0, &report.currency));
    pairs.push(pair(
        p.h_npv,
        Cell::Money(npv.0),
        Some(fill(
            p.h_npv_conservative,
            &[("conservative", &conservative), ("over", &over)],
        )),
        Some("npv"),
    ));
    pairs.push(pair(
        p.h_roi,
        f.roi.map_or_else(|| text(p.none), Cell::Percent),
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
