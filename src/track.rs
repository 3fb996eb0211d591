//! `roi track CASE.json ACTUALS...` (PRODUCT.md §8): each month after go-live measured
//! against the case that was promised — the same statistics and levers as `compute`, today
//! being the case's baseline, each realised lever beside the plan's (its gross lever × the
//! ramp-up share of that month), a verdict from the month's own noise, the cumulative net
//! cash flow realised against the plan's, and the payback re-estimated at the rate realised.

use crate::assumptions::{Assumptions, keys};
use crate::compare;
use crate::economics::{self, levers};
use crate::error::{Problem, RoiError};
use crate::input;
use crate::money::Money;
use crate::summarize::{self, Side, SideSummary, Stats};
use rust_decimal::Decimal;
use rust_decimal::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// A segment's share of the cases that moved more than this since the baseline (10 points)
/// is a changed mix.
pub const MIX_SHIFT: f64 = 0.10;

/// How a lever, or the whole case, is doing against its promise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// The promise lies within the realised lever's 95% interval.
    OnTrack,
    /// The interval lies above the promise.
    Ahead,
    /// The interval lies below the promise.
    Behind,
    /// Too few observations to form an interval.
    TooEarly,
}

/// One lever in one month, money a month.
#[derive(Debug, Clone, Serialize)]
pub struct LeverMonth {
    pub realised: Money,
    pub promised: Money,
    /// realised − promised.
    pub gap: Money,
    /// The realised lever's 95% interval from the month's own noise; null when it has none.
    pub ci95: Option<[Money; 2]>,
    pub verdict: Verdict,
    /// The change of the lever's metric the month measured and the one the case promised
    /// (after − today: a mean for durations, a rate a month for counts), in `unit`; null for
    /// the total and the SLA lever.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub change: Option<MetricChange>,
}

/// A lever's metric change, realised against promised, in the metric's unit.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct MetricChange {
    pub realised: f64,
    pub promised: f64,
    pub unit: crate::metric::Unit,
    /// A case duration (a mean) rather than a count or period duration (a month's rate).
    pub duration: bool,
}

/// Cumulative net cash flow up to a month (month 0 included), realised and promised.
#[derive(Debug, Clone, Serialize)]
pub struct Cumulative {
    pub realised: Money,
    pub promised: Money,
}

#[derive(Debug, Clone, Serialize)]
pub struct Month {
    /// `YYYY-MM`.
    pub month: String,
    /// 1-based month of the plan.
    pub plan_month: u32,
    /// Days with data.
    pub days: u32,
    /// Cases of the metric that defines the volume; null without one.
    pub cases: Option<u64>,
    /// Fewer than 30 cases: shown, but too few to judge.
    pub few_cases: bool,
    /// The metrics as `compute` reports them, today being the case's baseline.
    pub metrics: serde_json::Value,
    pub levers: BTreeMap<String, LeverMonth>,
    /// Every lever together, gross.
    pub total: LeverMonth,
    /// The plan's risk-adjusted benefit for the month, beside the realised total.
    pub promised_risk_adjusted: Money,
    pub cumulative: Cumulative,
    /// What to check about the month: a volume that moved more than 20% from the
    /// baseline's, too few cases, a window much shorter than the baseline's.
    pub warnings: Vec<crate::warning::Warning>,
}

/// The whole tracking.
#[derive(Debug, Clone, Serialize)]
pub struct Track {
    pub roi_version: &'static str,
    pub currency: String,
    pub months: Vec<Month>,
    /// The cumulative net cash flow before the first month (the investment, negative).
    pub cumulative_start: Money,
    /// The case's monthly cost, taken off each month's realised benefit.
    pub monthly_cost: Money,
    /// The plan's payback month (null if none).
    pub payback_months_planned: Option<f64>,
    /// The payback month at the average monthly benefit realised so far, with the case's
    /// investment and monthly cost (null if it never pays back).
    pub payback_months_reestimated: Option<f64>,
    /// The whole case, from the last month's total against its promise.
    pub verdict: Verdict,
}

/// What `roi track` is told.
#[derive(Debug, Clone)]
pub struct Settings {
    pub case: PathBuf,
    pub actuals: Vec<PathBuf>,
    /// Each file one period, this month (`YYYY-MM`), instead of split by dates.
    pub month: Option<String>,
    pub encoding: Option<&'static encoding_rs::Encoding>,
    /// A roi.toml whose column mappings (`[columns]`, `[events]`, `[calendar]`) read the
    /// actuals; the case's assumptions stay the case's.
    pub config: Option<Assumptions>,
}

