//! A long table's figures and formulas written straight into its sheet's XML. With a thousand
//! segments the Levers by segment sheet holds some fifteen thousand of them; handed to the
//! writer one by one, each is parsed, stored in a map and formatted again, which made that one
//! sheet the longest part of the report. Here the writer gets the sheet's text and the first
//! cell of each style (so the styles are numbered exactly as before), and the other figures
//! and formulas are added to its rows afterwards, in the XML the writer itself would have
//! written: the same file, byte for byte inside each part.

use super::model::{Cached, Cell, Content, Sheet, Style, a1, column_letters};
use std::fmt::Write as _;
use std::io::{Read, Write};

/// The cells of one sheet left for [`splice`] (by their index in the sheet's cells, in the
/// order of their row, then column), and for each of their styles the cell the writer wrote
/// with it.
pub struct Bulk<'s> {
    /// The sheet's number in the file (`xl/worksheets/sheetN.xml`), from 1.
    pub number: usize,
    pub sheet: &'s Sheet,
    pub cells: Vec<usize>,
    witnesses: Vec<(&'s Style, u32, u16)>,
}

/// Functions a lever's formula may use that the writer leaves as they are (none of them is
/// one of Excel's "future" functions, which it prefixes).
const PLAIN_FUNCTIONS: &[&str] = &[
    "ROUND", "MAX", "MIN", "ABS", "IF", "SUM", "AND", "OR", "NOT",
];

/// A formula the writer would store as it is: plain ASCII, no string literal nor array
/// braces, and only functions of [`PLAIN_FUNCTIONS`].
fn plain_formula(expr: &str) -> bool {
    let bytes = expr.as_bytes();
    if !bytes.iter().all(|b| (0x20..0x7f).contains(b))
        || memchr::memchr3(b'"', b'{', b'}', bytes).is_some()
    {
        return false;
    }
    // A function is the run of capitals, digits and dots right before an opening bracket
    // (as the writer reads one: the run starts after any other character).
    let function_char = |b: &u8| b.is_ascii_uppercase() || b.is_ascii_digit() || *b == b'.';
    memchr::memchr_iter(b'(', bytes).all(|open| {
        let start = bytes[..open]
            .iter()
            .rposition(|b| !function_char(b))
            .map_or(0, |p| p + 1);
        start == open || PLAIN_FUNCTIONS.contains(&&expr[start..open])
    })
}

/// The cells of `sheet` that can be added to its XML afterwards, when the sheet asks for it
/// and every condition holds; None otherwise (the writer then writes every cell).
/// - A figure (finite) or a formula with a number as its result ([`plain_formula`]), not in
///   the row of the first of its style on the sheet (the writer writes that row, and the
///   style's number is read back from it).
/// - Not merged, and no cell written twice.
/// - In a row where the writer writes a cell too, each to the left of every added one: the
///   added cells go at the end of the row.
pub fn plan(sheet: &Sheet, number: usize) -> Option<Bulk<'_>> {
    if !sheet.bulk {
        return None;
    }
    let cells = &sheet.cells;
    // No cell written twice: a mark for each place of the sheet's rectangle (a long table's
    // is some fifteen thousand), or none at all.
    let rows = cells.iter().map(|c| c.row as usize + 1).max().unwrap_or(0);
    let width = cells
        .iter()
        .map(|c| usize::from(c.col) + 1)
        .max()
        .unwrap_or(0);
    if rows.saturating_mul(width) > 1 << 24 {
        return None;
    }
    let mut taken = vec![false; rows * width];
    for c in cells {
        let at = c.row as usize * width + usize::from(c.col);
        if std::mem::replace(&mut taken[at], true) {
            return None;
        }
    }
    let merged = |c: &Cell| {
        sheet
            .merges
            .iter()
            .any(|&(r, first, last)| r == c.row && (first..=last).contains(&c.col))
    };
    let fits: Vec<bool> = cells
        .iter()
        .map(|c| {
            !merged(c)
                && match &c.content {
                    Content::Number(v) => v.is_finite(),
                    Content::Formula(expr, Cached::Number(v)) => {
                        v.is_finite() && plain_formula(expr)
                    }
                    _ => false,
                }
        })
        .collect();
    // The first cell of each style, and every cell of its row, are the writer's.
    let mut witnesses: Vec<(&Style, u32, u16)> = Vec::new();
    for (c, _) in cells.iter().zip(&fits).filter(|(_, f)| **f) {
        if !witnesses.iter().any(|(s, ..)| **s == c.style) {
            witnesses.push((&c.style, c.row, c.col));
        }
    }
    let added = |i: usize| fits[i] && !witnesses.iter().any(|&(_, r, _)| r == cells[i].row);
    // Each row's rightmost cell of the writer's (merged ranges included): every added cell
    // must lie right of it.
    let mut written: Vec<Option<u16>> = vec![None; rows];
    let mut widen = |row: u32, col: u16| {
        let w = &mut written[row as usize];
        *w = Some(w.map_or(col, |x| x.max(col)));
    };
    for (i, c) in cells.iter().enumerate() {
        if !added(i) {
            widen(c.row, c.col);
        }
    }
    for &(r, _, last) in sheet.merges.iter().filter(|m| (m.0 as usize) < rows) {
        widen(r, last);
    }
    // The added cells in the order of the sheet's places (row, then column).
    let mut at: Vec<Option<usize>> = vec![None; rows * width];
    for i in (0..cells.len()).filter(|&i| added(i)) {
        let c = &cells[i];
        if written[c.row as usize].is_none_or(|w| w >= c.col) {
            return None;
        }
        at[c.row as usize * width + usize::from(c.col)] = Some(i);
    }
    let bulk: Vec<usize> = at.into_iter().flatten().collect();
    if bulk.is_empty() {
        return None;
    }
    Some(Bulk {
        number,
        sheet,
        cells: bulk,
        witnesses,
    })
}

