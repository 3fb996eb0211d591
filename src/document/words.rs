//! Words and cells every section uses: a payback, a formula in numbers, an assumption's name and value, lists joined as a language joins them.

use super::model::{Cell, Column, Row};
use crate::assumptions::{Per, Source, ValueKind};
use crate::economics::Missing;
use crate::economics::levers::{Formula, Quantity, Term, TermUnit};
use crate::i18n::{Lang, fill};
use crate::metric::{Kind, Unit};
use crate::report::Report;
use crate::summarize::{CaseStats, RateStats, Stats};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

pub(super) fn columns(specs: &[(&str, bool)]) -> Vec<Column> {
    specs
        .iter()
        .map(|(h, numeric)| Column {
            heading: h.to_string(),
            numeric: *numeric,
        })
        .collect()
}

pub(super) fn row(cells: Vec<Cell>) -> Row {
    Row {
        cells,
        strong: false,
    }
}

pub(super) fn text(s: impl Into<String>) -> Cell {
    Cell::Text(s.into())
}

pub(super) fn opt(v: Option<f64>, f: impl Fn(f64) -> Cell) -> Cell {
    v.map_or(Cell::Empty, f)
}

pub(super) fn change(t: Option<f64>, a: Option<f64>, unit: Unit) -> Cell {
    match (t, a) {
        (Some(t), Some(a)) => Cell::Change {
            diff: a - t,
            unit,
            pct: (t != 0.0).then(|| (a - t) / t),
        },
        _ => Cell::Empty,
    }
}

pub(super) fn case_stats(s: &Option<Stats>) -> Option<&CaseStats> {
    match s {
        Some(Stats::Case(c)) => Some(c),
        _ => None,
    }
}

pub(super) fn rate_stats(s: &Option<Stats>) -> Option<&RateStats> {
    match s {
        Some(Stats::Rate(r)) => Some(r),
        _ => None,
    }
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
pub(super) fn lever_names(report: &Report, lang: Lang, proven: bool) -> String {
    report
        .savings
        .levers
        .iter()
        .filter(|l| l.significant == proven && !l.monthly.0.is_zero())
        .map(|l| lever_name(report, lang, l))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `cash` or `capacity` in words.
pub fn benefit_word(lang: Lang, b: crate::rules::Benefit) -> &'static str {
    let p = &lang.cat().p;
    match b {
        crate::rules::Benefit::Cash => p.benefit_cash,
        crate::rules::Benefit::Capacity => p.benefit_capacity,
    }
}

/// The IRR as the headline shows it: the rate, "over 200%", or why there is none.
pub fn irr_text(report: &Report, lang: Lang) -> Cell {
    let p = &lang.cat().p;
    let f = &report.headline;
    match f.irr_annual {
        // docs/method.md#irr: above 200% a year the number says nothing a CFO can use.
        Some(r) if r > 2.0 => Cell::Quantity {
            value: r,
            text: p.irr_huge.to_string(),
        },
        Some(r) => Cell::Quantity {
            value: r,
            text: fill(p.irr_value, &[("rate", &lang.percent(r))]),
        },
        None => text(match f.reason {
            Some(Missing::SeveralSignChanges) => p.irr_none_several,
            Some(Missing::NoRateFound) => p.irr_none_found,
            _ => p.irr_none,
        }),
    }
}

pub fn source(lang: Lang, s: Source) -> &'static str {
    let p = &lang.cat().p;
    match s {
        Source::Data => p.source_data,
        Source::Config => p.source_config,
        Source::Default => p.source_default,
    }
}

/// Where an assumption comes from, as the ledger shows it: data, roi.toml or default, then
/// the source and owner roi.toml gives (`roi.toml: finance, wage + 38%; owner: CFO office`).
pub fn ledger_source(lang: Lang, currency: &str, e: &crate::assumptions::LedgerEntry) -> String {
    let p = &lang.cat().p;
    let mut out = source(lang, e.origin).to_string();
    if let Some(s) = &e.source {
        out = format!("{out}: {s}");
    }
    // A three-point range: its ends, in the value's terms, before who stands behind it.
    if let (Some(low), Some(high)) = (&e.low, &e.high) {
        let shown = |v: &crate::assumptions::LedgerValue| {
            let x = match v {
                crate::assumptions::LedgerValue::Money(m) => m.0.to_f64().unwrap_or(0.0),
                crate::assumptions::LedgerValue::Number(x) => *x,
                crate::assumptions::LedgerValue::Text(_) => return String::new(),
            };
            assumption_value(lang, currency, e.kind, e.per, x).text(lang, currency)
        };
        out.push_str(&crate::i18n::fill(
            p.ledger_range,
            &[("low", &shown(low)), ("high", &shown(high))],
        ));
    }
    if let Some(o) = &e.owner {
        out.push_str(&crate::i18n::fill(p.ledger_owner, &[("owner", o)]));
    }
    out
}

