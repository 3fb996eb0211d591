//! Every kind of bad input: a located message, exit code 1, nothing written.

use crate::common;
use crate::common::Fixture;

const GOOD: &str = "metric,value,unit,date\ncycle_time,2,h,2026-10-01\ncycle_time,3,h,2026-10-02\n";

/// Runs `roi compute bad.csv good.csv` and checks the failure contract; returns stderr.
fn fails(bad: &[u8], expected: &[&str]) -> String {
    let f = Fixture::new();
    f.write_bytes("bad.csv", bad);
    f.write("good.csv", GOOD);
    let run = f.roi(&["compute", "bad.csv", "good.csv", "--out", "out"]);
    assert_eq!(
        run.code, 1,
        "stdout:\n{}\nstderr:\n{}",
        run.stdout, run.stderr
    );
    assert!(
        !f.exists("out"),
        "the report folder was created despite bad input"
    );
    assert!(run.stdout.is_empty(), "stdout: {}", run.stdout);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    for e in expected {
        assert!(
            run.stderr.contains(e),
            "missing {e:?} in stderr:\n{}",
            run.stderr
        );
    }
    run.stderr
}

#[test]
fn empty_file() {
    fails(
        b"",
        &["bad.csv:1: the file is empty; expected a CSV export"],
    );
}

#[test]
fn blank_lines_only() {
    fails(b"\n\n\r\n", &["bad.csv:1: the file has no rows"]);
}

#[test]
fn header_only() {
    fails(
        b"metric,value,unit\n",
        &["bad.csv:2: the file has a header but no data rows"],
    );
}

#[test]
fn binary_garbage() {
    let mut bytes = b"PK\x03\x04garbage\n\x00\x01\x02".to_vec();
    bytes.extend(std::iter::repeat_n(0xFFu8, 100));
    fails(
        &bytes,
        &["bad.csv:2: the file contains binary data", "save it as CSV"],
    );
}

#[test]
fn ragged_row() {
    fails(
        b"metric,value,unit\ncycle_time,2,h\ncycle_time,3\n",
        &[
            "bad.csv:3: the row has 2 fields but the header has 3; expected 3 fields separated by ','",
        ],
    );
}

#[test]
fn text_where_a_number_belongs() {
    fails(
        b"metric,value,unit\ncycle_time,2,h\ncycle_time,fast,h\n",
        &["bad.csv:3:2: value 'fast' for cycle_time is not a number; expected a duration like 4.5"],
    );
}

#[test]
fn nan_inf_and_negative_values() {
    let stderr = fails(
        b"metric,value\ncycle_time,NaN\ncycle_time,inf\nerrors,-3\ncycle_time,-0.5\n",
        &[
            "bad.csv:2:2: value 'NaN' for cycle_time is not a finite number",
            "bad.csv:3:2: value 'inf' for cycle_time is not a finite number",
            "bad.csv:4:2: value '-3' for errors is negative; expected a count like 3, zero or more",
            "bad.csv:5:2: value '-0.5' for cycle_time is negative",
        ],
    );
    assert_eq!(stderr.lines().count(), 4, "{stderr}");
}

#[test]
fn unknown_unit_in_a_unit_column() {
    fails(
        b"metric,value,unit\ncycle_time,2,weeks\n",
        &["bad.csv:2:3: unit 'weeks' for cycle_time is not a known unit; expected s, sec, min, h"],
    );
}

#[test]
fn duration_unit_on_a_count() {
    fails(
        b"metric,value,unit\nerrors,2,h\n",
        &["bad.csv:2:3: unit 'h' does not fit errors; expected count"],
    );
}

#[test]
fn unknown_unit_in_a_header() {
    fails(
        b"date,cycle_time [weeks]\n2026-10-01,2\n",
        &[
            "bad.csv:1:2: column 'cycle_time [weeks]' names cycle_time with the unknown unit 'weeks'",
        ],
    );
}

#[test]
fn impossible_dates() {
    fails(
        b"metric,value,date\ncycle_time,2,2026-02-30\ncycle_time,2,31.04.2026\ncycle_time,2,tomorrow\n",
        &[
            "bad.csv:2:3: date '2026-02-30' is not a valid calendar date; expected a date like 2026-10-01",
            "bad.csv:3:3: date '31.04.2026' is not a valid calendar date",
            "bad.csv:4:3: date 'tomorrow' is not a valid calendar date",
        ],
    );
}

#[test]
fn count_metric_without_any_window() {
    fails(
        b"metric,value\nerrors,3\ndowntime,20\n",
        &[
            "bad.csv:1: errors and downtime summed over a period, but the file has no date column",
            "[window]",
            "today_days = 30",
        ],
    );
}

