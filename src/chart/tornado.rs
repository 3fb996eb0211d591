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
    // Room on the left for the assumption names; merged names wrap within it.
    let label_style = theme::font(theme::LABEL_PX);
    let merged_style = theme::font(24.0);
    let label_w = all
        .iter()
        .filter(|r| r.names.len() == 1)
        .map(|r| theme::width(root, &r.names[0], &label_style))
        .max()
        .unwrap_or(300)
        .clamp(300, 560);
    let labels: Vec<Vec<String>> = all
        .iter()
        .map(|r| {
            if r.names.len() == 1 {
                r.names.clone()
            } else {
                theme::wrap(root, &r.names.join(", "), &merged_style, label_w)
            }
        })
        .collect();
    // Each row as high as its lines of text (name lines, then the range), in pixels.
    let heights: Vec<f64> = labels
        .iter()
        .zip(&all)
        .map(|(l, r)| {
            if r.names.len() == 1 {
                62.0
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
    let note_style = theme::font(22.0).color(&MUTED_INK);
    let (rw, rh) = root.dim_in_pixel();
    let (_, ah) = area.dim_in_pixel();
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
            .flat_map(|n| theme::wrap(root, n, &note_style, rw as i32 - 100))
            .collect()
    };
    let mut shown = all.len().min(MAX_ROWS);
    let mut note_lines = notes_for(shown);
    for _ in 0..3 {
        // Plot height: the area less the notes, the top margin and the axis labels.
        let room = f64::from(ah) - 28.0 * note_lines.len() as f64 - 40.0 - 70.0 - 10.0;
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
    let bars = &all[..shown];
    let (area, _) = area.split_vertically(ah.saturating_sub(28 * note_lines.len() as u32));
    for (i, line) in note_lines.iter().enumerate() {
        let y = rh as i32 - 20 - 28 * (note_lines.len() - 1 - i) as i32;
        theme::text(root, line, &note_style, (60, y), HPos::Left, VPos::Bottom)?;
    }
    let expected = report
        .finance
        .npv
        .map_or(0.0, |n| n.0.to_f64().unwrap_or(0.0));
    let f = |d: crate::money::Money| d.0.to_f64().unwrap_or(0.0);
    let lo = bars
        .iter()
        .map(|r| f(r.entries[0].npv_at_low).min(f(r.entries[0].npv_at_high)))
        .fold(expected, f64::min);
    let hi = bars
        .iter()
        .map(|r| f(r.entries[0].npv_at_low).max(f(r.entries[0].npv_at_high)))
        .fold(expected, f64::max);
    let span = (hi - lo).max(1.0);
    // Every figure in the unit of the largest, with one number of decimals.
    let big = lo.abs().max(hi.abs());
    // The y axis in pixels of row height, first row on top; the plot may be taller.
    let (_, area_h) = area.dim_in_pixel();
    let total = (f64::from(area_h) - 40.0 - 70.0).max(heights[..shown].iter().sum());
    let mut centres = Vec::new();
    let mut top = total;
    for h in &heights[..shown] {
        centres.push(top - h / 2.0);
        top -= h;
    }
    let mut chart = ChartBuilder::on(&area)
        .margin_left((label_w + 40) as u32)
        .margin_right(40)
        .margin_top(40)
        .x_label_area_size(70)
        .build_cartesian_2d((lo - span * 0.22)..(hi + span * 0.22), 0f64..total)?;
    theme::money_axis(&mut chart, lang, cur, big, hi - lo)?;
    for (i, r) in bars.iter().enumerate() {
        let s = r.entries[0];
        let y = centres[i];
        let (low, high) = (f(s.npv_at_low), f(s.npv_at_high));
        for (value, color) in [(low, TODAY), (high, AFTER)] {
            let (a, b) = (expected.min(value), expected.max(value));
            chart.draw_series(std::iter::once(Rectangle::new(
                [(a, y - 20.0), (b, y + 20.0)],
                color.filled(),
            )))?;
        }
        let (px, py) = chart.backend_coord(&(lo - span * 0.22, y));
        let (style, step) = if r.names.len() == 1 {
            (&label_style, 32)
        } else {
            (&merged_style, 27)
        };
        // The name lines, then the range (or "same effect") in grey, centred on the bar.
        let n_lines = labels[i].len() as i32 + 1;
        let mut ly = py - (n_lines - 1) * step / 2 + 4;
        for line in &labels[i] {
            theme::text(root, line, style, (px - 16, ly), HPos::Right, VPos::Center)?;
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
            cw.chart_same_effect.to_string()
        };
        theme::text(
            root,
            &sub,
            &theme::font(20.0).color(&MUTED_INK),
            (px - 16, ly - step + 28),
            HPos::Right,
            VPos::Center,
        )?;
        // NPV at each end, outside its bar.
        for value in [low, high] {
            let text = lang.money_chart(value, cur, big, hi - lo);
            let (vx, vy) = chart.backend_coord(&(value, y));
            let (dx, hp) = if value < expected {
                (-10, HPos::Right)
            } else {
                (10, HPos::Left)
            };
            theme::text(
                root,
                &text,
                &theme::font(22.0),
                (vx + dx, vy),
                hp,
                VPos::Center,
            )?;
        }
    }
    chart.draw_series(std::iter::once(PathElement::new(
        vec![(expected, 0.0), (expected, total)],
        INK.stroke_width(3),
    )))?;
    let (ex, ey) = chart.backend_coord(&(expected, total));
    let label = fill(
        cw.chart_expected_npv,
        &[(
            "npv",
            &lang.money(
                report.finance.npv.map_or_else(Default::default, |n| n.0),
                cur,
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
    )?;
    theme::legend(root, &[("−20%", TODAY), ("+20%", AFTER)], false)?;
    Ok(())
}
