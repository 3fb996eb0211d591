//! An event log (`[events]`): one row per event of a case, in any order. Each case keeps its
//! first and last instant, its first instant of the response activity and, for rework, the
//! activities it has seen: memory grows with the cases, not with the rows. At the end each
//! case becomes its observations — cycle time (first to last event), response time (first
//! event to the first response activity), rework (a repeated activity) — dated by its last
//! event, in the order the cases first appeared.
//!
//! A case is one fixed record of 56 bytes (its id inline when it has at most 16 bytes, else in
//! a shared buffer), found through an open-addressing table of 8-byte slots (a 32-bit hash
//! tag and the record's index): no allocation per case or per event, and a log in time order,
//! whose open cases are few at any moment, stays in the processor's caches.

use super::keyhash::Seeds;
use super::time::{HOUR_MICROS, MICROS, Stamp};
use crate::rules::{Calendar, EventsMap};
use crate::value::Day;
use std::collections::{HashMap, HashSet};

/// Case ids of at most this many bytes are kept in the case's record.
const INLINE: usize = 16;
/// `Case::key_len` of an id kept in `Log::long`.
const LONG: u8 = u8::MAX;
/// `Case::flags`: the case has more than one event; it repeated an activity.
const MANY: u8 = 1;
const REPEATED: u8 = 2;
/// `Case::response` before the case has one.
const NO_RESPONSE: i64 = i64::MAX;

/// One case so far.
#[derive(Clone, Copy)]
struct Case {
    /// Instants on the common clock (a zone applied where given), microseconds.
    first: i64,
    last: i64,
    /// The first event of the response activity, or `NO_RESPONSE`.
    response: i64,
    /// Activities seen (interned ids below 64) as bits, for rework; later ones in
    /// `Log::seen_more`.
    seen: u64,
    /// The id (zero-padded) when it has at most `INLINE` bytes, else its offset in `Log::long`.
    key: [u8; INLINE],
    /// The zones of `first`, `last` and `response`, in minutes east of UTC (0 without one):
    /// the wall clock, for the calendar and the case's day, is the instant plus the zone.
    first_zone: i16,
    last_zone: i16,
    response_zone: i16,
    key_len: u8,
    flags: u8,
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
    cases: Vec<Case>,
    index: Table,
    /// Ids longer than `INLINE` bytes, each as its length (4 bytes, little-endian) and bytes.
    long: Vec<u8>,
    /// The hash's keys, drawn per log: ids crafted to collide cannot be prepared.
    seeds: Seeds,
    /// The last case's index: exports often list a case's events together.
    last: Option<usize>,
    /// The cases met lately (index + 1), by their hash tag: in a log in time order the open
    /// cases are found here, in a few kilobytes, instead of all over the table.
    recent: Vec<u32>,
    response: Option<Box<[u8]>>,
    rework: bool,
    /// Interned activities: the first `FEW` searched in order, the rest in a map.
    activities: Vec<Box<[u8]>>,
    more_activities: HashMap<Box<[u8]>, u32>,
    /// Per case (index), the activities seen whose interned id is 64 or more (a list
    /// searched per event made a case of a million activities quadratic); dropped once the
    /// case has repeated one.
    seen_more: HashMap<u32, HashSet<u32>>,
}

/// Slots of `Log::recent`.
const RECENT: usize = 8192;

/// Activities searched one by one before the map.
const FEW: usize = 32;

impl Log {
    pub fn new(rules: &EventsMap) -> Log {
        Log {
            cases: Vec::new(),
            index: Table::new(),
            long: Vec::new(),
            seeds: Seeds::random(),
            last: None,
            recent: vec![0; RECENT],
            response: rules
                .response_until
                .as_ref()
                .map(|r| r.trim().as_bytes().into()),
            rework: rules.rework,
            activities: Vec::new(),
            more_activities: HashMap::new(),
            seen_more: HashMap::new(),
        }
    }

