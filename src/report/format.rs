//! Numbers for people: thousands separators, sensible decimals, signed changes, percentages.

/// `v` with `decimals` decimals and `,` between thousands: `12,345.6`.
pub fn number(v: f64, decimals: usize) -> String {
    let s = format!("{:.*}", decimals, v.abs());
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (s.as_str(), None),
    };
    let mut out = String::new();
    let negative = v < 0.0 && s.bytes().any(|b| (b'1'..=b'9').contains(&b));
    if negative {
        out.push('-');
    }
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if let Some(f) = frac {
        out.push('.');
        out.push_str(f);
    }
    out
}

/// Decimals that suit the size of a value: 0 from 100, 1 from 10, else 2.
pub fn auto_decimals(v: f64) -> usize {
    let a = v.abs();
    if a >= 100.0 {
        0
    } else if a >= 10.0 {
        1
    } else {
        2
    }
}

/// A value with decimals chosen by its size: `1,234`, `56.8`, `4.52`.
pub fn auto(v: f64) -> String {
    number(v, auto_decimals(v))
}

/// A value with up to two decimals and no trailing zeros: `8`, `0.5`, `1,234.25`.
pub fn trimmed(v: f64) -> String {
    let s = number(v, 2);
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}

/// A change with its sign: `+1.25`, `-36.0`.
pub fn signed(v: f64) -> String {
    let s = auto(v);
    if v > 0.0 && s.bytes().any(|b| (b'1'..=b'9').contains(&b)) {
        format!("+{s}")
    } else {
        s
    }
}

/// A fraction as a percentage: 0.253 → `25.3%`; under 10% one decimal, else none.
pub fn percent(f: f64) -> String {
    let p = f * 100.0;
    let d = if p.abs() < 10.0 { 1 } else { 0 };
    format!("{}%", number(p, d))
}

/// A signed percentage change: -0.35 → `-35%`.
pub fn signed_percent(f: f64) -> String {
    let s = percent(f);
    if f > 0.0 { format!("+{s}") } else { s }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_well() {
        assert_eq!(number(1_234_567.891, 2), "1,234,567.89");
        assert_eq!(number(-1234.0, 0), "-1,234");
        assert_eq!(number(-0.001, 2), "0.00");
        assert_eq!(auto(4.523), "4.52");
        assert_eq!(auto(56.78), "56.8");
        assert_eq!(auto(1234.5), "1,234");
        assert_eq!(signed(2.0), "+2.00");
        assert_eq!(trimmed(8.0), "8");
        assert_eq!(trimmed(0.5), "0.5");
        assert_eq!(trimmed(1234.256), "1,234.26");
        assert_eq!(signed(-36.0), "-36.0");
        assert_eq!(percent(0.253), "25%");
        assert_eq!(percent(0.0512), "5.1%");
        assert_eq!(signed_percent(-0.35), "-35%");
        assert_eq!(signed_percent(0.2), "+20%");
    }
}
