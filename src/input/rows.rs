//! The rows of one file, as fields from either tokenizer (the fast block scanner or the
//! careful CSV reader): the header's layout, then each row's cells parsed from bytes without
//! allocating and added to running totals — one `f64` per case of a case duration, sums for
//! counts and period durations, per-week totals for the trend, the window's first and last
//! day. Every problem keeps its file, line and column.

use super::events::Log;
use super::layout::{self, Columns, UnitSource};
use super::time::{self, DateOrder, Stamp, StampError};
use super::{FileInfo, Layout, NO_DAY, Observations, Scan, Series};
use crate::error::{Problem, RoiError};
use crate::metric::{Kind, MetricId, Registry, Unit};
use crate::value::{self, Day, NumberError};
use crate::warning::Warning;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// At most this many problems are kept per file; the rest are counted.
const MAX_PROBLEMS: usize = 50;

/// Distinct cells cached, and distinct unknown names remembered for the warning: a file of
/// millions of distinct names must not grow memory without bound.
const MAX_DISTINCT: usize = 1000;

/// What a date or timestamp cell may be, for messages.
const TIMESTAMPS: &str = "a date or time like 2026-10-01, 2026-10-01 08:30, 2026-10-01T08:30:00+02:00, 01.10.2026 08:30, 2026/10/01 or 12/Mar/24 3:05 PM; for dates like 03/04/2026 set [columns] date_format = \"d/m/yyyy\" or \"m/d/yyyy\"";

/// What a date cell may be, for messages.
const DATES: &str = "a date like 2026-10-01 (ISO, optionally with a time), 1.10.2026 or 2026/10/01; for slash dates like 03/04/2026 set [columns] date_format = \"d/m/yyyy\" or \"m/d/yyyy\"";

/// Rows waiting for a date that tells day/month from month/day, at most; beyond them the
/// file needs `[columns] date_format`.
const MAX_PENDING: usize = 100_000;

/// Cases whose duration from timestamps could not be measured, for one metric.
#[derive(Debug, Default, Clone, Copy)]
struct Unmeasured {
    open: u64,
    reversed: u64,
    no_start: u64,
    first_line: u64,
}

/// Unknown metric names listed one by one in the warnings; the rest are counted.
const MAX_UNKNOWN_LISTED: usize = 10;

/// No single observation is larger than this; bigger numbers are typos or IDs in the wrong
/// column, and would overflow the money arithmetic.
const MAX_VALUE: f64 = 1e9;

/// A cache of the cells that repeat (metric names, units): a few recent ones compared
/// directly, the rest in a map, bounded.
struct Cache<T: Copy> {
    recent: Vec<(Box<[u8]>, T)>,
    more: HashMap<Box<[u8]>, T>,
}

impl<T: Copy> Cache<T> {
    fn new() -> Self {
        Cache {
            recent: Vec::new(),
            more: HashMap::new(),
        }
    }

    #[inline]
    fn get(&self, key: &[u8]) -> Option<T> {
        for (k, v) in &self.recent {
            if **k == *key {
                return Some(*v);
            }
        }
        self.more.get(key).copied()
    }

    fn put(&mut self, key: &[u8], value: T) {
        if self.recent.len() < 16 {
            self.recent.push((key.into(), value));
        } else if self.more.len() < MAX_DISTINCT {
            self.more.insert(key.into(), value);
        }
    }
}

/// Running totals of one metric in one file.
#[derive(Default)]
struct Acc {
    /// Case durations: every value, in one vector handed on as it is (no copy at the end).
    /// Its unused capacity is never written, so it takes no memory; a large vector grows
    /// in place (the allocator remaps its pages).
    values: super::Values,
    keep_values: bool,
    n: u64,
    total: f64,
    sum_sq: f64,
    /// The week being added to (index, cases, sum), flushed into `weekly` when it changes.
    week: Option<(i32, u64, f64)>,
    weekly: BTreeMap<i32, (u64, f64)>,
    missing: u64,
    units: Vec<Unit>,
}

