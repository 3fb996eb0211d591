//! Excel and OpenDocument workbooks as input (`.xlsx`, `.xlsm`, `.xls`, `.ods`): the first
//! sheet, or the one `--sheet` names; an .xlsx streamed row by row (`xlsx`), the others
//! read with `calamine`. Typed cells are used as they are: numbers as numbers (written back
//! exactly), dates and times as timestamps, durations (a fraction of a day in a duration
//! format) as durations; then every rule of a CSV export applies, row by row. Problems name
//! the sheet and the cell (`today.xlsx:Sheet1!C41`). A hidden first sheet is passed over
//! for the first visible one, with a warning.
//!
//! Read within bounds: a zipped workbook (.xlsx, .ods) whose parts unpack, by its central
//! directory, to more than [`MAX_UNPACKED`] or to more than [`MAX_RATIO`] times its size is
//! refused (a zip bomb), and no part is inflated past its declared size (`unzip`); a sheet
//! whose used cells span more than [`MAX_CELLS`] (one cell at XFD1048576, or an .ods row
//! repeated across millions of cells) is refused at the cell that overflows it, an .xlsx
//! while it is streamed, an .ods before calamine expands it (`ods`).

use super::observations::Scan;
use super::rows::Reader;
use crate::error::{Problem, RoiError};
use crate::message::msg;
use crate::registry::Registry;
use crate::warning::Warning;
use calamine::{Data, ExcelDateTime, Reader as _, SheetVisible, open_workbook_auto};
use std::borrow::Cow;
use std::path::Path;

/// The most cells a sheet may span, from its first used cell to its last: an .xls sheet's
/// whole grid (65,536 rows by 256 columns), about 512 MiB as calamine holds it.
pub const MAX_CELLS: u64 = 1 << 24;
/// The most a zipped workbook's parts may unpack to, in all.
pub const MAX_UNPACKED: u64 = 1 << 30;
/// The most a zipped workbook may unpack to per byte of its own size, once it unpacks to
/// more than [`RATIO_FROM`]: XML sheets compress about 10 to 30 times, a bomb thousands.
pub const MAX_RATIO: u64 = 100;
const RATIO_FROM: u64 = 64 << 20;

/// Whether a path names a workbook roi reads as one.
pub fn is_workbook(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        matches!(
            e.to_ascii_lowercase().as_str(),
            "xlsx" | "xlsm" | "xls" | "ods"
        )
    })
}

/// A cell as the text a CSV export would hold.
fn text(cell: &Data) -> Cow<'_, str> {
    match cell {
        Data::Empty => Cow::Borrowed(""),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => Cow::Borrowed(s),
        // Shortest text that reads back as the same number.
        Data::Float(f) => Cow::Owned(format!("{f}")),
        Data::Int(i) => Cow::Owned(i.to_string()),
        Data::Bool(b) => Cow::Borrowed(if *b { "TRUE" } else { "FALSE" }),
        Data::DateTime(dt) => {
            let mut out = String::new();
            push_datetime(*dt, &mut out);
            Cow::Owned(out)
        }
        // #N/A reads as not observed; other errors are no number, located.
        Data::Error(e) => Cow::Owned(format!("{e}")),
    }
}

/// A date, a time or a duration cell as text: a duration in hours (`PT4.5H`), a date and
/// time as `2026-09-01 08:30:00`.
pub(super) fn push_datetime(dt: ExcelDateTime, out: &mut String) {
    use std::fmt::Write as _;
    if dt.is_duration() {
        let _ = write!(out, "PT{}H", dt.as_f64() * 24.0);
    } else if !(1.0..2_958_466.0).contains(&dt.as_f64()) {
        // A serial outside Excel's calendar (1900-01-01 to 9999-12-31) is no date: shown as
        // it is, it fails as a date and as a number, located, instead of becoming the
        // calendar's first or last day and stretching the window by centuries.
        let _ = write!(out, "date serial {}", dt.as_f64());
    } else {
        let (y, mo, d, h, mi, s, _) = dt.to_ymd_hms_milli();
        let _ = write!(out, "{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}");
    }
}

