//! Reading one export into [`Observations`]: layout detection, cell parsing and unit
//! conversion, streamed record by record. Every problem keeps its file, line and column.

pub mod cell;
mod layout;
pub mod source;

use crate::error::{Problem, RoiError};
use crate::metric::{Kind, MetricId, Registry, Unit};
use crate::warning::Warning;
use cell::{Day, NumberError};
pub use layout::{ColumnRole, Layout};
use layout::{Columns, UnitSource};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::AtomicU64;

/// At most this many problems are kept per file; the rest are counted.
const MAX_PROBLEMS: usize = 50;

/// Distinct unknown names remembered for the warning, and distinct cells cached; a file of
/// millions of distinct names must not grow memory without bound.
const MAX_DISTINCT: usize = 1000;

/// Unknown metric names listed one by one in the warnings; the rest are counted.
const MAX_UNKNOWN_LISTED: usize = 10;

/// No single observation is larger than this; bigger numbers are typos or IDs in the wrong
/// column, and would overflow the money arithmetic.
const MAX_VALUE: f64 = 1e9;

/// Marks an observation of a dated file whose own date cell was empty.
pub const NO_DAY: Day = i32::MIN;

/// The values of one metric in one file, converted to the metric's display unit.
#[derive(Debug, Clone, Default)]
pub struct Series {
    pub values: Vec<f64>,
    /// Parallel to `values` when the file has a date column (`NO_DAY` where a row had none).
    pub days: Vec<Day>,
    /// Cells that said "not observed" (empty, NA …).
    pub missing: u64,
    /// Units the file wrote this metric in, before conversion.
    pub units: Vec<Unit>,
}

/// What roi learned about a file besides its numbers (shown by `roi check` and in JSON).
#[derive(Debug, Clone, Serialize)]
pub struct FileInfo {
    pub path: String,
    pub layout: Layout,
    pub delimiter: String,
    pub encoding: String,
    pub rows: u64,
    pub date_column: Option<String>,
    pub first_day: Option<Day>,
    pub last_day: Option<Day>,
    /// Rows of a dated file whose date cell was empty.
    pub undated_rows: u64,
    /// Column headers and what roi made of each.
    pub columns: Vec<(String, ColumnRole)>,
}

/// Everything read from one file.
#[derive(Debug, Clone)]
pub struct Observations {
    pub file: FileInfo,
    pub series: BTreeMap<MetricId, Series>,
    /// Notices and warnings (unknown metrics, encoding fallback, skipped values).
    pub warnings: Vec<Warning>,
}

/// The outcome of reading a file: what could be read, and every problem found.
#[derive(Debug)]
pub struct Scan {
    pub observations: Observations,
    pub problems: Vec<Problem>,
    /// Problems beyond the ones kept.
    pub more_problems: u64,
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

/// Reads one export. `Err` only when the file cannot be opened or read at all; problems
/// with its content are in the returned [`Scan`].
pub fn read(
    path: &Path,
    registry: &Registry,
    encoding: Option<&'static encoding_rs::Encoding>,
    progress: Option<Arc<AtomicU64>>,
) -> Result<Scan, RoiError> {
    let name = path.display().to_string();
    read_with(&name, source::open(path, encoding, progress), registry)
}

/// Reads an export from any reader (`name` is used in messages): the same as [`read`].
pub fn read_from(
    name: &str,
    bytes: Box<dyn std::io::Read + Send>,
    registry: &Registry,
    encoding: Option<&'static encoding_rs::Encoding>,
) -> Result<Scan, RoiError> {
    read_with(name, source::from_reader(bytes, encoding, None), registry)
}

fn read_with(
    name: &str,
    opened: std::io::Result<Result<source::Source, source::RawProblem>>,
    registry: &Registry,
) -> Result<Scan, RoiError> {
    let name = name.to_string();
    let io_err = |source| RoiError::Read {
        path: name.clone(),
        source,
    };
    let mut reader = Reader::new(&name, registry);
    let opened = match opened {
        Err(e) => match e
            .get_ref()
            .and_then(|r| r.downcast_ref::<source::Unreadable>())
        {
            Some(u) => {
                reader.problem(unreadable(&name, u));
                return Ok(reader.finish());
            }
            None => return Err(io_err(e)),
        },
        Ok(o) => o,
    };
    let source = match opened {
        Ok(s) => s,
        Err(source::RawProblem::Empty) => {
            reader.problem(Problem::at(&name, 1, None).says(
                "the file is empty",
                "a CSV export with a header row (metric,value,… or cycle_time_h,…) and data rows",
            ));
            return Ok(reader.finish());
        }
    };
    reader.fallback = Some(source.fallback.clone());
    reader.obs.file.encoding = source.encoding.to_string();
    reader.obs.file.delimiter = match source.delimiter {
        b'\t' => "tab".to_string(),
        d => (d as char).to_string(),
    };
    let mut csv = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(source.delimiter)
        .buffer_capacity(256 * 1024)
        .from_reader(source.reader);
    let mut record = csv::ByteRecord::new();
    let mut header_seen = false;
    loop {
        match csv.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                reader.csv_error(e);
                return Ok(reader.finish());
            }
        }
        let line = record.position().map_or(0, |p| p.line());
        if !header_seen {
            header_seen = true;
            if !reader.header(&record, line) {
                return Ok(reader.finish());
            }
            continue;
        }
        reader.row(&record, line);
    }
    if !header_seen {
        reader.problem(Problem::at(&name, 1, None).says(
            "the file has no rows, only blank lines",
            "a header row and data rows",
        ));
    } else if reader.obs.file.rows == 0 {
        reader.problem(Problem::at(&name, 2, None).says(
            "the file has a header but no data rows",
            "at least one row of observations under the header",
        ));
    }
    Ok(reader.finish())
}

