//! How rows become observations beyond metric names and units, from roi.toml: durations from
//! two timestamps (`[columns] cycle_time = { start, end }`), an event log (`[events]`), the
//! working calendar (`[calendar]`) and the order of day and month in slash dates.

use std::collections::{BTreeMap, BTreeSet};

/// How `01/02/2026` is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DateOrder {
    /// Decided from the data: a first number above 12 is a day, a second one a day too.
    #[default]
    Unknown,
    DayFirst,
    MonthFirst,
}

impl DateOrder {
    /// `[columns] date_format`: `d/m/yyyy` or `m/d/yyyy` (also `dd/mm/yyyy`, `mm/dd/yyyy`).
    pub fn parse(text: &str) -> Option<DateOrder> {
        let t = text.trim().to_ascii_lowercase();
        let parts: Vec<&str> = t.split('/').collect();
        if parts.len() != 3 || !parts[2].chars().all(|c| c == 'y') || parts[2].is_empty() {
            return None;
        }
        let is = |s: &str, c: char| !s.is_empty() && s.len() <= 2 && s.chars().all(|x| x == c);
        if is(parts[0], 'd') && is(parts[1], 'm') {
            Some(DateOrder::DayFirst)
        } else if is(parts[0], 'm') && is(parts[1], 'd') {
            Some(DateOrder::MonthFirst)
        } else {
            None
        }
    }
}

/// A duration measured per row from two timestamp columns.
#[derive(Debug, Clone, PartialEq)]
pub struct SpanMap {
    /// The metric's name as roi.toml gave it.
    pub metric: String,
    pub start: String,
    pub end: String,
    /// `basis = "working"` (true) or `"elapsed"` (false); None: the calendar's basis.
    pub working: Option<bool>,
}

/// An event log: one row per event of a case.
#[derive(Debug, Clone, PartialEq)]
pub struct EventsMap {
    pub case: String,
    pub activity: String,
    pub timestamp: String,
    /// Response time runs from a case's first event to its first event of this activity.
    pub response_until: Option<String>,
    /// Count the cases with a repeated activity as the metric `rework`.
    pub rework: bool,
}

/// Working time: the hours of a working day, the working days, the holidays.
#[derive(Debug, Clone, PartialEq)]
pub struct Calendar {
    /// Seconds after midnight the working day opens and closes (open < close).
    pub open: i64,
    pub close: i64,
    /// Monday first.
    pub days: [bool; 7],
    /// Days since 1970-01-01.
    pub holidays: BTreeSet<i32>,
    /// `basis = "working"`: every duration from timestamps is in working time.
    pub working: bool,
}

impl Calendar {
    /// `08:00-16:00` → (28800, 57600).
    pub fn parse_hours(text: &str) -> Option<(i64, i64)> {
        let (a, b) = text.split_once('-')?;
        let clock = |s: &str| -> Option<i64> {
            let (h, m) = s.trim().split_once(':')?;
            let (h, m): (i64, i64) = (h.parse().ok()?, m.parse().ok()?);
            (h <= 24 && m < 60 && h * 60 + m <= 24 * 60).then_some(h * 3600 + m * 60)
        };
        let (open, close) = (clock(a)?, clock(b)?);
        (open < close).then_some((open, close))
    }

    /// `mon-fri`, `mon,tue,thu`, `pn-pt` → working days, Monday first.
    pub fn parse_days(text: &str) -> Option<[bool; 7]> {
        const EN: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
        const PL: [&str; 7] = ["pn", "wt", "sr", "cz", "pt", "so", "nd"];
        let day = |s: &str| {
            let s = s.trim().to_ascii_lowercase();
            let s = s.replace('ś', "s");
            EN.iter()
                .position(|d| s.starts_with(d))
                .or_else(|| PL.iter().position(|d| *d == s))
        };
        let mut days = [false; 7];
        for part in text.split(',') {
            match part.split_once('-') {
                Some((a, b)) => {
                    let (a, b) = (day(a)?, day(b)?);
                    let mut i = a;
                    loop {
                        days[i] = true;
                        if i == b {
                            break;
                        }
                        i = (i + 1) % 7;
                    }
                }
                None => days[day(part)?] = true,
            }
        }
        days.iter().any(|d| *d).then_some(days)
    }

    fn is_working_day(&self, day: i64) -> bool {
        // 1970-01-01 was a Thursday: index 3 with Monday first.
        let weekday = (day + 3).rem_euclid(7) as usize;
        self.days[weekday] && i32::try_from(day).map_or(true, |d| !self.holidays.contains(&d))
    }

