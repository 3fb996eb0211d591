//! Timestamps and durations as the common systems write them (docs/method.md#durations-from-timestamps): ISO 8601 with
//! or without `T`, seconds and zone; `dd.mm.yyyy hh:mm[:ss]`; `yyyy/mm/dd`; `d/m/yyyy` or
//! `m/d/yyyy` (the order decided from the data or by `[columns] date_format`); Jira's
//! `12/Mar/24 3:05 PM`; durations `hh:mm[:ss]` and ISO 8601 `PT4H30M`.

pub use crate::rules::DateOrder;
use crate::value::{Day, days_from_civil};

/// Seconds in a day.
pub const DAY_SECONDS: i64 = 86_400;
/// Microseconds in a second, in an hour and in a day.
pub const MICROS: i64 = 1_000_000;
pub const HOUR_MICROS: f64 = 3_600_000_000.0;
pub const DAY_MICROS: i64 = DAY_SECONDS * MICROS;

/// An instant as written: microseconds since 1970-01-01 00:00 on the wall clock of the text
/// (systems write fractions of a second: `15:45:50.426000`), and the zone's offset from UTC in
/// seconds when the text gives one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    pub micros: i64,
    pub offset: Option<i32>,
}

impl Stamp {
    /// The calendar day as written (a zone does not move it).
    pub fn day(self) -> Day {
        self.micros.div_euclid(DAY_MICROS) as Day
    }

    /// The instant on the common clock (UTC) when the text gave a zone, else as written.
    pub fn instant(self) -> i64 {
        self.micros - self.offset.map_or(0, |o| i64::from(o) * MICROS)
    }

    /// Microseconds from `self` to `end`: on the common clock when both give a zone, else on
    /// the wall clock as written.
    pub fn micros_to(self, end: Stamp) -> i64 {
        match (self.offset, end.offset) {
            (Some(_), Some(_)) => end.instant() - self.instant(),
            _ => end.micros - self.micros,
        }
    }
}

/// Why a text is not a timestamp.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StampError {
    /// No such date or time.
    Invalid,
    /// `03/04/2026` while the order of day and month is not known; the two numbers.
    Ambiguous,
}

/// Whether `text` starts like a date with day and month first (`3/4/2026`, `03-04-2026`,
/// `3.4.2026`): one or two digits, then `/`, `-` or `.`.
pub fn day_month_first(text: &[u8]) -> bool {
    let digits = text.iter().take_while(|b| b.is_ascii_digit()).count();
    (1..=2).contains(&digits) && matches!(text.get(digits), Some(b'/' | b'-' | b'.'))
}

/// What a day-month date (`/`, `-` or `.` between the fields) says about the order: `Some`
/// when one of its first two numbers exceeds 12.
pub fn order_shown(text: &str) -> Option<DateOrder> {
    let t = text.trim();
    if !day_month_first(t.as_bytes()) {
        return None;
    }
    let sep = t.chars().find(|c| matches!(c, '/' | '-' | '.'))?;
    let mut parts = t.split(sep);
    let a: u32 = parts.next()?.trim().parse().ok()?;
    let b: u32 = parts.next()?.trim().parse().ok()?;
    parts.next()?;
    match (a > 12, b > 12) {
        (true, false) => Some(DateOrder::DayFirst),
        (false, true) => Some(DateOrder::MonthFirst),
        _ => None,
    }
}

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

