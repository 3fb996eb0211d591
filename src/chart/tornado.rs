//! Sensitivity tornado: the NPV with each assumption 20% lower (grey) and 20% higher
//! (accent), around the expected NPV, largest swing on top.

use super::theme::{self, AFTER, INK, MUTED_INK, TODAY};
use crate::document;
use crate::i18n::{Lang, fill};
use crate::report::Report;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};
use rust_decimal::prelude::ToPrimitive;

/// At most this many rows are drawn (the rest swing less, and are named under the chart).
const MAX_ROWS: usize = 9;

/// One bar: the assumptions that move the NPV to the same two values, merged into one row.
struct Row<'a> {
    entries: Vec<&'a crate::economics::Sensitivity>,
    names: Vec<String>,
}

fn rows<'a>(report: &'a Report, lang: Lang) -> Vec<Row<'a>> {
    let mut rows: Vec<Row> = Vec::new();
    for s in &report.sensitivity {
        let name = document::assumption_name(report, lang, &s.assumption);
        match rows.iter_mut().find(|r| {
            r.entries[0].npv_at_low == s.npv_at_low && r.entries[0].npv_at_high == s.npv_at_high
        }) {
            Some(r) => {
                r.entries.push(s);
                r.names.push(name);
            }
            None => rows.push(Row {
                entries: vec![s],
                names: vec![name],
            }),
        }
    }
    rows
}

/// How the rows sit: the room for names on the left, each row's name lines and height in
/// pixels, how many rows fit, and the notes under the chart.
struct Layout {
    label_w: i32,
    labels: Vec<Vec<String>>,
    heights: Vec<f64>,
    shown: usize,
    note_lines: Vec<String>,
}

fn label_style() -> TextStyle<'static> {
    theme::font(theme::LABEL_PX)
}

fn merged_style() -> TextStyle<'static> {
    theme::font(theme::SMALL_PX)
}

fn note_style() -> TextStyle<'static> {
    theme::font(theme::SMALL_PX).color(&MUTED_INK)
}

fn layout<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    area_h: u32,
    report: &Report,
    lang: Lang,
    all: &[Row],
) -> Layout {
    let cw = &lang.cat().p;
    // Room on the left for the assumption names; merged names wrap within it.
    let label_w = all
        .iter()
        .filter(|r| r.names.len() == 1)
        .map(|r| theme::width(root, &r.names[0], &label_style()))
        .max()
        .unwrap_or(300)
        .clamp(300, 560);
    let labels: Vec<Vec<String>> = all
        .iter()
        .map(|r| {
            if r.names.len() == 1 {
                // A name wider than the column wraps within it, never off the canvas.
                theme::wrap(root, &r.names[0], &label_style(), label_w)
            } else {
                theme::wrap(root, &r.names.join(", "), &merged_style(), label_w)
            }
        })
        .collect();
    // Each row as high as its lines of text (name lines, then the range), in pixels.
    let heights: Vec<f64> = labels
        .iter()
        .zip(all)
        .map(|(l, r)| {
            if r.names.len() == 1 {
                62.0 + 32.0 * (l.len().max(1) - 1) as f64
            } else {
                27.0 * (l.len() + 1) as f64 + 16.0
            }
        })
        .collect();
    // Notes under the chart: the rows left out (smaller effect), and the assumptions that
    // are not varied. As many rows as fit above the notes.
    let fixed: Vec<String> = report
        .assumptions
        .iter()
        .filter(|a| !matches!(a.value, crate::assumptions::LedgerValue::Text(_)))
        .filter(|a| !report.sensitivity.iter().any(|s| s.assumption == a.key))
        .map(|a| document::assumption_name(report, lang, &a.key))
        .collect();
    let (rw, _) = root.dim_in_pixel();
    let notes_for = |shown: usize| -> Vec<String> {
        let mut notes = Vec::new();
        if shown < all.len() {
            let list: Vec<String> = all[shown..].iter().flat_map(|r| r.names.clone()).collect();
            notes.push(fill(
                cw.chart_not_shown_smaller,
                &[("list", &list.join(", "))],
            ));
        }
        if !fixed.is_empty() {
            notes.push(fill(cw.chart_not_varied, &[("list", &fixed.join(", "))]));
        }
        notes
            .iter()
            .flat_map(|n| theme::wrap(root, n, &note_style(), rw as i32 - 100))
            .collect()
    };
    let mut shown = all.len().min(MAX_ROWS);
    let mut note_lines = notes_for(shown);
    for _ in 0..3 {
        // Plot height: the area less the notes, the top margin and the axis labels.
        let room = f64::from(area_h) - 28.0 * note_lines.len() as f64 - 40.0 - 70.0 - 10.0;
        let mut used = 0.0;
        let fit = heights
            .iter()
            .take(MAX_ROWS)
            .take_while(|h| {
                used += *h;
                used <= room
            })
            .count()
            .max(1);
        if fit == shown {
            break;
        }
        shown = fit;
        note_lines = notes_for(shown);
    }
    Layout {
        label_w,
        labels,
        heights,
        shown,
        note_lines,
    }
}

