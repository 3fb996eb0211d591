//! The COO's views: flow, predictability, quality, uptime, customer, staff time.

use super::model::{Block, Para};
use super::words::counted;
use super::words::metric_name;
use crate::i18n::{Lang, fill};
use crate::metric::Unit;
use crate::report::Report;
use crate::views::{Customer, Flow, HoursSaved, Pair, Predictability, Quality, Uptime};

pub(super) fn arrow(lang: Lang, p: Pair, f: impl Fn(Lang, f64) -> String) -> (String, String) {
    (f(lang, p.today), f(lang, p.after))
}

/// The COO's views, one line each.
pub fn views(report: &Report, lang: Lang) -> Vec<Block> {
    let p = &lang.cat().p;
    let v = &report.views;
    let mut out = Vec::new();
    let mut push = |lead: &str, parts: Vec<String>| {
        out.push(Para {
            lead: Some(lead.to_string()),
            text: parts.join("; "),
        })
    };
    if let Some(f) = &v.flow {
        push(p.view_flow, flow_parts(lang, f));
    }
    for pr in &v.predictability {
        push(
            &fill(
                p.view_predictability_of,
                &[("metric", &metric_name(report, lang, &pr.metric))],
            ),
            predictability_parts(lang, pr),
        );
    }
    if let Some(q) = &v.quality {
        push(p.view_quality, quality_parts(lang, q));
    }
    if let Some(u) = &v.uptime {
        push(p.view_uptime, uptime_parts(lang, u));
    }
    if let Some(c) = &v.customer {
        push(p.view_customer, customer_parts(lang, c));
    }
    if let Some(h) = v
        .hours_saved
        .as_ref()
        .filter(|h| h.hours_per_month.round() != 0.0)
    {
        push(p.view_staff, staff_parts(lang, h));
    }
    if out.is_empty() {
        Vec::new()
    } else if report.inputs.control.is_some() {
        vec![
            Block::List(out),
            Block::Note(p.control_views_note.to_string()),
        ]
    } else {
        vec![Block::List(out)]
    }
}

/// Flow: throughput, work in progress and the capacity gained.
fn flow_parts(lang: Lang, f: &Flow) -> Vec<String> {
    let cat = lang.cat();
    let p = &cat.p;
    let num = |l: Lang, x: f64| l.quantity(x);
    let (t, a) = arrow(lang, f.throughput, num);
    let mut parts = vec![fill(
        p.flow_throughput,
        &[
            ("today", &t),
            ("after", &a),
            ("cases_word", cat.nouns.case.form(&a)),
        ],
    )];
    if let Some(w) = f.wip {
        let (t, a) = arrow(lang, w, num);
        parts.push(fill(p.flow_wip, &[("today", &t), ("after", &a)]));
    }
    if let Some(c) = f.capacity_gained.filter(|c| c.abs() >= 0.005) {
        parts.push(fill(
            p.flow_capacity,
            &[("change", &lang.signed_percent(c))],
        ));
    }
    parts
}

/// Predictability of one duration metric: p90, spread, variation and the SLA share.
fn predictability_parts(lang: Lang, pr: &Predictability) -> Vec<String> {
    let p = &lang.cat().p;
    let num = |l: Lang, x: f64| l.quantity(x);
    let dur = |l: Lang, x: f64| l.duration(x, pr.unit);
    let (t, a) = arrow(lang, pr.p90, dur);
    // Responses are counted as requests (`zgłoszeń`), cases as cases.
    let promise = if pr.metric == "response_time" {
        p.pred_p90_responses
    } else {
        p.pred_p90
    };
    let mut parts = vec![fill(promise, &[("today", &t), ("after", &a)])];
    if let Some(sp) = pr.spread {
        let (t, a) = arrow(lang, sp, num);
        parts.push(fill(p.pred_spread, &[("today", &t), ("after", &a)]));
    }
    if let Some(cv) = pr.cv {
        let (t, a) = arrow(lang, cv, num);
        parts.push(fill(p.pred_cv, &[("today", &t), ("after", &a)]));
    }
    if let (Some(sh), true) = (pr.sla_share, pr.sla_per_case) {
        let (t, a) = arrow(lang, sh, |l, x| l.percent(x));
        parts.push(fill(p.pred_sla_case, &[("today", &t), ("after", &a)]));
    } else if let (Some(sh), Some(target)) = (pr.sla_share, pr.sla_target) {
        let (t, a) = arrow(lang, sh, |l, x| l.percent(x));
        let target = lang.with_unit(lang.trimmed(target), pr.unit);
        parts.push(fill(
            p.pred_sla,
            &[("target", &target), ("today", &t), ("after", &a)],
        ));
    }
    parts
}