/// [`parse_stamp`] on bytes: `YYYY-MM-DD[ T]HH:MM[:SS]` (no zone) without allocating,
/// anything else through the text.
pub fn parse_stamp_bytes(b: &[u8], order: DateOrder) -> Result<Stamp, StampError> {
    let num = |r: std::ops::Range<usize>| -> Option<i64> {
        b[r].iter().try_fold(0i64, |acc, &c| {
            c.is_ascii_digit().then(|| acc * 10 + i64::from(c - b'0'))
        })
    };
    let plain = (b.len() == 16 || (b.len() == 19 && b[16] == b':'))
        && b[4] == b'-'
        && b[7] == b'-'
        && (b[10] == b' ' || b[10] == b'T')
        && b[13] == b':';
    if plain
        && let (Some(y), Some(mo), Some(d), Some(h), Some(mi)) =
            (num(0..4), num(5..7), num(8..10), num(11..13), num(14..16))
    {
        let s = if b.len() == 19 { num(17..19) } else { Some(0) };
        if let (Some(s), Some(day)) = (s, days_from_civil(y as i32, mo as i32, d as i32))
            && h < 24
            && mi < 60
            && s <= 60
        {
            return Ok(Stamp {
                micros: (i64::from(day) * DAY_SECONDS + h * 3600 + mi * 60 + s) * MICROS,
                offset: None,
            });
        }
    }
    parse_stamp(&String::from_utf8_lossy(b), order)
}

/// Parses a timestamp (a date alone is its midnight).
pub fn parse_stamp(text: &str, order: DateOrder) -> Result<Stamp, StampError> {
    let t = text.trim_matches(|c: char| c.is_whitespace() || c == '\u{a0}');
    // The date, then what follows it: `T`, a space or nothing.
    let split = t
        .char_indices()
        .find(|&(i, c)| i >= 6 && (c == 'T' || c == ' '))
        .map_or(t.len(), |(i, _)| i);
    let (date, rest) = (&t[..split], t[split..].trim_start_matches(['T', ' ']));
    let day = parse_day(date, order)?;
    let (micros, offset) = if rest.is_empty() {
        (0, None)
    } else {
        parse_time(rest).ok_or(StampError::Invalid)?
    };
    Ok(Stamp {
        micros: i64::from(day) * DAY_MICROS + micros,
        offset,
    })
}

/// The day of `2026-10-01`, `2026-9-1`, `2026/10/01`, `1.10.2026`, `01/10/2026`,
/// `01-10-2026`, `12/Mar/24` or `12-Mar-2024`.
pub fn parse_day(date: &str, order: DateOrder) -> Result<Day, StampError> {
    let sep = date
        .chars()
        .find(|c| matches!(c, '-' | '/' | '.'))
        .ok_or(StampError::Invalid)?;
    let parts: Vec<&str> = date.split(sep).collect();
    if parts.len() != 3 || parts.iter().any(|p| p.is_empty() || p.len() > 4) {
        return Err(StampError::Invalid);
    }
    let num = |s: &str| -> Option<i32> {
        s.bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| s.parse().ok())
            .flatten()
    };
    let month_name = |s: &str| -> Option<i32> {
        let l = s.to_ascii_lowercase();
        MONTHS.iter().position(|m| *m == l).map(|i| i as i32 + 1)
    };
    let year = |s: &str| -> Option<i32> {
        let y = num(s)?;
        match s.len() {
            4 => Some(y),
            // Two-digit years are this century's (Jira: 12/Mar/24).
            2 => Some(2000 + y),
            _ => None,
        }
    };
    let invalid = StampError::Invalid;
    let (y, m, d) = if parts[0].len() == 4 {
        // Year first: ISO with - or /.
        (
            num(parts[0]).ok_or(invalid)?,
            num(parts[1]).ok_or(invalid)?,
            num(parts[2]).ok_or(invalid)?,
        )
    } else if let Some(m) = month_name(parts[1]) {
        (
            year(parts[2]).ok_or(invalid)?,
            m,
            num(parts[0]).ok_or(invalid)?,
        )
    } else if sep == '/' || sep == '-' || (sep == '.' && parts[2].len() == 4) {
        // Day and month first, with `/`, `-` or `.` between them (Excel re-saves
        // 29/02/2016 as 29-02-2016). A dotted date is day-first unless told otherwise: the
        // European way (1.10.2026).
        let (a, b) = (num(parts[0]).ok_or(invalid)?, num(parts[1]).ok_or(invalid)?);
        if parts[0].len() > 2 || parts[1].len() > 2 {
            return Err(invalid);
        }
        let y = year(parts[2]).ok_or(invalid)?;
        let day_first = match order {
            DateOrder::DayFirst => true,
            DateOrder::MonthFirst => false,
            DateOrder::Unknown if sep == '.' => true,
            DateOrder::Unknown if a > 12 => true,
            DateOrder::Unknown if b > 12 || a == b => false,
            DateOrder::Unknown => return Err(StampError::Ambiguous),
        };
        if day_first { (y, b, a) } else { (y, a, b) }
    } else {
        return Err(invalid);
    };
    days_from_civil(y, m, d).ok_or(invalid)
}

