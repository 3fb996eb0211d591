//! Arbitrary bytes as a CSV export: `roi::input::read_from` must never panic, hang or
//! allocate without bound, whatever the bytes. Each input is read twice: with the default
//! registry and auto-detected encoding, then with custom metrics and column mappings and an
//! encoding forced by the first byte (or none).
#![no_main]

use libfuzzer_sys::fuzz_target;
use roi::assumptions::Assumptions;
use roi::registry::Registry;
use std::io::Cursor;
use std::sync::OnceLock;

/// Custom metrics, column mappings with units and a named date column: the wide layout's
/// other paths.
const CUSTOM: &str = r#"
[metrics.complaints]
kind = "count"
[metrics.handling]
kind = "case_duration"
unit = "min"
[metrics.stoppage]
kind = "period_duration"
unit = "h"
[columns]
cycle_time = { column = "Resolution time", unit = "min" }
errors = { column = "Błędy" }
complaints = { column = "Reklamacje" }
date = "Data"
"#;

fn registries() -> &'static (Registry, Registry) {
    static R: OnceLock<(Registry, Registry)> = OnceLock::new();
    R.get_or_init(|| {
        let custom =
            roi::assumptions::parse(CUSTOM, "roi.toml").expect("the custom roi.toml parses");
        (Assumptions::default().registry(), custom.registry())
    })
}

const FORCED: [Option<&'static encoding_rs::Encoding>; 6] = [
    None,
    Some(encoding_rs::UTF_8),
    Some(encoding_rs::WINDOWS_1250),
    Some(encoding_rs::UTF_16LE),
    Some(encoding_rs::ISO_8859_2),
    Some(encoding_rs::UTF_16BE),
];

fn read(data: &[u8], registry: &Registry, encoding: Option<&'static encoding_rs::Encoding>) {
    let bytes: Box<dyn std::io::Read + Send> = Box::new(Cursor::new(data.to_vec()));
    match roi::input::read_from("fuzz.csv", bytes, registry, encoding) {
        Ok(scan) => {
            assert!(scan.problems.len() <= 50, "problems are capped");
            for p in &scan.problems {
                let _ = roi::i18n::Lang::En.problem(p);
                let _ = roi::i18n::Lang::Pl.problem(p);
            }
            for w in &scan.observations.warnings {
                let _ = format!("{w:?}");
            }
            for s in scan.observations.series.values() {
                assert!(s.values.iter().all(|v| v.is_finite()), "only finite values");
            }
            if let Err(e) = scan.into_result() {
                let _ = roi::i18n::Lang::En.error(&e);
            }
        }
        Err(e) => {
            let _ = roi::i18n::Lang::En.error(&e);
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let (default, custom) = registries();
    read(data, default, None);
    let forced = FORCED[usize::from(data.first().copied().unwrap_or(0)) % FORCED.len()];
    read(data, custom, forced);
});
