//! The NPV's sensitivity: each assumption moved ±20% alone.

use super::model::{Block, Cell, Table};
use super::words::{assumption_name, assumption_value, columns, row, text};
use crate::assumptions::Per;
use crate::i18n::Lang;
use crate::report::Report;

/// The NPV with each assumption at −20% and +20%.
pub fn sensitivity(report: &Report, lang: Lang) -> Vec<Block> {
    let p = &lang.cat().p;
    if report.sensitivity.is_empty() {
        return Vec::new();
    }
    let cur = &report.currency;
    let pers: std::collections::HashMap<&str, Per> = report
        .assumptions
        .iter()
        .map(|a| (a.key.as_str(), a.per))
        .collect();
    let per = |key: &str| pers.get(key).copied().unwrap_or(Per::Nothing);
    let rows = report
        .sensitivity
        .iter()
        .map(|s| {
            let value =
                |v: f64| assumption_value(lang, cur, s.kind, per(&s.assumption), v).text(lang, cur);
            row(vec![
                text(assumption_name(report, lang, &s.assumption)),
                text(range(&value(s.value_low), &value(s.value_high))),
                Cell::Money(s.npv_at_low.0),
                Cell::Money(s.npv_at_high.0),
            ])
        })
        .collect();
    vec![Block::Table(Table {
        columns: columns(&[
            (p.col_assumption, false),
            (p.col_values, true),
            (p.col_npv_low, true),
            (p.col_npv_high, true),
        ]),
        rows,
    })]
}

/// `76 … 114 EUR`, `334 … 500 spraw`: the unit once, after the range (it follows the last
/// number, as the plural does).
fn range(low: &str, high: &str) -> String {
    let end = low
        .char_indices()
        .rfind(|(_, c)| c.is_ascii_digit())
        .map_or(low.len(), |(i, c)| i + c.len_utf8());
    format!("{} … {high}", &low[..end])
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_range_names_its_unit_once() {
        assert_eq!(
            super::range("1\u{a0}440 EUR/h", "2\u{a0}160 EUR/h"),
            "1\u{a0}440 … 2\u{a0}160 EUR/h"
        );
        assert_eq!(super::range("334 sprawy", "500 spraw"), "334 … 500 spraw");
        assert_eq!(super::range("16%", "24%"), "16 … 24%");
        assert_eq!(super::range("2.4 months", "3.6 months"), "2.4 … 3.6 months");
    }
}
