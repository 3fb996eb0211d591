//! Distribution of a case duration, today vs after: the share of cases done (or, for the
//! first response, of requests answered) within each time (ECDF, drawn from the
//! PERCENTILE.INC quantiles), with median and p90 marked and the SLA target where one is set.
//! Reads as "9 in 10 within X". A long tail is cut off the axis, and the chart says where.

use super::theme::{self, AFTER, GRID, MUTED_INK, Occupied, Rect, TARGET, TODAY};
use crate::i18n::{Lang, capitalize, fill};
use crate::metric::{Role, Unit, builtin_with_role};
use crate::report::Report;
use crate::summarize::{CaseStats, Stats};
use plotters::coord::{CoordTranslate, Shift};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

/// The curve's points, (share in %, time): every percentile from the rows, or from a
/// summary only the ones it gives (min, median, p90, p95, max), straight between them.
fn points(s: &CaseStats) -> Vec<(f64, f64)> {
    if s.quantiles.len() == 101 {
        return s
            .quantiles
            .iter()
            .enumerate()
            .map(|(i, &q)| (i as f64, q))
            .collect();
    }
    [
        (0.0, s.min),
        (50.0, s.median),
        (90.0, s.p90),
        (95.0, s.p95),
        (100.0, s.max),
    ]
    .into_iter()
    .filter(|(_, v)| v.is_finite())
    .collect()
}

/// The time at a share, on the curve.
fn at(points: &[(f64, f64)], share: f64) -> f64 {
    match points.iter().position(|p| p.0 >= share) {
        Some(0) => points[0].1,
        Some(i) => {
            let ((s0, v0), (s1, v1)) = (points[i - 1], points[i]);
            v0 + (v1 - v0) * (share - s0) / (s1 - s0)
        }
        None => points.last().map_or(0.0, |p| p.1),
    }
}

/// Drawn from a summary's few percentiles rather than every one.
fn partial(s: &CaseStats) -> bool {
    s.quantiles.len() != 101
}

fn sides<'a>(report: &'a Report, metric: &str) -> Option<(&'a CaseStats, &'a CaseStats, Unit)> {
    let m = report.metrics.get(metric)?;
    match (&m.today, &m.after) {
        // A curve needs its median and at least two more of its percentiles.
        (Some(Stats::Case(t)), Some(Stats::Case(a)))
            if [t, a]
                .iter()
                .all(|s| s.median.is_finite() && points(s).len() >= 3) =>
        {
            Some((t, a, m.unit))
        }
        _ => None,
    }
}

pub fn available(report: &Report, metric: &str) -> bool {
    sides(report, metric).is_some()
}

/// The first response is not "done": its curve counts requests answered.
fn answered(metric: &str) -> bool {
    builtin_with_role(Role::FirstResponse).is_some_and(|b| b.name == metric)
}

/// The chart's title (also its alternative text in the documents).
pub fn title(report: &Report, lang: Lang, metric: &str) -> String {
    let cw = &lang.cat().p;
    let name = capitalize(&crate::document::metric_name(report, lang, metric));
    let phrase = if answered(metric) {
        cw.chart_dist_title_answered
    } else {
        cw.chart_dist_title
    };
    fill(phrase, &[("metric", &name)])
}

/// Where the x axis ends: past the 99th percentile of both sides (so one extreme case does
/// not squash the rest) and the SLA target; at the longest case when the tail is short.
fn axis_end(t: &CaseStats, a: &CaseStats) -> f64 {
    let (pt, pa) = (points(t), points(a));
    let longest = at(&pt, 100.0).max(at(&pa, 100.0));
    let mut end = at(&pt, 99.0).max(at(&pa, 99.0));
    if let Some(target) = t.sla_target {
        end = end.max(target * 1.1);
    }
    let end = end * 1.05;
    let start = at(&pt, 0.0).min(at(&pa, 0.0));
    if longest <= start {
        // All values equal: give the step some room.
        return start.abs().max(1.0) * 2.0;
    }
    // Cutting off less than a fifth of the axis is not worth a note.
    if longest <= end * 1.2 {
        longest * 1.02
    } else {
        end
    }
}

