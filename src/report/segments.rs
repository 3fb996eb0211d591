//! `--by`: the case broken down by a dimension (process, team, site). Each segment runs the
//! whole pipeline on its own rows; the levers are summed over the segments at each one's own
//! volume (stratified), and each case-duration mean's change is split into faster work
//! within segments and a different mix of segments (Kitagawa; docs/method.md#segments).

use super::build::assemble_segment;
use super::{Breakdown, Decomposition, OtherSum, Report, Segment};
use crate::assumptions::{Assumptions, keys};
use crate::compare::{self, Comparison, MIN_CASES};
use crate::economics::levers::{Lever, LeverRules, dec};
use crate::economics::{self, BusinessCase};
use crate::error::{Problem, RoiError};
use crate::input::Values;
use crate::message::msg;
use crate::metric::Kind;
use crate::money::Money;
use crate::summarize::{SideSummary, Stats};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use std::borrow::Cow;
use std::collections::BTreeMap;

/// Segments shown one by one; the rest are summed as "other".
pub const MAX_SHOWN: usize = 10;

/// The assumptions of one segment: roi.toml's volume, when set, split by the segment's share
/// of today's cases; everything else as for the whole.
fn segment_assumptions(a: &Assumptions, share: Option<f64>) -> Cow<'_, Assumptions> {
    if let (Some(v), Some(s)) = (a.cases_per_month(), share)
        && let Some(source) = a.get(keys::CASES_PER_MONTH).map(|x| x.source)
    {
        let mut a = a.clone();
        a.set(keys::CASES_PER_MONTH, dec(v * s), source);
        return Cow::Owned(a);
    }
    Cow::Borrowed(a)
}

/// The control site's two files, as read (with their segments), and their names.
pub struct Control<'a> {
    pub today: &'a mut SideSummary,
    pub after: &'a mut SideSummary,
    pub files: (&'a str, &'a str),
}

