//! The workbook model → `.xlsx` bytes with rust_xlsxwriter. Formulas carry roi's figure as
//! their cached result (viewers that do not recalculate show it); the file is the same,
//! byte for byte, for the same report (a fixed creation date, fixed zip times).

use super::model::{Book, Cached, Content, Sheet, Style, quoted};
use super::splice::{self, Bulk};
use rust_xlsxwriter::{
    Color, DocProperties, ExcelDateTime, Format, FormatAlign, Formula, Image, Workbook, XlsxError,
};

/// The blue of inputs, by the financial-modelling convention.
const INPUT: u32 = 0x00_00_FF;

fn format(style: &Style, currency: &str) -> Format {
    let money = format!("#,##0.00 \"{currency}\";-#,##0.00 \"{currency}\"");
    match style {
        Style::Plain => Format::new().set_align(FormatAlign::Top),
        Style::OneDecimal => Format::new().set_num_format("0.0"),
        Style::General => Format::new(),
        Style::TextRight => Format::new().set_align(FormatAlign::Right),
        Style::Title => Format::new().set_bold().set_font_size(16),
        Style::Heading => Format::new().set_bold().set_font_size(12),
        // Atop the cell, as a wrapped header beside it is (a tall header row).
        Style::Header => Format::new()
            .set_bold()
            .set_background_color(Color::RGB(0xF2F2F2))
            .set_align(FormatAlign::Left)
            .set_align(FormatAlign::Top),
        Style::HeaderRight => Format::new()
            .set_bold()
            .set_background_color(Color::RGB(0xF2F2F2))
            .set_align(FormatAlign::Right)
            .set_align(FormatAlign::Top),
        Style::HeaderWrap => Format::new()
            .set_bold()
            .set_background_color(Color::RGB(0xF2F2F2))
            .set_align(FormatAlign::Right)
            .set_align(FormatAlign::Top)
            .set_text_wrap(),
        Style::Note => Format::new().set_font_color(Color::RGB(0x666666)),
        Style::Wrap => Format::new().set_text_wrap().set_align(FormatAlign::Top),
        Style::NoteWrap => Format::new()
            .set_font_color(Color::RGB(0x666666))
            .set_text_wrap()
            .set_align(FormatAlign::Top),
        Style::Strong => Format::new().set_bold().set_align(FormatAlign::Top),
        Style::Money => Format::new().set_num_format(&money),
        Style::MoneyStrong => Format::new().set_num_format(&money).set_bold(),
        Style::Percent => Format::new().set_num_format("0.0%"),
        Style::FinePercent => Format::new().set_num_format("0.00%"),
        Style::Measure(unit) if unit.is_empty() => Format::new().set_num_format("#,##0.00"),
        Style::Measure(unit) => {
            Format::new().set_num_format(format!("#,##0.00 \"{}\"", unit.replace('"', "")))
        }
        Style::Number => Format::new().set_num_format("#,##0.00"),
        Style::Precise => Format::new().set_num_format("0.000000"),
        Style::Whole => Format::new().set_num_format("0"),
        Style::InputMoney => Format::new()
            .set_num_format(&money)
            .set_font_color(Color::RGB(INPUT)),
        Style::InputPercent => Format::new()
            .set_num_format("0.0%")
            .set_font_color(Color::RGB(INPUT)),
        Style::InputNumber => Format::new()
            .set_num_format("#,##0.00")
            .set_font_color(Color::RGB(INPUT)),
        Style::InputWhole => Format::new()
            .set_num_format("#,##0")
            .set_font_color(Color::RGB(INPUT)),
    }
}

/// Excel holds at most 32,767 characters in a cell; longer text is cut with an ellipsis.
fn fit(t: &str) -> std::borrow::Cow<'_, str> {
    const MAX: usize = 32_000;
    if t.len() <= MAX {
        return std::borrow::Cow::Borrowed(t);
    }
    let mut s: String = t.chars().take(MAX - 1).collect();
    s.push('…');
    std::borrow::Cow::Owned(s)
}

/// Writes the workbook into bytes.
pub fn to_bytes(book: &Book) -> Result<Vec<u8>, XlsxError> {
    start(book)?.finish(&[])
}

/// The fastest deflate (the default is 6): the 1,000-segment workbook is compressed in three
/// fifths of level 2's instructions, 260 KB instead of 205 KB; the samples' grows by 1% (its
/// charts are stored as they are).
const LEVEL: i64 = 1;

/// A workbook whose sheets are written, its last ones still to come, not yet saved.
pub struct Pending<'b> {
    wb: Workbook,
    book: &'b Book,
    /// The long tables' cells still to be added to their sheets ([`splice`]).
    bulks: Vec<Bulk<'b>>,
}

