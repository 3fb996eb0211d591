//! One cell of a metric becomes an observation: its number or duration in the metric's unit,
//! or a located problem; and the names no metric has.

use super::acc::Acc;
use super::layout::UnitSource;
use super::rows::{MAX_UNKNOWN_LISTED, MAX_VALUE, Reader};
use super::time;
use crate::error::Problem;
use crate::message::msg;
use crate::metric::{Kind, Unit};
use crate::registry::MetricId;
use crate::value::{self, Day, NumberError};

impl Reader<'_> {
    pub(super) fn unknown_metric(&mut self, raw: &[u8], line: u64, col: usize) {
        let text = String::from_utf8_lossy(raw).trim().to_string();
        if text.is_empty() {
            let p = Problem::at(&self.name, line, Some(col as u64 + 1))
                .says(msg!(metric_name_empty), msg!(a_metric_such_as_long));
            self.problem(p);
        } else if let Some(entry) = self.unknown.get_mut(&text) {
            entry.1 += 1;
        } else if self.unknown.len() < MAX_UNKNOWN_LISTED {
            self.unknown.insert(text, (line, 1));
        } else {
            self.unknown_overflow += 1;
        }
    }

    /// Parses, checks and adds one value cell.
    #[inline]
    pub(super) fn observe(
        &mut self,
        raw: &[u8],
        line: u64,
        col: usize,
        id: MetricId,
        unit: UnitSource,
        day: Option<Day>,
    ) {
        let def = self.registry.def(id);
        let (kind, def_unit) = (def.kind, def.unit);
        if self.accs[id].is_none() {
            self.accs[id] = Some(Acc {
                keep_values: kind == Kind::CaseDuration,
                ..Acc::default()
            });
        }
        if self.is_missing(raw) {
            if let Some(acc) = &mut self.accs[id] {
                acc.add_missing(self.seg_now);
            }
            return;
        }
        let (value, decimal) = match value::parse_number_parts(raw) {
            Ok((v, d)) if (0.0..=MAX_VALUE).contains(&v) => (v, d),
            // A duration written 4:30 or PT4H30M: hours, whatever the unit cell says.
            Err(NumberError::NotANumber) if kind != Kind::Count => {
                match time::parse_duration_hours(&String::from_utf8_lossy(raw)) {
                    Some(h) if h <= MAX_VALUE => {
                        self.add_hours(id, h, day);
                        return;
                    }
                    _ => {
                        self.bad_value(raw, Err(NumberError::NotANumber), line, col, id);
                        return;
                    }
                }
            }
            other => {
                self.bad_value(raw, other.map(|(v, _)| v), line, col, id);
                return;
            }
        };
        let Some(factor) = unit.unit.factor_to(def_unit) else {
            let at = Problem::at(
                &self.name,
                line,
                Some(unit.column.unwrap_or(col) as u64 + 1),
            );
            let expected = if kind == Kind::Count {
                msg!(unit_for_count)
            } else {
                msg!(unit_for_duration, units = msg!(units_accepted))
            };
            let name = self.registry.def(id).name.clone();
            self.problem(at.says(
                msg!(
                    unit_not_fit,
                    unit = unit.unit.to_string(),
                    metric = crate::message::metric(&name)
                ),
                expected,
            ));
            return;
        };
        if kind == Kind::Count && value.fract() != 0.0 && unit.unit == Unit::Count {
            let name = self.registry.def(id).name.clone();
            let p = Problem::at(&self.name, line, Some(col as u64 + 1)).says(
                msg!(
                    not_whole,
                    value = String::from_utf8_lossy(raw).trim(),
                    metric = crate::message::metric(&name)
                ),
                msg!(a_whole_count),
            );
            self.problem(p);
            return;
        }
        if let Some(acc) = &mut self.accs[id] {
            // The decimal's digits stand for the value only when no unit conversion applies.
            acc.add(
                value * factor,
                decimal.filter(|_| factor == 1.0),
                day,
                self.seg_now,
            );
            if acc.units.last() != Some(&unit.unit) && !acc.units.contains(&unit.unit) {
                acc.units.push(unit.unit);
            }
        }
        if !self.row_sla.is_empty() {
            self.count_sla(id, value * factor);
        }
    }

    #[cold]
    pub(super) fn bad_value(
        &mut self,
        raw: &[u8],
        parsed: Result<f64, NumberError>,
        line: u64,
        col: usize,
        id: MetricId,
    ) {
        let def = self.registry.def(id);
        let name = def.name.clone();
        let what = match def.kind {
            Kind::Count => msg!(a_count_like),
            _ => msg!(a_duration_like),
        };
        let text = String::from_utf8_lossy(raw).trim().to_string();
        let (found, expected) = match parsed {
            Err(NumberError::NotANumber) => (
                msg!(
                    value_not_number,
                    value = text.clone(),
                    metric = crate::message::metric(&name)
                ),
                Self::missing_hint(&text, msg!(or_empty_na, what = what)),
            ),
            Err(NumberError::NotFinite) => (
                msg!(
                    value_not_finite,
                    value = text,
                    metric = crate::message::metric(&name)
                ),
                msg!(leave_empty_na, what = what),
            ),
            Ok(v) if v < 0.0 => (
                msg!(
                    value_negative,
                    value = text,
                    metric = crate::message::metric(&name)
                ),
                msg!(zero_or_more, what = what),
            ),
            Ok(_) => (
                msg!(
                    value_too_large,
                    value = text,
                    metric = crate::message::metric(&name)
                ),
                msg!(at_most_billion, what = what),
            ),
        };
        let p = Problem::at(&self.name, line, Some(col as u64 + 1)).says(found, expected);
        self.problem(p);
    }
}
