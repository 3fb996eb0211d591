//! `--by`: the case by segment, with a hand-built Simpson's paradox. Expected values are
//! worked out by hand in the comments.

use crate::common;
use crate::common::{Fixture, approx};

/// Two processes over 30 days each side (2026-09-01..30, then 2026-10-01..30):
/// today  picking 30 cases of 1.5/2.5 h (mean 2.0), custom 70 cases of 9/11 h (mean 10.0);
/// after  picking 70 cases of 2/3 h (mean 2.5), custom 30 cases of 10.5/12.5 h (mean 11.5).
/// Both got slower; the mix moved toward the fast one.
fn side(month: u32, picking: (usize, [f64; 2]), custom: (usize, [f64; 2]), extra: &str) -> String {
    let mut s = String::from("metric,value,unit,date,process\n");
    let mut i = 0;
    for (n, vals, p) in [
        (picking.0, picking.1, "picking"),
        (custom.0, custom.1, "custom"),
    ] {
        for k in 0..n {
            s.push_str(&format!(
                "cycle_time,{},h,2026-{month:02}-{:02},{p}\n",
                vals[k % 2],
                1 + i % 30
            ));
            i += 1;
        }
    }
    s.push_str(extra);
    s
}

const CONFIG: &str = "currency = \"EUR\"\n[rates]\nhourly_cost = 100\nlabor_share = 0.5\n";

/// `roi compute today.csv after.csv --config roi.toml --by <by>` in the fixture's folder,
/// with `extra` arguments after.
fn compute_by(f: &Fixture, by: &str, extra: &[&str]) -> common::Run {
    let mut args = vec![
        "compute",
        "today.csv",
        "after.csv",
        "--config",
        "roi.toml",
        "--by",
        by,
    ];
    args.extend_from_slice(extra);
    f.roi(&args)
}

fn fixture(extra_today: &str, extra_after: &str) -> Fixture {
    let f = Fixture::new();
    f.write(
        "today.csv",
        &side(9, (30, [1.5, 2.5]), (70, [9.0, 11.0]), extra_today),
    );
    f.write(
        "after.csv",
        &side(10, (70, [2.0, 3.0]), (30, [10.5, 12.5]), extra_after),
    );
    f.write("roi.toml", CONFIG);
    f
}

