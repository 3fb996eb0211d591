//! Excel and OpenDocument workbooks as input (`.xlsx`, `.xlsm`, `.xls`, `.ods`): the first
//! sheet, or the one `--sheet` names, read with `calamine`. Typed cells are used as they are:
//! numbers as numbers (written back exactly), dates and times as timestamps, durations (a
//! fraction of a day in a duration format) as durations; then every rule of a CSV export
//! applies, row by row. Problems name the sheet and the cell (`today.xlsx:Sheet1!C41`).

use super::observations::Scan;
use super::rows::Reader;
use crate::error::{Problem, RoiError};
use crate::message::msg;
use crate::registry::Registry;
use calamine::{Data, Reader as _, open_workbook_auto};
use std::borrow::Cow;
use std::path::Path;

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
    let mut book = open_workbook_auto(path)
        .map_err(|e| RoiError::one(unreadable_workbook(name, &e.to_string())))?;
    let names = book.sheet_names();
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
        None => names.first().cloned().ok_or_else(|| {
            RoiError::one(Problem::in_file(name).says(msg!(no_sheets), msg!(sheet_with_rows)))
        })?,
    };
    let range = book
        .worksheet_range(&chosen)
        .map_err(|e| RoiError::one(unreadable_workbook(name, &e.to_string())))?;
    let mut reader = Reader::new(name, registry);
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
