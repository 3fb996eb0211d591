//! Savings by segment (`--by`): one bar per segment, largest first, stacked by lever; gains
//! to the right of zero, losses to the left; each bar's total at its end.

use super::theme::{self, INK, MUTED_INK, WORSE};
use crate::document;
use crate::i18n::{Lang, fill};
use crate::report::Report;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

/// True when the report has segments to draw.
pub fn available(report: &Report) -> bool {
    report
        .breakdown
        .as_ref()
        .is_some_and(|b| b.segments.values().any(|s| s.compared))
}

/// One bar: its label and its annual amount per lever, in the whole's lever order.
struct Bar {
    label: String,
    amounts: Vec<f64>,
    /// Per lever, the segment's change is proven (drawn full; pale when it may be noise).
    proven: Vec<bool>,
    compared: bool,
}

/// The bars: each shown segment's annual savings by lever, then "other", and the levers'
/// names.
fn bars(report: &Report, lang: Lang) -> (Vec<Bar>, Vec<String>) {
    let cw = &lang.cat().p;
    let Some(b) = &report.breakdown else {
        return (Vec::new(), Vec::new());
    };
    let levers: Vec<(&str, String)> = report
        .savings
        .levers
        .iter()
        .map(|l| (l.name.as_str(), document::lever_name(report, lang, l)))
        .collect();
    let annual = |s: &crate::report::Segment| -> Vec<f64> {
        levers
            .iter()
            .map(|(name, _)| {
                s.lever(name).map_or(0.0, |(monthly, _)| {
                    (monthly * Decimal::from(12)).to_f64().unwrap_or(0.0)
                })
            })
            .collect()
    };
    let proven = |s: &crate::report::Segment| -> Vec<bool> {
        levers
            .iter()
            .map(|(name, _)| s.lever(name).is_some_and(|(_, proven)| proven))
            .collect()
    };
    let mut bars: Vec<Bar> = b
        .shown
        .iter()
        .map(|n| {
            let s = &b.segments[n];
            let label = if s.one_side_only {
                format!("{n} ({})", cw.seg_one_side)
            } else if s.small {
                format!("{n} ({})", cw.seg_small)
            } else {
                n.clone()
            };
            Bar {
                label,
                amounts: annual(s),
                proven: proven(s),
                compared: s.compared,
            }
        })
        .collect();
    if !b.other.is_empty() {
        let mut amounts = vec![0.0; levers.len()];
        // "Other" is proven for a lever only where every segment in it is.
        let mut all_proven = vec![true; levers.len()];
        for n in &b.other {
            for (a, x) in amounts.iter_mut().zip(annual(&b.segments[n])) {
                *a += x;
            }
            for (p, x) in all_proven.iter_mut().zip(proven(&b.segments[n])) {
                *p &= x;
            }
        }
        let n = b.other.len().to_string();
        bars.push(Bar {
            label: fill(cw.seg_other, &[("n", &n)]),
            amounts,
            proven: all_proven,
            compared: true,
        });
    }
    (bars, levers.into_iter().map(|(_, name)| name).collect())
}

pub fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    report: &Report,
    lang: Lang,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let cw = &lang.cat().p;
    let cur = report.currency.as_str();
    let Some(b) = &report.breakdown else {
        return Ok(());
    };
    let title = fill(cw.chart_segments_title, &[("by", &b.by)]);
    let area = theme::frame(root, &title, cw.chart_segments_subtitle)?;
    let (bars, levers) = bars(report, lang);
    // The key under the chart, of the levers any bar has: a row of levers may be longer
    // than the room beside the title.
    let items: Vec<(&str, RGBColor)> = (0..levers.len())
        .filter(|&i| bars.iter().any(|b| b.amounts[i] != 0.0))
        .map(|i| (levers[i].as_str(), theme::lever_color(i)))
        .collect();
    theme::key_below(root, &items, 34)?;
    let ends = |b: &Bar| {
        let pos: f64 = b.amounts.iter().filter(|x| **x > 0.0).sum();
        let neg: f64 = b.amounts.iter().filter(|x| **x < 0.0).sum();
        (neg, pos)
    };
    let lo = bars.iter().map(|b| ends(b).0).fold(0.0_f64, f64::min);
    let hi = bars.iter().map(|b| ends(b).1).fold(0.0_f64, f64::max);
    let span = (hi - lo).max(100.0);
    let label_w = theme::label_width(
        root,
        bars.iter().map(|b| b.label.as_str()),
        &theme::font(theme::LABEL_PX),
        200,
        520,
    );
    let n = bars.len() as f64;
    // Room on the right for the amounts, and for "(may be noise)" beside one when needed.
    let noted = bars.iter().any(|b| {
        let total: f64 = b.amounts.iter().sum();
        total != 0.0
            && !b
                .amounts
                .iter()
                .zip(&b.proven)
                .any(|(x, p)| *x != 0.0 && *p)
    });
    let headroom = if noted { 0.5 } else { 0.22 };
    // The left end of the axis: room for losses when there are any.
    let left_end = lo - span * 0.32 * f64::from(u8::from(lo < 0.0));
    let mut chart = ChartBuilder::on(&area)
        .margin_left((label_w + 30) as u32)
        .margin_right(40)
        .margin_top(30)
        .x_label_area_size(60)
        .margin_bottom(50)
        .build_cartesian_2d(left_end..(hi + span * headroom), 0f64..n)?;
    theme::money_axis(&mut chart, lang, cur, lo.abs().max(hi.abs()), span)?;
    // Zero.
    chart.draw_series(std::iter::once(PathElement::new(
        vec![(0.0, 0.0), (0.0, n)],
        INK.stroke_width(2),
    )))?;
    for (i, bar) in bars.iter().enumerate() {
        // Top to bottom: the largest savings first.
        stacked(
            root,
            &mut chart,
            bar,
            n - i as f64 - 0.5,
            left_end,
            report,
            lang,
        )?;
    }
    Ok(())
}

