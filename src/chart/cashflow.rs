//! Cash flow and payback (TEI style): the cumulative net cash flow over the months of the
//! horizon, starting from the investment, with the break-even point marked and labelled, or
//! an honest "does not pay back within H months". Without an investment: the cumulative
//! savings, with the two amounts they can carry up front marked (paid back in 12 months, and
//! NPV = 0 over the horizon).

use super::theme::{self, AFTER, BETTER, GRID, INK, MUTED_INK, TARGET, WORSE};
use crate::i18n::{Lang, fill};
use crate::report::Report;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};
use rust_decimal::prelude::ToPrimitive;

/// Whether any month has money moving: a case with no saving counted and no cost given
/// would be a flat line at zero on an axis of cents.
pub fn available(report: &Report) -> bool {
    report.headline.cash_flows.iter().any(|c| !c.is_zero())
}

/// What the chart draws, worked out from the report before anything is drawn.
struct Curve {
    /// The cumulative net cash flow at each month, from month 0.
    points: Vec<(f64, f64)>,
    /// Without an investment: the amounts the savings can carry, with their labels.
    levels: Vec<(f64, String)>,
    lo: f64,
    hi: f64,
    span: f64,
}

impl Curve {
    fn of(report: &Report, lang: Lang) -> Curve {
        let cw = &lang.cat().p;
        let cur = report.currency.as_str();
        let f = &report.headline;
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
        let levels: Vec<(f64, String)> = match (f.npv, f.max_investment) {
            (None, Some(max)) => [
                (max.payback_12, cw.chart_level_payback12),
                (max.npv_zero, cw.chart_level_npv0),
            ]
            .into_iter()
            .filter_map(|(m, phrase)| {
                let m = m?;
                Some((
                    m.0.to_f64().unwrap_or(0.0),
                    fill(phrase, &[("amount", &lang.money(m.0, cur))]),
                ))
            })
            .collect(),
            _ => Vec::new(),
        };
        let lo = points.iter().map(|p| p.1).fold(0.0_f64, f64::min);
        let hi = points
            .iter()
            .map(|p| p.1)
            .chain(levels.iter().map(|l| l.0))
            .fold(0.0_f64, f64::max);
        Curve {
            points,
            levels,
            lo,
            hi,
            span: (hi - lo).max(1.0),
        }
    }

    /// The bottom of the plot.
    fn floor(&self) -> f64 {
        self.lo - self.span * 0.18
    }
}

/// The chart's title and subtitle: the cash flow with its investment and NPV, or without an
/// investment the savings and what they can carry.
fn titles(report: &Report, lang: Lang) -> (&'static str, String) {
    let cw = &lang.cat().p;
    let cur = report.currency.as_str();
    let f = &report.finance;
    let h = f.horizon_months.to_string();
    let amount = |m: Option<crate::money::Money>| m.map_or_else(Default::default, |m| m.0);
    let stated = if report.stated.is_empty() {
        ""
    } else {
        cw.chart_cash_stated
    };
    match report.headline.npv {
        Some(npv) => (
            match report.headline.basis {
                crate::rules::Basis::Proven => cw.chart_cash_title_proven,
                crate::rules::Basis::All => cw.chart_cash_title,
            },
            fill(
                cw.chart_cash_subtitle,
                &[
                    ("invest", &lang.money(amount(f.investment_one_time), cur)),
                    ("monthly", &lang.money(amount(f.investment_monthly), cur)),
                    ("npv", &lang.money(npv.0, cur)),
                    ("months", &h),
                    ("rate", &lang.percent(f.discount_rate)),
                ],
            ) + stated,
        ),
        None => (
            cw.chart_savings_title,
            fill(
                cw.chart_carry_subtitle,
                &[("months", &h), ("rate", &lang.percent(f.discount_rate))],
            ) + stated,
        ),
    }
}

pub fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    report: &Report,
    lang: Lang,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let f = &report.finance;
    let curve = Curve::of(report, lang);
    let (title, subtitle) = titles(report, lang);
    let area = theme::frame(root, title, &subtitle)?;
    let mut chart = axes(root, &area, &curve, report, lang)?;
    line(&mut chart, &curve, f.horizon_months)?;
    if f.npv.is_none() {
        return carry_levels(root, &mut chart, &curve, f.horizon_months);
    }
    payback_mark(root, &chart, &curve, report, lang)?;
    end_label(root, &mut chart, &curve, report, lang)
}

/// The plot with its money axis and month ticks in a step that ends on the horizon.
fn axes<'a, DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    area: &'a DrawingArea<DB, Shift>,
    curve: &Curve,
    report: &Report,
    lang: Lang,
) -> Result<theme::Plane<'a, DB>, DrawingAreaErrorKind<DB::ErrorType>> {
    let cur = report.currency.as_str();
    let h = report.finance.horizon_months;
    // Room at the top for the key of the levels.
    let top = if curve.levels.is_empty() { 0.24 } else { 0.32 };
    let (lo, hi, span) = (curve.lo, curve.hi, curve.span);
    let mut chart = ChartBuilder::on(area)
        .margin_right(40)
        .x_label_area_size(80)
        .y_label_area_size(150)
        .build_cartesian_2d(0f64..f64::from(h.max(1)), curve.floor()..(hi + span * top))?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .bold_line_style(GRID.stroke_width(1))
        .light_line_style(TRANSPARENT)
        .y_labels(6)
        .x_labels(0)
        .label_style(theme::font(theme::TICK_PX))
        .axis_desc_style(theme::font(theme::LABEL_PX))
        .x_desc(lang.cat().p.chart_month)
        .y_label_formatter(&|v| lang.money_chart(*v, cur, lo.abs().max(hi.abs()), span))
        .draw()?;
    for m in month_ticks(h) {
        let (tx, ty) = chart.backend_coord(&(f64::from(m), curve.floor()));
        root.draw(&PathElement::new(
            vec![(tx, ty), (tx, ty + 6)],
            INK.stroke_width(1),
        ))?;
        theme::text(
            root,
            &m.to_string(),
            &theme::font(theme::TICK_PX),
            (tx, ty + 10),
            HPos::Center,
            VPos::Top,
        )?;
    }
    Ok(chart)
}

