//! One value as people write it in real exports and in roi.toml: numbers with decimal
//! commas and thousands separators, "not observed" markers, ISO and Polish dates. The ground
//! floor: every reader and roi.toml parser uses it, and it uses nothing of roi.

/// Cells that mean "not observed" (case-insensitive): empty, `NA`, `N/A`, `#N/A`, `NULL`, `None`.
pub fn is_missing(text: &str) -> bool {
    let t = text.trim_matches(is_space);
    t.is_empty()
        || ["na", "n/a", "#n/a", "null", "none"]
            .iter()
            .any(|m| t.eq_ignore_ascii_case(m))
}

fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{a0}' || c == '\u{202f}'
}

/// Why a cell is not a usable number.
#[derive(Debug, Clone, PartialEq)]
pub enum NumberError {
    NotANumber,
    NotFinite,
}

/// Parses `4.5`, `4,5`, `1 234,5` (space, NBSP, narrow NBSP or `'` as thousands separator),
/// `1.234,5`, `1,234.5`. With one kind of separator only, a comma is decimal (Polish
/// exports); with both, the last one is the decimal separator. A quoted number (`"12"` in
/// the file) arrives here without its quotes: the CSV reader removes them.
pub fn parse_number(text: &str) -> Result<f64, NumberError> {
    let t = text.trim_matches(is_space);
    let mut buf = [0u8; 64];
    let mut len = 0;
    let (last_comma, last_dot) = (t.rfind(','), t.rfind('.'));
    let decimal = match (last_comma, last_dot) {
        (Some(c), Some(d)) => Some(c.max(d)),
        (Some(c), None) => {
            if t.matches(',').count() > 1 {
                None
            } else {
                Some(c)
            }
        }
        (None, Some(d)) => {
            if t.matches('.').count() > 1 {
                None
            } else {
                Some(d)
            }
        }
        (None, None) => None,
    };
    for (i, c) in t.char_indices() {
        let b = match c {
            ',' | '.' if Some(i) == decimal => b'.',
            ',' | '.' | ' ' | '\u{a0}' | '\u{202f}' | '\'' => continue,
            c if c.is_ascii() => c as u8,
            _ => return Err(NumberError::NotANumber),
        };
        if len == buf.len() {
            return Err(NumberError::NotANumber);
        }
        buf[len] = b;
        len += 1;
    }
    let s = std::str::from_utf8(&buf[..len]).map_err(|_| NumberError::NotANumber)?;
    // Rust accepts "inf", "NaN" and "infinity": name them as such, not as typos.
    let lower = s.to_ascii_lowercase();
    let bare = lower.trim_start_matches(['+', '-']);
    if bare == "nan" || bare == "inf" || bare == "infinity" {
        return Err(NumberError::NotFinite);
    }
    if len == 0 || !s.bytes().any(|b| b.is_ascii_digit()) {
        return Err(NumberError::NotANumber);
    }
    match s.parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(v),
        Ok(_) => Err(NumberError::NotFinite),
        Err(_) => Err(NumberError::NotANumber),
    }
}

/// Powers of ten that are exact in an f64.
pub(crate) const POW10: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/// [`parse_number`] on bytes, without allocating. Plain numbers (`45`, `4.5`, `-0.25`) take
/// a fast path: digits into an integer, divided once by an exact power of ten, which IEEE
/// division rounds correctly, so the result is bit for bit what [`parse_number`] gives
/// (Clinger's fast path). Anything else goes to [`parse_number`].
pub fn parse_number_bytes(b: &[u8]) -> Result<f64, NumberError> {
    parse_number_parts(b).map(|(v, _)| v)
}

