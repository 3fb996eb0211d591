//! The bytes of an input turned into a UTF-8 stream `csv` can read, in one pass (so a pipe,
//! `/dev/stdin` or `-` reads like a file): the encoding detected (a BOM: UTF-8 or UTF-16;
//! else UTF-8 while it is valid, Windows-1250 when it is not) or forced, line endings made
//! `\n` so that line numbers are right, NUL bytes, overlong lines and quotes that never close
//! refused, and the delimiter sniffed from the header.

use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE, WINDOWS_1250};
use encoding_rs_io::DecodeReaderBytesBuilder;
use std::io::{self, Cursor, Read};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

/// No line of a CSV export is longer than this, nor any quoted field; past it the file is
/// refused, so no input can make roi allocate without bound.
pub const MAX_LINE_BYTES: usize = 1 << 20;

/// How much of the start of a file is looked at to find the delimiter.
const SNIFF_BYTES: usize = 64 * 1024;

/// The name `-` stands for standard input.
pub const STDIN: &str = "-";

/// An opened, decoded input ready for the CSV reader.
pub struct Source {
    pub reader: Box<dyn Read + Send>,
    pub delimiter: u8,
    /// The encoding the file is read in (`UTF-8`, `UTF-16LE`, `windows-1250`, …); UTF-8 may
    /// still turn into Windows-1250 while reading (see `fallback`).
    pub encoding: &'static str,
    /// Set when roi chose a fallback encoding on its own, to tell the user; it can be set
    /// while reading, when the first byte that is not UTF-8 comes.
    pub fallback: Arc<AtomicBool>,
}

/// Something in the bytes that makes the file unreadable, raised through the CSV reader.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unreadable {
    /// A line longer than [`MAX_LINE_BYTES`].
    LineTooLong { line: u64 },
    /// A quote opened on this line is never closed within [`MAX_LINE_BYTES`].
    OpenQuote { line: u64 },
    /// A NUL byte: not a text file.
    Binary { line: u64 },
    /// Bytes that are not UTF-8 after UTF-8 text that is not plain ASCII: two encodings.
    MixedEncoding { line: u64 },
}

impl std::fmt::Display for Unreadable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{self:?}")
    }
}

impl std::error::Error for Unreadable {}

impl Unreadable {
    /// The located problem of bytes that make a file unreadable.
    pub fn problem(&self, name: &str) -> crate::error::Problem {
        use crate::message::msg;
        use Unreadable::*;
        let (line, found, expected) = match *self {
            LineTooLong { line } => (line, msg!(line_too_long), msg!(ordinary_rows)),
            OpenQuote { line } => (line, msg!(open_quote), msg!(closing_quote)),
            Binary { line } => (line, msg!(binary_data), msg!(csv_not_workbook)),
            MixedEncoding { line } => (line, msg!(mixed_encoding), msg!(one_encoding)),
        };
        crate::error::Problem::at(name, line, None).says(found, expected)
    }
}

fn unreadable(u: Unreadable) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, u)
}

/// The careful path's stream from `line` of a file on: decoded — `forced` (`--encoding`), a
/// UTF-16 BOM at the start of the file, else UTF-8 while it is valid and Windows-1250 when
/// it is not after plain ASCII (`ascii`: every byte before was ASCII) — with line endings
/// made `\n`, NUL bytes, overlong lines and open quotes refused, and the delimiter sniffed.
/// None when nothing is left to read.
pub fn careful(
    raw: Box<dyn Read + Send>,
    forced: Option<&'static Encoding>,
    line: u64,
    ascii: bool,
) -> io::Result<Option<Source>> {
    let mut raw = raw;
    // Up to four bytes, to see a byte-order mark; they are put back in front of the rest.
    let mut start = Vec::with_capacity(4);
    (&mut raw).take(4).read_to_end(&mut start)?;
    let bom = if line == 1 {
        Encoding::for_bom(&start).map(|(e, _)| e)
    } else {
        None
    };
    let raw = Cursor::new(start).chain(raw);
    let fallback = Arc::new(AtomicBool::new(false));
    let (encoding, decoded): (&'static Encoding, Box<dyn Read + Send>) = match (forced, bom) {
        (Some(e), _) => (e, decoder(raw, e)),
        (None, Some(e)) if e == UTF_16LE || e == UTF_16BE => (e, decoder(raw, e)),
        _ => (
            UTF_8,
            Box::new(Utf8OrFallback {
                inner: raw,
                ascii_only: ascii,
                fallback: false,
                pending: Vec::new(),
                line,
                flag: fallback.clone(),
            }),
        ),
    };
    let mut normalized = LineEndings::new(decoded, line);
    let mut head = Vec::with_capacity(SNIFF_BYTES);
    (&mut normalized)
        .take(SNIFF_BYTES as u64)
        .read_to_end(&mut head)?;
    if head.starts_with("\u{feff}".as_bytes()) {
        head.drain(..3);
    }
    if head.is_empty() {
        return Ok(None);
    }
    let delimiter = sniff_delimiter(&head);
    Ok(Some(Source {
        reader: Box::new(Cursor::new(head).chain(normalized)),
        delimiter,
        encoding: encoding.name(),
        fallback,
    }))
}

