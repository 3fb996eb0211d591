//! How likely the case holds, as a picture: the NPV's distribution over the horizon from the
//! levers' own noise (docs/method.md#how-likely) — the normal density of the closed form, or
//! the simulation's draws counted in bins — with the loss side (NPV < 0) shaded, zero marked,
//! the median and the 5th–95th percentile range marked, and the chance written on it in the
//! headline's words ("more than 99%", never "100%").

use super::theme::{self, AFTER, BETTER, INK, MUTED_INK, Occupied, Rect, WORSE};
use crate::economics::probability::{Method, Probability};
use crate::i18n::{Lang, fill};
use crate::report::Report;
use plotters::coord::{CoordTranslate, Shift};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};
use rust_decimal::prelude::ToPrimitive;

/// Heights are shares of the curve's peak; the plot leaves room above it for the marks, and
/// a band at the top for the chance in words.
const TOP: f64 = 1.9;
/// The height of the 5th–95th percentile bracket.
const BRACKET: f64 = 1.2;
/// How high the zero line reaches.
const ZERO_TOP: f64 = 1.24;

pub fn available(report: &Report) -> bool {
    report.probability.is_some()
}

fn f(m: crate::money::Money) -> f64 {
    m.0.to_f64().unwrap_or(0.0)
}

/// What the chart draws, in NPV (x) and share of the peak (y).
enum Shape {
    /// The normal density, sampled across the axis.
    Curve(Vec<(f64, f64)>),
    /// The simulation's bins: (from, to, height).
    Bars(Vec<(f64, f64, f64)>),
}

struct Picture {
    shape: Shape,
    x0: f64,
    x1: f64,
    /// The curve's height at an NPV (for the marks that stand on it).
    height: Box<dyn Fn(f64) -> f64>,
}

/// The shape and the axis: the distribution's whole body (±4 standard deviations, or every
/// bin) and zero, with a margin on each side.
fn picture(pr: &Probability) -> Picture {
    let mean = f(pr.npv_mean);
    let sd = f(pr.npv_sd).max(0.0);
    let bars = pr
        .npv_bins
        .as_ref()
        .filter(|b| pr.method == Method::Simulation && !b.counts.is_empty() && f(b.width) > 0.0);
    let (lo, hi) = match bars {
        Some(b) => {
            let start = f(b.start);
            (start, start + f(b.width) * b.counts.len() as f64)
        }
        // No spread: a spike at the mean, on an axis wide enough to read.
        None if sd == 0.0 => {
            let room = (mean.abs() * 0.25).max(1000.0);
            (mean - room, mean + room)
        }
        None => (mean - 4.0 * sd, mean + 4.0 * sd),
    };
    let (lo, hi) = (lo.min(0.0), hi.max(0.0));
    let span = (hi - lo).max(1.0);
    let (x0, x1) = (lo - span * 0.04, hi + span * 0.04);
    match bars {
        Some(b) => {
            let start = f(b.start);
            let width = f(b.width);
            let peak = f64::from(b.counts.iter().copied().max().unwrap_or(1).max(1));
            let bars: Vec<(f64, f64, f64)> = b
                .counts
                .iter()
                .enumerate()
                .map(|(i, &c)| {
                    let from = start + width * i as f64;
                    (from, from + width, f64::from(c) / peak)
                })
                .collect();
            let lookup = bars.clone();
            Picture {
                shape: Shape::Bars(bars),
                x0,
                x1,
                height: Box::new(move |x| {
                    lookup
                        .iter()
                        .find(|b| x >= b.0 && x < b.1)
                        .or(lookup.last().filter(|b| x >= b.1 - 1e-9 && x <= b.1))
                        .map_or(0.0, |b| b.2)
                }),
            }
        }
        None => {
            let density = move |x: f64| {
                if sd > 0.0 {
                    let z = (x - mean) / sd;
                    (-0.5 * z * z).exp()
                } else {
                    f64::from(u8::from(x == mean))
                }
            };
            if sd == 0.0 {
                return Picture {
                    shape: Shape::Curve(vec![
                        (x0, 0.0),
                        (mean, 0.0),
                        (mean, 1.0),
                        (mean, 0.0),
                        (x1, 0.0),
                    ]),
                    x0,
                    x1,
                    height: Box::new(density),
                };
            }
            let n = 320;
            let mut points: Vec<(f64, f64)> = (0..=n)
                .map(|i| {
                    let x = x0 + (x1 - x0) * f64::from(i) / f64::from(n);
                    (x, density(x))
                })
                .collect();
            // Zero and the mean exactly, so the shading meets the zero line and a point mass
            // shows as a spike.
            for x in [0.0, mean] {
                if x > x0 && x < x1 {
                    points.push((x, density(x)));
                }
            }
            points.sort_by(|a, b| a.0.total_cmp(&b.0));
            points.dedup_by(|a, b| a.0 == b.0);
            Picture {
                shape: Shape::Curve(points),
                x0,
                x1,
                height: Box::new(density),
            }
        }
    }
}

