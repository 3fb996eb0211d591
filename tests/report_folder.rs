//! The report folder as a transaction: links are never followed, a failed run leaves the old
//! report as it was, concurrent runs never mix, roi removes its own stale files and nothing
//! else, and a failure to print the summary changes nothing.

use crate::common;
use crate::common::Fixture;
use std::path::Path;
use std::process::Command;

const SAMPLES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/samples");

fn compute(f: &Fixture, out: &str, extra: &[&str]) -> common::Run {
    let today = format!("{SAMPLES}/today.csv");
    let after = format!("{SAMPLES}/after.csv");
    let config = format!("{SAMPLES}/roi.toml");
    let mut args = vec![
        "compute",
        today.as_str(),
        after.as_str(),
        "--config",
        config.as_str(),
        "--out",
        out,
    ];
    args.extend_from_slice(extra);
    f.roi(&args)
}

/// Every file of a folder with its bytes, in name order.
fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .filter(|e| e.file_type().unwrap().is_file())
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    v.sort();
    v
}

fn roi_files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    snapshot(dir)
        .into_iter()
        .filter(|(n, _)| !n.starts_with(".roi"))
        .collect()
}

#[cfg(unix)]
#[test]
fn links_in_the_folder_are_replaced_never_followed() {
    let f = Fixture::new();
    std::fs::create_dir(f.path("out")).unwrap();
    let outside = f.write("precious.txt", "do not touch");
    for name in [
        "summary.md",
        ".summary.md.roi-tmp",
        ".roi-journal",
        "old_chart.png",
    ] {
        std::os::unix::fs::symlink(&outside, f.path("out").join(name)).unwrap();
    }
    let run = compute(&f, "out", &["--no-charts"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(std::fs::read_to_string(&outside).unwrap(), "do not touch");
    let md = f.path("out/summary.md");
    assert!(
        !std::fs::symlink_metadata(&md)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(
        std::fs::read_to_string(md)
            .unwrap()
            .starts_with("# Business case")
    );
    // A link that is not roi's stays as it was.
    assert!(
        std::fs::symlink_metadata(f.path("out/old_chart.png"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
}

#[test]
fn a_failed_run_leaves_the_old_report_as_it_was() {
    let f = Fixture::new();
    let run = compute(&f, "out", &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    std::fs::write(f.path("out/notes.txt"), "mine").unwrap();
    let before = snapshot(&f.path("out"));
    // report.html turned into a folder: the new run cannot put its page there.
    std::fs::remove_file(f.path("out/report.html")).unwrap();
    std::fs::create_dir(f.path("out/report.html")).unwrap();
    let before_without_page: Vec<_> = before
        .iter()
        .filter(|(n, _)| n != "report.html")
        .cloned()
        .collect();
    let run = compute(&f, "out", &["--lang", "pl"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("report.html")
            && run.stderr.contains("w miejscu tego pliku roi jest folder"),
        "{}",
        run.stderr
    );
    // The folder is checked before anything is shown: no summary of a case that was not
    // written, then an error.
    assert_eq!(run.stdout, "", "a summary printed before the failure");
    assert_eq!(snapshot(&f.path("out")), before_without_page);
    let leftovers: Vec<String> = std::fs::read_dir(f.path("out"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".roi-staging") || n == ".roi-journal")
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn the_folder_holds_one_run_and_nothing_else_is_touched() {
    let f = Fixture::new();
    assert_eq!(compute(&f, "out", &["--svg"]).code, 0);
    std::fs::write(f.path("out/notes.txt"), "mine").unwrap();
    assert!(f.exists("out/weekly_trend.svg"));
    // Without --svg and without dates: no SVG and no trend chart is left from the run before.
    f.write(
        "today.csv",
        "cycle_time_h,errors\n5,1\n6,0\n7,2\n5,1\n6,1\n",
    );
    f.write(
        "after.csv",
        "cycle_time_h,errors\n4,0\n5,1\n4,0\n5,0\n4,1\n",
    );
    f.write("w.toml", "[window]\ntoday_days = 30\nafter_days = 30\n");
    let run = f.roi(&[
        "compute",
        "today.csv",
        "after.csv",
        "--config",
        "w.toml",
        "--out",
        "out",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let names: Vec<String> = roi_files(&f.path("out"))
        .into_iter()
        .map(|(n, _)| n)
        .collect();
    assert!(names.contains(&"notes.txt".to_string()));
    assert!(!names.iter().any(|n| n.ends_with(".svg")), "{names:?}");
    assert!(
        !names.contains(&"weekly_trend.png".to_string()),
        "{names:?}"
    );
    assert!(names.contains(&"summary.md".to_string()));
    assert_eq!(
        std::fs::read_to_string(f.path("out/notes.txt")).unwrap(),
        "mine"
    );
}

#[test]
fn out_naming_a_file_is_a_clear_message() {
    let f = Fixture::new();
    f.write("report", "a file");
    let run = compute(&f, "report", &[]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("cannot write report: it is a file, not a folder; --out names the folder"),
        "{}",
        run.stderr
    );
}

#[cfg(target_os = "linux")]
#[test]
fn a_summary_that_cannot_be_printed_changes_nothing() {
    let f = Fixture::new();
    assert_eq!(compute(&f, "out", &[]).code, 0);
    let before = snapshot(&f.path("out"));
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_roi"))
        .args([
            "compute",
            &format!("{SAMPLES}/today.csv"),
            &format!("{SAMPLES}/after.csv"),
            "--config",
            &format!("{SAMPLES}/roi.toml"),
            "--lang",
            "pl",
            "--out",
            "out",
        ])
        .current_dir(f.dir.path())
        .stdout(full)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("standard output"));
    assert_eq!(snapshot(&f.path("out")), before);
}

#[test]
fn concurrent_runs_into_one_folder_never_mix() {
    let f = Fixture::new();
    // The two reports a run can leave: English and Polish.
    assert_eq!(compute(&f, "en", &["--no-charts"]).code, 0);
    assert_eq!(compute(&f, "pl", &["--no-charts", "--lang", "pl"]).code, 0);
    let en = roi_files(&f.path("en"));
    let pl = roi_files(&f.path("pl"));
    assert_ne!(en, pl);
    let spawn = |lang: &str| {
        Command::new(env!("CARGO_BIN_EXE_roi"))
            .args([
                "compute",
                &format!("{SAMPLES}/today.csv"),
                &format!("{SAMPLES}/after.csv"),
                "--config",
                &format!("{SAMPLES}/roi.toml"),
                "--no-charts",
                "--format",
                "json",
                "--lang",
                lang,
                "--out",
                "shared",
            ])
            .current_dir(f.dir.path())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap()
    };
    for round in 0..25 {
        let mut a = spawn("en");
        let mut b = spawn("pl");
        assert!(a.wait().unwrap().success(), "round {round}");
        assert!(b.wait().unwrap().success(), "round {round}");
        let now = roi_files(&f.path("shared"));
        assert!(now == en || now == pl, "round {round}: a mix of two runs");
    }
}

/// The author's checks are in checklist.md, in the language asked for, and nowhere the
/// client reads.
#[test]
fn the_author_s_checklist_is_kept_apart_from_the_client_s_files() {
    let s = concat!(env!("CARGO_MANIFEST_DIR"), "/samples");
    for (lang, heading, note) in [
        (
            "en",
            "Check before presenting",
            "rests on a change that is not proven",
        ),
        (
            "pl",
            "Sprawdź przed prezentacją",
            "nie jest potwierdzone – zmiana",
        ),
    ] {
        let f = crate::common::Fixture::new();
        let run = f.roi(&[
            "compute",
            &format!("{s}/today.csv"),
            &format!("{s}/after.csv"),
            "--config",
            &format!("{s}/roi.toml"),
            "--no-charts",
            "--lang",
            lang,
            "--out",
            "out",
        ]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let read = |n: &str| std::fs::read_to_string(f.path(&format!("out/{n}"))).unwrap();
        let checklist = read("checklist.md");
        assert!(
            checklist.starts_with(&format!("# {heading}")),
            "{checklist}"
        );
        assert!(checklist.contains(note), "{lang}: {checklist}");
        for client in ["report.html", "summary.md"] {
            let text = read(client);
            assert!(!text.contains(heading), "{lang}: {heading:?} in {client}");
            assert!(!text.contains(note), "{lang}: {note:?} in {client}");
        }
    }
}

fn track(f: &Fixture, case: &str, out: &str) -> common::Run {
    let actuals = format!("{SAMPLES}/actuals.csv");
    f.roi(&["track", case, actuals.as_str(), "--out", out])
}

#[test]
fn each_command_keeps_its_own_folder() {
    let f = Fixture::new();
    assert_eq!(compute(&f, "pilot", &[]).code, 0);
    let run = track(&f, "pilot/summary.json", "tracking");
    assert_eq!(run.code, 0, "{}", run.stderr);
    let pilot = snapshot(&f.path("pilot"));
    let tracking = snapshot(&f.path("tracking"));
    // A case in a folder of its own, tracked into the compute report's folder: the tracking
    // would have removed summary.md, report.html and the charts as stale files of its folder.
    std::fs::copy(f.path("pilot/summary.json"), f.path("case.json")).unwrap();
    let run = track(&f, "case.json", "pilot");
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains(
            "cannot write pilot: it holds the report of roi compute, and roi track writes its own"
        ),
        "{}",
        run.stderr
    );
    assert_eq!(run.stdout, "");
    assert_eq!(snapshot(&f.path("pilot")), pilot);
    // And the other way round: the case computed into the tracking folder.
    let run = compute(&f, "tracking", &[]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("it holds the report of roi track, and roi compute writes its own"),
        "{}",
        run.stderr
    );
    assert_eq!(run.stdout, "");
    assert_eq!(snapshot(&f.path("tracking")), tracking);
    // roi project keeps its own folder too (the README's lifecycle uses three).
    let run = f.roi(&[
        "project",
        &format!("{SAMPLES}/today.csv"),
        "--config",
        &format!("{SAMPLES}/roi.toml"),
        "--out",
        "pilot",
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(snapshot(&f.path("pilot")), pilot);
    // Each command reruns into its own folder as before.
    assert_eq!(compute(&f, "pilot", &[]).code, 0);
    assert_eq!(track(&f, "pilot/summary.json", "tracking").code, 0);
}

#[test]
fn a_manifest_roi_did_not_write_deletes_nothing() {
    let f = Fixture::new();
    std::fs::create_dir(f.path("out")).unwrap();
    f.write("out/thesis.docx", "three years of work");
    f.write("out/budget.xlsx", "numbers");
    // A planted manifest of the current version, naming the user's files with made-up
    // fingerprints, and one of the first version (names only).
    f.write(
        "out/.roi-manifest",
        "roi report manifest 2\ncommand compute\n0123456789abcdef thesis.docx\nfedcba9876543210 budget.xlsx\n",
    );
    let run = compute(&f, "out", &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        std::fs::read_to_string(f.path("out/thesis.docx")).unwrap(),
        "three years of work"
    );
    // The charts of that run are roi's own and as written: a run without them removes them,
    // and only them.
    assert!(f.exists("out/kpi_comparison.png"));
    let run = compute(&f, "out", &["--no-charts"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!f.exists("out/kpi_comparison.png"));
    assert_eq!(
        std::fs::read_to_string(f.path("out/budget.xlsx")).unwrap(),
        "numbers"
    );
    // A manifest of the first version names files without fingerprints: never removed.
    std::fs::create_dir(f.path("old")).unwrap();
    f.write("old/thesis.docx", "three years of work");
    f.write("old/.roi-manifest", "roi report manifest 1\nthesis.docx\n");
    let run = compute(&f, "old", &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        std::fs::read_to_string(f.path("old/thesis.docx")).unwrap(),
        "three years of work"
    );
}

#[test]
fn a_file_roi_did_not_write_is_never_replaced() {
    let f = Fixture::new();
    std::fs::create_dir(f.path("out")).unwrap();
    f.write("out/report.html", "<p>the client's own page</p>");
    let run = compute(&f, "out", &[]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("report.html")
            && run
                .stderr
                .contains("this file is not one roi wrote, or it was changed since"),
        "{}",
        run.stderr
    );
    assert_eq!(run.stdout, "");
    assert_eq!(
        roi_files(&f.path("out")),
        [(
            "report.html".to_string(),
            b"<p>the client's own page</p>".to_vec()
        )]
    );
    // A file of roi's changed by hand since (a workbook edited and saved) is not replaced
    // either: the edit would be lost.
    std::fs::remove_file(f.path("out/report.html")).unwrap();
    assert_eq!(compute(&f, "out", &[]).code, 0);
    f.write("out/summary.md", "# my edited summary");
    let run = compute(&f, "out", &["--lang", "pl"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("tego pliku nie zapisał roi albo został od tego czasu zmieniony"),
        "{}",
        run.stderr
    );
    assert_eq!(
        std::fs::read_to_string(f.path("out/summary.md")).unwrap(),
        "# my edited summary"
    );
}