fn decoder<R: Read + Send + 'static>(raw: R, e: &'static Encoding) -> Box<dyn Read + Send> {
    Box::new(
        DecodeReaderBytesBuilder::new()
            .encoding(Some(e))
            .bom_override(true)
            .build(raw),
    )
}

/// UTF-8 passed through while it is valid. At the first byte that is not, a file that was
/// plain ASCII until then is read on as Windows-1250 (Polish Excel's default; ASCII reads
/// the same in both); one with UTF-8 text before it mixes two encodings and is refused.
struct Utf8OrFallback<R> {
    inner: R,
    ascii_only: bool,
    fallback: bool,
    /// Bytes of a character cut by the end of a read.
    pending: Vec<u8>,
    line: u64,
    flag: Arc<AtomicBool>,
}

impl<R: Read> Read for Utf8OrFallback<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        // Windows-1250 takes up to three UTF-8 bytes a byte: read a third of the room.
        let mut buf = vec![0u8; (out.len() / 3).max(4)];
        let n = self.inner.read(&mut buf)?;
        let mut bytes = std::mem::take(&mut self.pending);
        bytes.extend_from_slice(&buf[..n]);
        if self.fallback {
            let (text, _) = WINDOWS_1250.decode_without_bom_handling(&bytes);
            return copy_out(text.as_bytes(), out, &mut self.pending);
        }
        let valid = match std::str::from_utf8(&bytes) {
            Ok(_) => bytes.len(),
            Err(e) if e.error_len().is_none() && n > 0 => {
                // A character cut by the read: keep its bytes for the next one.
                self.pending = bytes[e.valid_up_to()..].to_vec();
                e.valid_up_to()
            }
            Err(e) => {
                let good = e.valid_up_to();
                if self.ascii_only && bytes[..good].is_ascii() {
                    self.fallback = true;
                    self.flag.store(true, Ordering::Relaxed);
                    let (text, _) = WINDOWS_1250.decode_without_bom_handling(&bytes);
                    return copy_out(text.as_bytes(), out, &mut self.pending);
                }
                let line = self.line + bytes[..good].iter().filter(|&&b| b == b'\n').count() as u64;
                return Err(unreadable(Unreadable::MixedEncoding { line }));
            }
        };
        let text = &bytes[..valid];
        self.ascii_only &= text.is_ascii();
        self.line += text.iter().filter(|&&b| b == b'\n').count() as u64;
        if valid == 0 && n == 0 {
            return Ok(0);
        }
        let mut rest = Vec::new();
        let written = copy_out(text, out, &mut rest)?;
        rest.extend_from_slice(&self.pending);
        self.pending = rest;
        Ok(written)
    }
}

/// Copies `text` into `out`; what does not fit goes in front of `pending`.
fn copy_out(text: &[u8], out: &mut [u8], pending: &mut Vec<u8>) -> io::Result<usize> {
    let k = text.len().min(out.len());
    out[..k].copy_from_slice(&text[..k]);
    if k < text.len() {
        let mut rest = text[k..].to_vec();
        rest.append(pending);
        *pending = rest;
    }
    Ok(k)
}