/// The curve over a zero line, shaded warm below zero (the investment still being repaid)
/// and green above it (the change has paid for itself), the investment marked at month 0.
fn line<DB: DrawingBackend>(
    chart: &mut theme::Plane<DB>,
    curve: &Curve,
    h: u32,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let points = &curve.points;
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
    Ok(())
}

/// No investment: the amounts the savings can carry, as levels across the months, named in
/// a key at the top left, where cumulative savings are still small.
fn carry_levels<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    chart: &mut theme::Plane<DB>,
    curve: &Curve,
    h: u32,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let (kx, ky) = chart.backend_coord(&(0.0, curve.hi + curve.span * 0.27));
    for (i, ((level, label), color)) in curve.levels.iter().zip([TARGET, INK]).enumerate() {
        chart.draw_series(
            theme::dashes(0.0, f64::from(h), *level)
                .map(|seg| PathElement::new(seg, color.stroke_width(4))),
        )?;
        let y = ky + 44 * i as i32;
        root.draw(&PathElement::new(
            vec![(kx + 24, y), (kx + 54, y)],
            color.stroke_width(4),
        ))?;
        root.draw(&PathElement::new(
            vec![(kx + 66, y), (kx + 96, y)],
            color.stroke_width(4),
        ))?;
        theme::text(
            root,
            label,
            &theme::bold(30.0),
            (kx + 110, y),
            HPos::Left,
            VPos::Center,
        )?;
    }
    Ok(())
}

/// The payback month marked on the zero line, or "does not pay back within H months".
fn payback_mark<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    chart: &theme::Plane<DB>,
    curve: &Curve,
    report: &Report,
    lang: Lang,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let cw = &lang.cat().p;
    let h = report.finance.horizon_months;
    match report.headline.payback_months {
        Some(p) => {
            chart.plotting_area().draw(&PathElement::new(
                vec![(p, curve.floor()), (p, curve.hi + curve.span * 0.15)],
                INK.stroke_width(2),
            ))?;
            chart
                .plotting_area()
                .draw(&Circle::new((p, 0.0), 12, INK.filled()))?;
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
            )
        }
        None => {
            let (lx, ly) = chart.backend_coord(&(f64::from(h), curve.hi + curve.span * 0.1));
            let label = fill(cw.chart_no_payback, &[("horizon", &h.to_string())]);
            theme::text(
                root,
                &label,
                &theme::bold(32.0).color(&WORSE),
                (lx - 10, ly),
                HPos::Right,
                VPos::Top,
            )
        }
    }
}

/// The end of the curve, named: it is the undiscounted sum, larger than the NPV.
fn end_label<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    chart: &mut theme::Plane<DB>,
    curve: &Curve,
    report: &Report,
    lang: Lang,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let cw = &lang.cat().p;
    let cur = report.currency.as_str();
    let points = &curve.points;
    let (Some(&(ex, ey)), Some(npv)) = (points.last(), report.headline.npv) else {
        return Ok(());
    };
    let h = report.finance.horizon_months;
    let rising = points.len() < 2 || ey >= points[points.len() - 2].1;
    let (px, py) = chart.backend_coord(&(ex, ey));
    let amount = lang.money(
        rust_decimal::Decimal::from_f64_retain(ey)
            .unwrap_or_default()
            .round(),
        cur,
    );
    let first = fill(
        cw.chart_end_value,
        &[("months", &h.to_string()), ("amount", &amount)],
    );
    let second = fill(cw.chart_undiscounted, &[("npv", &lang.money(npv.0, cur))]);
    chart.draw_series(std::iter::once(Circle::new((ex, ey), 9, AFTER.filled())))?;
    // Above a rising end (the curve is lower to its left), below a falling one.
    let (y1, y2, v) = if rising {
        (py - 58, py - 22, VPos::Bottom)
    } else {
        (py + 22, py + 58, VPos::Top)
    };
    theme::text(
        root,
        &first,
        &theme::bold(28.0),
        (px - 4, y1),
        HPos::Right,
        v,
    )?;
    theme::text(
        root,
        &second,
        &theme::font(theme::SMALL_PX).color(&MUTED_INK),
        (px - 4, y2),
        HPos::Right,
        v,
    )
}

/// Month ticks from 0 to the horizon, at most 13, the last one on the horizon itself.
fn month_ticks(h: u32) -> Vec<u32> {
    let h = h.max(1);
    let step = [1, 2, 3, 4, 6, 12, 24, 60, 120]
        .into_iter()
        .find(|&s| h.is_multiple_of(s) && h / s <= 12)
        .unwrap_or_else(|| h.div_ceil(12));
    let mut ticks: Vec<u32> = (0..=h).step_by(step as usize).collect();
    if ticks.last() != Some(&h) {
        // Too close to the horizon to keep both labels apart.
        if ticks.last().is_some_and(|&t| (h - t) * 3 < step) {
            ticks.pop();
        }
        ticks.push(h);
    }
    ticks
}
