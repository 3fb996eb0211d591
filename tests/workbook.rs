//! `business_case.xlsx` evaluated by a real formula engine (IronCalc): every formula gives
//! roi's own figure, and changing an assumption cell gives what `roi compute` gives with that
//! value in roi.toml — annual savings, NPV, ROI and payback to the cent.

use crate::common::Fixture;
use ironcalc::base::Model;
use ironcalc::base::cell::CellValue;
use ironcalc::import::load_from_xlsx;

const SAMPLES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/samples");

/// Runs `roi compute` on the samples with their roi.toml, edited by `edit`; returns the
/// folder and the JSON summary.
fn compute(edit: &dyn Fn(String) -> String, extra: &[&str]) -> (Fixture, serde_json::Value) {
    let f = Fixture::new();
    let config = crate::common::sample_config();
    f.write("roi.toml", &edit(config));
    let today = format!("{SAMPLES}/today.csv");
    let after = format!("{SAMPLES}/after.csv");
    let json = compute_in(&f, &today, &after, extra);
    (f, json)
}

/// `roi compute` of two files in the fixture's folder with its roi.toml, the report in
/// `out/` without charts; the JSON summary.
fn compute_in(f: &Fixture, today: &str, after: &str, extra: &[&str]) -> serde_json::Value {
    let mut args = vec![
        "compute",
        today,
        after,
        "--config",
        "roi.toml",
        "--no-charts",
        "--format",
        "json",
        "--out",
        "out",
    ];
    args.extend_from_slice(extra);
    let run = f.roi(&args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    run.json()
}

fn load(f: &Fixture) -> Model<'static> {
    let path = f.path("out/business_case.xlsx");
    load_from_xlsx(path.to_str().unwrap(), "en", "UTC", "en")
        .unwrap_or_else(|e| panic!("the workbook does not load: {e}"))
}

/// Every formula cell and its value, in sheet, row, column order.
fn formula_values(model: &Model) -> Vec<((u32, i32, i32), CellValue)> {
    let mut out = Vec::new();
    for c in model.get_all_cells() {
        if let Ok(Some(_)) = model.get_cell_formula(c.index, c.row, c.column) {
            let v = model
                .get_cell_value_by_index(c.index, c.row, c.column)
                .unwrap();
            out.push(((c.index, c.row, c.column), v));
        }
    }
    out.sort_by_key(|(at, _)| *at);
    out
}

/// Where a defined name points: (sheet, row, column), 1-based rows and columns.
fn cell_of(model: &Model, name: &str) -> (u32, i32, i32) {
    let (_, _, formula) = model
        .get_defined_name_list()
        .into_iter()
        .find(|(n, _, _)| n == name)
        .unwrap_or_else(|| panic!("no name {name}"));
    let formula = formula.trim_start_matches('=');
    let (sheet, cell) = formula.rsplit_once('!').unwrap();
    let sheet = sheet.trim_matches('\'').replace("''", "'");
    let index = model
        .get_worksheets_properties()
        .iter()
        .position(|s| s.name == sheet)
        .unwrap_or_else(|| panic!("no sheet {sheet}")) as u32;
    let cell = cell.replace('$', "");
    let letters: String = cell.chars().take_while(char::is_ascii_alphabetic).collect();
    let row: i32 = cell[letters.len()..].parse().unwrap();
    let column = letters
        .chars()
        .fold(0, |acc, c| acc * 26 + (c as i32 - 'A' as i32 + 1));
    (index, row, column)
}

fn number(model: &Model, name: &str) -> Option<f64> {
    let (s, r, c) = cell_of(model, name);
    match model.get_cell_value_by_index(s, r, c).unwrap() {
        CellValue::Number(v) => Some(v),
        CellValue::String(t) if t == "–" => None,
        other => panic!("{name} is {other:?}"),
    }
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * b.abs().max(1.0)
}

/// Evaluates the workbook and holds every formula's figure against the one roi wrote as its
/// cached result; returns how many formulas there are.
fn evaluates_to_roi_s_figures(model: &mut Model) -> usize {
    let cached = formula_values(model);
    model.evaluate();
    let evaluated = formula_values(model);
    assert_eq!(cached.len(), evaluated.len());
    for ((at, roi), (_, engine)) in cached.iter().zip(&evaluated) {
        assert!(
            same(engine, roi),
            "cell {at:?}: the formula gives {engine:?}, roi wrote {roi:?}"
        );
    }
    cached.len()
}

fn same(a: &CellValue, b: &CellValue) -> bool {
    match (a, b) {
        (CellValue::Number(x), CellValue::Number(y)) => close(*x, *y),
        _ => a == b,
    }
}

fn money(v: &serde_json::Value) -> f64 {
    v.as_str()
        .unwrap_or_else(|| panic!("not money: {v}"))
        .parse()
        .unwrap()
}

