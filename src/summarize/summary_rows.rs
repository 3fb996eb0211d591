//! The rows of a summary file, parsed and checked: each metric's statistics in its own unit,
//! per week and per segment where the columns say so, and the window the rows give. Every
//! problem is located by line and column.

use super::side::{Side, Window};
use crate::assumptions::{Assumptions, Source};
use crate::error::{Problem, ProblemBuilder};
use crate::message::Arg;
use crate::message::msg;
use crate::metric::{Kind, Unit};
use crate::registry::{MetricDef, MetricId, Registry};
use crate::value::{self, format_day};
use crate::warning::Warning;
use csv::StringRecord;
use std::collections::BTreeMap;

/// The statistic columns a summary may have, as they are written in the header.
/// The largest statistic a summary may give, in its own unit.
const MAX_STAT: f64 = 1e12;

const STATS: [&str; 12] = [
    "n",
    "mean",
    "std",
    "min",
    "max",
    "median",
    "p90",
    "p95",
    "within_sla",
    "sla_cases",
    "sla_target",
    "total",
];

/// The columns of a summary roi reads, besides the statistics.
const OTHER: [&str; 7] = [
    "metric",
    "unit",
    "days",
    "first_day",
    "last_day",
    "week",
    "segment",
];

/// One row's statistics, in the metric's unit; None where the row has none.
#[derive(Debug, Clone, Default)]
pub(super) struct Row {
    pub(super) line: u64,
    values: BTreeMap<&'static str, f64>,
}

impl Row {
    pub(super) fn get(&self, k: &str) -> Option<f64> {
        self.values.get(k).copied()
    }
}

/// A metric's rows on one side (or in one segment): the whole period, and per week.
#[derive(Debug, Default)]
pub(super) struct Rows {
    pub(super) whole: Option<Row>,
    pub(super) weekly: Vec<(i32, Row)>,
}

pub(super) type Metrics = BTreeMap<MetricId, Rows>;

/// What the rows of a summary gave.
#[derive(Debug, Default)]
pub(super) struct Parsed {
    pub(super) whole: Metrics,
    pub(super) segments: BTreeMap<String, Metrics>,
    pub(super) first_day: Option<i32>,
    pub(super) last_day: Option<i32>,
    /// `days`, and the line that gave it.
    pub(super) days: Option<(u32, u64)>,
    pub(super) problems: Vec<Problem>,
    pub(super) warnings: Vec<Warning>,
}

/// Reads the rows of a summary whose header is `headers`.
pub(super) struct Parser<'a> {
    pub(super) name: &'a str,
    pub(super) headers: &'a [String],
    pub(super) registry: &'a Registry,
    pub(super) parsed: Parsed,
}

impl<'a> Parser<'a> {
    pub(super) fn new(name: &'a str, headers: &'a [String], registry: &'a Registry) -> Self {
        let mut p = Parser {
            name,
            headers,
            registry,
            parsed: Parsed::default(),
        };
        for (i, h) in headers.iter().enumerate() {
            if !h.is_empty() && !STATS.contains(&h.as_str()) && !OTHER.contains(&h.as_str()) {
                p.parsed
                    .problems
                    .push(Problem::at(name, 1, Some(i as u64 + 1)).says(
                        msg!(sum_unknown_column, column = h),
                        msg!(
                            one_of,
                            list = Arg::Names(
                                OTHER.iter().chain(&STATS).map(|c| c.to_string()).collect()
                            )
                        ),
                    ));
            }
        }
        p
    }

    /// The column of a header, 0-based.
    pub(super) fn col(&self, h: &str) -> Option<usize> {
        self.headers.iter().position(|x| x == h)
    }

    /// A problem at a line, in the column `h` when the file has it.
    fn at(&self, line: u64, h: &str) -> ProblemBuilder {
        Problem::at(self.name, line, self.col(h).map(|i| i as u64 + 1))
    }

