//! Renderer snapshots: every renderer — the screen, Markdown, HTML, JSON and the workbook's
//! cells — of one Report built by the library from fixture files (no binary is run), in
//! English and Polish, so any change in what users read is seen and reviewed
//! (`cargo insta review`).

use roi::assumptions::Assumptions;
use roi::i18n::Lang;
use roi::render::{self, Context};
use roi::report::Report;

const TODAY: &str = "metric,value,unit,date\n\
cycle_time,10,h,2026-09-01\ncycle_time,10,h,2026-09-10\ncycle_time,12,h,2026-09-20\ncycle_time,12,h,2026-09-30\n\
response_time,20,min,2026-09-02\nresponse_time,40,min,2026-09-03\nresponse_time,50,min,2026-09-04\nresponse_time,25,min,2026-09-05\n\
errors,30,,2026-09-15\ndowntime,120,min,2026-09-16\nreklamacje,4,,2026-09-17\n";

const AFTER: &str = "metric,value,unit,date\n\
cycle_time,8,h,2026-10-01\ncycle_time,8,h,2026-10-10\ncycle_time,9,h,2026-10-20\ncycle_time,9,h,2026-10-30\n\
response_time,20,min,2026-10-02\nresponse_time,25,min,2026-10-03\nresponse_time,28,min,2026-10-04\nresponse_time,40,min,2026-10-05\n\
errors,15,,2026-10-15\ndowntime,1,h,2026-10-16\nreklamacje,1,,2026-10-17\n";

const CONFIG: &str = "currency = \"PLN\"\nhorizon_months = 12\nrisk_adjustment = 0.2\n\
[rates]\nhourly_cost = 100\nlabor_share = 0.5\ncost_per_error = 50\n\
[investment]\none_time = 10000\nmonthly = 500\nramp_up_months = 2\n\
[metrics.reklamacje]\nkind = \"count\"\ncost_per_unit = 200\nlabel = \"complaints\"\n";

/// The report of the fixture, with file names as a user would type them.
fn report() -> Report {
    let dir = tempfile::tempdir().unwrap();
    let path = |n: &str| dir.path().join(n);
    std::fs::write(path("today.csv"), TODAY).unwrap();
    std::fs::write(path("after.csv"), AFTER).unwrap();
    std::fs::write(path("roi.toml"), CONFIG).unwrap();
    let a = Assumptions::load(&path("roi.toml")).unwrap();
    let mut r = roi::cmd::compute::compute(&path("today.csv"), &path("after.csv"), &a, None, false)
        .unwrap();
    r.inputs.today.file = "today.csv".into();
    r.inputs.after.file = "after.csv".into();
    r.inputs.config = Some("roi.toml".into());
    r
}

/// What the renderer writing `file` (None: the screen) makes of the report in `lang`.
fn rendered(file: Option<&str>, lang: Lang) -> String {
    let report = report();
    let doc = roi::document::build(&report, lang, &[]);
    let cx = Context {
        data: render::Data::Case(&report),
        doc: &doc,
        charts: &[],
        width: render::PIPE_WIDTH,
    };
    let r = render::RENDERERS
        .iter()
        .find(|r| r.file(cx.data) == file)
        .expect("a renderer for the file");
    String::from_utf8(render::to_bytes(*r, &cx).unwrap()).unwrap()
}

fn workbook(lang: Lang) -> String {
    let report = report();
    let doc = roi::document::build(&report, lang, &[]);
    render::xlsx::build(&report, &doc, &[]).dump()
}

#[test]
fn screen_in_english() {
    insta::assert_snapshot!(rendered(None, Lang::En));
}

#[test]
fn screen_in_polish() {
    insta::assert_snapshot!(rendered(None, Lang::Pl));
}

#[test]
fn markdown_in_english() {
    insta::assert_snapshot!(rendered(Some("summary.md"), Lang::En));
}

#[test]
fn markdown_in_polish() {
    insta::assert_snapshot!(rendered(Some("summary.md"), Lang::Pl));
}

#[test]
fn html_in_english() {
    insta::assert_snapshot!(rendered(Some("report.html"), Lang::En));
}

#[test]
fn html_in_polish() {
    insta::assert_snapshot!(rendered(Some("report.html"), Lang::Pl));
}

#[test]
fn json_is_the_same_in_every_language() {
    let en = rendered(Some("summary.json"), Lang::En);
    assert_eq!(en, rendered(Some("summary.json"), Lang::Pl));
    insta::assert_snapshot!(en);
}

#[test]
fn workbook_cells_in_english() {
    insta::assert_snapshot!(workbook(Lang::En));
}

#[test]
fn workbook_cells_in_polish() {
    insta::assert_snapshot!(workbook(Lang::Pl));
}

/// `roi track` on the samples: the case of `roi compute` on them (with `--by process` when
/// `by`), tracked over the after-file's two months, in `lang`. Returns the screen, track.md,
/// track.json and the workbook's cells as a formula engine reads them.
fn tracked(lang: &str, by: bool) -> [String; 4] {
    let f = crate::common::Fixture::new();
    let samples = concat!(env!("CARGO_MANIFEST_DIR"), "/samples");
    let (today, after, config) = (
        format!("{samples}/today.csv"),
        format!("{samples}/after.csv"),
        format!("{samples}/roi.toml"),
    );
    let mut args = vec![
        "compute",
        &today,
        &after,
        "--config",
        &config,
        "--no-charts",
        "--out",
        "case",
    ];
    if by {
        args.extend(["--by", "process"]);
    }
    assert_eq!(f.roi(&args).code, 0);
    let run = f.roi(&[
        "track",
        "case/summary.json",
        &after,
        "--lang",
        lang,
        "--out",
        "t",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let read = |name: &str| std::fs::read_to_string(f.path(name)).unwrap();
    let path = f.path("t/track.xlsx");
    let model = ironcalc::import::load_from_xlsx(path.to_str().unwrap(), "en", "UTC", "en")
        .expect("track.xlsx loads");
    let mut cells: Vec<String> = model
        .get_all_cells()
        .into_iter()
        .map(|c| {
            let at = (c.index, c.row, c.column);
            let shown = match model.get_cell_formula(c.index, c.row, c.column) {
                Ok(Some(formula)) => formula,
                _ => model
                    .get_formatted_cell_value(c.index, c.row, c.column)
                    .unwrap_or_default(),
            };
            format!("{at:?} {shown}")
        })
        .collect();
    cells.sort();
    [
        run.stdout,
        read("t/track.md"),
        read("t/track.json"),
        cells.join("\n"),
    ]
}

#[test]
fn track_in_english() {
    let [screen, md, json, cells] = tracked("en", false);
    insta::assert_snapshot!("track_screen_in_english", screen);
    insta::assert_snapshot!("track_markdown_in_english", md);
    insta::assert_snapshot!("track_json", json);
    insta::assert_snapshot!("track_workbook_in_english", cells);
}

#[test]
fn track_in_polish() {
    let [screen, md, json, cells] = tracked("pl", false);
    insta::assert_snapshot!("track_screen_in_polish", screen);
    insta::assert_snapshot!("track_markdown_in_polish", md);
    insta::assert_snapshot!("track_json", json);
    insta::assert_snapshot!("track_workbook_in_polish", cells);
}

#[test]
fn track_by_segment() {
    let [screen, _, json, _] = tracked("en", true);
    insta::assert_snapshot!("track_by_segment_screen", screen);
    insta::assert_snapshot!("track_by_segment_json", json);
}
