//! The actuals of `roi track`: exports of the months after go-live, each file split into
//! calendar months by its dates (or taken as one given month), the files of a month
//! together, each month summarised as an after-side against the case's baseline.

use super::observed::summarize;
use super::side::{Side, SideSummary};
use crate::assumptions::Assumptions;
use crate::error::RoiError;
use crate::input::{self, Observations};
use crate::registry::MetricId;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// How to read the actuals.
#[derive(Debug, Clone, Default)]
pub struct Actuals {
    pub files: Vec<PathBuf>,
    /// Each file one period, this month (`YYYY-MM`), instead of split by its dates.
    pub month: Option<String>,
    pub encoding: Option<&'static encoding_rs::Encoding>,
    /// A roi.toml whose column mappings (`[columns]`, `[events]`, `[calendar]`) read the
    /// files; the case's own assumptions summarise them.
    pub config: Option<Assumptions>,
}

/// One calendar month of actuals.
#[derive(Debug, Clone)]
pub struct Month {
    /// `YYYY-MM`.
    pub month: String,
    pub summary: SideSummary,
    /// With the case's `--by` column: the cases of each segment this month.
    pub segment_cases: BTreeMap<String, u64>,
}

/// The actuals by month, in calendar order; `case` is the case's assumptions, `by` its
/// `--by` column when it had one.
pub fn months(
    actuals: &Actuals,
    case: &Assumptions,
    by: Option<&str>,
) -> Result<Vec<Month>, RoiError> {
    let registry = case.registry();
    read(actuals, case, by)?
        .into_iter()
        .filter_map(|(month, (observations, segment_cases))| {
            let merged = merge(observations)?;
            Some(
                summarize(merged, Side::After, &registry, case).map(|summary| Month {
                    month,
                    summary,
                    segment_cases,
                }),
            )
        })
        .collect()
}

/// One month as read: its observations (one per file), and with `--by` the cases of each
/// segment.
type MonthData = (Vec<Observations>, BTreeMap<String, u64>);

/// Reads each file and splits it by month (or takes it whole, `--month`).
fn read(
    actuals: &Actuals,
    case: &Assumptions,
    by: Option<&str>,
) -> Result<BTreeMap<String, MonthData>, RoiError> {
    let mut split = case.clone();
    if let Some(c) = &actuals.config {
        split.columns = c.columns.clone();
        split.date_column = c.date_column.clone();
        split.rules = c.rules.clone();
    }
    split.rules.by_month = actuals.month.is_none();
    split.rules.by = by.map(str::to_string);
    let registry = split.registry();
    // The metric whose observations are the cases (as summarize counts them).
    let case_ids: Vec<MetricId> = ["cycle_time", "response_time"]
        .iter()
        .filter_map(|m| registry.lookup(m))
        .collect();
    let cases_of = |series: &BTreeMap<MetricId, input::Series>| {
        case_ids
            .iter()
            .find_map(|id| series.get(id).filter(|s| s.n > 0).map(|s| s.n))
            .unwrap_or(0)
    };
    let mut out: BTreeMap<String, MonthData> = BTreeMap::new();
    for path in &actuals.files {
        let scan = input::read(path, &registry, actuals.encoding, None)?;
        let mut obs = scan.into_result()?;
        if let Some(m) = &actuals.month {
            let entry = out.entry(m.clone()).or_default();
            for (seg, series) in &obs.segments {
                *entry.1.entry(seg.clone()).or_default() += cases_of(series);
            }
            let mut whole = obs;
            whole.segments = BTreeMap::new();
            entry.0.push(whole);
            continue;
        }
        // Every month is summarised whole, of its own values.
        obs.deal();
        for (key, series) in obs.segments {
            if key == input::BLANK_SEGMENT {
                continue;
            }
            let (month, seg) = match key.split_once(input::MONTH_SEGMENT) {
                Some((m, s)) => (m.to_string(), Some(s.to_string())),
                None => (key.clone(), None),
            };
            let mut file = obs.file.clone();
            if let Some((f, l)) = obs.segment_days.get(&key) {
                file.first_day = Some(*f);
                file.last_day = Some(*l);
            }
            let entry = out.entry(month).or_default();
            if let Some(seg) = seg {
                *entry.1.entry(seg).or_default() += cases_of(&series);
            }
            entry.0.push(Observations {
                file,
                series,
                warnings: Vec::new(),
                segments: BTreeMap::new(),
                segment_days: BTreeMap::new(),
                pool: input::Pool::default(),
            });
        }
    }
    Ok(out)
}

/// The observations of several files of one month together; None without any.
fn merge(observations: Vec<Observations>) -> Option<Observations> {
    let mut obs = observations.into_iter();
    let mut first = obs.next()?;
    for o in obs {
        for (id, series) in o.series {
            first.series.entry(id).or_default().merge(&series);
        }
        first.file.first_day = first
            .file
            .first_day
            .min(o.file.first_day)
            .or(o.file.first_day);
        first.file.last_day = first.file.last_day.max(o.file.last_day);
    }
    Some(first)
}