/// Writes every sheet of `book` and its names.
pub fn start(book: &Book) -> Result<Pending<'_>, XlsxError> {
    start_with(book, true)
}

/// Writes every sheet of `book` and its names; a long table's figures and formulas are left
/// for [`splice`] when `bulk`.
fn start_with(book: &Book, bulk: bool) -> Result<Pending<'_>, XlsxError> {
    let mut wb = Workbook::new();
    wb.set_zip_compression_level(LEVEL as u8);
    // A fixed creation time: the same report gives the same file.
    let created = ExcelDateTime::from_ymd(2000, 1, 1)?;
    wb.set_properties(
        &DocProperties::new()
            .set_creation_datetime(&created)
            .set_author("roi"),
    );
    let mut bulks = Vec::new();
    for (i, sheet) in book.sheets.iter().enumerate() {
        let plan = bulk.then(|| splice::plan(sheet, i + 1)).flatten();
        let left = plan.as_ref().map_or(&[][..], |b| b.cells.as_slice());
        write_sheet(&mut wb, sheet, &book.currency, left)?;
        bulks.extend(plan);
    }
    // Defined in the order the workbook stores them (lower case, then target): the writer's
    // sort, which builds its keys at every comparison, then meets one run, not ten thousand
    // names of a --by case in the order the sheets made them.
    let mut names: Vec<(String, String, &str)> = book
        .names
        .iter()
        .map(|n| {
            let sheet = &book.sheets[n.sheet].name;
            let target = format!(
                "={}!{}",
                quoted(sheet),
                super::model::a1(n.row, n.col, true)
            );
            (
                n.name.replace('\'', "").to_lowercase(),
                target,
                n.name.as_str(),
            )
        })
        .collect();
    names.sort();
    for (_, target, name) in &names {
        wb.define_name(*name, target)?;
    }
    Ok(Pending { wb, book, bulks })
}

impl Pending<'_> {
    /// Writes `more` sheets after the others, then the whole workbook into bytes.
    pub fn finish(mut self, more: &[Sheet]) -> Result<Vec<u8>, XlsxError> {
        for sheet in more {
            write_sheet(&mut self.wb, sheet, &self.book.currency, &[])?;
        }
        let bytes = self.wb.save_to_buffer()?;
        if self.bulks.is_empty() {
            return Ok(bytes);
        }
        match splice::splice(&bytes, &self.bulks, LEVEL) {
            Ok(bytes) => Ok(bytes),
            // Not expected (the writer's XML is not what it was): every cell is handed to the
            // writer instead, which gives the same workbook.
            Err(splice::Missed) => start_with(self.book, false)?.finish(more),
        }
    }
}