#[test]
fn missing_value_column() {
    fails(
        b"metric,amount\ncycle_time,2\n",
        &["bad.csv:1: the header has a metric column but no value column"],
    );
}

#[test]
fn no_metric_at_all() {
    fails(
        b"order,customer,total\n1,ACME,100\n",
        &[
            "bad.csv:1: no metric found in the header (order, customer, total); expected either long layout",
        ],
    );
}

#[test]
fn crlf_file_reports_the_right_line() {
    fails(
        b"metric,value\r\ncycle_time,1\r\ncycle_time,2\r\ncycle_time,oops\r\ncycle_time,3\r\n",
        &["bad.csv:4:2: value 'oops' for cycle_time is not a number"],
    );
}

#[test]
fn quoted_field_spanning_lines_keeps_later_lines_right() {
    fails(
        b"metric,value,note\ncycle_time,1,\"two\nlines\"\ncycle_time,x,\n",
        &["bad.csv:4:2: value 'x' for cycle_time is not a number"],
    );
}

#[test]
fn a_line_without_end() {
    let mut bytes = b"metric,value\ncycle_time,".to_vec();
    bytes.extend(std::iter::repeat_n(b'9', 1_200_000));
    fails(&bytes, &["bad.csv:2: the line is longer than 1 MiB"]);
}

