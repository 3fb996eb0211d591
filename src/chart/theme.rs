//! The one look of every chart: the embedded font (DejaVu Sans, licence in assets/fonts),
//! a colour-blind-safe palette (Okabe–Ito), sizes legible in a slide, and the canvas.

use plotters::prelude::*;
use plotters::style::{FontFamily, FontStyle, register_font};
use std::sync::OnceLock;

/// 16:9, large enough for a full-screen slide.
pub const SIZE: (u32, u32) = (1600, 900);

pub const FONT: &str = "sans-serif";
pub const TITLE_PX: f64 = 46.0;
pub const SUBTITLE_PX: f64 = 28.0;
pub const LABEL_PX: f64 = 28.0;
pub const TICK_PX: f64 = 26.0;
pub const VALUE_PX: f64 = 30.0;
/// The smallest text on a chart (notes, keys, ticks). A chart printed 174 mm wide (the
/// one-pager's charts) draws 1600 px in 174 mm: 26 px is 2.83 mm, 8 pt.
pub const SMALL_PX: f64 = 26.0;

/// Today: muted grey.
pub const TODAY: RGBColor = RGBColor(150, 150, 150);
/// After the change: the accent (Okabe–Ito blue).
pub const AFTER: RGBColor = RGBColor(0, 114, 178);
/// Better for the COO (Okabe–Ito bluish green).
pub const BETTER: RGBColor = RGBColor(0, 158, 115);
/// Worse for the COO (Okabe–Ito vermillion).
pub const WORSE: RGBColor = RGBColor(213, 94, 0);
/// Targets and reference lines (Okabe–Ito orange).
pub const TARGET: RGBColor = RGBColor(230, 159, 0);
pub const INK: RGBColor = RGBColor(33, 33, 33);
pub const MUTED_INK: RGBColor = RGBColor(100, 100, 100);
pub const GRID: RGBColor = RGBColor(225, 225, 225);

/// One colour per lever, in the order of the report's levers, the same in every chart that
/// shows levers (the waterfall, savings by segment): Okabe–Ito, safe for colour-blind eyes.
/// Not the accent blue (the result), not vermillion (a loss), not grey (today, subtotals).
const LEVERS: [RGBColor; 5] = [
    RGBColor(0, 158, 115),
    RGBColor(86, 180, 233),
    RGBColor(230, 159, 0),
    RGBColor(204, 121, 167),
    RGBColor(240, 228, 66),
];
/// A lever past the palette's five.
const OTHER_LEVER: RGBColor = RGBColor(175, 175, 175);

/// The colour of the report's `i`-th lever.
pub fn lever_color(i: usize) -> RGBColor {
    LEVERS.get(i).copied().unwrap_or(OTHER_LEVER)
}

/// A lever whose change may be noise is drawn in its colour made pale.
pub fn unproven(c: RGBColor) -> RGBColor {
    tint(c, 0.45)
}

/// DejaVu Sans 2.37 (Bitstream Vera licence, assets/fonts/LICENSE-DejaVu.txt): Polish glyphs.
pub const REGULAR: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
pub const BOLD: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");

static FONTS: OnceLock<bool> = OnceLock::new();

/// Registers the embedded font once; false if it could not be parsed (never expected).
pub fn register() -> bool {
    *FONTS.get_or_init(|| {
        let regular = register_font(FONT, FontStyle::Normal, REGULAR);
        let bold = register_font(FONT, FontStyle::Bold, BOLD);
        regular.is_ok() && bold.is_ok()
    })
}

pub fn font(px: f64) -> TextStyle<'static> {
    TextStyle::from((FontFamily::Name(FONT), px).into_font()).color(&INK)
}

pub fn bold(px: f64) -> TextStyle<'static> {
    TextStyle::from((FontFamily::Name(FONT), px, FontStyle::Bold).into_font()).color(&INK)
}

