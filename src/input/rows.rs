//! The rows of one file, as fields from either tokenizer (the fast block scanner or the
//! careful CSV reader): the header's layout, then each row's cells parsed from bytes without
//! allocating and added to running totals — one `f64` per case of a case duration, sums for
//! counts and period durations, per-week totals for the trend, the window's first and last
//! day. Every problem keeps its file, line and column.

use super::acc::{Acc, Cache, Unmeasured};
use super::events::Log;
use super::layout::{self, Columns, Layout, UnitSource};
use super::observations::{FileInfo, NO_DAY};
use super::time::DateOrder;
use crate::error::Problem;
use crate::message::msg;
use crate::metric::Unit;
use crate::registry::{MetricId, Registry};
use crate::value::{self, Day};

/// The most values `--by` breaks a case down by: each is a whole case, and a report shows
/// ten of them (a column with more is an id, not a dimension). The messages say 10,000.
pub const MAX_SEGMENTS: usize = 10_000;
use crate::warning::Warning;
use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

/// At most this many problems are kept per file; the rest are counted.
pub(super) const MAX_PROBLEMS: usize = 50;

/// Rows waiting for a date that tells day/month from month/day, at most; beyond them the
/// file needs `[columns] date_format`.
pub(super) const MAX_PENDING: usize = 100_000;

/// Unknown metric names listed one by one in the warnings; the rest are counted.
pub(super) const MAX_UNKNOWN_LISTED: usize = 10;

/// No single observation is larger than this; bigger numbers are typos or IDs in the wrong
/// column, and would overflow the money arithmetic.
pub(super) const MAX_VALUE: f64 = 1e9;

/// The state of one streaming read.
pub struct Reader<'a> {
    pub(super) name: String,
    pub(super) registry: &'a Registry,
    pub(super) columns: Option<Columns>,
    pub(super) file: FileInfo,
    pub(super) accs: Vec<Option<Acc>>,
    pub(super) warnings: Vec<Warning>,
    pub(super) problems: Vec<Problem>,
    pub(super) more_problems: u64,
    pub(super) metrics: Cache<Option<MetricId>>,
    pub(super) units: Cache<Option<Unit>>,
    /// The last date cell and its day: dates repeat row after row.
    pub(super) last_date: (Vec<u8>, Day),
    /// Unknown metric names: first line and number of rows.
    pub(super) unknown: BTreeMap<String, (u64, u64)>,
    pub(super) unknown_overflow: u64,
    /// Set by the careful reader when it read the file as Windows-1250.
    pub(super) fallback: Option<Arc<AtomicBool>>,
    /// How slash dates are read: roi.toml's `date_format`, else decided from the data.
    pub(super) order: DateOrder,
    /// The columns holding dates or timestamps, checked for a slash date that tells the order.
    pub(super) stamp_cols: Vec<usize>,
    /// Rows whose slash dates read either way, until a date tells which.
    pub(super) pending: Vec<(Vec<Box<[u8]>>, u64)>,
    /// Per case-duration metric from timestamps: the cases not measured.
    pub(super) unmeasured: BTreeMap<MetricId, Unmeasured>,
    /// An event log's cases so far.
    pub(super) log: Option<Log>,
    /// In a workbook, the sheet: problems name its cells.
    pub(super) sheet: Option<String>,
    /// `--by`: the column naming each row's segment.
    pub(super) by_col: Option<usize>,
    /// Every segment met, numbered in the order met, and `seg_now` the number of the row
    /// being read (each accumulator keeps its segments' totals by number).
    pub(super) segs: super::keyhash::Numbering,
    pub(super) seg_now: Option<u32>,
    /// `--by` met more than [`MAX_SEGMENTS`] values (said once).
    pub(super) too_many_segments: bool,
    /// Split by month: each month's first and last day.
    pub(super) seg_days: BTreeMap<Box<[u8]>, (Day, Day)>,
    /// Per-case SLA: `[columns] sla_met` and `[sla.by.DIM]`, resolved to this file's columns.
    pub(super) sla_rules: Vec<super::sla::RowSla>,
    /// The row being read: each such metric's verdict or target.
    pub(super) row_sla: Vec<super::sla::RowVerdict>,
}