#[test]
fn simpsons_paradox_is_caught_and_the_savings_are_stratified() {
    let f = fixture("", "");
    let j = f.compute_json(
        "today.csv",
        "after.csv",
        &["--config", "roi.toml", "--by", "process"],
    );
    // Overall: today (30×2 + 70×10)/100 = 7.6 h, after (70×2.5 + 30×11.5)/100 = 5.2 h: −2.4 h.
    let d = &j["decomposition"]["cycle_time"];
    approx(&d["today"], 7.6);
    approx(&d["after"], 5.2);
    approx(&d["change"], -2.4);
    // Mix: (0.7−0.3)(2+2.5)/2 + (0.3−0.7)(10+11.5)/2 = 0.9 − 4.3 = −3.4 h;
    // performance: (2.5−2)(0.3+0.7)/2 + (11.5−10)(0.7+0.3)/2 = 0.25 + 0.75 = +1.0 h.
    approx(&d["mix"], -3.4);
    approx(&d["performance"], 1.0);
    // Both segments (all the cases) moved against the overall mean.
    approx(&d["opposite_share"], 1.0);
    let seg = &j["segments"];
    approx(
        &seg["picking"]["metrics"]["cycle_time"]["change"]["mean"],
        0.5,
    );
    approx(
        &seg["custom"]["metrics"]["cycle_time"]["change"]["mean"],
        1.5,
    );
    assert_eq!(seg["picking"]["cases_today"], 30);
    assert_eq!(seg["picking"]["cases_after"], 70);
    // Stratified, each segment at its own volume today (30 days = 0.98563 months):
    // picking (2 − 2.5) × 30.4375 cases × 0.5 × 100 = −760.9375 → −760.94;
    // custom (10 − 11.5) × 71.0208 cases × 0.5 × 100 = −5,326.5625 → −5,326.56.
    assert_eq!(
        seg["picking"]["savings"]["monthly"]["cycle_time"],
        "-760.94"
    );
    assert_eq!(
        seg["custom"]["savings"]["monthly"]["cycle_time"],
        "-5326.56"
    );
    assert_eq!(j["savings"]["monthly"]["cycle_time"], "-6087.50");
    // Pooled, the mix would pass for savings: (7.6 − 5.2) × 101.4583 × 0.5 × 100 = 12,175.00.
    assert_eq!(j["savings_unstratified_monthly"], "12175.00");
    // Shares of the stratified total: 760.94 / 6087.50 = 12.5%, 5326.56 / 6087.50 = 87.5%.
    approx(&seg["picking"]["share_of_savings"], 760.94 / 6087.50);
    assert_eq!(j["segment_order"], serde_json::json!(["picking", "custom"]));
    assert!(
        j["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w["kind"] == "mix_paradox" && w["metric"] == "cycle_time")
    );
}

#[test]
fn the_screen_says_it_in_words_in_both_languages() {
    let f = fixture("", "");
    let en = compute_by(&f, "process", &["--out", "en"]);
    assert_eq!(en.code, 0, "{}", en.stderr);
    let flat = common::flat(&en.stdout);
    for needle in [
        "summed process by process, each at its own volume",
        "Cycle time fell by 2.40 h: slower work within each process added 1.00 h, and a shift toward faster process segments took off 3.40 h.",
        "(all rows pooled: 12,175 EUR)",
        // The day in the life does not take the mix for faster work.
        "A case takes 5.2 hours on average instead of 7.6 hours (-32%, only through a shift toward faster process segments: within each it got slower).",
    ] {
        assert!(
            flat.contains(needle),
            "missing {needle:?} in\n{}",
            en.stdout
        );
    }
    assert!(en.stderr.contains(
        "warning: cycle time fell by 2.40 h overall, but it rose in the process segments that hold 100% of the cases"
    ), "{}", en.stderr);
    let pl = compute_by(&f, "process", &["--lang", "pl", "--out", "pl"]);
    assert_eq!(pl.code, 0, "{}", pl.stderr);
    let flat = common::flat(&pl.stdout);
    assert!(
        flat.contains("Czas cyklu spada o 2,40\u{a0}h: wolniejsza praca w segmentach (process) wydłuża go o 1,00\u{a0}h, a przesunięcie struktury (process) w stronę szybszych segmentów skraca go o 3,40\u{a0}h."),
        "{}",
        pl.stdout
    );
}

#[test]
fn thin_segments_are_shown_and_flagged_not_dropped() {
    // A third process with 5 cases on each side, and a fourth only after the change.
    let f = fixture(
        "cycle_time,4,h,2026-09-02,returns\ncycle_time,5,h,2026-09-03,returns\ncycle_time,4,h,2026-09-04,returns\ncycle_time,5,h,2026-09-05,returns\ncycle_time,4,h,2026-09-06,returns\n",
        "cycle_time,4,h,2026-10-02,returns\ncycle_time,4,h,2026-10-03,returns\ncycle_time,4,h,2026-10-04,returns\ncycle_time,4,h,2026-10-05,returns\ncycle_time,4,h,2026-10-06,returns\ncycle_time,7,h,2026-10-07,repairs\n",
    );
    let j = f.compute_json(
        "today.csv",
        "after.csv",
        &["--config", "roi.toml", "--by", "process"],
    );
    let seg = &j["segments"];
    assert_eq!(seg["returns"]["small"], true);
    assert_eq!(seg["repairs"]["one_side_only"], true);
    assert!(seg["repairs"]["savings"].is_null());
    let thin = j["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|w| w["kind"] == "segments_thin")
        .expect("a warning about thin segments");
    assert_eq!(thin["one_side"], serde_json::json!(["repairs"]));
    assert_eq!(thin["small"], serde_json::json!(["returns"]));
}

#[test]
fn many_segments_show_the_top_ten_and_other() {
    let f = Fixture::new();
    let mut today = String::from("metric,value,unit,date,team\n");
    let mut after = today.clone();
    for t in 0..12 {
        for d in 1..=30 {
            today.push_str(&format!(
                "cycle_time,{},h,2026-09-{d:02},team{t:02}\n",
                10 + t
            ));
            after.push_str(&format!("cycle_time,{},h,2026-10-{d:02},team{t:02}\n", 9));
        }
    }
    f.write("today.csv", &today);
    f.write("after.csv", &after);
    f.write("roi.toml", CONFIG);
    let run = compute_by(&f, "team", &["--out", "o", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let j = run.json();
    // The largest savings first: team11 (21 → 9 h) down to team02; team01 and team00 are other.
    let order = j["segment_order"].as_array().unwrap();
    assert_eq!(order.len(), 10);
    assert_eq!(order[0], "team11");
    assert_eq!(
        j["segments_in_other"],
        serde_json::json!(["team01", "team00"])
    );
    let text = compute_by(&f, "team", &["--out", "o"]);
    assert!(text.stdout.contains("other (2)"), "{}", text.stdout);
}

#[test]
fn a_missing_by_column_is_a_located_error() {
    let f = fixture("", "");
    let run = compute_by(&f, "site", &["--out", "o"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("today.csv:1: no column 'site' to break the case down by"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("process"), "{}", run.stderr);
    assert!(!f.exists("o"));
}

#[test]
fn the_savings_by_segment_chart_is_drawn_only_with_by() {
    let f = fixture("", "");
    let run = compute_by(&f, "process", &["--out", "with", "--svg"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let png = std::fs::read(f.path("with/savings_by_segment.png")).unwrap();
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    assert_eq!(&png[16..24], &[0, 0, 6, 64, 0, 0, 3, 132]); // 1600 × 900
    let svg = std::fs::read_to_string(f.path("with/savings_by_segment.svg")).unwrap();
    assert!(svg.contains("picking") && svg.contains("custom"));
    let html = std::fs::read_to_string(f.path("with/report.html")).unwrap();
    assert!(html.contains("alt=\"Annual savings by process\""));
    let run = f.roi(&[
        "compute",
        "today.csv",
        "after.csv",
        "--config",
        "roi.toml",
        "--out",
        "without",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!f.exists("without/savings_by_segment.png"));
}

#[test]
fn tracking_a_case_made_by_segment_warns_of_a_changed_mix() {
    let f = fixture("", "");
    let j = f.compute_json(
        "today.csv",
        "after.csv",
        &["--config", "roi.toml", "--by", "process", "--no-charts"],
    );
    assert_eq!(j["segmented_by"], "process");
    // A month after go-live with the after-period's mix: picking 70%, custom 30% (today 30%
    // and 70%): both moved 40 points.
    f.write(
        "actuals.csv",
        &side(11, (70, [2.0, 3.0]), (30, [10.5, 12.5]), ""),
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
    let t = run.json();
    let w = t["months"][0]["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|w| w["kind"] == "mix_changed")
        .cloned()
        .expect("a mix warning");
    assert_eq!(w["by"], "process");
    let segs = w["segments"].as_array().unwrap();
    assert_eq!(segs.len(), 2);
    assert_eq!(segs[0][0], "custom");
    approx(&segs[0][1], 0.7);
    approx(&segs[0][2], 0.3);
    let text = f.roi(&["track", "out/summary.json", "actuals.csv", "--out", "t"]);
    assert!(
        common::flat(&text.stdout).contains("the mix of process moved since the baseline (custom 70% → 30%, picking 30% → 70% of the cases)"),
        "{}",
        text.stdout
    );
}

#[test]
fn a_thousand_segments_give_a_summary_a_person_reads_and_lean_json() {
    // 1,000 processes, three cases each on each side: the summary shows the ten with the
    // largest savings and the rest on one line per lever; the JSON holds the case of those
    // ten, without the whole's sensitivity, ledger, narrative or tracking seal, and of the
    // rest their volume and share.
    let f = crate::common::Fixture::new();
    let mut today = String::from("metric,value,unit,date,process\n");
    let mut after = today.clone();
    for p in 0..1000 {
        for (i, d) in ["2026-09-01", "2026-09-15", "2026-09-29"]
            .iter()
            .enumerate()
        {
            today.push_str(&format!("cycle_time,{},h,{d},p{p:04}\n", 8 + (p + i) % 5));
            let d = d.replace("2026-09", "2026-10");
            after.push_str(&format!(
                "cycle_time,{},h,{d},p{p:04}\n",
                6 + (p * 7 + i) % 5
            ));
        }
    }
    f.write("today.csv", &today);
    f.write("after.csv", &after);
    let run = f.roi(&[
        "compute",
        "today.csv",
        "after.csv",
        "--by",
        "process",
        "--no-charts",
        "--out",
        "out",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let md = std::fs::read_to_string(f.path("out/summary.md")).unwrap();
    assert!(md.lines().count() < 200, "{} lines", md.lines().count());
    assert!(
        md.contains("the other 990 values of process together:"),
        "{md}"
    );
    let j: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(f.path("out/summary.json")).unwrap())
            .unwrap();
    let segs = j["segments"].as_object().unwrap();
    assert_eq!(segs.len(), 1000);
    // The ten shown one by one carry their case; the 990 summed as "other" their volume,
    // flags and share only.
    let shown: Vec<&str> = j["segment_order"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(shown.len(), 10);
    assert_eq!(j["segments_in_other"].as_array().unwrap().len(), 990);
    let one = &segs[shown[0]];
    for key in ["metrics", "savings", "headline", "finance", "cases_today"] {
        assert!(one.get(key).is_some(), "{key} missing");
    }
    for key in [
        "sensitivity",
        "track",
        "narrative",
        "assumptions",
        "scenarios",
        "report",
    ] {
        assert!(one.get(key).is_none(), "{key} in a segment");
    }
    let q = &one["metrics"]["cycle_time"]["today"]["quantiles"];
    assert!(
        q.is_null() || q.as_array().is_some_and(Vec::is_empty),
        "{q}"
    );
    let other = j["segments_in_other"][0].as_str().unwrap();
    let mut keys: Vec<&String> = segs[other].as_object().unwrap().keys().collect();
    keys.sort();
    assert_eq!(
        keys,
        [
            "cases_after",
            "cases_per_month_after",
            "cases_per_month_today",
            "cases_today",
            "one_side_only",
            "share_of_savings",
            "small"
        ]
    );
    // The shares of the savings still cover every segment.
    let shares: f64 = segs
        .values()
        .filter_map(|s| s["share_of_savings"].as_f64())
        .sum();
    assert!((shares - 1.0).abs() < 1e-6, "{shares}");
    // "Other" summed as the summary's row: the ten's savings and other's make the whole's.
    let other_sum = &j["segments_other"];
    assert_eq!(other_sum["segments"], 990);
    let cases: u64 = j["segments_in_other"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| segs[n.as_str().unwrap()]["cases_today"].as_u64().unwrap())
        .sum();
    assert_eq!(other_sum["cases_today"].as_u64(), Some(cases));
    let cents = |v: &serde_json::Value| -> i64 {
        (v.as_str().unwrap().parse::<f64>().unwrap() * 100.0).round() as i64
    };
    let shown_sum: i64 = shown
        .iter()
        .map(|n| cents(&segs[*n]["savings"]["monthly"]["total"]))
        .sum();
    assert_eq!(
        shown_sum + cents(&other_sum["savings_monthly"]),
        cents(&j["savings"]["monthly"]["total"])
    );
    // The whole keeps them.
    assert!(j.get("track").is_some() && j.get("assumptions").is_some());
    let bytes = std::fs::metadata(f.path("out/summary.json")).unwrap().len();
    assert!(bytes < 400_000, "{bytes} bytes");
}

#[test]
fn more_than_ten_thousand_segments_is_a_located_error() {
    // A case id given as --by: 10,001 values, each a whole case; refused where the 10,001st
    // first appears, nothing written.
    let f = crate::common::Fixture::new();
    let mut today = String::from("metric,value,unit,date,process\n");
    for p in 0..10_001 {
        today.push_str(&format!("cycle_time,8,h,2026-09-01,c{p}\n"));
    }
    f.write("today.csv", &today);
    f.write(
        "after.csv",
        "metric,value,unit,date,process\ncycle_time,6,h,2026-10-01,c1\n",
    );
    let run = f.roi(&[
        "compute",
        "today.csv",
        "after.csv",
        "--by",
        "process",
        "--out",
        "out",
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "today.csv:10002:5: more than 10,000 different values of process: roi breaks a case down by at most 10,000"
        ),
        "{}",
        run.stderr
    );
    assert!(!f.exists("out"));
}

#[test]
fn a_segment_is_measured_as_its_rows_alone_would_be() {
    // Two regions' rows interleaved over ten weeks a side, some days written out of order (a
    // week met again after later ones): north's statistics, weekly trend and interval with
    // --by are those of north's rows read on their own. Both regions span each file's first
    // and last day, so the files' windows are the same.
    let mut both = [
        String::from("metric,value,unit,date,region\n"),
        String::from("metric,value,unit,date,region\n"),
    ];
    let mut north = both.clone();
    for (side, start) in [(0, 0u32), (1, 70)] {
        let mut days: Vec<u32> = (0..70).collect();
        // Days 20..24 come after day 40; day 69 before day 68.
        days.retain(|d| !(20..25).contains(d));
        let at = days.iter().position(|d| *d == 41).unwrap();
        days.splice(at..at, 20..25);
        days.swap(67, 68);
        for d in days {
            let date = format!("2026-{}", day_of_2026(152 + start + d));
            for k in 0..3u32 {
                let v = 4.0 + f64::from((d * 7 + k * 3 + start) % 11) * 0.5 - 0.3 * side as f64;
                let line = format!("cycle_time,{v},h,{date},north\n");
                both[side].push_str(&line);
                north[side].push_str(&line);
                let w = 9.0 + f64::from((d * 5 + k) % 7);
                both[side].push_str(&format!("cycle_time,{w},h,{date},south\n"));
            }
        }
    }
    let f = crate::common::Fixture::new();
    f.write("today.csv", &both[0]);
    f.write("after.csv", &both[1]);
    f.write("north-today.csv", &north[0]);
    f.write("north-after.csv", &north[1]);
    let by = f.compute_json("today.csv", "after.csv", &["--by", "region"]);
    let alone = f.compute_json("north-today.csv", "north-after.csv", &[]);
    let seg = &by["segments"]["north"]["metrics"]["cycle_time"];
    let own = &alone["metrics"]["cycle_time"];
    assert!(own["trend"]["limits"].is_array(), "{}", own["trend"]);
    assert_eq!(seg["trend"], own["trend"]);
    assert_eq!(seg["change"], own["change"]);
    for side in ["today", "after"] {
        for stat in ["n", "mean", "median", "p90", "p95", "std", "min", "max"] {
            assert_eq!(seg[side][stat], own[side][stat], "{side} {stat}");
        }
    }
}

/// `MM-DD` of day `n` of 2026 (0 = 1 January).
fn day_of_2026(n: u32) -> String {
    let months = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    let (mut m, mut d) = (0, n);
    while d >= months[m] {
        d -= months[m];
        m += 1;
    }
    format!("{:02}-{:02}", m + 1, d + 1)
}

#[test]
fn blank_cells_and_cells_reading_blank_are_one_segment() {
    // Empty region cells and cells reading "(blank)" interleaved, with north's rows between:
    // one segment "(blank)", measured as its rows alone would be (its median needs the
    // values of both kinds of cell).
    let rows = |vals: &[(f64, &str)]| {
        let mut s = String::from("metric,value,unit,date,region\n");
        let mut alone = s.clone();
        for (i, (v, region)) in vals.iter().enumerate() {
            let date = format!("2026-09-{:02}", 1 + i % 28);
            s.push_str(&format!("cycle_time,{v},h,{date},{region}\n"));
            s.push_str(&format!("cycle_time,{},h,{date},north\n", v + 1.0));
            alone.push_str(&format!("cycle_time,{v},h,{date},\n"));
        }
        (s, alone)
    };
    let f = crate::common::Fixture::new();
    let (today, today_alone) = rows(&[
        (2.0, ""),
        (7.0, "(blank)"),
        (4.0, ""),
        (3.0, "(blank)"),
        (9.0, ""),
        (5.0, "(blank)"),
    ]);
    let (after, after_alone) = rows(&[(1.0, "(blank)"), (6.0, ""), (2.0, "(blank)"), (4.0, "")]);
    f.write("today.csv", &today);
    f.write("after.csv", &after);
    f.write("blank-today.csv", &today_alone);
    f.write("blank-after.csv", &after_alone);
    let by = f.compute_json("today.csv", "after.csv", &["--by", "region"]);
    let alone = f.compute_json("blank-today.csv", "blank-after.csv", &[]);
    let names: Vec<&String> = by["segments"].as_object().unwrap().keys().collect();
    assert_eq!(names, ["(blank)", "north"]);
    let seg = &by["segments"]["(blank)"]["metrics"]["cycle_time"];
    let own = &alone["metrics"]["cycle_time"];
    // Today 2 7 4 3 9 5: median 4.5, mean 5; after 1 6 2 4: median 3.
    assert_eq!(seg["today"]["median"], 4.5);
    assert_eq!(seg["after"]["median"], 3.0);
    for side in ["today", "after"] {
        for stat in ["n", "mean", "median", "p90", "p95", "std", "min", "max"] {
            assert_eq!(seg[side][stat], own[side][stat], "{side} {stat}");
        }
    }
}

#[test]
fn an_unchanged_mix_is_not_called_a_shift() {
    // Half picking, half custom on both sides, each faster after: today (50×2.5 + 50×11)/100
    // = 6.75 h, after (50×2 + 50×10)/100 = 6.00 h. Performance (−0.5 − 1.0) × 0.5 = −0.75 h;
    // the mix is exactly 0, which is no shift at all, not "a shift that took off 0.00 h".
    let f = Fixture::new();
    f.write(
        "today.csv",
        &side(9, (50, [2.0, 3.0]), (50, [10.0, 12.0]), ""),
    );
    f.write(
        "after.csv",
        &side(10, (50, [1.5, 2.5]), (50, [9.0, 11.0]), ""),
    );
    f.write("roi.toml", CONFIG);
    for (lang, needle) in [
        (
            "en",
            "Cycle time fell by 0.75 h: faster work within each process took off 0.75 h, and the mix of process segments moved it by less than 0.01 h.",
        ),
        (
            "pl",
            // Polish puts a no-break space between a number and its unit.
            "Czas cyklu spada o 0,75\u{a0}h: szybsza praca w segmentach (process) skraca go o 0,75\u{a0}h, a struktura segmentów (process) zmienia go o mniej niż 0,01\u{a0}h.",
        ),
    ] {
        let run = compute_by(&f, "process", &["--lang", lang, "--out", lang]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let flat = common::flat(&run.stdout);
        assert!(
            flat.contains(needle),
            "missing {needle:?} in\n{}",
            run.stdout
        );
        assert!(
            !flat.contains("0.00 h") && !flat.contains("0,00\u{a0}h"),
            "{}",
            run.stdout
        );
    }
}
