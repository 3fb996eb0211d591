//! The How likely sheet: the chance the case holds in its closed form, live over each lever's
//! standard error and the Cash flows sheet's months (docs/method.md#how-likely). With ranges
//! in roi.toml roi's own figures come from its simulation; the sheet says so and shows them
//! beside the closed form, which takes each assumption at its stated value.

use super::cash::{DISCOUNT_COL, FIRST_MONTH_ROW, MONTH_COL, RAMP_COL};
use super::levers::{FIRST_LEVER_ROW, HIGH_COL, LOW_COL};
use super::model::{Cached, Content, Sheet, Style, a1, quoted};
use super::names::Names;
use crate::document;
use crate::economics::probability::{self, ClosedForm, Flows, Method, Probability};
use crate::i18n::{Lang, fill};
use crate::money::{Money, cents};
use crate::report::Report;
use rust_decimal::Decimal;
use rust_decimal::prelude::{FromPrimitive, ToPrimitive};

/// z of a two-sided 95% interval: a lever's standard error is its range's width ÷ 2z, as roi
/// takes it.
const Z95: &str = "1.959963984540054";

/// The report's chance and its closed form at the stated values (what the sheet's formulas
/// give as written), or None: without a probability, or over a horizon of no months.
pub(super) fn live(report: &Report) -> Option<(&Probability, ClosedForm)> {
    let pr = report.probability.as_ref()?;
    let f = &report.finance;
    if f.horizon_months == 0 {
        return None;
    }
    let amount = |m: Option<Money>| m.map_or(0.0, |m| m.0.to_f64().unwrap_or(0.0));
    let flows = Flows {
        one_time: amount(f.investment_one_time),
        monthly: amount(f.investment_monthly),
        ramp: f.ramp_up_months,
        rate: f.discount_rate,
        recapture: report.capacity_recapture(),
    };
    let c = probability::closed_form(
        &report.savings.levers,
        &flows,
        &report.stated,
        f.horizon_months,
        pr.within_months,
    );
    Some((pr, c))
}

/// Money rounded to the cent, as ROUND(x, 2) gives it.
fn cent(x: f64) -> f64 {
    Decimal::from_f64(x)
        .map(|d| cents(d).to_f64().unwrap_or(0.0))
        .unwrap_or(0.0)
}

fn money(m: Money) -> f64 {
    m.0.to_f64().unwrap_or(0.0)
}

/// The sheet, to be the workbook's sheet number `index`; None where there is no chance to
/// compute.
pub(super) fn sheet(report: &Report, lang: Lang, names: &mut Names, index: usize) -> Option<Sheet> {
    let (pr, c) = live(report)?;
    let cat = lang.cat();
    let p = &cat.p;
    let mut s = Sheet::new(p.sheet_likely, &[80.0, 38.0, 38.0, 18.0, 18.0]);
    s.text(0, 0, p.sheet_likely, Style::Title);
    s.prose(1, 0, 4, p.xl_likely_intro, Style::NoteWrap);
    let simulated = pr.method == Method::Simulation;
    if simulated {
        // The ranged assumptions named as the headline names them ("a, b and c").
        let ranged = document::ranged_names(report, lang, pr);
        let draws = lang.number(f64::from(pr.draws.unwrap_or(probability::DRAWS)), 0);
        let text = fill(
            p.xl_likely_simulation,
            &[("ranged", &ranged), ("draws", &draws)],
        );
        s.prose(2, 0, 4, &text, Style::NoteWrap);
    }
    // Each lever: its monthly value, its range's ends on the Levers sheet and its standard
    // error, a named cell a reader may overwrite.
    s.text(4, 0, p.xl_likely_levers, Style::Heading);
    for (col, h) in [
        p.col_lever,
        p.xl_col_monthly_gross,
        p.col_range_low,
        p.col_range_high,
        p.xl_col_se,
    ]
    .iter()
    .enumerate()
    {
        let style = if col == 0 {
            Style::Header
        } else {
            Style::HeaderRight
        };
        s.text(5, col as u16, *h, style);
    }
    let levers_sheet = quoted(p.sheet_levers);
    let first = 6u32;
    let levers = &report.savings.levers;
    for (i, l) in levers.iter().enumerate() {
        let r = first + i as u32;
        let at = FIRST_LEVER_ROW + i as u32;
        s.text(r, 0, document::lever_name(report, lang, l), Style::Plain);
        s.formula(
            r,
            1,
            names.get(&format!("lever_{}", l.name)),
            Cached::Number(money(l.monthly)),
            Style::Money,
        );
        for (col, from, end) in [(2u16, LOW_COL, l.low), (3, HIGH_COL, l.high)] {
            s.formula(
                r,
                col,
                format!("{levers_sheet}!{}", a1(at, from, true)),
                Cached::Number(money(end)),
                Style::Money,
            );
        }
        s.formula(
            r,
            4,
            format!("ABS({}-{})/(2*{Z95})", a1(r, 3, false), a1(r, 2, false)),
            Cached::Number(probability::standard_error(l)),
            Style::Money,
        );
        let id = format!("se_{}", l.name);
        names.add(&id, &id, index, r, 4);
    }
    let column = |col: u16| {
        (!levers.is_empty()).then(|| {
            format!(
                "{}:{}",
                a1(first, col, true),
                a1(first + levers.len() as u32 - 1, col, true)
            )
        })
    };
    let head = first + levers.len() as u32 + 1;
    s.text(head, 0, p.xl_likely_figures, Style::Heading);
    s.text(head + 1, 1, p.xl_col_live, Style::HeaderRight);
    if simulated {
        s.text(head + 1, 2, p.xl_col_simulated, Style::HeaderRight);
    }
    let rows = figures(report, lang, pr, &c);
    for (i, f) in rows.into_iter().enumerate() {
        let r = head + 2 + i as u32;
        let expr = match f.expr {
            Expr::Sum(col) => column(col).map_or("0".into(), |r| format!("SUM({r})")),
            Expr::RootSumSq(col) => column(col).map_or("0".into(), |r| format!("SQRT(SUMSQ({r}))")),
            Expr::Formula(e) => e,
        };
        // A long label wraps within its column, its row as high as the lines need.
        s.prose(r, 0, 0, &f.label, Style::Wrap);
        s.formula(r, 1, expr, Cached::Number(f.cached), f.style.clone());
        names.add(f.name, f.name, index, r, 1);
        if f.name == "p_payback_horizon" && pr.within_months == report.finance.horizon_months {
            names.add("p_payback_12", "p_payback_12", index, r, 1);
        }
        if let (true, Some(v)) = (simulated, f.simulated) {
            s.put(r, 2, Content::Number(v), f.style);
        }
    }
    Some(s)
}

