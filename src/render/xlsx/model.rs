//! The workbook as data: sheets of cells (text, numbers, formulas with roi's own figure as
//! the cached result), styles and defined names. Built from the Report and the document,
//! written by `write`, and dumped as text for snapshot tests.

use std::fmt::Write as _;

/// How a cell looks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Style {
    Plain,
    Title,
    Heading,
    /// A column header.
    Header,
    /// The header of a column of figures.
    HeaderRight,
    /// The header of a column of figures, wrapped within its width.
    HeaderWrap,
    /// Small print: notes, explanations.
    Note,
    /// Prose wrapped within its (merged) cells.
    Wrap,
    /// Small print wrapped within its (merged) cells.
    NoteWrap,
    /// Bold text (a total's label).
    Strong,
    /// Money with the currency, two decimals.
    Money,
    /// Money in bold (a total).
    MoneyStrong,
    /// A fraction as a percentage.
    Percent,
    /// A fraction as a percentage with two decimals.
    FinePercent,
    /// A number with two decimals and a unit after it (`6.05 h`).
    Measure(String),
    /// A number with two decimals.
    Number,
    /// A measured figure with six decimals.
    Precise,
    /// A whole number.
    Whole,
    /// A number with one decimal (months of payback).
    OneDecimal,
    /// A number as it is, without a fixed number of decimals.
    General,
    /// Text aligned right, in a column of figures.
    TextRight,
    /// An assumption a reader may change: money.
    InputMoney,
    /// An assumption a reader may change: a fraction.
    InputPercent,
    /// An assumption a reader may change: a number.
    InputNumber,
    /// An input cell holding a whole number.
    InputWhole,
}

/// What a formula evaluates to, as roi computed it.
#[derive(Debug, Clone, PartialEq)]
pub enum Cached {
    Number(f64),
    Text(String),
}