/// Reads one sheet of a workbook into a scan: an .xlsx streamed row by row, other kinds
/// through calamine (an .ods once its sheets are known to fit).
pub fn read(
    path: &Path,
    name: &str,
    sheet: Option<&str>,
    registry: &Registry,
) -> Result<Scan, RoiError> {
    check_unpacked(path, name)?;
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match ext.as_deref() {
        Some("xlsx" | "xlsm") => return super::xlsx::read(path, name, sheet, registry),
        Some("ods") => super::ods::check(path, name)?,
        _ => {}
    }
    let mut book = open_workbook_auto(path)
        .map_err(|e| RoiError::one(unreadable_workbook(name, &e.to_string())))?;
    let names = book.sheet_names();
    let visible = book
        .sheets_metadata()
        .iter()
        .find(|s| s.visible == SheetVisible::Visible)
        .map(|s| s.name.clone());
    let Chosen {
        sheet: chosen,
        passed_over,
    } = choose(name, &names, visible, sheet)?;
    let range = book
        .worksheet_range(&chosen)
        .map_err(|e| RoiError::one(unreadable_workbook(name, &e.to_string())))?;
    let mut reader = start(name, registry, &chosen, passed_over);
    let (first_row, first_col) = range.start().unwrap_or((0, 0));
    let mut rows = range.rows().enumerate();
    // The header: the first row with anything in it.
    let (header_line, header): (u64, Vec<String>) = loop {
        let Some((i, row)) = rows.next() else {
            empty_sheet(&mut reader, &chosen);
            return Ok(reader.finish());
        };
        let cells: Vec<String> = row.iter().map(|c| text(c).into_owned()).collect();
        if cells.iter().any(|c| !c.trim().is_empty()) {
            break (u64::from(first_row) + i as u64 + 1, cells);
        }
    };
    let pad = first_col as usize;
    let padded = |cells: Vec<Cow<'_, str>>| -> Vec<String> {
        std::iter::repeat_n(String::new(), pad)
            .chain(cells.into_iter().map(Cow::into_owned))
            .collect()
    };
    if !reader.header(
        &padded(header.into_iter().map(Cow::Owned).collect()),
        header_line,
    ) {
        return Ok(reader.finish());
    }
    let mut any = false;
    for (i, row) in rows {
        let line = u64::from(first_row) + i as u64 + 1;
        let cells = padded(row.iter().map(text).collect());
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        any = true;
        reader.row(&cells, line);
    }
    if !any {
        no_rows(&mut reader, header_line);
    }
    Ok(reader.finish())
}

/// The sheet to read, and the hidden first sheet passed over for it.
pub(super) struct Chosen {
    pub sheet: String,
    pub passed_over: Option<String>,
}

/// The sheet `--sheet` names, else the first sheet a person sees in Excel: a hidden first
/// sheet (a lookup table, a template) is passed over for the first visible one.
pub(super) fn choose(
    name: &str,
    names: &[String],
    visible: Option<String>,
    sheet: Option<&str>,
) -> Result<Chosen, RoiError> {
    if let Some(s) = sheet {
        return match names.iter().find(|n| n.as_str() == s) {
            Some(n) => Ok(Chosen {
                sheet: n.clone(),
                passed_over: None,
            }),
            None => Err(RoiError::one(Problem::in_file(name).says(
                msg!(no_sheet, sheet = s),
                msg!(one_of_sheets, sheets = names.join(", ")),
            ))),
        };
    }
    let first = names.first().cloned().ok_or_else(|| {
        RoiError::one(Problem::in_file(name).says(msg!(no_sheets), msg!(sheet_with_rows)))
    })?;
    Ok(match visible {
        Some(v) if v != first => Chosen {
            sheet: v,
            passed_over: Some(first),
        },
        _ => Chosen {
            sheet: first,
            passed_over: None,
        },
    })
}

/// A reader for the rows of `sheet`, with the warning for a hidden first sheet passed over.
pub(super) fn start<'a>(
    name: &str,
    registry: &'a Registry,
    sheet: &str,
    passed_over: Option<String>,
) -> Reader<'a> {
    let mut reader = Reader::new(name, registry);
    if let Some(hidden) = passed_over {
        reader.warnings.push(Warning::HiddenSheet {
            file: name.to_string(),
            hidden,
            sheet: sheet.to_string(),
        });
    }
    reader.set_sheet(sheet);
    reader.file.delimiter = "—".into();
    reader.file.encoding = format!("workbook, sheet {sheet}");
    reader
}

/// A sheet with no cell in it.
pub(super) fn empty_sheet(reader: &mut Reader<'_>, sheet: &str) {
    let p = Problem::at(reader.name(), 1, None)
        .says(msg!(sheet_empty, sheet = sheet), msg!(header_and_rows));
    reader.problem(p);
}

/// A header and nothing under it.
pub(super) fn no_rows(reader: &mut Reader<'_>, header_line: u64) {
    let p = Problem::at(reader.name(), header_line + 1, None)
        .says(msg!(sheet_no_rows), msg!(one_row_under_header));
    reader.problem(p);
}

/// A sheet refused at `at`, the cell that makes its used cells span more than
/// [`MAX_CELLS`] (0-based positions).
pub(super) fn too_large(
    name: &str,
    sheet: &str,
    at: (u32, u32),
    from: (u32, u32),
    to: (u32, u32),
) -> RoiError {
    let mut p = Problem::at(name, u64::from(at.0) + 1, Some(u64::from(at.1) + 1)).says(
        msg!(
            sheet_too_large,
            sheet = sheet,
            from = cell_name(from.0, from.1),
            to = cell_name(to.0, to.1)
        ),
        msg!(sheet_at_most, cells = MAX_CELLS),
    );
    p.sheet = Some(sheet.to_string());
    RoiError::one(p)
}