fn bad_case(case: &str, found: impl Into<String>) -> RoiError {
    RoiError::one(Problem::in_file(case).says(
        found,
        "the summary.json of a roi compute by this version of roi, as it wrote it",
    ))
}

/// The case: its JSON, its assumptions and today's summary, checked.
fn open_case(path: &Path) -> Result<(serde_json::Value, Assumptions, String), RoiError> {
    let name = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|source| RoiError::Read {
        path: name.clone(),
        source,
    })?;
    let j: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| bad_case(&name, format!("not JSON: {e}")))?;
    let seal = &j["track"];
    match seal["format"].as_u64() {
        Some(f) if f == u64::from(crate::report::seal::FORMAT) => {}
        Some(f) => {
            return Err(bad_case(
                &name,
                format!(
                    "a case of format {f}, written by another version of roi (this one reads format {})",
                    crate::report::seal::FORMAT
                ),
            ));
        }
        None => return Err(bad_case(&name, "no track section: not a roi case")),
    }
    let baseline = seal["baseline"].as_str().unwrap_or_default().to_string();
    let config = seal["config"].as_str();
    let sum = crate::report::seal::checksum(
        &baseline,
        config,
        &j["savings"]["monthly"],
        &j["finance"]["cash_flows"],
    );
    if seal["checksum"].as_str() != Some(sum.as_str()) {
        return Err(bad_case(
            &name,
            "its checksum does not match its baseline, assumptions, levers and cash flows: it was edited after roi wrote it",
        ));
    }
    let a = match config {
        Some(c) => crate::assumptions::parse(c, &format!("{name} (its roi.toml)"))?,
        None => Assumptions::default(),
    };
    Ok((j, a, baseline))
}

fn money(v: &serde_json::Value) -> Decimal {
    v.as_str()
        .and_then(|s| Decimal::from_str(s).ok())
        .unwrap_or_default()
}

/// Today as the fixed reference: its statistics without noise of their own, so each month's
/// interval is the month's.
fn fixed(mut s: SideSummary) -> SideSummary {
    for m in &mut s.metrics {
        match &mut m.stats {
            Some(Stats::Case(c)) => c.std = Some(0.0),
            Some(Stats::Rate(r)) => r.sum_sq = 0.0,
            None => {}
        }
    }
    s
}

/// One month of actuals: its observations (one per file), and with `--by` the cases of each
/// segment.
type MonthData = (Vec<input::Observations>, BTreeMap<String, u64>);

/// The months of the actuals: each file split by its dates, or one month each (`--month`);
/// `by` the case's `--by` column, when it had one.
fn months(
    s: &Settings,
    a: &Assumptions,
    by: Option<&str>,
) -> Result<BTreeMap<String, MonthData>, RoiError> {
    let mut split = a.clone();
    if let Some(c) = &s.config {
        split.columns = c.columns.clone();
        split.date_column = c.date_column.clone();
        split.rules = c.rules.clone();
    }
    split.rules.by_month = s.month.is_none();
    split.rules.by = by.map(str::to_string);
    let registry = split.registry();
    // The metric whose observations are the cases (as summarize counts them).
    let case_ids: Vec<crate::metric::MetricId> = ["cycle_time", "response_time"]
        .iter()
        .filter_map(|m| registry.lookup(m))
        .collect();
    let cases_of = |series: &BTreeMap<crate::metric::MetricId, input::Series>| {
        case_ids
            .iter()
            .find_map(|id| series.get(id).filter(|s| s.n > 0).map(|s| s.n))
            .unwrap_or(0)
    };
    let mut out: BTreeMap<String, MonthData> = BTreeMap::new();
    for path in &s.actuals {
        let scan = input::read(path, &registry, s.encoding, None)?;
        let obs = scan.into_result()?;
        if let Some(m) = &s.month {
            let entry = out.entry(m.clone()).or_default();
            for (seg, series) in &obs.segments {
                *entry.1.entry(seg.clone()).or_default() += cases_of(series);
            }
            let mut whole = obs;
            whole.segments = BTreeMap::new();
            entry.0.push(whole);
            continue;
        }
        for (key, series) in obs.segments {
            if key == input::BLANK_SEGMENT {
                continue;
            }
            let (month, seg) = match key.split_once(input::MONTH_SEGMENT) {
                Some((m, s)) => (m.to_string(), Some(s.to_string())),
                None => (key.clone(), None),
            };
            let mut file = obs.file.clone();
            if let Some((f, l)) = obs.segment_days.get(&key) {
                file.first_day = Some(*f);
                file.last_day = Some(*l);
            }
            let entry = out.entry(month).or_default();
            if let Some(seg) = seg {
                *entry.1.entry(seg).or_default() += cases_of(&series);
            }
            entry.0.push(input::Observations {
                file,
                series,
                warnings: Vec::new(),
                segments: BTreeMap::new(),
                segment_days: BTreeMap::new(),
            });
        }
    }
    Ok(out)
}

