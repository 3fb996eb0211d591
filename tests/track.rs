//! `roi track`: months after go-live held against the case. Expected values are worked out
//! by hand in the comments.

use crate::common::{Fixture, flat};

const CONFIG: &str = "currency = \"EUR\"\nhorizon_months = 12\ndiscount_rate = 0.0\nrisk_adjustment = 0.2\n\
[rates]\nhourly_cost = 100\nlabor_share = 0.5\ncost_per_error = 5\ndowntime_cost_per_hour = 1000\n\
[investment]\none_time = 10000\nmonthly = 500\nramp_up_months = 0\n";

/// Days 1..30 of a month: a case a day (cycle times alternating), `errors` error rows of 1
/// a day, and downtime of `downtime` hours a day.
fn month(ym: &str, cycle: [f64; 2], errors: usize, downtime: f64) -> String {
    let mut s = String::new();
    for d in 1..=30 {
        let date = format!("{ym}-{d:02}");
        s.push_str(&format!("cycle_time,{},h,{date}\n", cycle[d % 2]));
        for _ in 0..errors {
            s.push_str(&format!("errors,1,,{date}\n"));
        }
        s.push_str(&format!("downtime,{downtime},h,{date}\n"));
    }
    s
}

/// Evaluates a workbook with a real formula engine: every formula gives the figure roi
/// wrote as its cached result (to the cent). Returns how many formulas there are.
fn formulas_give_roi_s_figures(path: &std::path::Path) -> usize {
    let mut model =
        ironcalc::import::load_from_xlsx(path.to_str().unwrap(), "en", "UTC", "en").unwrap();
    let mut cached = Vec::new();
    for c in model.get_all_cells() {
        if let Ok(Some(_)) = model.get_cell_formula(c.index, c.row, c.column) {
            let v = model
                .get_cell_value_by_index(c.index, c.row, c.column)
                .unwrap();
            cached.push(((c.index, c.row, c.column), v));
        }
    }
    model.evaluate();
    let n = cached.len();
    for ((s, r, c), v) in cached {
        let now = model.get_cell_value_by_index(s, r, c).unwrap();
        match (&v, &now) {
            (
                ironcalc::base::cell::CellValue::Number(a),
                ironcalc::base::cell::CellValue::Number(b),
            ) => assert!((a - b).abs() < 0.005, "{r},{c}: {a} vs {b}"),
            _ => assert_eq!(v, now),
        }
    }
    n
}

const HEADER: &str = "metric,value,unit,date\n";

fn case() -> (Fixture, serde_json::Value) {
    case_with(CONFIG)
}

/// The case of [`case`] under another roi.toml.
fn case_with(config: &str) -> (Fixture, serde_json::Value) {
    let f = Fixture::new();
    f.write("roi.toml", config);
    // Today: cycle 9/11 h (mean 10), 20 errors a day, 1 h of downtime a day.
    f.write(
        "today.csv",
        &format!("{HEADER}{}", month("2026-09", [9.0, 11.0], 20, 1.0)),
    );
    // The pilot: cycle 7/9 h (mean 8), 10 errors a day, 0.5 h of downtime a day.
    f.write(
        "after.csv",
        &format!("{HEADER}{}", month("2026-10", [7.0, 9.0], 10, 0.5)),
    );
    let j = f.compute_json(
        "today.csv",
        "after.csv",
        &["--config", "roi.toml", "--no-charts"],
    );
    (f, j)
}