/// Cases of one side beyond `end`, at most: the ranks above the last percentile within it
/// (PERCENTILE.INC puts percentile k at rank k·(n−1)/100).
fn beyond_at_most(s: &CaseStats, end: f64) -> u64 {
    let pts = points(s);
    let k = pts.iter().rev().find(|p| p.1 <= end).map_or(0.0, |p| p.0);
    let rank = (k * (s.n.saturating_sub(1)) as f64 / 100.0).floor() as u64;
    s.n.saturating_sub(1).saturating_sub(rank)
}

pub fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    report: &Report,
    lang: Lang,
    metric: &str,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let cw = &lang.cat().p;
    let name = crate::document::metric_name(report, lang, metric);
    let Some((t, a, unit)) = sides(report, metric) else {
        let area = theme::frame(root, &title(report, lang, metric), cw.chart_dist_subtitle)?;
        return theme::note(&area, cw.omit_distribution);
    };
    // From a summary: the percentiles it gives, and the chart says so.
    let subtitle = if partial(t) || partial(a) {
        cw.chart_dist_subtitle_partial
    } else {
        cw.chart_dist_subtitle
    };
    let area = theme::frame(root, &title(report, lang, metric), subtitle)?;
    let unit = lang.unit(unit);
    let x_max = axis_end(t, a);
    // One precision for every figure of the chart, that of the most precise one.
    let d = theme::decimals(&[t.median, a.median, t.p90, a.p90]);
    let figure = |v: f64| format!("{}{}{unit}", lang.number(v, d), lang.unit_space());
    let mut chart = axes(&area, x_max, &format!("{name} ({unit})"), metric, lang)?;
    let coord = chart.as_coord_spec().clone();
    let px = move |x: f64, y: f64| coord.translate(&(x, y));
    let mut used = Occupied::default();
    // The SLA target first, under the curves, so it hides no marker.
    if let Some(target) = t.sla_target.filter(|&s| s <= x_max) {
        chart.draw_series(std::iter::once(PathElement::new(
            vec![(target, 0.0), (target, 100.0)],
            TARGET.stroke_width(4),
        )))?;
        used.line(&[px(target, 0.0), px(target, 100.0)]);
    }
    let mut markers = Vec::new();
    for (s, color) in [(t, TODAY), (a, AFTER)] {
        let line = curve(s, x_max);
        used.line(&line.iter().map(|&(x, y)| px(x, y)).collect::<Vec<_>>());
        chart.draw_series(std::iter::once(PathElement::new(
            line,
            color.stroke_width(5),
        )))?;
        for (q, share) in [(s.median, 50.0), (s.p90, 90.0)] {
            if q <= x_max {
                chart.draw_series(std::iter::once(PathElement::new(
                    vec![(q, 0.0), (q, share)],
                    color.stroke_width(2),
                )))?;
                used.line(&[px(q, 0.0), px(q, share)]);
                markers.push((q, share, color));
            }
        }
    }
    // Markers last, ringed in white, so no line hides them.
    for &(q, share, color) in &markers {
        marker(&mut chart, (q, share), color)?;
        let (mx, my) = px(q, share);
        used.rect(Rect::new(mx - 11, my - 11, 22, 22));
    }
    let (left, top) = px(0.0, 100.0);
    let (right, bottom) = px(x_max, 0.0);
    let plot = Rect {
        l: left + 10,
        t: top + 10,
        r: right - 10,
        b: bottom - 10,
    };
    if let Some(target) = t.sla_target.filter(|&s| s <= x_max) {
        let label = format!("SLA {}{}{unit}", lang.trimmed(target), lang.unit_space());
        sla_label(root, &label, px(target, 0.0).0, bottom, plot, &mut used)?;
    }
    let after = if report.projected {
        cw.chart_projected
    } else {
        cw.after
    };
    legend(
        root,
        lang,
        &mut used,
        plot,
        [(t, TODAY), (a, AFTER)],
        after,
        &figure,
    )?;
    cut_note(root, lang, [(t, cw.today), (a, after)], x_max, &figure)
}

