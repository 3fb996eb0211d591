//! The figures of the document: the headline, the metric table, the levers with their
//! formulas, the scenarios, the sensitivity, the inputs and the assumptions ledger.

use super::{Block, Cell, Column, Pair, Para, Row, Table, lever_name, metric_name};
use crate::assumptions::{LedgerEntry, LedgerValue, Per, Source, ValueKind};
use crate::economics::Missing;
use crate::economics::levers::{Formula, Quantity, Term, TermUnit};
use crate::i18n::{Lang, fill};
use crate::metric::{Kind, Unit};
use crate::report::{InputSide, MetricReport, Report};
use crate::summarize::{CaseStats, RateStats, Stats};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

fn columns(specs: &[(&str, bool)]) -> Vec<Column> {
    specs
        .iter()
        .map(|(h, numeric)| Column {
            heading: h.to_string(),
            numeric: *numeric,
        })
        .collect()
}

fn row(cells: Vec<Cell>) -> Row {
    Row {
        cells,
        strong: false,
    }
}

fn text(s: impl Into<String>) -> Cell {
    Cell::Text(s.into())
}

/// `month 5.4 of 36` / `zwrot po 5,4 miesiąca` / `not within 36 months`.
pub fn payback(report: &Report, lang: Lang, months: Option<f64>) -> String {
    let cat = lang.cat();
    let h = report.finance.horizon_months;
    let horizon = h.to_string();
    match months {
        Some(0.0) => cat.p.payback_now.to_string(),
        Some(m) => {
            let shown = lang.number(m, 1);
            fill(
                cat.p.payback_month,
                &[
                    ("months", &shown),
                    ("months_word", cat.nouns.month.form(&shown)),
                    ("horizon", &horizon),
                ],
            )
        }
        None => fill(
            cat.p.payback_none,
            &[
                ("horizon", &horizon),
                ("horizon_word", cat.nouns.month.form(&horizon)),
            ],
        ),
    }
}

