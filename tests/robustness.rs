//! Inputs an adversary (or an unlucky export) brings: each reproduces a failure found by
//! attacking roi, and shows it fixed — no panic, a located message, bounded work, escaped
//! output, and the edge cases of dates, encodings, headers and windows.

use crate::common;
use crate::common::{Fixture, compute_pair};
use std::io::Write;
use std::process::{Command, Stdio};

const SAMPLES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/samples");

fn ok(run: &common::Run) {
    assert_eq!(
        run.code, 0,
        "stdout:\n{}\nstderr:\n{}",
        run.stdout, run.stderr
    );
}

fn fails(run: &common::Run, needle: &str) {
    assert_eq!(
        run.code, 1,
        "stdout:\n{}\nstderr:\n{}",
        run.stdout, run.stderr
    );
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    assert!(
        run.stderr.contains(needle),
        "missing {needle:?} in:\n{}",
        run.stderr
    );
}

#[test]
fn figures_beyond_what_roi_can_represent_are_a_message_not_a_panic() {
    // Was: exit 101 "Addition overflowed" in payback.
    let (f, run) = compute_pair(
        "metric,value,unit,date\ncycle_time,0,d,2026-09-01\ncycle_time,0,d,2026-09-30\n",
        "metric,value,unit,date\ncycle_time,1000000000,d,2026-10-01\ncycle_time,1000000000,d,2026-10-30\n",
        "[volume]\ncases_per_month = 1e8\n[rates]\nlabor_share = 1\nhourly_cost = 1e9\n",
    );
    fails(
        &run,
        "error: the cycle_time lever comes to 2.4e27 a month, more than roi can represent",
    );
    assert!(!f.exists("out"));
    // Was: "Multiplication overflowed" with three custom durations at a cost of 1e9.
    let custom = (1..=3)
        .map(|i| format!("[metrics.x{i}]\nkind = \"case_duration\"\ncost_per_unit = 1e9\n"))
        .collect::<String>();
    let (_, run) = compute_pair(
        "metric,value,date\nx1,1,2026-09-01\nx2,1,2026-09-01\nx3,1,2026-09-30\ncycle_time,1,2026-09-01\n",
        "metric,value,date\nx1,900000000,2026-10-01\nx2,900000000,2026-10-01\nx3,900000000,2026-10-30\ncycle_time,1,2026-10-01\n",
        &format!("[volume]\ncases_per_month = 1e8\n{custom}"),
    );
    fails(&run, "error: the x1 lever comes to");
}

#[test]
fn absurd_assumptions_are_refused_naming_the_key() {
    for (toml, needle) in [
        (
            "fte_hours_per_month = 1e-300\n",
            "my.toml:1:23: fte_hours_per_month = ",
        ),
        (
            "[sla]\nresponse_time = \"123456789012345678901234567890123456789012345678901234567890min\"\n",
            "my.toml:2:17: sla.response_time is not a usable duration",
        ),
        (
            "horizon_months = 361\n",
            "my.toml:1:18: horizon_months = 361 is out of range",
        ),
        (
            "discount_rate = -0.6\n",
            "my.toml:1:17: discount_rate = -0.6 is out of range; expected a fraction from -0.5 to 1",
        ),
        (
            "[rates]\nhourly_cost = 1e13\n",
            "my.toml:2:15: rates.hourly_cost =",
        ),
    ] {
        let (_, run) = compute_pair(
            "metric,value,date\ncycle_time,5,2026-09-01\n",
            "metric,value,date\ncycle_time,4,2026-10-01\n",
            toml,
        );
        fails(&run, needle);
    }
}

#[test]
fn a_roi_toml_that_is_not_utf8_is_located() {
    let f = Fixture::new();
    f.write("t.csv", "metric,value,date\ncycle_time,5,2026-09-01\n");
    f.write_bytes("r.toml", b"currency = \"PLN\"\n# koszt b\xb3\xeadu\n");
    let run = f.roi(&["compute", "t.csv", "t.csv", "--config", "r.toml"]);
    fails(&run, "r.toml:2:10: byte 0xB3 is not UTF-8 text");
}

