//! The Levers sheet: each lever a live formula over the named assumptions and measurements (docs/method.md#the-levers).

use super::blocks::blocks;
use super::model::{Sheet, Style, a1};
use super::names::LEVERS;
use super::names::{Names, money, term_id_in};
use crate::document::{self, Block, Document, SectionId};
use crate::economics::levers::{Formula, Lever, Quantity};
use crate::i18n::Lang;
use crate::report::Report;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

/// The Excel expression of a lever: `ROUND((a_today-a_after*ratio)*f1*f2,2)`, each term by
/// its name.
pub(super) fn lever_formula(l: &Lever, names: &Names) -> String {
    match names.parts.get(&l.name) {
        // Each segment's lever rounded to cents in a cell of its own, then summed, as roi
        // sums them: one formula per segment stays within Excel's 8,192 characters.
        Some(range) if !l.parts.is_empty() => format!("SUM({range})"),
        _ => part_formula(&l.formula, None, names),
    }
}

pub(super) fn part_formula(f: &Formula, seg: Option<&str>, names: &Names) -> String {
    formula_over(f, &|q: &Quantity, out: &mut String| {
        out.push_str(&names.get(&term_id_in(seg, q)));
    })
}

/// A lever's formula with each term's cell given by `name`, which writes it (a defined name
/// or a reference) at the end of the formula.
pub(super) fn formula_over(f: &Formula, name: &dyn Fn(&Quantity, &mut String)) -> String {
    let mut s = String::with_capacity(96);
    s.push_str("ROUND((");
    name(&f.today.quantity, &mut s);
    s.push('-');
    name(&f.after.quantity, &mut s);
    if let Some(scale) = &f.after_scale {
        s.push('*');
        name(&scale.quantity, &mut s);
    }
    // With a control site: less the control's own improvement (difference in differences).
    if let Some(c) = &f.control {
        s.push_str("-(");
        name(&c.today.quantity, &mut s);
        s.push('-');
        name(&c.after.quantity, &mut s);
        if let Some(scale) = &c.after_scale {
            s.push('*');
            name(&scale.quantity, &mut s);
        }
        s.push(')');
    }
    s.push(')');
    for t in &f.factors {
        s.push('*');
        name(&t.quantity, &mut s);
    }
    s.push_str(",2)");
    s
}

/// The risk-adjusted monthly benefit of a range of levers (docs/method.md#risk-adjustment: gains less the
/// risk share, losses more).
pub(super) fn risk_formula(range: &str) -> String {
    format!(
        "ROUND(SUMIF({range},\">0\")*(1-risk_adjustment)+SUMIF({range},\"<0\")*(1+risk_adjustment),2)"
    )
}

/// The row of the first lever (0-based); each lever a row, in the report's order, its range's
/// ends in columns E and F.
pub(super) const FIRST_LEVER_ROW: u32 = 4;
pub(super) const LOW_COL: u16 = 4;
pub(super) const HIGH_COL: u16 = 5;

/// Each lever as a live formula, the totals and the risk adjustment.
pub(super) fn levers(report: &Report, doc: &Document, s: &mut Sheet, names: &mut Names) {
    let lang = doc.lang;
    let p = &lang.cat().p;
    s.text(0, 0, p.sheet_levers, Style::Title);
    s.prose(1, 0, 3, p.xl_levers_intro, Style::NoteWrap);
    for (c, h) in [
        p.col_lever,
        p.col_formula,
        p.col_monthly,
        p.col_annual,
        p.col_range_low,
        p.col_range_high,
        p.col_proven,
        p.col_benefit_kind,
    ]
    .iter()
    .enumerate()
    {
        s.text(3, c as u16, *h, Style::Header);
    }
    let first = FIRST_LEVER_ROW;
    let mut row = first;
    let levers: &[Lever] = &report.savings.levers;
    for l in levers {
        lever_row(report, lang, l, s, names, row);
        row += 1;
    }
    let range = if levers.is_empty() {
        None
    } else {
        Some(format!("{}:{}", a1(first, 2, true), a1(row - 1, 2, true)))
    };
    let last_row = totals(report, lang, s, names, row, range.as_deref());
    let proof =
        (!levers.is_empty()).then(|| format!("{}:{}", a1(first, 6, true), a1(row - 1, 6, true)));
    let last_row = split(
        report,
        lang,
        s,
        names,
        last_row + 1,
        range.as_deref(),
        proof.as_deref(),
    );
    let last_row = scenario_rows(report, lang, s, names, last_row + 1, levers, first);
    let next = last_row + 2;
    for section in doc.sections.iter().filter(|s| s.id == SectionId::Levers) {
        // The formulas in words, under the table.
        let words: Vec<Block> = section
            .blocks
            .iter()
            .filter(|b| matches!(b, Block::List(_)))
            .cloned()
            .collect();
        if !words.is_empty() {
            s.text(next, 0, p.formulas_heading, Style::Heading);
            blocks(doc, s, next + 1, &words, 1);
        }
    }
}

