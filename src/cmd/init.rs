//! `roi init`: a roi.toml made from the table of assumptions — every assumption commented out
//! with its default beside it, so a run on it still lists defaults as defaults — and a small
//! today/after pair to start from. Existing files are kept unless `--force`.

use crate::assumptions::{Fallback, Per, ValueKind, table};
use crate::error::{Problem, RoiError};
use crate::i18n::Lang;
use crate::message::msg;
use crate::metric::BUILTINS;
use rust_decimal::Decimal;
use std::fmt::Write as _;
use std::io::Write;
use std::path::Path;

const TODAY: &str = include_str!("init/today.csv");
const AFTER: &str = include_str!("init/after.csv");

const EN_HEAD: &str = "# roi.toml: the assumptions behind the business case.\n\
# Every assumption is listed with roi's default, commented out. A value you do not set\n\
# stays a default and is marked \"default\" in every summary, so nobody presents an\n\
# assumption as a measurement: uncomment and change what you know, then run\n\
#   roi compute today.csv after.csv --config roi.toml\n\
# A figure you are unsure of may be given as a range, most likely value in the middle, as in\n\
#   hourly_cost = { value = 42, low = 38, high = 48 }\n\
# and the chance that the case pays back counts with it.\n\n";

const PL_HEAD: &str = "# roi.toml: założenia uzasadnienia biznesowego.\n\
# Każde założenie jest tu z wartością domyślną roi, w komentarzu. Wartość, której nie\n\
# ustawisz, zostaje domyślna i jest tak oznaczona w każdym podsumowaniu, żeby nikt nie\n\
# przedstawił założenia jako pomiaru: odkomentuj i zmień to, co wiesz, potem uruchom\n\
#   roi compute today.csv after.csv --config roi.toml --lang pl\n\
# Wartość niepewną można podać jako przedział, w środku najbardziej prawdopodobną, np.\n\
#   hourly_cost = { value = 42, low = 38, high = 48 }\n\
# a szansa na zwrot inwestycji uwzględni ten przedział.\n\
# Nazwy kluczy i wartości zostają po angielsku; komentarze możesz pisać po polsku.\n\n";