#[test]
fn a_quote_that_never_closes_is_located_and_bounded() {
    // Was: 1.05 GB of memory and "the row has 2 fields but the header has 3".
    let f = Fixture::new();
    let mut text = String::from("metric,value,unit\ncycle_time,4.5,h\ncycle_time,\"");
    for _ in 0..200_000 {
        text.push_str("4,5,h\n");
    }
    f.write("bad.csv", &text);
    f.write("good.csv", "metric,value\ncycle_time,4\n");
    let run = f.roi(&["compute", "bad.csv", "good.csv", "--out", "out"]);
    fails(
        &run,
        "bad.csv:3: a quote (\") that opens a field on this line is never closed",
    );
    assert!(!f.exists("out"));
}

#[test]
#[cfg_attr(
    debug_assertions,
    ignore = "a timing test: it runs in the release suite (cargo test --release)"
)]
fn many_custom_metrics_take_linear_time() {
    // Was quadratic: 10,000 custom metrics took 37 s, 250,000 did not finish in 23 minutes.
    // Linear, 10,000 take about two seconds; quadratic, this test would not end.
    let n = 10_000;
    let config: String = (0..n)
        .map(|i| format!("[metrics.m{i}]\nkind = \"count\"\ncost_per_unit = 10\n"))
        .collect();
    let rows = |base: u32| -> String {
        let mut s = String::from("metric,value,date\ncycle_time,5,2026-09-01\n");
        for i in 0..n {
            s.push_str(&format!(
                "m{i},{},2026-09-{:02}\n",
                base + i % 3,
                1 + i % 28
            ));
        }
        s
    };
    let f = Fixture::new();
    f.write("t.csv", &rows(3));
    f.write("a.csv", &rows(1));
    f.write("r.toml", &config);
    let run = f.roi(&[
        "compute",
        "t.csv",
        "a.csv",
        "--config",
        "r.toml",
        "--no-charts",
        "--format",
        "json",
        "--out",
        "out",
    ]);
    ok(&run);
    let j = run.json();
    // One lever a custom metric, and cycle time.
    assert_eq!(
        j["savings"]["levers"].as_array().unwrap().len(),
        n as usize + 1
    );
    // The story names the few that weigh most, not ten thousand.
    assert!(f.exists("out/business_case.xlsx"));
}

#[test]
#[cfg_attr(
    debug_assertions,
    ignore = "a timing test: it runs in the release suite (cargo test --release)"
)]
fn rework_takes_linear_time_in_a_case_s_activities() {
    // Was quadratic in a case's distinct activities (each event searched a list of those
    // seen): 1,000,000 events in one case took 60 s, this one about 5 s; linear, well under
    // a second.
    let n = 500_000;
    let mut today = String::with_capacity(n * 40);
    today.push_str("case,activity,at\n");
    for i in 0..n {
        today.push_str(&format!(
            "big,step {i},2026-09-01 {:02}:{:02}:{:02}\n",
            8 + i * 10 / n,
            i / 60 % 60,
            i % 60
        ));
    }
    // Rework: a repeated activity, in a case of its own and after the big one's last step.
    today
        .push_str("again,A,2026-09-02 08:00\nagain,B,2026-09-02 09:00\nagain,A,2026-09-02 10:00\n");
    let f = Fixture::new();
    f.write("t.csv", &today);
    f.write(
        "a.csv",
        "case,activity,at\nc1,A,2026-10-01 08:00\nc1,B,2026-10-01 09:00\n\
         c2,A,2026-10-02 08:00\nc2,A,2026-10-02 09:00\n",
    );
    f.write(
        "r.toml",
        "[events]\ncase = \"case\"\nactivity = \"activity\"\ntimestamp = \"at\"\nrework = true\n",
    );
    let j = f.compute_json("t.csv", "a.csv", &["--config", "r.toml", "--no-charts"]);
    // One case of each side repeated an activity; the big case, with none repeated, did not.
    assert_eq!(j["metrics"]["rework"]["today"]["total"], 1.0);
    assert_eq!(j["metrics"]["rework"]["after"]["total"], 1.0);
    assert_eq!(j["metrics"]["cycle_time"]["today"]["n"], 2);
}

