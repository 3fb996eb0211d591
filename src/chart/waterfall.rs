//! Savings waterfall: the annual gross benefit of each lever building up (a worse metric
//! going down), the risk adjustment as its own step, and the risk-adjusted total.

use super::theme::{self, AFTER, GRID, INK, MUTED_INK, TODAY, WORSE};
use crate::i18n::{Lang, fill};
use crate::report::Report;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

const SUBTOTAL: RGBColor = RGBColor(90, 90, 90);

struct Step {
    label: String,
    note: Option<String>,
    from: f64,
    to: f64,
    color: RGBColor,
    /// The result split: up to this level proven (drawn full), above it not yet proven
    /// (drawn pale), each part with its amount inside.
    proven_to: Option<f64>,
    /// A pale bar's edge in the full colour, so even a pale yellow stands out from the page.
    edge: Option<RGBColor>,
}

fn steps(report: &Report, lang: Lang) -> Vec<Step> {
    let cw = &lang.cat().p;
    let year = |d: Decimal| (d * Decimal::from(12)).to_f64().unwrap_or(0.0);
    let mut out = Vec::new();
    let mut level = 0.0;
    for (i, l) in report.savings.levers.iter().enumerate() {
        let v = year(l.monthly.0);
        out.push(Step {
            label: crate::document::lever_name(report, lang, l),
            // Under each lever: cash or capacity, and whether it may be noise.
            note: Some(if l.significant {
                crate::document::words::benefit_word(lang, l.benefit).to_string()
            } else {
                format!(
                    "{}, {}",
                    crate::document::words::benefit_word(lang, l.benefit),
                    if report.projected {
                        cw.chart_projected
                    } else {
                        cw.chart_maybe_noise
                    }
                )
            }),
            from: level,
            to: level + v,
            // Each lever in its own colour, as in every chart; a loss in the loss colour; a
            // lever that may be noise pale: counted, but not to be leaned on.
            color: match (v >= 0.0, l.significant) {
                (true, true) => theme::lever_color(i),
                (false, true) => WORSE,
                (true, false) => theme::unproven(theme::lever_color(i)),
                (false, false) => theme::unproven(WORSE),
            },
            proven_to: None,
            edge: (!l.significant).then(|| {
                if v >= 0.0 {
                    theme::lever_color(i)
                } else {
                    WORSE
                }
            }),
        });
        level += v;
    }
    let gross = report.savings.monthly.total.0;
    let adjusted = report.savings.monthly_risk_adjusted.0;
    let (gross_y, adjusted_y) = (year(gross), year(adjusted));
    // The gross subtotal in dark grey (neither a lever nor the result); the result in the
    // accent, or in vermillion when it is a loss.
    out.push(Step {
        label: cw.chart_gross.to_string(),
        note: None,
        from: 0.0,
        to: gross_y,
        color: SUBTOTAL,
        proven_to: None,
        edge: None,
    });
    out.push(Step {
        label: cw.chart_risk.to_string(),
        note: Some(lang.percent(report.savings.risk_adjustment)),
        from: gross_y,
        to: adjusted_y,
        color: TODAY,
        proven_to: None,
        edge: None,
    });
    out.push(Step {
        label: format!("{}, {}", cw.chart_total, cw.chart_risk_adjusted),
        note: None,
        from: 0.0,
        to: adjusted_y,
        color: if adjusted_y < 0.0 { WORSE } else { AFTER },
        proven_to: split(report).map(|(proven, _)| proven),
        edge: None,
    });
    out
}

/// The risk-adjusted result split into its proven and its not yet proven part, a year each,
/// when it has both and both are gains (a projection proves nothing: no split).
fn split(report: &Report) -> Option<(f64, f64)> {
    let s = &report.savings;
    let proven = s.annual_risk_adjusted_proven.0.to_f64()?;
    let unproven = s.annual_risk_adjusted_unproven.0.to_f64()?;
    (!report.projected && proven > 0.5 && unproven > 0.5).then_some((proven, unproven))
}

