//! roi.toml text → [`Assumptions`]: typed, range-checked, every problem with its line and
//! column; unknown keys and wrong types are errors with a "did you mean".

use super::{Assumptions, CustomMetricDef, Source, Sourced};
use crate::error::{Problem, RoiError};
use crate::metric::{ColumnMap, Kind, Registry, Unit, closest, normalize_name};
use rust_decimal::Decimal;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::str::FromStr;
use toml::Spanned;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    currency: Option<Spanned<String>>,
    horizon_months: Option<Spanned<i64>>,
    discount_rate: Option<Spanned<f64>>,
    risk_adjustment: Option<Spanned<f64>>,
    fte_hours_per_month: Option<Spanned<f64>>,
    volume: Option<RawVolume>,
    window: Option<RawWindow>,
    rates: Option<RawRates>,
    sla: Option<BTreeMap<Spanned<String>, Spanned<RawDuration>>>,
    investment: Option<RawInvestment>,
    metrics: Option<BTreeMap<Spanned<String>, RawMetric>>,
    columns: Option<BTreeMap<Spanned<String>, Spanned<RawColumn>>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawVolume {
    cases_per_month: Option<Spanned<f64>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawWindow {
    today_days: Option<Spanned<i64>>,
    after_days: Option<Spanned<i64>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRates {
    hourly_cost: Option<Spanned<f64>>,
    labor_share: Option<Spanned<f64>>,
    cost_per_error: Option<Spanned<f64>>,
    downtime_cost_per_hour: Option<Spanned<f64>>,
    cost_per_sla_breach: Option<Spanned<f64>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawInvestment {
    one_time: Option<Spanned<f64>>,
    monthly: Option<Spanned<f64>>,
    ramp_up_months: Option<Spanned<i64>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMetric {
    kind: Spanned<String>,
    cost_per_unit: Option<Spanned<f64>>,
    unit: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum RawDuration {
    Number(f64),
    Text(String),
}

#[derive(Deserialize)]
#[serde(untagged)]
enum RawColumn {
    Name(String),
    Mapped {
        column: String,
        unit: Option<String>,
    },
}

/// Line and column (1-based) of a byte offset.
fn line_col(text: &str, offset: usize) -> (u64, u64) {
    let offset = offset.min(text.len());
    let before = &text[..offset];
    let line = before.matches('\n').count() as u64 + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) as u64 + 1;
    (line, col)
}

struct Ctx<'a> {
    text: &'a str,
    name: &'a str,
    problems: Vec<Problem>,
}

impl Ctx<'_> {
    fn at<T>(&mut self, s: &Spanned<T>, found: String, expected: &str) {
        let (line, col) = line_col(self.text, s.span().start);
        self.problems
            .push(Problem::at(self.name, line, Some(col)).says(found, expected));
    }

    fn ratio(
        &mut self,
        s: Option<Spanned<f64>>,
        key: &str,
        default: Sourced<Decimal>,
        max: f64,
    ) -> Sourced<Decimal> {
        let Some(s) = s else { return default };
        let v = *s.get_ref();
        if !(0.0..=max).contains(&v) {
            self.at(
                &s,
                format!("{key} = {v} is out of range"),
                &format!("a fraction from 0 to {max}, e.g. 0.1 for 10%"),
            );
            return default;
        }
        config(decimal(v))
    }

    fn money(
        &mut self,
        s: Option<Spanned<f64>>,
        key: &str,
        default: Sourced<Decimal>,
    ) -> Sourced<Decimal> {
        let Some(s) = s else { return default };
        let v = *s.get_ref();
        if v < 0.0 || !v.is_finite() || v > 1e9 {
            self.at(
                &s,
                format!("{key} = {v} is not a usable amount"),
                "an amount of money from 0 to 1,000,000,000, e.g. 50",
            );
            return default;
        }
        config(decimal(v))
    }

    fn whole(
        &mut self,
        s: Option<Spanned<i64>>,
        key: &str,
        range: std::ops::RangeInclusive<i64>,
        expected: &str,
    ) -> Option<u32> {
        let s = s?;
        let v = *s.get_ref();
        if !range.contains(&v) {
            self.at(&s, format!("{key} = {v} is out of range"), expected);
            return None;
        }
        Some(v as u32)
    }
}

fn config<T>(value: T) -> Sourced<T> {
    Sourced {
        value,
        source: Source::Config,
    }
}

/// An f64 read from TOML as the decimal the user wrote (`0.1` stays 0.1).
fn decimal(v: f64) -> Decimal {
    Decimal::from_str(&v.to_string()).unwrap_or_default()
}

/// Parses a duration as written in roi.toml: `"30min"`, `"8 h"`, `"1.5h"`, `"2 days"`.
pub fn parse_duration_hours(text: &str) -> Option<f64> {
    let t = text.trim();
    let split = t
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ','))
        .unwrap_or(t.len());
    let (num, unit) = t.split_at(split);
    let n = crate::input::cell::parse_number(num).ok()?;
    let unit = Unit::parse(unit.trim())?;
    if n < 0.0 {
        return None;
    }
    Some(n * unit.hours()?)
}

