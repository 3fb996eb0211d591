//! A control site (PRODUCT §3 "Evidence of cause"): each change is the difference in
//! differences, its interval from the four sides' standard errors. Every expected figure is
//! worked out by hand in the comments.

use crate::common::{Fixture, approx};

/// z of a two-sided 95% interval.
const Z: f64 = 1.959_963_984_540_054;

/// One side over 30 days of `month` (2026-09 today, 2026-10 after): 20 cycle times
/// alternating `ct` (10 of each), and `errors` error rows of 1 spread over the 30 days.
pub(crate) fn side(month: u32, ct: [f64; 2], errors: usize) -> String {
    let mut s = String::from("date,metric,value,unit\n");
    for k in 0..20 {
        s.push_str(&format!(
            "2026-{month:02}-{:02},cycle_time,{},h\n",
            1 + k,
            ct[k % 2]
        ));
    }
    for k in 0..errors {
        s.push_str(&format!("2026-{month:02}-{:02},errors,1,\n", 1 + k % 30));
    }
    s
}

/// Volume 100 cases a month, staff time at 50 EUR/h and half of it hands-on, 20 EUR an
/// error, 10 EUR a cycle time over 9 h; no discounting, ramp-up or risk share, 12 months,
/// 50,000 EUR invested: the headline is the sum of the months.
pub(crate) const CONFIG: &str = r#"currency = "EUR"
horizon_months = 12
discount_rate = 0
risk_adjustment = 0
[volume]
cases_per_month = 100
[rates]
hourly_cost = 50
labor_share = 0.5
cost_per_error = 20
cost_per_cycle_breach = 10
[sla]
cycle_time = "9h"
[investment]
one_time = 50000
ramp_up_months = 0
"#;

/// The treated site: cycle time 8/12 h (mean 10) → 5/9 h (mean 7), −30%; errors 400 → 280,
/// −30%. The control given: `control_after` cycle times and errors.
pub(crate) fn fixture(control_after: ([f64; 2], usize), config: &str) -> Fixture {
    let f = Fixture::new();
    f.write("today.csv", &side(9, [8.0, 12.0], 400));
    f.write("after.csv", &side(10, [5.0, 9.0], 280));
    f.write("control_today.csv", &side(9, [8.0, 12.0], 400));
    f.write(
        "control_after.csv",
        &side(10, control_after.0, control_after.1),
    );
    f.write("roi.toml", config);
    f
}

/// roi.toml and the fixture's control files.
const WITH_CONTROL: [&str; 5] = [
    "--config",
    "roi.toml",
    "--control",
    "control_today.csv",
    "control_after.csv",
];

fn money(v: &serde_json::Value) -> String {
    v.as_str()
        .unwrap_or_else(|| panic!("not money: {v}"))
        .to_string()
}

