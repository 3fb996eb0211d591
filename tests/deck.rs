//! deck.pptx: the slides of a case in English and Polish, read back from the package — the
//! slide count, each slide's text, the chart images it shows — and the same bytes on a rerun.
//! `tests/deck.sh` converts it with LibreOffice for the same checks on a real reader.

use crate::common::Fixture;
use std::io::Read;

const SAMPLES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/samples");

/// The text of each slide, in order, and the names of the media the package holds.
fn slides(bytes: &[u8]) -> (Vec<String>, Vec<String>) {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
    let mut media = Vec::new();
    let mut count = 0;
    for i in 0..zip.len() {
        let name = zip.by_index(i).unwrap().name().unwrap().to_string();
        if name.starts_with("ppt/media/") {
            media.push(name.trim_start_matches("ppt/media/").to_string());
        }
        if name.starts_with("ppt/slides/slide") && name.ends_with(".xml") {
            count += 1;
        }
    }
    let texts = (1..=count)
        .map(|i| {
            let mut xml = String::new();
            zip.by_name(&format!("ppt/slides/slide{i}.xml"))
                .unwrap()
                .read_to_string(&mut xml)
                .unwrap();
            // The runs' text, joined.
            xml.split("<a:t>")
                .skip(1)
                .filter_map(|s| s.split("</a:t>").next())
                .collect::<Vec<_>>()
                .join(" ")
                .replace('\u{a0}', " ")
        })
        .collect();
    media.sort();
    (texts, media)
}

fn deck(f: &Fixture, lang: &str) -> Vec<u8> {
    let config = crate::common::sample_config();
    f.write("roi.toml", &config);
    let out = format!("out-{lang}");
    let run = f.roi(&[
        "compute",
        &format!("{SAMPLES}/today.csv"),
        &format!("{SAMPLES}/after.csv"),
        "--config",
        "roi.toml",
        "--lang",
        lang,
        "--out",
        &out,
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("deck.pptx"), "{}", run.stdout);
    std::fs::read(f.path(&out).join("deck.pptx")).unwrap()
}

#[test]
fn the_samples_deck_holds_every_slide_in_both_languages() {
    let f = Fixture::new();
    for (lang, expect) in [
        (
            "en",
            [
                (
                    "Business case: today vs after the change",
                    "Roll the warehouse system",
                ),
                ("Annual savings, proven", "121,068 EUR"),
                ("Payback", "month 13.8"),
                ("NPV", "125,744 EUR"),
                (
                    "99% chance it pays back within 36 months",
                    "(measured spread of all levers, proven or not; rates as stated)",
                ),
                ("What you must believe", "downtime 127,600 EUR"),
                ("A day in the life", "9 in 10 cases"),
                ("The COO's view", ""),
                ("Assumptions", "EUR"),
            ],
        ),
        (
            "pl",
            [
                ("Uzasadnienie biznesowe", "Wdrożyć system WMS"),
                ("Roczne oszczędności potwierdzone danymi", "121 068 EUR"),
                ("Okres zwrotu", "13,8 miesiąca"),
                ("NPV", "125 744 EUR"),
                (
                    "99% szans na zwrot w ciągu 36 mies.",
                    "(wszystkie źródła wg rozrzutu z danych; stawki jak podano)",
                ),
                ("Co musi się sprawdzić", "przestoje 127 600 EUR"),
                ("Dzień z życia", ""),
                ("przestoje", "reklamacje"),
                ("Założenia", "EUR"),
            ],
        ),
    ] {
        let bytes = deck(&f, lang);
        let (texts, media) = slides(&bytes);
        // Title, tiles, waterfall, belief, day in the life, views, KPI, cash flow, the NPV's
        // distribution, assumptions.
        assert!(texts.len() >= 10, "{lang}: {} slides", texts.len());
        // The chance is on the tiles' slide, under the tiles: in bold on a line of its own,
        // what it rests on in a smaller one under it.
        assert!(
            texts[1].contains("99%") && texts[1].contains("125"),
            "{lang}: {}",
            texts[1]
        );
        let mut xml = String::new();
        zip::ZipArchive::new(std::io::Cursor::new(&bytes))
            .unwrap()
            .by_name("ppt/slides/slide2.xml")
            .unwrap()
            .read_to_string(&mut xml)
            .unwrap();
        let (lead, basis) = expect[4];
        for run in [lead, basis] {
            assert!(
                xml.contains(&format!("<a:t>{run}</a:t>")),
                "{lang}: no run {run:?} in\n{xml}"
            );
        }
        let all = texts.join("\n");
        for (a, b) in expect {
            assert!(all.contains(a), "{lang}: no {a:?} in\n{all}");
            assert!(all.contains(b), "{lang}: no {b:?} in\n{all}");
        }
        // The title slide carries the title block and the recommendation.
        assert!(texts[0].contains("Jane Doe"), "{lang}: {}", texts[0]);
        let recommendation = match lang {
            "pl" => "Wdrożyć system WMS",
            _ => "Roll the warehouse",
        };
        assert!(texts[0].contains(recommendation), "{lang}: {}", texts[0]);
        // Every chart the deck shows, and the logo.
        assert_eq!(
            media,
            [
                "cash_flow.png",
                "kpi_comparison.png",
                "logo.png",
                "npv_distribution.png",
                "savings_waterfall.png"
            ],
            "{lang}"
        );
        // The same case, the same bytes.
        assert_eq!(bytes, deck(&f, lang), "{lang}: the deck differs on a rerun");
    }
}
