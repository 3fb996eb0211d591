//! KPI comparison: one small panel per metric, today (grey) beside after (accent), each
//! bar labelled, and the change in green (better) or vermillion (worse).

use super::theme::{self, AFTER, BETTER, INK, MUTED_INK, TODAY, WORSE};
use crate::i18n::{Lang, fill};
use crate::metric::{Kind, Unit};
use crate::report::Report;
use crate::summarize::Stats;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

/// A slide holds this many panels; the tables have the rest.
const MAX_PANELS: usize = 9;

pub struct Panel {
    pub title: String,
    pub unit: Unit,
    pub today: f64,
    pub after: f64,
    pub pct: Option<f64>,
    pub significant: bool,
    /// The after figure is scaled to today's volume (counts), marked with an asterisk.
    pub scaled: bool,
    /// With a control site: this site's own change and the control's (`pct` is then the
    /// difference in differences).
    pub control: Option<(Option<f64>, Option<f64>)>,
    /// From `roi project`: the after bar is the projection.
    pub projected: bool,
}

/// One panel per metric measured in both files, in display order.
pub fn panels(report: &Report, lang: Lang) -> Vec<Panel> {
    let w = &lang.cat().p;
    let mut out = Vec::new();
    for (name, m) in report.ordered_metrics() {
        let Some(c) = &m.change else { continue };
        let (today, after, title, unit) = match (&m.today, &m.after) {
            (Some(Stats::Case(t)), Some(Stats::Case(a))) => (
                t.mean,
                a.mean,
                fill(
                    w.row_mean,
                    &[("metric", &crate::document::metric_name(report, lang, name))],
                ),
                m.unit,
            ),
            (Some(Stats::Rate(t)), Some(Stats::Rate(a))) => {
                let f = m.unit.hours().unwrap_or(1.0);
                let after = c.after_at_today_volume.or(a.per_month).unwrap_or(0.0);
                let unit = if m.kind == Kind::Count {
                    Unit::Count
                } else {
                    Unit::Hours
                };
                (
                    t.per_month.unwrap_or(0.0) * f,
                    after * f,
                    fill(
                        w.row_per_month,
                        &[("metric", &crate::document::metric_name(report, lang, name))],
                    ),
                    unit,
                )
            }
            _ => continue,
        };
        if out.len() == MAX_PANELS {
            break;
        }
        let control = m
            .control
            .as_ref()
            .and_then(|cm| cm.change.as_ref())
            .map(|cc| {
                let own = (today != 0.0).then(|| {
                    let f = if unit == Unit::Hours && m.kind != Kind::CaseDuration {
                        m.unit.hours().unwrap_or(1.0)
                    } else {
                        1.0
                    };
                    (c.mean + cc.mean) * f / today
                });
                (own, cc.mean_pct)
            });
        out.push(Panel {
            title,
            unit,
            today,
            after,
            pct: c.mean_pct,
            significant: c.significant,
            scaled: c.after_at_today_volume.is_some() && !report.projected,
            control,
            projected: report.projected,
        });
    }
    out
}

pub fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    report: &Report,
    lang: Lang,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let cw = &lang.cat().p;
    let panels = panels(report, lang);
    let note = if panels.iter().any(|p| p.control.is_some()) {
        cw.chart_kpi_note_control
    } else {
        cw.chart_kpi_note
    };
    let title = if report.projected {
        cw.chart_kpi_title_projected
    } else {
        cw.chart_kpi_title
    };
    let area = theme::frame(root, title, note)?;
    let scaled = panels.iter().any(|p| p.scaled);
    let area = if scaled {
        // A strip at the bottom for the footnote on the asterisk.
        let (_, h) = area.dim_in_pixel();
        area.split_vertically(h.saturating_sub(30)).0
    } else {
        area
    };
    let n = panels.len().max(1);
    // One row up to four panels, then rows of three or four: a last row with fewer panels
    // is centred, its panels as wide as the others, so no cell is left empty.
    let cols = match n {
        0..=4 => n,
        7 | 8 => 4,
        _ => 3,
    };
    let rows = n.div_ceil(cols);
    let (w, h) = area.dim_in_pixel();
    let (cw_px, ch_px) = (w as i32 / cols as i32, h as i32 / rows as i32);
    let after = if report.projected {
        cw.chart_projected
    } else {
        cw.after
    };
    theme::legend(root, &[(cw.today, TODAY), (after, AFTER)], false)?;
    for (i, panel) in panels.iter().enumerate() {
        let (r, c) = (i / cols, i % cols);
        let in_row = (n - r * cols).min(cols) as i32;
        let x = (w as i32 - in_row * cw_px) / 2 + c as i32 * cw_px;
        let cell = area
            .clone()
            .shrink((x, r as i32 * ch_px), (cw_px as u32, ch_px as u32));
        draw_panel(root, &cell, panel, lang, after)?;
    }
    if scaled {
        let (_, rh) = root.dim_in_pixel();
        let factor = report
            .volume
            .ratio
            .map_or_else(|| "—".to_string(), |r| lang.number(r, 2));
        theme::text(
            root,
            &fill(cw.chart_scaled_note, &[("factor", &factor)]),
            &theme::font(theme::SMALL_PX).color(&MUTED_INK),
            (60, rh as i32 - 24),
            HPos::Left,
            VPos::Bottom,
        )?;
    }
    Ok(())
}