/// A located problem for bytes that make a file unreadable.
fn unreadable(name: &str, u: &source::Unreadable) -> Problem {
    use source::Unreadable::*;
    let (line, found, expected) = match *u {
        LineTooLong { line } => (
            line,
            "the line is longer than 1 MiB (is this really a CSV export?)",
            "rows of ordinary length, one record a line",
        ),
        OpenQuote { line } => (
            line,
            "a quote (\") that opens a field on this line is never closed: the field runs on for more than 1 MiB",
            "a closing quote after the field's text (a quote inside a quoted field is written twice: \"\")",
        ),
        Binary { line } => (
            line,
            "the file contains binary data (a NUL byte), not text",
            "a CSV text export; if this is an Excel workbook, save it as CSV first",
        ),
        MixedEncoding { line } => (
            line,
            "the bytes on this line are not UTF-8, but earlier lines are UTF-8 text: the file mixes two encodings",
            "one encoding: save the file as UTF-8, or read it with --encoding windows-1250",
        ),
    };
    Problem::at(name, line, None).says(found, expected)
}

/// The state of one streaming read.
struct Reader<'a> {
    name: String,
    registry: &'a Registry,
    columns: Option<Columns>,
    obs: Observations,
    problems: Vec<Problem>,
    more_problems: u64,
    /// Long layout: `metric` cell bytes → metric (None: unknown name).
    metric_cache: HashMap<Vec<u8>, Option<MetricId>>,
    /// Long layout: `unit` cell bytes → unit (None: unknown unit).
    unit_cache: HashMap<Vec<u8>, Option<Unit>>,
    /// Unknown metric names: first line and number of rows.
    unknown: BTreeMap<String, (u64, u64)>,
    /// Rows with an unknown name beyond the ones remembered.
    unknown_overflow: u64,
    /// Set by the source when it read the file as Windows-1250.
    fallback: Option<Arc<std::sync::atomic::AtomicBool>>,
}

impl<'a> Reader<'a> {
    fn new(name: &str, registry: &'a Registry) -> Self {
        Reader {
            name: name.to_string(),
            registry,
            columns: None,
            obs: Observations {
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
                series: BTreeMap::new(),
                warnings: Vec::new(),
            },
            problems: Vec::new(),
            more_problems: 0,
            metric_cache: HashMap::new(),
            unit_cache: HashMap::new(),
            unknown: BTreeMap::new(),
            unknown_overflow: 0,
            fallback: None,
        }
    }

    fn problem(&mut self, p: Problem) {
        if self.problems.len() < MAX_PROBLEMS {
            self.problems.push(p);
        } else {
            self.more_problems += 1;
        }
    }

    fn csv_error(&mut self, e: csv::Error) {
        let line = e.position().map(|p| p.line());
        let text = match e.kind() {
            csv::ErrorKind::Io(io) => match io
                .get_ref()
                .and_then(|r| r.downcast_ref::<source::Unreadable>())
            {
                Some(u) => {
                    let p = unreadable(&self.name, u);
                    self.problem(p);
                    return;
                }
                None => format!("the file could not be read: {io}"),
            },
            _ => format!("the file could not be parsed as CSV: {e}"),
        };
        let p = match line {
            Some(l) => Problem::at(&self.name, l, None),
            None => Problem::in_file(&self.name),
        };
        self.problem(p.says(text, "a CSV text file"));
    }

    /// Detects the layout; false when the file cannot be read any further.
    fn header(&mut self, record: &csv::ByteRecord, line: u64) -> bool {
        let headers: Vec<String> = record
            .iter()
            .map(|f| String::from_utf8_lossy(f).trim().to_string())
            .collect();
        match layout::detect(&headers, self.registry, &self.name, line) {
            Ok(detected) => {
                for w in &detected.warnings {
                    self.obs.warnings.push(w.clone());
                }
                for p in detected.problems {
                    self.problem(p);
                }
                let cols = detected.columns;
                self.obs.file.layout = cols.layout();
                self.obs.file.date_column = cols.date.map(|i| headers[i].clone());
                self.obs.file.columns = cols.describe(&headers, self.registry);
                self.columns = Some(cols);
                true
            }
            Err(p) => {
                self.problem(p);
                false
            }
        }
    }

