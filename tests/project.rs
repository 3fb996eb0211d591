//! `roi project` (PRODUCT §9): the after-side is today's moved by `[targets]`, no lever is
//! proven, and the pilot plan says how long a pilot must run. Every expected figure is worked
//! out by hand in the comments (K = 1.959964 + 0.841621 = 2.801585; 30 days = 0.985626
//! months).

use crate::common::{Fixture, approx};

/// September 2026 (30 days): 20 cycle times alternating 8/12 h (mean 10, s² = 80/19),
/// 400 errors (rows of 1), 300 downtime events of 0.01 h (3 h, Σx² = 0.03).
fn today() -> String {
    let mut s = String::from("date,metric,value,unit\n");
    for k in 0..20 {
        let v = if k % 2 == 0 { 8.0 } else { 12.0 };
        s.push_str(&format!("2026-09-{:02},cycle_time,{v},h\n", 1 + k));
    }
    for k in 0..400 {
        s.push_str(&format!("2026-09-{:02},errors,1,\n", 1 + k % 30));
    }
    for k in 0..300 {
        s.push_str(&format!("2026-09-{:02},downtime,0.01,h\n", 1 + k % 30));
    }
    s
}

const CONFIG: &str = r#"currency = "EUR"
horizon_months = 12
discount_rate = 0
risk_adjustment = 0
[volume]
cases_per_month = 100
[rates]
hourly_cost = 50
labor_share = 0.5
cost_per_error = 20
downtime_cost_per_hour = 1000
[investment]
one_time = 50000
ramp_up_months = 0
"#;

fn fixture(targets: &str) -> Fixture {
    let f = Fixture::new();
    f.write("today.csv", &today());
    f.write("roi.toml", &format!("{CONFIG}[targets]\n{targets}"));
    f
}

