//! Two exports (and optionally a roi.toml) through the whole pipeline: `roi::cmd::compute::compute`
//! on two files, then the document in English or Polish and every renderer (text, JSON,
//! Markdown, checklist, HTML, workbook, deck), for one input in four with the charts drawn.
//! Nothing may panic, hang or allocate without bound.
//!
//! Input format: `today.csv` bytes, then the line `##after##`, then `after.csv` bytes,
//! optionally followed by the line `##roi.toml##` and roi.toml bytes. Without a separator the
//! same bytes are both files. A roi.toml that does not parse is replaced by a small fixed one
//! (the `roi_toml` target fuzzes the parser itself).
#![no_main]

use libfuzzer_sys::fuzz_target;
use roi::assumptions::Assumptions;
use roi::i18n::Lang;
use std::path::PathBuf;
use std::sync::OnceLock;

const AFTER: &[u8] = b"\n##after##\n";
const TOML: &[u8] = b"\n##roi.toml##\n";

const SMALL_TOML: &str = r#"
currency = "EUR"
horizon_months = 12
[rates]
hourly_cost = 40
cost_per_error = 90
[sla]
cycle_time = "8h"
[investment]
one_time = 10000
monthly = 500
[metrics.complaints]
kind = "count"
cost_per_unit = 250
[columns]
cycle_time = { column = "Resolution time", unit = "min" }
"#;

fn split<'a>(data: &'a [u8], sep: &[u8]) -> Option<(&'a [u8], &'a [u8])> {
    data.windows(sep.len())
        .position(|w| w == sep)
        .map(|i| (&data[..i], &data[i + sep.len()..]))
}

fn dir() -> &'static PathBuf {
    static D: OnceLock<PathBuf> = OnceLock::new();
    D.get_or_init(|| {
        let d = std::env::temp_dir().join(format!("roi-fuzz-pipeline-{}", std::process::id()));
        std::fs::create_dir_all(&d).expect("temp dir");
        d
    })
}

fn small() -> &'static Assumptions {
    static A: OnceLock<Assumptions> = OnceLock::new();
    A.get_or_init(|| roi::assumptions::parse(SMALL_TOML, "roi.toml").expect("small roi.toml"))
}

fuzz_target!(|data: &[u8]| {
    let (files, toml) = match split(data, TOML) {
        Some((f, t)) => (f, Some(t)),
        None => (data, None),
    };
    let (today, after) = split(files, AFTER).unwrap_or((files, files));
    let parsed = toml.and_then(|t| roi::assumptions::parse_bytes(t, "roi.toml").ok());
    let assumptions = parsed.as_ref().unwrap_or_else(|| small());
    let d = dir();
    let (tp, ap) = (d.join("today.csv"), d.join("after.csv"));
    std::fs::write(&tp, today).expect("write today.csv");
    std::fs::write(&ap, after).expect("write after.csv");
    let report = match roi::cmd::compute::compute(&tp, &ap, assumptions, None, false) {
        Ok(r) => r,
        Err(e) => {
            let _ = roi::i18n::Lang::En.error(&e);
            return;
        }
    };
    let lang = if data.len().is_multiple_of(2) {
        Lang::En
    } else {
        Lang::Pl
    };
    // Drawing the charts costs some seven times the rest, so one input in four draws them
    // (PNG and SVG; lengths 8n in English, 8n+1 in Polish), and the document and every
    // renderer then carry them as `compute` does.
    // A drawing error is an error `compute` reports; only a panic is a finding here.
    let drawn = if data.len() % 8 < 2 {
        match roi::chart::planned(&report, lang).draw(lang, true) {
            Ok(d) => d,
            Err(e) => {
                let _ = lang.error(&e);
                return;
            }
        }
    } else {
        roi::chart::Drawn::default()
    };
    let doc = roi::document::build(&report, lang, &drawn.refs);
    let cx = roi::render::Context {
        data: roi::render::Data::Case(&report),
        doc: &doc,
        charts: &drawn.files,
        width: roi::render::PIPE_WIDTH,
    };
    for r in roi::render::RENDERERS {
        roi::render::to_bytes(*r, &cx).expect("rendering into memory does not fail");
    }
});