    /// Working days from day `a` to day `b`, both included: whole weeks at once, the rest
    /// one by one, less the holidays that fall on a working weekday.
    fn working_days(&self, a: i64, b: i64) -> i64 {
        if b < a {
            return 0;
        }
        let weekday = |d: i64| (d + 3).rem_euclid(7) as usize;
        let n = b - a + 1;
        let per_week = self.days.iter().filter(|d| **d).count() as i64;
        let rest_from = a + n / 7 * 7;
        let rest = (rest_from..=b).filter(|d| self.days[weekday(*d)]).count() as i64;
        let clamp = |d: i64| d.clamp(i64::from(i32::MIN), i64::from(i32::MAX)) as i32;
        let holidays = self
            .holidays
            .range(clamp(a)..=clamp(b))
            .filter(|h| self.days[weekday(i64::from(**h))])
            .count() as i64;
        n / 7 * per_week + rest - holidays
    }

    /// Working microseconds between two wall-clock instants (microseconds since 1970-01-01
    /// 00:00): the parts of the interval inside working hours on working days. A start or end
    /// outside working time counts from (or to) the nearest working time, as the overlap does.
    /// The first and last days are counted by their overlap, the whole days between by the
    /// number of working days, so a case of any length takes the same time.
    pub fn working_micros(&self, start: i64, end: i64) -> i64 {
        if end <= start {
            return 0;
        }
        const US: i64 = 1_000_000;
        const DAY: i64 = 86_400 * US;
        let on = |day: i64| -> i64 {
            if !self.is_working_day(day) {
                return 0;
            }
            let open = day * DAY + self.open * US;
            let close = day * DAY + self.close * US;
            (close.min(end) - open.max(start)).max(0)
        };
        let (first, last) = (start.div_euclid(DAY), end.div_euclid(DAY));
        if first == last {
            return on(first);
        }
        let whole = self.working_days(first + 1, last - 1) * (self.close - self.open) * US;
        on(first) + whole + on(last)
    }
}

/// Words for people that roi.toml may give once for every language (`"complaints"`) or per
/// language (`{ en = "complaints", pl = "reklamacje" }`): a custom metric's name, the title
/// block's title and recommendation.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Label {
    pub all: Option<String>,
    /// (language code, text), in the order written.
    pub by_lang: Vec<(String, String)>,
}

impl Label {
    /// One text for every language.
    pub fn every(text: String) -> Label {
        Label {
            all: Some(text),
            by_lang: Vec::new(),
        }
    }

    /// The text in a language: its own, else the one for every language, else English, else
    /// the first given.
    pub fn get(&self, lang: &str) -> Option<&str> {
        let of = |code: &str| {
            self.by_lang
                .iter()
                .find(|(c, _)| c == code)
                .map(|(_, n)| n.as_str())
        };
        of(lang)
            .or(self.all.as_deref())
            .or_else(|| of("en"))
            .or_else(|| self.by_lang.first().map(|(_, n)| n.as_str()))
    }
}

/// The proposal's title block (`[report]`): all optional.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TitleBlock {
    /// In the report's language when given per language.
    pub title: Option<Label>,
    pub client: Option<String>,
    pub prepared_by: Option<String>,
    pub date: Option<String>,
    /// A dimension to break the case down by (like `--by`).
    pub by: Option<String>,
    /// Which levers the headline's money and finance count.
    pub headline: Basis,
    /// The decision asked for, on page 1 of the one-pager and the title slide; in the
    /// report's language when given per language.
    pub recommendation: Option<Label>,
    /// The client's or seller's logo, read from the file roi.toml names (not in the JSON).
    pub logo: Option<Logo>,
}

/// As a metric's label is in summary.json: the title and the recommendation in English (or
/// the text for every language), and, when roi.toml gives them per language, `titles` and
/// `recommendations` by language code.
impl serde::Serialize for TitleBlock {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let english = |l: &Option<Label>| l.as_ref().and_then(|l| l.get("en")).map(str::to_string);
        let by_lang = |l: &Option<Label>| {
            l.as_ref().filter(|l| !l.by_lang.is_empty()).map(|l| {
                l.by_lang
                    .iter()
                    .cloned()
                    .collect::<BTreeMap<String, String>>()
            })
        };
        let mut st = s.serialize_struct("TitleBlock", 9)?;
        st.serialize_field("title", &english(&self.title))?;
        if let Some(m) = by_lang(&self.title) {
            st.serialize_field("titles", &m)?;
        }
        st.serialize_field("client", &self.client)?;
        st.serialize_field("prepared_by", &self.prepared_by)?;
        st.serialize_field("date", &self.date)?;
        st.serialize_field("by", &self.by)?;
        st.serialize_field("headline", &self.headline)?;
        st.serialize_field("recommendation", &english(&self.recommendation))?;
        if let Some(m) = by_lang(&self.recommendation) {
            st.serialize_field("recommendations", &m)?;
        }
        st.end()
    }
}