/// One lever's row: its name, its formula in words, the live formula, the year, the range
/// and whether it is proven.
fn lever_row(report: &Report, lang: Lang, l: &Lever, s: &mut Sheet, names: &mut Names, row: u32) {
    let p = &lang.cat().p;
    s.text(row, 0, document::lever_name(report, lang, l), Style::Plain);
    let words = if l.parts.is_empty() {
        document::formula(lang, &report.currency, &l.formula)
    } else {
        crate::i18n::fill(
            p.xl_lever_sum_of_parts,
            &[
                ("n", &lang.number(l.parts.len() as f64, 0)),
                ("sheet", p.sheet_lever_parts),
            ],
        )
    };
    s.text(row, 1, words, Style::Note);
    s.formula(
        row,
        2,
        lever_formula(l, names),
        money(l.monthly.0),
        Style::Money,
    );
    let id = format!("lever_{}", l.name);
    names.add(&id, &id, LEVERS, row, 2);
    s.formula(
        row,
        3,
        format!("{}*12", a1(row, 2, false)),
        money(l.monthly.0 * Decimal::from(12)),
        Style::Money,
    );
    // The range as roi prices it: each end of the improvement's 95% interval (measured) ×
    // the lever's factors, live over the assumptions; a lever by segment sums its segments'
    // ranges, which roi gives as values.
    for (col, end, amount) in [(LOW_COL, 0usize, l.low.0), (HIGH_COL, 1, l.high.0)] {
        match (l.parts.is_empty(), l.ci_improvement) {
            (true, Some(ci)) => {
                let mut expr = format!("ROUND({}", ci[end].normalize());
                for t in &l.formula.factors {
                    expr.push_str(&format!("*{}", names.get(&term_id_in(None, &t.quantity))));
                }
                expr.push_str(",2)");
                s.formula(row, col, expr, money(amount), Style::Money);
            }
            (true, None) => s.formula(row, col, a1(row, 2, false), money(amount), Style::Money),
            (false, _) => s.number(row, col, amount.to_f64().unwrap_or(0.0), Style::Money),
        }
    }
    s.text(
        row,
        6,
        if l.significant {
            p.sig_yes
        } else {
            p.sig_noise
        },
        Style::Plain,
    );
    s.text(
        row,
        7,
        document::words::benefit_word(lang, l.benefit),
        Style::Plain,
    );
}