/// The lever names of the proven (or the other) levers, joined for a headline note.
fn lever_names(report: &Report, lang: Lang, proven: bool) -> String {
    report
        .savings
        .levers
        .iter()
        .filter(|l| l.significant == proven && !l.monthly.0.is_zero())
        .map(|l| lever_name(report, lang, l))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The IRR as the headline shows it: the rate, "over 1,000%", or why there is none.
pub fn irr_text(report: &Report, lang: Lang) -> Cell {
    let p = &lang.cat().p;
    let f = &report.finance;
    match f.irr_annual {
        // PRODUCT.md §3: above 1,000% a year the number says nothing useful.
        Some(r) if r > 10.0 => Cell::Quantity {
            value: r,
            text: p.irr_huge.to_string(),
        },
        Some(r) => Cell::Quantity {
            value: r,
            text: fill(p.irr_value, &[("rate", &lang.percent(r))]),
        },
        None => text(match f.reason {
            Some(Missing::SeveralSignChanges) => p.irr_none_several,
            _ => p.irr_none,
        }),
    }
}

/// The headline: the risk-adjusted annual savings split into proven and not yet proven, then
/// (with an investment) payback, NPV expected and conservative, ROI and IRR, or (without)
/// the investment the savings can carry.
pub fn headline(report: &Report, lang: Lang) -> Vec<Pair> {
    let cat = lang.cat();
    let p = &cat.p;
    let f = &report.finance;
    let s = &report.savings;
    let months = f.horizon_months.to_string();
    let over = fill(
        p.h_npv_note,
        &[
            ("months", &months),
            ("months_word", cat.nouns.month.form(&months)),
            ("rate", &lang.percent(f.discount_rate)),
        ],
    );
    let pair = |label: &str, value: Cell, note: Option<String>, figure| Pair {
        label: label.to_string(),
        value,
        note,
        figure,
    };
    let risk = lang.percent(s.risk_adjustment);
    let loss = s.annual_risk_adjusted.0 < Decimal::ZERO;
    let mut note = fill(
        if loss {
            p.h_loss_note
        } else {
            p.h_savings_note
        },
        &[("risk", &risk)],
    );
    // With --by the headline is the sum over the segments, and says so.
    if let Some(b) = &report.breakdown {
        note.push_str(&fill(p.h_stratified_note, &[("by", &b.by)]));
    }
    let mut pairs = vec![pair(
        if loss { p.h_loss } else { p.h_savings },
        Cell::Money(s.annual_risk_adjusted.0),
        Some(note),
        Some("annual_risk_adjusted"),
    )];
    if !s.levers.is_empty() {
        let names = |proven| {
            let n = lever_names(report, lang, proven);
            (!n.is_empty()).then_some(n)
        };
        pairs.push(pair(
            p.h_proven,
            Cell::Money(s.annual_risk_adjusted_proven.0),
            names(true),
            None,
        ));
        pairs.push(pair(
            p.h_unproven,
            Cell::Money(s.annual_risk_adjusted_unproven.0),
            names(false).map(|n| fill(p.h_unproven_note, &[("levers", &n)])),
            None,
        ));
    }
    let Some(npv) = f.npv else {
        let max = f.max_investment.unwrap_or(crate::economics::MaxInvestment {
            npv_zero: None,
            payback_12: None,
        });
        let money_or_none = |m: Option<crate::money::Money>| {
            m.map_or_else(|| text(p.max_investment_none), |m| Cell::Money(m.0))
        };
        pairs.push(pair(
            p.h_max_npv,
            money_or_none(max.npv_zero),
            Some(fill(p.h_max_npv_note, &[("over", &over)])),
            Some("max_investment_npv_zero"),
        ));
        pairs.push(pair(
            p.h_max_payback,
            money_or_none(max.payback_12),
            Some(p.h_max_payback_note.to_string()),
            Some("max_investment_payback_12"),
        ));
        pairs.push(pair(
            p.h_investment,
            text(p.h_no_investment),
            Some(p.h_no_investment_note.to_string()),
            None,
        ));
        return pairs;
    };
    let payback_cell = match f.payback_months {
        Some(m) => Cell::Quantity {
            value: m,
            text: payback(report, lang, Some(m)),
        },
        None => text(payback(report, lang, None)),
    };
    pairs.push(pair(
        p.h_payback,
        payback_cell,
        None,
        Some("payback_months"),
    ));
    let conservative = report
        .scenarios
        .conservative
        .npv
        .map_or_else(String::new, |c| lang.money(c.0, &report.currency));
    pairs.push(pair(
        p.h_npv,
        Cell::Money(npv.0),
        Some(fill(
            p.h_npv_conservative,
            &[("conservative", &conservative), ("over", &over)],
        )),
        Some("npv"),
    ));
    pairs.push(pair(
        p.h_roi,
        f.roi.map_or_else(|| text(p.none), Cell::Percent),
        None,
        Some("roi"),
    ));
    pairs.push(pair(
        p.h_irr,
        irr_text(report, lang),
        None,
        Some("irr_annual"),
    ));
    pairs
}

/// `today: file (630 rows, 411 cases of cycle time), 2026-09-01 to 2026-09-30 (30 days)`.
fn side_line(report: &Report, lang: Lang, side: &str, s: &InputSide) -> String {
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
                    ("first", &lang.date(f)),
                    ("last", &lang.date(l)),
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

pub fn source(lang: Lang, s: Source) -> &'static str {
    let p = &lang.cat().p;
    match s {
        Source::Data => p.source_data,
        Source::Config => p.source_config,
        Source::Default => p.source_default,
    }
}

/// The files read and the volume the case is built on.
pub fn inputs(report: &Report, lang: Lang) -> Vec<Block> {
    let cat = lang.cat();
    let mut items = vec![
        side_line(report, lang, cat.p.today, &report.inputs.today),
        side_line(report, lang, cat.p.after, &report.inputs.after),
    ];
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

fn significance(lang: Lang, m: &MetricReport) -> Cell {
    let p = &lang.cat().p;
    // A summary without a side's spread, rather than too few cases.
    let no_spread = |s: &Option<Stats>| match s {
        Some(Stats::Case(c)) => c.std.is_none() && c.n > 1,
        Some(Stats::Rate(r)) => !r.sum_sq.is_finite(),
        None => false,
    };
    match &m.change {
        Some(c) if c.ci95.is_none() && (no_spread(&m.today) || no_spread(&m.after)) => {
            text(p.sig_no_spread)
        }
        Some(c) if c.ci95.is_none() => text(p.sig_too_few),
        Some(c) if c.significant => text(p.sig_yes),
        Some(_) => text(p.sig_noise),
        None => Cell::Empty,
    }
}

fn case_stats(s: &Option<Stats>) -> Option<&CaseStats> {
    match s {
        Some(Stats::Case(c)) => Some(c),
        _ => None,
    }
}

fn rate_stats(s: &Option<Stats>) -> Option<&RateStats> {
    match s {
        Some(Stats::Rate(r)) => Some(r),
        _ => None,
    }
}

fn opt(v: Option<f64>, f: impl Fn(f64) -> Cell) -> Cell {
    v.map_or(Cell::Empty, f)
}

fn change(t: Option<f64>, a: Option<f64>, unit: Unit) -> Cell {
    match (t, a) {
        (Some(t), Some(a)) => Cell::Change {
            diff: a - t,
            unit,
            pct: (t != 0.0).then(|| (a - t) / t),
        },
        _ => Cell::Empty,
    }
}

/// The metric table (today, after, change, proven?) and its footnotes.
pub fn metrics(report: &Report, lang: Lang) -> Vec<Block> {
    let p = &lang.cat().p;
    let mut rows = Vec::new();
    let mut notes = Vec::new();
    for (name, m) in report.ordered_metrics() {
        let label = metric_name(report, lang, name);
        match m.kind {
            Kind::CaseDuration => case_rows(lang, &label, m, &mut rows),
            _ => rate_rows(report, lang, &label, m, &mut rows, &mut notes),
        }
    }
    if rows.is_empty() {
        return Vec::new();
    }
    let mut blocks = vec![Block::Table(Table {
        columns: columns(&[
            (p.col_metric, false),
            (p.col_today, true),
            (p.col_after, true),
            (p.col_change, true),
            (p.col_significant, false),
        ]),
        rows,
    })];
    blocks.extend(notes.into_iter().map(Block::Note));
    blocks.push(Block::Note(p.significance_note.to_string()));
    blocks
}

fn case_rows(lang: Lang, label: &str, m: &MetricReport, rows: &mut Vec<Row>) {
    let p = &lang.cat().p;
    let (t, a) = (case_stats(&m.today), case_stats(&m.after));
    let u = m.unit;
    let dur = |v: f64| Cell::Duration(v, u);
    rows.push(row(vec![
        text(fill(p.row_mean, &[("metric", label)])),
        opt(t.map(|s| s.mean), dur),
        opt(a.map(|s| s.mean), dur),
        m.change.as_ref().map_or(Cell::Empty, |c| Cell::Change {
            diff: c.mean,
            unit: u,
            pct: c.mean_pct,
        }),
        significance(lang, m),
    ]));
    rows.push(row(vec![
        text(fill(p.row_p90, &[("metric", label)])),
        opt(t.map(|s| s.p90), dur),
        opt(a.map(|s| s.p90), dur),
        change(t.map(|s| s.p90), a.map(|s| s.p90), u),
        Cell::Empty,
    ]));
    if let Some(target) = t
        .and_then(|s| s.sla_target)
        .or(a.and_then(|s| s.sla_target))
    {
        let (ts, as_) = (t.and_then(|s| s.sla_share), a.and_then(|s| s.sla_share));
        let target = lang.with_unit(lang.trimmed(target), u);
        rows.push(row(vec![
            text(fill(p.row_sla, &[("metric", label), ("target", &target)])),
            opt(ts, Cell::Percent),
            opt(as_, Cell::Percent),
            match (ts, as_) {
                (Some(x), Some(y)) => Cell::Points(y - x),
                _ => Cell::Empty,
            },
            Cell::Empty,
        ]));
    }
}

fn rate_rows(
    report: &Report,
    lang: Lang,
    label: &str,
    m: &MetricReport,
    rows: &mut Vec<Row>,
    notes: &mut Vec<String>,
) {
    let p = &lang.cat().p;
    let (t, a) = (rate_stats(&m.today), rate_stats(&m.after));
    // Time lost reads best in hours ("10.3 h of downtime a month"), whatever the file used.
    let (unit, factor) = match m.unit.hours() {
        Some(h) => (Unit::Hours, h),
        None => (Unit::Count, 1.0),
    };
    let cell = |v: f64| {
        if unit == Unit::Count {
            Cell::Number(v * factor)
        } else {
            Cell::Duration(v * factor, unit)
        }
    };
    let scaled = m.change.as_ref().and_then(|c| c.after_at_today_volume);
    let mut after_cell = opt(a.and_then(|s| s.per_month), cell);
    if let (Some(s), Some(r)) = (scaled, report.volume.ratio)
        && (r - 1.0).abs() > 1e-9
    {
        let measured = after_cell.text(lang, &report.currency);
        notes.push(fill(
            p.scaled_note,
            &[
                ("metric", label),
                ("ratio", &lang.number(r, 2)),
                ("after", &measured),
            ],
        ));
        let shown = cell(s).text(lang, &report.currency);
        after_cell = Cell::Quantity {
            value: s * factor,
            text: format!("{shown} *"),
        };
    }
    rows.push(row(vec![
        text(fill(p.row_per_month, &[("metric", label)])),
        opt(t.and_then(|s| s.per_month), cell),
        after_cell,
        m.change.as_ref().map_or(Cell::Empty, |c| Cell::Change {
            diff: c.mean * factor,
            unit,
            pct: c.mean_pct,
        }),
        significance(lang, m),
    ]));
    let (tp, ap) = (
        t.and_then(|s| s.per_100_cases),
        a.and_then(|s| s.per_100_cases),
    );
    // Downtime stops the line whatever the volume: per 100 cases is for counts.
    if m.kind == Kind::Count && (tp.is_some() || ap.is_some()) {
        rows.push(row(vec![
            text(fill(p.row_per_100, &[("metric", label)])),
            opt(tp, Cell::Number),
            opt(ap, Cell::Number),
            change(tp, ap, Unit::Count),
            Cell::Empty,
        ]));
    }
    let (ta, aa) = (
        t.and_then(|s| s.availability),
        a.and_then(|s| s.availability),
    );
    if ta.is_some() || aa.is_some() {
        rows.push(row(vec![
            text(p.row_availability),
            opt(ta, Cell::FinePercent),
            opt(aa, Cell::FinePercent),
            match (ta, aa) {
                (Some(x), Some(y)) => Cell::Points(y - x),
                _ => Cell::Empty,
            },
            Cell::Empty,
        ]));
    }
}

/// A term of a formula in words: `6.05 h`, `417 cases`, `labor share 0.25`, `42 EUR/h`.
fn term(lang: Lang, currency: &str, t: &Term) -> String {
    let cat = lang.cat();
    let v = t.value.to_f64().unwrap_or(0.0);
    match t.unit {
        TermUnit::Hours | TermUnit::HoursPerMonth => lang.duration(v, Unit::Hours),
        TermUnit::PerMonth => lang.auto(v),
        TermUnit::Share if matches!(t.quantity, Quantity::Measured { .. }) => lang.percent(v),
        TermUnit::Share => fill(cat.p.term_labor_share, &[("value", &lang.trimmed(v))]),
        TermUnit::Ratio => fill(cat.p.term_volume_ratio, &[("value", &lang.number(v, 2))]),
        TermUnit::CasesPerMonth => {
            let shown = lang.number(v, 0);
            fill(
                cat.p.term_cases,
                &[
                    ("value", &shown),
                    ("cases_word", cat.nouns.case.form(&shown)),
                ],
            )
        }
        TermUnit::ResponsesPerMonth => fill(cat.p.term_responses, &[("value", &lang.auto(v))]),
        TermUnit::MoneyPerHour => {
            format!(
                "{}{}",
                lang.money_rate(t.value, currency),
                cat.p.per_hour_suffix
            )
        }
        TermUnit::MoneyPerUnit | TermUnit::MoneyPerBreach => lang.money_rate(t.value, currency),
    }
}

/// A lever's formula with its numbers: `(6.05 h − 4.33 h) × 417 cases × …`.
pub fn formula(lang: Lang, currency: &str, f: &Formula) -> String {
    let p = &lang.cat().p;
    let mut s = format!(
        "({} − {}",
        term(lang, currency, &f.today),
        term(lang, currency, &f.after)
    );
    if let Some(scale) = &f.after_scale {
        s.push_str(&format!(" × {}", term(lang, currency, scale)));
    }
    s.push(')');
    match f.today.unit {
        TermUnit::PerMonth | TermUnit::HoursPerMonth => s.push_str(p.per_month_suffix),
        TermUnit::Share => s.push_str(p.breaches_suffix),
        _ => {}
    }
    for t in &f.factors {
        s.push_str(&format!(" × {}", term(lang, currency, t)));
    }
    s
}

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
            ])
        })
        .collect();
    let gross = s.monthly.total.0;
    let adjusted = s.monthly_risk_adjusted.0;
    let risk = lang.percent(s.risk_adjustment);
    for (label, monthly, strong) in [
        (p.total_gross.to_string(), gross, true),
        (
            fill(p.risk_step, &[("risk", &risk)]),
            adjusted - gross,
            false,
        ),
        (p.total_risk_adjusted.to_string(), adjusted, true),
    ] {
        rows.push(Row {
            cells: vec![
                text(label),
                Cell::Money(monthly),
                Cell::Money(monthly * twelve),
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
                l.parts
                    .iter()
                    .map(|(seg, f)| Para {
                        lead: Some(format!("{name}, {seg}")),
                        text: formula(lang, &report.currency, f),
                    })
                    .collect()
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
            ]),
            rows,
        }),
        Block::List(formulas),
    ]
}

