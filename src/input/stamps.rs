//! Dates and timestamps in the rows: the window's days, durations from two timestamps,
//! working time, the order of day and month in slash dates, and the cases of an event log.

use super::acc::{Acc, Unmeasured};
use super::events::Log;
use super::layout;
use super::observations::NO_DAY;
use super::rows::{MAX_PENDING, Reader};
use super::time::{self, DateOrder, Stamp, StampError};
use crate::error::Problem;
use crate::message::Msg;
use crate::message::msg;
use crate::metric::{Kind, Unit};
use crate::registry::MetricId;
use crate::value::{self, Day};
use crate::warning::Warning;

impl Reader<'_> {
    /// Looks at the row's slash dates: one whose first (or second) number exceeds 12 decides
    /// the order of day and month for the file. True when the row has a date that reads
    /// either way and the order is still unknown: the row waits (a copy of it).
    pub(super) fn waits<F: AsRef<[u8]>>(&mut self, fields: &[F], line: u64) -> bool {
        let mut ambiguous = false;
        for &i in &self.stamp_cols {
            let Some(raw) = fields.get(i).map(AsRef::as_ref) else {
                continue;
            };
            if !time::day_month_first(raw.trim_ascii_start()) {
                continue;
            }
            let text = String::from_utf8_lossy(raw);
            match time::order_shown(&text) {
                Some(o) if self.order == DateOrder::Unknown => self.order = o,
                Some(_) => {}
                None => {
                    ambiguous |=
                        time::parse_stamp(&text, DateOrder::Unknown) == Err(StampError::Ambiguous);
                }
            }
        }
        if !ambiguous || self.order != DateOrder::Unknown {
            return false;
        }
        if self.pending.len() < MAX_PENDING {
            let row = fields.iter().map(|f| f.as_ref().into()).collect();
            self.pending.push((row, line));
        } else if self.pending.len() == MAX_PENDING {
            // Counted once: the file will be refused for its first waiting row.
            self.pending.push((Vec::new(), line));
        }
        true
    }

    /// A date or timestamp cell: `Ok(None)` when empty (not observed).
    pub(super) fn stamp(&mut self, raw: &[u8], col: usize, line: u64) -> Result<Option<Stamp>, ()> {
        if self.is_missing(raw) || raw.iter().all(u8::is_ascii_whitespace) {
            return Ok(None);
        }
        match time::parse_stamp_bytes(raw, self.order) {
            Ok(s) => Ok(Some(s)),
            Err(e) => {
                let text = String::from_utf8_lossy(raw);
                let expected = Self::missing_hint(text.trim(), msg!(timestamps_expected));
                let p = Problem::at(&self.name, line, Some(col as u64 + 1))
                    .says(self.bad_stamp(text.trim(), e), expected);
                self.problem(p);
                Err(())
            }
        }
    }

    pub(super) fn bad_stamp(&self, text: &str, e: StampError) -> Msg {
        match (e, self.order) {
            (StampError::Ambiguous, _) => msg!(stamp_ambiguous, value = text),
            (_, DateOrder::DayFirst) if day_month_order(text) => {
                msg!(stamp_invalid_dmy, value = text)
            }
            (_, DateOrder::MonthFirst) if day_month_order(text) => {
                msg!(stamp_invalid_mdy, value = text)
            }
            _ => msg!(stamp_invalid, value = text),
        }
    }

    /// In a file without a date column, the first row's other columns that hold dates: each
    /// worth mapping as the date in `[columns]`.
    pub(super) fn dates_elsewhere<F: AsRef<[u8]>>(&mut self, fields: &[F], line: u64) {
        for (i, (header, role)) in self.file.columns.iter().enumerate() {
            if *role != layout::ColumnRole::Dimension {
                continue;
            }
            let Some(raw) = fields.get(i) else { continue };
            let text = String::from_utf8_lossy(raw.as_ref());
            // A year of four digits: an ID or a count is not a date.
            let has_year = text
                .split(|c: char| !c.is_ascii_digit())
                .any(|p| p.len() == 4);
            if has_year && time::parse_stamp(&text, DateOrder::DayFirst).is_ok() {
                self.warnings.push(Warning::ColumnOfDates {
                    file: self.name.clone(),
                    line,
                    column: i as u64 + 1,
                    header: header.clone(),
                });
            }
        }
    }

    /// The window grows to include `d`.
    pub(super) fn see_day(&mut self, d: Day) {
        let f = &mut self.file;
        f.first_day = Some(f.first_day.map_or(d, |x| x.min(d)));
        f.last_day = Some(f.last_day.map_or(d, |x| x.max(d)));
    }

    /// The row's day; `NO_DAY` for an empty date cell of a dated file.
    #[inline]
    pub(super) fn date(&mut self, raw: &[u8], i: usize, line: u64) -> Day {
        if self.last_date.0 == raw && self.last_date.1 != NO_DAY {
            return self.last_date.1;
        }
        if self.is_missing(raw) {
            self.file.undated_rows += 1;
            return NO_DAY;
        }
        let parsed = value::parse_date_bytes(raw).map(Ok).unwrap_or_else(|| {
            time::parse_stamp(&String::from_utf8_lossy(raw), self.order).map(Stamp::day)
        });
        match parsed {
            Ok(d) => {
                self.see_day(d);
                self.last_date.0.clear();
                self.last_date.0.extend_from_slice(raw);
                self.last_date.1 = d;
                d
            }
            Err(e) => {
                let text = String::from_utf8_lossy(raw);
                let found = match e {
                    StampError::Invalid if !day_month_order(text.trim()) => {
                        msg!(date_not_calendar, value = text.trim())
                    }
                    e => self.bad_stamp(text.trim(), e),
                };
                let expected = Self::missing_hint(text.trim(), msg!(dates_expected));
                let p = Problem::at(&self.name, line, Some(i as u64 + 1)).says(found, expected);
                self.problem(p);
                NO_DAY
            }
        }
    }

    /// A case duration measured from two timestamps, in hours, and the day of its end; None
    /// when the case is open, has no start, ends before it starts, or a cell is no time.
    pub(super) fn span<F: AsRef<[u8]>>(
        &mut self,
        fields: &[F],
        s: &layout::SpanColumn,
        line: u64,
    ) -> Option<(f64, Day)> {
        let start = self.stamp(fields[s.start].as_ref(), s.start, line).ok()?;
        let end = self.stamp(fields[s.end].as_ref(), s.end, line).ok()?;
        let tally = self.unmeasured.entry(s.id).or_default();
        let note = |t: &mut Unmeasured| {
            if t.first_line == 0 {
                t.first_line = line;
            }
        };
        let (start, end) = match (start, end) {
            (_, None) => {
                tally.open += 1;
                note(tally);
                return None;
            }
            (None, Some(_)) => {
                tally.no_start += 1;
                note(tally);
                return None;
            }
            (Some(a), Some(b)) => (a, b),
        };
        let micros = start.micros_to(end);
        if micros < 0 {
            tally.reversed += 1;
            note(tally);
            return None;
        }
        let micros = match (&self.registry.rules.calendar, s.working) {
            (Some(cal), true) => cal.working_micros(start.micros, end.micros),
            _ => micros,
        };
        Some((micros as f64 / time::HOUR_MICROS, end.day()))
    }

    /// A duration in hours that no unit cell names: converted to the metric's unit and added.
    pub(super) fn add_hours(&mut self, id: MetricId, hours: f64, day: Option<Day>) {
        let def = self.registry.def(id);
        let (kind, unit) = (def.kind, def.unit);
        let factor = Unit::Hours.factor_to(unit).unwrap_or(1.0);
        let acc = self.accs[id].get_or_insert_with(|| Acc {
            keep_values: kind == Kind::CaseDuration,
            ..Acc::default()
        });
        acc.add(hours * factor, None, day, self.seg_now);
        if !acc.units.contains(&Unit::Hours) {
            acc.units.push(Unit::Hours);
        }
        if !self.row_sla.is_empty() {
            self.count_sla(id, hours * factor);
        }
    }

    /// One event of an event log.
    pub(super) fn event<F: AsRef<[u8]>>(
        &mut self,
        fields: &[F],
        line: u64,
        case: usize,
        activity: usize,
        at: usize,
    ) {
        let Ok(Some(stamp)) = self.stamp(fields[at].as_ref(), at, line) else {
            if fields[at].as_ref().iter().all(u8::is_ascii_whitespace) {
                let p = Problem::at(&self.name, line, Some(at as u64 + 1))
                    .says(msg!(event_no_time), msg!(event_time_expected));
                self.problem(p);
            }
            return;
        };
        let id = fields[case].as_ref().trim_ascii();
        if id.is_empty() {
            let p = Problem::at(&self.name, line, Some(case as u64 + 1))
                .says(msg!(event_no_case), msg!(event_case_expected));
            self.problem(p);
            return;
        }
        if let Some(log) = &mut self.log {
            log.add(id, fields[activity].as_ref(), stamp);
        }
    }

    /// An event log's cases as observations: cycle time, response time, rework.
    pub(super) fn finish_log(&mut self, log: Log) {
        // An event log is never split: its cases are no row's.
        self.seg_now = None;
        let role =
            |r| crate::metric::builtin_with_role(r).and_then(|b| self.registry.lookup(b.name));
        let (cycle, response) = (
            role(crate::metric::Role::Cycle),
            role(crate::metric::Role::FirstResponse),
        );
        let rework = self
            .registry
            .rules
            .events
            .as_ref()
            .filter(|e| e.rework)
            .and_then(|_| self.registry.lookup("rework"));
        let working = self
            .registry
            .rules
            .calendar
            .as_ref()
            .filter(|c| c.working)
            .cloned();
        let mut single = 0;
        for case in log.finish(working.as_ref()) {
            self.see_day(case.day);
            let day = Some(case.day);
            match (case.cycle_hours, cycle) {
                (Some(h), Some(id)) => self.add_hours(id, h, day),
                (None, _) => single += 1,
                _ => {}
            }
            if let (Some(h), Some(id)) = (case.response_hours, response) {
                self.add_hours(id, h, day);
            }
            if let Some(id) = rework {
                let acc = self.accs[id].get_or_insert_with(Acc::default);
                acc.add(if case.rework { 1.0 } else { 0.0 }, None, day, None);
            }
        }
        if single > 0 {
            self.warnings.push(Warning::SingleEventCases {
                file: self.name.clone(),
                cases: single,
            });
        }
    }
}

/// A date whose order of day and month matters: `3/4/2026` or `03-04-2026` (a dotted date
/// is day-first).
fn day_month_order(text: &str) -> bool {
    let b = text.as_bytes();
    time::day_month_first(b)
        && b.iter()
            .find(|c| !c.is_ascii_digit())
            .is_none_or(|c| *c != b'.')
}
