//! `summary.json` keeps every field the JSON contract promises, with money as decimal strings
//! and ratios as fractions.

use crate::common::Fixture;

const SAMPLES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/samples");

fn at<'a>(j: &'a serde_json::Value, path: &str) -> &'a serde_json::Value {
    path.split('.').fold(j, |v, key| {
        let next = &v[key];
        assert!(!next.is_null() || v.get(key).is_some(), "no field {path}");
        next
    })
}

fn is_money(v: &serde_json::Value) -> bool {
    v.as_str().is_some_and(|s| {
        let (int, cents) = s
            .trim_start_matches('-')
            .split_once('.')
            .unwrap_or(("", ""));
        !int.is_empty() && int.bytes().all(|b| b.is_ascii_digit()) && cents.len() == 2
    })
}

#[test]
fn every_contract_field_is_there() {
    let f = Fixture::new();
    let j = f.compute_json(
        &format!("{SAMPLES}/today.csv"),
        &format!("{SAMPLES}/after.csv"),
        &["--config", &format!("{SAMPLES}/roi.toml"), "--no-charts"],
    );
    for metric in ["cycle_time", "response_time"] {
        assert!(at(&j, &format!("metrics.{metric}.unit")).is_string());
        for side in ["today", "after"] {
            for field in ["n", "mean", "median", "p90", "p95", "std"] {
                assert!(at(&j, &format!("metrics.{metric}.{side}.{field}")).is_number());
            }
        }
    }
    for metric in ["errors", "downtime", "complaints"] {
        for side in ["today", "after"] {
            for field in ["total", "per_month"] {
                assert!(at(&j, &format!("metrics.{metric}.{side}.{field}")).is_number());
            }
        }
    }
    for metric in [
        "cycle_time",
        "response_time",
        "errors",
        "downtime",
        "complaints",
    ] {
        let c = at(&j, &format!("metrics.{metric}.change"));
        assert!(c["mean"].is_number() && c["mean_pct"].is_number());
        assert_eq!(c["ci95"].as_array().map(Vec::len), Some(2));
        assert!(c["significant"].is_boolean());
    }
    assert!(at(&j, "volume.cases_per_month").is_number());
    for period in ["monthly", "annual"] {
        for lever in [
            "cycle_time",
            "errors",
            "downtime",
            "sla",
            "complaints",
            "total",
        ] {
            assert!(is_money(at(&j, &format!("savings.{period}.{lever}"))));
        }
    }
    assert!(is_money(at(&j, "savings.annual_risk_adjusted")));
    let flows = at(&j, "finance.cash_flows").as_array().unwrap();
    assert_eq!(flows.len(), 37);
    assert!(flows.iter().all(is_money));
    assert_eq!(flows[0], "-85000.00");
    assert!(is_money(at(&j, "finance.npv")));
    for ratio in [
        "finance.roi",
        "finance.payback_months",
        "finance.irr_annual",
        "finance.irr_monthly",
    ] {
        assert!(at(&j, ratio).is_number(), "{ratio}");
    }
    // A fraction, not a percentage: 284% is 2.84.
    assert!((at(&j, "finance.roi").as_f64().unwrap() - 2.84).abs() < 0.01);
    for s in ["conservative", "expected", "optimistic"] {
        assert!(is_money(at(&j, &format!("scenarios.{s}.npv"))));
    }
    assert_eq!(at(&j, "scenarios.expected.npv"), at(&j, "finance.npv"));
    // The headline reads the proven scenario by default.
    assert_eq!(at(&j, "headline.basis"), "proven");
    assert_eq!(
        at(&j, "headline.annual"),
        at(&j, "savings.annual_risk_adjusted_proven")
    );
    assert_eq!(
        at(&j, "headline.annual"),
        at(&j, "scenarios.proven.annual_benefit")
    );
    for field in ["npv", "roi", "payback_months", "irr_annual"] {
        assert_eq!(
            at(&j, &format!("headline.{field}")),
            at(&j, &format!("scenarios.proven.{field}")),
            "{field}"
        );
    }
    assert!(is_money(at(&j, "headline.npv")));
    // How likely: three probabilities, the NPV's percentiles, and how they were counted.
    for field in [
        "npv_positive",
        "payback_within_12",
        "payback_within_horizon",
    ] {
        let p = at(&j, &format!("probability.{field}")).as_f64().unwrap();
        assert!((0.0..=1.0).contains(&p), "{field}: {p}");
    }
    for field in ["npv_p05", "npv_p50", "npv_p95"] {
        assert!(is_money(at(&j, &format!("probability.{field}"))), "{field}");
    }
    assert_eq!(at(&j, "probability.method"), "closed_form");
    // Cash apart from capacity: every lever says which; the two parts add up to the total.
    for lever in ["cycle_time", "errors", "downtime", "sla", "complaints"] {
        let b = at(&j, &format!("levers.{lever}.benefit"));
        assert!(b == "cash" || b == "capacity", "{lever}: {b}");
    }
    let cents = |p: &str| -> i64 {
        let s = at(&j, p).as_str().unwrap().replace('.', "");
        s.parse().unwrap()
    };
    assert_eq!(
        cents("savings.annual_cash") + cents("savings.annual_capacity"),
        cents("savings.annual_risk_adjusted")
    );
    assert_eq!(
        cents("headline.annual_cash") + cents("headline.annual_capacity"),
        cents("headline.annual")
    );
}
