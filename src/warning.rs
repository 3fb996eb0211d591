//! Warnings: what the user should know before presenting the numbers. Typed where they are
//! raised, worded in English or Polish where they are shown.

use crate::i18n::Lang;

#[derive(Debug, Clone, PartialEq)]
pub enum Warning {
    /// The file was not UTF-8 and was read in a fallback encoding.
    EncodingFallback {
        file: String,
        encoding: String,
    },
    /// Rows of a long file named a metric roi does not know.
    UnknownMetric {
        file: String,
        line: u64,
        name: String,
        suggestion: Option<String>,
        rows: u64,
    },
    /// Rows with unknown names beyond the ones listed.
    MoreUnknownMetrics {
        file: String,
        rows: u64,
    },
    /// Cells that said "not observed", per metric.
    SkippedMissing {
        file: String,
        counts: Vec<(String, u64)>,
    },
    /// A wide-layout column that looks like a metric name but is not one.
    ColumnNearMiss {
        file: String,
        line: u64,
        column: u64,
        header: String,
        suggestion: String,
    },
    /// A metric measured on one side only (`today` true: measured today).
    OneSideOnly {
        metric: String,
        today: bool,
    },
    /// Fewer than 30 cases of a case metric on one side.
    FewCases {
        metric: String,
        n: u64,
        today: bool,
    },
    WindowsDiffer {
        today_days: u32,
        after_days: u32,
    },
    /// A window too short for monthly rates to mean much (`today` true: today's file).
    ShortWindow {
        days: u32,
        today: bool,
    },
    /// Volume changed by more than 20% (`change` as a fraction of today).
    VolumeChanged {
        change: f64,
        today: f64,
        after: f64,
    },
    /// A lever whose underlying change is not significant.
    LeverNotSignificant {
        lever: String,
        monthly: rust_decimal::Decimal,
        currency: String,
    },
}

