//! roi.toml text → [`Assumptions`], driven by the table of assumptions: every number is
//! typed and range-checked against its row, every problem has its line and column, and an
//! unknown key is an error with a "did you mean". The sections are read in `metrics.rs` and
//! `sections.rs`.

use super::model::Assumptions;
use super::reading::{Ctx, OTHER_SECTIONS, describe, toml_problem, unknown_key};
use super::table::Def;
use super::{metrics, sections, stated, targets};
use crate::error::{Problem, RoiError};
use crate::message::msg;
use std::path::Path;
use toml::de::{DeTable, DeValue};

/// Parses roi.toml text; `name` is used in messages.
pub fn parse(text: &str, name: &str) -> Result<Assumptions, RoiError> {
    parse_with(text, name, true)
}

/// Parses the copy of roi.toml a sealed case carries: as [`parse`], but the files it names
/// beside it (the logo) are not read, for the case has left that folder.
pub fn parse_embedded(text: &str, name: &str) -> Result<Assumptions, RoiError> {
    parse_with(text, name, false)
}

fn parse_with(text: &str, name: &str, files: bool) -> Result<Assumptions, RoiError> {
    let root = match DeTable::parse(text) {
        Ok(r) => r,
        Err(e) => return Err(RoiError::one(toml_problem(&e, text, name))),
    };
    let mut cx = Ctx {
        text,
        name,
        problems: Vec::new(),
        files,
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
                    if let Some(cost) = metrics::custom_metric(&mut cx, k, m, &mut a) {
                        costs.push(cost);
                    }
                }
            }
            other => cx.at(
                key,
                msg!(metrics_not_section, kind = describe(other)),
                msg!(metrics_sections),
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
    // `[[stated]]` is read last: its months are checked against the horizon.
    let mut stated_at = None;
    for (key, v) in root.iter() {
        let k = key.get_ref().as_ref();
        if let Some(def) = table.iter().find(|d| d.section().is_empty() && d.key == k) {
            cx.assumption(def, v, &mut a);
        } else if sections.contains(&k) {
            let DeValue::Table(t) = v.get_ref() else {
                cx.at(
                    key,
                    msg!(key_not_section, key = k, kind = describe(v.get_ref())),
                    msg!(a_section, key = k),
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
            metrics::sla(&mut cx, key, v, &registry, &mut a);
        } else if k == "columns" {
            sections::columns(&mut cx, key, v, &registry, &mut a);
        } else if k == "events" {
            sections::events(&mut cx, key, v, &mut a);
        } else if k == "calendar" {
            sections::calendar(&mut cx, key, v, &mut a);
        } else if k == "input" {
            sections::input(&mut cx, key, v, &mut a);
        } else if k == "report" {
            sections::report(&mut cx, key, v, &mut a);
        } else if k == "targets" {
            targets::targets(&mut cx, key, v, &registry, &mut a);
        } else if k == "control" {
            sections::control(&mut cx, key, v, &mut a);
        } else if k == "benefits" {
            sections::benefits(&mut cx, key, v, &mut a);
        } else if k == "stated" {
            stated_at = Some((key, v));
        } else if k != "metrics" {
            unknown_key(&mut cx, key, k, k, &top_keys);
        }
    }
    if let Some((key, v)) = stated_at {
        stated::stated(&mut cx, key, v, &mut a);
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

/// Parses roi.toml bytes: text that is not UTF-8 is located at its first bad byte.
pub fn parse_bytes(bytes: &[u8], name: &str) -> Result<Assumptions, RoiError> {
    match std::str::from_utf8(bytes) {
        Ok(text) => parse(text, name),
        Err(e) => {
            let good = &bytes[..e.valid_up_to()];
            let line = good.iter().filter(|&&b| b == b'\n').count() as u64 + 1;
            let start = good.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
            let column = String::from_utf8_lossy(&good[start..]).chars().count() as u64 + 1;
            Err(RoiError::one(Problem::at(name, line, Some(column)).says(
                msg!(
                    not_utf8,
                    byte = format!("{:02X}", bytes.get(e.valid_up_to()).copied().unwrap_or(0))
                ),
                msg!(utf8_expected),
            )))
        }
    }
}

impl Assumptions {
    /// Reads and validates `roi.toml`.
    pub fn load(path: &Path) -> Result<Assumptions, RoiError> {
        let name = path.display().to_string();
        let bytes = crate::input::read_whole(path, crate::input::MAX_CONFIG_BYTES)?;
        parse_bytes(&bytes, &name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assumptions::{Source, keys, parse_duration_hours};
    use crate::metric::Unit;
    use rust_decimal::Decimal;

    fn problems(text: &str) -> Vec<String> {
        match parse(text, "roi.toml") {
            Ok(_) => vec![],
            Err(RoiError::Input { problems, .. }) => problems
                .iter()
                .map(|p| crate::i18n::Lang::En.problem(p))
                .collect(),
            Err(e) => vec![crate::i18n::Lang::En.error(&e)],
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
label = { en = "rework time", pl = "czas poprawek" }
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
        let label = |i: usize, lang: &str| a.metrics[i].label.as_ref().and_then(|l| l.get(lang));
        assert_eq!(label(0, "pl"), Some("reklamacje"));
        assert_eq!(label(0, "en"), Some("reklamacje"));
        assert_eq!(label(1, "en"), Some("rework time"));
        assert_eq!(label(1, "pl"), Some("czas poprawek"));
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
    fn three_point_ranges_are_read_checked_and_shown_in_the_ledger() {
        let a = parse(
            "[rates]\nhourly_cost = { value = 42, low = 38, high = 48, source = \"HR\" }\n\
             [investment]\none_time = { value = 85000, low = 80000, high = 120000 }\n\
             ramp_up_months = { value = 3, low = 2, high = 6 }\n",
            "roi.toml",
        )
        .unwrap();
        assert_eq!(
            a.get("rates.hourly_cost").unwrap().value,
            Decimal::new(42, 0)
        );
        let r = a.ranges["rates.hourly_cost"];
        assert_eq!((r.low, r.high), (Decimal::new(38, 0), Decimal::new(48, 0)));
        assert_eq!(a.ranges.len(), 3);
        let ledger = a.ledger(None);
        let e = ledger
            .iter()
            .find(|e| e.key == "rates.hourly_cost")
            .unwrap();
        assert_eq!(
            serde_json::to_value(e).unwrap()["low"],
            serde_json::json!("38.00")
        );
        let e = ledger
            .iter()
            .find(|e| e.key == keys::RAMP_UP_MONTHS)
            .unwrap();
        assert_eq!(
            serde_json::to_value(e).unwrap()["high"],
            serde_json::json!(6.0)
        );
        // A single figure has no ends.
        let e = ledger
            .iter()
            .find(|e| e.key == keys::DISCOUNT_RATE)
            .unwrap();
        assert!(serde_json::to_value(e).unwrap().get("low").is_none());
    }

    #[test]
    fn a_range_out_of_order_half_given_or_where_none_is_taken_is_located() {
        let p = problems("[rates]\nhourly_cost = { value = 42, low = 45, high = 48 }\n");
        assert_eq!(
            p,
            vec![
                "roi.toml:2:15: rates.hourly_cost gives low 45, value 42, high 48: not in order; \
                 expected low ≤ value ≤ high (the value is the most likely figure)"
            ]
        );
        let p = problems("[rates]\nhourly_cost = { value = 42, low = 38 }\n");
        assert!(
            p[0].starts_with("roi.toml:2:35: rates.hourly_cost gives low without high"),
            "{}",
            p[0]
        );
        let p = problems("[investment]\nramp_up_months = { value = 3, low = 1.5, high = 6 }\n");
        assert!(
            p[0].starts_with("roi.toml:2:37: investment.ramp_up_months.low = 1.5 is out of range"),
            "{}",
            p[0]
        );
        let p = problems("discount_rate = { value = 0.1, low = -0.9, high = 0.2 }\n");
        assert!(
            p[0].contains("discount_rate.low = -0.9 is out of range"),
            "{}",
            p[0]
        );
        // The risk adjustment takes no range (the distribution takes its place), nor does
        // an SLA target: `low` there is an unknown key, not a silently ignored one.
        let p = problems("risk_adjustment = { value = 0.1, low = 0, high = 0.2 }\n");
        assert!(
            p[0].contains("unknown key 'risk_adjustment.low'"),
            "{}",
            p[0]
        );
        let p = problems("[sla]\ncycle_time = { value = \"8h\", low = \"6h\", high = \"9h\" }\n");
        assert!(
            p[0].contains("unknown key 'sla.cycle_time.low'"),
            "{}",
            p[0]
        );
        let p = problems("[rates]\nhourly_cost = { value = 42, low = \"38\", high = 48 }\n");
        assert!(
            p[0].contains("rates.hourly_cost.low is text, not a number"),
            "{}",
            p[0]
        );
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