fn project_json(f: &Fixture) -> serde_json::Value {
    let run = f.roi(&[
        "project",
        "today.csv",
        "--config",
        "roi.toml",
        "--format",
        "json",
        "--out",
        "out",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    run.json()
}

fn money(v: &serde_json::Value) -> String {
    v.as_str()
        .unwrap_or_else(|| panic!("not money: {v}"))
        .to_string()
}

#[test]
fn the_targets_move_today_and_the_pilot_plan_is_the_formula_of_section_9() {
    let f = fixture("cycle_time = \"-20%\"\nerrors = \"-30%\"\ndowntime = \"-16.5%\"\n");
    let j = project_json(&f);
    assert_eq!(j["projected"], true);
    assert_eq!(j["design"], "projected");
    // The after-side: cycle time 10 → 8 h (its spread × 0.8); errors 405.8333 → 284.0833 a
    // month; downtime 3.04375 → 2.541531 h a month (JSON in downtime's unit, minutes).
    let m = 30.0 / 30.4375;
    approx(&j["metrics"]["cycle_time"]["after"]["mean"], 8.0);
    approx(&j["metrics"]["cycle_time"]["change"]["mean_pct"], -0.2);
    approx(&j["metrics"]["errors"]["after"]["per_month"], 280.0 / m);
    approx(
        &j["metrics"]["downtime"]["after"]["per_month"],
        3.0 * 0.835 / m * 60.0,
    );
    // The levers: (10 − 8) h × 100 × 0.5 × 50 = 5,000.00; (405.833333 − 284.083333) × 20 =
    // 2,435.00; (3.04375 − 2.541531) h × 1,000 = 502.219 → 502.22. None proven, no range.
    let monthly = &j["savings"]["monthly"];
    assert_eq!(money(&monthly["cycle_time"]), "5000.00");
    assert_eq!(money(&monthly["errors"]), "2435.00");
    assert_eq!(money(&monthly["downtime"]), "502.22");
    for l in j["savings"]["levers"].as_array().unwrap() {
        assert_eq!(l["significant"], false, "{l}");
        assert_eq!(l["low"], l["monthly"], "{l}");
        assert_eq!(l["high"], l["monthly"], "{l}");
        assert_eq!(
            j["levers"][l["name"].as_str().unwrap()]["more_data"],
            "projected"
        );
    }
    // The headline counts every lever, projected: 12 × 7,937.22 = 95,246.64; NPV 45,246.64.
    assert_eq!(j["headline"]["basis"], "all");
    assert_eq!(money(&j["headline"]["annual"]), "95246.64");
    assert_eq!(money(&j["headline"]["npv"]), "45246.64");

    let plan = &j["pilot_plan"];
    // Cycle time: se_t² = (80/19)/20 = 0.210526; σ_p² = 0.64 × 80/19 = 2.694737;
    // (2/K)² = 0.509637; n = 2.694737 / (0.509637 − 0.210526) = 9.009 → 10 cases; today's
    // 20 cases in 30 days are 4.667 a week: 10 / 4.667 = 2.14 → 3 weeks.
    assert_eq!(plan["cycle_time"]["cases"], 10);
    assert_eq!(plan["cycle_time"]["weeks"], 3);
    // Errors: se_t² = 400/m² = 411.74; Δ = −121.75, (Δ/K)² = 1,888.6; one month's variance at
    // the projected level v_p = 400 × 0.7 / m = 284.08; T = 284.08 / 1,476.9 = 0.1924
    // months = 0.84 weeks → 1 week, 4.667 cases a week → 5.
    assert_eq!(plan["errors"]["weeks"], 1);
    assert_eq!(plan["errors"]["cases"], 5);
    // Downtime −16.5%: se_t² = 0.03/m² = 0.030881; Δ = 0.502219, (Δ/K)² = 0.032135; need =
    // 0.001254; v_p = 0.03 × 0.835 / m = 0.025415; T = 20.3 months = 88 weeks: not within
    // a year.
    assert_eq!(plan["downtime"]["weeks"], serde_json::Value::Null);
    assert_eq!(plan["downtime"]["reason"], "not_within_a_year");
}

#[test]
fn a_target_within_today_s_noise_cannot_be_proven_by_any_pilot() {
    // Downtime −10%: (0.304375/K)² = 0.011804 ≤ se_t² = 0.030881.
    let f = fixture("downtime = \"-10%\"\n");
    let j = project_json(&f);
    assert_eq!(j["pilot_plan"]["downtime"]["reason"], "today_too_noisy");
    // Only the targeted metric is in the case.
    assert!(j["metrics"].get("cycle_time").is_none());
    // On screen, the plan in words, every figure marked projected.
    let run = f.roi(&[
        "project",
        "today.csv",
        "--config",
        "roi.toml",
        "--out",
        "out",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = crate::common::flat(&run.stdout);
    assert!(
        text.contains("Business case: projected from today's data"),
        "{text}"
    );
    assert!(text.contains("Annual savings, projected"), "{text}");
    assert!(
        text.contains("Downtime: no pilot can prove the 10% improvement"),
        "{text}"
    );
}

#[test]
fn a_plan_in_weeks_reads_as_the_product_says() {
    let f = fixture("cycle_time = \"-20%\"\n");
    let run = f.roi(&[
        "project",
        "today.csv",
        "--config",
        "roi.toml",
        "--out",
        "out",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = crate::common::flat(&run.stdout);
    assert!(
        text.contains(
            "Cycle time: run the pilot at least 3 weeks (about 10 cases) to prove the 20% improvement"
        ),
        "{text}"
    );
    // Absolute targets: −2 h a case is the same promise as −20% of 10 h.
    let g = fixture("cycle_time = \"-2h\"\n");
    let j = project_json(&g);
    assert_eq!(money(&j["savings"]["monthly"]["cycle_time"]), "5000.00");
    assert_eq!(j["pilot_plan"]["cycle_time"]["weeks"], 3);
}

#[test]
fn targets_roi_cannot_honour_are_errors() {
    for (targets, says) in [
        ("cycle_tme = \"-20%\"\n", "did you mean cycle_time"),
        (
            "cycle_time = \"-120%\"\n",
            "the target for cycle_time is -120%",
        ),
        ("cycle_time = \"-2\"\n", "the target for cycle_time is -2"),
        (
            "response_time = \"-20%\"\n",
            "which this file does not measure",
        ),
        (
            "cycle_time = \"-12h\"\n",
            "would take today's figure below zero",
        ),
    ] {
        let f = fixture(targets);
        let run = f.roi(&[
            "project",
            "today.csv",
            "--config",
            "roi.toml",
            "--out",
            "out",
        ]);
        assert_eq!(run.code, 1, "{targets}: {}", run.stdout);
        assert!(run.stderr.contains(says), "{targets}: {}", run.stderr);
        assert!(!f.exists("out"), "{targets}");
    }
    // Without [targets] there is nothing to project.
    let f = Fixture::new();
    f.write("today.csv", &today());
    f.write("roi.toml", CONFIG);
    let run = f.roi(&["project", "today.csv", "--config", "roi.toml"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("no [targets]"), "{}", run.stderr);
}

#[test]
fn the_pilot_is_set_against_the_projection() {
    let f = fixture("cycle_time = \"-20%\"\n");
    let run = f.roi(&[
        "project",
        "today.csv",
        "--config",
        "roi.toml",
        "--out",
        "case",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // The pilot: October, cycle times 5/9 h (mean 7): −30% measured against −20%.
    let mut pilot = String::from("date,metric,value,unit\n");
    for k in 0..40 {
        let v = if k % 2 == 0 { 5.0 } else { 9.0 };
        pilot.push_str(&format!("2026-10-{:02},cycle_time,{v},h\n", 1 + k % 30));
    }
    f.write("pilot.csv", &pilot);
    let args = [
        "compute",
        "today.csv",
        "pilot.csv",
        "--config",
        "roi.toml",
        "--projected",
        "case/summary.json",
        "--out",
        "out",
    ];
    let j = {
        let mut a = args.to_vec();
        a.extend(["--format", "json"]);
        let run = f.roi(&a);
        assert_eq!(run.code, 0, "{}", run.stderr);
        run.json()
    };
    let t = &j["levers"]["cycle_time"]["target"];
    approx(&t["projected_pct"], -0.2);
    approx(&t["measured_pct"], -0.3);
    assert_eq!(t["met"], true);
    let run = f.roi(&args);
    let text = crate::common::flat(&run.stdout);
    assert!(
        text.contains("cycle time -30% measured against -20% projected: target met, proven"),
        "{text}"
    );
    // A compute case is no projection; an edited projection is refused.
    let mut other = args.to_vec();
    other[6] = "out/summary.json";
    let run = f.roi(&other);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("not made by roi project"),
        "{}",
        run.stderr
    );
    let edited = std::fs::read_to_string(f.path("case/summary.json"))
        .unwrap()
        .replacen(
            "\"cycle_time\": \"5000.00\"",
            "\"cycle_time\": \"9000.00\"",
            1,
        );
    f.write("case/summary.json", &edited);
    let run = f.roi(&args);
    assert_eq!(run.code, 1, "{}", run.stdout);
}

#[test]
fn with_by_each_segment_is_moved_by_the_same_targets() {
    let samples = concat!(env!("CARGO_MANIFEST_DIR"), "/samples");
    let f = Fixture::new();
    let today = format!("{samples}/today.csv");
    let config = format!("{samples}/roi.toml");
    let run = f.roi(&[
        "project", &today, "--config", &config, "--by", "process", "--format", "json", "--out",
        "out",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let j = run.json();
    let segs = j["segments"].as_object().unwrap();
    // Only the processes that measure a targeted metric: orders (cycle time, errors) and the
    // scanners (downtime); the service desk measures response times, which have no target.
    let mut names: Vec<&String> = segs.keys().collect();
    names.sort();
    assert_eq!(names, ["order-to-cash", "warehouse-scanners"]);
    approx(
        &segs["order-to-cash"]["metrics"]["cycle_time"]["change"]["mean_pct"],
        -0.2,
    );
    assert_eq!(segs["order-to-cash"]["projected"], true);
}
