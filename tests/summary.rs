//! The summary layout: a case built from per-metric statistics computed elsewhere (a
//! dashboard, a warehouse query) instead of raw rows.

use crate::common::{Fixture, approx};

const SAMPLES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/samples");

/// A dashboard's figures typed by hand: 411 tickets with a mean of 6.1 h and 9 in 10 within
/// 10.2 h, 39 errors in September; after: 436, 4.3 h, 6.6 h, 14 errors.
const TODAY: &str = "metric,unit,n,mean,p90,total,first_day,last_day\n\
cycle_time,h,411,6.1,10.2,,2026-09-01,2026-09-30\n\
errors,,,,,39,2026-09-01,2026-09-30\n";
const AFTER: &str = "metric,unit,n,mean,p90,total,first_day,last_day\n\
cycle_time,h,436,4.3,6.6,,2026-10-19,2026-11-17\n\
errors,,,,,14,2026-10-19,2026-11-17\n";

#[test]
fn a_dashboard_typed_by_hand_gives_a_whole_case_and_names_what_it_cannot_support() {
    let f = Fixture::new();
    f.write("today.csv", TODAY);
    f.write("after.csv", AFTER);
    let config = format!("{SAMPLES}/roi.toml");
    let run = f.roi(&[
        "compute",
        "today.csv",
        "after.csv",
        "--config",
        &config,
        "--out",
        "o",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let j: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(f.path("o/summary.json")).unwrap()).unwrap();
    // Cycle time: (6.1 − 4.3) h × 411 cases / (30 / 30.4375) months × 0.25 × 42 EUR/h
    // = 1.8 × 416.99375 × 10.5 = 7,881.18.
    assert_eq!(j["savings"]["monthly"]["cycle_time"], "7881.18");
    // Errors: 39 and 14 over 30 days each (× 30.4375/30 a month: 39.56875 and 14.204167),
    // the after scaled by 411/436 = 0.9426606: (39.56875 − 13.389702) × 95 = 2,487.01.
    assert_eq!(j["savings"]["monthly"]["errors"], "2487.01");
    assert_eq!(j["inputs"]["today"]["layout"], "summary");
    // Without a spread nothing can be proven, and the screen says why.
    assert_eq!(j["levers"]["cycle_time"]["more_data"], "no_spread");
    assert!(
        run.stdout.contains("n/a, no spread (std)"),
        "{}",
        run.stdout
    );
    assert!(
        run.stderr.contains(
            "today.csv: the summary has no median, p95, min, max, std, within_sla for cycle time; what needs them is left out, not estimated"
        ),
        "{}",
        run.stderr
    );
    // Nor can the chance the case pays back be told: no probability, and the checklist
    // says whose spread is missing.
    assert!(j["probability"].is_null(), "{}", j["probability"]);
    assert!(
        run.stderr.contains(
            "the chance the case pays back is not given: the summaries give no spread (std) for cycle time"
        ),
        "{}",
        run.stderr
    );
    // The distributions need every percentile: not drawn, and said so.
    assert!(!f.exists("o/distribution_cycle_time.png"));
    assert!(f.exists("o/kpi_comparison.png"));
}

/// roi's own statistics of the samples, written as a summary: the same case comes back.
#[test]
fn the_samples_summarised_give_the_samples_case() {
    let f = Fixture::new();
    let config = format!("{SAMPLES}/roi.toml");
    let raw = f.compute_json(
        &format!("{SAMPLES}/today.csv"),
        &format!("{SAMPLES}/after.csv"),
        &["--config", &config],
    );
    for side in ["today", "after"] {
        let input = &raw["inputs"][side];
        let mut csv = String::from(
            "metric,unit,n,mean,std,min,max,median,p90,p95,within_sla,total,first_day,last_day\n",
        );
        for (name, m) in raw["metrics"].as_object().unwrap() {
            let s = &m[side];
            let unit = m["unit"].as_str().unwrap();
            let v = |k: &str| s[k].as_f64().map_or(String::new(), |x| format!("{x:?}"));
            if s.get("median").is_some() {
                let within = s["sla_share"].as_f64().map_or(String::new(), |sh| {
                    format!("{}", (sh * s["n"].as_f64().unwrap()).round())
                });
                csv.push_str(&format!(
                    "{name},{unit},{},{},{},{},{},{},{},{},{within},,{},{}\n",
                    v("n"),
                    v("mean"),
                    v("std"),
                    v("min"),
                    v("max"),
                    v("median"),
                    v("p90"),
                    v("p95"),
                    input["first_date"].as_str().unwrap(),
                    input["last_date"].as_str().unwrap(),
                ));
            } else {
                let unit = if unit == "count" { "" } else { unit };
                csv.push_str(&format!(
                    "{name},{unit},{},,,,,,,,,{},{},{}\n",
                    v("n"),
                    v("total"),
                    input["first_date"].as_str().unwrap(),
                    input["last_date"].as_str().unwrap(),
                ));
            }
        }
        f.write(&format!("{side}_summary.csv"), &csv);
    }
    let sum = f.compute_json(
        "today_summary.csv",
        "after_summary.csv",
        &["--config", &config],
    );
    // The distributions drawn from the summary's five percentiles.
    assert!(f.exists("out/distribution_cycle_time.png"));
    assert!(f.exists("out/distribution_response_time.png"));
    // Every lever to the cent, and the statistics as measured.
    assert_eq!(sum["savings"]["monthly"], raw["savings"]["monthly"]);
    assert_eq!(sum["volume"], raw["volume"]);
    for m in ["cycle_time", "response_time"] {
        for k in ["mean", "std", "median", "p90", "p95", "sla_share"] {
            assert_eq!(
                sum["metrics"][m]["today"][k], raw["metrics"][m]["today"][k],
                "{m} {k}"
            );
        }
        // The JSON keeps 12 significant digits: the interval from them agrees to 1e-9.
        let change = &raw["metrics"][m]["change"];
        approx(
            &sum["metrics"][m]["change"]["mean"],
            change["mean"].as_f64().unwrap(),
        );
        for i in 0..2 {
            approx(
                &sum["metrics"][m]["change"]["ci95"][i],
                change["ci95"][i].as_f64().unwrap(),
            );
        }
        assert_eq!(
            sum["metrics"][m]["change"]["significant"],
            change["significant"]
        );
    }
}

fn refused(today: &str, expect: &[&str]) {
    let f = Fixture::new();
    f.write("today.csv", today);
    f.write("after.csv", AFTER);
    let run = f.roi(&["compute", "today.csv", "after.csv", "--out", "o"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    for e in expect {
        assert!(run.stderr.contains(e), "missing {e:?} in\n{}", run.stderr);
    }
    assert!(!f.exists("o"));
}

#[test]
fn bad_summaries_get_located_messages() {
    refused(
        "metric,unit,n,mean,median,p90,first_day,last_day\ncycle_time,h,411,6.1,5.2,4.9,2026-09-01,2026-09-30\n",
        &[
            "today.csv:2:6: p90 4.9 is below median 5.2",
            "min ≤ median ≤ p90 ≤ p95 ≤ max",
        ],
    );
    refused(
        "metric,unit,n,mean,first_day,last_day\ncycle_time,h,0,6.1,2026-09-01,2026-09-30\n",
        &["today.csv:2:3: n of 0"],
    );
    refused(
        "metric,unit,n,mean,std,first_day,last_day\ncycle_time,h,411,6.1,-2,2026-09-01,2026-09-30\n",
        &["today.csv:2:5: std is -2: negative or too large"],
    );
    refused(
        "metric,unit,n,mean,within_sla,first_day,last_day\ncycle_time,h,411,6.1,412,2026-09-01,2026-09-30\n",
        &["today.csv:2:5: within_sla 412 with n 411"],
    );
    refused(
        "metric,unit,total\nerrors,,39\n",
        &[
            "today.csv:1: errors summed over a period, but the summary has no window",
            "days column",
        ],
    );
    refused(
        "metric,unit,n,mean,first_day,last_day\ncycle_time,h,411,six,2026-09-01,2026-09-30\n",
        &["today.csv:2:4: 'six' in mean is not a number"],
    );
}

#[test]
fn recipes_are_filled_in_from_roi_toml() {
    let f = Fixture::new();
    let config = format!("{SAMPLES}/roi.toml");
    let sql = |engine: &str, extra: &[&str]| {
        let mut args = vec!["recipe", engine, "--config", &config];
        args.extend_from_slice(extra);
        let run = f.roi(&args);
        assert_eq!(run.code, 0, "{}", run.stderr);
        run.stdout
    };
    let duck = sql("duckdb", &["--source", "read_parquet('today/*.parquet')"]);
    assert!(duck.contains("quantile_cont(value, 0.9) AS p90"));
    assert!(duck.contains("FROM read_parquet('today/*.parquet')"));
    // roi.toml's SLA targets, in hours: cycle time 8 h, response time 30 min.
    assert!(duck.contains("WHEN metric = 'cycle_time' THEN CAST(8.0 AS DOUBLE)"));
    assert!(duck.contains("WHEN metric = 'response_time' THEN CAST(0.5 AS DOUBLE)"));
    assert!(duck.contains("metric IN ('cycle_time', 'response_time')"));
    assert!(duck.contains("approx_quantile"));
    let spark = sql("spark", &["--by", "process"]);
    assert!(spark.contains("percentile(value, 0.95) AS p95"));
    assert!(spark.contains("CAST(`process` AS STRING) AS segment"));
    assert!(spark.contains("GROUPING SETS ((metric, unit), (metric, unit, segment))"));
    let pg = sql("postgres", &[]);
    assert!(pg.contains("percentile_cont(0.5) WITHIN GROUP (ORDER BY value) AS median"));
    assert!(pg.contains("DOUBLE PRECISION"));
    let bad = f.roi(&["recipe", "oracle"]);
    assert_eq!(bad.code, 2);
}

#[test]
fn check_describes_a_summary_and_its_problems() {
    let f = Fixture::new();
    f.write("today.csv", TODAY);
    let run = f.roi(&["check", "today.csv"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("summary (one row per metric with its statistics)")
    );
    assert!(
        run.stdout.contains("  - cycle time\n  - errors\n"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.ends_with("  ok: no problems\n"),
        "{}",
        run.stdout
    );
    f.write("bad.csv", "metric,unit,n,mean\ncycle_time,h,0,5\n");
    let run = f.roi(&["check", "bad.csv"]);
    assert_eq!(run.code, 1);
    assert!(run.stdout.contains("bad.csv:2:3: n of 0"), "{}", run.stdout);
}

#[test]
fn a_summary_statistic_out_of_range_is_refused_not_read_as_zero() {
    // A mean of 1e300 once became 0 in the money (a large improvement read as a loss), and a
    // negative total was accepted.
    let huge = "metric,unit,n,mean,std,total,first_day,last_day\ncycle_time,h,411,1e300,2.0,,2026-09-01,2026-09-30\n";
    refused(
        huge,
        &["today.csv:2:4: mean is 1e300: negative or too large"],
    );
    let negative =
        "metric,unit,n,mean,std,total,first_day,last_day\nerrors,,,,,-39,2026-09-01,2026-09-30\n";
    refused(negative, &["total is -39: negative or too large"]);
}

/// Writes `text` into a new FIFO at `path` from another thread (the write blocks until roi
/// opens it for reading).
#[cfg(unix)]
fn fifo(path: std::path::PathBuf, text: &'static str) -> std::thread::JoinHandle<()> {
    let made = std::process::Command::new("mkfifo")
        .arg(&path)
        .status()
        .unwrap();
    assert!(made.success());
    std::thread::spawn(move || {
        let _ = std::fs::write(&path, text);
    })
}

#[cfg(unix)]
#[test]
fn a_summary_read_from_a_fifo_or_standard_input_gives_the_file_s_case() {
    let f = Fixture::new();
    f.write("today.csv", TODAY);
    f.write("after.csv", AFTER);
    let config = format!("{SAMPLES}/roi.toml");
    let from_files = f.compute_json("today.csv", "after.csv", &["--config", &config]);
    // The same summaries through FIFOs (as `<(…)` gives them): once refused, as raw rows.
    let writers = [
        fifo(f.path("today.fifo"), TODAY),
        fifo(f.path("after.fifo"), AFTER),
    ];
    let run = f.roi(&[
        "compute",
        "today.fifo",
        "after.fifo",
        "--config",
        &config,
        "--format",
        "json",
        "--out",
        "p",
    ]);
    for w in writers {
        w.join().unwrap();
    }
    assert_eq!(run.code, 0, "{}", run.stderr);
    let from_fifos: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(from_fifos["savings"], from_files["savings"]);
    assert_eq!(from_fifos["finance"], from_files["finance"]);
    // Today's summary on standard input.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_roi"))
        .args([
            "compute",
            "-",
            "after.csv",
            "--config",
            &config,
            "--format",
            "json",
            "--out",
            "s",
        ])
        .current_dir(f.dir.path())
        .stdin(std::fs::File::open(f.path("today.csv")).unwrap())
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let from_stdin: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(from_stdin["savings"], from_files["savings"]);
    // Raw rows through a FIFO still read as raw rows.
    let samples_today = std::fs::read_to_string(format!("{SAMPLES}/today.csv")).unwrap();
    let leaked: &'static str = Box::leak(samples_today.into_boxed_str());
    let writer = fifo(f.path("raw.fifo"), leaked);
    let run = f.roi(&[
        "compute",
        "raw.fifo",
        &format!("{SAMPLES}/after.csv"),
        "--config",
        &config,
        "--format",
        "json",
        "--out",
        "r",
    ]);
    writer.join().unwrap();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let raw: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let direct = f.compute_json(
        &format!("{SAMPLES}/today.csv"),
        &format!("{SAMPLES}/after.csv"),
        &["--config", &config],
    );
    assert_eq!(raw["savings"], direct["savings"]);
}
