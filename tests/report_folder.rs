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
        run.stderr.contains("report.html") && run.stderr.contains("a folder is where roi writes"),
        "{}",
        run.stderr
    );
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
