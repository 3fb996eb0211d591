//! `[columns]` (a file's own names and spans of two timestamps), `[events]`, `[calendar]`
//! and `[report]`.

use super::model::Assumptions;
use super::reading::{Ctx, Value, basis, describe, shown_value, text_field, unknown_fields};
use crate::metric::{Kind, Unit, normalize_name};
use crate::registry::{ColumnMap, Registry};
use toml::Spanned;
use toml::de::{DeTable, DeValue};

pub(super) fn columns(
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

/// `[columns] cycle_time = { start = "Created", end = "Resolved", basis = "working" }`.
pub(super) fn span(
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
pub(super) fn events(
    cx: &mut Ctx,
    key: &Spanned<std::borrow::Cow<str>>,
    v: &Value,
    a: &mut Assumptions,
) {
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

/// `[calendar]`: hours, days, holidays, basis.
pub(super) fn calendar(
    cx: &mut Ctx,
    key: &Spanned<std::borrow::Cow<str>>,
    v: &Value,
    a: &mut Assumptions,
) {
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

/// `[report]`: title, client, prepared_by, date, by — text for the title block.
pub(super) fn report(
    cx: &mut Ctx,
    key: &Spanned<std::borrow::Cow<str>>,
    v: &Value,
    a: &mut Assumptions,
) {
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
