//! What every chart shares: the [`Plot`] trait a chart implements, and drawing any set of
//! them into PNG (through an RGB buffer encoded by `png`) and SVG, in parallel, in order.

use super::glyphs::GlyphBitmap;
use super::svg::{GlyphSvg, Texts, finish};
use super::theme;
use crate::document::ChartRef;
use crate::error::RoiError;
use crate::i18n::Lang;
use plotters::coord::Shift;
use plotters::prelude::*;

/// A file to write: its name and bytes.
pub type File = (String, Vec<u8>);

/// A chart that was left out, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Omitted {
    pub name: String,
    pub reason: &'static str,
}

/// The charts of a report: the files, the ones left out, and what the document shows.
#[derive(Debug, Clone, Default)]
pub struct Drawn {
    pub files: Vec<File>,
    pub omitted: Vec<Omitted>,
    pub refs: Vec<ChartRef>,
}

/// A chart drawn from the data behind it, in a language: one file per chart kind.
pub trait Plot: Sync {
    /// The file name without extension.
    fn stem(&self) -> String;
    /// The chart's title, for its alternative text.
    fn title(&self, lang: Lang) -> String;
    fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        lang: Lang,
    ) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>>;
}

pub(super) fn chart_err(stem: String, e: impl std::fmt::Display) -> RoiError {
    RoiError::Chart {
        name: stem,
        message: e.to_string(),
    }
}

/// Draws one chart as PNG bytes.
pub fn png<P: Plot>(plot: &P, lang: Lang) -> Result<Vec<u8>, RoiError> {
    let (w, h) = theme::SIZE;
    let mut rgb = vec![0u8; (w * h * 3) as usize];
    {
        let root =
            GlyphBitmap::bitmap(BitMapBackend::with_buffer(&mut rgb, (w, h))).into_drawing_area();
        plot.draw(&root, lang)
            .map_err(|e| chart_err(plot.stem(), e))?;
        root.present().map_err(|e| chart_err(plot.stem(), e))?;
    }
    encode_png(&rgb, w, h).map_err(|e| chart_err(plot.stem(), e))
}

/// An RGB buffer of `w` × `h` pixels as PNG bytes.
pub(super) fn encode_png(rgb: &[u8], w: u32, h: u32) -> Result<Vec<u8>, png::EncodingError> {
    let mut out = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut out, w, h);
        enc.set_color(png::ColorType::Rgb);
        enc.set_depth(png::BitDepth::Eight);
        // Charts are flat colours and text: zlib's level 2 without row filters makes files a
        // little smaller than the default (level 6, adaptive filters) in a third of the time.
        enc.set_deflate_compression(png::DeflateCompression::Level(2));
        enc.set_filter(png::Filter::NoFilter);
        enc.write_header()?.write_image_data(rgb)?;
    }
    Ok(out)
}

/// Draws one chart as SVG text, its font embedded (the glyphs it uses).
pub fn svg<P: Plot>(plot: &P, lang: Lang) -> Result<Vec<u8>, RoiError> {
    let mut s = String::new();
    let texts = std::rc::Rc::new(std::cell::RefCell::new(Texts::default()));
    {
        let root = GlyphSvg::svg(SVGBackend::with_string(&mut s, theme::SIZE), texts.clone())
            .into_drawing_area();
        plot.draw(&root, lang)
            .map_err(|e| chart_err(plot.stem(), e))?;
        root.present().map_err(|e| chart_err(plot.stem(), e))?;
    }
    let texts = texts.borrow();
    Ok(finish(&s, &texts).into_bytes())
}

/// Draws `plots` in a language: PNG, and SVG when asked.
pub fn draw_all<P: Plot>(plots: &[P], lang: Lang, with_svg: bool) -> Result<Drawn, RoiError> {
    if !theme::register() {
        return Err(RoiError::Font);
    }
    // Each chart drawn and encoded on its own; as many at once as there are cores, the
    // files kept in the plan's order.
    type Files = Vec<(String, Vec<u8>)>;
    let one = |c: &P| -> Result<Files, RoiError> {
        let mut out = vec![(format!("{}.png", c.stem()), png(c, lang)?)];
        if with_svg {
            out.push((format!("{}.svg", c.stem()), svg(c, lang)?));
        }
        Ok(out)
    };
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(plots.len());
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut drawn: Vec<Option<Result<Files, RoiError>>> = (0..plots.len()).map(|_| None).collect();
    std::thread::scope(|s| {
        let work = || {
            let mut mine = Vec::new();
            loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let Some(c) = plots.get(i) else {
                    return mine;
                };
                mine.push((i, one(c)));
            }
        };
        let handles: Vec<_> = (1..workers).map(|_| s.spawn(work)).collect();
        let mut all = work();
        for h in handles {
            // A chart that panicked is reported below as not drawn.
            all.extend(h.join().unwrap_or_default());
        }
        for (i, r) in all {
            drawn[i] = Some(r);
        }
    });
    let mut files = Vec::new();
    let mut refs = Vec::new();
    for (c, d) in plots.iter().zip(drawn) {
        let d = d.unwrap_or_else(|| Err(chart_err(c.stem(), "drawing failed unexpectedly")))?;
        refs.push(ChartRef {
            file: d[0].0.clone(),
            title: c.title(lang),
        });
        files.extend(d);
    }
    Ok(Drawn {
        files,
        omitted: Vec::new(),
        refs,
    })
}
