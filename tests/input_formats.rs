//! Every layout and locale feature of the inputs (docs/method.md#inputs-and-windows), run through the real binary. Expected
//! numbers are worked out by hand (or with a spreadsheet) in the comments, not by roi.

use crate::common::{Fixture, approx};

const MONTH: f64 = 30.4375;

#[test]
fn long_layout_statistics_rates_and_volume_scaling() {
    let f = Fixture::new();
    f.write(
        "today.csv",
        "metric,value,unit,date,process\n\
         cycle_time,2,h,2026-09-01,o2c\n\
         cycle_time,4,h,2026-09-05,o2c\n\
         cycle_time,6,h,2026-09-10,o2c\n\
         cycle_time,8,h,2026-09-20,o2c\n\
         cycle_time,10,h,2026-09-30,o2c\n\
         errors,6,count,2026-09-02,o2c\n\
         errors,4,,2026-09-15,o2c\n\
         downtime,90,min,2026-09-03,line-2\n\
         downtime,1.5,h,2026-09-04,line-2\n",
    );
    f.write(
        "after.csv",
        "metric,value,unit,date\n\
         cycle_time,1,h,2026-10-01\n\
         cycle_time,2,h,2026-10-03\n\
         cycle_time,3,h,2026-10-05\n\
         cycle_time,4,h,2026-10-10\n\
         cycle_time,5,h,2026-10-15\n\
         errors,3,,2026-10-07\n",
    );
    let j = f.compute_json("today.csv", "after.csv", &[]);
    let ct = &j["metrics"]["cycle_time"];
    assert_eq!(ct["unit"], "h");
    // 2,4,6,8,10: mean 6, median 6, PERCENTILE.INC 0.9 = 9.2, 0.95 = 9.6, STDEV.S = √10
    assert_eq!(ct["today"]["n"], 5);
    approx(&ct["today"]["mean"], 6.0);
    approx(&ct["today"]["median"], 6.0);
    approx(&ct["today"]["p90"], 9.2);
    approx(&ct["today"]["p95"], 9.6);
    approx(&ct["today"]["std"], 10f64.sqrt());
    approx(&ct["after"]["mean"], 3.0);
    approx(&ct["change"]["mean"], -3.0);
    approx(&ct["change"]["mean_pct"], -0.5);
    // Welch: se² = 10/5 + 2.5/5 = 2.5, df = 6.25 / 1.0625 = 5.882; t(0.975, 5.882) =
    // 2.4588237 (scipy.stats.t.ppf): −3 ± 2.4588237·√2.5
    let ci = &ct["change"]["ci95"];
    assert!(
        (ci[0].as_f64().unwrap() + 6.887_741_64).abs() < 1e-6,
        "{ci}"
    );
    assert!(
        (ci[1].as_f64().unwrap() - 0.887_741_64).abs() < 1e-6,
        "{ci}"
    );
    assert_eq!(ct["change"]["significant"], false);

    // Windows: today 30 days, after 15 days (2026-10-01..15).
    let errors = &j["metrics"]["errors"];
    approx(&errors["today"]["total"], 10.0);
    approx(&errors["today"]["per_month"], 10.0 * MONTH / 30.0);
    approx(&errors["after"]["per_month"], 3.0 * MONTH / 15.0);
    // Volume: 5 cases in 30 days vs 5 in 15 → ratio today/after = 0.5; the after rate at
    // today's volume is 6.0875 × 0.5 = 3.04375 = 30% of today's 10.1458.
    approx(&j["volume"]["cases_per_month"], 5.0 * MONTH / 30.0);
    approx(&j["volume"]["ratio"], 0.5);
    approx(
        &errors["change"]["mean"],
        3.0 * MONTH / 15.0 * 0.5 - 10.0 * MONTH / 30.0,
    );
    approx(&errors["change"]["mean_pct"], -0.7);
    approx(&errors["today"]["per_100_cases"], 200.0);

    // Downtime: 90 min + 1.5 h = 180 min; availability 1 − 3 h / 720 h.
    let dt = &j["metrics"]["downtime"];
    assert_eq!(dt["unit"], "min");
    approx(&dt["today"]["total"], 180.0);
    approx(&dt["today"]["availability"], 1.0 - 3.0 / 720.0);
    assert!(dt["after"].is_null() && dt["change"].is_null());

    // The warnings are typed values in the JSON …
    let warnings = j["warnings"].as_array().unwrap();
    let has = |w: serde_json::Value| warnings.contains(&w);
    assert!(has(
        serde_json::json!({"kind": "one_side_only", "metric": "downtime", "today": true})
    ));
    assert!(has(
        serde_json::json!({"kind": "windows_differ", "today_days": 30, "after_days": 15})
    ));
    assert!(has(
        serde_json::json!({"kind": "few_cases", "metric": "cycle_time", "n": 5, "today": true})
    ));
    assert!(
        warnings
            .iter()
            .any(|w| w["kind"] == "volume_changed" && w["change"] == 1.0)
    );
    // … and sentences on stderr.
    let run = f.roi(&["compute", "today.csv", "after.csv", "--out", "out"]);
    for needle in [
        "warning: Downtime is measured today but not after the change",
        "warning: the periods differ in length (30 days today, 15 days after the change)",
        "fewer than 30 cases",
        "warning: volume changed by +100% (5 → 10 cases a month)",
    ] {
        assert!(
            run.stderr.contains(needle),
            "missing {needle:?} in\n{}",
            run.stderr
        );
    }
}