pub fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    report: &Report,
    lang: Lang,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let cw = &lang.cat().p;
    let area = theme::frame(root, cw.chart_npv_title, cw.chart_npv_subtitle)?;
    let Some(pr) = &report.probability else {
        return theme::note(&area, cw.omit_npv_distribution);
    };
    let cur = report.currency.as_str();
    let pic = picture(pr);
    let (x0, x1) = (pic.x0, pic.x1);
    let big = x0.abs().max(x1.abs());
    let span = x1 - x0;
    let months = report.finance.horizon_months.to_string();
    let x_desc = fill(
        cw.chart_npv_axis,
        &[
            ("months", &months),
            ("rate", &lang.percent(report.finance.discount_rate)),
        ],
    );
    let mut chart = ChartBuilder::on(&area)
        .margin_right(40)
        .x_label_area_size(110)
        .y_label_area_size(50)
        .build_cartesian_2d(x0..x1, 0f64..TOP)?;
    chart
        .configure_mesh()
        .disable_y_mesh()
        .bold_line_style(theme::GRID.stroke_width(1))
        .light_line_style(TRANSPARENT)
        .x_labels(7)
        .y_labels(0)
        .label_style(theme::font(theme::TICK_PX))
        .axis_desc_style(theme::font(theme::LABEL_PX))
        .y_desc(cw.chart_npv_likelihood)
        .x_label_formatter(&|v| lang.money_chart(*v, cur, big, span))
        .draw()?;
    let coord = chart.as_coord_spec().clone();
    // The axis's name under its ticks, centred on the plot; the headline's note below it.
    let (left, bottom) = coord.translate(&(x0, 0.0));
    let (right, _) = coord.translate(&(x1, 0.0));
    theme::text(
        root,
        &x_desc,
        &theme::font(theme::LABEL_PX),
        ((left + right) / 2, bottom + 48),
        HPos::Center,
        VPos::Top,
    )?;
    let px = move |x: f64, y: f64| coord.translate(&(x, y));
    let mut used = Occupied::default();
    let mut zero = None;
    shade(&mut chart, &pic, &mut used, &px)?;
    let money = |v: f64| {
        lang.money(
            rust_decimal::Decimal::from_f64_retain(v)
                .unwrap_or_default()
                .round(),
            cur,
        )
    };
    // Zero: where the loss side ends.
    if x0 < 0.0 && x1 > 0.0 {
        chart.draw_series(std::iter::once(PathElement::new(
            vec![(0.0, 0.0), (0.0, ZERO_TOP)],
            INK.stroke_width(3),
        )))?;
        used.line(&[px(0.0, 0.0), px(0.0, ZERO_TOP)]);
        zero = Some(px(0.0, ZERO_TOP));
    }
    let (p05, p50, p95) = (f(pr.npv_p05), f(pr.npv_p50), f(pr.npv_p95));
    // The 5th to 95th percentile: thin lines up from the axis, a bracket above the curve.
    for x in [p05, p95] {
        chart.draw_series(std::iter::once(PathElement::new(
            vec![(x, 0.0), (x, BRACKET)],
            MUTED_INK.stroke_width(1),
        )))?;
        used.line(&[px(x, 0.0), px(x, BRACKET)]);
    }
    chart.draw_series(std::iter::once(PathElement::new(
        vec![(p05, BRACKET), (p95, BRACKET)],
        INK.stroke_width(3),
    )))?;
    for x in [p05, p95] {
        chart.draw_series(std::iter::once(PathElement::new(
            vec![(x, BRACKET - 0.04), (x, BRACKET + 0.04)],
            INK.stroke_width(3),
        )))?;
    }
    used.line(&[px(p05, BRACKET), px(p95, BRACKET)]);
    let low = lang.number(p05.round(), 0);
    let range = if low == lang.number(p95.round(), 0) {
        // No spread: one figure, not a range from it to itself.
        fill(cw.chart_npv_point, &[("value", &money(p95))])
    } else {
        fill(cw.chart_npv_range, &[("low", &low), ("high", &money(p95))])
    };
    let (plot_l, plot_t) = px(x0, TOP);
    let (plot_r, plot_b) = px(x1, 0.0);
    let plot = Rect {
        l: plot_l + 10,
        t: plot_t + 6,
        r: plot_r - 10,
        b: plot_b - 10,
    };
    let centred = |x: i32, w: i32| (x - w / 2).clamp(plot.l, (plot.r - w).max(plot.l));
    let range_style = theme::bold(theme::VALUE_PX);
    let rw = theme::width(root, &range, &range_style);
    let (bx, by) = px((p05 + p95) / 2.0, BRACKET);
    let rl = centred(bx, rw);
    theme::text(
        root,
        &range,
        &range_style,
        (rl, by - 12),
        HPos::Left,
        VPos::Bottom,
    )?;
    used.rect(Rect::new(rl, by - 48, rw, 36));
    // The median: a dashed line up to the curve, named just above it.
    let top = (pic.height)(p50);
    chart.draw_series(
        dashes_up(p50, top)
            .into_iter()
            .map(|seg| PathElement::new(seg, AFTER.stroke_width(3))),
    )?;
    let median = fill(cw.chart_npv_median, &[("amount", &money(p50))]);
    let style = theme::font(theme::LABEL_PX);
    let mw = theme::width(root, &median, &style);
    let (mx, my) = px(p50, top);
    let ml = centred(mx, mw);
    // On white, so that a line under it (zero, when the median is near it) does not cross it.
    root.draw(&Rectangle::new(
        [(ml - 4, my - 40), (ml + mw + 4, my - 8)],
        WHITE.filled(),
    ))?;
    theme::text(
        root,
        &median,
        &style,
        (ml, my - 8),
        HPos::Left,
        VPos::Bottom,
    )?;
    used.rect(Rect::new(ml, my - 42, mw, 34));
    // Zero's name at the top of its line, right of it or else left, where nothing is.
    if let Some((zx, zy)) = zero {
        let style = theme::font(theme::SMALL_PX).color(&MUTED_INK);
        let w = theme::width(root, cw.chart_npv_zero, &style);
        let spot = [zx + 10, zx - 10 - w]
            .into_iter()
            .map(|l| Rect::new(l, zy, w, 30))
            .find(|r| r.l >= plot.l && r.r <= plot.r && used.free(*r, 4));
        if let Some(r) = spot {
            theme::text(
                root,
                cw.chart_npv_zero,
                &style,
                (r.l, r.t),
                HPos::Left,
                VPos::Top,
            )?;
        }
    }
    chance(root, report, lang, pr, plot)?;
    headline_note(root, report, lang)
}