/// A logo image as read: its bytes and what they are.
#[derive(Debug, Clone, PartialEq)]
pub struct Logo {
    pub bytes: Vec<u8>,
    pub kind: LogoKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogoKind {
    Png,
    Jpeg,
    Svg,
}

impl LogoKind {
    /// What the bytes are, by their signature: PNG, JPEG, or SVG text.
    pub fn of(bytes: &[u8]) -> Option<LogoKind> {
        if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            return Some(LogoKind::Png);
        }
        if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            return Some(LogoKind::Jpeg);
        }
        let head = String::from_utf8_lossy(&bytes[..bytes.len().min(1024)]);
        head.contains("<svg").then_some(LogoKind::Svg)
    }

    pub fn mime(self) -> &'static str {
        match self {
            LogoKind::Png => "image/png",
            LogoKind::Jpeg => "image/jpeg",
            LogoKind::Svg => "image/svg+xml",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            LogoKind::Png => "png",
            LogoKind::Jpeg => "jpeg",
            LogoKind::Svg => "svg",
        }
    }
}

pub use crate::metric::Benefit;

/// The levers the headline counts (`[report] headline`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// Only the levers whose change is more than noise; the rest is upside.
    #[default]
    Proven,
    /// Every lever, still split into proven and not yet proven.
    All,
}

/// Everything of roi.toml that decides how rows are read.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct InputRules {
    pub spans: Vec<SpanMap>,
    pub events: Option<EventsMap>,
    pub calendar: Option<Calendar>,
    pub date_order: DateOrder,
    /// The sheet of a workbook to read (`--sheet`); None: the first.
    pub sheet: Option<String>,
    /// The dimension column the case is broken down by (`--by`, `[report] by`).
    pub by: Option<String>,
    /// `roi track`: the rows split into calendar months by their dates.
    pub by_month: bool,
    /// `[input] missing`: more cells that mean "not observed", trimmed and lower-case.
    pub missing: Vec<String>,
    /// `[input] ignore`: names that look like a metric but are not one, normalised.
    pub ignore: Vec<String>,
    /// `[columns] sla_met`: columns saying whether each case met its SLA.
    pub sla_met: Vec<SlaMet>,
    /// `[sla.by.DIM]`: SLA targets that differ by a dimension's value.
    pub sla_by: Vec<SlaBy>,
    /// `[sla]`'s targets in hours, by metric: for a case of a value `[sla.by]` does not list.
    pub sla_hours: Vec<(String, f64)>,
}

impl InputRules {
    /// Whether a metric's SLA is judged case by case (a column says, or targets differ by a
    /// dimension's value): its share is of the cases whose verdict is known, with no single
    /// target.
    pub fn sla_per_case(&self, metric: &str) -> bool {
        self.sla_met.iter().any(|m| m.metric == metric)
            || self
                .sla_by
                .iter()
                .any(|b| b.targets.iter().any(|t| t.1 == metric))
    }
}

/// `[columns] sla_met = { column = "made_sla", metric = "cycle_time" }`.
#[derive(Debug, Clone, PartialEq)]
pub struct SlaMet {
    pub column: String,
    /// The metric's name as the registry knows it.
    pub metric: String,
}

/// `[sla.by.priority] "1 - Critical" = "4h"`: the dimension column, then each value's target
/// (the metric's name and hours).
#[derive(Debug, Clone, PartialEq)]
pub struct SlaBy {
    pub dim: String,
    pub targets: Vec<(String, String, f64)>,
}

/// A yes/no cell as systems write it: `true`/`false`, `yes`/`no`, `1`/`0`, `tak`/`nie`, `y`/`n`,
/// `t`/`f`, any case; None for anything else.
pub fn parse_flag(text: &str) -> Option<bool> {
    let t = text.trim().to_ascii_lowercase();
    if FLAG_TRUE.contains(&t.as_str()) {
        Some(true)
    } else if FLAG_FALSE.contains(&t.as_str()) {
        Some(false)
    } else {
        None
    }
}