    fn row(&mut self, record: &csv::ByteRecord, line: u64) {
        let Some(cols) = self.columns.take() else {
            return;
        };
        if record.iter().all(|f| f.iter().all(u8::is_ascii_whitespace)) {
            // `,,,,` rows that Excel leaves at the end of a sheet.
            self.columns = Some(cols);
            return;
        }
        self.obs.file.rows += 1;
        if record.len() != cols.width {
            self.problem(Problem::at(&self.name, line, None).says(
                format!(
                    "the row has {} fields but the header has {}",
                    record.len(),
                    cols.width
                ),
                format!(
                    "{} fields separated by '{}' like the header (quote values that contain it)",
                    cols.width, self.obs.file.delimiter
                ),
            ));
            self.columns = Some(cols);
            return;
        }
        let day = match cols.date {
            Some(i) => self.date(record, i, line),
            None => None,
        };
        match &cols.kind {
            layout::ColumnKind::Long {
                metric,
                value,
                unit,
            } => self.long_row(record, line, *metric, *value, *unit, day),
            layout::ColumnKind::Wide { metrics } => {
                for m in metrics {
                    self.observe(record, line, m.index, m.id, m.unit, day);
                }
            }
        }
        self.columns = Some(cols);
    }

    /// The row's day; `Some(NO_DAY)` for an empty date cell of a dated file.
    fn date(&mut self, record: &csv::ByteRecord, i: usize, line: u64) -> Option<Day> {
        let text = String::from_utf8_lossy(&record[i]);
        if cell::is_missing(&text) {
            self.obs.file.undated_rows += 1;
            return Some(NO_DAY);
        }
        match cell::parse_date(&text) {
            Some(d) => {
                let f = &mut self.obs.file;
                f.first_day = Some(f.first_day.map_or(d, |x| x.min(d)));
                f.last_day = Some(f.last_day.map_or(d, |x| x.max(d)));
                Some(d)
            }
            None => {
                self.problem(Problem::at(&self.name, line, Some(i as u64 + 1)).says(
                    format!("date '{}' is not a valid calendar date", text.trim()),
                    "a date like 2026-10-01 (ISO, optionally with a time) or 01.10.2026",
                ));
                Some(NO_DAY)
            }
        }
    }

    fn long_row(
        &mut self,
        record: &csv::ByteRecord,
        line: u64,
        metric_col: usize,
        value_col: usize,
        unit_col: Option<usize>,
        day: Option<Day>,
    ) {
        let raw = &record[metric_col];
        let id = match self.metric_cache.get(raw) {
            Some(id) => *id,
            None => {
                let text = String::from_utf8_lossy(raw);
                let id = self.registry.lookup(&text);
                if self.metric_cache.len() < MAX_DISTINCT {
                    self.metric_cache.insert(raw.to_vec(), id);
                }
                id
            }
        };
        let Some(id) = id else {
            let text = String::from_utf8_lossy(raw).trim().to_string();
            if text.is_empty() {
                self.problem(
                    Problem::at(&self.name, line, Some(metric_col as u64 + 1)).says(
                        "the metric name is empty",
                        "a metric such as cycle_time, response_time, errors or downtime",
                    ),
                );
            } else {
                if let Some(entry) = self.unknown.get_mut(&text) {
                    entry.1 += 1;
                } else if self.unknown.len() < MAX_UNKNOWN_LISTED {
                    self.unknown.insert(text, (line, 1));
                } else {
                    self.unknown_overflow += 1;
                }
            }
            return;
        };
        let def_unit = self.registry.def(id).unit;
        let unit = match unit_col {
            None => def_unit,
            Some(uc) => {
                let raw = &record[uc];
                let parsed = match self.unit_cache.get(raw) {
                    Some(u) => *u,
                    None => {
                        let text = String::from_utf8_lossy(raw);
                        let u = if text.trim().is_empty() {
                            Some(def_unit)
                        } else {
                            Unit::parse(&text)
                        };
                        if self.unit_cache.len() < MAX_DISTINCT {
                            self.unit_cache.insert(raw.to_vec(), u);
                        }
                        u
                    }
                };
                match parsed {
                    Some(u) => u,
                    None => {
                        let text = String::from_utf8_lossy(raw).trim().to_string();
                        let name = self.registry.def(id).name.clone();
                        let expected = if def_unit == Unit::Count {
                            "count (or an empty unit) for a count".to_string()
                        } else {
                            Unit::ACCEPTED.to_string()
                        };
                        self.problem(Problem::at(&self.name, line, Some(uc as u64 + 1)).says(
                            format!("unit '{text}' for {name} is not a known unit"),
                            expected,
                        ));
                        return;
                    }
                }
            }
        };
        self.observe(
            record,
            line,
            value_col,
            id,
            UnitSource {
                unit,
                column: unit_col,
            },
            day,
        );
    }

