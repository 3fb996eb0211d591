//! The Cash flows sheet: month by month, with NPV, ROI, payback and IRR as formulas (docs/method.md#the-business-case).

use super::model::{Cached, Sheet, Style, a1};
use super::names::CASH;
use super::names::{NONE, Names, money, num};
use crate::i18n::Catalogue;
use crate::report::Report;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

/// Months 0..H with the ramp-up, costs, discounting and the cumulative flow; NPV, ROI,
/// payback and IRR as formulas.
pub(super) fn cash_flows(report: &Report, cat: &Catalogue, s: &mut Sheet, names: &mut Names) {
    let p = &cat.p;
    let flows = &report.headline.cash_flows;
    s.text(0, 0, p.sheet_cash_flows, Style::Title);
    let basis = match report.headline.basis {
        crate::rules::Basis::Proven => p.xl_cash_basis_proven,
        crate::rules::Basis::All => p.xl_cash_basis_all,
    };
    s.prose(
        1,
        0,
        8,
        &format!("{} {basis}", p.xl_cash_intro),
        Style::NoteWrap,
    );
    // The figures first, the table below them.
    let head = FIRST_MONTH_ROW - 1;
    let first = FIRST_MONTH_ROW;
    let last = first + flows.len() as u32 - 1;
    let rm = Decimal::ONE + Decimal::try_from(report.finance.discount_rate).unwrap_or_default();
    let monthly_rate = crate::economics::finance::monthly_rate(rm - Decimal::ONE);
    let figures = figures(report, cat, first, last, monthly_rate);
    for (i, (label, name, expr, cached, style)) in figures.into_iter().enumerate() {
        let row = 2 + i as u32;
        s.text(row, 0, label, Style::Strong);
        s.formula(row, 1, expr, cached, style);
        names.add(name, name, CASH, row, 1);
    }
    for (c, h) in [
        p.col_month,
        p.col_ramp,
        p.col_benefit,
        p.col_cost,
        p.col_net,
        p.col_discount,
        p.col_present_value,
        p.col_cumulative,
        p.col_payback_step,
        p.col_sign,
        p.col_sign_changes,
    ]
    .iter()
    .enumerate()
    {
        s.text(head, c as u16, *h, Style::Header);
    }
    for (i, l) in report.stated.iter().enumerate() {
        s.text(head, STATED_COL + i as u16, &l.name, Style::Header);
    }
    month_rows(report, s, first, monthly_rate);
    scenarios(
        report,
        cat,
        s,
        names,
        head,
        first,
        last,
        &condition(report, first, last),
    );
}

/// The scenarios: the names of their monthly benefits, and their cached figures.
fn scenario_list(
    report: &Report,
) -> [(&'static str, &'static str, &crate::economics::Scenario); 4] {
    let sc = &report.scenarios;
    [
        ("conservative", "monthly_conservative", &sc.conservative),
        ("expected", "monthly_risk_adjusted", &sc.expected),
        ("optimistic", "monthly_optimistic", &sc.optimistic),
        ("proven", "monthly_risk_adjusted_proven", &sc.proven),
    ]
}