/// The words of a yes/no cell that mean yes, lower-case (the SQL recipes list them too).
pub const FLAG_TRUE: &[&str] = &["true", "yes", "y", "t", "1", "tak", "met"];
/// The words that mean no.
pub const FLAG_FALSE: &[&str] = &["false", "no", "n", "f", "0", "nie", "breached"];

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: i32, d: i32) -> i64 {
        i64::from(crate::value::days_from_civil(y, m, d).unwrap())
    }

    #[test]
    fn formats_of_the_calendar() {
        assert_eq!(Calendar::parse_hours("08:00-16:00"), Some((28_800, 57_600)));
        assert_eq!(Calendar::parse_hours("16:00-08:00"), None);
        assert_eq!(
            Calendar::parse_days("mon-fri"),
            Some([true, true, true, true, true, false, false])
        );
        assert_eq!(
            Calendar::parse_days("sun-tue"),
            Some([true, true, false, false, false, false, true])
        );
        assert_eq!(
            Calendar::parse_days("pn-pt"),
            Calendar::parse_days("Monday-Friday")
        );
        assert_eq!(
            Calendar::parse_days("mon,wed"),
            Some([true, false, true, false, false, false, false])
        );
        assert_eq!(Calendar::parse_days("funday"), None);
        assert_eq!(DateOrder::parse("d/m/yyyy"), Some(DateOrder::DayFirst));
        assert_eq!(DateOrder::parse("MM/DD/YYYY"), Some(DateOrder::MonthFirst));
        assert_eq!(DateOrder::parse("yyyy-mm-dd"), None);
    }

    #[test]
    fn working_time_across_a_weekend_and_a_holiday() {
        // 08:00-16:00, Monday to Friday; Friday 2026-09-04 15:00 to Tuesday 2026-09-08 09:00
        // with Monday 2026-09-07 a holiday: 1 h on Friday + 1 h on Tuesday = 2 h.
        let mut holidays = BTreeSet::new();
        holidays.insert(day(2026, 9, 7) as i32);
        let cal = Calendar {
            open: 8 * 3600,
            close: 16 * 3600,
            days: [true, true, true, true, true, false, false],
            holidays,
            working: true,
        };
        // Instants in microseconds, as timestamps are read.
        let at = |y, m, d, h: i64| (day(y, m, d) * 86_400 + h * 3600) * 1_000_000;
        let hours = |h: i64| h * 3600 * 1_000_000;
        assert_eq!(
            cal.working_micros(at(2026, 9, 4, 15), at(2026, 9, 8, 9)),
            hours(2)
        );
        // Saturday 10:00 to Monday 10:00 without the holiday: Monday 08:00-10:00 = 2 h.
        let plain = Calendar {
            holidays: BTreeSet::new(),
            ..cal.clone()
        };
        assert_eq!(
            plain.working_micros(at(2026, 9, 5, 10), at(2026, 9, 7, 10)),
            hours(2)
        );
        // Within one working day; before opening to after closing is the whole day.
        assert_eq!(
            plain.working_micros(at(2026, 9, 8, 9), at(2026, 9, 8, 11)),
            hours(2)
        );
        assert_eq!(
            plain.working_micros(at(2026, 9, 8, 6), at(2026, 9, 8, 20)),
            hours(8)
        );
        assert_eq!(
            plain.working_micros(at(2026, 9, 8, 11), at(2026, 9, 8, 9)),
            0
        );
    }

    #[test]
    fn working_time_of_a_case_longer_than_ten_years_is_not_cut() {
        // 1,044 weeks from Monday 2006-01-02 00:00 (about 20 years): 1044 × 5 × 8 = 41,760 h;
        // it used to stop after 3,660 days, at 20,920 h.
        let cal = Calendar {
            open: 8 * 3600,
            close: 16 * 3600,
            days: [true, true, true, true, true, false, false],
            holidays: BTreeSet::new(),
            working: true,
        };
        let at = |d: i64, h: i64| (d * 86_400 + h * 3600) * 1_000_000;
        let hours = |h: i64| h * 3600 * 1_000_000;
        let monday = day(2006, 1, 2);
        let end = monday + 1044 * 7;
        assert_eq!(cal.working_micros(at(monday, 0), at(end, 0)), hours(41_760));
        // A holiday on a Wednesday inside takes a day off; one on a Saturday or after the
        // end takes nothing; 10:00 on the first Monday to 12:00 on the last takes 2 h off the
        // start and adds 4 h on the end's Monday.
        let mut with = cal.clone();
        with.holidays.insert((monday + 9) as i32); // Wednesday of week 2
        with.holidays.insert((monday + 12) as i32); // Saturday
        with.holidays.insert((end + 30) as i32);
        assert_eq!(
            with.working_micros(at(monday, 10), at(end, 12)),
            hours(41_760 - 8 - 2 + 4)
        );
        // Every split of the same span gives the same total (the day-by-day sum).
        let mut by_day = 0;
        for d in monday..monday + 40 {
            by_day += with.working_micros(at(d, 0), at(d + 1, 0));
        }
        assert_eq!(
            with.working_micros(at(monday, 0), at(monday + 40, 0)),
            by_day
        );
    }
}
