//! The day in the life: a short narrative in the COO's frame (today, after, what disappears,
//! what speeds up, what it is worth), every number taken from the computation. A sentence
//! whose metric is absent is left out; a change that may be noise says so.

use crate::assumptions::Assumptions;
use crate::compare::MetricComparison;
use crate::economics::BusinessCase;
use crate::i18n::{Lang, plural_en, plural_pl};
use crate::metric::Kind;
use crate::summarize::Stats;
use crate::views::Views;
use rust_decimal::Decimal;
use serde::Serialize;

/// One paragraph of the narrative.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Paragraph {
    pub heading: String,
    pub text: String,
}

fn headings(lang: Lang) -> [&'static str; 6] {
    match lang {
        Lang::En => [
            "Today",
            "After the change",
            "What disappears",
            "What speeds up",
            "What gets worse",
            "What it is worth",
        ],
        Lang::Pl => [
            "Dziś",
            "Po zmianie",
            "Co zniknie",
            "Co przyspieszy",
            "Co się pogorszy",
            "Ile to jest warte",
        ],
    }
}

fn significant(metrics: &[MetricComparison], name: &str) -> bool {
    metrics
        .iter()
        .find(|m| m.name == name)
        .and_then(|m| m.change.as_ref())
        .is_some_and(|c| c.significant)
}

/// `"; within noise"` marks for changes whose interval spans zero.
fn noise(lang: Lang, significant: bool) -> &'static str {
    match (significant, lang) {
        (true, _) => "",
        (false, Lang::En) => " (possibly noise)",
        (false, Lang::Pl) => " (być może szum)",
    }
}

fn join(lang: Lang, parts: &[String]) -> String {
    join_with(lang, parts, ", ")
}

/// Joins items that contain commas themselves: `a; b; and c`.
fn join_items(lang: Lang, parts: &[String]) -> String {
    join_with(lang, parts, "; ")
}

fn join_with(lang: Lang, parts: &[String], sep: &str) -> String {
    let and = match (lang, sep) {
        (Lang::En, "; ") => "; and ",
        (Lang::En, _) => " and ",
        (Lang::Pl, "; ") => "; ",
        (Lang::Pl, _) => " i ",
    };
    match parts.len() {
        0 => String::new(),
        1 => parts[0].clone(),
        n => format!("{}{and}{}", parts[..n - 1].join(sep), parts[n - 1]),
    }
}

fn hours_phrase(lang: Lang, n: u64) -> String {
    match lang {
        Lang::En => format!(
            "{} productive {}",
            lang.number(n as f64, 0),
            plural_en(n, "hour", "hours")
        ),
        Lang::Pl => format!(
            "{} {}",
            lang.number(n as f64, 0),
            plural_pl(
                n,
                "produktywna godzina",
                "produktywne godziny",
                "produktywnych godzin"
            )
        ),
    }
}

fn errors_phrase(lang: Lang, n: u64) -> String {
    match lang {
        Lang::En => format!("{n} {}", plural_en(n, "error", "errors")),
        Lang::Pl => format!("{n} {}", plural_pl(n, "błąd", "błędy", "błędów")),
    }
}

fn late_phrase(lang: Lang, n: u64) -> String {
    match lang {
        Lang::En => format!("{n} late {}", plural_en(n, "response", "responses")),
        Lang::Pl => format!(
            "{n} {}",
            plural_pl(
                n,
                "spóźniona odpowiedź",
                "spóźnione odpowiedzi",
                "spóźnionych odpowiedzi"
            )
        ),
    }
}

fn custom_phrase(lang: Lang, name: &str, n: u64) -> String {
    match lang {
        Lang::En => format!("{n} {}", name.replace('_', " ")),
        Lang::Pl => format!("{}: {n}", name.replace('_', " ")),
    }
}

fn round(v: f64) -> u64 {
    v.abs().round() as u64
}

