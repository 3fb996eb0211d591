//! How likely the case holds (PRODUCT §3 "How likely"): the closed form recomputed here from
//! the figures summary.json shows, a range in roi.toml drawn by the seeded simulation, the
//! line every output carries in both languages, and the noise of a control site's effect.

use crate::common::{Fixture, flat, sample_config};

/// z of a two-sided 95% interval; z of the 95th percentile.
const Z95: f64 = 1.959_963_984_540_054;
const Z90: f64 = 1.644_853_626_951_472_2;

fn samples() -> String {
    concat!(env!("CARGO_MANIFEST_DIR"), "/samples").to_string()
}

fn num(v: &serde_json::Value) -> f64 {
    match v {
        serde_json::Value::String(s) => s.parse().unwrap(),
        other => other
            .as_f64()
            .unwrap_or_else(|| panic!("not a number: {other}")),
    }
}

/// Φ, from the error function (a spreadsheet's NORM.S.DIST).
fn phi(x: f64) -> f64 {
    0.5 * libm::erfc(-x / std::f64::consts::SQRT_2)
}

/// `roi compute` on the samples with the fixture's roi.toml, and `extra` arguments.
fn on_samples(f: &Fixture, extra: &[&str]) -> crate::common::Run {
    let s = samples();
    let today = format!("{s}/today.csv");
    let after = format!("{s}/after.csv");
    let mut args = vec![
        "compute",
        today.as_str(),
        after.as_str(),
        "--config",
        "roi.toml",
    ];
    args.extend_from_slice(extra);
    f.roi(&args)
}

fn compute(f: &Fixture, config: &str, extra: &[&str]) -> serde_json::Value {
    f.write("roi.toml", config);
    let run = on_samples(f, &[&["--format", "json", "--out", "out"], extra].concat());
    assert_eq!(run.code, 0, "stderr:\n{}", run.stderr);
    run.json()
}

#[test]
fn the_samples_closed_form_is_the_normal_distribution_of_the_levers_sum() {
    let f = Fixture::new();
    let j = compute(&f, &sample_config(), &[]);
    let p = &j["probability"];
    assert_eq!(p["method"], "closed_form");
    assert_eq!(p["ranged"], serde_json::json!([]));
    // E[B]: the levers' gross sum (no risk adjustment); sd(B) = √Σ ((high − low)/2z)².
    let levers = j["savings"]["levers"].as_array().unwrap();
    let mean: f64 = levers.iter().map(|l| num(&l["monthly"])).sum();
    let sd = levers
        .iter()
        .map(|l| ((num(&l["high"]) - num(&l["low"])) / (2.0 * Z95)).powi(2))
        .sum::<f64>()
        .sqrt();
    assert!((num(&p["monthly_mean"]) - mean).abs() < 0.006, "{p}");
    assert!((num(&p["monthly_sd"]) - sd).abs() < 0.006, "{p}");
    // F and PV₀ from roi.toml's figures: 8% a year, ramp-up 3, 36 months, 85,000 up front
    // and 3,200 a month.
    let rm = 1.08f64.powf(1.0 / 12.0) - 1.0;
    let (mut factor, mut pv0, mut ramp12) = (0.0, -85_000.0, 0.0);
    for t in 1..=36 {
        let share = (f64::from(t) / 3.0).min(1.0);
        factor += share / (1.0 + rm).powi(t);
        pv0 -= 3_200.0 / (1.0 + rm).powi(t);
        if t <= 12 {
            ramp12 += share;
        }
    }
    let npv_mean = mean * factor + pv0;
    let npv_sd = sd * factor;
    assert!(
        (num(&p["npv_mean"]) - npv_mean).abs() < 1.0,
        "{p} {npv_mean}"
    );
    assert!((num(&p["npv_sd"]) - npv_sd).abs() < 1.0, "{p} {npv_sd}");
    assert!((num(&p["npv_p05"]) - (npv_mean - Z90 * npv_sd)).abs() < 2.0);
    assert!((num(&p["npv_p95"]) - (npv_mean + Z90 * npv_sd)).abs() < 2.0);
    assert_eq!(p["npv_p50"], p["npv_mean"]);
    assert!((num(&p["npv_positive"]) - phi(npv_mean / npv_sd)).abs() < 1e-6);
    // Paid back by month 12: B × R₁₂ ≥ 85,000 + 12 × 3,200, R₁₂ = 1/3 + 2/3 + 10 = 11.
    assert!((ramp12 - 11.0f64).abs() < 1e-12);
    let by_12 = phi((mean - (85_000.0 + 12.0 * 3_200.0) / 11.0) / sd);
    assert!((num(&p["payback_within_12"]) - by_12).abs() < 1e-6, "{p}");
    let by_36 = phi((mean - (85_000.0 + 36.0 * 3_200.0) / 35.0) / sd);
    assert!(
        (num(&p["payback_within_horizon"]) - by_36).abs() < 1e-6,
        "{p}"
    );
}