impl<'a> Reader<'a> {
    pub fn new(name: &str, registry: &'a Registry) -> Self {
        Reader {
            name: name.to_string(),
            registry,
            columns: None,
            file: FileInfo {
                path: name.to_string(),
                layout: Layout::Long,
                delimiter: ",".into(),
                encoding: "UTF-8".into(),
                rows: 0,
                date_column: None,
                first_day: None,
                last_day: None,
                undated_rows: 0,
                columns: Vec::new(),
            },
            accs: (0..registry.defs().len()).map(|_| None).collect(),
            warnings: Vec::new(),
            problems: Vec::new(),
            more_problems: 0,
            metrics: Cache::new(),
            units: Cache::new(),
            last_date: (Vec::new(), NO_DAY),
            unknown: BTreeMap::new(),
            unknown_overflow: 0,
            fallback: None,
            order: registry.rules.date_order,
            stamp_cols: Vec::new(),
            pending: Vec::new(),
            unmeasured: BTreeMap::new(),
            log: None,
            sheet: None,
            by_col: None,
            segs: Default::default(),
            seg_now: None,
            too_many_segments: false,
            sla_rules: Vec::new(),
            row_sla: Vec::new(),
            seg_days: BTreeMap::new(),
        }
    }

    /// Rows from here on belong to the segment `key` names (its cell, trimmed).
    #[inline]
    pub(super) fn enter_segment(&mut self, key: &[u8]) {
        self.seg_now = Some(self.segs.number(key));
    }

