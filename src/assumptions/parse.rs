//! roi.toml text → [`Assumptions`], driven by the table of assumptions: every number is
//! typed and range-checked against its row, every problem has its line and column, and an
//! unknown key is an error with a "did you mean".

use super::table::{Def, ValueKind};
use super::{Assumptions, CustomMetricDef, Source, Sourced};
use crate::error::{Problem, RoiError};
use crate::metric::{ColumnMap, Kind, RESERVED_NAMES, Registry, Unit, closest, normalize_name};
use rust_decimal::Decimal;
use rust_decimal::prelude::FromPrimitive;
use std::str::FromStr;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

type Value<'a> = Spanned<DeValue<'a>>;

/// Sections of roi.toml that are not assumptions of the table.
const OTHER_SECTIONS: &[&str] = &["sla", "metrics", "columns", "events", "calendar", "report"];

/// Line and column (1-based) of a byte offset.
fn line_col(text: &str, offset: usize) -> (u64, u64) {
    let offset = offset.min(text.len());
    let offset = (0..=offset)
        .rev()
        .find(|o| text.is_char_boundary(*o))
        .unwrap_or(0);
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
    fn at<T>(&mut self, s: &Spanned<T>, found: impl Into<String>, expected: impl Into<String>) {
        let (line, col) = line_col(self.text, s.span().start);
        self.problems
            .push(Problem::at(self.name, line, Some(col)).says(found, expected));
    }

    /// A number as the user wrote it (`0.1` stays 0.1, never a float's neighbour).
    fn number(&mut self, key: &str, v: &Value, expected: &str) -> Option<Decimal> {
        let text = match v.get_ref() {
            DeValue::Integer(i) if i.radix() == 10 => i.as_str().replace('_', ""),
            DeValue::Float(f) => f.as_str().replace('_', ""),
            other => {
                let found = describe(other);
                self.at(v, format!("{key} is {found}, not a number"), expected);
                return None;
            }
        };
        let parsed = Decimal::from_str(&text)
            .ok()
            .or_else(|| Decimal::from_scientific(&text).ok())
            .or_else(|| f64::from_str(&text).ok().and_then(Decimal::from_f64));
        if parsed.is_none() {
            self.at(
                v,
                format!("{key} = {text} is not a usable number"),
                expected,
            );
        }
        parsed
    }

    /// One assumption of the table, checked against its row.
    fn assumption(&mut self, def: &Def, v: &Value, a: &mut Assumptions) {
        let key = def.key.as_ref();
        if def.kind == ValueKind::Currency {
            let DeValue::String(s) = v.get_ref() else {
                self.at(v, format!("{key} is not text"), def.expected());
                return;
            };
            let code = s.trim().to_uppercase();
            if code.len() == 3 && code.chars().all(|c| c.is_ascii_alphabetic()) {
                a.currency = Sourced {
                    value: code,
                    source: Source::Config,
                };
            } else {
                self.at(
                    v,
                    format!("currency '{s}' is not an ISO 4217 code"),
                    def.expected(),
                );
            }
            return;
        }
        let Some(d) = self.number(key, v, &def.expected()) else {
            return;
        };
        let f = rust_decimal::prelude::ToPrimitive::to_f64(&d).unwrap_or(f64::NAN);
        if !def.accepts(f) || (def.whole() && !d.fract().is_zero()) {
            self.at(v, format!("{key} = {d} is out of range"), def.expected());
            return;
        }
        a.set(key, d.normalize(), Source::Config);
    }
}

/// What a TOML value is, for a type error.
fn describe(v: &DeValue) -> &'static str {
    match v {
        DeValue::String(_) => "text",
        DeValue::Integer(_) => "a whole number",
        DeValue::Float(_) => "a number",
        DeValue::Boolean(_) => "true or false",
        DeValue::Datetime(_) => "a date",
        DeValue::Array(_) => "a list",
        DeValue::Table(_) => "a section",
    }
}

