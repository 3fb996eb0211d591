//! `roi project`'s Pilot plan sheet: the targets as input cells, over which the projected
//! measurements are formulas, and per lever the pilot's weeks and cases as formulas of
//! PRODUCT §9 over them, so a target changed in the workbook moves the levers and the weeks.

use super::model::{Cached, Sheet, Style};
use super::names::{Names, PILOT, term_id_in};
use crate::assumptions::targets::TargetChange;
use crate::document::{self, Document};
use crate::economics::levers::{Lever, Quantity, Stat};
use crate::i18n::Lang;
use crate::metric::LeverRule;
use crate::report::Report;
use crate::summarize::{Side, Stats};
use rust_decimal::prelude::ToPrimitive;

/// The id of a target's cell.
fn target_id(metric: &str) -> String {
    format!("target:{metric}")
}

/// The targets, each a named input cell (a fraction for a relative target, the metric's
/// terms for an absolute one); returns the next free row.
pub(super) fn targets(report: &Report, lang: Lang, s: &mut Sheet, names: &mut Names) -> u32 {
    let p = &lang.cat().p;
    s.text(0, 0, p.sheet_pilot, Style::Title);
    s.prose(1, 0, 9, p.xl_pilot_intro, Style::NoteWrap);
    s.text(3, 0, p.col_metric, Style::Header);
    s.text(3, 1, p.col_target, Style::Header);
    s.text(3, 2, p.col_name, Style::Header);
    let mut row = 4;
    for t in &report.targets {
        s.text(
            row,
            0,
            document::metric_name(report, lang, &t.metric),
            Style::Plain,
        );
        match t.change {
            TargetChange::Relative(r) => s.number(row, 1, r, Style::InputPercent),
            TargetChange::Absolute(v) => s.number(row, 1, v, Style::InputNumber),
        }
        let name = names.add(
            &target_id(&t.metric),
            &format!("target_{}", t.metric),
            PILOT,
            row,
            1,
        );
        s.text(row, 2, name, Style::Note);
        row += 1;
    }
    row + 1
}

/// A projected measurement as a formula over today's and its target:
/// `ROUND(today*(1+target),6)` or `ROUND(today+target,6)` (an absolute target, in the term's
/// units: hours a case, hours a month, units a month). None for a term a formula cannot
/// project (the SLA share, read off today's distribution).
pub(super) fn projected(report: &Report, q: &Quantity, names: &Names) -> Option<String> {
    let Quantity::Measured {
        metric,
        stat,
        side: Side::After,
    } = q
    else {
        return None;
    };
    if !report.projected || *stat == Stat::BreachShare {
        return None;
    }
    let t = report.targets.iter().find(|t| &t.metric == metric)?;
    let today = names.get(&term_id_in(
        None,
        &Quantity::Measured {
            metric: metric.clone(),
            stat: *stat,
            side: Side::Today,
        },
    ));
    let target = names.get(&target_id(metric));
    Some(match t.change {
        TargetChange::Relative(_) => format!("ROUND({today}*(1+{target}),6)"),
        TargetChange::Absolute(_) => format!("ROUND({today}+{target},6)"),
    })
}

/// The pilot plan, lever by lever: today's and the projected figure (the lever's cells),
/// today's spread and basis, and the formulas of §9; returns the next free row.
pub(super) fn plan(report: &Report, doc: &Document, s: &mut Sheet, names: &mut Names, row: u32) {
    let lang = doc.lang;
    let p = &lang.cat().p;
    let heads = [
        p.col_lever,
        p.col_today,
        p.col_projected,
        p.col_spread,
        p.col_pilot_basis,
        p.col_weekly,
        p.col_margin,
        p.col_needed,
        p.col_weeks,
        p.col_pilot_cases,
    ];
    for (c, h) in heads.iter().enumerate() {
        s.text(row, c as u16, *h, Style::Header);
    }
    let mut r = row + 1;
    for l in report.savings.levers.iter().filter(|l| l.parts.is_empty()) {
        if let Some(inputs) = inputs(report, l) {
            lever_row(report, lang, l, &inputs, s, names, r);
            r += 1;
        }
    }
}

/// What a lever's pilot formulas need beside its today and after cells.
struct Inputs {
    /// By cases (durations, the SLA share) or by months (rates).
    by_cases: bool,
    /// Today's standard deviation (cases; none for the SLA share, whose spread is p(1 − p))
    /// or Σx² (rates), in the formula's units.
    spread: Option<f64>,
    /// Today's cases (by cases) or months (rates).
    basis: f64,
    /// Today's cases of the measure a week.
    weekly: f64,
}

fn inputs(report: &Report, l: &Lever) -> Option<Inputs> {
    let m = report.metrics.get(&l.metric)?;
    let days = f64::from(report.inputs.today.window_days?);
    let hours = m.unit.hours().unwrap_or(1.0);
    let volume_weekly = report.inputs.today.cases.map(|n| n as f64 / days * 7.0);
    match (&m.today, l.rule) {
        (Some(Stats::Case(c)), LeverRule::SlaBreaches) => Some(Inputs {
            by_cases: true,
            spread: None,
            basis: c.n as f64,
            weekly: c.n as f64 / days * 7.0,
        }),
        (Some(Stats::Case(c)), _) => Some(Inputs {
            by_cases: true,
            spread: Some(c.std? * hours),
            basis: c.n as f64,
            weekly: c.n as f64 / days * 7.0,
        }),
        (Some(Stats::Rate(r)), _) => {
            let f = if l.formula.today.unit == crate::economics::levers::TermUnit::HoursPerMonth {
                hours
            } else {
                1.0
            };
            Some(Inputs {
                by_cases: false,
                spread: Some(r.sum_sq * f * f),
                basis: days / crate::summarize::DAYS_PER_MONTH,
                weekly: volume_weekly?,
            })
        }
        _ => None,
    }
}

