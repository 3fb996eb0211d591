//! `[targets]`: the improvement promised per metric, for `roi project` (PRODUCT §9):
//! relative (`"-20%"`) or absolute in the metric's terms (`"-1.5h"` a case or a month, `-30`
//! units a month).

use super::model::Assumptions;
use super::reading::{Ctx, Value};
use crate::message::msg;
use crate::metric::Kind;
use crate::registry::Registry;
use serde::Serialize;
use toml::Spanned;
use toml::de::DeValue;

/// A promised change of one metric.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Target {
    pub metric: String,
    pub change: TargetChange,
    /// As written in roi.toml, for messages.
    pub text: String,
}

/// How a target moves today's figure.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum TargetChange {
    /// A fraction of today's figure: −0.2 is 20% lower.
    Relative(f64),
    /// In the metric's terms: hours a case (case durations), hours a month (period
    /// durations), units a month (counts).
    Absolute(f64),
}

/// A relative target at or below −100% leaves nothing; above +1000% it is a typo.
const RELATIVE: std::ops::RangeInclusive<f64> = -0.999_999..=10.0;

/// Parses `[targets]`.
pub(super) fn targets(
    cx: &mut Ctx,
    key: &Spanned<std::borrow::Cow<str>>,
    v: &Value,
    registry: &Registry,
    a: &mut Assumptions,
) {
    let DeValue::Table(t) = v.get_ref() else {
        cx.at(key, msg!(targets_not_section), msg!(targets_section));
        return;
    };
    for (mk, mv) in t.iter() {
        let m = mk.get_ref().as_ref();
        let Some(id) = registry.lookup(m) else {
            let hint = registry
                .suggest(m)
                .map_or(msg!(nothing), |s| msg!(did_you_mean, name = s));
            cx.at(
                mk,
                msg!(target_no_metric, metric = m, hint = hint),
                msg!(targets_section),
            );
            continue;
        };
        let def = registry.def(id);
        let (text, change) = match mv.get_ref() {
            DeValue::String(s) => (s.trim().to_string(), parse(s, def.kind)),
            DeValue::Integer(i) if def.kind == Kind::Count => {
                let s = i.as_str().replace('_', "");
                (
                    s.clone(),
                    crate::value::parse_number(&s)
                        .ok()
                        .map(TargetChange::Absolute),
                )
            }
            DeValue::Float(f) if def.kind == Kind::Count => {
                let s = f.as_str().replace('_', "");
                (
                    s.clone(),
                    crate::value::parse_number(&s)
                        .ok()
                        .map(TargetChange::Absolute),
                )
            }
            other => {
                let expected = expected(def.kind);
                cx.at(
                    mv,
                    msg!(
                        target_bad,
                        metric = &def.name,
                        value = super::reading::shown_value(other)
                    ),
                    expected,
                );
                continue;
            }
        };
        let expected = expected(def.kind);
        match change {
            Some(c) if !a.targets.iter().any(|t: &Target| t.metric == def.name) => {
                a.targets.push(Target {
                    metric: def.name.clone(),
                    change: c,
                    text,
                });
            }
            Some(_) => cx.at(mk, msg!(target_twice, metric = &def.name), expected),
            None => cx.at(
                mv,
                msg!(target_bad, metric = &def.name, value = &text),
                expected,
            ),
        }
    }
}

/// What a target of a metric of `kind` looks like.
fn expected(kind: Kind) -> crate::message::Msg {
    if kind == Kind::Count {
        msg!(target_count_expected)
    } else {
        msg!(target_duration_expected)
    }
}

/// `"-20%"` (relative), `"-1.5h"` or `"-90min"` (absolute, durations), `"-30"` (counts).
fn parse(s: &str, kind: Kind) -> Option<TargetChange> {
    let t = s.trim();
    let (sign, rest) = match t.strip_prefix(['-', '−']) {
        Some(r) => (-1.0, r.trim_start()),
        None => (1.0, t.strip_prefix('+').unwrap_or(t).trim_start()),
    };
    if let Some(pct) = rest.strip_suffix('%') {
        let v = sign * crate::value::parse_number(pct.trim()).ok()? / 100.0;
        return (v.is_finite() && RELATIVE.contains(&v)).then_some(TargetChange::Relative(v));
    }
    let v = if kind == Kind::Count {
        crate::value::parse_number(rest).ok()?
    } else {
        super::reading::parse_duration_hours(rest)?
    };
    (v.is_finite() && v.abs() < 1e12).then_some(TargetChange::Absolute(sign * v))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_read_as_written() {
        use TargetChange::*;
        assert_eq!(parse("-20%", Kind::CaseDuration), Some(Relative(-0.2)));
        assert_eq!(parse("−12.5 %", Kind::Count), Some(Relative(-0.125)));
        assert_eq!(parse("-1.5h", Kind::PeriodDuration), Some(Absolute(-1.5)));
        assert_eq!(parse("-90min", Kind::CaseDuration), Some(Absolute(-1.5)));
        assert_eq!(parse("-30", Kind::Count), Some(Absolute(-30.0)));
        assert_eq!(parse("-100%", Kind::Count), None);
        assert_eq!(parse("fast", Kind::Count), None);
        // A duration needs its unit: "-2" could be hours or minutes.
        assert_eq!(parse("-2", Kind::CaseDuration), None);
    }
}
