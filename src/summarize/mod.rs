//! One side's file → its [`SideSummary`]: the window, the measured volume and the statistics
//! of every metric. A file of raw rows is read and summarised here ([`observed`]); a file in
//! the summary layout, computed where the data lives, is read as it is ([`summary_file`]).
//! [`read`] and [`inspect`] hide that branch from the commands.

pub mod months;
mod observed;
mod pair;
mod side;
pub mod summary_file;
mod summary_rows;

pub use observed::{rate_stats, summarize};
pub use pair::{one_sided, pair};
pub use side::{
    CaseStats, DAYS_PER_MONTH, MetricSummary, RateStats, Side, SideSummary, Stats, WeekPoint,
    Window,
};

use crate::assumptions::Assumptions;
use crate::error::{Problem, RoiError};
use crate::input::{self, Scan};
use crate::registry::Registry;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::AtomicU64;

/// One side's file read: the problems in it, or, when it had none, its summary (or why a
/// summary cannot be made of it, such as a count without a window).
pub enum Read {
    Problems { problems: Vec<Problem>, more: u64 },
    Summarized(Box<Result<SideSummary, RoiError>>),
}

/// How to read a file of raw rows: its encoding when not detected, and a counter of the
/// bytes read for a progress bar.
#[derive(Clone, Default)]
pub struct Options {
    pub encoding: Option<&'static encoding_rs::Encoding>,
    pub progress: Option<Arc<AtomicU64>>,
}

/// A file as opened: a summary, read (or why not), or raw rows, scanned.
enum Opened {
    Summary(Result<SideSummary, RoiError>),
    Rows(Scan),
}

/// Opens a file as a summary or as raw rows. Standard input, a pipe or a FIFO is read once:
/// its head tells a summary from raw rows and is handed on.
fn open(
    path: &Path,
    side: Side,
    registry: &Registry,
    a: &Assumptions,
    encoding: Option<&'static encoding_rs::Encoding>,
    progress: &Option<Arc<AtomicU64>>,
) -> Result<Opened, RoiError> {
    if summary_file::is_summary(path) {
        return Ok(Opened::Summary(summary_file::read(path, side, registry, a)));
    }
    Ok(match input::Stream::open(path)? {
        Some(s) if summary_file::head_is_summary(&s.head) => {
            let name = s.name.clone();
            let text = s.into_whole(input::MAX_SUMMARY_BYTES)?;
            let text = String::from_utf8_lossy(&text);
            Opened::Summary(summary_file::read_text(&text, &name, side, registry, a))
        }
        Some(s) => {
            let name = s.name.clone();
            Opened::Rows(input::read_from(
                &name,
                s.into_reader(),
                registry,
                encoding,
            )?)
        }
        None => Opened::Rows(input::read(path, registry, encoding, progress.clone())?),
    })
}

/// Reads one side's file, raw rows or a summary, into its summary.
pub fn read(
    path: &Path,
    side: Side,
    registry: &Registry,
    a: &Assumptions,
    options: &Options,
) -> Result<Read, RoiError> {
    let scan = match open(path, side, registry, a, options.encoding, &options.progress)? {
        Opened::Summary(summary) => {
            return match summary {
                Ok(s) => Ok(Read::Summarized(Box::new(Ok(s)))),
                Err(RoiError::Input { problems, more }) => Ok(Read::Problems { problems, more }),
                Err(e) => Err(e),
            };
        }
        Opened::Rows(scan) => scan,
    };
    if scan.problems.is_empty() {
        Ok(Read::Summarized(Box::new(summarize(
            scan.observations,
            side,
            registry,
            a,
        ))))
    } else {
        Ok(Read::Problems {
            problems: scan.problems,
            more: scan.more_problems,
        })
    }
}

/// What `roi check` sees in one file.
pub enum Inspection {
    /// A summary file: its summary, or its problems.
    Summary(Result<SideSummary, Vec<Problem>>),
    /// Raw rows: the scan, with what `roi compute` would refuse about this file alone as
    /// either side (a count without a window …) among its problems.
    Rows(Scan),
}

/// Reads one file as `roi check` shows it.
pub fn inspect(
    path: &Path,
    registry: &Registry,
    a: &Assumptions,
    encoding: Option<&'static encoding_rs::Encoding>,
) -> Result<Inspection, RoiError> {
    let mut scan = match open(path, Side::Today, registry, a, encoding, &None)? {
        Opened::Summary(summary) => {
            return match summary {
                Ok(s) => Ok(Inspection::Summary(Ok(s))),
                Err(RoiError::Input { problems, .. }) => Ok(Inspection::Summary(Err(problems))),
                Err(e) => Err(e),
            };
        }
        Opened::Rows(scan) => scan,
    };
    if scan.problems.is_empty() {
        let sides = [Side::Today, Side::After]
            .map(|side| summarize(scan.observations.clone(), side, registry, a).err());
        if let [Some(e), Some(_)] = sides {
            match e {
                RoiError::Input { problems, more } => {
                    scan.problems.extend(problems);
                    scan.more_problems += more;
                }
                other => return Err(other),
            }
        }
    }
    Ok(Inspection::Rows(scan))
}