/// Each scenario's cash flows beside the headline's (the same month, its own monthly benefit
/// in place of the headline's), its payback step, and above them its NPV and payback
/// (`npv_conservative`, `payback_conservative` …), as roi computes every scenario.
#[allow(clippy::too_many_arguments)]
fn scenarios(
    report: &Report,
    cat: &Catalogue,
    s: &mut Sheet,
    names: &mut Names,
    head: u32,
    first: u32,
    last: u32,
    condition: &str,
) {
    let p = &cat.p;
    let flows = &report.headline.cash_flows;
    let ramp = report.finance.ramp_up_months;
    let headline_monthly = report.headline.monthly.0;
    // The block of figures: right of the headline's, rows 2..6.
    for (c, h) in [p.col_scenario, p.xl_npv, p.xl_payback].iter().enumerate() {
        s.text(2, 3 + c as u16, *h, Style::Header);
    }
    for (i, (key, monthly_name, sc)) in scenario_list(report).into_iter().enumerate() {
        let col = SCENARIO_COL + 2 * i as u16;
        let label = scenario_label(cat, key);
        s.text(head, col, format!("{label}: {}", p.col_net), Style::Header);
        s.text(
            head,
            col + 1,
            format!("{label}: {}", p.col_payback_step),
            Style::Header,
        );
        let mut cum = Decimal::ZERO;
        for (t, cf) in flows.iter().enumerate() {
            let r = first + t as u32;
            let share = if t == 0 {
                Decimal::ZERO
            } else if ramp <= 0.0 {
                Decimal::ONE
            } else {
                (Decimal::from(t as u64) / Decimal::try_from(ramp).unwrap_or(Decimal::ONE))
                    .min(Decimal::ONE)
            };
            let flow = if t == 0 {
                *cf
            } else {
                *cf - crate::money::cents(headline_monthly * share)
                    + crate::money::cents(sc.monthly_benefit.0 * share)
            };
            let expr = if t == 0 {
                a1(r, 4, false)
            } else {
                format!(
                    "{e}-ROUND(monthly_headline*{b},2)+ROUND({monthly_name}*{b},2)",
                    e = a1(r, 4, false),
                    b = a1(r, 1, false)
                )
            };
            s.formula(r, col, expr, money(flow), Style::Money);
            let prev = cum;
            cum += flow;
            let sum_to =
                |row: u32| format!("SUM({}:{})", a1(first, col, true), a1(row, col, false));
            let (expr, cached) = if t == 0 {
                (
                    format!("IF({}>=0,0,\"–\")", a1(r, col, false)),
                    (cum >= Decimal::ZERO).then_some(0.0),
                )
            } else {
                (
                    format!(
                        "IF(AND({p}<0,{c}>=0),{a}-1+(-{p})/{f},\"–\")",
                        p = sum_to(r - 1),
                        c = sum_to(r),
                        a = a1(r, 0, false),
                        f = a1(r, col, false)
                    ),
                    (prev < Decimal::ZERO && cum >= Decimal::ZERO)
                        .then(|| t as f64 - 1.0 + (-prev / flow).to_f64().unwrap_or(0.0)),
                )
            };
            s.formula(
                r,
                col + 1,
                expr,
                cached.map_or(Cached::Text(NONE.into()), Cached::Number),
                Style::Number,
            );
        }
        let row = 3 + i as u32;
        s.text(row, 3, label, Style::Strong);
        let (f0, f1, fl) = (
            a1(first, col, true),
            a1(first + 1, col, true),
            a1(last, col, true),
        );
        s.formula(
            row,
            4,
            format!("IF({condition},ROUND({f0}+NPV(monthly_rate,{f1}:{fl}),2),\"–\")"),
            sc.npv.map_or(Cached::Text(NONE.into()), |n| money(n.0)),
            Style::Money,
        );
        names.add(&format!("npv_{key}"), &format!("npv_{key}"), CASH, row, 4);
        s.formula(
            row,
            5,
            format!(
                "IF({condition},IF(SUM({f0}:{fl})<0,\"–\",MAX({a}:{b})),\"–\")",
                a = a1(first, col + 1, true),
                b = a1(last, col + 1, true)
            ),
            sc.payback_months
                .map_or(Cached::Text(NONE.into()), Cached::Number),
            Style::OneDecimal,
        );
        names.add(
            &format!("payback_{key}"),
            &format!("payback_{key}"),
            CASH,
            row,
            5,
        );
    }
}

/// A scenario's name in the catalogue's language.
pub(super) fn scenario_label(cat: &Catalogue, key: &str) -> &'static str {
    let p = &cat.p;
    match key {
        "conservative" => p.conservative,
        "expected" => p.expected,
        "optimistic" => p.optimistic,
        _ => p.proven_only,
    }
}