fn draw_panel<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    cell: &DrawingArea<DB, Shift>,
    p: &Panel,
    lang: Lang,
    after: &str,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let cw = &lang.cat().p;
    let (x0, y0) = cell.get_base_pixel();
    let (w, h) = cell.dim_in_pixel();
    let (w, h) = (w as i32, h as i32);
    let pad = 24;
    theme::text(
        root,
        &p.title,
        &theme::bold(30.0),
        (x0 + pad, y0 + 10),
        HPos::Left,
        VPos::Top,
    )?;
    // The change, coloured by what it means for the COO.
    let unchanged = match p.control {
        Some(_) => p.pct == Some(0.0),
        None => p.today == p.after,
    };
    let (change, color) = match p.pct {
        _ if unchanged => (cw.chart_no_change.to_string(), MUTED_INK),
        Some(pct) => {
            let s = lang.signed_percent(pct);
            let c = if pct < 0.0 {
                BETTER
            } else if pct > 0.0 {
                WORSE
            } else {
                MUTED_INK
            };
            (s, c)
        }
        None => ("—".to_string(), MUTED_INK),
    };
    // Only a change beyond noise gets the colour of good or bad news.
    let (change, color, qualifier) = if p.significant || unchanged {
        (change, color, None)
    } else if p.projected {
        (change, MUTED_INK, Some(format!("({})", cw.chart_projected)))
    } else {
        (change, MUTED_INK, Some(format!("({})", cw.chart_noise)))
    };
    let style = theme::bold(34.0).color(&color);
    // The qualifier beside the change, or, where the two are wider than the panel (Polish
    // "(niepotwierdzone)" in four panels a row), on a smaller line of its own under it.
    let (line, under) = match qualifier {
        Some(q) => {
            let both = format!("{change} {q}");
            if theme::width(root, &both, &style) <= w - pad - 12 {
                (both, None)
            } else {
                (change, Some(q))
            }
        }
        None => (change, None),
    };
    theme::text(
        root,
        &line,
        &style,
        (x0 + pad, y0 + 52),
        HPos::Left,
        VPos::Top,
    )?;
    if let Some(q) = &under {
        theme::text(
            root,
            q,
            &theme::bold(26.0).color(&color),
            (x0 + pad, y0 + 92),
            HPos::Left,
            VPos::Top,
        )?;
    }
    let shift = if under.is_some() { 34 } else { 0 };
    // With a control site, what the change above is made of.
    if let Some((own, control)) = p.control {
        let pct = |x: Option<f64>| x.map_or_else(|| "—".to_string(), |v| lang.signed_percent(v));
        theme::text(
            root,
            &fill(
                cw.chart_kpi_control,
                &[("here", &pct(own)), ("control", &pct(control))],
            ),
            &theme::font(theme::TICK_PX).color(&MUTED_INK),
            (x0 + pad, y0 + 96 + shift),
            HPos::Left,
            VPos::Top,
        )?;
    }
    // Bars, below the control's line where there is one.
    let top = y0 + shift + if p.control.is_some() { 190 } else { 150 };
    let base = y0 + h - 56;
    let max = p.today.max(p.after);
    let scale = if max > 0.0 {
        f64::from(base - top) / max
    } else {
        0.0
    };
    let bar_w = (w / 5).min(110);
    for (i, (value, color, label)) in [(p.today, TODAY, cw.today), (p.after, AFTER, after)]
        .into_iter()
        .enumerate()
    {
        let cx = x0 + w * (1 + 2 * i as i32) / 4 + w / 16;
        let height = (value * scale).round() as i32;
        let y = base - height.max(if value > 0.0 { 2 } else { 0 });
        root.draw(&Rectangle::new(
            [(cx - bar_w / 2, y), (cx + bar_w / 2, base)],
            color.filled(),
        ))?;
        let mut text = lang.with_unit(theme::short(lang, value), p.unit);
        if i == 1 && p.scaled {
            text.push('*');
        }
        theme::text(
            root,
            &text,
            &theme::bold(theme::VALUE_PX),
            (cx, y - 8),
            HPos::Center,
            VPos::Bottom,
        )?;
        theme::text(
            root,
            label,
            &theme::font(theme::TICK_PX).color(&MUTED_INK),
            (cx, base + 10),
            HPos::Center,
            VPos::Top,
        )?;
    }
    root.draw(&PathElement::new(
        vec![(x0 + pad, base), (x0 + w - pad, base)],
        INK.stroke_width(2),
    ))?;
    Ok(())
}