#[test]
fn standard_input_and_pipes_are_read_once() {
    let f = Fixture::new();
    let today = std::fs::read(format!("{SAMPLES}/today.csv")).unwrap();
    let reference = f.compute_json(
        &format!("{SAMPLES}/today.csv"),
        &format!("{SAMPLES}/after.csv"),
        &["--no-charts"],
    );
    // `-` is standard input (was: misread as empty).
    let mut child = Command::new(env!("CARGO_BIN_EXE_roi"))
        .args([
            "compute",
            "-",
            &format!("{SAMPLES}/after.csv"),
            "--format",
            "json",
            "--no-charts",
            "--out",
            "stdin",
        ])
        .current_dir(f.dir.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(&today).unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let j: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(j["savings"], reference["savings"]);
    // Both files from standard input cannot be.
    let run = f.roi(&["compute", "-", "-"]);
    fails(&run, "both files are standard input");
}

#[cfg(unix)]
#[test]
fn a_fifo_is_read_once() {
    // Was: a FIFO hung forever (each input was opened twice).
    let f = Fixture::new();
    let fifo = f.path("today.fifo");
    let status = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(status.success());
    let today = std::fs::read(format!("{SAMPLES}/today.csv")).unwrap();
    let writer = std::thread::spawn(move || {
        let mut w = std::fs::OpenOptions::new().write(true).open(fifo).unwrap();
        w.write_all(&today).unwrap();
    });
    let run = f.roi(&[
        "compute",
        "today.fifo",
        &format!("{SAMPLES}/after.csv"),
        "--format",
        "json",
        "--no-charts",
        "--out",
        "out",
    ]);
    writer.join().unwrap();
    ok(&run);
    assert_eq!(run.json()["inputs"]["today"]["rows"], 630);
}

#[test]
fn what_users_typed_is_escaped_in_every_output() {
    let f = Fixture::new();
    let evil = "<img src=x onerror=alert(1)>";
    f.write(
        "today.csv",
        &format!(
            "metric,value,date\ncycle_time,5,2026-09-01\ncycle_time,6,2026-09-20\n\
             {evil},1,2026-09-02\n\u{1b}[2J\u{1b}]0;pwned\u{7},1,2026-09-03\nreklamacje,4,2026-09-04\n"
        ),
    );
    f.write(
        "after.csv",
        "metric,value,date\ncycle_time,4,2026-10-01\ncycle_time,5,2026-10-20\nreklamacje,1,2026-10-04\n",
    );
    f.write(
        "r.toml",
        "[metrics.\"<script>x</script>|a\"]\nkind = \"count\"\n[metrics.reklamacje]\nkind = \"count\"\n\
         label = \"<b>complaints</b> | # heading\"\n",
    );
    let run = f.roi(&[
        "compute",
        "today.csv",
        "after.csv",
        "--config",
        "r.toml",
        "--out",
        "out",
        "--svg",
    ]);
    ok(&run);
    // The terminal gets escapes, never a control character.
    for text in [&run.stdout, &run.stderr] {
        assert!(
            !text.contains('\u{1b}') && !text.contains('\u{7}'),
            "{text}"
        );
    }
    assert!(run.stderr.contains("\\u{1b}[2J"), "{}", run.stderr);
    // roi check's warnings name the same metric: escaped too.
    let check = f.roi(&["check", "today.csv", "--config", "r.toml"]);
    assert!(
        !check.stdout.contains('\u{1b}') && !check.stdout.contains('\u{7}'),
        "{}",
        check.stdout
    );
    assert!(check.stdout.contains("\\u{1b}[2J"), "{}", check.stdout);
    // Markdown: no raw tag, no table split, no heading.
    let md = std::fs::read_to_string(f.path("out/summary.md")).unwrap();
    let raw_tag = md
        .match_indices('<')
        .any(|(i, _)| i == 0 || md.as_bytes()[i - 1] != b'\\');
    assert!(!raw_tag, "{md}");
    assert!(
        md.contains("\\<b\\>complaints\\</b\\> \\| \\# heading"),
        "{md}"
    );
    // HTML: escaped.
    let html = std::fs::read_to_string(f.path("out/report.html")).unwrap();
    assert!(!html.contains("<img src=x") && !html.contains("<b>complaints"));
    assert!(html.contains("&lt;b&gt;complaints&lt;/b&gt;"));
    // SVG: well-formed text, no control characters.
    for e in std::fs::read_dir(f.path("out")).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "svg") {
            let svg = std::fs::read_to_string(&p).unwrap();
            assert!(
                !svg.chars()
                    .any(|c| c.is_control() && c != '\n' && c != '\t'),
                "{}",
                p.display()
            );
            assert!(!svg.contains("<b>"), "{}", p.display());
        }
    }
    // Reserved names cannot collide with the savings' keys.
    f.write("s.toml", "[metrics.sla]\nkind = \"count\"\n");
    let run = f.roi(&["compute", "today.csv", "after.csv", "--config", "s.toml"]);
    fails(
        &run,
        "custom metric 'sla' has a name roi keeps for its totals",
    );
}

