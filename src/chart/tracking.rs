//! The charts of `roi track`: the cumulative net cash flow realised against the plan, month
//! by month, the gap shaded; and each lever's realised monthly benefit beside its promise in
//! the latest month, with its verdict.

use super::plot::{Drawn, Plot, draw_all};
use super::theme::{self, AFTER, BETTER, GRID, INK, MUTED_INK, TODAY, WORSE};
use crate::document::track::{lever_word, verdict_word};
use crate::error::RoiError;
use crate::i18n::{Lang, fill};
use crate::report::track::{Track, Verdict};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};
use rust_decimal::prelude::ToPrimitive;

fn f(m: crate::money::Money) -> f64 {
    m.0.to_f64().unwrap_or(0.0)
}

/// A line of (month, amount) points.
type Path = Vec<(f64, f64)>;

/// The cumulative net cash flow promised and realised, from the investment at month 0.
fn paths(t: &Track) -> (Path, Path, Path) {
    let start = f(t.cumulative_start);
    let path = |of: &dyn Fn(&crate::report::track::Month) -> f64| -> Path {
        std::iter::once((0.0, start))
            .chain(t.months.iter().map(|m| (f64::from(m.plan_month), of(m))))
            .collect()
    };
    (
        path(&|m| f(m.cumulative.promised)),
        path(&|m| f(m.cumulative.realised)),
        path(&|m| f(m.cumulative.promised_gross)),
    )
}

/// Cumulative net cash flow by month: the plans (risk-adjusted, and gross) as lines, the
/// realised as a line with markers, its gap to the gross plan shaded.
fn cumulative<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    t: &Track,
    lang: Lang,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let p = &lang.cat().p;
    let area = theme::frame(root, p.chart_track_cash_title, p.chart_track_cash_subtitle)?;
    theme::key_below(
        root,
        &[
            (p.chart_track_plan_adjusted, TODAY),
            (p.chart_track_plan_gross, MUTED_INK),
            (p.chart_track_realised, AFTER),
        ],
        30,
    )?;
    let (plan, real, gross) = paths(t);
    let both: Vec<(f64, f64)> = real.iter().chain(&gross).copied().collect();
    let mut chart = month_axes(&area, t, &plan, &both, lang)?;
    let n = t.months.len() as f64;
    // Zero.
    chart.draw_series(std::iter::once(PathElement::new(
        vec![(-0.2, 0.0), (n + 0.2, 0.0)],
        INK.stroke_width(2),
    )))?;
    // The gap to the gross plan (like for like: the realised levers are gross), shaded:
    // behind it in the warm colour, ahead in the green.
    for w in 0..t.months.len() {
        let (x0, x1) = (gross[w].0, gross[w + 1].0);
        let behind = real[w + 1].1 < gross[w + 1].1;
        let c = if behind { WORSE } else { BETTER };
        chart.draw_series(std::iter::once(Polygon::new(
            vec![
                (x0, gross[w].1),
                (x1, gross[w + 1].1),
                (x1, real[w + 1].1),
                (x0, real[w].1),
            ],
            theme::tint(c, 0.22).filled(),
        )))?;
    }
    chart.draw_series(std::iter::once(PathElement::new(
        plan.clone(),
        TODAY.stroke_width(5),
    )))?;
    // The gross plan, like for like with the realised (which is gross): thin, beside it.
    chart.draw_series(std::iter::once(PathElement::new(
        gross.clone(),
        MUTED_INK.stroke_width(2),
    )))?;
    chart.draw_series(std::iter::once(PathElement::new(
        real.clone(),
        AFTER.stroke_width(5),
    )))?;
    for &(x, y) in &real {
        chart.draw_series(std::iter::once(Circle::new((x, y), 9, AFTER.filled())))?;
    }
    end_figures(root, &chart, &plan, &real, lang, &t.currency)
}