/// `08:30`, `8:30:15`, `08:30:15.250`, `3:05 PM`, then an optional zone (`Z`, `+02:00`,
/// `+0200`, `-05`): microseconds into the day and the zone's offset in seconds.
fn parse_time(text: &str) -> Option<(i64, Option<i32>)> {
    let t = text.trim();
    // The zone: Z, or a sign after the time's digits.
    let (clock, offset) = if let Some(c) = t.strip_suffix('Z') {
        (c, Some(0))
    } else if let Some(i) = t.rfind(['+', '-']).filter(|&i| i > 0) {
        (&t[..i], Some(parse_offset(&t[i..])?))
    } else {
        (t, None)
    };
    let clock = clock.trim();
    let lower = clock.to_ascii_lowercase();
    let (clock, pm) = if let Some(c) = lower.strip_suffix("pm") {
        (c.trim().to_string(), Some(true))
    } else if let Some(c) = lower.strip_suffix("am") {
        (c.trim().to_string(), Some(false))
    } else {
        (lower, None)
    };
    let mut parts = clock.split(':');
    let h: i64 = digits(parts.next()?)?;
    let m: i64 = digits(parts.next()?)?;
    // Seconds, and their fraction to the microsecond (`50.426000`, `50,4`).
    let (s, fraction): (i64, i64) = match parts.next() {
        None => (0, 0),
        Some(sec) => match sec.split_once(['.', ',']) {
            None => (digits(sec)?, 0),
            Some((whole, frac)) => {
                if frac.is_empty() || frac.len() > 9 || !frac.bytes().all(|b| b.is_ascii_digit()) {
                    return None;
                }
                let six: String = frac.chars().chain(std::iter::repeat('0')).take(6).collect();
                (digits(whole)?, six.parse().ok()?)
            }
        },
    };
    if parts.next().is_some() || m > 59 || s > 60 {
        return None;
    }
    let h = match pm {
        None if h <= 24 => h,
        Some(true) if (1..=12).contains(&h) => h % 12 + 12,
        Some(false) if (1..=12).contains(&h) => h % 12,
        _ => return None,
    };
    Some(((h * 3600 + m * 60 + s) * MICROS + fraction, offset))
}