/// The scenarios: annual benefit and, with an investment, NPV and payback.
pub fn scenarios(report: &Report, lang: Lang) -> Vec<Block> {
    let p = &lang.cat().p;
    let s = &report.scenarios;
    let investment = report.finance.has_investment();
    let rows = [
        (p.conservative, &s.conservative),
        (p.expected, &s.expected),
        (p.optimistic, &s.optimistic),
        (p.proven_only, &s.proven),
    ]
    .into_iter()
    .map(|(name, sc)| {
        let mut cells = vec![text(name), Cell::Money(sc.annual_benefit.0)];
        if investment {
            cells.push(sc.npv.map_or(Cell::Empty, |n| Cell::Money(n.0)));
            cells.push(match sc.payback_months {
                Some(m) => Cell::Quantity {
                    value: m,
                    text: payback(report, lang, Some(m)),
                },
                None => text(payback(report, lang, None)),
            });
        }
        row(cells)
    })
    .collect();
    let mut cols = vec![("", false), (p.col_annual, true)];
    if investment {
        cols.extend([(p.col_npv, true), (p.col_payback, false)]);
    }
    vec![Block::Table(Table {
        columns: columns(&cols),
        rows,
    })]
}

/// An assumption's name for people.
pub fn assumption_name(report: &Report, lang: Lang, key: &str) -> String {
    let cat = lang.cat();
    if let Some(l) = cat.assumption(key) {
        return l.to_string();
    }
    if let Some(m) = key.strip_prefix("sla.") {
        return fill(
            cat.p.sla_target,
            &[("metric", &metric_name(report, lang, m))],
        );
    }
    if let Some(m) = key
        .strip_prefix("metrics.")
        .and_then(|k| k.strip_suffix(".cost_per_unit"))
    {
        let name = metric_name(report, lang, m);
        let per_unit = report.metrics.get(m).is_none_or(|r| r.kind == Kind::Count);
        let t = if per_unit {
            cat.p.custom_cost_unit
        } else {
            cat.p.custom_cost_hour
        };
        return fill(t, &[("metric", &name)]);
    }
    key.to_string()
}