/// Whether the case has an investment, as a formula: a one-time amount, or a stated cost.
fn condition(report: &Report, first: u32, last: u32) -> String {
    match stated_range(report, first, last) {
        Some(range) => format!("OR(one_time>0,COUNTIF({range},\"<0\")>0)"),
        None => "one_time>0".to_string(),
    }
}

/// The row of month 0 in the table of months (0-based); month t is `FIRST_MONTH_ROW + t`.
pub(super) const FIRST_MONTH_ROW: u32 = 13;
/// The table's columns the How likely sheet reads: the month, its ramp-up share and its
/// discount factor.
pub(super) const MONTH_COL: u16 = 0;
pub(super) const RAMP_COL: u16 = 1;
pub(super) const DISCOUNT_COL: u16 = 5;

/// The first column of the stated lines, one column each, right of the payback step.
const STATED_COL: u16 = 19;
/// Each scenario's net flow and payback step, two columns each, right of the sign columns.
const SCENARIO_COL: u16 = 11;
/// The sign of the net flow (the last non-zero one) and the sign changes so far: an IRR
/// exists only where the flows change sign once, as roi computes it.
const SIGN_COL: u16 = 9;

/// The block of stated amounts (months × lines), absolute; None without stated lines.
fn stated_range(report: &Report, first: u32, last: u32) -> Option<String> {
    let n = report.stated.len() as u16;
    (n > 0).then(|| {
        format!(
            "{}:{}",
            a1(first, STATED_COL, true),
            a1(last, STATED_COL + n - 1, true)
        )
    })
}

/// Month `t`'s stated amounts (row `r`), each line's cell a formula over its assumptions;
/// returns the sum of the positive ones and of the negative ones (as a positive cost), and
/// the row's range.
fn stated_cells(
    report: &Report,
    s: &mut Sheet,
    r: u32,
    t: usize,
    flows: &[crate::economics::finance::StatedFlow],
) -> Option<(Decimal, Decimal, String)> {
    if flows.is_empty() {
        return None;
    }
    let month = a1(r, 0, false);
    let (mut gains, mut costs) = (Decimal::ZERO, Decimal::ZERO);
    for (i, f) in flows.iter().enumerate() {
        let n = i + 1;
        let amount = f.at(t as u32);
        if amount > Decimal::ZERO {
            gains += amount;
        } else {
            costs -= amount;
        }
        s.formula(
            r,
            STATED_COL + i as u16,
            format!(
                "ROUND((IF(AND({month}>=stated_{n}_from,{month}>0),stated_{n}_monthly,0)\
                 +IF({month}=stated_{n}_month,stated_{n}_one_time,0))*stated_{n}_factor,2)"
            ),
            money(amount),
            Style::Money,
        );
    }
    let range = format!(
        "{}:{}",
        a1(r, STATED_COL, false),
        a1(r, STATED_COL + report.stated.len() as u16 - 1, false)
    );
    Some((gains, costs, range))
}