const WIDE_TODAY: &str = "date,case_id,cycle_time_h,response_time_min,errors,downtime_min,team\n\
2026-09-01,A1,5,30,1,,north\n\
2026-09-02,A2,7,45,0,60,north\n\
2026-09-03,A3,6,NA,2,,south\n\
2026-09-04,A4,,20,0,,south\n";

const WIDE_AFTER: &str = "date,case_id,cycle_time_h,response_time_min,errors,downtime_min,team\n\
2026-10-01,B1,3,15,0,,north\n\
2026-10-02,B2,4,25,1,,north\n\
2026-10-03,B3,5,35,0,30,south\n\
2026-10-04,B4,4,,0,,south\n";

#[test]
fn wide_layout_with_missing_cells_and_default_sla() {
    let f = Fixture::new();
    f.write("today.csv", WIDE_TODAY);
    f.write("after.csv", WIDE_AFTER);
    let j = f.compute_json("today.csv", "after.csv", &[]);
    let ct = &j["metrics"]["cycle_time"];
    assert_eq!(ct["today"]["n"], 3);
    assert_eq!(ct["today"]["missing"], 1);
    approx(&ct["today"]["mean"], 6.0);
    approx(&ct["after"]["mean"], 4.0);
    // Welch with scipy: df = 3.857, t = 2.8174738; interval (−3.99225, −0.00775): significant.
    let ci = &ct["change"]["ci95"];
    assert!(
        (ci[0].as_f64().unwrap() + 3.992_254_80).abs() < 1e-6,
        "{ci}"
    );
    assert!(
        (ci[1].as_f64().unwrap() + 0.007_745_20).abs() < 1e-6,
        "{ci}"
    );
    assert_eq!(ct["change"]["significant"], true);
    let rt = &j["metrics"]["response_time"];
    // 30, 45, 20 min: mean 31.667, median 30; default SLA 30 min: 2 of 3 within.
    approx(&rt["today"]["mean"], 95.0 / 3.0);
    approx(&rt["today"]["median"], 30.0);
    approx(&rt["today"]["sla_share"], 2.0 / 3.0);
    // Errors: 3 in 4 days today; 1 in 4 days after, scaled by cases 3/4.
    let e = &j["metrics"]["errors"];
    approx(&e["today"]["per_month"], 3.0 * MONTH / 4.0);
    approx(
        &e["change"]["mean"],
        1.0 * MONTH / 4.0 * 0.75 - 3.0 * MONTH / 4.0,
    );
    approx(
        &j["metrics"]["downtime"]["after"]["per_month"],
        30.0 * MONTH / 4.0,
    );
    let run = f.roi(&["compute", "today.csv", "after.csv", "--out", "out"]);
    assert!(
        run.stderr.contains("warning: today.csv: empty or NA cells skipped as not observed (cycle time: 1, response time: 1, downtime: 3)"),
        "{}",
        run.stderr
    );
}