/// Parses a duration as written in roi.toml: `"30min"`, `"8 h"`, `"1.5h"`, `"2 days"`.
pub fn parse_duration_hours(text: &str) -> Option<f64> {
    let t = text.trim();
    let split = t
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ','))
        .unwrap_or(t.len());
    let (num, unit) = t.split_at(split);
    if num.len() > 15 {
        return None;
    }
    let n = crate::value::parse_number(num).ok()?;
    let unit = Unit::parse(unit.trim())?;
    if n < 0.0 {
        return None;
    }
    Some(n * unit.hours()?)
}

/// Parses roi.toml text; `name` is used in messages.
pub fn parse(text: &str, name: &str) -> Result<Assumptions, RoiError> {
    let root = match DeTable::parse(text) {
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
        text: Some(text.to_string()),
        ..Assumptions::default()
    };
    let root = root.get_ref();
    // Custom metrics first: they add rows (their costs) to the table.
    let mut costs = Vec::new();
    if let Some((key, v)) = root.get_key_value("metrics") {
        match v.get_ref() {
            DeValue::Table(t) => {
                for (k, m) in t.iter() {
                    if let Some(cost) = custom_metric(&mut cx, k, m, &mut a) {
                        costs.push(cost);
                    }
                }
            }
            other => cx.at(
                key,
                format!("metrics is {}, not a section", describe(other)),
                "[metrics.NAME] sections, one per custom metric",
            ),
        }
    }
    let table = a.table();
    let by_key: std::collections::HashMap<&str, &Def> =
        table.iter().map(|d| (d.key.as_ref(), d)).collect();
    for (key, cost) in costs {
        if let Some(def) = by_key.get(key.as_str()) {
            cx.assumption(def, cost, &mut a);
        }
    }
    let sections: Vec<&str> = table
        .iter()
        .map(Def::section)
        .filter(|s| !s.is_empty() && *s != "metrics")
        .collect();
    let top_keys: Vec<&str> = table
        .iter()
        .filter(|d| d.section().is_empty())
        .map(|d| d.key.as_ref())
        .chain(sections.iter().copied())
        .chain(OTHER_SECTIONS.iter().copied())
        .fold(Vec::new(), |mut v, k| {
            if !v.contains(&k) {
                v.push(k);
            }
            v
        });
    let registry = a.registry();
    for (key, v) in root.iter() {
        let k = key.get_ref().as_ref();
        if let Some(def) = table.iter().find(|d| d.section().is_empty() && d.key == k) {
            cx.assumption(def, v, &mut a);
        } else if sections.contains(&k) {
            let DeValue::Table(t) = v.get_ref() else {
                cx.at(
                    key,
                    format!("{k} is {}, not a section", describe(v.get_ref())),
                    format!("a section [{k}]"),
                );
                continue;
            };
            let fields: Vec<&str> = table
                .iter()
                .filter(|d| d.section() == k)
                .map(Def::field)
                .collect();
            for (fk, fv) in t.iter() {
                let f = fk.get_ref().as_ref();
                match table.iter().find(|d| d.section() == k && d.field() == f) {
                    Some(def) => cx.assumption(def, fv, &mut a),
                    None => unknown_key(&mut cx, fk, &format!("{k}.{f}"), f, &fields),
                }
            }
        } else if k == "sla" {
            sla(&mut cx, key, v, &registry, &mut a);
        } else if k == "columns" {
            columns(&mut cx, key, v, &registry, &mut a);
        } else if k == "events" {
            events(&mut cx, key, v, &mut a);
        } else if k == "calendar" {
            calendar(&mut cx, key, v, &mut a);
        } else if k == "report" {
            report(&mut cx, key, v, &mut a);
        } else if k != "metrics" {
            unknown_key(&mut cx, key, k, k, &top_keys);
        }
    }
    if cx.problems.is_empty() {
        Ok(a)
    } else {
        cx.problems.sort_by_key(|p| (p.line, p.column));
        Err(RoiError::Input {
            problems: cx.problems,
            more: 0,
        })
    }
}

