//! The command line (clap derive). Converted once into domain settings; no other module sees
//! clap.

use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// roi turns two operational exports, today and after the change, into the business case a
/// COO believes: flow, predictability, quality, uptime and money.
#[derive(Debug, Parser)]
#[command(
    name = "roi",
    version,
    about,
    long_about = None,
    after_help = "Examples:\n  \
    roi compute today.csv after.csv                  summary on screen, report in ./roi-report/\n  \
    roi compute today.csv after.csv --config roi.toml --format json\n  \
    roi check today.csv                              what roi sees in a file, and every problem\n  \
    roi init                                         a commented roi.toml and sample CSVs to start from"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Compare today with after the change and write the report.
    ///
    /// Examples:
    ///   roi compute today.csv after.csv
    ///   roi compute today.csv after.csv --config roi.toml --format json
    ///   roi compute export_2026_09.csv pilot_2026_10.csv --encoding windows-1250 --out proposal/
    #[command(verbatim_doc_comment)]
    Compute(ComputeArgs),
    /// Before any pilot: the case from today's export and the improvement promised in
    /// [targets] (roi.toml), every figure marked projected, and per lever how long a pilot
    /// must run to prove it.
    ///
    /// Examples:
    ///   roi project today.csv --config roi.toml
    ///   roi project today.csv --format json --out proposal/
    #[command(verbatim_doc_comment)]
    Project(ProjectArgs),
    /// Show what roi sees in a file: layout, delimiter, encoding, metrics, window, and every
    /// problem with its line.
    ///
    /// Examples:
    ///   roi check today.csv
    ///   roi check today.csv after.csv --config roi.toml
    #[command(verbatim_doc_comment)]
    Check(CheckArgs),
    /// Write a commented roi.toml (every key at its default) and a small today/after pair.
    ///
    /// Examples:
    ///   roi init                 into the current folder
    ///   roi init proposal-acme   into a new folder
    #[command(verbatim_doc_comment)]
    Init(InitArgs),
    /// Print the SQL that summarises a raw long table where the data lives (DuckDB, Spark
    /// SQL, PostgreSQL) into the summary layout roi reads, filled in from roi.toml.
    ///
    /// Examples:
    ///   roi recipe duckdb --source "read_parquet('today/*.parquet')" > today.sql
    ///   roi recipe spark --config roi.toml --by site --source events_today
    #[command(verbatim_doc_comment)]
    Recipe(RecipeArgs),
    /// Hold each month after go-live against the case promised: the levers realised beside
    /// the plan, a verdict per lever, the cumulative cash flow and the payback re-estimated.
    ///
    /// Examples:
    ///   roi track roi-report/summary.json actuals_q4.csv
    ///   roi track case.json october.xlsx --month 2026-10 --lang pl
    #[command(verbatim_doc_comment)]
    Track(TrackArgs),
}

#[derive(Debug, clap::Args)]
pub struct TrackArgs {
    /// The summary.json of the roi compute that made the case
    pub case: PathBuf,
    /// Exports of the months after go-live, in any layout roi reads
    #[arg(required = true)]
    pub actuals: Vec<PathBuf>,
    /// Each file is this one month (YYYY-MM) instead of split by its dates
    #[arg(long, value_name = "YYYY-MM")]
    pub month: Option<String>,
    /// A roi.toml whose column mappings read the actuals (the case keeps its own assumptions)
    #[arg(long, short, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// What to print on screen: text, md or json
    #[arg(long, short, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Folder that receives track.json and track.md (nothing else in it is touched)
    #[arg(long, short, value_name = "DIR", default_value = "roi-track")]
    pub out: PathBuf,
    /// Read the files in this encoding instead of detecting it
    #[arg(long, value_name = "ENC", value_parser = parse_encoding)]
    pub encoding: Option<&'static encoding_rs::Encoding>,
    /// Language of every output: en or pl
    #[arg(long, value_enum, default_value_t = LangArg::En)]
    pub lang: LangArg,
}

