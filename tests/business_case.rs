//! The business case end to end: every lever, the finance figures, the summaries in both
//! languages and `roi init`. Expected values are worked out by hand in the comments.

use crate::common::{Fixture, approx, flat};

const TODAY: &str = "metric,value,unit,date\n\
cycle_time,10,h,2026-09-01\ncycle_time,10,h,2026-09-10\ncycle_time,12,h,2026-09-20\ncycle_time,12,h,2026-09-30\n\
response_time,20,min,2026-09-02\nresponse_time,40,min,2026-09-03\nresponse_time,50,min,2026-09-04\nresponse_time,25,min,2026-09-05\n\
errors,30,,2026-09-15\ndowntime,120,min,2026-09-16\n";

const AFTER: &str = "metric,value,unit,date\n\
cycle_time,8,h,2026-10-01\ncycle_time,8,h,2026-10-10\ncycle_time,9,h,2026-10-20\ncycle_time,9,h,2026-10-30\n\
response_time,20,min,2026-10-02\nresponse_time,25,min,2026-10-03\nresponse_time,28,min,2026-10-04\nresponse_time,40,min,2026-10-05\n\
errors,15,,2026-10-15\ndowntime,1,h,2026-10-16\n";

const CONFIG: &str = "currency = \"PLN\"\nhorizon_months = 12\ndiscount_rate = 0.0\nrisk_adjustment = 0.2\n\
[volume]\ncases_per_month = 100\n\
[rates]\nhourly_cost = 100\nlabor_share = 0.5\ncost_per_error = 50\ndowntime_cost_per_hour = 1000\ncost_per_sla_breach = 10\n\
[sla]\nresponse_time = \"30min\"\n\
[investment]\none_time = 10000\nmonthly = 500\nramp_up_months = 0\n";

fn fixture() -> Fixture {
    let f = Fixture::new();
    f.write("today.csv", TODAY);
    f.write("after.csv", AFTER);
    f.write("roi.toml", CONFIG);
    f
}

#[test]
fn every_lever_and_the_finance_figures_by_hand() {
    let f = fixture();
    let j = f.compute_json("today.csv", "after.csv", &["--config", "roi.toml"]);
    let m = &j["savings"]["monthly"];
    // Cycle time: (11 h − 8.5 h) × 100 cases × 0.5 × 100 PLN = 12,500.00
    assert_eq!(m["cycle_time"], "12500.00");
    // Errors: 30 and 15 in 30 days each, same case count (ratio 1):
    // (30.4375 − 15.21875) × 50 = 760.9375 → 760.94 (cents, half away from zero)
    assert_eq!(m["errors"], "760.94");
    // Downtime: 120 min vs 60 min in 30 days: 1.0145833 h a month less → 1.014583 × 1000
    // = 1,014.583 → 1,014.58
    assert_eq!(m["downtime"], "1014.58");
    // SLA 30 min: 2 of 4 breach today, 1 of 4 after; 4 responses in 30 days = 4.058333 a
    // month: 0.25 × 4.058333 × 10 = 10.1458 → 10.15
    assert_eq!(m["sla"], "10.15");
    assert_eq!(m["total"], "14285.67");
    // No cost_per_cycle_breach: no cycle-time SLA lever, and no such row in the ledger.
    assert!(m.get("cycle_sla").is_none(), "{m}");
    assert_eq!(j["savings"]["annual"]["total"], "171428.04");
    assert_eq!(j["savings"]["annual"]["cycle_time"], "150000.00");
    // Risk-adjusted: 14,285.67 × 0.8 = 11,428.536 → 11,428.54; a year 137,142.48
    assert_eq!(j["savings"]["annual_risk_adjusted"], "137142.48");
    let fin = &j["finance"];
    let flows = fin["cash_flows"].as_array().unwrap();
    assert_eq!(flows.len(), 13);
    assert_eq!(flows[0], "-10000.00");
    assert_eq!(flows[1], "10928.54");
    assert_eq!(flows[12], "10928.54");
    // 0% discount: NPV = −10,000 + 12 × 10,928.54 = 121,142.48; PV of costs 16,000
    assert_eq!(fin["npv"], "121142.48");
    approx(&fin["roi"], 121_142.48 / 16_000.0);
    // Payback within month 1: 10,000 / 10,928.54
    approx(&fin["payback_months"], 10_000.0 / 10_928.54);
    // Monthly IRR 109.26991% (bisection in Python), annualised (1 + r)^12 − 1 = 7053.7467
    let irr = fin["irr_annual"].as_f64().unwrap();
    assert!((irr - 7_053.746_688_8).abs() < 1e-4, "{irr}");
    assert_eq!(j["scenarios"]["expected"]["npv"], "121142.48");
    // Conservative is below expected, optimistic above.
    let npv = |s: &str| {
        j["scenarios"][s]["npv"]
            .as_str()
            .unwrap()
            .parse::<f64>()
            .unwrap()
    };
    assert!(npv("conservative") < npv("expected") && npv("expected") < npv("optimistic"));
    // Sensitivity: sorted by swing; hourly cost and labor share swing the cycle lever alike:
    // ±20% of 12,500 × 0.8 × 12 months = ±24,000 → swing 48,000.
    let sens = j["sensitivity"].as_array().unwrap();
    let swing = |i: usize| sens[i]["swing"].as_str().unwrap().parse::<f64>().unwrap();
    assert!((1..sens.len()).all(|i| swing(i - 1) >= swing(i)));
    let hourly = sens
        .iter()
        .find(|s| s["assumption"] == "rates.hourly_cost")
        .unwrap();
    assert_eq!(hourly["swing"], "48000.00");
    // Views: 2.5 h saved on 100 cases, half of it paid work = 125 h = 0.78125 FTE at 160 h.
    approx(&j["views"]["hours_saved"]["hours_per_month"], 125.0);
    approx(&j["views"]["hours_saved"]["fte"], 125.0 / 160.0);
    approx(&j["views"]["flow"]["capacity_gained"], 11.0 / 8.5 - 1.0);
    // Throughput at roi.toml's 100 cases a month today; after, the measured 4 cases in 30 days
    // moved by the same factor (100 ÷ 4.058): 100, not the sample's 4.06.
    approx(&j["views"]["flow"]["throughput"]["today"], 100.0);
    approx(&j["views"]["flow"]["throughput"]["after"], 100.0);
    approx(
        &j["views"]["quality"]["avoided_per_year"],
        (30.4375 - 15.21875) * 12.0,
    );
    // The ledger marks what was set and what was assumed.
    let ledger = &j["assumptions"];
    assert_eq!(ledger["rates.hourly_cost"]["origin"], "config");
    assert_eq!(ledger["fte_hours_per_month"]["origin"], "default");
}