#[test]
fn a_range_is_drawn_by_a_seeded_simulation_shown_in_the_ledger_and_said_in_the_headline() {
    let f = Fixture::new();
    let config = sample_config().replace(
        "hourly_cost = 42 ",
        "hourly_cost = { value = 42, low = 38, high = 48 } ",
    );
    assert_ne!(config, sample_config());
    let j = compute(&f, &config, &[]);
    let p = &j["probability"];
    assert_eq!(p["method"], "simulation");
    assert_eq!(p["ranged"], serde_json::json!(["rates.hourly_cost"]));
    assert_eq!(p["draws"], 20_000);
    let hourly = j["assumptions"]["rates.hourly_cost"].clone();
    assert_eq!(hourly["low"], "38.00", "{hourly}");
    assert_eq!(hourly["high"], "48.00", "{hourly}");
    // The same input, the same draws: byte-identical.
    let json = |out: &str| on_samples(&f, &["--format", "json", "--no-charts", "--out", out]);
    let (first, second) = (json("a"), json("b"));
    assert_eq!(first.code, 0, "{}", first.stderr);
    assert_eq!(first.stdout, second.stdout);
    // The headline says what it counts; the ledger shows the range.
    let screen = on_samples(&f, &["--no-charts", "--out", "c"]);
    let text = flat(&screen.stdout);
    assert!(
        text.contains("with the ranges given for cost of a staff hour"),
        "{}",
        screen.stdout
    );
    let md = std::fs::read_to_string(f.path("c/summary.md")).unwrap();
    assert!(md.contains("range 38 EUR/h to 48 EUR/h"), "{md}");
    let screen = on_samples(&f, &["--no-charts", "--lang", "pl", "--out", "d"]);
    let text = flat(&screen.stdout);
    assert!(text.contains("Szansa na zwrot"), "{}", screen.stdout);
    assert!(
        text.contains("z przedziałami podanymi dla: koszt roboczogodziny"),
        "{}",
        screen.stdout
    );
}