/// The verdict of a realised lever against its promise.
fn verdict(promised: Decimal, ci: Option<[Money; 2]>) -> Verdict {
    match ci {
        None => Verdict::TooEarly,
        Some([lo, _]) if promised < lo.0 => Verdict::Ahead,
        Some([_, hi]) if promised > hi.0 => Verdict::Behind,
        Some(_) => Verdict::OnTrack,
    }
}

/// Tracks the actuals against the case.
pub fn track(s: &Settings) -> Result<Track, RoiError> {
    if let Some(m) = &s.month {
        let ok = m.len() == 7
            && m.as_bytes()[4] == b'-'
            && m[..4].parse::<u32>().is_ok()
            && m[5..].parse::<u32>().is_ok_and(|x| (1..=12).contains(&x));
        if !ok {
            return Err(RoiError::one(Problem::in_file("--month").says(
                format!("'{m}' is not a month"),
                "a month as YYYY-MM, like 2026-10",
            )));
        }
    }
    let (case, a, baseline_text) = open_case(&s.case)?;
    let registry = a.registry();
    let name = s.case.display().to_string();
    let today =
        summarize::summary_file::read_text(&baseline_text, &name, Side::Today, &registry, &a)?;
    let today = fixed(today);
    let promised_levers: BTreeMap<String, Decimal> = case["savings"]["monthly"]
        .as_object()
        .map(|m| {
            m.iter()
                .filter(|(k, _)| *k != "total")
                .map(|(k, v)| (k.clone(), money(v)))
                .collect()
        })
        .unwrap_or_default();
    let risk = a.decimal(keys::RISK_ADJUSTMENT);
    let ramp = a.decimal(keys::RAMP_UP_MONTHS);
    let monthly_cost = crate::money::cents(a.decimal(keys::MONTHLY));
    let one_time = crate::money::cents(a.decimal(keys::ONE_TIME));
    let flows: Vec<Decimal> = case["finance"]["cash_flows"]
        .as_array()
        .map(|v| v.iter().map(money).collect())
        .unwrap_or_default();
    let plan_total: Decimal = promised_levers.values().copied().sum();
    let plan_adjusted = economics::Split::of(promised_levers.values().copied()).risk_adjusted(risk);
    let mut out = Vec::new();
    let mut realised_cum = -one_time;
    let mut realised_sum = Decimal::ZERO;
    let by = case["segmented_by"].as_str().map(str::to_string);
    // With --by: each segment's share of today's cases, for the mix of each month.
    let baseline_mix: BTreeMap<String, f64> = {
        let cases: BTreeMap<String, f64> = case["segments"]
            .as_object()
            .map(|m| {
                m.iter()
                    .filter_map(|(k, v)| Some((k.clone(), v["cases_today"].as_f64()?)))
                    .collect()
            })
            .unwrap_or_default();
        let total: f64 = cases.values().sum();
        cases
            .into_iter()
            .filter(|_| total > 0.0)
            .map(|(k, v)| (k, v / total))
            .collect()
    };
    for (i, (month, (observations, seg_cases))) in
        months(s, &a, by.as_deref())?.into_iter().enumerate()
    {
        let plan_month = i as u32 + 1;
        // Several files of one month: their observations together.
        let mut obs = observations.into_iter();
        let Some(mut first) = obs.next() else {
            continue;
        };
        for o in obs {
            for (id, series) in o.series {
                first.series.entry(id).or_default().merge(&series);
            }
            first.file.first_day = first
                .file
                .first_day
                .min(o.file.first_day)
                .or(o.file.first_day);
            first.file.last_day = first.file.last_day.max(o.file.last_day);
        }
        let after = summarize::summarize(first, Side::After, &registry, &a)?;
        let days = after.window.as_ref().map_or(0, |w| w.days);
        let cases = after.cases.as_ref().map(|c| c.0);
        let cmp = compare::compare(today.clone(), after, &a);
        use crate::warning::Warning as W;
        let mut month_warnings: Vec<W> = cmp
            .warnings
            .iter()
            .filter(|w| {
                matches!(
                    w,
                    W::VolumeChanged { .. }
                        | W::FewCases { today: false, .. }
                        | W::WindowsDiffer { .. }
                        | W::ShortWindow { today: false, .. }
                )
            })
            .cloned()
            .collect();
        if let Some(by) = &by {
            let total: u64 = seg_cases.values().sum();
            let moved: Vec<(String, f64, f64)> = baseline_mix
                .keys()
                .chain(seg_cases.keys())
                .collect::<std::collections::BTreeSet<_>>()
                .into_iter()
                .filter_map(|seg| {
                    let today = baseline_mix.get(seg).copied().unwrap_or(0.0);
                    let now = seg_cases
                        .get(seg)
                        .map_or(0.0, |n| *n as f64 / total.max(1) as f64);
                    ((now - today).abs() > MIX_SHIFT && total > 0)
                        .then(|| (seg.clone(), today, now))
                })
                .collect();
            if !moved.is_empty() {
                month_warnings.push(W::MixChanged {
                    by: by.clone(),
                    segments: moved,
                });
            }
        }
        let realised = levers::levers(&cmp, &a);
        let share = if ramp <= Decimal::ZERO {
            Decimal::ONE
        } else {
            (Decimal::from(plan_month) / ramp).min(Decimal::ONE)
        };
        let share_f = share.to_f64().unwrap_or(1.0);
        let mut levers_out = BTreeMap::new();
        let (mut total_realised, mut total_ss) = (Decimal::ZERO, 0.0_f64);
        let mut total_known = true;
        for (lever, promised_full) in &promised_levers {
            let promised = crate::money::cents(promised_full * share);
            let (real, ci) = match realised.iter().find(|l| &l.name == lever) {
                Some(l) => {
                    let ci = (l.low != l.high).then_some([l.low, l.high]);
                    (l.monthly.0, ci)
                }
                None => (Decimal::ZERO, None),
            };
            match ci {
                Some([lo, hi]) => {
                    let half = ((hi.0 - lo.0) / Decimal::TWO).to_f64().unwrap_or(0.0);
                    total_ss += half * half;
                }
                None => total_known = false,
            }
            total_realised += real;
            // The metric behind the lever, in its own unit (not the SLA lever: its money is
            // breaches, not the metric's mean).
            let change = (lever != "sla")
                .then(|| {
                    let m = cmp.metrics.iter().find(|m| &m.name == lever)?;
                    let realised = m.change.as_ref()?.mean;
                    let promised = case["metrics"][lever]["change"]["mean"].as_f64()? * share_f;
                    Some(MetricChange {
                        realised,
                        promised,
                        unit: m.unit,
                        duration: m.kind == crate::metric::Kind::CaseDuration,
                    })
                })
                .flatten();
            levers_out.insert(
                lever.clone(),
                LeverMonth {
                    realised: Money(real),
                    promised: Money(promised),
                    gap: Money(real - promised),
                    ci95: ci,
                    verdict: verdict(promised, ci),
                    change,
                },
            );
        }
        let promised_total = crate::money::cents(plan_total * share);
        let total_ci = total_known.then(|| {
            let half = levers::dec(total_ss.sqrt());
            [
                Money(crate::money::cents(total_realised - half)),
                Money(crate::money::cents(total_realised + half)),
            ]
        });
        realised_cum += total_realised - monthly_cost;
        realised_sum += total_realised;
        let promised_cum: Decimal = flows.iter().take(plan_month as usize + 1).copied().sum();
        // The month's metrics as compute reports them.
        let metrics = crate::report::build::metrics(cmp.metrics, &a);
        out.push(Month {
            month,
            plan_month,
            days,
            cases,
            few_cases: cases.is_some_and(|c| c < compare::MIN_CASES),
            metrics: serde_json::to_value(&metrics).unwrap_or_default(),
            levers: levers_out,
            total: LeverMonth {
                realised: Money(total_realised),
                promised: Money(promised_total),
                gap: Money(total_realised - promised_total),
                ci95: total_ci,
                verdict: verdict(promised_total, total_ci),
                change: None,
            },
            promised_risk_adjusted: Money(crate::money::cents(plan_adjusted * share)),
            cumulative: Cumulative {
                realised: Money(realised_cum),
                promised: Money(promised_cum),
            },
            warnings: month_warnings,
        });
    }
    if out.is_empty() {
        return Err(RoiError::one(
            Problem::in_file(
                &s.actuals
                    .first()
                    .map(|p| p.display().to_string())
                    .unwrap_or_default(),
            )
            .says(
                "no month with dated rows",
                "exports of the months after go-live with a date column, or --month YYYY-MM",
            ),
        ));
    }
    // The payback at the average monthly benefit realised so far, full from month 1.
    let rate = realised_sum / Decimal::from(out.len() as u64) - monthly_cost;
    let reestimated = (rate > Decimal::ZERO)
        .then(|| (one_time / rate).to_f64())
        .flatten()
        .map(|m| (m * 10.0).round() / 10.0);
    let verdict = out.last().map_or(Verdict::TooEarly, |m| m.total.verdict);
    Ok(Track {
        roi_version: env!("CARGO_PKG_VERSION"),
        currency: case["currency"].as_str().unwrap_or("EUR").to_string(),
        months: out,
        cumulative_start: Money(-one_time),
        monthly_cost: Money(monthly_cost),
        payback_months_planned: case["finance"]["payback_months"].as_f64(),
        payback_months_reestimated: reestimated,
        verdict,
    })
}