/// The risk-adjusted total's proven part (its levers marked proven in column G, risk-adjusted
/// as the whole is) and the rest, a month and a year, at `row` and the row below; returns the
/// last row.
fn split(
    report: &Report,
    lang: Lang,
    s: &mut Sheet,
    names: &mut Names,
    row: u32,
    range: Option<&str>,
    proof: Option<&str>,
) -> u32 {
    let p = &lang.cat().p;
    let sv = &report.savings;
    let twelve = Decimal::from(12);
    let proven = sv.annual_risk_adjusted_proven.0 / twelve;
    let adjusted = report.savings.monthly_risk_adjusted.0;
    let yes = p.sig_yes.replace('"', "\"\"");
    let monthly = match (range, proof) {
        (Some(r), Some(g)) => format!(
            "ROUND(SUMIFS({r},{g},\"{yes}\",{r},\">0\")*(1-risk_adjustment)+SUMIFS({r},{g},\"{yes}\",{r},\"<0\")*(1+risk_adjustment),2)"
        ),
        _ => "0".to_string(),
    };
    let rest_row = row + 1;
    s.text(row, 0, p.h_proven, Style::Plain);
    s.formula(row, 2, monthly, money(proven), Style::Money);
    s.text(rest_row, 0, p.h_unproven, Style::Plain);
    s.formula(
        rest_row,
        2,
        format!("monthly_risk_adjusted-{}", a1(row, 2, false)),
        money(adjusted - proven),
        Style::Money,
    );
    names.add(
        "monthly_risk_adjusted_proven",
        "monthly_risk_adjusted_proven",
        LEVERS,
        row,
        2,
    );
    for (r, v, name) in [
        (row, proven, "annual_risk_adjusted_proven"),
        (rest_row, adjusted - proven, "annual_risk_adjusted_unproven"),
    ] {
        s.formula(
            r,
            3,
            format!("{}*12", a1(r, 2, false)),
            money(v * twelve),
            Style::Money,
        );
        names.add(name, name, LEVERS, r, 3);
    }
    // What the headline counts (the cash flows are of this) and what it leaves as upside.
    let head_row = rest_row + 1;
    let up_row = rest_row + 2;
    let h = &report.headline;
    let (label, counted) = match h.basis {
        crate::rules::Basis::Proven => (p.xl_headline_proven, "monthly_risk_adjusted_proven"),
        crate::rules::Basis::All => (p.xl_headline_all, "monthly_risk_adjusted"),
    };
    s.text(head_row, 0, label, Style::Strong);
    s.formula(head_row, 2, counted, money(h.monthly.0), Style::MoneyStrong);
    names.add("monthly_headline", "monthly_headline", LEVERS, head_row, 2);
    s.formula(
        head_row,
        3,
        format!("{}*12", a1(head_row, 2, false)),
        money(h.annual.0),
        Style::MoneyStrong,
    );
    names.add("headline_annual", "headline_annual", LEVERS, head_row, 3);
    s.text(up_row, 0, p.h_upside, Style::Plain);
    s.formula(
        up_row,
        3,
        "annual_risk_adjusted-headline_annual",
        money(h.upside_annual.0),
        Style::Money,
    );
    names.add("headline_upside", "headline_upside", LEVERS, up_row, 3);
    // Cash and capacity: of every lever, and of the headline's levers. Cash is a SUMIFS over
    // the levers marked cash in column H (and proven in G, for a proven headline), risk-
    // adjusted as the whole is; capacity is the rest.
    let cash_word =
        document::words::benefit_word(lang, crate::rules::Benefit::Cash).replace('"', "\"\"");
    let kinds = proof.map(|g| g.replace("$G$", "$H$"));
    let cash_formula = |proven_only: bool| match (range, proof, &kinds) {
        (Some(r), Some(g), Some(k)) => {
            let cond = if proven_only {
                format!("{g},\"{yes}\",{k},\"{cash_word}\"")
            } else {
                format!("{k},\"{cash_word}\"")
            };
            format!(
                "ROUND(SUMIFS({r},{cond},{r},\">0\")*(1-risk_adjustment)+SUMIFS({r},{cond},{r},\"<0\")*(1+risk_adjustment),2)*12"
            )
        }
        _ => "0".to_string(),
    };
    let proven_only = h.basis == crate::rules::Basis::Proven;
    let rows = [
        (
            p.of_it_cash,
            cash_formula(false),
            report.savings.annual_cash.0,
            "annual_cash",
        ),
        (
            p.of_it_capacity,
            "annual_risk_adjusted-annual_cash".to_string(),
            report.savings.annual_capacity.0,
            "annual_capacity",
        ),
        (
            p.xl_headline_cash,
            cash_formula(proven_only),
            h.annual_cash.0,
            "headline_cash",
        ),
        (
            p.xl_headline_capacity,
            "headline_annual-headline_cash".to_string(),
            h.annual_capacity.0,
            "headline_capacity",
        ),
    ];
    let mut r = up_row;
    for (label, formula, cached, name) in rows {
        r += 1;
        s.text(r, 0, label, Style::Plain);
        s.formula(r, 3, formula, money(cached), Style::Money);
        names.add(name, name, LEVERS, r, 3);
    }
    r
}

