//! Names and cached values the sheets share: every named cell unique and valid in Excel, a term's cell by what it names, roi's own figure as each formula's cached result.

use super::model::{Cached, Name};
/// The sheets of a case's workbook, by position.
pub(super) const SUMMARY: usize = 0;
pub(super) const ASSUMPTIONS: usize = 1;
pub(super) const MEASUREMENTS: usize = 2;
pub(super) const LEVERS: usize = 3;
pub(super) const CASH: usize = 4;
/// `roi project`'s Pilot plan, right after Scenarios.
pub(super) const PILOT: usize = 6;

use crate::economics::levers::{Lever, Quantity};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use std::collections::BTreeSet;

/// Names given so far, each unique and valid in Excel, by what they name.
#[derive(Default)]
pub(super) struct Names {
    used: BTreeSet<String>,
    by_id: std::collections::BTreeMap<String, String>,
    pub(super) list: Vec<Name>,
    /// With `--by`: by lever, the cells of its segments' parts (`'Sheet'!$B$9:$B$1008`).
    pub(super) parts: std::collections::BTreeMap<String, String>,
}

impl Names {
    /// Gives a cell a name made of `wanted` (lower case ASCII letters, digits, underscores),
    /// unique in the workbook, and remembers it under `id`; returns it.
    pub(super) fn add(
        &mut self,
        id: &str,
        wanted: &str,
        sheet: usize,
        row: u32,
        col: u16,
    ) -> String {
        let base = sanitize(wanted);
        let mut name = base.clone();
        let mut i = 2;
        while self.used.contains(&name) {
            name = format!("{base}_{i}");
            i += 1;
        }
        self.used.insert(name.clone());
        self.by_id.insert(id.to_string(), name.clone());
        self.list.push(Name {
            name: name.clone(),
            sheet,
            row,
            col,
        });
        name
    }

    /// A named cell's name (its sanitized id when it has none).
    pub(super) fn get(&self, id: &str) -> String {
        self.by_id.get(id).cloned().unwrap_or_else(|| sanitize(id))
    }
}

/// The id a term's cell is named under.
pub(super) fn term_id(q: &Quantity) -> String {
    match q {
        Quantity::Assumption { key } => format!("assumption:{key}"),
        other => other.id(),
    }
}

/// The terms a lever's cells are computed from: its formula's, or with `--by` each
/// segment's, with the segment's name.
pub(super) fn lever_terms(l: &Lever) -> Vec<(Option<&str>, &crate::economics::levers::Term)> {
    if l.parts.is_empty() {
        l.formula.terms().map(|t| (None, t)).collect()
    } else {
        l.parts
            .iter()
            .flat_map(|(s, f)| f.terms().map(move |t| (Some(s.as_str()), t)))
            .collect()
    }
}

/// The id of a term's cell within a segment: a segment's measurements (and its share of
/// roi.toml's volume) are its own cells; rates and costs are the assumptions' cells.
pub(super) fn term_id_in(seg: Option<&str>, q: &Quantity) -> String {
    match seg {
        Some(s) if segment_own(q) => format!("{s}:{}", term_id(q)),
        _ => term_id(q),
    }
}

/// A term each segment has a figure of its own of: a measurement, or its share of
/// roi.toml's volume (not a rate or a cost).
pub(super) fn segment_own(q: &Quantity) -> bool {
    match q {
        Quantity::Assumption { key } => key == crate::assumptions::keys::CASES_PER_MONTH,
        _ => true,
    }
}

/// A valid Excel name: ASCII lower case, digits and underscores, starting with a letter, and
/// never shaped like a cell reference (`ab12`, `r`, `c`).
pub fn sanitize(s: &str) -> String {
    let mut out: String = s
        .chars()
        .map(|c| {
            let c = c.to_ascii_lowercase();
            if c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if !out.starts_with(|c: char| c.is_ascii_lowercase()) {
        out.insert_str(0, "m_");
    }
    let letters = out.chars().take_while(char::is_ascii_lowercase).count();
    let rest = &out[letters..];
    let like_a_cell =
        (1..=3).contains(&letters) && !rest.is_empty() && rest.chars().all(|c| c.is_ascii_digit());
    if like_a_cell || out == "r" || out == "c" {
        out.push('_');
    }
    out
}

/// What a formula shows where roi has no figure (no payback, no IRR): a dash, which MIN,
/// COUNT and IRR skip, and which every viewer shows as written.
pub(super) const NONE: &str = "–";

pub(super) fn money(d: Decimal) -> Cached {
    Cached::Number(d.to_f64().unwrap_or(0.0))
}

pub(super) fn num(v: Option<f64>) -> Cached {
    v.map_or(Cached::Text(NONE.into()), Cached::Number)
}

#[cfg(test)]
mod tests {
    use super::sanitize;

    #[test]
    fn names_are_valid_in_excel() {
        assert_eq!(sanitize("cycle_time_mean_today"), "cycle_time_mean_today");
        assert_eq!(sanitize("rates.hourly_cost"), "rates_hourly_cost");
        assert_eq!(sanitize("2nd_shift"), "m_2nd_shift");
        assert_eq!(sanitize("ab12"), "ab12_");
        assert_eq!(sanitize("npv"), "npv");
        assert_eq!(sanitize("r"), "r_");
        assert_eq!(sanitize("Reklamacje łączne"), "reklamacje___czne");
    }
}