/// An assumption's value for people, from its kind: `42 EUR/h`, `8%`, `36 mies.`.
pub fn assumption_value(lang: Lang, currency: &str, kind: ValueKind, per: Per, v: f64) -> Cell {
    let cat = lang.cat();
    let with_noun = |t: &str, word: &str, noun: &crate::i18n::Noun| {
        let shown = lang.trimmed(v);
        fill(t, &[("n", &shown), (word, noun.form(&shown))])
    };
    let text = match kind {
        ValueKind::Money => {
            let d = Decimal::try_from(v).unwrap_or_default();
            let suffix = if per == Per::Hour {
                cat.p.per_hour_suffix
            } else {
                ""
            };
            format!("{}{suffix}", lang.money_rate(d, currency))
        }
        ValueKind::Fraction => lang.percent(v),
        ValueKind::Months => with_noun(cat.p.months_value, "months_word", &cat.nouns.month),
        ValueKind::Days => with_noun(cat.p.days_value, "days_word", &cat.nouns.day),
        ValueKind::Hours => with_noun(cat.p.hours_value, "hours_word", &cat.nouns.hour),
        ValueKind::Cases => {
            let shown = lang.number(v, 0);
            fill(
                cat.p.cases_value,
                &[("n", &shown), ("cases_word", cat.nouns.case.form(&shown))],
            )
        }
        ValueKind::Currency => String::new(),
    };
    Cell::Quantity { value: v, text }
}