/// The figures above the table: the monthly rate, NPV, what the savings can carry, the
/// present value of the costs, ROI, payback and IRR, each a formula over the table.
fn figures(
    report: &Report,
    cat: &Catalogue,
    first: u32,
    last: u32,
    monthly_rate: Decimal,
) -> [(&'static str, &'static str, String, Cached, Style); 9] {
    let p = &cat.p;
    let f = &report.headline;
    let flows = &f.cash_flows;
    let col = |c: u16| (a1(first, c, true), a1(last, c, true));
    // Without an investment (one_time 0, no stated cost) there is no NPV, ROI, payback or
    // IRR: a dash.
    let condition = condition(report, first, last);
    let given = |expr: String| format!("IF({condition},{expr},\"–\")");
    let npv_cached = f.npv.map_or(Cached::Text(NONE.into()), |n| money(n.0));
    let one_time = report
        .finance
        .investment_one_time
        .map_or(Decimal::ZERO, |m| m.0);
    // What the savings can carry up front: the NPV of months 1..H, and months 1..12 summed.
    let carry_npv = match (f.npv, f.max_investment) {
        (Some(n), _) => n.0 + one_time,
        (None, Some(m)) => m.npv_zero.map_or(Decimal::ZERO, |v| v.0),
        (None, None) => Decimal::ZERO,
    };
    let first_year: Decimal = flows.iter().skip(1).take(12).copied().sum();
    [
        (
            p.xl_monthly_rate,
            "monthly_rate",
            "(1+discount_rate)^(1/12)-1".into(),
            money(monthly_rate),
            Style::Precise,
        ),
        (
            p.xl_npv,
            "npv",
            given(format!(
                "ROUND({}+NPV(monthly_rate,{}:{}),2)",
                a1(first, 4, true),
                a1(first + 1, 4, true),
                col(4).1
            )),
            npv_cached,
            Style::MoneyStrong,
        ),
        (
            p.xl_max_npv_zero,
            "max_investment_npv_zero",
            format!(
                "MAX(0,ROUND(NPV(monthly_rate,{}:{}),2))",
                a1(first + 1, 4, true),
                col(4).1
            ),
            money(carry_npv.max(Decimal::ZERO)),
            Style::Money,
        ),
        (
            p.xl_max_payback_12,
            "max_investment_payback_12",
            format!(
                "MAX(0,SUM({}:{}))",
                a1(first + 1, 4, true),
                a1((first + 12).min(last), 4, true)
            ),
            money(first_year.max(Decimal::ZERO)),
            Style::Money,
        ),
        (
            p.xl_pv_costs,
            "pv_costs",
            format!(
                "ROUND({}+NPV(monthly_rate,{}:{}),2)",
                a1(first, 3, true),
                a1(first + 1, 3, true),
                col(3).1
            ),
            money(f.pv_costs.0),
            Style::Money,
        ),
        (
            p.xl_roi,
            "roi",
            given("IF(pv_costs>0,npv/pv_costs,\"–\")".into()),
            num(f.roi),
            Style::Percent,
        ),
        (
            p.xl_payback,
            "payback_months",
            given(format!(
                // Paid back when the cumulative flow ends at or above zero: at the last
                // month it crossed to zero or above.
                "IF({end}<0,\"–\",MAX({a}:{b}))",
                end = col(7).1,
                a = col(8).0,
                b = col(8).1
            )),
            num(f.payback_months),
            Style::OneDecimal,
        ),
        (
            p.xl_irr_monthly,
            "irr_monthly",
            given(format!(
                "IF({changes}<>1,\"–\",IFERROR(IRR({}:{},{}),\"–\"))",
                col(4).0,
                col(4).1,
                f.irr_monthly.map_or(0.1, |r| (r * 1e4).round() / 1e4),
                changes = col(SIGN_COL + 1).1,
            )),
            num(f.irr_monthly),
            Style::Percent,
        ),
        (
            p.xl_irr_annual,
            "irr_annual",
            given("IFERROR((1+irr_monthly)^12-1,\"–\")".into()),
            num(f.irr_annual),
            Style::Percent,
        ),
    ]
}

