//! The day in the life: the narrative's facts in the language's words.

use super::model::{Block, Para};
use super::words::metric_name;
use super::words::{counted, decapitalize, join, noise};
use crate::i18n::{Lang, capitalize, fill};
use crate::metric::{Role, Unit};
use crate::narrative::{Fact, Topic};
use crate::report::Report;

/// A fact in words; facts about one side (`CasesWithin` …) are clauses without a full stop.
pub(super) fn fact(report: &Report, lang: Lang, f: &Fact) -> String {
    let cat = lang.cat();
    let p = &cat.p;
    let n = &cat.nouns;
    match f {
        Fact::CasesWithin { p90, unit } => fill(
            p.fact_cases_within,
            &[("p90", &lang.duration_words(*p90, *unit, false))],
        ),
        Fact::ResponsesWithinSla {
            share,
            target,
            unit,
        } => fill(
            p.fact_responses_sla,
            &[
                ("share", &lang.percent(*share)),
                ("target", &lang.duration_words(*target, *unit, false)),
                (
                    "target_short",
                    &lang.with_unit(lang.trimmed(*target), *unit),
                ),
            ],
        ),
        Fact::ResponsesWithin { p90, unit } => fill(
            p.fact_responses_within,
            &[("p90", &lang.duration_words(*p90, *unit, false))],
        ),
        Fact::Interruptions {
            errors_per_month,
            downtime_hours_per_month,
        } => {
            let errors = errors_per_month.map(|e| {
                let (shown, word) = counted(lang, e, &n.error_gen);
                format!("{shown} {word}")
            });
            let downtime = downtime_hours_per_month.map(|h| {
                let shown = lang.one_decimal(h);
                format!("{shown} {}", n.hour_acc.form(&shown))
            });
            match (errors, downtime) {
                (Some(e), Some(d)) => fill(
                    p.fact_interruptions_both,
                    &[("errors", &e), ("downtime", &d)],
                ),
                (Some(e), None) => fill(p.fact_interruptions_errors, &[("errors", &e)]),
                (None, Some(d)) => fill(p.fact_interruptions_downtime, &[("downtime", &d)]),
                (None, None) => String::new(),
            }
        }
        Fact::Errors {
            per_month,
            per_year,
            proven,
        } => {
            let (shown, word) = counted(lang, *per_month, &n.error);
            let t = if *per_month > 0.0 {
                p.fact_errors_fewer
            } else {
                p.fact_errors_more
            };
            let year = lang.number(per_year.abs().round(), 0);
            let s = fill(t, &[("n", &shown), ("errors_word", word), ("year", &year)]);
            format!("{s}{}", noise(lang, *proven))
        }
        Fact::Downtime {
            hours_per_month,
            productive_hours_per_year,
            proven,
        } => {
            let hours = lang.duration_words(hours_per_month.abs(), Unit::Hours, false);
            let noun = if *hours_per_month > 0.0 {
                &n.productive_hour
            } else {
                &n.lost_hour
            };
            let (shown, word) = counted(lang, *productive_hours_per_year, noun);
            let t = if *hours_per_month > 0.0 {
                p.fact_downtime_fewer
            } else {
                p.fact_downtime_more
            };
            let s = fill(
                t,
                &[
                    ("hours", &hours),
                    ("productive", &format!("{shown} {word}")),
                ],
            );
            format!("{s}{}", noise(lang, *proven))
        }
        Fact::LateResponses { per_month, proven } => {
            let (shown, word) = counted(lang, *per_month, &n.late_response);
            let t = if *per_month > 0.0 {
                p.fact_late_fewer
            } else {
                p.fact_late_more
            };
            let s = fill(t, &[("n", &shown), ("late_word", word)]);
            format!("{s}{}", noise(lang, *proven))
        }
        Fact::Count {
            metric,
            per_month,
            proven,
        } => {
            let t = if *per_month > 0.0 {
                p.fact_count_fewer
            } else {
                p.fact_count_more
            };
            let s = fill(
                t,
                &[
                    ("metric", &metric_name(report, lang, metric)),
                    ("n", &lang.number(per_month.abs().round(), 0)),
                ],
            );
            format!("{s}{}", noise(lang, *proven))
        }
        Fact::MeanTime {
            metric,
            role,
            today,
            after,
            unit,
            change,
            proven,
        } => {
            let faster = after < today;
            let mut parts: Vec<String> = change.iter().map(|c| lang.signed_percent(*c)).collect();
            if !proven {
                parts.push(p.not_proven_short.to_string());
            }
            // With --by, a mean that moved against most of its segments moved by the mix.
            if let Some(b) = &report.breakdown
                && let Some(d) = b.decomposition.get(metric)
                && d.change != 0.0
                && d.opposite_share > 0.5
            {
                parts.push(fill(
                    if d.change < 0.0 {
                        p.fact_mix_only_faster
                    } else {
                        p.fact_mix_only_slower
                    },
                    &[("by", &b.by)],
                ));
            }
            let change_text = if parts.is_empty() {
                String::new()
            } else {
                format!(" ({})", parts.join(", "))
            };
            let t = match (role, faster) {
                (Role::Cycle, true) => p.fact_cycle_faster,
                (Role::Cycle, false) => p.fact_cycle_slower,
                (Role::FirstResponse, true) => p.fact_response_faster,
                (Role::FirstResponse, false) => p.fact_response_slower,
                (_, true) => p.fact_mean_faster,
                (_, false) => p.fact_mean_slower,
            };

            fill(
                t,
                &[
                    ("metric", &capitalize(&metric_name(report, lang, metric))),
                    ("today", &lang.duration_words(*today, *unit, false)),
                    ("after", &lang.duration_words(*after, *unit, false)),
                    ("today_number", &lang.one_decimal(*today)),
                    ("after_gen", &lang.duration_words(*after, *unit, true)),
                    ("change", &change_text),
                ],
            )
        }
        Fact::CapacityGained { share } => {
            fill(p.fact_capacity, &[("share", &lang.percent(*share))])
        }
        Fact::Worth {
            annual,
            proven,
            basis,
            risk_adjustment,
            staff_hours_per_month,
            fte,
            investment,
            payback_months,
            horizon_months,
        } => {
            // "About" amounts: rounded as a reader says them (`ok. 121 tys. EUR`).
            let money = |m: &crate::money::Money| lang.money_about(m.0.abs(), &report.currency);
            let risk = lang.percent(*risk_adjustment);
            let loss = annual.0 < rust_decimal::Decimal::ZERO;
            // On the proven basis the proven changes lead and the rest follows as upside; a
            // loss is told whole.
            let lead_proven = *basis == crate::rules::Basis::Proven && !loss;
            let mut s = if annual.0.is_zero() {
                p.fact_worth_none.to_string()
            } else if lead_proven && proven.0 > rust_decimal::Decimal::ZERO {
                fill(
                    p.fact_worth_proven_first,
                    &[("proven", &money(proven)), ("risk", &risk)],
                )
            } else if lead_proven {
                p.fact_worth_none_proven.to_string()
            } else {
                fill(
                    if loss { p.fact_costs } else { p.fact_worth },
                    &[("annual", &money(annual)), ("risk", &risk)],
                )
            };
            let rest = crate::money::Money(annual.0 - proven.0);
            let upside = (lead_proven && rest.0 > rust_decimal::Decimal::ZERO)
                .then(|| fill(p.fact_worth_upside, &[("upside", &money(&rest))]));
            if !lead_proven && !loss && proven.0 != annual.0 && !report.projected {
                s.push_str(&fill(
                    p.fact_worth_proven,
                    &[("proven", &lang.money_about(proven.0, &report.currency))],
                ));
            }
            if let (Some(h), Some(f), false) = (staff_hours_per_month, fte, loss) {
                let (hours, hours_word) = counted(lang, *h, &n.staff_hour);
                let fte = lang.fte(*f);
                s.push_str(&fill(
                    p.fact_worth_staff,
                    &[
                        ("hours", &hours),
                        ("hours_word", hours_word),
                        ("fte", &fte),
                        ("fte_word", n.fte.form(&fte)),
                    ],
                ));
            }
            s.push_str(upside.as_deref().unwrap_or_default());
            let horizon = horizon_months.to_string();
            if !investment {
                s.push('.');
                return s;
            }
            s.push_str(&match payback_months {
                Some(m) => {
                    let shown = lang.number(*m, 1);
                    fill(
                        p.fact_worth_payback,
                        &[
                            ("months", &shown),
                            ("months_word", n.month.form(&shown)),
                            ("horizon", &horizon),
                        ],
                    )
                }
                None => fill(
                    p.fact_worth_no_payback,
                    &[
                        ("horizon", &horizon),
                        ("horizon_word", n.month.form(&horizon)),
                    ],
                ),
            });
            s
        }
    }
}

