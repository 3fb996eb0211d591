//! The pilot plan of `roi project` (PRODUCT §9): per lever, how long a pilot at today's
//! volume must run to prove its target, or why none can.

use super::model::{Block, Para};
use crate::i18n::{Lang, capitalize, fill};
use crate::project::PilotReason;
use crate::report::Report;
use crate::summarize::Stats;

/// Today's level of a lever's metric, in words: `10.0 h`, `406 a month`, `50% of cases`.
fn today_level(report: &Report, lang: Lang, metric: &str, sla: bool) -> String {
    let p = &lang.cat().p;
    let Some(m) = report.metrics.get(metric) else {
        return String::new();
    };
    match &m.today {
        Some(Stats::Case(c)) if sla => lang.percent(1.0 - c.sla_share.unwrap_or(0.0)),
        Some(Stats::Case(c)) => lang.duration(c.mean, m.unit),
        Some(Stats::Rate(r)) => {
            let v = r.per_month.unwrap_or(0.0);
            let shown = match m.kind {
                crate::metric::Kind::Count => lang.auto(v),
                _ => lang.duration(v, m.unit),
            };
            format!("{shown}{}", p.per_month_suffix)
        }
        None => String::new(),
    }
}

/// One line per lever with a plan, then what the weeks mean.
pub fn pilot(report: &Report, lang: Lang) -> Vec<Block> {
    let cat = lang.cat();
    let p = &cat.p;
    let mut items = Vec::new();
    for l in &report.savings.levers {
        let Some(plan) = report.pilot_plan.get(&l.name) else {
            continue;
        };
        let pct = plan
            .change_pct
            .map_or_else(String::new, |c| lang.percent(c.abs()));
        let change = if plan.change_pct.is_some_and(|c| c > 0.0) {
            p.pilot_rise
        } else {
            p.pilot_drop
        };
        let sla = l.rule == crate::metric::LeverRule::SlaBreaches;
        let text = match (plan.weeks, plan.reason) {
            (Some(w), _) => {
                let weeks = w.to_string();
                let cases = lang.number(plan.cases.unwrap_or(0) as f64, 0);
                fill(
                    p.pilot_weeks,
                    &[
                        ("weeks", &weeks),
                        ("weeks_word", cat.nouns.week.form(&weeks)),
                        ("cases", &cases),
                        ("cases_word", cat.nouns.case.form(&cases)),
                        ("pct", &pct),
                        ("change", change),
                    ],
                )
            }
            (None, Some(PilotReason::TodayTooNoisy)) => {
                // The change named on its own (Polish: the nominative).
                let named = if plan.change_pct.is_some_and(|c| c > 0.0) {
                    p.change_rise
                } else {
                    p.change_drop
                };
                fill(p.pilot_noisy, &[("pct", &pct), ("change", named)])
            }
            (None, Some(PilotReason::NotWithinAYear)) => fill(
                p.pilot_year,
                &[
                    ("pct", &pct),
                    ("change", change),
                    ("today", &today_level(report, lang, &l.metric, sla)),
                ],
            ),
            (None, Some(PilotReason::NoChange)) => p.pilot_none.to_string(),
            (None, _) => p.pilot_unknown.to_string(),
        };
        items.push(Para {
            lead: Some(capitalize(&super::lever_name(report, lang, l))),
            text,
        });
    }
    if items.is_empty() {
        return Vec::new();
    }
    vec![Block::List(items), Block::Note(p.pilot_note.to_string())]
}
