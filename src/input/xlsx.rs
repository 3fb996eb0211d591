//! An .xlsx (or .xlsm) sheet streamed row by row: the zip's parts are inflated through
//! [`Bounded`] and read as XML events, and each row is handed to the reader as the texts a
//! CSV export would hold, so memory holds one row and the shared strings, never the sheet.
//! Cells become text as calamine's would (see `workbook::text`): a number in a date or
//! duration format is a date or a duration, a shared, inline or formula string its text,
//! a boolean TRUE or FALSE, an error its code.

use super::rows::Reader;
use super::unzip::{self, Bounded, Overflow};
use super::workbook::{self, Chosen};
use super::xml::{self, Tok, Tokens, XmlError};
use crate::error::{Problem, RoiError};
use crate::message::msg;
use crate::registry::Registry;
use calamine::{ExcelDateTime, ExcelDateTimeType};
use quick_xml::events::{BytesStart, Event};
use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;

type Zip = zip::ZipArchive<BufReader<File>>;
type Part<'z> = Bounded<zip::read::ZipFile<'z, BufReader<File>>>;
type Xml<'z> = quick_xml::Reader<BufReader<Part<'z>>>;

/// Why a workbook part could not be read.
enum Fail {
    /// A part inflates past its declared size.
    Overflow(Overflow),
    /// Anything else, as a reason.
    Other(String),
}

impl From<quick_xml::Error> for Fail {
    fn from(e: quick_xml::Error) -> Self {
        match unzip::xml_overflow(&e) {
            Some(o) => Fail::Overflow(o.clone()),
            None => Fail::Other(e.to_string()),
        }
    }
}

impl From<XmlError> for Fail {
    fn from(e: XmlError) -> Self {
        match e {
            XmlError::Io(io) => match unzip::overflow(&io) {
                Some(o) => Fail::Overflow(o.clone()),
                None => Fail::Other(io.to_string()),
            },
            XmlError::Malformed(why) => Fail::Other(why.to_string()),
        }
    }
}

impl From<quick_xml::events::attributes::AttrError> for Fail {
    fn from(e: quick_xml::events::attributes::AttrError) -> Self {
        Fail::Other(e.to_string())
    }
}

impl Fail {
    fn into_error(self, name: &str) -> RoiError {
        match self {
            Fail::Overflow(o) => RoiError::one(workbook::overflowed(name, &o)),
            Fail::Other(why) => RoiError::one(workbook::unreadable_workbook(name, &why)),
        }
    }
}

/// How a cell style shows a number.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Shown {
    Number,
    Date,
    Duration,
}

/// A sheet of the workbook: its name, its part, and whether it is hidden.
struct SheetPart {
    name: String,
    part: Option<String>,
    hidden: bool,
}

/// The shared strings, one buffer and where each ends.
#[derive(Default)]
struct Strings {
    text: String,
    ends: Vec<usize>,
}

impl Strings {
    fn get(&self, i: usize) -> Option<&str> {
        let end = *self.ends.get(i)?;
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        self.text.get(start..end)
    }
}