#[test]
fn every_formula_gives_roi_s_own_figure() {
    let (f, _) = compute(&|c| c, &[]);
    let mut model = load(&f);
    // As loaded, each formula cell holds the figure roi wrote as its cached result.
    let formulas = evaluates_to_roi_s_figures(&mut model);
    assert!(formulas > 300, "only {formulas} formulas");
    // And the named headline is roi's headline.
    let j = compute(&|c| c, &[]).1;
    assert!(close(
        number(&model, "annual_risk_adjusted").unwrap(),
        money(&j["savings"]["annual_risk_adjusted"])
    ));
    assert!(close(
        number(&model, "npv").unwrap(),
        money(&j["headline"]["npv"])
    ));
}

/// Sets an assumption cell, evaluates, and holds the headline against `roi compute` with the
/// same value in roi.toml.
fn changed(name: &str, value: f64, edit: &dyn Fn(String) -> String) {
    changed_from(&|c| c, name, value, edit);
}

/// As `changed`, from the samples' roi.toml edited by `base` (`edit` edits that again).
fn changed_from(
    base: &dyn Fn(String) -> String,
    name: &str,
    value: f64,
    edit: &dyn Fn(String) -> String,
) {
    let (f, _) = compute(base, &[]);
    let mut model = load(&f);
    let (s, r, c) = cell_of(&model, name);
    model.update_cell_with_number(s, r, c, value).unwrap();
    model.evaluate();
    let (_, j) = compute(&|c| edit(base(c)), &[]);
    let cent = |a: f64, b: f64| (a - b).abs() < 0.005;
    let annual = number(&model, "annual_risk_adjusted").unwrap();
    assert!(
        cent(annual, money(&j["savings"]["annual_risk_adjusted"])),
        "{name} = {value}: annual savings {annual} vs {}",
        j["savings"]["annual_risk_adjusted"]
    );
    // The proven / not-yet-proven split follows the same cell, as roi splits it.
    for key in [
        "annual_risk_adjusted_proven",
        "annual_risk_adjusted_unproven",
    ] {
        let got = number(&model, key).unwrap();
        assert!(
            cent(got, money(&j["savings"][key])),
            "{name} = {value}: {key} {got} vs {}",
            j["savings"][key]
        );
    }
    // The headline's basis and its upside follow too.
    for (cell, key) in [
        ("headline_annual", "annual"),
        ("headline_upside", "upside_annual"),
        ("headline_cash", "annual_cash"),
        ("headline_capacity", "annual_capacity"),
    ] {
        let got = number(&model, cell).unwrap();
        assert!(
            cent(got, money(&j["headline"][key])),
            "{name} = {value}: {cell} {got} vs {}",
            j["headline"][key]
        );
    }
    // Cash and capacity of every lever.
    for key in ["annual_cash", "annual_capacity"] {
        let got = number(&model, key).unwrap();
        assert!(
            cent(got, money(&j["savings"][key])),
            "{name} = {value}: {key} {got} vs {}",
            j["savings"][key]
        );
    }
    let npv = number(&model, "npv").unwrap();
    assert!(
        cent(npv, money(&j["headline"]["npv"])),
        "{name} = {value}: NPV {npv} vs {}",
        j["headline"]["npv"]
    );
    let roi = number(&model, "roi").unwrap();
    assert!(
        close(roi, j["headline"]["roi"].as_f64().unwrap()),
        "{name} = {value}: ROI {roi} vs {}",
        j["headline"]["roi"]
    );
    let payback = number(&model, "payback_months");
    match j["headline"]["payback_months"].as_f64() {
        Some(p) => assert!(
            payback.is_some_and(|x| close(x, p)),
            "{name} = {value}: payback {payback:?} vs {p}"
        ),
        None => assert_eq!(payback, None, "{name} = {value}"),
    }
    // Every scenario: its NPV and payback, as roi computes it with the new value.
    for key in ["conservative", "expected", "optimistic", "proven"] {
        let sc = &j["scenarios"][key];
        let npv = number(&model, &format!("npv_{key}")).unwrap();
        assert!(
            cent(npv, money(&sc["npv"])),
            "{name} = {value}: {key} NPV {npv} vs {}",
            sc["npv"]
        );
        let payback = number(&model, &format!("payback_{key}"));
        match sc["payback_months"].as_f64() {
            Some(p) => assert!(
                payback.is_some_and(|x| close(x, p)),
                "{name} = {value}: {key} payback {payback:?} vs {p}"
            ),
            None => assert_eq!(payback, None, "{name} = {value}: {key}"),
        }
    }
    // The Summary holds no typed number: each one is a formula over the sheets behind it.
    for c in model.get_all_cells().iter().filter(|c| c.index == 0) {
        if let Ok(CellValue::Number(v)) = model.get_cell_value_by_index(c.index, c.row, c.column) {
            assert!(
                matches!(
                    model.get_cell_formula(c.index, c.row, c.column),
                    Ok(Some(_))
                ),
                "Summary {}:{} holds the typed number {v}",
                c.row,
                c.column
            );
        }
    }
    // How likely: the closed form, live, gives roi's chances with the new value.
    if !j["probability"].is_null() {
        same_chances(&model, &j, &format!("{name} = {value}"));
    }
    let irr = number(&model, "irr_annual");
    match j["headline"]["irr_annual"].as_f64() {
        Some(x) => assert!(
            irr.is_some_and(|i| (i - x).abs() <= 1e-6 * x.abs().max(1.0)),
            "{name} = {value}: IRR {irr:?} vs {x}"
        ),
        None => assert_eq!(irr, None, "{name} = {value}"),
    }
}