#[derive(Debug, clap::Args)]
pub struct RecipeArgs {
    /// The engine: duckdb, spark or postgres
    #[arg(value_enum)]
    pub engine: EngineArg,
    /// roi.toml whose SLA targets and metrics the recipe uses (default: ./roi.toml if it exists)
    #[arg(long, short, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Also summarise per value of this column, for roi compute --by
    #[arg(long, value_name = "COLUMN")]
    pub by: Option<String>,
    /// The table (or file expression) of one side's raw rows: metric, value, unit, date
    #[arg(long, value_name = "SQL", default_value = "raw")]
    pub source: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum EngineArg {
    /// DuckDB (quantile_cont)
    Duckdb,
    /// Spark SQL (percentile)
    Spark,
    /// PostgreSQL (percentile_cont)
    Postgres,
}

#[derive(Debug, clap::Args)]
pub struct InitArgs {
    /// The folder to write into (created if missing)
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// Replace roi.toml, today.csv and after.csv if they exist
    #[arg(long)]
    pub force: bool,
    /// Language of roi.toml's comments and of the command's messages: en or pl
    #[arg(long, value_enum, default_value_t = LangArg::En)]
    pub lang: LangArg,
}

#[derive(Debug, clap::Args)]
pub struct ComputeArgs {
    /// The export of how work runs today (CSV or a workbook, long or wide layout, or an event
    /// log), e.g. today.csv
    pub today: PathBuf,
    /// The export of how work runs after the change (a pilot, a comparable site), e.g. after.csv
    pub after: PathBuf,
    /// Assumptions (rates, investment, SLA targets, custom metrics), e.g. roi.toml.
    /// Default: ./roi.toml if it exists, else built-in defaults.
    #[arg(long, short, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// What to print on screen: text (for the terminal), md (paste-ready Markdown) or json
    #[arg(long, short, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Folder that receives the report: summary.md, summary.json, report.html,
    /// business_case.xlsx and the charts (nothing else in it is touched)
    #[arg(long, short, value_name = "DIR", default_value = "roi-report")]
    pub out: PathBuf,
    /// Read both files in this encoding instead of detecting it (utf-8, windows-1250, iso-8859-2 …)
    #[arg(long, value_name = "ENC", value_parser = parse_encoding)]
    pub encoding: Option<&'static encoding_rs::Encoding>,
    /// In workbooks (.xlsx, .xls, .ods), read this sheet instead of the first
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,
    /// Break the case down by this column (process, team, site …): per segment, the mix
    /// shift separated from faster work, the savings stratified. Also [report] by in roi.toml
    #[arg(long, value_name = "COLUMN")]
    pub by: Option<String>,
    /// The same export from a site or team the change did not touch, over the same two
    /// periods: each change becomes the difference in differences. Also [control] in roi.toml
    #[arg(long, num_args = 2, value_names = ["CONTROL_TODAY", "CONTROL_AFTER"])]
    pub control: Option<Vec<PathBuf>>,
    /// The summary.json of `roi project`: each lever's measured change is set against its
    /// target ("cycle time -24% measured against -20% projected: target met, proven")
    #[arg(long, value_name = "CASE.json")]
    pub projected: Option<PathBuf>,
    /// Language of every output (summaries, narrative, workbook, charts): en or pl
    #[arg(long, value_enum, default_value_t = LangArg::En)]
    pub lang: LangArg,
    /// Do not draw the charts (report.html and the workbook are written without them)
    #[arg(long)]
    pub no_charts: bool,
    /// Also write every chart as SVG beside its PNG
    #[arg(long)]
    pub svg: bool,
}

#[derive(Debug, clap::Args)]
pub struct ProjectArgs {
    /// The export of how work runs today (CSV or a workbook, long or wide layout, or an event
    /// log), e.g. today.csv
    pub today: PathBuf,
    /// Assumptions with [targets], the improvement promised (cycle_time = "-20%"), e.g.
    /// roi.toml. Default: ./roi.toml if it exists
    #[arg(long, short, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// What to print on screen: text (for the terminal), md (paste-ready Markdown) or json
    #[arg(long, short, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Folder that receives the report (nothing else in it is touched)
    #[arg(long, short, value_name = "DIR", default_value = "roi-report")]
    pub out: PathBuf,
    /// Read the file in this encoding instead of detecting it (utf-8, windows-1250 …)
    #[arg(long, value_name = "ENC", value_parser = parse_encoding)]
    pub encoding: Option<&'static encoding_rs::Encoding>,
    /// In workbooks (.xlsx, .xls, .ods), read this sheet instead of the first
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,
    /// Break the case down by this column (process, team, site …), each segment moved by
    /// the same targets. Also [report] by in roi.toml
    #[arg(long, value_name = "COLUMN")]
    pub by: Option<String>,
    /// Language of every output: en or pl
    #[arg(long, value_enum, default_value_t = LangArg::En)]
    pub lang: LangArg,
    /// Do not draw the charts
    #[arg(long)]
    pub no_charts: bool,
    /// Also write every chart as SVG beside its PNG
    #[arg(long)]
    pub svg: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LangArg {
    /// English
    En,
    /// Polski
    Pl,
}

impl Cli {
    /// The language of the command's messages.
    pub fn lang(&self) -> crate::i18n::Lang {
        match &self.command {
            Command::Compute(a) => a.lang.into(),
            Command::Project(a) => a.lang.into(),
            Command::Check(a) => a.lang.into(),
            Command::Track(a) => a.lang.into(),
            Command::Init(a) => a.lang.into(),
            Command::Recipe(_) => crate::i18n::Lang::En,
        }
    }
}

impl From<LangArg> for crate::i18n::Lang {
    fn from(l: LangArg) -> Self {
        match l {
            LangArg::En => crate::i18n::Lang::En,
            LangArg::Pl => crate::i18n::Lang::Pl,
        }
    }
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// One or more CSV exports to inspect, e.g. today.csv after.csv
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// roi.toml whose custom metrics and column mappings apply (default: ./roi.toml if it exists)
    #[arg(long, short, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Read the files in this encoding instead of detecting it (utf-8, windows-1250 …)
    #[arg(long, value_name = "ENC", value_parser = parse_encoding)]
    pub encoding: Option<&'static encoding_rs::Encoding>,
    /// In workbooks (.xlsx, .xls, .ods), read this sheet instead of the first
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,
    /// Language of the description: en or pl
    #[arg(long, value_enum, default_value_t = LangArg::En)]
    pub lang: LangArg,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// A table for the terminal
    Text,
    /// Paste-ready Markdown (same as summary.md)
    Md,
    /// The machine-readable summary (same as summary.json)
    Json,
}

fn parse_encoding(label: &str) -> Result<&'static encoding_rs::Encoding, String> {
    let label = match label.to_ascii_lowercase().as_str() {
        "cp1250" => "windows-1250".to_string(),
        "latin2" => "iso-8859-2".to_string(),
        other => other.to_string(),
    };
    encoding_rs::Encoding::for_label(label.as_bytes()).ok_or_else(|| {
        "unknown encoding; expected e.g. utf-8, windows-1250, iso-8859-2".to_string()
    })
}
