//! The inputs: each file's layout, rows, window and cases, and the volume.

use super::model::{Block, Para};
use super::words::metric_name;
use super::words::source;
use crate::i18n::{Lang, fill};
use crate::report::{InputSide, Report};

/// `today: file (630 rows, 411 cases of cycle time), 2026-09-01 to 2026-09-30 (30 days)`.
pub(super) fn side_line(report: &Report, lang: Lang, side: &str, s: &InputSide) -> String {
    let cat = lang.cat();
    let rows = lang.number(s.rows as f64, 0);
    let mut details = fill(
        cat.p.input_rows,
        &[("n", &rows), ("rows_word", cat.nouns.row.form(&rows))],
    );
    if let (Some(n), Some(m)) = (s.cases, &s.cases_metric) {
        let n = lang.number(n as f64, 0);
        details.push_str(", ");
        details.push_str(&fill(
            cat.p.input_cases,
            &[
                ("n", &n),
                ("cases_word", cat.nouns.case.form(&n)),
                ("metric", &metric_name(report, lang, m)),
            ],
        ));
    }
    let window = match (&s.first_date, &s.last_date, s.window_days) {
        (Some(f), Some(l), Some(d)) => {
            let days = d.to_string();
            fill(
                cat.p.window_dates,
                &[
                    ("span", &lang.date_span(f, l)),
                    ("days", &days),
                    ("days_word", cat.nouns.day.form(&days)),
                ],
            )
        }
        (_, _, Some(d)) => {
            let days = d.to_string();
            fill(
                cat.p.window_config,
                &[("days", &days), ("days_word", cat.nouns.day.form(&days))],
            )
        }
        _ => cat.p.window_none.to_string(),
    };
    fill(
        cat.p.input_line,
        &[
            ("side", side),
            ("file", &s.file),
            ("details", &details),
            ("window", &window),
        ],
    )
}

/// The files read and the volume the case is built on.
pub fn inputs(report: &Report, lang: Lang) -> Vec<Block> {
    let cat = lang.cat();
    let mut items = vec![
        side_line(report, lang, cat.p.today, &report.inputs.today),
        if report.projected {
            fill(
                cat.p.input_projected,
                &[("targets", &super::evidence::targets(report, lang))],
            )
        } else {
            side_line(report, lang, cat.p.after, &report.inputs.after)
        },
    ];
    if let Some(c) = &report.inputs.control {
        items.push(side_line(report, lang, cat.p.control_today_side, &c.today));
        items.push(side_line(report, lang, cat.p.control_after_side, &c.after));
    }
    if let Some(v) = report.volume.cases_per_month {
        let shown = lang.number(v, 0);
        items.push(fill(
            cat.p.volume_line,
            &[
                ("volume", &shown),
                ("cases_word", cat.nouns.case.form(&shown)),
                (
                    "source",
                    report.volume.source.map_or("", |s| source(lang, s)),
                ),
            ],
        ));
    }
    vec![Block::List(
        items
            .into_iter()
            .map(|text| Para { lead: None, text })
            .collect(),
    )]
}