const TOP_KEYS: &[&str] = &[
    "currency",
    "horizon_months",
    "discount_rate",
    "risk_adjustment",
    "fte_hours_per_month",
    "volume",
    "window",
    "rates",
    "sla",
    "investment",
    "metrics",
    "columns",
];

/// Parses roi.toml text; `name` is used in messages.
pub fn parse(text: &str, name: &str) -> Result<Assumptions, RoiError> {
    let raw: Raw = match toml::from_str(text) {
        Ok(r) => r,
        Err(e) => return Err(RoiError::one(toml_problem(&e, text, name))),
    };
    let mut cx = Ctx {
        text,
        name,
        problems: Vec::new(),
    };
    let mut a = Assumptions {
        path: Some(name.to_string()),
        ..Assumptions::default()
    };
    if let Some(c) = raw.currency {
        let v = c.get_ref().trim().to_uppercase();
        if v.len() == 3 && v.chars().all(|ch| ch.is_ascii_alphabetic()) {
            a.currency = config(v);
        } else {
            cx.at(
                &c,
                format!("currency '{}' is not an ISO 4217 code", c.get_ref()),
                "a three-letter code like EUR, PLN or USD",
            );
        }
    }
    if let Some(h) = cx.whole(
        raw.horizon_months,
        "horizon_months",
        1..=600,
        "a whole number of months from 1 to 600",
    ) {
        a.horizon_months = config(h);
    }
    a.discount_rate = cx.ratio(raw.discount_rate, "discount_rate", a.discount_rate, 1.0);
    a.risk_adjustment = cx.ratio(
        raw.risk_adjustment,
        "risk_adjustment",
        a.risk_adjustment,
        1.0,
    );
    if let Some(f) = raw.fte_hours_per_month {
        let v = *f.get_ref();
        if v > 0.0 && v <= 744.0 {
            a.fte_hours_per_month = config(v);
        } else {
            cx.at(
                &f,
                format!("fte_hours_per_month = {v} is out of range"),
                "hours of one full-time person a month, e.g. 160",
            );
        }
    }
    if let Some(c) = raw.volume.and_then(|v| v.cases_per_month) {
        let v = *c.get_ref();
        if v > 0.0 && v <= 1e8 {
            a.cases_per_month = Some(v);
        } else {
            cx.at(
                &c,
                format!("volume.cases_per_month = {v} is not a volume"),
                "a number of cases per month from 1 to 100,000,000, e.g. 1200",
            );
        }
    }
    if let Some(w) = raw.window {
        let expected = "a whole number of days from 1 to 3660";
        a.window_today_days = cx.whole(w.today_days, "window.today_days", 1..=3660, expected);
        a.window_after_days = cx.whole(w.after_days, "window.after_days", 1..=3660, expected);
    }
    if let Some(r) = raw.rates {
        a.hourly_cost = cx.money(r.hourly_cost, "rates.hourly_cost", a.hourly_cost);
        a.labor_share = cx.ratio(r.labor_share, "rates.labor_share", a.labor_share, 1.0);
        a.cost_per_error = cx.money(r.cost_per_error, "rates.cost_per_error", a.cost_per_error);
        a.downtime_cost_per_hour = cx.money(
            r.downtime_cost_per_hour,
            "rates.downtime_cost_per_hour",
            a.downtime_cost_per_hour,
        );
        a.cost_per_sla_breach = cx.money(
            r.cost_per_sla_breach,
            "rates.cost_per_sla_breach",
            a.cost_per_sla_breach,
        );
    }
    if let Some(i) = raw.investment {
        a.one_time = cx.money(i.one_time, "investment.one_time", a.one_time);
        a.monthly = cx.money(i.monthly, "investment.monthly", a.monthly);
        if let Some(r) = cx.whole(
            i.ramp_up_months,
            "investment.ramp_up_months",
            0..=120,
            "a whole number of months from 0 to 120",
        ) {
            a.ramp_up_months = config(r);
        }
    }
    let builtin = Registry::new(&[], &[], None);
    if let Some(metrics) = raw.metrics {
        for (key, m) in metrics {
            let name = normalize_name(key.get_ref());
            if let Some(id) = builtin.lookup(&name) {
                cx.at(
                    &key,
                    format!(
                        "custom metric '{}' has the name of the built-in metric {}",
                        key.get_ref(),
                        builtin.def(id).name
                    ),
                    "another name; built-in metrics need no declaration",
                );
                continue;
            }
            let kind = match m.kind.get_ref().as_str() {
                "count" => Kind::Count,
                "case_duration" => Kind::CaseDuration,
                "period_duration" => Kind::PeriodDuration,
                other => {
                    let hint = closest(
                        other,
                        ["count", "case_duration", "period_duration"].into_iter(),
                    )
                    .map(|s| format!(" (did you mean {s}?)"))
                    .unwrap_or_default();
                    cx.at(
                        &m.kind,
                        format!("kind '{other}' is not a metric kind{hint}"),
                        "count, case_duration or period_duration",
                    );
                    continue;
                }
            };
            let unit = match m.unit {
                None => None,
                Some(u) => match Unit::parse(u.get_ref()) {
                    Some(unit) if (unit == Unit::Count) == (kind == Kind::Count) => Some(unit),
                    _ => {
                        cx.at(
                            &u,
                            format!(
                                "unit '{}' does not fit a {} metric",
                                u.get_ref(),
                                kind.as_str()
                            ),
                            if kind == Kind::Count {
                                "count"
                            } else {
                                Unit::ACCEPTED
                            },
                        );
                        continue;
                    }
                },
            };
            let cost = cx.money(
                m.cost_per_unit,
                &format!("metrics.{name}.cost_per_unit"),
                Sourced::default(Decimal::ZERO),
            );
            a.metrics.push(CustomMetricDef {
                name,
                kind,
                unit,
                cost_per_unit: cost,
            });
        }
    }
    let registry = a.registry();
    if let Some(sla) = raw.sla {
        a.sla_hours.clear();
        for (key, value) in sla {
            let Some(id) = registry.lookup(key.get_ref()) else {
                let hint = registry
                    .suggest(key.get_ref())
                    .map(|s| format!(" (did you mean {s}?)"))
                    .unwrap_or_default();
                cx.at(
                    &key,
                    format!("sla.{} names no known metric{hint}", key.get_ref()),
                    "a case-duration metric such as response_time or cycle_time",
                );
                continue;
            };
            let def = registry.def(id);
            if def.kind != Kind::CaseDuration {
                cx.at(
                    &key,
                    format!(
                        "sla.{} is not a case duration, so it has no per-case target",
                        def.name
                    ),
                    "a case-duration metric such as response_time or cycle_time",
                );
                continue;
            }
            let hours = match value.get_ref() {
                RawDuration::Number(n) if *n > 0.0 && n.is_finite() => {
                    def.unit.hours().map(|h| n * h)
                }
                RawDuration::Text(t) => parse_duration_hours(t).filter(|h| *h > 0.0),
                _ => None,
            };
            match hours {
                Some(h) => {
                    a.sla_hours.insert(def.name.clone(), config(h));
                }
                None => cx.at(
                    &value,
                    format!("sla.{} is not a duration", def.name),
                    "a target like \"30min\", \"8h\" or \"2 days\"",
                ),
            }
        }
    }
    if let Some(columns) = raw.columns {
        for (key, value) in columns {
            let k = key.get_ref();
            if normalize_name(k) == "date" {
                match value.get_ref() {
                    RawColumn::Name(c) => a.date_column = Some(c.clone()),
                    RawColumn::Mapped { .. } => cx.at(
                        &value,
                        "columns.date has a unit".into(),
                        "the name of the date column, e.g. date = \"Closed at\"",
                    ),
                }
                continue;
            }
            let Some(id) = registry.lookup(k) else {
                let hint = registry
                    .suggest(k)
                    .map(|s| format!(" (did you mean {s}?)"))
                    .unwrap_or_default();
                cx.at(
                    &key,
                    format!("columns.{k} names no known metric{hint}"),
                    "a built-in metric, a metric declared in [metrics], or date",
                );
                continue;
            };
            let metric = registry.def(id).name.clone();
            match value.get_ref() {
                RawColumn::Name(c) => a.columns.push(ColumnMap {
                    column: c.clone(),
                    metric,
                    unit: None,
                }),
                RawColumn::Mapped { column, unit } => {
                    let parsed = match unit {
                        None => None,
                        Some(u) => match Unit::parse(u) {
                            Some(p) => Some(p),
                            None => {
                                cx.at(
                                    &value,
                                    format!("unit '{u}' in columns.{k} is not a known unit"),
                                    Unit::ACCEPTED,
                                );
                                continue;
                            }
                        },
                    };
                    a.columns.push(ColumnMap {
                        column: column.clone(),
                        metric,
                        unit: parsed,
                    });
                }
            }
        }
    }
    if cx.problems.is_empty() {
        Ok(a)
    } else {
        Err(RoiError::Input {
            problems: cx.problems,
            more: 0,
        })
    }
}