/// Builds the narrative from the computed views, levers and finance.
pub fn build(
    views: &Views,
    case: &BusinessCase,
    metrics: &[MetricComparison],
    a: &Assumptions,
    lang: Lang,
) -> Vec<Paragraph> {
    let h = headings(lang);
    let w = |v: f64| lang.trimmed(round1(v));
    let mut out = Vec::new();
    let mut push = |heading: &str, sentences: Vec<String>| {
        let sentences: Vec<String> = sentences.into_iter().filter(|s| !s.is_empty()).collect();
        if !sentences.is_empty() {
            out.push(Paragraph {
                heading: heading.to_string(),
                text: sentences.join(" "),
            });
        }
    };
    let ct = views
        .predictability
        .iter()
        .find(|p| p.metric == "cycle_time");
    let cust = views.customer.as_ref();

    // Today and after: the promise a COO can make, then what interrupts the work.
    for (i, after) in [false, true].into_iter().enumerate() {
        let pick = |p: crate::views::Pair| if after { p.after } else { p.today };
        let mut s = Vec::new();
        let mut clauses = Vec::new();
        if let Some(p) = ct {
            clauses.push(match lang {
                Lang::En => format!(
                    "9 in 10 cases are done within {} {}",
                    w(pick(p.p90)),
                    p.unit
                ),
                Lang::Pl => format!(
                    "9 na 10 spraw kończy się w ciągu {} {}",
                    w(pick(p.p90)),
                    p.unit
                ),
            });
        }
        if let Some(c) = cust {
            clauses.push(
                match (
                    c.sla_share,
                    views
                        .predictability
                        .iter()
                        .find(|p| p.metric == "response_time")
                        .and_then(|p| p.sla_target),
                ) {
                    (Some(share), Some(target)) => match lang {
                        Lang::En => format!(
                            "{} of requests get a first response within the {} {} SLA",
                            lang.percent(pick(share)),
                            lang.trimmed(target),
                            c.unit
                        ),
                        Lang::Pl => format!(
                            "{} zgłoszeń dostaje pierwszą odpowiedź w ramach SLA {} {}",
                            lang.percent(pick(share)),
                            lang.trimmed(target),
                            c.unit
                        ),
                    },
                    _ => match lang {
                        Lang::En => format!(
                            "9 in 10 requests get a first response within {} {}",
                            w(pick(c.p90)),
                            c.unit
                        ),
                        Lang::Pl => format!(
                            "9 na 10 zgłoszeń dostaje pierwszą odpowiedź w ciągu {} {}",
                            w(pick(c.p90)),
                            c.unit
                        ),
                    },
                },
            );
        }
        if !clauses.is_empty() {
            let conj = if lang == Lang::En { ", and " } else { ", a " };
            s.push(format!("{}.", crate::i18n::capitalize(&clauses.join(conj))));
        }
        let mut interrupts = Vec::new();
        if let Some(q) = &views.quality {
            interrupts.push(errors_phrase(lang, round(pick(q.per_month))));
        }
        if let Some(u) = &views.uptime {
            interrupts.push(match lang {
                Lang::En => format!("{} h of downtime", w(pick(u.downtime_hours_per_month))),
                Lang::Pl => format!("{} h przestojów", w(pick(u.downtime_hours_per_month))),
            });
        }
        if !interrupts.is_empty() {
            s.push(match lang {
                Lang::En => format!("Each month {} interrupt the work.", join(lang, &interrupts)),
                Lang::Pl => format!("Co miesiąc pracę przerywa: {}.", join(lang, &interrupts)),
            });
        }
        push(h[i], s);
    }

    // What disappears and what gets worse.
    let mut gone = Vec::new();
    let mut worse = Vec::new();
    if let Some(q) = &views.quality {
        let d = q.per_month.today - q.per_month.after;
        let n = round(d);
        if n > 0 {
            let mark = noise(lang, significant(metrics, "errors"));
            let text = match lang {
                Lang::En => format!(
                    "{} a month, {} a year{mark}",
                    errors_phrase(lang, n),
                    lang.number(q.avoided_per_year.abs().round(), 0)
                ),
                Lang::Pl => format!(
                    "{} miesięcznie, {} rocznie{mark}",
                    errors_phrase(lang, n),
                    lang.number(q.avoided_per_year.abs().round(), 0)
                ),
            };
            if d > 0.0 {
                gone.push(text)
            } else {
                worse.push(text)
            }
        }
    }
    if let Some(u) = &views.uptime {
        let d = u.downtime_hours_per_month.today - u.downtime_hours_per_month.after;
        if round1(d) != 0.0 {
            let mark = noise(lang, significant(metrics, "downtime"));
            let text = match lang {
                Lang::En => format!(
                    "{} h of downtime a month, {} a year{mark}",
                    w(d.abs()),
                    hours_phrase(lang, round(u.productive_hours_regained_per_year))
                ),
                Lang::Pl => format!(
                    "{} h przestojów miesięcznie, czyli {} rocznie{mark}",
                    w(d.abs()),
                    hours_phrase(lang, round(u.productive_hours_regained_per_year))
                ),
            };
            if d > 0.0 {
                gone.push(text)
            } else {
                worse.push(text)
            }
        }
    }
    if let Some(b) = cust.and_then(|c| c.breaches_avoided_per_month) {
        let n = round(b);
        if n > 0 {
            let sig = case
                .levers
                .iter()
                .find(|l| l.name == "sla")
                .is_some_and(|l| l.significant);
            let text = match lang {
                Lang::En => format!("{} a month{}", late_phrase(lang, n), noise(lang, sig)),
                Lang::Pl => format!("{} miesięcznie{}", late_phrase(lang, n), noise(lang, sig)),
            };
            if b > 0.0 {
                gone.push(text)
            } else {
                worse.push(text)
            }
        }
    }
    for custom in a.metrics.iter().filter(|m| m.kind == Kind::Count) {
        let Some(m) = metrics.iter().find(|m| m.name == custom.name) else {
            continue;
        };
        let Some(c) = &m.change else { continue };
        let n = round(c.mean);
        if n == 0 {
            continue;
        }
        let text = match lang {
            Lang::En => format!(
                "{} a month{}",
                custom_phrase(lang, &custom.name, n),
                noise(lang, c.significant)
            ),
            Lang::Pl => format!(
                "{} miesięcznie{}",
                custom_phrase(lang, &custom.name, n),
                noise(lang, c.significant)
            ),
        };
        if c.mean < 0.0 {
            gone.push(text)
        } else {
            worse.push(text)
        }
    }
    push(
        h[2],
        if gone.is_empty() {
            vec![]
        } else {
            vec![format!(
                "{}.",
                crate::i18n::capitalize(&join_items(lang, &gone))
            )]
        },
    );

    // What speeds up: mean times, the capacity it frees, the first response.
    let mut fast = Vec::new();
    for (name, m) in metrics
        .iter()
        .filter(|m| m.kind == Kind::CaseDuration)
        .map(|m| (m.name.as_str(), m))
    {
        let (Some(Stats::Case(t)), Some(Stats::Case(af)), Some(c)) =
            (&m.today, &m.after, &m.change)
        else {
            continue;
        };
        let unit = m.unit.symbol();
        let text = match (name, lang) {
            ("cycle_time", Lang::En) => format!(
                "A case takes {} {unit} on average instead of {} {unit} ({})",
                w(af.mean),
                w(t.mean),
                lang.signed_percent(c.mean_pct.unwrap_or(0.0))
            ),
            ("cycle_time", Lang::Pl) => format!(
                "Sprawa trwa średnio {} {unit} zamiast {} {unit} ({})",
                w(af.mean),
                w(t.mean),
                lang.signed_percent(c.mean_pct.unwrap_or(0.0))
            ),
            ("response_time", Lang::En) => format!(
                "The first response comes after {} {unit} on average instead of {} {unit}",
                w(af.mean),
                w(t.mean)
            ),
            ("response_time", Lang::Pl) => format!(
                "Pierwsza odpowiedź przychodzi średnio po {} {unit} zamiast {} {unit}",
                w(af.mean),
                w(t.mean)
            ),
            (_, Lang::En) => format!(
                "{} takes {} {unit} on average instead of {} {unit}",
                crate::i18n::capitalize(&name.replace('_', " ")),
                w(af.mean),
                w(t.mean)
            ),
            (_, Lang::Pl) => format!(
                "{}: średnio {} {unit} zamiast {} {unit}",
                crate::i18n::capitalize(&name.replace('_', " ")),
                w(af.mean),
                w(t.mean)
            ),
        };
        let text = format!("{text}{}.", noise(lang, c.significant));
        if c.mean < 0.0 {
            fast.push(text);
        } else if c.mean > 0.0 {
            worse.push(text.trim_end_matches('.').to_string());
        }
    }
    if let Some(g) = views
        .flow
        .as_ref()
        .and_then(|f| f.capacity_gained)
        .filter(|g| *g > 0.005)
    {
        fast.push(match lang {
            Lang::En => format!(
                "The same team carries {} more cases with today's work in progress.",
                lang.percent(g)
            ),
            Lang::Pl => format!(
                "Ten sam zespół udźwignie o {} więcej spraw przy dzisiejszej pracy w toku.",
                lang.percent(g)
            ),
        });
    }
    push(h[3], fast);
    push(
        h[4],
        if worse.is_empty() {
            vec![]
        } else {
            vec![format!(
                "{}.",
                crate::i18n::capitalize(&join_items(lang, &worse))
            )]
        },
    );

    // What it is worth.
    let cur = &a.currency.value;
    let annual = case.monthly_risk_adjusted * Decimal::from(12);
    let risk = a.risk_adjustment.value * Decimal::from(100);
    let mut worth = Vec::new();
    if !case.levers.is_empty() {
        worth.push(match lang {
            Lang::En => format!(
                "About {} a year after a {}% risk adjustment",
                lang.money_whole(annual, cur),
                risk.normalize()
            ),
            Lang::Pl => format!(
                "Około {} rocznie po korekcie ryzyka o {}%",
                lang.money_whole(annual, cur),
                risk.normalize()
            ),
        });
        if let Some(hs) = views
            .hours_saved
            .as_ref()
            .filter(|h| h.hours_per_month > 0.5)
        {
            worth.push(match lang {
                Lang::En => format!(
                    ", including {} staff hours a month ({} FTE)",
                    lang.number(hs.hours_per_month.round(), 0),
                    lang.fte(hs.fte)
                ),
                Lang::Pl => {
                    let n = round(hs.hours_per_month);
                    format!(
                        ", w tym {} {} pracy miesięcznie ({} etatu)",
                        lang.number(n as f64, 0),
                        plural_pl(n, "godzina", "godziny", "godzin"),
                        lang.fte(hs.fte)
                    )
                }
            });
        }
        let horizon = a.horizon_months.value;
        worth.push(match (case.finance.payback_months, lang) {
            (Some(p), Lang::En) => format!(
                "; the investment pays back in month {} of {horizon}.",
                lang.number(p, 1)
            ),
            (Some(p), Lang::Pl) => format!(
                "; inwestycja zwraca się po {} mies. z {horizon}.",
                lang.number(p, 1)
            ),
            (None, Lang::En) => {
                format!(
                    "; the investment does not pay back within {horizon} {}.",
                    if horizon == 1 { "month" } else { "months" }
                )
            }
            (None, Lang::Pl) => format!("; inwestycja nie zwraca się w ciągu {horizon} mies."),
        });
    }
    push(h[5], vec![worth.concat()]);
    out
}

fn round1(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}
