//! Today vs after, per metric: the change, its 95% interval and whether it is more than noise;
//! the volume both sides are compared at; the honesty warnings about the comparison itself.

use crate::assumptions::{Assumptions, Source};
use crate::metric::{Kind, Unit};
use crate::stats;
use crate::summarize::{SideSummary, Stats};
use crate::warning::{Overlap, Warning};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// A window shorter than this makes monthly rates an extrapolation worth a warning.
pub const MIN_WINDOW_DAYS: u32 = 14;

/// Below this many cases a side's distribution is too thin to lean on.
pub const MIN_CASES: u64 = 30;

/// The volume savings are computed at, and how the two sides' volumes relate.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Volume {
    /// Today's cases per month (roi.toml `volume.cases_per_month`, else measured).
    pub cases_per_month: Option<f64>,
    pub source: Option<Source>,
    pub today_measured: Option<f64>,
    pub after_measured: Option<f64>,
    /// today ÷ after, measured; scales after-side counts to today's volume.
    pub ratio: Option<f64>,
}

/// What a change compares.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// The mean of a case duration.
    Mean,
    /// The per-month rate of a count or a period duration.
    PerMonth,
}

/// What a change means for the COO (lower is better for every metric).
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    Better,
    Worse,
    Same,
}

/// The weekly means of a case duration against today's natural process limits (XmR): the
/// trend chart draws them, and the limits tell a real shift from week-to-week noise.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Trend {
    /// Today's mean, as the tables show it: the centre line.
    pub centre: f64,
    /// The normal range of today's weeks (natural process limits: the centre ± 2.66 × the
    /// mean moving range of today's full weeks), carried into the after-period; null with
    /// fewer than [`MIN_LIMIT_WEEKS`] full weeks, whose moving ranges are too few to trust.
    pub limits: Option<[f64; 2]>,
    /// Today's full weeks (the file covers all seven days).
    pub full_weeks: usize,
}

/// The fewest full baseline weeks process limits are drawn from (PRODUCT §3): with fewer,
/// the average moving range rests on too few ranges for "outside the limits" to mean a
/// real change.
pub const MIN_LIMIT_WEEKS: usize = 8;

/// How a metric changed.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Change {
    /// What is compared: the mean of case durations, the per-month rate of the others.
    pub basis: Basis,
    /// after − today (counts: the after rate at today's volume).
    pub mean: f64,
    /// The change as a fraction of today; null when today is 0.
    pub mean_pct: Option<f64>,
    /// 95% confidence interval of `mean`; null when it cannot be estimated (one case).
    pub ci95: Option<[f64; 2]>,
    /// The interval excludes zero: the change is more than noise.
    pub significant: bool,
    /// Better, worse or the same for the COO.
    pub direction: Direction,
    /// Counts only: the after-side per-month rate at today's volume.
    pub after_at_today_volume: Option<f64>,
}

#[derive(Debug, Clone)]
pub struct MetricComparison {
    pub name: String,
    pub kind: Kind,
    pub unit: Unit,
    pub today: Option<Stats>,
    pub after: Option<Stats>,
    pub change: Option<Change>,
    /// Weekly means against today's limits, when both files have dated cases.
    pub trend: Option<Trend>,
    /// With a control site: its own two sides and its own change; `change` is then the
    /// difference in differences.
    pub control: Option<Box<ControlMetric>>,
}

/// A control site's figures for one metric (PRODUCT §3 "Evidence of cause"): what the
/// site the change did not touch measured over the same two periods, and how it moved.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ControlMetric {
    pub today: Option<Stats>,
    pub after: Option<Stats>,
    /// The control's own change (counts: its after side at its own today's volume).
    pub change: Option<Change>,
}

/// The control site's two files, as read, and its own volume ratio (today ÷ after).
#[derive(Debug, Clone)]
pub struct ControlSides {
    pub today: SideSummary,
    pub after: SideSummary,
    pub ratio: Option<f64>,
}

#[derive(Debug, Clone)]
pub struct Comparison {
    pub today: SideSummary,
    pub after: SideSummary,
    pub volume: Volume,
    pub metrics: Vec<MetricComparison>,
    /// Read warnings of both files, then comparison warnings.
    pub warnings: Vec<Warning>,
    /// With `[control]` or `--control`: the control site's files.
    pub control: Option<ControlSides>,
}