fn unknown_key<T>(cx: &mut Ctx, at: &Spanned<T>, shown: &str, key: &str, known: &[&str]) {
    let hint = closest(key, known.iter().copied())
        .map(|s| format!(" (did you mean {s}?)"))
        .unwrap_or_default();
    cx.at(
        at,
        format!("unknown key '{shown}'{hint}"),
        format!("one of: {}", known.join(", ")),
    );
}

/// `[metrics.NAME]`: kind, unit, label and cost_per_unit. Returns the cost's key and value
/// for the table to check once every custom metric is known.
fn custom_metric<'a, 'b>(
    cx: &mut Ctx,
    key: &Spanned<std::borrow::Cow<'a, str>>,
    m: &'b Value<'a>,
    a: &mut Assumptions,
) -> Option<(String, &'b Value<'a>)> {
    let raw_name = key.get_ref().as_ref();
    let name = normalize_name(raw_name);
    let builtin = Registry::new(&[], &[], None);
    if let Some(id) = builtin.lookup(&name) {
        cx.at(
            key,
            format!(
                "custom metric '{raw_name}' has the name of the built-in metric {}",
                builtin.def(id).name
            ),
            "another name; built-in metrics need no declaration",
        );
        return None;
    }
    if RESERVED_NAMES.contains(&name.as_str()) {
        cx.at(
            key,
            format!("custom metric '{raw_name}' has a name roi keeps for its totals"),
            format!("another name than {}", RESERVED_NAMES.join(" or ")),
        );
        return None;
    }
    if name.is_empty() || name.chars().any(char::is_control) {
        cx.at(
            key,
            format!(
                "custom metric name '{}' is not usable",
                raw_name.escape_debug()
            ),
            "a name of letters, digits, spaces or underscores",
        );
        return None;
    }
    let DeValue::Table(t) = m.get_ref() else {
        cx.at(
            m,
            format!("metrics.{name} is {}, not a section", describe(m.get_ref())),
            format!("a section [metrics.{name}] with kind = \"count\" and cost_per_unit"),
        );
        return None;
    };
    let mut kind = None;
    let mut unit_value = None;
    let mut label = None;
    let mut cost = None;
    let fields = ["kind", "unit", "label", "cost_per_unit"];
    for (fk, fv) in t.iter() {
        let text = match fv.get_ref() {
            DeValue::String(s) => Some(s.as_ref()),
            _ => None,
        };
        match fk.get_ref().as_ref() {
            "kind" => match text {
                Some("count") => kind = Some(Kind::Count),
                Some("case_duration") => kind = Some(Kind::CaseDuration),
                Some("period_duration") => kind = Some(Kind::PeriodDuration),
                other => {
                    let shown = other.unwrap_or("");
                    let hint = closest(
                        shown,
                        ["count", "case_duration", "period_duration"].into_iter(),
                    )
                    .map(|s| format!(" (did you mean {s}?)"))
                    .unwrap_or_default();
                    cx.at(
                        fv,
                        format!("kind '{shown}' is not a metric kind{hint}"),
                        "count, case_duration or period_duration",
                    );
                    return None;
                }
            },
            "unit" => unit_value = Some(fv),
            "label" => match text.map(str::trim) {
                Some(l)
                    if !l.is_empty()
                        && l.chars().count() <= 80
                        && !l.chars().any(char::is_control) =>
                {
                    label = Some(l.to_string())
                }
                _ => {
                    cx.at(
                        fv,
                        format!("metrics.{name}.label is not a usable name"),
                        "the metric's name for people, in quotes, on one line, at most 80 characters",
                    );
                    return None;
                }
            },
            "cost_per_unit" => cost = Some(fv),
            other => {
                unknown_key(cx, fk, &format!("metrics.{name}.{other}"), other, &fields);
                return None;
            }
        }
    }
    let Some(kind) = kind else {
        cx.at(
            key,
            format!("custom metric '{name}' has no kind"),
            "kind = \"count\", \"case_duration\" or \"period_duration\"",
        );
        return None;
    };
    let unit = match unit_value {
        None => None,
        Some(u) => {
            let parsed = match u.get_ref() {
                DeValue::String(s) => Unit::parse(s),
                _ => None,
            };
            match parsed {
                Some(unit) if (unit == Unit::Count) == (kind == Kind::Count) => Some(unit),
                _ => {
                    let shown = match u.get_ref() {
                        DeValue::String(s) => s.to_string(),
                        other => describe(other).to_string(),
                    };
                    cx.at(
                        u,
                        format!("unit '{shown}' does not fit a {} metric", kind.as_str()),
                        if kind == Kind::Count {
                            "count"
                        } else {
                            Unit::ACCEPTED
                        },
                    );
                    return None;
                }
            }
        }
    };
    a.metrics.push(CustomMetricDef {
        name: name.clone(),
        kind,
        unit,
        label,
    });
    let key = super::table::custom_cost_key(&name);
    a.set(&key, Decimal::ZERO, Source::Default);
    cost.map(|c| (key, c))
}