/// The paragraphs of the day in the life.
pub fn narrative(report: &Report, lang: Lang) -> Vec<Block> {
    let p = &lang.cat().p;
    let paras: Vec<Para> = report
        .narrative
        .iter()
        .filter_map(|para| {
            let lead = match para.topic {
                Topic::Today => p.topic_today,
                Topic::After if report.projected => p.topic_projected,
                Topic::After => p.topic_after,
                Topic::Disappears => p.topic_disappears,
                Topic::SpeedsUp => p.topic_speeds_up,
                Topic::GetsWorse => p.topic_gets_worse,
                Topic::Worth => p.topic_worth,
            };
            let text = match para.topic {
                // One side's promise: clauses joined into one sentence, then what interrupts.
                Topic::Today | Topic::After => {
                    let (clauses, rest): (Vec<&Fact>, Vec<&Fact>) = para
                        .facts
                        .iter()
                        .partition(|f| !matches!(f, Fact::Interruptions { .. }));
                    let mut sentences = Vec::new();
                    if !clauses.is_empty() {
                        let c: Vec<String> =
                            clauses.iter().map(|f| fact(report, lang, f)).collect();
                        sentences.push(format!("{}.", capitalize(&c.join(p.clause_and))));
                    }
                    sentences.extend(rest.iter().map(|f| fact(report, lang, f)));
                    sentences.join(" ")
                }
                // Lists of changes: one sentence, its items in lower case.
                Topic::Disappears | Topic::GetsWorse => {
                    let items: Vec<String> = para
                        .facts
                        .iter()
                        .map(|f| {
                            let s = fact(report, lang, f);
                            decapitalize(s.strip_suffix('.').unwrap_or(&s))
                        })
                        .collect();
                    format!("{}.", capitalize(&join(lang, &items, true)))
                }
                Topic::SpeedsUp | Topic::Worth => para
                    .facts
                    .iter()
                    .map(|f| capitalize(&fact(report, lang, f)))
                    .collect::<Vec<_>>()
                    .join(" "),
            };
            // A projection proves nothing yet: its changes are marked projected, not unproven.
            let text = if report.projected {
                text.replace(p.not_proven, p.projected_mark)
                    .replace(p.not_proven_short, p.chart_projected)
            } else {
                text
            };
            (!text.is_empty()).then(|| Para {
                lead: Some(lead.to_string()),
                text,
            })
        })
        .collect();
    if paras.is_empty() {
        Vec::new()
    } else {
        vec![Block::Paragraphs(paras)]
    }
}
