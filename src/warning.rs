//! Warnings: what the user should know before presenting the numbers. Typed values where
//! they are raised; worded by the phrase catalogue where they are shown.

use crate::money::Money;
use serde::Serialize;

/// How the after-period lies against today's when it is not after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Overlap {
    /// The same first and last day.
    Identical,
    /// The after-period ends before today's begins: the files may be swapped.
    Reversed,
    /// The periods share days.
    Overlapping,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Warning {
    /// The file was not UTF-8 and was read in a fallback encoding.
    EncodingFallback {
        file: String,
        encoding: String,
    },
    /// A workbook's first sheet is hidden: the first visible one was read instead.
    HiddenSheet {
        file: String,
        hidden: String,
        sheet: String,
    },
    /// Rows of a long file named a metric roi does not know.
    UnknownMetric {
        file: String,
        line: u64,
        name: String,
        suggestion: Option<String>,
        rows: u64,
    },
    /// Rows with unknown names beyond the ones listed.
    MoreUnknownMetrics {
        file: String,
        rows: u64,
    },
    /// Cells that said "not observed", per metric.
    SkippedMissing {
        file: String,
        counts: Vec<(String, u64)>,
    },
    /// A summary without some statistics of a metric: what needs them is left out.
    SummaryMissing {
        file: String,
        metric: String,
        missing: Vec<String>,
    },
    /// A summary's SLA target differs from roi.toml's: its within_sla counts another target.
    SummarySlaTarget {
        file: String,
        metric: String,
        summary: f64,
        config: f64,
        unit: crate::metric::Unit,
    },
    /// Cases a duration from timestamps could not be measured for: still open (no end),
    /// without a start, or ending before they start; `line` is the first of them.
    Unmeasured {
        file: String,
        metric: String,
        open: u64,
        reversed: u64,
        no_start: u64,
        line: u64,
    },
    /// The two sides' shares of still-open cases of a duration metric differ by more than 5
    /// points: open cases are left out, so the side with more open (often long) cases looks
    /// faster than it is.
    OpenShareDiffers {
        metric: String,
        today: f64,
        after: f64,
    },
    /// The control site's level today is far from the treated site's: the difference in
    /// differences subtracts the control's change in absolute terms, which assumes both
    /// sites would have moved by the same amount.
    ControlLevelDiffers {
        metric: String,
        today: f64,
        control_today: f64,
    },
    /// The control's period does not overlap the treated site's same period (`today`: the
    /// today side): the case is held against other months.
    ControlPeriodApart {
        today: bool,
        first: String,
        last: String,
        control_first: String,
        control_last: String,
    },
    /// Cases of an event log with a single event: no duration.
    SingleEventCases {
        file: String,
        cases: u64,
    },
    /// A column with a unit in its name (`Czas realizacji (dni)`) that names no metric.
    ColumnWithUnit {
        file: String,
        line: u64,
        column: u64,
        header: String,
        unit: String,
    },
    /// A column, not the date column, whose first value is a date, in a file without one.
    ColumnOfDates {
        file: String,
        line: u64,
        column: u64,
        header: String,
    },
    /// A wide-layout column that looks like a metric name but is not one.
    ColumnNearMiss {
        file: String,
        line: u64,
        column: u64,
        header: String,
        suggestion: String,
    },
    /// A metric measured on one side only (`today` true: measured today).
    OneSideOnly {
        metric: String,
        today: bool,
    },
    /// Fewer than 30 cases of a case metric on one side.
    FewCases {
        metric: String,
        n: u64,
        today: bool,
        /// At the control site.
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        control: bool,
    },
    WindowsDiffer {
        today_days: u32,
        after_days: u32,
    },
    /// The two periods are the same days, overlap, or the after-period comes first.
    WindowsOverlap {
        relation: Overlap,
        today_first: String,
        today_last: String,
        after_first: String,
        after_last: String,
    },
    /// A window too short for monthly rates to mean much (`today` true: today's file).
    ShortWindow {
        days: u32,
        today: bool,
    },
    /// Volume changed by more than 20% (`change` as a fraction of today).
    VolumeChanged {
        change: f64,
        today: f64,
        after: f64,
    },
    /// A lever priced on roi's default rates (their keys), not on roi.toml's.
    PricedOnDefault {
        lever: String,
        monthly: Money,
        keys: Vec<String>,
    },
    /// The chance the case pays back is not given: these levers (with money in them) come
    /// from summaries without the spread of their metric.
    ChanceUnknown {
        levers: Vec<String>,
    },
    /// A `[[stated]]` line without a source: nobody stands behind it in the report.
    StatedNoSource {
        name: String,
    },
    /// A lever whose underlying change is not significant.
    LeverNotSignificant {
        lever: String,
        monthly: Money,
    },
    /// With `--by`: the overall mean moved one way while segments holding most of the cases
    /// moved the other (Simpson's paradox): the overall change comes from the mix.
    MixParadox {
        metric: String,
        by: String,
        change: f64,
        unit: crate::metric::Unit,
        opposite_share: f64,
    },
    /// `roi track` with `--by`: segments whose share of the cases moved more than 10 points
    /// since the baseline: (segment, share today, share this month).
    MixChanged {
        by: String,
        segments: Vec<(String, f64, f64)>,
    },
    /// `roi track`: months without actuals before this one (`YYYY-MM`); their plan months are
    /// not tracked and both cumulative lines leave them out.
    MonthsMissing {
        months: Vec<String>,
    },
    /// With `--by`: segments on one side only or with fewer than 30 cases on a side.
    SegmentsThin {
        by: String,
        one_side: Vec<String>,
        small: Vec<String>,
    },
}

impl Warning {
    /// The warning is about one file, which it names: it reads the same whichever side the
    /// file was (a control site's files' read warnings are shown as they are).
    pub fn names_its_file(&self) -> bool {
        matches!(
            self,
            Warning::EncodingFallback { .. }
                | Warning::HiddenSheet { .. }
                | Warning::UnknownMetric { .. }
                | Warning::MoreUnknownMetrics { .. }
                | Warning::SkippedMissing { .. }
                | Warning::SummaryMissing { .. }
                | Warning::SummarySlaTarget { .. }
                | Warning::Unmeasured { .. }
                | Warning::SingleEventCases { .. }
                | Warning::ColumnWithUnit { .. }
                | Warning::ColumnOfDates { .. }
                | Warning::ColumnNearMiss { .. }
        )
    }
}
