//! Helpers for CLI tests: fixture files in a temporary folder, the real binary, its output.

use std::path::{Path, PathBuf};
use std::process::Command;

pub struct Fixture {
    pub dir: tempfile::TempDir,
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "stdout is not JSON ({e}):\n{}\n{}",
                self.stdout, self.stderr
            )
        })
    }
}

impl Fixture {
    pub fn new() -> Self {
        Fixture {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub fn write(&self, name: &str, text: &str) -> PathBuf {
        self.write_bytes(name, text.as_bytes())
    }

    pub fn write_bytes(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let p = self.path(name);
        std::fs::write(&p, bytes).unwrap();
        p
    }

    /// Runs `roi` with `args` in the fixture folder.
    pub fn roi(&self, args: &[&str]) -> Run {
        let out = Command::new(env!("CARGO_BIN_EXE_roi"))
            .args(args)
            .current_dir(self.dir.path())
            .output()
            .unwrap();
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    /// `roi compute today after --format json --out out [extra]`, asserting success.
    pub fn compute_json(&self, today: &str, after: &str, extra: &[&str]) -> serde_json::Value {
        let mut args = vec!["compute", today, after, "--format", "json", "--out", "out"];
        args.extend_from_slice(extra);
        let run = self.roi(&args);
        assert_eq!(run.code, 0, "stderr:\n{}", run.stderr);
        run.json()
    }

    pub fn exists(&self, name: &str) -> bool {
        Path::new(&self.path(name)).exists()
    }
}

/// Writes today.csv, after.csv and my.toml, then runs
/// `roi compute today.csv after.csv --config my.toml --out out`.
pub fn compute_pair(today: &str, after: &str, config: &str) -> (Fixture, Run) {
    let f = Fixture::new();
    f.write("today.csv", today);
    f.write("after.csv", after);
    f.write("my.toml", config);
    let run = f.roi(&[
        "compute",
        "today.csv",
        "after.csv",
        "--config",
        "my.toml",
        "--out",
        "out",
    ]);
    (f, run)
}

/// Asserts `actual` is within 1e-9 (relative) of `expected`.
pub fn approx(actual: &serde_json::Value, expected: f64) {
    let a = actual
        .as_f64()
        .unwrap_or_else(|| panic!("not a number: {actual}"));
    let tol = 1e-9 * expected.abs().max(1.0);
    assert!((a - expected).abs() <= tol, "got {a}, expected {expected}");
}

/// Text with its line breaks and runs of spaces as one space: prose as the screen wraps it
/// compared with a sentence written on one line. No-break spaces stay.
#[allow(dead_code)]
pub fn flat(s: &str) -> String {
    s.split([' ', '\n'])
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The samples' roi.toml as text to edit and write elsewhere: its logo named by its full path,
/// so the copy still finds it.
pub fn sample_config() -> String {
    let samples = concat!(env!("CARGO_MANIFEST_DIR"), "/samples");
    std::fs::read_to_string(format!("{samples}/roi.toml"))
        .unwrap()
        .replace(
            "logo = \"logo.png\"",
            &format!("logo = \"{samples}/logo.png\""),
        )
}
