//! An event log (`[events]`): one row per event of a case, in any order. Each case keeps its
//! first and last instant, its first instant of the response activity and, for rework, the
//! activities it has seen: memory grows with the cases, not with the rows. At the end each
//! case becomes its observations — cycle time (first to last event), response time (first
//! event to the first response activity), rework (a repeated activity) — dated by its last
//! event, in the order the cases first appeared.

use super::time::{HOUR_MICROS, Stamp};
use crate::rules::{Calendar, EventsMap};
use crate::value::Day;
use std::collections::{HashMap, HashSet};

/// One case so far.
struct Case {
    /// Instants on the common clock (a zone applied where given) and wall-clock ones for the
    /// calendar.
    first: i64,
    first_local: i64,
    last: i64,
    last_local: i64,
    last_day: Day,
    /// The first event of the response activity: instant and wall clock.
    response: Option<(i64, i64)>,
    /// Activities seen (interned), for rework: the first 64 as bits, the rest in a set (a
    /// list searched per event made a case of a million activities quadratic); both
    /// dropped once the case has repeated one. Boxed: most cases never need the set, and
    /// memory is counted per case (8 bytes here against a set's 48).
    seen_bits: u64,
    #[allow(clippy::box_collection)]
    seen_more: Option<Box<HashSet<u32>>>,
    repeated: bool,
    events: u32,
}

/// A case as observations.
#[derive(Debug, Clone, PartialEq)]
pub struct Finished {
    /// Hours from the first to the last event; None for a case of one event.
    pub cycle_hours: Option<f64>,
    /// Hours from the first event to the first response activity; None without one.
    pub response_hours: Option<f64>,
    pub rework: bool,
    pub day: Day,
}

pub struct Log {
    index: HashMap<Box<[u8]>, u32>,
    /// The last case and its index: exports list a case's events together.
    last: Option<(Box<[u8]>, usize)>,
    cases: Vec<Case>,
    response: Option<Box<[u8]>>,
    rework: bool,
    activities: HashMap<Box<[u8]>, u32>,
}

impl Log {
    pub fn new(rules: &EventsMap) -> Log {
        Log {
            index: HashMap::new(),
            last: None,
            cases: Vec::new(),
            response: rules
                .response_until
                .as_ref()
                .map(|r| r.trim().as_bytes().into()),
            rework: rules.rework,
            activities: HashMap::new(),
        }
    }

    /// One event: its case, activity and time.
    pub fn add(&mut self, case: &[u8], activity: &[u8], at: Stamp) {
        let instant = at.instant();
        let activity = activity.trim_ascii();
        let is_response = self.response.as_deref() == Some(activity);
        let act = if self.rework {
            match self.activities.get(activity) {
                Some(&a) => a,
                None => {
                    let next = self.activities.len() as u32;
                    self.activities.insert(activity.into(), next);
                    next
                }
            }
        } else {
            0
        };
        let cached = self
            .last
            .as_ref()
            .filter(|(k, _)| **k == *case)
            .map(|(_, i)| *i);
        let i = match cached.or_else(|| self.index.get(case).map(|&i| i as usize)) {
            Some(i) => i,
            None => {
                let i = self.cases.len();
                self.index.insert(case.into(), i as u32);
                self.cases.push(Case {
                    first: instant,
                    first_local: at.micros,
                    last: instant,
                    last_local: at.micros,
                    last_day: at.day(),
                    response: None,
                    seen_bits: 0,
                    seen_more: None,
                    repeated: false,
                    events: 0,
                });
                i
            }
        };
        if cached.is_none() {
            self.last = Some((case.into(), i));
        }
        let c = &mut self.cases[i];
        c.events += 1;
        if instant < c.first {
            c.first = instant;
            c.first_local = at.micros;
        }
        if instant >= c.last {
            c.last = instant;
            c.last_local = at.micros;
            c.last_day = at.day();
        }
        if is_response && c.response.is_none_or(|(r, _)| instant < r) {
            c.response = Some((instant, at.micros));
        }
        if self.rework && !c.repeated {
            c.repeated = if act < 64 {
                let bit = 1u64 << act;
                let seen = c.seen_bits & bit != 0;
                c.seen_bits |= bit;
                seen
            } else {
                !c.seen_more.get_or_insert_default().insert(act)
            };
            if c.repeated {
                c.seen_more = None;
            }
        }
    }

