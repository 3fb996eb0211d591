//! Reading roi.toml: every value checked where it stands, each problem located by line and
//! column with what would be accepted.

use super::model::{Assumptions, Source, Sourced};
use super::table::{Def, ValueKind};
use crate::error::Problem;
use crate::message::msg;
use crate::message::{Arg, Msg};
use crate::metric::{Unit, closest};
use rust_decimal::Decimal;
use rust_decimal::prelude::FromPrimitive;
use std::str::FromStr;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

pub(super) type Value<'a> = Spanned<DeValue<'a>>;

/// Sections of roi.toml that are not assumptions of the table.
pub(super) const OTHER_SECTIONS: &[&str] = &[
    "sla", "metrics", "columns", "events", "calendar", "report", "input", "benefits", "stated",
    "control", "targets",
];

/// Line and column (1-based) of a byte offset.
pub(super) fn line_col(text: &str, offset: usize) -> (u64, u64) {
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

pub(super) struct Ctx<'a> {
    pub(super) text: &'a str,
    pub(super) name: &'a str,
    pub(super) problems: Vec<Problem>,
    /// Whether files roi.toml names beside it (the logo) are read: not for the copy of
    /// roi.toml a sealed case carries, which has left its folder.
    pub(super) files: bool,
}

impl Ctx<'_> {
    pub(super) fn at<T>(&mut self, s: &Spanned<T>, found: Msg, expected: Msg) {
        let (line, col) = line_col(self.text, s.span().start);
        self.problems
            .push(Problem::at(self.name, line, Some(col)).says(found, expected));
    }

    /// A number as the user wrote it (`0.1` stays 0.1, never a float's neighbour).
    pub(super) fn number(&mut self, key: &str, v: &Value, expected: Msg) -> Option<Decimal> {
        let text = match v.get_ref() {
            DeValue::Integer(i) if i.radix() == 10 => i.as_str().replace('_', ""),
            DeValue::Float(f) => f.as_str().replace('_', ""),
            other => {
                let found = describe(other);
                self.at(v, msg!(key_not_number, key = key, kind = found), expected);
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
                msg!(key_unusable_number, key = key, value = text),
                expected,
            );
        }
        parsed
    }

    /// An assumption written as `{ value = …, source = "…", owner = "…" }`: its value, with
    /// the note kept in `a.notes` under `key`; any other value as it is. None (and a problem)
    /// when the table has no value or an unknown field.
    pub(super) fn annotated<'v>(
        &mut self,
        key: &str,
        v: &'v Value<'v>,
        a: &mut Assumptions,
    ) -> Option<&'v Value<'v>> {
        self.annotated_with(key, v, a, &["value", "source", "owner"])
    }

    /// As [`Ctx::annotated`], with the fields the table may have.
    fn annotated_with<'v>(
        &mut self,
        key: &str,
        v: &'v Value<'v>,
        a: &mut Assumptions,
        fields: &[&str],
    ) -> Option<&'v Value<'v>> {
        let DeValue::Table(t) = v.get_ref() else {
            return Some(v);
        };
        let before = self.problems.len();
        unknown_fields(self, t, key, fields);
        let mut text = |field: &str| -> Option<String> {
            let f = t.get(field)?;
            match f.get_ref() {
                DeValue::String(s) if !s.trim().is_empty() => {
                    Some(s.trim().chars().take(200).collect())
                }
                other => {
                    self.at(
                        f,
                        msg!(
                            note_field_bad,
                            key = key,
                            field = field,
                            value = shown_value(other)
                        ),
                        msg!(text_in_quotes),
                    );
                    None
                }
            }
        };
        let note = super::model::Note {
            source: text("source"),
            owner: text("owner"),
        };
        let Some(value) = t.get("value") else {
            self.at(
                v,
                msg!(note_no_value, key = key),
                msg!(note_expected, key = key),
            );
            return None;
        };
        if self.problems.len() > before {
            return None;
        }
        if note.source.is_some() || note.owner.is_some() {
            a.notes.insert(key.to_string(), note);
        }
        Some(value)
    }

    /// One assumption of the table, checked against its row.
    pub(super) fn assumption(&mut self, def: &Def, v: &Value, a: &mut Assumptions) {
        let key = def.key.as_ref();
        let written = v;
        let fields: &[&str] = if def.ranged() {
            &["value", "low", "high", "source", "owner"]
        } else {
            &["value", "source", "owner"]
        };
        let Some(v) = self.annotated_with(key, v, a, fields) else {
            return;
        };
        if def.kind == ValueKind::Currency {
            let DeValue::String(s) = v.get_ref() else {
                self.at(v, msg!(key_not_text, key = key), def.expected());
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
                    msg!(currency_not_iso, value = s.as_ref()),
                    def.expected(),
                );
            }
            return;
        }
        let Some(d) = self.number(key, v, def.expected()) else {
            return;
        };
        let f = rust_decimal::prelude::ToPrimitive::to_f64(&d).unwrap_or(f64::NAN);
        if !def.accepts(f) || (def.whole() && !d.fract().is_zero()) {
            self.at(
                v,
                msg!(key_out_of_range, key = key, value = d.to_string()),
                def.expected(),
            );
            return;
        }
        a.set(key, d.normalize(), Source::Config);
        if let DeValue::Table(t) = written.get_ref() {
            self.range(def, t, written, d, a);
        }
    }

    /// `low` and `high` of a three-point assumption (`{ value = 42, low = 38, high = 48 }`):
    /// both or neither, each within the assumption's bounds, low ≤ value ≤ high.
    fn range(
        &mut self,
        def: &Def,
        t: &DeTable,
        written: &Value,
        value: Decimal,
        a: &mut Assumptions,
    ) {
        let key = def.key.as_ref();
        let (low, high) = (t.get("low"), t.get("high"));
        let (lv, hv) = match (low, high) {
            (None, None) => return,
            (Some(l), Some(h)) => (l, h),
            (Some(given), None) | (None, Some(given)) => {
                let (field, missing) = if low.is_some() {
                    ("low", "high")
                } else {
                    ("high", "low")
                };
                self.at(
                    given,
                    msg!(range_one_end, key = key, field = field, missing = missing),
                    msg!(range_expected, key = key),
                );
                return;
            }
        };
        let mut end = |field: &str, v: &Value| -> Option<Decimal> {
            let name = format!("{key}.{field}");
            let d = self.number(&name, v, def.expected())?;
            let f = rust_decimal::prelude::ToPrimitive::to_f64(&d).unwrap_or(f64::NAN);
            if !def.accepts(f) || (def.whole() && !d.fract().is_zero()) {
                self.at(
                    v,
                    msg!(key_out_of_range, key = name, value = d.to_string()),
                    def.expected(),
                );
                return None;
            }
            Some(d.normalize())
        };
        let (Some(l), Some(h)) = (end("low", lv), end("high", hv)) else {
            return;
        };
        if !(l <= value && value <= h) {
            self.at(
                written,
                msg!(
                    range_order,
                    key = key,
                    low = l.to_string(),
                    value = value.normalize().to_string(),
                    high = h.to_string()
                ),
                msg!(range_order_expected),
            );
            return;
        }
        a.ranges
            .insert(key.to_string(), super::model::Range { low: l, high: h });
    }
}

