//! `track.xlsx`: a Tracking sheet, one row per lever and month with the gap as a formula,
//! and the cumulative net cash flow realised, month by month, as a running formula.

use super::model::{Book, Cached, Sheet, Style, a1};
use crate::document::{Document, track};
use crate::money::Money;
use crate::report::track::Track;
use rust_decimal::prelude::ToPrimitive;

/// The Tracking sheet of a tracking, in the document's language.
pub fn build(t: &Track, doc: &Document) -> Book {
    let lang = doc.lang;
    let p = &lang.cat().p;
    let mut s = Sheet::new(
        p.sheet_tracking,
        &[12.0, 22.0, 26.0, 18.0, 18.0, 18.0, 18.0, 22.0],
    );
    s.text(0, 0, &doc.title, Style::Title);
    let [lever, realised, promised, gap, range, verdict] = track::headings(lang);
    let heads = [
        p.col_month,
        lever,
        realised,
        promised,
        gap,
        range,
        "",
        verdict,
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
        for (name, l) in track::entries(m, lang) {
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
            s.text(row, 7, track::verdict_word(lang, l.verdict), Style::Plain);
            row += 1;
        }
    }
    // The cumulative net cash flow, month by month: the realised as a running formula.
    row += 1;
    s.text(row, 0, p.track_cumulative_heading, Style::Heading);
    row += 1;
    for (c, h) in [
        p.col_month,
        p.chart_track_realised,
        p.chart_track_plan_adjusted,
        p.chart_track_plan_gross,
    ]
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
    s.number(row, 3, num(t.cumulative_start), Style::Money);
    for m in &t.months {
        row += 1;
        s.text(row, 0, &m.month, Style::Plain);
        // The previous month's cumulative + this month's realised total − the monthly cost
        // + the stated lines of the month.
        let stated = if m.stated.0.is_zero() {
            String::new()
        } else {
            format!("+({})", num(m.stated))
        };
        s.formula(
            row,
            1,
            format!(
                "{}+{}-{}{stated}",
                a1(row - 1, 1, false),
                num(m.total.realised),
                num(t.monthly_cost)
            ),
            Cached::Number(num(m.cumulative.realised)),
            Style::Money,
        );
        s.number(row, 2, num(m.cumulative.promised), Style::Money);
        s.number(row, 3, num(m.cumulative.promised_gross), Style::Money);
    }
    Book {
        sheets: vec![s],
        names: Vec::new(),
        currency: t.currency.clone(),
    }
}
