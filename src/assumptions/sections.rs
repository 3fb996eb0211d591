//! `[columns]` (a file's own names and spans of two timestamps), `[events]`, `[calendar]`
//! and `[report]`.

use super::model::Assumptions;
use super::reading::{
    Ctx, Value, basis, describe, shown_value, text_field, unknown_fields, unknown_key,
};
use crate::message::{Arg, Msg, msg};
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
        cx.at(key, msg!(columns_not_section), msg!(columns_expected));
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
                    msg!(date_format_bad, value = shown_value(other)),
                    msg!(date_format_expected),
                ),
            }
            continue;
        }
        if k == "sla_met" {
            sla_met(cx, cv, registry, a);
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
                    DeValue::String(s) => Ok(s.to_string()),
                    other => Err(describe(other)),
                });
                let extra = m
                    .iter()
                    .map(|(n, _)| n.get_ref().as_ref())
                    .find(|n| *n != "column" && *n != "unit");
                match (column, extra) {
                    (Some(c), None) => (c, unit),
                    _ => {
                        cx.at(cv, msg!(not_a_mapping, key = k), msg!(mapping_expected));
                        continue;
                    }
                }
            }
            other => {
                cx.at(
                    cv,
                    msg!(mapping_kind, key = k, kind = describe(other)),
                    msg!(mapping_expected),
                );
                continue;
            }
        };
        if normalize_name(k) == "date" {
            if unit.is_some() {
                cx.at(cv, msg!(date_has_unit), msg!(date_column_expected));
            } else {
                a.date_column = Some(column);
            }
            continue;
        }
        let Some(id) = registry.lookup(k) else {
            let hint = registry
                .suggest(k)
                .map_or(msg!(nothing), |s| msg!(did_you_mean, name = s));
            cx.at(
                ck,
                msg!(columns_no_metric, key = k, hint = hint),
                msg!(builtin_declared_or_date),
            );
            continue;
        };
        let metric = registry.def(id).name.clone();
        let unit = match unit {
            None => None,
            Some(u) => match u.as_deref().ok().and_then(Unit::parse) {
                Some(p) => Some(p),
                None => {
                    let shown: Arg = match u {
                        Ok(s) => s.into(),
                        Err(kind) => kind.into(),
                    };
                    cx.at(
                        cv,
                        msg!(columns_unit_unknown, unit = shown, key = k),
                        msg!(units_accepted),
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
    let start = text_field(cx, m, "start", &section, msg!(timestamp_column_expected));
    let end = text_field(cx, m, "end", &section, msg!(timestamp_column_expected));
    let working = basis(cx, m, &section);
    let Some(id) = registry.lookup(k) else {
        let hint = registry
            .suggest(k)
            .map_or(msg!(nothing), |s| msg!(did_you_mean, name = s));
        cx.at(
            key,
            msg!(columns_no_metric, key = k, hint = hint),
            msg!(builtin_or_declared),
        );
        return;
    };
    let def = registry.def(id);
    if def.kind != Kind::CaseDuration {
        cx.at(
            v,
            msg!(
                span_not_duration,
                key = k,
                metric = crate::message::metric(&def.name)
            ),
            msg!(span_only_for_cases),
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
                msg!(span_needs_both, key = k),
                msg!(span_example, key = k),
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
        cx.at(key, msg!(events_not_section), msg!(events_section));
        return;
    };
    let known = ["case", "activity", "timestamp", "response_until", "rework"];
    unknown_fields(cx, t, "events", &known);
    let mut field = |f: &str| text_field(cx, t, f, "events", msg!(event_column_expected));
    let (case, activity, timestamp) = (field("case"), field("activity"), field("timestamp"));
    let response_until = text_field(cx, t, "response_until", "events", msg!(activity_expected));
    let rework = match t.get("rework") {
        None => false,
        Some(r) => match r.get_ref() {
            DeValue::Boolean(b) => *b,
            other => {
                cx.at(
                    r,
                    msg!(rework_bad, value = shown_value(other)),
                    msg!(true_or_false),
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
            msg!(events_missing, fields = missing.join(", ")),
            msg!(events_columns),
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
        cx.at(key, msg!(calendar_not_section), msg!(calendar_section));
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
                msg!(hours_bad, value = shown_value(other)),
                msg!(hours_expected),
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
                msg!(days_bad, value = shown_value(other)),
                msg!(days_expected),
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
                            msg!(holiday_bad, value = shown_value(item.get_ref())),
                            msg!(holiday_expected),
                        ),
                    }
                }
            }
            other => cx.at(
                hs,
                msg!(holidays_bad, value = shown_value(other)),
                msg!(holidays_expected),
            ),
        }
    }
    cal.working = basis(cx, t, "calendar").unwrap_or(false);
    a.rules.calendar = Some(cal);
}

/// `[report]`: title, client, prepared_by, date, by, recommendation — text for the title
/// block — and the logo, read from its file (relative to roi.toml) here, so a missing or
/// unusable logo is located in roi.toml.
pub(super) fn report(
    cx: &mut Ctx,
    key: &Spanned<std::borrow::Cow<str>>,
    v: &Value,
    a: &mut Assumptions,
) {
    let DeValue::Table(t) = v.get_ref() else {
        cx.at(key, msg!(report_not_section), msg!(report_section));
        return;
    };
    let fields = [
        "title",
        "client",
        "prepared_by",
        "date",
        "by",
        "headline",
        "recommendation",
        "logo",
    ];
    unknown_fields(cx, t, "report", &fields);
    let headline = match t.get("headline") {
        None => crate::rules::Basis::Proven,
        Some(v) => match v.get_ref() {
            DeValue::String(s) if s.trim() == "proven" => crate::rules::Basis::Proven,
            DeValue::String(s) if s.trim() == "all" => crate::rules::Basis::All,
            other => {
                cx.at(
                    v,
                    msg!(headline_bad, value = shown_value(other)),
                    msg!(headline_expected),
                );
                crate::rules::Basis::Proven
            }
        },
    };
    let logo_path: Option<String> = report_text(cx, t, "logo");
    a.title_block = crate::rules::TitleBlock {
        title: report_prose(cx, t, "title"),
        client: report_text(cx, t, "client"),
        prepared_by: report_text(cx, t, "prepared_by"),
        date: report_text(cx, t, "date"),
        by: report_text(cx, t, "by"),
        headline,
        recommendation: report_prose(cx, t, "recommendation"),
        logo: None,
    };
    if let (Some(path), Some(v), true) = (logo_path, t.get("logo"), cx.files) {
        a.title_block.logo = logo(cx, v, &path);
    }
    a.rules.by.clone_from(&a.title_block.by);
}

/// A `[report]` text: trimmed, at most [`REPORT_TEXT_MAX`] characters; a date as written.
fn report_text(cx: &mut Ctx, t: &DeTable, f: &str) -> Option<String> {
    report_text_or(cx, t, f, msg!(text_in_quotes))
}

/// The longest text of the title block: a few lines on page 1 and the title slide.
const REPORT_TEXT_MAX: usize = 200;

/// [`report_text`], with what is expected instead of anything else.
fn report_text_or(cx: &mut Ctx, t: &DeTable, f: &str, expected: Msg) -> Option<String> {
    let v = t.get(f)?;
    match v.get_ref() {
        DeValue::String(s) if !s.trim().is_empty() => fits(cx, v, f, s),
        DeValue::Datetime(d) => Some(d.to_string()),
        other => {
            cx.at(
                v,
                msg!(report_field_bad, field = f, value = shown_value(other)),
                expected,
            );
            None
        }
    }
}

/// A title block text, trimmed, when it is short enough to show whole: a longer one is a
/// located problem, not a text cut short.
fn fits<T>(cx: &mut Ctx, at: &Spanned<T>, field: &str, s: &str) -> Option<String> {
    let text = s.trim();
    if text.chars().count() > REPORT_TEXT_MAX {
        cx.at(
            at,
            msg!(report_text_long, field = field, max = REPORT_TEXT_MAX),
            msg!(report_text_shorter, max = REPORT_TEXT_MAX),
        );
        return None;
    }
    Some(text.to_string())
}

/// The title or the recommendation: one text for every language, or one per language roi
/// speaks (`{ en = "…", pl = "…" }`), each shown in the report of its language.
fn report_prose(cx: &mut Ctx, t: &DeTable, f: &str) -> Option<crate::rules::Label> {
    let v = t.get(f)?;
    let DeValue::Table(langs) = v.get_ref() else {
        return report_text_or(cx, t, f, msg!(text_per_language)).map(crate::rules::Label::every);
    };
    let codes: Vec<&str> = crate::i18n::Lang::ALL.iter().map(|l| l.code()).collect();
    let mut label = crate::rules::Label::default();
    for (lk, lv) in langs.iter() {
        let code = lk.get_ref().as_ref();
        if !codes.contains(&code) {
            unknown_key(cx, lk, &format!("report.{f}.{code}"), code, &codes);
            return None;
        }
        match lv.get_ref() {
            DeValue::String(s) if !s.trim().is_empty() => {
                let text = fits(cx, lv, &format!("{f}.{code}"), s)?;
                label.by_lang.push((code.to_string(), text));
            }
            other => {
                let field = format!("{f}.{code}");
                cx.at(
                    lv,
                    msg!(report_field_bad, field = field, value = shown_value(other)),
                    msg!(text_in_quotes),
                );
                return None;
            }
        }
    }
    if label.by_lang.is_empty() {
        cx.at(
            v,
            msg!(report_field_bad, field = f, value = describe(v.get_ref())),
            msg!(text_per_language),
        );
        return None;
    }
    Some(label)
}

/// The largest logo read: a logo is a few kilobytes; a photograph would swell every
/// report.html and deck that embeds it.
const LOGO_MAX_BYTES: u64 = 2 * 1024 * 1024;

/// Reads the logo `[report] logo` names, relative to the directory of roi.toml: PNG, JPEG or
/// SVG, at most 2 MiB; anything else is a problem located at the key.
fn logo(cx: &mut Ctx, v: &Value, written: &str) -> Option<crate::rules::Logo> {
    use std::io::Read;
    let dir = std::path::Path::new(cx.name)
        .parent()
        .unwrap_or(std::path::Path::new(""));
    let path = dir.join(written);
    let shown = path.display().to_string();
    let read = std::fs::File::open(&path).and_then(|f| {
        let mut bytes = Vec::new();
        f.take(LOGO_MAX_BYTES + 1).read_to_end(&mut bytes)?;
        Ok(bytes)
    });
    let bytes = match read {
        Ok(b) => b,
        Err(e) => {
            cx.at(
                v,
                msg!(logo_unreadable, path = shown, reason = e.to_string()),
                msg!(logo_expected),
            );
            return None;
        }
    };
    if bytes.len() as u64 > LOGO_MAX_BYTES {
        cx.at(v, msg!(logo_too_large, path = shown), msg!(logo_expected));
        return None;
    }
    match crate::rules::LogoKind::of(&bytes) {
        Some(kind) => Some(crate::rules::Logo { bytes, kind }),
        None => {
            cx.at(v, msg!(logo_not_image, path = shown), msg!(logo_expected));
            None
        }
    }
}

/// `[input]`: `missing` (more tokens for "not observed") and `ignore` (names that look like
/// a metric but are not one).
pub(super) fn input(
    cx: &mut Ctx,
    key: &Spanned<std::borrow::Cow<str>>,
    v: &Value,
    a: &mut Assumptions,
) {
    let DeValue::Table(t) = v.get_ref() else {
        cx.at(key, msg!(input_not_section), msg!(input_section));
        return;
    };
    unknown_fields(cx, t, "input", &["missing", "ignore"]);
    for field in ["missing", "ignore"] {
        let Some(list) = t.get(field) else { continue };
        let full = format!("input.{field}");
        let DeValue::Array(items) = list.get_ref() else {
            cx.at(
                list,
                msg!(texts_bad, key = &full, value = shown_value(list.get_ref())),
                msg!(texts_expected, key = field),
            );
            continue;
        };
        for item in items.iter() {
            let DeValue::String(text) = item.get_ref() else {
                cx.at(
                    item,
                    msg!(texts_bad, key = &full, value = shown_value(item.get_ref())),
                    msg!(texts_expected, key = field),
                );
                continue;
            };
            let token = text.trim();
            if field == "ignore" {
                a.rules.ignore.push(normalize_name(token));
                continue;
            }
            // A token that reads as a number or a date would hide real values.
            if token.is_empty() {
                continue; // an empty cell is "not observed" already
            }
            if crate::value::parse_number(token).is_ok()
                || crate::value::parse_date(token).is_some()
            {
                cx.at(
                    item,
                    msg!(missing_token_number, value = token),
                    msg!(missing_token_expected),
                );
                continue;
            }
            a.rules.missing.push(token.to_lowercase());
        }
    }
}

/// `[columns] sla_met = { column = "made_sla", metric = "cycle_time" }`.
fn sla_met(cx: &mut Ctx, v: &Value, registry: &Registry, a: &mut Assumptions) {
    let bad = |cx: &mut Ctx| {
        cx.at(
            v,
            msg!(sla_met_bad, value = shown_value(v.get_ref())),
            msg!(sla_met_expected),
        )
    };
    let DeValue::Table(m) = v.get_ref() else {
        return bad(cx);
    };
    unknown_fields(cx, m, "columns.sla_met", &["column", "metric"]);
    let text = |f: &str| match m.get(f).map(|x| x.get_ref()) {
        Some(DeValue::String(s)) => Some(s.to_string()),
        _ => None,
    };
    let metric = text("metric").and_then(|n| registry.lookup(&n));
    match (text("column"), metric) {
        (Some(column), Some(id)) if registry.def(id).kind == Kind::CaseDuration => {
            a.rules.sla_met.push(crate::rules::SlaMet {
                column,
                metric: registry.def(id).name.clone(),
            });
        }
        _ => bad(cx),
    }
}

/// `[benefits]`: each lever cash or capacity (`cycle_time = "cash"`); the keys are the levers'
/// names, built-in or custom.
pub(super) fn benefits(
    cx: &mut Ctx,
    key: &Spanned<std::borrow::Cow<str>>,
    v: &Value,
    a: &mut Assumptions,
) {
    let DeValue::Table(t) = v.get_ref() else {
        cx.at(key, msg!(benefits_not_section), msg!(benefits_section));
        return;
    };
    let levers: Vec<String> = crate::metric::builtin_levers()
        .map(|(_, l, _)| l.name.to_string())
        .chain(a.metrics.iter().map(|m| m.name.clone()))
        .collect();
    let known: Vec<&str> = levers.iter().map(String::as_str).collect();
    for (k, fv) in t.iter() {
        let name = k.get_ref().as_ref();
        if !known.contains(&name) {
            super::reading::unknown_key(cx, k, &format!("benefits.{name}"), name, &known);
            continue;
        }
        let parsed = match fv.get_ref() {
            DeValue::String(s) => crate::rules::Benefit::parse(s),
            _ => None,
        };
        match parsed {
            Some(b) => {
                a.benefits.insert(name.to_string(), b);
            }
            None => cx.at(
                fv,
                msg!(
                    benefit_bad,
                    key = &format!("benefits.{name}"),
                    value = shown_value(fv.get_ref())
                ),
                msg!(benefit_expected),
            ),
        }
    }
}

/// `[control]`: `today` and `after`, the control site's two files (PRODUCT §3 "Evidence of
/// cause"); both or neither.
pub(super) fn control(
    cx: &mut Ctx,
    key: &Spanned<std::borrow::Cow<str>>,
    v: &Value,
    a: &mut Assumptions,
) {
    let DeValue::Table(t) = v.get_ref() else {
        cx.at(key, msg!(control_not_section), msg!(control_section));
        return;
    };
    unknown_fields(cx, t, "control", &["today", "after"]);
    let mut get = |f: &str| {
        let v = t.get(f)?;
        match v.get_ref() {
            DeValue::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
            other => {
                cx.at(
                    v,
                    msg!(control_field_bad, field = f, value = shown_value(other)),
                    msg!(control_field_expected),
                );
                None
            }
        }
    };
    let (today, after) = (get("today"), get("after"));
    match (today, after) {
        (Some(t), Some(af)) => a.control = Some((t, af)),
        (None, None) if t.is_empty() => {}
        (t_, _) => {
            let missing = if t_.is_none() { "today" } else { "after" };
            if t.get(missing).is_none() {
                cx.at(
                    key,
                    msg!(control_missing, field = missing),
                    msg!(control_section),
                );
            }
        }
    }
}
