//! What `roi track` needs from a case (docs/method.md#tracking-after-go-live): today's statistics as a summary
//! (the baseline each month is measured against), roi.toml as written, a format version,
//! and a checksum over them, the promised levers and the cash flows, so that a case edited
//! by hand or written by an incompatible roi is refused.

use super::LeverAmounts;
use crate::assumptions::Assumptions;
use crate::error::{Problem, RoiError};
use crate::message::Msg;
use crate::message::msg;
use crate::summarize::Stats;
use crate::summarize::{Side, SideSummary, summary_file};
use serde::Serialize;

/// The version of the fields `roi track` reads; bumped when one of them changes.
pub const FORMAT: u32 = 1;

#[derive(Debug, Clone, Default, Serialize)]
pub struct Seal {
    pub format: u32,
    /// Today's statistics in the summary layout (docs/method.md#summary-files).
    pub baseline: String,
    /// roi.toml as written; null when the case ran on the defaults.
    pub config: Option<String>,
    /// FNV-1a (64 bits, hex) of the baseline, the config, `savings.monthly` and
    /// `finance.cash_flows` (see [`checksum`]).
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

/// FNV-1a, 64 bits: a checksum against edits by hand, not against an adversary.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// The checksum of a case from its JSON fields, as `roi track` recomputes it.
pub fn checksum(
    baseline: &str,
    config: Option<&str>,
    monthly: &serde_json::Value,
    cash_flows: &serde_json::Value,
) -> String {
    let text = format!(
        "{baseline}\n{}\n{}\n{}",
        config.unwrap_or(""),
        serde_json::to_string(monthly).unwrap_or_default(),
        serde_json::to_string(cash_flows).unwrap_or_default()
    );
    format!("{:016x}", fnv1a(text.as_bytes()))
}

/// Seals a case: its baseline, config and checksum over them, the promised monthly levers
/// and the cash flows (as they are written in the JSON).
pub fn seal(
    monthly: &LeverAmounts,
    cash_flows: &[rust_decimal::Decimal],
    baseline: String,
    config: Option<String>,
) -> Seal {
    let monthly = serde_json::to_value(monthly).unwrap_or_default();
    let flows = serde_json::Value::Array(
        cash_flows
            .iter()
            .map(|d| serde_json::Value::String(crate::money::to_string(*d)))
            .collect(),
    );
    Seal {
        format: FORMAT,
        checksum: checksum(&baseline, config.as_deref(), &monthly, &flows),
        baseline,
        config,
    }
}

/// A case opened for `roi track`: its JSON as written, its assumptions and today's summary.
#[derive(Debug, Clone)]
pub struct Case {
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
    let j: serde_json::Value = serde_json::from_str(text)
        .map_err(|e| bad_case(name, msg!(case_not_json, reason = e.to_string())))?;
    let seal = &j["track"];
    match seal["format"].as_u64() {
        Some(f) if f == u64::from(FORMAT) => {}
        Some(f) => {
            return Err(bad_case(
                name,
                msg!(case_format, format = f, reads = FORMAT),
            ));
        }
        None => return Err(bad_case(name, msg!(case_no_track))),
    }
    let baseline = seal["baseline"].as_str().unwrap_or_default();
    let config = seal["config"].as_str();
    let sum = checksum(
        baseline,
        config,
        &j["savings"]["monthly"],
        &j["finance"]["cash_flows"],
    );
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
        json: j,
        assumptions,
        baseline: today,
    })
}
