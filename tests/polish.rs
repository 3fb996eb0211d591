//! `--lang pl` speaks Polish everywhere a person reads: the screen, summary.md, report.html
//! (text and image descriptions), the workbook's cells, the charts' SVG text, the warnings on
//! stderr and `roi check`. A word from the list below anywhere in them fails the test.
//! File names and identifiers (`kpi_comparison.png`, `hourly_cost`) are not words.

use crate::common::Fixture;
use ironcalc::base::cell::CellValue;

const SAMPLES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/samples");

/// English words that must not appear in Polish output (none of them is a Polish word).
const ENGLISH: &[&str] = &[
    "month",
    "months",
    "year",
    "case",
    "cases",
    "labor",
    "labour",
    "share",
    "volume",
    "ratio",
    "warning",
    "note",
    "error",
    "errors",
    "per",
    "unit",
    "today",
    "after",
    "change",
    "total",
    "savings",
    "lever",
    "levers",
    "payback",
    "hour",
    "hours",
    "minutes",
    "downtime",
    "response",
    "responses",
    "cycle",
    "time",
    "significant",
    "noise",
    "default",
    "measured",
    "config",
    "assumption",
    "assumptions",
    "risk",
    "adjusted",
    "within",
    "median",
    "the",
    "and",
    "of",
    "with",
    "breach",
    "breaches",
    "written",
    "rows",
    "metric",
    "metrics",
    "value",
    "proven",
    "flow",
    "quality",
    "uptime",
    "customer",
    "staff",
    "mean",
    "investment",
    "cost",
    "benefit",
    "cumulative",
    "discount",
    "conservative",
    "expected",
    "optimistic",
    "sensitivity",
    "complaints",
    "weekly",
    "limits",
    "gross",
    "lower",
    "higher",
    "what",
    "disappears",
    "worse",
    "better",
    "none",
    "immediate",
    "horizon",
    "range",
    "figure",
    "formula",
    "name",
    "sheet",
    "cash",
    "present",
    "layout",
    "delimiter",
    "encoding",
    "window",
    "columns",
    "problems",
    "dimension",
    "used",
    "shown",
    "average",
    "instead",
    "takes",
    "brings",
    "fewer",
    "more",
    "about",
    "including",
    "pays",
    "back",
    "not",
    "yet",
    "capacity",
    "throughput",
    "predictability",
    "availability",
    "regained",
    "requests",
    "get",
    "first",
    "done",
];

const PHRASES: &[&str] = &[
    "a month",
    "a year",
    "per unit",
    "volume ratio",
    "labor share",
];

/// Words of a text, lower case; tokens holding `.`, `_`, `/` or `@` are names, not words.
fn words(text: &str) -> Vec<String> {
    // A roi.toml section (`[columns]`) is a name to type, and text in „quotes” is the
    // user's own or a name to type: neither is roi's wording.
    let text = &strip_quoted(&strip_sections(text));
    text.split(|c: char| c.is_whitespace() || ",;:()[]{}\"'„”«»!?*|=+−-–…→×%<>".contains(c))
        .filter(|t| !t.is_empty() && !t.contains(['.', '_', '/', '@', '\\']))
        .map(str::to_lowercase)
        .collect()
}