    /// Every case as observations, in the order they first appeared.
    pub fn finish(self, calendar: Option<&Calendar>) -> Vec<Finished> {
        let hours = |a: i64, b: i64, a_local: i64, b_local: i64| match calendar {
            Some(cal) => cal.working_micros(a_local, b_local) as f64 / HOUR_MICROS,
            None => (b - a) as f64 / HOUR_MICROS,
        };
        self.cases
            .into_iter()
            .map(|c| Finished {
                cycle_hours: (c.events > 1)
                    .then(|| hours(c.first, c.last, c.first_local, c.last_local)),
                response_hours: c
                    .response
                    .map(|(r, r_local)| hours(c.first, r, c.first_local, r_local)),
                rework: c.repeated,
                day: c.last_day,
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::DateOrder;

    #[test]
    fn cases_from_events_in_any_order() {
        let rules = EventsMap {
            case: "case".into(),
            activity: "activity".into(),
            timestamp: "at".into(),
            response_until: Some("Answer".into()),
            rework: true,
        };
        let mut log = Log::new(&rules);
        let at = |t: &str| super::super::time::parse_stamp(t, DateOrder::Unknown).unwrap();
        // A: opened 08:00, answered 08:45, checked twice (rework), closed 12:30 next day.
        log.add(b"A", b"Check", at("2026-09-01 10:00"));
        log.add(b"A", b"Open", at("2026-09-01 08:00"));
        log.add(b"B", b"Open", at("2026-09-01 09:00"));
        log.add(b"A", b"Answer", at("2026-09-01 08:45"));
        log.add(b"A", b"Check", at("2026-09-02 09:00"));
        log.add(b"A", b"Close", at("2026-09-02 12:30"));
        let done = log.finish(None);
        assert_eq!(done.len(), 2);
        assert_eq!(done[0].cycle_hours, Some(28.5));
        assert_eq!(done[0].response_hours, Some(0.75));
        assert!(done[0].rework);
        assert_eq!(crate::value::format_day(done[0].day), "2026-09-02");
        // B has one event: no duration, no response, no rework.
        assert_eq!(done[1].cycle_hours, None);
        assert_eq!(done[1].response_hours, None);
        assert!(!done[1].rework);
    }

    #[test]
    fn rework_is_a_repeated_activity_beyond_the_first_64() {
        let rules = EventsMap {
            case: "case".into(),
            activity: "activity".into(),
            timestamp: "at".into(),
            response_until: None,
            rework: true,
        };
        let mut log = Log::new(&rules);
        let at = |t: &str| super::super::time::parse_stamp(t, DateOrder::Unknown).unwrap();
        // A: 200 different activities, none twice. B: the same 200, then its 100th again
        // (an activity past the first 64 interned). C: its first activity again, last.
        // D: one activity three times. E: A's activities interleaved with D's.
        for i in 0..200 {
            let act = format!("step {i}");
            log.add(b"A", act.as_bytes(), at("2026-09-01 08:00"));
            log.add(b"B", act.as_bytes(), at("2026-09-01 08:00"));
            log.add(b"C", act.as_bytes(), at("2026-09-01 08:00"));
        }
        log.add(b"B", b"step 99", at("2026-09-01 09:00"));
        log.add(b"C", b"step 0", at("2026-09-01 09:00"));
        for _ in 0..3 {
            log.add(b"D", b"step 150", at("2026-09-01 09:00"));
        }
        log.add(b"E", b"step 150", at("2026-09-01 09:00"));
        log.add(b"E", b"step 3", at("2026-09-01 09:00"));
        let rework: Vec<bool> = log.finish(None).iter().map(|c| c.rework).collect();
        assert_eq!(rework, [false, true, true, true, false]);
    }
}