/// Text for a chart: control characters, which SVG (XML) cannot hold and a picture cannot
/// show, are left out.
pub fn clean(s: &str) -> std::borrow::Cow<'_, str> {
    if s.chars().any(char::is_control) {
        std::borrow::Cow::Owned(s.chars().filter(|c| !c.is_control()).collect())
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

/// Draws the title and subtitle at the top left and returns the area below them.
pub fn frame<DB: DrawingBackend>(
    root: &DrawingArea<DB, plotters::coord::Shift>,
    title: &str,
    subtitle: &str,
) -> Result<DrawingArea<DB, plotters::coord::Shift>, DrawingAreaErrorKind<DB::ErrorType>> {
    root.fill(&WHITE)?;
    root.draw_text(&clean(title), &bold(TITLE_PX), (60, 36))?;
    if !subtitle.is_empty() {
        // A subtitle wider than the canvas is set smaller, down to the 8 pt floor, rather
        // than cut at the edge.
        let text = clean(subtitle);
        let room = root.dim_in_pixel().0 as i32 - 100;
        let px = [SUBTITLE_PX, 26.0, SMALL_PX]
            .into_iter()
            .find(|px| width(root, &text, &font(*px)) <= room)
            .unwrap_or(SMALL_PX);
        root.draw_text(&text, &font(px).color(&MUTED_INK), (60, 98))?;
    }
    Ok(root.margin(150, 30, 40, 50))
}

/// A short note in the middle of an area, for a chart with nothing to show.
pub fn note<DB: DrawingBackend>(
    area: &DrawingArea<DB, plotters::coord::Shift>,
    text: &str,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let (w, h) = area.dim_in_pixel();
    let style = font(LABEL_PX)
        .color(&MUTED_INK)
        .pos(plotters::style::text_anchor::Pos::new(
            plotters::style::text_anchor::HPos::Center,
            plotters::style::text_anchor::VPos::Center,
        ));
    area.draw_text(&clean(text), &style, (w as i32 / 2, h as i32 / 2))
}

use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Text anchored at a pixel position of the whole canvas.
pub fn text<'a, DB: DrawingBackend>(
    root: &DrawingArea<DB, plotters::coord::Shift>,
    s: &str,
    style: &TextStyle<'a>,
    at: (i32, i32),
    h: HPos,
    v: VPos,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    root.draw_text(&clean(s), &style.clone().pos(Pos::new(h, v)), at)
}

/// Pixel width of a text in a style (for layout; 0 if it cannot be measured).
pub fn width<DB: DrawingBackend>(
    root: &DrawingArea<DB, plotters::coord::Shift>,
    s: &str,
    style: &TextStyle<'_>,
) -> i32 {
    root.estimate_text_size(s, style)
        .map_or(0, |(w, _)| w as i32)
}

/// A value for a chart label: `5.3`, `6.55`, `10.2`, `1,250`, `0`.
pub fn short(lang: crate::i18n::Lang, v: f64) -> String {
    let d = if v.abs() >= 100.0 {
        0
    } else if v.abs() >= 10.0 {
        1
    } else {
        2
    };
    let f = 10f64.powi(d);
    lang.trimmed((v * f).round() / f)
}

/// A light colour of the same hue, for fills.
pub fn tint(c: RGBColor, share: f64) -> RGBColor {
    let mix = |x: u8| (f64::from(x) * share + 255.0 * (1.0 - share)).round() as u8;
    RGBColor(mix(c.0), mix(c.1), mix(c.2))
}

/// A legend at the top right: swatches and labels, given left to right. `line` draws thin
/// swatches, for series that are lines.
pub fn legend<DB: DrawingBackend>(
    root: &DrawingArea<DB, plotters::coord::Shift>,
    items: &[(&str, RGBColor)],
    line: bool,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let (rw, _) = root.dim_in_pixel();
    let (y, half) = (62, if line { 4 } else { 13 });
    let style = font(if line { TICK_PX } else { LABEL_PX });
    let mut x = rw as i32 - 60;
    for (label, color) in items.iter().rev() {
        let tw = width(root, label, &style);
        text(root, label, &style, (x, y), HPos::Right, VPos::Center)?;
        x -= tw + 12;
        root.draw(&Rectangle::new(
            [(x - 26, y - half), (x, y + half)],
            color.filled(),
        ))?;
        x -= 50;
    }
    Ok(())
}

