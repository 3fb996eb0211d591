//! What you must believe: the break-even share, and per lever the change it needs to pay back alone and how much more data would settle it.

use super::model::{Block, Para};
use super::words::improvement;
use crate::i18n::{Lang, capitalize, fill};
use crate::report::Report;

/// What you must believe: with an investment, the share of the measured savings at which it
/// pays back; then each lever: the improvement at which it alone would pay back, and, when
/// its change is not proven, how much more after-data would tell.
pub fn evidence(report: &Report, lang: Lang) -> Vec<Block> {
    use crate::economics::levers::MoreData;
    use rust_decimal::prelude::ToPrimitive;
    let cat = lang.cat();
    let p = &cat.p;
    let mut items = vec![Para {
        lead: Some(p.design_lead.to_string()),
        text: design(report, lang),
    }];
    if let Some(text) = control(report, lang) {
        items.push(Para {
            lead: Some(p.control_lead.to_string()),
            text,
        });
    }
    if let Some(text) = against_targets(report, lang) {
        items.push(Para {
            lead: Some(p.target_lead.to_string()),
            text,
        });
    }
    if let Some(text) = break_even(report, lang) {
        items.push(Para { lead: None, text });
    }
    for l in &report.savings.levers {
        let mut sentences = Vec::new();
        // What a lever must deliver, for the levers that deliver something.
        if let Some(b) = l.break_even.filter(|b| b.improvement_measured > 0.0) {
            let measured = match b.measured_pct {
                Some(m) if m > 0.0 => fill(p.measured_fell, &[("pct", &lang.percent(m))]),
                Some(m) if m < 0.0 => fill(p.measured_rose, &[("pct", &lang.percent(-m))]),
                _ => p.measured_same.to_string(),
            };
            let needed_pct = b.needed_pct.map_or_else(String::new, |n| lang.percent(n));
            sentences.push(if let Some(n) = b.needed_pct.filter(|n| *n > 1.0) {
                // More than removing every one: no improvement percentage to name, only what
                // the whole of it would cover (the lever is linear in its change).
                fill(
                    if report.projected {
                        p.believe_lever_impossible_projected
                    } else {
                        p.believe_lever_impossible
                    },
                    &[("cover", &lang.percent(1.0 / n)), ("measured", &measured)],
                )
            } else {
                fill(
                    if report.projected {
                        p.believe_lever_projected
                    } else {
                        p.believe_lever
                    },
                    &[
                        ("needed", &improvement(lang, b.unit, b.improvement_needed)),
                        ("needed_pct", &needed_pct),
                        ("measured", &measured),
                    ],
                )
            });
        }
        if l.formula.improvement().is_zero() {
            sentences.push(p.lever_unchanged.to_string());
        } else if !l.significant {
            let gain = l.formula.improvement();
            let today = l.formula.today.value;
            let pct = if today.is_zero() {
                String::new()
            } else {
                lang.percent((gain / today).abs().to_f64().unwrap_or(0.0))
            };
            let change = if gain.is_sign_negative() {
                p.change_rise
            } else {
                p.change_drop
            };
            let more = match (l.more_data, l.more_data_weeks) {
                (MoreData::Weeks, Some(w)) => {
                    let weeks = w.to_string();
                    Some(fill(
                        p.more_weeks,
                        &[
                            ("weeks", &weeks),
                            ("weeks_word", cat.nouns.week_gen.form(&weeks)),
                            ("pct", &pct),
                            ("change", change),
                        ],
                    ))
                }
                (MoreData::TodayTooNoisy, _) => {
                    Some(fill(p.more_noisy, &[("pct", &pct), ("change", change)]))
                }
                (MoreData::NoWindow, _) => Some(p.more_no_window.to_string()),
                (MoreData::NoSpread, _) => {
                    Some(fill(p.more_no_spread, &[("pct", &pct), ("change", change)]))
                }
                (MoreData::Proven | MoreData::Projected, _) => None,
                _ => Some(fill(p.more_year, &[("pct", &pct), ("change", change)])),
            };
            sentences.extend(more);
        }
        if sentences.is_empty() {
            continue;
        }
        // After the lever's name, the first sentence goes on in lower case.
        let text: Vec<String> = sentences
            .iter()
            .enumerate()
            .map(|(i, s)| if i == 0 { s.clone() } else { capitalize(s) })
            .collect();
        items.push(Para {
            lead: Some(capitalize(&super::lever_name(report, lang, l))),
            text: text.join(" "),
        });
    }
    if items.is_empty() {
        Vec::new()
    } else {
        vec![Block::List(items)]
    }
}

/// With an investment, the share of the headline's savings at which it pays back: "The case
/// holds if at least 41% of the proven savings materialise."
pub fn break_even(report: &Report, lang: Lang) -> Option<String> {
    let p = &lang.cat().p;
    let f = &report.headline;
    if !f.has_investment() || report.savings.levers.is_empty() {
        return None;
    }
    let savings = match f.basis {
        _ if report.projected => p.savings_projected,
        crate::rules::Basis::Proven => p.savings_proven,
        crate::rules::Basis::All => p.savings_measured,
    };
    Some(match f.break_even_share {
        Some(s) if s <= 1.0 => fill(
            p.believe_share,
            &[("share", &lang.percent(s)), ("savings", savings)],
        ),
        Some(s) => fill(
            p.believe_share_over,
            &[("share", &lang.percent(s)), ("savings", savings)],
        ),
        None => fill(p.believe_share_none, &[("savings", savings)]),
    })
}