const PL_TAIL: &str = "\n# Własny wskaźnik: kind = count | case_duration | period_duration; cost_per_unit to koszt\n\
# jednostki (przy czasach: godziny); label to jego nazwa w każdym wyniku.\n\
# [metrics.complaints]\n\
# kind = \"count\"\n\
# cost_per_unit = 300\n\
# label = { en = \"complaints\", pl = \"reklamacje\" }\n\
# benefit = \"cash\"              # cash albo capacity, jak w [benefits]\n\n\
# [benefits]                     # cash: pieniądze, które przestają wychodzić z budżetu; capacity:\n\
#                                # uwolniony czas pracy, liczony × capacity_recapture (domyślnie:\n\
#                                # czas cyklu, błędy i własne wskaźniki capacity; przestoje, SLA cash)\n\
# errors = \"cash\"\n\n\
# Korzyść lub koszt, których dane nie zmierzą: zadeklarowane, w każdym scenariuszu w podanej\n\
# wysokości, nigdy jako potwierdzone. Ze znakiem (koszt < 0); inwestycja w etapach to jedna\n\
# pozycja na etap.\n\
# [[stated]]\n\
# name = \"wycofane licencje\"\n\
# monthly = 1200                 # od from_month (domyślnie 1) do końca horyzontu\n\
# from_month = 4\n\
# one_time = 0                   # w miesiącu `month` (domyślnie 0)\n\
# kind = \"cash\"                  # albo \"capacity\" (liczone × capacity_recapture)\n\
# source = \"rejestr licencji IT\" # kto za tym stoi: drukowane obok pozycji\n\n\
[columns]                       # własne nazwy kolumn pliku → wskaźniki i data (układ szeroki)\n\
# cycle_time = { column = \"Czas realizacji\", unit = \"h\" }\n\
# cycle_time = { start = \"Utworzono\", end = \"Zamknięto\" }   # czas sprawy z dwóch znaczników czasu\n\
# errors = \"Liczba poprawek\"\n\
# date = \"Data zamknięcia\"\n\
# date_format = \"d/m/yyyy\"     # tylko gdy dane nie odróżnią 03/04/2026 od 04/03/2026\n\
# sla_met = { column = \"w_sla\", metric = \"cycle_time\" }   # ocena SLA z systemu, dla każdej sprawy\n\n\
# [targets]                     # dla roi project: obiecana poprawa, przed pilotażem\n\
# cycle_time = \"-20%\"           # względnie albo bezwzględnie w jednostce wskaźnika\n\
# errors = \"-30%\"\n\
# downtime = \"-1.5h\"            # miesięcznie\n\n\
# [control]                     # jednostka, której zmiana nie objęła, te same dwa okresy:\n\
# today = \"kontrola_dzis.csv\"   # każda zmiana liczona jako różnica różnic (jak --control)\n\
# after = \"kontrola_po.csv\"\n\n\
# [input]\n\
# missing = [\"?\", \"b/d\"]          # komórki oznaczające brak pomiaru\n\
# ignore = [\"cycle_tme\"]           # nazwy podobne do wskaźnika, które nim nie są\n\n\
# [events]                       # log zdarzeń: jeden wiersz na zdarzenie sprawy\n\
# case = \"ID sprawy\"\n\
# activity = \"Czynność\"\n\
# timestamp = \"Znacznik czasu\"\n\
# response_until = \"Pierwsza odpowiedź\"   # czas reakcji: pierwsze zdarzenie → ta czynność\n\
# rework = true                  # sprawy z powtórzoną czynnością liczone jako poprawki\n\n\
# [calendar]                     # czas pracy, dla czasów liczonych ze znaczników czasu\n\
# hours = \"08:00-16:00\"\n\
# days = \"mon-fri\"\n\
# holidays = [\"2026-12-24\", \"2026-12-25\"]\n\
# basis = \"working\"             # albo dla wskaźnika: { start = …, end = …, basis = \"working\" }\n\n\
# [report]                       # metryczka jednostronicowego raportu (report.html)\n\
# title = \"System magazynowy: uzasadnienie biznesowe\"\n\
# client = \"Przykładowa Dystrybucja Sp. z o.o.\"\n\
# prepared_by = \"Jan Kowalski, presales\"\n\
# date = \"2026-11-30\"\n\
# by = \"process\"                 # rozbicie według tej kolumny, jak --by\n\
# headline = \"proven\"            # albo \"all\": które źródła liczy nagłówek\n";

/// A key's comment in Polish, where it has one.
fn help_pl(key: &str) -> Option<&'static str> {
    Some(match key {
        "currency" => "kod waluty ISO 4217 w podsumowaniach",
        "horizon_months" => "horyzont analizy, w miesiącach",
        "discount_rate" => "stopa dyskontowa, roczna, do NPV (0.10 = 10%)",
        "risk_adjustment" => "udział korzyści odjęty w nagłówku skorygowanym o ryzyko",
        "fte_hours_per_month" => "godziny jednego etatu miesięcznie (godziny → etaty)",
        "volume.cases_per_month" => "domyślnie: zmierzony z dzisiejszego pliku",
        "window.today_days" => "tylko dla plików bez kolumny z datą",
        "rates.labor_share" => "udział pracy w czasie cyklu (nie cały czas cyklu to praca)",
        "rates.capacity_recapture" => {
            "udział uwolnionego czasu pracy liczony jako pieniądze (źródła typu capacity)"
        }
        "rates.hourly_cost" => "koszt roboczogodziny z narzutami",
        "rates.cost_per_cycle_breach" => {
            "sprawa zamknięta po terminie SLA czasu cyklu: kara, rekompensata, eskalacja"
        }
        "rates.cost_per_sla_breach" => "spóźniona odpowiedź: rekompensata, eskalacja",
        "rates.cost_per_error" => "poprawki, obsługa, korekty faktur",
        "rates.downtime_cost_per_hour" => "nadgodziny, bezczynny zespół, kary za opóźnione wysyłki",
        "investment.one_time" => "nakłady jednorazowe, miesiąc 0",
        "investment.monthly" => "koszt miesięczny, miesiące 1..horyzont",
        "investment.ramp_up_months" => "okres rozruchu: miesiąc t dostaje min(1, t/ramp) korzyści",
        _ => return None,
    })
}