/// The gross total, the risk step and the risk-adjusted total under the levers (`row` is
/// the first row below them); returns the risk-adjusted total's row.
fn totals(
    report: &Report,
    lang: Lang,
    s: &mut Sheet,
    names: &mut Names,
    row: u32,
    range: Option<&str>,
) -> u32 {
    let p = &lang.cat().p;
    let gross = report.savings.monthly.total.0;
    let adjusted = report.savings.monthly_risk_adjusted.0;
    let twelve = Decimal::from(12);
    let total_row = row;
    s.text(total_row, 0, p.total_gross, Style::Strong);
    s.formula(
        total_row,
        2,
        range.map_or("0".into(), |r| format!("SUM({r})")),
        money(gross),
        Style::MoneyStrong,
    );
    let gross_name = names.add(
        "total_gross_monthly",
        "total_gross_monthly",
        LEVERS,
        total_row,
        2,
    );
    let risk_row = total_row + 1;
    let adjusted_row = total_row + 2;
    s.text(
        risk_row,
        0,
        crate::i18n::fill(
            p.risk_step,
            &[("risk", &lang.percent(report.savings.risk_adjustment))],
        ),
        Style::Plain,
    );
    s.formula(
        risk_row,
        2,
        format!("{}-{gross_name}", a1(adjusted_row, 2, false)),
        money(adjusted - gross),
        Style::Money,
    );
    s.text(adjusted_row, 0, p.total_risk_adjusted, Style::Strong);
    s.formula(
        adjusted_row,
        2,
        range.map_or("0".into(), risk_formula),
        money(adjusted),
        Style::MoneyStrong,
    );
    names.add(
        "monthly_risk_adjusted",
        "monthly_risk_adjusted",
        LEVERS,
        adjusted_row,
        2,
    );
    for (r, v) in [
        (total_row, gross),
        (risk_row, adjusted - gross),
        (adjusted_row, adjusted),
    ] {
        let style = if r == risk_row {
            Style::Money
        } else {
            Style::MoneyStrong
        };
        s.formula(
            r,
            3,
            format!("{}*12", a1(r, 2, false)),
            money(v * twelve),
            style,
        );
    }
    names.add(
        "annual_risk_adjusted",
        "annual_risk_adjusted",
        LEVERS,
        adjusted_row,
        3,
    );
    adjusted_row
}

/// The monthly benefit of the conservative scenario (each lever at the less favourable end of
/// its range, risk-adjusted) and of the optimistic one (the more favourable end, not
/// risk-adjusted), from `row`; returns the last row. The Cash flows sheet prices each
/// scenario from these.
fn scenario_rows(
    report: &Report,
    lang: Lang,
    s: &mut Sheet,
    names: &mut Names,
    row: u32,
    levers: &[Lever],
    first: u32,
) -> u32 {
    let p = &lang.cat().p;
    let sc = &report.scenarios;
    let range = |col: u16| {
        (!levers.is_empty()).then(|| {
            format!(
                "{}:{}",
                a1(first, col, true),
                a1(first + levers.len() as u32 - 1, col, true)
            )
        })
    };
    let rows = [
        (
            p.xl_monthly_conservative,
            "monthly_conservative",
            range(4).map_or("0".into(), |r| risk_formula(&r)),
            sc.conservative.monthly_benefit.0,
        ),
        (
            p.xl_monthly_optimistic,
            "monthly_optimistic",
            range(5).map_or("0".into(), |r| format!("SUM({r})")),
            sc.optimistic.monthly_benefit.0,
        ),
    ];
    for (i, (label, name, expr, cached)) in rows.into_iter().enumerate() {
        let r = row + i as u32;
        s.text(r, 0, label, Style::Plain);
        s.formula(r, 2, expr, money(cached), Style::Money);
        names.add(name, name, LEVERS, r, 2);
    }
    row + 1
}
