//! Excel and OpenDocument workbooks as input (`.xlsx`, `.xlsm`, `.xls`, `.ods`): the first
//! sheet, or the one `--sheet` names, read with `calamine`. Typed cells are used as they are:
//! numbers as numbers (written back exactly), dates and times as timestamps, durations (a
//! fraction of a day in a duration format) as durations; then every rule of a CSV export
//! applies, row by row. Problems name the sheet and the cell (`today.xlsx:Sheet1!C41`).
//! A hidden first sheet is passed over for the first visible one, with a warning.
//!
//! Read within bounds, checked before calamine allocates: a zipped workbook (.xlsx, .ods)
//! whose parts unpack, by its central directory, to more than [`MAX_UNPACKED`] or to more
//! than [`MAX_RATIO`] times its size is refused (a zip bomb); an .xlsx sheet whose used
//! cells span more than [`MAX_CELLS`] (one cell at XFD1048576 would make the dense range
//! 549 GB) is refused at the cell that overflows it, while its cells are streamed.

use super::observations::Scan;
use super::rows::Reader;
use crate::error::{Problem, RoiError};
use crate::message::msg;
use crate::registry::Registry;
use crate::warning::Warning;
use calamine::{Cell, Data, Range, Reader as _, SheetVisible, Sheets, open_workbook_auto};
use std::borrow::Cow;
use std::io::{Read, Seek};
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
        Data::DateTime(dt) if dt.is_duration() => Cow::Owned(format!("PT{}H", dt.as_f64() * 24.0)),
        // A serial outside Excel's calendar (1900-01-01 to 9999-12-31) is no date: shown as
        // it is, it fails as a date and as a number, located, instead of becoming the
        // calendar's first or last day and stretching the window by centuries.
        Data::DateTime(dt) if !(1.0..2_958_466.0).contains(&dt.as_f64()) => {
            Cow::Owned(format!("date serial {}", dt.as_f64()))
        }
        Data::DateTime(dt) => {
            let (y, mo, d, h, mi, s, _) = dt.to_ymd_hms_milli();
            Cow::Owned(format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}"))
        }
        // #N/A reads as not observed; other errors are no number, located.
        Data::Error(e) => Cow::Owned(format!("{e}")),
    }
}

/// Reads one sheet of a workbook into a scan.
pub fn read(
    path: &Path,
    name: &str,
    sheet: Option<&str>,
    registry: &Registry,
) -> Result<Scan, RoiError> {
    check_unpacked(path, name)?;
    let mut book = open_workbook_auto(path)
        .map_err(|e| RoiError::one(unreadable_workbook(name, &e.to_string())))?;
    let names = book.sheet_names();
    // The first sheet a person sees in Excel: a hidden first sheet (a lookup table, a
    // template) is passed over, with a warning naming both.
    let visible = book
        .sheets_metadata()
        .iter()
        .find(|s| s.visible == SheetVisible::Visible)
        .map(|s| s.name.clone());
    let mut passed_over = None;
    let chosen = match sheet {
        Some(s) => names
            .iter()
            .find(|n| n.as_str() == s)
            .cloned()
            .ok_or_else(|| {
                RoiError::one(Problem::in_file(name).says(
                    msg!(no_sheet, sheet = s),
                    msg!(one_of_sheets, sheets = names.join(", ")),
                ))
            })?,
        None => {
            let first = names.first().cloned().ok_or_else(|| {
                RoiError::one(Problem::in_file(name).says(msg!(no_sheets), msg!(sheet_with_rows)))
            })?;
            match visible {
                Some(v) if v != first => {
                    passed_over = Some(first);
                    v
                }
                _ => first,
            }
        }
    };
    let range = match &mut book {
        Sheets::Xlsx(x) => xlsx_range(x, &chosen, name)?,
        other => other
            .worksheet_range(&chosen)
            .map_err(|e| RoiError::one(unreadable_workbook(name, &e.to_string())))?,
    };
    let mut reader = Reader::new(name, registry);
    if let Some(hidden) = passed_over {
        reader.warnings.push(Warning::HiddenSheet {
            file: name.to_string(),
            hidden,
            sheet: chosen.clone(),
        });
    }
    reader.set_sheet(&chosen);
    reader.file.delimiter = "—".into();
    reader.file.encoding = format!("workbook, sheet {chosen}");
    let (first_row, first_col) = range.start().unwrap_or((0, 0));
    let mut rows = range.rows().enumerate();
    // The header: the first row with anything in it.
    let (header_line, header): (u64, Vec<String>) = loop {
        let Some((i, row)) = rows.next() else {
            reader.problem(
                Problem::at(name, 1, None)
                    .says(msg!(sheet_empty, sheet = &chosen), msg!(header_and_rows)),
            );
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
        reader.problem(
            Problem::at(name, header_line + 1, None)
                .says(msg!(sheet_no_rows), msg!(one_row_under_header)),
        );
    }
    Ok(reader.finish())
}

/// A sheet of an .xlsx as calamine's dense range, its used cells streamed first: refused
/// at the cell that makes them span more than [`MAX_CELLS`] (or number more), before the
/// range is allocated.
fn xlsx_range<RS: Read + Seek>(
    book: &mut calamine::Xlsx<RS>,
    sheet: &str,
    name: &str,
) -> Result<Range<Data>, RoiError> {
    let unreadable =
        |e: calamine::XlsxError| RoiError::one(unreadable_workbook(name, &e.to_string()));
    let mut cells_reader = match book.worksheet_cells_reader(sheet) {
        Ok(r) => r,
        // A chart sheet or a macro sheet: no cells, as calamine's own range gives it.
        Err(calamine::XlsxError::NotAWorksheet(_)) => return Ok(Range::default()),
        Err(e) => return Err(unreadable(e)),
    };
    let mut cells: Vec<Cell<Data>> = Vec::new();
    let (mut top, mut left, mut bottom, mut right) = (u32::MAX, u32::MAX, 0u32, 0u32);
    while let Some(cell) = cells_reader.next_cell().map_err(unreadable)? {
        if matches!(cell.get_value(), calamine::DataRef::Empty) {
            continue;
        }
        let (row, col) = cell.get_position();
        (top, left) = (top.min(row), left.min(col));
        (bottom, right) = (bottom.max(row), right.max(col));
        let rows = u64::from(bottom - top) + 1;
        let cols = u64::from(right - left) + 1;
        if rows.saturating_mul(cols) > MAX_CELLS || cells.len() as u64 >= MAX_CELLS {
            let mut p = Problem::at(name, u64::from(row) + 1, Some(u64::from(col) + 1)).says(
                msg!(
                    sheet_too_large,
                    sheet = sheet,
                    from = cell_name(top, left),
                    to = cell_name(bottom, right)
                ),
                msg!(sheet_at_most, cells = MAX_CELLS),
            );
            p.sheet = Some(sheet.to_string());
            return Err(RoiError::one(p));
        }
        cells.push(Cell::new((row, col), cell.get_value().clone().into()));
    }
    Ok(Range::from_sparse(cells))
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
fn cell_name(row: u32, col: u32) -> String {
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

/// A workbook calamine cannot open.
fn unreadable_workbook(name: &str, why: &str) -> Problem {
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
