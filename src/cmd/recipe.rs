//! `roi recipe ENGINE`: the SQL that turns a raw long table (`metric, value, unit, date`,
//! and the `--by` column) into roi's summary layout where the data lives — DuckDB, Spark
//! SQL, PostgreSQL — with exact percentiles, filled in with the case-duration metrics and
//! SLA targets of roi.toml. Run it once per side (today's rows, then the after-period's).

use crate::assumptions::Assumptions;
use crate::metric::Kind;
use crate::registry::Registry;

/// An engine roi writes a recipe for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    DuckDb,
    Spark,
    Postgres,
}

impl Engine {
    fn text(self) -> &'static str {
        match self {
            Engine::DuckDb => "VARCHAR",
            Engine::Spark => "STRING",
            Engine::Postgres => "TEXT",
        }
    }

    fn double(self) -> &'static str {
        match self {
            Engine::DuckDb | Engine::Spark => "DOUBLE",
            Engine::Postgres => "DOUBLE PRECISION",
        }
    }

    /// The exact percentile (PERCENTILE.INC: linear between the two nearest ranks).
    fn quantile(self, p: &str) -> String {
        match self {
            Engine::DuckDb => format!("quantile_cont(value, {p})"),
            Engine::Spark => format!("percentile(value, {p})"),
            Engine::Postgres => format!("percentile_cont({p}) WITHIN GROUP (ORDER BY value)"),
        }
    }

    /// The Monday a day's week starts on.
    fn week(self) -> &'static str {
        match self {
            Engine::DuckDb => "CAST(date_trunc('week', day) AS DATE)",
            Engine::Spark => "CAST(date_trunc('WEEK', day) AS DATE)",
            Engine::Postgres => "CAST(date_trunc('week', day) AS DATE)",
        }
    }

    /// A cell as a number, or null when it is not one (NA, empty).
    fn number(self) -> &'static str {
        match self {
            Engine::DuckDb => "TRY_CAST(value AS DOUBLE)",
            Engine::Spark => "try_cast(value AS DOUBLE)",
            // PostgreSQL has no TRY_CAST: the value column must hold numbers or nulls.
            Engine::Postgres => "CAST(value AS DOUBLE PRECISION)",
        }
    }

    fn name(self) -> &'static str {
        match self {
            Engine::DuckDb => "DuckDB",
            Engine::Spark => "Spark SQL",
            Engine::Postgres => "PostgreSQL",
        }
    }

    /// How much faster an approximate percentile is, and how far off it may be.
    fn approximate(self) -> &'static str {
        match self {
            Engine::DuckDb => {
                "approx_quantile(value, p) (a t-digest) is faster on billions of rows; its rank\n-- error is typically well under 1%, so p90 may be off by the values around it: use it\n-- to explore, the exact quantile_cont for the case you present."
            }
            Engine::Spark => {
                "percentile_approx(value, p, 10000) is faster and spills less on billions of rows;\n-- its rank error is at most 1/10000 of the rows (0.01%): use it to explore, the\n-- exact percentile for the case you present."
            }
            Engine::Postgres => {
                "PostgreSQL has no approximate percentile built in; BigQuery's APPROX_QUANTILES\n-- is approximate (error about 1/number of quantiles), and its PERCENTILE_CONT is an\n-- analytic function: compute it in a subquery OVER (PARTITION BY metric, unit)."
            }
        }
    }
}

/// The recipe for `engine`, reading `source` (a table, or a file expression such as
/// DuckDB's `read_parquet('events/*.parquet')`), in roi.toml's terms.
/// Runs a `roi recipe` command line.
pub fn run(
    args: &crate::cli::RecipeArgs,
    out: &mut dyn std::io::Write,
    err: &mut dyn std::io::Write,
) -> Result<(), crate::error::RoiError> {
    let mut assumptions =
        super::load_assumptions(args.config.as_deref(), crate::i18n::Lang::En, err)?;
    if let Some(by) = &args.by {
        assumptions.rules.by = Some(by.clone());
    }
    let engine = match args.engine {
        crate::cli::EngineArg::Duckdb => Engine::DuckDb,
        crate::cli::EngineArg::Spark => Engine::Spark,
        crate::cli::EngineArg::Postgres => Engine::Postgres,
    };
    write!(out, "{}", recipe(engine, &assumptions, &args.source)).map_err(super::stdout_err)
}