fn sla(
    cx: &mut Ctx,
    key: &Spanned<std::borrow::Cow<str>>,
    v: &Value,
    registry: &Registry,
    a: &mut Assumptions,
) {
    let DeValue::Table(t) = v.get_ref() else {
        cx.at(
            key,
            "sla is not a section",
            "a section [sla] with targets like response_time = \"30min\"",
        );
        return;
    };
    // Targets listed here replace the default ones; an empty section keeps them.
    if !t.is_empty() {
        a.sla_hours.clear();
    }
    for (mk, mv) in t.iter() {
        let m = mk.get_ref().as_ref();
        let Some(id) = registry.lookup(m) else {
            let hint = registry
                .suggest(m)
                .map(|s| format!(" (did you mean {s}?)"))
                .unwrap_or_default();
            cx.at(
                mk,
                format!("sla.{m} names no known metric{hint}"),
                "a case-duration metric such as response_time or cycle_time",
            );
            continue;
        };
        let def = registry.def(id);
        if def.kind != Kind::CaseDuration {
            cx.at(
                mk,
                format!(
                    "sla.{} is not a case duration, so it has no per-case target",
                    def.name
                ),
                "a case-duration metric such as response_time or cycle_time",
            );
            continue;
        }
        let hours = match mv.get_ref() {
            DeValue::String(s) => parse_duration_hours(s),
            DeValue::Integer(_) | DeValue::Float(_) => {
                let mut scratch = Ctx {
                    text: cx.text,
                    name: cx.name,
                    problems: Vec::new(),
                };
                scratch
                    .number("", mv, "")
                    .and_then(|d| rust_decimal::prelude::ToPrimitive::to_f64(&d))
                    .and_then(|n| Some(n * def.unit.hours()?))
            }
            _ => None,
        };
        // A target beyond ten years is a typo, not a promise.
        match hours.filter(|h| *h > 0.0 && *h <= 87_660.0) {
            Some(h) => {
                a.sla_hours.insert(
                    def.name.clone(),
                    Sourced {
                        value: h,
                        source: Source::Config,
                    },
                );
            }
            None => cx.at(
                mv,
                format!("sla.{} is not a usable duration", def.name),
                "a target like \"30min\", \"8h\" or \"2 days\" (at most ten years)",
            ),
        }
    }
}

