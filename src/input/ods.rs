//! An .ods measured before calamine reads it. calamine parses every sheet of content.xml
//! at once and repeats a row or cell as often as `table:number-rows-repeated` and
//! `table:number-columns-repeated` say: a 1.2 KB file asking for a value repeated across
//! millions of cells took 3.1 GB. Here content.xml is streamed once, the repeats counted
//! without being expanded, and a sheet whose used cells span more than
//! [`MAX_CELLS`](super::workbook::MAX_CELLS) is refused at the cell that makes it so.
//! Empty repeated rows and cells (LibreOffice pads every sheet with them, up to row
//! 1,048,576) use nothing and are passed over. Every part is inflated within its declared
//! size on the way.

use super::unzip::{self, Bounded};
use super::workbook::{self, MAX_CELLS};
use crate::error::RoiError;
use quick_xml::events::{BytesStart, Event};
use std::fs::File;
use std::io::BufReader;
use std::path::Path;

/// The used cells of one sheet: rows counted with their repeats, columns from A (calamine
/// keeps each row from its first column).
struct Sheet {
    name: String,
    /// The next row's 0-based index.
    row: u64,
    /// First and last used row, and the last used column.
    used: Option<(u64, u64, u64)>,
}

/// Refuses an .ods whose sheets would expand past the bound, or whose parts inflate past
/// their declared sizes. Anything that is not a readable zip is left to calamine.
pub fn check(path: &Path, name: &str) -> Result<(), RoiError> {
    let Ok(file) = File::open(path) else {
        return Ok(());
    };
    let Ok(mut zip) = zip::ZipArchive::new(BufReader::new(file)) else {
        return Ok(());
    };
    for i in 0..zip.len() {
        let Ok(entry) = zip.by_index(i) else {
            continue;
        };
        let part = entry.name().map(|n| n.into_owned()).unwrap_or_default();
        let declared = entry.size();
        let mut bounded = Bounded::new(entry, &part, declared);
        let read = if part == "content.xml" {
            let mut xml =
                quick_xml::Reader::from_reader(BufReader::with_capacity(1 << 16, bounded));
            scan(&mut xml, name)
        } else {
            std::io::copy(&mut bounded, &mut std::io::sink())
                .map(|_| ())
                .map_err(|e| Stop::Io(quick_xml::Error::Io(e.into())))
        };
        match read {
            Ok(()) => {}
            Err(Stop::Refused(e)) => return Err(e),
            Err(Stop::Io(e)) => match unzip::xml_overflow(&e) {
                Some(o) => return Err(RoiError::one(workbook::overflowed(name, o))),
                // A damaged part: calamine says what it makes of it.
                None => return Ok(()),
            },
        }
    }
    Ok(())
}

enum Stop {
    Refused(RoiError),
    Io(quick_xml::Error),
}

impl From<quick_xml::Error> for Stop {
    fn from(e: quick_xml::Error) -> Self {
        Stop::Io(e)
    }
}

/// A repeat count (`table:number-rows-repeated="1048571"`); 1 when absent or unreadable.
fn repeats(e: &BytesStart<'_>, key: &str) -> u64 {
    e.attributes()
        .with_checks(false)
        .flatten()
        .find(|a| a.key.as_ref() == key)
        .and_then(|a| a.value.trim().parse().ok())
        .unwrap_or(1)
        .max(1)
}

fn has(e: &BytesStart<'_>, key: &str) -> bool {
    e.attributes()
        .with_checks(false)
        .flatten()
        .any(|a| a.key.as_ref() == key)
}

fn scan<R: std::io::BufRead>(xml: &mut quick_xml::Reader<R>, name: &str) -> Result<(), Stop> {
    let mut buf = Vec::new();
    let mut skip = Vec::new();
    let mut sheet: Option<Sheet> = None;
    // The workbook's cells so far, every sheet counted: calamine holds them all.
    let mut total: u64 = 0;
    // The row being read: its repeats, the next column, its last used column.
    let mut row: Option<(u64, u64, Option<u64>)> = None;
    loop {
        buf.clear();
        let event = xml.read_event_into(&mut buf)?;
        let empty = matches!(event, Event::Empty(_));
        match event {
            Event::Start(e) | Event::Empty(e) => match e.name().as_ref() {
                "table:table" => {
                    let name = e
                        .attributes()
                        .with_checks(false)
                        .flatten()
                        .find(|a| a.key.as_ref() == "table:name")
                        .and_then(|a| {
                            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                                .ok()
                                .map(|v| v.into_owned())
                        })
                        .unwrap_or_default();
                    sheet = Some(Sheet {
                        name,
                        row: 0,
                        used: None,
                    });
                }
                "table:table-row" => {
                    let n = repeats(&e, "table:number-rows-repeated");
                    row = Some((n, 0, None));
                    if empty {
                        end_row(&mut sheet, &mut row, &mut total, name)?;
                    }
                }
                "table:table-cell" | "table:covered-table-cell" => {
                    let n = repeats(&e, "table:number-columns-repeated");
                    // A cell with a value, a formula or any content is used; a bare one
                    // (LibreOffice's padding) is not.
                    let used = !empty
                        || has(&e, "office:value-type")
                        || has(&e, "table:formula")
                        || has(&e, "calcext:value-type");
                    if !empty {
                        let end = e.to_end().into_owned();
                        xml.read_to_end_into(end.name(), &mut skip)?;
                    }
                    if let Some((_, col, last)) = &mut row {
                        let next = col.saturating_add(n);
                        if used {
                            *last = Some(next - 1);
                        }
                        *col = next;
                    }
                }
                _ => {}
            },
            Event::End(e) => match e.name().as_ref() {
                "table:table-row" => end_row(&mut sheet, &mut row, &mut total, name)?,
                "table:table" => sheet = None,
                _ => {}
            },
            Event::Eof => return Ok(()),
            _ => {}
        }
    }
}

/// A row ends: its repeats move the sheet on; a used row widens the sheet, refused past
/// the bound.
fn end_row(
    sheet: &mut Option<Sheet>,
    row: &mut Option<(u64, u64, Option<u64>)>,
    total: &mut u64,
    name: &str,
) -> Result<(), Stop> {
    let (Some(s), Some((n, _, last))) = (sheet.as_mut(), row.take()) else {
        return Ok(());
    };
    let first = s.row;
    s.row = s.row.saturating_add(n);
    let Some(last) = last else {
        return Ok(());
    };
    let bottom = s.row - 1;
    let before = s
        .used
        .map_or(0, |(t, b, r)| (b - t + 1).saturating_mul(r + 1));
    let (top, right) = match s.used {
        None => (first, last),
        Some((t, _, r)) => (t, r.max(last)),
    };
    s.used = Some((top, bottom, right));
    let cells = (bottom - top + 1).saturating_mul(right + 1);
    *total = total.saturating_add(cells - before);
    if cells > MAX_CELLS || *total > MAX_CELLS {
        let clamp = |v: u64| u32::try_from(v).unwrap_or(u32::MAX);
        return Err(Stop::Refused(workbook::too_large(
            name,
            &s.name,
            (clamp(bottom), clamp(last)),
            (clamp(top), 0),
            (clamp(bottom), clamp(right)),
        )));
    }
    Ok(())
}
