//! `roi init`: a commented roi.toml with every key at its default, and a small today/after
//! pair to start from. Existing files are kept unless `--force`.

use crate::error::{Problem, RoiError};
use std::io::Write;
use std::path::Path;

/// The files `roi init` writes, by name.
pub const FILES: [(&str, &str); 3] = [
    ("roi.toml", include_str!("init/roi.toml")),
    ("today.csv", include_str!("init/today.csv")),
    ("after.csv", include_str!("init/after.csv")),
];

/// Writes the starter files into `dir`; refuses, writing nothing, if one exists and not `force`.
pub fn init(dir: &Path, force: bool, out: &mut dyn Write) -> Result<(), RoiError> {
    if !force {
        let existing: Vec<Problem> = FILES
            .iter()
            .map(|(name, _)| dir.join(name))
            .filter(|p| p.exists())
            .map(|p| {
                Problem::in_file(&p.display().to_string()).says(
                    "already exists; roi init does not overwrite it",
                    "an empty folder, or --force to replace the files",
                )
            })
            .collect();
        if !existing.is_empty() {
            return Err(RoiError::Input {
                problems: existing,
                more: 0,
            });
        }
    }
    let files: Vec<(String, Vec<u8>)> = FILES
        .iter()
        .map(|(n, t)| (n.to_string(), t.as_bytes().to_vec()))
        .collect();
    crate::output::write_all(dir, &files)?;
    let shown = |n: &str| {
        if dir == Path::new(".") {
            n.to_string()
        } else {
            dir.join(n).display().to_string()
        }
    };
    let _ = writeln!(
        out,
        "wrote {}, {} and {}",
        shown("roi.toml"),
        shown("today.csv"),
        shown("after.csv")
    );
    let _ = writeln!(out, "next: edit roi.toml, then run");
    let prefix = if dir == Path::new(".") {
        String::new()
    } else {
        format!("cd {} && ", dir.display())
    };
    let _ = writeln!(out, "  {prefix}roi compute today.csv after.csv");
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::assumptions::{Assumptions, parse};

    #[test]
    fn the_template_states_every_default() {
        let t = parse(super::FILES[0].1, "roi.toml").unwrap();
        let d = Assumptions::default();
        assert_eq!(t.currency.value, d.currency.value);
        assert_eq!(t.horizon_months.value, d.horizon_months.value);
        assert_eq!(t.discount_rate.value, d.discount_rate.value);
        assert_eq!(t.risk_adjustment.value, d.risk_adjustment.value);
        assert_eq!(t.fte_hours_per_month.value, d.fte_hours_per_month.value);
        assert_eq!(t.hourly_cost.value, d.hourly_cost.value);
        assert_eq!(t.labor_share.value, d.labor_share.value);
        assert_eq!(t.cost_per_error.value, d.cost_per_error.value);
        assert_eq!(
            t.downtime_cost_per_hour.value,
            d.downtime_cost_per_hour.value
        );
        assert_eq!(t.cost_per_sla_breach.value, d.cost_per_sla_breach.value);
        assert_eq!(
            t.sla_hours["response_time"].value,
            d.sla_hours["response_time"].value
        );
        assert_eq!(t.one_time.value, d.one_time.value);
        assert_eq!(t.monthly.value, d.monthly.value);
        assert_eq!(t.ramp_up_months.value, d.ramp_up_months.value);
        assert_eq!(t.ledger().len(), d.ledger().len());
    }
}