/// The money axis's range around the expected NPV, and each row's centre on the y axis (in
/// pixels of row height, first row on top; the plot may be taller).
struct Scale {
    expected: f64,
    lo: f64,
    hi: f64,
    span: f64,
    /// The largest figure: every figure in its unit, with one number of decimals.
    big: f64,
    total: f64,
    centres: Vec<f64>,
}

fn money(d: crate::money::Money) -> f64 {
    d.0.to_f64().unwrap_or(0.0)
}

fn scale(report: &Report, bars: &[Row], heights: &[f64], plot_h: u32) -> Scale {
    let expected = report.headline.npv.map_or(0.0, money);
    let lo = bars
        .iter()
        .map(|r| money(r.entries[0].npv_at_low).min(money(r.entries[0].npv_at_high)))
        .fold(expected, f64::min);
    let hi = bars
        .iter()
        .map(|r| money(r.entries[0].npv_at_low).max(money(r.entries[0].npv_at_high)))
        .fold(expected, f64::max);
    let total = (f64::from(plot_h) - 40.0 - 70.0).max(heights.iter().sum());
    let mut centres = Vec::new();
    let mut top = total;
    for h in heights {
        centres.push(top - h / 2.0);
        top -= h;
    }
    Scale {
        expected,
        lo,
        hi,
        span: (hi - lo).max(1.0),
        big: lo.abs().max(hi.abs()),
        total,
        centres,
    }
}

pub fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    report: &Report,
    lang: Lang,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let cw = &lang.cat().p;
    let cur = report.currency.as_str();
    let area = theme::frame(root, cw.chart_tornado_title, cw.chart_tornado_subtitle)?;
    let all = rows(report, lang);
    if all.is_empty() {
        return theme::note(&area, cw.omit_tornado);
    }
    let (_, ah) = area.dim_in_pixel();
    let (_, rh) = root.dim_in_pixel();
    let lay = layout(root, ah, report, lang, &all);
    let bars = &all[..lay.shown];
    let notes = &lay.note_lines;
    let (area, _) = area.split_vertically(ah.saturating_sub(28 * notes.len() as u32));
    for (i, line) in notes.iter().enumerate() {
        let y = rh as i32 - 20 - 28 * (notes.len() - 1 - i) as i32;
        theme::text(root, line, &note_style(), (60, y), HPos::Left, VPos::Bottom)?;
    }
    let (_, area_h) = area.dim_in_pixel();
    let sc = scale(report, bars, &lay.heights[..lay.shown], area_h);
    let mut chart = ChartBuilder::on(&area)
        .margin_left((lay.label_w + 40) as u32)
        .margin_right(40)
        .margin_top(40)
        .x_label_area_size(70)
        .build_cartesian_2d(
            (sc.lo - sc.span * 0.22)..(sc.hi + sc.span * 0.22),
            0f64..sc.total,
        )?;
    theme::money_axis(&mut chart, lang, cur, sc.big, sc.hi - sc.lo)?;
    for (i, r) in bars.iter().enumerate() {
        bar(
            root,
            &mut chart,
            report,
            lang,
            r,
            &lay.labels[i],
            sc.centres[i],
            &sc,
        )?;
    }
    expected_line(root, &mut chart, report, lang, &sc)?;
    theme::legend(root, &[("−20%", TODAY), ("+20%", AFTER)], false)?;
    Ok(())
}