fn ledger_value(lang: Lang, currency: &str, e: &LedgerEntry) -> Cell {
    match &e.value {
        LedgerValue::Text(t) => Cell::Text(t.clone()),
        LedgerValue::Money(m) => Cell::Quantity {
            value: m.0.to_f64().unwrap_or(0.0),
            text: assumption_value(lang, currency, e.kind, e.per, m.0.to_f64().unwrap_or(0.0))
                .text(lang, currency),
        },
        LedgerValue::Number(v) if e.key.starts_with("sla.") => {
            let (value, unit) = if *v < 1.0 {
                (v * 60.0, Unit::Minutes)
            } else {
                (*v, Unit::Hours)
            };
            Cell::Quantity {
                value: *v,
                text: lang.with_unit(lang.trimmed(value), unit),
            }
        }
        LedgerValue::Number(v) => assumption_value(lang, currency, e.kind, e.per, *v),
    }
}

/// The NPV with each assumption at −20% and +20%.
pub fn sensitivity(report: &Report, lang: Lang) -> Vec<Block> {
    let p = &lang.cat().p;
    if report.sensitivity.is_empty() {
        return Vec::new();
    }
    let cur = &report.currency;
    let pers: std::collections::HashMap<&str, Per> = report
        .assumptions
        .iter()
        .map(|a| (a.key.as_str(), a.per))
        .collect();
    let per = |key: &str| pers.get(key).copied().unwrap_or(Per::Nothing);
    let rows = report
        .sensitivity
        .iter()
        .map(|s| {
            let value =
                |v: f64| assumption_value(lang, cur, s.kind, per(&s.assumption), v).text(lang, cur);
            row(vec![
                text(assumption_name(report, lang, &s.assumption)),
                text(format!("{} … {}", value(s.value_low), value(s.value_high))),
                Cell::Money(s.npv_at_low.0),
                Cell::Money(s.npv_at_high.0),
            ])
        })
        .collect();
    vec![Block::Table(Table {
        columns: columns(&[
            (p.col_assumption, false),
            (p.col_values, true),
            (p.col_npv_low, true),
            (p.col_npv_high, true),
        ]),
        rows,
    })]
}