#[test]
fn semicolons_decimal_commas_thousands_and_polish_dates() {
    let f = Fixture::new();
    // 4,5 h and 1 234,5 min (= 20.575 h) with a normal and a non-breaking space.
    f.write(
        "today.csv",
        "\u{feff}metric;value;unit;date\n\
         cycle_time;4,5;h;01.10.2026\n\
         cycle_time;\"1 234,5\";min;02.10.2026\n\
         cycle_time;1\u{a0}234,5;min;03.10.2026\n",
    );
    f.write(
        "after.csv",
        "metric;value;unit\ncycle_time;2,25;h\ncycle_time;\"3,75\";h\n",
    );
    let j = f.compute_json("today.csv", "after.csv", &[]);
    approx(
        &j["metrics"]["cycle_time"]["today"]["mean"],
        (4.5 + 20.575 * 2.0) / 3.0,
    );
    approx(&j["metrics"]["cycle_time"]["after"]["mean"], 3.0);
    assert_eq!(j["inputs"]["today"]["delimiter"], ";");
    assert_eq!(j["inputs"]["today"]["first_date"], "2026-10-01");
    assert_eq!(j["inputs"]["today"]["window_days"], 3);
}

#[test]
fn windows_1250_file_with_polish_headers() {
    let f = Fixture::new();
    let text = "Data;Czas cyklu [godz];Błędy;Przestój [min];Zespół\n\
                01.09.2026;4,5;1;;Łódź\n\
                02.09.2026;3,5;0;30;Łódź\n\
                03.09.2026;4;2;;Kraków\n";
    let (bytes, _, _) = encoding_rs::WINDOWS_1250.encode(text);
    assert!(
        std::str::from_utf8(&bytes).is_err(),
        "fixture must not be UTF-8"
    );
    f.write_bytes("dzis.csv", &bytes);
    f.write(
        "po.csv",
        "metric,value,unit\ncycle_time,2,h\ncycle_time,3,h\n",
    );
    let run = f.roi(&[
        "compute", "dzis.csv", "po.csv", "--format", "json", "--out", "out",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("dzis.csv: not valid UTF-8, read as windows-1250"),
        "{}",
        run.stderr
    );
    let j = run.json();
    assert_eq!(j["inputs"]["today"]["encoding"], "windows-1250");
    assert_eq!(j["inputs"]["today"]["layout"], "wide");
    approx(&j["metrics"]["cycle_time"]["today"]["mean"], 4.0);
    approx(&j["metrics"]["errors"]["today"]["total"], 3.0);
    approx(&j["metrics"]["downtime"]["today"]["total"], 30.0);
    // Named with --encoding, the file is read the same way, without the fallback notice.
    let forced = f.roi(&["check", "dzis.csv", "--encoding", "windows-1250"]);
    assert_eq!(forced.code, 0, "{}", forced.stdout);
    assert!(forced.stdout.contains("Błędy"), "{}", forced.stdout);
    assert!(
        !forced.stdout.contains("not valid UTF-8"),
        "{}",
        forced.stdout
    );
}

#[test]
fn tab_separated_long_file() {
    let f = Fixture::new();
    f.write(
        "today.tsv",
        "metric\tvalue\tunit\tdate\nresponse_time\t30\tmin\t2026-09-01\nresponse_time\t1\th\t2026-09-02\n",
    );
    f.write(
        "after.tsv",
        "metric\tvalue\nresponse_time\t20\nresponse_time\t40\n",
    );
    let j = f.compute_json("today.tsv", "after.tsv", &[]);
    assert_eq!(j["inputs"]["today"]["delimiter"], "tab");
    // 30 min and 1 h = 60 min → mean 45 min; after 30 min.
    approx(&j["metrics"]["response_time"]["today"]["mean"], 45.0);
    approx(&j["metrics"]["response_time"]["change"]["mean"], -15.0);
}

#[test]
fn files_without_dates_take_the_window_from_roi_toml() {
    let f = Fixture::new();
    f.write(
        "today.csv",
        "metric,value\nerrors,4\nerrors,6\ndowntime,120\n",
    );
    f.write("after.csv", "metric,value\nerrors,2\ndowntime,30\n");
    f.write("roi.toml", "[window]\ntoday_days = 20\nafter_days = 10\n");
    let j = f.compute_json("today.csv", "after.csv", &["--config", "roi.toml"]);
    // 10 errors in 20 days = 15.21875 a month; 2 in 10 days = 6.0875 (no cases: no scaling).
    approx(
        &j["metrics"]["errors"]["today"]["per_month"],
        10.0 * MONTH / 20.0,
    );
    approx(
        &j["metrics"]["errors"]["after"]["per_month"],
        2.0 * MONTH / 10.0,
    );
    approx(
        &j["metrics"]["errors"]["change"]["mean"],
        2.0 * MONTH / 10.0 - 10.0 * MONTH / 20.0,
    );
    assert_eq!(j["inputs"]["today"]["window_source"], "config");
    // 120 min in 20 days: availability 1 − 2 h / 480 h.
    approx(
        &j["metrics"]["downtime"]["today"]["availability"],
        1.0 - 2.0 / 480.0,
    );
}

#[test]
fn roi_toml_in_the_current_folder_is_found() {
    let f = Fixture::new();
    f.write("today.csv", "metric,value\nerrors,4\n");
    f.write("after.csv", "metric,value\nerrors,2\n");
    f.write("roi.toml", "[window]\ntoday_days = 30\nafter_days = 30\n");
    let run = f.roi(&["compute", "today.csv", "after.csv", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("using assumptions from ./roi.toml"),
        "{}",
        run.stderr
    );
    assert!(f.exists("roi-report/summary.json"));
}

#[test]
fn different_units_in_the_two_files_are_converted() {
    let f = Fixture::new();
    // Today in minutes (unit column): 120, 240 → 2 h, 4 h; mean 3 h.
    f.write(
        "today.csv",
        "metric,value,unit\ncycle_time,120,min\ncycle_time,240,min\n",
    );
    // After in days (header): 0.125 d = 3 h, 0.0625 d = 1.5 h; mean 2.25 h.
    f.write("after.csv", "case,cycle_time [d]\n1,0.125\n2,0.0625\n");
    let j = f.compute_json("today.csv", "after.csv", &[]);
    let ct = &j["metrics"]["cycle_time"];
    assert_eq!(ct["unit"], "h");
    approx(&ct["today"]["mean"], 3.0);
    approx(&ct["after"]["mean"], 2.25);
    approx(&ct["change"]["mean_pct"], -0.25);
}

#[test]
fn custom_metrics_and_column_mappings_from_roi_toml() {
    let f = Fixture::new();
    f.write(
        "roi.toml",
        "[metrics.complaints]\nkind = \"count\"\ncost_per_unit = 300\n\
         [columns]\ncycle_time = { column = \"Resolution time\", unit = \"min\" }\ndate = \"Closed at\"\n",
    );
    f.write(
        "today.csv",
        "Closed at,Resolution time,complaints\n2026-09-01,90,1\n2026-09-30,30,2\n",
    );
    f.write(
        "after.csv",
        "Closed at,Resolution time,complaints\n2026-10-01,60,0\n2026-10-30,60,1\n",
    );
    let j = f.compute_json("today.csv", "after.csv", &["--config", "roi.toml"]);
    approx(&j["metrics"]["cycle_time"]["today"]["mean"], 1.0);
    approx(&j["metrics"]["complaints"]["today"]["total"], 3.0);
    approx(
        &j["metrics"]["complaints"]["today"]["per_month"],
        3.0 * MONTH / 30.0,
    );
    assert_eq!(j["inputs"]["today"]["window_days"], 30);
}

#[test]
fn a_typo_of_a_metric_is_an_error_and_other_names_are_skipped_with_a_word() {
    let f = Fixture::new();
    f.write(
        "today.csv",
        "metric,value,unit\ncycle_time,2,h\ncycle_tme,3,h\ncycle_tme,4,h\nrevenue,5,h\n",
    );
    f.write("after.csv", "metric,value,unit\ncycle_time,1,h\n");
    // A name a letter from a metric's: an error naming the place and the suggestion, with
    // the line that would silence it; nothing written.
    let run = f.roi(&["compute", "today.csv", "after.csv", "--out", "out"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(
        run.stderr.trim(),
        "error: today.csv:3:1: unknown metric 'cycle_tme' (did you mean cycle_time?); rows with \
         it: 2; expected the metric's name as roi knows it (or a [columns] mapping); if \
         'cycle_tme' is not a metric, add [input] ignore = [\"cycle_tme\"] to roi.toml"
    );
    assert!(!f.path("out").exists());
    // roi check reports it as a problem too.
    let run = f.roi(&["check", "today.csv"]);
    assert_eq!(run.code, 1);
    assert!(run.stdout.contains("problems (1)"), "{}", run.stdout);
    assert!(
        run.stdout.contains("unknown metric 'cycle_tme'"),
        "{}",
        run.stdout
    );
    // Ignored by the user's word: the rows are skipped; a name far from any metric is
    // skipped with a word.
    f.write("roi.toml", "[input]\nignore = [\"cycle_tme\"]\n");
    let run = f.roi(&[
        "compute",
        "today.csv",
        "after.csv",
        "--out",
        "out",
        "--config",
        "roi.toml",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stderr.contains("cycle_tme"), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("today.csv:5: unknown metric 'revenue' (declare it in roi.toml"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_typo_in_a_wide_header_is_an_error() {
    let f = Fixture::new();
    f.write("today.csv", "date,cylce_time_h,errors\n2026-09-01,4,1\n");
    let run = f.roi(&["compute", "today.csv", "today.csv", "--out", "out"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "error: today.csv:1:2: column 'cylce_time_h' is not a known metric (did you mean \
             cycle_time?)"
        ),
        "{}",
        run.stderr
    );
    let run = f.roi(&["check", "today.csv"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout.contains("column 'cylce_time_h'"),
        "{}",
        run.stdout
    );
}

#[test]
fn crlf_files_read_like_lf_files() {
    let f = Fixture::new();
    f.write(
        "today.csv",
        "metric,value,unit\r\ncycle_time,2,h\r\ncycle_time,4,h\r\n",
    );
    f.write("after.csv", "metric,value,unit\r\ncycle_time,1,h\r\n");
    let j = f.compute_json("today.csv", "after.csv", &[]);
    approx(&j["metrics"]["cycle_time"]["today"]["mean"], 3.0);
}

#[test]
fn text_summary_shows_the_table_and_writes_summary_json() {
    let f = Fixture::new();
    f.write("today.csv", WIDE_TODAY);
    f.write("after.csv", WIDE_AFTER);
    let run = f.roi(&["compute", "today.csv", "after.csv", "--out", "report"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for needle in [
        "cycle time, mean",
        "6.00 h",
        "4.00 h",
        "-2.00 h (-33%)",
        "errors, a month",
        "proven?",
        "written to report/: summary.json, summary.md, checklist.md, report.html, business_case.xlsx, deck.pptx, kpi_comparison.png",
    ] {
        // The list of files written wraps like any line of the summary.
        assert!(
            crate::common::flat(&run.stdout).contains(needle),
            "missing {needle:?} in:\n{}",
            run.stdout
        );
    }
    let written: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(f.path("report/summary.json")).unwrap())
            .unwrap();
    approx(&written["metrics"]["cycle_time"]["today"]["mean"], 6.0);
    // Same input, same bytes.
    let first = std::fs::read(f.path("report/summary.json")).unwrap();
    f.roi(&["compute", "today.csv", "after.csv", "--out", "report"]);
    assert_eq!(first, std::fs::read(f.path("report/summary.json")).unwrap());
}