/// The plot: time along the bottom up to `x_max`, the share of cases done (or requests
/// answered) up the side.
fn axes<'a, DB: DrawingBackend>(
    area: &'a DrawingArea<DB, Shift>,
    x_max: f64,
    x_desc: &str,
    metric: &str,
    lang: Lang,
) -> Result<theme::Plane<'a, DB>, DrawingAreaErrorKind<DB::ErrorType>> {
    let cw = &lang.cat().p;
    let y_desc = if answered(metric) {
        cw.chart_share_answered
    } else {
        cw.chart_share_done
    };
    let mut chart = ChartBuilder::on(area)
        .margin_right(30)
        .x_label_area_size(66)
        .y_label_area_size(110)
        .build_cartesian_2d(0f64..x_max, 0f64..100f64)?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .bold_line_style(GRID.stroke_width(1))
        .light_line_style(TRANSPARENT)
        .y_labels(6)
        .x_labels(8)
        .label_style(theme::font(theme::TICK_PX))
        .axis_desc_style(theme::font(theme::LABEL_PX))
        .x_desc(theme::clean(x_desc).into_owned())
        .y_desc(y_desc)
        .y_label_formatter(&|v| format!("{}%", v.round()))
        .x_label_formatter(&|v| lang.trimmed(*v))
        .draw()?;
    Ok(chart)
}

/// A median or p90 marker: a dot ringed in white.
fn marker<DB: DrawingBackend>(
    chart: &mut theme::Plane<DB>,
    at: (f64, f64),
    color: RGBColor,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    chart.draw_series(std::iter::once(Circle::new(at, 11, WHITE.filled())))?;
    chart.draw_series(std::iter::once(Circle::new(at, 9, color.filled())))?;
    Ok(())
}

/// The SLA target's label beside its line, right or left, at the first free height from
/// the bottom.
fn sla_label<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    label: &str,
    sx: i32,
    bottom: i32,
    plot: Rect,
    used: &mut Occupied,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let style = theme::bold(theme::LABEL_PX).color(&TARGET);
    let (w, h) = (theme::width(root, label, &style), 30);
    let spot = (1..=18)
        .flat_map(|i| {
            let y = bottom - 20 - h - 28 * i;
            [Rect::new(sx + 10, y, w, h), Rect::new(sx - 10 - w, y, w, h)]
        })
        .find(|r| r.l >= plot.l && r.r <= plot.r && r.t >= plot.t && used.free(*r, 4))
        .unwrap_or(Rect::new(sx + 10, bottom - 250, w, h));
    theme::text(root, label, &style, (spot.l, spot.t), HPos::Left, VPos::Top)?;
    used.rect(spot);
    Ok(())
}

/// A side's share of cases done by each time, as a line on the axis up to `x_max`: nothing
/// before the first case, everything after the last (when it lies on the axis), and where the
/// axis is cut, the curve leaves it at its height there.
fn curve(s: &CaseStats, x_max: f64) -> Vec<(f64, f64)> {
    let mut line = vec![(0.0, 0.0)];
    let mut prev = (0.0, 0.0);
    for (i, &(share, q)) in points(s).iter().enumerate() {
        let p = (q, share);
        if q > x_max {
            let f = (x_max - prev.0) / (q - prev.0);
            line.push((x_max, prev.1 + f * (p.1 - prev.1)));
            break;
        }
        if i == 0 {
            line.push((q, 0.0));
        }
        line.push(p);
        prev = p;
    }
    if s.max <= x_max {
        line.push((x_max, 100.0));
    }
    line
}