/// The distribution, its loss side (NPV < 0) vermillion and the rest green, as the cash-flow
/// chart shades the investment still being repaid and the gain; the outline in the accent.
fn shade<DB: DrawingBackend>(
    chart: &mut theme::Plane<DB>,
    pic: &Picture,
    used: &mut Occupied,
    px: &dyn Fn(f64, f64) -> (i32, i32),
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let loss = theme::tint(WORSE, 0.45);
    let gain = theme::tint(BETTER, 0.3);
    let outline: Vec<(f64, f64)> = match &pic.shape {
        Shape::Curve(points) => {
            for (side, color) in [(true, loss), (false, gain)] {
                let part: Vec<(f64, f64)> = points
                    .iter()
                    .copied()
                    .filter(|p| if side { p.0 <= 0.0 } else { p.0 >= 0.0 })
                    .collect();
                if let (Some(first), Some(last)) = (part.first(), part.last()) {
                    let mut poly = part.clone();
                    poly.push((last.0, 0.0));
                    poly.push((first.0, 0.0));
                    chart.draw_series(std::iter::once(Polygon::new(poly, color.filled())))?;
                }
            }
            points.clone()
        }
        Shape::Bars(bars) => {
            for &(from, to, h) in bars {
                // A bin ends on zero at the latest when it is a loss (one edge is on zero).
                let color = if to <= (to - from) * 1e-3 { loss } else { gain };
                chart.draw_series(std::iter::once(Rectangle::new(
                    [(from, 0.0), (to, h)],
                    color.filled(),
                )))?;
            }
            let mut steps = Vec::with_capacity(bars.len() * 2 + 2);
            if let Some(first) = bars.first() {
                steps.push((first.0, 0.0));
            }
            for &(from, to, h) in bars {
                steps.push((from, h));
                steps.push((to, h));
            }
            if let Some(last) = bars.last() {
                steps.push((last.1, 0.0));
            }
            steps
        }
    };
    chart.draw_series(std::iter::once(PathElement::new(
        outline.clone(),
        AFTER.stroke_width(4),
    )))?;
    // Everything under the outline is taken, not only the line: text goes where it is empty.
    let pixels: Vec<(i32, i32)> = outline.iter().map(|&(x, y)| px(x, y)).collect();
    used.line(&pixels);
    let (_, base) = px(pic.x0, 0.0);
    for w in pixels.windows(2) {
        let (l, r) = (w[0].0.min(w[1].0), w[0].0.max(w[1].0));
        let t = w[0].1.min(w[1].1);
        if base > t {
            used.rect(Rect::new(l, t, (r - l).max(1), base - t));
        }
    }
    Ok(())
}