/// A TOML syntax or type error as a located problem, with "did you mean" for unknown keys.
fn toml_problem(e: &toml::de::Error, text: &str, name: &str) -> Problem {
    let (line, col) = e.span().map_or((1, 1), |s| line_col(text, s.start));
    let msg = e.message().trim().to_string();
    let at = Problem::at(name, line, Some(col));
    if let Some(rest) = msg.strip_prefix("unknown field `") {
        let key = rest.split('`').next().unwrap_or_default().to_string();
        let expected: Vec<String> = rest
            .split("expected ")
            .nth(1)
            .unwrap_or_default()
            .split('`')
            .enumerate()
            .filter(|(i, _)| i % 2 == 1)
            .map(|(_, s)| s.to_string())
            .collect();
        let expected = if expected.is_empty() && line_is_top_level(text, line) {
            TOP_KEYS.iter().map(|s| s.to_string()).collect()
        } else {
            expected
        };
        let hint = closest(&key, expected.iter().map(String::as_str))
            .map(|s| format!(" (did you mean {s}?)"))
            .unwrap_or_default();
        return at.says(
            format!("unknown key '{key}'{hint}"),
            format!("one of: {}", expected.join(", ")),
        );
    }
    let friendly = msg
        .replace("expected f64", "expected a number")
        .replace("expected i64", "expected a whole number")
        .replace("expected a string", "expected text in quotes");
    at.says(
        friendly,
        "valid roi.toml (see `roi init` for a commented example)",
    )
}

