//! The one-pager's brief: what a COO reads in 30 seconds on page 1 and on the deck's first
//! slides — three or four figure tiles, the design of the evidence in one line, and at most
//! three lines of what must be believed. The figures are the headline's; only their
//! arrangement is new.

use super::model::Para;
use crate::i18n::{Lang, capitalize, fill};
use crate::report::Report;
use rust_decimal::Decimal;

/// The brief of a case.
#[derive(Debug, Clone, PartialEq)]
pub struct Brief {
    pub tiles: Vec<Tile>,
    /// The design of the evidence (before/after, comparison, control, projection) in a line.
    pub design: String,
    /// At most three lines: the control's or the targets' verdict, the break-even share, the
    /// upside with what would settle it.
    pub believe: Vec<Para>,
    /// How likely it pays back within the horizon, in a line under the tiles, when the
    /// report has the chance (docs/method.md#how-likely).
    pub chance: Option<String>,
}

/// One large figure with its label above and its caption below.
#[derive(Debug, Clone, PartialEq)]
pub struct Tile {
    pub label: String,
    pub value: String,
    pub caption: String,
    pub tone: Tone,
}

impl Tile {
    /// The figure is an amount: it holds a digit and at most one word without one (`121 068
    /// EUR`, `13,8 miesiąca`, `month 13.8`), and stays on one line. Else it is a phrase (`none:
    /// the savings do not cover the costs`, `not within 36 months`), which wraps at its spaces,
    /// not inside a word.
    pub fn is_amount(&self) -> bool {
        let digits = |w: &str| w.chars().any(|c| c.is_ascii_digit());
        digits(&self.value) && self.value.split_whitespace().filter(|w| !digits(w)).count() <= 1
    }
}

/// How a tile is coloured: proven money, upside not yet proven, a loss, or plain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Proven,
    Upside,
    Loss,
    Plain,
}

/// The brief: proven annual savings, payback (or the investment the savings carry), NPV (or
/// what pays back in 12 months), and the upside not yet proven (or ROI when none).
pub fn brief(report: &Report, lang: Lang) -> Brief {
    let cat = lang.cat();
    let p = &cat.p;
    let h = &report.headline;
    let cur = &report.currency;
    let money = |d: Decimal| lang.money(d, cur);
    let proven_basis = h.basis == crate::rules::Basis::Proven;
    let loss = h.annual.0 < Decimal::ZERO;
    let mut tiles = Vec::new();
    let label = super::headline::savings_label(report, lang);
    tiles.push(Tile {
        label: label.to_string(),
        value: money(h.annual.0),
        caption: fill(
            p.tile_savings_note,
            &[("risk", &lang.percent(report.savings.risk_adjustment))],
        ),
        tone: if loss {
            Tone::Loss
        } else if report.projected {
            Tone::Upside
        } else {
            Tone::Proven
        },
    });
    let f = &report.finance;
    let months = f.horizon_months.to_string();
    let over = super::headline::over(report, lang);
    match h.npv {
        Some(npv) => {
            let investment = money(f.investment_one_time.map_or(Decimal::ZERO, |m| m.0));
            let value = match h.payback_months {
                Some(m) if m > 0.0 => {
                    let shown = lang.number(m, 1);
                    fill(
                        p.tile_payback_value,
                        &[
                            ("months", &shown),
                            ("months_word", cat.nouns.month.form(&shown)),
                        ],
                    )
                }
                m => super::payback(report, lang, m),
            };
            tiles.push(Tile {
                label: p.h_payback.to_string(),
                value,
                caption: fill(
                    p.tile_payback_note,
                    &[("horizon", &months), ("investment", &investment)],
                ),
                tone: Tone::Plain,
            });
            tiles.push(Tile {
                label: p.tile_npv.to_string(),
                value: money(npv.0),
                caption: over.clone(),
                tone: if npv.0 < Decimal::ZERO {
                    Tone::Loss
                } else {
                    Tone::Plain
                },
            });
        }
        None => {
            let max = h.max_investment;
            let shown = |m: Option<crate::money::Money>| {
                m.map_or_else(|| p.max_investment_none.to_string(), |m| money(m.0))
            };
            tiles.push(Tile {
                label: p.h_max_npv.to_string(),
                value: shown(max.and_then(|m| m.npv_zero)),
                caption: fill(p.h_max_npv_note, &[("over", &over)]),
                tone: Tone::Plain,
            });
            tiles.push(Tile {
                label: p.h_max_payback.to_string(),
                value: shown(max.and_then(|m| m.payback_12)),
                caption: p.h_max_payback_note.to_string(),
                tone: Tone::Plain,
            });
        }
    }
    // The fourth tile: what is not yet proven, or, when everything is, the ROI.
    let unproven = super::words::lever_names(report, lang, false);
    let upside = if proven_basis {
        h.upside_annual.0
    } else {
        report.savings.annual_risk_adjusted_unproven.0
    };
    if !report.projected && !unproven.is_empty() {
        tiles.push(Tile {
            label: if proven_basis {
                if upside < Decimal::ZERO {
                    p.h_downside.to_string()
                } else {
                    p.h_upside.to_string()
                }
            } else {
                capitalize(p.h_unproven)
            },
            value: money(upside),
            caption: unproven,
            tone: if upside < Decimal::ZERO {
                Tone::Loss
            } else {
                Tone::Upside
            },
        });
    } else if let Some(roi) = h.roi {
        tiles.push(Tile {
            label: p.h_roi.to_string(),
            value: lang.percent(roi),
            caption: p.h_roi_note.to_string(),
            tone: Tone::Plain,
        });
    }
    Brief {
        tiles,
        design: super::evidence::design(report, lang),
        believe: believe(report, lang),
        chance: chance(report, lang),
    }
}