/// Why the cells could not be added: the file is then written again without adding any.
#[derive(Debug)]
pub struct Missed;

impl From<zip::result::ZipError> for Missed {
    fn from(_: zip::result::ZipError) -> Missed {
        Missed
    }
}

impl From<std::io::Error> for Missed {
    fn from(_: std::io::Error) -> Missed {
        Missed
    }
}

/// The workbook `bytes` with each bulk's cells added to its sheet: every other part of the
/// file copied as it is (still compressed), the sheets compressed as the writer does.
pub fn splice(bytes: &[u8], bulks: &[Bulk], level: i64) -> Result<Vec<u8>, Missed> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes))?;
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::with_capacity(bytes.len() * 2)));
    // As the writer makes its parts.
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(level))
        .unix_permissions(0o600)
        .last_modified_time(zip::DateTime::default());
    let mut done = 0;
    for i in 0..zip.len() {
        let name = zip.by_index_raw(i)?.name()?.to_string();
        let bulk = bulks
            .iter()
            .find(|b| name == format!("xl/worksheets/sheet{}.xml", b.number));
        match bulk {
            Some(b) => {
                let mut xml = String::new();
                zip.by_index(i)?.read_to_string(&mut xml)?;
                let xml = spliced(&xml, b)?;
                out.start_file(name, options)?;
                out.write_all(xml.as_bytes())?;
                done += 1;
            }
            None => out.raw_copy_file(zip.by_index_raw(i)?)?,
        }
    }
    if done != bulks.len() {
        return Err(Missed);
    }
    Ok(out.finish()?.into_inner())
}

/// Appends `v` as Rust's `Display` writes it, as the writer formats a number: the shortest
/// digits that read back as `v`, never an exponent. Up to 15 significant digits no other
/// decimal of as many reads back as `v`, so ryu's are those; with more, two may, and the two
/// formatters may pick differently; and ryu may write an exponent: there `Display` itself.
fn push_number(out: &mut String, buf: &mut ryu::Buffer, v: f64) {
    let s = buf.format_finite(v);
    let s = s.strip_suffix(".0").unwrap_or(s);
    let significant = s
        .trim_start_matches(['-', '0', '.'])
        .bytes()
        .filter(u8::is_ascii_digit)
        .count();
    if significant > 15 || s.contains('e') {
        let _ = write!(out, "{v}");
    } else {
        out.push_str(s);
    }
}

/// A cell reference `B12` as (0-based row, column).
fn parse_a1(r: &str) -> Option<(u32, u16)> {
    let split = r.find(|c: char| c.is_ascii_digit())?;
    let (letters, digits) = r.split_at(split);
    if letters.is_empty() || !letters.bytes().all(|b| b.is_ascii_uppercase()) {
        return None;
    }
    let col = letters
        .bytes()
        .try_fold(0u32, |n, b| Some(n * 26 + u32::from(b - b'A') + 1))?;
    let row: u32 = digits.parse().ok()?;
    Some((
        row.checked_sub(1)?,
        u16::try_from(col.checked_sub(1)?).ok()?,
    ))
}

/// The value of an attribute in the start tag `tag`; `key` is its name as ` name="`.
fn attribute<'x>(tag: &'x str, key: &str) -> Option<&'x str> {
    let at = tag.find(key)? + key.len();
    let len = tag[at..].find('"')?;
    Some(&tag[at..at + len])
}