/// The case of each segment, the decomposition and the segments' order. `today` and `after`
/// are the whole files' summaries with their segments.
pub fn breakdown(
    by: &str,
    today: &mut SideSummary,
    after: &mut SideSummary,
    a: &Assumptions,
    control: Option<Control>,
) -> Result<Breakdown, RoiError> {
    let mut t_segs = std::mem::take(&mut today.segments);
    let mut a_segs = std::mem::take(&mut after.segments);
    let (files, mut c_segs, c_wholes) = match control {
        Some(c) => (
            Some(c.files),
            Some((
                std::mem::take(&mut c.today.segments),
                std::mem::take(&mut c.after.segments),
            )),
            Some((c.today, c.after)),
        ),
        None => (None, None, None),
    };
    let names: Vec<String> = t_segs
        .keys()
        .chain(a_segs.keys())
        .cloned()
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    let decomposition = decompose(&t_segs, &a_segs, today, after);
    // Each segment's figures first, in the order of the names; the cases built after, in
    // parallel (they are independent), and taken in the same order.
    let mut shells = Vec::with_capacity(names.len());
    let mut jobs = Vec::with_capacity(names.len());
    let mut shares = Vec::new();
    for name in names {
        let t = t_segs.remove(&name);
        let af = a_segs.remove(&name);
        let cases =
            |s: &Option<SideSummary>| s.as_ref().and_then(|s| s.cases.as_ref().map(|c| c.0));
        let per_month = |s: &Option<SideSummary>| s.as_ref().and_then(|s| s.cases_per_month);
        let (cases_today, cases_after) = (cases(&t), cases(&af));
        let (cpm_today, cpm_after) = (per_month(&t), per_month(&af));
        // A segment with observations on one side only has nothing to compare; one with
        // cases on both sides but few of them is too small to judge alone.
        let observed = |s: &Option<SideSummary>| {
            s.as_ref()
                .is_some_and(|s| s.metrics.iter().any(|m| m.stats.is_some()))
        };
        let one_side_only = !observed(&t) || !observed(&af);
        let small = !one_side_only
            && [cases_today, cases_after]
                .iter()
                .any(|c| c.is_some_and(|n| n < MIN_CASES));
        if let (Some(t), Some(af)) = (t, af)
            && !one_side_only
        {
            let share = match (cases_today, today.cases.as_ref()) {
                (Some(n), Some((whole, _))) if *whole > 0 => Some(n as f64 / *whole as f64),
                _ => None,
            };
            // With a control site: the same segment of its files is this one's control.
            let control = match (c_segs.as_mut(), files) {
                (Some((ct, ca)), Some(files)) => {
                    let in_today = ct.contains_key(&name);
                    match (ct.remove(&name), ca.remove(&name)) {
                        (Some(cts), Some(cas)) => Some(Ok(Box::new((cts, cas, files)))),
                        _ => {
                            let file = if in_today { files.1 } else { files.0 };
                            Some(Err(RoiError::one(Problem::in_file(file).says(
                                msg!(
                                    control_lacks_segment,
                                    by = by,
                                    segment = crate::escape::visible(&name)
                                ),
                                msg!(control_same_segments, by = by),
                            ))))
                        }
                    }
                }
                _ => None,
            };
            jobs.push((
                shells.len(),
                Job {
                    t,
                    af,
                    share,
                    control,
                },
            ));
            shares.push((shells.len(), share));
        }
        shells.push((
            name,
            Segment {
                cases_today,
                cases_after,
                cases_per_month_today: cpm_today,
                cases_per_month_after: cpm_after,
                one_side_only,
                small,
                share_of_savings: None,
                monthly_gross: Decimal::ZERO,
                compared: false,
                case: None,
                levers: Vec::new(),
            },
        ));
    }
    // Every segment's comparison and levers, which rank the segments and sum to the whole;
    // the first segment in the names' order that fails is the error, as one by one.
    let mut measured: Vec<Option<Box<Comparison>>> = (0..shells.len()).map(|_| None).collect();
    for (i, built) in build_all(jobs, a) {
        let (cmp, levers) = built?;
        let seg = &mut shells[i].1;
        seg.monthly_gross = economics::gross(&levers);
        seg.compared = true;
        seg.levers = levers;
        measured[i] = Some(cmp);
    }
    let total: Decimal = shells.iter().map(|(_, s)| s.monthly_gross).sum();
    if !total.is_zero() {
        for (_, s) in shells.iter_mut().filter(|(_, s)| s.compared) {
            s.share_of_savings = (s.monthly_gross / total).to_f64();
        }
    }
    let mut order: Vec<usize> = (0..shells.len()).collect();
    order.sort_by(|&x, &y| {
        let (sx, sy) = (&shells[x], &shells[y]);
        sy.1.monthly_gross
            .cmp(&sx.1.monthly_gross)
            .then_with(|| sx.0.cmp(&sy.0))
    });
    let cut = order.len().min(MAX_SHOWN);
    // The values of the segments shown, out of each side's pool, for their percentiles.
    let shown_names: Vec<String> = order[..cut].iter().map(|&i| shells[i].0.clone()).collect();
    let mut wholes = vec![today, after];
    wholes.extend(c_wholes.into_iter().flat_map(|(t, a)| [t, a]));
    let mut handed = hand_out(wholes, &shown_names);
    // The whole case only of the segments shown one by one: the rest are summed as "other"
    // in every report, and their levers are all the whole needs of them.
    for (i, share) in shares {
        let Some(k) = order[..cut].iter().position(|&x| x == i) else {
            continue;
        };
        if let Some(mut cmp) = measured[i].take() {
            // Today, after, and the control's two, as handed out.
            let mut values = handed.iter_mut().map(|side| std::mem::take(&mut side[k]));
            let mut next = || values.next().unwrap_or_default();
            cmp.today.unranked = next();
            cmp.after.unranked = next();
            if let Some(c) = cmp.control.as_mut() {
                c.today.unranked = next();
                c.after.unranked = next();
            }
            cmp.rank();
            let sa = segment_assumptions(a, share);
            let seg = &mut shells[i].1;
            seg.case = Some(Box::new(report(*cmp, &sa, seg.levers.clone())?));
        }
    }
    let name = |i: &usize| shells[*i].0.clone();
    let (shown, other): (Vec<String>, Vec<String>) = (
        order[..cut].iter().map(name).collect(),
        order[cut..].iter().map(name).collect(),
    );
    let segments: BTreeMap<String, Segment> = shells.into_iter().collect();
    let other_sum = (!other.is_empty()).then(|| {
        let others = || other.iter().map(|n| &segments[n]);
        let monthly: Decimal = others().map(|s| s.monthly_gross).sum();
        OtherSum {
            segments: other.len(),
            cases_today: others().filter_map(|s| s.cases_today).sum(),
            cases_after: others().filter_map(|s| s.cases_after).sum(),
            savings_monthly: Money(monthly),
            share_of_savings: (!total.is_zero())
                .then(|| (monthly / total).to_f64())
                .flatten(),
        }
    });
    Ok(Breakdown {
        by: by.to_string(),
        shown,
        other,
        other_sum,
        segments,
        decomposition,
        unstratified_monthly: Money(Decimal::ZERO),
    })
}

/// Each side's values of the segments `shown`, by side and by the segment's place there,
/// out of the side's pool.
fn hand_out(sides: Vec<&mut SideSummary>, shown: &[String]) -> Vec<Vec<Vec<(String, Values)>>> {
    let shown: Vec<&str> = shown.iter().map(String::as_str).collect();
    sides
        .into_iter()
        .map(|side| side.hand_out(&shown))
        .collect()
}

