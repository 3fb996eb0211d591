//! The document's model: sections of typed cells, paragraphs, lists and figures, in one
//! language. Each cell is turned into text in one place ([`Cell::text`]).

use crate::i18n::Lang;
use crate::metric::Unit;
use rust_decimal::Decimal;

/// The document of one report in one language.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    pub lang: Lang,
    pub currency: String,
    pub title: String,
    /// The title block's other lines: (label, text), e.g. ("Client", "Example Sp. z o.o.").
    pub meta: Vec<(String, String)>,
    pub sections: Vec<Section>,
    /// The charts that stand beside the headline on a printed page (page 1 of the HTML);
    /// the screen and Markdown do not show them there.
    pub lead_figures: Vec<Figure>,
    /// The heading of what follows page 1 on a printed page.
    pub appendix: String,
    /// The decision asked for (`[report] recommendation`).
    pub recommendation: Option<String>,
    /// The logo of the title block (`[report] logo`).
    pub logo: Option<crate::rules::Logo>,
    /// A case's one-pager: tiles, design, what must be believed (a tracking has none).
    pub brief: Option<super::brief::Brief>,
}

/// What a section is, so a renderer can place it (a one-pager puts the headline first).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SectionId {
    Headline,
    /// What you must believe: more data, break-even.
    Evidence,
    /// `roi project`: how long a pilot must run to prove each lever.
    PilotPlan,
    Narrative,
    Views,
    Metrics,
    Levers,
    /// `[[stated]]`: benefits and costs as given.
    Stated,
    /// With `--by`: the case by segment.
    Segments,
    Scenarios,
    Sensitivity,
    Charts,
    Inputs,
    Assumptions,
    Warnings,
    /// `roi track`: one month against the plan.
    TrackMonth,
    /// `roi track`: the verdict so far.
    TrackVerdict,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    pub id: SectionId,
    /// Empty for the headline, which sits under the title.
    pub heading: String,
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// Labelled figures (the headline).
    Pairs(Vec<Pair>),
    Table(Table),
    /// Paragraphs with an optional bold lead (`Today.`).
    Paragraphs(Vec<Para>),
    /// A bulleted list, each item with an optional bold lead (`Flow:`).
    List(Vec<Para>),
    /// A footnote in small print.
    Note(String),
    /// Charts, by file name, with their alternative text.
    Figures(Vec<Figure>),
    /// Conclusions that stand each on a line of their own (a verdict).
    Statements(Vec<String>),
    /// Notes on the data behind what they follow, each after the word for a warning.
    Warnings(Vec<String>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Pair {
    pub label: String,
    pub value: Cell,
    pub note: Option<String>,
    /// The figure's name where the workbook computes it (`npv`, `payback_months` …).
    pub figure: Option<&'static str>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Para {
    pub lead: Option<String>,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    pub file: String,
    pub alt: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub columns: Vec<Column>,
    pub rows: Vec<Row>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub heading: String,
    /// Right-aligned figures.
    pub numeric: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub cells: Vec<Cell>,
    /// Shown in bold: a total, or an assumption nobody made explicitly (a default).
    pub strong: bool,
}

/// One value of a table or a headline, typed.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    /// Money in whole currency units.
    Money(Decimal),
    /// A 95% range of money.
    MoneyRange(Decimal, Decimal),
    /// A number, decimals by size.
    Number(f64),
    /// A duration in a unit.
    Duration(f64, Unit),
    /// A fraction shown as a percentage.
    Percent(f64),
    /// A share with two decimals (availability).
    FinePercent(f64),
    /// A change (after − today) in a unit (`Count`: none), with its fraction of today.
    Change {
        diff: f64,
        unit: Unit,
        pct: Option<f64>,
    },
    /// A difference of fractions in percentage points.
    Points(f64),
    /// A number that needs words to read (`36 months`, `30 min`): the number and its text.
    Quantity {
        value: f64,
        text: String,
    },
}

impl Cell {
    /// The cell as text, in the document's language: the one place a figure becomes words.
    pub fn text(&self, lang: Lang, currency: &str) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(t) => t.clone(),
            Cell::Money(d) => lang.money(*d, currency),
            Cell::MoneyRange(lo, hi) => {
                let space = lang.unit_space();
                let lo = lang.money(*lo, currency);
                let lo = lo
                    .strip_suffix(&format!("{space}{currency}"))
                    .unwrap_or(&lo);
                format!("{lo} … {}", lang.money(*hi, currency))
            }
            Cell::Number(v) => lang.quantity(*v),
            Cell::Duration(v, u) => lang.duration(*v, *u),
            Cell::Percent(f) => lang.percent(*f),
            Cell::FinePercent(f) => lang.percent2(*f),
            Cell::Change { diff, unit, pct } => {
                // Nothing that shows is nothing: not "+0.00 (+0%)".
                if diff.abs() < 0.005 {
                    return lang.cat().p.unchanged.to_string();
                }
                let shown = if *unit == crate::metric::Unit::Count {
                    lang.signed_quantity(*diff)
                } else {
                    lang.signed(*diff)
                };
                let v = lang.with_unit(shown, *unit);
                match pct {
                    Some(p) => format!("{v} ({})", lang.signed_percent(*p)),
                    None => v,
                }
            }
            Cell::Points(f) => {
                if f.abs() < 0.00005 {
                    return lang.cat().p.unchanged.to_string();
                }
                lang.points(*f, lang.cat().p.points)
            }
            Cell::Quantity { text, .. } => text.clone(),
        }
    }

    /// The cell's number, for a spreadsheet; None for text.
    pub fn number(&self) -> Option<f64> {
        use rust_decimal::prelude::ToPrimitive;
        match self {
            Cell::Money(d) => d.to_f64(),
            Cell::Number(v) | Cell::Duration(v, _) | Cell::Percent(v) | Cell::FinePercent(v) => {
                Some(*v)
            }
            Cell::Change { diff, .. } => Some(*diff),
            Cell::Points(f) => Some(*f),
            Cell::Quantity { value, .. } => Some(*value),
            _ => None,
        }
    }
}

/// A chart the document shows: its file and its title (the alternative text).
#[derive(Debug, Clone, PartialEq)]
pub struct ChartRef {
    pub file: String,
    pub title: String,
}