fn line_is_top_level(text: &str, line: u64) -> bool {
    !text
        .lines()
        .take(line as usize)
        .any(|l| l.trim_start().starts_with('['))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(text: &str) -> Vec<String> {
        match parse(text, "roi.toml") {
            Ok(_) => vec![],
            Err(RoiError::Input { problems, .. }) => {
                problems.iter().map(ToString::to_string).collect()
            }
            Err(e) => vec![e.to_string()],
        }
    }

    #[test]
    fn defaults_are_marked_as_defaults() {
        let a = parse("", "roi.toml").unwrap();
        assert_eq!(a.hourly_cost.value, Decimal::new(50, 0));
        assert_eq!(a.hourly_cost.source, Source::Default);
        assert_eq!(a.sla_hours["response_time"].value, 0.5);
    }

    #[test]
    fn every_section_parses_with_its_source() {
        let a = parse(
            r#"
currency = "pln"
horizon_months = 24
discount_rate = 0.08
[volume]
cases_per_month = 1200
[window]
today_days = 30
after_days = 28
[rates]
hourly_cost = 80.5
[sla]
response_time = "1h"
cycle_time = 8
[investment]
one_time = 100000
ramp_up_months = 0
[metrics.complaints]
kind = "count"
cost_per_unit = 300
[metrics.rework_time]
kind = "case_duration"
unit = "min"
[columns]
cycle_time = { column = "Resolution time", unit = "min" }
errors = "Rework count"
date = "Closed at"
"#,
            "roi.toml",
        )
        .unwrap();
        assert_eq!(a.currency.value, "PLN");
        assert_eq!(a.horizon_months, config(24));
        assert_eq!(a.discount_rate.value, Decimal::new(8, 2));
        assert_eq!(a.cases_per_month, Some(1200.0));
        assert_eq!(
            (a.window_today_days, a.window_after_days),
            (Some(30), Some(28))
        );
        assert_eq!(a.hourly_cost.value, Decimal::new(805, 1));
        assert_eq!(a.labor_share.source, Source::Default);
        assert_eq!(a.sla_hours["response_time"].value, 1.0);
        assert_eq!(a.sla_hours["cycle_time"].value, 8.0);
        assert_eq!(a.one_time.value, Decimal::new(100000, 0));
        assert_eq!(a.ramp_up_months.value, 0);
        assert_eq!(a.metrics.len(), 2);
        assert_eq!(a.metrics[0].cost_per_unit.value, Decimal::new(300, 0));
        assert_eq!(a.metrics[1].unit, Some(Unit::Minutes));
        assert_eq!(a.metrics[1].cost_per_unit.source, Source::Default);
        assert_eq!(a.columns.len(), 2);
        assert_eq!(a.date_column.as_deref(), Some("Closed at"));
    }

    #[test]
    fn unknown_keys_name_the_line_and_a_suggestion() {
        let p = problems("currency = \"EUR\"\nhorizon_month = 36\n");
        assert_eq!(p.len(), 1);
        assert!(
            p[0].starts_with(
                "roi.toml:2:1: unknown key 'horizon_month' (did you mean horizon_months?)"
            ),
            "{}",
            p[0]
        );
        let p = problems("[rates]\nhourly_cost = 50\ncost_per_eror = 3\n");
        assert!(
            p[0].starts_with(
                "roi.toml:3:1: unknown key 'cost_per_eror' (did you mean cost_per_error?)"
            ),
            "{}",
            p[0]
        );
    }

    #[test]
    fn wrong_types_and_ranges_name_the_line() {
        let p = problems("discount_rate = \"ten\"\n");
        assert!(p[0].starts_with("roi.toml:1:17:"), "{}", p[0]);
        let p = problems("\n\nrisk_adjustment = 1.5\n");
        assert!(
            p[0].starts_with("roi.toml:3:19: risk_adjustment = 1.5 is out of range"),
            "{}",
            p[0]
        );
        let p = problems("[sla]\nresponse_tme = \"30min\"\n");
        assert!(
            p[0].contains(
                "roi.toml:2:1: sla.response_tme names no known metric (did you mean response_time?)"
            ),
            "{}",
            p[0]
        );
        let p = problems("[sla]\nerrors = \"3h\"\n");
        assert!(p[0].contains("not a case duration"), "{}", p[0]);
        let p = problems("[metrics.complaints]\nkind = \"counts\"\n");
        assert!(
            p[0].contains("roi.toml:2:8: kind 'counts' is not a metric kind (did you mean count?)"),
            "{}",
            p[0]
        );
        let p = problems("horizon_months = 36\n[broken\n");
        assert!(p[0].starts_with("roi.toml:2:"), "{}", p[0]);
    }

    #[test]
    fn durations_in_text() {
        assert_eq!(parse_duration_hours("30min"), Some(0.5));
        assert_eq!(parse_duration_hours("8 h"), Some(8.0));
        assert_eq!(parse_duration_hours("1,5 godz"), Some(1.5));
        assert_eq!(parse_duration_hours("2 days"), Some(48.0));
        assert_eq!(parse_duration_hours("soon"), None);
    }
}