/// What one segment's case is built from: its two sides, its share of today's cases, and its
/// control's two sides (or why the control lacks it).
struct Job<'f> {
    t: SideSummary,
    af: SideSummary,
    share: Option<f64>,
    control: Option<Result<Box<ControlSides<'f>>, RoiError>>,
}

/// A control's segment: its two sides and its files' names.
type ControlSides<'f> = (SideSummary, SideSummary, (&'f str, &'f str));

/// A segment's comparison (boxed: a thousand of them are moved about) and levers.
type Built = Result<(Box<Comparison>, Vec<Lever>), RoiError>;

/// Builds the segments' cases on up to four threads, each a contiguous run of them, the first
/// run on this one (which would only wait); the results come back tagged, in the jobs' order.
fn build_all(jobs: Vec<(usize, Job)>, a: &Assumptions) -> Vec<(usize, Built)> {
    let rules = &LeverRules::of(a);
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 4)
        .min(jobs.len().max(1));
    // The runs split off the end, each moved once.
    let per = jobs.len().div_ceil(threads).max(1);
    let mut jobs = jobs;
    let mut runs: Vec<Vec<(usize, Job)>> = Vec::with_capacity(threads);
    while jobs.len() > per {
        let at = (jobs.len() - 1) / per * per;
        runs.push(jobs.split_off(at));
    }
    let run = |run: Vec<(usize, Job)>| -> Vec<(usize, Built)> {
        run.into_iter()
            .map(|(i, j)| (i, build(j, a, rules)))
            .collect()
    };
    std::thread::scope(|s| {
        let running: Vec<_> = runs
            .into_iter()
            .rev()
            .map(|r| s.spawn(move || run(r)))
            .collect();
        let mut built = run(jobs);
        for h in running {
            built.extend(h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)));
        }
        built
    })
}

/// One segment's comparison and levers.
fn build(job: Job, a: &Assumptions, rules: &LeverRules) -> Built {
    let sa = segment_assumptions(a, job.share);
    let mut cmp = compare::compare_segment(job.t, job.af, &sa);
    if let Some(control) = job.control {
        let (cts, cas, files) = *control?;
        let ccmp = compare::compare_segment(cts, cas, &sa);
        compare::with_control(&mut cmp, ccmp, files)
            .map_err(|problems| RoiError::Input { problems, more: 0 })?;
    }
    let levers = crate::economics::levers::levers_by(&cmp, &sa, rules);
    economics::check_magnitudes(&levers)?;
    Ok((Box::new(cmp), levers))
}

/// A segment's whole report, as `compute` builds it for the files, from its comparison and
/// levers.
fn report(cmp: Comparison, a: &Assumptions, levers: Vec<Lever>) -> Result<Report, RoiError> {
    // Its figures carry no weekly means nor distribution (compare_segment): those are the
    // whole's, for its charts.
    let case = economics::evaluate_segment(&cmp, a, levers)?;
    Ok(assemble_segment(cmp, case, a))
}

/// Kitagawa's split of each case-duration mean's change (docs/method.md#kitagawa-decomposition): w the segments'
/// shares of the side's cases, m their means; a segment missing on one side takes its other
/// side's mean there (with no weight), so the split stays exact.
fn decompose(
    t_segs: &BTreeMap<String, SideSummary>,
    a_segs: &BTreeMap<String, SideSummary>,
    today: &SideSummary,
    after: &SideSummary,
) -> BTreeMap<String, Decomposition> {
    let mut out = BTreeMap::new();
    for m in today
        .metrics
        .iter()
        .filter(|m| m.kind == Kind::CaseDuration)
    {
        let whole = |s: &SideSummary| {
            s.metrics
                .iter()
                .find(|x| x.name == m.name)
                .and_then(|x| match &x.stats {
                    Some(Stats::Case(c)) => Some((c.n, c.mean)),
                    _ => None,
                })
        };
        let (Some((nt, mt)), Some((na, ma))) = (whole(today), whole(after)) else {
            continue;
        };
        if nt == 0 || na == 0 {
            continue;
        }
        let seg = |segs: &BTreeMap<String, SideSummary>, name: &str| {
            segs.get(name).and_then(&whole).filter(|(n, _)| *n > 0)
        };
        let names: std::collections::BTreeSet<&String> =
            t_segs.keys().chain(a_segs.keys()).collect();
        let (mut mix, mut perf) = (0.0, 0.0);
        let (mut opposite, mut weighed) = (0u64, 0u64);
        // With the metric in one segment only there is no mix to speak of.
        let holding = names
            .iter()
            .filter(|n| seg(t_segs, n).is_some() || seg(a_segs, n).is_some())
            .count();
        if holding < 2 {
            continue;
        }
        let overall = ma - mt;
        for name in names {
            let (st, sa) = (seg(t_segs, name), seg(a_segs, name));
            let (wt, mean_t) = st.map_or((0.0, None), |(n, m)| (n as f64 / nt as f64, Some(m)));
            let (wa, mean_a) = sa.map_or((0.0, None), |(n, m)| (n as f64 / na as f64, Some(m)));
            let (m_t, m_a) = match (mean_t, mean_a) {
                (Some(x), Some(y)) => (x, y),
                (Some(x), None) => (x, x),
                (None, Some(y)) => (y, y),
                (None, None) => continue,
            };
            mix += (wa - wt) * (m_t + m_a) / 2.0;
            perf += (m_a - m_t) * (wt + wa) / 2.0;
            if let (Some((n1, _)), Some((n2, _))) = (st, sa) {
                let d = m_a - m_t;
                weighed += n1 + n2;
                if d * overall < 0.0 {
                    opposite += n1 + n2;
                }
            }
        }
        out.insert(
            m.name.clone(),
            Decomposition {
                unit: m.unit,
                today: mt,
                after: ma,
                change: overall,
                mix,
                performance: perf,
                opposite_share: if weighed > 0 {
                    opposite as f64 / weighed as f64
                } else {
                    0.0
                },
            },
        );
    }
    out
}