/// The workbook's chances and the NPV's percentiles (How likely sheet) against roi's JSON
/// `probability`: to 1e-9 for a chance, to the cent for money.
fn same_chances(model: &Model, j: &serde_json::Value, what: &str) {
    let pr = &j["probability"];
    for (cell, key) in [
        ("p_npv_positive", "npv_positive"),
        ("p_payback_12", "payback_within_12"),
        ("p_payback_horizon", "payback_within_horizon"),
    ] {
        let got = number(model, cell).unwrap();
        let want = pr[key].as_f64().unwrap();
        assert!(
            (got - want).abs() <= 1e-9,
            "{what}: {cell} {got} vs roi's {want}"
        );
    }
    for key in ["npv_p05", "npv_p50", "npv_p95"] {
        let got = number(model, key).unwrap();
        let want = money(&pr[key]);
        assert!(
            (got - want).abs() < 0.005,
            "{what}: {key} {got} vs roi's {want}"
        );
    }
}

fn replace(from: &'static str, to: &'static str) -> impl Fn(String) -> String {
    move |c: String| {
        assert!(c.contains(from), "the samples' roi.toml has no {from:?}");
        c.replace(from, to)
    }
}

#[test]
fn changing_the_hourly_cost_moves_every_figure_as_roi_would() {
    changed(
        "hourly_cost",
        55.0,
        &replace("hourly_cost = 42", "hourly_cost = 55"),
    );
}

#[test]
fn changing_the_discount_rate_moves_every_figure_as_roi_would() {
    changed(
        "discount_rate",
        0.12,
        &replace("discount_rate = 0.08", "discount_rate = 0.12"),
    );
}

#[test]
fn changing_the_investment_moves_every_figure_as_roi_would() {
    changed(
        "one_time",
        400_000.0,
        &replace("one_time = 85000", "one_time = 400000"),
    );
}

#[test]
fn changing_shares_ramp_and_volume_moves_every_figure_as_roi_would() {
    changed(
        "labor_share",
        0.4,
        &replace("labor_share = 0.25", "labor_share = 0.4"),
    );
    changed(
        "risk_adjustment",
        0.3,
        &replace("risk_adjustment = 0.15", "risk_adjustment = 0.3"),
    );
    changed(
        "ramp_up_months",
        0.0,
        &replace("ramp_up_months = 3", "ramp_up_months = 0"),
    );
    changed(
        "cases_per_month",
        500.0,
        &replace("# cases_per_month = 1200", "cases_per_month = 500"),
    );
    // A cost so high the case no longer pays back: no payback, no IRR, on both sides.
    changed(
        "monthly_cost",
        40_000.0,
        &replace("monthly = 3200", "monthly = 40000"),
    );
}

#[test]
fn changing_the_capacity_recapture_moves_every_figure_as_roi_would() {
    // Half of freed staff time counted as money (TEI's usual haircut): the capacity levers
    // halve, cash stays.
    changed(
        "capacity_recapture",
        0.5,
        &replace(
            "labor_share = 0.25",
            "labor_share = 0.25\ncapacity_recapture = 0.5",
        ),
    );
}

/// The samples' roi.toml with three stated lines: a benefit from month 4, a second phase of
/// the investment in month 6, and an internal team counted as capacity.
fn with_stated(c: String) -> String {
    format!(
        "{c}\n[[stated]]\nname = \"old scanner maintenance retired\"\nmonthly = 900\nfrom_month = 4\n\
         source = \"IT asset list\"\n\n[[stated]]\nname = \"integration phase 2\"\none_time = -25000\n\
         month = 6\nsource = \"the vendor's quote\"\n\n[[stated]]\nname = \"internal project team\"\n\
         monthly = -1500\nkind = \"capacity\"\nsource = \"PMO plan\"\n"
    )
}