fn verdict_word(lang: crate::i18n::Lang, v: Verdict) -> &'static str {
    let p = &lang.cat().p;
    match v {
        Verdict::OnTrack => p.verdict_on_track,
        Verdict::Ahead => p.verdict_ahead,
        Verdict::Behind => p.verdict_behind,
        Verdict::TooEarly => p.verdict_too_early,
    }
}

/// A lever's name for people: the metric's words, or its key.
pub fn lever_word(lang: crate::i18n::Lang, lever: &str) -> String {
    let cat = lang.cat();
    crate::metric::BUILTINS
        .iter()
        .find(|b| b.lever.is_some_and(|l| l.name == lever))
        .and_then(|b| cat.metric(b.name))
        .map_or(lever.replace('_', " "), |w| {
            w.lever.unwrap_or(w.name).to_string()
        })
}

/// The rows of one month's table: each lever, then the total.
fn rows(t: &Track, m: &Month, lang: crate::i18n::Lang) -> Vec<[String; 6]> {
    let cur = &t.currency;
    let range = |ci: &Option<[Money; 2]>| {
        ci.map_or(String::from("—"), |[lo, hi]| {
            let lo = lang.money(lo.0, cur);
            format!(
                "{} … {}",
                lo.trim_end_matches(cur).trim_end(),
                lang.money(hi.0, cur)
            )
        })
    };
    let mut out: Vec<[String; 6]> = m
        .levers
        .iter()
        .map(|(name, l)| {
            [
                crate::i18n::capitalize(&lever_word(lang, name)),
                lang.money(l.realised.0, cur),
                lang.money(l.promised.0, cur),
                lang.money(l.gap.0, cur),
                range(&l.ci95),
                verdict_word(lang, l.verdict).to_string(),
            ]
        })
        .collect();
    out.push([
        lang.cat().p.track_total.to_string(),
        lang.money(m.total.realised.0, cur),
        lang.money(m.total.promised.0, cur),
        lang.money(m.total.gap.0, cur),
        range(&m.total.ci95),
        verdict_word(lang, m.total.verdict).to_string(),
    ]);
    out
}