/// What a TOML value is, for a type error.
pub(super) fn describe(v: &DeValue) -> Msg {
    match v {
        DeValue::String(_) => msg!(kind_text),
        DeValue::Integer(_) => msg!(kind_whole),
        DeValue::Float(_) => msg!(kind_number),
        DeValue::Boolean(_) => msg!(kind_bool),
        DeValue::Datetime(_) => msg!(kind_date),
        DeValue::Array(_) => msg!(kind_list),
        DeValue::Table(_) => msg!(kind_section),
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

pub(super) fn unknown_key<T>(
    cx: &mut Ctx,
    at: &Spanned<T>,
    shown: &str,
    key: &str,
    known: &[&str],
) {
    let hint =
        closest(key, known.iter().copied()).map_or(msg!(nothing), |s| msg!(did_you_mean, name = s));
    cx.at(
        at,
        msg!(unknown_key, key = shown, hint = hint),
        msg!(
            one_of,
            list = Arg::Names(known.iter().map(|k| k.to_string()).collect())
        ),
    );
}

/// A value for a message: text in quotes, anything else by its kind.
pub(super) fn shown_value(v: &DeValue) -> Msg {
    match v {
        DeValue::String(s) => msg!(quoted, value = s.as_ref()),
        other => describe(other),
    }
}

/// A text field of a small table: Some(text), or a problem and None.
pub(super) fn text_field(
    cx: &mut Ctx,
    table: &DeTable,
    field: &str,
    section: &str,
    expected: Msg,
) -> Option<String> {
    let v = table.get(field)?;
    match v.get_ref() {
        DeValue::String(s) if !s.trim().is_empty() => Some(s.to_string()),
        other => {
            cx.at(
                v,
                msg!(
                    field_not_column,
                    field = format!("{section}.{field}"),
                    value = shown_value(other)
                ),
                expected,
            );
            None
        }
    }
}

/// Keys of a small table that are not among `known`: each a problem with a suggestion.
pub(super) fn unknown_fields(cx: &mut Ctx, table: &DeTable, section: &str, known: &[&str]) {
    for (k, _) in table.iter() {
        let f = k.get_ref().as_ref();
        if !known.contains(&f) {
            unknown_key(cx, k, &format!("{section}.{f}"), f, known);
        }
    }
}

/// `basis = "working"` or `"elapsed"`.
pub(super) fn basis(cx: &mut Ctx, table: &DeTable, section: &str) -> Option<bool> {
    let v = table.get("basis")?;
    match v.get_ref() {
        DeValue::String(s) if s == "working" => Some(true),
        DeValue::String(s) if s == "elapsed" => Some(false),
        other => {
            cx.at(
                v,
                msg!(basis_bad, section = section, value = shown_value(other)),
                msg!(basis_expected),
            );
            None
        }
    }
}

/// A TOML syntax error as a located problem.
pub(super) fn toml_problem(e: &toml::de::Error, text: &str, name: &str) -> Problem {
    let (line, col) = e.span().map_or((1, 1), |s| line_col(text, s.start));
    let reason = e.message().trim().to_string();
    Problem::at(name, line, Some(col)).says(msg!(toml_syntax, reason = reason), msg!(valid_toml))
}

/// Where roi.toml writes `wanted` (a key or a text value, as its escapes read), as line and
/// column: the first place found, or None when it is not written as such (a name trimmed
/// or lower-cased on the way).
pub fn locate(text: &str, wanted: &str) -> Option<(u64, u64)> {
    fn walk(t: &DeTable, wanted: &str) -> Option<usize> {
        t.iter().find_map(|(k, v)| {
            if k.get_ref().as_ref() == wanted {
                Some(k.span().start)
            } else {
                value(v, wanted)
            }
        })
    }
    fn value(v: &Value, wanted: &str) -> Option<usize> {
        match v.get_ref() {
            DeValue::String(s) if s.as_ref() == wanted => Some(v.span().start),
            DeValue::Table(t) => walk(t, wanted),
            DeValue::Array(items) => items.iter().find_map(|i| value(i, wanted)),
            _ => None,
        }
    }
    let root = DeTable::parse(text).ok()?;
    walk(root.get_ref(), wanted).map(|at| line_col(text, at))
}
