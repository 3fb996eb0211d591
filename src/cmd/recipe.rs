//! `roi recipe ENGINE`: the SQL that turns a raw long table (`metric, value, unit, date`,
//! and the `--by` column) into roi's summary layout where the data lives — DuckDB, Spark
//! SQL, PostgreSQL — with exact percentiles, filled in with the case-duration metrics and
//! SLA targets of roi.toml. Run it once per side (today's rows, then the after-period's).

use crate::assumptions::Assumptions;
use crate::error::{Problem, RoiError};
use crate::message::msg;
use crate::metric::Kind;
use crate::registry::Registry;
use rust_decimal::prelude::ToPrimitive;

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

    /// True when the value column is not text (a double, an integer, a decimal): its cells are
    /// numbers already, cast as they are. Of the column's type only, so the engine decides it
    /// once, not for each row (DuckDB folds it; casting every double to text for the text
    /// test took a third of the recipe's time).
    fn typed(self) -> &'static str {
        match self {
            Engine::DuckDb => "typeof(value) <> 'VARCHAR'",
            Engine::Spark => "typeof(value) <> 'string'",
            Engine::Postgres => {
                "pg_typeof(value) NOT IN ('text'::regtype, 'character varying'::regtype, 'character'::regtype, 'unknown'::regtype)"
            }
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

    /// Whether the text `expr` matches the anchored regular expression `pattern` (written so
    /// that RE2, Java's and PostgreSQL's engines read it alike).
    fn matches(self, expr: &str, pattern: &str) -> String {
        let p = lit(self, pattern);
        match self {
            Engine::DuckDb => format!("regexp_matches({expr}, {p})"),
            Engine::Spark => format!("({expr} RLIKE {p})"),
            Engine::Postgres => format!("({expr} ~ {p})"),
        }
    }

    /// `expr` with every match of `pattern` replaced by `with`.
    fn replace_all(self, expr: &str, pattern: &str, with: &str) -> String {
        let (p, w) = (lit(self, pattern), lit(self, with));
        match self {
            Engine::DuckDb | Engine::Postgres => format!("regexp_replace({expr}, {p}, {w}, 'g')"),
            Engine::Spark => format!("regexp_replace({expr}, {p}, {w})"),
        }
    }

    /// The first group of `pattern` in `expr`, or empty text.
    fn group(self, expr: &str, pattern: &str) -> String {
        let p = lit(self, pattern);
        match self {
            Engine::DuckDb | Engine::Spark => format!("regexp_extract({expr}, {p}, 1)"),
            Engine::Postgres => format!("coalesce(substring({expr} from {p}), '')"),
        }
    }

    /// Stops the query with the text `message`: a cell roi refuses in a file is an error
    /// here too, not a value left out. PostgreSQL's SQL has no function that raises one:
    /// the message, which starts with `roi:`, cast to a number fails with it.
    fn stop(self, message: &str) -> String {
        match self {
            Engine::DuckDb => format!("CAST(error({message}) AS DOUBLE)"),
            Engine::Spark => format!("CAST(raise_error({message}) AS DOUBLE)"),
            Engine::Postgres => format!("CAST({message} AS DOUBLE PRECISION)"),
        }
    }

    /// [`Engine::stop`] where text is expected.
    fn stop_text(self, message: &str) -> String {
        format!("CAST({} AS {})", self.stop(message), self.text())
    }

    /// `s` with every run of underscores made one.
    fn one_underscore(self, s: &str) -> String {
        match self {
            Engine::DuckDb | Engine::Postgres => format!("regexp_replace({s}, '_+', '_', 'g')"),
            Engine::Spark => format!("regexp_replace({s}, '_+', '_')"),
        }
    }

    /// Whether the text `s` is all ASCII (as many bytes as characters).
    fn ascii(self, s: &str) -> String {
        match self {
            Engine::DuckDb => format!("strlen({s}) = length({s})"),
            Engine::Spark | Engine::Postgres => format!("octet_length({s}) = length({s})"),
        }
    }

    /// A day of the result as the summary layout writes it (`2026-09-01`): PostgreSQL writes a
    /// date in the session's DateStyle (`06/09/2026` with `SQL, DMY`), the others in ISO.
    fn day_out(self, col: &str) -> String {
        match self {
            Engine::Postgres => format!("to_char({col}, 'YYYY-MM-DD') AS {col}"),
            Engine::DuckDb | Engine::Spark => col.to_string(),
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
) -> Result<(), RoiError> {
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
    refuse_unquotable(&assumptions, args.by.is_some())?;
    write!(out, "{}", recipe(engine, &assumptions, &args.source)).map_err(super::stdout_err)
}

pub fn recipe(engine: Engine, a: &Assumptions, source: &str) -> String {
    let registry = a.registry();
    let sla = Sla::of(engine, a, &registry.rules);
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
    let durations_in = durations_in(engine, &registry);
    let (q50, q90, q95) = (
        engine.quantile("0.5"),
        engine.quantile("0.9"),
        engine.quantile("0.95"),
    );
    let week = engine.week();
    // A control site's summaries come from the same recipe over its own rows.
    let control_note = match &a.control {
        Some((t, af)) => format!(
            "-- Control site ([control] in roi.toml): run it on the control site's rows too, for the
-- same two periods, saved as {} and {} (four runs in all).\n",
            crate::escape::visible(t).replace('\n', " "),
            crate::escape::visible(af).replace('\n', " ")
        ),
        None => {
            "-- With a control site (--control): run it on the control site's rows too, for the same
-- two periods, and give roi compute those two summaries after --control (four runs in all).\n"
                .to_string()
        }
    };
    let by_note = by.as_ref().map_or(String::new(), |c| {
        format!("--   {c}: the segment (--by {c}): a row per metric and segment too\n")
    });
    format!(
        "-- roi summary recipe for {engine_name}, from roi.toml: one row per metric (and per week of
-- each case duration{seg_word}) with exact statistics, in the summary layout roi reads.
-- Input: one row per observation of ONE side (run it for today's rows, then for the
-- after-period's) in
--   {source_line}
-- with the columns
--   metric: cycle_time, errors … (roi's names or roi.toml's aliases)
--   value:  the observation, one unit per metric (4.5, 4,5 or 1 234,5; NA or empty when
--           not observed); a cell roi refuses stops the query, naming it
--   unit:   h, min, s, d, or another spelling roi reads (godz., minuty, sekundy …); empty:
--           the metric's own (counts, and minutes for a response time)
--   date:   the day of the observation
{by_note}{sla_note}-- Output columns: metric, unit, {seg_col}week, n, mean, std, min, max, median, p90, p95,
-- within_sla, sla_cases, sla_target, total, first_day, last_day. Save it as CSV with a header and
-- give it to roi compute in place of the raw file.
{control_note}-- Percentiles: exact, as a spreadsheet's PERCENTILE.INC.
-- Faster: {approx}
-- Each value as roi reads it: not observed (null), a number, or an error naming the cell.
WITH numbered AS (
  SELECT *,
    {number} AS roi_number
  FROM {source}
),
spelled AS (
  SELECT
    {spelling} AS spelling,
    {in_bounds} AS value,
    COALESCE(lower(trim(CAST(unit AS {text}))), '') AS unit,
    CAST(date AS DATE) AS day{seg_select}{sla_select}
  FROM numbered
),
-- Each metric by roi's name for it: its other spellings (Czas cyklu, lead-time) are the same
-- metric, as roi reads them.
raw AS (
  SELECT
    CASE spelling{aliases}
      ELSE spelling END AS metric,
    s.*
  FROM spelled s
),
-- The SLA target in each row's own unit (roi.toml gives it in hours); an empty unit is the
-- metric's own.
targeted AS (
  SELECT r.*,
    {target} AS target
  FROM raw r
),
-- Whether each case met its SLA: 1, 0, or null when it cannot be told.{met_note}
measured AS (
  SELECT t.*,
    CASE
      WHEN value IS NULL THEN NULL{met_cases}
      WHEN target IS NULL THEN NULL
      WHEN value <= target THEN 1 ELSE 0 END AS met
  FROM targeted t
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
    sum(met) AS within_sla,
    count(met) AS sla_cases,
    {sla_target} AS sla_target,
    sum(value) AS total,
    max(value - floor(value)) AS roi_fraction
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
-- A unit roi does not know, or a count that is not whole, stops the query as it stops roi.
SELECT metric, {unit_checked} AS unit, {seg_col}{week_out}, n, mean, std, min, max, median,
  p90, p95, within_sla, sla_cases, sla_target, total, {first_out}, {last_out}
FROM (
  SELECT metric, unit, {seg_col}week, n, mean, std, min, max, median, p90, p95, within_sla,
    sla_cases, sla_target, total, roi_fraction FROM whole
  UNION ALL
  SELECT metric, unit, {seg_col}week, n, mean, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
    NULL, NULL, NULL, NULL FROM weekly
) t CROSS JOIN win
ORDER BY metric, {seg_order}week NULLS FIRST
",
        engine_name = engine.name(),
        // A --source written over several lines stays inside its comment.
        source_line = source.replace(['\n', '\r'], " "),
        seg_word = if by.is_some() { " and per segment" } else { "" },
        approx = engine.approximate(),
        number = number(engine, &registry.rules.missing),
        unit_checked = unit_checked(engine, &registry),
        in_bounds = in_bounds(engine),
        spelling = spelling(engine, &registry),
        aliases = aliases(engine),
        week_out = engine.day_out("week"),
        first_out = engine.day_out("first_day"),
        last_out = engine.day_out("last_day"),
        seg_order = if by.is_some() { "segment NULLS FIRST, " } else { "" },
        sla_select = sla.select,
        sla_note = sla.note,
        // The unit's factor only on the rows of a metric with a target: it is the costliest
        // expression per row.
        target = if sla.targeted.is_empty() {
            sla.target_h.clone()
        } else {
            format!(
                "CASE WHEN r.metric IN ({}) THEN {} * {} END",
                sla.targeted.join(", "),
                sla.target_h,
                per_hour(engine, &registry)
            )
        },
        met_cases = sla.met_cases,
        met_note = sla.met_note,
        sla_target = sla.sla_target,
    )
}

/// A value cell as roi reads it in a file: null when it means "not observed" (empty, the
/// usual markers, roi.toml's `[input] missing`); a number written plainly, cast from the
/// column's own type (a double precision or numeric column keeps every digit); a number as
/// exports write it — a decimal comma, spaces, no-break spaces or apostrophes between
/// thousands, one separator used more than once grouping thousands, and with both kinds the
/// last one the decimal — read by roi's rules; anything else stops the query, naming the
/// cell, as roi stops on it. A duration written 4:30 is not read here: convert it first.
fn number(engine: Engine, missing: &[String]) -> String {
    let double = engine.double();
    let cell = format!("trim(CAST(value AS {}))", engine.text());
    let markers = ["", "na", "n/a", "#n/a", "null", "none"]
        .into_iter()
        .map(str::to_string)
        .chain(missing.iter().map(|m| m.trim().to_lowercase()))
        .map(|m| lit(engine, &m))
        .collect::<Vec<_>>()
        .join(", ");
    let plain = match engine {
        // DuckDB's own cast reads what the pattern below reads, and also `1_000`, `inf`
        // and `nan` (the bounds stop those two); a regular expression on every row made
        // the recipe 70% slower.
        Engine::DuckDb => {
            "TRY_CAST(value AS DOUBLE) IS NOT NULL AND NOT contains(CAST(value AS VARCHAR), '_')"
                .to_string()
        }
        Engine::Spark | Engine::Postgres => engine.matches(
            &cell,
            "^[-+]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][-+]?[0-9]+)?$",
        ),
    };
    // A plain number is read first: most cells are, and the markers' test costs more than
    // the cast (roi.toml refuses a marker that reads as a number).
    // The rest, rare, without what exports put between thousands (spaces, no-break spaces,
    // apostrophes), computed only for them.
    let bare = engine.replace_all(&cell, "[ \u{a0}\u{202f}']", "");
    // Digits and separators only: the text read is plain, whichever way it is read.
    let separated = engine.matches(&bare, "^[-+]?[0-9.,]*[0-9][0-9.,]*$");
    let grouped_only = format!(
        "({} OR {})",
        engine.matches(&bare, "^[-+]?[0-9]*(,[0-9]*){2,}$"),
        engine.matches(&bare, "^[-+]?[0-9]*([.][0-9]*){2,}$")
    );
    let whole = engine.replace_all(&engine.replace_all(&bare, "[.,][0-9]*$", ""), "[.,]", "");
    let fraction = engine.group(&bare, "[.,]([0-9]*)$");
    let stop = engine.stop(&format!(
        "concat({}, {cell})",
        lit(
            engine,
            "roi: a value that is not a number as roi reads one: "
        )
    ));
    format!(
        "CASE
      WHEN {typed} THEN CAST(value AS {double})
      WHEN {plain} THEN CAST(value AS {double})
      WHEN value IS NULL OR lower({cell}) IN ({markers}) THEN NULL
      WHEN {separated} AND {grouped_only}
        THEN CAST({all} AS {double})
      WHEN {separated}
        THEN CAST(concat({whole}, '.', {fraction}) AS {double})
      ELSE {stop} END",
        all = engine.replace_all(&bare, "[.,]", ""),
        typed = engine.typed(),
    )
}

/// The number read ([`number`]) within the bounds roi keeps: a negative duration or count,
/// or a value above 10^9 (an id in the value column), stops the query as it stops roi.
fn in_bounds(engine: Engine) -> String {
    let cell = format!("trim(CAST(value AS {}))", engine.text());
    let stop = |why: &str| engine.stop(&format!("concat({}, {cell})", lit(engine, why)));
    format!(
        "CASE
      WHEN roi_number < 0 THEN {}
      WHEN roi_number > 1e9 THEN {}
      ELSE roi_number END",
        stop("roi: a value below zero: "),
        stop("roi: a value above 10^9 (an id in the value column?): ")
    )
}

/// A summary row's unit, checked (a few rows, not every one): a unit roi does not know stops
/// the query, naming it, as roi stops on it in a file; so does a count metric whose values
/// are not all whole in its own unit (`2.5` errors).
fn unit_checked(engine: Engine, registry: &Registry) -> String {
    let known = unit_spellings(engine, |_| true);
    let mut out = format!(
        "CASE\n    WHEN unit NOT IN ('', {known})\n      THEN {}",
        engine.stop_text(&format!(
            "concat({}, unit)",
            lit(engine, "roi: a unit roi does not know: ")
        ))
    );
    let counts: Vec<String> = registry
        .defs()
        .iter()
        .filter(|d| d.kind == Kind::Count)
        .map(|d| lit(engine, &d.name))
        .collect();
    if !counts.is_empty() {
        let units = unit_spellings(engine, |u| u == crate::metric::Unit::Count);
        out.push_str(&format!(
            "\n    WHEN metric IN ({}) AND unit IN ('', {units}) AND roi_fraction > 0\n      THEN {}",
            counts.join(", "),
            engine.stop_text(&format!(
                "concat({}, metric)",
                lit(engine, "roi: a count that is not whole (2.5 errors) in ")
            ))
        ));
    }
    out.push_str("\n    ELSE unit END");
    out
}

/// Every spelling roi reads of the units `which` keeps, as literals (a Polish one also with
/// its accent, which SQL's lower() keeps, and each also with a final dot).
fn unit_spellings(engine: Engine, which: impl Fn(crate::metric::Unit) -> bool) -> String {
    crate::metric::UNIT_SPELLINGS
        .iter()
        .filter(|(_, u)| which(*u))
        .flat_map(|(s, _)| {
            let accented = (*s == "dzien").then_some("dzień");
            std::iter::once(*s).chain(accented)
        })
        // And each with a final dot (`godz.`), as roi reads it.
        .flat_map(|s| [s.to_string(), format!("{s}.")])
        .map(|s| lit(engine, &s))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Hours in one of a row's unit, for its SLA target: an empty unit is the metric's own (a
/// response time's is minutes), as roi reads a summary row without one.
fn per_hour(engine: Engine, registry: &Registry) -> String {
    use crate::metric::Unit;
    let arm = |u: Unit, factor: &str| {
        format!(
            "\n      WHEN r.unit IN ({}) THEN {factor}",
            unit_spellings(engine, |x| x == u)
        )
    };
    let factor = |u: Unit| match u {
        Unit::Seconds => "3600",
        Unit::Minutes => "60",
        Unit::Days => "1.0 / 24",
        Unit::Hours | Unit::Count => "1",
    };
    let own: String = registry
        .defs()
        .iter()
        .filter(|d| !matches!(d.unit, Unit::Hours | Unit::Count))
        .map(|d| format!(" WHEN {} THEN {}", lit(engine, &d.name), factor(d.unit)))
        .collect();
    let blank = if own.is_empty() {
        "1".to_string()
    } else {
        format!("CASE r.metric{own} ELSE 1 END")
    };
    // Hours first, the commonest unit of a target's metric (a cycle time); a count, which
    // has no target, falls to the rest.
    format!(
        "CASE{}{}{}{}\n      WHEN r.unit = '' THEN {blank}\n      ELSE 1 END",
        arm(Unit::Hours, factor(Unit::Hours)),
        arm(Unit::Minutes, factor(Unit::Minutes)),
        arm(Unit::Seconds, factor(Unit::Seconds)),
        arm(Unit::Days, factor(Unit::Days)),
    )
}

/// A column name as the engine quotes it: Spark in backticks (a backtick doubled), DuckDB
/// and PostgreSQL in double quotes (a double quote doubled).
fn quote(engine: Engine, col: &str) -> String {
    match engine {
        Engine::Spark => format!("`{}`", col.replace('`', "``")),
        _ => format!("\"{}\"", col.replace('"', "\"\"")),
    }
}

/// A text literal as the engine reads it back exactly. Spark SQL reads backslash escapes in
/// a string literal (`spark.sql.parser.escapedStringLiterals` is off by default), so a
/// backslash and a quote are escaped with a backslash; DuckDB and PostgreSQL (with
/// `standard_conforming_strings`, its default since 9.1) keep a backslash as it is and read
/// a quote doubled.
fn lit(engine: Engine, s: &str) -> String {
    match engine {
        Engine::Spark => format!("'{}'", s.replace('\\', "\\\\").replace('\'', "\\'")),
        _ => format!("'{}'", s.replace('\'', "''")),
    }
}

/// A name no quoting keeps safe: a line break ends the header's `--` comments and starts a
/// statement of its own, and a control character (NUL, a carriage return) is cut, changed or
/// refused differently by each engine and each client.
fn unquotable(s: &str) -> bool {
    s.chars()
        .any(|c| c.is_control() || matches!(c, '\u{2028}' | '\u{2029}'))
}

/// A name with its unsafe characters written as escapes (`team\nDROP`), the rest as typed.
fn shown(s: &str) -> String {
    s.chars()
        .map(|c| {
            if unquotable(c.encode_utf8(&mut [0; 4])) {
                c.escape_debug().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// Every name roi.toml (or `--by`) puts into the SQL, each with the key it comes from.
fn names(a: &Assumptions, by_from_cli: bool) -> Vec<(&'static str, String)> {
    let registry = a.registry();
    let mut names = Vec::new();
    if let Some(by) = &registry.rules.by {
        let key = if by_from_cli { "--by" } else { "[report] by" };
        names.push((key, by.clone()));
    }
    for m in &registry.rules.sla_met {
        names.push(("[columns] sla_met", m.column.clone()));
        names.push(("[columns] sla_met", m.metric.clone()));
    }
    for by in &registry.rules.sla_by {
        names.push(("[sla.by]", by.dim.clone()));
        for (value, metric, _) in &by.targets {
            names.push(("[sla.by]", value.clone()));
            names.push(("[sla.by]", metric.clone()));
        }
    }
    for metric in a.sla_hours.keys() {
        names.push(("[sla]", metric.clone()));
    }
    for d in registry.defs() {
        names.push(("[metrics]", d.name.clone()));
    }
    for m in &registry.rules.missing {
        names.push(("[input] missing", m.clone()));
    }
    names
}

/// Refuses a name that cannot be quoted safely, located in roi.toml where it is written.
fn refuse_unquotable(a: &Assumptions, by_from_cli: bool) -> Result<(), RoiError> {
    let file = a.path.clone().unwrap_or_else(|| "roi.toml".to_string());
    let mut problems: Vec<Problem> = Vec::new();
    for (key, name) in names(a, by_from_cli) {
        if !unquotable(&name) {
            continue;
        }
        let found = msg!(sql_name_unsafe, key = key, name = shown(&name));
        let problem = if key == "--by" {
            Problem::in_file("--by")
        } else {
            match a
                .text
                .as_deref()
                .and_then(|t| crate::assumptions::locate(t, &name))
            {
                Some((line, col)) => Problem::at(&file, line, Some(col)),
                None => Problem::in_file(&file),
            }
        }
        .says(found, msg!(sql_name_expected));
        if !problems.contains(&problem) {
            problems.push(problem);
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(RoiError::Input { problems, more: 0 })
    }
}

/// The SQL of roi.toml's SLA: the targets (`[sla]`, and by a dimension's value,
/// `[sla.by.DIM]`) and the columns that say whether each case met it (`[columns] sla_met`),
/// judged as roi judges the raw rows.
struct Sla {
    /// The columns `raw` reads besides metric, value, unit and date.
    select: String,
    /// Those columns, for the header comment.
    note: String,
    /// The target of a row in hours, or null.
    target_h: String,
    /// The metrics with a target, as literals.
    targeted: Vec<String>,
    /// The `WHEN` arms of the metrics a column judges.
    met_cases: String,
    met_note: String,
    /// `sla_target` of a summary row: null where the targets differ case by case.
    sla_target: String,
}

impl Sla {
    fn of(engine: Engine, a: &Assumptions, rules: &crate::rules::InputRules) -> Sla {
        let (text, double) = (engine.text(), engine.double());
        let lit = |s: &str| lit(engine, s);
        let number = |h: f64| format!("CAST({h:?} AS {double})");
        let mut select = String::new();
        let mut note = String::new();
        let mut met_cases = String::new();
        let mut judged: Vec<&str> = Vec::new();
        for (i, m) in rules.sla_met.iter().enumerate() {
            if judged.contains(&m.metric.as_str()) {
                continue;
            }
            judged.push(&m.metric);
            select.push_str(&format!(
                ",\n    lower(trim(CAST({} AS {text}))) AS sla_met_{i}",
                quote(engine, &m.column)
            ));
            note.push_str(&format!(
                "--   {}: whether each {} case met its SLA (yes/no)\n",
                m.column, m.metric
            ));
            let words = |w: &[&str]| w.iter().map(|x| lit(x)).collect::<Vec<_>>().join(", ");
            met_cases.push_str(&format!(
                "\n      WHEN metric = {} THEN CASE WHEN sla_met_{i} IN ({}) THEN 1 WHEN sla_met_{i} IN ({}) THEN 0 END",
                lit(&m.metric),
                words(crate::rules::FLAG_TRUE),
                words(crate::rules::FLAG_FALSE),
            ));
        }
        let met_note = if met_cases.is_empty() {
            String::new()
        } else {
            "\n-- A yes/no cell roi does not know (and an empty one) counts as not told; roi itself\n-- refuses an unknown word, so check the column's words before you run this.".to_string()
        };
        // Each metric's targets: by the first dimension that lists it, then `[sla]`'s.
        let mut general: Vec<(String, f64)> = a
            .sla_hours
            .iter()
            .filter_map(|(m, t)| Some((m.clone(), t.value.to_f64()?)))
            .collect();
        general.sort_by(|x, y| x.0.cmp(&y.0));
        let mut arms = String::new();
        let mut targeted: Vec<String> = Vec::new();
        let mut by_done: Vec<&str> = Vec::new();
        for (j, by) in rules.sla_by.iter().enumerate() {
            let mut used = false;
            for (value, metric, hours) in &by.targets {
                if judged.contains(&metric.as_str()) || by_done.contains(&metric.as_str()) {
                    continue;
                }
                used = true;
                if !targeted.contains(&lit(metric)) {
                    targeted.push(lit(metric));
                }
                arms.push_str(&format!(
                    "\n      WHEN metric = {} AND sla_by_{j} = {} THEN {}",
                    lit(metric),
                    lit(value.trim()),
                    number(*hours)
                ));
            }
            for (_, metric, _) in &by.targets {
                if !by_done.contains(&metric.as_str()) {
                    by_done.push(metric);
                }
            }
            if used {
                select.push_str(&format!(
                    ",\n    trim(CAST({} AS {text})) AS sla_by_{j}",
                    quote(engine, &by.dim)
                ));
                note.push_str(&format!(
                    "--   {}: the SLA target differs by its value ([sla.by.{}])\n",
                    by.dim, by.dim
                ));
            }
        }
        for (metric, hours) in &general {
            if !targeted.contains(&lit(metric)) {
                targeted.push(lit(metric));
            }
            arms.push_str(&format!(
                "\n      WHEN metric = {} THEN {}",
                lit(metric),
                number(*hours)
            ));
        }
        let target_h = if arms.is_empty() {
            format!("CAST(NULL AS {double})")
        } else {
            format!("(CASE{arms}\n    END)")
        };
        let per_case: Vec<String> = judged.iter().chain(&by_done).map(|m| lit(m)).collect();
        let sla_target = if per_case.is_empty() {
            "max(target)".to_string()
        } else {
            format!(
                "CASE WHEN metric IN ({}) THEN NULL ELSE max(target) END",
                per_case.join(", ")
            )
        };
        Sla {
            select,
            note,
            target_h,
            targeted,
            met_cases,
            met_note,
            sla_target,
        }
    }
}

/// The metric column written as roi compares names (`metric::normalize_name`): trimmed,
/// lower case, accents folded, each run of spaces, dashes and underscores one underscore.
/// The folded letters are the ones roi folds, upper case too (PostgreSQL's `lower` leaves
/// them as they are under the C collation). The string work is per row, so it is done only
/// where needed: a cell that holds one of roi.toml's names skips it, and an ASCII one skips
/// the accents (DuckDB's `translate` over the ninety of them costs about ten times the whole
/// recipe when every row pays it).
fn spelling(engine: Engine, registry: &Registry) -> String {
    let (mut from, mut to) = (String::new(), String::new());
    for c in '\u{c0}'..='\u{17f}' {
        let folded = crate::metric::normalize_name(c.encode_utf8(&mut [0; 4]));
        let mut chars = folded.chars();
        if let (Some(f), None) = (chars.next(), chars.next())
            && f.is_ascii_lowercase()
        {
            from.push(c);
            to.push(f);
        }
    }
    let text = engine.text();
    let cell = format!("CAST(metric AS {text})");
    let lower = format!("lower(trim({cell}))");
    let name = |folded: String| format!("trim(BOTH '_' FROM {})", engine.one_underscore(&folded));
    let ascii = name(format!("translate({lower}, ' -' || chr(9), '___')"));
    let any = name(format!(
        "translate({lower},\n        {} || ' -' || chr(9) || chr(160),\n        {})",
        lit(engine, &from),
        lit(engine, &format!("{to}____"))
    ));
    let known: Vec<String> = registry
        .defs()
        .iter()
        .map(|d| lit(engine, &d.name))
        .collect();
    format!(
        "CASE\n      WHEN {cell} IN ({}) THEN {cell}\n      WHEN {} THEN {ascii}\n      ELSE {any} END",
        known.join(", "),
        engine.ascii(&cell),
    )
}

/// The `WHEN` arms that give a built-in metric's other names (`czas_cyklu`, `lead_time`) its
/// own.
fn aliases(engine: Engine) -> String {
    let mut arms = String::new();
    for b in crate::metric::BUILTINS {
        for alias in b.aliases {
            let alias = crate::metric::normalize_name(alias);
            if alias != b.name {
                arms.push_str(&format!(
                    "\n      WHEN {} THEN {}",
                    lit(engine, &alias),
                    lit(engine, b.name)
                ));
            }
        }
    }
    arms
}

/// The condition that keeps the case durations (their weekly means are all roi needs).
fn durations_in(engine: Engine, registry: &Registry) -> String {
    let durations: Vec<String> = registry
        .defs()
        .iter()
        .filter(|d| d.kind == Kind::CaseDuration)
        .map(|d| lit(engine, &d.name))
        .collect();
    if durations.is_empty() {
        "1 = 0".to_string()
    } else {
        format!("metric IN ({})", durations.join(", "))
    }
}
