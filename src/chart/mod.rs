//! Slide-ready charts drawn from the finished Report: one file per chart, a shared theme.
//! PNG through an RGB buffer encoded by `png` (no `image` crate); SVG on request.
//! Byte-identical for the same input: no hash maps, no timestamps, a fixed encoder.

mod cashflow;
mod distribution;
mod glyphs;
mod kpi;
pub mod theme;
mod tornado;
mod trend;
mod waterfall;

use crate::error::RoiError;
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
}

impl Chart {
    /// The file name without extension.
    pub fn stem(&self) -> String {
        match self {
            Chart::Kpi => "kpi_comparison".into(),
            Chart::Distribution(m) => format!("distribution_{m}"),
            Chart::Waterfall => "savings_waterfall".into(),
            Chart::CashFlow => "cash_flow".into(),
            Chart::Tornado => "sensitivity_tornado".into(),
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

/// The charts this report can show, and the ones it cannot with the reason.
pub fn plan(report: &Report) -> (Vec<Chart>, Vec<Omitted>) {
    let cw = report.lang.chart();
    let mut charts = Vec::new();
    let mut omitted = Vec::new();
    let mut skip = |c: Chart, reason| {
        omitted.push(Omitted {
            name: format!("{}.png", c.stem()),
            reason,
        })
    };
    if kpi::panels(report).is_empty() {
        skip(Chart::Kpi, cw.omit_kpi);
    } else {
        charts.push(Chart::Kpi);
    }
    for m in ["cycle_time", "response_time"] {
        if distribution::available(report, m) {
            charts.push(Chart::Distribution(m.to_string()));
        } else if report.metrics.contains_key(m) {
            skip(Chart::Distribution(m.to_string()), cw.omit_distribution);
        }
    }
    charts.push(Chart::Waterfall);
    charts.push(Chart::CashFlow);
    if report.sensitivity.is_empty() {
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

fn draw<DB: DrawingBackend>(
    chart: &Chart,
    root: &DrawingArea<DB, Shift>,
    report: &Report,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    match chart {
        Chart::Kpi => kpi::draw(root, report),
        Chart::Distribution(m) => distribution::draw(root, report, m),
        Chart::Waterfall => waterfall::draw(root, report),
        Chart::CashFlow => cashflow::draw(root, report),
        Chart::Tornado => tornado::draw(root, report),
        Chart::Trend => trend::draw(root, report),
    }
}

fn chart_err(chart: &Chart, e: impl std::fmt::Display) -> RoiError {
    RoiError::Chart {
        name: chart.stem(),
        message: e.to_string(),
    }
}

/// Draws one chart as PNG bytes.
pub fn png(chart: &Chart, report: &Report) -> Result<Vec<u8>, RoiError> {
    let (w, h) = theme::SIZE;
    let mut rgb = vec![0u8; (w * h * 3) as usize];
    {
        let root = glyphs::GlyphBitmap::new(BitMapBackend::with_buffer(&mut rgb, (w, h)))
            .into_drawing_area();
        draw(chart, &root, report).map_err(|e| chart_err(chart, e))?;
        root.present().map_err(|e| chart_err(chart, e))?;
    }
    let mut out = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut out, w, h);
        enc.set_color(png::ColorType::Rgb);
        enc.set_depth(png::BitDepth::Eight);
        let mut writer = enc.write_header().map_err(|e| chart_err(chart, e))?;
        writer
            .write_image_data(&rgb)
            .map_err(|e| chart_err(chart, e))?;
    }
    Ok(out)
}

/// Draws one chart as SVG text.
pub fn svg(chart: &Chart, report: &Report) -> Result<Vec<u8>, RoiError> {
    let mut s = String::new();
    {
        let root = SVGBackend::with_string(&mut s, theme::SIZE).into_drawing_area();
        draw(chart, &root, report).map_err(|e| chart_err(chart, e))?;
        root.present().map_err(|e| chart_err(chart, e))?;
    }
    Ok(s.into_bytes())
}

/// Every chart the report allows, as `(file name, bytes)`, plus the ones left out.
pub fn render(report: &Report, with_svg: bool) -> Result<(Vec<File>, Vec<Omitted>), RoiError> {
    if !theme::register() {
        return Err(RoiError::Chart {
            name: "font".into(),
            message: "the embedded font could not be loaded".into(),
        });
    }
    let (charts, omitted) = plan(report);
    let mut files = Vec::new();
    for c in &charts {
        files.push((format!("{}.png", c.stem()), png(c, report)?));
        if with_svg {
            files.push((format!("{}.svg", c.stem()), svg(c, report)?));
        }
    }
    Ok((files, omitted))
}