#[test]
fn a_cycle_time_sla_priced_by_cost_per_cycle_breach_is_a_lever_of_its_own() {
    let f = fixture();
    f.write(
        "roi.toml",
        &CONFIG
            .replace(
                "cost_per_sla_breach = 10\n",
                "cost_per_sla_breach = 10\ncost_per_cycle_breach = 20\n",
            )
            .replace("[sla]\n", "[sla]\ncycle_time = \"10h\"\n"),
    );
    let j = f.compute_json("today.csv", "after.csv", &["--config", "roi.toml"]);
    let m = &j["savings"]["monthly"];
    // SLA 10 h (at or under meets it): today 12 h and 12 h breach, 2 of 4 = 0.5; after none.
    // (0.5 − 0) × V 100 cases a month (roi.toml) × 20 PLN = 1,000.00
    assert_eq!(m["cycle_sla"], "1000.00");
    // The other levers are unchanged: 14,285.67 + 1,000.00
    assert_eq!(m["cycle_time"], "12500.00");
    assert_eq!(m["sla"], "10.15");
    assert_eq!(m["total"], "15285.67");
    let lever = j["savings"]["levers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["name"] == "cycle_sla")
        .unwrap()
        .clone();
    assert_eq!(lever["metric"], "cycle_time");
    assert_eq!(lever["rule"], "sla_breaches");
    let rate = &j["assumptions"]["rates.cost_per_cycle_breach"];
    assert_eq!(
        (&rate["origin"], &rate["per"]),
        (&"config".into(), &"breach".into())
    );
    // Named for people in the text and the workbook's formula is live over V and the rate.
    let run = f.roi(&[
        "compute",
        "today.csv",
        "after.csv",
        "--config",
        "roi.toml",
        "--lang",
        "pl",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("naruszenia SLA czasu cyklu"),
        "{}",
        run.stdout
    );
    let run = f.roi(&["compute", "today.csv", "after.csv", "--config", "roi.toml"]);
    assert!(
        run.stdout.contains("cycle-time SLA breaches"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("cost of a cycle-time SLA breach"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_worse_metric_gives_a_negative_lever() {
    let f = fixture();
    // Swap the files: everything got worse.
    let j = f.compute_json("after.csv", "today.csv", &["--config", "roi.toml"]);
    assert_eq!(j["savings"]["monthly"]["cycle_time"], "-12500.00");
    assert_eq!(j["savings"]["monthly"]["errors"], "-760.94");
    assert!(j["finance"]["payback_months"].is_null());
    assert!(j["finance"]["irr_annual"].is_null());
}

#[test]
fn text_summary_leads_with_the_headline_and_lists_defaults() {
    let f = fixture();
    let run = f.roi(&[
        "compute",
        "today.csv",
        "after.csv",
        "--config",
        "roi.toml",
        "--out",
        "r",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let first: Vec<&str> = run.stdout.lines().take(24).collect();
    assert_eq!(first[0], "roi: Business case: today vs after the change");
    let head = flat(&first.join("\n"));
    // The headline counts the proven levers: only cycle time's change is significant,
    // 12,500 × 0.8 × 12 = 120,000 a year; the rest (137,142 − 120,000) is upside.
    // Proven cash flows: −10,000, then 10,000 − 500 a month at 0%: payback 10,000 / 9,500 =
    // month 1.05; NPV −10,000 + 12 × 9,500 = 104,000; ROI 104,000 / 16,000 = 650%.
    for needle in [
        "Annual savings, proven 120,000 PLN (20% withheld for risk; the levers whose change is more than noise: cycle time)",
        // errors 760.94 × 0.8 × 12 = 7,305; each lever's amount, grouped by what would settle it.
        "Upside, not yet proven 17,142 PLN (SLA breaches 97 PLN, errors 7,305 PLN, downtime 9,740 PLN: more after-data cannot settle this, today's data is too noisy)",
        "Payback month 1.1 of 12",
        "NPV 104,000 PLN (proven levers only; with the upside 121,142 PLN; conservative",
        "ROI 650% (NPV ÷ present value of the costs)",
        // IRR of −10,000 then 9,500 a month: far beyond any useful reading.
        "IRR over 200% a year: payback is the measure to read",
    ] {
        assert!(head.contains(needle), "missing {needle:?} in\n{head}");
    }
    // headline = "all": every lever, still split into proven and not yet proven.
    f.write(
        "all.toml",
        &format!("{CONFIG}\n[report]\nheadline = \"all\"\n"),
    );
    let all = f.roi(&["compute", "today.csv", "after.csv", "--config", "all.toml"]);
    assert_eq!(all.code, 0, "{}", all.stderr);
    let head_all = flat(&all.stdout.lines().take(24).collect::<Vec<_>>().join("\n"));
    for needle in [
        "Annual savings, risk-adjusted 137,142 PLN (20% withheld for risk)",
        "of which proven 120,000 PLN (cycle time)",
        "not yet proven 17,142 PLN (SLA breaches 97 PLN, errors 7,305 PLN, downtime 9,740 PLN:",
        "Payback month 0.9 of 12",
        "NPV 121,142 PLN (expected, every lever; proven levers only 104,000 PLN; conservative",
        "ROI 757%",
    ] {
        assert!(
            head_all.contains(needle),
            "missing {needle:?} in\n{head_all}"
        );
    }
    for needle in [
        "Savings by lever",
        " cycle time                  12,500 PLN   150,000 PLN ",
        "A day in the life",
        "Today. 9 in 10 cases are done within 12 hours, and 50% of requests get a first response within the 30 min SLA.",
        "What disappears. 15 errors a month, 183 a year (not yet proven);",
        "What speeds up. A case takes 8.5 hours on average instead of 11 hours (-23%).",
        // The ledger marks what nobody set: roi's default.
        " hours of one FTE a month             160 hours   default ",
    ] {
        assert!(
            run.stdout.contains(needle) || flat(&run.stdout).contains(&flat(needle)),
            "missing {needle:?} in\n{}",
            run.stdout
        );
    }
    assert!(
        run.stderr.contains(
            "warning: the errors lever (761 PLN a month) rests on a change that is not proven"
        ),
        "{}",
        run.stderr
    );
    let md = std::fs::read_to_string(f.path("r/summary.md")).unwrap();
    // The COO's views: 11 h → 8.5 h is 29% more capacity at today's work in progress.
    assert!(md.contains("- **Flow:** throughput"), "{md}");
    assert!(
        md.contains("capacity at today's work in progress +29%"),
        "{md}"
    );
    assert!(
        md.contains("- **Staff time:** 125 staff hours a month = 0.78 FTE"),
        "{md}"
    );
    assert!(
        md.starts_with("# Business case: today vs after the change\n"),
        "{md}"
    );
    assert!(
        md.contains("| metric | today | after | change | proven? |\n|---|---:|---:|---:|---|\n"),
        "{md}"
    );
    assert!(
        md.contains("| **hours of one FTE a month** | **160 hours** | **default** |"),
        "{md}"
    );
}

#[test]
fn polish_summary_with_polish_numbers_and_plurals() {
    let f = fixture();
    let run = f.roi(&[
        "compute",
        "today.csv",
        "after.csv",
        "--config",
        "roi.toml",
        "--lang",
        "pl",
        "--format",
        "md",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for needle in [
        "# Uzasadnienie biznesowe: dziś i po zmianie",
        "- **Roczne oszczędności potwierdzone danymi:** 120\u{a0}000\u{a0}PLN (korekta o ryzyko 20%; źródła, których zmiana nie jest przypadkiem: czas cyklu)",
        "- **Potencjał jeszcze niepotwierdzony:** 17\u{a0}142\u{a0}PLN (naruszenia SLA 97\u{a0}PLN, błędy 7\u{a0}305\u{a0}PLN, przestoje 9\u{a0}740\u{a0}PLN: dzisiejsze dane są zbyt zmienne, by to potwierdzić)",
        "- **Okres zwrotu:** zwrot po 1,1 miesiąca",
        "**Co zniknie.** 15 błędów miesięcznie, 183 rocznie (jeszcze niepotwierdzone danymi); 1 godzina przestoju miesięcznie, czyli 12 godzin przestoju mniej rocznie",
        "**Co przyspieszy.** Średni czas cyklu (od przyjęcia do zamknięcia sprawy) spadnie z 11 do 8,5 godziny (−23%).",
        "| czas cyklu, średnio | 11,0\u{a0}h | 8,50\u{a0}h | −2,50\u{a0}h (−23%) | tak |",
        "| czas reakcji, w SLA (30\u{a0}min) | 50% | 75% | +25\u{a0}pkt proc. |  |",
        "**Ile to jest warte.** Ok. 120\u{a0}tys.\u{a0}PLN rocznie z efektów potwierdzonych danymi, po korekcie o ryzyko (20%); w tym wartość 125 godzin pracy miesięcznie (0,78 etatu) – uwolniony czas pracy, nie gotówka, a kolejne 17\u{a0}tys.\u{a0}PLN, jeśli potwierdzą się pozostałe zmiany; inwestycja zwróci się po 1,1 miesiąca.",
        // 16,000 of costs against 10,000 × 12 of proven benefits: 13%.
        "Inwestycja się opłaca, jeśli zrealizuje się co najmniej 13% oszczędności potwierdzonych danymi.",
    ] {
        assert!(
            run.stdout.contains(needle) || flat(&run.stdout).contains(&flat(needle)),
            "missing {needle:?} in\n{}",
            run.stdout
        );
    }
}

#[test]
fn init_then_compute_works_and_init_refuses_to_overwrite() {
    let f = Fixture::new();
    let run = f.roi(&["init", "start"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for name in ["roi.toml", "today.csv", "after.csv"] {
        assert!(f.exists(&format!("start/{name}")), "{name} missing");
    }
    let run = f.roi(&[
        "compute",
        "start/today.csv",
        "start/after.csv",
        "--config",
        "start/roi.toml",
        "--format",
        "json",
        "--out",
        "out",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let j = run.json();
    assert!(j["savings"]["levers"].as_array().unwrap().len() >= 4);
    // Every rate is roi's default after init: each lever says so in the JSON, in a warning
    // with the rate, and the headline names them.
    for lever in ["cycle_time", "errors", "downtime", "sla"] {
        assert_eq!(j["levers"][lever]["priced_on_default"], true, "{lever}");
    }
    assert!(
        run.stderr.contains(
            "warning: the downtime lever (8,195 EUR a month) is priced on roi's default rates, \
             not the client's figures: cost of an hour of downtime 2,000 EUR/h; set them in roi.toml"
        ),
        "{}",
        run.stderr
    );
    let text = f.roi(&[
        "compute",
        "start/today.csv",
        "start/after.csv",
        "--config",
        "start/roi.toml",
    ]);
    assert!(
        flat(&text.stdout).contains(&flat(
            "Priced on default rates cycle time: share of cycle time that is work 30%, cost of a \
             staff hour 50 EUR/h; SLA breaches: cost of an SLA breach 40 EUR; errors: cost of an \
             error 120 EUR; downtime: cost of an hour of downtime 2,000 EUR/h (roi's defaults, \
             not the client's figures: set them in roi.toml)"
        )),
        "{}",
        text.stdout
    );
    // A second init keeps the user's edits.
    f.write("start/roi.toml", "currency = \"PLN\"\n");
    let again = f.roi(&["init", "start"]);
    assert_eq!(again.code, 1);
    assert!(
        again.stderr.contains("roi.toml: already exists"),
        "{}",
        again.stderr
    );
    assert_eq!(
        std::fs::read_to_string(f.path("start/roi.toml")).unwrap(),
        "currency = \"PLN\"\n"
    );
    let forced = f.roi(&["init", "start", "--force"]);
    assert_eq!(forced.code, 0);
    assert!(
        std::fs::read_to_string(f.path("start/roi.toml"))
            .unwrap()
            .contains("[investment]")
    );
}

#[test]
fn init_in_polish_comments_in_polish_and_computes_the_same_case() {
    let f = Fixture::new();
    let en = f.roi(&["init", "en"]);
    let pl = f.roi(&["init", "pl", "--lang", "pl"]);
    assert_eq!((en.code, pl.code), (0, 0), "{}", pl.stderr);
    assert!(
        pl.stdout
            .contains("zapisano pl/roi.toml, pl/today.csv i pl/after.csv"),
        "{}",
        pl.stdout
    );
    assert!(
        pl.stdout
            .contains("roi compute today.csv after.csv --config roi.toml --lang pl"),
        "{}",
        pl.stdout
    );
    let toml = std::fs::read_to_string(f.path("pl/roi.toml")).unwrap();
    for needle in [
        "# roi.toml: założenia uzasadnienia biznesowego.",
        "# hourly_cost = 50              # koszt roboczogodziny z narzutami",
        "# ramp_up_months = 3            # okres rozruchu",
        "# [[stated]]",
        "[columns]                       # własne nazwy kolumn pliku",
    ] {
        assert!(toml.contains(needle), "{needle:?} not in\n{toml}");
    }
    // Nothing of the English comments is left.
    for english in [
        "loaded cost",
        "share of",
        // The English [sla] comment ([targets] is a key, the same in every language).
        "targets; a case",
        "A custom metric",
        "no default",
    ] {
        assert!(!toml.contains(english), "{english:?} in\n{toml}");
    }
    // The same keys, the same defaults: the same case.
    let case = |dir: &str| {
        f.compute_json(
            &format!("{dir}/today.csv"),
            &format!("{dir}/after.csv"),
            &["--config", &format!("{dir}/roi.toml")],
        )
    };
    let (a, b) = (case("en"), case("pl"));
    assert_eq!(a["headline"], b["headline"]);
    assert_eq!(a["savings"], b["savings"]);
}

#[test]
fn defaults_only_run_marks_every_assumption_as_default() {
    let f = Fixture::new();
    f.write("today.csv", TODAY);
    f.write("after.csv", AFTER);
    let j = f.compute_json("today.csv", "after.csv", &[]);
    // Every assumption is roi's default; only the volume is measured.
    for (key, e) in j["assumptions"].as_object().unwrap() {
        let expected = if key == "volume.cases_per_month" {
            "data"
        } else {
            "default"
        };
        assert_eq!(e["origin"], expected, "{e}");
    }
    assert_eq!(j["currency"], "EUR");
}

#[test]
fn the_evidence_proven_split_and_break_even_by_hand() {
    let f = fixture();
    let j = f.compute_json("today.csv", "after.csv", &["--config", "roi.toml"]);
    // Proven: only cycle time (Welch: −2.5 h ± 1.75). 12,500 × 0.8 = 10,000 a month.
    assert_eq!(j["savings"]["annual_risk_adjusted_proven"], "120000.00");
    assert_eq!(j["scenarios"]["proven"]["annual_benefit"], "120000.00");
    // Proven scenario: −10,000 + 12 × (10,000 − 500) = 104,000 at 0%.
    assert_eq!(j["scenarios"]["proven"]["npv"], "104000.00");
    let lever = |n: &str| &j["levers"][n];
    assert_eq!(lever("cycle_time")["significant"], true);
    assert_eq!(lever("cycle_time")["more_data"], "proven");
    assert!(lever("cycle_time")["more_data_weeks"].is_null());
    // Break-even share: PV(costs) / PV(benefits) = (10,000 + 12 × 500) / (12 × 11,428.54)
    // = 16,000 / 137,142.48 = 0.116667.
    approx(&j["finance"]["break_even_share"], 16_000.0 / 137_142.48);
    // One lever alone at NPV = 0: 16,000 / 12 months = 1,333.33 a month risk-adjusted,
    // 1,666.67 gross. Cycle time is worth 100 cases × 0.5 × 100 PLN = 5,000 an hour of
    // mean: it must fall by 1,666.67 / 5,000 = 0.333333 h (it fell by 2.5 h).
    approx(
        &lever("cycle_time")["break_even_change"],
        -1_666.666_667 / 5_000.0,
    );
    approx(&lever("cycle_time")["change"], -2.5);
    // Downtime is worth 1,000 an hour a month: 1.666667 h a month (it fell by 1.014583).
    approx(&lever("downtime")["break_even_change"], -1.666_666_667);
    // Errors at 50 each: 33.3333 a month, more than the 30.4375 there are today.
    approx(&lever("errors")["break_even_change"], -1_666.666_667 / 50.0);
    // Errors: one row of 30 today and of 15 after: today's rate alone has a standard error
    // of √900 / 0.9856 months = 30.4, above the whole change: more after-data cannot tell.
    assert_eq!(lever("errors")["more_data"], "today_too_noisy");
}

#[test]
fn how_much_more_data_would_prove_a_lever_by_hand() {
    let f = Fixture::new();
    let rows = |metric: &str, values: &[&str], month: u32| -> String {
        values
            .iter()
            .enumerate()
            .map(|(i, v)| {
                // Spread over days 1..28 of the month: the window is 28 days.
                let day = 1 + (i * 27) / (values.len() - 1).max(1);
                format!("{metric},{v},,2026-{month:02}-{day:02}\n")
            })
            .collect()
    };
    // Cycle time: today 10 h four times (no spread), after 8, 9, 10, 11 h (mean 9.5, s² =
    // 5/3, se² = 5/12 = 0.416667). Welch: df 3, t 3.182, ±2.05: not proven.
    // Errors: 20 single errors today, 10 after, in 28 days each (0.919918 months).
    let today = format!(
        "metric,value,unit,date\n{}{}",
        rows("cycle_time", &["10", "10", "10", "10"], 9),
        rows("errors", &["1"; 20], 9)
    );
    let after = format!(
        "metric,value,unit,date\n{}{}",
        rows("cycle_time", &["8", "9", "10", "11"], 10),
        rows("errors", &["1"; 10], 10)
    );
    f.write("today.csv", &today);
    f.write("after.csv", &after);
    f.write(
        "roi.toml",
        "[volume]\ncases_per_month = 100\n[rates]\nhourly_cost = 50\ncost_per_error = 80\n",
    );
    let j = f.compute_json("today.csv", "after.csv", &["--config", "roi.toml"]);
    // Duration: Δ = −0.5 h, (Δ/1.959964)² = 0.065077, se_t² = 0: T' = 0.416667 × 28 /
    // 0.065077 = 179.28 days, 151.28 more = 21.6 weeks → 22.
    assert_eq!(j["levers"]["cycle_time"]["more_data"], "weeks");
    assert_eq!(j["levers"]["cycle_time"]["more_data_weeks"], 22);
    // Count: rates 21.7411 and 10.8705 a month, Δ = −10.8705; se_t² = 20 / 0.919918² =
    // 23.6337, se_a² = 11.8169; (Δ/z)² = 30.7612; T' = 11.8169 × 28 / (30.7612 − 23.6337)
    // = 46.42 days, 18.42 more = 2.6 weeks → 3.
    assert_eq!(j["levers"]["errors"]["significant"], false);
    assert_eq!(j["levers"]["errors"]["more_data_weeks"], 3);
    let run = f.roi(&["compute", "today.csv", "after.csv", "--config", "roi.toml"]);
    assert!(
        run.stdout.contains(
            "Errors: about 3 more weeks of after-data would show whether the 50% improvement is real."
        ),
        "{}",
        run.stdout
    );
    let run = f.roi(&[
        "compute",
        "today.csv",
        "after.csv",
        "--config",
        "roi.toml",
        "--lang",
        "pl",
    ]);
    assert!(
        flat(&run.stdout).contains(
            "Błędy: potwierdzenie, że poprawa o 50% nie jest przypadkiem, wymaga jeszcze ok. 3 tygodni danych po zmianie."
        ),
        "{}",
        run.stdout
    );
    // Without [investment]: no break-even, and no NPV, ROI, payback or IRR anywhere.
    assert!(j["levers"]["cycle_time"]["break_even_change"].is_null());
}

#[test]
fn without_an_investment_the_savings_say_what_they_can_carry() {
    let f = fixture();
    let config = CONFIG
        .replace(
            "[investment]\none_time = 10000\nmonthly = 500\n",
            "[investment]\n",
        )
        .replace("horizon_months = 12", "horizon_months = 24");
    f.write("roi.toml", &config);
    let j = f.compute_json("today.csv", "after.csv", &["--config", "roi.toml"]);
    let fin = &j["finance"];
    for key in ["npv", "roi", "payback_months", "irr_annual", "irr_monthly"] {
        assert!(fin[key].is_null(), "{key}: {}", fin[key]);
    }
    assert_eq!(fin["reason"], "no_investment");
    assert!(fin["investment_one_time"].is_null());
    // 11,428.54 a month, no ramp, 0%: 24 months carry 274,284.96; 12 months 137,142.48.
    assert_eq!(fin["max_investment"]["npv_zero"], "274284.96");
    assert_eq!(fin["max_investment"]["payback_12"], "137142.48");
    for s in ["conservative", "expected", "optimistic", "proven"] {
        assert!(j["scenarios"][s]["npv"].is_null(), "{s}");
    }
    assert_eq!(j["sensitivity"].as_array().map(Vec::len), Some(0));
    let run = f.roi(&["compute", "today.csv", "after.csv", "--config", "roi.toml"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // The headline counts the proven lever only: 10,000 a month carries 240,000 over 24
    // months and 120,000 within 12.
    let head = &j["headline"]["max_investment"];
    assert_eq!(head["npv_zero"], "240000.00");
    assert_eq!(head["payback_12"], "120000.00");
    let out = flat(&run.stdout);
    assert!(
        out.contains(
            "Investment the savings can carry 240,000 PLN (up front, NPV = 0 over 24 months at 0%)"
        ),
        "{}",
        run.stdout
    );
    assert!(out.contains("Paid back within 12 months 120,000 PLN"));
    for label in [
        "\n  Payback ",
        "\n  NPV ",
        "\n  ROI ",
        "\n  IRR ",
        "pays back in month",
    ] {
        assert!(!run.stdout.contains(label), "{label:?} in\n{}", run.stdout);
    }
    let md = std::fs::read_to_string(f.path("roi-report/summary.md")).unwrap();
    for label in ["**Payback:**", "**NPV:**", "**ROI:**", "**IRR:**"] {
        assert!(!md.contains(label), "{label} in\n{md}");
    }
    assert!(f.exists("roi-report/cash_flow.png"));
    assert!(!f.exists("roi-report/sensitivity_tornado.png"));
}

#[test]
fn a_loss_is_made_larger_by_the_risk_share_and_said_plainly() {
    let f = fixture();
    let j = f.compute_json("after.csv", "today.csv", &["--config", "roi.toml"]);
    // Every lever worse: −14,285.67 a month gross; losses grow by the risk share:
    // −14,285.67 × 1.2 = −17,142.804 → −17,142.80; a year −205,713.60.
    assert_eq!(j["savings"]["monthly"]["total"], "-14285.67");
    assert_eq!(j["savings"]["annual_risk_adjusted"], "-205713.60");
    assert_eq!(j["finance"]["reason"], "no_sign_change");
    let run = f.roi(&["compute", "after.csv", "today.csv", "--config", "roi.toml"]);
    // The proven lever (cycle time, −12,500 × 1.2 × 12 = −180,000) leads; the rest is a
    // further loss, not an upside.
    let out = flat(&run.stdout);
    for needle in [
        "Annual result, proven -180,000 PLN (a loss: the change costs money; 20% added for risk)",
        "Not yet proven, a further loss -25,714 PLN",
    ] {
        assert!(
            out.contains(needle),
            "missing {needle:?} in\n{}",
            run.stdout
        );
    }
    assert!(run.stdout.contains(
        "What it is worth. The change costs about 205,714 PLN a year, 20% added for risk"
    ));
    assert!(
        run.stdout
            .contains("What gets worse. 15 more errors a month")
    );
    assert!(run.stdout.contains(
        "; a case takes 11 hours on average instead of 8.5 hours (+29%); and the first response"
    ));
    let pl = f.roi(&[
        "compute",
        "after.csv",
        "today.csv",
        "--config",
        "roi.toml",
        "--lang",
        "pl",
    ]);
    let pl_flat = flat(&pl.stdout);
    assert!(pl_flat.contains("Roczny wynik potwierdzony danymi −180\u{a0}000\u{a0}PLN (strata – zmiana kosztuje; koszty powiększone o 20%)"), "{}", pl.stdout);
    assert!(
        pl_flat.contains("Jeszcze niepotwierdzone – dalsza strata −25\u{a0}714\u{a0}PLN"),
        "{}",
        pl.stdout
    );
    assert!(pl_flat.contains("Co się pogorszy. 15 błędów więcej miesięcznie"));
    assert!(pl_flat.contains("Ile to jest warte. Zmiana kosztuje ok. 206\u{a0}tys.\u{a0}PLN rocznie (koszty powiększone o 20%)"), "{}", pl.stdout);
}

#[test]
fn the_samples_split_into_proven_and_not_yet_proven() {
    let samples = concat!(env!("CARGO_MANIFEST_DIR"), "/samples");
    let f = Fixture::new();
    let j = f.compute_json(
        &format!("{samples}/today.csv"),
        &format!("{samples}/after.csv"),
        &["--config", &format!("{samples}/roi.toml")],
    );
    let m = &j["savings"]["monthly"];
    assert_eq!(
        (&m["cycle_time"], &m["sla"], &m["errors"]),
        (&"7551.32".into(), &"1927.49".into(), &"2390.62".into())
    );
    // Proven: cycle time, SLA and errors. (7,551.32 + 1,927.49 + 2,390.62) × 0.85 =
    // 10,089.0155 → 10,089.02 a month, 121,068.24 a year; the rest (downtime, complaints)
    // of 278,017.44 is 156,949.20.
    assert_eq!(j["savings"]["annual_risk_adjusted_proven"], "121068.24");
    assert_eq!(j["savings"]["annual_risk_adjusted_unproven"], "156949.20");
    for (lever, proven) in [
        ("cycle_time", true),
        ("sla", true),
        ("errors", true),
        ("downtime", false),
        ("complaints", false),
    ] {
        assert_eq!(j["levers"][lever]["significant"], proven, "{lever}");
    }
}

#[test]
fn the_title_block_from_report_heads_every_summary() {
    let f = fixture();
    let config = format!(
        "{CONFIG}[report]\ntitle = \"Acme <WMS> case\"\nclient = \"Acme Sp. z o.o.\"\n\
         prepared_by = \"Jane Doe\"\ndate = \"2026-11-30\"\n"
    );
    f.write("titled.toml", &config);
    let run = f.roi(&[
        "compute",
        "today.csv",
        "after.csv",
        "--config",
        "titled.toml",
        "--out",
        "out",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.starts_with(
        "roi: Acme <WMS> case\n  For: Acme Sp. z o.o.\n  Prepared by: Jane Doe\n  Date: 30 Nov 2026\n"
    ), "{}", run.stdout);
    let md = std::fs::read_to_string(f.path("out/summary.md")).unwrap();
    assert!(md.starts_with(
        "# Acme \\<WMS\\> case\n\n*For: Acme Sp. z o.o. · Prepared by: Jane Doe · Date: 30 Nov 2026*\n"
    ), "{md}");
    let html = std::fs::read_to_string(f.path("out/report.html")).unwrap();
    // Typed text is escaped for HTML.
    assert!(html.contains("<h1>Acme &lt;WMS&gt; case</h1>"), "{html}");
    assert!(html.contains("<span>Prepared by: Jane Doe</span>"));
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(f.path("out/summary.json")).unwrap())
            .unwrap();
    assert_eq!(json["report"]["client"], "Acme Sp. z o.o.");
    assert_eq!(json["report"]["date"], "2026-11-30");
}

#[test]
fn the_title_and_recommendation_given_per_language_head_each_languages_report() {
    let f = fixture();
    let config = format!(
        "{CONFIG}[report]\nclient = \"Acme Sp. z o.o.\"\n\
         [report.title]\nen = \"Acme: the WMS case\"\npl = \"Acme: uzasadnienie WMS\"\n\
         [report.recommendation]\nen = \"Roll out in Q1\"\npl = \"Wdrożyć w I kwartale\"\n"
    );
    f.write("langs.toml", &config);
    let mut jsons = Vec::new();
    for (lang, title, recommendation, other) in [
        ("en", "Acme: the WMS case", "Roll out in Q1", "Wdrożyć"),
        (
            "pl",
            "Acme: uzasadnienie WMS",
            "Wdrożyć w I kwartale",
            "Roll out",
        ),
    ] {
        let out = format!("out-{lang}");
        let run = f.roi(&[
            "compute",
            "today.csv",
            "after.csv",
            "--config",
            "langs.toml",
            "--lang",
            lang,
            "--out",
            &out,
        ]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert!(
            run.stdout.starts_with(&format!("roi: {title}\n")),
            "{}",
            run.stdout
        );
        let html = std::fs::read_to_string(f.path(&format!("{out}/report.html"))).unwrap();
        assert!(html.contains(&format!("<h1>{title}</h1>")), "{lang}");
        assert!(
            html.contains(recommendation),
            "{lang}: no {recommendation:?}"
        );
        assert!(
            !html.contains(other),
            "{lang}: the other language's {other:?}"
        );
        jsons.push(std::fs::read_to_string(f.path(&format!("{out}/summary.json"))).unwrap());
    }
    // summary.json is the same in both: the English, and each language's own beside it.
    assert_eq!(jsons[0], jsons[1]);
    let json: serde_json::Value = serde_json::from_str(&jsons[0]).unwrap();
    assert_eq!(json["report"]["title"], "Acme: the WMS case");
    assert_eq!(json["report"]["recommendation"], "Roll out in Q1");
    assert_eq!(
        json["report"]["recommendations"]["pl"],
        "Wdrożyć w I kwartale"
    );
    assert_eq!(json["report"]["titles"]["en"], "Acme: the WMS case");
}

#[test]
fn cash_apart_from_capacity_by_hand() {
    let f = fixture();
    // Defaults: downtime and SLA are cash, cycle time and errors capacity.
    let j = f.compute_json("today.csv", "after.csv", &["--config", "roi.toml"]);
    // Cash: (1,014.58 + 10.15) × 0.8 = 819.784 → 819.78 a month, 9,837.36 a year; capacity the
    // rest of 137,142.48.
    assert_eq!(j["savings"]["annual_cash"], "9837.36");
    assert_eq!(j["savings"]["annual_capacity"], "127305.12");
    assert_eq!(j["levers"]["downtime"]["benefit"], "cash");
    assert_eq!(j["levers"]["errors"]["benefit"], "capacity");
    // Half of freed time counted, errors declared cash.
    f.write(
        "half.toml",
        &CONFIG
            .replace(
                "labor_share = 0.5\n",
                "labor_share = 0.5\ncapacity_recapture = 0.5\n",
            )
            .replace("[sla]", "[benefits]\nerrors = \"cash\"\n[sla]"),
    );
    let j = f.compute_json("today.csv", "after.csv", &["--config", "half.toml"]);
    // Cycle time: 12,500 × 0.5 counted = 6,250.00; errors now cash.
    assert_eq!(j["savings"]["monthly"]["cycle_time"], "6250.00");
    assert_eq!(j["savings"]["monthly"]["errors"], "760.94");
    assert_eq!(j["levers"]["errors"]["benefit"], "cash");
    // Cash: (760.94 + 1,014.58 + 10.15) × 0.8 = 1,428.536 → 1,428.54; a year 17,142.48.
    // Everything: 8,035.67 × 0.8 = 6,428.536 → 6,428.54; a year 77,142.48; capacity the rest.
    assert_eq!(j["savings"]["annual_cash"], "17142.48");
    assert_eq!(j["savings"]["annual_capacity"], "60000.00");
    // The headline counts the proven cycle time only: all of it capacity.
    assert_eq!(j["headline"]["annual"], "60000.00");
    assert_eq!(j["headline"]["annual_cash"], "0.00");
    assert_eq!(j["headline"]["annual_capacity"], "60000.00");
    let run = f.roi(&["compute", "today.csv", "after.csv", "--config", "half.toml"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = flat(&run.stdout);
    // 2.5 h × 100 cases × 0.5 = 125 staff hours a month; 125 / 160 = 0.78 FTE.
    assert!(
        out.contains("capacity 60,000 PLN (staff time freed, counted at 50%, not cash: cycle time; 125 staff hours a month = 0.78 FTE)"),
        "{}",
        run.stdout
    );
    assert!(out.contains("× capacity counted at 50%"), "{}", run.stdout);
    let pl = f.roi(&[
        "compute",
        "today.csv",
        "after.csv",
        "--config",
        "half.toml",
        "--lang",
        "pl",
    ]);
    assert!(
        flat(&pl.stdout).contains("czas pracy 60\u{a0}000\u{a0}PLN (uwolniony czas pracy liczony w 50%, nie gotówka: czas cyklu; 125 godzin pracy miesięcznie = 0,78 etatu)"),
        "{}",
        pl.stdout
    );
    // A lever roi does not know, or a kind that is neither, is an error naming the line.
    f.write(
        "typo.toml",
        &CONFIG.replace(
            "[sla]",
            "[benefits]\nerors = \"cash\"\ndowntime = \"money\"\n[sla]",
        ),
    );
    let bad = f.roi(&["compute", "today.csv", "after.csv", "--config", "typo.toml"]);
    assert_eq!(bad.code, 1);
    assert!(bad.stderr.contains("benefits.erors"), "{}", bad.stderr);
    assert!(bad.stderr.contains("errors"), "{}", bad.stderr);
    assert!(
        bad.stderr.contains("benefits.downtime is 'money'")
            || bad.stderr.contains("benefits.downtime is \"money\""),
        "{}",
        bad.stderr
    );
}

#[test]
fn a_phased_investment_and_other_stated_lines_by_hand() {
    let f = fixture();
    // No one-time investment in [investment]: it is stated in two phases, months 0 and 6;
    // licences retired from month 4; an internal team of 200 a month, capacity, counted at
    // half.
    let config = CONFIG.replace("one_time = 10000\n", "").replace(
        "labor_share = 0.5\n",
        "labor_share = 0.5\ncapacity_recapture = 0.5\n",
    ) + "[[stated]]\nname = \"phase 1\"\none_time = -6000\nsource = \"vendor quote\"\n\
         [[stated]]\nname = \"phase 2\"\none_time = -4000\nmonth = 6\nsource = \"vendor quote\"\n\
         [[stated]]\nname = \"licences retired\"\nmonthly = 300\nfrom_month = 4\nsource = \"IT asset list\"\n\
         [[stated]]\nname = \"internal team\"\nmonthly = -200\nkind = \"capacity\"\nsource = \"PMO\"\n";
    f.write("phased.toml", &config);
    let j = f.compute_json("today.csv", "after.csv", &["--config", "phased.toml"]);
    // The headline counts the proven cycle time: 12,500 × 0.5 counted × 0.8 = 5,000 a month.
    // Month 0: −6,000. Months 1–3: 5,000 − 500 − 100 (the team, at half) = 4,400. Months 4
    // and 5: + 300 = 4,700. Month 6: 4,700 − 4,000 = 700. Months 7–12: 4,700.
    let flows: Vec<&str> = j["headline"]["cash_flows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(
        flows,
        [
            "-6000.00", "4400.00", "4400.00", "4400.00", "4700.00", "4700.00", "700.00", "4700.00",
            "4700.00", "4700.00", "4700.00", "4700.00", "4700.00"
        ]
    );
    // At 0%: NPV = −6,000 + 3 × 4,400 + 2 × 4,700 + 700 + 6 × 4,700 = 45,500.
    assert_eq!(j["headline"]["npv"], "45500.00");
    // Costs: 6,000 + 4,000 + 12 × 500 + 12 × 100 = 17,200; benefits 12 × 5,000 + 9 × 300 =
    // 62,700 (less 17,200 is the NPV). ROI = 45,500 ÷ 17,200.
    assert_eq!(j["headline"]["pv_costs"], "17200.00");
    assert_eq!(j["headline"]["pv_benefits"], "62700.00");
    let roi = j["headline"]["roi"].as_f64().unwrap();
    assert!((roi - 45_500.0 / 17_200.0).abs() < 1e-9, "{roi}");
    // Cumulative −6,000, −1,600, +2,800: paid back in month 2, at 1 + 1,600 ÷ 4,400.
    let payback = j["headline"]["payback_months"].as_f64().unwrap();
    assert!(
        (payback - (1.0 + 1_600.0 / 4_400.0)).abs() < 1e-9,
        "{payback}"
    );
    // As given in the JSON contract.
    assert_eq!(j["stated"].as_array().unwrap().len(), 4);
    assert_eq!(j["stated"][1]["name"], "phase 2");
    assert_eq!(j["stated"][1]["one_time"], "-4000.00");
    assert_eq!(j["stated"][1]["month"], 6);
    assert_eq!(j["stated"][3]["kind"], "capacity");
    assert_eq!(j["stated"][2]["from_month"], 4);
    assert_eq!(j["stated"][2]["source"], "IT asset list");
    // On screen: the headline names them, the table lists them with their sources.
    let run = f.roi(&[
        "compute",
        "today.csv",
        "after.csv",
        "--config",
        "phased.toml",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = flat(&run.stdout);
    assert!(
        out.contains("Stated, not measured phase 1: -6,000 PLN at the start (month 0); phase 2: -4,000 PLN in month 6; licences retired: 300 PLN a month from month 4; and 1 more"),
        "{out}"
    );
    assert!(out.contains("internal team: PMO"), "{out}");
    let pl = f.roi(&[
        "compute",
        "today.csv",
        "after.csv",
        "--config",
        "phased.toml",
        "--lang",
        "pl",
    ]);
    assert!(
        flat(&pl.stdout).contains("phase 2: −4\u{a0}000\u{a0}PLN w 6. miesiącu"),
        "{}",
        pl.stdout
    );
}

#[test]
fn stated_lines_with_the_same_flows_as_the_investment_give_the_same_case() {
    // one_time = 10,000 and monthly = 500 in [investment], or the same as two stated cash
    // lines: the same cash flows, NPV, ROI, payback and IRR.
    let f = fixture();
    let plain = f.compute_json("today.csv", "after.csv", &["--config", "roi.toml"]);
    let config = CONFIG.replace("one_time = 10000\nmonthly = 500\n", "")
        + "[[stated]]\nname = \"licences\"\none_time = -10000\nsource = \"quote\"\n\
           [[stated]]\nname = \"support\"\nmonthly = -500\nsource = \"quote\"\n";
    f.write("stated.toml", &config);
    let stated = f.compute_json("today.csv", "after.csv", &["--config", "stated.toml"]);
    for key in [
        "cash_flows",
        "npv",
        "roi",
        "payback_months",
        "irr_annual",
        "pv_costs",
    ] {
        assert_eq!(plain["headline"][key], stated["headline"][key], "{key}");
        assert_eq!(plain["finance"][key], stated["finance"][key], "{key}");
    }
    for s in ["conservative", "optimistic", "proven"] {
        assert_eq!(
            plain["scenarios"][s]["npv"], stated["scenarios"][s]["npv"],
            "{s}"
        );
    }
}

#[test]
fn a_stated_line_roi_cannot_honour_is_an_error() {
    let f = fixture();
    for (extra, needle) in [
        (
            "[[stated]]\nname = \"x\"\none_time = -1\nmonth = 13\n",
            "stated.month = 13 of 'x' is not a month of the case",
        ),
        (
            "[[stated]]\nname = \"x\"\nmonthly = 5\nfrom_month = 0\n",
            "stated.from_month = 0 of 'x'",
        ),
        (
            "[[stated]]\nname = \"x\"\nmonthly = 5\nmonth = 3\n",
            "stated line 'x' gives month without one_time",
        ),
        (
            "[[stated]]\nname = \"x\"\nmontly = 5\n",
            "unknown key 'stated.montly' (did you mean monthly?)",
        ),
        (
            "[[stated]]\nname = \"x\"\n",
            "stated line 'x' has neither monthly nor one_time",
        ),
        ("[[stated]]\nmonthly = 5\n", "a [[stated]] line has no name"),
        (
            "[[stated]]\nname = \"x\"\nmonthly = 5\n[[stated]]\nname = \"x\"\nmonthly = 6\n",
            "stated line 'x' is given twice",
        ),
        (
            "[[stated]]\nname = \"x\"\nmonthly = 5\nkind = \"money\"\n",
            "stated.kind is",
        ),
        (
            "[[stated]]\nname = \"x\"\nmonthly = \"5\"\n",
            "stated.monthly is text, not a number",
        ),
        ("", "stated is a whole number"),
    ] {
        let config = if extra.is_empty() {
            format!("stated = 5\n{CONFIG}")
        } else {
            format!("{CONFIG}{extra}")
        };
        f.write("bad.toml", &config);
        let run = f.roi(&["compute", "today.csv", "after.csv", "--config", "bad.toml"]);
        assert_eq!(run.code, 1, "{extra}");
        assert!(run.stderr.contains(needle), "{extra}: {}", run.stderr);
        assert!(run.stderr.contains("bad.toml:"), "{}", run.stderr);
    }
    // A line without a source is counted, and the author is told to give one.
    f.write(
        "nosource.toml",
        &format!("{CONFIG}[[stated]]\nname = \"licences\"\nmonthly = 100\n"),
    );
    let run = f.roi(&[
        "compute",
        "today.csv",
        "after.csv",
        "--config",
        "nosource.toml",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("the stated line 'licences' has no source"),
        "{}",
        run.stderr
    );
}

#[test]
fn an_assumption_s_source_and_owner_reach_every_output() {
    let f = fixture();
    f.write(
        "noted.toml",
        &CONFIG
            .replace(
                "hourly_cost = 100\n",
                "hourly_cost = { value = 100, source = \"finance, wage + 38% overhead\", owner = \"CFO office\" }\n",
            )
            .replace(
                "response_time = \"30min\"",
                "response_time = { value = \"30min\", source = \"service contract §4\" }",
            ),
    );
    let plain = f.compute_json("today.csv", "after.csv", &["--config", "roi.toml"]);
    let j = f.compute_json("today.csv", "after.csv", &["--config", "noted.toml"]);
    // The same case: a note changes no figure.
    assert_eq!(plain["headline"], j["headline"]);
    assert_eq!(plain["savings"], j["savings"]);
    let h = &j["assumptions"]["rates.hourly_cost"];
    assert_eq!(h["value"], "100.00");
    assert_eq!(h["origin"], "config");
    assert_eq!(h["source"], "finance, wage + 38% overhead");
    assert_eq!(h["owner"], "CFO office");
    assert_eq!(
        j["assumptions"]["sla.response_time"]["source"],
        "service contract §4"
    );
    assert!(
        j["assumptions"]["rates.labor_share"]
            .get("source")
            .is_none()
    );
    // The ledger on screen, in Markdown, in the page and in the workbook.
    let run = f.roi(&[
        "compute",
        "today.csv",
        "after.csv",
        "--config",
        "noted.toml",
        "--out",
        "out",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let needle = "roi.toml: finance, wage + 38% overhead; owner: CFO office";
    assert!(flat(&run.stdout).contains(needle), "{}", run.stdout);
    let md = std::fs::read_to_string(f.path("out/summary.md")).unwrap();
    assert!(md.contains(needle), "{md}");
    let html = std::fs::read_to_string(f.path("out/report.html")).unwrap();
    assert!(html.contains("roi.toml: finance, wage + 38% overhead; owner: CFO office"));
    let model = ironcalc::import::load_from_xlsx(
        f.path("out/business_case.xlsx").to_str().unwrap(),
        "en",
        "UTC",
        "en",
    )
    .unwrap();
    let in_book = model.get_all_cells().iter().any(|c| {
        matches!(
            model.get_cell_value_by_index(c.index, c.row, c.column),
            Ok(ironcalc::base::cell::CellValue::String(t)) if t == needle
        )
    });
    assert!(in_book, "not in the workbook");
    let pl = f.roi(&[
        "compute",
        "today.csv",
        "after.csv",
        "--config",
        "noted.toml",
        "--lang",
        "pl",
    ]);
    assert!(
        flat(&pl.stdout).contains("roi.toml: finance, wage + 38% overhead; odpowiada: CFO office"),
        "{}",
        pl.stdout
    );
    // A note without a value, or with a field roi does not know, is an error on its line.
    for (line, needle) in [
        (
            "hourly_cost = { source = \"finance\" }",
            "rates.hourly_cost has a source or an owner but no value",
        ),
        (
            "hourly_cost = { value = 100, sorce = \"finance\" }",
            "unknown key 'rates.hourly_cost.sorce' (did you mean source?)",
        ),
        (
            "hourly_cost = { value = 100, owner = 5 }",
            "rates.hourly_cost.owner is",
        ),
    ] {
        f.write("bad.toml", &CONFIG.replace("hourly_cost = 100", line));
        let run = f.roi(&["compute", "today.csv", "after.csv", "--config", "bad.toml"]);
        assert_eq!(run.code, 1, "{line}");
        assert!(run.stderr.contains("bad.toml:8:"), "{}", run.stderr);
        assert!(run.stderr.contains(needle), "{line}: {}", run.stderr);
    }
}

#[test]
fn the_design_is_named_with_what_it_cannot_rule_out() {
    let f = Fixture::new();
    let day = |d: u32, v: f64| format!("cycle_time,{v},h,2026-03-{d:02}\n");
    let side = |days: std::ops::RangeInclusive<u32>, v: f64| {
        let mut s = String::from("metric,value,unit,date\n");
        for d in days {
            s.push_str(&day(d, v + f64::from(d % 3)));
        }
        s
    };
    // Two periods one after the other, in one month: before/after, no seasonal note.
    f.write("march_a.csv", &side(1..=14, 10.0));
    f.write("march_b.csv", &side(15..=28, 8.0));
    let run = f.roi(&["compute", "march_a.csv", "march_b.csv", "--no-charts"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = flat(&run.stdout);
    assert!(
        out.contains("Design: before and after the change, one process over two periods"),
        "{out}"
    );
    assert!(!out.contains("seasonal"), "{out}");
    let j = f.compute_json("march_a.csv", "march_b.csv", &["--no-charts"]);
    assert_eq!(j["design"], "before_after");
    // The same period at two sites: a comparison.
    f.write("site_b.csv", &side(1..=14, 8.0));
    let j = f.compute_json("march_a.csv", "site_b.csv", &["--no-charts"]);
    assert_eq!(j["design"], "comparison");
    let pl = f.roi(&[
        "compute",
        "march_a.csv",
        "site_b.csv",
        "--no-charts",
        "--lang",
        "pl",
    ]);
    assert!(
        flat(&pl.stdout).contains("Schemat badania: porównanie dwóch jednostek w tym samym okresie (1–14.03.2026 wobec 1–14.03.2026)"),
        "{}",
        pl.stdout
    );
    // Across calendar months: the seasonal note, in both languages.
    let samples = concat!(env!("CARGO_MANIFEST_DIR"), "/samples");
    let (t, a) = (
        format!("{samples}/today.csv"),
        format!("{samples}/after.csv"),
    );
    let run = f.roi(&["compute", &t, &a, "--no-charts"]);
    assert!(
        flat(&run.stdout).contains(
            "A seasonal or company-wide shift between the periods would be counted as savings"
        ),
        "{}",
        run.stdout
    );
    let pl = f.roi(&["compute", &t, &a, "--no-charts", "--lang", "pl"]);
    assert!(
        flat(&pl.stdout).contains("Sezonowość albo zmiana w całej firmie między tymi okresami"),
        "{}",
        pl.stdout
    );
}

#[test]
fn an_investment_paid_back_within_hours_has_an_irr_and_no_false_reason() {
    // One euro up front, no monthly cost: the first month's savings repay it thousands of
    // times over. The annual rate, (1 + r)^12 − 1, is beyond Decimal; it used to be null with
    // the false reason "the cash flows change sign more than once".
    let f = crate::common::Fixture::new();
    f.write(
        "roi.toml",
        &crate::common::sample_config()
            .replace("one_time = 85000", "one_time = 1")
            .replace("monthly = 3200 ", "monthly = 0 "),
    );
    let samples = concat!(env!("CARGO_MANIFEST_DIR"), "/samples");
    let j = f.compute_json(
        &format!("{samples}/today.csv"),
        &format!("{samples}/after.csv"),
        &["--config", "roi.toml", "--no-charts"],
    );
    let h = &j["headline"];
    assert!(h["irr_annual"].as_f64().unwrap() > 1e28, "{h}");
    assert_eq!(h["reason"], serde_json::Value::Null, "{h}");
    let monthly = j["finance"]["irr_monthly"].as_f64().unwrap();
    assert!(monthly > 254.0, "{monthly}");
}
