//! A bitmap backend that draws text itself. plotters 0.3.7's ab_glyph renderer drops each
//! glyph's left side bearing, so letters sit unevenly ("mon th"); this wrapper lays the
//! embedded font out with ab_glyph directly (bearings and kerning included) and delegates
//! everything else to `BitMapBackend`.

use ab_glyph::{Font, FontRef, PxScale, ScaleFont, point};
use plotters::prelude::*;
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingErrorKind, FontStyle,
    text_anchor::{HPos, VPos},
};
use std::sync::OnceLock;

struct Faces {
    regular: FontRef<'static>,
    bold: FontRef<'static>,
}

fn faces() -> Option<&'static Faces> {
    static FACES: OnceLock<Option<Faces>> = OnceLock::new();
    FACES
        .get_or_init(|| {
            Some(Faces {
                regular: FontRef::try_from_slice(super::theme::REGULAR).ok()?,
                bold: FontRef::try_from_slice(super::theme::BOLD).ok()?,
            })
        })
        .as_ref()
}

/// The font of a style, or None if the embedded fonts failed to load.
fn face(style: FontStyle) -> Option<&'static FontRef<'static>> {
    let f = faces()?;
    Some(match style {
        FontStyle::Bold => &f.bold,
        _ => &f.regular,
    })
}

/// Width and height (ascent + descent) of a line of text, in pixels.
fn measure(font: &FontRef<'static>, size: f32, text: &str) -> (f32, f32) {
    let scaled = font.as_scaled(PxScale::from(size));
    let mut width = 0.0;
    let mut prev = None;
    for c in text.chars() {
        let id = scaled.glyph_id(c);
        if let Some(p) = prev {
            width += scaled.kern(p, id);
        }
        width += scaled.h_advance(id);
        prev = Some(id);
    }
    (width, scaled.ascent() - scaled.descent())
}

/// How a text sits on its anchor point, in pixels: the pen's start (x) and the baseline (y)
/// relative to the anchor, the em size (the font size a viewer of an SVG needs), and whether
/// the bold face is used. None if the embedded fonts failed to load.
pub struct Placed {
    pub x: f32,
    pub baseline: f32,
    pub em: f32,
    pub bold: bool,
}

pub fn place<T: BackendTextStyle>(text: &str, style: &T) -> Option<Placed> {
    let bold = matches!(style.style(), FontStyle::Bold);
    let font = face(style.style())?;
    let size = style.size() as f32;
    let (width, height) = measure(font, size, text);
    let scaled = font.as_scaled(PxScale::from(size));
    let x = match style.anchor().h_pos {
        HPos::Left => 0.0,
        HPos::Right => -width,
        HPos::Center => -width / 2.0,
    };
    let dy = match style.anchor().v_pos {
        VPos::Top => 0.0,
        VPos::Center => -height / 2.0,
        VPos::Bottom => -height,
    };
    let em = size * font.units_per_em().unwrap_or(2048.0) / font.height_unscaled();
    Some(Placed {
        x,
        baseline: dy + scaled.ascent(),
        em,
        bold,
    })
}

/// Width and height of a text in a style, in whole pixels; None without the embedded fonts.
pub fn measure_text<T: BackendTextStyle>(text: &str, style: &T) -> Option<(u32, u32)> {
    let font = face(style.style())?;
    let (w, h) = measure(font, style.size() as f32, text);
    Some((w.ceil() as u32, h.ceil() as u32))
}

/// How a backend draws one text with the embedded font, laid out by [`place`].
pub trait Lettering<B: DrawingBackend> {
    fn draw_text<T: BackendTextStyle>(
        &mut self,
        inner: &mut B,
        text: &str,
        style: &T,
        pos: BackendCoord,
    ) -> Result<(), DrawingErrorKind<B::ErrorType>>;
}

/// A plotters backend whose texts are measured and drawn with the embedded font; every
/// other drawing goes to `inner` as it is.
pub struct Lettered<B, L> {
    inner: B,
    lettering: L,
}

impl<B, L> Lettered<B, L> {
    pub fn new(inner: B, lettering: L) -> Self {
        Lettered { inner, lettering }
    }
}

/// Texts drawn as the glyphs' own pixels, for a bitmap.
pub struct Pixels;

/// The bitmap backend of the PNG charts.
pub type GlyphBitmap<'a> = Lettered<BitMapBackend<'a>, Pixels>;