/// A bulk's cells as XML: all of them in one text, where each row's start (row, offset),
/// the last row and column they reach, and the columns they span in each block of 16 rows
/// (by the block's number).
struct Added {
    xml: String,
    rows: Vec<(u32, usize)>,
    last: (u32, u16),
    blocks: std::collections::BTreeMap<u32, (u16, u16)>,
}

impl Added {
    /// The cells of the `k`-th row.
    fn row(&self, k: usize) -> &str {
        let end = self.rows.get(k + 1).map_or(self.xml.len(), |r| r.1);
        &self.xml[self.rows[k].1..end]
    }
}

/// The bulk's cells as the writer writes them, each style's number read back from the
/// writer's own first cell of it in the sheet's `xml`.
fn added(xml: &str, bulk: &Bulk) -> Result<Added, Missed> {
    let cells = &bulk.sheet.cells;
    // Each style's number, as the writer gave it to the first cell of that style.
    let mut styles: Vec<(&Style, Option<String>)> = Vec::new();
    for (style, row, col) in &bulk.witnesses {
        let key = format!("<c r=\"{}\"", a1(*row, *col, false));
        let at = xml.find(&key).ok_or(Missed)?;
        let end = at + xml[at..].find('>').ok_or(Missed)?;
        styles.push((style, attribute(&xml[at..end], " s=\"").map(str::to_string)));
    }
    // The added cells' XML, by row: (row, where its cells start in `xml_cells`).
    let mut rows: Vec<(u32, usize)> = Vec::new();
    let mut xml_cells = String::with_capacity(bulk.cells.len() * 64);
    let (mut last_row, mut last_col) = (0u32, 0u16);
    let mut blocks = std::collections::BTreeMap::new();
    // Each column's letters, each style's attribute, made once.
    let mut letters: Vec<Option<String>> = Vec::new();
    let attributes: Vec<String> = styles
        .iter()
        .map(|(_, s)| s.as_ref().map_or(String::new(), |s| format!(" s=\"{s}\"")))
        .collect();
    let mut row_digits = String::new();
    let mut digits = ryu::Buffer::new();
    for &i in &bulk.cells {
        let c = &cells[i];
        if rows.last().is_none_or(|(r, _)| *r != c.row) {
            rows.push((c.row, xml_cells.len()));
            row_digits.clear();
            let _ = write!(row_digits, "{}", c.row + 1);
        }
        let col = usize::from(c.col);
        if letters.len() <= col {
            letters.resize(col + 1, None);
        }
        let style = styles
            .iter()
            .position(|(st, _)| **st == c.style)
            .ok_or(Missed)?;
        let out = &mut xml_cells;
        out.push_str("<c r=\"");
        out.push_str(letters[col].get_or_insert_with(|| column_letters(c.col)));
        out.push_str(&row_digits);
        out.push('"');
        out.push_str(&attributes[style]);
        // Numbers as the writer formats them (Rust's shortest form, never an exponent).
        match &c.content {
            Content::Number(v) => {
                out.push_str("><v>");
                push_number(out, &mut digits, *v);
                out.push_str("</v></c>");
            }
            Content::Formula(expr, Cached::Number(v)) => {
                out.push_str("><f>");
                let mut plain = 0;
                for (at, b) in expr.bytes().enumerate() {
                    let escaped = match b {
                        b'&' => "&amp;",
                        b'<' => "&lt;",
                        b'>' => "&gt;",
                        _ => continue,
                    };
                    out.push_str(&expr[plain..at]);
                    out.push_str(escaped);
                    plain = at + 1;
                }
                out.push_str(&expr[plain..]);
                out.push_str("</f><v>");
                push_number(out, &mut digits, *v);
                out.push_str("</v></c>");
            }
            _ => return Err(Missed),
        }
        last_row = last_row.max(c.row);
        last_col = last_col.max(c.col);
        let b = blocks.entry(c.row / 16).or_insert((c.col, c.col));
        *b = (b.0.min(c.col), b.1.max(c.col));
    }
    Ok(Added {
        xml: xml_cells,
        rows,
        last: (last_row, last_col),
        blocks,
    })
}