/// Reads the chosen sheet of an .xlsx into the reader's rows.
pub fn read(
    path: &Path,
    name: &str,
    sheet: Option<&str>,
    registry: &Registry,
) -> Result<super::observations::Scan, RoiError> {
    let unreadable = |why: String| RoiError::one(workbook::unreadable_workbook(name, &why));
    let file = File::open(path).map_err(|e| RoiError::Read {
        path: name.to_string(),
        source: e,
    })?;
    let mut zip =
        zip::ZipArchive::new(BufReader::new(file)).map_err(|e| unreadable(e.to_string()))?;
    let book = book(&mut zip).map_err(|f| f.into_error(name))?;
    let names: Vec<String> = book.sheets.iter().map(|s| s.name.clone()).collect();
    let visible = book
        .sheets
        .iter()
        .find(|s| !s.hidden)
        .map(|s| s.name.clone());
    let Chosen { sheet, passed_over } = workbook::choose(name, &names, visible, sheet)?;
    let part = book
        .sheets
        .iter()
        .find(|s| s.name == sheet)
        .and_then(|s| s.part.clone());
    let styles = match &book.styles {
        Some(p) => styles(&mut zip, p).map_err(|f| f.into_error(name))?,
        None => Vec::new(),
    };
    let strings = match &book.strings {
        Some(p) => shared_strings(&mut zip, p).map_err(|f| f.into_error(name))?,
        None => Strings::default(),
    };
    let mut reader = workbook::start(name, registry, &sheet, passed_over);
    let Some(part) = part else {
        // A chart sheet: no cells.
        workbook::empty_sheet(&mut reader, &sheet);
        return Ok(reader.finish());
    };
    let part_reader = entry(&mut zip, &part)
        .map_err(|f| f.into_error(name))?
        .ok_or_else(|| unreadable(format!("{part} is missing")))?;
    let mut sheet_reader = SheetReader {
        name,
        sheet: &sheet,
        styles: &styles,
        strings: &strings,
        date1904: book.date1904,
        span: None,
    };
    sheet_reader.stream(Tokens::new(part_reader), &mut reader)?;
    Ok(reader.finish())
}

/// What workbook.xml and its relationships say.
struct Book {
    sheets: Vec<SheetPart>,
    date1904: bool,
    styles: Option<String>,
    strings: Option<String>,
}

/// A part of the zip, inflated within its declared size; `None` when the zip has no such
/// part.
fn entry<'z>(zip: &'z mut Zip, part: &str) -> Result<Option<Part<'z>>, Fail> {
    let index = match zip.index_for_name(part) {
        Some(i) => i,
        // Some writers differ in case from the names their relationships give.
        None => match (0..zip.len()).find(|&i| {
            zip.name_for_index(i)
                .is_some_and(|n| n.is_ok_and(|n| n.eq_ignore_ascii_case(part)))
        }) {
            Some(i) => i,
            None => return Ok(None),
        },
    };
    let entry = zip
        .by_index(index)
        .map_err(|e| Fail::Other(format!("{part}: {e}")))?;
    let declared = entry.size();
    Ok(Some(Bounded::new(entry, part, declared)))
}

/// A small part of the zip (the workbook, relationships, styles) as an XML reader.
fn open<'z>(zip: &'z mut Zip, part: &str) -> Result<Option<Xml<'z>>, Fail> {
    let Some(bounded) = entry(zip, part)? else {
        return Ok(None);
    };
    let mut xml = quick_xml::Reader::from_reader(BufReader::new(bounded));
    xml.config_mut().trim_text(false);
    Ok(Some(xml))
}

/// The value of an attribute, by its name (prefix included), unescaped.
fn attr(e: &BytesStart<'_>, key: &str) -> Result<Option<String>, Fail> {
    for a in e.attributes().with_checks(false) {
        let a = a?;
        if a.key.as_ref() == key {
            return Ok(Some(
                a.normalized_value(quick_xml::XmlVersion::Implicit1_0)?
                    .into_owned(),
            ));
        }
    }
    Ok(None)
}

/// An attribute by its local name, whatever its prefix (`r:id`, `x:id`).
fn attr_local(e: &BytesStart<'_>, local: &str) -> Result<Option<String>, Fail> {
    for a in e.attributes().with_checks(false) {
        let a = a?;
        if a.key.local_name().as_ref() == local && a.key.prefix().is_some() {
            return Ok(Some(
                a.normalized_value(quick_xml::XmlVersion::Implicit1_0)?
                    .into_owned(),
            ));
        }
    }
    Ok(None)
}

