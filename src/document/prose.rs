//! The words of the document: the day in the life from its facts, the COO's views as one
//! line each, and the warnings.

use super::{Block, Para, metric_name};
use crate::i18n::{Lang, capitalize, fill};
use crate::metric::{Role, Unit};
use crate::narrative::{Fact, Topic};
use crate::report::Report;
use crate::views::Pair;
use crate::warning::Warning;

/// `a, b and c`; `items` joins parts that contain commas themselves: `a; b; and c`.
fn join(lang: Lang, parts: &[String], items: bool) -> String {
    let p = &lang.cat().p;
    let (sep, and) = if items {
        ("; ", p.list_items_and)
    } else {
        (", ", p.list_and)
    };
    match parts.len() {
        0 => String::new(),
        1 => parts[0].clone(),
        n => format!("{}{and}{}", parts[..n - 1].join(sep), parts[n - 1]),
    }
}

/// A sentence's first letter in lower case, for an item inside a sentence; a word in
/// capitals (`SLA`, `SAP`) stays as it is.
fn decapitalize(s: &str) -> String {
    let mut chars = s.chars();
    match (chars.next(), chars.next()) {
        (Some(a), Some(b)) if a.is_uppercase() && !b.is_uppercase() => {
            a.to_lowercase().chain(s.chars().skip(1)).collect()
        }
        _ => s.to_string(),
    }
}

fn noise(lang: Lang, proven: bool) -> &'static str {
    if proven { "" } else { lang.cat().p.not_proven }
}

/// A whole number shown with its noun: (`25`, `errors`).
fn counted(lang: Lang, v: f64, noun: &crate::i18n::Noun) -> (String, &'static str) {
    let shown = lang.number(v.abs().round(), 0);
    let word = noun.form(&shown);
    (shown, word)
}