/// The sheet's XML with the bulk's cells at the end of their rows, the rows' spans and the
/// sheet's dimension widened to hold them.
fn spliced(xml: &str, bulk: &Bulk) -> Result<String, Missed> {
    let added = added(xml, bulk)?;
    // Each block of 16 rows shares one span of columns: the added cells' columns widen it.
    let block_cols = &added.blocks;
    let mut out = String::with_capacity(xml.len() + added.xml.len());
    let mut rest = xml;
    // The dimension: the writer's range widened to the added cells.
    let key = "<dimension ref=\"";
    let at = rest.find(key).ok_or(Missed)? + key.len();
    let len = rest[at..].find('"').ok_or(Missed)?;
    let range = &rest[at..at + len];
    let (first, last) = range.split_once(':').unwrap_or((range, range));
    let (first, last) = (
        parse_a1(first).ok_or(Missed)?,
        parse_a1(last).ok_or(Missed)?,
    );
    let (top, left) = (
        first.0.min(added.rows.first().map_or(u32::MAX, |r| r.0)),
        first
            .1
            .min(block_cols.values().map(|b| b.0).min().unwrap_or(u16::MAX)),
    );
    let (bottom, right) = (last.0.max(added.last.0), last.1.max(added.last.1));
    out.push_str(&rest[..at]);
    out.push_str(&a1(top, left, false));
    if (top, left) != (bottom, right) {
        out.push(':');
        out.push_str(&a1(bottom, right, false));
    }
    rest = &rest[at + len..];
    let mut next = (0..added.rows.len()).peekable();
    while let Some(at) = rest.find("<row ") {
        let end = at + rest[at..].find('>').ok_or(Missed)?;
        let tag = &rest[at..end];
        let row = attribute(tag, " r=\"")
            .and_then(|r| r.parse::<u32>().ok())
            .and_then(|r| r.checked_sub(1))
            .ok_or(Missed)?;
        out.push_str(&rest[..at]);
        // The row's span, widened by the added cells of its block.
        match (attribute(tag, " spans=\""), block_cols.get(&(row / 16))) {
            (Some(spans), Some(&(lo, hi))) => {
                // The attribute's value sits in the tag: what comes before and after it.
                let from = spans.as_ptr() as usize - tag.as_ptr() as usize;
                let (a, b) = spans.split_once(':').ok_or(Missed)?;
                let (a, b): (u16, u16) = (
                    a.parse().map_err(|_| Missed)?,
                    b.parse().map_err(|_| Missed)?,
                );
                out.push_str(&tag[..from]);
                let _ = write!(out, "{}:{}", a.min(lo + 1), b.max(hi + 1));
                out.push_str(&tag[from + spans.len()..]);
            }
            _ => out.push_str(tag),
        }
        rest = &rest[end..];
        if let Some(k) = next.next_if(|&k| added.rows[k].0 == row) {
            // The row holds cells of the writer's: its end tag follows them.
            if tag.ends_with('/') {
                return Err(Missed);
            }
            let close = rest.find("</row>").ok_or(Missed)?;
            out.push_str(&rest[..close]);
            out.push_str(added.row(k));
            rest = &rest[close..];
        }
    }
    if next.next().is_some() {
        return Err(Missed);
    }
    out.push_str(rest);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_formula_is_plain_without_strings_braces_or_other_functions() {
        assert!(plain_formula("ROUND((B5-C5)*D5*labor_share*hourly_cost,2)"));
        assert!(plain_formula("MAX(0,'Levers by segment'!B5)-MIN(A1,A2)"));
        assert!(!plain_formula("ROUND(STDEV.S(A1:A9),2)"));
        assert!(!plain_formula("XLOOKUP(A1,B1:B9,C1:C9)"));
        assert!(!plain_formula("IF(A1>0,\"yes\",\"no\")"));
        assert!(!plain_formula("{SUM(A1:A3)}"));
        assert!(!plain_formula("A1*ż"));
        // A name with capitals and digits is no function without its bracket.
        assert!(plain_formula("LOG10_rate*A1"));
    }

    #[test]
    fn numbers_are_written_as_display_writes_them() {
        // Figures as a workbook holds them (decimals of every size), and bit patterns of every
        // exponent, against the standard library's own formatting.
        let mut values = vec![
            0.0, -0.0, 1.0, -1.0, 0.1, 1e15, 1e16, 1e-5, 1e-7, 123456.789,
        ];
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        for i in 0..200_000u64 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let places = (i % 12) as i32;
            values.push((x % 10_000_000_000) as f64 / 10f64.powi(places));
            let v = f64::from_bits(x);
            if v.is_finite() {
                values.push(v);
            }
        }
        let mut buf = ryu::Buffer::new();
        for v in values {
            let mut out = String::new();
            push_number(&mut out, &mut buf, v);
            assert_eq!(out, format!("{v}"), "{v:e}");
        }
    }

    #[test]
    fn a1_references_read_back() {
        assert_eq!(parse_a1("A1"), Some((0, 0)));
        assert_eq!(parse_a1("P1004"), Some((1003, 15)));
        assert_eq!(parse_a1("AA10"), Some((9, 26)));
        assert_eq!(parse_a1("A0"), None);
        assert_eq!(parse_a1("10"), None);
        assert_eq!(parse_a1("a1"), None);
    }
}