fn columns(
    cx: &mut Ctx,
    key: &Spanned<std::borrow::Cow<str>>,
    v: &Value,
    registry: &Registry,
    a: &mut Assumptions,
) {
    let DeValue::Table(t) = v.get_ref() else {
        cx.at(
            key,
            "columns is not a section",
            "a section [columns] mapping metrics to your column names",
        );
        return;
    };
    for (ck, cv) in t.iter() {
        let k = ck.get_ref().as_ref();
        if k == "date_format" {
            match cv.get_ref() {
                DeValue::String(s) if crate::rules::DateOrder::parse(s).is_some() => {
                    a.rules.date_order = crate::rules::DateOrder::parse(s).unwrap_or_default();
                }
                other => cx.at(
                    cv,
                    format!("columns.date_format is {}", shown_value(other)),
                    "\"d/m/yyyy\" or \"m/d/yyyy\": how slash dates such as 03/04/2026 are read",
                ),
            }
            continue;
        }
        if let DeValue::Table(m) = cv.get_ref()
            && (m.contains_key("start") || m.contains_key("end"))
        {
            span(cx, ck, cv, m, registry, a);
            continue;
        }
        let (column, unit) = match cv.get_ref() {
            DeValue::String(c) => (c.to_string(), None),
            DeValue::Table(m) => {
                let column = m.get("column").and_then(|c| match c.get_ref() {
                    DeValue::String(s) => Some(s.to_string()),
                    _ => None,
                });
                let unit = m.get("unit").map(|u| match u.get_ref() {
                    DeValue::String(s) => s.to_string(),
                    other => describe(other).to_string(),
                });
                let extra = m
                    .iter()
                    .map(|(n, _)| n.get_ref().as_ref())
                    .find(|n| *n != "column" && *n != "unit");
                match (column, extra) {
                    (Some(c), None) => (c, unit),
                    _ => {
                        cx.at(
                            cv,
                            format!("columns.{k} is not a column mapping"),
                            "a column name in quotes, or { column = \"…\", unit = \"h\" }",
                        );
                        continue;
                    }
                }
            }
            other => {
                cx.at(
                    cv,
                    format!("columns.{k} is {}, not a column name", describe(other)),
                    "a column name in quotes, or { column = \"…\", unit = \"h\" }",
                );
                continue;
            }
        };
        if normalize_name(k) == "date" {
            if unit.is_some() {
                cx.at(
                    cv,
                    "columns.date has a unit",
                    "the name of the date column, e.g. date = \"Closed at\"",
                );
            } else {
                a.date_column = Some(column);
            }
            continue;
        }
        let Some(id) = registry.lookup(k) else {
            let hint = registry
                .suggest(k)
                .map(|s| format!(" (did you mean {s}?)"))
                .unwrap_or_default();
            cx.at(
                ck,
                format!("columns.{k} names no known metric{hint}"),
                "a built-in metric, a metric declared in [metrics], or date",
            );
            continue;
        };
        let metric = registry.def(id).name.clone();
        let unit = match unit {
            None => None,
            Some(u) => match Unit::parse(&u) {
                Some(p) => Some(p),
                None => {
                    cx.at(
                        cv,
                        format!("unit '{u}' in columns.{k} is not a known unit"),
                        Unit::ACCEPTED,
                    );
                    continue;
                }
            },
        };
        a.columns.push(ColumnMap {
            column,
            metric,
            unit,
        });
    }
}

/// A value for a message: text in quotes, anything else by its kind.
fn shown_value(v: &DeValue) -> String {
    match v {
        DeValue::String(s) => format!("'{s}'"),
        other => describe(other).to_string(),
    }
}

/// A text field of a small table: Some(text), or a problem and None.
fn text_field(
    cx: &mut Ctx,
    table: &DeTable,
    field: &str,
    section: &str,
    expected: &str,
) -> Option<String> {
    let v = table.get(field)?;
    match v.get_ref() {
        DeValue::String(s) if !s.trim().is_empty() => Some(s.to_string()),
        other => {
            cx.at(
                v,
                format!(
                    "{section}.{field} is {}, not a column name",
                    shown_value(other)
                ),
                expected,
            );
            None
        }
    }
}

/// Keys of a small table that are not among `known`: each a problem with a suggestion.
fn unknown_fields(cx: &mut Ctx, table: &DeTable, section: &str, known: &[&str]) {
    for (k, _) in table.iter() {
        let f = k.get_ref().as_ref();
        if !known.contains(&f) {
            unknown_key(cx, k, &format!("{section}.{f}"), f, known);
        }
    }
}