    /// One event: its case, activity and time.
    pub fn add(&mut self, case: &[u8], activity: &[u8], at: Stamp) {
        let instant = at.instant();
        // Zones are whole minutes (at most 14:59).
        let zone = at.offset.map_or(0, |o| (o / 60) as i16);
        let activity = activity.trim_ascii();
        let is_response = self.response.as_deref() == Some(activity);
        let act = if self.rework {
            self.intern(activity)
        } else {
            0
        };
        let padded = (case.len() <= INLINE).then(|| {
            let mut k = [0u8; INLINE];
            k[..case.len()].copy_from_slice(case);
            k
        });
        let (i, new) = match self.last.filter(|&i| self.is(&self.cases[i], case, padded)) {
            Some(i) => (i, false),
            None => {
                let tag = (self.seeds.hash(case) >> 32) as u32;
                let r = tag as usize % RECENT;
                let seen = self.recent[r].checked_sub(1).map(|i| i as usize);
                let (i, new) = match seen.filter(|&i| self.is(&self.cases[i], case, padded)) {
                    Some(i) => (i, false),
                    None => self.find_or_add(case, padded, tag, instant, zone),
                };
                self.recent[r] = i as u32 + 1;
                self.last = Some(i);
                (i, new)
            }
        };
        let c = &mut self.cases[i];
        if !new {
            c.flags |= MANY;
        }
        if instant < c.first {
            c.first = instant;
            c.first_zone = zone;
        }
        if instant >= c.last {
            c.last = instant;
            c.last_zone = zone;
        }
        if is_response && instant < c.response {
            c.response = instant;
            c.response_zone = zone;
        }
        if self.rework && c.flags & REPEATED == 0 {
            let repeated = if act < 64 {
                let bit = 1u64 << act;
                let seen = c.seen & bit != 0;
                c.seen |= bit;
                seen
            } else {
                !self.seen_more.entry(i as u32).or_default().insert(act)
            };
            if repeated {
                c.flags |= REPEATED;
                self.seen_more.remove(&(i as u32));
            }
        }
    }

    /// The interned id of an activity.
    fn intern(&mut self, activity: &[u8]) -> u32 {
        if let Some(a) = self.activities.iter().position(|a| **a == *activity) {
            return a as u32;
        }
        if self.activities.len() < FEW {
            self.activities.push(activity.into());
            return (self.activities.len() - 1) as u32;
        }
        let next = (FEW + self.more_activities.len()) as u32;
        *self.more_activities.entry(activity.into()).or_insert(next)
    }

    /// Whether `c` is the case `key` (`padded`: the key zero-padded, when short).
    #[inline]
    fn is(&self, c: &Case, key: &[u8], padded: Option<[u8; INLINE]>) -> bool {
        match padded {
            Some(p) => c.key_len as usize == key.len() && c.key == p,
            None if c.key_len == LONG => {
                let at = u64::from_le_bytes(c.key[..8].try_into().unwrap_or([0; 8])) as usize;
                let len = u32::from_le_bytes(self.long[at..at + 4].try_into().unwrap_or([0; 4]));
                len as usize == key.len() && self.long[at + 4..at + 4 + key.len()] == *key
            }
            None => false,
        }
    }

    /// The index of the case `key`, and whether this event opens it (a new case, its first
    /// and last time `instant`).
    fn find_or_add(
        &mut self,
        key: &[u8],
        padded: Option<[u8; INLINE]>,
        tag: u32,
        instant: i64,
        zone: i16,
    ) -> (usize, bool) {
        let mut pos = tag as usize & self.index.mask;
        loop {
            let slot = self.index.slots[pos];
            if slot == 0 {
                break;
            }
            if (slot >> 32) as u32 == tag {
                let i = (slot as u32 - 1) as usize;
                if self.is(&self.cases[i], key, padded) {
                    return (i, false);
                }
            }
            pos = (pos + 1) & self.index.mask;
        }
        let i = self.cases.len();
        let (key_bytes, key_len) = match padded {
            Some(p) => (p, key.len() as u8),
            None => {
                let mut k = [0u8; INLINE];
                k[..8].copy_from_slice(&(self.long.len() as u64).to_le_bytes());
                self.long
                    .extend_from_slice(&(key.len() as u32).to_le_bytes());
                self.long.extend_from_slice(key);
                (k, LONG)
            }
        };
        self.cases.push(Case {
            first: instant,
            last: instant,
            response: NO_RESPONSE,
            seen: 0,
            key: key_bytes,
            first_zone: zone,
            last_zone: zone,
            response_zone: 0,
            key_len,
            flags: 0,
        });
        // Index + 1 in the slot (0 is empty): at most 2³² − 2 cases, 56 bytes each.
        self.index.slots[pos] = u64::from(tag) << 32 | (i as u64 + 1);
        self.index.len += 1;
        if self.index.len * 4 > self.index.slots.len() * 3 {
            self.index.grow();
        }
        (i, true)
    }

    /// Every case as observations, in the order they first appeared.
    pub fn finish(self, calendar: Option<&Calendar>) -> impl Iterator<Item = Finished> + '_ {
        let Log { cases, .. } = self;
        let wall = |instant: i64, zone: i16| instant + i64::from(zone) * 60 * MICROS;
        let hours = move |a: i64, b: i64, a_zone: i16, b_zone: i16| match calendar {
            Some(cal) => cal.working_micros(wall(a, a_zone), wall(b, b_zone)) as f64 / HOUR_MICROS,
            None => (b - a) as f64 / HOUR_MICROS,
        };
        cases.into_iter().map(move |c| Finished {
            cycle_hours: (c.flags & MANY != 0)
                .then(|| hours(c.first, c.last, c.first_zone, c.last_zone)),
            response_hours: (c.response != NO_RESPONSE)
                .then(|| hours(c.first, c.response, c.first_zone, c.response_zone)),
            rework: c.flags & REPEATED != 0,
            day: wall(c.last, c.last_zone).div_euclid(super::time::DAY_MICROS) as Day,
        })
    }
}

