//! Real public exports, as their systems write them (`tests/corpus/<dataset>/`: its README.md
//! says who published it, under which licence, and how today.csv and after.csv were cut). Each
//! runs through the real binary with the dataset's own roi.toml, and every figure in its
//! expected.json — computed independently by `tests/corpus/expected.py` with pandas and numpy,
//! never by roi — must be in summary.json: the window, the volume, each case duration's n, mean,
//! median, p90, p95, min, max, std and SLA share, each count's total and rate per month.

use crate::common::Fixture;
use serde_json::Value;

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/corpus");

/// `roi compute today.csv after.csv --config roi.toml --format json` on the dataset; the
/// summary.json it wrote, and expected.json.
fn run(dataset: &str) -> (Value, Value) {
    let dir = format!("{CORPUS}/{dataset}");
    let f = Fixture::new();
    let run = f.roi(&[
        "compute",
        &format!("{dir}/today.csv"),
        &format!("{dir}/after.csv"),
        "--config",
        &format!("{dir}/roi.toml"),
        "--format",
        "json",
        "--no-charts",
        "--out",
        "out",
    ]);
    assert_eq!(run.code, 0, "{dataset}: roi failed:\n{}", run.stderr);
    let read = |path: &str| -> Value {
        let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
    };
    let summary = read(&f.path("out/summary.json").to_string_lossy());
    (summary, read(&format!("{dir}/expected.json")))
}

/// Relative 1e-9 (absolute below 1): summary.json keeps 12 significant digits.
fn close(got: f64, want: f64) -> bool {
    (got - want).abs() <= 1e-9 * want.abs().max(1.0)
}

/// Compares one figure; a mismatch is added to `bad` as `path: got …, expected …`.
fn compare(bad: &mut Vec<String>, path: &str, got: &Value, want: &Value) {
    let same = match (got.as_f64(), want.as_f64()) {
        (Some(g), Some(w)) => close(g, w),
        _ => got == want,
    };
    if !same {
        bad.push(format!("{path}: got {got}, expected {want}"));
    }
}

/// Every figure of expected.json against summary.json; all mismatches are listed at once.
fn check(dataset: &str) {
    let (j, e) = run(dataset);
    let mut bad = Vec::new();
    for side in ["today", "after"] {
        let want = &e["sides"][side];
        let got = &j["inputs"][side];
        for key in ["first_date", "last_date", "window_days", "cases"] {
            compare(
                &mut bad,
                &format!("inputs.{side}.{key}"),
                &got[key],
                &want[key],
            );
        }
        let measured = format!("{side}_measured");
        compare(
            &mut bad,
            &format!("volume.{measured}"),
            &j["volume"][&measured],
            &want["cases_per_month"],
        );
    }
    let metrics = e["metrics"].as_object().expect("expected.json: metrics");
    assert!(
        !metrics.is_empty(),
        "{dataset}: expected.json has no metric"
    );
    for (name, want) in metrics {
        let got = &j["metrics"][name];
        if got.is_null() {
            bad.push(format!("metrics.{name}: not in summary.json"));
            continue;
        }
        for key in ["unit", "kind"] {
            compare(
                &mut bad,
                &format!("metrics.{name}.{key}"),
                &got[key],
                &want[key],
            );
        }
        for side in ["today", "after"] {
            let figures = want[side].as_object().expect("expected.json: a side");
            for (key, value) in figures {
                compare(
                    &mut bad,
                    &format!("metrics.{name}.{side}.{key}"),
                    &got[side][key],
                    value,
                );
            }
        }
    }
    assert!(
        bad.is_empty(),
        "{dataset}: {} figures differ from expected.json:\n{}",
        bad.len(),
        bad.join("\n")
    );
}

/// ServiceNow incident list (UCI incident event log, last row per incident): opened_at is both
/// the start of the cycle time and the date, `?` is empty, made_sla gives the SLA share,
/// reopen_count the errors and reassignment_count a custom count.
#[test]
fn servicenow_incidents_with_made_sla() {
    check("servicenow_made_sla");
}

/// The same ServiceNow export, other weeks: resolution SLA targets by priority, with `[sla]`'s
/// target for the priority not listed.
#[test]
fn servicenow_incidents_with_sla_by_priority() {
    check("servicenow_priority_sla");
}

/// nycflights13 (BTS on-time data): air time in minutes from a column, `NA` for cancelled
/// flights, dates from UTC timestamps by the calendar day written.
#[test]
fn nycflights13_air_time_by_utc_day() {
    check("nycflights13_jfk_aa");
}

/// The WABO receipt event log as pm4py writes it: cycle and response time per case, rework,
/// ISO timestamps with microseconds and a zone across a DST change (it found that roi read
/// 12.51 s as 12 s).
#[test]
fn wabo_receipt_event_log() {
    check("wabo_receipt_events");
}

/// SECOM (UCI): a semiconductor line's unit tests, a failed unit an error, day-first times
/// with seconds, quoted as the source quotes them.
#[test]
fn secom_unit_failures_by_month() {
    check("secom_yield");
}
