//! Sensitivity tornado: the NPV with each assumption 20% lower (grey) and 20% higher
//! (accent), around the expected NPV, largest swing on top.

use super::theme::{self, AFTER, GRID, INK, MUTED_INK, TODAY};
use crate::document;
use crate::i18n::{Lang, fill};
use crate::report::Report;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};
use rust_decimal::prelude::ToPrimitive;

/// At most this many assumptions are drawn (the rest swing less).
const MAX_BARS: usize = 9;

pub fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    report: &Report,
    lang: Lang,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let cw = &lang.cat().p;
    let cur = report.currency.as_str();
    let area = theme::frame(root, cw.chart_tornado_title, cw.chart_tornado_subtitle)?;
    let bars: Vec<_> = report.sensitivity.iter().take(MAX_BARS).collect();
    if bars.is_empty() {
        return theme::note(&area, cw.omit_tornado);
    }
    let expected = report
        .finance
        .npv
        .map_or(0.0, |n| n.0.to_f64().unwrap_or(0.0));
    let f = |d: crate::money::Money| d.0.to_f64().unwrap_or(0.0);
    let lo = bars
        .iter()
        .map(|s| f(s.npv_at_low).min(f(s.npv_at_high)))
        .fold(expected, f64::min);
    let hi = bars
        .iter()
        .map(|s| f(s.npv_at_low).max(f(s.npv_at_high)))
        .fold(expected, f64::max);
    let span = (hi - lo).max(1.0);
    let n = bars.len() as f64;
    // Room on the left for the assumption names.
    let label_style = theme::font(theme::LABEL_PX);
    let names: Vec<String> = bars
        .iter()
        .map(|s| document::assumption_name(report, lang, &s.assumption))
        .collect();
    let label_w = names
        .iter()
        .map(|s| theme::width(root, s, &label_style))
        .max()
        .unwrap_or(200)
        + 40;
    let mut chart = ChartBuilder::on(&area)
        .margin_left(label_w.clamp(200, 620) as u32)
        .margin_right(40)
        .margin_top(40)
        .x_label_area_size(70)
        .build_cartesian_2d((lo - span * 0.22)..(hi + span * 0.22), -0.6f64..n - 0.2)?;
    chart
        .configure_mesh()
        .disable_y_mesh()
        .y_labels(0)
        .bold_line_style(GRID.stroke_width(1))
        .light_line_style(TRANSPARENT)
        .x_labels(6)
        .label_style(theme::font(theme::TICK_PX))
        .x_label_formatter(&|v| lang.money_short(*v, cur))
        .draw()?;
    for (i, s) in bars.iter().enumerate() {
        let y = n - 1.0 - i as f64;
        let (low, high) = (f(s.npv_at_low), f(s.npv_at_high));
        for (value, color) in [(low, TODAY), (high, AFTER)] {
            let (a, b) = (expected.min(value), expected.max(value));
            chart.draw_series(std::iter::once(Rectangle::new(
                [(a, y - 0.32), (b, y + 0.32)],
                color.filled(),
            )))?;
        }
        let (px, py) = chart.backend_coord(&(lo - span * 0.22, y));
        theme::text(
            root,
            &names[i],
            &label_style,
            (px - 16, py - 12),
            HPos::Right,
            VPos::Center,
        )?;
        let per = report
            .assumptions
            .iter()
            .find(|a| a.key == s.assumption)
            .map_or(crate::assumptions::Per::Nothing, |a| a.per);
        let value = |v| document::assumption_value(lang, cur, s.kind, per, v).text(lang, cur);
        let values = format!("{} … {}", value(s.value_low), value(s.value_high));
        theme::text(
            root,
            &values,
            &theme::font(20.0).color(&MUTED_INK),
            (px - 16, py + 16),
            HPos::Right,
            VPos::Center,
        )?;
        // NPV at each end, outside its bar.
        for value in [low, high] {
            let text = lang.money_short(value, cur);
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
        vec![(expected, -0.6), (expected, n - 0.2)],
        INK.stroke_width(3),
    )))?;
    let (ex, ey) = chart.backend_coord(&(expected, n - 0.2));
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
