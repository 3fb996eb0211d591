//! Exports as real systems write them: durations from timestamps (Jira,
//! ServiceNow), event logs, working hours, workbooks (.xlsx written with openpyxl, .ods saved
//! by LibreOffice: `tests/fixtures/exports/make_workbooks.py`), slash dates. Figures worked
//! out by hand in the comments.

use crate::common::Fixture;

const EXPORTS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/exports");

fn fixture(config: &str) -> Fixture {
    let f = Fixture::new();
    f.write("roi.toml", config);
    f
}

fn path(name: &str) -> String {
    format!("{EXPORTS}/{name}")
}

/// `roi compute` as JSON with the fixture's roi.toml: the summary and stderr.
fn compute(f: &Fixture, today: &str, after: &str) -> (serde_json::Value, String) {
    let run = f.roi(&[
        "compute",
        &path(today),
        &path(after),
        "--config",
        "roi.toml",
        "--format",
        "json",
        "--no-charts",
        "--out",
        "out",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    (run.json(), run.stderr)
}

fn stat(j: &serde_json::Value, metric: &str, side: &str, key: &str) -> f64 {
    j["metrics"][metric][side][key]
        .as_f64()
        .unwrap_or_else(|| panic!("{metric}.{side}.{key}: {}", j["metrics"][metric]))
}

const JIRA: &str = "[columns]\ncycle_time = { start = \"Created\", end = \"Resolved\" }\n";

#[test]
fn jira_created_and_resolved_become_cycle_times() {
    let f = fixture(JIRA);
    let (j, stderr) = compute(&f, "jira_today.csv", "jira_after.csv");
    // Today: SD-1 9:00 AM → 1:30 PM = 4.5 h; SD-2 24 h; SD-3 open; SD-4 ends before it
    // starts; SD-5 11 AM → 3 PM = 4 h; SD-6 Fri 4 PM → Mon 9 AM = 65 h. Mean 97.5 / 4.
    assert_eq!(stat(&j, "cycle_time", "today", "n"), 4.0);
    assert_eq!(stat(&j, "cycle_time", "today", "mean"), 24.375);
    assert_eq!(stat(&j, "cycle_time", "today", "max"), 65.0);
    // After: 1.5 h, Wed 1 PM → Thu 9 AM = 20 h, 4 h, Fri 3:30 PM → Mon 8:30 AM = 65 h.
    assert_eq!(stat(&j, "cycle_time", "after", "mean"), 22.625);
    // Cases are dated by their end: Mar 2 (SD-1) to Mar 9 (SD-6); open SD-3 stretches nothing.
    let today = &j["inputs"]["today"];
    assert_eq!(today["first_date"], "2026-03-02");
    assert_eq!(today["last_date"], "2026-03-09");
    assert_eq!(today["window_days"], 8);
    assert!(
        stderr.contains(
            "jira_today.csv:4: cycle time could not be measured for 1 case without an end (still open, or the end not \
             recorded) and 1 case with an end before the start"
        ),
        "{stderr}"
    );
    let w = j["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|w| w["kind"] == "unmeasured")
        .unwrap();
    assert_eq!(
        (w["open"].as_u64(), w["reversed"].as_u64()),
        (Some(1), Some(1))
    );
    // One of today's five cases with a start is open (20%), none after: more than 5 points
    // apart, and the side with the open cases looks faster than it is.
    assert!(
        stderr.contains(
            "cycle time: 20% of today's cases are still open against 0% after the change; open \
             cases are left out, so the side with more open (often long) cases looks faster than it is"
        ),
        "{stderr}"
    );
    let w = j["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|w| w["kind"] == "open_share_differs")
        .unwrap_or_else(|| panic!("{}", j["warnings"]));
    assert_eq!(
        (w["today"].as_f64(), w["after"].as_f64()),
        (Some(0.2), Some(0.0))
    );
}

#[test]
fn servicenow_iso_timestamps_with_zones() {
    let f = fixture("[columns]\ncycle_time = { start = \"opened_at\", end = \"resolved_at\" }\n");
    let (j, _) = compute(&f, "servicenow_today.csv", "servicenow_after.csv");
    assert_eq!(stat(&j, "cycle_time", "today", "mean"), 24.375);
    // INC0020003: 08:00 at +02:00 to 10:00 UTC (12:00 at +02:00) is 4 h, as in the others.
    assert_eq!(stat(&j, "cycle_time", "after", "mean"), 22.625);
}

#[test]
fn workbooks_give_the_figures_of_the_csv() {
    let f = fixture(JIRA);
    let (csv, _) = compute(&f, "jira_today.csv", "jira_after.csv");
    for ext in ["xlsx", "ods"] {
        let (wb, stderr) = compute(
            &f,
            &format!("jira_today.{ext}"),
            &format!("jira_after.{ext}"),
        );
        for side in ["today", "after"] {
            assert_eq!(
                wb["metrics"]["cycle_time"][side], csv["metrics"]["cycle_time"][side],
                "{ext} {side}"
            );
        }
        assert_eq!(wb["inputs"]["today"]["window_days"], 8, "{ext}");
        assert!(
            stderr.contains(&format!("jira_today.{ext}:4: cycle time")),
            "{stderr}"
        );
    }
    // The duration column as a spreadsheet stores it (a fraction of a day, [h]:mm).
    let f = fixture("[columns]\ncycle_time = \"Time to resolve\"\n");
    for ext in ["xlsx", "ods"] {
        let (wb, _) = compute(
            &f,
            &format!("jira_today.{ext}"),
            &format!("jira_after.{ext}"),
        );
        assert_eq!(stat(&wb, "cycle_time", "today", "mean"), 24.375, "{ext}");
        assert_eq!(stat(&wb, "cycle_time", "after", "mean"), 22.625, "{ext}");
    }
}

#[test]
fn a_sheet_by_name_and_a_located_cell() {
    let f = fixture(JIRA);
    let run = f.roi(&[
        "check",
        &path("jira_today.xlsx"),
        "--sheet",
        "Nope",
        "--config",
        "roi.toml",
    ]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains(
            "jira_today.xlsx: the workbook has no sheet 'Nope'; expected one of its sheets: Issues"
        ),
        "{}",
        run.stderr
    );
    let run = f.roi(&[
        "check",
        &path("jira_today.xlsx"),
        "--sheet",
        "Issues",
        "--config",
        "roi.toml",
    ]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    // A bad cell of a workbook is named by sheet and cell.
    let f = fixture("[columns]\ncycle_time = \"Summary\"\n");
    let run = f.roi(&["check", &path("jira_today.xlsx"), "--config", "roi.toml"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout
            .contains("jira_today.xlsx:Issues!B2: value 'Printer jams on floor 2' for cycle_time is not a number"),
        "{}",
        run.stdout
    );
}

const CALENDAR: &str = "[columns]\ncycle_time = { start = \"Created\", end = \"Resolved\", basis = \"working\" }\n\
[calendar]\nhours = \"08:00-16:00\"\ndays = \"mon-fri\"\n";

#[test]
fn working_hours_across_a_weekend_and_a_holiday() {
    let f = fixture(CALENDAR);
    let (j, _) = compute(&f, "jira_today.csv", "jira_after.csv");
    // 08:00-16:00, Mon-Fri. SD-1 Mon 9:00-13:30 = 4.5; SD-2 Mon 10:15 → Tue 10:15 = 5.75 +
    // 2.25 = 8; SD-5 4; SD-6 Fri 16:00 → Mon 9:00 = 0 + 1 = 1. Mean 17.5 / 4 = 4.375.
    assert_eq!(stat(&j, "cycle_time", "today", "mean"), 4.375);
    // After: 1.5; Wed 13:00 → Thu 9:00 = 3 + 1 = 4; 4; Fri 15:30 → Mon 8:30 = 0.5 + 0.5 = 1.
    assert_eq!(stat(&j, "cycle_time", "after", "mean"), 2.625);
    // Tuesday 2026-03-03 a holiday: SD-2 is Monday's 5.75 h alone; mean 15.25 / 4.
    let f = fixture(&format!("{CALENDAR}holidays = [\"2026-03-03\"]\n"));
    let (j, _) = compute(&f, "jira_today.csv", "jira_after.csv");
    assert_eq!(stat(&j, "cycle_time", "today", "mean"), 3.8125);
}

#[test]
fn an_event_log_with_rework() {
    let f = fixture(
        "[events]\ncase = \"CaseID\"\nactivity = \"Activity\"\ntimestamp = \"Timestamp\"\n\
         response_until = \"First response\"\nrework = true\n",
    );
    let (j, stderr) = compute(&f, "events_today.csv", "events_after.csv");
    // Today: C1 08:00 → 12:00 = 4 h, answered after 30 min, checked twice (rework); C2
    // 09:00 → next day 09:00 = 24 h, answered after 60 min; C3 10:00 → 16:00 = 6 h, no
    // answer; C4 one event (no duration). Cycle mean 34 / 3, response mean 45 min.
    assert_eq!(stat(&j, "cycle_time", "today", "n"), 3.0);
    assert!((stat(&j, "cycle_time", "today", "mean") - 34.0 / 3.0).abs() < 1e-9);
    assert_eq!(stat(&j, "response_time", "today", "mean"), 45.0);
    assert_eq!(stat(&j, "rework", "today", "total"), 1.0);
    // After: 2 h, 4 h, 2 h; answers after 10 and 20 min; no rework.
    assert!((stat(&j, "cycle_time", "after", "mean") - 8.0 / 3.0).abs() < 1e-9);
    assert_eq!(stat(&j, "response_time", "after", "mean"), 15.0);
    assert_eq!(stat(&j, "rework", "after", "total"), 0.0);
    // Cases dated by their last event: Mar 2 to Mar 5 (C4's only event).
    assert_eq!(j["inputs"]["today"]["layout"], "events");
    assert_eq!(j["inputs"]["today"]["window_days"], 4);
    assert!(
        stderr.contains("events_today.csv: cases with a single event (1 case) have no duration"),
        "{stderr}"
    );
}

#[test]
fn day_and_month_from_the_data_or_from_roi_toml() {
    let f = fixture("");
    f.write("roi.toml", "");
    let run = f.roi(&["check", &path("ambiguous.csv"), "--config", "roi.toml"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout.contains(
            "ambiguous.csv:2: the dates of this file read as day/month or month/day alike (no day above 12), so roi cannot tell which; expected [columns] date_format = \"d/m/yyyy\" or \"m/d/yyyy\""
        ),
        "{}",
        run.stdout
    );
    // 13/04/2026 on the last row tells: day first, for the rows before it too.
    let run = f.roi(&["check", &path("decided_later.csv"), "--config", "roi.toml"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(
        run.stdout.contains("2026-04-03 to 2026-04-13 (11 days"),
        "{}",
        run.stdout
    );
    f.write("roi.toml", "[columns]\ndate_format = \"m/d/yyyy\"\n");
    let run = f.roi(&["check", &path("ambiguous.csv"), "--config", "roi.toml"]);
    assert!(
        run.stdout.contains("2026-03-04 to 2026-05-04 (62 days"),
        "{}",
        run.stdout
    );
}

#[test]
fn more_of_what_exports_write() {
    let f = fixture("");
    // Dates without leading zeros; durations as h:mm and ISO 8601.
    f.write(
        "t.csv",
        "data;czas_cyklu;response_time\n1.09.2026;4:30;PT45M\n2.9.2026;0:45;PT1H\n",
    );
    let run = f.roi(&["check", "t.csv", "--config", "roi.toml"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(
        run.stdout.contains("2026-09-01 to 2026-09-02 (2 days"),
        "{}",
        run.stdout
    );
    let f2 = fixture("");
    f2.write(
        "a.csv",
        "data;czas_cyklu;response_time\n1.10.2026;2:15;PT30M\n2.10.2026;1:45;PT40M\n",
    );
    f2.write(
        "t.csv",
        "data;czas_cyklu;response_time\n1.09.2026;4:30;PT45M\n2.9.2026;0:45;PT1H\n",
    );
    let run = f2.roi(&[
        "compute", "t.csv", "a.csv", "--config", "roi.toml", "--format", "json", "--out", "o",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let j = run.json();
    // (4.5 + 0.75) / 2 = 2.625 h; after (2.25 + 1.75) / 2 = 2 h; responses 45 and 60 min.
    assert_eq!(stat(&j, "cycle_time", "today", "mean"), 2.625);
    assert_eq!(stat(&j, "cycle_time", "after", "mean"), 2.0);
    assert_eq!(stat(&j, "response_time", "today", "mean"), 52.5);
    // A column with a unit in its name, and one of dates, get a suggestion.
    f.write(
        "p.csv",
        "Numer,Data zamknięcia,Czas realizacji (dni),errors\n1,2026-09-01,2,1\n",
    );
    let run = f.roi(&["check", "p.csv", "--config", "roi.toml"]);
    assert!(
        run.stdout.contains("column 'Czas realizacji (dni)' has a unit (d) but names no metric roi knows; to use it, map it in roi.toml [columns]"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains(
        "column 'Data zamknięcia' holds dates, and the file has no date column; to date the rows by it, set [columns] date = \"Data zamknięcia\""
    ));
    // And check fails exactly as compute would: a count without any window.
    assert_eq!(run.code, 1);
    assert!(
        run.stdout
            .contains("errors summed over a period, but the file has no date column")
    );
}

#[test]
fn bad_timestamps_and_configurations_are_located() {
    let f = fixture(JIRA);
    f.write(
        "t.csv",
        "Key,Created,Resolved\nA-1,2026-09-01 08:00,2026-09-01 10:00\nA-2,2026-09-01 08:00,yesterday\n",
    );
    let run = f.roi(&[
        "compute", "t.csv", "t.csv", "--config", "roi.toml", "--out", "o",
    ]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("t.csv:3:3: 'yesterday' is not a valid date or time; expected a date or time like 2026-10-01"),
        "{}",
        run.stderr
    );
    assert!(!f.exists("o"));
    // A mapped column the header does not have, with a suggestion.
    f.write(
        "u.csv",
        "Key,Created,Resolvd\nA-1,2026-09-01 08:00,2026-09-01 10:00\n",
    );
    let run = f.roi(&["check", "u.csv", "--config", "roi.toml"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout.contains("roi.toml names 'Resolved' as the end of cycle_time ([columns]), but the header has no such column (did you mean 'Resolvd'?)"),
        "{}",
        run.stdout
    );
    // roi.toml itself: every new key checked, located.
    for (toml, message) in [
        (
            "[calendar]\nhours = \"16:00-08:00\"\n",
            "roi.toml:2:9: calendar.hours is '16:00-08:00'; expected working hours like \"08:00-16:00\"",
        ),
        (
            "[calendar]\ndays = \"someday\"\n",
            "roi.toml:2:8: calendar.days is 'someday'",
        ),
        (
            "[calendar]\nholidays = [\"2026-02-30\"]\n",
            "roi.toml:2:13: calendar.holidays has '2026-02-30', not a date",
        ),
        (
            "[events]\ncase = \"CaseID\"\n",
            "[events] has no activity, timestamp",
        ),
        (
            "[columns]\nerrors = { start = \"A\", end = \"B\" }\n",
            "columns.errors has a start and an end, but errors is not a case duration",
        ),
        (
            "[columns]\ndate_format = \"yyyy-mm-dd\"\n",
            "columns.date_format is 'yyyy-mm-dd'; expected \"d/m/yyyy\" or \"m/d/yyyy\"",
        ),
        (
            "[columns]\ncycle_time = { start = \"A\", end = \"B\", basis = \"fast\" }\n",
            "columns.cycle_time.basis is 'fast'",
        ),
    ] {
        f.write("roi.toml", toml);
        let run = f.roi(&["check", "t.csv", "--config", "roi.toml"]);
        assert_eq!(run.code, 1, "{toml}");
        assert!(run.stderr.contains(message), "{toml}: {}", run.stderr);
    }
}

/// A ServiceNow incident list as the system exports it: `?` for missing, dashed timestamps as
/// Excel re-saves them, the system's own per-priority SLA verdict in `made_sla`, and
/// `opened_at` both the cycle time's start and the date ("an incident belongs to the month it
/// was opened in").
const SN_HEADER: &str = "number,incident_state,reassignment_count,reopen_count,made_sla,opened_at,resolved_at,priority\n";

fn servicenow(f: &Fixture) {
    f.write(
        "today.csv",
        &format!(
            "{SN_HEADER}INC001,Closed,0,0,true,01-03-2016 08:00,01-03-2016 12:00,3 - Moderate\n\
             INC002,Closed,1,0,false,02-03-2016 09:00,10-03-2016 09:00,3 - Moderate\n\
             INC003,Closed,0,?,true,05-03-2016 10:00,05-03-2016 11:30,1 - Critical\n\
             INC004,Resolved,2,1,false,15-03-2016 10:00,?,2 - High\n\
             INC005,Closed,0,0,true,28-03-2016 10:00,20-04-2016 10:00,3 - Moderate\n"
        ),
    );
    f.write(
        "after.csv",
        &format!(
            "{SN_HEADER}INC101,Closed,0,0,true,01-04-2016 08:00,01-04-2016 10:00,3 - Moderate\n\
             INC102,Closed,0,0,true,03-04-2016 09:00,04-04-2016 09:00,3 - Moderate\n\
             INC103,Closed,1,0,true,10-04-2016 10:00,10-04-2016 11:00,1 - Critical\n\
             INC104,Closed,0,0,false,29-04-2016 10:00,02-05-2016 10:00,2 - High\n"
        ),
    );
}

/// `roi compute today.csv after.csv --config roi.toml --format json` on the ServiceNow
/// fixture, with `extra` arguments; exit 0, the JSON.
fn servicenow_json(f: &Fixture, extra: &[&str]) -> serde_json::Value {
    let mut args = vec![
        "compute",
        "today.csv",
        "after.csv",
        "--config",
        "roi.toml",
        "--format",
        "json",
    ];
    args.extend_from_slice(extra);
    let run = f.roi(&args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    run.json()
}

const SN_COLUMNS: &str = "[columns]\n\
    cycle_time = { start = \"opened_at\", end = \"resolved_at\" }\n\
    date = \"opened_at\"\n\
    date_format = \"d/m/yyyy\"\n";

#[test]
fn a_servicenow_incident_list_gives_the_case_of_its_intended_windows() {
    let f = fixture("");
    servicenow(&f);
    f.write(
        "roi.toml",
        &format!(
            "{SN_COLUMNS}sla_met = {{ column = \"made_sla\", metric = \"cycle_time\" }}\n\
             [input]\nmissing = [\"?\"]\n[investment]\none_time = 1000\n"
        ),
    );
    let run = f.roi(&[
        "compute",
        "today.csv",
        "after.csv",
        "--config",
        "roi.toml",
        "--format",
        "json",
        "--out",
        "o",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let j = run.json();
    // Windows by opened_at: 1–28 March (28 days), 1–29 April (29 days), although INC005 was
    // resolved on 20 April and INC104 on 2 May.
    assert_eq!(j["inputs"]["today"]["first_date"], "2016-03-01");
    assert_eq!(j["inputs"]["today"]["last_date"], "2016-03-28");
    assert_eq!(j["inputs"]["today"]["window_days"], 28);
    assert_eq!(j["inputs"]["after"]["window_days"], 29);
    // Cycle times by hand: 4 h, 192 h, 1.5 h, 552 h (INC004 still open: counted, not
    // measured); after 2 h, 24 h, 1 h, 72 h.
    assert_eq!(stat(&j, "cycle_time", "today", "n"), 4.0);
    assert_eq!(stat(&j, "cycle_time", "today", "mean"), 187.375);
    assert_eq!(stat(&j, "cycle_time", "today", "median"), 98.0);
    assert_eq!(stat(&j, "cycle_time", "after", "mean"), 24.75);
    // Volume: 4 cases in 28 days = 4 / (28 / 30.4375) a month.
    let v = j["volume"]["today_measured"].as_f64().unwrap();
    assert!((v - 4.0 / (28.0 / 30.4375)).abs() < 1e-9, "{v}");
    // The system's own SLA verdicts: 3 of 4 measured incidents met it on each side.
    assert_eq!(stat(&j, "cycle_time", "today", "sla_share"), 0.75);
    assert_eq!(stat(&j, "cycle_time", "after", "sla_share"), 0.75);
    assert_eq!(j["metrics"]["cycle_time"]["today"]["sla_per_case"], true);
    // roi check shows the window of the intended dates and both roles of opened_at.
    let run = f.roi(&["check", "today.csv", "--config", "roi.toml"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(
        run.stdout
            .contains("2016-03-01 to 2016-03-28 (28 days, from column 'opened_at')"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("opened_at                date; start of cycle time"),
        "{}",
        run.stdout
    );
}

#[test]
fn sla_targets_by_priority_hold_each_case_to_its_own() {
    let f = fixture("");
    servicenow(&f);
    f.write(
        "roi.toml",
        &format!(
            "{SN_COLUMNS}[input]\nmissing = [\"?\"]\n\
             [sla.by.priority]\n\"1 - Critical\" = \"4h\"\n\"3 - Moderate\" = \"5d\"\n"
        ),
    );
    let j = servicenow_json(&f, &["--out", "o"]);
    // Today: 4 h ≤ 5 d met, 192 h > 120 h not, 1.5 h ≤ 4 h met, 552 h not: 2 of 4. After:
    // 2 h, 24 h and 1 h met; '2 - High' has no target here or in [sla]: not counted. 3 of 3.
    assert_eq!(stat(&j, "cycle_time", "today", "sla_share"), 0.5);
    assert_eq!(stat(&j, "cycle_time", "after", "sla_share"), 1.0);
    // Broken down by priority, the whole case keeps the same shares: the segments' verdicts
    // add up to the file's.
    let j = servicenow_json(&f, &["--out", "p", "--by", "priority"]);
    assert_eq!(stat(&j, "cycle_time", "today", "sla_share"), 0.5);
    assert_eq!(stat(&j, "cycle_time", "after", "sla_share"), 1.0);
}

#[test]
fn a_mapping_roi_cannot_honour_is_an_error() {
    let f = fixture("");
    servicenow(&f);
    // Without [input] missing, '?' is a located problem that says the line to add.
    f.write("roi.toml", SN_COLUMNS);
    let run = f.roi(&[
        "compute",
        "today.csv",
        "after.csv",
        "--config",
        "roi.toml",
        "--out",
        "o",
    ]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains(
            "today.csv:5:7: '?' is not a valid date or time; expected a date or time like"
        ) && run
            .stderr
            .contains("add [input] missing = [\"?\"] to roi.toml"),
        "{}",
        run.stderr
    );
    // A date column the file does not have.
    f.write(
        "roi.toml",
        "[columns]\ncycle_time = { start = \"opened_at\", end = \"resolved_at\" }\n\
         date = \"opened\"\ndate_format = \"d/m/yyyy\"\n[input]\nmissing = [\"?\"]\n",
    );
    let run = f.roi(&["check", "today.csv", "--config", "roi.toml"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout.contains(
            "today.csv:1: [columns] date = 'opened' names no column of this file; did you mean \
             'opened_at'?"
        ),
        "{}",
        run.stdout
    );
    assert!(!f.path("o").exists());
}

#[test]
fn a_case_duration_on_one_side_only_is_an_error_naming_that_side() {
    let f = fixture("");
    f.write(
        "t.csv",
        "date,cycle_time_h,response_time_min\n2026-09-01,4,20\n2026-09-02,5,30\n",
    );
    f.write("a.csv", "date,cycle_time_h\n2026-10-01,3\n2026-10-02,4\n");
    let run = f.roi(&["compute", "t.csv", "a.csv", "--out", "o"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains(
            "error: a.csv: response_time is measured in t.csv (cases: 2) but not in this file"
        ),
        "{}",
        run.stderr
    );
    assert!(!f.path("o").exists());
    // roi check on the two files says the same, as a problem of the pair (exit 1).
    let run = f.roi(&["check", "t.csv", "a.csv"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stdout.contains(
            "t.csv and a.csv as today and after\n  problems (1)\n    a.csv: response_time is \
             measured in t.csv (cases: 2) but not in this file"
        ),
        "{}",
        run.stdout
    );
}

#[test]
fn check_says_ok_only_when_nothing_was_skipped() {
    let f = fixture("");
    f.write(
        "clean.csv",
        "date,cycle_time_h,errors\n2026-09-01,4,1\n2026-09-02,5,0\n",
    );
    let run = f.roi(&["check", "clean.csv"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(
        run.stdout.ends_with("  ok: no problems\n"),
        "{}",
        run.stdout
    );
    // A count column is named without a unit.
    assert!(
        run.stdout.contains("    errors                   errors\n"),
        "{}",
        run.stdout
    );
    // A row of an unknown metric, an empty cell and a case still open: each skipped, each
    // counted in the last line.
    f.write(
        "long.csv",
        "date,metric,value,unit\n2026-09-01,cycle_time,4,h\n2026-09-02,cycle_time,NA,h\n\
         2026-09-03,queue_length,3,\n2026-09-04,errors,2,\n",
    );
    let run = f.roi(&["check", "long.csv"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(
        run.stdout.ends_with(
            "  ok, 2 skipped: 1 row of unknown metrics, 1 cell not observed (the warnings \
             above say which)\n"
        ),
        "{}",
        run.stdout
    );
    f.write(
        "spans.csv",
        "id,opened,closed\n1,2026-09-01 10:00,2026-09-01 12:00\n2,2026-09-01 10:00,\n\
         3,2026-09-02 10:00,\n",
    );
    f.write(
        "roi.toml",
        "[columns]\ncycle_time = { start = \"opened\", end = \"closed\" }\n",
    );
    let run = f.roi(&["check", "spans.csv", "--config", "roi.toml"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(
        run.stdout.ends_with(
            "  ok, 2 skipped: 2 cases without a duration (the warnings above say which)\n"
        ),
        "{}",
        run.stdout
    );
}