const EN_MIDDLE: &str = "\n# A custom metric: kind = count | case_duration | period_duration; cost_per_unit is per\n\
         # unit counted, or per hour for durations; label is its name in every output.\n\
         # [metrics.complaints]\n\
         # kind = \"count\"\n\
         # cost_per_unit = 300\n\
         # label = \"complaints\"\n\
         # benefit = \"cash\"              # cash or capacity, as in [benefits]\n\n\
         # [benefits]                     # cash: money the budget no longer spends; capacity: staff\n\
         #                                # time freed, counted × capacity_recapture (defaults: cycle\n\
         #                                # time, errors and custom metrics capacity; downtime, SLA cash)\n\
         # errors = \"cash\"\n\n\
         # A benefit or cost the data cannot measure: stated, in every scenario as given, never\n\
         # proven. Signed (a cost < 0); a phased investment is one line per phase.\n\
         # [[stated]]\n\
         # name = \"licences retired\"\n\
         # monthly = 1200                 # from from_month (default 1) to the end of the horizon\n\
         # from_month = 4\n\
         # one_time = 0                   # in month `month` (default 0)\n\
         # kind = \"cash\"                  # or \"capacity\" (counted × capacity_recapture)\n\
         # source = \"IT asset list\"      # who stands behind it: printed beside the line\n\n";

const EN_TAIL: &str = "# cycle_time = { column = \"Resolution time\", unit = \"h\" }\n\
         # cycle_time = { start = \"Created\", end = \"Resolved\" }   # a duration per row from two timestamps\n\
         # errors = \"Rework count\"\n\
         # date = \"Closed at\"\n\
         # date_format = \"d/m/yyyy\"     # only where the data cannot tell 03/04/2026 from 04/03/2026\n\
         # sla_met = { column = \"made_sla\", metric = \"cycle_time\" }   # the system's own verdict per case\n\n\
         # [targets]                     # for roi project: the improvement promised, before a pilot\n\
         # cycle_time = \"-20%\"           # relative, or absolute in the metric's unit\n\
         # errors = \"-30%\"\n\
         # downtime = \"-1.5h\"            # a month\n\n\
         # [control]                     # a site the change did not touch, the same two periods:\n\
         # today = \"control_today.csv\"   # each change counted beyond the control's (like --control)\n\
         # after = \"control_after.csv\"\n\n\
         # [input]\n\
         # missing = [\"?\", \"n/a\"]          # cells that mean \"not observed\"\n\
         # ignore = [\"cycle_tme\"]           # names near a metric's that are not one\n\n\
         # [events]                       # an event log: one row per event of a case\n\
         # case = \"CaseID\"\n\
         # activity = \"Activity\"\n\
         # timestamp = \"Timestamp\"\n\
         # response_until = \"First response\"   # response time: first event → this activity\n\
         # rework = true                  # count the cases with a repeated activity as rework\n\n\
         # [calendar]                     # working time, for durations from timestamps\n\
         # hours = \"08:00-16:00\"\n\
         # days = \"mon-fri\"\n\
         # holidays = [\"2026-12-24\", \"2026-12-25\"]\n\
         # basis = \"working\"             # or per metric: { start = …, end = …, basis = \"working\" }\n\n\
         # [report]                       # the one-pager's title block (report.html)\n\
         # title = \"Warehouse system: the business case\"\n\
         # client = \"Example Distribution Sp. z o.o.\"\n\
         # prepared_by = \"Jane Doe, presales\"\n\
         # date = \"2026-11-30\"\n\
         # by = \"process\"                 # break the case down by this column, like --by\n\
         # headline = \"proven\"            # or \"all\": the levers the headline's money counts\n";

/// The comment column of the template.
const COMMENT_AT: usize = 32;

fn line(out: &mut String, setting: &str, help: &str) {
    if help.is_empty() {
        let _ = writeln!(out, "{setting}");
    } else {
        let pad = COMMENT_AT.saturating_sub(setting.chars().count()).max(1);
        let _ = writeln!(out, "{setting}{}# {help}", " ".repeat(pad));
    }
}

/// `0.5` hours → `"30min"`, `8` → `"8h"`.
fn duration(hours: f64) -> String {
    if hours < 1.0 {
        format!("\"{}min\"", hours * 60.0)
    } else {
        format!("\"{hours}h\"")
    }
}

