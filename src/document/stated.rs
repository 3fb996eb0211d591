//! `[[stated]]`: the benefits and costs roi.toml states, each with its kind, months and
//! source; and the short form the headline lists them in.

use super::model::{Block, Cell, Para, Table};
use super::words::{benefit_word, columns, row, text};
use crate::assumptions::Stated;
use crate::i18n::{Lang, fill};
use crate::report::Report;

/// The table of stated lines, after a sentence on how they count, and each line's source.
pub fn stated(report: &Report, lang: Lang) -> Vec<Block> {
    let p = &lang.cat().p;
    if report.stated.is_empty() {
        return Vec::new();
    }
    let whole = |v: u32| Cell::Quantity {
        value: f64::from(v),
        text: v.to_string(),
    };
    let rows = report
        .stated
        .iter()
        .map(|s| {
            let monthly = !s.monthly.0.is_zero();
            let one_time = !s.one_time.0.is_zero();
            row(vec![
                text(&s.name),
                text(benefit_word(lang, s.kind)),
                if monthly {
                    Cell::Money(s.monthly.0)
                } else {
                    Cell::Empty
                },
                if monthly {
                    whole(s.from_month)
                } else {
                    Cell::Empty
                },
                if one_time {
                    Cell::Money(s.one_time.0)
                } else {
                    Cell::Empty
                },
                if one_time {
                    whole(s.month)
                } else {
                    Cell::Empty
                },
            ])
        })
        .collect();
    vec![
        Block::Paragraphs(vec![Para {
            lead: None,
            text: fill(
                p.stated_intro,
                &[("pct", &lang.percent(report.capacity_recapture()))],
            ),
        }]),
        Block::Table(Table {
            columns: columns(&[
                (p.col_stated, false),
                (p.col_benefit_kind, false),
                (p.col_monthly, true),
                (p.col_from_month, true),
                (p.col_one_time, true),
                (p.col_in_month, true),
            ]),
            rows,
        }),
        // Who stands behind each line, in full.
        Block::List(
            report
                .stated
                .iter()
                .map(|s| Para {
                    lead: Some(s.name.clone()),
                    text: s
                        .source
                        .clone()
                        .unwrap_or_else(|| p.stated_no_source.to_string()),
                })
                .collect(),
        ),
    ]
}

/// The stated lines in a few words each ("licences retired: 1,200 EUR a month from month
/// 4"), at most `most`, then how many more.
pub fn stated_short(report: &Report, lang: Lang, most: usize) -> String {
    let p = &lang.cat().p;
    let cur = report.currency.as_str();
    let one = |s: &Stated| {
        let mut parts = Vec::new();
        if !s.monthly.0.is_zero() {
            let amount = lang.money(s.monthly.0, cur);
            parts.push(if s.from_month > 1 {
                fill(
                    p.stated_monthly_from,
                    &[("amount", &amount), ("month", &s.from_month.to_string())],
                )
            } else {
                format!("{amount}{}", p.per_month_suffix)
            });
        }
        if !s.one_time.0.is_zero() {
            let amount = lang.money(s.one_time.0, cur);
            parts.push(if s.month == 0 {
                fill(p.stated_at_start, &[("amount", &amount)])
            } else {
                fill(
                    p.stated_one_time_in,
                    &[("amount", &amount), ("month", &s.month.to_string())],
                )
            });
        }
        format!("{}: {}", s.name, parts.join(", "))
    };
    let mut out: Vec<String> = report.stated.iter().take(most).map(one).collect();
    if report.stated.len() > most {
        out.push(fill(
            p.stated_more,
            &[("n", &(report.stated.len() - most).to_string())],
        ));
    }
    out.join("; ")
}
