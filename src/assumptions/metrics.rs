//! `[metrics.NAME]` (a custom metric: its kind, unit, cost, label) and `[sla]` (the targets).

use super::model::{Assumptions, CustomMetricDef, Source, Sourced};
use super::reading::{Ctx, Value, describe, parse_duration_hours, unknown_key};
use crate::message::Arg;
use crate::message::msg;
use crate::metric::{Kind, RESERVED_NAMES, Unit, closest, normalize_name};
use crate::registry::Registry;
use rust_decimal::Decimal;
use toml::Spanned;
use toml::de::DeValue;

/// `[metrics.NAME]`: kind, unit, label and cost_per_unit. Returns the cost's key and value
/// for the table to check once every custom metric is known.
pub(super) fn custom_metric<'a, 'b>(
    cx: &mut Ctx,
    key: &Spanned<std::borrow::Cow<'a, str>>,
    m: &'b Value<'a>,
    a: &mut Assumptions,
) -> Option<(String, &'b Value<'a>)> {
    let name = custom_name(cx, key)?;
    let DeValue::Table(t) = m.get_ref() else {
        cx.at(
            m,
            msg!(
                metric_not_section,
                name = &name,
                kind = describe(m.get_ref())
            ),
            msg!(metric_section_expected, name = &name),
        );
        return None;
    };
    let mut kind = None;
    let mut unit_value = None;
    let mut label = None;
    let mut cost = None;
    let mut benefit = None;
    let fields = ["kind", "unit", "label", "cost_per_unit", "benefit"];
    for (fk, fv) in t.iter() {
        let text = match fv.get_ref() {
            DeValue::String(s) => Some(s.as_ref()),
            _ => None,
        };
        match fk.get_ref().as_ref() {
            "kind" => kind = Some(custom_kind(cx, fv, text)?),
            "unit" => unit_value = Some(fv),
            "label" => label = Some(custom_label(cx, fv, &name)?),
            "cost_per_unit" => cost = Some(fv),
            "benefit" => match text.and_then(crate::rules::Benefit::parse) {
                Some(b) => benefit = Some(b),
                None => {
                    cx.at(
                        fv,
                        msg!(
                            benefit_bad,
                            key = &format!("metrics.{name}.benefit"),
                            value = super::reading::shown_value(fv.get_ref())
                        ),
                        msg!(benefit_expected),
                    );
                    return None;
                }
            },
            other => {
                unknown_key(cx, fk, &format!("metrics.{name}.{other}"), other, &fields);
                return None;
            }
        }
    }
    let Some(kind) = kind else {
        cx.at(key, msg!(custom_no_kind, name = &name), msg!(kind_expected));
        return None;
    };
    let unit = match unit_value {
        None => None,
        Some(u) => Some(custom_unit(cx, u, kind)?),
    };
    if let Some(b) = benefit {
        a.benefits.insert(name.clone(), b);
    }
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

pub(super) fn sla(
    cx: &mut Ctx,
    key: &Spanned<std::borrow::Cow<str>>,
    v: &Value,
    registry: &Registry,
    a: &mut Assumptions,
) {
    let DeValue::Table(t) = v.get_ref() else {
        cx.at(key, msg!(sla_not_section), msg!(sla_expected));
        return;
    };
    // Targets listed here replace the default ones; an empty section keeps them.
    if t.iter().any(|(k, _)| k.get_ref().as_ref() != "by") {
        a.sla_hours.clear();
    }
    for (mk, mv) in t.iter() {
        let m = mk.get_ref().as_ref();
        if m == "by" {
            sla_by(cx, mv, registry, a);
            continue;
        }
        let Some(id) = registry.lookup(m) else {
            let hint = registry
                .suggest(m)
                .map_or(msg!(nothing), |s| msg!(did_you_mean, name = s));
            cx.at(
                mk,
                msg!(sla_no_metric, metric = m, hint = hint),
                msg!(a_case_duration_metric),
            );
            continue;
        };
        let def = registry.def(id);
        if def.kind != Kind::CaseDuration {
            cx.at(
                mk,
                msg!(sla_not_duration, metric = &def.name),
                msg!(a_case_duration_metric),
            );
            continue;
        }
        let Some(mv) = cx.annotated(&format!("sla.{}", def.name), mv, a) else {
            continue;
        };
        let hours = match mv.get_ref() {
            DeValue::String(s) => parse_duration_hours(s),
            DeValue::Integer(_) | DeValue::Float(_) => {
                let mut scratch = Ctx {
                    text: cx.text,
                    name: cx.name,
                    problems: Vec::new(),
                    files: false,
                };
                scratch
                    .number("", mv, msg!(nothing))
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
                msg!(sla_unusable, metric = &def.name),
                msg!(sla_target_expected),
            ),
        }
    }
}

/// The custom metric's name, normalised, unless it is a built-in's, reserved or unusable.
fn custom_name(cx: &mut Ctx, key: &Spanned<std::borrow::Cow<str>>) -> Option<String> {
    let raw_name = key.get_ref().as_ref();
    let name = normalize_name(raw_name);
    let builtin = Registry::new(&[], &[], None);
    if let Some(id) = builtin.lookup(&name) {
        cx.at(
            key,
            msg!(
                custom_is_builtin,
                name = raw_name,
                builtin = crate::message::metric(&builtin.def(id).name)
            ),
            msg!(another_name_builtin),
        );
        return None;
    }
    if RESERVED_NAMES.contains(&name.as_str()) {
        cx.at(
            key,
            msg!(custom_reserved, name = raw_name),
            msg!(
                another_name_than,
                names = Arg::Or(RESERVED_NAMES.iter().map(|n| n.to_string()).collect())
            ),
        );
        return None;
    }
    if name.is_empty() || name.chars().any(char::is_control) {
        cx.at(
            key,
            msg!(custom_unusable, name = raw_name.escape_debug().to_string()),
            msg!(name_chars),
        );
        return None;
    }
    Some(name)
}

/// `kind = "count" | "case_duration" | "period_duration"`.
fn custom_kind(cx: &mut Ctx, fv: &Value, text: Option<&str>) -> Option<Kind> {
    match text {
        Some("count") => Some(Kind::Count),
        Some("case_duration") => Some(Kind::CaseDuration),
        Some("period_duration") => Some(Kind::PeriodDuration),
        other => {
            let shown = other.unwrap_or("");
            let hint = closest(
                shown,
                ["count", "case_duration", "period_duration"].into_iter(),
            )
            .map_or(msg!(nothing), |s| msg!(did_you_mean, name = s));
            cx.at(
                fv,
                msg!(kind_unknown, value = shown, hint = hint),
                msg!(kinds),
            );
            None
        }
    }
}

/// `unit = "…"`: a duration unit for durations, none (or "count") for counts.
fn custom_unit(cx: &mut Ctx, u: &Value, kind: Kind) -> Option<Unit> {
    let parsed = match u.get_ref() {
        DeValue::String(s) => Unit::parse(s),
        _ => None,
    };
    match parsed {
        Some(unit) if (unit == Unit::Count) == (kind == Kind::Count) => Some(unit),
        _ => {
            let shown: Arg = match u.get_ref() {
                DeValue::String(s) => s.as_ref().into(),
                other => describe(other).into(),
            };
            cx.at(
                u,
                msg!(custom_unit_bad, unit = shown, kind = kind.as_str()),
                if kind == Kind::Count {
                    msg!(count_word)
                } else {
                    msg!(units_accepted)
                },
            );
            None
        }
    }
}

/// `[sla.by.DIM]`: each value of the dimension column with its target: a duration (the
/// cycle time's) or a table of metrics and durations.
fn sla_by(cx: &mut Ctx, v: &Value, registry: &Registry, a: &mut Assumptions) {
    let DeValue::Table(dims) = v.get_ref() else {
        cx.at(
            v,
            msg!(sla_by_bad, dim = "…", value = describe(v.get_ref())),
            msg!(sla_by_expected),
        );
        return;
    };
    for (dk, dv) in dims.iter() {
        let dim = dk.get_ref().to_string();
        let DeValue::Table(values) = dv.get_ref() else {
            cx.at(
                dv,
                msg!(sla_by_bad, dim = &dim, value = describe(dv.get_ref())),
                msg!(sla_by_expected),
            );
            continue;
        };
        let mut targets = Vec::new();
        for (vk, vv) in values.iter() {
            let value = vk.get_ref().to_string();
            let pairs: Vec<(String, &Value)> = match vv.get_ref() {
                DeValue::String(_) => vec![("cycle_time".to_string(), vv)],
                DeValue::Table(per) => per
                    .iter()
                    .map(|(mk, mv)| (mk.get_ref().to_string(), mv))
                    .collect(),
                _ => vec![(String::new(), vv)],
            };
            for (metric, tv) in pairs {
                let id = registry
                    .lookup(&metric)
                    .filter(|id| registry.def(*id).kind == Kind::CaseDuration);
                let hours = match tv.get_ref() {
                    DeValue::String(s) => parse_duration_hours(s),
                    _ => None,
                }
                .filter(|h| *h > 0.0 && *h <= 87_660.0);
                match (id, hours) {
                    (Some(id), Some(h)) => {
                        targets.push((value.clone(), registry.def(id).name.clone(), h))
                    }
                    _ => cx.at(
                        tv,
                        msg!(sla_by_bad, dim = &dim, value = &value),
                        msg!(sla_by_expected),
                    ),
                }
            }
        }
        a.rules.sla_by.push(crate::rules::SlaBy { dim, targets });
    }
}

/// A name for people: non-empty, on one line, at most 80 characters.
fn usable_name(text: Option<&str>) -> Option<String> {
    let l = text?.trim();
    (!l.is_empty() && l.chars().count() <= 80 && !l.chars().any(char::is_control))
        .then(|| l.to_string())
}

/// `label = "complaints"` (every language) or `label = { en = "complaints", pl = "reklamacje" }`
/// (the languages roi speaks); anything else is a located problem.
fn custom_label(cx: &mut Ctx, fv: &Value, name: &str) -> Option<super::model::Label> {
    let mut label = super::model::Label::default();
    match fv.get_ref() {
        DeValue::String(s) => match usable_name(Some(s.as_ref())) {
            Some(l) => label.all = Some(l),
            None => {
                cx.at(fv, msg!(label_unusable, name = name), msg!(label_expected));
                return None;
            }
        },
        DeValue::Table(t) => {
            let codes: Vec<&str> = crate::i18n::Lang::ALL.iter().map(|l| l.code()).collect();
            for (lk, lv) in t.iter() {
                let code = lk.get_ref().as_ref();
                if !codes.contains(&code) {
                    unknown_key(
                        cx,
                        lk,
                        &format!("metrics.{name}.label.{code}"),
                        code,
                        &codes,
                    );
                    return None;
                }
                let text = match lv.get_ref() {
                    DeValue::String(s) => Some(s.as_ref()),
                    _ => None,
                };
                match usable_name(text) {
                    Some(l) => label.by_lang.push((code.to_string(), l)),
                    None => {
                        cx.at(lv, msg!(label_unusable, name = name), msg!(label_expected));
                        return None;
                    }
                }
            }
            if label.by_lang.is_empty() {
                cx.at(fv, msg!(label_unusable, name = name), msg!(label_expected));
                return None;
            }
        }
        _ => {
            cx.at(fv, msg!(label_unusable, name = name), msg!(label_expected));
            return None;
        }
    }
    Some(label)
}
