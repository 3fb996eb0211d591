//! Savings waterfall: the annual gross benefit of each lever building up (a worse metric
//! going down), the risk adjustment as its own step, and the risk-adjusted total.

use super::theme::{self, AFTER, BETTER, GRID, INK, MUTED_INK, TODAY, WORSE};
use crate::i18n::{Lang, fill};
use crate::report::Report;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

struct Step {
    label: String,
    note: Option<String>,
    from: f64,
    to: f64,
    color: RGBColor,
}

fn steps(report: &Report, lang: Lang) -> Vec<Step> {
    let cw = &lang.cat().p;
    let year = |d: Decimal| (d * Decimal::from(12)).to_f64().unwrap_or(0.0);
    let mut out = Vec::new();
    let mut level = 0.0;
    for l in &report.savings.levers {
        let v = year(l.monthly.0);
        out.push(Step {
            label: crate::document::lever_name(report, lang, l),
            note: (!l.significant).then(|| cw.chart_maybe_noise.to_string()),
            from: level,
            to: level + v,
            // A lever that may be noise is drawn pale: counted, but not to be leaned on.
            color: match (v >= 0.0, l.significant) {
                (true, true) => BETTER,
                (false, true) => WORSE,
                (true, false) => theme::tint(BETTER, 0.45),
                (false, false) => theme::tint(WORSE, 0.45),
            },
        });
        level += v;
    }
    let gross = report.savings.monthly.total.0;
    let adjusted = report.savings.monthly_risk_adjusted.0;
    let risk = year(adjusted - gross);
    out.push(Step {
        label: cw.chart_risk.to_string(),
        note: Some(lang.percent(report.savings.risk_adjustment)),
        from: level,
        to: level + risk,
        color: TODAY,
    });
    out.push(Step {
        label: cw.chart_total.to_string(),
        note: None,
        from: 0.0,
        to: year(adjusted),
        color: AFTER,
    });
    out
}

pub fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    report: &Report,
    lang: Lang,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let cw = &lang.cat().p;
    let cur = report.currency.as_str();
    let subtitle = fill(cw.chart_waterfall_subtitle, &[("currency", cur)]);
    let area = theme::frame(root, cw.chart_waterfall_title, &subtitle)?;
    if report.savings.levers.is_empty() {
        return theme::note(&area, cw.no_levers);
    }
    let steps = steps(report, lang);
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
        .x_label_area_size(100)
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
        .y_label_formatter(&|v| lang.money_short(*v, cur))
        .draw()?;
    chart.draw_series(std::iter::once(PathElement::new(
        vec![(-0.5, 0.0), (n - 0.5, 0.0)],
        INK.stroke_width(2),
    )))?;
    for (i, s) in steps.iter().enumerate() {
        let x = i as f64;
        let (bottom, top) = (s.from.min(s.to), s.from.max(s.to));
        chart.draw_series(std::iter::once(Rectangle::new(
            [(x - 0.32, bottom), (x + 0.32, top)],
            s.color.filled(),
        )))?;
        // Connector to the next step.
        if i + 1 < steps.len() - 1 {
            chart.draw_series(std::iter::once(PathElement::new(
                vec![(x + 0.32, s.to), (x + 0.68, s.to)],
                MUTED_INK.stroke_width(1),
            )))?;
        }
        let value = s.to - s.from;
        let text = lang.money(Decimal::from_f64_retain(value).unwrap_or_default(), cur);
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
            &text,
            &theme::bold(26.0),
            (px, py + dy),
            HPos::Center,
            v,
        )?;
        let (lx, ly) = chart.backend_coord(&(x, y0));
        theme::text(
            root,
            &s.label,
            &theme::font(theme::LABEL_PX),
            (lx, ly + 14),
            HPos::Center,
            VPos::Top,
        )?;
        if let Some(note) = &s.note {
            theme::text(
                root,
                note,
                &theme::font(theme::TICK_PX).color(&MUTED_INK),
                (lx, ly + 50),
                HPos::Center,
                VPos::Top,
            )?;
        }
    }
    Ok(())
}
