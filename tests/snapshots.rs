//! Renderer snapshots: the screen summary, the Markdown and the JSON of one small business
//! case, so any change in what users read is seen and reviewed (`cargo insta review`).

mod common;
use common::Fixture;

const TODAY: &str = "metric,value,unit,date\n\
cycle_time,10,h,2026-09-01\ncycle_time,10,h,2026-09-10\ncycle_time,12,h,2026-09-20\ncycle_time,12,h,2026-09-30\n\
response_time,20,min,2026-09-02\nresponse_time,40,min,2026-09-03\nresponse_time,50,min,2026-09-04\nresponse_time,25,min,2026-09-05\n\
errors,30,,2026-09-15\ndowntime,120,min,2026-09-16\n";

const AFTER: &str = "metric,value,unit,date\n\
cycle_time,8,h,2026-10-01\ncycle_time,8,h,2026-10-10\ncycle_time,9,h,2026-10-20\ncycle_time,9,h,2026-10-30\n\
response_time,20,min,2026-10-02\nresponse_time,25,min,2026-10-03\nresponse_time,28,min,2026-10-04\nresponse_time,40,min,2026-10-05\n\
errors,15,,2026-10-15\ndowntime,1,h,2026-10-16\n";

const CONFIG: &str = "currency = \"PLN\"\nhorizon_months = 12\nrisk_adjustment = 0.2\n\
[rates]\nhourly_cost = 100\nlabor_share = 0.5\ncost_per_error = 50\n\
[investment]\none_time = 10000\nmonthly = 500\nramp_up_months = 2\n";

fn run(args: &[&str]) -> String {
    let f = Fixture::new();
    f.write("today.csv", TODAY);
    f.write("after.csv", AFTER);
    f.write("roi.toml", CONFIG);
    let mut all = vec![
        "compute",
        "today.csv",
        "after.csv",
        "--config",
        "roi.toml",
        "--no-charts",
        "--out",
        "out",
    ];
    all.extend_from_slice(args);
    let r = f.roi(&all);
    assert_eq!(r.code, 0, "{}", r.stderr);
    r.stdout
}

#[test]
fn screen_summary_in_english() {
    insta::assert_snapshot!(run(&[]));
}

#[test]
fn markdown_in_polish() {
    insta::assert_snapshot!(run(&["--format", "md", "--lang", "pl"]));
}

#[test]
fn json_contract() {
    insta::assert_snapshot!(run(&["--format", "json"]));
}