/// A key centred under the chart, `above` pixels over the bottom edge: swatches and labels
/// left to right (a long title leaves no room for one beside it).
pub fn key_below<DB: DrawingBackend>(
    root: &DrawingArea<DB, plotters::coord::Shift>,
    items: &[(&str, RGBColor)],
    above: i32,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let (rw, rh) = root.dim_in_pixel();
    let style = font(TICK_PX);
    let total: i32 = items
        .iter()
        .map(|(l, _)| width(root, l, &style) + 26 + 12 + 36)
        .sum();
    let mut x = (rw as i32 - total) / 2;
    let y = rh as i32 - above;
    for (label, c) in items {
        root.draw(&Rectangle::new([(x, y - 12), (x + 26, y + 12)], c.filled()))?;
        x += 26 + 12;
        text(root, label, &style, (x, y), HPos::Left, VPos::Center)?;
        x += width(root, label, &style) + 36;
    }
    Ok(())
}

/// A horizontal dashed line from `x0` to `x1` at `y`, as segments.
pub fn dashes(x0: f64, x1: f64, y: f64) -> impl Iterator<Item = Vec<(f64, f64)>> {
    let step = (x1 - x0) / 60.0;
    (0..60).step_by(2).map(move |i| {
        let a = x0 + step * f64::from(i);
        vec![(a, y), (a + step, y)]
    })
}

/// Decimals for a set of figures shown together: those `auto` gives the smallest of them
/// (0 from 100, 1 from 10, else 2), so one chart shows one precision.
pub fn decimals(values: &[f64]) -> usize {
    let least = values
        .iter()
        .map(|v| v.abs())
        .filter(|v| v.is_finite())
        .fold(f64::INFINITY, f64::min);
    if least >= 100.0 {
        0
    } else if least >= 10.0 {
        1
    } else {
        2
    }
}

/// Words of a text in lines no wider than `max` pixels (a single long word keeps its line).
pub fn wrap<DB: DrawingBackend>(
    root: &DrawingArea<DB, plotters::coord::Shift>,
    s: &str,
    style: &TextStyle<'_>,
    max: i32,
) -> Vec<String> {
    // A one-letter word (Polish "o", "w", "z") never ends a line: it goes with the next.
    let mut words: Vec<String> = Vec::new();
    for word in s.split(' ') {
        match words.last_mut() {
            Some(prev) if prev.chars().count() == 1 => {
                prev.push(' ');
                prev.push_str(word);
            }
            _ => words.push(word.to_string()),
        }
    }
    let mut lines: Vec<String> = Vec::new();
    for word in &words {
        match lines.last_mut() {
            Some(line) if width(root, &format!("{line} {word}"), style) <= max => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.clone()),
        }
    }
    lines
}

/// A rectangle in pixels of the whole canvas: left, top, right, bottom.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    pub l: i32,
    pub t: i32,
    pub r: i32,
    pub b: i32,
}

impl Rect {
    pub fn new(l: i32, t: i32, w: i32, h: i32) -> Rect {
        Rect {
            l,
            t,
            r: l + w,
            b: t + h,
        }
    }

    fn grown(self, by: i32) -> Rect {
        Rect {
            l: self.l - by,
            t: self.t - by,
            r: self.r + by,
            b: self.b + by,
        }
    }

    fn meets(self, o: Rect) -> bool {
        self.l < o.r && o.l < self.r && self.t < o.b && o.t < self.b
    }

    fn contains(self, (x, y): (f64, f64)) -> bool {
        x >= f64::from(self.l)
            && x <= f64::from(self.r)
            && y >= f64::from(self.t)
            && y <= f64::from(self.b)
    }