/// The title: savings, or the neutral "impact" when the result is a loss.
pub fn title(report: &Report, lang: Lang) -> &'static str {
    let cw = &lang.cat().p;
    if report.savings.monthly_risk_adjusted.0 < Decimal::ZERO {
        cw.chart_waterfall_title_loss
    } else {
        cw.chart_waterfall_title
    }
}

pub fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    report: &Report,
    lang: Lang,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let cw = &lang.cat().p;
    let cur = report.currency.as_str();
    let subtitle = fill(cw.chart_waterfall_subtitle, &[("currency", cur)]);
    let area = theme::frame(root, title(report, lang), &subtitle)?;
    if report.savings.levers.is_empty() {
        return theme::note(&area, cw.no_levers);
    }
    let steps = steps(report, lang);
    if split(report).is_some() {
        theme::legend(
            root,
            &[
                (cw.chart_key_proven, AFTER),
                (cw.chart_key_unproven, theme::unproven(AFTER)),
            ],
            false,
        )?;
    }
    let lo = steps
        .iter()
        .flat_map(|s| [s.from, s.to])
        .fold(0.0_f64, f64::min);
    let hi = steps
        .iter()
        .flat_map(|s| [s.from, s.to])
        .fold(0.0_f64, f64::max);
    if hi - lo < 0.005 {
        return theme::note(&area, cw.chart_zero_savings);
    }
    // At least 100 currency units of axis, so tiny amounts do not produce repeated ticks.
    let span = (hi - lo).max(100.0);
    let (y0, y1) = (
        lo - span * 0.12 * f64::from(u8::from(lo < 0.0)),
        hi + span * 0.14,
    );
    let n = steps.len() as f64;
    let mut chart = ChartBuilder::on(&area)
        .margin_right(20)
        .x_label_area_size(140)
        .y_label_area_size(150)
        .build_cartesian_2d(-0.5f64..n - 0.5, y0..y1)?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(0)
        .bold_line_style(GRID.stroke_width(1))
        .light_line_style(TRANSPARENT)
        .y_labels(6)
        .label_style(theme::font(theme::TICK_PX))
        .y_label_formatter(&|v| lang.money_chart(*v, cur, lo.abs().max(hi.abs()), span))
        .draw()?;
    chart.draw_series(std::iter::once(PathElement::new(
        vec![(-0.5, 0.0), (n - 0.5, 0.0)],
        INK.stroke_width(2),
    )))?;
    // Every label fits its slot: names wrap, amounts shrink to the widest that fits.
    let (left, _) = chart.backend_coord(&(-0.5, y0));
    let (right, _) = chart.backend_coord(&(n - 0.5, y0));
    let slot = (right - left) / steps.len().max(1) as i32 - 8;
    let (amounts, amount_px) = amount_labels(root, &steps, slot, lang);
    let money = |v: f64| lang.number(v.round(), 0);
    for (i, s) in steps.iter().enumerate() {
        step(
            root,
            &mut chart,
            s,
            i,
            steps.len(),
            y0,
            slot,
            &amounts[i],
            amount_px,
            &money,
        )?;
    }
    Ok(())
}