/// The whole's levers stratified: each lever the sum of its segments' (each at that
/// segment's volume today), its 95% range from the segments' ranges combined as independent
/// errors, proven when that range excludes zero. A lever no segment has keeps the whole's
/// figure.
pub fn stratify(levers: &mut [Lever], b: &Breakdown) {
    for l in levers.iter_mut() {
        let named: Vec<(&String, &Lever)> = b
            .segments
            .iter()
            .filter_map(|(n, s)| Some((n, s.levers.iter().find(|x| x.name == l.name)?)))
            .collect();
        if named.is_empty() {
            continue;
        }
        let parts: Vec<&Lever> = named.iter().map(|(_, l)| *l).collect();
        l.parts = named
            .iter()
            .map(|(n, p)| ((*n).clone(), p.formula.clone()))
            .collect();
        l.part_ci = parts.iter().map(|p| p.ci_improvement).collect();
        let monthly: Decimal = parts.iter().map(|p| p.monthly.0).sum();
        let spread = |f: &dyn Fn(&Lever) -> Decimal| -> Decimal {
            let ss: f64 = parts
                .iter()
                .map(|p| (f(p) - p.monthly.0).abs().to_f64().unwrap_or(0.0).powi(2))
                .sum();
            dec(ss.sqrt())
        };
        let down = spread(&|p: &Lever| p.low.0);
        let up = spread(&|p: &Lever| p.high.0);
        l.monthly = Money(crate::money::cents(monthly));
        l.low = Money(crate::money::cents(monthly - down));
        l.high = Money(crate::money::cents(monthly + up));
        l.significant = l.low.0 > Decimal::ZERO || l.high.0 < Decimal::ZERO;
        l.hours_per_month = parts.iter().map(|p| p.hours_per_month).sum::<Option<f64>>();
    }
}

/// Evaluates the whole with stratified levers.
pub fn stratified_case(
    cmp: &Comparison,
    a: &Assumptions,
    b: &mut Breakdown,
) -> Result<BusinessCase, RoiError> {
    // The pooled levers: their total for comparison, then each replaced by its segments' sum.
    let mut levers = crate::economics::levers::levers(cmp, a);
    b.unstratified_monthly = Money(levers.iter().map(|l| l.monthly.0).sum());
    stratify(&mut levers, b);
    economics::evaluate_levers(cmp, a, levers)
}

/// What to check about the breakdown: a mean that moved against most of its segments, and
/// segments too thin to judge.
pub fn warnings(b: &Breakdown) -> Vec<crate::warning::Warning> {
    use crate::warning::Warning;
    let mut out: Vec<Warning> = b
        .decomposition
        .iter()
        .filter(|(_, d)| d.change != 0.0 && d.opposite_share > 0.5)
        .map(|(m, d)| Warning::MixParadox {
            metric: m.clone(),
            by: b.by.clone(),
            change: d.change,
            unit: d.unit,
            opposite_share: d.opposite_share,
        })
        .collect();
    let names = |f: &dyn Fn(&Segment) -> bool| -> Vec<String> {
        b.segments
            .iter()
            .filter(|(_, s)| f(s))
            .map(|(n, _)| n.clone())
            .collect()
    };
    let one_side = names(&|s| s.one_side_only);
    let small = names(&|s| s.small);
    if !one_side.is_empty() || !small.is_empty() {
        out.push(Warning::SegmentsThin {
            by: b.by.clone(),
            one_side,
            small,
        });
    }
    out
}