/// "99% chance it pays back within 36 months (from the measured noise …; rates as stated)".
fn chance(report: &Report, lang: Lang) -> Option<String> {
    let pr = report.probability.as_ref()?;
    let cat = lang.cat();
    let months = report.finance.horizon_months.to_string();
    // The ranges named briefly: page 1 has one line for this.
    let counts = if pr.ranged.is_empty() {
        super::headline::chance_counts(report, lang, pr)
    } else if pr.ranged.len() > 1 {
        // Two names or more would wrap the line and push page 1's second chart over.
        cat.p.brief_chance_ranges_many.to_string()
    } else {
        fill(
            cat.p.brief_chance_ranges,
            &[("names", &super::headline::ranged_names(report, lang, pr))],
        )
    };
    Some(capitalize(&fill(
        cat.p.brief_chance,
        &[
            (
                "chance",
                &super::headline::chance_text(lang, pr.payback_within_horizon),
            ),
            ("months", &months),
            ("months_word", cat.nouns.month.form(&months)),
            ("counts", &counts),
        ],
    )))
}

/// What must be believed, in at most three lines.
fn believe(report: &Report, lang: Lang) -> Vec<Para> {
    let p = &lang.cat().p;
    let mut lines = Vec::new();
    if let Some(text) = super::evidence::control(report, lang) {
        lines.push(Para {
            lead: Some(p.control_lead.to_string()),
            text,
        });
    } else if let Some(text) = super::evidence::against_targets(report, lang) {
        lines.push(Para {
            lead: Some(p.target_lead.to_string()),
            text,
        });
    }
    if let Some(text) = super::evidence::break_even(report, lang) {
        lines.push(Para { lead: None, text });
    }
    if !report.projected {
        let upside = super::headline::upside(report, lang);
        if !upside.is_empty() {
            lines.push(Para {
                lead: Some(p.brief_upside_lead.to_string()),
                text: format!("{}.", upside),
            });
        }
    }
    lines.truncate(3);
    lines
}

#[cfg(test)]
mod tests {
    use super::{Tile, Tone};

    #[test]
    fn amounts_stay_on_one_line_and_phrases_wrap() {
        let tile = |value: &str| Tile {
            label: String::new(),
            value: value.to_string(),
            caption: String::new(),
            tone: Tone::Plain,
        };
        for amount in [
            "121 068 EUR",
            "121,068 EUR",
            "1 234 567 EUR",
            "-140 797 EUR",
            "13,8 miesiąca",
            "month 13.8",
            "99%",
        ] {
            assert!(tile(amount).is_amount(), "{amount}");
        }
        for phrase in [
            "not within 36 months",
            "none: the savings do not cover the costs",
            "brak – oszczędności nie pokrywają kosztów",
        ] {
            assert!(!tile(phrase).is_amount(), "{phrase}");
        }
    }
}
