//! Charts: every chart for the samples and for edge cases is a valid 1600×900 PNG, reruns
//! are byte-identical, --svg adds SVG, --no-charts draws none.

use crate::common;
use crate::common::Fixture;
use std::path::Path;

const CHARTS: [&str; 8] = [
    "kpi_comparison.png",
    "distribution_cycle_time.png",
    "distribution_response_time.png",
    "savings_waterfall.png",
    "cash_flow.png",
    "npv_distribution.png",
    "sensitivity_tornado.png",
    "weekly_trend.png",
];

fn samples() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("samples")
}

/// Decodes a PNG fully and returns its size.
fn png_size(path: &Path) -> (u32, u32) {
    let file = std::fs::File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let decoder = png::Decoder::new(std::io::BufReader::new(file));
    let mut reader = decoder
        .read_info()
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    (info.width, info.height)
}

fn run_samples(f: &Fixture, out: &str, extra: &[&str]) -> common::Run {
    let s = samples();
    let today = s.join("today.csv");
    let after = s.join("after.csv");
    let config = s.join("roi.toml");
    let mut args = vec![
        "compute",
        today.to_str().unwrap(),
        after.to_str().unwrap(),
        "--config",
        config.to_str().unwrap(),
        "--out",
        out,
    ];
    args.extend_from_slice(extra);
    let run = f.roi(&args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    run
}

#[test]
fn sample_charts_in_both_languages_are_valid_and_reproducible() {
    let f = Fixture::new();
    for (dir, lang) in [("en", "en"), ("pl", "pl")] {
        let run = run_samples(&f, dir, &["--lang", lang]);
        for c in CHARTS {
            assert_eq!(png_size(&f.path(dir).join(c)), (1600, 900), "{dir}/{c}");
            assert!(run.stdout.contains(c), "{c} not listed in:\n{}", run.stdout);
        }
    }
    // report.html: one self-contained page with every chart embedded.
    for (dir, lang, heading) in [
        ("en", "en", "A day in the life"),
        ("pl", "pl", "Dzień z życia"),
    ] {
        let html = std::fs::read_to_string(f.path(dir).join("report.html")).unwrap();
        assert!(html.starts_with("<!DOCTYPE html>"), "{dir}");
        assert!(html.contains(&format!("<html lang=\"{lang}\">")), "{dir}");
        assert!(html.contains(heading), "{dir}");
        // Every chart, and the samples' logo in the title block.
        assert!(
            html.contains("<img class=\"logo\" alt=\"\" src=\"data:image/png;base64,"),
            "{dir}: no logo"
        );
        assert_eq!(
            html.matches("src=\"data:image/png;base64,").count(),
            CHARTS.len() + 1,
            "{dir}"
        );
        assert!(
            !html.contains("http://") && !html.contains("https://"),
            "{dir}: external reference"
        );
        assert_eq!(
            html.matches("src=").count(),
            CHARTS.len() + 1,
            "{dir}: a non-embedded source"
        );
    }
    // The two languages draw different text.
    let en = std::fs::read(f.path("en/kpi_comparison.png")).unwrap();
    assert_ne!(en, std::fs::read(f.path("pl/kpi_comparison.png")).unwrap());
    // Same input, same bytes.
    run_samples(&f, "again", &["--lang", "en"]);
    for c in CHARTS {
        let a = std::fs::read(f.path("en").join(c)).unwrap();
        let b = std::fs::read(f.path("again").join(c)).unwrap();
        assert!(a == b, "{c} differs between runs");
    }
}

/// The family the SVG charts name, defined by the font they embed.
const SVG_FAMILY: &str = "RoiDejaVuSans";

/// Parses an SVG as XML; returns the number of text elements, after checking that each
/// names the embedded family and that the style embeds that family as a TrueType font.
fn svg_texts(path: &Path) -> usize {
    use quick_xml::events::Event;
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut reader = quick_xml::Reader::from_str(&text);
    let (mut texts, mut faces, mut in_style, mut depth) = (0, 0, false, 0i32);
    loop {
        let event = reader
            .read_event()
            .unwrap_or_else(|e| panic!("{}: not XML: {e}", path.display()));
        match &event {
            Event::Start(e) | Event::Empty(e) => {
                if matches!(event, Event::Start(_)) {
                    depth += 1;
                }
                let attrs: Vec<(String, String)> = e
                    .attributes()
                    .map(|a| {
                        let a = a.unwrap_or_else(|e| panic!("{}: {e}", path.display()));
                        (a.key.as_ref().to_string(), a.value.to_string())
                    })
                    .collect();
                match e.name().as_ref() {
                    "text" => {
                        texts += 1;
                        assert!(
                            attrs
                                .iter()
                                .any(|(k, v)| k == "font-family" && v == SVG_FAMILY),
                            "{}: a text without the embedded font: {attrs:?}",
                            path.display()
                        );
                    }
                    "style" => in_style = true,
                    _ => {}
                }
            }
            Event::End(_) => {
                depth -= 1;
                in_style = false;
            }
            Event::Text(t) if in_style => {
                let css: &str = t.as_ref();
                faces += css
                    .matches(&format!("@font-face{{font-family:{SVG_FAMILY};"))
                    .count();
                assert!(
                    css.contains("src:url(data:font/ttf;base64,"),
                    "{}",
                    path.display()
                );
            }
            Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!(depth, 0, "{}: unclosed elements", path.display());
    assert!(faces >= 1, "{}: no embedded font", path.display());
    assert!(
        !text.contains("sans-serif"),
        "{}: a text names a system font",
        path.display()
    );
    texts
}

#[test]
fn svg_charts_are_well_formed_and_embed_their_font() {
    let f = Fixture::new();
    for (dir, lang) in [("en", "en"), ("pl", "pl")] {
        run_samples(&f, dir, &["--svg", "--lang", lang]);
        for c in CHARTS {
            let svg = f.path(dir).join(c.replace(".png", ".svg"));
            assert!(svg_texts(&svg) > 3, "{}", svg.display());
        }
    }
}

#[test]
fn svg_on_request_and_no_charts_on_request() {
    let f = Fixture::new();
    run_samples(&f, "svg", &["--svg"]);
    for c in CHARTS {
        let svg = f.path("svg").join(c.replace(".png", ".svg"));
        let text =
            std::fs::read_to_string(&svg).unwrap_or_else(|e| panic!("{}: {e}", svg.display()));
        assert!(
            text.starts_with("<svg") && text.contains("width=\"1600\""),
            "{}",
            svg.display()
        );
    }
    let a = std::fs::read(f.path("svg/savings_waterfall.svg")).unwrap();
    // Under each lever: cash or capacity, and whether it may be noise (downtime is cash and
    // not proven; cycle time capacity and proven).
    let text = String::from_utf8_lossy(&a);
    assert!(text.contains(">cash, may be"), "no cash mark");
    assert!(text.contains(">capacity<"), "no capacity mark");
    run_samples(&f, "svg2", &["--svg"]);
    assert_eq!(
        a,
        std::fs::read(f.path("svg2/savings_waterfall.svg")).unwrap()
    );
    run_samples(&f, "none", &["--no-charts"]);
    let names: Vec<String> = std::fs::read_dir(f.path("none"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        // roi's own bookkeeping: the lock and the manifest of the files it wrote.
        .filter(|n| !n.starts_with(".roi-"))
        .collect();
    let mut names = names;
    names.sort();
    assert_eq!(
        names,
        [
            "business_case.xlsx",
            "checklist.md",
            "deck.pptx",
            "report.html",
            "summary.json",
            "summary.md"
        ]
    );
}

/// The samples' NPV distribution, in English and Polish: the chance, the loss side, the
/// median and the range of 9 outcomes in 10 are written on it. The figures are worked here
/// from the JSON's NPV mean and standard deviation (the closed form: NPV ~ Normal(mean, sd);
/// its 5th and 95th percentiles mean ∓ 1.6449 sd), not read from the fields the chart draws.
#[test]
fn the_npv_distribution_writes_the_chance_and_its_range() {
    let f = Fixture::new();
    run_samples(&f, "en", &["--svg"]);
    run_samples(&f, "pl", &["--svg", "--lang", "pl"]);
    let j: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(f.path("en/summary.json")).unwrap()).unwrap();
    let money = |k: &str| {
        j["probability"][k]
            .as_str()
            .unwrap()
            .parse::<f64>()
            .unwrap()
    };
    let (mean, sd) = (money("npv_mean"), money("npv_sd"));
    // 658,829 ÷ 271,858 = 2.42 standard deviations above zero: Φ(2.42) = 0.992, shown as
    // 99% (the headline's rule: a whole percent, never 100%); a loss 1 − 0.992, 1%.
    assert!((mean / sd - 2.4234).abs() < 1e-3, "{mean} {sd}");
    let z = 1.644_853_6;
    let (low, high) = ((mean - z * sd).round(), (mean + z * sd).round());
    let thousands = |v: f64, sep: &str| {
        let s = format!("{}", v as i64);
        let mut out = String::new();
        for (i, c) in s.chars().enumerate() {
            if i > 0 && (s.len() - i) % 3 == 0 {
                out.push_str(sep);
            }
            out.push(c);
        }
        out
    };
    let en = std::fs::read_to_string(f.path("en/npv_distribution.svg")).unwrap();
    for text in [
        "What the NPV could be".to_string(),
        "99% chance of an NPV above zero".to_string(),
        "1% chance of a loss (NPV below zero)".to_string(),
        "rates as stated".to_string(),
        format!("median {} EUR", thousands(mean.round(), ",")),
        format!(
            "9 outcomes in 10: {} … {} EUR",
            thousands(low, ","),
            thousands(high, ",")
        ),
        "NPV over 36 months at 8%".to_string(),
        "The headline's NPV, 125,744 EUR, counts proven levers only".to_string(),
    ] {
        assert!(en.contains(&text), "en: no {text:?}");
    }
    let pl = std::fs::read_to_string(f.path("pl/npv_distribution.svg")).unwrap();
    let nb = "\u{a0}";
    for text in [
        "Jakie może być NPV".to_string(),
        "99% szans na NPV powyżej zera".to_string(),
        "1% ryzyka straty (NPV poniżej zera)".to_string(),
        format!("mediana {}{nb}EUR", thousands(mean.round(), nb)),
        format!(
            "w 9 przypadkach na 10: {} … {}{nb}EUR",
            thousands(low, nb),
            thousands(high, nb)
        ),
    ] {
        assert!(pl.contains(&text), "pl: no {text:?}");
    }
}

/// With a range in roi.toml the chance is simulated: the chart draws the draws' bins, says
/// how many, and is the same from one run to the next.
#[test]
fn a_simulated_npv_distribution_is_reproducible() {
    let f = Fixture::new();
    let config = crate::common::sample_config().replace(
        "hourly_cost = 42 ",
        "hourly_cost = { value = 42, low = 38, high = 48 } ",
    );
    f.write("roi.toml", &config);
    let s = samples();
    let run = |out: &str| {
        let r = f.roi(&[
            "compute",
            s.join("today.csv").to_str().unwrap(),
            s.join("after.csv").to_str().unwrap(),
            "--config",
            f.path("roi.toml").to_str().unwrap(),
            "--out",
            out,
            "--svg",
        ]);
        assert_eq!(r.code, 0, "{}", r.stderr);
    };
    run("a");
    run("b");
    let j: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(f.path("a/summary.json")).unwrap()).unwrap();
    assert_eq!(j["probability"]["method"], "simulation");
    let counts = j["probability"]["npv_bins"]["counts"].as_array().unwrap();
    let total: u64 = counts.iter().map(|c| c.as_u64().unwrap()).sum();
    assert_eq!(total, 20_000);
    assert_eq!(png_size(&f.path("a/npv_distribution.png")), (1600, 900));
    let svg = std::fs::read_to_string(f.path("a/npv_distribution.svg")).unwrap();
    assert!(svg.contains("20,000 simulated outcomes"), "no draws");
    assert!(svg.contains("with the ranges given for"), "no ranges");
    for c in ["npv_distribution.png", "npv_distribution.svg"] {
        assert!(
            std::fs::read(f.path("a").join(c)).unwrap()
                == std::fs::read(f.path("b").join(c)).unwrap(),
            "{c} differs between runs"
        );
    }
}

/// Runs compute on a pair of files and checks every PNG written is valid.
fn edge(today: &str, after: &str, config: &str) -> (Fixture, common::Run) {
    let (f, run) = common::compute_pair(today, after, config);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mut pngs = 0;
    for e in std::fs::read_dir(f.path("out")).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "png") {
            assert_eq!(png_size(&p), (1600, 900), "{}", p.display());
            pngs += 1;
        }
    }
    assert!(pngs >= 3, "only {pngs} charts");
    (f, run)
}

#[test]
fn a_missing_metric_is_a_clear_omission() {
    let (f, run) = edge(
        "metric,value,date\ncycle_time,5,2026-09-01\ncycle_time,6,2026-09-08\n",
        "metric,value,date\ncycle_time,4,2026-10-01\ncycle_time,3,2026-10-08\n",
        "",
    );
    assert!(f.exists("out/distribution_cycle_time.png"));
    assert!(!f.exists("out/distribution_response_time.png"));
    assert!(f.exists("out/weekly_trend.png"));
    assert!(
        !run.stdout.contains("distribution_response_time"),
        "{}",
        run.stdout
    );
    // No investment: no NPV, so no distribution of it, and the list says why.
    assert!(!f.exists("out/npv_distribution.png"));
    assert!(
        run.stdout.contains("not drawn: npv_distribution.png"),
        "{}",
        run.stdout
    );
}

#[test]
fn one_observation_per_side() {
    let (f, _) = edge(
        "metric,value\ncycle_time,5\n",
        "metric,value\ncycle_time,4\n",
        "",
    );
    assert!(f.exists("out/distribution_cycle_time.png"));
}

#[test]
fn all_values_equal_and_zero_savings() {
    let same = "metric,value,date\ncycle_time,5,2026-09-01\ncycle_time,5,2026-09-02\nresponse_time,10,2026-09-02\nerrors,0,2026-09-03\n";
    let (f, run) = edge(same, same, "[investment]\none_time = 0\nmonthly = 0\n");
    assert!(f.exists("out/savings_waterfall.png"));
    // No money moves in any month: a flat line at zero on an axis of cents says nothing, so
    // the chart is left out, and the list says why.
    assert!(!f.exists("out/cash_flow.png"));
    assert!(
        run.stdout
            .contains("not drawn: cash_flow.png (no saving is counted and no cost is given"),
        "{}",
        run.stdout
    );
    // Nothing moves the NPV when nothing changed and nothing is invested.
    assert!(
        run.stdout.contains("not drawn: sensitivity_tornado.png"),
        "{}",
        run.stdout
    );
}

#[test]
fn negative_npv_and_no_payback() {
    let (f, run) = edge(
        "metric,value\ncycle_time,5\ncycle_time,6\n",
        "metric,value\ncycle_time,4.9\ncycle_time,5.9\n",
        "[investment]\none_time = 500000\nmonthly = 9000\n",
    );
    assert!(f.exists("out/cash_flow.png"));
    assert!(f.exists("out/npv_distribution.png"));
    assert!(
        run.stdout.contains("not within 36 months"),
        "{}",
        run.stdout
    );
}

#[test]
fn dates_only_on_one_side_skip_the_trend() {
    let (f, run) = edge(
        "metric,value,date\ncycle_time,5,2026-09-01\ncycle_time,6,2026-09-08\n",
        "metric,value\ncycle_time,4\ncycle_time,3\n",
        "",
    );
    assert!(!f.exists("out/weekly_trend.png"));
    assert!(
        run.stdout.contains("not drawn: weekly_trend.png"),
        "{}",
        run.stdout
    );
}

/// `days` days of one case a day from 2026-01-05 (a Monday): 10 h in even weeks, 12 h in
/// odd ones.
fn alternating_weeks(days: i32) -> String {
    let mut s = String::from("metric,value,unit,date\n");
    for d in 0..days {
        let date = iso_day(2026, 1, 5, d);
        let v = if (d / 7) % 2 == 0 { 10 } else { 12 };
        s.push_str(&format!("cycle_time,{v},h,{date}\n"));
    }
    s
}

#[test]
fn process_limits_need_eight_full_baseline_weeks() {
    let f = Fixture::new();
    let after: String = {
        let mut s = String::from("metric,value,unit,date\n");
        for d in 0..28 {
            s.push_str(&format!("cycle_time,9,h,{}\n", iso_day(2026, 4, 6, d)));
        }
        s
    };
    f.write("after.csv", &after);
    // Ten full weeks: weekly means 10, 12, 10, … (mean 11), every moving range 2: limits
    // 11 ± 2.66 × 2 = [5.68, 16.32].
    f.write("ten.csv", &alternating_weeks(70));
    let j = f.compute_json("ten.csv", "after.csv", &["--no-charts"]);
    let trend = &j["metrics"]["cycle_time"]["trend"];
    assert_eq!(trend["full_weeks"], 10);
    let limits: Vec<f64> = trend["limits"]
        .as_array()
        .unwrap_or_else(|| panic!("no limits: {trend}"))
        .iter()
        .map(|v| v.as_f64().unwrap())
        .collect();
    assert!(
        (limits[0] - 5.68).abs() < 1e-9 && (limits[1] - 16.32).abs() < 1e-9,
        "{limits:?}"
    );
    // Seven full weeks: no limits, and the chart says why.
    f.write("seven.csv", &alternating_weeks(49));
    let j = f.compute_json("seven.csv", "after.csv", &["--no-charts"]);
    let trend = &j["metrics"]["cycle_time"]["trend"];
    assert_eq!(trend["full_weeks"], 7);
    assert!(trend["limits"].is_null(), "{trend}");
    let run = f.roi(&["compute", "seven.csv", "after.csv", "--svg", "--out", "svg"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let svg = std::fs::read_to_string(f.path("svg/weekly_trend.svg")).unwrap();
    assert!(
        svg.contains("full weeks in today&apos;s data: 7, process limits need at least 8")
            || svg.contains("full weeks in today's data: 7, process limits need at least 8"),
        "no reason in the subtitle"
    );
    assert!(!svg.contains(">normal range"), "a key for limits not drawn");
}

/// The ISO date `offset` days after y-m-d, by roi's own calendar arithmetic.
fn iso_day(y: i32, m: u32, d: u32, offset: i32) -> String {
    let day = roi::value::parse_date(&format!("{y:04}-{m:02}-{d:02}")).expect("a date");
    roi::value::format_day(day + offset)
}

/// Each text of an SVG chart: its x, its y, its font size and what it says.
fn svg_text_items(svg: &str) -> Vec<(f64, f64, f64, String)> {
    let attr = |tag: &str, name: &str| -> f64 {
        tag.split(&format!(" {name}=\""))
            .nth(1)
            .and_then(|v| v.split('"').next())
            .and_then(|v| v.parse().ok())
            .unwrap_or(f64::NAN)
    };
    svg.split("<text")
        .skip(1)
        .filter_map(|t| {
            let (tag, rest) = t.split_once('>')?;
            let content = rest.split("</text>").next()?.replace("&apos;", "'");
            Some((
                attr(tag, "x"),
                attr(tag, "y"),
                attr(tag, "font-size"),
                content,
            ))
        })
        .collect()
}

#[test]
fn a_long_weekly_trend_keeps_its_labels_apart() {
    // Half a year from a Wednesday, weekly means close around the mean everywhere (10 h and
    // 12 h on alternate days), then eight weeks after from the next Saturday: a partial week
    // either side of the gap, and no place on the centre line clear of the weeks.
    let f = Fixture::new();
    let rows = |from: (i32, u32, u32), days: i32| {
        let mut s = String::from("metric,value,unit,date\n");
        for d in 0..days {
            let v = if d % 2 == 0 { 10 } else { 12 };
            s.push_str(&format!(
                "cycle_time,{v},h,{}\n",
                iso_day(from.0, from.1, from.2, d)
            ));
        }
        s
    };
    f.write("today.csv", &rows((2026, 1, 7), 7 * 26 + 3));
    f.write("after.csv", &rows((2026, 7, 11), 7 * 8 + 2));
    let run = f.roi(&["compute", "today.csv", "after.csv", "--svg", "--out", "svg"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let svg = std::fs::read_to_string(f.path("svg/weekly_trend.svg")).unwrap();
    let texts = svg_text_items(&svg);
    let find = |s: &str| {
        texts
            .iter()
            .filter(|t| t.3.starts_with(s))
            .cloned()
            .collect::<Vec<_>>()
    };
    // The centre's label goes up to the caption's row, not over the weeks.
    let (caption, mean) = (&find("cycle time (h)")[0], &find("today's mean")[0]);
    assert!((caption.1 - mean.1).abs() < 10.0, "{caption:?} {mean:?}");
    // Today's last week (5 days) and the first after (2 days), either side of the gap: the
    // second label starts after the first ends (a character is at most 0.62 of the size).
    let (last, first) = (&find("5 days")[1], &find("2 days")[0]);
    let end = last.0 + 0.62 * last.2 * last.3.chars().count() as f64;
    assert!(first.0 >= end, "{last:?} overlaps {first:?}");
}