#[test]
fn utf16_with_a_bom_is_read() {
    // Was: "binary data … Excel workbook", and --encoding utf-16le could not help.
    let text = "metric,value,date\ncycle_time,5,2026-09-01\ncycle_time,7,2026-09-20\n";
    let mut le = vec![0xFF, 0xFE];
    le.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    let mut be = vec![0xFE, 0xFF];
    be.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
    let bare: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let f = Fixture::new();
    f.write_bytes("le.csv", &le);
    f.write_bytes("be.csv", &be);
    f.write_bytes("bare.csv", &bare);
    let j = f.compute_json("le.csv", "be.csv", &["--no-charts"]);
    assert_eq!(j["inputs"]["today"]["encoding"], "UTF-16LE");
    assert_eq!(j["metrics"]["cycle_time"]["today"]["mean"], 6.0);
    let j = f.compute_json(
        "bare.csv",
        "bare.csv",
        &["--no-charts", "--encoding", "utf-16le"],
    );
    assert_eq!(j["metrics"]["cycle_time"]["after"]["mean"], 6.0);
}

#[test]
fn every_valid_date_is_a_date() {
    // Was: 9999-12-31 and 0000-01-01 "not a valid calendar date".
    let f = Fixture::new();
    f.write(
        "t.csv",
        "metric,value,date\ncycle_time,5,0000-01-01\ncycle_time,6,0000-01-02\n",
    );
    f.write(
        "a.csv",
        "metric,value,date\ncycle_time,4,9999-12-30\ncycle_time,5,31.12.9999\n",
    );
    let j = f.compute_json("t.csv", "a.csv", &["--no-charts"]);
    assert_eq!(j["inputs"]["today"]["first_date"], "0000-01-01");
    assert_eq!(j["inputs"]["after"]["last_date"], "9999-12-31");
    f.write("x.csv", "metric,value,date\ncycle_time,5,2026-02-29\n");
    fails(
        &f.roi(&["compute", "x.csv", "t.csv"]),
        "x.csv:2:3: date '2026-02-29' is not a valid calendar date",
    );
}

#[test]
fn a_second_special_column_is_an_error_and_long_headers_are_cut() {
    let (_, run) = compute_pair(
        "metric,value,date,value\ncycle_time,5,2026-09-01,7\n",
        "metric,value\ncycle_time,4\n",
        "",
    );
    fails(
        &run,
        "today.csv:1:4: column 4 ('value') is a second value column (the first is column 2)",
    );
    let (_, run) = compute_pair(
        "metric,value,date,Data\ncycle_time,5,2026-09-01,2026-09-01\n",
        "metric,value\ncycle_time,4\n",
        "",
    );
    fails(&run, "is a second date column");
    // A 100,000-column header without a metric: one short line (was a 1 MB message).
    let header: Vec<String> = (0..100_000).map(|i| format!("col{i}")).collect();
    let (_, run) = compute_pair(
        &format!("{}\n{}\n", header.join(","), vec!["1"; 100_000].join(",")),
        "metric,value\ncycle_time,4\n",
        "",
    );
    assert_eq!(run.code, 1);
    assert!(run.stderr.len() < 1000, "{} bytes", run.stderr.len());
    assert!(
        run.stderr.contains("… 100000 columns in all"),
        "{}",
        run.stderr
    );
}

#[test]
fn periods_that_overlap_or_come_in_the_wrong_order_are_warned_about() {
    let f = Fixture::new();
    let file = |first: &str, last: &str| {
        format!("metric,value,date\ncycle_time,5,{first}\ncycle_time,6,{last}\n")
    };
    for (today, after, needle) in [
        (
            file("2026-09-01", "2026-09-30"),
            file("2026-09-01", "2026-09-30"),
            "warning: today's file and the after file cover the same days (2026-09-01 to 2026-09-30)",
        ),
        (
            file("2026-10-01", "2026-10-30"),
            file("2026-09-01", "2026-09-30"),
            "warning: the after file (2026-09-01 to 2026-09-30) ends before today's file begins (2026-10-01): are the two files swapped?",
        ),
        (
            file("2026-09-01", "2026-09-30"),
            file("2026-09-20", "2026-10-20"),
            "warning: the two periods overlap",
        ),
    ] {
        f.write("t.csv", &today);
        f.write("a.csv", &after);
        let run = f.roi(&["compute", "t.csv", "a.csv", "--no-charts", "--out", "out"]);
        ok(&run);
        assert!(
            run.stderr.contains(needle),
            "missing {needle:?} in\n{}",
            run.stderr
        );
    }
}