#[allow(clippy::too_many_arguments)]
fn lever_row(
    report: &Report,
    lang: Lang,
    l: &Lever,
    x: &Inputs,
    s: &mut Sheet,
    names: &mut Names,
    r: u32,
) {
    use super::model::a1;
    let p = &lang.cat().p;
    let t_name = names.get(&term_id_in(None, &l.formula.today.quantity));
    let a_name = names.get(&term_id_in(None, &l.formula.after.quantity));
    let (tv, av) = (
        l.formula.today.value.to_f64().unwrap_or(0.0),
        l.formula.after.value.to_f64().unwrap_or(0.0),
    );
    s.text(r, 0, document::lever_name(report, lang, l), Style::Plain);
    s.formula(r, 1, t_name.clone(), Cached::Number(tv), Style::Precise);
    s.formula(r, 2, a_name.clone(), Cached::Number(av), Style::Precise);
    let (t, a) = (a1(r, 1, false), a1(r, 2, false));
    match x.spread {
        Some(v) => s.number(r, 3, v, Style::Precise),
        None => s.text(r, 3, "p(1 − p)", Style::Note),
    }
    s.number(r, 4, x.basis, Style::Precise);
    s.number(r, 5, x.weekly, Style::Precise);
    let (sp, basis, weekly) = (a1(r, 3, false), a1(r, 4, false), a1(r, 5, false));
    // se² of today and the projected variance (a case's, or one month's rate's).
    let (se2, var, se2_v, var_v) = match (x.by_cases, x.spread) {
        (true, Some(sd)) => (
            format!("{sp}^2/{basis}"),
            format!("({sp}*{a}/{t})^2"),
            sd * sd / x.basis,
            (sd * av / tv).powi(2),
        ),
        (true, None) => (
            format!("{t}*(1-{t})/{basis}"),
            format!("{a}*(1-{a})"),
            tv * (1.0 - tv) / x.basis,
            av * (1.0 - av),
        ),
        (false, sq) => {
            let sq = sq.unwrap_or(0.0);
            (
                format!("{sp}/{basis}^2"),
                format!("{sp}/{basis}*{a}/{t}"),
                sq / (x.basis * x.basis),
                sq / x.basis * av / tv,
            )
        }
    };
    // k = z₀.₉₇₅ + z₀.₈, written in full (its shortest exact text).
    let k = crate::project::K;
    let margin_v = ((av - tv) / k).powi(2) - se2_v;
    s.formula(
        r,
        6,
        format!("(({a}-{t})/{k})^2-{se2}"),
        Cached::Number(margin_v),
        Style::Precise,
    );
    let margin = a1(r, 6, false);
    let needed_v = var_v / margin_v;
    s.formula(
        r,
        7,
        format!("IF({margin}>0,{var}/{margin},\"{}\")", super::names::NONE),
        if margin_v > 0.0 {
            Cached::Number(needed_v)
        } else {
            Cached::Text(super::names::NONE.into())
        },
        Style::Precise,
    );
    let needed = a1(r, 7, false);
    // Weeks: by cases, whole cases ÷ the week's cases; by months, months in weeks.
    let (weeks_expr, weeks_v) = if x.by_cases {
        (
            format!("MAX(1,ROUNDUP(MAX(1,ROUNDUP({needed},0))/{weekly},0))"),
            (needed_v.ceil().max(1.0) / x.weekly).ceil().max(1.0),
        )
    } else {
        (
            format!("MAX(1,ROUNDUP({needed}*30.4375/7,0))"),
            (needed_v * crate::summarize::DAYS_PER_MONTH / 7.0)
                .ceil()
                .max(1.0),
        )
    };
    let weeks_cached = if av == tv {
        Cached::Text(p.xl_pilot_none.into())
    } else if margin_v <= 0.0 {
        Cached::Text(p.xl_pilot_noisy.into())
    } else if weeks_v > 52.0 {
        Cached::Text(p.xl_pilot_year.into())
    } else {
        Cached::Number(weeks_v)
    };
    s.formula(
        r,
        8,
        format!(
            "IF({a}={t},\"{none}\",IF({margin}<=0,\"{noisy}\",IF({weeks_expr}>52,\"{year}\",{weeks_expr})))",
            none = p.xl_pilot_none,
            noisy = p.xl_pilot_noisy,
            year = p.xl_pilot_year,
        ),
        weeks_cached.clone(),
        Style::Whole,
    );
    let id = format!("pilot_weeks_{}", l.name);
    names.add(&id, &id, PILOT, r, 8);
    let weeks = a1(r, 8, false);
    let cases_cached = match (&weeks_cached, x.by_cases) {
        (Cached::Number(_), true) => Cached::Number(needed_v.ceil().max(1.0)),
        (Cached::Number(w), false) => Cached::Number((x.weekly * w).round()),
        _ => Cached::Text(super::names::NONE.into()),
    };
    let cases_expr = if x.by_cases {
        format!("MAX(1,ROUNDUP({needed},0))")
    } else {
        format!("ROUND({weekly}*{weeks},0)")
    };
    s.formula(
        r,
        9,
        format!(
            "IF(ISNUMBER({weeks}),{cases_expr},\"{}\")",
            super::names::NONE
        ),
        cases_cached,
        Style::Whole,
    );
    let id = format!("pilot_cases_{}", l.name);
    names.add(&id, &id, PILOT, r, 9);
}
