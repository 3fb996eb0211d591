//! `roi.toml`: the typed, validated assumptions ([`model`]), each value with its source
//! (data, config or default), from the table of assumption keys ([`table`]); parsing and
//! validation, with located errors, in `parse` and the files it reads the sections with.

mod metrics;
pub mod model;
mod parse;
mod reading;
mod sections;
mod stated;
pub mod table;
pub mod targets;

pub use model::{
    Assumptions, CustomMetricDef, Label, LedgerEntry, LedgerValue, Note, Range, Source, Sourced,
    Stated,
};
pub use parse::{parse, parse_bytes, parse_embedded};
pub use reading::{locate, parse_duration_hours};
pub use table::{Def, Fallback, Per, ValueKind, keys};