    fn field<'r>(&self, record: &'r StringRecord, h: &str) -> Option<&'r str> {
        self.col(h)
            .and_then(|i| record.get(i))
            .map(str::trim)
            .filter(|s| !s.is_empty())
    }

    /// Reads every row of `text` (its header first).
    pub(super) fn rows(&mut self, text: &str, delimiter: u8) {
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(true)
            .flexible(false)
            .from_reader(text.as_bytes());
        for (k, record) in reader.records().enumerate() {
            let line = k as u64 + 2;
            match record {
                Ok(r) if r.iter().all(|f| f.trim().is_empty()) => {}
                Ok(r) => self.row(&r, line),
                Err(e) => {
                    let p = Problem::at(self.name, line, None).says(
                        msg!(row_unreadable, reason = e.to_string()),
                        msg!(fields_like_header, n = self.headers.len()),
                    );
                    self.parsed.problems.push(p);
                }
            }
        }
    }

    /// One row: its metric and unit, its statistics, its window, then where it belongs.
    fn row(&mut self, record: &StringRecord, line: u64) {
        let Some((id, factor)) = self.metric(record, line) else {
            return;
        };
        let def = self.registry.def(id);
        let stats = self.stats(record, line, def, factor);
        let dated = self.window_fields(record, line);
        let (Some(row), true) = (stats, dated) else {
            return;
        };
        if let Err(p) = check(&row, def.kind, self.name, &|c| self.col(c)) {
            self.parsed.problems.push(p);
            return;
        }
        self.place(record, id, row);
    }

    /// The row's metric and the factor from its unit to the metric's; None (with a problem
    /// or a warning) when there is none.
    fn metric(&mut self, record: &StringRecord, line: u64) -> Option<(MetricId, f64)> {
        let Some(metric) = self.field(record, "metric") else {
            let p = self
                .at(line, "metric")
                .says(msg!(no_metric_name), msg!(a_metric_such_as));
            self.parsed.problems.push(p);
            return None;
        };
        let Some(id) = self.registry.lookup(metric) else {
            let ignored = self
                .registry
                .rules
                .ignore
                .contains(&crate::metric::normalize_name(metric));
            match self.registry.typo_of(metric).map(str::to_string) {
                _ if ignored => {}
                // Typos are errors: a name close to a metric would give a different case.
                Some(s) => {
                    let p = self.at(line, "metric").says(
                        msg!(
                            metric_near_miss,
                            name = metric,
                            hint = msg!(did_you_mean, name = s),
                            rows = 1
                        ),
                        msg!(near_miss_expected, name = metric),
                    );
                    self.parsed.problems.push(p);
                }
                None => self.parsed.warnings.push(Warning::UnknownMetric {
                    file: self.name.to_string(),
                    line,
                    suggestion: self.registry.suggest(metric).map(str::to_string),
                    name: metric.to_string(),
                    rows: 1,
                }),
            }
            return None;
        };
        let def = self.registry.def(id);
        // The unit of the row's durations; a count has none.
        let unit = match self.field(record, "unit") {
            None => def.unit,
            Some(u) => match Unit::parse(u) {
                Some(u) => u,
                None => {
                    let p = self.at(line, "unit").says(
                        msg!(unknown_unit, unit = u),
                        msg!(a_unit, units = msg!(units_accepted)),
                    );
                    self.parsed.problems.push(p);
                    return None;
                }
            },
        };
        let Some(factor) = unit.factor_to(def.unit) else {
            let p = self.at(line, "unit").says(
                msg!(
                    unit_not_fit,
                    unit = unit.to_string(),
                    metric = crate::message::metric(&def.name)
                ),
                if def.kind == Kind::Count {
                    msg!(unit_for_count)
                } else {
                    msg!(unit_for_duration, units = msg!(units_accepted))
                },
            );
            self.parsed.problems.push(p);
            return None;
        };
        Some((id, factor))
    }

    /// The row's statistics, durations in the metric's unit; None when one is not a number.
    fn stats(
        &mut self,
        record: &StringRecord,
        line: u64,
        def: &MetricDef,
        factor: f64,
    ) -> Option<Row> {
        let mut row = Row {
            line,
            values: BTreeMap::new(),
        };
        let mut bad = false;
        for s in STATS {
            let Some(raw) = self.field(record, s) else {
                continue;
            };
            match value::parse_number(raw) {
                // No statistic of a duration or a count is negative; beyond a trillion it is
                // a typo (and money could not hold what it would be worth).
                Ok(v) if v.is_finite() && !(0.0..=MAX_STAT).contains(&v) => {
                    let p = self.at(line, s).says(
                        msg!(stat_out_of_range, value = raw, column = s),
                        msg!(a_stat_in_range),
                    );
                    self.parsed.problems.push(p);
                    bad = true;
                }
                Ok(v) if v.is_finite() => {
                    // Durations in the metric's unit; counts and shares as they are.
                    let scaled = match s {
                        "n" | "within_sla" | "sla_cases" => v,
                        _ if def.kind == Kind::Count => v,
                        _ => v * factor,
                    };
                    row.values.insert(s, scaled);
                }
                _ => {
                    let p = self.at(line, s).says(
                        msg!(stat_not_number, value = raw, column = s),
                        msg!(a_number_like),
                    );
                    self.parsed.problems.push(p);
                    bad = true;
                }
            }
        }
        (!bad).then_some(row)
    }

    /// The row's window columns, folded into the file's; false when one is wrong.
    fn window_fields(&mut self, record: &StringRecord, line: u64) -> bool {
        let mut ok = true;
        for k in ["first_day", "last_day"] {
            let Some(raw) = self.field(record, k) else {
                continue;
            };
            match value::parse_date(raw) {
                Some(day) => {
                    let d = if k == "first_day" {
                        &mut self.parsed.first_day
                    } else {
                        &mut self.parsed.last_day
                    };
                    *d = Some(match (*d, k) {
                        (Some(x), "first_day") => x.min(day),
                        (Some(x), _) => x.max(day),
                        (None, _) => day,
                    });
                }
                None => {
                    let p = self.at(line, k).says(
                        msg!(stat_not_date, value = raw, column = k),
                        msg!(a_date_like),
                    );
                    self.parsed.problems.push(p);
                    ok = false;
                }
            }
        }
        if let Some(raw) = self.field(record, "days") {
            match raw.parse::<u32>() {
                Ok(d) if d > 0 => match self.parsed.days {
                    Some((x, _)) if x != d => {
                        let p = self.at(line, "days").says(
                            msg!(days_differ_row, days = d, earlier = x),
                            msg!(one_window),
                        );
                        self.parsed.problems.push(p);
                        ok = false;
                    }
                    _ => self.parsed.days = Some((d, line)),
                },
                _ => {
                    let p = self
                        .at(line, "days")
                        .says(msg!(days_not_number, value = raw), msg!(days_whole));
                    self.parsed.problems.push(p);
                    ok = false;
                }
            }
        }
        ok
    }

    /// A checked row into its place: the whole or a segment, the period or a week.
    fn place(&mut self, record: &StringRecord, id: MetricId, row: Row) {
        let by_segment = self.registry.rules.by.is_some();
        let segment = self.field(record, "segment");
        let week = self.field(record, "week");
        let line = row.line;
        let target = match segment {
            Some(s) if by_segment => self.parsed.segments.entry(s.to_string()).or_default(),
            // Without --by the segments' rows are not needed.
            Some(_) => return,
            None => &mut self.parsed.whole,
        };
        let rows = target.entry(id).or_default();
        let problem = match week {
            Some(w) => match value::parse_date(w) {
                // The week of the date, Monday first, as the raw rows are grouped.
                Some(day) => {
                    rows.weekly.push(((day + 3).div_euclid(7), row));
                    None
                }
                None => Some(("week", msg!(week_not_date, value = w), msg!(week_first_day))),
            },
            None => match &rows.whole {
                Some(prev) => Some((
                    "",
                    msg!(
                        metric_twice,
                        metric = crate::message::metric(&self.registry.def(id).name),
                        line = prev.line
                    ),
                    msg!(one_row_per_metric),
                )),
                None => {
                    rows.whole = Some(row);
                    None
                }
            },
        };
        if let Some((column, found, expected)) = problem {
            let at = if column.is_empty() {
                Problem::at(self.name, line, None)
            } else {
                self.at(line, column)
            };
            self.parsed.problems.push(at.says(found, expected));
        }
    }

    /// The window: the dates the rows gave, else days, else roi.toml's.
    pub(super) fn window(&mut self, a: &Assumptions, side: Side) -> Option<Window> {
        let (name, p) = (self.name, &self.parsed);
        match (p.first_day, p.last_day, p.days) {
            (Some(f), Some(l), d) if l >= f => {
                let span = (l - f + 1) as u32;
                if let Some((d, line)) = d.filter(|(d, _)| *d != span) {
                    let problem = self.at(line, "days").says(
                        msg!(days_differ_span, days = d, span = span),
                        msg!(days_equal_span),
                    );
                    self.parsed.problems.push(problem);
                }
                Some(Window {
                    days: span,
                    source: Source::Data,
                    first: Some(format_day(f)),
                    last: Some(format_day(l)),
                })
            }
            (Some(_), Some(_), _) => {
                self.parsed.problems.push(
                    Problem::in_file(name).says(msg!(last_before_first), msg!(first_before_last)),
                );
                None
            }
            (None, None, Some((d, _))) => Some(Window {
                days: d,
                source: Source::Data,
                first: None,
                last: None,
            }),
            (f, l, _) if f.is_some() != l.is_some() => {
                self.parsed.problems.push(
                    Problem::in_file(name).says(msg!(only_one_day_bound), msg!(both_day_bounds)),
                );
                None
            }
            _ => a.window_days(side == Side::Today).map(|days| Window {
                days,
                source: Source::Config,
                first: None,
                last: None,
            }),
        }
    }
}