    /// Parses, checks and stores one value cell.
    fn observe(
        &mut self,
        record: &csv::ByteRecord,
        line: u64,
        col: usize,
        id: MetricId,
        unit: UnitSource,
        day: Option<Day>,
    ) {
        let def = self.registry.def(id);
        let raw = &record[col];
        let text = match std::str::from_utf8(raw) {
            Ok(t) => std::borrow::Cow::Borrowed(t),
            Err(_) => String::from_utf8_lossy(raw),
        };
        let series = self.obs.series.entry(id).or_default();
        if cell::is_missing(&text) {
            series.missing += 1;
            return;
        }
        let at = Problem::at(&self.name, line, Some(col as u64 + 1));
        let what = match def.kind {
            Kind::Count => "a count like 3",
            _ => "a duration like 4.5",
        };
        let value = match cell::parse_number(&text) {
            Ok(v) => v,
            Err(NumberError::NotANumber) => {
                let p = at.says(
                    format!("value '{}' for {} is not a number", text.trim(), def.name),
                    format!("{what} (or an empty cell / NA if not observed)"),
                );
                self.problem(p);
                return;
            }
            Err(NumberError::NotFinite) => {
                let p = at.says(
                    format!(
                        "value '{}' for {} is not a finite number",
                        text.trim(),
                        def.name
                    ),
                    format!("{what}; leave the cell empty or write NA if not observed"),
                );
                self.problem(p);
                return;
            }
        };
        if value < 0.0 {
            let p = at.says(
                format!("value '{}' for {} is negative", text.trim(), def.name),
                format!("{what}, zero or more"),
            );
            self.problem(p);
            return;
        }
        if value > MAX_VALUE {
            let p = at.says(
                format!(
                    "value '{}' for {} is implausibly large",
                    text.trim(),
                    def.name
                ),
                format!("{what}, at most 1,000,000,000"),
            );
            self.problem(p);
            return;
        }
        let Some(factor) = unit.unit.factor_to(def.unit) else {
            let p = match unit.column {
                Some(uc) => Problem::at(&self.name, line, Some(uc as u64 + 1)),
                None => at,
            };
            let expected = if def.kind == Kind::Count {
                "count (or an empty unit), because it is a count".to_string()
            } else {
                format!(
                    "a duration unit ({}), because it is a duration",
                    Unit::ACCEPTED
                )
            };
            self.problem(p.says(
                format!("unit '{}' does not fit {}", unit.unit, def.name),
                expected,
            ));
            return;
        };
        if def.kind == Kind::Count && value.fract() != 0.0 && unit.unit == Unit::Count {
            let p = at.says(
                format!(
                    "value '{}' for {} is not a whole number",
                    text.trim(),
                    def.name
                ),
                "a whole count like 3",
            );
            self.problem(p);
            return;
        }
        let series = self.obs.series.entry(id).or_default();
        series.values.push(value * factor);
        if let Some(d) = day {
            series.days.push(d);
        }
        if !series.units.contains(&unit.unit) {
            series.units.push(unit.unit);
        }
    }

    fn finish(mut self) -> Scan {
        if self
            .fallback
            .as_ref()
            .is_some_and(|f| f.load(std::sync::atomic::Ordering::Relaxed))
        {
            let encoding = encoding_rs::WINDOWS_1250.name().to_string();
            self.obs.file.encoding = encoding.clone();
            self.obs.warnings.insert(
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
            self.obs.warnings.push(Warning::UnknownMetric {
                file: self.name.clone(),
                line,
                suggestion: self.registry.suggest(&text).map(str::to_string),
                name: text,
                rows,
            });
        }
        if self.unknown_overflow > 0 {
            self.obs.warnings.push(Warning::MoreUnknownMetrics {
                file: self.name.clone(),
                rows: self.unknown_overflow,
            });
        }
        let counts: Vec<(String, u64)> = self
            .obs
            .series
            .iter()
            .filter(|(_, s)| s.missing > 0)
            .map(|(id, s)| (self.registry.def(*id).name.clone(), s.missing))
            .collect();
        if !counts.is_empty() {
            self.obs.warnings.push(Warning::SkippedMissing {
                file: self.name.clone(),
                counts,
            });
        }
        self.obs
            .series
            .retain(|_, s| !s.values.is_empty() || s.missing > 0);
        Scan {
            observations: self.obs,
            problems: self.problems,
            more_problems: self.more_problems,
        }
    }
}
