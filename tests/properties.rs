//! Property tests (proptest) for the small pure functions every figure goes through: number
//! parsing as exports write numbers, number formatting with thousands groups, and Excel's
//! PERCENTILE.INC. Each property says what it checks; the cases are few and cheap, so the
//! whole file runs in well under a second.

use proptest::prelude::*;
use roi::i18n::Lang;
use roi::stats::{percentile_inc, percentiles_inc};
use roi::value::parse_number;

/// `a` and `b` agree within 1e-9 relative (absolute near zero).
fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

/// `digits` with `sep` between groups of three, counted from the right: `1234567` → `1 234 567`.
fn grouped(digits: &str, sep: &str) -> String {
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push_str(sep);
        }
        out.push(c);
    }
    out
}

/// How an export writes the integer part and the decimal mark.
#[derive(Debug, Clone, Copy)]
enum Style {
    /// `1234.5`
    Dot,
    /// `1,234.5`: English groups; both marks present, so the last one is the decimal mark.
    DotCommaGroups,
    /// `1234,5`
    Comma,
    /// `1 234,5` with a space, NBSP or narrow NBSP between groups.
    CommaSpaceGroups(&'static str),
    /// `1.234,5`: German/Polish Excel groups; both marks present.
    CommaDotGroups,
}

fn style() -> impl Strategy<Value = Style> {
    prop_oneof![
        Just(Style::Dot),
        Just(Style::DotCommaGroups),
        Just(Style::Comma),
        Just(Style::CommaSpaceGroups(" ")),
        Just(Style::CommaSpaceGroups("\u{a0}")),
        Just(Style::CommaSpaceGroups("\u{202f}")),
        Just(Style::CommaDotGroups),
    ]
}

/// Text around a cell: nothing, spaces, NBSPs, a tab, or single quotes (`'12'`, which
/// parse_number skips like a Swiss thousands separator). Double quotes are the CSV reader's
/// to strip: parse_number itself refuses `"12"` (NotANumber), so they are not generated.
fn wrapping() -> impl Strategy<Value = (&'static str, &'static str)> {
    prop_oneof![
        Just(("", "")),
        Just(("  ", " ")),
        Just(("\u{a0}", "\u{a0}")),
        Just(("\t", "")),
        Just(("'", "'")),
        Just((" '", "' ")),
    ]
}

proptest! {
    // No regression files: a failure prints its minimal input, to be added as a plain test.
    #![proptest_config(ProptestConfig {
        cases: 512,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    /// (a) A number written the way exports write it — `.` or `,` as the decimal mark,
    /// thousands groups (`,` `.` space, NBSP or narrow NBSP) where they cannot be mistaken for
    /// the decimal mark, a minus, surrounding spaces or quotes — parses back to the value of
    /// its plain decimal text `-int.frac`, within 1e-9 relative.
    #[test]
    fn export_numbers_parse_back(
        int in 0u64..1_000_000_000_000,
        frac in proptest::option::of("[0-9]{1,6}"),
        negative in any::<bool>(),
        style in style(),
        (before, after) in wrapping(),
    ) {
        let digits = int.to_string();
        let sign = if negative { "-" } else { "" };
        let plain = match &frac {
            Some(f) => format!("{sign}{digits}.{f}"),
            None => format!("{sign}{digits}"),
        };
        let expected: f64 = plain.parse().unwrap();
        // A lone `,` or `.` is read as the decimal mark, so groups written with the other mark
        // than the decimal one only appear when there is a decimal part.
        let (int_text, mark) = match (style, frac.is_some()) {
            (Style::Dot, _) => (digits.clone(), "."),
            (Style::DotCommaGroups, true) => (grouped(&digits, ","), "."),
            (Style::DotCommaGroups, false) => (digits.clone(), "."),
            (Style::Comma, _) => (digits.clone(), ","),
            (Style::CommaSpaceGroups(sep), _) => (grouped(&digits, sep), ","),
            (Style::CommaDotGroups, true) => (grouped(&digits, "."), ","),
            (Style::CommaDotGroups, false) => (digits.clone(), ","),
        };
        let text = match &frac {
            Some(f) => format!("{before}{sign}{int_text}{mark}{f}{after}"),
            None => format!("{before}{sign}{int_text}{after}"),
        };
        let parsed = parse_number(&text);
        prop_assert!(
            matches!(parsed, Ok(v) if close(v, expected)),
            "{text:?} parsed as {parsed:?}, expected {expected}"
        );
    }

    /// (a) parse_number never panics on any string, and what it accepts is finite.
    #[test]
    fn parse_number_never_panics(text in any::<String>()) {
        if let Ok(v) = parse_number(&text) {
            prop_assert!(v.is_finite(), "{text:?} → {v}");
        }
    }

    /// (a) The same on strings made of number-like characters only (digits, both marks,
    /// every separator, signs, exponents, quotes), which reach far deeper than random text.
    #[test]
    fn parse_number_never_panics_on_numberish(
        text in "[0-9.,eE+\\- '\"\u{a0}\u{202f}infaINFA]{0,100}",
    ) {
        if let Ok(v) = parse_number(&text) {
            prop_assert!(v.is_finite(), "{text:?} → {v}");
        }
    }

    /// (b) `Lang::En.number(v, d)` is `v` rounded half away from zero to `d` decimals (as
    /// Excel's ROUND) written with `,` between groups of exactly three digits (the first group
    /// one to three), `.` before exactly `d` decimals and `-` only for a non-zero result:
    /// stripping the groups re-parses to the rounded value, within half a unit of the last
    /// decimal shown from `v`.
    #[test]
    fn english_groups_round_trip(v in -1e12f64..1e12, d in 0usize..=6) {
        check_grouping(Lang::En, v, d, ',', '.', '-')?;
    }

    /// (b) The same for `Lang::Pl.number(v, d)`: NBSP between groups, `,` before the decimals,
    /// U+2212 as the minus.
    #[test]
    fn polish_groups_round_trip(v in -1e12f64..1e12, d in 0usize..=6) {
        check_grouping(Lang::Pl, v, d, '\u{a0}', ',', '\u{2212}')?;
    }

    /// (c) For any non-empty list of finite values, sorted ascending, PERCENTILE.INC is
    /// monotone in p (p ≤ q ⇒ P(p) ≤ P(q)), P(0) is the minimum, P(1) the maximum, every
    /// percentile lies between them, and median ≤ p90 ≤ p95. Values stay within ±1e12, a
    /// thousand times roi's largest accepted observation (1e9), so that the differences
    /// between neighbours stay finite.
    #[test]
    fn percentile_is_ordered(
        mut values in proptest::collection::vec(
            prop_oneof![-1e12f64..1e12, -10.0f64..10.0, (-1000i32..1000).prop_map(f64::from)],
            1..60,
        ),
        p in 0.0f64..=1.0,
        q in 0.0f64..=1.0,
    ) {
        values.sort_by(f64::total_cmp);
        let (min, max) = (values[0], values[values.len() - 1]);
        let at = |p: f64| percentile_inc(&values, p).unwrap();
        let (lo, hi) = if p <= q { (p, q) } else { (q, p) };
        prop_assert!(at(lo) <= at(hi), "P({lo}) = {} > P({hi}) = {}", at(lo), at(hi));
        prop_assert_eq!(at(0.0), min);
        prop_assert_eq!(at(1.0), max);
        prop_assert!(min <= at(p) && at(p) <= max, "P({p}) = {} outside [{min}, {max}]", at(p));
        let (median, p90, p95) = (at(0.5), at(0.9), at(0.95));
        prop_assert!(median <= p90 && p90 <= p95, "median {median}, p90 {p90}, p95 {p95}");
    }

    /// Durations kept compactly (as whole multiples of a power of ten while they are ones)
    /// come back bit for bit, whatever mix of decimals, units and sizes arrives.
    #[test]
    fn kept_durations_come_back_exactly(
        cells in proptest::collection::vec(
            prop_oneof![
                (0u64..100_000, 0usize..4).prop_map(|(m, d)| format!("{}", m as f64 / 10f64.powi(d as i32))),
                (0u64..1_000_000_000, 0usize..7).prop_map(|(m, d)| {
                    let s = m.to_string();
                    if d == 0 || d >= s.len() { s } else { format!("{}.{}", &s[..s.len() - d], &s[s.len() - d..]) }
                }),
                (0.0f64..1e9).prop_map(|v| v.to_string()),
            ],
            0..200,
        ),
    ) {
        let mut kept = roi::input::Values::default();
        let mut plain = Vec::new();
        for c in &cells {
            let (v, parts) = roi::value::parse_number_parts(c.as_bytes()).unwrap();
            match parts {
                Some((m, places)) => kept.push_decimal(v, m, places),
                None => kept.push(v),
            }
            plain.push(v);
        }
        let back: Vec<u64> = kept.iter().map(f64::to_bits).collect();
        let want: Vec<u64> = plain.iter().map(|v| v.to_bits()).collect();
        prop_assert_eq!(back, want);
    }

    /// Percentiles found by selection (several at once, values unsorted and full of ties)
    /// are exactly, to the bit, the ones read from the sorted values.
    #[test]
    fn selected_percentiles_equal_sorted_ones(
        values in proptest::collection::vec(
            prop_oneof![0.0f64..1e9, (0i32..20).prop_map(f64::from)],
            1..400,
        ),
        mut ps in proptest::collection::vec(0.0f64..=1.0, 1..12),
    ) {
        ps.push(0.0);
        ps.push(1.0);
        ps.sort_by(f64::total_cmp);
        let mut sorted = values.clone();
        sorted.sort_by(f64::total_cmp);
        let mut shuffled = values;
        let selected = percentiles_inc(&mut shuffled, &ps);
        for (p, got) in ps.iter().zip(&selected) {
            let want = percentile_inc(&sorted, *p).unwrap();
            prop_assert_eq!(got.to_bits(), want.to_bits(), "p = {}", p);
        }
    }
}

/// The checks of (b) for one language with its thousands separator, decimal mark and minus.
fn check_grouping(
    lang: Lang,
    v: f64,
    d: usize,
    thousands: char,
    point: char,
    minus: char,
) -> Result<(), TestCaseError> {
    let text = lang.number(v, d);
    let (negative, body) = match text.strip_prefix(minus) {
        Some(rest) => (true, rest),
        None => (false, text.as_str()),
    };
    let (int, frac) = match body.split_once(point) {
        Some((i, f)) => (i, Some(f)),
        None => (body, None),
    };
    let groups: Vec<&str> = int.split(thousands).collect();
    prop_assert!(
        !groups[0].is_empty() && groups[0].len() <= 3,
        "{text:?}: first group {:?}",
        groups[0]
    );
    for g in &groups[1..] {
        prop_assert!(g.len() == 3, "{text:?}: group {g:?} is not 3 digits");
    }
    prop_assert!(
        groups.iter().all(|g| g.bytes().all(|b| b.is_ascii_digit())),
        "{text:?}: not only digits between separators"
    );
    prop_assert!(
        groups.len() == 1 || groups[0] != "0",
        "{text:?}: leading zero group"
    );
    match frac {
        Some(f) => prop_assert!(
            d > 0 && f.len() == d && f.bytes().all(|b| b.is_ascii_digit()),
            "{text:?}: decimals {f:?}, expected {d}"
        ),
        None => prop_assert!(d == 0, "{text:?}: no decimals, expected {d}"),
    }
    let plain = format!(
        "{}{}{}",
        if negative { "-" } else { "" },
        groups.concat(),
        frac.map(|f| format!(".{f}")).unwrap_or_default()
    );
    let reparsed: f64 = plain.parse().unwrap();
    let f = 10f64.powi(d as i32);
    let rounded = (v * f).round() / f;
    prop_assert!(
        close(reparsed, rounded),
        "{text:?} re-parses to {reparsed}, expected {rounded}"
    );
    prop_assert!(
        (reparsed - v).abs() <= 0.5 / f + 1e-9 * v.abs().max(1.0),
        "{text:?} is further than half a unit of the last decimal from {v}"
    );
    prop_assert_eq!(
        negative,
        rounded != 0.0 && v < 0.0,
        "{:?}: minus shown {} for {}",
        text,
        negative,
        v
    );
    Ok(())
}