#[test]
fn changing_a_stated_line_moves_every_figure_as_roi_would() {
    // The second phase costs 40,000 instead of 25,000 …
    changed_from(
        &with_stated,
        "stated_2_one_time",
        -40_000.0,
        &replace("one_time = -25000", "one_time = -40000"),
    );
    // … falls in month 12 instead of 6 …
    changed_from(
        &with_stated,
        "stated_2_month",
        12.0,
        &replace("month = 6\n", "month = 12\n"),
    );
    // … the licences go from month 10 …
    changed_from(
        &with_stated,
        "stated_1_from",
        10.0,
        &replace("from_month = 4", "from_month = 10"),
    );
    // … and half of staff time counts, the internal team's included.
    changed_from(
        &with_stated,
        "capacity_recapture",
        0.5,
        &replace(
            "labor_share = 0.25",
            "labor_share = 0.25\ncapacity_recapture = 0.5",
        ),
    );
}

#[test]
fn stated_lines_are_in_the_workbook_s_cash_flows_as_roi_computes_them() {
    let (f, j) = compute(&with_stated, &[]);
    let mut model = load(&f);
    // Every formula, the stated columns and the sign changes included, gives roi's figure.
    evaluates_to_roi_s_figures(&mut model);
    let flows: Vec<f64> = j["headline"]["cash_flows"]
        .as_array()
        .unwrap()
        .iter()
        .map(money)
        .collect();
    // Month 5 and month 6 differ only by the second phase (the ramp-up is over by month 3,
    // the licences run from month 4).
    assert!((flows[5] - flows[6] - 25_000.0).abs() < 0.005, "{flows:?}");
    // The flows change sign three times (−, +, −, +): no single IRR, in roi and the workbook.
    assert_eq!(j["headline"]["irr_annual"], serde_json::Value::Null);
    assert_eq!(number(&model, "irr_annual"), None);
    assert!(close(
        number(&model, "npv").unwrap(),
        money(&j["headline"]["npv"])
    ));
}

#[test]
fn on_every_lever_the_workbook_reads_the_expected_case() {
    // headline = "all": the cash flows count every lever, as roi's headline and finance do.
    let all = replace("[report]", "[report]\nheadline = \"all\"");
    changed_from(
        &all,
        "hourly_cost",
        55.0,
        &replace("hourly_cost = 42", "hourly_cost = 55"),
    );
    let (f, j) = compute(&all, &[]);
    let mut model = load(&f);
    model.evaluate();
    assert_eq!(j["headline"]["basis"], "all");
    assert_eq!(j["headline"]["npv"], j["finance"]["npv"]);
    assert!((number(&model, "npv").unwrap() - money(&j["finance"]["npv"])).abs() < 0.005);
    assert_eq!(number(&model, "headline_upside"), Some(0.0));
}

#[test]
fn the_cycle_time_sla_lever_is_live_over_its_rate() {
    // Priced at 30 EUR a breach: a lever of its own, and its rate a cell that moves it.
    let base = replace("[rates]", "[rates]\ncost_per_cycle_breach = 30");
    changed_from(
        &base,
        "cost_per_cycle_breach",
        90.0,
        &replace("cost_per_cycle_breach = 30", "cost_per_cycle_breach = 90"),
    );
    let (f, j) = compute(&base, &[]);
    let mut model = load(&f);
    model.evaluate();
    let lever = number(&model, "lever_cycle_sla").unwrap();
    assert!(
        (lever - money(&j["savings"]["monthly"]["cycle_sla"])).abs() < 0.005,
        "{lever} vs {}",
        j["savings"]["monthly"]["cycle_sla"]
    );
}

#[test]
fn the_workbook_is_the_same_for_the_same_input_and_speaks_polish() {
    let (a, _) = compute(&|c| c, &["--lang", "pl"]);
    let (b, _) = compute(&|c| c, &["--lang", "pl"]);
    let bytes = std::fs::read(a.path("out/business_case.xlsx")).unwrap();
    assert_eq!(
        bytes,
        std::fs::read(b.path("out/business_case.xlsx")).unwrap()
    );
    let model = load(&a);
    let sheets: Vec<String> = model
        .get_worksheets_properties()
        .into_iter()
        .map(|s| s.name)
        .collect();
    assert_eq!(
        sheets,
        [
            "Podsumowanie",
            "Założenia",
            "Pomiary",
            "Źródła oszczędności",
            "Przepływy pieniężne",
            "Scenariusze",
            "Prawdopodobieństwo",
            "Wnioski"
        ]
    );
}

/// The samples' roi.toml without its investment.
fn no_investment(c: String) -> String {
    c.replace("one_time = 85000", "# one_time = 85000")
        .replace("monthly = 3200", "# monthly = 3200")
}

