//! The fast path: a UTF-8 export read in 64 KiB blocks straight from the file, each block
//! checked at once (no NUL byte, valid UTF-8), cut into lines and fields with `memchr`, and
//! handed to the row reader without a copy. A line the fast path cannot be sure of — a lone
//! carriage return, a quoted field that runs over a line break, bytes that are not UTF-8 —
//! ends it: the careful path (`source` and the `csv` crate) reads the rest of the file from
//! that line on, so every file is read once, and each row by exactly one of the two.

use super::rows::Reader;
use super::source::{MAX_LINE_BYTES, Unreadable, sniff_delimiter};
use memchr::{memchr, memchr_iter, memchr2, memchr2_iter, memrchr};
use std::borrow::Cow;
use std::io::{self, Read};

/// How much is read at a time: larger blocks are no faster, and hold more memory.
pub(super) const BLOCK: usize = 1 << 16;

/// Where the fast path stopped.
pub enum Outcome {
    /// The whole file was read.
    Done,
    /// A problem ends the file (a NUL byte, an overlong line, a header roi cannot read).
    Stopped,
    /// The careful path reads on from `line`: `rest` are the bytes not read yet (from the
    /// start of that line), `ascii` whether every byte before them was ASCII.
    HandOver {
        rest: Vec<u8>,
        line: u64,
        ascii: bool,
    },
}

/// Reads `raw` (whose first bytes are `first`) into `reader` for as long as it can.
pub fn run(raw: &mut dyn Read, first: Vec<u8>, reader: &mut Reader) -> io::Result<Outcome> {
    // Read into a buffer zeroed once; the unread tail of a block moves to its front.
    let mut buf = first;
    let mut len = buf.len();
    buf.resize(len.max(BLOCK) + BLOCK, 0);
    let mut eof = false;
    let mut line_no: u64 = 1;
    let mut ascii = true;
    let mut delimiter = b',';
    loop {
        if !eof && len < BLOCK {
            if buf.len() < len + BLOCK {
                buf.resize(len + BLOCK, 0);
            }
            let n = read_full(raw, &mut buf[len..len + BLOCK])?;
            len += n;
            eof = n == 0;
        }
        // Complete lines only; the tail waits for the next block.
        let end = if eof {
            len
        } else {
            match memrchr(b'\n', &buf[..len]) {
                Some(i) => i + 1,
                None if len > MAX_LINE_BYTES => {
                    reader
                        .problem(Unreadable::LineTooLong { line: line_no }.problem(reader.name()));
                    return Ok(Outcome::Stopped);
                }
                None => {
                    // A line longer than a block: read more behind it.
                    if buf.len() < len + BLOCK {
                        buf.resize(len + BLOCK, 0);
                    }
                    let n = read_full(raw, &mut buf[len..len + BLOCK])?;
                    len += n;
                    eof = n == 0;
                    continue;
                }
            }
        };
        let chunk = &buf[..end];
        if let Some(p) = memchr(0, chunk) {
            let line = line_no + memchr_iter(b'\n', &chunk[..p]).count() as u64;
            reader.problem(Unreadable::Binary { line }.problem(reader.name()));
            return Ok(Outcome::Stopped);
        }
        let chunk_ascii = chunk.is_ascii();
        if !chunk_ascii && std::str::from_utf8(chunk).is_err() {
            // Not UTF-8 in this block: the careful path decides (Windows-1250 after ASCII).
            buf.truncate(len);
            return Ok(Outcome::HandOver {
                rest: buf,
                line: line_no,
                ascii,
            });
        }
        let mut fields: Vec<&[u8]> = Vec::with_capacity(16);
        let mut start = 0;
        if reader.has_header() && memchr2(b'"', b'\r', chunk).is_none() {
            // A block without quotes or carriage returns (most are): lines and fields in
            // one pass.
            let mut field = 0;
            for i in memchr2_iter(delimiter, b'\n', chunk) {
                fields.push(&chunk[field..i]);
                field = i + 1;
                if chunk[i] == b'\n' {
                    if i - start > MAX_LINE_BYTES {
                        reader.problem(
                            Unreadable::LineTooLong { line: line_no }.problem(reader.name()),
                        );
                        return Ok(Outcome::Stopped);
                    }
                    if i > start {
                        reader.row(&fields, line_no);
                    }
                    fields.clear();
                    line_no += 1;
                    start = i + 1;
                }
            }
            // What is left is the last line of the file, without a line break.
            fields.clear();
        }
        while start < end {
            let stop = memchr(b'\n', &chunk[start..end]).map_or(end, |i| start + i);
            let mut line = &chunk[start..stop];
            if line.last() == Some(&b'\r') {
                line = &line[..line.len() - 1];
            }
            if line.len() > MAX_LINE_BYTES {
                reader.problem(Unreadable::LineTooLong { line: line_no }.problem(reader.name()));
                return Ok(Outcome::Stopped);
            }
            let quotes = memchr_iter(b'"', line).count();
            if memchr(b'\r', line).is_some() || quotes % 2 == 1 {
                // A lone CR, or a quoted field that goes on past this line.
                let rest = buf[start..len].to_vec();
                return Ok(Outcome::HandOver {
                    rest,
                    line: line_no,
                    ascii: ascii && chunk[..start].is_ascii(),
                });
            }
            if !line.is_empty() {
                if !reader.has_header() {
                    delimiter = sniff_delimiter(line);
                    reader.set_delimiter(delimiter);
                    let fs = split_quoted(line, delimiter);
                    if !reader.header(&fs, line_no) {
                        return Ok(Outcome::Stopped);
                    }
                } else if quotes == 0 {
                    fields.clear();
                    split(line, delimiter, &mut fields);
                    reader.row(&fields, line_no);
                } else {
                    let fs = split_quoted(line, delimiter);
                    reader.row(&fs, line_no);
                }
            }
            line_no += 1;
            start = stop + 1;
        }
        ascii &= chunk_ascii;
        if eof {
            return Ok(Outcome::Done);
        }
        buf.copy_within(end..len, 0);
        len -= end;
    }
}