/// A part of a zipped workbook that inflates past the size its central directory declares.
pub(super) fn overflowed(name: &str, o: &super::unzip::Overflow) -> Problem {
    Problem::in_file(name).says(
        msg!(
            workbook_part_overflows,
            part = crate::escape::visible(&o.part),
            declared = bytes(o.declared)
        ),
        msg!(workbook_parts_as_declared),
    )
}

/// Refuses a zipped workbook whose parts unpack, as its central directory declares, to more
/// than [`MAX_UNPACKED`], or to more than [`MAX_RATIO`] times the file's size: a zip bomb
/// (a 2 MB .xlsx whose shared strings unpack to 850 MB took 2.7 GB). Anything that is not
/// a readable zip is left to calamine, which names what is wrong with it.
fn check_unpacked(path: &Path, name: &str) -> Result<(), RoiError> {
    let Ok(file) = std::fs::File::open(path) else {
        return Ok(());
    };
    let packed = file.metadata().map_or(0, |m| m.len());
    let Ok(mut zip) = zip::ZipArchive::new(std::io::BufReader::new(file)) else {
        return Ok(());
    };
    let mut total: u64 = 0;
    let mut largest = (String::new(), 0u64);
    for i in 0..zip.len() {
        let Ok(entry) = zip.by_index_raw(i) else {
            continue;
        };
        total = total.saturating_add(entry.size());
        if entry.size() > largest.1 {
            largest = (
                entry.name().map(|n| n.into_owned()).unwrap_or_default(),
                entry.size(),
            );
        }
    }
    let bomb = total > MAX_UNPACKED || (total > RATIO_FROM && total / packed.max(1) > MAX_RATIO);
    if !bomb {
        return Ok(());
    }
    Err(RoiError::one(Problem::in_file(name).says(
        msg!(
            workbook_unpacks,
            unpacked = bytes(total),
            packed = bytes(packed),
            part = crate::escape::visible(&largest.0),
            largest = bytes(largest.1)
        ),
        msg!(
            workbook_unpacks_at_most,
            most = bytes(MAX_UNPACKED),
            ratio = MAX_RATIO
        ),
    )))
}

/// A cell's name from calamine's 0-based position: (0, 0) → A1.
pub(super) fn cell_name(row: u32, col: u32) -> String {
    format!(
        "{}{}",
        crate::error::column_letters(u64::from(col) + 1),
        u64::from(row) + 1
    )
}

/// A size as people read it, in binary units rounded up (`850 MiB`, `2 KiB`, `310 B`):
/// above the bound it never reads as the bound itself.
fn bytes(n: u64) -> String {
    match n {
        n if n >= 1 << 20 => format!("{} MiB", n.div_ceil(1 << 20)),
        n if n >= 1 << 10 => format!("{} KiB", n.div_ceil(1 << 10)),
        n => format!("{n} B"),
    }
}

/// A workbook that cannot be read.
pub(super) fn unreadable_workbook(name: &str, why: &str) -> Problem {
    Problem::in_file(name).says(msg!(workbook_unreadable, reason = why), msg!(a_workbook))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_as_an_export_writes_them() {
        use calamine::{ExcelDateTime, ExcelDateTimeType};
        assert_eq!(text(&Data::Float(4.5)), "4.5");
        assert_eq!(text(&Data::Float(0.1 + 0.2)), "0.30000000000000004");
        assert_eq!(text(&Data::Int(12)), "12");
        // 2026-09-01 08:30 is serial 46266.354166…; a duration of 0.1875 days is 4.5 h.
        let at = ExcelDateTime::new(46_266.0 + 8.5 / 24.0, ExcelDateTimeType::DateTime, false);
        assert_eq!(text(&Data::DateTime(at)), "2026-09-01 08:30:00");
        let span = ExcelDateTime::new(0.1875, ExcelDateTimeType::TimeDelta, false);
        assert_eq!(text(&Data::DateTime(span)), "PT4.5H");
        // Serials beyond Excel's calendar are no dates (not 1899-12-31 or 9999-12-31).
        for serial in [-5.0, 2_958_466.0] {
            let off = ExcelDateTime::new(serial, ExcelDateTimeType::DateTime, false);
            let cell = Data::DateTime(off);
            let shown = text(&cell);
            assert!(shown.starts_with("date serial"), "{shown}");
            assert!(crate::value::parse_date(&shown).is_none());
        }
        assert!(is_workbook(Path::new("a/Today.XLSX")));
        assert!(!is_workbook(Path::new("today.csv")));
    }
}