/// The cases' index: open addressing with linear probing, at most three quarters full; a
/// slot is a case's hash tag (32 bits, whose low bits place it) and its index + 1.
struct Table {
    slots: Vec<u64>,
    mask: usize,
    len: usize,
}

impl Table {
    fn new() -> Table {
        Table {
            slots: vec![0; 1024],
            mask: 1023,
            len: 0,
        }
    }

    /// Twice the slots, each entry placed again by its tag: no id is read again.
    fn grow(&mut self) {
        let size = self.slots.len() * 2;
        let mut slots = vec![0u64; size];
        let mask = size - 1;
        for &s in &self.slots {
            if s != 0 {
                let mut pos = (s >> 32) as usize & mask;
                while slots[pos] != 0 {
                    pos = (pos + 1) & mask;
                }
                slots[pos] = s;
            }
        }
        self.slots = slots;
        self.mask = mask;
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
        let done: Vec<Finished> = log.finish(None).collect();
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
        let rework: Vec<bool> = log.finish(None).map(|c| c.rework).collect();
        assert_eq!(rework, [false, true, true, true, false]);
    }

    #[test]
    fn thousands_of_cases_short_and_long_ids_revisited_out_of_order() {
        let rules = EventsMap {
            case: "case".into(),
            activity: "activity".into(),
            timestamp: "at".into(),
            response_until: Some("Answer".into()),
            rework: false,
        };
        let mut log = Log::new(&rules);
        let at = |t: &str| super::super::time::parse_stamp(t, DateOrder::Unknown).unwrap();
        // Ids of 7 to 10 bytes (kept in the record) and of 38 (kept aside); enough cases for
        // the index to grow several times. Case k opens on day k % 28 at 08:00, closes
        // k % 7 + 1 hours later, and every third is answered after 30 minutes; the closes
        // come in reverse order, the answers last.
        let id = |k: usize| {
            if k.is_multiple_of(2) {
                format!("case-{k}")
            } else {
                format!("a-rather-long-case-identifier-{k:08}")
            }
        };
        let n = 5000;
        let day = |k: usize| format!("2026-09-{:02}", k % 28 + 1);
        for k in 0..n {
            log.add(id(k).as_bytes(), b"Open", at(&format!("{} 08:00", day(k))));
        }
        for k in (0..n).rev() {
            let close = format!("{} {:02}:00", day(k), 8 + k % 7 + 1);
            log.add(id(k).as_bytes(), b"Close", at(&close));
        }
        for k in (0..n).step_by(3) {
            log.add(
                id(k).as_bytes(),
                b"Answer",
                at(&format!("{} 08:30", day(k))),
            );
        }
        let done: Vec<Finished> = log.finish(None).collect();
        assert_eq!(done.len(), n);
        for (k, c) in done.iter().enumerate() {
            assert_eq!(c.cycle_hours, Some((k % 7 + 1) as f64), "case {k}");
            let answered = k.is_multiple_of(3).then_some(0.5);
            assert_eq!(c.response_hours, answered, "case {k}");
            assert_eq!(crate::value::format_day(c.day), day(k), "case {k}");
        }
    }

    #[test]
    fn zones_measure_on_the_common_clock_and_date_by_the_wall_clock() {
        let rules = EventsMap {
            case: "case".into(),
            activity: "activity".into(),
            timestamp: "at".into(),
            response_until: Some("Answer".into()),
            rework: false,
        };
        let mut log = Log::new(&rules);
        let at = |t: &str| super::super::time::parse_stamp(t, DateOrder::Unknown).unwrap();
        // 08:00 in Warsaw (06:00 UTC) to 23:30 UTC = 17.5 h, answered 07:00 UTC (1 h); the
        // last event is 00:30 on 2 September on its own clock (+01:00).
        log.add(b"Z", b"Open", at("2026-09-01T08:00:00+02:00"));
        log.add(b"Z", b"Answer", at("2026-09-01T07:00:00Z"));
        log.add(b"Z", b"Close", at("2026-09-02T00:30:00+01:00"));
        let done: Vec<Finished> = log.finish(None).collect();
        assert_eq!(done[0].cycle_hours, Some(17.5));
        assert_eq!(done[0].response_hours, Some(1.0));
        assert_eq!(crate::value::format_day(done[0].day), "2026-09-02");
    }
}
