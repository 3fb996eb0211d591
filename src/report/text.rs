//! The screen summary: the headline, the metric table, the savings by lever, the scenarios,
//! the day in the life, the defaults that were assumed and the warnings.

use super::Report;
use super::rows::{Row, headline, lever_rows, metric_rows, scenario_rows, side_line};
use comfy_table::{CellAlignment, LineStyle, Table, TableStyle};
use std::io::{self, Write};

fn table(header: Vec<String>, rows: Vec<Row>, right: &[usize]) -> Table {
    let mut t = Table::new();
    let line = LineStyle::none().fill('─').junction('─');
    t.load_style(
        TableStyle::new()
            .top_border(line)
            .header_separator(line)
            .bottom_border(line),
    );
    t.set_header(header);
    for r in rows {
        let mut cells = vec![r.label];
        cells.extend(r.cells);
        t.add_row(cells);
    }
    for i in right {
        if let Some(c) = t.column_mut(*i) {
            c.set_cell_alignment(CellAlignment::Right);
        }
    }
    t
}

/// Renders the screen summary.
pub fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let lang = report.lang;
    let w = lang.words();
    writeln!(out, "{}", w.title)?;
    writeln!(out)?;
    let head = headline(report);
    let width = head
        .iter()
        .map(|(l, _)| l.chars().count())
        .max()
        .unwrap_or(0);
    for (label, value) in head {
        writeln!(out, "  {label:<width$}   {value}")?;
    }
    writeln!(out)?;
    writeln!(out, "  {}", side_line(lang, w.today, &report.inputs.today))?;
    writeln!(out, "  {}", side_line(lang, w.after, &report.inputs.after))?;
    if let Some(v) = report.volume.cases_per_month {
        let src = report.volume.source.map_or("", |s| lang.source(s));
        writeln!(
            out,
            "  {}: {} {} ({src})",
            w.volume,
            lang.number(v, 0),
            w.cases_a_month
        )?;
    }
    writeln!(out)?;
    let (rows, notes) = metric_rows(report);
    let header = vec![
        w.metric.into(),
        w.today.into(),
        w.after.into(),
        w.change.into(),
        w.significant.into(),
    ];
    writeln!(out, "{}", table(header, rows, &[1, 2, 3]))?;
    for n in notes {
        writeln!(out, "{n}")?;
    }
    writeln!(out, "{}", w.significance_note)?;
    writeln!(out)?;
    writeln!(out, "{}", w.levers)?;
    if report.savings.levers.is_empty() {
        writeln!(out, "  {}", w.no_levers)?;
    } else {
        let header = vec![
            w.lever.into(),
            w.monthly.into(),
            w.annual.into(),
            w.range.into(),
        ];
        writeln!(out, "{}", table(header, lever_rows(report), &[1, 2, 3]))?;
    }
    writeln!(out)?;
    writeln!(out, "{}", w.scenarios)?;
    let npv_label = w.headline_npv.to_string();
    let header = vec![
        String::new(),
        w.annual.into(),
        npv_label,
        w.headline_payback.into(),
    ];
    writeln!(out, "{}", table(header, scenario_rows(report), &[1, 2]))?;
    if !report.narrative.is_empty() {
        writeln!(out)?;
        writeln!(out, "{}", w.day_in_life)?;
        for p in &report.narrative {
            writeln!(out, "  {}: {}", p.heading, p.text)?;
        }
    }
    let defaults: Vec<_> = report
        .assumptions
        .iter()
        .filter(|a| a.source == crate::assumptions::Source::Default)
        .collect();
    if !defaults.is_empty() {
        writeln!(out)?;
        writeln!(out, "{}", w.defaults_used)?;
        let list: Vec<String> = defaults
            .iter()
            .map(|a| format!("{} = {}", a.key, a.value))
            .collect();
        writeln!(out, "  {}", list.join("; "))?;
    }
    if !report.warnings.is_empty() {
        writeln!(out)?;
        writeln!(out, "{}:", w.warnings)?;
        for warning in &report.warnings {
            writeln!(out, "  - {warning}")?;
        }
    }
    Ok(())
}
