//! The document of `roi track`: a section per month (its levers against their promise, the
//! plan's risk-adjusted benefit, what to check about the month), then the verdict.

use super::model::{
    Block, Cell, ChartRef, Column, Document, Figure, Para, Row, Section, SectionId, Table,
};
use crate::i18n::{Lang, capitalize, fill};
use crate::money::Money;
use crate::report::track::{LeverMonth, Month, Track, Verdict};

/// A verdict in words.
pub fn verdict_word(lang: Lang, v: Verdict) -> &'static str {
    let p = &lang.cat().p;
    match v {
        Verdict::OnTrack => p.verdict_on_track,
        Verdict::Ahead => p.verdict_ahead,
        Verdict::Behind => p.verdict_behind,
        Verdict::TooEarly => p.verdict_too_early,
    }
}

/// A lever's name for people, capitalised: the metric's words, a custom metric's label in
/// this language (the case's `labels`), or its key.
pub fn lever_word(lang: Lang, lever: &str, l: &LeverMonth) -> String {
    let word = super::words::builtin_lever_word(lang, lever)
        .map(str::to_string)
        .or_else(|| l.labels.get(lang.code()).cloned())
        .unwrap_or_else(|| lever.replace('_', " "));
    capitalize(&word)
}

/// The tracking's title: `Tracking the case: 2 months after go-live`.
pub fn title(t: &Track, lang: Lang) -> String {
    let n = t.months.len().to_string();
    fill(
        lang.cat().p.track_title,
        &[("n", &n), ("months_word", lang.cat().nouns.month.form(&n))],
    )
}

/// A month's heading: its plan month, its days, and too few cases when it has them.
fn month_line(m: &Month, lang: Lang) -> String {
    let p = &lang.cat().p;
    let mut s = fill(
        p.track_month,
        &[
            ("month", &m.month),
            ("plan_month", &m.plan_month.to_string()),
            ("days", &m.days.to_string()),
        ],
    );
    if m.few_cases {
        let cases = m.cases.unwrap_or(0).to_string();
        s.push_str(&format!(
            " ({})",
            fill(p.track_few_cases, &[("cases", &cases)])
        ));
    }
    s
}

/// The headings of a month's table, and of the workbook's: lever, realised, promised, gap,
/// 95% range, verdict.
pub fn headings(lang: Lang) -> [&'static str; 6] {
    let p = &lang.cat().p;
    [
        p.track_col_lever,
        p.track_col_realised,
        p.track_col_promised,
        p.track_col_gap,
        p.track_col_range,
        p.track_col_verdict,
    ]
}

/// Each lever of a month, then the total: (its name, its figures).
pub fn entries(m: &Month, lang: Lang) -> Vec<(String, &LeverMonth)> {
    let mut out: Vec<(String, &LeverMonth)> = m
        .levers
        .iter()
        .map(|(n, l)| (lever_word(lang, n, l), l))
        .collect();
    out.push((lang.cat().p.track_total.to_string(), &m.total));
    out
}

fn table(m: &Month, lang: Lang) -> Table {
    let columns = headings(lang)
        .iter()
        .enumerate()
        .map(|(i, h)| Column {
            heading: h.to_string(),
            numeric: (1..5).contains(&i),
        })
        .collect();
    let rows = entries(m, lang)
        .into_iter()
        .map(|(name, l)| Row {
            cells: vec![
                Cell::Text(name),
                Cell::Money(l.realised.0),
                Cell::Money(l.promised.0),
                Cell::Money(l.gap.0),
                l.ci95
                    .map_or(Cell::Text("—".into()), |[lo, hi]: [Money; 2]| {
                        Cell::MoneyRange(lo.0, hi.0)
                    }),
                Cell::Text(verdict_word(lang, l.verdict).to_string()),
            ],
            strong: false,
        })
        .collect();
    Table { columns, rows }
}

fn month(t: &Track, m: &Month, lang: Lang) -> Section {
    let plan = fill(
        lang.cat().p.track_plan_adjusted,
        &[(
            "amount",
            &lang.money(m.promised_risk_adjusted.0, &t.currency),
        )],
    );
    let mut blocks = vec![
        Block::Table(table(m, lang)),
        Block::Paragraphs(vec![Para {
            lead: None,
            text: plan,
        }]),
    ];
    if !m.warnings.is_empty() {
        blocks.push(Block::Warnings(
            m.warnings
                .iter()
                .map(|w| super::warnings::warning(None, lang, w))
                .collect(),
        ));
    }
    Section {
        id: SectionId::TrackMonth,
        heading: month_line(m, lang),
        blocks,
    }
}