/// A vertical dashed line from the axis up to `top`.
fn dashes_up(x: f64, top: f64) -> Vec<Vec<(f64, f64)>> {
    let n = 12;
    let step = top / f64::from(2 * n - 1);
    (0..n)
        .map(|i| {
            let a = step * f64::from(2 * i);
            vec![(x, a), (x, (a + step).min(top))]
        })
        .collect()
}

/// The chance of NPV < 0: the rest of P(NPV > 0) for a spread-out normal; for a point mass
/// (no spread) or the simulation, the share strictly below zero (an NPV of exactly zero is
/// no loss).
fn loss_share(pr: &Probability) -> f64 {
    let mean = f(pr.npv_mean);
    match (&pr.npv_bins, pr.method) {
        (Some(b), Method::Simulation) => {
            let (start, width) = (f(b.start), f(b.width));
            let total: u32 = b.counts.iter().sum();
            let below: u32 = b
                .counts
                .iter()
                .enumerate()
                .filter(|(i, _)| start + width * (*i as f64 + 1.0) <= width * 1e-3)
                .map(|(_, c)| c)
                .sum();
            if total == 0 {
                0.0
            } else {
                f64::from(below) / f64::from(total)
            }
        }
        _ if f(pr.npv_sd) > 0.0 => 1.0 - pr.npv_positive,
        _ => f64::from(u8::from(mean < 0.0)),
    }
}

/// The chance in the headline's words, where the picture leaves room: NPV above zero, the
/// chance of a loss, and what they count.
fn chance<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    report: &Report,
    lang: Lang,
    pr: &Probability,
    plot: Rect,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let cw = &lang.cat().p;
    let above = fill(
        cw.chart_npv_chance,
        &[(
            "chance",
            &crate::document::chance_text(lang, pr.npv_positive),
        )],
    );
    let loss = fill(
        cw.chart_npv_loss,
        &[(
            "chance",
            &crate::document::chance_text(lang, loss_share(pr)),
        )],
    );
    let mut counts = crate::document::chance_counts(report, lang, pr);
    if let Some(draws) = pr.draws {
        counts = format!(
            "{counts}; {}",
            fill(
                cw.chart_npv_simulated,
                &[("draws", &lang.number(f64::from(draws), 0))]
            )
        );
    }
    let big = theme::bold(36.0).color(&INK);
    let red = theme::bold(theme::LABEL_PX).color(&WORSE);
    let small = theme::font(theme::SMALL_PX).color(&MUTED_INK);
    let lines = theme::wrap(root, &counts, &small, (plot.r - plot.l - 20).min(1100));
    // In the band at the top of the plot, which nothing else reaches.
    let x = plot.l + 10;
    let mut y = plot.t;
    theme::text(root, &above, &big, (x, y), HPos::Left, VPos::Top)?;
    y += 46;
    theme::text(root, &loss, &red, (x, y), HPos::Left, VPos::Top)?;
    y += 38;
    for line in &lines {
        theme::text(root, line, &small, (x, y), HPos::Left, VPos::Top)?;
        y += 32;
    }
    Ok(())
}

/// Under the axis: the headline's own NPV, which counts differently (proven levers only,
/// risk-adjusted), so that the two figures are not read as a contradiction.
fn headline_note<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    report: &Report,
    lang: Lang,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let cw = &lang.cat().p;
    let Some(npv) = report.headline.npv else {
        return Ok(());
    };
    let phrase = match report.headline.basis {
        crate::rules::Basis::Proven => cw.chart_npv_headline_proven,
        crate::rules::Basis::All => cw.chart_npv_headline_all,
    };
    let note = fill(phrase, &[("npv", &lang.money(npv.0, &report.currency))]);
    let (rw, rh) = root.dim_in_pixel();
    theme::text(
        root,
        &note,
        &theme::font(theme::SMALL_PX).color(&MUTED_INK),
        (rw as i32 / 2, rh as i32 - 10),
        HPos::Center,
        VPos::Bottom,
    )
}