/// The text without the roi.toml section names it quotes (`[columns]`, `[metrics.NAME]`).
fn strip_sections(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('[') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find(']') {
            Some(close)
                if close > 0
                    && after[..close].chars().all(|c| {
                        c.is_ascii_lowercase() || c == '_' || c == '.' || c.is_ascii_uppercase()
                    }) =>
            {
                rest = &after[close + 1..];
            }
            _ => {
                out.push('[');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The text without what it quotes in Polish quotation marks („…”).
fn strip_quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('„') {
        out.push_str(&rest[..open]);
        let after = &rest[open + '„'.len_utf8()..];
        match after.find('”') {
            Some(close) => rest = &after[close + '”'.len_utf8()..],
            None => {
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// A `{placeholder}` left in a text: a phrase filled without one of its values.
fn unfilled(text: &str) -> Option<&str> {
    text.split('{').skip(1).find_map(|rest| {
        let name = rest.split('}').next()?;
        (rest.contains('}')
            && !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'))
        .then_some(name)
    })
}

fn assert_polish(what: &str, text: &str) {
    assert_eq!(
        unfilled(text),
        None,
        "a placeholder left in the {what}:\n{text}"
    );
    let lower = text.to_lowercase();
    let mut found: Vec<String> = words(text)
        .into_iter()
        .filter(|w| ENGLISH.contains(&w.as_str()))
        .collect();
    found.extend(
        PHRASES
            .iter()
            .filter(|p| lower.contains(*p))
            .map(|p| p.to_string()),
    );
    found.sort();
    found.dedup();
    assert!(
        found.is_empty(),
        "English in the Polish {what}: {found:?}\n{text}"
    );
}

/// The contents of every `<tag …>…</tag>` of a kind.
fn inner(text: &str, tag: &str) -> String {
    let mut out = String::new();
    let open = format!("<{tag}");
    let close = format!("</{tag}>");
    let mut rest = text;
    while let Some(start) = rest.find(&open) {
        let after = &rest[start..];
        let Some(gt) = after.find('>') else { break };
        let Some(end) = after.find(&close) else { break };
        out.push_str(&after[gt + 1..end]);
        out.push('\n');
        rest = &after[end + close.len()..];
    }
    out
}

/// The text of an HTML page: its content without markup, and its image descriptions.
fn html_text(html: &str) -> String {
    let body = &html[html.find("<body>").unwrap()..];
    let mut text = String::new();
    let mut in_tag = false;
    for c in body.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                text.push(' ');
            }
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    for part in html.split("alt=\"").skip(1) {
        text.push_str(part.split('"').next().unwrap_or(""));
        text.push('\n');
    }
    text.push_str(&inner(html, "title"));
    text.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

#[test]
fn every_output_in_polish_is_polish() {
    let f = Fixture::new();
    // The inputs under Polish names; the samples' custom metric has a label per language.
    for (from, to) in [("today.csv", "dzis.csv"), ("after.csv", "po.csv")] {
        std::fs::copy(format!("{SAMPLES}/{from}"), f.path(to)).unwrap();
    }
    let config = crate::common::sample_config();
    assert!(config.contains("label = { en = \"complaints\", pl = \"reklamacje\" }"));
    // A Polish consultant writes the sources of the rates in Polish: the user's words are the
    // user's language.
    let mut config = config;
    for (from, to) in [
        (
            "finance: average mis-pick cost (re-pick, re-ship, credit note), 2025",
            "dział finansów: średni koszt błędnej kompletacji, 2025",
        ),
        ("CFO office", "biuro dyrektora finansowego"),
        (
            "scanners down: overtime and late-shipment penalties, 2025 operations report",
            "awarie skanerów: nadgodziny i kary za opóźnione wysyłki, raport operacyjny 2025",
        ),
        ("COO office", "biuro dyrektora operacyjnego"),
        (
            "goodwill credit per late service-desk answer, customer service policy",
            "rekompensata za spóźnioną odpowiedź, zasady obsługi klienta",
        ),
        (
            "Roll the warehouse system out to both sites in Q1 2027; confirm downtime with eight more weeks of data before counting it",
            "Wdrożyć system magazynowy w obu oddziałach w I kwartale 2027 r.; przestoje potwierdzić ośmioma tygodniami danych",
        ),
    ] {
        assert!(config.contains(from), "{from}");
        config = config.replace(from, to);
    }
    f.write("zalozenia.toml", &config);
    let run = f.roi(&[
        "compute",
        "dzis.csv",
        "po.csv",
        "--config",
        "zalozenia.toml",
        "--lang",
        "pl",
        "--svg",
        "--out",
        "raport",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_polish("screen", &run.stdout);
    assert_polish("stderr", &run.stderr);
    let read = |name: &str| std::fs::read_to_string(f.path(&format!("raport/{name}"))).unwrap();
    assert_polish("summary.md", &read("summary.md"));
    assert_polish("report.html", &html_text(&read("report.html")));
    let mut svgs = 0;
    for e in std::fs::read_dir(f.path("raport")).unwrap() {
        let name = e.unwrap().file_name().to_string_lossy().into_owned();
        if name.ends_with(".svg") {
            svgs += 1;
            assert_polish(&name, &inner(&read(&name), "text"));
        }
    }
    assert_eq!(svgs, 8);
    let path = f.path("raport/business_case.xlsx");
    let model =
        ironcalc::import::load_from_xlsx(path.to_str().unwrap(), "en", "UTC", "en").unwrap();
    let mut cells = String::new();
    for sheet in model.get_worksheets_properties() {
        cells.push_str(&sheet.name);
        cells.push('\n');
    }
    for c in model.get_all_cells() {
        if let Ok(CellValue::String(s)) = model.get_cell_value_by_index(c.index, c.row, c.column) {
            cells.push_str(&s);
            cells.push('\n');
        }
    }
    assert_polish("workbook", &cells);
    // The same run in English has these words: the list does catch English.
    let en = f.roi(&[
        "compute",
        "dzis.csv",
        "po.csv",
        "--config",
        "zalozenia.toml",
    ]);
    assert_eq!(unfilled(&en.stdout), None, "{}", en.stdout);
    // Each language its own label.
    assert!(run.stdout.contains("reklamacje") && !run.stdout.contains("complaints"));
    assert!(en.stdout.contains("complaints") && !en.stdout.contains("reklamacje"));
    assert!(std::panic::catch_unwind(|| assert_polish("English run", &en.stdout)).is_err());
}

#[test]
fn roi_check_in_polish_is_polish() {
    let f = Fixture::new();
    f.write(
        "dzis.csv",
        "data;czas_cyklu [godz];błędy;przestoje [min];zespół\n\
         01.09.2026;4,5;1;;północ\n\
         02.09.2026;NA;0;30;południe\n\
         03.09.2026;6;2;;północ\n",
    );
    let run = f.roi(&["check", "dzis.csv", "--lang", "pl"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // Three empty cells skipped: not a plain "ok".
    assert!(
        run.stdout
            .contains("ok, pominięto 3: 3 komórki bez pomiaru (szczegóły w ostrzeżeniach powyżej)"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("brak problemów"), "{}", run.stdout);
    assert!(run.stdout.contains("układ"), "{}", run.stdout);
    assert_polish("roi check", &run.stdout);
}

#[test]
fn problems_in_polish_are_polish_and_located() {
    let f = Fixture::new();
    let today = format!("{SAMPLES}/today.csv");
    // A value that is no number: the message names the place, in Polish, exit 1, nothing
    // written.
    f.write(
        "zle.csv",
        "metric,value,unit,date\ncycle_time,szybko,h,2026-10-01\n",
    );
    let run = f.roi(&["compute", &today, "zle.csv", "--lang", "pl", "--out", "out"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(
        run.stderr.trim(),
        "błąd: zle.csv:2:2: wartość „szybko” wskaźnika „czas cyklu” nie jest liczbą; oczekiwano: czas \
         trwania, np. 4,5 (albo pusta komórka / NA, jeśli nie zmierzono); jeśli „szybko” \
         oznacza brak obserwacji, dodaj [input] missing = [\"szybko\"] do roi.toml"
    );
    assert!(!f.exists("out"));
    // Many kinds at once: a header, units, rows, a summary, roi.toml.
    let cases: &[(&str, &str)] = &[
        (
            "a.csv",
            "metric,value,unit\ncycle_time,4,parseki\nerrors,1.5,\ncycle_time,-3,h\n",
        ),
        ("b.csv", "metric,value\ncycle_time,4,5,6\n"),
        ("c.csv", "czas,koniec\n1,2\n"),
        (
            "d.csv",
            "metric,n,mean,median,p90,days\ncycle_time,10,5,6,4,30\nerrors,0,1,,,30\n",
        ),
        ("e.csv", ""),
        ("f.csv", "date,cycle_time_h\n2026-13-45,4\n03/04/2026,5\n"),
    ];
    for (name, text) in cases {
        f.write(name, text);
        let run = f.roi(&["compute", &today, name, "--lang", "pl", "--out", "out"]);
        assert_eq!(run.code, 1, "{name}: {}", run.stderr);
        assert!(run.stderr.contains(&format!("{name}:")), "{}", run.stderr);
        assert!(run.stderr.starts_with("błąd: "), "{}", run.stderr);
        assert_polish(name, &run.stderr);
    }
    f.write(
        "zly.toml",
        "horizn_months = 3\ndiscount_rate = 7\n[sla]\nresponse_time = \"szybko\"\n\
         [metrics.reklamacje]\nkind = \"liczba\"\n[calendar]\nhours = 8\n",
    );
    let run = f.roi(&[
        "compute", &today, &today, "--config", "zly.toml", "--lang", "pl", "--out", "out",
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("zly.toml:1:1: nieznany klucz „horizn_months”"),
        "{}",
        run.stderr
    );
    assert_polish("roi.toml", &run.stderr);
    let run = f.roi(&["check", "c.csv", "d.csv", "--lang", "pl"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_polish("roi check", &run.stdout);
}