enum Expr {
    /// The sum of a column of the levers' table.
    Sum(u16),
    /// √ of the sum of a column's squares.
    RootSumSq(u16),
    Formula(String),
}

/// A figure of the sheet: its label, its name, its formula, what the formula gives as
/// written, and roi's own figure where it comes from the simulation.
struct Figure {
    label: String,
    name: &'static str,
    expr: Expr,
    cached: f64,
    style: Style,
    simulated: Option<f64>,
}

/// The closed form's figures, each a formula over the cells above it, the Cash flows sheet's
/// months and the named assumptions.
fn figures(report: &Report, lang: Lang, pr: &Probability, c: &ClosedForm) -> Vec<Figure> {
    let cat = lang.cat();
    let p = &cat.p;
    let horizon = report.finance.horizon_months;
    let within = pr.within_months;
    let cash = quoted(p.sheet_cash_flows);
    let months = |col: u16, from: u32, to: u32| {
        format!(
            "{cash}!{}:{}",
            a1(FIRST_MONTH_ROW + from, col, true),
            a1(FIRST_MONTH_ROW + to, col, true)
        )
    };
    // The investment's named cells, as the Cash flows sheet reads them.
    let (one_time, monthly) = ("one_time", "monthly_cost");
    let discounted = months(DISCOUNT_COL, 1, horizon);
    // PV₀: the investment, the monthly cost over months 1..H, and each stated line — its
    // monthly amount from its first month (never month 0) and its one-time amount in its
    // month — at the month's discount factor.
    let mut pv0 = format!("-{one_time}-{monthly}*SUM({discounted})");
    // Cₘ: the same cash flows, undiscounted, to month m.
    let cum = |m: u32| {
        let mut e = format!("-{one_time}-{m}*{monthly}");
        for n in 1..=report.stated.len() {
            e.push_str(&format!(
                "+stated_{n}_factor*(stated_{n}_monthly*MAX(0,{m}-MAX(1,stated_{n}_from)+1)\
                 +IF(stated_{n}_month<={m},stated_{n}_one_time,0))"
            ));
        }
        e
    };
    for n in 1..=report.stated.len() {
        pv0.push_str(&format!(
            "+stated_{n}_factor*(stated_{n}_monthly*SUMIF({m1},\">=\"&stated_{n}_from,{discounted})\
             +stated_{n}_one_time*SUMIF({m0},stated_{n}_month,{d0}))",
            m1 = months(MONTH_COL, 1, horizon),
            m0 = months(MONTH_COL, 0, horizon),
            d0 = months(DISCOUNT_COL, 0, horizon),
        ));
    }
    let ramp = |m: u32| format!("SUM({})", months(RAMP_COL, 1, m));
    // P(B ≥ −Cₘ/Rₘ): paid back by month m; never without a month of benefit.
    let paid_back = |r: &str, c: &str| {
        format!(
            "IF({r}>0,IF(monthly_sd>0,1-NORM.DIST(-{c}/{r},monthly_mean,monthly_sd,TRUE),\
             IF(monthly_mean>=-{c}/{r},1,0)),0)"
        )
    };
    let percentile =
        |q: &str| format!("IF(npv_sd>0,ROUND(NORM.INV({q},npv_mean,npv_sd),2),ROUND(npv_mean,2))");
    let month_text = |m: u32| m.to_string();
    let payback_label = |m: u32| {
        let n = month_text(m);
        fill(
            p.xl_lk_payback,
            &[("months", &n), ("months_word", cat.nouns.month.form(&n))],
        )
    };
    let sim = |v: f64| Some(v);
    let f = |label: String, name, expr, cached, style, simulated| Figure {
        label,
        name,
        expr,
        cached,
        style,
        simulated,
    };
    let mut out = vec![
        f(
            p.xl_lk_mean.into(),
            "monthly_mean",
            Expr::Sum(1),
            c.monthly_mean,
            Style::Money,
            None,
        ),
        f(
            p.xl_lk_sd.into(),
            "monthly_sd",
            Expr::RootSumSq(4),
            c.monthly_sd,
            Style::Money,
            None,
        ),
        f(
            p.xl_lk_factor.into(),
            "pv_factor",
            Expr::Formula(format!(
                "SUMPRODUCT({},{discounted})",
                months(RAMP_COL, 1, horizon)
            )),
            c.factor,
            Style::Precise,
            None,
        ),
        f(
            p.xl_lk_pv0.into(),
            "pv_other",
            Expr::Formula(pv0),
            c.pv0,
            Style::Money,
            None,
        ),
        f(
            p.xl_lk_npv_mean.into(),
            "npv_mean",
            Expr::Formula("monthly_mean*pv_factor+pv_other".into()),
            c.npv_mean,
            Style::Money,
            sim(money(pr.npv_mean)),
        ),
        f(
            p.xl_lk_npv_sd.into(),
            "npv_sd",
            Expr::Formula("monthly_sd*pv_factor".into()),
            c.npv_sd,
            Style::Money,
            sim(money(pr.npv_sd)),
        ),
    ];
    let mut marks = vec![(within, "ramp_sum_within", "cum_other_within")];
    if horizon != within {
        marks.push((horizon, "ramp_sum_horizon", "cum_other_horizon"));
    }
    for &(m, r, cm) in &marks {
        let (rv, cv) = if m == within {
            (c.ramp_within, c.cum_within)
        } else {
            (c.ramp_horizon, c.cum_horizon)
        };
        let n = month_text(m);
        out.push(f(
            fill(p.xl_lk_ramp, &[("months", &n)]),
            r,
            Expr::Formula(ramp(m)),
            rv,
            Style::Number,
            None,
        ));
        out.push(f(
            fill(p.xl_lk_cum, &[("months", &n)]),
            cm,
            Expr::Formula(cum(m)),
            cv,
            Style::Money,
            None,
        ));
    }
    let horizon_marks = marks.last().map_or(("", ""), |&(_, r, c)| (r, c));
    out.extend([f(
        p.xl_lk_npv_positive.into(),
        "p_npv_positive",
        Expr::Formula("IF(npv_sd>0,1-NORM.DIST(0,npv_mean,npv_sd,TRUE),IF(npv_mean>0,1,0))".into()),
        c.npv_positive,
        Style::Percent,
        sim(pr.npv_positive),
    )]);
    // Over a horizon of at most 12 months the two chances are one: one row, named for both
    // (see `sheet`).
    if horizon != within {
        out.push(f(
            payback_label(within),
            "p_payback_12",
            Expr::Formula(paid_back("ramp_sum_within", "cum_other_within")),
            c.payback_within,
            Style::Percent,
            sim(pr.payback_within_12),
        ));
    }
    out.extend([
        f(
            payback_label(horizon),
            "p_payback_horizon",
            Expr::Formula(paid_back(horizon_marks.0, horizon_marks.1)),
            c.payback_horizon,
            Style::Percent,
            sim(pr.payback_within_horizon),
        ),
        f(
            p.xl_lk_p05.into(),
            "npv_p05",
            Expr::Formula(percentile("0.05")),
            cent(c.npv_p05),
            Style::Money,
            sim(money(pr.npv_p05)),
        ),
        f(
            p.xl_lk_p50.into(),
            "npv_p50",
            Expr::Formula("ROUND(npv_mean,2)".into()),
            cent(c.npv_mean),
            Style::Money,
            sim(money(pr.npv_p50)),
        ),
        f(
            p.xl_lk_p95.into(),
            "npv_p95",
            Expr::Formula(percentile("0.95")),
            cent(c.npv_p95),
            Style::Money,
            sim(money(pr.npv_p95)),
        ),
    ]);
    out
}