/// Reads until `buf` is full or the input ends; the number of bytes read.
fn read_full(raw: &mut dyn Read, buf: &mut [u8]) -> io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match raw.read(&mut buf[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(n)
}

/// The fields of a line without quotes.
#[inline]
fn split<'a>(line: &'a [u8], delimiter: u8, out: &mut Vec<&'a [u8]>) {
    let mut start = 0;
    for i in memchr_iter(delimiter, line) {
        out.push(&line[start..i]);
        start = i + 1;
    }
    out.push(&line[start..]);
}

/// The fields of a line with quotes, as the CSV reader reads them (RFC 4180): a field that
/// starts with a quote runs to the closing quote, a doubled quote inside is one quote, and
/// what follows the closing quote up to the delimiter is kept; a quote inside an unquoted
/// field is a character.
pub fn split_quoted(line: &[u8], delimiter: u8) -> Vec<Cow<'_, [u8]>> {
    let mut out = Vec::new();
    let mut i = 0;
    loop {
        if line.get(i) == Some(&b'"') {
            let mut field = Vec::new();
            let mut j = i + 1;
            loop {
                match line.get(j) {
                    None => break,
                    Some(b'"') if line.get(j + 1) == Some(&b'"') => {
                        field.push(b'"');
                        j += 2;
                    }
                    Some(b'"') => {
                        j += 1;
                        break;
                    }
                    Some(&c) => {
                        field.push(c);
                        j += 1;
                    }
                }
            }
            let end = memchr(delimiter, &line[j..]).map_or(line.len(), |k| j + k);
            field.extend_from_slice(&line[j..end]);
            out.push(Cow::Owned(field));
            if end == line.len() {
                return out;
            }
            i = end + 1;
        } else {
            let end = memchr(delimiter, &line[i..]).map_or(line.len(), |k| i + k);
            out.push(Cow::Borrowed(&line[i..end]));
            if end == line.len() {
                return out;
            }
            i = end + 1;
        }
        if i == line.len() {
            out.push(Cow::Borrowed(&line[i..]));
            return out;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(line: &str) -> Vec<String> {
        split_quoted(line.as_bytes(), b',')
            .iter()
            .map(|f| String::from_utf8_lossy(f).into_owned())
            .collect()
    }

    #[test]
    fn quoted_fields_as_a_csv_reader_reads_them() {
        assert_eq!(fields("a,b,c"), ["a", "b", "c"]);
        assert_eq!(fields("\"a,b\",c"), ["a,b", "c"]);
        assert_eq!(fields("\"say \"\"hi\"\"\",x"), ["say \"hi\"", "x"]);
        assert_eq!(fields("a,\"\",c,"), ["a", "", "c", ""]);
        assert_eq!(fields("12\" pipe,\"x\"y"), ["12\" pipe", "xy"]);
        assert_eq!(fields(""), [""]);
        // The same as the csv crate, for each of them.
        for line in [
            "a,b,c",
            "\"a,b\",c",
            "\"say \"\"hi\"\"\",x",
            "a,\"\",c,",
            "\"x\"y,z",
        ] {
            let mut r = csv::ReaderBuilder::new()
                .has_headers(false)
                .from_reader(line.as_bytes());
            let rec: Vec<String> = r
                .records()
                .next()
                .unwrap()
                .unwrap()
                .iter()
                .map(str::to_string)
                .collect();
            assert_eq!(fields(line), rec, "{line}");
        }
    }
}