#[test]
fn every_summary_carries_the_line_in_both_languages() {
    let f = Fixture::new();
    f.write("roi.toml", &sample_config());
    for (lang, label, says) in [
        (
            "en",
            "Chance it pays back",
            "that the case pays back within 36 months",
        ),
        (
            "pl",
            "Szansa na zwrot",
            "że inwestycja zwróci się w ciągu 36 mies.",
        ),
    ] {
        let out = format!("out-{lang}");
        let run = on_samples(&f, &["--no-charts", "--lang", lang, "--out", &out]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let screen = flat(&run.stdout);
        assert!(screen.contains(label) && screen.contains(says), "{screen}");
        for file in ["summary.md", "report.html"] {
            let text = flat(&std::fs::read_to_string(f.path(&format!("{out}/{file}"))).unwrap());
            assert!(text.contains(label), "{file} in {lang}");
            assert!(text.contains(says), "{file} in {lang}");
        }
    }
}

#[test]
fn without_an_investment_there_is_nothing_to_pay_back() {
    let f = Fixture::new();
    let config = sample_config()
        .replace("one_time = 85000", "# one_time")
        .replace("monthly = 3200", "# monthly");
    let j = compute(&f, &config, &[]);
    assert!(j["probability"].is_null(), "{}", j["probability"]);
}

#[test]
fn with_a_control_the_spread_is_the_effect_s() {
    // The control fixture: the levers' ranges are the difference in differences' (the four
    // sides' standard errors), and the distribution's spread is theirs.
    let f = crate::control::fixture(([7.0, 11.0], 360), crate::control::CONFIG);
    let j = f.compute_json(
        "today.csv",
        "after.csv",
        &[
            "--config",
            "roi.toml",
            "--control",
            "control_today.csv",
            "control_after.csv",
        ],
    );
    let levers = j["savings"]["levers"].as_array().unwrap();
    let sd = levers
        .iter()
        .map(|l| ((num(&l["high"]) - num(&l["low"])) / (2.0 * Z95)).powi(2))
        .sum::<f64>()
        .sqrt();
    assert!(sd > 0.0);
    let p = &j["probability"];
    assert!((num(&p["monthly_sd"]) - sd).abs() < 0.006, "{p}");
    // No discounting, no ramp-up, 12 months, 50,000 up front: NPV = 12 B − 50,000.
    let mean: f64 = levers.iter().map(|l| num(&l["monthly"])).sum();
    let expected = phi((12.0 * mean - 50_000.0) / (12.0 * sd));
    assert!((num(&p["npv_positive"]) - expected).abs() < 1e-6, "{p}");
}

#[test]
fn a_projection_has_a_chance_only_from_the_ranges_given() {
    let f = Fixture::new();
    let s = samples();
    let today = format!("{s}/today.csv");
    let project = |config: &str, out: &str, format: &str| {
        f.write("roi.toml", config);
        let run = f.roi(&[
            "project",
            &today,
            "--config",
            "roi.toml",
            "--format",
            format,
            "--no-charts",
            "--out",
            out,
        ]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        run
    };
    // The promise alone has no spread: no chance is claimed.
    let j = project(&sample_config(), "a", "json").json();
    assert!(j["probability"].is_null(), "{}", j["probability"]);
    // With a range, the chance is the range's, and says the promise is taken as given.
    let config = sample_config().replace(
        "hourly_cost = 42 ",
        "hourly_cost = { value = 42, low = 38, high = 48 } ",
    );
    let j = project(&config, "b", "json").json();
    assert_eq!(j["probability"]["method"], "simulation");
    assert_eq!(j["probability"]["monthly_sd"], "0.00");
    let text = flat(&project(&config, "c", "text").stdout);
    assert!(
        text.contains("if the promised changes are delivered")
            && text.contains("with the ranges given for cost of a staff hour"),
        "{text}"
    );
    assert!(!text.contains("from the measured noise"), "{text}");
}

#[test]
fn by_segment_the_spread_is_the_segments_combined() {
    // Two processes whose cycle times moved differently: the whole's lever is the sum of the
    // segments' (stratified), its range their ranges combined as independent errors, and
    // the distribution's spread is that range's.
    let f = Fixture::new();
    let mut today = String::from("metric,value,unit,date,process\n");
    let mut after = today.clone();
    for k in 0..40 {
        let day = 1 + k % 30;
        let (p, t, a) = if k % 2 == 0 {
            ("picking", [2.0, 4.0], [1.5, 3.5])
        } else {
            ("custom", [9.0, 13.0], [8.0, 10.0])
        };
        today.push_str(&format!(
            "cycle_time,{},h,2026-09-{day:02},{p}\n",
            t[k / 2 % 2]
        ));
        after.push_str(&format!(
            "cycle_time,{},h,2026-10-{day:02},{p}\n",
            a[k / 2 % 2]
        ));
    }
    f.write("today.csv", &today);
    f.write("after.csv", &after);
    f.write(
        "roi.toml",
        "[rates]\nhourly_cost = 50\nlabor_share = 0.5\n[investment]\none_time = 5000\n",
    );
    let j = f.compute_json(
        "today.csv",
        "after.csv",
        &["--config", "roi.toml", "--by", "process"],
    );
    let l = &j["savings"]["levers"][0];
    assert_eq!(l["name"], "cycle_time");
    let se = (num(&l["high"]) - num(&l["low"])) / (2.0 * Z95);
    let p = &j["probability"];
    assert!((num(&p["monthly_sd"]) - se).abs() < 0.006, "{p} {l}");
    // Without --by the pooled lever has its own, different range: the one counted above is
    // the segments'.
    let pooled = f.compute_json("today.csv", "after.csv", &["--config", "roi.toml"]);
    let sd = num(&pooled["probability"]["monthly_sd"]);
    assert!((sd - num(&p["monthly_sd"])).abs() > 1.0, "{sd} {p}");
}

#[test]
fn by_segment_a_rate_stated_as_zero_with_a_range_is_drawn_as_without_by() {
    // hourly_cost 0 between 0 and 48 prices the cycle-time lever at the drawn rate, by
    // segment as for the whole. Was: a lever by segment was scaled by drawn ÷ stated,
    // skipped at 0: the median NPV was 425,068 EUR with --by against 515,420 without.
    let f = Fixture::new();
    let config = std::fs::read_to_string(format!("{}/roi.toml", samples()))
        .unwrap()
        .replace(
            "hourly_cost = 42 ",
            "hourly_cost = { value = 0, low = 0, high = 48 } ",
        )
        .replace("logo = \"logo.png\"", "");
    let whole = compute(&f, &config, &[]);
    let by = compute(&f, &config, &["--by", "process"]);
    let median = |j: &serde_json::Value| num(&j["probability"]["npv_p50"]);
    assert!(median(&whole) > 500_000.0, "{}", whole["probability"]);
    assert!(
        (median(&by) / median(&whole) - 1.0).abs() < 0.02,
        "{} vs {}",
        by["probability"],
        whole["probability"]
    );
}

#[test]
fn a_case_without_spread_states_one_npv_not_a_range_from_it_to_itself() {
    // Every cycle time 10 h today and 8 h after: the lever has no spread, so every outcome
    // is the same NPV.
    let f = Fixture::new();
    for (side, hours, month) in [("today", 10, "09"), ("after", 8, "10")] {
        let mut rows = String::from("metric,value,unit,date\n");
        for i in 0..60 {
            rows.push_str(&format!(
                "cycle_time,{hours},h,2026-{month}-{:02}\n",
                1 + i % 28
            ));
        }
        f.write(&format!("{side}.csv"), &rows);
    }
    f.write(
        "roi.toml",
        "[investment]\none_time = 50000\nmonthly = 1000\n",
    );
    for (lang, said, not_said) in [
        (
            "en",
            "NPV -22,100 EUR in every outcome (the data show no spread)",
            "between -22,100 EUR and -22,100 EUR",
        ),
        (
            "pl",
            "NPV -22 100 EUR w każdym przypadku (dane nie mają rozrzutu)",
            "od -22 100 EUR do -22 100 EUR",
        ),
    ] {
        let run = f.roi(&[
            "compute",
            "today.csv",
            "after.csv",
            "--config",
            "roi.toml",
            "--lang",
            lang,
            "--out",
            lang,
        ]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let md = std::fs::read_to_string(f.path(&format!("{lang}/summary.md"))).unwrap();
        let md = md.replace('−', "-").replace(['\u{a0}', '\u{202f}'], " ");
        assert!(md.contains(said), "{md}");
        assert!(!md.contains(not_said), "{md}");
    }
}
