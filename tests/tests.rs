//! Every integration test, in one binary: a change to the library links once, not once per
//! file. Each module says what it covers; put a new test beside the ones it resembles.

/// Helpers: fixture files in a temporary folder, the real binary, its output.
mod common;

/// Bad input: a located message, exit code 1, nothing written.
mod bad_input;
/// The business case end to end: levers, finance, the summaries in both languages.
mod business_case;
/// Every chart is a valid 16:9 PNG (and SVG), byte-identical on a rerun.
mod charts;
/// A control site: the difference in differences, worked by hand.
mod control;
/// Public real exports no one here wrote, against figures computed independently.
mod corpus;
/// deck.pptx: every slide's text and chart, in both languages.
mod deck;
/// Exports as real systems write them: timestamps, event logs, workbooks, calendars.
mod exports;
/// Layouts and locale features: long and wide files, units, delimiters, encodings.
mod input_formats;
/// `summary.json` keeps every field of the JSON contract.
mod json_contract;
/// `--lang pl` everywhere a person reads.
mod polish;
/// How likely the case holds: the closed form, ranges by simulation, the headline line.
mod probability;
/// `roi project`: the case before a pilot, and the pilot plan.
mod project;
/// Property tests of the small pure functions every figure goes through.
mod properties;
/// The report folder as a transaction.
mod report_folder;
/// Inputs an adversary brings: no panic, bounded work, escaped output.
mod robustness;
/// `--by`: the case by segment.
mod segments;
/// Renderer snapshots of what users read (`cargo insta review`).
mod snapshots;
/// The summary layout: a case from statistics computed elsewhere.
mod summary;
/// The screen summary on a real terminal.
mod terminal;
/// `roi track`: months after go-live against the case.
mod track;
/// `business_case.xlsx` evaluated by a real formula engine.
mod workbook;
/// Workbooks that lie about their size: refused, located, within a memory limit.
mod workbook_bounds;
