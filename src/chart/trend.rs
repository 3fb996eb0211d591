//! Weekly trend: the weekly mean of cycle time and response time across both periods, with
//! the baseline's process limits (XmR: mean ± 2.66 × mean moving range of today's weeks)
//! carried into the after-period, so the change can be seen not to be noise.

use super::theme::{self, AFTER, GRID, INK, MUTED_INK, TARGET, TODAY};
use crate::i18n::Lang;
use crate::report::Report;
use crate::summarize::{Stats, WeekPoint};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

fn weeks<'a>(
    report: &'a Report,
    metric: &str,
) -> Option<(&'a [WeekPoint], &'a [WeekPoint], &'a str)> {
    let m = report.metrics.get(metric)?;
    match (&m.today, &m.after) {
        (Some(Stats::Case(t)), Some(Stats::Case(a)))
            if !t.weekly.is_empty() && !a.weekly.is_empty() =>
        {
            Some((&t.weekly, &a.weekly, m.unit.as_str()))
        }
        _ => None,
    }
}

fn metrics(report: &Report) -> Vec<&'static str> {
    ["cycle_time", "response_time"]
        .into_iter()
        .filter(|m| weeks(report, m).is_some())
        .collect()
}

pub fn available(report: &Report) -> bool {
    !metrics(report).is_empty()
}

/// Mean and process limits of the baseline weeks (limits need two weeks).
pub fn limits(baseline: &[f64]) -> (f64, Option<(f64, f64)>) {
    let mean = baseline.iter().sum::<f64>() / baseline.len().max(1) as f64;
    if baseline.len() < 2 {
        return (mean, None);
    }
    let mr = baseline
        .windows(2)
        .map(|w| (w[1] - w[0]).abs())
        .sum::<f64>()
        / (baseline.len() - 1) as f64;
    (mean, Some(((mean - 2.66 * mr).max(0.0), mean + 2.66 * mr)))
}

fn short_date(lang: Lang, iso: &str) -> String {
    let (m, d) = (iso.get(5..7).unwrap_or(""), iso.get(8..10).unwrap_or(""));
    let day = d.trim_start_matches('0');
    match lang {
        Lang::Pl => format!("{day}.{m}"),
        Lang::En => {
            const MONTHS: [&str; 12] = [
                "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
            ];
            let idx = m.parse::<usize>().unwrap_or(1).clamp(1, 12) - 1;
            format!("{} {day}", MONTHS[idx])
        }
    }
}

pub fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    report: &Report,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let lang = report.lang;
    let cw = lang.chart();
    let title = match lang {
        Lang::En => "Weekly mean, today and after the change",
        Lang::Pl => "Średnia tygodniowa, dziś i po zmianie",
    };
    let area = theme::frame(root, title, cw.trend_subtitle)?;
    let list = metrics(report);
    let panels = area.split_evenly((list.len().max(1), 1));
    for (metric, panel) in list.iter().zip(panels.iter()) {
        if let Some((t, a, unit)) = weeks(report, metric) {
            draw_panel(root, panel, report, metric, t, a, unit)?;
        }
    }
    theme::legend(
        root,
        &[
            (lang.words().today, TODAY),
            (lang.words().after, AFTER),
            (cw.limits, TARGET),
        ],
        true,
    )?;
    Ok(())
}

fn draw_panel<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    panel: &DrawingArea<DB, Shift>,
    report: &Report,
    metric: &str,
    today: &[WeekPoint],
    after: &[WeekPoint],
    unit: &str,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let lang = report.lang;
    let cw = lang.chart();
    let baseline: Vec<f64> = today.iter().map(|w| w.mean).collect();
    let (mean, lims) = limits(&baseline);
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
    let caption = format!("{} ({unit})", lang.metric_name(metric));
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
        .map(|(_, p)| (p.0, short_date(lang, p.2)))
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
                dashes(-0.5, x_max + 0.5, y)
                    .map(|seg| PathElement::new(seg, TARGET.stroke_width(3))),
            )?;
        }
    }
    let (mx, my) = chart.backend_coord(&(x_max + 0.5, mean));
    theme::text(
        root,
        &format!("{} {}", cw.baseline, lang.auto(mean)),
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

/// A horizontal dashed line as segments.
fn dashes(x0: f64, x1: f64, y: f64) -> impl Iterator<Item = Vec<(f64, f64)>> {
    let step = (x1 - x0) / 60.0;
    (0..60).step_by(2).map(move |i| {
        let a = x0 + step * f64::from(i);
        vec![(a, y), (a + step, y)]
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn xmr_limits_by_hand() {
        // Weeks 10, 12, 11, 13: mean 11.5; moving ranges 2, 1, 2 → 5/3; ± 2.66 × 5/3 = 4.4333
        let (mean, lims) = super::limits(&[10.0, 12.0, 11.0, 13.0]);
        assert_eq!(mean, 11.5);
        let (l, u) = lims.unwrap();
        assert!(
            (l - (11.5 - 2.66 * 5.0 / 3.0)).abs() < 1e-12
                && (u - (11.5 + 2.66 * 5.0 / 3.0)).abs() < 1e-12
        );
        assert_eq!(super::limits(&[10.0]).1, None);
    }
}