#[test]
fn nothing_invested_and_a_loss_never_pays_back_and_no_negative_zero() {
    // Was: "Payback: immediate" with negative savings, and cash_flows[0] "-0.00".
    let (_, run) = compute_pair(
        "metric,value,date\ncycle_time,4,2026-09-01\ncycle_time,4,2026-09-30\n",
        "metric,value,date\ncycle_time,6,2026-10-01\ncycle_time,6,2026-10-30\n",
        "[investment]\none_time = 0\nmonthly = 0\n",
    );
    ok(&run);
    assert!(!run.stdout.contains("immediate"), "{}", run.stdout);
    assert!(
        run.stdout
            .lines()
            .any(|l| l.split_whitespace().collect::<Vec<_>>().join(" ")
                == "Payback not within 36 months"),
        "{}",
        run.stdout
    );
    let f = Fixture::new();
    f.write(
        "t.csv",
        "metric,value,date\ncycle_time,4,2026-09-01\ncycle_time,4,2026-09-30\n",
    );
    f.write(
        "a.csv",
        "metric,value,date\ncycle_time,6,2026-10-01\ncycle_time,6,2026-10-30\n",
    );
    f.write("r.toml", "[investment]\none_time = 0\nmonthly = 0\n");
    let j = f.compute_json("t.csv", "a.csv", &["--config", "r.toml", "--no-charts"]);
    assert_eq!(j["finance"]["cash_flows"][0], "0.00");
    assert!(j["finance"]["payback_months"].is_null());
}

#[test]
fn a_first_line_of_exactly_one_block_without_a_line_break_ends() {
    // Was: a file of exactly 1 MiB without a line break kept the reader waiting for a line
    // end that never came (the run never finished).
    let f = Fixture::new();
    for len in [(1 << 20) - 1, 1 << 20, (1 << 20) + 1] {
        f.write_bytes("x.csv", &vec![b'm'; len]);
        let run = f.roi(&["check", "x.csv"]);
        assert_eq!(run.code, 1, "{len}: {}", run.stderr);
        assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
        assert!(
            run.stdout.contains("x.csv:1:") || run.stderr.contains("x.csv:1:"),
            "{len}: {}{}",
            run.stdout,
            run.stderr
        );
    }
}

/// A timestamp typo with a non-ASCII character where a zone would be (`12:30+0€`) once
/// panicked: it is a located error like any other bad timestamp.
#[test]
fn a_zone_typo_in_a_timestamp_is_a_located_error() {
    let f = crate::common::Fixture::new();
    f.write(
        "today.csv",
        "case,start,end\n1,2026-09-01 10:00,2026-09-01 12:30+0€\n2,2026-09-02 10:00,2026-09-02 12:00\n",
    );
    f.write(
        "roi.toml",
        "[columns]\ncycle_time = { start = \"start\", end = \"end\" }\n",
    );
    let run = f.roi(&["check", "today.csv", "--config", "roi.toml"]);
    assert!(run.code == 0 || run.code == 1, "{}", run.stderr);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    assert!(
        run.stdout.contains("today.csv:2:3:") || run.stderr.contains("today.csv:2:3:"),
        "{}{}",
        run.stdout,
        run.stderr
    );
}

/// Names from roi.toml with every character SQL quoting must handle (issue 25).
const HOSTILE_TOML: &str = r#"[report]
by = "te'am\"`\\; -- x"

[columns]
sla_met = { column = "made'\"`\\;--sla", metric = "response_time" }

[sla.by."pri'o\"`\\;--"]
"P1'\\; -- \"`" = "4h"

[metrics."o'brien\\x"]
kind = "case_duration"
cost_per_unit = 10

[sla]
"o'brien\\x" = "2h"
"#;