/// The sentences under the months: cumulative cash, payback, the last month's verdicts.
fn closing(t: &Track, lang: crate::i18n::Lang) -> Vec<String> {
    use crate::i18n::fill;
    let p = &lang.cat().p;
    let cur = &t.currency;
    let mut out = Vec::new();
    if let Some(last) = t.months.last() {
        out.push(fill(
            p.track_cumulative,
            &[
                ("realised", &lang.money(last.cumulative.realised.0, cur)),
                ("promised", &lang.money(last.cumulative.promised.0, cur)),
            ],
        ));
        for (name, l) in &last.levers {
            let lever = crate::i18n::capitalize(&lever_word(lang, name));
            let verdict = verdict_word(lang, l.verdict);
            // In the metric's own words where it has them: "15 fewer a month against 30
            // promised", "no change yet after 3 months".
            let line = match l.change {
                Some(c) if c.realised.abs() < 1e-9 || l.realised.0.is_zero() => {
                    let n = t.months.len().to_string();
                    fill(
                        p.track_no_change,
                        &[
                            ("lever", &lever),
                            ("months", &n),
                            ("months_word", lang.cat().nouns.month.form(&n)),
                            ("promised", &lang.money(l.promised.0, cur)),
                            ("verdict", verdict),
                        ],
                    )
                }
                Some(c) => {
                    let words = |v: f64| {
                        let (less, more) = if c.duration {
                            (p.track_faster, p.track_slower)
                        } else {
                            (p.track_fewer, p.track_more)
                        };
                        let amount = if c.duration {
                            lang.duration(v.abs(), c.unit)
                        } else if c.unit == crate::metric::Unit::Count {
                            lang.quantity(v.abs().round())
                        } else {
                            lang.duration(v.abs(), c.unit)
                        };
                        fill(if v <= 0.0 { less } else { more }, &[("n", &amount)])
                    };
                    fill(
                        if c.duration {
                            p.track_duration_line
                        } else {
                            p.track_metric_line
                        },
                        &[
                            ("lever", &lever),
                            ("realised", &words(c.realised)),
                            ("promised", &words(c.promised)),
                            ("money", &lang.money(l.realised.0, cur)),
                            ("verdict", verdict),
                        ],
                    )
                }
                None => fill(
                    p.track_verdict_line,
                    &[
                        ("lever", &lever),
                        ("realised", &lang.money(l.realised.0, cur)),
                        ("promised", &lang.money(l.promised.0, cur)),
                        ("verdict", verdict),
                    ],
                ),
            };
            out.push(line);
        }
    }
    let planned = t
        .payback_months_planned
        .map_or("—".to_string(), |m| lang.number(m, 1));
    out.push(match t.payback_months_reestimated {
        Some(r) => fill(
            p.track_payback,
            &[("reestimated", &lang.number(r, 1)), ("planned", &planned)],
        ),
        None => fill(p.track_payback_never, &[("planned", &planned)]),
    });
    out
}