/// The months along the bottom (the start, then each month), money up the side.
fn month_axes<'a, DB: DrawingBackend>(
    area: &'a DrawingArea<DB, Shift>,
    t: &Track,
    plan: &[(f64, f64)],
    real: &[(f64, f64)],
    lang: Lang,
) -> Result<theme::Plane<'a, DB>, DrawingAreaErrorKind<DB::ErrorType>> {
    let p = &lang.cat().p;
    let cur = t.currency.as_str();
    let values = || plan.iter().chain(real).map(|p| p.1);
    let lo = values().fold(0.0_f64, f64::min);
    let hi = values().fold(0.0_f64, f64::max);
    let span = (hi - lo).max(100.0);
    let n = t.months.len() as f64;
    let mut chart = ChartBuilder::on(area)
        // The right margin holds the last month's figures, clear of every line.
        .margin_right(END_LABELS_PX)
        .margin_bottom(40)
        .x_label_area_size(80)
        .y_label_area_size(150)
        .build_cartesian_2d(-0.2f64..n + 0.2, (lo - span * 0.1)..(hi + span * 0.15))?;
    let big = lo.abs().max(hi.abs());
    chart
        .configure_mesh()
        .disable_x_mesh()
        .bold_line_style(GRID.stroke_width(1))
        .light_line_style(TRANSPARENT)
        .y_labels(6)
        .x_labels(t.months.len() + 1)
        .label_style(theme::font(theme::TICK_PX))
        .axis_desc_style(theme::font(theme::LABEL_PX))
        .x_desc(p.chart_month)
        .x_label_formatter(&|v| {
            let i = v.round();
            if (v - i).abs() > 0.01 || i < 0.0 {
                return String::new();
            }
            if i == 0.0 {
                return p.chart_track_start.to_string();
            }
            t.months
                .get(i as usize - 1)
                .map_or(String::new(), |m| m.month.clone())
        })
        .y_label_formatter(&|v| lang.money_chart(*v, cur, big, span))
        .draw()?;
    Ok(chart)
}

/// The width of the right margin that holds the last month's figures.
const END_LABELS_PX: u32 = 270;

/// The last month's two figures in the right margin, beside their points, where no line runs;
/// pushed apart when the two points are close, the higher above.
fn end_figures<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    chart: &theme::Plane<DB>,
    plan: &[(f64, f64)],
    real: &[(f64, f64)],
    lang: Lang,
    cur: &str,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let (Some(&(x, pv)), Some(&(_, rv))) = (plan.last(), real.last()) else {
        return Ok(());
    };
    let style = theme::bold(theme::VALUE_PX - 4.0);
    let right = chart.plotting_area().get_pixel_range().0.end;
    let (_, py_plan) = chart.backend_coord(&(x, pv));
    let (_, py_real) = chart.backend_coord(&(x, rv));
    // At least a line of text between the two labels' centres.
    const GAP: i32 = 34;
    let (mut yp, mut yr) = (py_plan, py_real);
    if (yp - yr).abs() < GAP {
        let mid = (yp + yr) / 2;
        let (upper, lower) = (mid - GAP / 2, mid + GAP / 2);
        if pv >= rv {
            (yp, yr) = (upper, lower);
        } else {
            (yp, yr) = (lower, upper);
        }
    }
    for (v, c, y) in [(pv, TODAY, yp), (rv, AFTER, yr)] {
        theme::text(
            root,
            &lang.money(
                rust_decimal::Decimal::from_f64_retain(v)
                    .unwrap_or_default()
                    .round_dp(2),
                cur,
            ),
            &style.color(&c),
            (right + 16, y),
            HPos::Left,
            VPos::Center,
        )?;
    }
    Ok(())
}

