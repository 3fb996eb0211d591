//! Slide-ready charts drawn from the finished Report alone (everything they draw is in it),
//! labelled in the chosen language: one file per chart, a shared theme.
//! PNG through an RGB buffer encoded by `png` (no `image` crate); SVG on request.
//! Byte-identical for the same input: no hash maps, no timestamps, a fixed encoder.

mod cashflow;
mod distribution;
mod glyphs;
mod kpi;
mod npv_distribution;
mod plot;
mod segments;
mod subset;
mod svg;
pub mod theme;
mod tornado;
pub mod tracking;
mod trend;
mod waterfall;

pub use plot::{Drawn, File, Omitted, Plot, draw_all, png, svg};

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
    /// The NPV's distribution, from the levers' noise (with `report.probability`).
    NpvDistribution,
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
            Chart::Kpi if report.projected => p.chart_kpi_title_projected.into(),
            Chart::Kpi => p.chart_kpi_title.into(),
            Chart::Distribution(m) => distribution::title(report, lang, m),
            Chart::Waterfall => waterfall::title(report, lang).into(),
            Chart::CashFlow => p.chart_cash_title.into(),
            Chart::NpvDistribution => p.chart_npv_title.into(),
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
            Chart::NpvDistribution => "npv_distribution".into(),
            Chart::Tornado => "sensitivity_tornado".into(),
            Chart::Segments => "savings_by_segment".into(),
            Chart::Trend => "weekly_trend".into(),
        }
    }
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
    if cashflow::available(report) {
        charts.push(Chart::CashFlow);
    } else {
        skip(Chart::CashFlow, cw.omit_cash_flow);
    }
    if npv_distribution::available(report) {
        charts.push(Chart::NpvDistribution);
    } else {
        skip(Chart::NpvDistribution, cw.omit_npv_distribution);
    }
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
            Chart::NpvDistribution => npv_distribution::draw(root, report, lang),
            Chart::Tornado => tornado::draw(root, report, lang),
            Chart::Segments => segments::draw(root, report, lang),
            Chart::Trend => trend::draw(root, report, lang),
        }
    }
}

/// The charts a report will have, known before any is drawn: the document can name them
/// while they are drawn.
pub struct Planned<'a> {
    plots: Vec<OfCase<'a>>,
    omitted: Vec<Omitted>,
    /// Each chart's file and title, as [`Drawn::refs`] will have them.
    pub refs: Vec<ChartRef>,
}

/// The charts the report allows, in a language, and the ones left out.
pub fn planned(report: &Report, lang: Lang) -> Planned<'_> {
    let (charts, omitted) = plan(report, lang);
    let plots: Vec<OfCase> = charts
        .into_iter()
        .map(|chart| OfCase { chart, report })
        .collect();
    let refs = plots
        .iter()
        .map(|c| ChartRef {
            file: format!("{}.png", c.stem()),
            title: c.title(lang),
        })
        .collect();
    Planned {
        plots,
        omitted,
        refs,
    }
}

impl Planned<'_> {
    /// Draws the charts planned.
    pub fn draw(self, lang: Lang, with_svg: bool) -> Result<Drawn, RoiError> {
        let mut drawn = draw_all(&self.plots, lang, with_svg)?;
        drawn.omitted = self.omitted;
        Ok(drawn)
    }
}
