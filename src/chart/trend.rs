//! Weekly trend: the weekly mean of cycle time and response time across both periods, around
//! today's mean (the one every table shows), with the normal range of today's weeks (XmR
//! process limits, computed in the pipeline: `compare::Trend`) carried into the after-period,
//! so the change can be seen not to be noise. A week the file covers only in part is drawn
//! hollow, with its days of data under its date.

use super::theme::{self, AFTER, GRID, INK, MUTED_INK, TARGET, TODAY};
use crate::compare::Trend;
use crate::i18n::{Lang, fill, plural};
use crate::metric::{Role, builtin_with_role};
use crate::report::{InputSide, Report};
use crate::summarize::{CaseStats, Stats};
use crate::value::format_day;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

struct Side<'a> {
    stats: &'a CaseStats,
    input: &'a InputSide,
}

type Weeks<'a> = (Side<'a>, Side<'a>, &'a Trend, crate::metric::Unit);

fn weeks<'a>(report: &'a Report, metric: &str) -> Option<Weeks<'a>> {
    let m = report.metrics.get(metric)?;
    match (&m.today, &m.after, &m.trend) {
        (Some(Stats::Case(t)), Some(Stats::Case(a)), Some(trend))
            if !t.weekly.is_empty() && !a.weekly.is_empty() =>
        {
            Some((
                Side {
                    stats: t,
                    input: &report.inputs.today,
                },
                Side {
                    stats: a,
                    input: &report.inputs.after,
                },
                trend,
                m.unit,
            ))
        }
        _ => None,
    }
}

fn metrics(report: &Report) -> Vec<&'static str> {
    [Role::Cycle, Role::FirstResponse]
        .into_iter()
        .filter_map(builtin_with_role)
        .map(|b| b.name)
        .filter(|m| weeks(report, m).is_some())
        .collect()
}

pub fn available(report: &Report) -> bool {
    !metrics(report).is_empty()
}

/// Days since 1970-01-01 of a `YYYY-MM-DD` date.
fn day(iso: &str) -> Option<i32> {
    let part = |r: std::ops::Range<usize>| iso.get(r)?.parse::<i32>().ok();
    crate::value::days_from_civil(part(0..4)?, part(5..7)?, part(8..10)?)
}

/// One plotted week: its first day with data (ISO), the days of the week the file covers
/// (7 for a whole week), and its mean.
struct Week {
    first: String,
    days: i32,
    mean: f64,
}

fn plotted(side: &Side) -> Vec<Week> {
    let first = side.input.first_date.as_deref().and_then(day);
    let last = side.input.last_date.as_deref().and_then(day);
    side.stats
        .weekly
        .iter()
        .map(|w| {
            let start = w.week_start;
            let from = first.map_or(start, |f| f.max(start));
            let to = last.map_or(start + 6, |l| l.min(start + 6));
            Week {
                first: format_day(from),
                days: (to - from + 1).clamp(1, 7),
                mean: w.mean,
            }
        })
        .collect()
}

pub fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    report: &Report,
    lang: Lang,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let cw = &lang.cat().p;
    // Without enough full baseline weeks there is no normal range, and the note says why.
    let few = metrics(report)
        .iter()
        .filter_map(|m| weeks(report, m))
        .filter(|w| w.2.limits.is_none())
        .map(|w| w.2.full_weeks)
        .min();
    let note = match few {
        None => cw.chart_trend_note.to_string(),
        Some(n) => {
            let n = n.to_string();
            crate::i18n::fill(
                cw.chart_trend_note_few,
                &[
                    ("weeks", &n),
                    ("least", &crate::compare::MIN_LIMIT_WEEKS.to_string()),
                ],
            )
        }
    };
    let area = theme::frame(root, cw.chart_trend_title, &note)?;
    let (_, h) = area.dim_in_pixel();
    // The key goes in a strip under the panels.
    let (area, _) = area.split_vertically(h.saturating_sub(44));
    let list = metrics(report);
    let panels = area.split_evenly((list.len().max(1), 1));
    let mut partial = false;
    for (metric, panel) in list.iter().zip(panels.iter()) {
        if let Some(w) = weeks(report, metric) {
            partial |= draw_panel(root, panel, report, lang, metric, w)?;
        }
    }
    key(root, lang, partial, few.is_none())
}

/// The key, bottom right: the two periods, the normal range, and the hollow marker.
fn key<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    lang: Lang,
    partial: bool,
    limits: bool,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let cw = &lang.cat().p;
    let (rw, rh) = root.dim_in_pixel();
    let style = theme::font(theme::TICK_PX);
    let y = rh as i32 - 30;
    let mut x = rw as i32 - 40;
    let mut items: Vec<(&str, u8)> = vec![(cw.today, 0), (cw.after, 1)];
    if limits {
        items.push((cw.chart_normal_range, 2));
    }
    if partial {
        items.push((cw.chart_partial_week, 3));
    }
    for (label, kind) in items.iter().rev() {
        text_left(root, label, &style, &mut x, y)?;
        x -= 12;
        match kind {
            0 | 1 => {
                let c = if *kind == 0 { TODAY } else { AFTER };
                root.draw(&PathElement::new(
                    vec![(x - 40, y), (x, y)],
                    c.stroke_width(4),
                ))?;
            }
            2 => {
                for dx in [0, 24] {
                    root.draw(&PathElement::new(
                        vec![(x - 40 + dx, y), (x - 24 + dx, y)],
                        TARGET.stroke_width(3),
                    ))?;
                }
            }
            _ => {
                root.draw(&Circle::new((x - 20, y), 10, MUTED_INK.filled()))?;
                root.draw(&Circle::new((x - 20, y), 6, WHITE.filled()))?;
            }
        }
        x -= 40 + 36;
    }
    Ok(())
}