impl Comparison {
    /// Finds the percentiles its sides put off (a segment's, until it is known to be shown:
    /// [`SideSummary::rank`]) and sets them in each metric's figures, the control's too.
    pub fn rank(&mut self) {
        self.today.rank();
        self.after.rank();
        if let Some(c) = self.control.as_mut() {
            c.today.rank();
            c.after.rank();
        }
        for m in self.metrics.iter_mut() {
            ranked(&mut m.today, self.today.stats_of(&m.name));
            ranked(&mut m.after, self.after.stats_of(&m.name));
            if let (Some(cm), Some(c)) = (m.control.as_mut(), self.control.as_ref()) {
                ranked(&mut cm.today, c.today.stats_of(&m.name));
                ranked(&mut cm.after, c.after.stats_of(&m.name));
            }
        }
    }
}

/// A case duration's five percentiles, from its side's ranked figures.
fn ranked(to: &mut Option<Stats>, from: Option<&Stats>) {
    if let (Some(Stats::Case(to)), Some(Stats::Case(from))) = (to, from) {
        (to.min, to.median, to.p90, to.p95, to.max) =
            (from.min, from.median, from.p90, from.p95, from.max);
    }
}

/// Compares the two sides metric by metric.
pub fn compare(today: SideSummary, after: SideSummary, assumptions: &Assumptions) -> Comparison {
    compare_with(today, after, assumptions, Weekly::Kept)
}

/// Compares a segment's two sides: as [`compare`], but its metrics' figures without their
/// weekly means and distribution (its trend is found from them all the same). A segment's
/// weeks and distribution are drawn in no chart: with a thousand segments, their copies were
/// a fifth of the comparisons' time, and they were most of summary.json.
pub fn compare_segment(
    today: SideSummary,
    after: SideSummary,
    assumptions: &Assumptions,
) -> Comparison {
    compare_with(today, after, assumptions, Weekly::Left)
}

/// Whether a comparison's figures keep their weekly means and distribution.
#[derive(Clone, Copy, PartialEq)]
enum Weekly {
    Kept,
    Left,
}

fn compare_with(
    mut today: SideSummary,
    mut after: SideSummary,
    assumptions: &Assumptions,
    weekly: Weekly,
) -> Comparison {
    let open = open_shares(&today, &after);
    let mut warnings: Vec<Warning> = today
        .warnings
        .drain(..)
        .chain(after.warnings.drain(..))
        .collect();
    let volume = volume(&today, &after, assumptions);
    // Each metric once, in the order the sides list them; looked up by name in an ordered
    // map, so the comparison stays near-linear in the number of metrics, and a segment's (a
    // thousand of them) hashes no name.
    fn side(s: &SideSummary) -> BTreeMap<&str, &Option<Stats>> {
        s.metrics
            .iter()
            .map(|m| (m.name.as_str(), &m.stats))
            .collect()
    }
    let (today_stats, after_stats) = (side(&today), side(&after));
    let mut seen = BTreeSet::new();
    let mut names: Vec<(String, Kind, Unit)> = Vec::new();
    for m in today.metrics.iter().chain(&after.metrics) {
        if seen.insert(m.name.as_str()) {
            names.push((m.name.clone(), m.kind, m.unit));
        }
    }
    let mut metrics = Vec::new();
    for (name, kind, unit) in names {
        let (t, a) = (
            today_stats.get(name.as_str()).and_then(|s| s.as_ref()),
            after_stats.get(name.as_str()).and_then(|s| s.as_ref()),
        );
        let trend = trend(t, a, &today);
        let copy = |s: &Stats| match (s, weekly) {
            (Stats::Case(c), Weekly::Left) => Stats::Case(crate::summarize::CaseStats {
                weekly: Vec::new(),
                quantiles: Vec::new(),
                ..*c
            }),
            _ => s.clone(),
        };
        let (t, a) = (t.map(copy), a.map(copy));
        // A projection's after-side has today's cases: nothing to say of it.
        let shown = if assumptions.projected { &None } else { &a };
        warnings.extend(metric_warnings(&name, &t, shown).into_iter().filter(|w| {
            !(assumptions.projected && matches!(w, Warning::OneSideOnly { today: true, .. }))
        }));
        metrics.push(MetricComparison {
            change: metric_change(kind, &t, &a, volume.ratio, &today, &after),
            trend,
            name,
            kind,
            unit,
            today: t,
            after: a,
            control: None,
        });
    }
    warnings.extend(open);
    let has_rates = metrics.iter().any(|m| m.kind != Kind::CaseDuration);
    if assumptions.projected {
        // A projection is not measured: its change has no interval and proves nothing, and
        // its "after-period" is today's window, not a second period to check.
        for m in metrics.iter_mut() {
            m.trend = None;
            if let Some(c) = m.change.as_mut() {
                c.ci95 = None;
                c.significant = false;
            }
        }
    } else {
        warnings.extend(period_warnings(&today, &after, has_rates, volume.ratio));
    }
    Comparison {
        today,
        after,
        volume,
        metrics,
        warnings,
        control: None,
    }
}