/// `basis = "working"` or `"elapsed"`.
fn basis(cx: &mut Ctx, table: &DeTable, section: &str) -> Option<bool> {
    let v = table.get("basis")?;
    match v.get_ref() {
        DeValue::String(s) if s == "working" => Some(true),
        DeValue::String(s) if s == "elapsed" => Some(false),
        other => {
            cx.at(
                v,
                format!("{section}.basis is {}", shown_value(other)),
                "\"working\" (time inside [calendar] hours) or \"elapsed\"",
            );
            None
        }
    }
}

/// `[columns] cycle_time = { start = "Created", end = "Resolved", basis = "working" }`.
fn span(
    cx: &mut Ctx,
    key: &Spanned<std::borrow::Cow<str>>,
    v: &Value,
    m: &DeTable,
    registry: &Registry,
    a: &mut Assumptions,
) {
    let k = key.get_ref().as_ref();
    let section = format!("columns.{k}");
    unknown_fields(cx, m, &section, &["start", "end", "basis"]);
    let expected = "the name of a timestamp column in quotes";
    let start = text_field(cx, m, "start", &section, expected);
    let end = text_field(cx, m, "end", &section, expected);
    let working = basis(cx, m, &section);
    let Some(id) = registry.lookup(k) else {
        let hint = registry
            .suggest(k)
            .map(|s| format!(" (did you mean {s}?)"))
            .unwrap_or_default();
        cx.at(
            key,
            format!("columns.{k} names no known metric{hint}"),
            "a built-in metric or a metric declared in [metrics]",
        );
        return;
    };
    let def = registry.def(id);
    if def.kind != Kind::CaseDuration {
        cx.at(
            v,
            format!("columns.{k} has a start and an end, but {} is not a case duration", def.name),
            "start and end only for a duration per case (cycle_time, response_time, a case_duration metric)",
        );
        return;
    }
    match (start, end) {
        (Some(start), Some(end)) => a.rules.spans.push(crate::rules::SpanMap {
            metric: def.name.clone(),
            start,
            end,
            working,
        }),
        (s, e)
            if s.is_none() && m.get("start").is_none() || e.is_none() && m.get("end").is_none() =>
        {
            cx.at(
                v,
                format!("columns.{k} needs both a start and an end column"),
                format!("{k} = {{ start = \"Created\", end = \"Resolved\" }}"),
            )
        }
        _ => {}
    }
}

/// `[events]`: the case, activity and timestamp columns of an event log.
fn events(cx: &mut Ctx, key: &Spanned<std::borrow::Cow<str>>, v: &Value, a: &mut Assumptions) {
    let DeValue::Table(t) = v.get_ref() else {
        cx.at(key, "events is not a section", "a section [events]");
        return;
    };
    let known = ["case", "activity", "timestamp", "response_until", "rework"];
    unknown_fields(cx, t, "events", &known);
    let expected = "the name of a column of the event log in quotes";
    let mut field = |f: &str| text_field(cx, t, f, "events", expected);
    let (case, activity, timestamp) = (field("case"), field("activity"), field("timestamp"));
    let response_until = text_field(
        cx,
        t,
        "response_until",
        "events",
        "the name of an activity in quotes",
    );
    let rework = match t.get("rework") {
        None => false,
        Some(r) => match r.get_ref() {
            DeValue::Boolean(b) => *b,
            other => {
                cx.at(
                    r,
                    format!("events.rework is {}", shown_value(other)),
                    "true or false",
                );
                false
            }
        },
    };
    let missing: Vec<&str> = [
        ("case", &case),
        ("activity", &activity),
        ("timestamp", &timestamp),
    ]
    .iter()
    .filter(|(n, c)| c.is_none() && t.get(*n).is_none())
    .map(|(n, _)| *n)
    .collect();
    if !missing.is_empty() {
        cx.at(
            key,
            format!("[events] has no {}", missing.join(", ")),
            "case, activity and timestamp: the columns of the event log",
        );
        return;
    }
    if let (Some(case), Some(activity), Some(timestamp)) = (case, activity, timestamp) {
        a.rules.events = Some(crate::rules::EventsMap {
            case,
            activity,
            timestamp,
            response_until,
            rework,
        });
    }
}