/// One step: its bar, a connector to the next, its amount above (a loss below) and its name
/// and note wrapped in its slot under the axis.
#[allow(clippy::too_many_arguments)]
fn step<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    chart: &mut theme::Plane<DB>,
    s: &Step,
    i: usize,
    count: usize,
    y0: f64,
    slot: i32,
    amount: &str,
    amount_px: f64,
    money: &dyn Fn(f64) -> String,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let x = i as f64;
    let (bottom, top) = (s.from.min(s.to), s.from.max(s.to));
    match s.proven_to {
        Some(mid) => {
            chart.draw_series([
                Rectangle::new([(x - 0.38, bottom), (x + 0.38, mid)], s.color.filled()),
                Rectangle::new(
                    [(x - 0.38, mid), (x + 0.38, top)],
                    theme::unproven(s.color).filled(),
                ),
            ])?;
            // Each part's amount inside it, where it fits.
            let parts = [
                (bottom, mid, WHITE, mid - bottom),
                (mid, top, INK, top - mid),
            ];
            for (lo, hi, ink, amount) in parts {
                let (px, y_lo) = chart.backend_coord(&(x, lo));
                let (_, y_hi) = chart.backend_coord(&(x, hi));
                let style = theme::bold(theme::SMALL_PX).color(&ink);
                let words = money(amount);
                let (left, _) = chart.backend_coord(&(x - 0.38, lo));
                let (right, _) = chart.backend_coord(&(x + 0.38, lo));
                if y_lo - y_hi >= (theme::SMALL_PX * 1.6) as i32
                    && theme::width(root, &words, &style) <= right - left - 8
                {
                    theme::text(
                        root,
                        &words,
                        &style,
                        (px, (y_lo + y_hi) / 2),
                        HPos::Center,
                        VPos::Center,
                    )?;
                }
            }
        }
        None => {
            chart.draw_series(std::iter::once(Rectangle::new(
                [(x - 0.38, bottom), (x + 0.38, top)],
                s.color.filled(),
            )))?;
            if let Some(edge) = s.edge {
                chart.draw_series(std::iter::once(Rectangle::new(
                    [(x - 0.38, bottom), (x + 0.38, top)],
                    edge.stroke_width(3),
                )))?;
            }
        }
    }
    // Connector to the next step.
    if i + 1 < count {
        chart.draw_series(std::iter::once(PathElement::new(
            vec![(x + 0.38, s.to), (x + 0.62, s.to)],
            MUTED_INK.stroke_width(1),
        )))?;
    }
    let value = s.to - s.from;
    let (px, py) = if value >= 0.0 {
        chart.backend_coord(&(x, top))
    } else {
        chart.backend_coord(&(x, bottom))
    };
    let (dy, v) = if value >= 0.0 {
        (-8, VPos::Bottom)
    } else {
        (8, VPos::Top)
    };
    theme::text(
        root,
        amount,
        &theme::bold(amount_px),
        (px, py + dy),
        HPos::Center,
        v,
    )?;
    let (lx, mut ly) = chart.backend_coord(&(x, y0));
    ly += 12;
    let label_style = theme::font(26.0);
    for line in theme::wrap(root, &s.label, &label_style, slot) {
        theme::text(root, &line, &label_style, (lx, ly), HPos::Center, VPos::Top)?;
        ly += 32;
    }
    if let Some(note) = &s.note {
        let note_style = theme::font(theme::SMALL_PX).color(&MUTED_INK);
        for line in theme::wrap(root, note, &note_style, slot) {
            theme::text(root, &line, &note_style, (lx, ly), HPos::Center, VPos::Top)?;
            ly += 30;
        }
    }
    Ok(())
}

/// Each step's amount, and the font size at which the widest fits its slot: in full
/// (`150,118 EUR`) down to the smallest chart text, then shortened (`150.1k EUR`), so no
/// amount prints under 8 pt.
fn amount_labels<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    steps: &[Step],
    slot: i32,
    lang: Lang,
) -> (Vec<String>, f64) {
    // The subtitle names the currency: the amounts are bare figures.
    let full: Vec<String> = steps
        .iter()
        .map(|s| lang.number((s.to - s.from).round(), 0))
        .collect();
    let largest = steps
        .iter()
        .map(|s| (s.to - s.from).abs())
        .fold(0.0_f64, f64::max);
    // Four digits in the short form: 150.1k, 1.234M.
    let short: Vec<String> = steps
        .iter()
        .map(|s| {
            lang.money_chart(s.to - s.from, "", largest, largest / 500.0)
                .trim_end()
                .to_string()
        })
        .collect();
    let fit = |amounts: &[String]| {
        let widest = amounts
            .iter()
            .map(|a| theme::width(root, a, &theme::bold(30.0)))
            .max()
            .unwrap_or(1)
            .max(1);
        (30.0 * f64::from(slot - 16) / f64::from(widest)).min(30.0)
    };
    let px = fit(&full);
    if px >= theme::SMALL_PX {
        return (full, px);
    }
    let px = fit(&short).max(theme::SMALL_PX);
    (short, px)
}