/// Each lever in the latest month: promised (grey) and realised (blue) bars, the verdict.
fn levers<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    t: &Track,
    lang: Lang,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let p = &lang.cat().p;
    let cur = t.currency.as_str();
    let Some(last) = t.months.last() else {
        return Ok(());
    };
    let title = levers_title(t, lang);
    let area = theme::frame(root, &title, p.chart_track_levers_subtitle)?;
    theme::key_below(
        root,
        &[
            (p.track_col_promised, TODAY),
            (p.chart_track_realised, AFTER),
        ],
        30,
    )?;
    let rows: Vec<(String, f64, f64, Verdict)> = last
        .levers
        .iter()
        .map(|(name, l)| {
            (
                lever_word(lang, name, l),
                f(l.promised),
                f(l.realised),
                l.verdict,
            )
        })
        .collect();
    let lo = rows.iter().map(|r| r.1.min(r.2)).fold(0.0_f64, f64::min);
    let hi = rows.iter().map(|r| r.1.max(r.2)).fold(0.0_f64, f64::max);
    let span = (hi - lo).max(100.0);
    let label_style = theme::font(theme::LABEL_PX);
    let label_w = theme::label_width(
        root,
        rows.iter().map(|r| r.0.as_str()),
        &label_style,
        200,
        420,
    );
    let n = rows.len() as f64;
    let mut chart = ChartBuilder::on(&area)
        .margin_left((label_w + 30) as u32)
        .margin_right(40)
        .margin_top(20)
        .margin_bottom(40)
        .x_label_area_size(60)
        .build_cartesian_2d(
            (lo - span * 0.05 * f64::from(u8::from(lo < 0.0)))..(hi + span * 0.45),
            0f64..n,
        )?;
    let big = lo.abs().max(hi.abs());
    theme::money_axis(&mut chart, lang, cur, big, span)?;
    chart.draw_series(std::iter::once(PathElement::new(
        vec![(0.0, 0.0), (0.0, n)],
        INK.stroke_width(2),
    )))?;
    let left_end = lo - span * 0.05 * f64::from(u8::from(lo < 0.0));
    for (i, row) in rows.iter().enumerate() {
        lever_row(
            root,
            &mut chart,
            row,
            n - i as f64 - 0.5,
            left_end,
            lang,
            cur,
        )?;
    }
    Ok(())
}

/// One lever in the latest month: its promised and realised bars with their amounts, its
/// name and its verdict on the left.
fn lever_row<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    chart: &mut theme::Plane<DB>,
    (name, promised, realised, verdict): &(String, f64, f64, Verdict),
    y: f64,
    left_end: f64,
    lang: Lang,
    cur: &str,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    for (v, c, y0, y1) in [
        (*promised, TODAY, y + 0.04, y + 0.34),
        (*realised, AFTER, y - 0.34, y - 0.04),
    ] {
        chart.draw_series(std::iter::once(Rectangle::new(
            [(0.0_f64.min(v), y0), (0.0_f64.max(v), y1)],
            c.filled(),
        )))?;
        let (vx, vy) = chart.backend_coord(&(v.max(0.0), (y0 + y1) / 2.0));
        theme::text(
            root,
            &lang.money(
                rust_decimal::Decimal::from_f64_retain(v)
                    .unwrap_or_default()
                    .round_dp(2),
                cur,
            ),
            &theme::font(theme::TICK_PX),
            (vx + 10, vy),
            HPos::Left,
            VPos::Center,
        )?;
    }
    let (px, py) = chart.backend_coord(&(left_end, y));
    theme::text(
        root,
        name,
        &theme::font(theme::LABEL_PX),
        (px - 16, py - 14),
        HPos::Right,
        VPos::Center,
    )?;
    let c = match verdict {
        Verdict::OnTrack | Verdict::Ahead => BETTER,
        Verdict::Behind => WORSE,
        Verdict::TooEarly => MUTED_INK,
    };
    theme::text(
        root,
        verdict_word(lang, *verdict),
        &theme::bold(theme::TICK_PX).color(&c),
        (px - 16, py + 18),
        HPos::Right,
        VPos::Center,
    )
}

/// The two charts of a tracking.
#[derive(Clone, Copy)]
enum Which {
    Cash,
    Levers,
}

struct OfTrack<'a> {
    which: Which,
    track: &'a Track,
}

impl Plot for OfTrack<'_> {
    fn stem(&self) -> String {
        match self.which {
            Which::Cash => "track_cash_flow",
            Which::Levers => "track_levers",
        }
        .to_string()
    }

    fn title(&self, lang: Lang) -> String {
        let p = &lang.cat().p;
        match self.which {
            Which::Cash => p.chart_track_cash_title.to_string(),
            Which::Levers => levers_title(self.track, lang),
        }
    }

    fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        lang: Lang,
    ) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
        match self.which {
            Which::Cash => cumulative(root, self.track, lang),
            Which::Levers => levers(root, self.track, lang),
        }
    }
}

/// The levers chart's title: the latest month's.
fn levers_title(t: &Track, lang: Lang) -> String {
    let month = t.months.last().map_or("", |m| m.month.as_str());
    fill(lang.cat().p.chart_track_levers_title, &[("month", month)])
}

/// The two charts of a tracking, as PNG files.
pub fn render(t: &Track, lang: Lang) -> Result<Drawn, RoiError> {
    let plots = [Which::Cash, Which::Levers].map(|which| OfTrack { which, track: t });
    draw_all(&plots, lang, false)
}