fn headings(lang: crate::i18n::Lang) -> [&'static str; 6] {
    let p = &lang.cat().p;
    [
        p.track_col_lever,
        p.track_col_realised,
        p.track_col_promised,
        p.track_col_gap,
        p.track_col_range,
        p.track_col_verdict,
    ]
}

fn title(t: &Track, lang: crate::i18n::Lang) -> String {
    let n = t.months.len().to_string();
    crate::i18n::fill(
        lang.cat().p.track_title,
        &[("n", &n), ("months_word", lang.cat().nouns.month.form(&n))],
    )
}

fn month_line(m: &Month, lang: crate::i18n::Lang) -> String {
    let p = &lang.cat().p;
    let mut s = crate::i18n::fill(
        p.track_month,
        &[
            ("month", &m.month),
            ("plan_month", &m.plan_month.to_string()),
            ("days", &m.days.to_string()),
        ],
    );
    if m.few_cases {
        let cases = m.cases.unwrap_or(0).to_string();
        s.push_str(&format!(
            " ({})",
            crate::i18n::fill(p.track_few_cases, &[("cases", &cases)])
        ));
    }
    s
}

/// The screen summary.
pub fn text(t: &Track, lang: crate::i18n::Lang) -> String {
    use comfy_table::{CellAlignment, LineStyle, TableStyle};
    let mut s = format!("roi: {}\n", title(t, lang));
    let cur = &t.currency;
    for m in &t.months {
        s.push_str(&format!("\n{}\n", month_line(m, lang)));
        let mut ct = comfy_table::Table::new();
        let line = LineStyle::none().fill('─').junction('─');
        ct.load_style(
            TableStyle::new()
                .top_border(line)
                .header_separator(line)
                .bottom_border(line),
        );
        ct.set_content_arrangement(comfy_table::ContentArrangement::Dynamic);
        ct.set_width(100);
        ct.set_header(headings(lang));
        for r in rows(t, m, lang) {
            ct.add_row(r);
        }
        for i in 1..5 {
            if let Some(c) = ct.column_mut(i) {
                c.set_cell_alignment(CellAlignment::Right);
            }
        }
        s.push_str(&format!("{ct}\n"));
        s.push_str(&format!(
            "  {}\n",
            crate::i18n::fill(
                lang.cat().p.track_plan_adjusted,
                &[("amount", &lang.money(m.promised_risk_adjusted.0, cur))]
            )
        ));
        for w in &m.warnings {
            let line = format!(
                "  {}: {}",
                lang.cat().p.prefix_warning,
                crate::document::warning_text(None, lang, w)
            );
            s.push_str(&crate::render::wrap(&line, 100, "    "));
        }
    }
    s.push_str(&format!("\n{}\n", lang.cat().p.track_verdict_heading));
    for line in closing(t, lang) {
        s.push_str(&crate::render::wrap(&format!("  {line}"), 100, "    "));
    }
    s
}