impl<'a> GlyphBitmap<'a> {
    pub fn bitmap(inner: BitMapBackend<'a>) -> Self {
        Lettered::new(inner, Pixels)
    }
}

impl Lettering<BitMapBackend<'_>> for Pixels {
    fn draw_text<T: BackendTextStyle>(
        &mut self,
        inner: &mut BitMapBackend<'_>,
        text: &str,
        style: &T,
        pos: BackendCoord,
    ) -> Result<(), DrawingErrorKind<<BitMapBackend<'static> as DrawingBackend>::ErrorType>> {
        let color = style.color();
        let Some(font) = face(style.style()) else {
            return inner.draw_text(text, style, pos);
        };
        let size = style.size() as f32;
        let scaled = font.as_scaled(PxScale::from(size));
        let Some(Placed {
            x: dx, baseline, ..
        }) = place(text, style)
        else {
            return inner.draw_text(text, style, pos);
        };
        let transform = style.transform();
        let (w, h) = inner.get_size();
        let mut pen = dx;
        let mut prev = None;
        let mut pixels = Vec::new();
        for c in text.chars() {
            let id = scaled.glyph_id(c);
            if let Some(p) = prev {
                pen += scaled.kern(p, id);
            }
            prev = Some(id);
            let glyph = id.with_scale_and_position(PxScale::from(size), point(pen, baseline));
            if let Some(outline) = font.outline_glyph(glyph) {
                let b = outline.px_bounds();
                outline.draw(|x, y, coverage| {
                    let gx = b.min.x as i32 + x as i32;
                    let gy = b.min.y as i32 + y as i32;
                    pixels.push((gx, gy, coverage));
                });
            }
            pen += scaled.h_advance(id);
        }
        for (x, y, coverage) in pixels {
            let (x, y) = transform.transform(x, y);
            let (x, y) = (pos.0 + x, pos.1 + y);
            if x >= 0 && y >= 0 && (x as u32) < w && (y as u32) < h && coverage > 0.0 {
                let c = BackendColor {
                    alpha: color.alpha * f64::from(coverage.min(1.0)),
                    rgb: color.rgb,
                };
                inner.draw_pixel((x, y), c)?;
            }
        }
        Ok(())
    }
}

type Err<B> = DrawingErrorKind<<B as DrawingBackend>::ErrorType>;

impl<B: DrawingBackend, L: Lettering<B>> DrawingBackend for Lettered<B, L> {
    type ErrorType = B::ErrorType;

    fn get_size(&self) -> (u32, u32) {
        self.inner.get_size()
    }

    fn ensure_prepared(&mut self) -> Result<(), Err<B>> {
        self.inner.ensure_prepared()
    }

    fn present(&mut self) -> Result<(), Err<B>> {
        self.inner.present()
    }

    fn draw_pixel(&mut self, point: BackendCoord, color: BackendColor) -> Result<(), Err<B>> {
        self.inner.draw_pixel(point, color)
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Result<(), Err<B>> {
        self.inner.draw_line(from, to, style)
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        ul: BackendCoord,
        br: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result<(), Err<B>> {
        self.inner.draw_rect(ul, br, style, fill)
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result<(), Err<B>> {
        self.inner.draw_path(path, style)
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Result<(), Err<B>> {
        self.inner.draw_circle(center, radius, style, fill)
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> Result<(), Err<B>> {
        self.inner.fill_polygon(vert, style)
    }

    fn blit_bitmap(
        &mut self,
        pos: BackendCoord,
        size: (u32, u32),
        src: &[u8],
    ) -> Result<(), Err<B>> {
        self.inner.blit_bitmap(pos, size, src)
    }

    /// The embedded font's measure, so the PNG and the SVG are laid out alike.
    fn estimate_text_size<TStyle: BackendTextStyle>(
        &self,
        text: &str,
        style: &TStyle,
    ) -> Result<(u32, u32), Err<B>> {
        match measure_text(text, style) {
            Some(size) => Ok(size),
            None => self.inner.estimate_text_size(text, style),
        }
    }

    fn draw_text<TStyle: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &TStyle,
        pos: BackendCoord,
    ) -> Result<(), Err<B>> {
        if style.color().alpha == 0.0 {
            return Ok(());
        }
        self.lettering.draw_text(&mut self.inner, text, style, pos)
    }
}
