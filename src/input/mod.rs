//! Reading one export into [`Observations`]: layout detection, cell parsing and unit
//! conversion, streamed record by record. Every problem keeps its file, line and column.

mod acc;
mod cells;
mod events;
mod fast;
mod finish;
mod keyhash;
mod layout;
mod mappings;
mod observations;
mod ods;
mod rows;
mod sla;
pub mod source;
mod stamps;
pub mod time;
mod unzip;
mod values;
pub mod workbook;
mod xlsx;
mod xml;
use crate::error::{Problem, RoiError};
use crate::message::msg;
use crate::registry::Registry;
pub use layout::{ColumnRole, Layout};
pub use observations::{
    BLANK_SEGMENT, FileInfo, MONTH_SEGMENT, NO_DAY, Observations, Pool, Scan, Series,
};
use rows::Reader;
use std::io::Read;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::AtomicU64;
pub use values::Values;

/// roi.toml is read whole: a settings file, never near this size.
pub const MAX_CONFIG_BYTES: u64 = 16 << 20;
/// A case (`summary.json`) is read whole: a report's JSON, never near this size.
pub const MAX_CASE_BYTES: u64 = 64 << 20;

/// A file read whole (roi.toml, a case), refused past `limit` bytes so that a device
/// (`--config /dev/zero`) or the wrong file cannot eat memory: at most `limit + 1` bytes
/// are ever read.
pub fn read_whole(path: &Path, limit: u64) -> Result<Vec<u8>, RoiError> {
    let name = path.display().to_string();
    let read = |source| RoiError::Read {
        path: name.clone(),
        source,
    };
    let file = std::fs::File::open(path).map_err(read)?;
    let mut bytes = Vec::new();
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(read)?;
    if bytes.len() as u64 > limit {
        return Err(too_large(&name, limit));
    }
    Ok(bytes)
}

/// A file read whole that holds more than `limit` bytes: its message.
pub fn too_large(name: &str, limit: u64) -> RoiError {
    let mib = limit >> 20;
    RoiError::one(Problem::in_file(name).says(
        msg!(file_too_large, mib = mib),
        msg!(file_at_most, mib = mib),
    ))
}

/// A summary file is read whole: a row per metric (and segment), never near this size.
pub const MAX_SUMMARY_BYTES: u64 = 256 << 20;

/// An input that can be read only once — standard input, a pipe, a FIFO, `<(…)` — opened
/// with its first bytes read, so that what it holds (a summary or raw rows) is seen without
/// losing them.
pub struct Stream {
    pub name: String,
    pub head: Vec<u8>,
    rest: Box<dyn Read + Send>,
}

impl Stream {
    /// Opens `path` when it is such an input; None for a regular file or a workbook, which
    /// are opened again by whoever reads them.
    pub fn open(path: &Path) -> Result<Option<Stream>, RoiError> {
        let name = path.display().to_string();
        let read = |source| RoiError::Read {
            path: name.clone(),
            source,
        };
        let mut rest: Box<dyn Read + Send> = if path == Path::new(source::STDIN) {
            Box::new(std::io::stdin())
        } else if workbook::is_workbook(path)
            || std::fs::metadata(path).is_ok_and(|m| m.is_file())
            || std::fs::metadata(path).is_err()
        {
            return Ok(None);
        } else {
            Box::new(std::fs::File::open(path).map_err(read)?)
        };
        let mut head = vec![0u8; 1 << 16];
        let n = read_some(&mut rest, &mut head).map_err(read)?;
        head.truncate(n);
        Ok(Some(Stream { name, head, rest }))
    }

    /// Everything, head and rest, as one reader.
    pub fn into_reader(self) -> Box<dyn Read + Send> {
        Box::new(std::io::Cursor::new(self.head).chain(self.rest))
    }

    /// Everything read whole, refused past `limit` bytes as [`read_whole`] refuses a file.
    pub fn into_whole(self, limit: u64) -> Result<Vec<u8>, RoiError> {
        let name = self.name.clone();
        let mut bytes = Vec::new();
        self.into_reader()
            .take(limit.saturating_add(1))
            .read_to_end(&mut bytes)
            .map_err(|source| RoiError::Read {
                path: name.clone(),
                source,
            })?;
        if bytes.len() as u64 > limit {
            return Err(too_large(&name, limit));
        }
        Ok(bytes)
    }
}

/// [`read_whole`] as UTF-8 text; other bytes are an error as `read_to_string` gives it.
pub fn read_whole_text(path: &Path, limit: u64) -> Result<String, RoiError> {
    let bytes = read_whole(path, limit)?;
    String::from_utf8(bytes).map_err(|e| RoiError::Read {
        path: path.display().to_string(),
        source: std::io::Error::new(std::io::ErrorKind::InvalidData, e.utf8_error()),
    })
}