/// The Markdown summary (track.md).
pub fn markdown(t: &Track, lang: crate::i18n::Lang) -> String {
    let esc = |s: &str| crate::render::escape_markdown(s);
    let mut s = format!("# {}\n", esc(&title(t, lang)));
    let cur = &t.currency;
    for m in &t.months {
        s.push_str(&format!("\n## {}\n\n", esc(&month_line(m, lang))));
        let h = headings(lang);
        s.push_str(&format!("| {} |\n", h.join(" | ")));
        s.push_str("|---|---:|---:|---:|---:|---|\n");
        for r in rows(t, m, lang) {
            let cells: Vec<String> = r.iter().map(|c| esc(c)).collect();
            s.push_str(&format!("| {} |\n", cells.join(" | ")));
        }
        s.push_str(&format!(
            "\n{}\n",
            esc(&crate::i18n::fill(
                lang.cat().p.track_plan_adjusted,
                &[("amount", &lang.money(m.promised_risk_adjusted.0, cur))]
            ))
        ));
        for w in &m.warnings {
            s.push_str(&format!(
                "\n> {}: {}\n",
                lang.cat().p.prefix_warning,
                esc(&crate::document::warning_text(None, lang, w))
            ));
        }
    }
    s.push_str(&format!("\n## {}\n\n", lang.cat().p.track_verdict_heading));
    for line in closing(t, lang) {
        s.push_str(&format!("- {}\n", esc(&line)));
    }
    s
}

/// `track.xlsx`: a Tracking sheet, one row per lever and month, the gap and the cumulative
/// net cash flow as formulas over the realised and promised figures.
pub fn workbook(t: &Track, lang: crate::i18n::Lang) -> Vec<u8> {
    use crate::render::xlsx::model::{Book, Cached, Sheet, Style, a1};
    let p = &lang.cat().p;
    let mut s = Sheet::new(
        p.sheet_tracking,
        &[12.0, 22.0, 26.0, 18.0, 18.0, 18.0, 18.0, 22.0],
    );
    s.text(0, 0, title(t, lang), Style::Title);
    let heads = [
        p.col_month,
        p.track_col_lever,
        p.track_col_realised,
        p.track_col_promised,
        p.track_col_gap,
        p.track_col_range,
        "",
        p.track_col_verdict,
    ];
    for (c, h) in heads.iter().enumerate() {
        // Figures' headings right-aligned over them.
        let style = if (2..7).contains(&c) {
            Style::HeaderRight
        } else {
            Style::Header
        };
        s.text(2, c as u16, *h, style);
    }
    let num = |m: Money| m.0.to_f64().unwrap_or(0.0);
    let mut row = 3u32;
    for m in &t.months {
        let mut entries: Vec<(String, &LeverMonth)> = m
            .levers
            .iter()
            .map(|(n, l)| (crate::i18n::capitalize(&lever_word(lang, n)), l))
            .collect();
        entries.push((p.track_total.to_string(), &m.total));
        for (name, l) in entries {
            s.text(row, 0, &m.month, Style::Plain);
            s.text(row, 1, name, Style::Plain);
            s.number(row, 2, num(l.realised), Style::Money);
            s.number(row, 3, num(l.promised), Style::Money);
            s.formula(
                row,
                4,
                format!("{}-{}", a1(row, 2, false), a1(row, 3, false)),
                Cached::Number(num(l.gap)),
                Style::Money,
            );
            if let Some([lo, hi]) = l.ci95 {
                s.number(row, 5, num(lo), Style::Money);
                s.number(row, 6, num(hi), Style::Money);
            }
            s.text(row, 7, verdict_word(lang, l.verdict), Style::Plain);
            row += 1;
        }
    }
    // The cumulative net cash flow, month by month: the realised as a running formula.
    row += 1;
    s.text(row, 0, p.track_cumulative_heading, Style::Heading);
    row += 1;
    for (c, h) in [p.col_month, p.chart_track_realised, p.track_col_promised]
        .iter()
        .enumerate()
    {
        let style = if c > 0 {
            Style::HeaderRight
        } else {
            Style::Header
        };
        s.text(row, c as u16, *h, style);
    }
    row += 1;
    s.text(row, 0, p.chart_track_start, Style::Plain);
    s.number(row, 1, num(t.cumulative_start), Style::Money);
    s.number(row, 2, num(t.cumulative_start), Style::Money);
    for m in &t.months {
        row += 1;
        s.text(row, 0, &m.month, Style::Plain);
        // The previous month's cumulative + this month's realised total − the monthly cost.
        s.formula(
            row,
            1,
            format!(
                "{}+{}-{}",
                a1(row - 1, 1, false),
                num(m.total.realised),
                num(t.monthly_cost)
            ),
            Cached::Number(num(m.cumulative.realised)),
            Style::Money,
        );
        s.number(row, 2, num(m.cumulative.promised), Style::Money);
    }
    let book = Book {
        sheets: vec![s],
        names: Vec::new(),
        currency: t.currency.clone(),
    };
    crate::render::xlsx::to_bytes(&book).unwrap_or_default()
}