fn digits(s: &str) -> Option<i64> {
    (!s.is_empty() && s.len() <= 2 && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
}

fn parse_offset(s: &str) -> Option<i32> {
    if s.is_empty() {
        return None;
    }
    let sign = if s.starts_with('-') { -1 } else { 1 };
    let body: String = s[1..].chars().filter(|c| *c != ':').collect();
    // Digits only: a typo such as `+0€` is no zone (and must not be sliced mid-character).
    if !body.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (h, m) = match body.len() {
        2 => (body.parse::<i32>().ok()?, 0),
        4 => (
            body[..2].parse::<i32>().ok()?,
            body[2..].parse::<i32>().ok()?,
        ),
        _ => return None,
    };
    (h <= 14 && m < 60).then_some(sign * (h * 3600 + m * 60))
}

/// A duration written `4:30` or `0:45:10` (hours:minutes[:seconds]) or ISO 8601 `PT4H30M`,
/// `P1DT2H`: in hours. None for anything else.
pub fn parse_duration_hours(text: &str) -> Option<f64> {
    let t = text.trim();
    if let Some(iso) = t.strip_prefix('P').or_else(|| t.strip_prefix('p')) {
        return iso_duration(iso);
    }
    let mut parts = t.split(':');
    let h = parts.next()?;
    let m = parts.next()?;
    let s = parts.next();
    if parts.next().is_some()
        || h.is_empty()
        || !h.bytes().all(|b| b.is_ascii_digit())
        || m.len() != 2
        || !m.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let hours: f64 = h.parse().ok()?;
    let minutes: f64 = m.parse().ok()?;
    let seconds: f64 = match s {
        None => 0.0,
        Some(s) if s.len() >= 2 && s.split('.').next()?.bytes().all(|b| b.is_ascii_digit()) => {
            s.parse().ok()?
        }
        Some(_) => return None,
    };
    (minutes < 60.0 && seconds < 60.0).then(|| hours + minutes / 60.0 + seconds / 3600.0)
}

/// The part of an ISO 8601 duration after `P`: `T4H30M`, `1DT2H`, `2D`.
fn iso_duration(s: &str) -> Option<f64> {
    let mut hours = 0.0;
    let mut in_time = false;
    let mut number = String::new();
    let mut any = false;
    for c in s.chars() {
        match c.to_ascii_uppercase() {
            'T' if !in_time && number.is_empty() => in_time = true,
            d if d.is_ascii_digit() || d == '.' || d == ',' => {
                number.push(if d == ',' { '.' } else { d })
            }
            unit => {
                let v: f64 = number.parse().ok()?;
                number.clear();
                any = true;
                hours += match (unit, in_time) {
                    ('W', false) => v * 168.0,
                    ('D', false) => v * 24.0,
                    ('H', true) => v,
                    ('M', true) => v / 60.0,
                    ('S', true) => v / 3600.0,
                    _ => return None,
                };
            }
        }
    }
    (any && number.is_empty()).then_some(hours)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::format_day;

    fn stamp(t: &str) -> (String, i64, Option<i32>) {
        let s = parse_stamp(t, DateOrder::Unknown).unwrap_or_else(|e| panic!("{t}: {e:?}"));
        (
            format_day(s.day()),
            s.micros.rem_euclid(DAY_MICROS) / MICROS,
            s.offset,
        )
    }

    #[test]
    fn the_timestamps_systems_write() {
        let at = |h: i64, m: i64, s: i64| h * 3600 + m * 60 + s;
        assert_eq!(stamp("2026-09-01"), ("2026-09-01".into(), 0, None));
        assert_eq!(
            stamp("2026-09-01T08:30"),
            ("2026-09-01".into(), at(8, 30, 0), None)
        );
        assert_eq!(
            stamp("2026-09-01 08:30:15"),
            ("2026-09-01".into(), at(8, 30, 15), None)
        );
        // ServiceNow: ISO with seconds; a zone is kept, the day as written counts.
        assert_eq!(
            stamp("2026-09-01T23:30:00+02:00"),
            ("2026-09-01".into(), at(23, 30, 0), Some(7200))
        );
        assert_eq!(
            stamp("2026-09-01T08:00:00.123Z"),
            ("2026-09-01".into(), at(8, 0, 0), Some(0))
        );
        assert_eq!(
            stamp("2026-9-1 7:05"),
            ("2026-09-01".into(), at(7, 5, 0), None)
        );
        assert_eq!(
            stamp("2026/09/01 16:45"),
            ("2026-09-01".into(), at(16, 45, 0), None)
        );
        assert_eq!(
            stamp("1.09.2026 8:00"),
            ("2026-09-01".into(), at(8, 0, 0), None)
        );
        assert_eq!(
            stamp("01.09.2026 08:00:59"),
            ("2026-09-01".into(), at(8, 0, 59), None)
        );
        // Jira: day/month name/two-digit year, 12-hour clock.
        assert_eq!(
            stamp("12/Mar/24 3:05 PM"),
            ("2024-03-12".into(), at(15, 5, 0), None)
        );
        assert_eq!(
            stamp("1/Jan/25 12:10 AM"),
            ("2025-01-01".into(), at(0, 10, 0), None)
        );
        assert_eq!(stamp("12/Mar/24 12:00 PM").1, at(12, 0, 0));
        // Slash dates: the order from a number above 12, else as configured.
        assert_eq!(stamp("13/09/2026").0, "2026-09-13");
        assert_eq!(stamp("09/13/2026").0, "2026-09-13");
        assert_eq!(
            parse_stamp("03/04/2026", DateOrder::Unknown),
            Err(StampError::Ambiguous)
        );
        let d = |o| format_day(parse_stamp("03/04/2026 10:00", o).unwrap().day());
        assert_eq!(d(DateOrder::DayFirst), "2026-04-03");
        assert_eq!(d(DateOrder::MonthFirst), "2026-03-04");
        assert_eq!(order_shown("13/04/2026"), Some(DateOrder::DayFirst));
        assert_eq!(order_shown("04/13/2026 9:00"), Some(DateOrder::MonthFirst));
        assert_eq!(order_shown("04/03/2026"), None);
        for bad in [
            "2026-02-30",
            "2026-09-01 25:00",
            "2026-09-01 08:61",
            "31.09.2026",
            "12/Foo/24",
            "13/13/2026",
            "yesterday",
            "2026-09-01 08:00 +25:00",
            "2026-09-01 08:00:15.",
            "2026-09-01 08:00:15.4x",
            "",
        ] {
            assert_eq!(
                parse_stamp(bad, DateOrder::Unknown),
                Err(StampError::Invalid),
                "{bad}"
            );
        }
    }

    #[test]
    fn durations_between_stamps_use_the_zones_when_both_have_one() {
        let p = |t| parse_stamp(t, DateOrder::Unknown).unwrap();
        // 08:00 in Warsaw (+02:00) to 08:00 UTC is two hours.
        assert_eq!(
            p("2026-09-01T08:00:00+02:00").micros_to(p("2026-09-01T08:00:00Z")),
            7200 * MICROS
        );
        assert_eq!(
            p("2026-09-01 08:00").micros_to(p("2026-09-02 09:30")),
            91_800 * MICROS
        );
        // Fractions of a second, as pm4py and databases write them: 12.51 s, not 12 s.
        assert_eq!(
            p("2011-03-01 15:45:50.426000+01:00").micros_to(p("2011-03-01 15:46:02.936+01:00")),
            12_510_000
        );
        assert_eq!(
            p("2026-09-01 08:00:00,5").micros_to(p("2026-09-01 08:00:01")),
            500_000
        );
    }

    #[test]
    fn written_durations() {
        assert_eq!(parse_duration_hours("4:30"), Some(4.5));
        assert_eq!(parse_duration_hours("0:45"), Some(0.75));
        assert_eq!(parse_duration_hours("1:00:36"), Some(1.01));
        assert_eq!(parse_duration_hours("PT4H30M"), Some(4.5));
        assert_eq!(parse_duration_hours("P1DT2H"), Some(26.0));
        assert_eq!(parse_duration_hours("PT90S"), Some(0.025));
        assert_eq!(parse_duration_hours("PT0,5H"), Some(0.5));
        for bad in ["4:3", "4:60", "x:30", "P", "PT", "P1H", "4.5", "1:00:00:00"] {
            assert_eq!(parse_duration_hours(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_zone_typo_is_no_zone_and_no_panic() {
        // `+0€` is four bytes: it once was sliced through the euro sign.
        assert_eq!(parse_offset("+0€"), None);
        assert_eq!(parse_offset("+0200"), Some(7200));
        assert_eq!(parse_offset(""), None);
    }
}