/// One row: the two bars from the expected NPV, the name lines and the range (or "same
/// effect") on the left, the NPV at each end outside its bar.
#[allow(clippy::too_many_arguments)]
fn bar<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    chart: &mut theme::Plane<DB>,
    report: &Report,
    lang: Lang,
    r: &Row,
    labels: &[String],
    y: f64,
    sc: &Scale,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let cur = report.currency.as_str();
    let s = r.entries[0];
    let (low, high) = (money(s.npv_at_low), money(s.npv_at_high));
    for (value, color) in [(low, TODAY), (high, AFTER)] {
        let (a, b) = (sc.expected.min(value), sc.expected.max(value));
        chart.draw_series(std::iter::once(Rectangle::new(
            [(a, y - 20.0), (b, y + 20.0)],
            color.filled(),
        )))?;
    }
    let (px, py) = chart.backend_coord(&(sc.lo - sc.span * 0.22, y));
    let (style, step) = if r.names.len() == 1 {
        (label_style(), 32)
    } else {
        (merged_style(), 27)
    };
    // The name lines, then the range (or "same effect") in grey, centred on the bar.
    let n_lines = labels.len() as i32 + 1;
    let mut ly = py - (n_lines - 1) * step / 2 + 4;
    for line in labels {
        theme::text(root, line, &style, (px - 16, ly), HPos::Right, VPos::Center)?;
        ly += step;
    }
    let sub = if r.entries.len() == 1 {
        let per = report
            .assumptions
            .iter()
            .find(|a| a.key == s.assumption)
            .map_or(crate::assumptions::Per::Nothing, |a| a.per);
        let value = |v| document::assumption_value(lang, cur, s.kind, per, v).text(lang, cur);
        format!("{} … {}", value(s.value_low), value(s.value_high))
    } else {
        lang.cat().p.chart_same_effect.to_string()
    };
    theme::text(
        root,
        &sub,
        &theme::font(theme::SMALL_PX).color(&MUTED_INK),
        (px - 16, ly - step + 28),
        HPos::Right,
        VPos::Center,
    )?;
    // NPV at each end, outside its bar.
    for value in [low, high] {
        let text = lang.money_chart(value, cur, sc.big, sc.hi - sc.lo);
        let (vx, vy) = chart.backend_coord(&(value, y));
        let (dx, hp) = if value < sc.expected {
            (-10, HPos::Right)
        } else {
            (10, HPos::Left)
        };
        theme::text(
            root,
            &text,
            &theme::font(theme::SMALL_PX),
            (vx + dx, vy),
            hp,
            VPos::Center,
        )?;
    }
    Ok(())
}

/// The expected NPV: a line through every row, labelled at the top.
fn expected_line<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    chart: &mut theme::Plane<DB>,
    report: &Report,
    lang: Lang,
    sc: &Scale,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    chart.draw_series(std::iter::once(PathElement::new(
        vec![(sc.expected, 0.0), (sc.expected, sc.total)],
        INK.stroke_width(3),
    )))?;
    let (ex, ey) = chart.backend_coord(&(sc.expected, sc.total));
    let label = fill(
        match report.headline.basis {
            crate::rules::Basis::Proven => lang.cat().p.chart_proven_npv,
            crate::rules::Basis::All => lang.cat().p.chart_expected_npv,
        },
        &[(
            "npv",
            &lang.money(
                report.headline.npv.map_or_else(Default::default, |n| n.0),
                report.currency.as_str(),
            ),
        )],
    );
    theme::text(
        root,
        &label,
        &theme::bold(theme::LABEL_PX),
        (ex, ey - 8),
        HPos::Center,
        VPos::Bottom,
    )
}
