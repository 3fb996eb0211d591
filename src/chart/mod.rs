//! Slide-ready charts drawn from the finished Report alone (everything they draw is in it),
//! labelled in the chosen language: one file per chart, a shared theme.
//! PNG through an RGB buffer encoded by `png` (no `image` crate); SVG on request.
//! Byte-identical for the same input: no hash maps, no timestamps, a fixed encoder.

mod cashflow;
mod distribution;
mod glyphs;
mod kpi;
mod segments;
mod subset;
mod svg;
pub mod theme;
mod tornado;
pub mod tracking;
mod trend;
mod waterfall;

use crate::document::ChartRef;
use crate::error::RoiError;
use crate::i18n::Lang;
use crate::metric::{Role, builtin_with_role};
use crate::report::Report;
use plotters::coord::Shift;
use plotters::prelude::*;

/// One chart roi can draw.
#[derive(Debug, Clone, PartialEq)]
pub enum Chart {
    Kpi,
    /// ECDF of a case-duration metric, by name.
    Distribution(String),
    Waterfall,
    CashFlow,
    Tornado,
    Trend,
    /// With `--by`: savings by segment, stacked by lever.
    Segments,
}

impl Chart {
    /// The chart's title in a language, for its alternative text.
    pub fn title(&self, report: &Report, lang: Lang) -> String {
        let p = &lang.cat().p;
        match self {
            Chart::Kpi => p.chart_kpi_title.into(),
            Chart::Distribution(m) => distribution::title(report, lang, m),
            Chart::Waterfall => waterfall::title(report, lang).into(),
            Chart::CashFlow => p.chart_cash_title.into(),
            Chart::Tornado => p.chart_tornado_title.into(),
            Chart::Segments => crate::i18n::fill(
                p.chart_segments_title,
                &[(
                    "by",
                    report.breakdown.as_ref().map_or("", |b| b.by.as_str()),
                )],
            ),
            Chart::Trend => p.chart_trend_title.into(),
        }
    }

    /// The file name without extension.
    pub fn stem(&self) -> String {
        match self {
            Chart::Kpi => "kpi_comparison".into(),
            Chart::Distribution(m) => format!("distribution_{m}"),
            Chart::Waterfall => "savings_waterfall".into(),
            Chart::CashFlow => "cash_flow".into(),
            Chart::Tornado => "sensitivity_tornado".into(),
            Chart::Segments => "savings_by_segment".into(),
            Chart::Trend => "weekly_trend".into(),
        }
    }
}

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

/// The charts this report can show, and the ones it cannot with the reason.
pub fn plan(report: &Report, lang: Lang) -> (Vec<Chart>, Vec<Omitted>) {
    let cw = &lang.cat().p;
    let mut charts = Vec::new();
    let mut omitted = Vec::new();
    let mut skip = |c: Chart, reason| {
        omitted.push(Omitted {
            name: format!("{}.png", c.stem()),
            reason,
        })
    };
    if kpi::panels(report, lang).is_empty() {
        skip(Chart::Kpi, cw.omit_kpi);
    } else {
        charts.push(Chart::Kpi);
    }
    for m in [Role::Cycle, Role::FirstResponse]
        .into_iter()
        .filter_map(builtin_with_role)
        .map(|b| b.name)
    {
        if distribution::available(report, m) {
            charts.push(Chart::Distribution(m.to_string()));
        } else if report.metrics.contains_key(m) {
            skip(Chart::Distribution(m.to_string()), cw.omit_distribution);
        }
    }
    charts.push(Chart::Waterfall);
    if segments::available(report) {
        charts.push(Chart::Segments);
    }
    charts.push(Chart::CashFlow);
    if !report.finance.has_investment() {
        skip(Chart::Tornado, cw.omit_tornado_no_investment);
    } else if report.sensitivity.is_empty() {
        skip(Chart::Tornado, cw.omit_tornado);
    } else {
        charts.push(Chart::Tornado);
    }
    if trend::available(report) {
        charts.push(Chart::Trend);
    } else {
        skip(Chart::Trend, cw.omit_trend);
    }
    (charts, omitted)
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

/// A chart of a case: which one, and the report it is drawn from.
pub struct OfCase<'a> {
    pub chart: Chart,
    pub report: &'a Report,
}

impl Plot for OfCase<'_> {
    fn stem(&self) -> String {
        self.chart.stem()
    }

    fn title(&self, lang: Lang) -> String {
        self.chart.title(self.report, lang)
    }

    fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        lang: Lang,
    ) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
        let report = self.report;
        match &self.chart {
            Chart::Kpi => kpi::draw(root, report, lang),
            Chart::Distribution(m) => distribution::draw(root, report, lang, m),
            Chart::Waterfall => waterfall::draw(root, report, lang),
            Chart::CashFlow => cashflow::draw(root, report, lang),
            Chart::Tornado => tornado::draw(root, report, lang),
            Chart::Segments => segments::draw(root, report, lang),
            Chart::Trend => trend::draw(root, report, lang),
        }
    }
}

fn chart_err(stem: String, e: impl std::fmt::Display) -> RoiError {
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
        let root = glyphs::GlyphBitmap::new(BitMapBackend::with_buffer(&mut rgb, (w, h)))
            .into_drawing_area();
        plot.draw(&root, lang)
            .map_err(|e| chart_err(plot.stem(), e))?;
        root.present().map_err(|e| chart_err(plot.stem(), e))?;
    }
    encode_png(&rgb, w, h).map_err(|e| chart_err(plot.stem(), e))
}

/// An RGB buffer of `w` × `h` pixels as PNG bytes.
fn encode_png(rgb: &[u8], w: u32, h: u32) -> Result<Vec<u8>, png::EncodingError> {
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
    let texts = std::rc::Rc::new(std::cell::RefCell::new(svg::Texts::default()));
    {
        let root = svg::GlyphSvg::new(SVGBackend::with_string(&mut s, theme::SIZE), texts.clone())
            .into_drawing_area();
        plot.draw(&root, lang)
            .map_err(|e| chart_err(plot.stem(), e))?;
        root.present().map_err(|e| chart_err(plot.stem(), e))?;
    }
    let texts = texts.borrow();
    Ok(svg::finish(&s, &texts).into_bytes())
}

/// Every chart the report allows, in a language, plus the ones left out.
pub fn render(report: &Report, lang: Lang, with_svg: bool) -> Result<Drawn, RoiError> {
    let (charts, omitted) = plan(report, lang);
    let plots: Vec<OfCase> = charts
        .into_iter()
        .map(|chart| OfCase { chart, report })
        .collect();
    let mut drawn = draw_all(&plots, lang, with_svg)?;
    drawn.omitted = omitted;
    Ok(drawn)
}

/// Draws `plots` in a language: PNG, and SVG when asked.
pub fn draw_all<P: Plot>(plots: &[P], lang: Lang, with_svg: bool) -> Result<Drawn, RoiError> {
    if !theme::register() {
        return Err(RoiError::Chart {
            name: "font".into(),
            message: "the embedded font could not be loaded".into(),
        });
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