/// z of a two-sided 95% interval.
const Z95: f64 = 1.959_963_984_540_054;

/// The squared standard error of the estimate a change compares on one side: a case
/// duration's mean (s²/n), a per-month rate (its compound-Poisson variance ÷ months², × the
/// volume scale²); NaN where a summary lacks the spread.
pub fn side_se2(stats: &Stats, window: Option<&crate::summarize::Window>, scale: f64) -> f64 {
    match stats {
        Stats::Case(c) => match c.std {
            _ if c.n == 0 => 0.0,
            Some(s) => s * s / c.n as f64,
            None if c.n == 1 => 0.0,
            None => f64::NAN,
        },
        Stats::Rate(r) => window.map_or(f64::NAN, |w| {
            r.sum_sq * scale * scale / (w.months() * w.months())
        }),
    }
}

/// The four squared standard errors behind a metric's change: today's, the after side's,
/// the control's today and the control's after (zero without a control), each of the
/// estimate the change compares (counts at their own site's today's volume).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Spreads {
    pub today: f64,
    pub after: f64,
    pub control_today: f64,
    pub control_after: f64,
}

/// The squared standard errors of one metric's four sides (two without a control).
pub fn spreads(cmp: &Comparison, m: &MetricComparison) -> Option<Spreads> {
    let scale = |kind: Kind, r: Option<f64>| match kind {
        Kind::Count => r.unwrap_or(1.0),
        _ => 1.0,
    };
    let today = side_se2(m.today.as_ref()?, cmp.today.window.as_ref(), 1.0);
    let after = side_se2(
        m.after.as_ref()?,
        cmp.after.window.as_ref(),
        scale(m.kind, cmp.volume.ratio),
    );
    let (control_today, control_after) = match (&m.control, &cmp.control) {
        (Some(cm), Some(cs)) => (
            side_se2(cm.today.as_ref()?, cs.today.window.as_ref(), 1.0),
            side_se2(
                cm.after.as_ref()?,
                cs.after.window.as_ref(),
                scale(m.kind, cs.ratio),
            ),
        ),
        _ => (0.0, 0.0),
    };
    Some(Spreads {
        today,
        after,
        control_today,
        control_after,
    })
}

/// The control level more than this far from the treated site's today (as a share of it)
/// is warned about: the same absolute change means something else at another scale.
const CONTROL_LEVEL_GAP: f64 = 0.25;