/// [`parse_number_bytes`], and for a plain non-negative decimal (`123.45`) its digits as a
/// whole number and its decimal places (`12345`, 2): the value is exactly that number
/// divided by 10^places, so it can be kept as the whole number.
pub fn parse_number_parts(b: &[u8]) -> Result<(f64, Option<(u64, usize)>), NumberError> {
    let (negative, digits) = match b.first() {
        Some(b'-') => (true, &b[1..]),
        _ => (false, b),
    };
    let mut mantissa: u64 = 0;
    let mut decimals: usize = 0;
    let mut seen_point = false;
    let mut count = 0usize;
    for &c in digits {
        match c {
            b'0'..=b'9' => {
                mantissa = mantissa * 10 + u64::from(c - b'0');
                count += 1;
                decimals += usize::from(seen_point);
                if count > 15 {
                    return slow(b);
                }
            }
            b'.' if !seen_point => seen_point = true,
            _ => return slow(b),
        }
    }
    if count == 0 || (seen_point && decimals == 0) {
        return slow(b);
    }
    let v = mantissa as f64 / POW10[decimals];
    Ok(if negative {
        (-v, None)
    } else {
        (v, Some((mantissa, decimals)))
    })
}

fn slow(b: &[u8]) -> Result<(f64, Option<(u64, usize)>), NumberError> {
    match std::str::from_utf8(b) {
        Ok(t) => parse_number(t),
        Err(_) => parse_number(&String::from_utf8_lossy(b)),
    }
    .map(|v| (v, None))
}

/// [`is_missing`] on bytes: a cell that starts with a digit is never missing.
pub fn is_missing_bytes(b: &[u8]) -> bool {
    match b.first() {
        None => true,
        Some(c) if c.is_ascii_digit() || *c == b'-' => false,
        _ => is_missing(&String::from_utf8_lossy(b)),
    }
}

/// [`parse_date`] on bytes: `YYYY-MM-DD` (optionally followed by a time) without
/// allocating; anything else through [`parse_date`].
pub fn parse_date_bytes(b: &[u8]) -> Option<Day> {
    let iso = b.len() >= 10
        && b[4] == b'-'
        && b[7] == b'-'
        && (b.len() == 10 || b[10] == b'T' || b[10] == b' ');
    if iso {
        let num = |r: std::ops::Range<usize>| -> Option<i32> {
            b[r].iter().try_fold(0i32, |acc, &c| {
                c.is_ascii_digit().then(|| acc * 10 + i32::from(c - b'0'))
            })
        };
        if let (Some(y), Some(m), Some(d)) = (num(0..4), num(5..7), num(8..10)) {
            return days_from_civil(y, m, d);
        }
    }
    parse_date(&String::from_utf8_lossy(b))
}

/// A calendar day as days since 1970-01-01.
pub type Day = i32;

/// Parses the calendar day of `2026-10-01`, `2026-10-01T08:30:00+02:00`,
/// `2026-10-01 08:30`, `01.10.2026` or `01.10.2026 08:30`. The day as written counts: a
/// time zone does not move it. None when the text is no such date or the day does not exist.
pub fn parse_date(text: &str) -> Option<Day> {
    let t = text.trim_matches(is_space);
    let b = t.as_bytes();
    let digits = |r: std::ops::Range<usize>| -> Option<i32> {
        let s = b.get(r)?;
        if s.iter().all(u8::is_ascii_digit) {
            std::str::from_utf8(s).ok()?.parse().ok()
        } else {
            None
        }
    };
    if b.len() < 10 {
        return None;
    }
    let rest = &b[10..];
    if !(rest.is_empty() || rest[0] == b'T' || rest[0] == b' ') {
        return None;
    }
    let (y, m, d) = if b[4] == b'-' && b[7] == b'-' {
        (digits(0..4)?, digits(5..7)?, digits(8..10)?)
    } else if b[2] == b'.' && b[5] == b'.' {
        (digits(6..10)?, digits(3..5)?, digits(0..2)?)
    } else {
        return None;
    };
    days_from_civil(y, m, d)
}