/// Quality: errors a month, per 100 cases and the errors avoided a year.
fn quality_parts(lang: Lang, q: &Quality) -> Vec<String> {
    let cat = lang.cat();
    let p = &cat.p;
    let num = |l: Lang, x: f64| l.quantity(x);
    let (t, a) = arrow(lang, q.per_month, num);
    let mut parts = vec![fill(p.quality_errors, &[("today", &t), ("after", &a)])];
    if let Some(per) = q.per_100_cases {
        let (t, a) = arrow(lang, per, num);
        parts.push(fill(p.quality_per_100, &[("today", &t), ("after", &a)]));
    }
    let (shown, word) = counted(lang, q.avoided_per_year, &cat.nouns.error);
    let t = if q.avoided_per_year >= 0.0 {
        p.quality_fewer
    } else {
        p.quality_more
    };
    if q.avoided_per_year.round() != 0.0 {
        parts.push(fill(t, &[("n", &shown), ("errors_word", word)]));
    }
    parts
}

/// Uptime: downtime a month, availability and the hours regained a year.
fn uptime_parts(lang: Lang, u: &Uptime) -> Vec<String> {
    let cat = lang.cat();
    let p = &cat.p;
    let (t, a) = arrow(lang, u.downtime_hours_per_month, |l, x| {
        l.duration(x, Unit::Hours)
    });
    let mut parts = vec![fill(p.uptime_downtime, &[("today", &t), ("after", &a)])];
    if let Some(av) = u.availability {
        let (t, a) = arrow(lang, av, |l, x| l.percent2(x));
        parts.push(fill(p.uptime_availability, &[("today", &t), ("after", &a)]));
    }
    let regained = u.productive_hours_regained_per_year;
    let noun = if regained >= 0.0 {
        &cat.nouns.productive_hour
    } else {
        &cat.nouns.lost_hour
    };
    let (shown, word) = counted(lang, regained, noun);
    let t = if regained >= 0.0 {
        p.uptime_regained
    } else {
        p.uptime_lost
    };
    if regained.round() != 0.0 {
        parts.push(fill(t, &[("hours", &format!("{shown} {word}"))]));
    }
    parts
}

/// The customer: response times and the SLA breaches avoided.
fn customer_parts(lang: Lang, c: &Customer) -> Vec<String> {
    let cat = lang.cat();
    let p = &cat.p;
    // In a sentence a whole number shows whole: `30 min`, not `30.0 min`.
    let dur = |l: Lang, x: f64| {
        let n = l.auto(x);
        let n = n
            .strip_suffix(".0")
            .or_else(|| n.strip_suffix(",0"))
            .unwrap_or(&n)
            .to_string();
        l.with_unit(n, c.unit)
    };
    let (mt, ma) = arrow(lang, c.median, dur);
    let (pt, pa) = arrow(lang, c.p90, dur);
    let mut parts = vec![fill(
        p.customer_response,
        &[
            ("median_today", &mt),
            ("median_after", &ma),
            ("p90_today", &pt),
            ("p90_after", &pa),
        ],
    )];
    if let Some(b) = c.breaches_avoided_per_month.filter(|b| b.round() != 0.0) {
        let (shown, word) = counted(lang, b, &cat.nouns.breach);
        let t = if b >= 0.0 {
            p.customer_fewer_breaches
        } else {
            p.customer_more_breaches
        };
        parts.push(fill(t, &[("n", &shown), ("breaches_word", word)]));
    }
    parts
}

/// Staff time: the hours a month and the full-time equivalents.
fn staff_parts(lang: Lang, h: &HoursSaved) -> Vec<String> {
    let cat = lang.cat();
    let p = &cat.p;
    let (hours, hours_word) = counted(lang, h.hours_per_month, &cat.nouns.staff_hour);
    let fte = lang.fte(h.fte.abs());
    vec![fill(
        if h.hours_per_month < 0.0 {
            p.staff_time_more
        } else {
            p.staff_time
        },
        &[
            ("hours", &hours),
            ("hours_word", hours_word),
            ("fte", &fte),
            ("fte_word", cat.nouns.fte.form(&fte)),
        ],
    )]
}