#[test]
fn the_case_counts_the_difference_in_differences_with_the_four_standard_errors() {
    // The control site moved 10% (cycle time 7/11 h, mean 9; errors 360), the treated 30%.
    let f = fixture(([7.0, 11.0], 360), CONFIG);
    let j = f.compute_json("today.csv", "after.csv", &WITH_CONTROL);
    assert_eq!(j["design"], "control");
    assert_eq!(j["inputs"]["control"]["today"]["file"], "control_today.csv");
    // 20 cases a side at the control too: said of the control, not of this site.
    let few: Vec<&serde_json::Value> = j["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|w| w["kind"] == "few_cases")
        .collect();
    assert_eq!(few.len(), 4, "{few:?}");
    assert_eq!(few.iter().filter(|w| w["control"] == true).count(), 2);

    // Cycle time: (7 − 10) − (9 − 10) = −2 h, −20% of today's 10 h. Each side's s² =
    // 10 × 2² × 2 / 19 = 80/19 over n = 20: se² = 4/19 a side, 16/19 for four;
    // se = 0.917663, half-width 1.959964 × 0.917663 = 1.798586.
    let ct = &j["metrics"]["cycle_time"];
    approx(&ct["change"]["mean"], -2.0);
    approx(&ct["change"]["mean_pct"], -0.2);
    let half = Z * (16.0f64 / 19.0).sqrt();
    approx(&ct["change"]["ci95"][0], -2.0 - half);
    approx(&ct["change"]["ci95"][1], -2.0 + half);
    assert_eq!(ct["change"]["significant"], true);
    // The control's own figures beside it: 10 h → 9 h, −1 h, −10%.
    approx(&ct["control"]["today"]["mean"], 10.0);
    approx(&ct["control"]["after"]["mean"], 9.0);
    approx(&ct["control"]["change"]["mean"], -1.0);
    approx(&ct["control"]["change"]["mean_pct"], -0.1);

    // Errors a month over 30 days (0.985626 months): 405.833 → 284.083 here, 405.833 →
    // 365.25 at the control: (284.083 − 405.833) − (365.25 − 405.833) = −80/0.985626 =
    // −81.1667, −20%. Compound Poisson (rows of 1): se² = (400 + 280 + 400 + 360) / m²,
    // se = 37.9473 / 0.985626 = 38.5007, half-width 75.4600.
    let m = 30.0 / 30.4375;
    let er = &j["metrics"]["errors"];
    approx(&er["change"]["mean"], -80.0 / m);
    approx(&er["change"]["mean_pct"], -0.2);
    let half = Z * 1440f64.sqrt() / m;
    approx(&er["change"]["ci95"][0], -80.0 / m - half);
    approx(&er["change"]["ci95"][1], -80.0 / m + half);
    assert_eq!(er["change"]["significant"], true);
    approx(&er["control"]["change"]["mean_pct"], -0.1);

    // The levers, in Decimal from 6-place terms:
    // cycle time 2 h × 100 cases × 0.5 × 50 EUR/h = 5,000.00; its range 2 ∓ 1.798586 h
    // → 0.201414 × 2,500 = 503.535 → 503.54 and 3.798586 × 2,500 = 9,496.465 → 9,496.47;
    // errors ((405.833333 − 284.083333) − (405.833333 − 365.25)) × 20 = 81.166667 × 20
    // = 1,623.33; cycle SLA: breach shares 0.5 → 0 here (5 and 9 h are within 9 h), 0.5 →
    // 0.5 at the control: (0.5 − 0) − (0.5 − 0.5) = 0.5 × 100 cases × 10 EUR = 500.00,
    // interval 0.5 ± 1.959964 × √(3 × 0.25/20) = 0.5 ± 0.379545: proven.
    let monthly = &j["savings"]["monthly"];
    assert_eq!(money(&monthly["cycle_time"]), "5000.00");
    assert_eq!(money(&monthly["errors"]), "1623.33");
    assert_eq!(money(&monthly["cycle_sla"]), "500.00");
    assert_eq!(money(&monthly["total"]), "7123.33");
    let lever = |name: &str| {
        j["savings"]["levers"]
            .as_array()
            .unwrap()
            .iter()
            .find(|l| l["name"] == name)
            .unwrap_or_else(|| panic!("no lever {name}"))
            .clone()
    };
    let cycle = lever("cycle_time");
    assert_eq!(money(&cycle["low"]), "503.54");
    assert_eq!(money(&cycle["high"]), "9496.47");
    for name in ["cycle_time", "errors", "cycle_sla"] {
        assert_eq!(lever(name)["significant"], true, "{name}");
        assert_eq!(j["levers"][name]["more_data"], "proven", "{name}");
    }
    // The formula carries the control's terms, named apart from this site's.
    assert_eq!(
        cycle["formula"]["control"]["today"]["metric"], "cycle_time",
        "{cycle}"
    );
    assert_eq!(cycle["formula"]["control"]["today"]["of"], "control");

    // The headline: every lever proven, no risk share, no discounting, no ramp-up:
    // 12 × 7,123.33 = 85,479.96 a year; NPV = 85,479.96 − 50,000 = 35,479.96.
    let h = &j["headline"];
    assert_eq!(h["basis"], "proven");
    assert_eq!(money(&h["annual"]), "85479.96");
    assert_eq!(money(&h["npv"]), "35479.96");
}

#[test]
fn a_control_that_moved_as_much_leaves_no_measurable_effect_and_no_savings() {
    // The control got as fast as the treated site (5/9 h, 280 errors): every difference in
    // differences is 0.
    let f = fixture(([5.0, 9.0], 280), CONFIG);
    let j = f.compute_json("today.csv", "after.csv", &WITH_CONTROL);
    for metric in ["cycle_time", "errors"] {
        let c = &j["metrics"][metric]["change"];
        approx(&c["mean"], 0.0);
        assert_eq!(c["significant"], false, "{metric}");
    }
    for name in ["cycle_time", "errors", "cycle_sla"] {
        assert_eq!(money(&j["savings"]["monthly"][name]), "0.00", "{name}");
        assert_eq!(j["levers"][name]["significant"], false, "{name}");
    }
    assert_eq!(money(&j["headline"]["annual"]), "0.00");
    assert_eq!(money(&j["savings"]["annual_risk_adjusted"]), "0.00");
    // On screen: the design, and the control's own change beside this site's.
    let mut args = vec!["compute", "today.csv", "after.csv", "--out", "out"];
    args.extend(WITH_CONTROL);
    let run = f.roi(&args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = crate::common::flat(&run.stdout);
    assert!(text.contains("held against a control site"), "{text}");
    assert!(
        text.contains("cycle time -30% here and -30% at the control site: no measurable effect"),
        "{text}"
    );
}

#[test]
fn the_control_from_roi_toml_is_read_beside_roi_toml() {
    let config = format!(
        "{CONFIG}[control]\ntoday = \"control_today.csv\"\nafter = \"control_after.csv\"\n"
    );
    let f = fixture(([7.0, 11.0], 360), &config);
    std::fs::create_dir(f.path("elsewhere")).unwrap();
    let run = f.roi(&[
        "compute",
        "today.csv",
        "after.csv",
        "--config",
        "roi.toml",
        "--format",
        "json",
        "--out",
        "out",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let j = run.json();
    assert_eq!(j["design"], "control");
    approx(&j["metrics"]["cycle_time"]["change"]["mean"], -2.0);
}

#[test]
fn a_control_without_a_metric_the_case_uses_is_an_error_and_writes_nothing() {
    let f = fixture(([7.0, 11.0], 360), CONFIG);
    // The control's after-file has no errors rows.
    f.write("control_after.csv", &side(10, [7.0, 11.0], 0));
    let mut args = vec!["compute", "today.csv", "after.csv", "--out", "out"];
    args.extend(WITH_CONTROL);
    let run = f.roi(&args);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stderr.contains("control_after.csv")
            && run.stderr.contains("do not measure errors on both sides"),
        "{}",
        run.stderr
    );
    assert!(!f.exists("out"));
    // A [control] without its after-file is located in roi.toml.
    let f = fixture(
        ([7.0, 11.0], 360),
        &format!("{CONFIG}[control]\ntoday = \"x.csv\"\n"),
    );
    let run = f.roi(&["compute", "today.csv", "after.csv", "--config", "roi.toml"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("roi.toml:"), "{}", run.stderr);
    assert!(
        run.stderr.contains("[control] has no after"),
        "{}",
        run.stderr
    );
}

/// One side with a process column: per process 20 cycle times alternating its two values,
/// on days 1..20 of `month`.
fn by_process(month: u32, processes: &[(&str, [f64; 2])]) -> String {
    let mut s = String::from("date,metric,value,unit,process\n");
    for (p, v) in processes {
        for k in 0..20 {
            s.push_str(&format!(
                "2026-{month:02}-{:02},cycle_time,{},h,{p}\n",
                1 + k,
                v[k % 2]
            ));
        }
    }
    s
}

#[test]
fn with_by_each_segment_is_held_against_the_control_s_same_segment() {
    let f = Fixture::new();
    f.write(
        "today.csv",
        &by_process(9, &[("picking", [8.0, 12.0]), ("custom", [18.0, 22.0])]),
    );
    f.write(
        "after.csv",
        &by_process(10, &[("picking", [5.0, 9.0]), ("custom", [14.0, 18.0])]),
    );
    f.write(
        "ct.csv",
        &by_process(9, &[("picking", [8.0, 12.0]), ("custom", [18.0, 22.0])]),
    );
    f.write(
        "ca.csv",
        &by_process(10, &[("picking", [7.0, 11.0]), ("custom", [18.0, 22.0])]),
    );
    f.write("roi.toml", "[rates]\nhourly_cost = 50\nlabor_share = 0.5\n");
    let j = f.compute_json(
        "today.csv",
        "after.csv",
        &[
            "--config",
            "roi.toml",
            "--by",
            "process",
            "--control",
            "ct.csv",
            "ca.csv",
        ],
    );
    // picking: (7 − 10) − (9 − 10) = −2 h; custom: (16 − 20) − (20 − 20) = −4 h.
    let seg = &j["segments"];
    approx(
        &seg["picking"]["metrics"]["cycle_time"]["change"]["mean"],
        -2.0,
    );
    approx(
        &seg["custom"]["metrics"]["cycle_time"]["change"]["mean"],
        -4.0,
    );
    approx(
        &seg["picking"]["metrics"]["cycle_time"]["control"]["change"]["mean"],
        -1.0,
    );
    assert_eq!(seg["custom"]["design"], "control");
    // A segment's percentiles, its control's too (picking: 8 h and 12 h today, 5 h and 9 h
    // after; its control 8 h and 12 h, then 7 h and 11 h, ten cases each).
    let ct = &seg["picking"]["metrics"]["cycle_time"];
    for (side, median, min, max) in [
        (&ct["today"], 10.0, 8.0, 12.0),
        (&ct["after"], 7.0, 5.0, 9.0),
        (&ct["control"]["today"], 10.0, 8.0, 12.0),
        (&ct["control"]["after"], 9.0, 7.0, 11.0),
    ] {
        approx(&side["median"], median);
        approx(&side["p90"], max);
        approx(&side["min"], min);
        approx(&side["max"], max);
        // A segment's weeks are drawn in no chart: its figures carry none, its control's
        // neither.
        assert!(
            side["weekly"].as_array().is_none_or(Vec::is_empty),
            "{}",
            side["weekly"]
        );
    }
    // A control without one of the segments is an error naming it.
    f.write("ca.csv", &by_process(10, &[("picking", [7.0, 11.0])]));
    let run = f.roi(&[
        "compute",
        "today.csv",
        "after.csv",
        "--config",
        "roi.toml",
        "--by",
        "process",
        "--control",
        "ct.csv",
        "ca.csv",
        "--out",
        "out2",
    ]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stderr.contains("ca.csv") && run.stderr.contains("process = custom"),
        "{}",
        run.stderr
    );
    assert!(!f.exists("out2"));
}
