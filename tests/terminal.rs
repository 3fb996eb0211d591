//! The screen summary on a real terminal: the samples run under `script`, which gives roi a
//! pseudo-terminal, as a user at an 80-column terminal would see them.

#![cfg(target_os = "linux")]

use std::path::Path;
use std::process::Command;

/// What a user sees on an 80-column terminal running the samples in `lang`, with the
/// warnings roi writes on stderr (the same terminal).
fn on_terminal(lang: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let cmd = format!(
        "COLUMNS=80 '{}' compute '{}' '{}' --config '{}' --out '{}' --lang {lang}",
        env!("CARGO_BIN_EXE_roi"),
        root.join("samples/today.csv").display(),
        root.join("samples/after.csv").display(),
        root.join("samples/roi.toml").display(),
        dir.path().join("out").display(),
    );
    let out = Command::new("script")
        .args(["-qec", &cmd, "/dev/null"])
        .env_remove("COLUMNS")
        .output()
        .expect("script(1) from util-linux runs roi on a pseudo-terminal");
    assert!(out.status.success(), "{out:?}");
    String::from_utf8(out.stdout).unwrap().replace("\r\n", "\n")
}

#[test]
fn the_samples_fit_80_columns_and_warn_once() {
    for (lang, warning, heading) in [
        ("en", "warning:", "Check before presenting"),
        ("pl", "uwaga:", "Sprawdź przed prezentacją"),
    ] {
        let screen = on_terminal(lang);
        let widest = screen
            .lines()
            .max_by_key(|l| l.chars().count())
            .unwrap_or_default();
        assert!(
            widest.chars().count() <= 80,
            "{lang}: {} columns: {widest}",
            widest.chars().count()
        );
        // Each warning once: in the summary's list, not also on stderr.
        assert!(screen.contains(heading), "{lang}: {screen}");
        assert!(
            !screen.lines().any(|l| l.starts_with(warning)),
            "{lang}: a warning printed twice:\n{screen}"
        );
        let lever = if lang == "en" {
            "the downtime lever"
        } else {
            "źródło „przestoje”"
        };
        assert_eq!(screen.matches(lever).count(), 1, "{lang}: {screen}");
        // The headline and the tables are all there, not cut.
        for needle in ["121", "156", "125", "531", "67%"] {
            assert!(screen.contains(needle), "{lang}: {needle} missing");
        }
    }
}