/// Reads one export (`-`: standard input). `Err` only when the file cannot be opened or
/// read at all; problems with its content are in the returned [`Scan`].
pub fn read(
    path: &Path,
    registry: &Registry,
    encoding: Option<&'static encoding_rs::Encoding>,
    progress: Option<Arc<AtomicU64>>,
) -> Result<Scan, RoiError> {
    let name = path.display().to_string();
    if workbook::is_workbook(path) {
        return workbook::read(path, &name, registry.rules.sheet.as_deref(), registry);
    }
    let raw: Box<dyn Read + Send> = if path == Path::new(source::STDIN) {
        Box::new(std::io::stdin())
    } else {
        Box::new(std::fs::File::open(path).map_err(|source| RoiError::Read {
            path: name.clone(),
            source,
        })?)
    };
    let raw: Box<dyn Read + Send> = match progress {
        Some(p) => Box::new(source::Counting::new(raw, p)),
        None => raw,
    };
    read_from(&name, raw, registry, encoding)
}

/// Reads an export from any reader (`name` is used in messages): the same as [`read`].
pub fn read_from(
    name: &str,
    mut raw: Box<dyn Read + Send>,
    registry: &Registry,
    encoding: Option<&'static encoding_rs::Encoding>,
) -> Result<Scan, RoiError> {
    let io_err = |source| RoiError::Read {
        path: name.to_string(),
        source,
    };
    let mut reader = Reader::new(name, registry);
    let mut first = vec![0u8; 1 << 16];
    let n = read_some(&mut raw, &mut first).map_err(io_err)?;
    first.truncate(n);
    if first.is_empty() {
        reader.problem(Problem::at(name, 1, None).says(msg!(file_empty), msg!(csv_with_header)));
        return Ok(reader.finish());
    }
    let bom = encoding_rs::Encoding::for_bom(&first);
    let utf8 = match (encoding, bom) {
        (Some(e), _) => e == encoding_rs::UTF_8,
        (None, Some((e, _))) => e == encoding_rs::UTF_8,
        (None, None) => true,
    };
    let outcome = if utf8 {
        if first.starts_with(b"\xEF\xBB\xBF") {
            first.drain(..3);
        }
        fast::run(&mut raw, first, &mut reader).map_err(io_err)?
    } else {
        fast::Outcome::HandOver {
            rest: first,
            line: 1,
            ascii: true,
        }
    };
    let stopped = match outcome {
        fast::Outcome::Done => false,
        fast::Outcome::Stopped => true,
        fast::Outcome::HandOver { rest, line, ascii } => {
            let bytes: Box<dyn Read + Send> = Box::new(std::io::Cursor::new(rest).chain(raw));
            careful(&mut reader, bytes, encoding, line, ascii).map_err(io_err)?
        }
    };
    if stopped {
    } else if reader.has_header() && reader.file.rows == 0 && !reader.has_pending() {
        reader.problem(
            Problem::at(name, 2, None).says(msg!(header_no_rows), msg!(one_row_under_header)),
        );
    } else if !reader.has_header() {
        reader.problem(
            Problem::at(name, 1, None).says(msg!(only_blank_lines), msg!(header_and_rows)),
        );
    }
    Ok(reader.finish())
}