/// The text literals and delimited identifiers of `sql` as `engine` reads them, and whether
/// a `;` stands outside them and the `--` comments (a second statement).
fn sql_tokens(engine: &str, sql: &str) -> (Vec<String>, Vec<String>, bool) {
    let spark = engine == "spark";
    let ident_quote = if spark { '`' } else { '"' };
    let (mut literals, mut idents, mut semicolon) = (Vec::new(), Vec::new(), false);
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '-' && chars.peek() == Some(&'-') {
            for c in chars.by_ref() {
                if c == '\n' {
                    break;
                }
            }
        } else if c == ';' {
            semicolon = true;
        } else if c == '\'' || c == ident_quote {
            let mut s = String::new();
            loop {
                match chars.next() {
                    None => panic!("an unclosed {c} in:\n{sql}"),
                    Some('\\') if spark && c == '\'' => s.push(chars.next().unwrap()),
                    Some(q) if q == c => {
                        if chars.peek() == Some(&c) && !(spark && c == '\'') {
                            s.push(chars.next().unwrap());
                        } else {
                            break;
                        }
                    }
                    Some(o) => s.push(o),
                }
            }
            if c == '\'' {
                literals.push(s);
            } else {
                idents.push(s);
            }
        }
    }
    (literals, idents, semicolon)
}

#[test]
fn hostile_names_are_quoted_for_each_engine() {
    // Was: Spark's literals quoted the ANSI way ('o''brien' reads as o'brien's neighbour
    // on PySpark, which takes backslash escapes), so the metric lost its rows.
    let f = Fixture::new();
    f.write("h.toml", HOSTILE_TOML);
    for engine in ["duckdb", "spark", "postgres"] {
        let run = f.roi(&["recipe", engine, "--config", "h.toml"]);
        ok(&run);
        let (literals, idents, semicolon) = sql_tokens(engine, &run.stdout);
        assert!(
            !semicolon,
            "{engine}: a second statement in:\n{}",
            run.stdout
        );
        for name in ["te'am\"`\\; -- x", "made'\"`\\;--sla", "pri'o\"`\\;--"] {
            assert!(
                idents.iter().any(|i| i == name),
                "{engine}: {name} in {idents:?}"
            );
        }
        for text in ["P1'\\; -- \"`", "o'brien\\x"] {
            assert!(
                literals.iter().any(|l| l == text),
                "{engine}: {text} in {literals:?}"
            );
        }
    }
    let spark = f.roi(&["recipe", "spark", "--config", "h.toml"]).stdout;
    assert!(
        spark.contains("WHEN metric = 'o\\'brien\\\\x' THEN"),
        "{spark}"
    );
    assert!(spark.contains("CAST(`te'am\"``\\; -- x` AS STRING) AS segment"));
    let duck = f.roi(&["recipe", "duckdb", "--config", "h.toml"]).stdout;
    assert!(duck.contains("WHEN metric = 'o''brien\\x' THEN"), "{duck}");
    assert!(duck.contains("CAST(\"te'am\"\"`\\; -- x\" AS VARCHAR) AS segment"));
}

#[test]
fn roi_toml_markers_of_cells_not_observed_are_null_in_each_recipe() {
    // Was: the recipes knew only the built-in markers; `[input] missing` cells were read as
    // not observed by roi and dropped by the recipe as not numbers, which now stops it.
    let f = Fixture::new();
    f.write("m.toml", "[input]\nmissing = [\"B/D\", \"it's\"]\n");
    for (engine, quoted) in [
        ("duckdb", "'it''s'"),
        ("spark", "'it\\'s'"),
        ("postgres", "'it''s'"),
    ] {
        let run = f.roi(&["recipe", engine, "--config", "m.toml"]);
        ok(&run);
        let markers =
            format!("IN ('', 'na', 'n/a', '#n/a', 'null', 'none', 'b/d', {quoted}) THEN NULL");
        assert!(run.stdout.contains(&markers), "{engine}: {}", run.stdout);
    }
    f.write("nl.toml", "[input]\nmissing = [\"?\", \"a\\nb\"]\n");
    let run = f.roi(&["recipe", "duckdb", "--config", "nl.toml"]);
    fails(
        &run,
        "nl.toml:2:17: [input] missing 'a\\nb' holds a line break",
    );
    assert_eq!(run.stdout, "");
}