/// Month 0 (the investment) and months 1..H: ramp-up, benefit, cost, net, discount
/// factor, present value, the cumulative flow and the payback step, each a formula.
fn month_rows(report: &Report, s: &mut Sheet, first: u32, monthly_rate: Decimal) {
    let flows = &report.headline.cash_flows;
    let ramp = report.finance.ramp_up_months;
    let one_time = report
        .finance
        .investment_one_time
        .map_or(Decimal::ZERO, |m| m.0);
    let monthly = report
        .finance
        .investment_monthly
        .map_or(Decimal::ZERO, |m| m.0);
    let mut cumulative = Decimal::ZERO;
    let rm_f = monthly_rate.to_f64().unwrap_or(0.0);
    let recapture = Decimal::try_from(report.capacity_recapture()).unwrap_or(Decimal::ONE);
    let stated = crate::economics::stated_flows(&report.stated, recapture);
    for (t, cf) in flows.iter().enumerate() {
        let r = first + t as u32;
        let at = |c: u16| a1(r, c, false);
        let prev = |c: u16| a1(r - 1, c, false);
        s.number(r, 0, t as f64, Style::Whole);
        let share = if t == 0 {
            0.0
        } else if ramp <= 0.0 {
            1.0
        } else {
            (t as f64 / ramp).min(1.0)
        };
        let own = if t == 0 {
            crate::money::cents(one_time)
        } else {
            crate::money::cents(monthly)
        };
        let stated = stated_cells(report, s, r, t, &stated);
        let cost = own + stated.as_ref().map_or(Decimal::ZERO, |x| x.1);
        earning_cells(s, r, t, share, *cf + cost, cost, stated.map(|x| x.2));
        s.formula(
            r,
            4,
            format!("{}-{}", at(2), at(3)),
            money(*cf),
            Style::Money,
        );
        let factor = 1.0 / (1.0 + rm_f).powi(t as i32);
        s.formula(
            r,
            5,
            format!("1/(1+monthly_rate)^{}", at(0)),
            Cached::Number(factor),
            Style::Precise,
        );
        s.formula(
            r,
            6,
            format!("{}*{}", at(4), at(5)),
            Cached::Number(cf.to_f64().unwrap_or(0.0) * factor),
            Style::Money,
        );
        let prev_cum = cumulative;
        cumulative += *cf;
        if t == 0 {
            s.formula(r, 7, at(4), money(cumulative), Style::Money);
        } else {
            s.formula(
                r,
                7,
                format!("{}+{}", prev(7), at(4)),
                money(cumulative),
                Style::Money,
            );
        }
        payback_step(s, r, t, prev_cum, cumulative, *cf);
        sign_cells(s, r, t, &flows[..=t]);
    }
}

/// The sign of the last non-zero net flow up to month `t`, and how often it changed so far.
fn sign_cells(s: &mut Sheet, r: u32, t: usize, so_far: &[Decimal]) {
    let at = |c: u16| a1(r, c, false);
    let prev = |c: u16| a1(r - 1, c, false);
    let last = so_far
        .iter()
        .rev()
        .find(|f| !f.is_zero())
        .map_or(0.0, |f| if f.is_sign_negative() { -1.0 } else { 1.0 });
    let changes = crate::economics::finance::sign_changes(so_far) as f64;
    if t == 0 {
        s.formula(
            r,
            SIGN_COL,
            format!("SIGN({})", at(4)),
            Cached::Number(last),
            Style::Whole,
        );
        s.number(r, SIGN_COL + 1, 0.0, Style::Whole);
    } else {
        s.formula(
            r,
            SIGN_COL,
            format!("IF({e}=0,{p},SIGN({e}))", e = at(4), p = prev(SIGN_COL)),
            Cached::Number(last),
            Style::Whole,
        );
        s.formula(
            r,
            SIGN_COL + 1,
            format!(
                "{c}+IF(AND({p}<>0,{k}<>{p}),1,0)",
                c = prev(SIGN_COL + 1),
                p = prev(SIGN_COL),
                k = at(SIGN_COL)
            ),
            Cached::Number(changes),
            Style::Whole,
        );
    }
}

/// The ramp-up share, the benefit and the cost of month `t` (month 0 carries the
/// one-time investment and no lever's benefit); `stated` is the row's range of stated
/// amounts, whose gains add to the benefit and whose losses to the cost.
fn earning_cells(
    s: &mut Sheet,
    r: u32,
    t: usize,
    share: f64,
    benefit: Decimal,
    cost: Decimal,
    stated: Option<String>,
) {
    let at = |c: u16| a1(r, c, false);
    let (plus, minus) = match &stated {
        Some(range) => (
            format!("+SUMIF({range},\">0\")"),
            format!("-SUMIF({range},\"<0\")"),
        ),
        None => (String::new(), String::new()),
    };
    if t == 0 {
        s.number(r, 1, 0.0, Style::Percent);
        match &stated {
            Some(range) => s.formula(
                r,
                2,
                format!("SUMIF({range},\">0\")"),
                money(benefit),
                Style::Money,
            ),
            None => s.number(r, 2, 0.0, Style::Money),
        }
        s.formula(
            r,
            3,
            format!("ROUND(one_time,2){minus}"),
            money(cost),
            Style::Money,
        );
    } else {
        s.formula(
            r,
            1,
            format!("IF(ramp_up_months<=0,1,MIN(1,{}/ramp_up_months))", at(0)),
            Cached::Number(share),
            Style::Percent,
        );
        s.formula(
            r,
            2,
            format!("ROUND(monthly_headline*{},2){plus}", at(1)),
            money(benefit),
            Style::Money,
        );
        s.formula(
            r,
            3,
            format!("ROUND(monthly_cost,2){minus}"),
            money(cost),
            Style::Money,
        );
    }
}