impl Acc {
    #[inline]
    fn add(&mut self, v: f64, decimal: Option<(u64, usize)>, day: Option<Day>) {
        self.n += 1;
        self.total += v;
        self.sum_sq += v * v;
        if self.keep_values {
            match decimal {
                Some((m, places)) => self.values.push_decimal(v, m, places),
                None => self.values.push(v),
            }
            if let Some(d) = day.filter(|d| *d != NO_DAY) {
                // 1970-01-01 was a Thursday: shifting by 3 makes weeks start on Monday.
                let w = (d + 3).div_euclid(7);
                match &mut self.week {
                    Some((cur, n, sum)) if *cur == w => {
                        *n += 1;
                        *sum += v;
                    }
                    other => {
                        if let Some((cur, n, sum)) = other.take() {
                            let e = self.weekly.entry(cur).or_insert((0, 0.0));
                            e.0 += n;
                            e.1 += sum;
                        }
                        *other = Some((w, 1, v));
                    }
                }
            }
        }
    }

    fn finish(mut self) -> Series {
        if let Some((cur, n, sum)) = self.week.take() {
            let e = self.weekly.entry(cur).or_insert((0, 0.0));
            e.0 += n;
            e.1 += sum;
        }
        Series {
            values: self.values,
            n: self.n,
            total: self.total,
            sum_sq: self.sum_sq,
            weekly: self.weekly,
            missing: self.missing,
            units: self.units,
        }
    }
}