/// The commented roi.toml in English, from the table of assumptions.
pub fn template() -> String {
    template_in(Lang::En)
}

/// The commented roi.toml with its comments in `lang`; keys and values are the same in
/// every language.
pub fn template_in(lang: Lang) -> String {
    let pl = lang == Lang::Pl;
    let mut out = String::from(if pl { PL_HEAD } else { EN_HEAD });
    let mut section = String::new();
    for d in table::table(&[]) {
        if d.section() != section {
            if d.section() == "investment" {
                sla(&mut out, pl);
            }
            section = d.section().to_string();
            let _ = writeln!(out, "\n[{section}]");
        }
        let value = match d.fallback {
            Fallback::Number(m, scale) => Decimal::new(m, scale).to_string(),
            Fallback::Text(t) => format!("\"{t}\""),
            Fallback::Measured => "1200".into(),
            // A second, SLA lever is not priced unless set.
            Fallback::Unset if d.per == Per::Breach => "0".into(),
            // An investment has no default: an example amount, said to be one.
            Fallback::Unset if d.kind == ValueKind::Money => {
                if d.key == crate::assumptions::keys::ONE_TIME {
                    "85000".into()
                } else {
                    "3200".into()
                }
            }
            Fallback::Unset => "30".into(),
        };
        let own = if pl {
            help_pl(&d.key).unwrap_or(d.help)
        } else {
            d.help
        };
        let help = match (d.kind, d.fallback) {
            (ValueKind::Money, Fallback::Unset) if d.per == Per::Breach => format!(
                "{own}; {}",
                if pl {
                    "bez wyceny, dopóki nie ustawiony: źródło istnieje, gdy > 0"
                } else {
                    "not priced unless set: the lever exists when > 0"
                }
            ),
            (ValueKind::Money, Fallback::Unset) => format!(
                "{own}; {}",
                if pl {
                    "bez wartości domyślnej (przykład): bez niej roi pokazuje, jaką inwestycję udźwigną oszczędności"
                } else {
                    "no default (an example): without it roi shows the investment the savings can carry"
                }
            ),
            (ValueKind::Money, _) if own.is_empty() => String::new(),
            _ => own.to_string(),
        };
        line(&mut out, &format!("# {} = {value}", d.field()), &help);
    }
    if pl {
        out.push_str(PL_TAIL);
    } else {
        out.push_str(EN_MIDDLE);
        line(
            &mut out,
            "[columns]",
            "a file's own column names → metrics and date (wide layout)",
        );
        out.push_str(EN_TAIL);
    }
    out
}

fn sla(out: &mut String, pl: bool) {
    let _ = writeln!(out);
    line(
        out,
        "[sla]",
        if pl {
            "cele; sprawa zamknięta w celu lub szybciej dotrzymuje SLA; podanie któregokolwiek zastępuje wszystkie domyślne"
        } else {
            "targets; a case at or under one meets the SLA; listing any replaces these"
        },
    );
    for b in BUILTINS
        .iter()
        .filter(|b| b.kind == crate::metric::Kind::CaseDuration)
    {
        let target = b.sla_hours.unwrap_or(8.0);
        line(out, &format!("# {} = {}", b.name, duration(target)), "");
    }
    line(
        out,
        "# [sla.by.priority]",
        if pl {
            "cele według wartości kolumny; pozostałe wartości mają cel powyżej"
        } else {
            "targets by a column's values; other values take the target above"
        },
    );
    line(out, "# \"1 - Critical\" = \"4h\"", "");
    line(
        out,
        "# \"3 - Moderate\" = { cycle_time = \"5d\", response_time = \"2h\" }",
        "",
    );
}

/// Writes the starter files into `dir`; refuses, writing nothing, if one exists and not `force`.
/// Runs a `roi init` command line.
pub fn run(args: &crate::cli::InitArgs, out: &mut dyn Write) -> Result<(), RoiError> {
    init_in(&args.dir, args.force, args.lang.into(), out)
}

pub fn init(dir: &Path, force: bool, out: &mut dyn Write) -> Result<(), RoiError> {
    init_in(dir, force, Lang::En, out)
}