#[test]
fn without_an_investment_the_workbook_waits_for_one() {
    let (f, j) = compute(&no_investment, &[]);
    let mut model = load(&f);
    // Every formula still gives roi's own figure.
    evaluates_to_roi_s_figures(&mut model);
    // No NPV, ROI, payback or IRR: dashes, as roi shows none.
    for name in ["npv", "roi", "payback_months", "irr_annual"] {
        assert_eq!(number(&model, name), None, "{name}");
    }
    // What the savings can carry is roi's.
    let cent = |a: f64, b: f64| (a - b).abs() < 0.005;
    let max = &j["headline"]["max_investment"];
    assert!(cent(
        number(&model, "max_investment_npv_zero").unwrap(),
        money(&max["npv_zero"])
    ));
    assert!(cent(
        number(&model, "max_investment_payback_12").unwrap(),
        money(&max["payback_12"])
    ));
    // Typing the investment into its empty cell gives the case roi gives with it.
    let (s, r, c) = cell_of(&model, "one_time");
    model.update_cell_with_number(s, r, c, 85_000.0).unwrap();
    let (s, r, c) = cell_of(&model, "monthly_cost");
    model.update_cell_with_number(s, r, c, 3_200.0).unwrap();
    model.evaluate();
    let (_, with) = compute(&|c| c, &[]);
    assert!(cent(
        number(&model, "npv").unwrap(),
        money(&with["headline"]["npv"])
    ));
    assert!(close(
        number(&model, "payback_months").unwrap(),
        with["headline"]["payback_months"].as_f64().unwrap()
    ));
}

#[test]
fn with_by_each_lever_is_the_sum_of_its_segments_live() {
    let (f, j) = compute(&|c| c, &["--by", "process"]);
    let mut model = load(&f);
    evaluates_to_roi_s_figures(&mut model);
    // Measurements says where the segments' figures are, under its table's header.
    assert_eq!(
        model.get_formatted_cell_value(2, 5, 1).unwrap(),
        "Each segment's own figures are on the Levers by segment sheet, a row per segment."
    );
    // The chances over the segments' ranges, as roi counts them.
    assert!(!j["probability"].is_null());
    same_chances(&model, &j, "with --by");
    // The levers are the segments' sums: roi's stratified headline, not the pooled one.
    assert!(close(
        number(&model, "annual_risk_adjusted").unwrap(),
        money(&j["savings"]["annual_risk_adjusted"])
    ));
    assert_ne!(
        j["savings"]["monthly"]["total"],
        j["savings_unstratified_monthly"]
    );
    // A rate moves every segment's lever: 55 EUR an hour as roi computes it.
    let (s, r, c) = cell_of(&model, "hourly_cost");
    model.update_cell_with_number(s, r, c, 55.0).unwrap();
    model.evaluate();
    let (_, j55) = compute(
        &replace("hourly_cost = 42", "hourly_cost = 55"),
        &["--by", "process"],
    );
    let annual = number(&model, "annual_risk_adjusted").unwrap();
    assert!(
        (annual - money(&j55["savings"]["annual_risk_adjusted"])).abs() < 0.005,
        "{annual} vs {}",
        j55["savings"]["annual_risk_adjusted"]
    );
}

/// `roi compute` with a control site on the hand-worked control fixture; the JSON summary.
fn compute_control(f: &Fixture) -> serde_json::Value {
    compute_in(
        f,
        "today.csv",
        "after.csv",
        &["--control", "control_today.csv", "control_after.csv"],
    )
}

#[test]
fn with_a_control_site_its_measurements_are_cells_and_each_lever_the_difference_in_differences() {
    let f = crate::control::fixture(([7.0, 11.0], 360), crate::control::CONFIG);
    let j = compute_control(&f);
    let mut model = load(&f);
    evaluates_to_roi_s_figures(&mut model);
    // The control's measurements are named input cells beside this site's.
    assert_eq!(number(&model, "control_cycle_time_mean_today"), Some(10.0));
    assert_eq!(number(&model, "control_cycle_time_mean_after"), Some(9.0));
    assert_eq!(
        number(&model, "control_errors_per_month_after"),
        Some(365.25)
    );
    // ((10 − 7) − (10 − 9)) h × 100 cases × 0.5 × 50 EUR/h = 5,000.
    assert_eq!(number(&model, "lever_cycle_time"), Some(5000.0));
    assert_eq!(money(&j["savings"]["monthly"]["cycle_time"]), 5000.0);
    // A control that did not move (its after-period 8/12 h, mean 10): the lever counts the
    // whole 3 h, 7,500 a month, in the workbook as in roi run on such a control.
    let (s, r, c) = cell_of(&model, "control_cycle_time_mean_after");
    model.update_cell_with_number(s, r, c, 10.0).unwrap();
    model.evaluate();
    assert_eq!(number(&model, "lever_cycle_time"), Some(7500.0));
    let g = crate::control::fixture(([8.0, 12.0], 360), crate::control::CONFIG);
    let k = compute_control(&g);
    assert_eq!(money(&k["savings"]["monthly"]["cycle_time"]), 7500.0);
}