/// The statistics that contradict each other, as a located problem.
#[allow(clippy::result_large_err)]
pub(super) fn check(
    row: &Row,
    kind: Kind,
    name: &str,
    col: &dyn Fn(&str) -> Option<usize>,
) -> Result<(), Problem> {
    let at = |c: &str| Problem::at(name, row.line, col(c).map(|i| i as u64 + 1));
    if let Some(n) = row.get("n")
        && (n <= 0.0 || n.fract() != 0.0)
    {
        return Err(at("n").says(msg!(n_not_positive, n = n), msg!(n_whole)));
    }
    if let Some(s) = row.get("std").filter(|s| *s < 0.0) {
        return Err(at("std").says(msg!(negative_std, std = s), msg!(std_nonneg)));
    }
    if let (Some(w), Some(n)) = (row.get("within_sla"), row.get("n"))
        && (w > n || w < 0.0 || w.fract() != 0.0)
    {
        return Err(at("within_sla").says(
            msg!(within_sla_bad, within = w, n = n),
            msg!(within_sla_range),
        ));
    }
    if let (Some(k), Some(n)) = (row.get("sla_cases"), row.get("n"))
        && (k > n || k < 0.0 || k.fract() != 0.0)
    {
        return Err(
            at("sla_cases").says(msg!(sla_cases_bad, known = k, n = n), msg!(sla_cases_range))
        );
    }
    if let (Some(w), Some(k)) = (row.get("within_sla"), row.get("sla_cases"))
        && w > k
    {
        return Err(at("within_sla").says(
            msg!(within_sla_above_known, within = w, known = k),
            msg!(within_sla_range),
        ));
    }
    if row.get("within_sla").is_some() && row.get("n").is_none() {
        return Err(at("within_sla").says(msg!(within_sla_no_n), msg!(n_beside_within)));
    }
    if kind == Kind::CaseDuration {
        // The order of the distribution: min ≤ median ≤ p90 ≤ p95 ≤ max, the mean within.
        let order = ["min", "median", "p90", "p95", "max"];
        let present: Vec<(&str, f64)> = order
            .iter()
            .filter_map(|k| Some((*k, row.get(k)?)))
            .collect();
        for w in present.windows(2) {
            let ((lo_k, lo), (hi_k, hi)) = (w[0], w[1]);
            if hi < lo {
                return Err(at(hi_k).says(
                    msg!(
                        stat_below,
                        high = hi_k,
                        high_value = hi,
                        low = lo_k,
                        low_value = lo
                    ),
                    msg!(stat_order, high = hi_k, low = lo_k),
                ));
            }
        }
        if let (Some(m), Some(lo), Some(hi)) = (row.get("mean"), row.get("min"), row.get("max"))
            && (m < lo || m > hi)
        {
            return Err(at("mean").says(
                msg!(mean_outside, mean = m, min = lo, max = hi),
                msg!(mean_between),
            ));
        }
        if row.get("mean").is_none() {
            return Err(at("mean").says(msg!(duration_no_mean), msg!(mean_beside_n)));
        }
        if row.get("n").is_none() {
            return Err(at("n").says(msg!(duration_no_n), msg!(n_beside_mean)));
        }
    } else if row.get("total").is_none() && (row.get("n").is_none() || row.get("mean").is_none()) {
        return Err(at("total").says(msg!(count_no_total), msg!(total_or_n_mean)));
    }
    Ok(())
}
