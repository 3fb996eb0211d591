//! Distribution of a case duration, today vs after: the share of cases done within each
//! time (ECDF, drawn from the PERCENTILE.INC quantiles), with median and p90 marked and the
//! SLA target where one is set. Reads as "9 in 10 within X".

use super::theme::{self, AFTER, GRID, TARGET, TODAY};
use crate::i18n::{Lang, capitalize, fill};
use crate::metric::Unit;
use crate::report::Report;
use crate::summarize::{CaseStats, Stats};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

fn sides<'a>(report: &'a Report, metric: &str) -> Option<(&'a CaseStats, &'a CaseStats, Unit)> {
    let m = report.metrics.get(metric)?;
    match (&m.today, &m.after) {
        (Some(Stats::Case(t)), Some(Stats::Case(a)))
            if !t.quantiles.is_empty() && !a.quantiles.is_empty() =>
        {
            Some((t, a, m.unit))
        }
        _ => None,
    }
}

pub fn available(report: &Report, metric: &str) -> bool {
    sides(report, metric).is_some()
}

pub fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    report: &Report,
    lang: Lang,
    metric: &str,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let cw = &lang.cat().p;
    let name = crate::document::metric_name(report, lang, metric);
    let title = fill(cw.chart_dist_title, &[("metric", &capitalize(&name))]);
    let area = theme::frame(root, &title, cw.chart_dist_subtitle)?;
    let Some((t, a, unit)) = sides(report, metric) else {
        return theme::note(&area, cw.omit_distribution);
    };
    let unit = lang.unit(unit);
    // The 99th percentile bounds the axis, so one extreme case does not squash the rest.
    let p99 = |s: &CaseStats| s.quantiles[99];
    let mut x_max = p99(t).max(p99(a));
    if let Some(target) = t.sla_target {
        x_max = x_max.max(target * 1.1);
    }
    let x_min_data = t.quantiles[0].min(a.quantiles[0]);
    if x_max <= x_min_data {
        // All values equal: give the step some room.
        x_max = x_min_data.abs().max(1.0) * 2.0;
    }
    let x_max = x_max * 1.05;
    let mut chart = ChartBuilder::on(&area)
        .margin_right(30)
        .x_label_area_size(80)
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
        .x_desc(theme::clean(&format!("{name} ({unit})")).into_owned())
        .y_desc(cw.chart_share_done)
        .y_label_formatter(&|v| format!("{}%", v.round()))
        .x_label_formatter(&|v| lang.trimmed(*v))
        .draw()?;
    for (s, color) in [(t, TODAY), (a, AFTER)] {
        let pts: Vec<(f64, f64)> = s
            .quantiles
            .iter()
            .enumerate()
            .map(|(i, q)| (q.min(x_max), i as f64))
            .collect();
        // Before the first case nothing is done; after the last, everything is.
        let mut line = vec![(0.0, 0.0), (pts[0].0, 0.0)];
        line.extend(pts);
        line.push((x_max, 100.0));
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
                chart.draw_series(std::iter::once(Circle::new((q, share), 9, color.filled())))?;
            }
        }
    }
    if let Some(target) = t.sla_target {
        chart.draw_series(std::iter::once(PathElement::new(
            vec![(target, 0.0), (target, 100.0)],
            TARGET.stroke_width(4),
        )))?;
        // Low on the line: by the SLA target most cases are done, so the curves are high.
        let (px, py) = chart.backend_coord(&(target, 30.0));
        theme::text(
            root,
            &format!("SLA {} {unit}", lang.trimmed(target)),
            &theme::bold(theme::LABEL_PX).color(&TARGET),
            (px + 10, py),
            HPos::Left,
            VPos::Center,
        )?;
    }
    // Legend with the figures, bottom right, where an ECDF leaves room.
    let (lx, ly) = chart.backend_coord(&(x_max, 0.0));
    let lines = [(TODAY, cw.today, t), (AFTER, cw.after, a)];
    let style = theme::font(theme::LABEL_PX);
    let texts: Vec<String> = lines
        .iter()
        .map(|(_, label, s)| {
            format!(
                "{label}: {} {} {unit} · {} {} {unit}",
                cw.chart_median,
                theme::short(lang, s.median),
                cw.chart_nine_in_ten,
                theme::short(lang, s.p90)
            )
        })
        .collect();
    let widest = texts
        .iter()
        .map(|t| theme::width(root, t, &style))
        .max()
        .unwrap_or(0);
    let x = lx - 20 - widest;
    // A white card, so marker lines do not run through the text.
    root.draw(&Rectangle::new(
        [(x - 56, ly - 118), (lx - 8, ly - 14)],
        WHITE.filled(),
    ))?;
    for (i, ((color, _, _), text)) in lines.iter().zip(&texts).enumerate() {
        let y = ly - 40 - (1 - i as i32) * 48;
        root.draw(&Rectangle::new(
            [(x - 44, y - 4), (x - 12, y + 4)],
            color.filled(),
        ))?;
        theme::text(root, text, &style, (x, y), HPos::Left, VPos::Center)?;
    }
    Ok(())
}
