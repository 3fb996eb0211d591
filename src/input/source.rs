//! The bytes of an input file turned into a UTF-8 stream `csv` can read: encoding detected
//! (UTF-8, else Windows-1250) or forced, BOM dropped, line endings made `\n` so that line
//! numbers are right, overlong lines refused, and the delimiter sniffed from the header.

use encoding_rs::{Encoding, UTF_8, WINDOWS_1250};
use encoding_rs_io::DecodeReaderBytesBuilder;
use std::fs::File;
use std::io::{self, BufReader, Cursor, Read};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

/// No line of a CSV export is longer than this; past it the file is refused, so a file
/// without line breaks cannot make roi allocate without bound.
pub const MAX_LINE_BYTES: usize = 1 << 20;

/// How much of the start of a file is looked at to find the delimiter.
const SNIFF_BYTES: usize = 64 * 1024;

/// What the first pass over the raw bytes found.
#[derive(Debug)]
pub enum RawProblem {
    Empty,
    /// A NUL byte: not a text file. Line (1-based) where it was found.
    Binary {
        line: u64,
    },
}

/// An opened, decoded input ready for the CSV reader.
pub struct Source {
    pub reader: Box<dyn Read + Send>,
    pub delimiter: u8,
    /// The encoding used to read the file (`UTF-8`, `windows-1250`, …).
    pub encoding: &'static str,
    /// Set when roi chose a fallback encoding on its own, to tell the user.
    pub fallback: bool,
    pub bytes: u64,
}

/// Opens `path`: one streaming pass checks for NUL bytes and UTF-8 validity, then the file is
/// read again through the decoder. `forced` is `--encoding`.
pub fn open(
    path: &Path,
    forced: Option<&'static Encoding>,
    progress: Option<Arc<AtomicU64>>,
) -> io::Result<Result<Source, RawProblem>> {
    let scan = prescan(File::open(path)?)?;
    if scan.bytes == 0 {
        return Ok(Err(RawProblem::Empty));
    }
    if let Some(line) = scan.nul_line {
        return Ok(Err(RawProblem::Binary { line }));
    }
    let file = Counting {
        inner: File::open(path)?,
        progress,
    };
    let (encoding, fallback) = match forced {
        Some(e) => (e, false),
        None if scan.valid_utf8 => (UTF_8, false),
        None => (WINDOWS_1250, true),
    };
    let decoded: Box<dyn Read + Send> = if encoding == UTF_8 {
        Box::new(BufReader::with_capacity(256 * 1024, file))
    } else {
        Box::new(
            DecodeReaderBytesBuilder::new()
                .encoding(Some(encoding))
                .bom_override(true)
                .build(file),
        )
    };
    let mut normalized = LineEndings::new(decoded);
    let mut head = Vec::with_capacity(SNIFF_BYTES);
    (&mut normalized)
        .take(SNIFF_BYTES as u64)
        .read_to_end(&mut head)?;
    if head.starts_with(b"\xEF\xBB\xBF") {
        head.drain(..3);
    }
    let delimiter = sniff_delimiter(&head);
    Ok(Ok(Source {
        reader: Box::new(Cursor::new(head).chain(normalized)),
        delimiter,
        encoding: encoding.name(),
        fallback,
        bytes: scan.bytes,
    }))
}

struct Prescan {
    bytes: u64,
    valid_utf8: bool,
    nul_line: Option<u64>,
}

fn prescan(mut file: File) -> io::Result<Prescan> {
    let mut buf = vec![0u8; 1 << 20];
    let mut carry = 0usize;
    let mut scan = Prescan {
        bytes: 0,
        valid_utf8: true,
        nul_line: None,
    };
    let mut lines = 1u64;
    loop {
        let n = file.read(&mut buf[carry..])?;
        if n == 0 {
            if carry > 0 {
                scan.valid_utf8 = false;
            }
            return Ok(scan);
        }
        scan.bytes += n as u64;
        let chunk = &buf[carry..carry + n];
        if let Some(pos) = memchr(0, chunk) {
            scan.nul_line = Some(lines + count(b'\n', &chunk[..pos]));
            return Ok(scan);
        }
        lines += count(b'\n', chunk);
        let filled = carry + n;
        carry = 0;
        if scan.valid_utf8 {
            match std::str::from_utf8(&buf[..filled]) {
                Ok(_) => {}
                Err(e) if e.error_len().is_none() => {
                    // A character cut by the chunk boundary: keep its bytes for the next read.
                    let valid = e.valid_up_to();
                    buf.copy_within(valid..filled, 0);
                    carry = filled - valid;
                }
                Err(_) => scan.valid_utf8 = false,
            }
        }
    }
}

fn memchr(needle: u8, hay: &[u8]) -> Option<usize> {
    hay.iter().position(|&b| b == needle)
}

fn count(needle: u8, hay: &[u8]) -> u64 {
    hay.iter().filter(|&&b| b == needle).count() as u64
}

/// The delimiter that splits the header line most often, outside quotes, among `,` `;` tab
/// `|`; a comma when none does (a one-column file).
pub fn sniff_delimiter(head: &[u8]) -> u8 {
    let line_end = memchr(b'\n', head).unwrap_or(head.len());
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
struct Counting<R> {
    inner: R,
    progress: Option<Arc<AtomicU64>>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        if let Some(p) = &self.progress {
            p.fetch_add(n as u64, Ordering::Relaxed);
        }
        Ok(n)
    }
}

/// `\r\n` and lone `\r` become `\n`, so the CSV reader counts lines right (it reports CRLF
/// files one line off); a line longer than [`MAX_LINE_BYTES`] is an error.
struct LineEndings<R> {
    inner: R,
    buf: Box<[u8]>,
    pos: usize,
    len: usize,
    pending_cr: bool,
    line_len: usize,
    line: u64,
}

impl<R: Read> LineEndings<R> {
    fn new(inner: R) -> Self {
        LineEndings {
            inner,
            buf: vec![0; 64 * 1024].into_boxed_slice(),
            pos: 0,
            len: 0,
            pending_cr: false,
            line_len: 0,
            line: 1,
        }
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
                self.line += 1;
                self.line_len = 0;
                if b == b'\n' {
                    self.pos += 1;
                }
                continue;
            }
            self.pos += 1;
            match b {
                b'\r' => self.pending_cr = true,
                b'\n' => {
                    self.line += 1;
                    self.line_len = 0;
                    out[n] = b;
                    n += 1;
                }
                _ => {
                    self.line_len += 1;
                    if self.line_len > MAX_LINE_BYTES {
                        return Err(io::Error::new(
                            io::ErrorKind::InvalidData,
                            LineTooLong { line: self.line },
                        ));
                    }
                    out[n] = b;
                    n += 1;
                }
            }
        }
        Ok(n)
    }
}

/// Raised through the CSV reader when a line exceeds [`MAX_LINE_BYTES`].
#[derive(Debug)]
pub struct LineTooLong {
    pub line: u64,
}

impl std::fmt::Display for LineTooLong {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {} is longer than 1 MiB", self.line)
    }
}

impl std::error::Error for LineTooLong {}

#[cfg(test)]
mod tests {
    use super::*;

    fn normalize(input: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        LineEndings::new(input).read_to_end(&mut out).unwrap();
        out
    }

    #[test]
    fn line_endings_become_lf() {
        assert_eq!(normalize(b"a,b\r\n1,2\r\n"), b"a,b\n1,2\n");
        assert_eq!(normalize(b"a\rb\r"), b"a\nb\n");
        assert_eq!(normalize(b"a\n\r\nb"), b"a\n\nb");
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