/// A fact in words; facts about one side (`CasesWithin` …) are clauses without a full stop.
fn fact(report: &Report, lang: Lang, f: &Fact) -> String {
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
            risk_adjustment,
            staff_hours_per_month,
            fte,
            investment,
            payback_months,
            horizon_months,
        } => {
            let loss = annual.0 < rust_decimal::Decimal::ZERO;
            let mut s = if annual.0.is_zero() {
                p.fact_worth_none.to_string()
            } else {
                fill(
                    if loss { p.fact_costs } else { p.fact_worth },
                    &[
                        ("annual", &lang.money(annual.0.abs(), &report.currency)),
                        ("risk", &lang.percent(*risk_adjustment)),
                    ],
                )
            };
            if !loss && proven.0 != annual.0 {
                s.push_str(&fill(
                    p.fact_worth_proven,
                    &[("proven", &lang.money(proven.0, &report.currency))],
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

fn arrow(lang: Lang, p: Pair, f: impl Fn(Lang, f64) -> String) -> (String, String) {
    (f(lang, p.today), f(lang, p.after))
}

/// The COO's views, one line each.
pub fn views(report: &Report, lang: Lang) -> Vec<Block> {
    let cat = lang.cat();
    let p = &cat.p;
    let v = &report.views;
    let num = |l: Lang, x: f64| l.quantity(x);
    let mut out = Vec::new();
    let mut push = |lead: &str, parts: Vec<String>| {
        out.push(Para {
            lead: Some(lead.to_string()),
            text: parts.join("; "),
        })
    };
    if let Some(f) = &v.flow {
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
        push(p.view_flow, parts);
    }
    for pr in &v.predictability {
        let dur = |l: Lang, x: f64| l.duration(x, pr.unit);
        let (t, a) = arrow(lang, pr.p90, dur);
        let mut parts = vec![fill(
            p.pred_p90,
            &[
                ("metric", &metric_name(report, lang, &pr.metric)),
                ("today", &t),
                ("after", &a),
            ],
        )];
        if let Some(sp) = pr.spread {
            let (t, a) = arrow(lang, sp, num);
            parts.push(fill(p.pred_spread, &[("today", &t), ("after", &a)]));
        }
        if let Some(cv) = pr.cv {
            let (t, a) = arrow(lang, cv, num);
            parts.push(fill(p.pred_cv, &[("today", &t), ("after", &a)]));
        }
        if let (Some(sh), Some(target)) = (pr.sla_share, pr.sla_target) {
            let (t, a) = arrow(lang, sh, |l, x| l.percent(x));
            let target = lang.with_unit(lang.trimmed(target), pr.unit);
            parts.push(fill(
                p.pred_sla,
                &[("target", &target), ("today", &t), ("after", &a)],
            ));
        }
        push(p.view_predictability, parts);
    }
    if let Some(q) = &v.quality {
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
        push(p.view_quality, parts);
    }
    if let Some(u) = &v.uptime {
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
        push(p.view_uptime, parts);
    }
    if let Some(c) = &v.customer {
        let dur = |l: Lang, x: f64| l.duration(x, c.unit);
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
        push(p.view_customer, parts);
    }
    if let Some(h) = v
        .hours_saved
        .as_ref()
        .filter(|h| h.hours_per_month.round() != 0.0)
    {
        let (hours, hours_word) = counted(lang, h.hours_per_month, &cat.nouns.staff_hour);
        let fte = lang.fte(h.fte.abs());
        push(
            p.view_staff,
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
            )],
        );
    }
    if out.is_empty() {
        Vec::new()
    } else {
        vec![Block::List(out)]
    }
}

/// One warning in words; without a report (`roi check`), custom metrics go by their key.
pub fn warning(report: Option<&Report>, lang: Lang, w: &Warning) -> String {
    let cat = lang.cat();
    let p = &cat.p;
    let n = &cat.nouns;
    let name = |m: &str| match report {
        Some(r) => metric_name(r, lang, m),
        None => cat
            .metric(m)
            .map_or_else(|| m.replace('_', " "), |w| w.name.to_string()),
    };
    let num = |v: u64| lang.number(v as f64, 0);
    match w {
        Warning::EncodingFallback { file, encoding } => {
            fill(p.w_encoding, &[("file", file), ("encoding", encoding)])
        }
        Warning::UnknownMetric {
            file,
            line,
            name: metric,
            suggestion,
            rows,
        } => {
            let hint = match suggestion {
                Some(s) => fill(p.did_you_mean, &[("name", s)]),
                None => p.declare_metric.to_string(),
            };
            let rows = num(*rows);
            fill(
                p.w_unknown_metric,
                &[
                    ("file", file),
                    ("line", &line.to_string()),
                    ("name", metric),
                    ("hint", &hint),
                    ("rows_word", n.row.form(&rows)),
                    ("rows", &rows),
                ],
            )
        }
        Warning::MoreUnknownMetrics { file, rows } => {
            let rows = num(*rows);
            fill(
                p.w_more_unknown,
                &[
                    ("file", file),
                    ("rows_word", n.row.form(&rows)),
                    ("rows", &rows),
                ],
            )
        }
        Warning::SummaryMissing {
            file,
            metric,
            missing,
        } => fill(
            p.w_summary_missing,
            &[
                ("file", file),
                ("metric", &name(metric)),
                ("stats", &missing.join(", ")),
            ],
        ),
        Warning::SummarySlaTarget {
            file,
            metric,
            summary,
            config,
            unit,
        } => fill(
            p.w_summary_sla,
            &[
                ("file", file),
                ("metric", &name(metric)),
                ("summary", &lang.duration(*summary, *unit)),
                ("config", &lang.duration(*config, *unit)),
            ],
        ),
        Warning::SkippedMissing { file, counts } => {
            let list: Vec<String> = counts
                .iter()
                .map(|(m, k)| fill(p.missing_item, &[("metric", &name(m)), ("n", &num(*k))]))
                .collect();
            fill(p.w_missing, &[("file", file), ("list", &list.join(", "))])
        }
        Warning::ColumnWithUnit {
            file,
            line,
            column,
            header,
            unit,
        } => fill(
            p.w_column_with_unit,
            &[
                ("file", file),
                ("line", &line.to_string()),
                ("column", &column.to_string()),
                ("header", header),
                ("unit", unit),
            ],
        ),
        Warning::ColumnOfDates {
            file,
            line,
            column,
            header,
        } => fill(
            p.w_column_of_dates,
            &[
                ("file", file),
                ("line", &line.to_string()),
                ("column", &column.to_string()),
                ("header", header),
            ],
        ),
        Warning::Unmeasured {
            file,
            metric,
            open,
            reversed,
            no_start,
            line,
        } => {
            let cases = |k: u64| {
                let shown = num(k);
                format!("{shown} {}", n.case.form(&shown))
            };
            let mut parts = Vec::new();
            if *open > 0 {
                parts.push(fill(p.unmeasured_open, &[("cases", &cases(*open))]));
            }
            if *no_start > 0 {
                parts.push(fill(p.unmeasured_no_start, &[("cases", &cases(*no_start))]));
            }
            if *reversed > 0 {
                parts.push(fill(p.unmeasured_reversed, &[("cases", &cases(*reversed))]));
            }
            fill(
                p.w_unmeasured,
                &[
                    ("file", file),
                    ("line", &line.to_string()),
                    ("metric", &name(metric)),
                    ("list", &join(lang, &parts, false)),
                ],
            )
        }
        Warning::SingleEventCases { file, cases } => {
            let shown = num(*cases);
            fill(
                p.w_single_event,
                &[
                    ("file", file),
                    ("cases", &format!("{shown} {}", n.case.form(&shown))),
                ],
            )
        }
        Warning::ColumnNearMiss {
            file,
            line,
            column,
            header,
            suggestion,
        } => fill(
            p.w_column_near_miss,
            &[
                ("file", file),
                ("line", &line.to_string()),
                ("column", &column.to_string()),
                ("header", header),
                ("suggestion", suggestion),
            ],
        ),
        Warning::OneSideOnly { metric, today } => fill(
            if *today {
                p.w_one_side_today
            } else {
                p.w_one_side_after
            },
            &[("metric", &capitalize(&name(metric)))],
        ),
        Warning::FewCases {
            metric,
            n: k,
            today,
        } => {
            let shown = num(*k);
            fill(
                p.w_few_cases,
                &[
                    ("metric", &name(metric)),
                    ("cases_word", n.case.form(&shown)),
                    ("n", &shown),
                    ("side", if *today { p.today_side } else { p.after_side }),
                ],
            )
        }
        Warning::WindowsDiffer {
            today_days,
            after_days,
        } => {
            let days = |d: u32| {
                let s = d.to_string();
                format!("{s} {}", n.day.form(&s))
            };
            fill(
                p.w_windows_differ,
                &[("today", &days(*today_days)), ("after", &days(*after_days))],
            )
        }
        Warning::ShortWindow { days, today } => {
            let shown = days.to_string();
            fill(
                p.w_short_window,
                &[
                    ("file", if *today { p.today_file } else { p.after_file }),
                    ("days", &format!("{shown} {}", n.day.form(&shown))),
                    (
                        "factor",
                        &lang.number(crate::summarize::DAYS_PER_MONTH / f64::from(*days), 0),
                    ),
                ],
            )
        }
        Warning::WindowsOverlap {
            relation,
            today_first,
            today_last,
            after_first,
            after_last,
        } => {
            let d = |s: &String| lang.date(s);
            match relation {
                crate::warning::Overlap::Identical => fill(
                    p.w_windows_identical,
                    &[("first", &d(today_first)), ("last", &d(today_last))],
                ),
                crate::warning::Overlap::Reversed => fill(
                    p.w_windows_reversed,
                    &[
                        ("after_first", &d(after_first)),
                        ("after_last", &d(after_last)),
                        ("today_first", &d(today_first)),
                    ],
                ),
                crate::warning::Overlap::Overlapping => fill(
                    p.w_windows_overlap,
                    &[
                        ("today_first", &d(today_first)),
                        ("today_last", &d(today_last)),
                        ("after_first", &d(after_first)),
                        ("after_last", &d(after_last)),
                    ],
                ),
            }
        }
        Warning::VolumeChanged {
            change,
            today,
            after,
        } => {
            let a = lang.number(*after, 0);
            fill(
                p.w_volume_changed,
                &[
                    ("change", &lang.signed_percent(*change)),
                    ("today", &lang.number(*today, 0)),
                    ("cases_word", n.case.form(&a)),
                    ("after", &a),
                ],
            )
        }
        Warning::LeverNotSignificant { lever, monthly } => {
            // A lever is named after its metric, but for the SLA lever (response time's).
            let label = match crate::metric::BUILTINS
                .iter()
                .find(|b| b.lever.is_some_and(|l| l.name == lever))
            {
                Some(b) => cat
                    .metric(b.name)
                    .map_or_else(|| name(b.name), |w| w.lever.unwrap_or(w.name).to_string()),
                None => name(lever),
            };
            let currency = report.map_or("", |r| r.currency.as_str());
            fill(
                p.w_lever_not_proven,
                &[
                    ("lever", &label),
                    ("monthly", &lang.money(monthly.0, currency)),
                ],
            )
        }
        Warning::MixParadox {
            metric,
            by,
            change,
            unit,
            opposite_share,
        } => {
            let metric = report.map_or_else(|| name(metric), |r| metric_name(r, lang, metric));
            fill(
                if *change < 0.0 {
                    p.w_mix_paradox_fell
                } else {
                    p.w_mix_paradox_rose
                },
                &[
                    ("metric", &metric),
                    ("by", by),
                    ("change", &lang.duration(change.abs(), *unit)),
                    ("share", &lang.percent(*opposite_share)),
                ],
            )
        }
        Warning::MixChanged { by, segments } => {
            let list: Vec<String> = segments
                .iter()
                .map(|(s, t, a)| format!("{s} {} → {}", lang.percent(*t), lang.percent(*a)))
                .collect();
            fill(p.w_mix_changed, &[("by", by), ("list", &list.join(", "))])
        }
        Warning::SegmentsThin {
            by,
            one_side,
            small,
        } => {
            let mut parts = Vec::new();
            if !one_side.is_empty() {
                parts.push(fill(
                    p.w_segments_one_side,
                    &[("segments", &one_side.join(", "))],
                ));
            }
            if !small.is_empty() {
                parts.push(fill(p.w_segments_small, &[("segments", &small.join(", "))]));
            }
            fill(
                p.w_segments_thin,
                &[("by", by), ("parts", &parts.join("; "))],
            )
        }
    }
}

/// The warnings as a list.
pub fn warnings(report: &Report, lang: Lang) -> Vec<Block> {
    if report.warnings.is_empty() {
        return Vec::new();
    }
    vec![Block::List(
        report
            .warnings
            .iter()
            .map(|w| Para {
                lead: None,
                text: warning(Some(report), lang, w),
            })
            .collect(),
    )]
}

/// An improvement in a lever formula's terms: `0.55 h`, `2.1 h a month`, `4.2 a month`,
/// `5.0 pts`.
fn improvement(lang: Lang, unit: crate::economics::levers::TermUnit, v: f64) -> String {
    use crate::economics::levers::TermUnit::*;
    let p = &lang.cat().p;
    match unit {
        Hours => lang.duration(v, Unit::Hours),
        HoursPerMonth => format!("{}{}", lang.duration(v, Unit::Hours), p.per_month_suffix),
        PerMonth => format!("{}{}", lang.auto(v), p.per_month_suffix),
        Share => lang.points(v, p.points).trim_start_matches('+').to_string(),
        _ => lang.auto(v),
    }
}

/// What you must believe: with an investment, the share of the measured savings at which it
/// pays back; then each lever: the improvement at which it alone would pay back, and, when
/// its change is not proven, how much more after-data would tell.
pub fn evidence(report: &Report, lang: Lang) -> Vec<Block> {
    use crate::economics::levers::MoreData;
    use rust_decimal::prelude::ToPrimitive;
    let cat = lang.cat();
    let p = &cat.p;
    let f = &report.finance;
    let mut items = Vec::new();
    if f.has_investment() && !report.savings.levers.is_empty() {
        let share = match f.break_even_share {
            Some(s) if s <= 1.0 => fill(p.believe_share, &[("share", &lang.percent(s))]),
            Some(s) => fill(p.believe_share_over, &[("share", &lang.percent(s))]),
            None => p.believe_share_none.to_string(),
        };
        items.push(Para {
            lead: None,
            text: share,
        });
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
            sentences.push(if b.needed_pct.is_some_and(|n| n > 1.0) {
                fill(
                    p.believe_lever_impossible,
                    &[("needed_pct", &needed_pct), ("measured", &measured)],
                )
            } else {
                fill(
                    p.believe_lever,
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
                (MoreData::Proven, _) => None,
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