#[test]
fn problems_in_both_files_are_all_listed() {
    let f = Fixture::new();
    f.write("today.csv", "metric,value\ncycle_time,x\n");
    f.write("after.csv", "metric,value\ncycle_time,-1\n");
    let run = f.roi(&["compute", "today.csv", "after.csv", "--out", "out"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("today.csv:2:2:"), "{}", run.stderr);
    assert!(run.stderr.contains("after.csv:2:2:"), "{}", run.stderr);
}

#[test]
fn many_problems_are_capped_and_counted() {
    let mut text = String::from("metric,value\n");
    for _ in 0..500 {
        text.push_str("cycle_time,bad\n");
    }
    let stderr = fails(text.as_bytes(), &["… and 450 more problems"]);
    assert!(stderr.lines().count() <= 51, "{stderr}");
}

#[test]
fn missing_file() {
    let f = Fixture::new();
    f.write("good.csv", GOOD);
    let run = f.roi(&["compute", "nope.csv", "good.csv", "--out", "out"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("cannot read nope.csv"),
        "{}",
        run.stderr
    );
    assert!(!f.exists("out"));
}

fn bad_config(toml: &str, expected: &[&str]) {
    let (f, run) = common::compute_pair(GOOD, GOOD, toml);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(!f.exists("out"));
    for e in expected {
        assert!(run.stderr.contains(e), "missing {e:?} in:\n{}", run.stderr);
    }
}

#[test]
fn broken_roi_toml_syntax() {
    bad_config(
        "currency = \"EUR\"\n[rates\nhourly_cost = 50\n",
        &["my.toml:2:"],
    );
}

#[test]
fn roi_toml_unknown_key_with_suggestion() {
    bad_config(
        "[investment]\none_time = 1000\nmonthy = 20\n",
        &[
            "my.toml:3:1: unknown key 'investment.monthy' (did you mean monthly?); expected one of: one_time, monthly, ramp_up_months",
        ],
    );
}

#[test]
fn a_label_in_a_language_roi_does_not_speak_or_empty() {
    bad_config(
        "[metrics.complaints]\nkind = \"count\"\nlabel = { en = \"complaints\", fr = \"plaintes\" }\n",
        &[
            "my.toml:3:30: unknown key 'metrics.complaints.label.fr'",
            "expected one of: en, pl",
        ],
    );
    bad_config(
        "[metrics.complaints]\nkind = \"count\"\nlabel = { pl = \" \" }\n",
        &["my.toml:3:16: metrics.complaints.label is not a usable name"],
    );
}

#[test]
fn roi_toml_wrong_type_and_range() {
    bad_config(
        "horizon_months = \"three years\"\n",
        &["my.toml:1:18:", "expected a whole number"],
    );
    bad_config(
        "[rates]\nlabor_share = 3\n",
        &["my.toml:2:15: rates.labor_share = 3 is out of range; expected a fraction from 0 to 1"],
    );
}

#[test]
fn usage_errors_exit_2() {
    let f = Fixture::new();
    let run = f.roi(&["compute", "only-one.csv"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    let run = f.roi(&["compute", "a.csv", "b.csv", "--encoding", "klingon"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("unknown encoding"), "{}", run.stderr);
}

/// A title or recommendation per language takes only the languages roi speaks, each as text
/// short enough to be shown whole: anything else is a located error, with what is expected,
/// and nothing is written.
#[test]
fn a_recommendation_per_language_takes_only_roi_s_languages_as_text() {
    let samples = concat!(env!("CARGO_MANIFEST_DIR"), "/samples");
    let f = Fixture::new();
    let today = format!("{samples}/today.csv");
    let after = format!("{samples}/after.csv");
    // 200 characters (Polish letters count one each) are shown whole; 201 were cut short.
    let longest = "ż".repeat(199) + "!";
    f.write(
        "roi.toml",
        &format!("[report]\nrecommendation = {{ en = \"Go\", pl = \"{longest}\" }}\n"),
    );
    let run = f.roi(&[
        "compute", &today, &after, "--config", "roi.toml", "--lang", "pl", "--out", "whole",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html = std::fs::read_to_string(f.path("whole/report.html")).unwrap();
    assert!(
        html.contains(&longest),
        "the 200 characters are not all there"
    );
    let long = format!("[report]\nrecommendation = \"{}\"\n", "a".repeat(201));
    let long_pl = format!("[report.recommendation]\npl = \"{}\"\n", "ż".repeat(201));
    for (toml, expected) in [
        (
            long.as_str(),
            "roi.toml:2:18: report.recommendation is longer than 200 characters; expected at \
             most 200 characters, to be shown whole on page 1 and the title slide",
        ),
        (
            long_pl.as_str(),
            "roi.toml:2:6: report.recommendation.pl is longer than 200 characters",
        ),
        (
            "[report.recommendation]\nen = \"Go\"\nde = \"Los\"\n",
            "roi.toml:3:1: unknown key 'report.recommendation.de'; expected one of: en, pl",
        ),
        (
            "[report]\ntitle = { en = \"Case\", pl = 5 }\n",
            "roi.toml:2:29: report.title.pl is a whole number; expected text in quotes",
        ),
        (
            "[report]\nrecommendation = {}\n",
            "roi.toml:2:18: report.recommendation is a section; expected text in quotes, \
             or one per language: { en = \"…\", pl = \"…\" }",
        ),
        (
            "[report]\nrecommendation = 3\n",
            "roi.toml:2:18: report.recommendation is a whole number; expected text in quotes, \
             or one per language",
        ),
    ] {
        f.write("roi.toml", toml);
        let run = f.roi(&[
            "compute", &today, &after, "--config", "roi.toml", "--out", "out",
        ]);
        assert_eq!(run.code, 1, "{toml}: {}", run.stderr);
        assert!(run.stderr.contains(expected), "{toml}: {}", run.stderr);
        assert!(!f.exists("out"), "{toml}");
    }
}

/// A logo roi.toml names that is missing or is not an image is a located error, and nothing
/// is written; one that is a PNG is embedded in the title block.
#[test]
fn a_missing_or_unusable_logo_is_located() {
    let samples = concat!(env!("CARGO_MANIFEST_DIR"), "/samples");
    let f = Fixture::new();
    let today = format!("{samples}/today.csv");
    let after = format!("{samples}/after.csv");
    f.write("notes.txt", "not an image");
    for (logo, expected) in [
        (
            "acme.png",
            "roi.toml:2:8: report.logo ./acme.png cannot be read",
        ),
        (
            "notes.txt",
            "roi.toml:2:8: report.logo ./notes.txt is not a PNG, JPEG or SVG image",
        ),
    ] {
        f.write("roi.toml", &format!("[report]\nlogo = \"{logo}\"\n"));
        let run = f.roi(&[
            "compute",
            &today,
            &after,
            "--config",
            "./roi.toml",
            "--out",
            "out",
        ]);
        assert_eq!(run.code, 1, "{}", run.stderr);
        assert!(run.stderr.contains(expected), "{}", run.stderr);
        assert!(!f.exists("out"));
    }
    std::fs::copy(format!("{samples}/logo.png"), f.path("logo.png")).unwrap();
    f.write("roi.toml", "[report]\nlogo = \"logo.png\"\n");
    let run = f.roi(&[
        "compute",
        &today,
        &after,
        "--config",
        "roi.toml",
        "--out",
        "out",
        "--no-charts",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html = std::fs::read_to_string(f.path("out/report.html")).unwrap();
    assert!(html.contains("<img class=\"logo\" alt=\"\" src=\"data:image/png;base64,iVBOR"));
}