    /// `--by`: the column that names the segments, or a problem when the file has none.
    pub(super) fn find_by(&mut self, by: &str, headers: &[String], cols: &Columns, line: u64) {
        if matches!(cols.kind, layout::ColumnKind::Events { .. }) {
            let p = Problem::at(&self.name, line, None)
                .says(msg!(by_events, by = by), msg!(by_needs_layout));
            self.problem(p);
            return;
        }
        let dims: Vec<usize> = self
            .file
            .columns
            .iter()
            .enumerate()
            .filter(|(_, (_, role))| *role == layout::ColumnRole::Dimension)
            .map(|(i, _)| i)
            .collect();
        match dims
            .iter()
            .find(|&&i| headers[i].eq_ignore_ascii_case(by.trim()))
        {
            Some(&i) => self.by_col = Some(i),
            None => {
                let expected = if dims.is_empty() {
                    msg!(by_no_dims)
                } else {
                    let names: Vec<&str> = dims.iter().map(|&i| headers[i].as_str()).collect();
                    msg!(by_one_of, columns = names.join(", "))
                };
                let p =
                    Problem::at(&self.name, line, None).says(msg!(by_no_column, by = by), expected);
                self.problem(p);
            }
        }
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    /// Rows wait for the order of day and month.
    pub fn has_pending(&self) -> bool {
        !self.pending.is_empty()
    }

    pub fn has_header(&self) -> bool {
        self.columns.is_some()
    }

    pub fn set_sheet(&mut self, sheet: &str) {
        self.sheet = Some(sheet.to_string());
    }

    pub fn problem(&mut self, mut p: Problem) {
        if p.line.is_some() {
            p.sheet.clone_from(&self.sheet);
        }
        if self.problems.len() < MAX_PROBLEMS {
            self.problems.push(p);
        } else {
            self.more_problems += 1;
        }
    }

    pub fn delimiter(&self) -> u8 {
        match self.file.delimiter.as_str() {
            "tab" => b'\t',
            d => d.bytes().next().unwrap_or(b','),
        }
    }

    pub fn set_delimiter(&mut self, d: u8) {
        self.file.delimiter = match d {
            b'\t' => "tab".to_string(),
            d => (d as char).to_string(),
        };
    }

    /// Reads the header row; false when the file cannot be read any further.
    pub fn header<F: AsRef<[u8]>>(&mut self, fields: &[F], line: u64) -> bool {
        let headers: Vec<String> = fields
            .iter()
            .map(|f| String::from_utf8_lossy(f.as_ref()).trim().to_string())
            .collect();
        match layout::detect(&headers, self.registry, &self.name, line) {
            Ok(detected) => {
                self.warnings.extend(detected.warnings);
                for p in detected.problems {
                    self.problem(p);
                }
                let cols = detected.columns;
                for p in
                    super::mappings::unhonoured(&headers, &cols, self.registry, &self.name, line)
                {
                    self.problem(p);
                }
                self.resolve_sla(&headers, line);
                self.file.layout = cols.layout();
                self.file.date_column = cols.date.map(|i| headers[i].clone());
                self.file.columns = cols.describe(&headers, self.registry);
                self.stamp_cols = cols.stamp_columns();
                if let Some(by) = self.registry.rules.by.clone() {
                    self.find_by(&by, &headers, &cols, line);
                }
                if self.registry.rules.by_month && cols.date.is_none() {
                    let p = Problem::at(&self.name, line, None)
                        .says(msg!(no_date_for_months), msg!(date_or_month));
                    self.problem(p);
                }
                if let (layout::ColumnKind::Events { .. }, Some(ev)) =
                    (&cols.kind, &self.registry.rules.events)
                {
                    self.log = Some(Log::new(ev));
                }
                self.columns = Some(cols);
                true
            }
            Err(p) => {
                self.problem(p);
                false
            }
        }
    }

    /// One data row.
    #[inline]
    pub fn row<F: AsRef<[u8]>>(&mut self, fields: &[F], line: u64) {
        let Some(cols) = self.columns.take() else {
            return;
        };
        if self.order == DateOrder::Unknown && !self.stamp_cols.is_empty() {
            if self.waits(fields, line) {
                self.columns = Some(cols);
                return;
            }
            if self.order != DateOrder::Unknown {
                // The order is known now: the rows that waited for it first.
                for (row, at) in std::mem::take(&mut self.pending) {
                    self.row_with(&cols, &row, at);
                }
            }
        }
        self.row_with(&cols, fields, line);
        self.columns = Some(cols);
    }

    pub(super) fn row_with<F: AsRef<[u8]>>(&mut self, cols: &Columns, fields: &[F], line: u64) {
        if fields
            .iter()
            .all(|f| f.as_ref().iter().all(u8::is_ascii_whitespace))
        {
            // `,,,,` rows that Excel leaves at the end of a sheet.
            return;
        }
        self.file.rows += 1;
        if fields.len() != cols.width {
            let p = Problem::at(&self.name, line, None).says(
                msg!(row_fields, fields = fields.len(), width = cols.width),
                msg!(
                    row_fields_expected,
                    width = cols.width,
                    delimiter = &self.file.delimiter
                ),
            );
            self.problem(p);
            return;
        }
        if self.file.rows == 1 && self.stamp_cols.is_empty() {
            self.dates_elsewhere(fields, line);
        }
        let by_month = self.registry.rules.by_month;
        if let Some(c) = self.by_col.filter(|_| !by_month) {
            let key = fields[c].as_ref().trim_ascii();
            if self.segs.len() >= MAX_SEGMENTS && self.segs.get(key).is_none() {
                // Past the bound every new value shares one bucket no data can name (a
                // NUL byte is refused in a file): the run fails on the problem anyway.
                if !self.too_many_segments {
                    self.too_many_segments = true;
                    let by = self.registry.rules.by.clone().unwrap_or_default();
                    let p = Problem::at(&self.name, line, Some(c as u64 + 1))
                        .says(msg!(too_many_segments, by = by), msg!(fewer_segments));
                    self.problem(p);
                }
                self.enter_segment(b"\0more");
            } else {
                self.enter_segment(key);
            }
        }
        let day = cols.date.map(|i| self.date(fields[i].as_ref(), i, line));
        if by_month {
            // The month of the row's date (YYYY-MM); an undated row goes to no month. With
            // --by too, the month and the segment: `YYYY-MM` + U+001F + the segment.
            let dated = day.filter(|d| *d != NO_DAY);
            let mut key = dated.map_or(String::new(), |d| value::format_day(d)[..7].to_string());
            if let Some(c) = self.by_col.filter(|_| !key.is_empty()) {
                key.push(super::MONTH_SEGMENT);
                key.push_str(String::from_utf8_lossy(fields[c].as_ref().trim_ascii()).as_ref());
            }
            self.enter_segment(key.as_bytes());
            if let Some(d) = dated {
                let e = self
                    .seg_days
                    .entry(key.into_bytes().into())
                    .or_insert((d, d));
                e.0 = e.0.min(d);
                e.1 = e.1.max(d);
            }
        }
        if !self.sla_rules.is_empty() {
            self.read_sla(fields, line);
        }
        match &cols.kind {
            layout::ColumnKind::Long {
                metric,
                value,
                unit,
            } => self.long_row(fields, line, *metric, *value, *unit, day),
            layout::ColumnKind::Wide { metrics, spans } => {
                let mut day = day;
                let mut measured: Vec<(MetricId, f64)> = Vec::new();
                for s in spans {
                    if let Some((hours, end)) = self.span(fields, s, line) {
                        measured.push((s.id, hours));
                        // Without a date column a case is dated by its end; a case without
                        // an end has no date and does not stretch the window.
                        if day.is_none() {
                            self.see_day(end);
                            day = Some(end);
                        }
                    }
                }
                for (id, hours) in measured {
                    self.add_hours(id, hours, day);
                }
                for m in metrics {
                    self.observe(fields[m.index].as_ref(), line, m.index, m.id, m.unit, day);
                }
            }
            layout::ColumnKind::Events {
                case,
                activity,
                timestamp,
            } => self.event(fields, line, *case, *activity, *timestamp),
        }
    }

    pub(super) fn long_row<F: AsRef<[u8]>>(
        &mut self,
        fields: &[F],
        line: u64,
        metric_col: usize,
        value_col: usize,
        unit_col: Option<usize>,
        day: Option<Day>,
    ) {
        let raw = fields[metric_col].as_ref();
        let id = match self.metrics.get(raw) {
            Some(id) => id,
            None => {
                let id = self.registry.lookup(&String::from_utf8_lossy(raw));
                self.metrics.put(raw, id);
                id
            }
        };
        let Some(id) = id else {
            self.unknown_metric(raw, line, metric_col);
            return;
        };
        let def_unit = self.registry.def(id).unit;
        let unit = match unit_col {
            None => def_unit,
            Some(uc) => {
                let raw = fields[uc].as_ref();
                let parsed = match self.units.get(raw) {
                    Some(u) => u,
                    None => {
                        let text = String::from_utf8_lossy(raw);
                        let u = if text.trim().is_empty() {
                            Some(def_unit)
                        } else {
                            Unit::parse(&text)
                        };
                        self.units.put(raw, u);
                        u
                    }
                };
                let Some(u) = parsed else {
                    let text = String::from_utf8_lossy(raw).trim().to_string();
                    let name = self.registry.def(id).name.clone();
                    let expected = if def_unit == Unit::Count {
                        msg!(unit_for_count_short)
                    } else {
                        msg!(units_accepted)
                    };
                    let p = Problem::at(&self.name, line, Some(uc as u64 + 1)).says(
                        msg!(
                            unit_cell_unknown,
                            unit = text,
                            metric = crate::message::metric(&name)
                        ),
                        expected,
                    );
                    self.problem(p);
                    return;
                };
                // A blank unit cell means the metric's own unit.
                if raw.iter().all(u8::is_ascii_whitespace) {
                    def_unit
                } else {
                    u
                }
            }
        };
        let unit = UnitSource {
            unit,
            column: unit_col,
        };
        self.observe(fields[value_col].as_ref(), line, value_col, id, unit, day);
    }
}

impl Reader<'_> {
    /// A cell that means "not observed": empty, the usual markers, or `[input] missing`.
    #[inline]
    pub(super) fn is_missing(&self, raw: &[u8]) -> bool {
        value::is_missing_bytes(raw)
            || (!self.registry.rules.missing.is_empty() && self.is_missing_token(raw))
    }

    /// `expected`, with the line to add to roi.toml when `text` looks like an export's own
    /// "not observed" marker (a short text without a digit: `?`, `-`, `brak`).
    #[cold]
    pub(super) fn missing_hint(text: &str, expected: crate::message::Msg) -> crate::message::Msg {
        let marker = !text.is_empty()
            && text.chars().count() <= 20
            && !text.chars().any(|c| c.is_ascii_digit() || c.is_control());
        if marker {
            msg!(with_missing_hint, expected = expected, value = text)
        } else {
            expected
        }
    }

    #[cold]
    fn is_missing_token(&self, raw: &[u8]) -> bool {
        let cell = raw.trim_ascii();
        self.registry
            .rules
            .missing
            .iter()
            .any(|t| t.as_bytes().eq_ignore_ascii_case(cell))
    }
}