/// `a, b and c`; `items` joins parts that contain commas themselves: `a; b; and c`.
pub(super) fn join(lang: Lang, parts: &[String], items: bool) -> String {
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
pub(super) fn decapitalize(s: &str) -> String {
    let mut chars = s.chars();
    match (chars.next(), chars.next()) {
        (Some(a), Some(b)) if a.is_uppercase() && !b.is_uppercase() => {
            a.to_lowercase().chain(s.chars().skip(1)).collect()
        }
        _ => s.to_string(),
    }
}

pub(super) fn noise(lang: Lang, proven: bool) -> &'static str {
    if proven { "" } else { lang.cat().p.not_proven }
}

/// A whole number shown with its noun: (`25`, `errors`).
pub(super) fn counted(lang: Lang, v: f64, noun: &crate::i18n::Noun) -> (String, &'static str) {
    let shown = lang.number(v.abs().round(), 0);
    let word = noun.form(&shown);
    (shown, word)
}

/// A term of a formula in words: `6.05 h`, `417 cases`, `labor share 0.25`, `42 EUR/h`.
pub(super) fn term(lang: Lang, currency: &str, t: &Term) -> String {
    let cat = lang.cat();
    let v = t.value.to_f64().unwrap_or(0.0);
    match t.unit {
        TermUnit::Hours | TermUnit::HoursPerMonth => lang.duration(v, Unit::Hours),
        TermUnit::PerMonth => lang.auto(v),
        TermUnit::Share
            if matches!(
                t.quantity,
                Quantity::Measured { .. } | Quantity::Control { .. }
            ) =>
        {
            lang.percent(v)
        }
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
        TermUnit::Counted => fill(cat.p.term_counted, &[("value", &lang.percent(v))]),
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
    // With a control site, the difference in differences: less the control's own change.
    if let Some(c) = &f.control {
        s = format!(
            "({s}) − ({} − {}",
            term(lang, currency, &c.today),
            term(lang, currency, &c.after)
        );
        if let Some(scale) = &c.after_scale {
            s.push_str(&format!(" × {}", term(lang, currency, scale)));
        }
        s.push(')');
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

/// An improvement in a lever formula's terms: `0.55 h`, `2.1 h a month`, `4.2 a month`,
/// `5.0 pts`.
pub(super) fn improvement(lang: Lang, unit: crate::economics::levers::TermUnit, v: f64) -> String {
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

/// A metric's name for people: the catalogue's for a built-in, the roi.toml label or the
/// key with spaces for a custom one.
pub fn metric_name(report: &Report, lang: Lang, metric: &str) -> String {
    if let Some(w) = lang.cat().metric(metric) {
        return w.name.to_string();
    }
    report
        .metrics
        .get(metric)
        .and_then(|m| {
            m.names
                .as_ref()
                .and_then(|l| l.get(lang.code()))
                .map(str::to_string)
                .or_else(|| m.label.clone())
        })
        .unwrap_or_else(|| metric.replace('_', " "))
}

/// A lever's name for people (`SLA breaches` for the SLA lever).
pub fn lever_name(report: &Report, lang: Lang, lever: &crate::economics::levers::Lever) -> String {
    builtin_lever_word(lang, &lever.name)
        .map_or_else(|| metric_name(report, lang, &lever.metric), str::to_string)
}

/// A built-in lever's name for people: its own words where it has them (`SLA breaches`,
/// `cycle-time SLA breaches`), else its metric's; None for a custom metric's lever.
pub fn builtin_lever_word(lang: Lang, lever: &str) -> Option<&'static str> {
    let (b, _, sla) = crate::metric::builtin_lever(lever)?;
    let w = lang.cat().metric(b.name)?;
    Some(if sla {
        w.sla_lever.unwrap_or(w.name)
    } else {
        w.lever.unwrap_or(w.name)
    })
}

/// Assumptions by their names and values as the ledger shows them: `cost of an hour of
/// downtime 2,000 EUR/h, share of cycle time that is paid work 30%`.
pub fn rates_text(report: &Report, lang: Lang, keys: &[String]) -> String {
    let parts: Vec<String> = keys
        .iter()
        .map(|k| {
            let name = assumption_name(report, lang, k);
            match report.assumptions.iter().find(|e| &e.key == k) {
                Some(e) => format!(
                    "{name} {}",
                    super::assumptions::ledger_value(lang, &report.currency, e)
                        .text(lang, &report.currency)
                ),
                None => name,
            }
        })
        .collect();
    parts.join(", ")
}
