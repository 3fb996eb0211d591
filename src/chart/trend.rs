//! Weekly trend: the weekly mean of cycle time and response time across both periods, with
//! the baseline's process limits (XmR, computed in the pipeline: `compare::Trend`) carried
//! into the after-period, so the change can be seen not to be noise.

use super::theme::{self, AFTER, GRID, INK, MUTED_INK, TARGET, TODAY};
use crate::compare::Trend;
use crate::i18n::{Lang, fill};
use crate::metric::{Role, builtin_with_role};
use crate::report::Report;
use crate::summarize::{Stats, WeekPoint};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

type Weeks<'a> = (
    &'a [WeekPoint],
    &'a [WeekPoint],
    &'a Trend,
    crate::metric::Unit,
);

fn weeks<'a>(report: &'a Report, metric: &str) -> Option<Weeks<'a>> {
    let m = report.metrics.get(metric)?;
    match (&m.today, &m.after, &m.trend) {
        (Some(Stats::Case(t)), Some(Stats::Case(a)), Some(trend))
            if !t.weekly.is_empty() && !a.weekly.is_empty() =>
        {
            Some((&t.weekly, &a.weekly, trend, m.unit))
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

pub fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    report: &Report,
    lang: Lang,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let cw = &lang.cat().p;
    let area = theme::frame(root, cw.chart_trend_title, cw.chart_trend_subtitle)?;
    let list = metrics(report);
    let panels = area.split_evenly((list.len().max(1), 1));
    for (metric, panel) in list.iter().zip(panels.iter()) {
        if let Some(w) = weeks(report, metric) {
            draw_panel(root, panel, report, lang, metric, w)?;
        }
    }
    theme::legend(
        root,
        &[
            (cw.today, TODAY),
            (cw.after, AFTER),
            (cw.chart_limits, TARGET),
        ],
        true,
    )?;
    Ok(())
}

fn draw_panel<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    panel: &DrawingArea<DB, Shift>,
    report: &Report,
    lang: Lang,
    metric: &str,
    (today, after, trend, unit): Weeks,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let cw = &lang.cat().p;
    let mean = trend.centre;
    let lims = trend.limits.map(|[l, u]| (l, u));
    // Today's weeks, a gap, then the after weeks.
    let mut pts: Vec<(f64, f64, &str, bool)> = Vec::new();
    for (i, w) in today.iter().enumerate() {
        pts.push((i as f64, w.mean, &w.week_start, false));
    }
    let offset = today.len() as f64 + 1.0;
    for (i, w) in after.iter().enumerate() {
        pts.push((offset + i as f64, w.mean, &w.week_start, true));
    }
    let x_max = offset + after.len() as f64 - 1.0;
    let mut lo = pts.iter().map(|p| p.1).fold(mean, f64::min);
    let mut hi = pts.iter().map(|p| p.1).fold(mean, f64::max);
    if let Some((l, u)) = lims {
        lo = lo.min(l);
        hi = hi.max(u);
    }
    let span = (hi - lo).max(hi.abs() * 0.1).max(0.1);
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
        .x_label_area_size(44)
        .y_label_area_size(110)
        .build_cartesian_2d(
            -0.5f64..x_max + 0.5,
            (lo - span * 0.15).max(0.0)..hi + span * 0.15,
        )?;
    let every = (pts.len() / 10).max(1);
    let labels: Vec<(f64, String)> = pts
        .iter()
        .enumerate()
        .filter(|(i, _)| i % every == 0)
        .map(|(_, p)| (p.0, lang.date_short(p.2)))
        .collect();
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
    for (x, label) in &labels {
        let (px, py) = chart.backend_coord(&(*x, (lo - span * 0.15).max(0.0)));
        theme::text(
            root,
            label,
            &theme::font(theme::TICK_PX).color(&MUTED_INK),
            (px, py + 8),
            HPos::Center,
            VPos::Top,
        )?;
    }
    let whole = vec![(-0.5, mean), (x_max + 0.5, mean)];
    chart.draw_series(std::iter::once(PathElement::new(
        whole,
        INK.stroke_width(2),
    )))?;
    if let Some((l, u)) = lims {
        for y in [l, u] {
            chart.draw_series(
                theme::dashes(-0.5, x_max + 0.5, y)
                    .map(|seg| PathElement::new(seg, TARGET.stroke_width(3))),
            )?;
        }
    }
    let (mx, my) = chart.backend_coord(&(x_max + 0.5, mean));
    theme::text(
        root,
        &fill(cw.chart_centre, &[("value", &lang.auto(mean))]),
        &theme::font(22.0),
        (mx - 6, my - 6),
        HPos::Right,
        VPos::Bottom,
    )?;
    for (side, color) in [(false, TODAY), (true, AFTER)] {
        let series: Vec<(f64, f64)> = pts
            .iter()
            .filter(|p| p.3 == side)
            .map(|p| (p.0, p.1))
            .collect();
        chart.draw_series(std::iter::once(PathElement::new(
            series.clone(),
            color.stroke_width(4),
        )))?;
        chart.draw_series(
            series
                .iter()
                .map(|&(x, y)| Circle::new((x, y), 8, color.filled())),
        )?;
    }
    Ok(())
}