impl Warning {
    /// The warning in the chosen language.
    pub fn text(&self, lang: Lang) -> String {
        let en = lang == Lang::En;
        let name = |m: &str| lang.metric_name(m);
        match self {
            Warning::EncodingFallback { file, encoding } => {
                if en {
                    format!(
                        "{file}: not valid UTF-8, read as {encoding} (Polish Excel's default); use --encoding to choose another"
                    )
                } else {
                    format!(
                        "{file}: plik nie jest w UTF-8, odczytano go jako {encoding} (domyślne kodowanie polskiego Excela); inne kodowanie wybierzesz opcją --encoding"
                    )
                }
            }
            Warning::UnknownMetric {
                file,
                line,
                name: metric,
                suggestion,
                rows,
            } => {
                let hint = match (suggestion, en) {
                    (Some(s), true) => format!("did you mean {s}?"),
                    (Some(s), false) => format!("czy chodziło o {s}?"),
                    (None, true) => "declare it in roi.toml [metrics.NAME] to use it".into(),
                    (None, false) => "aby go użyć, zadeklaruj go w roi.toml [metrics.NAZWA]".into(),
                };
                if en {
                    let r = if *rows == 1 { "row" } else { "rows" };
                    format!("{file}:{line}: unknown metric '{metric}' ({hint}); {rows} {r} skipped")
                } else {
                    format!(
                        "{file}:{line}: nieznany wskaźnik '{metric}' ({hint}); pominięte wiersze: {rows}"
                    )
                }
            }
            Warning::MoreUnknownMetrics { file, rows } => {
                if en {
                    format!("{file}: {rows} more rows with other unknown metric names skipped")
                } else {
                    format!(
                        "{file}: pominięto jeszcze {rows} wierszy z innymi nieznanymi wskaźnikami"
                    )
                }
            }
            Warning::SkippedMissing { file, counts } => {
                let list: Vec<String> = counts
                    .iter()
                    .map(|(m, n)| format!("{n} {}", name(m)))
                    .collect();
                if en {
                    format!(
                        "{file}: empty or NA cells skipped as not observed: {}",
                        list.join(", ")
                    )
                } else {
                    format!(
                        "{file}: puste komórki lub NA pominięte jako brak obserwacji: {}",
                        list.join(", ")
                    )
                }
            }
            Warning::ColumnNearMiss {
                file,
                line,
                column,
                header,
                suggestion,
            } => {
                if en {
                    format!(
                        "{file}:{line}:{column}: column '{header}' is not a known metric (did you mean {suggestion}?); it is treated as a dimension"
                    )
                } else {
                    format!(
                        "{file}:{line}:{column}: kolumna '{header}' nie jest znanym wskaźnikiem (czy chodziło o {suggestion}?); traktowana jako wymiar"
                    )
                }
            }
            Warning::OneSideOnly { metric, today } => match (en, today) {
                (true, true) => format!(
                    "{} is measured today but not after the change; it is left out of the comparison",
                    name(metric)
                ),
                (true, false) => format!(
                    "{} is measured after the change but not today; it is left out of the comparison",
                    name(metric)
                ),
                (false, true) => format!(
                    "{}: zmierzone dziś, ale nie po zmianie; pominięte w porównaniu",
                    name(metric)
                ),
                (false, false) => format!(
                    "{}: zmierzone po zmianie, ale nie dziś; pominięte w porównaniu",
                    name(metric)
                ),
            },
            Warning::FewCases { metric, n, today } => {
                if en {
                    let side = if *today { "today" } else { "after the change" };
                    let c = if *n == 1 { "case" } else { "cases" };
                    format!(
                        "{}: only {n} {c} {side}; fewer than 30 cases make the percentiles and the interval rough",
                        name(metric)
                    )
                } else {
                    let side = if *today { "dziś" } else { "po zmianie" };
                    format!(
                        "{}: tylko {n} {} {side}; przy mniej niż 30 sprawach percentyle i przedział są przybliżone",
                        name(metric),
                        crate::i18n::plural_pl(*n, "sprawa", "sprawy", "spraw")
                    )
                }
            }
            Warning::WindowsDiffer {
                today_days,
                after_days,
            } => {
                if en {
                    format!(
                        "the windows differ in length: {today_days} days today vs {after_days} after the change; rates are per month, but seasonality may differ"
                    )
                } else {
                    format!(
                        "okresy mają różną długość: {today_days} dni dziś i {after_days} po zmianie; wskaźniki są miesięczne, ale sezonowość może się różnić"
                    )
                }
            }
            Warning::ShortWindow { days, today } => {
                let factor = lang.number(30.4375 / f64::from(*days), 0);
                if en {
                    let side = if *today {
                        "today's file"
                    } else {
                        "the after file"
                    };
                    let d = if *days == 1 { "day" } else { "days" };
                    format!(
                        "{side} covers only {days} {d}; monthly rates extrapolate it about {factor}×, so one unusual day weighs heavily"
                    )
                } else {
                    let side = if *today {
                        "plik „dziś”"
                    } else {
                        "plik „po zmianie”"
                    };
                    let d = crate::i18n::plural_pl(u64::from(*days), "dzień", "dni", "dni");
                    format!(
                        "{side} obejmuje tylko {days} {d}; wskaźniki miesięczne mnożą go około {factor}×, więc jeden nietypowy dzień waży bardzo dużo"
                    )
                }
            }
            Warning::VolumeChanged {
                change,
                today,
                after,
            } => {
                if en {
                    format!(
                        "volume changed by {} between the periods ({} → {} cases a month); savings are computed at today's volume",
                        lang.signed_percent(*change),
                        lang.number(*today, 0),
                        lang.number(*after, 0)
                    )
                } else {
                    format!(
                        "wolumen zmienił się o {} między okresami ({} → {} spraw miesięcznie); oszczędności liczone są przy dzisiejszym wolumenie",
                        lang.signed_percent(*change),
                        lang.number(*today, 0),
                        lang.number(*after, 0)
                    )
                }
            }
            Warning::LeverNotSignificant {
                lever,
                monthly,
                currency,
            } => {
                let monthly = lang.money_whole(*monthly, currency);
                if en {
                    format!(
                        "the {} lever ({monthly} a month) rests on a change that is not significant: it is counted, but it could be noise",
                        name(lever)
                    )
                } else {
                    format!(
                        "dźwignia „{}” ({monthly} miesięcznie) opiera się na zmianie nieistotnej statystycznie: jest policzona, ale może być szumem",
                        name(lever)
                    )
                }
            }
        }
    }
}
