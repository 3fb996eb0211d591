//! `report.html`: one self-contained page for a proposal — no external files or network
//! (charts are embedded as data URIs), styled to print cleanly to PDF.

use super::Report;
use super::rows::{Row, headline, lever_rows, metric_rows, scenario_rows, side_line};
use super::view_lines::view_lines;
use crate::assumptions::Source;
use crate::i18n::Lang;
use std::io::{self, Write};

const STYLE: &str = "
body { font-family: 'DejaVu Sans', 'Segoe UI', Helvetica, Arial, sans-serif; color: #212121;
  max-width: 1100px; margin: 2rem auto; padding: 0 1.5rem; line-height: 1.45; }
h1 { font-size: 1.9rem; margin-bottom: .2rem; }
h2 { font-size: 1.3rem; margin-top: 2.2rem; border-bottom: 2px solid #0072B2; padding-bottom: .2rem; }
.lead { color: #555; margin-top: 0; }
table { border-collapse: collapse; width: 100%; margin: .8rem 0; font-size: .95rem; }
th, td { padding: .35rem .6rem; border-bottom: 1px solid #e0e0e0; text-align: left; }
th { background: #f5f5f5; }
td.n { text-align: right; white-space: nowrap; }
table.headline td { font-size: 1.15rem; border: none; padding: .25rem .6rem; }
table.headline td:first-child { font-weight: bold; width: 40%; }
.story p { margin: .5rem 0; }
.note { color: #666; font-size: .85rem; }
.default { font-weight: bold; color: #D55E00; }
figure { margin: 1.2rem 0; page-break-inside: avoid; break-inside: avoid; }
figure img { width: 100%; height: auto; border: 1px solid #eee; }
ul.warn li { margin: .3rem 0; }
@media print { body { margin: 0; max-width: none; } h2 { page-break-after: avoid; }
  table, .story { page-break-inside: avoid; } }
";

/// Escapes text for HTML content and attributes.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Standard base64 (RFC 4648) with padding, for data URIs.
pub fn base64(bytes: &[u8]) -> String {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ABC[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

fn table(
    out: &mut dyn Write,
    header: &[&str],
    numeric: &[usize],
    rows: &[Row],
    class: &str,
) -> io::Result<()> {
    if class.is_empty() {
        writeln!(out, "<table>")?;
    } else {
        writeln!(out, "<table class=\"{class}\">")?;
    }
    if !header.is_empty() {
        let cells: Vec<String> = header
            .iter()
            .map(|h| format!("<th>{}</th>", escape(h)))
            .collect();
        writeln!(out, "<tr>{}</tr>", cells.concat())?;
    }
    for r in rows {
        let mut line = format!("<tr><td>{}</td>", escape(&r.label));
        for (i, c) in r.cells.iter().enumerate() {
            let cls = if numeric.contains(&(i + 1)) {
                " class=\"n\""
            } else {
                ""
            };
            line.push_str(&format!("<td{cls}>{}</td>", escape(c)));
        }
        line.push_str("</tr>");
        writeln!(out, "{line}")?;
    }
    writeln!(out, "</table>")
}

/// Renders the page; `charts` are the PNG files to embed, by name.
pub fn render(
    report: &Report,
    charts: &[(String, Vec<u8>)],
    out: &mut dyn Write,
) -> io::Result<()> {
    let lang = report.lang;
    let w = lang.words();
    let (title, charts_title) = match lang {
        Lang::En => ("Business case: today vs after the change", "Charts"),
        Lang::Pl => ("Uzasadnienie biznesowe: dziś i po zmianie", "Wykresy"),
    };
    let code = if lang == Lang::En { "en" } else { "pl" };
    writeln!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{code}\">\n<head>\n<meta charset=\"utf-8\">"
    )?;
    writeln!(
        out,
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
    )?;
    writeln!(
        out,
        "<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>",
        escape(title)
    )?;
    writeln!(out, "<h1>{}</h1>", escape(title))?;
    writeln!(
        out,
        "<p class=\"lead\">{}<br>{}</p>",
        escape(&side_line(lang, w.today, &report.inputs.today)),
        escape(&side_line(lang, w.after, &report.inputs.after))
    )?;
    let head: Vec<Row> = headline(report)
        .into_iter()
        .map(|(label, v)| Row {
            label,
            cells: vec![v],
        })
        .collect();
    table(out, &[], &[], &head, "headline")?;
    if !report.narrative.is_empty() {
        writeln!(
            out,
            "<h2>{}</h2>\n<div class=\"story\">",
            escape(w.day_in_life)
        )?;
        for p in &report.narrative {
            writeln!(
                out,
                "<p><strong>{}.</strong> {}</p>",
                escape(&p.heading),
                escape(&p.text)
            )?;
        }
        writeln!(out, "</div>")?;
    }
    let views = view_lines(report);
    if !views.is_empty() {
        writeln!(out, "<h2>{}</h2>\n<ul>", escape(w.views))?;
        for (view, line) in &views {
            writeln!(
                out,
                "<li><strong>{}:</strong> {}</li>",
                escape(view),
                escape(line)
            )?;
        }
        writeln!(out, "</ul>")?;
    }
    writeln!(out, "<h2>{}</h2>", escape(w.metrics_heading))?;
    let (rows, notes) = metric_rows(report);
    table(
        out,
        &[w.metric, w.today, w.after, w.change, w.significant],
        &[1, 2, 3],
        &rows,
        "",
    )?;
    for n in notes
        .iter()
        .chain(std::iter::once(&w.significance_note.to_string()))
    {
        writeln!(out, "<p class=\"note\">{}</p>", escape(n))?;
    }
    writeln!(out, "<h2>{}</h2>", escape(w.levers))?;
    if report.savings.levers.is_empty() {
        writeln!(out, "<p>{}</p>", escape(w.no_levers))?;
    } else {
        table(
            out,
            &[w.lever, w.monthly, w.annual, w.range],
            &[1, 2, 3],
            &lever_rows(report),
            "",
        )?;
        for l in &report.savings.levers {
            writeln!(
                out,
                "<p class=\"note\">{}: {}</p>",
                escape(&lang.metric_name(&l.name)),
                escape(&l.formula)
            )?;
        }
    }
    writeln!(out, "<h2>{}</h2>", escape(w.scenarios))?;
    table(
        out,
        &["", w.annual, w.headline_npv, w.headline_payback],
        &[1, 2],
        &scenario_rows(report),
        "",
    )?;
    if !charts.is_empty() {
        writeln!(out, "<h2>{charts_title}</h2>")?;
        for (name, bytes) in charts.iter().filter(|(n, _)| n.ends_with(".png")) {
            writeln!(
                out,
                "<figure><img alt=\"{}\" src=\"data:image/png;base64,{}\"></figure>",
                escape(name),
                base64(bytes)
            )?;
        }
    }
    writeln!(out, "<h2>{}</h2>", escape(w.all_assumptions))?;
    writeln!(
        out,
        "<table><tr><th>{}</th><th>{}</th><th>{}</th></tr>",
        escape(w.assumption),
        escape(w.value),
        escape(w.source)
    )?;
    for a in &report.assumptions {
        let src = lang.source(a.source);
        let src = if a.source == Source::Default {
            format!("<span class=\"default\">{}</span>", escape(src))
        } else {
            escape(src)
        };
        writeln!(
            out,
            "<tr><td>{}</td><td class=\"n\">{}</td><td>{src}</td></tr>",
            escape(&a.key),
            escape(&a.value)
        )?;
    }
    writeln!(out, "</table>")?;
    if !report.warnings.is_empty() {
        writeln!(out, "<h2>{}</h2>\n<ul class=\"warn\">", escape(w.warnings))?;
        for warning in &report.warnings {
            writeln!(out, "<li>{}</li>", escape(warning))?;
        }
        writeln!(out, "</ul>")?;
    }
    writeln!(
        out,
        "<p class=\"note\">roi {}</p>\n</body>\n</html>",
        escape(report.roi_version)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_rfc_4648_vectors() {
        for (input, expected) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(input.as_bytes()), expected, "{input}");
        }
        assert_eq!(base64(&[0xff, 0xfe, 0xfd]), "//79");
    }

    #[test]
    fn escapes_markup() {
        assert_eq!(
            escape("<a href=\"x\">R&D's</a>"),
            "&lt;a href=&quot;x&quot;&gt;R&amp;D&#39;s&lt;/a&gt;"
        );
    }
}