/// The delimiter that splits the header line most often, outside quotes, among `,` `;` tab
/// `|`; a comma when none does (a one-column file).
pub fn sniff_delimiter(head: &[u8]) -> u8 {
    let line_end = head.iter().position(|&b| b == b'\n').unwrap_or(head.len());
    let line = &head[..line_end];
    let candidates = [b',', b';', b'\t', b'|'];
    let mut counts = [0usize; 4];
    let mut quoted = false;
    for &b in line {
        if b == b'"' {
            quoted = !quoted;
        } else if !quoted && let Some(i) = candidates.iter().position(|&c| c == b) {
            counts[i] += 1;
        }
    }
    let best = (0..4).max_by_key(|&i| (counts[i], 4 - i)).unwrap_or(0);
    if counts[best] == 0 {
        b','
    } else {
        candidates[best]
    }
}

/// Adds the bytes read to a shared counter, for the progress bar.
pub struct Counting<R> {
    inner: R,
    progress: Arc<AtomicU64>,
}

impl<R> Counting<R> {
    pub fn new(inner: R, progress: Arc<AtomicU64>) -> Self {
        Counting { inner, progress }
    }
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.progress.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

/// Where a quote stands: outside a quoted field, inside one (since a line, for so many
/// bytes), or just after a quote inside one (a closing quote, or the first of a doubled one).
#[derive(Debug, Clone, Copy, PartialEq)]
enum Quote {
    Outside,
    Inside { line: u64, len: usize },
    MaybeClosed { line: u64, len: usize },
}

/// `\r\n` and lone `\r` become `\n`, so the CSV reader counts lines right (it reports CRLF
/// files one line off); a NUL byte, a line longer than [`MAX_LINE_BYTES`] or a quoted field
/// that runs past it is an error naming its line.
struct LineEndings<R> {
    inner: R,
    buf: Box<[u8]>,
    pos: usize,
    len: usize,
    pending_cr: bool,
    line_len: usize,
    line: u64,
    quote: Quote,
    /// The last byte written, to tell a quote that opens a field from one inside text.
    last: u8,
}

impl<R: Read> LineEndings<R> {
    fn new(inner: R, line: u64) -> Self {
        LineEndings {
            inner,
            buf: vec![0; 64 * 1024].into_boxed_slice(),
            pos: 0,
            len: 0,
            pending_cr: false,
            line_len: 0,
            line,
            quote: Quote::Outside,
            last: b'\n',
        }
    }

    /// Follows the quotes of one byte; an error when a quoted field grows past the limit.
    fn quotes(&mut self, b: u8) -> io::Result<()> {
        self.quote = match self.quote {
            Quote::Outside
                if b == b'"' && matches!(self.last, b'\n' | b',' | b';' | b'\t' | b'|') =>
            {
                Quote::Inside {
                    line: self.line,
                    len: 0,
                }
            }
            Quote::Outside => Quote::Outside,
            Quote::Inside { line, len } | Quote::MaybeClosed { line, len } => {
                if len > MAX_LINE_BYTES {
                    return Err(unreadable(Unreadable::OpenQuote { line }));
                }
                match (self.quote, b) {
                    (Quote::Inside { .. }, b'"') => Quote::MaybeClosed { line, len: len + 1 },
                    (Quote::MaybeClosed { .. }, b'"') => Quote::Inside { line, len: len + 1 },
                    (Quote::MaybeClosed { .. }, _) => Quote::Outside,
                    _ => Quote::Inside { line, len: len + 1 },
                }
            }
        };
        self.last = b;
        Ok(())
    }