pub fn recipe(engine: Engine, a: &Assumptions, source: &str) -> String {
    let registry = a.registry();
    let sla = sla_table(engine, a);
    let text = engine.text();
    let by = registry.rules.by.clone();
    let (seg_select, seg_col, whole_sets, week_sets) = match &by {
        Some(col) => (
            format!(",\n    CAST({} AS {text}) AS segment", quote(engine, col)),
            "segment, ",
            "GROUPING SETS ((metric, unit), (metric, unit, segment))".to_string(),
            format!(
                "GROUPING SETS ((metric, unit, {w}), (metric, unit, segment, {w}))",
                w = engine.week()
            ),
        ),
        None => (
            String::new(),
            "",
            "metric, unit".to_string(),
            format!("metric, unit, {}", engine.week()),
        ),
    };
    let seg_null = if by.is_some() { "segment, " } else { "" };
    let durations_in = durations_in(&registry);
    let (q50, q90, q95) = (
        engine.quantile("0.5"),
        engine.quantile("0.9"),
        engine.quantile("0.95"),
    );
    let week = engine.week();
    let by_note = by.as_ref().map_or(String::new(), |c| {
        format!("--   {c}: the segment (--by {c}): a row per metric and segment too\n")
    });
    format!(
        "-- roi summary recipe for {engine_name}, from roi.toml: one row per metric (and per week of
-- each case duration{seg_word}) with exact statistics, in the summary layout roi reads.
-- Input: one row per observation of ONE side (run it for today's rows, then for the
-- after-period's) in
--   {source}
-- with the columns
--   metric: cycle_time, errors … (roi's names or roi.toml's aliases)
--   value:  the observation, one unit per metric
--   unit:   h, min, s, d, or empty for counts
--   date:   the day of the observation
{by_note}-- Output columns: metric, unit, {seg_col}week, n, mean, std, min, max, median, p90, p95,
-- within_sla, sla_target, total, first_day, last_day. Save it as CSV with a header and
-- give it to roi compute in place of the raw file.
-- Percentiles: exact, as a spreadsheet's PERCENTILE.INC.
-- Faster: {approx}
WITH raw AS (
  SELECT
    CAST(metric AS {text}) AS metric,
    {number} AS value,
    COALESCE(lower(trim(CAST(unit AS {text}))), '') AS unit,
    CAST(date AS DATE) AS day{seg_select}
  FROM {source}
),
sla AS (
  {sla}
),
-- The SLA target in each row's own unit (roi.toml gives it in hours).
measured AS (
  SELECT r.*,
    s.target_h * CASE r.unit
      WHEN 's' THEN 3600 WHEN 'sec' THEN 3600 WHEN 'secs' THEN 3600 WHEN 'seconds' THEN 3600
      WHEN 'min' THEN 60 WHEN 'mins' THEN 60 WHEN 'minutes' THEN 60
      WHEN 'd' THEN 1.0 / 24 WHEN 'day' THEN 1.0 / 24 WHEN 'days' THEN 1.0 / 24
      ELSE 1 END AS target
  FROM raw r LEFT JOIN sla s ON r.metric = s.metric
),
-- The window: the first and last day of the whole file, every metric.
win AS (SELECT min(day) AS first_day, max(day) AS last_day FROM raw),
whole AS (
  SELECT metric, unit, {seg_null}CAST(NULL AS DATE) AS week,
    count(value) AS n, avg(value) AS mean, stddev_samp(value) AS std,
    min(value) AS min, max(value) AS max,
    {q50} AS median,
    {q90} AS p90,
    {q95} AS p95,
    sum(CASE WHEN target IS NULL OR value IS NULL THEN NULL WHEN value <= target THEN 1 ELSE 0 END) AS within_sla,
    max(target) AS sla_target,
    sum(value) AS total
  FROM measured
  GROUP BY {whole_sets}
),
weekly AS (
  SELECT metric, unit, {seg_null}{week} AS week,
    count(value) AS n, avg(value) AS mean
  FROM measured
  WHERE {durations_in} AND value IS NOT NULL
  GROUP BY {week_sets}
)
SELECT metric, unit, {seg_col}week, n, mean, std, min, max, median, p90, p95, within_sla,
  sla_target, total, first_day, last_day
FROM (
  SELECT metric, unit, {seg_col}week, n, mean, std, min, max, median, p90, p95, within_sla,
    sla_target, total FROM whole
  UNION ALL
  SELECT metric, unit, {seg_col}week, n, mean, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
    NULL, NULL FROM weekly
) t CROSS JOIN win
ORDER BY metric, {seg_order}week NULLS FIRST
",
        engine_name = engine.name(),
        seg_word = if by.is_some() { " and per segment" } else { "" },
        approx = engine.approximate(),
        number = engine.number(),
        seg_order = if by.is_some() { "segment NULLS FIRST, " } else { "" },
    )
}

/// A column name as the engine quotes it.
fn quote(engine: Engine, col: &str) -> String {
    match engine {
        Engine::Spark => format!("`{}`", col.replace('`', "``")),
        _ => format!("\"{}\"", col.replace('"', "\"\"")),
    }
}

/// roi.toml's SLA targets as rows of (metric, target in hours), or an empty table.
fn sla_table(engine: Engine, a: &Assumptions) -> String {
    let mut targets: Vec<(String, f64)> = a
        .sla_hours
        .iter()
        .filter_map(|(m, t)| {
            Some((
                m.clone(),
                rust_decimal::prelude::ToPrimitive::to_f64(&t.value)?,
            ))
        })
        .collect();
    targets.sort_by(|x, y| x.0.cmp(&y.0));
    let (text, double) = (engine.text(), engine.double());
    if targets.is_empty() {
        format!(
            "SELECT CAST(NULL AS {text}) AS metric, CAST(NULL AS {double}) AS target_h WHERE 1 = 0"
        )
    } else {
        let rows: Vec<String> = targets
            .iter()
            .map(|(m, h)| {
                format!(
                    "SELECT CAST('{}' AS {text}) AS metric, CAST({h:?} AS {double}) AS target_h",
                    m.replace('\'', "''")
                )
            })
            .collect();
        rows.join("\n  UNION ALL ")
    }
}

/// The condition that keeps the case durations (their weekly means are all roi needs).
fn durations_in(registry: &Registry) -> String {
    let durations: Vec<String> = registry
        .defs()
        .iter()
        .filter(|d| d.kind == Kind::CaseDuration)
        .map(|d| format!("'{}'", d.name.replace('\'', "''")))
        .collect();
    if durations.is_empty() {
        "1 = 0".to_string()
    } else {
        format!("metric IN ({})", durations.join(", "))
    }
}
