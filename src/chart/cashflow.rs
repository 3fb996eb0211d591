//! Cash flow and payback (TEI style): the cumulative net cash flow over the months of the
//! horizon, starting from the investment, with the break-even point marked and labelled, or
//! an honest "does not pay back within H months".

use super::theme::{self, AFTER, BETTER, GRID, INK, MUTED_INK, WORSE};
use crate::i18n::{Lang, fill};
use crate::report::Report;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};
use rust_decimal::prelude::ToPrimitive;

pub fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    report: &Report,
    lang: Lang,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let cw = &lang.cat().p;
    let cur = report.currency.as_str();
    let f = &report.finance.figures;
    let h = report.finance.horizon_months;
    let mut cum = 0.0;
    let points: Vec<(f64, f64)> = f
        .cash_flows
        .iter()
        .enumerate()
        .map(|(t, cf)| {
            cum += cf.to_f64().unwrap_or(0.0);
            (t as f64, cum)
        })
        .collect();
    let subtitle = fill(
        cw.chart_cash_subtitle,
        &[
            (
                "invest",
                &lang.money(report.finance.investment_one_time.0, cur),
            ),
            (
                "monthly",
                &lang.money(report.finance.investment_monthly.0, cur),
            ),
            ("npv", &lang.money(f.npv, cur)),
            ("months", &h.to_string()),
            ("rate", &lang.percent(report.finance.discount_rate)),
        ],
    );
    let area = theme::frame(root, cw.chart_cash_title, &subtitle)?;
    let lo = points.iter().map(|p| p.1).fold(0.0_f64, f64::min);
    let hi = points.iter().map(|p| p.1).fold(0.0_f64, f64::max);
    let span = (hi - lo).max(1.0);
    let mut chart = ChartBuilder::on(&area)
        .margin_right(40)
        .x_label_area_size(80)
        .y_label_area_size(150)
        .build_cartesian_2d(
            0f64..f64::from(h.max(1)),
            (lo - span * 0.18)..(hi + span * 0.15),
        )?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .bold_line_style(GRID.stroke_width(1))
        .light_line_style(TRANSPARENT)
        .y_labels(6)
        .x_labels(usize::try_from(h.clamp(2, 12)).unwrap_or(12) + 1)
        .label_style(theme::font(theme::TICK_PX))
        .axis_desc_style(theme::font(theme::LABEL_PX))
        .x_desc(cw.chart_month)
        .x_label_formatter(&|v| format!("{}", v.round()))
        .y_label_formatter(&|v| lang.money_short(*v, cur))
        .draw()?;
    // Below zero the investment is still being repaid; above it the change has paid for itself.
    let below: Vec<(f64, f64)> = points.iter().map(|&(x, y)| (x, y.min(0.0))).collect();
    let above: Vec<(f64, f64)> = points.iter().map(|&(x, y)| (x, y.max(0.0))).collect();
    for (series, color) in [(below, WORSE), (above, BETTER)] {
        let mut poly = series.clone();
        poly.push((series.last().map_or(0.0, |p| p.0), 0.0));
        poly.push((0.0, 0.0));
        chart.draw_series(std::iter::once(Polygon::new(
            poly,
            theme::tint(color, 0.18).filled(),
        )))?;
    }
    chart.draw_series(std::iter::once(PathElement::new(
        vec![(0.0, 0.0), (f64::from(h), 0.0)],
        INK.stroke_width(2),
    )))?;
    chart.draw_series(std::iter::once(PathElement::new(
        points.clone(),
        AFTER.stroke_width(5),
    )))?;
    // The investment at month 0 (its amount is in the subtitle).
    if let Some(&(x, y)) = points.first() {
        chart.draw_series(std::iter::once(Circle::new((x, y), 9, AFTER.filled())))?;
    }
    let (lx, ly) = chart.backend_coord(&(f64::from(h), hi + span * 0.1));
    match f.payback_months {
        Some(p) => {
            chart.draw_series(std::iter::once(PathElement::new(
                vec![(p, lo - span * 0.18), (p, hi + span * 0.15)],
                INK.stroke_width(2),
            )))?;
            chart.draw_series(std::iter::once(Circle::new((p, 0.0), 12, INK.filled())))?;
            let label = if p == 0.0 {
                cw.payback_now.to_string()
            } else {
                fill(cw.chart_pays_back, &[("months", &lang.number(p, 1))])
            };
            let (px, py) = chart.backend_coord(&(p, 0.0));
            theme::text(
                root,
                &label,
                &theme::bold(32.0),
                (px + 18, py + 16),
                HPos::Left,
                VPos::Top,
            )?;
        }
        None => {
            let label = fill(cw.chart_no_payback, &[("horizon", &h.to_string())]);
            theme::text(
                root,
                &label,
                &theme::bold(32.0).color(&WORSE),
                (lx - 10, ly),
                HPos::Right,
                VPos::Top,
            )?;
        }
    }
    let _ = MUTED_INK;
    Ok(())
}