    fn newline(&mut self) -> io::Result<()> {
        self.quotes(b'\n')?;
        self.line += 1;
        self.line_len = 0;
        Ok(())
    }
}

impl<R: Read> Read for LineEndings<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let mut n = 0;
        while n < out.len() {
            if self.pos == self.len {
                if n > 0 {
                    break;
                }
                self.len = self.inner.read(&mut self.buf)?;
                self.pos = 0;
                if self.len == 0 {
                    if self.pending_cr {
                        self.pending_cr = false;
                        out[n] = b'\n';
                        n += 1;
                    }
                    break;
                }
            }
            let b = self.buf[self.pos];
            if self.pending_cr {
                self.pending_cr = false;
                out[n] = b'\n';
                n += 1;
                self.newline()?;
                if b == b'\n' {
                    self.pos += 1;
                }
                continue;
            }
            self.pos += 1;
            match b {
                b'\r' => self.pending_cr = true,
                b'\n' => {
                    out[n] = b;
                    n += 1;
                    self.newline()?;
                }
                0 => return Err(unreadable(Unreadable::Binary { line: self.line })),
                _ => {
                    self.line_len += 1;
                    if self.line_len > MAX_LINE_BYTES {
                        return Err(unreadable(Unreadable::LineTooLong { line: self.line }));
                    }
                    self.quotes(b)?;
                    out[n] = b;
                    n += 1;
                }
            }
        }
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn normalize(input: &[u8]) -> Result<Vec<u8>, Unreadable> {
        let mut out = Vec::new();
        LineEndings::new(input, 1)
            .read_to_end(&mut out)
            .map_err(|e| *e.get_ref().unwrap().downcast_ref::<Unreadable>().unwrap())?;
        Ok(out)
    }

    #[test]
    fn line_endings_become_lf() {
        assert_eq!(normalize(b"a,b\r\n1,2\r\n").unwrap(), b"a,b\n1,2\n");
        assert_eq!(normalize(b"a\rb\r").unwrap(), b"a\nb\n");
        assert_eq!(normalize(b"a\n\r\nb").unwrap(), b"a\n\nb");
    }

    #[test]
    fn a_quote_that_never_closes_is_caught_where_it_opened() {
        let mut text = b"metric,value\ncycle_time,\"".to_vec();
        for _ in 0..300_000 {
            text.extend_from_slice(b"4,5\n");
        }
        assert_eq!(
            normalize(&text).err(),
            Some(Unreadable::OpenQuote { line: 2 })
        );
        // Quoted fields with line breaks, doubled quotes and an inch mark inside text are fine.
        assert!(normalize(b"a,\"x\ny\",\"say \"\"hi\"\"\",12\" pipe\n").is_ok());
        assert_eq!(normalize(b"a\nb\0"), Err(Unreadable::Binary { line: 2 }));
    }

    #[test]
    fn not_utf8_after_ascii_falls_back_and_after_utf8_is_refused() {
        let read = |bytes: &[u8]| {
            let flag = Arc::new(AtomicBool::new(false));
            let mut r = Utf8OrFallback {
                inner: bytes,
                ascii_only: true,
                fallback: false,
                pending: Vec::new(),
                line: 1,
                flag: flag.clone(),
            };
            let mut out = Vec::new();
            let result = r.read_to_end(&mut out).map(|_| out);
            (result, flag.load(Ordering::Relaxed))
        };
        // "Błędy" in Windows-1250: ł = 0xB3, ę = 0xEA.
        let (text, fell_back) = read(b"metric\nB\xb3\xeady\n");
        assert_eq!(String::from_utf8(text.unwrap()).unwrap(), "metric\nBłędy\n");
        assert!(fell_back);
        let (text, fell_back) = read("naïve\nok".as_bytes());
        assert_eq!(text.unwrap(), "naïve\nok".as_bytes());
        assert!(!fell_back);
        let (text, _) = read(b"na\xc3\xafve\nB\xb3\n");
        let err = text.unwrap_err();
        assert_eq!(
            err.get_ref().unwrap().downcast_ref::<Unreadable>(),
            Some(&Unreadable::MixedEncoding { line: 2 })
        );
    }

    #[test]
    fn delimiter_from_header() {
        assert_eq!(sniff_delimiter(b"metric;value;unit\n4,5;h"), b';');
        assert_eq!(sniff_delimiter(b"metric\tvalue\n"), b'\t');
        assert_eq!(sniff_delimiter(b"a|b|c\n"), b'|');
        assert_eq!(sniff_delimiter(b"\"x;y\",b,c\n"), b',');
        assert_eq!(sniff_delimiter(b"value\n1\n"), b',');
    }
}