/// The state of one streaming read.
pub struct Reader<'a> {
    name: String,
    registry: &'a Registry,
    columns: Option<Columns>,
    pub(super) file: FileInfo,
    accs: Vec<Option<Acc>>,
    warnings: Vec<Warning>,
    problems: Vec<Problem>,
    more_problems: u64,
    metrics: Cache<Option<MetricId>>,
    units: Cache<Option<Unit>>,
    /// The last date cell and its day: dates repeat row after row.
    last_date: (Vec<u8>, Day),
    /// Unknown metric names: first line and number of rows.
    unknown: BTreeMap<String, (u64, u64)>,
    unknown_overflow: u64,
    /// Set by the careful reader when it read the file as Windows-1250.
    pub(super) fallback: Option<Arc<AtomicBool>>,
    /// How slash dates are read: roi.toml's `date_format`, else decided from the data.
    order: DateOrder,
    /// The columns holding dates or timestamps, checked for a slash date that tells the order.
    stamp_cols: Vec<usize>,
    /// Rows whose slash dates read either way, until a date tells which.
    pending: Vec<(Vec<Box<[u8]>>, u64)>,
    /// Per case-duration metric from timestamps: the cases not measured.
    unmeasured: BTreeMap<MetricId, Unmeasured>,
    /// An event log's cases so far.
    log: Option<Log>,
    /// In a workbook, the sheet: problems name its cells.
    sheet: Option<String>,
    /// `--by`: the column naming each row's segment.
    by_col: Option<usize>,
    /// The segment whose accumulators `accs` holds now, and every other segment's.
    seg_key: Option<Box<[u8]>>,
    segs: BTreeMap<Box<[u8]>, Vec<Option<Acc>>>,
    /// Split by month: each month's first and last day.
    seg_days: BTreeMap<Box<[u8]>, (Day, Day)>,
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
            seg_key: None,
            segs: BTreeMap::new(),
            seg_days: BTreeMap::new(),
        }
    }

    /// Rows from here on belong to the segment `raw` names: `accs` becomes its accumulators.
    fn enter_segment(&mut self, raw: &[u8]) {
        let key = raw.trim_ascii();
        if self.seg_key.as_deref() == Some(key) {
            return;
        }
        let fresh = self
            .segs
            .remove(key)
            .unwrap_or_else(|| (0..self.registry.defs().len()).map(|_| None).collect());
        let left = std::mem::replace(&mut self.accs, fresh);
        if let Some(k) = self.seg_key.take() {
            self.segs.insert(k, left);
        }
        self.seg_key = Some(key.into());
    }

    /// `--by`: the column that names the segments, or a problem when the file has none.
    fn find_by(&mut self, by: &str, headers: &[String], cols: &Columns, line: u64) {
        if matches!(cols.kind, layout::ColumnKind::Events { .. }) {
            let p = Problem::at(&self.name, line, None).says(
                format!("an event log cannot be broken down by '{by}' yet"),
                "a long or wide export (one row per observation or per case) for --by",
            );
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
                    "a column such as process, team or site to break the case down by (the file has none)".to_string()
                } else {
                    let names: Vec<&str> = dims.iter().map(|&i| headers[i].as_str()).collect();
                    format!("one of the file's other columns: {}", names.join(", "))
                };
                let p = Problem::at(&self.name, line, None).says(
                    format!("no column '{by}' to break the case down by"),
                    expected,
                );
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
                self.file.layout = cols.layout();
                self.file.date_column = cols.date.map(|i| headers[i].clone());
                self.file.columns = cols.describe(&headers, self.registry);
                self.stamp_cols = cols.stamp_columns();
                if let Some(by) = self.registry.rules.by.clone() {
                    self.find_by(&by, &headers, &cols, line);
                }
                if self.registry.rules.by_month && cols.date.is_none() {
                    let p = Problem::at(&self.name, line, None).says(
                        "no date column to split the rows into months",
                        "a date column, or --month YYYY-MM for a file that holds one month",
                    );
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

    /// Looks at the row's slash dates: one whose first (or second) number exceeds 12 decides
    /// the order of day and month for the file. True when the row has a date that reads
    /// either way and the order is still unknown: the row waits (a copy of it).
    fn waits<F: AsRef<[u8]>>(&mut self, fields: &[F], line: u64) -> bool {
        let mut ambiguous = false;
        for &i in &self.stamp_cols {
            let Some(raw) = fields.get(i).map(AsRef::as_ref) else {
                continue;
            };
            if memchr::memchr(b'/', raw).is_none() {
                continue;
            }
            let text = String::from_utf8_lossy(raw);
            match time::order_shown(&text) {
                Some(o) if self.order == DateOrder::Unknown => self.order = o,
                Some(_) => {}
                None => {
                    ambiguous |=
                        time::parse_stamp(&text, DateOrder::Unknown) == Err(StampError::Ambiguous);
                }
            }
        }
        if !ambiguous || self.order != DateOrder::Unknown {
            return false;
        }
        if self.pending.len() < MAX_PENDING {
            let row = fields.iter().map(|f| f.as_ref().into()).collect();
            self.pending.push((row, line));
        } else if self.pending.len() == MAX_PENDING {
            // Counted once: the file will be refused for its first waiting row.
            self.pending.push((Vec::new(), line));
        }
        true
    }

    /// A date or timestamp cell: `Ok(None)` when empty (not observed).
    fn stamp(&mut self, raw: &[u8], col: usize, line: u64) -> Result<Option<Stamp>, ()> {
        if value::is_missing_bytes(raw) || raw.iter().all(u8::is_ascii_whitespace) {
            return Ok(None);
        }
        match time::parse_stamp_bytes(raw, self.order) {
            Ok(s) => Ok(Some(s)),
            Err(e) => {
                let text = String::from_utf8_lossy(raw);
                let p = Problem::at(&self.name, line, Some(col as u64 + 1))
                    .says(self.bad_stamp(text.trim(), e), TIMESTAMPS);
                self.problem(p);
                Err(())
            }
        }
    }

    fn bad_stamp(&self, text: &str, e: StampError) -> String {
        match (e, self.order) {
            (StampError::Ambiguous, _) => format!(
                "'{text}' could be day/month or month/day, and no date in the file tells which"
            ),
            (_, DateOrder::DayFirst) if text.contains('/') => format!(
                "'{text}' is not a valid date or time (slash dates in this file are day/month/year)"
            ),
            (_, DateOrder::MonthFirst) if text.contains('/') => format!(
                "'{text}' is not a valid date or time (slash dates in this file are month/day/year)"
            ),
            _ => format!("'{text}' is not a valid date or time"),
        }
    }

    /// In a file without a date column, the first row's other columns that hold dates: each
    /// worth mapping as the date in `[columns]`.
    fn dates_elsewhere<F: AsRef<[u8]>>(&mut self, fields: &[F], line: u64) {
        for (i, (header, role)) in self.file.columns.iter().enumerate() {
            if *role != layout::ColumnRole::Dimension {
                continue;
            }
            let Some(raw) = fields.get(i) else { continue };
            let text = String::from_utf8_lossy(raw.as_ref());
            // A year of four digits: an ID or a count is not a date.
            let has_year = text
                .split(|c: char| !c.is_ascii_digit())
                .any(|p| p.len() == 4);
            if has_year && time::parse_stamp(&text, DateOrder::DayFirst).is_ok() {
                self.warnings.push(Warning::ColumnOfDates {
                    file: self.name.clone(),
                    line,
                    column: i as u64 + 1,
                    header: header.clone(),
                });
            }
        }
    }

    /// The window grows to include `d`.
    fn see_day(&mut self, d: Day) {
        let f = &mut self.file;
        f.first_day = Some(f.first_day.map_or(d, |x| x.min(d)));
        f.last_day = Some(f.last_day.map_or(d, |x| x.max(d)));
    }

    /// A case duration measured from two timestamps, in hours, and the day of its end; None
    /// when the case is open, has no start, ends before it starts, or a cell is no time.
    fn span<F: AsRef<[u8]>>(
        &mut self,
        fields: &[F],
        s: &layout::SpanColumn,
        line: u64,
    ) -> Option<(f64, Day)> {
        let start = self.stamp(fields[s.start].as_ref(), s.start, line).ok()?;
        let end = self.stamp(fields[s.end].as_ref(), s.end, line).ok()?;
        let tally = self.unmeasured.entry(s.id).or_default();
        let note = |t: &mut Unmeasured| {
            if t.first_line == 0 {
                t.first_line = line;
            }
        };
        let (start, end) = match (start, end) {
            (_, None) => {
                tally.open += 1;
                note(tally);
                return None;
            }
            (None, Some(_)) => {
                tally.no_start += 1;
                note(tally);
                return None;
            }
            (Some(a), Some(b)) => (a, b),
        };
        let seconds = start.seconds_to(end);
        if seconds < 0 {
            tally.reversed += 1;
            note(tally);
            return None;
        }
        let seconds = match (&self.registry.rules.calendar, s.working) {
            (Some(cal), true) => cal.working_seconds(start.local, end.local),
            _ => seconds,
        };
        Some((seconds as f64 / 3600.0, end.day()))
    }

    /// A duration in hours that no unit cell names: converted to the metric's unit and added.
    fn add_hours(&mut self, id: MetricId, hours: f64, day: Option<Day>) {
        let def = self.registry.def(id);
        let (kind, unit) = (def.kind, def.unit);
        let factor = Unit::Hours.factor_to(unit).unwrap_or(1.0);
        let acc = self.accs[id].get_or_insert_with(|| Acc {
            keep_values: kind == Kind::CaseDuration,
            ..Acc::default()
        });
        acc.add(hours * factor, None, day);
        if !acc.units.contains(&Unit::Hours) {
            acc.units.push(Unit::Hours);
        }
    }

    /// One event of an event log.
    fn event<F: AsRef<[u8]>>(
        &mut self,
        fields: &[F],
        line: u64,
        case: usize,
        activity: usize,
        at: usize,
    ) {
        let Ok(Some(stamp)) = self.stamp(fields[at].as_ref(), at, line) else {
            if fields[at].as_ref().iter().all(u8::is_ascii_whitespace) {
                let p = Problem::at(&self.name, line, Some(at as u64 + 1)).says(
                    "the event has no time",
                    "the time of every event of the log",
                );
                self.problem(p);
            }
            return;
        };
        let id = fields[case].as_ref().trim_ascii();
        if id.is_empty() {
            let p = Problem::at(&self.name, line, Some(case as u64 + 1))
                .says("the event has no case", "the case every event belongs to");
            self.problem(p);
            return;
        }
        if let Some(log) = &mut self.log {
            log.add(id, fields[activity].as_ref(), stamp);
        }
    }

    fn row_with<F: AsRef<[u8]>>(&mut self, cols: &Columns, fields: &[F], line: u64) {
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
                format!(
                    "the row has {} fields but the header has {}",
                    fields.len(),
                    cols.width
                ),
                format!(
                    "{} fields separated by '{}' like the header (quote values that contain it)",
                    cols.width, self.file.delimiter
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
            self.enter_segment(fields[c].as_ref());
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

    /// The row's day; `NO_DAY` for an empty date cell of a dated file.
    #[inline]
    fn date(&mut self, raw: &[u8], i: usize, line: u64) -> Day {
        if self.last_date.0 == raw && self.last_date.1 != NO_DAY {
            return self.last_date.1;
        }
        if value::is_missing_bytes(raw) {
            self.file.undated_rows += 1;
            return NO_DAY;
        }
        let parsed = value::parse_date_bytes(raw).map(Ok).unwrap_or_else(|| {
            time::parse_stamp(&String::from_utf8_lossy(raw), self.order).map(Stamp::day)
        });
        match parsed {
            Ok(d) => {
                self.see_day(d);
                self.last_date.0.clear();
                self.last_date.0.extend_from_slice(raw);
                self.last_date.1 = d;
                d
            }
            Err(e) => {
                let text = String::from_utf8_lossy(raw);
                let found = match e {
                    StampError::Invalid if !text.contains('/') => {
                        format!("date '{}' is not a valid calendar date", text.trim())
                    }
                    e => self.bad_stamp(text.trim(), e),
                };
                let p = Problem::at(&self.name, line, Some(i as u64 + 1)).says(found, DATES);
                self.problem(p);
                NO_DAY
            }
        }
    }

    fn long_row<F: AsRef<[u8]>>(
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
                        "count (or an empty unit) for a count".to_string()
                    } else {
                        Unit::ACCEPTED.to_string()
                    };
                    let p = Problem::at(&self.name, line, Some(uc as u64 + 1)).says(
                        format!("unit '{text}' for {name} is not a known unit"),
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

    fn unknown_metric(&mut self, raw: &[u8], line: u64, col: usize) {
        let text = String::from_utf8_lossy(raw).trim().to_string();
        if text.is_empty() {
            let p = Problem::at(&self.name, line, Some(col as u64 + 1)).says(
                "the metric name is empty",
                "a metric such as cycle_time, response_time, errors or downtime",
            );
            self.problem(p);
        } else if let Some(entry) = self.unknown.get_mut(&text) {
            entry.1 += 1;
        } else if self.unknown.len() < MAX_UNKNOWN_LISTED {
            self.unknown.insert(text, (line, 1));
        } else {
            self.unknown_overflow += 1;
        }
    }

    /// Parses, checks and adds one value cell.
    #[inline]
    fn observe(
        &mut self,
        raw: &[u8],
        line: u64,
        col: usize,
        id: MetricId,
        unit: UnitSource,
        day: Option<Day>,
    ) {
        let def = self.registry.def(id);
        let (kind, def_unit) = (def.kind, def.unit);
        if self.accs[id].is_none() {
            self.accs[id] = Some(Acc {
                keep_values: kind == Kind::CaseDuration,
                ..Acc::default()
            });
        }
        if value::is_missing_bytes(raw) {
            if let Some(acc) = &mut self.accs[id] {
                acc.missing += 1;
            }
            return;
        }
        let (value, decimal) = match value::parse_number_parts(raw) {
            Ok((v, d)) if (0.0..=MAX_VALUE).contains(&v) => (v, d),
            // A duration written 4:30 or PT4H30M: hours, whatever the unit cell says.
            Err(NumberError::NotANumber) if kind != Kind::Count => {
                match time::parse_duration_hours(&String::from_utf8_lossy(raw)) {
                    Some(h) if h <= MAX_VALUE => {
                        self.add_hours(id, h, day);
                        return;
                    }
                    _ => {
                        self.bad_value(raw, Err(NumberError::NotANumber), line, col, id);
                        return;
                    }
                }
            }
            other => {
                self.bad_value(raw, other.map(|(v, _)| v), line, col, id);
                return;
            }
        };
        let Some(factor) = unit.unit.factor_to(def_unit) else {
            let at = Problem::at(
                &self.name,
                line,
                Some(unit.column.unwrap_or(col) as u64 + 1),
            );
            let expected = if kind == Kind::Count {
                "count (or an empty unit), because it is a count".to_string()
            } else {
                format!(
                    "a duration unit ({}), because it is a duration",
                    Unit::ACCEPTED
                )
            };
            let name = self.registry.def(id).name.clone();
            self.problem(at.says(
                format!("unit '{}' does not fit {name}", unit.unit),
                expected,
            ));
            return;
        };
        if kind == Kind::Count && value.fract() != 0.0 && unit.unit == Unit::Count {
            let name = self.registry.def(id).name.clone();
            let p = Problem::at(&self.name, line, Some(col as u64 + 1)).says(
                format!(
                    "value '{}' for {name} is not a whole number",
                    String::from_utf8_lossy(raw).trim()
                ),
                "a whole count like 3",
            );
            self.problem(p);
            return;
        }
        if let Some(acc) = &mut self.accs[id] {
            // The decimal's digits stand for the value only when no unit conversion applies.
            acc.add(value * factor, decimal.filter(|_| factor == 1.0), day);
            if acc.units.last() != Some(&unit.unit) && !acc.units.contains(&unit.unit) {
                acc.units.push(unit.unit);
            }
        }
    }

    #[cold]
    fn bad_value(
        &mut self,
        raw: &[u8],
        parsed: Result<f64, NumberError>,
        line: u64,
        col: usize,
        id: MetricId,
    ) {
        let def = self.registry.def(id);
        let name = def.name.clone();
        let what = match def.kind {
            Kind::Count => "a count like 3",
            _ => "a duration like 4.5",
        };
        let text = String::from_utf8_lossy(raw).trim().to_string();
        let (found, expected) = match parsed {
            Err(NumberError::NotANumber) => (
                format!("value '{text}' for {name} is not a number"),
                format!("{what} (or an empty cell / NA if not observed)"),
            ),
            Err(NumberError::NotFinite) => (
                format!("value '{text}' for {name} is not a finite number"),
                format!("{what}; leave the cell empty or write NA if not observed"),
            ),
            Ok(v) if v < 0.0 => (
                format!("value '{text}' for {name} is negative"),
                format!("{what}, zero or more"),
            ),
            Ok(_) => (
                format!("value '{text}' for {name} is implausibly large"),
                format!("{what}, at most 1,000,000,000"),
            ),
        };
        let p = Problem::at(&self.name, line, Some(col as u64 + 1)).says(found, expected);
        self.problem(p);
    }

    /// An event log's cases as observations: cycle time, response time, rework.
    fn finish_log(&mut self, log: Log) {
        let role =
            |r| crate::metric::builtin_with_role(r).and_then(|b| self.registry.lookup(b.name));
        let (cycle, response) = (
            role(crate::metric::Role::Cycle),
            role(crate::metric::Role::FirstResponse),
        );
        let rework = self
            .registry
            .rules
            .events
            .as_ref()
            .filter(|e| e.rework)
            .and_then(|_| self.registry.lookup("rework"));
        let working = self
            .registry
            .rules
            .calendar
            .as_ref()
            .filter(|c| c.working)
            .cloned();
        let mut single = 0;
        for case in log.finish(working.as_ref()) {
            self.see_day(case.day);
            let day = Some(case.day);
            match (case.cycle_hours, cycle) {
                (Some(h), Some(id)) => self.add_hours(id, h, day),
                (None, _) => single += 1,
                _ => {}
            }
            if let (Some(h), Some(id)) = (case.response_hours, response) {
                self.add_hours(id, h, day);
            }
            if let Some(id) = rework {
                let acc = self.accs[id].get_or_insert_with(Acc::default);
                acc.add(if case.rework { 1.0 } else { 0.0 }, None, day);
            }
        }
        if single > 0 {
            self.warnings.push(Warning::SingleEventCases {
                file: self.name.clone(),
                cases: single,
            });
        }
    }

    /// The observations, the warnings and every problem found.
    pub fn finish(mut self) -> Scan {
        if self
            .fallback
            .as_ref()
            .is_some_and(|f| f.load(Ordering::Relaxed))
        {
            let encoding = encoding_rs::WINDOWS_1250.name().to_string();
            self.file.encoding = encoding.clone();
            self.warnings.insert(
                0,
                Warning::EncodingFallback {
                    file: self.name.clone(),
                    encoding,
                },
            );
        }
        let mut unknown: Vec<(String, (u64, u64))> =
            std::mem::take(&mut self.unknown).into_iter().collect();
        unknown.sort_by_key(|(_, (line, _))| *line);
        for (text, (line, rows)) in unknown {
            self.warnings.push(Warning::UnknownMetric {
                file: self.name.clone(),
                line,
                suggestion: self.registry.suggest(&text).map(str::to_string),
                name: text,
                rows,
            });
        }
        if self.unknown_overflow > 0 {
            self.warnings.push(Warning::MoreUnknownMetrics {
                file: self.name.clone(),
                rows: self.unknown_overflow,
            });
        }
        if let Some(&(_, line)) = self.pending.first() {
            let p = Problem::at(&self.name, line, None).says(
                "the dates of this file read as day/month or month/day alike (no day above 12), so roi cannot tell which",
                "[columns] date_format = \"d/m/yyyy\" or \"m/d/yyyy\" in roi.toml",
            );
            self.problem(p);
        }
        if let Some(log) = self.log.take() {
            self.finish_log(log);
        }
        for (id, u) in std::mem::take(&mut self.unmeasured) {
            if u.open + u.reversed + u.no_start > 0 {
                self.warnings.push(Warning::Unmeasured {
                    file: self.name.clone(),
                    metric: self.registry.def(id).name.clone(),
                    open: u.open,
                    reversed: u.reversed,
                    no_start: u.no_start,
                    line: u.first_line,
                });
            }
        }
        let finished = |accs: Vec<Option<Acc>>| -> BTreeMap<MetricId, Series> {
            accs.into_iter()
                .enumerate()
                .filter_map(|(id, acc)| {
                    Some((id, acc.filter(|a| a.n > 0 || a.missing > 0)?.finish()))
                })
                .collect()
        };
        let mut segments: BTreeMap<String, BTreeMap<MetricId, Series>> = BTreeMap::new();
        let mut segment_days = BTreeMap::new();
        for (k, d) in std::mem::take(&mut self.seg_days) {
            segment_days.insert(String::from_utf8_lossy(&k).into_owned(), d);
        }
        let series = if self.by_col.is_some() || self.registry.rules.by_month {
            if let Some(k) = self.seg_key.take() {
                let current = std::mem::take(&mut self.accs);
                self.segs.insert(k, current);
            }
            let mut whole: BTreeMap<MetricId, Series> = BTreeMap::new();
            for (key, accs) in std::mem::take(&mut self.segs) {
                let own = finished(accs);
                for (id, s) in &own {
                    whole.entry(*id).or_default().merge(s);
                }
                let name = match String::from_utf8_lossy(&key).into_owned() {
                    n if n.is_empty() => super::BLANK_SEGMENT.to_string(),
                    n => n,
                };
                let entry = segments.entry(name).or_default();
                for (id, s) in own {
                    entry.entry(id).or_default().merge(&s);
                }
            }
            whole
        } else {
            finished(std::mem::take(&mut self.accs))
        };
        let counts: Vec<(String, u64)> = series
            .iter()
            .filter(|(_, s)| s.missing > 0)
            .map(|(id, s)| (self.registry.def(*id).name.clone(), s.missing))
            .collect();
        if !counts.is_empty() {
            self.warnings.push(Warning::SkippedMissing {
                file: self.name.clone(),
                counts,
            });
        }
        Scan {
            observations: Observations {
                file: self.file,
                series,
                warnings: self.warnings,
                segments,
                segment_days,
            },
            problems: self.problems,
            more_problems: self.more_problems,
        }
    }
}

impl Scan {
    /// The observations if the file had no problems, else all of them as one error.
    pub fn into_result(self) -> Result<Observations, RoiError> {
        if self.problems.is_empty() {
            Ok(self.observations)
        } else {
            Err(RoiError::Input {
                problems: self.problems,
                more: self.more_problems,
            })
        }
    }
}