/// Draws a text ending at `x` and moves `x` to its start.
fn text_left<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    s: &str,
    style: &TextStyle,
    x: &mut i32,
    y: i32,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    theme::text(root, s, style, (*x, y), HPos::Right, VPos::Center)?;
    *x -= theme::width(root, s, style);
    Ok(())
}

/// One metric's panel; true if it has a partial week.
fn draw_panel<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    panel: &DrawingArea<DB, Shift>,
    report: &Report,
    lang: Lang,
    metric: &str,
    (today, after, trend, unit): Weeks,
) -> Result<bool, DrawingAreaErrorKind<DB::ErrorType>> {
    // The centre is today's mean of all cases, as in the tables, not the mean of weeks.
    let mean = today.stats.mean;
    let lims = trend.limits.map(|[l, u]| (l, u));
    // Today's weeks, a gap, then the after weeks.
    let (tw, aw) = (plotted(&today), plotted(&after));
    let offset = tw.len() as f64 + 1.0;
    let pts: Vec<(f64, &Week, bool)> = tw
        .iter()
        .enumerate()
        .map(|(i, w)| (i as f64, w, false))
        .chain(
            aw.iter()
                .enumerate()
                .map(|(i, w)| (offset + i as f64, w, true)),
        )
        .collect();
    let x_max = offset + aw.len() as f64 - 1.0;
    let mut lo = pts.iter().map(|p| p.1.mean).fold(mean, f64::min);
    let mut hi = pts.iter().map(|p| p.1.mean).fold(mean, f64::max);
    if let Some((l, u)) = lims {
        lo = lo.min(l);
        hi = hi.max(u);
    }
    let span = (hi - lo).max(hi.abs() * 0.1).max(0.1);
    let y0 = (lo - span * 0.15).max(0.0);
    let caption = format!(
        "{} ({})",
        crate::document::metric_name(report, lang, metric),
        lang.unit(unit)
    );
    let (bx, by) = panel.get_base_pixel();
    theme::text(
        root,
        &caption,
        &theme::bold(theme::LABEL_PX),
        (bx + 130, by + 4),
        HPos::Left,
        VPos::Top,
    )?;
    let mut chart = ChartBuilder::on(panel)
        .margin_top(44)
        .margin_right(30)
        .x_label_area_size(62)
        .y_label_area_size(110)
        .build_cartesian_2d(-0.5f64..x_max + 0.5, y0..hi + span * 0.15)?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .bold_line_style(GRID.stroke_width(1))
        .light_line_style(TRANSPARENT)
        .y_labels(5)
        .x_labels(0)
        .label_style(theme::font(theme::TICK_PX))
        .y_label_formatter(&|v| lang.trimmed(*v))
        .draw()?;
    let partial = week_ticks(root, &chart, &pts, y0, lang)?;
    if let Some((l, u)) = lims {
        for y in [l, u] {
            chart.draw_series(
                theme::dashes(-0.5, x_max + 0.5, y)
                    .map(|seg| PathElement::new(seg, TARGET.stroke_width(3))),
            )?;
        }
    }
    chart.draw_series(std::iter::once(PathElement::new(
        vec![(-0.5, mean), (x_max + 0.5, mean)],
        INK.stroke_width(2),
    )))?;
    centre_label(root, &chart, &pts, mean, x_max, unit, lang, by + 4)?;
    week_means(&mut chart, &pts)?;
    Ok(partial)
}

/// A week on the plot: its x, the week, and whether it is after the change.
type Placed<'a> = (f64, &'a Week, bool);

/// Each week's first day under the axis (at most 12 of them), and under a partial week the
/// days it holds; true if there is a partial week.
fn week_ticks<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    chart: &theme::Plane<DB>,
    pts: &[Placed],
    y0: f64,
    lang: Lang,
) -> Result<bool, DrawingAreaErrorKind<DB::ErrorType>> {
    let every = (pts.len() / 12).max(1);
    let mut partial = false;
    // The right edge of the last partial week's label: the next one starts clear of it (the
    // last week today and the first after the change sit either side of the gap).
    let mut last_right = i32::MIN;
    for (i, (x, w, _)) in pts.iter().enumerate() {
        let (px, py) = chart.backend_coord(&(*x, y0));
        if i % every == 0 {
            theme::text(
                root,
                &lang.date_short(&w.first),
                &theme::font(theme::TICK_PX).color(&MUTED_INK),
                (px, py + 6),
                HPos::Center,
                VPos::Top,
            )?;
        }
        if w.days < 7 {
            partial = true;
            let days = u64::try_from(w.days).unwrap_or(0);
            let label = format!("{days} {}", plural(days, &lang.cat().nouns.day));
            let style = theme::font(theme::SMALL_PX).color(&MUTED_INK);
            let lw = theme::width(root, &label, &style);
            let left = (px - lw / 2).max(last_right.saturating_add(12));
            theme::text(root, &label, &style, (left, py + 34), HPos::Left, VPos::Top)?;
            last_right = left + lw;
        }
    }
    Ok(partial)
}