#[test]
fn a_projection_s_targets_drive_its_levers_and_pilot_weeks() {
    let project = |f: &Fixture| {
        let run = f.roi(&[
            "project",
            "today.csv",
            "--config",
            "roi.toml",
            "--no-charts",
            "--format",
            "json",
            "--out",
            "out",
        ]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        run.json()
    };
    let fixture = |targets: &str| {
        let f = Fixture::new();
        let today = std::fs::read_to_string(format!("{SAMPLES}/today.csv")).unwrap();
        f.write("today.csv", &today);
        let config = crate::common::sample_config();
        // The samples' promise, with cycle time's target replaced.
        let config = config.replace("cycle_time = \"-20%\"", targets);
        f.write("roi.toml", &config);
        f
    };
    let f = fixture("cycle_time = \"-20%\"");
    let j = project(&f);
    let mut model = load(&f);
    evaluates_to_roi_s_figures(&mut model);
    let weeks = |m: &Model, lever: &str| {
        let (s, r, c) = cell_of(m, &format!("pilot_weeks_{lever}"));
        m.get_cell_value_by_index(s, r, c).unwrap()
    };
    assert_eq!(
        weeks(&model, "cycle_time"),
        CellValue::Number(j["pilot_plan"]["cycle_time"]["weeks"].as_f64().unwrap())
    );
    // Typing −10% into the target: the levers and the pilot's weeks are roi project's with
    // cycle_time = "-10%".
    let (s, r, c) = cell_of(&model, "target_cycle_time");
    model.update_cell_with_number(s, r, c, -0.10).unwrap();
    model.evaluate();
    let g = fixture("cycle_time = \"-10%\"");
    let k = project(&g);
    let cent = |a: f64, b: f64| (a - b).abs() < 0.005;
    let lever = number(&model, "lever_cycle_time").unwrap();
    assert!(
        cent(lever, money(&k["savings"]["monthly"]["cycle_time"])),
        "{lever} vs {}",
        k["savings"]["monthly"]["cycle_time"]
    );
    assert!(cent(
        number(&model, "annual_risk_adjusted").unwrap(),
        money(&k["savings"]["annual_risk_adjusted"])
    ));
    assert_eq!(
        weeks(&model, "cycle_time"),
        CellValue::Number(k["pilot_plan"]["cycle_time"]["weeks"].as_f64().unwrap()),
        "{}",
        k["pilot_plan"]
    );
    assert_eq!(
        number(&model, "pilot_cases_cycle_time"),
        k["pilot_plan"]["cycle_time"]["cases"].as_f64()
    );
}

/// Φ, the standard normal distribution function (a spreadsheet's NORM.S.DIST).
fn phi(x: f64) -> f64 {
    0.5 * libm::erfc(-x / std::f64::consts::SQRT_2)
}

#[test]
fn how_likely_is_live_and_gives_roi_s_chances() {
    let (f, j) = compute(&|c| c, &[]);
    assert_eq!(j["probability"]["method"], "closed_form");
    let mut model = load(&f);
    model.evaluate();
    same_chances(&model, &j, "as written");
    // The Summary's "chance it pays back" is the live figure.
    let (s, r, c) = cell_of(&model, "p_payback_horizon");
    let summary = model
        .get_all_cells()
        .into_iter()
        .filter(|x| x.index == 0)
        .find(|x| {
            matches!(model.get_cell_formula(0, x.row, x.column), Ok(Some(f)) if f == "=p_payback_horizon")
        })
        .expect("the Summary reads p_payback_horizon");
    assert_eq!(
        model.get_cell_value_by_index(0, summary.row, summary.column),
        model.get_cell_value_by_index(s, r, c)
    );
}

#[test]
fn a_lever_s_standard_error_typed_in_moves_the_chances_by_the_normal_distribution() {
    let (f, j) = compute(&|c| c, &[]);
    let mut model = load(&f);
    model.evaluate();
    let before = number(&model, "p_npv_positive").unwrap();
    // A cycle-time saving three times as uncertain as measured.
    let levers = j["savings"]["levers"].as_array().unwrap();
    let z95 = 1.959_963_984_540_054;
    let se = |l: &serde_json::Value| (money(&l["high"]) - money(&l["low"])).abs() / (2.0 * z95);
    let cycle = levers.iter().find(|l| l["name"] == "cycle_time").unwrap();
    let typed = 3.0 * se(cycle);
    let (s, r, c) = cell_of(&model, "se_cycle_time");
    model.update_cell_with_number(s, r, c, typed).unwrap();
    model.evaluate();
    // The closed form by hand from the JSON: E[B] the levers' monthly sum, sd(B) with the
    // typed standard error in cycle time's place; F and PV₀ from the finance figures.
    let mean: f64 = levers.iter().map(|l| money(&l["monthly"])).sum();
    let sd = levers
        .iter()
        .map(|l| {
            if l["name"] == "cycle_time" {
                typed.powi(2)
            } else {
                se(l).powi(2)
            }
        })
        .sum::<f64>()
        .sqrt();
    let fin = &j["finance"];
    let rate = fin["discount_rate"].as_f64().unwrap();
    let ramp = fin["ramp_up_months"].as_f64().unwrap();
    let horizon = fin["horizon_months"].as_u64().unwrap() as i32;
    let one_time = money(&fin["investment_one_time"]);
    let monthly = money(&fin["investment_monthly"]);
    let rm = (1.0 + rate).powf(1.0 / 12.0) - 1.0;
    let share = |t: i32| (f64::from(t) / ramp).min(1.0);
    let factor: f64 = (1..=horizon).map(|t| share(t) / (1.0 + rm).powi(t)).sum();
    let pv0 = -one_time
        - (1..=horizon)
            .map(|t| monthly / (1.0 + rm).powi(t))
            .sum::<f64>();
    let (npv_mean, npv_sd) = (mean * factor + pv0, sd * factor);
    let paid_back = |m: i32| {
        let r: f64 = (1..=m).map(share).sum();
        phi((mean - (one_time + f64::from(m) * monthly) / r) / sd)
    };
    let got = number(&model, "p_npv_positive").unwrap();
    assert!((got - phi(npv_mean / npv_sd)).abs() < 1e-9, "{got}");
    assert!(got < before, "{got} is not below {before}");
    for (cell, m) in [("p_payback_12", 12), ("p_payback_horizon", horizon)] {
        let got = number(&model, cell).unwrap();
        assert!(
            (got - paid_back(m)).abs() < 1e-9,
            "{cell}: {got} vs {}",
            paid_back(m)
        );
    }
    let z90 = 1.644_853_626_951_472_2;
    for (cell, want) in [
        ("npv_p05", npv_mean - z90 * npv_sd),
        ("npv_p50", npv_mean),
        ("npv_p95", npv_mean + z90 * npv_sd),
    ] {
        let got = number(&model, cell).unwrap();
        assert!((got - want).abs() < 0.01, "{cell}: {got} vs {want}");
    }
}

#[test]
fn with_a_range_the_workbook_keeps_the_closed_form_live_and_shows_roi_s_simulation_beside_it() {
    let ranged = |c: String| {
        c.replace(
            "hourly_cost = 42 ",
            "hourly_cost = { value = 42, low = 38, high = 48 } ",
        )
    };
    let (f, j) = compute(&ranged, &[]);
    assert_eq!(j["probability"]["method"], "simulation");
    let mut model = load(&f);
    evaluates_to_roi_s_figures(&mut model);
    // The live figures are the closed form at the stated value: roi's own without the range.
    let (_, exact) = compute(&|c| c, &[]);
    same_chances(&model, &exact, "the closed form at 42");
    // Beside each, roi's figure from the simulation, as a value.
    let pr = &j["probability"];
    for (cell, want) in [
        ("p_npv_positive", pr["npv_positive"].as_f64().unwrap()),
        ("p_payback_12", pr["payback_within_12"].as_f64().unwrap()),
        (
            "p_payback_horizon",
            pr["payback_within_horizon"].as_f64().unwrap(),
        ),
        ("npv_p05", money(&pr["npv_p05"])),
        ("npv_p95", money(&pr["npv_p95"])),
    ] {
        let (s, r, c) = cell_of(&model, cell);
        let shown = model.get_cell_value_by_index(s, r, c + 1).unwrap();
        assert!(
            matches!(shown, CellValue::Number(v) if (v - want).abs() <= 1e-9),
            "{cell}: {shown:?} beside it, roi's {want}"
        );
        assert!(matches!(model.get_cell_formula(s, r, c + 1), Ok(None)));
    }
    assert_ne!(
        pr["payback_within_horizon"],
        exact["probability"]["payback_within_horizon"]
    );
}

#[test]
fn the_simulation_s_note_names_the_ranged_assumptions_as_the_headline_does() {
    // Was: "discount rate, cost of a staff hour" where the headline says "… and …".
    let ranged = |c: String| {
        c.replace(
            "hourly_cost = 42 ",
            "hourly_cost = { value = 42, low = 38, high = 48 } ",
        )
        .replace(
            "discount_rate = 0.08 ",
            "discount_rate = { value = 0.08, low = 0.06, high = 0.14 } ",
        )
    };
    let (f, j) = compute(&ranged, &[]);
    assert_eq!(j["probability"]["ranged"].as_array().unwrap().len(), 2);
    let model = load(&f);
    let (s, _, _) = cell_of(&model, "p_npv_positive");
    let notes: Vec<String> = (1..=6)
        .filter_map(|r| match model.get_cell_value_by_index(s, r, 1) {
            Ok(CellValue::String(t)) => Some(t),
            _ => None,
        })
        .collect();
    assert!(
        notes
            .iter()
            .any(|t| t.contains("the ranges given for discount rate and cost of a staff hour")),
        "{notes:?}"
    );
}

#[test]
fn without_a_chance_there_is_no_how_likely_sheet() {
    let (f, j) = compute(&no_investment, &[]);
    assert!(j["probability"].is_null());
    let model = load(&f);
    assert!(
        model
            .get_defined_name_list()
            .iter()
            .all(|(n, _, _)| n != "p_payback_horizon")
    );
    assert!(
        model
            .get_worksheets_properties()
            .iter()
            .all(|s| s.name != "How likely")
    );
}

#[test]
fn over_a_horizon_shorter_than_a_year_both_paybacks_are_the_horizon_s() {
    let short = replace("horizon_months = 36", "horizon_months = 9");
    let (f, j) = compute(&short, &[]);
    assert_eq!(j["probability"]["within_months"], 9);
    let mut model = load(&f);
    evaluates_to_roi_s_figures(&mut model);
    same_chances(&model, &j, "over 9 months");
    // One row, named for both (was: two rows with the same label and figure).
    let (s, row, _) = cell_of(&model, "p_payback_horizon");
    assert_eq!(
        cell_of(&model, "p_payback_12"),
        cell_of(&model, "p_payback_horizon")
    );
    let labels: Vec<String> = (1..=row + 10)
        .filter_map(|r| match model.get_cell_value_by_index(s, r, 1) {
            Ok(CellValue::String(t)) => Some(t),
            _ => None,
        })
        .collect();
    for (i, l) in labels.iter().enumerate() {
        assert!(!labels[i + 1..].contains(l), "{l} twice in {labels:?}");
    }
}

#[test]
fn with_two_hundred_segments_every_formula_fits_excel_and_gives_roi_s_figure() {
    // The samples' rows spread over 200 processes. Each lever is the sum of 200 parts; in
    // one formula they would pass Excel's 8,192 characters, which Excel refuses to open.
    let f = Fixture::new();
    for side in ["today", "after"] {
        let text = std::fs::read_to_string(format!("{SAMPLES}/{side}.csv")).unwrap();
        let mut lines = text.lines();
        let mut out = format!("{}\n", lines.next().unwrap());
        for (i, line) in lines.enumerate() {
            let mut cells: Vec<String> = line.split(',').map(str::to_string).collect();
            cells[4] = format!("p{:03}", i % 200);
            out.push_str(&cells.join(","));
            out.push('\n');
        }
        f.write(&format!("{side}.csv"), &out);
    }
    f.write("roi.toml", &crate::common::sample_config());
    let j = compute_in(&f, "today.csv", "after.csv", &["--by", "process"]);
    let mut model = load(&f);
    let mut longest = 0;
    for c in model.get_all_cells() {
        if let Ok(Some(formula)) = model.get_cell_formula(c.index, c.row, c.column) {
            longest = longest.max(formula.chars().count());
        }
    }
    assert!(longest <= 8_192, "a formula of {longest} characters");
    evaluates_to_roi_s_figures(&mut model);
    assert!(close(
        number(&model, "annual_risk_adjusted").unwrap(),
        money(&j["savings"]["annual_risk_adjusted"])
    ));
}

/// The rows of every `<tag>` in `xml`, as numbers: `<xdr:row>26</xdr:row>` or `id="26"`.
fn numbers_after(xml: &str, open: &str, close: char) -> Vec<u32> {
    xml.match_indices(open)
        .filter_map(|(i, _)| {
            let rest = &xml[i + open.len()..];
            rest[..rest.find(close)?].parse().ok()
        })
        .collect()
}

#[test]
fn printed_each_chart_starts_a_page_of_its_own() {
    // The charts sheet, the last: a page break above every picture but the first, and each
    // picture ends before the next one's page begins.
    let f = Fixture::new();
    f.write("roi.toml", &crate::common::sample_config());
    let (today, after) = (
        format!("{SAMPLES}/today.csv"),
        format!("{SAMPLES}/after.csv"),
    );
    let run = f.roi(&[
        "compute", &today, &after, "--config", "roi.toml", "--out", "out",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let file = std::fs::File::open(f.path("out/business_case.xlsx")).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let charts = (1..100)
        .map(|i| format!("xl/worksheets/sheet{i}.xml"))
        .take_while(|n| zip.index_for_name(n).is_some())
        .last()
        .unwrap();
    let mut read = |name: &str| {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut zip.by_name(name).unwrap(), &mut s).unwrap();
        s
    };
    let drawing = read("xl/drawings/drawing1.xml");
    let from: Vec<u32> = drawing
        .split("<xdr:from>")
        .skip(1)
        .map(|a| numbers_after(a, "<xdr:row>", '<')[0])
        .collect();
    let to: Vec<u32> = drawing
        .split("<xdr:to>")
        .skip(1)
        .map(|a| numbers_after(a, "<xdr:row>", '<')[0])
        .collect();
    assert!(from.len() >= 6, "{from:?}");
    let breaks = numbers_after(&read(&charts), "<brk id=\"", '"');
    assert_eq!(
        breaks,
        from[1..],
        "breaks {breaks:?}, pictures from {from:?}"
    );
    for (end, next) in to.iter().zip(&from[1..]) {
        assert!(
            end < next,
            "a picture ends at row {end}, past the next page at {next}"
        );
    }
}