    /// Whether the segment a–b crosses the rectangle (Liang–Barsky clipping).
    fn crossed_by(self, a: (f64, f64), b: (f64, f64)) -> bool {
        if self.contains(a) || self.contains(b) {
            return true;
        }
        let (dx, dy) = (b.0 - a.0, b.1 - a.1);
        let (mut t0, mut t1) = (0.0_f64, 1.0_f64);
        for (p, q) in [
            (-dx, a.0 - f64::from(self.l)),
            (dx, f64::from(self.r) - a.0),
            (-dy, a.1 - f64::from(self.t)),
            (dy, f64::from(self.b) - a.1),
        ] {
            if p == 0.0 {
                if q < 0.0 {
                    return false;
                }
            } else {
                let t = q / p;
                if p < 0.0 {
                    t0 = t0.max(t);
                } else {
                    t1 = t1.min(t);
                }
                if t0 > t1 {
                    return false;
                }
            }
        }
        true
    }
}

/// What a chart has drawn, in canvas pixels, so a legend or a label can go where nothing is.
#[derive(Debug, Default)]
pub struct Occupied {
    segments: Vec<((f64, f64), (f64, f64))>,
    rects: Vec<Rect>,
}

impl Occupied {
    /// A line through these points.
    pub fn line(&mut self, points: &[(i32, i32)]) {
        for w in points.windows(2) {
            let p = |(x, y): (i32, i32)| (f64::from(x), f64::from(y));
            self.segments.push((p(w[0]), p(w[1])));
        }
    }

    /// A box (a marker, a text).
    pub fn rect(&mut self, r: Rect) {
        self.rects.push(r);
    }

    /// Nothing drawn within `pad` pixels of the rectangle.
    pub fn free(&self, r: Rect, pad: i32) -> bool {
        let g = r.grown(pad);
        !self.rects.iter().any(|o| o.meets(g))
            && !self.segments.iter().any(|&(a, b)| g.crossed_by(a, b))
    }

    /// A free place for a `w`×`h` box inside `within`, as near its bottom-right corner as
    /// possible (where an ECDF or a rising line leaves room); None if there is none.
    pub fn place(&self, within: Rect, w: i32, h: i32, pad: i32) -> Option<Rect> {
        let step = 8;
        let mut best: Option<(i32, Rect)> = None;
        let mut y = within.b - h;
        while y >= within.t {
            let mut x = within.r - w;
            while x >= within.l {
                let r = Rect::new(x, y, w, h);
                let cost = (within.r - r.r) + (within.b - r.b);
                if best.is_none_or(|(c, _)| cost < c) && self.free(r, pad) {
                    best = Some((cost, r));
                }
                x -= step;
            }
            y -= step;
        }
        best.map(|(_, r)| r)
    }
}

/// A chart on a plane of two continuous axes, as every roi chart draws on.
pub type Plane<'a, DB> = ChartContext<
    'a,
    DB,
    Cartesian2d<plotters::coord::types::RangedCoordf64, plotters::coord::types::RangedCoordf64>,
>;

/// Draws the money axis of a horizontal bar chart (savings by segment, levers against their
/// promise, the tornado): six ticks in the unit of `big`, spread over `span`, light
/// vertical grid lines, no horizontal ones; the names stand on the left.
pub fn money_axis<DB: DrawingBackend>(
    chart: &mut Plane<DB>,
    lang: crate::i18n::Lang,
    currency: &str,
    big: f64,
    span: f64,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    chart
        .configure_mesh()
        .disable_y_mesh()
        .y_labels(0)
        .bold_line_style(GRID.stroke_width(1))
        .light_line_style(TRANSPARENT)
        .x_labels(6)
        .label_style(font(TICK_PX))
        .x_label_formatter(&|v| lang.money_chart(*v, currency, big, span))
        .draw()
}

/// The width of the widest of `labels` in `style`, kept within `least..=most` pixels.
pub fn label_width<'s, DB: DrawingBackend>(
    root: &DrawingArea<DB, plotters::coord::Shift>,
    labels: impl IntoIterator<Item = &'s str>,
    style: &TextStyle,
    least: i32,
    most: i32,
) -> i32 {
    labels
        .into_iter()
        .map(|l| width(root, l, style))
        .max()
        .unwrap_or(least)
        .clamp(least, most)
}