#[test]
fn a_name_no_quoting_keeps_safe_is_refused_where_it_is_written() {
    // Was: a line break in [report] by ended the header's comment, and what followed ran as
    // SQL of its own on all three engines (on DuckDB, a COPY that wrote a file).
    let f = Fixture::new();
    f.write(
        "by.toml",
        "[input]\nmissing = [\"?\"]\n\n[report]\nby = \"team\\nCOPY (SELECT 1) TO 'x.csv'; --\"\n",
    );
    f.write(
        "nul.toml",
        "[columns]\nsla_met = { column = \"made\\u0000sla\", metric = \"response_time\" }\n",
    );
    for engine in ["duckdb", "spark", "postgres"] {
        let run = f.roi(&["recipe", engine, "--config", "by.toml"]);
        fails(
            &run,
            "by.toml:5:6: [report] by 'team\\nCOPY (SELECT 1) TO 'x.csv'; --' holds a line break",
        );
        assert!(run.stderr.contains("without line breaks"), "{}", run.stderr);
        assert_eq!(run.stdout, "");
        let run = f.roi(&["recipe", engine, "--config", "nul.toml"]);
        fails(&run, "nul.toml:2:22: [columns] sla_met 'made\\0sla'");
        assert_eq!(run.stdout, "");
        let run = f.roi(&["recipe", engine, "--by", "a\rb"]);
        fails(&run, "--by: --by 'a\\rb' holds a line break");
        assert_eq!(run.stdout, "");
    }
}

#[test]
#[cfg(unix)]
fn roi_toml_and_the_case_are_read_within_a_size_limit() {
    // Was: read whole, /dev/zero grew until memory ran out.
    let f = Fixture::new();
    f.write("today.csv", "metric,value\ncycle_time,4\n");
    for args in [
        &["recipe", "duckdb", "--config", "/dev/zero"][..],
        &["compute", "today.csv", "today.csv", "--config", "/dev/zero"],
        &["check", "today.csv", "--config", "/dev/zero"],
    ] {
        let run = f.roi(args);
        fails(&run, "/dev/zero: the file is larger than 16 MiB");
        assert!(run.stderr.contains("at most 16 MiB"), "{}", run.stderr);
        assert_eq!(run.stdout, "");
    }
    let run = f.roi(&["track", "/dev/zero", "today.csv"]);
    fails(&run, "/dev/zero: the file is larger than 64 MiB");
    assert!(!f.exists("roi-report"));
    let run = f.roi(&[
        "compute",
        "today.csv",
        "today.csv",
        "--projected",
        "/dev/zero",
        "--lang",
        "pl",
    ]);
    fails(&run, "/dev/zero: plik jest większy niż 64 MiB");
    assert!(!f.exists("roi-report"));
    // Just within the limit, roi.toml is read (and its text judged as usual).
    let mut big = "# a comment\n".repeat((16 << 20) / 12 - 2);
    big.push_str("currency = \"EUR\"\n");
    assert!(big.len() < 16 << 20);
    f.write("big.toml", &big);
    let run = f.roi(&["recipe", "duckdb", "--config", "big.toml"]);
    ok(&run);
}

/// A small valid workbook of cycle times: a header and `rows` rows on sheet `Data`.
fn cycle_time_book(rows: u32) -> rust_xlsxwriter::Workbook {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Data").unwrap();
    sheet.write(0, 0, "metric").unwrap();
    sheet.write(0, 1, "value").unwrap();
    sheet.write(0, 2, "unit").unwrap();
    for r in 1..=rows {
        sheet.write(r, 0, "cycle_time").unwrap();
        sheet.write(r, 1, 4.0 + f64::from(r % 3)).unwrap();
        sheet.write(r, 2, "h").unwrap();
    }
    book
}