/// `[report]`: title, client, prepared_by, date, by — text for the title block.
fn report(cx: &mut Ctx, key: &Spanned<std::borrow::Cow<str>>, v: &Value, a: &mut Assumptions) {
    let DeValue::Table(t) = v.get_ref() else {
        cx.at(key, "report is not a section", "a section [report]");
        return;
    };
    let fields = ["title", "client", "prepared_by", "date", "by"];
    unknown_fields(cx, t, "report", &fields);
    let mut get = |f: &str| {
        let v = t.get(f)?;
        match v.get_ref() {
            DeValue::String(s) if !s.trim().is_empty() => {
                Some(s.trim().chars().take(200).collect())
            }
            DeValue::Datetime(d) => Some(d.to_string()),
            other => {
                cx.at(
                    v,
                    format!("report.{f} is {}", shown_value(other)),
                    "text in quotes",
                );
                None
            }
        }
    };
    a.title_block = crate::rules::TitleBlock {
        title: get("title"),
        client: get("client"),
        prepared_by: get("prepared_by"),
        date: get("date"),
        by: get("by"),
    };
    a.rules.by.clone_from(&a.title_block.by);
}

/// `[calendar]`: hours, days, holidays, basis.
fn calendar(cx: &mut Ctx, key: &Spanned<std::borrow::Cow<str>>, v: &Value, a: &mut Assumptions) {
    use crate::rules::Calendar;
    let DeValue::Table(t) = v.get_ref() else {
        cx.at(key, "calendar is not a section", "a section [calendar]");
        return;
    };
    unknown_fields(cx, t, "calendar", &["hours", "days", "holidays", "basis"]);
    let mut cal = Calendar {
        open: 8 * 3600,
        close: 16 * 3600,
        days: [true, true, true, true, true, false, false],
        holidays: Default::default(),
        working: false,
    };
    if let Some(h) = t.get("hours") {
        match h.get_ref() {
            DeValue::String(s) if Calendar::parse_hours(s).is_some() => {
                (cal.open, cal.close) = Calendar::parse_hours(s).unwrap_or_default();
            }
            other => cx.at(
                h,
                format!("calendar.hours is {}", shown_value(other)),
                "working hours like \"08:00-16:00\" (opening before closing)",
            ),
        }
    }
    if let Some(d) = t.get("days") {
        match d.get_ref() {
            DeValue::String(s) if Calendar::parse_days(s).is_some() => {
                cal.days = Calendar::parse_days(s).unwrap_or_default();
            }
            other => cx.at(
                d,
                format!("calendar.days is {}", shown_value(other)),
                "working days like \"mon-fri\" or \"mon,tue,thu\"",
            ),
        }
    }
    if let Some(hs) = t.get("holidays") {
        match hs.get_ref() {
            DeValue::Array(items) => {
                for item in items.iter() {
                    let day = match item.get_ref() {
                        DeValue::String(s) => crate::value::parse_date(s),
                        DeValue::Datetime(d) => crate::value::parse_date(&d.to_string()),
                        _ => None,
                    };
                    match day {
                        Some(d) => {
                            cal.holidays.insert(d);
                        }
                        None => cx.at(
                            item,
                            format!(
                                "calendar.holidays has {}, not a date",
                                shown_value(item.get_ref())
                            ),
                            "dates like \"2026-12-24\"",
                        ),
                    }
                }
            }
            other => cx.at(
                hs,
                format!("calendar.holidays is {}", shown_value(other)),
                "a list of dates, e.g. holidays = [\"2026-12-24\", \"2026-12-25\"]",
            ),
        }
    }
    cal.working = basis(cx, t, "calendar").unwrap_or(false);
    a.rules.calendar = Some(cal);
}