/// Where the axis is cut, and what lies beyond it, under the chart.
fn cut_note<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    lang: Lang,
    sides: [(&CaseStats, &str); 2],
    x_max: f64,
    figure: &dyn Fn(f64) -> String,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let cw = &lang.cat().p;
    let beyond: Vec<String> = sides
        .into_iter()
        .filter(|(s, _)| s.max > x_max)
        .map(|(s, side)| {
            fill(
                cw.chart_beyond_side,
                &[
                    ("side", side),
                    ("k", &beyond_at_most(s, x_max).to_string()),
                    ("n", &s.n.to_string()),
                    ("longest", &figure(s.max)),
                ],
            )
        })
        .collect();
    if !beyond.is_empty() {
        let note = fill(
            cw.chart_axis_cut,
            &[("cut", &figure(x_max)), ("beyond", &beyond.join("; "))],
        );
        let (rw, rh) = root.dim_in_pixel();
        theme::text(
            root,
            &note,
            &theme::font(theme::SMALL_PX).color(&MUTED_INK),
            (rw as i32 - 40, rh as i32 - 8),
            HPos::Right,
            VPos::Bottom,
        )?;
    }
    Ok(())
}

/// The figures of each side as a small table (median, 9 in 10 within) placed where no curve,
/// marker or line is.
fn legend<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    lang: Lang,
    used: &mut Occupied,
    plot: Rect,
    sides: [(&CaseStats, RGBColor); 2],
    after: &str,
    figure: &dyn Fn(f64) -> String,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let cw = &lang.cat().p;
    let style = theme::font(26.0);
    let head = theme::font(theme::SMALL_PX).color(&MUTED_INK);
    let names = [cw.today, after];
    let cells: Vec<[String; 2]> = sides
        .iter()
        .map(|(s, _)| [figure(s.median), figure(s.p90)])
        .collect();
    let w = |s: &str, st: &TextStyle| theme::width(root, s, st);
    let col0 = names.iter().map(|n| w(n, &style)).max().unwrap_or(0) + 44;
    let col = |i: usize, heading: &str| {
        cells
            .iter()
            .map(|c| w(&c[i], &style))
            .chain(std::iter::once(w(heading, &head)))
            .max()
            .unwrap_or(0)
    };
    let (c1, c2) = (col(0, cw.chart_median), col(1, cw.chart_nine_in_ten));
    let (gap, row) = (28, 40);
    let (width, height) = (col0 + gap + c1 + gap + c2 + 24, 30 + 2 * row + 12);
    let spot = used.place(plot, width, height, 6).unwrap_or(Rect::new(
        plot.r - width,
        plot.b - height,
        width,
        height,
    ));
    used.rect(spot);
    root.draw(&Rectangle::new(
        [(spot.l, spot.t), (spot.r, spot.b)],
        WHITE.filled(),
    ))?;
    let x0 = spot.l + 12;
    let x1 = x0 + col0 + gap + c1;
    let x2 = x1 + gap + c2;
    let y = spot.t + 8;
    theme::text(
        root,
        cw.chart_median,
        &head,
        (x1, y),
        HPos::Right,
        VPos::Top,
    )?;
    theme::text(
        root,
        cw.chart_nine_in_ten,
        &head,
        (x2, y),
        HPos::Right,
        VPos::Top,
    )?;
    for (i, ((_, color), (name, c))) in sides.iter().zip(names.iter().zip(&cells)).enumerate() {
        let cy = y + 30 + row * i as i32 + row / 2;
        root.draw(&Rectangle::new(
            [(x0, cy - 4), (x0 + 32, cy + 4)],
            color.filled(),
        ))?;
        theme::text(root, name, &style, (x0 + 44, cy), HPos::Left, VPos::Center)?;
        theme::text(root, &c[0], &style, (x1, cy), HPos::Right, VPos::Center)?;
        theme::text(root, &c[1], &style, (x2, cy), HPos::Right, VPos::Center)?;
    }
    Ok(())
}