#[test]
fn a_sheet_spanning_the_whole_grid_is_refused_at_its_far_cell() {
    // Was: one cell at XFD1048576 of a 2 KB .xlsx aborted ("memory allocation of
    // 549755813888 bytes failed"): the dense range spans every cell between.
    let f = Fixture::new();
    let mut book = cycle_time_book(3);
    let sheet = book.worksheet_from_name("Data").unwrap();
    sheet.write(1_048_575, 16_383, "stray").unwrap();
    book.save(f.path("today.xlsx")).unwrap();
    let run = f.roi(&["check", "today.xlsx"]);
    fails(
        &run,
        "today.xlsx:Data!XFD1048576: sheet Data has cells from A1 to XFD1048576, more than roi reads",
    );
    assert!(
        run.stderr.contains("at most 16777216 cells"),
        "{}",
        run.stderr
    );
    // Within the bound, a sheet wider than its data is read.
    let mut book = cycle_time_book(3);
    let sheet = book.worksheet_from_name("Data").unwrap();
    sheet.write(40, 200, "a note far right").unwrap();
    book.save(f.path("wide.xlsx")).unwrap();
    let run = f.roi(&["check", "wide.xlsx"]);
    assert!(
        !run.stderr.contains("more than roi reads"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
}

#[test]
fn a_workbook_that_unpacks_to_far_more_than_its_size_is_refused() {
    // Was: a 2 MB .xlsx whose shared strings unpacked to 850 MB took 2.7 GB. Here a valid
    // workbook with one more part of 80 MiB of zeros (a few hundred KB packed).
    use std::io::Write as _;
    let f = Fixture::new();
    let valid = cycle_time_book(3).save_to_buffer().unwrap();
    let mut source = zip::ZipArchive::new(std::io::Cursor::new(valid)).unwrap();
    let mut out = zip::ZipWriter::new(std::fs::File::create(f.path("bomb.xlsx")).unwrap());
    for i in 0..source.len() {
        out.raw_copy_file(source.by_index_raw(i).unwrap()).unwrap();
    }
    let deflated = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(false);
    out.start_file("xl/padding.xml", deflated).unwrap();
    let zeros = vec![0u8; 1 << 20];
    for _ in 0..80 {
        out.write_all(&zeros).unwrap();
    }
    out.finish().unwrap();
    let size = std::fs::metadata(f.path("bomb.xlsx")).unwrap().len();
    assert!(size < 1 << 20, "{size}");
    let run = f.roi(&["check", "bomb.xlsx"]);
    fails(&run, "bomb.xlsx: the workbook unpacks to 81 MiB from ");
    assert!(
        run.stderr
            .contains("(xl/padding.xml alone to 80 MiB): more than roi reads, as from a zip bomb"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("at most 100 times its size"),
        "{}",
        run.stderr
    );
    let run = f.roi(&["check", "bomb.xlsx", "--lang", "pl"]);
    fails(&run, "bomba zip");
    // A workbook of ordinary size and ratio is read.
    f.write_bytes("ok.xlsx", &cycle_time_book(3).save_to_buffer().unwrap());
    ok(&f.roi(&["check", "ok.xlsx"]));
}

#[test]
fn a_hidden_first_sheet_is_passed_over_with_a_warning() {
    // Was: the hidden first sheet was read without a word.
    let f = Fixture::new();
    let mut book = rust_xlsxwriter::Workbook::new();
    let lookup = book.add_worksheet();
    lookup.set_name("Lookup").unwrap();
    lookup.write(0, 0, "code").unwrap();
    lookup.write(1, 0, "P1").unwrap();
    lookup.set_hidden(true);
    let data = book.add_worksheet();
    data.set_name("Data").unwrap();
    data.set_active(true);
    data.write(0, 0, "cycle_time_h").unwrap();
    for r in 1..=3u32 {
        data.write(r, 0, f64::from(r)).unwrap();
    }
    book.save(f.path("today.xlsx")).unwrap();
    let run = f.roi(&["check", "today.xlsx"]);
    ok(&run);
    let said = "today.xlsx: the first sheet, Lookup, is hidden; read Data, the first visible sheet";
    assert!(
        common::flat(&run.stdout).contains(said) || common::flat(&run.stderr).contains(said),
        "stdout:\n{}\nstderr:\n{}",
        run.stdout,
        run.stderr
    );
    assert!(run.stdout.contains("cycle time"), "{}", run.stdout);
    // --sheet still reads the hidden one, as asked.
    let run = f.roi(&["check", "today.xlsx", "--sheet", "Lookup"]);
    assert!(!common::flat(&run.stderr).contains(said), "{}", run.stderr);
    let pl = f.roi(&["check", "today.xlsx", "--lang", "pl"]);
    assert!(
        common::flat(&pl.stdout).contains("pierwszy arkusz, Lookup, jest ukryty")
            || common::flat(&pl.stderr).contains("pierwszy arkusz, Lookup, jest ukryty"),
        "{}{}",
        pl.stdout,
        pl.stderr
    );
}