#[test]
fn three_months_one_lever_full_one_half_one_nothing() {
    let (f, j) = case();
    // The promise (30 days = 0.985626 months; volume 30 / 0.985626 = 30.4375 cases a month):
    // cycle time (10 − 8) × 30.4375 × 0.5 × 100 = 3,043.75;
    // errors (608.75 − 304.375) × 5 = 1,521.875 → 1,521.88;
    // downtime (30.4375 − 15.21875) h × 1,000 = 15,218.75.
    assert_eq!(j["savings"]["monthly"]["cycle_time"], "3043.75");
    assert_eq!(j["savings"]["monthly"]["errors"], "1521.88");
    assert_eq!(j["savings"]["monthly"]["downtime"], "15218.75");
    // Actuals, three months of 30 days each: cycle time as promised (7/9 h), errors half way
    // (15 a day: 456.5625 a month), downtime as before (1 h a day).
    let mut actuals = String::from(HEADER);
    for ym in ["2027-03", "2027-04", "2027-05"] {
        actuals.push_str(&month(ym, [7.0, 9.0], 15, 1.0));
    }
    f.write("actuals.csv", &actuals);
    let run = f.roi(&[
        "track",
        "out/summary.json",
        "actuals.csv",
        "--format",
        "json",
        "--out",
        "tracked",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let t = run.json();
    let months = t["months"].as_array().unwrap();
    assert_eq!(months.len(), 3);
    let near = |v: &serde_json::Value, x: f64| {
        let got: f64 = v.as_str().unwrap().parse().unwrap();
        assert!((got - x).abs() < 0.02, "{got} vs {x}");
    };
    for (i, m) in months.iter().enumerate() {
        assert_eq!(m["plan_month"], i + 1);
        assert_eq!(m["days"], 30);
        let l = &m["levers"];
        // Cycle time: realised (10 − 8) × 30.4375 × 50 = 3,043.75 = the promise. The noise
        // of the baseline and of the month: s² = 30/29 on each side, se = √(2 × 30/29 / 30) =
        // 0.262613 h, Welch df = 58, t(58) = 2.001717: ± 0.525677 h × 1,521.875 = ± 800.01 →
        // [2,243.74, 3,843.76]: the promise lies within: on track.
        assert_eq!(l["cycle_time"]["realised"], "3043.75");
        assert_eq!(l["cycle_time"]["gap"], "0.00");
        near(&l["cycle_time"]["ci95"][0], 2243.74);
        near(&l["cycle_time"]["ci95"][1], 3843.76);
        assert_eq!(l["cycle_time"]["verdict"], "on_track");
        // Errors: (608.75 − 456.5625) × 5 = 760.9375 → 760.94, half the promise; gap
        // −760.94. Noise of both sides: √(600 + 450) / 0.985626 = 32.8763 a month × 1.959964
        // × 5 = ± 322.18 → [438.76, 1,083.12], below 1,521.88: behind.
        assert_eq!(l["errors"]["realised"], "760.94");
        assert_eq!(l["errors"]["promised"], "1521.88");
        assert_eq!(l["errors"]["gap"], "-760.94");
        near(&l["errors"]["ci95"][0], 438.76);
        near(&l["errors"]["ci95"][1], 1083.12);
        assert_eq!(l["errors"]["verdict"], "behind");
        // Downtime: unchanged, 0.00 against 15,218.75. Noise of both sides: √(30 + 30) /
        // 0.985626 = 7.858928 h × 1.959964 × 1,000 = ± 15,403.22: the promise lies within. One
        // month of 30 outages against a baseline of 30 cannot tell "nothing" from the promise:
        // on track, which the baseline's noise makes honest (without it this read "behind").
        assert_eq!(l["downtime"]["realised"], "0.00");
        assert_eq!(l["downtime"]["gap"], "-15218.75");
        near(&l["downtime"]["ci95"][1], 15403.22);
        assert_eq!(l["downtime"]["verdict"], "on_track");
        // The total: 3,804.69 against 19,784.38 gross; the plan risk-adjusted 15,827.50.
        assert_eq!(m["total"]["realised"], "3804.69");
        assert_eq!(m["total"]["promised"], "19784.38");
        assert_eq!(m["total"]["verdict"], "behind");
        assert_eq!(m["promised_risk_adjusted"], "15827.50");
    }
    // Cumulative net cash flow: −10,000 + m × (3,804.69 − 500) realised; the plan
    // −10,000 + m × (15,827.50 − 500).
    // The gross plan, like for like with the realised: −10,000 + m × (19,784.38 − 500).
    for (m, realised, promised, gross) in [
        (0, "-6695.31", "5327.50", "9284.38"),
        (1, "-3390.62", "20655.00", "28568.76"),
        (2, "-85.93", "35982.50", "47853.14"),
    ] {
        assert_eq!(months[m]["cumulative"]["realised"], realised);
        assert_eq!(months[m]["cumulative"]["promised"], promised);
        assert_eq!(months[m]["cumulative"]["promised_gross"], gross);
    }
    // At 3,804.69 − 500 = 3,304.69 a month, 10,000 pays back in 3.026 → month 3.0.
    assert_eq!(t["payback_months_reestimated"], 3.0);
    assert_eq!(t["verdict"], "behind");
    // The folder and the screen.
    assert!(f.exists("tracked/track.json") && f.exists("tracked/track.md"));
    // The Tracking sheet: its formulas (gaps, the running cumulative) give roi's figures.
    let formulas = formulas_give_roi_s_figures(&f.path("tracked/track.xlsx"));
    assert!(formulas >= 15, "{formulas} formulas");
    let html = std::fs::read_to_string(f.path("tracked/track.html")).unwrap();
    assert_eq!(html.matches("<img alt=").count(), 2);
    for chart in ["tracked/track_cash_flow.png", "tracked/track_levers.png"] {
        let png = std::fs::read(f.path(chart)).unwrap();
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "{chart}");
    }
    let text = f.roi(&[
        "track",
        "out/summary.json",
        "actuals.csv",
        "--out",
        "tracked",
    ]);
    assert!(
        text.stdout
            // 456.5625 − 608.75 = −152.19 a month realised, 304.375 − 608.75 = −304.38 promised.
            .contains(
                "Errors: 152 fewer a month against 304 fewer promised (761 EUR a month): behind"
            ),
        "{}",
        text.stdout
    );
    assert!(
        text.stdout
            .contains("At the rate realised so far the case pays back in month 3.0 instead of"),
        "{}",
        text.stdout
    );
    assert!(
        flat(&text.stdout).contains(
            "Cumulative net cash flow: -86 EUR realised against 35,983 EUR promised, \
             risk-adjusted (47,853 EUR before the risk adjustment, like for like with the realised)."
        ),
        "{}",
        text.stdout
    );
    let pl = f.roi(&[
        "track",
        "out/summary.json",
        "actuals.csv",
        "--out",
        "tracked",
        "--lang",
        "pl",
    ]);
    assert!(pl.stdout.contains("poniżej planu"), "{}", pl.stdout);
}

#[test]
fn the_samples_after_file_tracked_as_one_month_gives_the_case_s_levers() {
    let samples = concat!(env!("CARGO_MANIFEST_DIR"), "/samples");
    let f = Fixture::new();
    let j = f.compute_json(
        &format!("{samples}/today.csv"),
        &format!("{samples}/after.csv"),
        &["--config", &format!("{samples}/roi.toml"), "--no-charts"],
    );
    let run = f.roi(&[
        "track",
        "out/summary.json",
        &format!("{samples}/after.csv"),
        "--month",
        "2026-10",
        "--format",
        "json",
        "--out",
        "t",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let t = run.json();
    let m = &t["months"][0];
    // The same data measured twice: every realised gross lever is the case's, to the cent.
    for (lever, amount) in j["savings"]["monthly"].as_object().unwrap() {
        if lever == "total" {
            assert_eq!(&m["total"]["realised"], amount);
        } else {
            assert_eq!(&m["levers"][lever]["realised"], amount, "{lever}");
        }
    }
}

#[test]
fn an_edited_or_foreign_case_is_refused() {
    let (f, _) = case();
    f.write(
        "actuals.csv",
        &format!("{HEADER}{}", month("2027-03", [7.0, 9.0], 15, 1.0)),
    );
    let text = std::fs::read_to_string(f.path("out/summary.json")).unwrap();
    f.write(
        "edited.json",
        &text.replace("\"cycle_time\": \"3043.75\"", "\"cycle_time\": \"4043.75\""),
    );
    let run = f.roi(&["track", "edited.json", "actuals.csv", "--out", "t"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("it was edited after roi wrote it"),
        "{}",
        run.stderr
    );
    // Every field track reads is covered, not only the levers and the cash flows: the
    // planned payback, the currency (it reached the terminal and the workbook as typed) and
    // a promised change.
    let case: serde_json::Value = serde_json::from_str(&text).unwrap();
    let edits: [(&str, serde_json::Value); 4] = [
        ("/finance/payback_months", serde_json::json!(2.5)),
        ("/currency", serde_json::json!("USD")),
        ("/metrics/cycle_time/change/mean", serde_json::json!(-30.0)),
        ("/segmented_by", serde_json::json!("process")),
    ];
    for (pointer, value) in edits {
        let mut edited = case.clone();
        match edited.pointer_mut(pointer) {
            Some(v) => *v = value,
            None => {
                let (parent, key) = pointer.rsplit_once('/').unwrap();
                edited
                    .pointer_mut(if parent.is_empty() { "" } else { parent })
                    .unwrap()
                    .as_object_mut()
                    .unwrap()
                    .insert(key.to_string(), value);
            }
        }
        f.write(
            "edited.json",
            &serde_json::to_string_pretty(&edited).unwrap(),
        );
        let run = f.roi(&["track", "edited.json", "actuals.csv", "--out", "t"]);
        assert_eq!(run.code, 1, "{pointer}");
        assert!(
            run.stderr.contains("it was edited after roi wrote it"),
            "{pointer}: {}",
            run.stderr
        );
    }
    // The case as written, re-indented by another tool, is still the same case.
    f.write("reformatted.json", &serde_json::to_string(&case).unwrap());
    let run = f.roi(&["track", "reformatted.json", "actuals.csv", "--out", "t"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    std::fs::remove_dir_all(f.path("t")).unwrap();
    f.write(
        "foreign.json",
        &text.replace("\"format\": 2", "\"format\": 99"),
    );
    let run = f.roi(&["track", "foreign.json", "actuals.csv", "--out", "t"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("a case of format 99"), "{}", run.stderr);
    assert!(!f.exists("t"));
}

#[test]
fn a_thin_month_and_a_changed_volume_are_said() {
    let (f, _) = case();
    // Ten days of data in June, a case a day: 10 cases, and 10 / (10 / 30.4375) = 30.4375
    // a month, the baseline's volume; July: 30 days, two cases a day: 60.875 a month (+100%).
    let mut actuals = String::from(HEADER);
    for d in 1..=10 {
        actuals.push_str(&format!("cycle_time,8,h,2027-06-{d:02}\n"));
    }
    for d in 1..=30 {
        actuals.push_str(&format!(
            "cycle_time,8,h,2027-07-{d:02}\ncycle_time,8,h,2027-07-{d:02}\n"
        ));
    }
    f.write("actuals.csv", &actuals);
    let run = f.roi(&[
        "track",
        "out/summary.json",
        "actuals.csv",
        "--format",
        "json",
        "--out",
        "t",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let t = run.json();
    let june = &t["months"][0];
    assert_eq!(june["few_cases"], true);
    assert!(
        june["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w["kind"] == "few_cases")
    );
    let july = &t["months"][1];
    assert!(
        july["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w["kind"] == "volume_changed"),
        "{july}"
    );
    let text = f.roi(&["track", "out/summary.json", "actuals.csv", "--out", "t"]);
    assert!(
        text.stdout
            .contains("only 10 cases: too few to judge this month"),
        "{}",
        text.stdout
    );
    assert!(text.stdout.contains("warning: "), "{}", text.stdout);
}

#[test]
fn verdicts_speak_in_the_metric_s_units() {
    let (f, _) = case();
    let mut actuals = String::from(HEADER);
    actuals.push_str(&month("2027-03", [7.0, 9.0], 15, 1.0));
    f.write("actuals.csv", &actuals);
    let run = f.roi(&["track", "out/summary.json", "actuals.csv", "--out", "t"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // Cycle time: 10 → 8 h, as promised; downtime unchanged after one month, within the noise
    // of a month against a baseline of 30 outages (see the first test).
    assert!(
        run.stdout.contains("Cycle time: 2.00 h faster a case against 2.00 h faster promised (3,044 EUR a month): on track"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains(
            "Downtime: no change yet after 1 month, 15,219 EUR a month promised: on track"
        ),
        "{}",
        run.stdout
    );
}

#[test]
fn config_maps_the_actuals_columns() {
    let (f, _) = case();
    // A wide export with its own column names, mapped by a roi.toml of its own.
    let mut actuals = String::from("Closed at,Resolution time,Rework count\n");
    for d in 1..=30 {
        actuals.push_str(&format!(
            "2027-03-{d:02},{},0\n",
            if d % 2 == 0 { 7 } else { 9 }
        ));
    }
    f.write("export.csv", &actuals);
    f.write(
        "columns.toml",
        "[columns]\ncycle_time = { column = \"Resolution time\", unit = \"h\" }\nerrors = \"Rework count\"\ndate = \"Closed at\"\n",
    );
    let run = f.roi(&[
        "track",
        "out/summary.json",
        "export.csv",
        "--config",
        "columns.toml",
        "--format",
        "json",
        "--out",
        "t",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let t = run.json();
    // Cycle time 8 h as promised: 3,043.75 a month, with the case's own rates.
    assert_eq!(
        t["months"][0]["levers"]["cycle_time"]["realised"],
        "3043.75"
    );
}

#[test]
fn stated_lines_count_as_stated_on_both_sides() {
    let f = Fixture::new();
    // The case of the first test, with a second phase of 3,000 in month 2 and licences of
    // 100 a month retired from month 1.
    f.write(
        "roi.toml",
        &format!(
            "{CONFIG}[[stated]]\nname = \"phase 2\"\none_time = -3000\nmonth = 2\nsource = \"quote\"\n\
             [[stated]]\nname = \"licences\"\nmonthly = 100\nsource = \"IT\"\n"
        ),
    );
    f.write(
        "today.csv",
        &format!("{HEADER}{}", month("2026-09", [9.0, 11.0], 20, 1.0)),
    );
    f.write(
        "after.csv",
        &format!("{HEADER}{}", month("2026-10", [7.0, 9.0], 10, 0.5)),
    );
    let run = f.roi(&[
        "compute",
        "today.csv",
        "after.csv",
        "--config",
        "roi.toml",
        "--no-charts",
        "--out",
        "out",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mut actuals = String::from(HEADER);
    for ym in ["2027-03", "2027-04", "2027-05"] {
        actuals.push_str(&month(ym, [7.0, 9.0], 15, 1.0));
    }
    f.write("actuals.csv", &actuals);
    let run = f.roi(&[
        "track",
        "out/summary.json",
        "actuals.csv",
        "--format",
        "json",
        "--out",
        "tracked",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let t = run.json();
    let months = t["months"].as_array().unwrap();
    // Realised 3,804.69 a month less 500, plus 100 of licences; month 2 less 3,000:
    // −10,000 + 3,404.69 = −6,595.31; − 3,000 + 3,404.69 = −6,190.62; + 3,404.69 =
    // −2,785.93. Promised (the case's headline flows): 15,827.50 − 500 + 100 = 15,427.50 a
    // month: 5,427.50; 17,855.00; 33,282.50.
    for (m, stated, realised, promised) in [
        (0, "100.00", "-6595.31", "5427.50"),
        (1, "-2900.00", "-6190.62", "17855.00"),
        (2, "100.00", "-2785.93", "33282.50"),
    ] {
        assert_eq!(months[m]["stated"], stated);
        assert_eq!(months[m]["cumulative"]["realised"], realised);
        assert_eq!(months[m]["cumulative"]["promised"], promised);
    }
    // Onwards at 3,404.69 a month: −2,785.93 turns positive in month 4, at 3 + 2,785.93 ÷
    // 3,404.69 = 3.82 → 3.8.
    assert_eq!(t["payback_months_reestimated"], 3.8);
    // The Tracking sheet's running formula carries the stated lines too.
    formulas_give_roi_s_figures(&f.path("tracked/track.xlsx"));
}

#[test]
fn one_outage_in_a_month_is_too_early_to_judge() {
    let (f, _) = case();
    // March: cycle time and errors as in the first test, and a single outage of 0.9 h.
    let mut actuals = String::from(HEADER);
    for line in month("2027-03", [7.0, 9.0], 15, 1.0).lines() {
        if !line.starts_with("downtime") {
            actuals.push_str(line);
            actuals.push('\n');
        }
    }
    actuals.push_str("downtime,0.9,h,2027-03-10\n");
    f.write("actuals.csv", &actuals);
    let run = f.roi(&[
        "track",
        "out/summary.json",
        "actuals.csv",
        "--format",
        "json",
        "--out",
        "tracked",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let t = run.json();
    let l = &t["months"][0]["levers"];
    // One event is no evidence either way: fewer than 10 on the month's side.
    assert_eq!(l["downtime"]["verdict"], "too_early");
    // The others keep theirs (cycle time on track, errors behind, as in the first test).
    assert_eq!(l["cycle_time"]["verdict"], "on_track");
    assert_eq!(l["errors"]["verdict"], "behind");
}

#[test]
fn tracking_into_the_case_s_own_folder_is_refused_and_deletes_nothing() {
    let (f, _) = case();
    f.write(
        "actuals.csv",
        &format!("{HEADER}{}", month("2027-03", [7.0, 9.0], 15, 1.0)),
    );
    let before = std::fs::read(f.path("out/summary.json")).unwrap();
    let run = f.roi(&["track", "out/summary.json", "actuals.csv", "--out", "out"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stderr.contains("would delete the case"),
        "{}",
        run.stderr
    );
    assert_eq!(std::fs::read(f.path("out/summary.json")).unwrap(), before);
    assert!(f.exists("out/report.html"));
}

#[test]
fn a_missing_month_is_said_and_the_plan_months_follow_the_calendar() {
    let (f, case) = case_with(&CONFIG.replace("ramp_up_months = 0", "ramp_up_months = 6"));
    // October, then nothing until March: March is month 6 of the plan, not month 2.
    f.write(
        "actuals.csv",
        &format!(
            "{HEADER}{}{}",
            month("2026-10", [7.0, 9.0], 10, 0.5),
            month("2027-03", [7.0, 9.0], 10, 0.5)
        ),
    );
    let run = f.roi(&[
        "track",
        "out/summary.json",
        "actuals.csv",
        "--format",
        "json",
        "--out",
        "t",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let t: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let months = t["months"].as_array().unwrap();
    assert_eq!(months[0]["plan_month"], 1);
    assert_eq!(months[1]["plan_month"], 6);
    let w = &months[1]["warnings"][0];
    assert_eq!(w["kind"], "months_missing");
    assert_eq!(
        w["months"],
        serde_json::json!(["2026-11", "2026-12", "2027-01", "2027-02"])
    );
    // Ramp-up over 6 months: October is promised 1/6 of the lever, March all of it.
    let money = |v: &serde_json::Value| -> f64 { v.as_str().unwrap().parse().unwrap() };
    let promised = |m: &serde_json::Value| money(&m["total"]["promised"]);
    assert!(
        (promised(&months[1]) - 6.0 * promised(&months[0])).abs() < 0.05,
        "{} vs {}",
        promised(&months[1]),
        promised(&months[0])
    );
    // The promised cumulative is like for like: month 0 and the plan months tracked (1, 6).
    let flows: Vec<f64> = case["finance"]["cash_flows"]
        .as_array()
        .unwrap()
        .iter()
        .map(money)
        .collect();
    assert!(
        (money(&months[1]["cumulative"]["promised"]) - (flows[0] + flows[1] + flows[6])).abs()
            < 0.005
    );
    // The screen says it, in Polish too.
    let run = f.roi(&[
        "track",
        "out/summary.json",
        "actuals.csv",
        "--lang",
        "pl",
        "--out",
        "t",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        format!("{}{}", run.stdout, run.stderr)
            .contains("brak danych za 2026-11, 2026-12, 2027-01, 2027-02"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_resealed_case_with_levers_beyond_reach_is_refused_not_a_panic() {
    let (f, _) = case();
    f.write(
        "actuals.csv",
        &format!("{HEADER}{}", month("2026-11", [7.0, 9.0], 10, 0.5)),
    );
    let text = std::fs::read_to_string(f.path("out/summary.json")).unwrap();
    let case: serde_json::Value = serde_json::from_str(&text).unwrap();
    // Sealed again after the edit, as a tool that knew the checksum could: the figures are
    // still checked, the largest Decimal no longer overflows the month's sums.
    for (pointer, value) in [
        (
            "/savings/monthly/cycle_time",
            "79228162514264337593543950335",
        ),
        ("/finance/cash_flows/3", "-79228162514264337593543950335"),
    ] {
        let mut edited = case.clone();
        *edited.pointer_mut(pointer).unwrap() = serde_json::json!(value);
        roi::report::seal::fill_checksum(&mut edited);
        f.write(
            "resealed.json",
            &serde_json::to_string_pretty(&edited).unwrap(),
        );
        let run = f.roi(&["track", "resealed.json", "actuals.csv", "--out", "t"]);
        assert_eq!(run.code, 1, "{pointer}: {}", run.stderr);
        assert!(
            run.stderr.contains("more money than roi computes with"),
            "{}",
            run.stderr
        );
        assert!(!f.exists("t"));
    }
}