#[derive(Debug, Clone, PartialEq)]
pub enum Content {
    Text(String),
    Number(f64),
    /// A formula without the leading `=`, and roi's own value of it.
    Formula(String, Cached),
    /// A PNG picture anchored at the cell.
    Image(Vec<u8>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    /// 0-based row and column.
    pub row: u32,
    pub col: u16,
    pub content: Content,
    pub style: Style,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Sheet {
    pub name: String,
    pub cells: Vec<Cell>,
    /// Column widths in characters.
    pub widths: Vec<f64>,
    /// Cells merged to the right: (row, first column, last column).
    pub merges: Vec<(u32, u16, u16)>,
    /// Row heights in points, where the default is too low (wrapped prose).
    pub heights: Vec<(u32, f64)>,
    /// A long table's header: the rows above this row and the columns left of this column
    /// stay in view when scrolling, and the row just above prints atop every page.
    pub frozen: Option<(u32, u16)>,
    /// Printed, a new page starts at each of these rows.
    pub page_breaks: Vec<u32>,
    /// A long table: its figures and formulas are added to the sheet's XML by roi itself
    /// (`splice`), not handed to the writer one by one. The same file either way.
    pub bulk: bool,
}

/// A workbook-level name for one cell.
#[derive(Debug, Clone, PartialEq)]
pub struct Name {
    pub name: String,
    pub sheet: usize,
    pub row: u32,
    pub col: u16,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Book {
    pub sheets: Vec<Sheet>,
    pub names: Vec<Name>,
    /// The currency code of money formats.
    pub currency: String,
}

impl Sheet {
    pub fn new(name: &str, widths: &[f64]) -> Sheet {
        Sheet {
            name: name.to_string(),
            cells: Vec::new(),
            widths: widths.to_vec(),
            merges: Vec::new(),
            heights: Vec::new(),
            frozen: None,
            page_breaks: Vec::new(),
            bulk: false,
        }
    }

    /// Prose across columns `col..=last`, wrapped, its row as high as the lines need.
    pub fn prose(&mut self, row: u32, col: u16, last: u16, text: &str, style: Style) {
        self.text(row, col, text, style);
        if last > col {
            self.merges.push((row, col, last));
        }
        let width: f64 = (col..=last)
            .map(|c| self.widths.get(usize::from(c)).copied().unwrap_or(9.0))
            .sum();
        let lines = (text.chars().count() as f64 / (width * 1.05).max(1.0))
            .ceil()
            .max(1.0);
        if lines > 1.0 {
            self.heights.push((row, 15.0 * lines));
        }
    }

    pub fn put(&mut self, row: u32, col: u16, content: Content, style: Style) {
        self.cells.push(Cell {
            row,
            col,
            content,
            style,
        });
    }

    pub fn text(&mut self, row: u32, col: u16, text: impl Into<String>, style: Style) {
        self.put(row, col, Content::Text(text.into()), style);
    }

    pub fn number(&mut self, row: u32, col: u16, v: f64, style: Style) {
        self.put(row, col, Content::Number(v), style);
    }

    pub fn formula(
        &mut self,
        row: u32,
        col: u16,
        expr: impl Into<String>,
        cached: Cached,
        style: Style,
    ) {
        self.put(row, col, Content::Formula(expr.into(), cached), style);
    }
}

/// `A1` notation of a 0-based cell, absolute when `fixed` (`$C$5`).
pub fn a1(row: u32, col: u16, fixed: bool) -> String {
    use std::fmt::Write;
    let mut s = String::with_capacity(12);
    if fixed {
        s.push('$');
    }
    s.push_str(&column_letters(col));
    if fixed {
        s.push('$');
    }
    let _ = write!(s, "{}", row + 1);
    s
}

/// A column's letters (0-based): A … Z, AA …, bijective base 26; a u16 column takes at most
/// four.
pub fn column_letters(col: u16) -> String {
    let (mut letters, mut n, mut c) = ([0u8; 4], 0, u32::from(col) + 1);
    while c > 0 {
        letters[n] = b'A' + ((c - 1) % 26) as u8;
        n += 1;
        c = (c - 1) / 26;
    }
    letters[..n].iter().rev().map(|&b| char::from(b)).collect()
}

/// A sheet name as a formula refers to it: quoted, inner quotes doubled.
pub fn quoted(sheet: &str) -> String {
    format!("'{}'", sheet.replace('\'', "''"))
}

impl Book {
    /// The workbook as text, one cell a line: what each cell holds and, for formulas, roi's
    /// own figure. Pictures show their size only.
    pub fn dump(&self) -> String {
        let mut s = String::new();
        for sheet in &self.sheets {
            let _ = writeln!(s, "[{}]", sheet.name);
            if let Some((row, col)) = sheet.frozen {
                let _ = writeln!(s, "frozen above and left of {}", a1(row, col, false));
            }
            for row in &sheet.page_breaks {
                let _ = writeln!(s, "page break above row {}", row + 1);
            }
            let mut cells: Vec<&Cell> = sheet.cells.iter().collect();
            cells.sort_by_key(|c| (c.row, c.col));
            for (row, first, last) in &sheet.merges {
                let _ = writeln!(
                    s,
                    "merged {}:{}",
                    a1(*row, *first, false),
                    a1(*row, *last, false)
                );
            }
            for c in cells {
                let at = a1(c.row, c.col, false);
                let _ = match &c.content {
                    Content::Text(t) => writeln!(s, "{at} {t:?} {:?}", c.style),
                    Content::Number(v) => writeln!(s, "{at} {v} {:?}", c.style),
                    Content::Formula(f, cached) => {
                        let v = match cached {
                            Cached::Number(v) => v.to_string(),
                            Cached::Text(t) => format!("{t:?}"),
                        };
                        writeln!(s, "{at} ={f} → {v} {:?}", c.style)
                    }
                    Content::Image(bytes) => writeln!(s, "{at} picture of {} bytes", bytes.len()),
                };
            }
        }
        let _ = writeln!(s, "[names]");
        for n in &self.names {
            let sheet = &self.sheets[n.sheet].name;
            let _ = writeln!(
                s,
                "{} = {}!{}",
                n.name,
                quoted(sheet),
                a1(n.row, n.col, true)
            );
        }
        s
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a1_notation() {
        assert_eq!(super::a1(0, 0, false), "A1");
        assert_eq!(super::a1(4, 2, true), "$C$5");
        assert_eq!(super::a1(9, 26, false), "AA10");
        // Excel's last column is XFD; a u16 column reaches four letters.
        assert_eq!(super::a1(0, 25, false), "Z1");
        assert_eq!(super::a1(0, 701, true), "$ZZ$1");
        assert_eq!(super::a1(1_048_575, 702, false), "AAA1048576");
        assert_eq!(super::a1(0, 16_383, false), "XFD1");
        assert_eq!(super::a1(0, u16::MAX, false), "CRXP1");
        assert_eq!(super::quoted("Roi's"), "'Roi''s'");
    }
}