/// Holds a comparison against a control site the change did not touch (PRODUCT §3): each
/// metric's change becomes the difference in differences, (after − today) − (control after −
/// control today), with the 95% interval from the four sides' squared standard errors; the
/// control's own figures stay beside it. A metric with a change that the control does not
/// measure on both sides is an error: the case would silently mix two designs.
pub fn with_control(
    cmp: &mut Comparison,
    control: Comparison,
    files: (&str, &str),
) -> Result<(), Vec<crate::error::Problem>> {
    use crate::message::msg;
    let mut problems = Vec::new();
    let by_name: HashMap<&str, &MetricComparison> = control
        .metrics
        .iter()
        .map(|m| (m.name.as_str(), m))
        .collect();
    let sides = ControlSides {
        ratio: control.volume.ratio,
        today: control.today.clone(),
        after: control.after.clone(),
    };
    let mut levels = Vec::new();
    for m in cmp.metrics.iter_mut() {
        if m.change.is_none() {
            continue;
        }
        let Some(cm) = by_name.get(m.name.as_str()).filter(|c| c.change.is_some()) else {
            let file = match by_name.get(m.name.as_str()) {
                Some(c) if c.today.is_some() => files.1,
                _ => files.0,
            };
            problems.push(crate::error::Problem::in_file(file).says(
                msg!(
                    control_lacks_metric,
                    metric = crate::escape::visible(&m.name)
                ),
                msg!(control_same_export),
            ));
            continue;
        };
        m.control = Some(Box::new(ControlMetric {
            today: cm.today.clone(),
            after: cm.after.clone(),
            change: cm.change.clone(),
        }));
        if let (Some(t), Some(ct)) = (m.today.as_ref().map(level), cm.today.as_ref().map(level))
            && t > 0.0
            && ((ct - t) / t).abs() > CONTROL_LEVEL_GAP
        {
            levels.push(Warning::ControlLevelDiffers {
                metric: m.name.clone(),
                today: t,
                control_today: ct,
            });
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    cmp.control = Some(sides);
    for i in 0..cmp.metrics.len() {
        let s = spreads(cmp, &cmp.metrics[i]);
        let m = &mut cmp.metrics[i];
        let (Some(c), Some(cm)) = (&m.change, &m.control) else {
            continue;
        };
        let Some(cc) = &cm.change else { continue };
        let effect = c.mean - cc.mean;
        let today = m.today.as_ref().map(level).unwrap_or(0.0);
        let se2 = s.map_or(f64::NAN, |s| {
            s.today + s.after + s.control_today + s.control_after
        });
        let ci = (se2.is_finite() && c.ci95.is_some() && cc.ci95.is_some()).then(|| {
            let half = Z95 * se2.max(0.0).sqrt();
            (effect - half, effect + half)
        });
        m.change = Some(change_by(
            c.basis,
            today,
            effect,
            ci,
            c.after_at_today_volume,
        ));
    }
    cmp.warnings.extend(levels);
    // The control's files' own read warnings name their file; the rest speak of today and
    // after, which for the control would read as this site's.
    cmp.warnings.extend(
        control
            .warnings
            .iter()
            .filter(|w| w.names_its_file())
            .cloned(),
    );
    // Too few cases at the control site make its change, and so the effect, rough.
    cmp.warnings
        .extend(control.warnings.iter().filter_map(|w| match w {
            Warning::FewCases {
                metric, n, today, ..
            } => Some(Warning::FewCases {
                metric: metric.clone(),
                n: *n,
                today: *today,
                control: true,
            }),
            _ => None,
        }));
    cmp.warnings.extend(control_period_warnings(cmp, &control));
    Ok(())
}

/// The figure a change compares on one side: a case duration's mean, a per-month rate (0
/// without one).
pub fn level(s: &Stats) -> f64 {
    match s {
        Stats::Case(c) => c.mean,
        Stats::Rate(r) => r.per_month.unwrap_or(0.0),
    }
}

/// The control's periods should be the treated site's: a control today that does not
/// overlap today (or after, after) holds the case against other months.
fn control_period_warnings(cmp: &Comparison, control: &Comparison) -> Vec<Warning> {
    let span = |s: &SideSummary| {
        s.window
            .as_ref()
            .and_then(|w| Some((w.first.clone()?, w.last.clone()?)))
    };
    let mut out = Vec::new();
    for (treated, ctl, today) in [
        (&cmp.today, &control.today, true),
        (&cmp.after, &control.after, false),
    ] {
        if let (Some((f, l)), Some((cf, cl))) = (span(treated), span(ctl))
            && (cl < f || cf > l)
        {
            out.push(Warning::ControlPeriodApart {
                today,
                first: f,
                last: l,
                control_first: cf,
                control_last: cl,
            });
        }
    }
    out
}

/// The volume the case is priced at (roi.toml's, else today's measured), and the ratio of
/// the two sides' measured volumes.
fn volume(today: &SideSummary, after: &SideSummary, assumptions: &Assumptions) -> Volume {
    let ratio = match (today.cases_per_month, after.cases_per_month) {
        (Some(t), Some(a)) if a > 0.0 => Some(t / a),
        _ => None,
    };
    Volume {
        cases_per_month: assumptions.cases_per_month().or(today.cases_per_month),
        source: if assumptions.cases_per_month().is_some() {
            Some(Source::Config)
        } else {
            today.cases_per_month.map(|_| Source::Data)
        },
        today_measured: today.cases_per_month,
        after_measured: after.cases_per_month,
        ratio,
    }
}

/// A metric's change and its interval: of the mean for case durations (Welch), of the
/// per-month rate for counts and period durations, a count's after side at today's volume.
fn metric_change(
    kind: Kind,
    t: &Option<Stats>,
    a: &Option<Stats>,
    ratio: Option<f64>,
    today: &SideSummary,
    after: &SideSummary,
) -> Option<Change> {
    let months = |s: &SideSummary| s.window.as_ref().map(|w| w.months());
    match (t, a) {
        (Some(Stats::Case(t)), Some(Stats::Case(a))) => {
            // A summary without the std of a side with several cases: no interval.
            let known = |c: &crate::summarize::CaseStats| c.std.is_some() || c.n <= 1;
            let ci = if known(t) && known(a) {
                stats::welch_ci95(
                    (t.mean, t.std.unwrap_or(0.0), t.n as usize),
                    (a.mean, a.std.unwrap_or(0.0), a.n as usize),
                )
            } else {
                None
            };
            Some(change(Basis::Mean, t.mean, a.mean, ci, None))
        }
        (Some(Stats::Rate(t)), Some(Stats::Rate(a))) => {
            let (tp, ap, tm, am) = (t.per_month?, a.per_month?, months(today)?, months(after)?);
            let scale = if kind == Kind::Count {
                ratio.unwrap_or(1.0)
            } else {
                1.0
            };
            // A summary without the spread of a count: no interval.
            let ci = (t.sum_sq.is_finite() && a.sum_sq.is_finite())
                .then(|| stats::rate_ci95((t.total, t.sum_sq, tm), (a.total, a.sum_sq, am), scale));
            let scaled = (kind == Kind::Count && ratio.is_some()).then_some(ap * scale);
            Some(change(Basis::PerMonth, tp, ap * scale, ci, scaled))
        }
        _ => None,
    }
}

/// What to check about one metric: measured on one side only, or too few cases on a side.
fn metric_warnings(name: &str, t: &Option<Stats>, a: &Option<Stats>) -> Vec<Warning> {
    let mut out = Vec::new();
    match (t, a) {
        (Some(_), None) => out.push(Warning::OneSideOnly {
            metric: name.to_string(),
            today: true,
        }),
        (None, Some(_)) => out.push(Warning::OneSideOnly {
            metric: name.to_string(),
            today: false,
        }),
        _ => {}
    }
    for (today, stats) in [(true, t), (false, a)] {
        if let Some(Stats::Case(c)) = stats
            && c.n < MIN_CASES
        {
            out.push(Warning::FewCases {
                metric: name.to_string(),
                n: c.n,
                today,
                control: false,
            });
        }
    }
    out
}

/// The weekly trend's centre and natural process limits (XmR) from today's weeks
/// (docs/method.md#weekly-trend-and-process-limits).
fn trend(t: Option<&Stats>, a: Option<&Stats>, today: &SideSummary) -> Option<Trend> {
    let (Some(Stats::Case(t)), Some(Stats::Case(a))) = (t, a) else {
        return None;
    };
    if t.weekly.is_empty() || a.weekly.is_empty() {
        return None;
    }
    // A week the file covers only in part (its first or last) is a noisier mean: the range
    // comes from the full weeks, and only from enough of them.
    let (first, last) = (today.file.first_day, today.file.last_day);
    let full = |ws: crate::value::Day| match (first, last) {
        (Some(f), Some(l)) => ws >= f && ws + 6 <= l,
        _ => true,
    };
    let weeks: Vec<f64> = t
        .weekly
        .iter()
        .filter(|w| full(w.week_start))
        .map(|w| w.mean)
        .collect();
    Some(Trend {
        centre: t.mean,
        limits: (weeks.len() >= MIN_LIMIT_WEEKS)
            .then(|| stats::xmr_limits_around(t.mean, &weeks).map(|(l, u)| [l, u]))
            .flatten(),
        full_weeks: weeks.len(),
    })
}

/// More than this difference between the two sides' shares of open cases is warned about.
const OPEN_SHARE_GAP: f64 = 0.05;

/// Per duration metric measured from timestamps, the two sides' shares of cases still open
/// (left out of the statistics), where they differ by more than [`OPEN_SHARE_GAP`].
fn open_shares(today: &SideSummary, after: &SideSummary) -> Vec<Warning> {
    let open = |s: &SideSummary| -> HashMap<String, u64> {
        let mut m = HashMap::new();
        for w in &s.warnings {
            if let Warning::Unmeasured { metric, open, .. } = w {
                *m.entry(metric.clone()).or_insert(0) += open;
            }
        }
        m
    };
    let measured = |s: &SideSummary, name: &str| {
        s.metrics
            .iter()
            .find(|m| m.name == name)
            .and_then(|m| match &m.stats {
                Some(Stats::Case(c)) => Some(c.n),
                _ => None,
            })
    };
    let (ot, oa) = (open(today), open(after));
    let mut names: Vec<&String> = ot.keys().chain(oa.keys()).collect();
    names.sort();
    names.dedup();
    let mut out = Vec::new();
    for name in names {
        let (Some(nt), Some(na)) = (measured(today, name), measured(after, name)) else {
            continue;
        };
        let share = |open: u64, n: u64| {
            let all = open + n;
            if all == 0 {
                0.0
            } else {
                open as f64 / all as f64
            }
        };
        let t = share(ot.get(name).copied().unwrap_or(0), nt);
        let a = share(oa.get(name).copied().unwrap_or(0), na);
        if (t - a).abs() > OPEN_SHARE_GAP {
            out.push(Warning::OpenShareDiffers {
                metric: name.clone(),
                today: t,
                after: a,
            });
        }
    }
    out
}

/// What to check about the two periods: lengths that differ, periods that overlap or come
/// in the wrong order, a window too short for monthly rates, a volume that moved.
fn period_warnings(
    today: &SideSummary,
    after: &SideSummary,
    has_rates: bool,
    ratio: Option<f64>,
) -> Vec<Warning> {
    let mut warnings = Vec::new();
    if let (Some(tw), Some(aw)) = (&today.window, &after.window) {
        let (l, s) = (tw.days.max(aw.days), tw.days.min(aw.days));
        if f64::from(l) > f64::from(s) * 1.25 {
            warnings.push(Warning::WindowsDiffer {
                today_days: tw.days,
                after_days: aw.days,
            });
        }
    }
    // Before and after should be two periods, the after one later.
    if let (Some(tw), Some(aw)) = (&today.window, &after.window)
        && let (Some(t1), Some(t2), Some(a1), Some(a2)) = (&tw.first, &tw.last, &aw.first, &aw.last)
    {
        // ISO dates compare as text.
        let relation = if t1 == a1 && t2 == a2 {
            Some(Overlap::Identical)
        } else if a2 < t1 {
            Some(Overlap::Reversed)
        } else if a1 <= t2 && a2 >= t1 {
            Some(Overlap::Overlapping)
        } else {
            None
        };
        if let Some(relation) = relation {
            warnings.push(Warning::WindowsOverlap {
                relation,
                today_first: t1.clone(),
                today_last: t2.clone(),
                after_first: a1.clone(),
                after_last: a2.clone(),
            });
        }
    }
    // Monthly rates from a few days extrapolate noise; say so where rates are used.
    for (w, today_side) in [(&today.window, true), (&after.window, false)] {
        if let Some(w) = w.as_ref().filter(|w| has_rates && w.days < MIN_WINDOW_DAYS) {
            warnings.push(Warning::ShortWindow {
                days: w.days,
                today: today_side,
            });
        }
    }
    if let Some(r) = ratio
        && !(1.0 / 1.2..=1.2).contains(&r)
    {
        warnings.push(Warning::VolumeChanged {
            change: 1.0 / r - 1.0,
            today: today.cases_per_month.unwrap_or(0.0),
            after: after.cases_per_month.unwrap_or(0.0),
        });
    }
    warnings
}

fn change(
    basis: Basis,
    today: f64,
    after: f64,
    ci: Option<(f64, f64)>,
    scaled: Option<f64>,
) -> Change {
    change_by(basis, today, after - today, ci, scaled)
}

/// A change of `diff` from `today`, with its interval.
fn change_by(
    basis: Basis,
    today: f64,
    diff: f64,
    ci: Option<(f64, f64)>,
    scaled: Option<f64>,
) -> Change {
    let significant = ci.is_some_and(|(lo, hi)| lo > 0.0 || hi < 0.0);
    Change {
        basis,
        mean: diff,
        mean_pct: (today != 0.0).then(|| diff / today),
        ci95: ci.map(|(lo, hi)| [lo, hi]),
        significant,
        direction: if diff < 0.0 {
            Direction::Better
        } else if diff > 0.0 {
            Direction::Worse
        } else {
            Direction::Same
        },
        after_at_today_volume: scaled,
    }
}