fn days_in_month(y: i32, m: i32) -> i32 {
    match m {
        4 | 6 | 9 | 11 => 30,
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

/// Howard Hinnant's `days_from_civil`: proleptic Gregorian date → days since 1970-01-01.
pub(crate) fn days_from_civil(y: i32, m: i32, d: i32) -> Option<Day> {
    if !(0..=9999).contains(&y) || !(1..=12).contains(&m) || d < 1 || d > days_in_month(y, m) {
        return None;
    }
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

/// Days since 1970-01-01 → `YYYY-MM-DD`.
/// A day written as its date, for serde.
pub fn serialize_day<S: serde::Serializer>(day: &Day, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&format_day(*day))
}

pub fn format_day(day: Day) -> String {
    let z = day + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i32::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

#[cfg(test)]
mod fast_tests {
    use super::*;

    #[test]
    fn bytes_parse_exactly_as_text_does() {
        for t in [
            "4.5",
            "0.1",
            "12",
            "-3.25",
            "999999999999999",
            "0.000001",
            "1.005",
            "123456.789",
            "4,5",
            "1 234,5",
            "\"12\"",
            "1e3",
            "",
            "NA",
            "5.",
            ".5",
            "1234567890123456789",
        ] {
            assert_eq!(parse_number_bytes(t.as_bytes()), parse_number(t), "{t:?}");
            assert_eq!(is_missing_bytes(t.as_bytes()), is_missing(t), "{t:?}");
        }
        for v in [0.1_f64, 4.5, 6.05, 1.23456789, 99.99] {
            let t = v.to_string();
            assert_eq!(
                parse_number_bytes(t.as_bytes()).unwrap().to_bits(),
                v.to_bits()
            );
        }
        for d in [
            "2026-10-01",
            "2026-10-01T08:30:00+02:00",
            "01.10.2026",
            "2026-02-29",
            "x",
        ] {
            assert_eq!(parse_date_bytes(d.as_bytes()), parse_date(d), "{d}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_as_exports_write_them() {
        assert_eq!(parse_number("4.5"), Ok(4.5));
        assert_eq!(parse_number("4,5"), Ok(4.5));
        assert_eq!(parse_number(" 12 "), Ok(12.0));
        assert_eq!(parse_number("1 234,5"), Ok(1234.5));
        assert_eq!(parse_number("1\u{a0}234,5"), Ok(1234.5));
        assert_eq!(parse_number("1\u{202f}234"), Ok(1234.0));
        assert_eq!(parse_number("1.234,5"), Ok(1234.5));
        assert_eq!(parse_number("1,234.5"), Ok(1234.5));
        assert_eq!(parse_number("1.234.567"), Ok(1_234_567.0));
        assert_eq!(parse_number("-3"), Ok(-3.0));
        assert_eq!(parse_number("2e3"), Ok(2000.0));
        assert_eq!(parse_number("fast"), Err(NumberError::NotANumber));
        assert_eq!(parse_number("4.5h"), Err(NumberError::NotANumber));
        assert_eq!(parse_number(""), Err(NumberError::NotANumber));
        assert_eq!(parse_number("NaN"), Err(NumberError::NotFinite));
        assert_eq!(parse_number("-inf"), Err(NumberError::NotFinite));
        assert_eq!(parse_number("1e400"), Err(NumberError::NotFinite));
        assert_eq!(parse_number("ąę"), Err(NumberError::NotANumber));
    }

    #[test]
    fn missing_markers() {
        for m in ["", "  ", "NA", "n/a", "#N/A", "null", "None"] {
            assert!(is_missing(m), "{m:?}");
        }
        assert!(!is_missing("0"));
        assert!(!is_missing("nan"));
    }

    #[test]
    fn dates_iso_and_polish() {
        assert_eq!(parse_date("1970-01-01"), Some(0));
        assert_eq!(parse_date("2026-10-01"), Some(20_727));
        assert_eq!(parse_date("01.10.2026"), Some(20_727));
        assert_eq!(parse_date("2026-10-01T23:30:00-05:00"), Some(20_727));
        assert_eq!(parse_date("2026-10-01 08:00"), Some(20_727));
        assert_eq!(parse_date("2024-02-29"), Some(19_782));
        assert_eq!(parse_date("2026-02-29"), None);
        assert_eq!(parse_date("2026-13-01"), None);
        assert_eq!(parse_date("31.04.2026"), None);
        assert_eq!(parse_date("2026-10-1"), None);
        assert_eq!(parse_date("yesterday!"), None);
        assert_eq!(format_day(20_727), "2026-10-01");
        assert_eq!(format_day(19_782), "2024-02-29");
    }
}