/// Reads what it can into `buf`: at least one byte unless the input is empty.
fn read_some(raw: &mut dyn Read, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match raw.read(&mut buf[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(n)
}

/// The careful path: decoded (any encoding), line endings normalized, quotes followed across
/// lines, records by the `csv` crate. It reads from `line` of the file on; the header is read
/// here when the fast path has not read it. True when a problem ended the file.
fn careful(
    reader: &mut Reader,
    bytes: Box<dyn Read + Send>,
    forced: Option<&'static encoding_rs::Encoding>,
    line: u64,
    ascii: bool,
) -> std::io::Result<bool> {
    let opened = match source::careful(bytes, forced, line, ascii) {
        Err(e) => match e
            .get_ref()
            .and_then(|r| r.downcast_ref::<source::Unreadable>())
        {
            Some(u) => {
                let p = u.problem(reader.name());
                reader.problem(p);
                return Ok(true);
            }
            None => return Err(e),
        },
        Ok(None) => return Ok(false),
        Ok(Some(s)) => s,
    };
    reader.fallback = Some(opened.fallback.clone());
    if !reader.has_header() || line == 1 {
        reader.file.encoding = opened.encoding.to_string();
    }
    let delimiter = if reader.has_header() {
        reader.delimiter()
    } else {
        reader.set_delimiter(opened.delimiter);
        opened.delimiter
    };
    let mut csv = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .buffer_capacity(256 * 1024)
        .from_reader(opened.reader);
    let mut record = csv::ByteRecord::new();
    loop {
        match csv.read_byte_record(&mut record) {
            Ok(false) => return Ok(false),
            Ok(true) => {}
            Err(e) => {
                csv_error(reader, e, line);
                return Ok(true);
            }
        }
        let at = line + record.position().map_or(1, |p| p.line()) - 1;
        let fields: Vec<&[u8]> = record.iter().collect();
        if !reader.has_header() {
            if !reader.header(&fields, at) {
                return Ok(true);
            }
        } else {
            reader.row(&fields, at);
        }
    }
}

fn csv_error(reader: &mut Reader, e: csv::Error, offset: u64) {
    let line = e.position().map(|p| offset + p.line() - 1);
    let name = reader.name().to_string();
    let text = match e.kind() {
        csv::ErrorKind::Io(io) => match io
            .get_ref()
            .and_then(|r| r.downcast_ref::<source::Unreadable>())
        {
            Some(u) => {
                reader.problem(u.problem(&name));
                return;
            }
            None => msg!(file_unreadable, reason = io.to_string()),
        },
        _ => msg!(not_csv, reason = e.to_string()),
    };
    let p = match line {
        Some(l) => Problem::at(&name, l, None),
        None => Problem::in_file(&name),
    };
    reader.problem(p.says(text, msg!(a_csv_file)));
}
#[cfg(test)]
mod tests {
    use super::*;

    fn scan(bytes: Vec<u8>, encoding: Option<&'static encoding_rs::Encoding>) -> Scan {
        let registry = Registry::new(&[], &[], None);
        read_from(
            "t.csv",
            Box::new(std::io::Cursor::new(bytes)),
            &registry,
            encoding,
        )
        .unwrap()
    }

    /// Everything the rest of roi sees from a scan, except the encoding's name.
    fn seen(s: &Scan) -> String {
        let f = &s.observations.file;
        format!(
            "{:?}\n{:?}\n{:?} {:?} {} {:?} {:?} {:?} {}\n{:?}\n{:?} {}",
            s.observations.series,
            s.observations.warnings,
            f.layout,
            f.delimiter,
            f.rows,
            f.date_column,
            f.first_day,
            f.last_day,
            f.undated_rows,
            f.columns,
            s.problems,
            s.more_problems
        )
    }

    /// A long export with every kind of cell: numbers in several spellings, missing values,
    /// bad values, units, quoted fields, CRLF line ends and several blocks' worth of rows.
    fn export(rows: usize) -> Vec<u8> {
        let mut out = String::from("date,cycle_time_h,errors,downtime_min,note\r\n");
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        for i in 0..rows {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let day = 1 + (i / 400) % 28;
            let month = 1 + (i / 11_200) % 12;
            let v = (x % 100_000) as f64 / 997.0;
            let cycle = match x % 53 {
                0 => String::new(),
                1 => "NA".to_string(),
                2 => "n/a".to_string(),
                3 => format!("{v:.3e}"),
                4 if i % 3 == 0 => "abc".to_string(),
                5 => format!("\"{v:.2}\""),
                _ => format!("{v}"),
            };
            let note = if x.is_multiple_of(7) {
                "\"a, b\""
            } else {
                "ok"
            };
            out.push_str(&format!(
                "2026-{month:02}-{day:02},{cycle},{},{:.1},{note}\r\n",
                x % 5,
                (x % 900) as f64 / 10.0
            ));
        }
        out.into_bytes()
    }

    #[test]
    fn the_fast_and_the_careful_path_read_the_same() {
        let bytes = export(60_000);
        assert!(bytes.len() > 2 * fast::BLOCK, "spans several blocks");
        let fast = scan(bytes.clone(), None);
        assert!(fast.observations.file.rows >= 60_000);
        assert!(
            !fast.problems.is_empty(),
            "bad cells are reported: {:?}",
            fast.problems
        );
        assert!(
            fast.observations
                .series
                .values()
                .any(|s| s.values.len() > 50_000)
        );
        // The careful path from the first line: an ASCII file read as Windows-1250 is the
        // same text.
        let careful = scan(bytes.clone(), Some(encoding_rs::WINDOWS_1250));
        assert_eq!(seen(&fast), seen(&careful));
        // Handed over in the middle: a quoted note that runs over a line break.
        let half = bytes.len() / 2;
        let cut = half + bytes[half..].iter().position(|&b| b == b'\n').unwrap() + 1;
        let mut mixed = bytes[..cut].to_vec();
        mixed.extend_from_slice(b"2026-03-01,1.5,0,0,\"two\r\nlines\"\r\n");
        mixed.extend_from_slice(&bytes[cut..]);
        let mut whole = bytes[..cut].to_vec();
        whole.extend_from_slice(b"2026-03-01,1.5,0,0,\"two lines\"\r\n");
        whole.extend_from_slice(&bytes[cut..]);
        let (a, b) = (
            scan(mixed, None),
            scan(whole, Some(encoding_rs::WINDOWS_1250)),
        );
        // Line numbers after the joined line differ by one; the numbers do not.
        assert_eq!(
            format!("{:?}", a.observations.series),
            format!("{:?}", b.observations.series)
        );
        assert_eq!(a.observations.file.rows, b.observations.file.rows);
    }
}