/// A lever's realised change against its promised one, in the metric's own words: "15
/// fewer a month against 30 promised", "no change yet after 3 months".
fn lever_line(t: &Track, name: &str, l: &LeverMonth, lang: Lang) -> String {
    let p = &lang.cat().p;
    let cur = &t.currency;
    let lever = lever_word(lang, name, l);
    let verdict = verdict_word(lang, l.verdict);
    match l.change {
        Some(c) if c.realised.abs() < 1e-9 || l.realised.0.is_zero() => {
            let n = t.months.len().to_string();
            fill(
                p.track_no_change,
                &[
                    ("lever", &lever),
                    ("months", &n),
                    ("months_word", lang.cat().nouns.month.form(&n)),
                    ("promised", &lang.money(l.promised.0, cur)),
                    ("verdict", verdict),
                ],
            )
        }
        Some(c) => {
            let words = |v: f64| {
                let (less, more) = if c.duration {
                    (p.track_faster, p.track_slower)
                } else {
                    (p.track_fewer, p.track_more)
                };
                let amount = if !c.duration && c.unit == crate::metric::Unit::Count {
                    lang.quantity(v.abs().round())
                } else {
                    lang.duration(v.abs(), c.unit)
                };
                fill(if v <= 0.0 { less } else { more }, &[("n", &amount)])
            };
            fill(
                if c.duration {
                    p.track_duration_line
                } else {
                    p.track_metric_line
                },
                &[
                    ("lever", &lever),
                    ("realised", &words(c.realised)),
                    ("promised", &words(c.promised)),
                    ("money", &lang.money(l.realised.0, cur)),
                    ("verdict", verdict),
                ],
            )
        }
        None => fill(
            p.track_verdict_line,
            &[
                ("lever", &lever),
                ("realised", &lang.money(l.realised.0, cur)),
                ("promised", &lang.money(l.promised.0, cur)),
                ("verdict", verdict),
            ],
        ),
    }
}

/// The verdict: cumulative cash, each lever of the latest month, the payback.
fn closing(t: &Track, lang: Lang) -> Vec<String> {
    let p = &lang.cat().p;
    let cur = &t.currency;
    let mut out = Vec::new();
    if let Some(last) = t.months.last() {
        out.push(fill(
            p.track_cumulative,
            &[
                ("realised", &lang.money(last.cumulative.realised.0, cur)),
                ("promised", &lang.money(last.cumulative.promised.0, cur)),
                ("gross", &lang.money(last.cumulative.promised_gross.0, cur)),
            ],
        ));
        for (name, l) in &last.levers {
            out.push(lever_line(t, name, l, lang));
        }
    }
    let planned = t
        .payback_months_planned
        .map_or("—".to_string(), |m| lang.number(m, 1));
    out.push(match t.payback_months_reestimated {
        Some(r) => fill(
            p.track_payback,
            &[("reestimated", &lang.number(r, 1)), ("planned", &planned)],
        ),
        None => fill(p.track_payback_never, &[("planned", &planned)]),
    });
    out
}

/// Lays a tracking out in one language; `charts` are the charts drawn for it, which lead a
/// printed page.
pub fn build(t: &Track, lang: Lang, charts: &[ChartRef]) -> Document {
    let mut sections: Vec<Section> = t.months.iter().map(|m| month(t, m, lang)).collect();
    sections.push(Section {
        id: SectionId::TrackVerdict,
        heading: lang.cat().p.track_verdict_heading.to_string(),
        blocks: vec![Block::Statements(closing(t, lang))],
    });
    Document {
        lang,
        currency: t.currency.clone(),
        title: title(t, lang),
        // The case's title block: whose case is tracked, by whom, as of when.
        meta: super::meta(&t.title_block, lang),
        sections,
        appendix: lang.cat().p.track_appendix_heading.to_string(),
        // The proposal's recommendation was decided: a tracking reports, it does not ask.
        recommendation: None,
        logo: t.title_block.logo.clone(),
        brief: None,
        lead_figures: charts
            .iter()
            .map(|c| Figure {
                file: c.file.clone(),
                alt: c.title.clone(),
            })
            .collect(),
    }
}