/// The relationships of a part: id, type and target, targets resolved against `base`.
fn relationships(zip: &mut Zip, rels: &str, base: &str) -> Result<Vec<[String; 3]>, Fail> {
    let Some(mut xml) = open(zip, rels)? else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    let mut buf = Vec::new();
    loop {
        match xml.read_event_into(&mut buf)? {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "Relationship" => {
                let id = attr(&e, "Id")?.unwrap_or_default();
                let kind = attr(&e, "Type")?.unwrap_or_default();
                let target = attr(&e, "Target")?.unwrap_or_default();
                out.push([id, kind, resolve(base, &target)]);
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Ok(out)
}

/// A relationship's target as a zip path: absolute (`/xl/…`) or relative to `base`'s folder.
fn resolve(base: &str, target: &str) -> String {
    if let Some(abs) = target.strip_prefix('/') {
        return abs.to_string();
    }
    let mut parts: Vec<&str> = match base.rfind('/') {
        Some(i) => base[..i].split('/').collect(),
        None => Vec::new(),
    };
    for piece in target.split('/') {
        match piece {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            p => parts.push(p),
        }
    }
    parts.join("/")
}

/// The folder and file of a part's relationships: `xl/workbook.xml` → `xl/_rels/workbook.xml.rels`.
fn rels_of(part: &str) -> String {
    match part.rfind('/') {
        Some(i) => format!("{}/_rels/{}.rels", &part[..i], &part[i + 1..]),
        None => format!("_rels/{part}.rels"),
    }
}

fn book(zip: &mut Zip) -> Result<Book, Fail> {
    let root = relationships(zip, "_rels/.rels", "")?;
    let workbook = root
        .iter()
        .find(|[_, kind, _]| kind.ends_with("/officeDocument"))
        .map_or_else(|| "xl/workbook.xml".to_string(), |[_, _, t]| t.clone());
    let rels = relationships(zip, &rels_of(&workbook), &workbook)?;
    let Some(mut xml) = open(zip, &workbook)? else {
        return Err(Fail::Other(format!("{workbook} is missing")));
    };
    let mut sheets = Vec::new();
    let mut date1904 = false;
    let mut buf = Vec::new();
    loop {
        match xml.read_event_into(&mut buf)? {
            Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
                "sheet" => {
                    let name = attr(&e, "name")?.unwrap_or_default();
                    let hidden = attr(&e, "state")?.is_some_and(|s| s != "visible");
                    let id = attr_local(&e, "id")?;
                    let part = id.and_then(|id| {
                        rels.iter()
                            .find(|[i, kind, _]| *i == id && kind.ends_with("/worksheet"))
                            .map(|[_, _, t]| t.clone())
                    });
                    sheets.push(SheetPart { name, part, hidden });
                }
                "workbookPr" => {
                    date1904 = attr(&e, "date1904")?.is_some_and(|v| v == "1" || v == "true");
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    let of = |suffix: &str| {
        rels.iter()
            .find(|[_, kind, _]| kind.ends_with(suffix))
            .map(|[_, _, t]| t.clone())
    };
    Ok(Book {
        sheets,
        date1904,
        styles: of("/styles"),
        strings: of("/sharedStrings"),
    })
}

/// How each cell style (`s`, an index into cellXfs) shows a number.
fn styles(zip: &mut Zip, part: &str) -> Result<Vec<Shown>, Fail> {
    let Some(mut xml) = open(zip, part)? else {
        return Ok(Vec::new());
    };
    let mut custom: Vec<(u32, Shown)> = Vec::new();
    let mut out = Vec::new();
    let mut in_xfs = false;
    let mut buf = Vec::new();
    loop {
        match xml.read_event_into(&mut buf)? {
            Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
                "numFmt" => {
                    let id = attr(&e, "numFmtId")?.and_then(|v| v.parse().ok());
                    let code = attr(&e, "formatCode")?.unwrap_or_default();
                    if let Some(id) = id {
                        custom.push((id, shown_by_code(&code)));
                    }
                }
                "cellXfs" => in_xfs = true,
                "xf" if in_xfs => {
                    let id: u32 = attr(&e, "numFmtId")?
                        .and_then(|v| v.parse().ok())
                        .unwrap_or(0);
                    let shown = custom
                        .iter()
                        .find(|(c, _)| *c == id)
                        .map_or_else(|| shown_by_id(id), |(_, s)| *s);
                    out.push(shown);
                }
                _ => {}
            },
            Event::End(e) if e.local_name().as_ref() == "cellXfs" => in_xfs = false,
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Ok(out)
}

/// Excel's built-in number formats that show a date or a time (ECMA-376 18.8.30), and
/// `[h]:mm:ss`, an elapsed time.
fn shown_by_id(id: u32) -> Shown {
    match id {
        14..=22 | 27..=36 | 45 | 47 | 50..=58 => Shown::Date,
        46 => Shown::Duration,
        _ => Shown::Number,
    }
}

/// A custom format code's first section: elapsed time (`[h]`, `[mm]`, `[s]`) is a duration;
/// any other day, month, year, hour or second token, or AM/PM, a date; text in quotes,
/// escaped characters and other brackets (colours, locales) say nothing.
fn shown_by_code(code: &str) -> Shown {
    let mut chars = code.chars().peekable();
    let mut date = false;
    while let Some(c) = chars.next() {
        match c {
            ';' => break,
            '"' => {
                for q in chars.by_ref() {
                    if q == '"' {
                        break;
                    }
                }
            }
            '\\' | '_' | '*' => {
                chars.next();
            }
            '[' => {
                let mut inner = String::new();
                for q in chars.by_ref() {
                    if q == ']' {
                        break;
                    }
                    inner.push(q.to_ascii_lowercase());
                }
                let elapsed = !inner.is_empty()
                    && ["h", "m", "s"]
                        .iter()
                        .any(|u| inner.chars().all(|c| c.to_string() == *u));
                if elapsed {
                    return Shown::Duration;
                }
            }
            'a' | 'A' => {
                let rest: String = chars
                    .clone()
                    .take(4)
                    .collect::<String>()
                    .to_ascii_lowercase();
                if rest.starts_with("m/pm") || rest.starts_with("/p") {
                    date = true;
                }
            }
            c if matches!(c.to_ascii_lowercase(), 'd' | 'm' | 'y' | 'h' | 's') => date = true,
            _ => {}
        }
    }
    if date { Shown::Date } else { Shown::Number }
}

/// Excel's escapes of characters XML cannot hold: `_x000D_` is a carriage return.
fn unescape_x(text: &str, out: &mut String) {
    let mut rest = text;
    while let Some(i) = rest.find("_x") {
        let after = &rest[i + 2..];
        let code = after
            .get(..5)
            .filter(|s| s.ends_with('_'))
            .and_then(|s| u32::from_str_radix(&s[..4], 16).ok())
            .and_then(char::from_u32);
        match code {
            Some(c) => {
                out.push_str(&rest[..i]);
                out.push(c);
                rest = &after[5..];
            }
            None => {
                out.push_str(&rest[..i + 2]);
                rest = after;
            }
        }
    }
    out.push_str(rest);
}

/// Text up to the end of the element just opened, nested elements' text included.
fn text_until_close<R: Read>(t: &mut Tokens<R>, out: &mut String) -> Result<(), Fail> {
    let mut depth = 0u32;
    loop {
        match t.next()? {
            Tok::Text(s) => xml::push_text(t.bytes(s), out)?,
            Tok::Cdata(s) => out.push_str(
                std::str::from_utf8(t.bytes(s))
                    .map_err(|_| Fail::Other("text is not UTF-8".into()))?,
            ),
            Tok::Open { empty, .. } => depth += u32::from(!empty),
            Tok::Close { .. } if depth == 0 => return Ok(()),
            Tok::Close { .. } => depth -= 1,
            Tok::Eof => return Err(Fail::Other("the XML ends inside a cell".into())),
        }
    }
}

/// The text of the string item just opened (`<si>`, `<is>`), up to its end: its `<t>`
/// runs without the phonetic ones (`<rPh>`), each trimmed unless it keeps its spaces,
/// Excel's escapes decoded.
fn string_item<R: Read>(t: &mut Tokens<R>, run: &mut String, out: &mut String) -> Result<(), Fail> {
    let mut depth = 0u32;
    let mut phonetic = 0u32;
    loop {
        match t.next()? {
            Tok::Open { name, attrs, empty } => {
                let n = t.bytes(name);
                if n == b"t" && phonetic == 0 {
                    if empty {
                        continue;
                    }
                    let preserve = xml::attributes(t.bytes(attrs))
                        .any(|(k, v)| k == b"space" && v == b"preserve");
                    run.clear();
                    text_until_close(t, run)?;
                    let text = if preserve {
                        run.as_str()
                    } else {
                        run.trim_matches([' ', '\t', '\r', '\n'])
                    };
                    unescape_x(text, out);
                } else if !empty {
                    depth += 1;
                    phonetic += u32::from(n == b"rPh");
                }
            }
            Tok::Close { .. } if depth == 0 => return Ok(()),
            Tok::Close { name } => {
                depth -= 1;
                if t.bytes(name) == b"rPh" {
                    phonetic = phonetic.saturating_sub(1);
                }
            }
            Tok::Text(_) | Tok::Cdata(_) => {}
            Tok::Eof => return Err(Fail::Other("the XML ends inside a string".into())),
        }
    }
}

fn shared_strings(zip: &mut Zip, part: &str) -> Result<Strings, Fail> {
    let Some(entry) = entry(zip, part)? else {
        return Ok(Strings::default());
    };
    let mut t = Tokens::new(entry);
    let mut strings = Strings::default();
    let mut run = String::new();
    loop {
        match t.next()? {
            Tok::Open { name, empty, .. } if t.bytes(name) == b"si" => {
                if !empty {
                    string_item(&mut t, &mut run, &mut strings.text)?;
                }
                strings.ends.push(strings.text.len());
            }
            Tok::Eof => break,
            _ => {}
        }
    }
    Ok(strings)
}

/// The state of one sheet's stream.
struct SheetReader<'a> {
    name: &'a str,
    sheet: &'a str,
    styles: &'a [Shown],
    strings: &'a Strings,
    date1904: bool,
    /// The used cells so far: top, left, bottom, right (0-based).
    span: Option<(u32, u32, u32, u32)>,
}

/// A cell reference's 0-based column: `B7` → 1; `None` when it is no reference.
fn column_of(r: &[u8]) -> Option<u32> {
    let mut col: u32 = 0;
    let mut letters = 0;
    for &b in r {
        if b.is_ascii_uppercase() {
            col = col * 26 + u32::from(b - b'A' + 1);
            letters += 1;
            if letters > 3 {
                return None;
            }
        } else {
            break;
        }
    }
    (letters > 0).then(|| col - 1)
}

/// Excel's grid: 1,048,576 rows of 16,384 columns.
const LAST_ROW: u32 = 1 << 20;
const LAST_COL: u32 = 1 << 14;

impl SheetReader<'_> {
    fn located(&self, row: u32, col: u32, why: String) -> RoiError {
        let mut p = Problem::at(self.name, u64::from(row) + 1, Some(u64::from(col) + 1))
            .says(msg!(workbook_unreadable, reason = why), msg!(a_workbook));
        p.sheet = Some(self.sheet.to_string());
        RoiError::one(p)
    }

    /// Streams `<sheetData>`: each row's cells into `cells`, then into the reader.
    fn stream<R: Read>(
        &mut self,
        mut t: Tokens<R>,
        reader: &mut Reader<'_>,
    ) -> Result<(), RoiError> {
        let name = self.name;
        let fail = |f: Fail| f.into_error(name);
        let (mut raw, mut run) = (String::new(), String::new());
        // The row being read; after the header, no wider than the header.
        let mut cells: Vec<String> = Vec::new();
        let mut scratch = String::new();
        let mut width: Option<usize> = None;
        let (mut row, mut next_row, mut col) = (0u32, 0u32, 0u32);
        let mut header_line = 0u64;
        let mut any = false;
        loop {
            match t.next().map_err(|e| fail(e.into()))? {
                Tok::Open { name, attrs, empty } if t.bytes(name) == b"row" => {
                    row = next_row;
                    for (k, v) in xml::attributes(t.bytes(attrs)) {
                        if k == b"r" {
                            row = match std::str::from_utf8(v)
                                .ok()
                                .and_then(|v| v.parse::<u32>().ok())
                            {
                                Some(n) if (1..=LAST_ROW).contains(&n) => n - 1,
                                _ => {
                                    let r = String::from_utf8_lossy(v).into_owned();
                                    return Err(self.located(
                                        next_row,
                                        0,
                                        format!("row number '{r}'"),
                                    ));
                                }
                            };
                        }
                    }
                    next_row = row + 1;
                    col = 0;
                    for c in &mut cells {
                        c.clear();
                    }
                    if empty {
                        continue;
                    }
                }
                Tok::Open { name, attrs, empty } if t.bytes(name) == b"c" => {
                    let (mut style, mut kind) = (None, Kind::Number { typed: false });
                    for (k, v) in xml::attributes(t.bytes(attrs)) {
                        match k {
                            b"r" => match column_of(v) {
                                Some(c) if c < LAST_COL => col = c,
                                _ => {
                                    let r = String::from_utf8_lossy(v).into_owned();
                                    return Err(self.located(
                                        row,
                                        col,
                                        format!("cell reference '{r}'"),
                                    ));
                                }
                            },
                            b"s" => {
                                style = std::str::from_utf8(v)
                                    .ok()
                                    .and_then(|s| s.parse::<usize>().ok())
                            }
                            b"t" => kind = kind_of(v),
                            _ => {}
                        }
                    }
                    let here = col;
                    col += 1;
                    if empty {
                        continue;
                    }
                    raw.clear();
                    let mut has_value = false;
                    // The cell's children: <v>, <is>, <f>.
                    loop {
                        match t.next().map_err(|e| fail(e.into()))? {
                            Tok::Open { name, empty, .. } => {
                                let n = t.bytes(name);
                                if empty {
                                    continue;
                                }
                                if n == b"v" && kind != Kind::Inline {
                                    text_until_close(&mut t, &mut raw).map_err(fail)?;
                                    has_value = true;
                                } else if n == b"is" {
                                    string_item(&mut t, &mut run, &mut raw).map_err(fail)?;
                                    has_value = true;
                                } else {
                                    text_until_close(&mut t, &mut scratch).map_err(fail)?;
                                    scratch.clear();
                                }
                            }
                            Tok::Close { .. } => break,
                            Tok::Text(_) | Tok::Cdata(_) => {}
                            Tok::Eof => {
                                return Err(self.located(
                                    row,
                                    here,
                                    "the XML ends inside a cell".into(),
                                ));
                            }
                        }
                    }
                    if !has_value {
                        continue;
                    }
                    let wide = width.is_some_and(|w| here as usize >= w);
                    if width.is_none() && cells.len() <= here as usize {
                        cells.resize_with(here as usize + 1, String::new);
                    }
                    let out = if wide {
                        &mut scratch
                    } else {
                        &mut cells[here as usize]
                    };
                    out.clear();
                    self.value(kind, style, &raw, out)
                        .map_err(|why| self.located(row, here, why))?;
                    let used = !out.is_empty();
                    scratch.clear();
                    if used {
                        self.used(row, here)?;
                    }
                }
                Tok::Close { name } if t.bytes(name) == b"row" => {
                    let line = u64::from(row) + 1;
                    if cells.iter().all(|c| c.trim().is_empty()) {
                        continue;
                    }
                    match width {
                        None => {
                            let w = cells
                                .iter()
                                .rposition(|c| !c.trim().is_empty())
                                .map_or(0, |i| i + 1);
                            cells.truncate(w);
                            width = Some(w);
                            header_line = line;
                            if !reader.header(&cells, line) {
                                return Ok(());
                            }
                        }
                        Some(_) => {
                            any = true;
                            reader.row(&cells, line);
                        }
                    }
                }
                Tok::Close { name } if t.bytes(name) == b"sheetData" => break,
                Tok::Eof => break,
                _ => {}
            }
        }
        match width {
            None => workbook::empty_sheet(reader, self.sheet),
            Some(_) if !any => workbook::no_rows(reader, header_line),
            Some(_) => {}
        }
        Ok(())
    }

    /// A used cell widens the span; past [`workbook::MAX_CELLS`] the sheet is refused there.
    fn used(&mut self, row: u32, col: u32) -> Result<(), RoiError> {
        let (top, left, bottom, right) = match self.span {
            None => (row, col, row, col),
            Some((t, l, b, r)) => (t.min(row), l.min(col), b.max(row), r.max(col)),
        };
        self.span = Some((top, left, bottom, right));
        let cells = (u64::from(bottom - top) + 1) * (u64::from(right - left) + 1);
        if cells > workbook::MAX_CELLS {
            return Err(workbook::too_large(
                self.name,
                self.sheet,
                (row, col),
                (top, left),
                (bottom, right),
            ));
        }
        Ok(())
    }

    /// A cell's value as the text a CSV export would hold.
    fn value(
        &self,
        kind: Kind,
        style: Option<usize>,
        raw: &str,
        out: &mut String,
    ) -> Result<(), String> {
        match kind {
            Kind::Shared => {
                if raw.trim().is_empty() {
                    return Ok(());
                }
                let s = raw
                    .trim()
                    .parse::<usize>()
                    .ok()
                    .and_then(|i| self.strings.get(i))
                    .ok_or_else(|| format!("shared string '{raw}' is not in the workbook"))?;
                out.push_str(s);
            }
            Kind::Inline => out.push_str(raw),
            Kind::Formula => unescape_x(raw, out),
            Kind::Bool => match raw.trim() {
                "" => {}
                "0" => out.push_str("FALSE"),
                "1" => out.push_str("TRUE"),
                v if v.eq_ignore_ascii_case("false") => out.push_str("FALSE"),
                v if v.eq_ignore_ascii_case("true") => out.push_str("TRUE"),
                v => return Err(format!("boolean cell value '{v}'")),
            },
            Kind::Error | Kind::Date => out.push_str(raw),
            Kind::Number { typed } => {
                if raw.is_empty() {
                    return Ok(());
                }
                let shown = style.map_or(Shown::Number, |s| {
                    self.styles.get(s).copied().unwrap_or(Shown::Number)
                });
                if shown == Shown::Number && plain_shortest(raw) {
                    // The number as the export wrote it is already its shortest text.
                    out.push_str(raw);
                    return Ok(());
                }
                let Ok(v) = raw.parse::<f64>() else {
                    if typed {
                        return Err(format!("number '{raw}'"));
                    }
                    out.push_str(raw);
                    return Ok(());
                };
                use std::fmt::Write as _;
                match shown {
                    Shown::Number => {
                        let _ = write!(out, "{v}");
                    }
                    Shown::Date => workbook::push_datetime(
                        ExcelDateTime::new(v, ExcelDateTimeType::DateTime, self.date1904),
                        out,
                    ),
                    Shown::Duration => workbook::push_datetime(
                        ExcelDateTime::new(v, ExcelDateTimeType::TimeDelta, self.date1904),
                        out,
                    ),
                }
            }
            Kind::Unknown => return Err(format!("a cell of an unknown type, holding '{raw}'")),
        }
        Ok(())
    }
}

/// What a cell's `t` attribute says it holds.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Kind {
    /// `n`, or no `t`: a number (`typed`: said so).
    Number {
        typed: bool,
    },
    Shared,
    Inline,
    Formula,
    Bool,
    Error,
    Date,
    Unknown,
}

fn kind_of(t: &[u8]) -> Kind {
    match t {
        b"n" => Kind::Number { typed: true },
        b"s" => Kind::Shared,
        b"inlineStr" => Kind::Inline,
        b"str" => Kind::Formula,
        b"b" => Kind::Bool,
        b"e" => Kind::Error,
        b"d" => Kind::Date,
        _ => Kind::Unknown,
    }
}

/// Whether a number's text is what Rust writes for the number it reads as: a plain decimal
/// (`-12.5`, `0.25`, `300`) of at most 15 significant digits, without leading or trailing
/// zeros, which two different doubles never share.
fn plain_shortest(raw: &str) -> bool {
    let digits = raw.strip_prefix('-').unwrap_or(raw).as_bytes();
    if digits.is_empty() || digits.len() > 17 {
        return false;
    }
    let (int, frac) = match digits.iter().position(|&b| b == b'.') {
        Some(i) => (&digits[..i], Some(&digits[i + 1..])),
        None => (digits, None),
    };
    if int.is_empty() || !int.iter().all(u8::is_ascii_digit) || (int.len() > 1 && int[0] == b'0') {
        return false;
    }
    let significant = match frac {
        None => int.len() - int.iter().take_while(|&&b| b == b'0').count(),
        Some(f) => {
            if f.is_empty() || !f.iter().all(u8::is_ascii_digit) || f.last() == Some(&b'0') {
                return false;
            }
            if int == b"0" {
                f.len() - f.iter().take_while(|&&b| b == b'0').count()
            } else {
                int.len() + f.len()
            }
        }
    };
    significant <= 15
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn number_formats_that_show_dates_and_durations() {
        assert_eq!(shown_by_code("yyyy-mm-dd hh:mm"), Shown::Date);
        assert_eq!(shown_by_code("[h]:mm"), Shown::Duration);
        assert_eq!(shown_by_code("[hh]:mm:ss"), Shown::Duration);
        assert_eq!(shown_by_code("h:mm AM/PM"), Shown::Date);
        assert_eq!(shown_by_code("General"), Shown::Number);
        assert_eq!(shown_by_code("0.00"), Shown::Number);
        assert_eq!(shown_by_code("#,##0.00 \"days\""), Shown::Number);
        assert_eq!(shown_by_code("[Red]0.0"), Shown::Number);
        assert_eq!(shown_by_code("[$-409]d-mmm-yy"), Shown::Date);
        assert_eq!(shown_by_code("0.0_);[Red]dd"), Shown::Number);
        assert_eq!(shown_by_id(14), Shown::Date);
        assert_eq!(shown_by_id(46), Shown::Duration);
        assert_eq!(shown_by_id(2), Shown::Number);
    }

    #[test]
    fn plain_numbers_are_passed_through_only_when_rust_writes_them_so() {
        for raw in [
            "0",
            "12",
            "-3.5",
            "0.001",
            "46266.354166666",
            "123456789012345",
        ] {
            assert!(plain_shortest(raw), "{raw}");
            assert_eq!(format!("{}", raw.parse::<f64>().unwrap()), raw);
        }
        for raw in [
            "2.50",
            "007",
            ".5",
            "1E-3",
            "0.30000000000000004",
            "1234567890123456",
            "5.",
            "",
            "-",
        ] {
            assert!(!plain_shortest(raw), "{raw}");
        }
    }

    #[test]
    fn references_and_escapes() {
        assert_eq!(column_of(b"A1"), Some(0));
        assert_eq!(column_of(b"AB12"), Some(27));
        assert_eq!(column_of(b"XFD1048576"), Some(16_383));
        assert_eq!(column_of(b"12"), None);
        let mut s = String::new();
        unescape_x("a_x000D_b_x005F_x000D_", &mut s);
        assert_eq!(s, "a\rb_x000D_");
        assert_eq!(
            resolve("xl/workbook.xml", "worksheets/sheet1.xml"),
            "xl/worksheets/sheet1.xml"
        );
        assert_eq!(resolve("xl/workbook.xml", "/xl/sheet.xml"), "xl/sheet.xml");
        assert_eq!(resolve("xl/workbook.xml", "../x.xml"), "x.xml");
        assert_eq!(rels_of("xl/workbook.xml"), "xl/_rels/workbook.xml.rels");
    }
}
