//! The errors roi reports to a person: where (file, line, column), what was found, and what
//! would be accepted.

use crate::message::Msg;

/// One problem in an input file or in `roi.toml`, located as precisely as known: what was
/// found and what would be accepted, as messages worded in the language asked for.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub file: String,
    pub line: Option<u64>,
    pub column: Option<u64>,
    /// What was found, with the user's own text as values (`value 'fast' for cycle_time is
    /// not a number`).
    pub found: Msg,
    /// What would be accepted (`a duration like 4.5`).
    pub expected: Option<Msg>,
    /// In a workbook: the sheet; then `line` is its row and `column` its column, shown as
    /// `Sheet1!C41`.
    pub sheet: Option<String>,
}

impl Problem {
    pub fn at(file: &str, line: u64, column: Option<u64>) -> ProblemBuilder {
        ProblemBuilder {
            file: file.to_string(),
            line: Some(line),
            column,
        }
    }

    pub fn in_file(file: &str) -> ProblemBuilder {
        ProblemBuilder {
            file: file.to_string(),
            line: None,
            column: None,
        }
    }

    /// Where it is: `today.csv:41:2`, `today.xlsx:Sheet1!C41`, or the file alone.
    pub fn place(&self) -> String {
        use crate::escape::visible;
        let mut s = visible(&self.file);
        if let (Some(sheet), Some(row)) = (&self.sheet, self.line) {
            s.push_str(&format!(":{}!", visible(sheet)));
            if let Some(col) = self.column {
                s.push_str(&column_letters(col));
            }
            s.push_str(&row.to_string());
        } else if let Some(line) = self.line {
            s.push_str(&format!(":{line}"));
            if let Some(col) = self.column {
                s.push_str(&format!(":{col}"));
            }
        }
        s
    }
}

pub struct ProblemBuilder {
    file: String,
    line: Option<u64>,
    column: Option<u64>,
}

impl ProblemBuilder {
    pub fn says(self, found: Msg, expected: Msg) -> Problem {
        Problem {
            file: self.file,
            line: self.line,
            column: self.column,
            found,
            expected: Some(expected),
            sheet: None,
        }
    }
}

/// A spreadsheet column's letters: 1 → A, 27 → AA.
pub fn column_letters(mut col: u64) -> String {
    let mut s = Vec::new();
    while col > 0 {
        let r = ((col - 1) % 26) as u8;
        s.push(b'A' + r);
        col = (col - 1) / 26;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

/// Why a run failed. Each variant's words tell the user what to do; they are chosen where
/// the error is shown, in the language asked for.
#[derive(Debug)]
pub enum RoiError {
    /// Problems in the input files or roi.toml; all of them are listed.
    Input { problems: Vec<Problem>, more: u64 },
    Read {
        path: String,
        source: std::io::Error,
    },
    /// The problems were already printed (by `roi check`); only the exit code is left.
    Reported,
    /// A lever beyond what roi can represent: a typo or a unit gone wrong in the inputs.
    Magnitude {
        lever: String,
        amount: String,
        terms: String,
    },
    /// A chart could not be drawn: its name and the drawing library's reason.
    Chart { name: String, message: String },
    /// The embedded font could not be loaded.
    Font,
    Write {
        path: String,
        source: std::io::Error,
    },
    /// The report folder cannot take this run's report: what is in the way, and why.
    Folder { path: String, why: Msg },
}

impl RoiError {
    pub fn one(problem: Problem) -> Self {
        RoiError::Input {
            problems: vec![problem],
            more: 0,
        }
    }
}
