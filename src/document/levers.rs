//! Savings by lever: monthly, annual, the 95% range, the risk adjustment, each lever's formula in numbers.

use super::model::{Block, Cell, Para, Row, Table};
use super::words::lever_name;
use super::words::{columns, formula, row, text};
use crate::i18n::{Lang, fill};
use crate::report::Report;
use rust_decimal::Decimal;

/// The savings table (each lever a month, a year, its 95% range; the totals) and the
/// formula of each lever.
pub fn levers(report: &Report, lang: Lang) -> Vec<Block> {
    let p = &lang.cat().p;
    let s = &report.savings;
    if s.levers.is_empty() {
        return vec![Block::Paragraphs(vec![Para {
            lead: None,
            text: p.no_levers.to_string(),
        }])];
    }
    let twelve = Decimal::from(12);
    let mut rows: Vec<Row> = s
        .levers
        .iter()
        .map(|l| {
            let mut label = lever_name(report, lang, l);
            if !l.significant {
                label = format!("{label} {}", p.not_proven_mark);
            }
            row(vec![
                text(label),
                Cell::Money(l.monthly.0),
                Cell::Money(l.monthly.0 * twelve),
                // No interval (a summary without the spread): no range.
                if l.low == l.high && !l.significant {
                    Cell::Empty
                } else {
                    Cell::MoneyRange(l.low.0, l.high.0)
                },
                text(super::words::benefit_word(lang, l.benefit)),
            ])
        })
        .collect();
    let gross = s.monthly.total.0;
    let adjusted = s.monthly_risk_adjusted.0;
    let risk = lang.percent(s.risk_adjustment);
    let cash = s.annual_cash.0 / twelve;
    for (label, monthly, strong) in [
        (p.total_gross.to_string(), gross, true),
        (
            fill(p.risk_step, &[("risk", &risk)]),
            adjusted - gross,
            false,
        ),
        (p.total_risk_adjusted.to_string(), adjusted, true),
        (p.of_it_cash.to_string(), cash, false),
        (p.of_it_capacity.to_string(), adjusted - cash, false),
    ] {
        rows.push(Row {
            cells: vec![
                text(label),
                Cell::Money(monthly),
                Cell::Money(monthly * twelve),
                Cell::Empty,
                Cell::Empty,
            ],
            strong,
        });
    }
    // A lever stratified by segment is the sum of its segments' formulas.
    let formulas = s
        .levers
        .iter()
        .flat_map(|l| {
            let name = lever_name(report, lang, l);
            if l.parts.is_empty() {
                vec![Para {
                    lead: Some(name),
                    text: formula(lang, &report.currency, &l.formula),
                }]
            } else {
                segment_parts(report, lang, l, &name)
            }
        })
        .collect();
    vec![
        Block::Table(Table {
            columns: columns(&[
                (p.col_lever, false),
                (p.col_monthly, true),
                (p.col_annual, true),
                (p.col_range, true),
                (p.col_benefit_kind, false),
            ]),
            rows,
        }),
        Block::List(formulas),
    ]
}

/// A stratified lever's formula segment by segment: all of them up to ten, else the ten
/// shown first (largest savings) and the rest summed on one line, so a thousand segments
/// give a page a person reads (every segment is in summary.json and the workbook).
fn segment_parts(
    report: &Report,
    lang: Lang,
    l: &crate::economics::levers::Lever,
    name: &str,
) -> Vec<Para> {
    let para = |seg: &str, f| Para {
        lead: Some(format!("{name}, {seg}")),
        text: formula(lang, &report.currency, f),
    };
    let Some(b) = report
        .breakdown
        .as_ref()
        .filter(|_| l.parts.len() > crate::report::segments::MAX_SHOWN)
    else {
        return l.parts.iter().map(|(seg, f)| para(seg, f)).collect();
    };
    let mut out: Vec<Para> = b
        .shown
        .iter()
        .filter_map(|seg| l.parts.iter().find(|(s, _)| s == seg))
        .map(|(seg, f)| para(seg, f))
        .collect();
    let rest: Vec<&String> = l
        .parts
        .iter()
        .map(|(s, _)| s)
        .filter(|s| !b.shown.contains(s))
        .collect();
    if !rest.is_empty() {
        let sum: Decimal = rest
            .iter()
            .filter_map(|seg| b.segments.get(*seg))
            .flat_map(|seg| seg.levers.iter().filter(|x| x.name == l.name))
            .map(|x| x.monthly.0)
            .sum();
        let p = &lang.cat().p;
        out.push(Para {
            lead: Some(name.to_string()),
            text: fill(
                p.lever_parts_other,
                &[
                    ("n", &lang.number(rest.len() as f64, 0)),
                    ("by", &b.by),
                    ("amount", &lang.money(sum, &report.currency)),
                ],
            ),
        });
    }
    out
}
