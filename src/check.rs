//! `roi check`: what roi sees in a file, and every problem in it with its line.

use crate::error::RoiError;
use crate::i18n::Lang;
use crate::input::{self, Layout, Scan};
use crate::metric::{Kind, Registry};
use std::io::{self, Write};
use std::path::Path;

/// Reads each file and describes it. Returns how many files had problems.
pub fn check(
    files: &[&Path],
    registry: &Registry,
    encoding: Option<&'static encoding_rs::Encoding>,
    out: &mut dyn Write,
) -> Result<usize, RoiError> {
    let mut failed = 0;
    for (i, path) in files.iter().enumerate() {
        if i > 0 {
            writeln!(out).map_err(write_err)?;
        }
        let scan = input::read(path, registry, encoding, None)?;
        if !scan.problems.is_empty() {
            failed += 1;
        }
        describe(&scan, registry, out).map_err(write_err)?;
    }
    Ok(failed)
}

fn write_err(source: io::Error) -> RoiError {
    RoiError::Write {
        path: "standard output".into(),
        source,
    }
}

fn describe(scan: &Scan, registry: &Registry, out: &mut dyn Write) -> io::Result<()> {
    let obs = &scan.observations;
    let f = &obs.file;
    writeln!(out, "{}", f.path)?;
    let layout = match f.layout {
        Layout::Long => "long (one observation a row: metric, value …)",
        Layout::Wide => "wide (one column per metric)",
    };
    writeln!(out, "  layout      {layout}")?;
    writeln!(out, "  delimiter   {}", f.delimiter)?;
    writeln!(out, "  encoding    {}", f.encoding)?;
    writeln!(out, "  data rows   {}", Lang::En.number(f.rows as f64, 0))?;
    let window = match (f.first_day, f.last_day) {
        (Some(a), Some(b)) => format!(
            "{} to {} ({} days, from column '{}')",
            input::cell::format_day(a),
            input::cell::format_day(b),
            b - a + 1,
            f.date_column.as_deref().unwrap_or("date")
        ),
        _ => "no dates: counts and downtime need roi.toml [window] today_days / after_days".into(),
    };
    writeln!(out, "  window      {window}")?;
    if !f.columns.is_empty() {
        writeln!(out, "  columns")?;
        for (h, role) in &f.columns {
            writeln!(out, "    {h:<24} {role}")?;
        }
    }
    writeln!(out, "  metrics")?;
    if obs.series.is_empty() {
        writeln!(out, "    (none recognised)")?;
    }
    for (id, s) in &obs.series {
        let def = registry.def(*id);
        let mut line = format!("    {:<16}", Lang::En.metric_name(&def.name));
        let n = s.values.len();
        match def.kind {
            Kind::CaseDuration => line.push_str(&format!(
                "{} cases, shown in {}",
                Lang::En.number(n as f64, 0),
                def.unit
            )),
            Kind::Count => {
                let total: f64 = s.values.iter().sum();
                line.push_str(&format!(
                    "{} rows, total {}",
                    Lang::En.number(n as f64, 0),
                    Lang::En.auto(total)
                ))
            }
            Kind::PeriodDuration => {
                let total: f64 = s.values.iter().sum();
                line.push_str(&format!(
                    "{} rows, total {} {}",
                    Lang::En.number(n as f64, 0),
                    Lang::En.auto(total),
                    def.unit
                ))
            }
        }
        let written: Vec<&str> = s.units.iter().map(|u| u.symbol()).collect();
        if def.kind != Kind::Count && s.units.iter().any(|u| *u != def.unit) {
            line.push_str(&format!(" (written in {})", written.join(", ")));
        }
        if s.missing > 0 {
            line.push_str(&format!("; {} not observed (empty/NA)", s.missing));
        }
        writeln!(out, "{line}")?;
    }
    if !obs.warnings.is_empty() {
        writeln!(out, "  warnings")?;
        for w in &obs.warnings {
            writeln!(out, "    {}", w.text(crate::i18n::Lang::En))?;
        }
    }
    if scan.problems.is_empty() {
        writeln!(out, "  ok: no problems")?;
    } else {
        let total = scan.problems.len() as u64 + scan.more_problems;
        writeln!(out, "  problems ({total})")?;
        for p in &scan.problems {
            writeln!(out, "    {p}")?;
        }
        if scan.more_problems > 0 {
            writeln!(out, "    … and {} more", scan.more_problems)?;
        }
    }
    Ok(())
}