/// Every assumption with its value and where it came from.
pub fn assumptions(report: &Report, lang: Lang) -> Vec<Block> {
    let p = &lang.cat().p;
    let rows = report
        .assumptions
        .iter()
        .map(|e| Row {
            cells: vec![
                text(assumption_name(report, lang, &e.key)),
                ledger_value(lang, &report.currency, e),
                text(source(lang, e.source)),
            ],
            // A default is an assumption nobody made explicitly: it stands out.
            strong: e.source == Source::Default,
        })
        .collect();
    vec![Block::Table(Table {
        columns: columns(&[
            (p.col_assumption, false),
            (p.col_value, true),
            (p.col_source, false),
        ]),
        rows,
    })]
}

/// With `--by`: how the savings are counted, the mix split of each case-duration mean, then
/// one row per segment (largest savings first, the rest as "other").
pub fn segments(report: &Report, lang: Lang) -> Vec<Block> {
    let Some(b) = &report.breakdown else {
        return Vec::new();
    };
    let cat = lang.cat();
    let p = &cat.p;
    let cur = &report.currency;
    let mut paras = vec![Para {
        lead: None,
        text: fill(
            p.seg_stratified,
            &[
                ("by", &b.by),
                (
                    "stratified",
                    &lang.money(report.savings.monthly.total.0, cur),
                ),
                ("pooled", &lang.money(b.unstratified_monthly.0, cur)),
            ],
        ),
    }];
    for (m, d) in &b.decomposition {
        if d.change == 0.0 {
            continue;
        }
        let part = |v: f64, less: &str, more: &str| {
            fill(
                if v <= 0.0 { less } else { more },
                &[("by", &b.by), ("amount", &lang.duration(v.abs(), d.unit))],
            )
        };
        // One sentence: "Cycle time fell by 2.40 h: …".
        let metric = crate::i18n::capitalize(&super::metric_name(report, lang, m));
        paras.push(Para {
            lead: None,
            text: metric
                + " "
                + &fill(
                    if d.change < 0.0 {
                        p.seg_split_fell
                    } else {
                        p.seg_split_rose
                    },
                    &[
                        ("change", &lang.duration(d.change.abs(), d.unit)),
                        (
                            "performance",
                            &part(d.performance, p.seg_faster_work, p.seg_slower_work),
                        ),
                        ("mix", &part(d.mix, p.seg_mix_faster, p.seg_mix_slower)),
                    ],
                ),
        });
    }
    // The mean shown per segment: the first case duration.
    let shown_metric = report
        .ordered_metrics()
        .find(|(_, m)| m.kind == crate::metric::Kind::CaseDuration)
        .map(|(name, m)| (name, m.unit));
    let mut rows = Vec::new();
    let segment_row = |name: String, s: &crate::report::Segment| -> Row {
        let count = |n: Option<u64>| n.map_or(text("—"), |n| Cell::Number(n as f64));
        let mut label = name;
        if s.one_side_only {
            label = format!("{label} ({})", p.seg_one_side);
        } else if s.small {
            label = format!("{label} ({})", p.seg_small);
        }
        let (mean_t, mean_a, change) = match (shown_metric, &s.case) {
            (Some((m, unit)), Some(r)) => {
                let mr = r.metrics.get(m);
                let mean = |st: Option<&Stats>| match st {
                    Some(Stats::Case(c)) => Cell::Duration(c.mean, unit),
                    _ => Cell::Empty,
                };
                (
                    mean(mr.and_then(|x| x.today.as_ref())),
                    mean(mr.and_then(|x| x.after.as_ref())),
                    mr.and_then(|x| x.change.as_ref())
                        .map_or(Cell::Empty, |c| Cell::Change {
                            diff: c.mean,
                            unit,
                            pct: c.mean_pct,
                        }),
                )
            }
            _ => (Cell::Empty, Cell::Empty, Cell::Empty),
        };
        let mut cells = vec![text(label), count(s.cases_today), count(s.cases_after)];
        if shown_metric.is_some() {
            cells.extend([mean_t, mean_a, change]);
        }
        cells.extend([
            if s.case.is_some() {
                Cell::Money(s.monthly_gross())
            } else {
                Cell::Empty
            },
            s.share_of_savings.map_or(Cell::Empty, Cell::Percent),
        ]);
        row(cells)
    };
    for name in &b.shown {
        rows.push(segment_row(name.clone(), &b.segments[name]));
    }
    if !b.other.is_empty() {
        let others: Vec<&crate::report::Segment> = b.other.iter().map(|n| &b.segments[n]).collect();
        let sum = |f: &dyn Fn(&crate::report::Segment) -> Option<u64>| {
            Cell::Number(others.iter().filter_map(|s| f(s)).sum::<u64>() as f64)
        };
        let money: Decimal = others.iter().map(|s| s.monthly_gross()).sum();
        let share: f64 = others.iter().filter_map(|s| s.share_of_savings).sum();
        let n = others.len().to_string();
        let mut cells = vec![
            text(fill(p.seg_other, &[("n", &n)])),
            sum(&|s| s.cases_today),
            sum(&|s| s.cases_after),
        ];
        if shown_metric.is_some() {
            cells.extend([Cell::Empty, Cell::Empty, Cell::Empty]);
        }
        cells.extend([Cell::Money(money), Cell::Percent(share)]);
        rows.push(row(cells));
    }
    let metric_heading = |h: &str| {
        shown_metric.map_or(h.to_string(), |(m, _)| {
            format!("{}, {h}", super::metric_name(report, lang, m))
        })
    };
    let (mt, ma) = (metric_heading(p.col_today), metric_heading(p.col_after));
    let mut specs: Vec<(&str, bool)> = vec![
        (&b.by, false),
        (p.seg_col_cases_today, true),
        (p.seg_col_cases_after, true),
    ];
    if shown_metric.is_some() {
        specs.extend([
            (mt.as_str(), true),
            (ma.as_str(), true),
            (p.col_change, true),
        ]);
    }
    specs.extend([(p.seg_col_monthly, true), (p.seg_col_share, true)]);
    vec![
        Block::Paragraphs(paras),
        Block::Table(Table {
            columns: columns(&specs),
            rows,
        }),
    ]
}