/// `track.html`: the tracking as a page to print or send: the verdict, the two charts, the
/// months.
pub fn html(t: &Track, lang: crate::i18n::Lang, charts: &[(String, Vec<u8>)]) -> String {
    use crate::render::{base64, escape_html as e};
    let p = &lang.cat().p;
    let mut s = format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>\n\
@page {{ size: A4; margin: 12mm 13mm; }}\n\
body {{ font-family: 'DejaVu Sans', 'Segoe UI', Helvetica, Arial, sans-serif; color: #212121; font-size: 10pt; margin: 0; }}\n\
main {{ max-width: 190mm; margin: 0 auto; }}\n\
h1 {{ font-size: 18pt; }} h2 {{ font-size: 12pt; border-bottom: 1.5pt solid #0072B2; break-after: avoid; page-break-after: avoid; }}\n\
table {{ border-collapse: collapse; width: 100%; font-size: 9pt; }} thead {{ display: table-header-group; }}\n\
th, td {{ padding: 1mm 2mm; border-bottom: 0.5pt solid #ddd; text-align: left; }}\n\
th.n, td.n {{ text-align: right; white-space: nowrap; }} tr {{ break-inside: avoid; }}\n\
figure {{ margin: 2mm 0; break-inside: avoid; }} figure img {{ width: 100%; }}\n\
</style>\n</head>\n<body>\n<main>\n<h1>{}</h1>\n<ul>\n",
        lang.code(),
        e(&title(t, lang)),
        e(&title(t, lang))
    );
    for line in closing(t, lang) {
        s.push_str(&format!("<li>{}</li>\n", e(&line)));
    }
    s.push_str("</ul>\n");
    for (name, bytes) in charts {
        let alt = if name.contains("cash") {
            p.chart_track_cash_title.to_string()
        } else {
            fill_month(lang, t)
        };
        s.push_str(&format!(
            "<figure><img alt=\"{}\" src=\"data:image/png;base64,{}\"></figure>\n",
            e(&alt),
            base64(bytes)
        ));
    }
    let h = headings(lang);
    for m in &t.months {
        s.push_str(&format!(
            "<h2>{}</h2>\n<table>\n<thead><tr>",
            e(&month_line(m, lang))
        ));
        for (i, x) in h.iter().enumerate() {
            let class = if (1..5).contains(&i) {
                " class=\"n\""
            } else {
                ""
            };
            s.push_str(&format!("<th{class}>{}</th>", e(x)));
        }
        s.push_str("</tr></thead>\n<tbody>\n");
        for r in rows(t, m, lang) {
            s.push_str("<tr>");
            for (i, c) in r.iter().enumerate() {
                let class = if (1..5).contains(&i) {
                    " class=\"n\""
                } else {
                    ""
                };
                s.push_str(&format!("<td{class}>{}</td>", e(c)));
            }
            s.push_str("</tr>\n");
        }
        s.push_str("</tbody>\n</table>\n");
    }
    s.push_str(&format!(
        "<footer>roi {}</footer>\n</main>\n</body>\n</html>\n",
        e(t.roi_version)
    ));
    s
}

fn fill_month(lang: crate::i18n::Lang, t: &Track) -> String {
    let month = t.months.last().map_or(String::new(), |m| m.month.clone());
    crate::i18n::fill(lang.cat().p.chart_track_levers_title, &[("month", &month)])
}