fn init_in(dir: &Path, force: bool, lang: Lang, out: &mut dyn Write) -> Result<(), RoiError> {
    let pl = lang == Lang::Pl;
    let files = [
        ("roi.toml", template_in(lang)),
        ("today.csv", TODAY.to_string()),
        ("after.csv", AFTER.to_string()),
    ];
    if !force {
        let existing: Vec<Problem> = files
            .iter()
            .map(|(name, _)| dir.join(name))
            .filter(|p| p.exists())
            .map(|p| {
                Problem::in_file(&p.display().to_string())
                    .says(msg!(init_exists), msg!(init_expected))
            })
            .collect();
        if !existing.is_empty() {
            return Err(RoiError::Input {
                problems: existing,
                more: 0,
            });
        }
    }
    let files: Vec<(String, Vec<u8>)> = files
        .into_iter()
        .map(|(n, t)| (n.to_string(), t.into_bytes()))
        .collect();
    crate::output::write_files(dir, &files)?;
    let shown = |n: &str| {
        if dir == Path::new(".") {
            n.to_string()
        } else {
            dir.join(n).display().to_string()
        }
    };
    let _ = writeln!(
        out,
        "{} {}, {} {} {}",
        if pl { "zapisano" } else { "wrote" },
        shown("roi.toml"),
        shown("today.csv"),
        if pl { "i" } else { "and" },
        shown("after.csv")
    );
    let _ = writeln!(
        out,
        "{}",
        if pl {
            "dalej: uzupełnij roi.toml, potem uruchom"
        } else {
            "next: edit roi.toml, then run"
        }
    );
    let prefix = if dir == Path::new(".") {
        String::new()
    } else {
        format!("cd {} && ", dir.display())
    };
    let _ = writeln!(
        out,
        "  {prefix}roi compute today.csv after.csv --config roi.toml{}",
        if pl { " --lang pl" } else { "" }
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::assumptions::{Assumptions, Source, parse};

    #[test]
    fn the_template_parses_to_the_defaults_marked_as_defaults() {
        let t = parse(&super::template(), "roi.toml").unwrap();
        let d = Assumptions::default();
        for e in t.ledger(None) {
            assert_eq!(e.origin, Source::Default, "{}", e.key);
        }
        assert_eq!(t.ledger(None), d.ledger(None));
    }

    #[test]
    fn uncommenting_every_setting_gives_exactly_the_defaults() {
        // Each "# key = value" line of the template, uncommented, states the default; from
        // [columns] on the lines are examples of mappings, not defaults.
        for lang in [crate::i18n::Lang::En, crate::i18n::Lang::Pl] {
            uncommented_defaults(&super::template_in(lang));
        }
    }

    fn uncommented_defaults(template: &str) {
        let defaults = &template[..template.find("\n[columns]").unwrap_or(template.len())];
        let text: String = defaults
            .lines()
            .map(|l| match l.strip_prefix("# ") {
                Some(rest)
                    if rest.split_once(" = ").is_some_and(|(k, _)| {
                        k.chars().all(|c| c.is_ascii_lowercase() || c == '_')
                    }) && !rest.starts_with("cases_per_month")
                        && !rest.contains("_days")
                        && !rest.starts_with("cycle_time")
                        && !rest.starts_with("kind")
                        && !rest.starts_with("cost_per_unit")
                        && !rest.starts_with("label")
                        && !rest.starts_with("benefit")
                        && !rest.starts_with("errors")
                        && !rest.starts_with("date")
                        // A stated line is an example, not a default.
                        && !rest.starts_with("name")
                        && !rest.starts_with("from_month")
                        && !rest.starts_with("source")
                        // The investment has no default: its lines are examples.
                        && !rest.starts_with("one_time")
                        // A second, SLA lever is not priced unless set.
                        && !rest.starts_with("cost_per_cycle_breach")
                        && !rest.starts_with("monthly =") =>
                {
                    format!("{rest}\n")
                }
                _ => format!("{l}\n"),
            })
            .collect();
        let t = parse(&text, "roi.toml").unwrap();
        let d = Assumptions::default();
        let (tl, dl) = (t.ledger(None), d.ledger(None));
        assert_eq!(tl.len(), dl.len());
        for (a, b) in tl.iter().zip(&dl) {
            assert_eq!((&a.key, &a.value), (&b.key, &b.value));
            assert_eq!(
                a.origin,
                Source::Config,
                "{} was not in the template",
                a.key
            );
        }
    }
}