/// The centre's label at its right end, above the line or, if a week is there, below, else at
/// its left end; on a white card, so no limit runs through it. Where weeks are all along the
/// line, on the row of the panel's caption (`caption_top`), at the right.
#[allow(clippy::too_many_arguments)]
fn centre_label<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    chart: &theme::Plane<DB>,
    pts: &[Placed],
    mean: f64,
    x_max: f64,
    unit: crate::metric::Unit,
    lang: Lang,
    caption_top: i32,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let cw = &lang.cat().p;
    let value = lang.with_unit(lang.auto(mean), unit);
    let label = fill(cw.chart_mean_today, &[("value", &value)]);
    let style = theme::font(theme::SMALL_PX);
    let (lw, lh) = (theme::width(root, &label, &style), 24);
    let (mx, my) = chart.backend_coord(&(x_max + 0.5, mean));
    let points: Vec<(i32, i32)> = pts
        .iter()
        .map(|p| chart.backend_coord(&(p.0, p.1.mean)))
        .collect();
    // Where the label is clear of every week's dot: at the right end above the line, below
    // it, else at the left end; if nowhere, at the right end above, on its card.
    let (lx, _) = chart.backend_coord(&(-0.5, mean));
    // The line between two weeks of a side, in steps of a few pixels: the label must not sit
    // on it either.
    let mut along: Vec<(i32, i32)> = Vec::new();
    for (i, pair) in points.windows(2).enumerate() {
        if pts[i].2 != pts[i + 1].2 {
            continue;
        }
        let ((x1, y1), (x2, y2)) = (pair[0], pair[1]);
        let steps = ((x2 - x1).abs().max((y2 - y1).abs()) / 4).max(1);
        along.extend((0..=steps).map(|k| (x1 + (x2 - x1) * k / steps, y1 + (y2 - y1) * k / steps)));
    }
    let clear = |&(right, top): &(i32, i32)| {
        let near = |&(x, y): &(i32, i32), r: i32| {
            x + r > right - lw && x - r < right && y + r > top && y - r < top + lh
        };
        !points.iter().any(|p| near(p, 12)) && !along.iter().any(|p| near(p, 3))
    };
    let spots = [
        (mx - 6, my - 6 - lh),
        (mx - 6, my + 6),
        (lx + 10 + lw, my - 6 - lh),
        (lx + 10 + lw, my + 6),
    ];
    let Some((right, top)) = spots.iter().copied().find(clear) else {
        // Weeks all along the line: the label goes on the caption's row, at the right, after
        // a short stroke of the line it names.
        let y = caption_top + lh / 2;
        root.draw(&PathElement::new(
            vec![(mx - 6 - lw - 44, y), (mx - 6 - lw - 10, y)],
            INK.stroke_width(2),
        ))?;
        theme::text(
            root,
            &label,
            &style,
            (mx - 6, caption_top),
            HPos::Right,
            VPos::Top,
        )?;
        return Ok(());
    };
    root.draw(&Rectangle::new(
        [(right - 4 - lw, top - 2), (right + 4, top + lh + 2)],
        WHITE.filled(),
    ))?;
    theme::text(root, &label, &style, (right, top), HPos::Right, VPos::Top)?;
    Ok(())
}

/// Each side's weekly means as a line with dots; a partial week's dot hollow, as its mean
/// rests on few days.
fn week_means<DB: DrawingBackend>(
    chart: &mut theme::Plane<DB>,
    pts: &[Placed],
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    for (side, color) in [(false, TODAY), (true, AFTER)] {
        let series: Vec<(f64, f64, bool)> = pts
            .iter()
            .filter(|p| p.2 == side)
            .map(|p| (p.0, p.1.mean, p.1.days < 7))
            .collect();
        chart.draw_series(std::iter::once(PathElement::new(
            series.iter().map(|&(x, y, _)| (x, y)).collect::<Vec<_>>(),
            color.stroke_width(4),
        )))?;
        for &(x, y, part) in &series {
            if part {
                // Hollow: a partial week's mean rests on few days.
                chart.draw_series(std::iter::once(Circle::new((x, y), 10, color.filled())))?;
                chart.draw_series(std::iter::once(Circle::new((x, y), 6, WHITE.filled())))?;
            } else {
                chart.draw_series(std::iter::once(Circle::new((x, y), 8, color.filled())))?;
            }
        }
    }
    Ok(())
}