/// One segment's bar: its levers stacked from zero (gains to the right, losses to the left
/// in a lighter shade), its name on the left, its total at the end, or "no case" without one.
fn stacked<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    chart: &mut theme::Plane<DB>,
    bar: &Bar,
    y: f64,
    left_end: f64,
    report: &Report,
    lang: Lang,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let cur = report.currency.as_str();
    let (mut left, mut right) = (0.0, 0.0);
    for (k, &x) in bar.amounts.iter().enumerate() {
        if x == 0.0 {
            continue;
        }
        let (a, b) = if x > 0.0 {
            right += x;
            (right - x, right)
        } else {
            left += x;
            (left, left - x)
        };
        // A gain proven is drawn full; one that may be noise pale, as in the waterfall; a
        // loss in the loss colour, pale too when it may be noise.
        let proven = bar.proven.get(k).copied().unwrap_or(false);
        let c = match (x > 0.0, proven) {
            (true, true) => theme::lever_color(k),
            (true, false) => theme::unproven(theme::lever_color(k)),
            (false, true) => WORSE,
            (false, false) => theme::unproven(WORSE),
        };
        chart.draw_series(std::iter::once(Rectangle::new(
            [(a, y - 0.3), (b, y + 0.3)],
            c.filled(),
        )))?;
        // A pale part's edge in the full colour, as in the waterfall.
        if !proven {
            let edge = if x > 0.0 {
                theme::lever_color(k)
            } else {
                WORSE
            };
            chart.draw_series(std::iter::once(Rectangle::new(
                [(a, y - 0.3), (b, y + 0.3)],
                edge.stroke_width(3),
            )))?;
        }
    }
    let (px, py) = chart.backend_coord(&(left_end, y));
    theme::text(
        root,
        &bar.label,
        &theme::font(theme::LABEL_PX),
        (px - 16, py),
        HPos::Right,
        VPos::Center,
    )?;
    let total: f64 = bar.amounts.iter().sum();
    if !bar.compared {
        let (vx, vy) = chart.backend_coord(&(0.0, y));
        return theme::text(
            root,
            lang.cat().p.chart_segments_no_case,
            &theme::font(theme::TICK_PX).color(&MUTED_INK),
            (vx + 10, vy),
            HPos::Left,
            VPos::Center,
        );
    }
    let mut text = lang.money(Decimal::from_f64_retain(total).unwrap_or_default(), cur);
    // A segment none of whose levers is proven says so beside its amount.
    let any_proven = bar
        .amounts
        .iter()
        .zip(&bar.proven)
        .any(|(x, p)| *x != 0.0 && *p);
    if total != 0.0 && !any_proven {
        text.push_str(&format!(" ({})", lang.cat().p.chart_maybe_noise));
    }
    let (vx, vy) = chart.backend_coord(&(if total < 0.0 { left } else { right }, y));
    let (dx, hp) = if total < 0.0 {
        (-10, HPos::Right)
    } else {
        (10, HPos::Left)
    };
    theme::text(
        root,
        &text,
        &theme::bold(theme::VALUE_PX - 4.0),
        (vx + dx, vy),
        hp,
        VPos::Center,
    )
}
