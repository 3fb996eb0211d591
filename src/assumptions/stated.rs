//! `[[stated]]`: benefits and costs the data cannot measure (licences retired, an internal
//! project team, a phased investment), each a section of its own with a name, a monthly and/or
//! a one-time amount, the months they fall in, cash or capacity, and a source.

use super::model::{Assumptions, Stated};
use super::reading::{Ctx, Value, describe, shown_value, unknown_fields};
use crate::message::msg;
use crate::money::Money;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

const FIELDS: &[&str] = &[
    "name",
    "monthly",
    "one_time",
    "month",
    "from_month",
    "kind",
    "source",
];

/// More lines than this is a ledger, not a business case: the workbook gives each line a
/// column of its own.
const MOST: usize = 50;

pub(super) fn stated(
    cx: &mut Ctx,
    key: &Spanned<std::borrow::Cow<str>>,
    v: &Value,
    a: &mut Assumptions,
) {
    let DeValue::Array(items) = v.get_ref() else {
        cx.at(
            key,
            msg!(stated_not_sections, kind = describe(v.get_ref())),
            msg!(stated_sections),
        );
        return;
    };
    if items.len() > MOST {
        cx.at(
            key,
            msg!(stated_too_many, n = items.len(), most = MOST),
            msg!(stated_at_most, most = MOST),
        );
        return;
    }
    let horizon = a.horizon_months();
    for item in items.iter() {
        let DeValue::Table(t) = item.get_ref() else {
            cx.at(
                item,
                msg!(stated_not_sections, kind = describe(item.get_ref())),
                msg!(stated_sections),
            );
            continue;
        };
        if let Some(line) = line(cx, item, t, horizon) {
            if a.stated.iter().any(|s| s.name == line.name) {
                let at = t.get("name").unwrap_or(item);
                cx.at(at, msg!(stated_twice, name = &line.name), msg!(stated_once));
                continue;
            }
            a.stated.push(line);
        }
    }
}

/// One `[[stated]]` section, or its problems.
fn line(cx: &mut Ctx, item: &Value, t: &DeTable, horizon: u32) -> Option<Stated> {
    let before = cx.problems.len();
    unknown_fields(cx, t, "stated", FIELDS);
    let text = |cx: &mut Ctx, field: &str| -> Option<String> {
        let v = t.get(field)?;
        match v.get_ref() {
            DeValue::String(s) if !s.trim().is_empty() => {
                Some(s.trim().chars().take(200).collect())
            }
            other => {
                cx.at(
                    v,
                    msg!(stated_text_bad, field = field, value = shown_value(other)),
                    msg!(text_in_quotes),
                );
                None
            }
        }
    };
    let name = text(cx, "name");
    let source = text(cx, "source");
    let Some(name) = name else {
        if !t.contains_key("name") {
            cx.at(item, msg!(stated_no_name), msg!(stated_name_expected));
        }
        return None;
    };
    let amount = |cx: &mut Ctx, field: &str| -> Option<Decimal> {
        let v = t.get(field)?;
        let key = format!("stated.{field}");
        let d = cx.number(&key, v, msg!(stated_amount_expected))?;
        if d.abs() > crate::economics::money_limit() {
            cx.at(
                v,
                msg!(key_out_of_range, key = &key, value = d.to_string()),
                msg!(stated_amount_expected),
            );
            return None;
        }
        Some(d.normalize())
    };
    let monthly = amount(cx, "monthly");
    let one_time = amount(cx, "one_time");
    let month = |cx: &mut Ctx, field: &str, first: u32| -> Option<u32> {
        let v = t.get(field)?;
        let key = format!("stated.{field}");
        let expected = msg!(stated_month_expected, first = first, last = horizon);
        let d = cx.number(&key, v, expected.clone())?;
        match d
            .to_u32()
            .filter(|m| d.fract().is_zero() && (first..=horizon).contains(m))
        {
            Some(m) => Some(m),
            None => {
                cx.at(
                    v,
                    msg!(
                        stated_month_bad,
                        field = field,
                        name = &name,
                        value = d.to_string()
                    ),
                    expected,
                );
                None
            }
        }
    };
    let at_month = month(cx, "month", 0);
    let from_month = month(cx, "from_month", 1);
    // A month without its amount is a typo or a misunderstanding, never ignored.
    for (field, needs, given) in [
        ("month", "one_time", t.contains_key("one_time")),
        ("from_month", "monthly", t.contains_key("monthly")),
    ] {
        if let (Some(v), false) = (t.get(field), given) {
            cx.at(
                v,
                msg!(stated_orphan, name = &name, field = field, needs = needs),
                msg!(stated_orphan_expected, field = field, needs = needs),
            );
        }
    }
    let kind = match t.get("kind") {
        None => crate::rules::Benefit::Cash,
        Some(v) => {
            let parsed = match v.get_ref() {
                DeValue::String(s) => crate::rules::Benefit::parse(s),
                _ => None,
            };
            match parsed {
                Some(b) => b,
                None => {
                    cx.at(
                        v,
                        msg!(
                            benefit_bad,
                            key = "stated.kind",
                            value = shown_value(v.get_ref())
                        ),
                        msg!(benefit_expected),
                    );
                    return None;
                }
            }
        }
    };
    if cx.problems.len() > before {
        return None;
    }
    let monthly = monthly.unwrap_or_default();
    let one_time = one_time.unwrap_or_default();
    if monthly.is_zero() && one_time.is_zero() {
        cx.at(
            item,
            msg!(stated_empty, name = &name),
            msg!(stated_amount_expected),
        );
        return None;
    }
    Some(Stated {
        name,
        monthly: Money(monthly),
        one_time: Money(one_time),
        month: at_month.unwrap_or(0),
        from_month: from_month.unwrap_or(1),
        kind,
        source,
    })
}