/// The design of the evidence in a sentence or two: before/after or comparison, the two
/// periods, and for a before/after across calendar months what it cannot rule out.
pub fn design(report: &Report, lang: Lang) -> String {
    let p = &lang.cat().p;
    let (t, a) = (&report.inputs.today, &report.inputs.after);
    let span = |s: &crate::report::InputSide| match (&s.first_date, &s.last_date) {
        (Some(f), Some(l)) => Some(lang.date_span(f, l)),
        _ => None,
    };
    let periods = match (span(t), span(a)) {
        (Some(ts), Some(as_)) => fill(p.design_periods, &[("today", &ts), ("after", &as_)]),
        _ => String::new(),
    };
    match report.design {
        crate::report::Design::Projected => {
            let period = span(t).map_or(String::new(), |s| format!(" ({s})"));
            fill(
                p.design_projected,
                &[("period", &period), ("targets", &targets(report, lang))],
            )
        }
        crate::report::Design::Control => {
            let files = report.inputs.control.as_ref().map_or(String::new(), |c| {
                let name = |s: &crate::report::InputSide| s.file.clone();
                format!("{}, {}", name(&c.today), name(&c.after))
            });
            fill(
                p.design_control,
                &[("periods", &periods), ("control", &files)],
            )
        }
        crate::report::Design::Comparison => fill(p.design_comparison, &[("periods", &periods)]),
        crate::report::Design::BeforeAfter => {
            let mut s = fill(p.design_before_after, &[("periods", &periods)]);
            // Periods within one calendar month share its season; any other pair may not.
            let months = |s: &crate::report::InputSide| {
                s.first_date
                    .as_deref()
                    .zip(s.last_date.as_deref())
                    .map(|(f, l)| {
                        (
                            f.get(..7).unwrap_or(f).to_string(),
                            l.get(..7).unwrap_or(l).to_string(),
                        )
                    })
            };
            let same_month = matches!(
                (months(t), months(a)),
                (Some((tf, tl)), Some((af, al))) if tf == tl && af == al && tf == af
            );
            if !same_month {
                s.push(' ');
                s.push_str(p.design_seasonal);
            }
            s
        }
    }
}

/// The control site's own change beside this site's, per metric with a change: "cycle time
/// −30% here and −10% at the control site: the change is credited with −20%".
pub fn control(report: &Report, lang: Lang) -> Option<String> {
    let p = &lang.cat().p;
    let lines: Vec<String> = report
        .ordered_metrics()
        .filter_map(|(name, m)| {
            let (c, cm) = (m.change.as_ref()?, m.control.as_ref()?);
            let cc = cm.change.as_ref()?;
            let today = crate::compare::level(m.today.as_ref()?);
            if today == 0.0 {
                return None;
            }
            let here = (c.mean + cc.mean) / today;
            let name = super::metric_name(report, lang, name);
            if !c.significant {
                return Some(fill(
                    p.control_metric_none,
                    &[
                        ("metric", &name),
                        ("here", &lang.signed_percent(here)),
                        ("control", &lang.signed_percent(cc.mean_pct.unwrap_or(0.0))),
                    ],
                ));
            }
            Some(fill(
                p.control_metric,
                &[
                    ("metric", &name),
                    ("here", &lang.signed_percent(here)),
                    ("control", &lang.signed_percent(cc.mean_pct.unwrap_or(0.0))),
                    ("effect", &lang.signed_percent(c.mean_pct.unwrap_or(0.0))),
                ],
            ))
        })
        .collect();
    (!lines.is_empty()).then(|| format!("{}.", lines.join("; ")))
}

/// The targets of a projection in words: "cycle time -20%, errors -30%".
pub fn targets(report: &Report, lang: Lang) -> String {
    report
        .targets
        .iter()
        .map(|t| {
            format!(
                "{} {}",
                super::metric_name(report, lang, &t.metric),
                target_text(report, lang, t)
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// With `--projected`: each lever's measured change against its target, "cycle time −24%
/// measured against −20% projected: target met, proven".
pub fn against_targets(report: &Report, lang: Lang) -> Option<String> {
    let p = &lang.cat().p;
    let lines: Vec<String> = report
        .savings
        .levers
        .iter()
        .filter_map(|l| {
            let t = report.levers.get(&l.name)?.target?;
            let verdict = match (t.met, l.significant) {
                (true, true) => p.target_met_proven,
                (true, false) => p.target_met_unproven,
                (false, true) => p.target_missed_proven,
                (false, false) => p.target_missed_unproven,
            };
            Some(fill(
                p.target_check,
                &[
                    ("lever", &super::lever_name(report, lang, l)),
                    ("measured", &lang.signed_percent(t.measured_pct)),
                    ("projected", &lang.signed_percent(t.projected_pct)),
                    ("verdict", verdict),
                ],
            ))
        })
        .collect();
    (!lines.is_empty()).then(|| format!("{}.", lines.join("; ")))
}

/// A target as each language writes it: `−20%`, `−1.5 h`, `−30`.
fn target_text(report: &Report, lang: Lang, t: &crate::assumptions::targets::Target) -> String {
    use crate::assumptions::targets::TargetChange;
    match t.change {
        TargetChange::Relative(r) => lang.signed_percent(r),
        TargetChange::Absolute(v) => {
            let count = report
                .metrics
                .get(&t.metric)
                .is_some_and(|m| m.kind == crate::metric::Kind::Count);
            if count {
                lang.signed(v)
            } else if v < 0.0 {
                lang.duration(v, crate::metric::Unit::Hours)
            } else {
                format!("+{}", lang.duration(v, crate::metric::Unit::Hours))
            }
        }
    }
}
