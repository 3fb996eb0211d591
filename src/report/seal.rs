//! What `roi track` needs from a case (docs/method.md#tracking-after-go-live): today's statistics as a summary
//! (the baseline each month is measured against), roi.toml as written, a format version,
//! and a checksum over the whole case as written (every field, this seal's checksum left
//! empty), so that a case edited by hand or written by an incompatible roi is refused.

use crate::assumptions::Assumptions;
use crate::error::{Problem, RoiError};
use crate::message::Msg;
use crate::message::msg;
use crate::summarize::Stats;
use crate::summarize::{Side, SideSummary, summary_file};
use serde::Serialize;

/// The version of the fields `roi track` reads; bumped when one of them changes. Format 2:
/// the checksum covers the whole case (format 1 left the payback, the currency and the
/// promised changes out of it).
pub const FORMAT: u32 = 2;

#[derive(Debug, Clone, Default, Serialize)]
pub struct Seal {
    pub format: u32,
    /// Today's statistics in the summary layout (docs/method.md#summary-files).
    pub baseline: String,
    /// roi.toml as written; null when the case ran on the defaults.
    pub config: Option<String>,
    /// FNV-1a (64 bits, hex) of the whole case as JSON with this field empty (see
    /// [`checksum`]); filled in when the case is written.
    pub checksum: String,
}

/// Today's side as a summary file: one row per metric, the window, every float written so
/// that it reads back to the same bits.
pub fn baseline(today: &SideSummary) -> String {
    let mut s = String::from(
        "metric,unit,n,mean,std,min,max,median,p90,p95,within_sla,total,days,first_day,last_day\n",
    );
    let (days, first, last) = match &today.window {
        Some(w) => match (&w.first, &w.last) {
            (Some(f), Some(l)) => (String::new(), f.clone(), l.clone()),
            _ => (w.days.to_string(), String::new(), String::new()),
        },
        None => Default::default(),
    };
    let num = |v: f64| {
        if v.is_finite() {
            format!("{v:?}")
        } else {
            String::new()
        }
    };
    let opt = |v: Option<f64>| v.map_or(String::new(), num);
    for m in &today.metrics {
        let Some(stats) = &m.stats else { continue };
        let unit = if m.unit == crate::metric::Unit::Count {
            String::new()
        } else {
            m.unit.to_string()
        };
        let row = match stats {
            Stats::Case(c) => format!(
                "{},{unit},{},{},{},{},{},{},{},{},{},,",
                m.name,
                c.n,
                num(c.mean),
                opt(c.std),
                num(c.min),
                num(c.max),
                num(c.median),
                num(c.p90),
                num(c.p95),
                c.sla_share
                    .map_or(String::new(), |sh| format!("{}", (sh * c.n as f64).round())),
            ),
            Stats::Rate(r) => {
                // The sample std of the observations, from their sum of squares.
                let std = (r.n > 1 && r.sum_sq.is_finite()).then(|| {
                    let n = r.n as f64;
                    ((r.sum_sq - r.total * r.total / n) / (n - 1.0))
                        .max(0.0)
                        .sqrt()
                });
                let n = if r.n > 0 {
                    r.n.to_string()
                } else {
                    String::new()
                };
                format!(
                    "{},{unit},{n},,{},,,,,,,{},",
                    m.name,
                    opt(std),
                    num(r.total)
                )
            }
        };
        s.push_str(&format!("{row}{days},{first},{last}\n"));
    }
    s
}

/// The checksum of a case: FNV-1a of its JSON, compact, keys in order, with the seal's own
/// checksum empty. `roi track` recomputes it from the file as read; any field changed by
/// hand changes it.
pub fn checksum(case: &mut serde_json::Value) -> String {
    // The field emptied in place and put back: a case can be tens of megabytes.
    let old = case
        .get_mut("track")
        .and_then(|t| t.as_object_mut())
        .and_then(|seal| seal.insert("checksum".into(), String::new().into()));
    let mut hash = crate::fnv::Fnv::new();
    let _ = serde_json::to_writer(&mut hash, &*case);
    if let Some(old) = old {
        case["track"]["checksum"] = old;
    }
    format!("{:016x}", hash.finish())
}

/// Fills in the checksum of a case about to be written (see [`checksum`]).
pub fn fill_checksum(case: &mut serde_json::Value) {
    if case.get("track").is_some_and(|t| t.is_object()) {
        let sum = checksum(case);
        case["track"]["checksum"] = serde_json::Value::String(sum);
    }
}

/// Seals a case: its baseline and config; the checksum is filled in when the case is
/// written ([`fill_checksum`]).
pub fn seal(baseline: String, config: Option<String>) -> Seal {
    Seal {
        format: FORMAT,
        checksum: String::new(),
        baseline,
        config,
    }
}

/// A case opened for `roi track`: its JSON as written, its assumptions and today's summary.
#[derive(Debug, Clone)]
pub struct Case {
    /// The case file's name, for messages.
    pub name: String,
    pub json: serde_json::Value,
    pub assumptions: Assumptions,
    pub baseline: SideSummary,
}

fn bad_case(case: &str, found: Msg) -> RoiError {
    RoiError::one(Problem::in_file(case).says(found, msg!(case_expected)))
}

/// Opens a case from the text of its summary.json (`name` names it in messages): its seal
/// checked, its roi.toml parsed, its baseline read.
pub fn open(text: &str, name: &str) -> Result<Case, RoiError> {
    let mut j: serde_json::Value = serde_json::from_str(text)
        .map_err(|e| bad_case(name, msg!(case_not_json, reason = e.to_string())))?;
    match j["track"]["format"].as_u64() {
        Some(f) if f == u64::from(FORMAT) => {}
        Some(f) => {
            return Err(bad_case(
                name,
                msg!(case_format, format = f, reads = FORMAT),
            ));
        }
        None => return Err(bad_case(name, msg!(case_no_track))),
    }
    let sum = checksum(&mut j);
    let seal = &j["track"];
    let baseline = seal["baseline"].as_str().unwrap_or_default();
    let config = seal["config"].as_str();
    if seal["checksum"].as_str() != Some(sum.as_str()) {
        return Err(bad_case(name, msg!(case_edited)));
    }
    let assumptions = match config {
        Some(c) => crate::assumptions::parse_embedded(c, &format!("{name} (its roi.toml)"))?,
        None => Assumptions::default(),
    };
    let registry = assumptions.registry();
    let today = summary_file::read_text(baseline, name, Side::Today, &registry, &assumptions)?;
    Ok(Case {
        name: name.to_string(),
        json: j,
        assumptions,
        baseline: today,
    })
}
