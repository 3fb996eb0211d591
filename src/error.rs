//! The errors roi reports to a person: where (file, line, column), what was found, and what
//! would be accepted.

use std::fmt;
use thiserror::Error;

/// One problem in an input file or in `roi.toml`, located as precisely as known.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub file: String,
    pub line: Option<u64>,
    pub column: Option<u64>,
    /// What was found, in the user's words (`value 'fast' for cycle_time is not a number`).
    pub found: String,
    /// What would be accepted (`a duration like 4.5`).
    pub expected: String,
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
}

pub struct ProblemBuilder {
    file: String,
    line: Option<u64>,
    column: Option<u64>,
}

impl ProblemBuilder {
    pub fn says(self, found: impl Into<String>, expected: impl Into<String>) -> Problem {
        Problem {
            file: self.file,
            line: self.line,
            column: self.column,
            found: found.into(),
            expected: expected.into(),
            sheet: None,
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use crate::escape::visible;
        write!(f, "{}", visible(&self.file))?;
        if let (Some(sheet), Some(row)) = (&self.sheet, self.line) {
            write!(f, ":{}!", visible(sheet))?;
            if let Some(col) = self.column {
                write!(f, "{}", column_letters(col))?;
            }
            write!(f, "{row}")?;
        } else if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(col) = self.column {
                write!(f, ":{col}")?;
            }
        }
        write!(f, ": {}", visible(&self.found))?;
        if !self.expected.is_empty() {
            // roi's own words, some on several lines: not escaped.
            write!(f, "; expected {}", self.expected)?;
        }
        Ok(())
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

/// Why a run failed. Each variant's text tells the user what to do.
#[derive(Debug, Error)]
pub enum RoiError {
    /// Problems in the input files or roi.toml; all of them are listed.
    #[error("{}", list(.problems, *.more))]
    Input { problems: Vec<Problem>, more: u64 },
    #[error("cannot read {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    /// The problems were already printed (by `roi check`); only the exit code is left.
    #[error("problems found")]
    Reported,
    /// A lever beyond what roi can represent: a typo or a unit gone wrong in the inputs.
    #[error(
        "the {lever} lever comes to {amount} a month, more than roi can represent (at most \
         1,000,000,000,000,000 a month); its figures are {terms}: check these values in the \
         files and in roi.toml (a unit or a decimal point may be wrong)"
    )]
    Magnitude {
        lever: String,
        amount: String,
        terms: String,
    },
    #[error("could not draw the chart {name}: {message}")]
    Chart { name: String, message: String },
    #[error("cannot write {path}: {source}")]
    Write {
        path: String,
        source: std::io::Error,
    },
}

impl RoiError {
    pub fn one(problem: Problem) -> Self {
        RoiError::Input {
            problems: vec![problem],
            more: 0,
        }
    }
}

fn list(problems: &[Problem], more: u64) -> String {
    let mut s = problems
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n");
    if more > 0 {
        s.push_str(&format!("\n… and {more} more problems of the same kinds"));
    }
    s
}
