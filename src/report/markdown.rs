//! `--format md` and `summary.md`: paste-ready Markdown whose tables render on GitHub and
//! Confluence.

use super::Report;
use super::rows::{Row, headline, lever_rows, metric_rows, scenario_rows, side_line};
use super::view_lines::view_lines;
use crate::assumptions::Source;
use crate::i18n::Lang;
use std::io::{self, Write};

fn cell(s: &str) -> String {
    s.replace('|', "\\|")
}

fn table(out: &mut dyn Write, header: &[&str], align: &str, rows: &[Row]) -> io::Result<()> {
    writeln!(
        out,
        "| {} |",
        header
            .iter()
            .map(|h| cell(h))
            .collect::<Vec<_>>()
            .join(" | ")
    )?;
    let seps: Vec<&str> = align
        .chars()
        .map(|c| if c == 'r' { "---:" } else { "---" })
        .collect();
    writeln!(out, "|{}|", seps.join("|"))?;
    for r in rows {
        let mut cells = vec![cell(&r.label)];
        cells.extend(r.cells.iter().map(|c| cell(c)));
        writeln!(out, "| {} |", cells.join(" | "))?;
    }
    Ok(())
}

/// Renders the Markdown summary.
pub fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let lang = report.lang;
    let w = lang.words();
    let title = match lang {
        Lang::En => "Business case: today vs after the change",
        Lang::Pl => "Uzasadnienie biznesowe: dziś i po zmianie",
    };
    writeln!(out, "# {title}\n")?;
    // A list, not a table: it pastes cleanly into e-mail and renders without an empty header.
    for (label, value) in headline(report) {
        writeln!(out, "- **{label}:** {}", cell(&value))?;
    }
    writeln!(out)?;
    if !report.narrative.is_empty() {
        writeln!(out, "## {}\n", w.day_in_life)?;
        for p in &report.narrative {
            writeln!(out, "**{}.** {}\n", p.heading, p.text)?;
        }
    }
    let views = view_lines(report);
    if !views.is_empty() {
        writeln!(out, "## {}\n", w.views)?;
        for (view, line) in &views {
            writeln!(out, "- **{view}:** {}", cell(line))?;
        }
        writeln!(out)?;
    }
    writeln!(out, "## {}\n", w.metrics_heading)?;
    let (rows, notes) = metric_rows(report);
    table(
        out,
        &[w.metric, w.today, w.after, w.change, w.significant],
        "lrrrl",
        &rows,
    )?;
    writeln!(out)?;
    for n in notes {
        writeln!(out, "{}  ", n.replacen('*', "\\*", 1))?;
    }
    writeln!(out, "_{}_\n", w.significance_note)?;
    writeln!(out, "## {}\n", w.levers)?;
    if report.savings.levers.is_empty() {
        writeln!(out, "{}\n", w.no_levers)?;
    } else {
        table(
            out,
            &[w.lever, w.monthly, w.annual, w.range],
            "lrrr",
            &lever_rows(report),
        )?;
        writeln!(out)?;
        let formulas: Vec<String> = report
            .savings
            .levers
            .iter()
            .map(|l| format!("- {}: {}", lang.metric_name(&l.name), cell(&l.formula)))
            .collect();
        writeln!(out, "{}\n", formulas.join("\n"))?;
    }
    writeln!(out, "## {}\n", w.scenarios)?;
    table(
        out,
        &["", w.annual, w.headline_npv, w.headline_payback],
        "lrrl",
        &scenario_rows(report),
    )?;
    writeln!(out)?;
    if !report.sensitivity.is_empty() {
        writeln!(out, "## {}\n", w.sensitivity)?;
        let cur = &report.currency;
        let rows: Vec<Row> = report
            .sensitivity
            .iter()
            .map(|s| Row {
                label: format!(
                    "{} (`{}`)",
                    lang.assumption_name(&s.assumption),
                    s.assumption
                ),
                cells: vec![
                    format!(
                        "{} … {}",
                        lang.assumption_value(s.kind, s.value_low, cur),
                        lang.assumption_value(s.kind, s.value_high, cur)
                    ),
                    lang.money_whole(s.npv_at_low, cur),
                    lang.money_whole(s.npv_at_high, cur),
                ],
            })
            .collect();
        let (lo, hi) = match lang {
            Lang::En => ("NPV at -20%", "NPV at +20%"),
            Lang::Pl => ("NPV przy -20%", "NPV przy +20%"),
        };
        table(out, &[w.assumption, w.value, lo, hi], "lrrr", &rows)?;
        writeln!(out)?;
    }
    writeln!(out, "## {}\n", w.inputs)?;
    writeln!(out, "- {}", side_line(lang, w.today, &report.inputs.today))?;
    writeln!(out, "- {}", side_line(lang, w.after, &report.inputs.after))?;
    if let Some(v) = report.volume.cases_per_month {
        let src = report.volume.source.map_or("", |s| lang.source(s));
        writeln!(
            out,
            "- {}: {} {} ({src})",
            w.volume,
            lang.number(v, 0),
            w.cases_a_month
        )?;
    }
    writeln!(out)?;
    writeln!(out, "## {}\n", w.all_assumptions)?;
    let rows: Vec<Row> = report
        .assumptions
        .iter()
        .map(|a| Row {
            label: a.key.clone(),
            cells: vec![
                a.value.clone(),
                if a.source == Source::Default {
                    format!("**{}**", lang.source(a.source))
                } else {
                    lang.source(a.source).to_string()
                },
            ],
        })
        .collect();
    table(out, &[w.assumption, w.value, w.source], "lrl", &rows)?;
    if !report.warnings.is_empty() {
        writeln!(out, "\n## {}\n", w.warnings)?;
        for warning in &report.warnings {
            writeln!(out, "- {}", cell(warning))?;
        }
    }
    Ok(())
}