/// Writes one sheet: its layout, its cells (but those at the indices `left`, which
/// [`splice`] adds), their styles.
fn write_sheet(
    wb: &mut Workbook,
    sheet: &Sheet,
    currency: &str,
    left: &[usize],
) -> Result<(), XlsxError> {
    let mut skip = vec![false; sheet.cells.len()];
    for &i in left {
        skip[i] = true;
    }
    let ws = wb.add_worksheet();
    ws.set_name(&sheet.name)?;
    // A4 landscape, one page wide: a CFO prints the case.
    ws.set_paper_size(9)
        .set_landscape()
        .set_print_fit_to_pages(1, 0);
    for (i, w) in sheet.widths.iter().enumerate() {
        ws.set_column_width(i as u16, *w)?;
    }
    for (row, height) in &sheet.heights {
        ws.set_row_height(*row, *height)?;
    }
    if !sheet.page_breaks.is_empty() {
        ws.set_page_breaks(&sheet.page_breaks)?;
    }
    if let Some((row, col)) = sheet.frozen {
        ws.set_freeze_panes(row, col)?;
        if row > 0 {
            ws.set_repeat_rows(row - 1, row - 1)?;
        }
    }
    let merges: std::collections::BTreeMap<(u32, u16), u16> = sheet
        .merges
        .iter()
        .map(|&(r, first, last)| ((r, first), last))
        .collect();
    // The cells are written without a format, then each style is given at once to each
    // run of cells down a column that share it: the writer hashes a format every time
    // it is handed one, and a sheet of a thousand segments has sixteen thousand cells in
    // a handful of styles. The runs are given in the order of their first cell, so the
    // styles are numbered as when each cell brought its own (the same file). Each
    // column's cells (row, index), in the order written:
    let mut columns: Vec<Vec<(u32, usize)>> = Vec::new();
    for (i, c) in sheet.cells.iter().enumerate() {
        if skip[i] {
            continue;
        }
        match &c.content {
            // A merged range is written with its format in the second pass.
            Content::Text(_) if merges.contains_key(&(c.row, c.col)) => {}
            Content::Text(t) => {
                ws.write_string(c.row, c.col, fit(t))?;
            }
            Content::Number(v) => {
                ws.write_number(c.row, c.col, *v)?;
            }
            Content::Formula(expr, cached) => {
                let result = match cached {
                    Cached::Number(v) => v.to_string(),
                    Cached::Text(t) => t.clone(),
                };
                let formula = Formula::new(format!("={expr}")).set_result(result);
                ws.write_formula(c.row, c.col, formula)?;
            }
            Content::Image(bytes) => {
                let image = Image::new_from_buffer(bytes)?
                    .set_scale_width(0.5)
                    .set_scale_height(0.5);
                ws.insert_image(c.row, c.col, &image)?;
                continue;
            }
        }
        let col = usize::from(c.col);
        if columns.len() <= col {
            columns.resize_with(col + 1, Vec::new);
        }
        columns[col].push((c.row, i));
    }
    // The runs (first cell's index, column, first row, last row, the style's cell), by
    // column, then row, then the order written: a column's rows mostly come in order,
    // which a stable sort by row takes in one pass.
    let mut runs: Vec<(usize, u16, u32, u32, usize)> = Vec::new();
    for (col, mut cells) in columns.into_iter().enumerate() {
        let col = col as u16;
        cells.sort_by_key(|&(row, _)| row);
        for (row, i) in cells {
            let alone = merges.contains_key(&(row, col));
            match runs.last_mut() {
                Some((first, c, _, last, at))
                    if !alone
                        && *c == col
                        && *last + 1 == row
                        && sheet.cells[*at].style == sheet.cells[i].style
                        && !merges.contains_key(&(*last, col)) =>
                {
                    *last = row;
                    *first = (*first).min(i);
                }
                _ => runs.push((i, col, row, row, i)),
            }
        }
    }
    runs.sort_unstable();
    for (_, col, first_row, last_row, at) in runs {
        let c = &sheet.cells[at];
        let f = format(&c.style, currency);
        match (&c.content, merges.get(&(c.row, c.col))) {
            (Content::Text(t), Some(&last)) => {
                ws.merge_range(c.row, c.col, c.row, last, &fit(t), &f)?;
            }
            _ => {
                ws.set_range_format(first_row, col, last_row, col, &f)?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::xlsx::model::{Sheet, a1};
    use std::collections::BTreeMap;
    use std::io::Read;

    /// The style index (`s`) of every cell of the first sheet, by reference; "0" where none.
    fn styles_of(bytes: &[u8]) -> BTreeMap<String, String> {
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut xml = String::new();
        zip.by_name("xl/worksheets/sheet1.xml")
            .unwrap()
            .read_to_string(&mut xml)
            .unwrap();
        xml.split("<c r=\"")
            .skip(1)
            .map(|c| {
                let head = &c[..c.find('>').unwrap()];
                let r = head[..head.find('"').unwrap()].to_string();
                let s = head
                    .split(" s=\"")
                    .nth(1)
                    .map_or("0".to_string(), |s| s[..s.find('"').unwrap()].to_string());
                (r, s)
            })
            .collect()
    }

    /// Each part of a workbook, unpacked, by name.
    fn parts(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        (0..zip.len())
            .map(|i| {
                let mut f = zip.by_index(i).unwrap();
                let mut data = Vec::new();
                f.read_to_end(&mut data).unwrap();
                (f.name().unwrap().to_string(), data)
            })
            .collect()
    }

    #[test]
    fn a_long_table_added_to_its_sheet_gives_the_writer_s_own_file() {
        // A table as Levers by segment lays it out: a title, prose merged across, a header,
        // then a row per segment (its name, figures, formulas). Segments without a figure,
        // figures of every size, formulas with characters XML escapes, a column past Z, and
        // rows in many blocks of sixteen.
        let mut s = Sheet::new("Long", &[20.0; 30]);
        s.text(0, 0, "Title", Style::Title);
        s.prose(
            1,
            0,
            5,
            "What the table holds, across six columns.",
            Style::NoteWrap,
        );
        s.text(3, 0, "segment", Style::Header);
        s.text(3, 1, "figure", Style::HeaderWrap);
        s.bulk = true;
        let mut x: u64 = 7;
        for k in 0..300u32 {
            let r = 4 + k;
            s.text(r, 0, format!("segment & <{k}>"), Style::Plain);
            for c in 1..5u16 {
                if (k + u32::from(c)) % 7 != 0 {
                    x = x
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    let v = match c {
                        1 => f64::from(k) / 3.0,
                        2 => -((x >> 11) as f64) / 1e6,
                        3 => f64::from_bits(0x3FF0_0000_0000_0000 | (x >> 12)),
                        _ => [0.0, -0.0, 1e16, 1e-7][k as usize % 4],
                    };
                    s.number(r, c, v, Style::Precise);
                }
            }
            let n = r + 1;
            s.formula(
                r,
                5,
                format!("ROUND((B{n}-C{n})*D{n}*hourly_cost,2)"),
                Cached::Number(f64::from(k) * 1.25),
                Style::Money,
            );
            s.formula(
                r,
                27,
                format!("IF(B{n}<C{n},MAX(B{n},0),MIN(C{n},1))&1"),
                Cached::Number(-0.5),
                Style::Money,
            );
            s.formula(
                r,
                28,
                format!("B{n}>C{n}"),
                Cached::Number(1.0),
                Style::Number,
            );
        }
        let book = Book {
            sheets: vec![Sheet::new("Other", &[10.0]), s],
            names: Vec::new(),
            currency: "EUR".into(),
        };
        let pending = start(&book).unwrap();
        assert_eq!(
            pending.bulks.len(),
            1,
            "the table is added, not written cell by cell"
        );
        // Of the 300 rows, the first is the writer's (each style's first cell is there).
        assert!(pending.bulks[0].cells.len() > 299 * 4);
        let spliced = pending.finish(&[]).unwrap();
        let whole = start_with(&book, false).unwrap().finish(&[]).unwrap();
        // A formula the writer would change (a string in it) right of the figures: every
        // cell is the writer's.
        let mut other = book.clone();
        other.sheets[1].formula(300, 29, "A1&\"x\"", Cached::Number(0.0), Style::Money);
        assert!(start(&other).unwrap().bulks.is_empty());
        let (a, b) = (parts(&spliced), parts(&whole));
        assert_eq!(a.len(), b.len());
        for ((na, da), (nb, db)) in a.iter().zip(&b) {
            assert_eq!(na, nb);
            assert!(
                da == db,
                "{na} differs:\n{}\n---\n{}",
                String::from_utf8_lossy(da),
                String::from_utf8_lossy(db)
            );
        }
    }

    #[test]
    fn each_cell_keeps_its_style_when_styles_are_given_by_runs() {
        // Runs down a column broken by another style, by a gap and by a merged cell; a
        // formula, text and numbers; a cell written twice (the second wins).
        let mut s = Sheet::new("s", &[12.0; 5]);
        for row in 0..4 {
            s.number(row, 0, f64::from(row), Style::Money);
        }
        s.number(4, 0, 4.0, Style::Percent);
        s.number(5, 0, 5.0, Style::Money);
        s.number(7, 0, 7.0, Style::Money);
        s.text(0, 1, "a", Style::Plain);
        s.prose(1, 1, 3, "merged across", Style::NoteWrap);
        s.text(2, 1, "b", Style::Plain);
        s.text(3, 1, "c", Style::Header);
        s.formula(0, 2, "A1*2", Cached::Number(0.0), Style::Money);
        s.formula(2, 2, "A3*2", Cached::Number(4.0), Style::Money);
        s.number(1, 4, 1.0, Style::Precise);
        s.number(1, 4, 2.0, Style::Whole);
        s.number(3, 4, 3.0, Style::Whole);
        s.number(4, 4, 4.0, Style::Precise);
        let cells = s.cells.clone();
        let book = Book {
            sheets: vec![s],
            names: Vec::new(),
            currency: "EUR".into(),
        };
        let got = styles_of(&to_bytes(&book).unwrap());
        // The last style written to each cell; the merged range's other cells its first's.
        let mut want: BTreeMap<String, &Style> = BTreeMap::new();
        for c in &cells {
            want.insert(a1(c.row, c.col, false), &c.style);
        }
        want.insert("C2".into(), &Style::NoteWrap);
        want.insert("D2".into(), &Style::NoteWrap);
        assert_eq!(got.len(), want.len(), "{got:?}");
        for (a, sa) in &want {
            assert_ne!(got[a], "0", "{a} has no style");
            for (b, sb) in &want {
                assert_eq!(
                    sa == sb,
                    got[a] == got[b],
                    "{a} {sa:?} and {b} {sb:?}: {got:?}"
                );
            }
        }
    }
}