/// A TOML syntax error as a located problem.
fn toml_problem(e: &toml::de::Error, text: &str, name: &str) -> Problem {
    let (line, col) = e.span().map_or((1, 1), |s| line_col(text, s.start));
    let msg = e.message().trim().to_string();
    Problem::at(name, line, Some(col)).says(
        msg,
        "valid roi.toml (see `roi init` for a commented example)",
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assumptions::keys;

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
        let h = a.get("rates.hourly_cost").unwrap();
        assert_eq!(h.value, Decimal::new(50, 0));
        assert_eq!(h.source, Source::Default);
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
label = "reklamacje"
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
        assert_eq!(a.horizon_months(), 24);
        assert_eq!(a.decimal(keys::DISCOUNT_RATE), Decimal::new(8, 2));
        assert_eq!(a.cases_per_month(), Some(1200.0));
        assert_eq!(
            (a.window_days(true), a.window_days(false)),
            (Some(30), Some(28))
        );
        assert_eq!(a.decimal("rates.hourly_cost"), Decimal::new(805, 1));
        assert_eq!(a.get(keys::LABOR_SHARE).unwrap().source, Source::Default);
        assert_eq!(a.sla_hours["response_time"].value, 1.0);
        assert_eq!(a.sla_hours["cycle_time"].value, 8.0);
        assert_eq!(a.decimal(keys::ONE_TIME), Decimal::new(100000, 0));
        assert_eq!(a.decimal(keys::RAMP_UP_MONTHS), Decimal::ZERO);
        assert_eq!(a.metrics.len(), 2);
        assert_eq!(
            a.decimal("metrics.complaints.cost_per_unit"),
            Decimal::new(300, 0)
        );
        assert_eq!(a.metrics[0].label.as_deref(), Some("reklamacje"));
        assert_eq!(a.metrics[1].unit, Some(Unit::Minutes));
        let rework = a.get("metrics.rework_time.cost_per_unit").unwrap();
        assert_eq!(rework.source, Source::Default);
        assert_eq!(a.columns.len(), 2);
        assert_eq!(a.date_column.as_deref(), Some("Closed at"));
    }

    #[test]
    fn numbers_keep_the_decimals_as_written() {
        let a = parse(
            "discount_rate = 0.1\n[rates]\nhourly_cost = 42.10\n",
            "roi.toml",
        )
        .unwrap();
        assert_eq!(a.decimal(keys::DISCOUNT_RATE).to_string(), "0.1");
        assert_eq!(a.decimal("rates.hourly_cost").to_string(), "42.1");
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
                "roi.toml:3:1: unknown key 'rates.cost_per_eror' (did you mean cost_per_error?)"
            ),
            "{}",
            p[0]
        );
    }

    #[test]
    fn wrong_types_and_ranges_name_the_line() {
        let p = problems("discount_rate = \"ten\"\n");
        assert!(
            p[0].starts_with(
                "roi.toml:1:17: discount_rate is text, not a number; expected a fraction from -0.5 to 1"
            ),
            "{}",
            p[0]
        );
        let p = problems("\n\nrisk_adjustment = 1.5\n");
        assert!(
            p[0].starts_with("roi.toml:3:19: risk_adjustment = 1.5 is out of range"),
            "{}",
            p[0]
        );
        let p = problems("horizon_months = 36.5\n");
        assert!(p[0].contains("is out of range"), "{}", p[0]);
        let p = problems("[rates]\nhourly_cost = 1e12\n");
        assert!(p[0].starts_with("roi.toml:2:15:"), "{}", p[0]);
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
    fn custom_metrics_may_not_take_reserved_names() {
        let p = problems("[metrics.total]\nkind = \"count\"\n");
        assert!(p[0].contains("a name roi keeps for its totals"), "{}", p[0]);
        let p = problems("[metrics.SLA]\nkind = \"count\"\n");
        assert!(p[0].contains("a name roi keeps for its totals"), "{}", p[0]);
        let p = problems("[metrics.lead_time]\nkind = \"count\"\n");
        assert!(p[0].contains("built-in metric cycle_time"), "{}", p[0]);
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