/// The month in which the cumulative flow crosses zero, interpolated within the month;
/// a dash in every other month.
fn payback_step(
    s: &mut Sheet,
    r: u32,
    t: usize,
    prev_cum: Decimal,
    cumulative: Decimal,
    cf: Decimal,
) {
    let at = |c: u16| a1(r, c, false);
    let prev = |c: u16| a1(r - 1, c, false);
    let step = if t == 0 {
        (cumulative >= Decimal::ZERO).then_some(0.0)
    } else if prev_cum < Decimal::ZERO && cumulative >= Decimal::ZERO {
        Some(t as f64 - 1.0 + (-prev_cum / cf).to_f64().unwrap_or(0.0))
    } else {
        None
    };
    let expr = if t == 0 {
        format!("IF({}>=0,0,\"–\")", at(7))
    } else {
        format!(
            "IF(AND({p7}<0,{c7}>=0),{a}-1+(-{p7})/{e},\"–\")",
            p7 = prev(7),
            c7 = at(7),
            a = at(0),
            e = at(4)
        )
    };
    let cached = step.map_or(Cached::Text(NONE.into()), Cached::Number);
    s.formula(r, 8, expr, cached, Style::Number);
}

/// The scenarios as a live table from `row` (a heading, then one row each: annual benefit,
/// NPV, payback), each cell a formula over the Levers and Cash flows sheets; the headline's
/// scenario marked. Returns the last row.
pub(super) fn scenarios_table(report: &Report, cat: &Catalogue, s: &mut Sheet, row: u32) -> u32 {
    let p = &cat.p;
    s.text(row, 0, p.scenarios_heading, Style::Heading);
    s.prose(row + 1, 0, 4, p.xl_scenarios_live, Style::NoteWrap);
    let head = row + 2;
    for (c, (h, right)) in [
        (p.col_scenario, false),
        (p.col_annual, true),
        (p.xl_npv, true),
        (p.xl_payback, true),
    ]
    .iter()
    .enumerate()
    {
        let style = if *right {
            Style::HeaderRight
        } else {
            Style::Header
        };
        s.text(head, c as u16, *h, style);
    }
    let headline = match report.headline.basis {
        crate::rules::Basis::Proven => "proven",
        crate::rules::Basis::All => "expected",
    };
    let mut r = head;
    for (key, monthly_name, sc) in scenario_list(report) {
        r += 1;
        let label = scenario_label(cat, key);
        let label = if key == headline {
            crate::i18n::fill(p.scenario_headline, &[("name", label)])
        } else {
            label.to_string()
        };
        s.text(r, 0, label, Style::Plain);
        s.formula(
            r,
            1,
            format!("{monthly_name}*12"),
            money(sc.annual_benefit.0),
            Style::Money,
        );
        s.formula(
            r,
            2,
            format!("npv_{key}"),
            sc.npv.map_or(Cached::Text(NONE.into()), |n| money(n.0)),
            Style::Money,
        );
        s.formula(
            r,
            3,
            format!("payback_{key}"),
            sc.payback_months
                .map_or(Cached::Text(NONE.into()), Cached::Number),
            Style::OneDecimal,
        );
    }
    r
}
