//! The Report: everything a run computed, in the shape of the JSON contract (PRODUCT.md §4).
//! Renderers and charts only format it.

pub mod format;
pub mod json;
pub mod text;

use crate::assumptions::{Assumptions, LedgerEntry, Source};
use crate::compare::{Change, Comparison, Volume};
use crate::input::Layout;
use crate::metric::Kind;
use crate::summarize::{SideSummary, Stats};
use serde::Serialize;
use std::collections::BTreeMap;

/// The finished result of a run. Serialized as is for `--format json` and `summary.json`.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// The roi version that computed this.
    pub roi_version: &'static str,
    pub inputs: Inputs,
    pub volume: Volume,
    /// Per metric, keyed by its canonical name.
    pub metrics: BTreeMap<String, MetricReport>,
    /// The metric names in display order (built-ins first, then custom ones).
    pub metric_order: Vec<String>,
    /// Every assumption with its value and source.
    pub assumptions: Vec<LedgerEntry>,
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Inputs {
    pub today: InputSide,
    pub after: InputSide,
    /// The roi.toml used, if any.
    pub config: Option<String>,
}

/// What was read from one file.
#[derive(Debug, Clone, Serialize)]
pub struct InputSide {
    pub file: String,
    pub layout: Layout,
    pub delimiter: String,
    pub encoding: String,
    pub rows: u64,
    pub window_days: Option<u32>,
    pub window_source: Option<Source>,
    pub first_date: Option<String>,
    pub last_date: Option<String>,
    /// Case observations behind the volume, and their metric.
    pub cases: Option<u64>,
    pub cases_metric: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct MetricReport {
    pub kind: Kind,
    /// The unit of every duration figure of this metric (`h`, `min`; `count` for counts).
    pub unit: String,
    pub today: Option<Stats>,
    pub after: Option<Stats>,
    pub change: Option<Change>,
}

impl Report {
    /// Assembles the report from the comparison and the assumptions.
    pub fn new(comparison: Comparison, assumptions: &Assumptions) -> Report {
        let side = |s: &SideSummary| InputSide {
            file: s.file.path.clone(),
            layout: s.file.layout,
            delimiter: s.file.delimiter.clone(),
            encoding: s.file.encoding.clone(),
            rows: s.file.rows,
            window_days: s.window.as_ref().map(|w| w.days),
            window_source: s.window.as_ref().map(|w| w.source),
            first_date: s.window.as_ref().and_then(|w| w.first.clone()),
            last_date: s.window.as_ref().and_then(|w| w.last.clone()),
            cases: s.cases.as_ref().map(|c| c.0),
            cases_metric: s.cases.as_ref().map(|c| c.1.clone()),
        };
        let inputs = Inputs {
            today: side(&comparison.today),
            after: side(&comparison.after),
            config: assumptions.path.clone(),
        };
        let metric_order = comparison.metrics.iter().map(|m| m.name.clone()).collect();
        let metrics = comparison
            .metrics
            .into_iter()
            .map(|m| {
                (
                    m.name,
                    MetricReport {
                        kind: m.kind,
                        unit: m.unit.symbol().to_string(),
                        today: m.today,
                        after: m.after,
                        change: m.change,
                    },
                )
            })
            .collect();
        Report {
            roi_version: env!("CARGO_PKG_VERSION"),
            inputs,
            volume: comparison.volume,
            metrics,
            metric_order,
            assumptions: assumptions.ledger(),
            warnings: comparison.warnings,
        }
    }

    /// The metrics in display order.
    pub fn ordered_metrics(&self) -> impl Iterator<Item = (&str, &MetricReport)> {
        self.metric_order
            .iter()
            .filter_map(|n| self.metrics.get(n).map(|m| (n.as_str(), m)))
    }
}
