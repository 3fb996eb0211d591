//! What to check before presenting: each warning in words.

use super::model::{Block, Para};
use super::words::join;
use super::words::metric_name;
use crate::i18n::{Lang, capitalize, fill};
use crate::report::Report;
use crate::warning::Warning;

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
        Warning::HiddenSheet {
            file,
            hidden,
            sheet,
        } => fill(
            p.w_hidden_sheet,
            &[("file", file), ("hidden", hidden), ("sheet", sheet)],
        ),
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
        Warning::OpenShareDiffers {
            metric,
            today,
            after,
        } => fill(
            p.w_open_share,
            &[
                ("metric", &name(metric)),
                ("today", &lang.percent(*today)),
                ("after", &lang.percent(*after)),
            ],
        ),
        Warning::ControlLevelDiffers {
            metric,
            today,
            control_today,
        } => fill(
            p.w_control_level,
            &[
                ("metric", &name(metric)),
                ("share", &lang.percent(control_today / today)),
            ],
        ),
        Warning::ControlPeriodApart {
            today,
            first,
            last,
            control_first,
            control_last,
        } => fill(
            if *today {
                p.w_control_apart_today
            } else {
                p.w_control_apart_after
            },
            &[
                ("period", &lang.date_span(first, last)),
                ("control", &lang.date_span(control_first, control_last)),
            ],
        ),
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
            control,
        } => {
            let shown = num(*k);
            fill(
                p.w_few_cases,
                &[
                    ("metric", &name(metric)),
                    ("cases_word", n.case.form(&shown)),
                    ("n", &shown),
                    (
                        "side",
                        match (*today, *control) {
                            (true, false) => p.today_side,
                            (false, false) => p.after_side,
                            (true, true) => p.control_today_in,
                            (false, true) => p.control_after_in,
                        },
                    ),
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
                    &[("span", &lang.date_span(today_first, today_last))],
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
        Warning::ChanceUnknown { levers } => {
            let names: Vec<String> = levers
                .iter()
                .map(|l| {
                    super::words::builtin_lever_word(lang, l)
                        .map_or_else(|| name(l), str::to_string)
                })
                .collect();
            fill(
                p.w_chance_unknown,
                &[("levers", &join(lang, &names, false))],
            )
        }
        Warning::LeverNotSignificant { lever, monthly } => {
            // A lever is named after its metric, but for the SLA levers.
            let label = super::words::builtin_lever_word(lang, lever)
                .map_or_else(|| name(lever), str::to_string);
            let currency = report.map_or("", |r| r.currency.as_str());
            let upside = report.is_some_and(|r| r.headline.basis == crate::rules::Basis::Proven);
            fill(
                if upside {
                    p.w_lever_not_proven_upside
                } else {
                    p.w_lever_not_proven
                },
                &[
                    ("lever", &label),
                    ("monthly", &lang.money(monthly.0, currency)),
                ],
            )
        }
        Warning::StatedNoSource { name } => fill(p.w_stated_no_source, &[("name", name)]),
        Warning::PricedOnDefault {
            lever,
            monthly,
            keys,
        } => {
            let label = super::words::builtin_lever_word(lang, lever)
                .map_or_else(|| name(lever), str::to_string);
            let currency = report.map_or("", |r| r.currency.as_str());
            let rates = match report {
                Some(r) => super::words::rates_text(r, lang, keys),
                None => keys.join(", "),
            };
            fill(
                p.w_priced_on_default,
                &[
                    ("lever", &label),
                    ("monthly", &lang.money(monthly.0, currency)),
                    ("rates", &rates),
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
        Warning::MonthsMissing { months } => {
            fill(p.w_months_missing, &[("months", &months.join(", "))])
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
