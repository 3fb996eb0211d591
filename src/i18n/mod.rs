//! Words, chosen at render time: one phrase catalogue per language (`en.rs`, `pl.rs`) of the
//! phrases declared in `phrases.rs`, plural rules (`nouns.rs`), and the number, money and date
//! formats of each language (`format.rs`). Only the document, the renderers, the charts and
//! the commands' messages import this module.

mod catalogue;
mod en;
mod en_messages;
pub mod format;
mod nouns;
mod phrases;
mod pl;
mod pl_messages;
mod problems;
mod template;

pub use catalogue::{Catalogue, Lang, MetricWords};
pub use nouns::{Noun, Nouns, en, pl, plural};
pub use phrases::{PARAMS, Phrases};
pub use template::{capitalize, fill, placeholders};

impl Lang {
    /// The catalogue of this language.
    pub fn cat(self) -> &'static Catalogue {
        match self {
            Lang::En => &en::CATALOGUE,
            Lang::Pl => &pl::CATALOGUE,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn polish_plurals() {
        let n = pl("błąd", "błędy", "błędów", "błędu");
        let f = |k| plural(k, &n);
        assert_eq!(f(1), "błąd");
        assert_eq!(f(2), "błędy");
        assert_eq!(f(4), "błędy");
        assert_eq!(f(5), "błędów");
        assert_eq!(f(12), "błędów");
        assert_eq!(f(14), "błędów");
        assert_eq!(f(22), "błędy");
        assert_eq!(f(25), "błędów");
        assert_eq!(f(0), "błędów");
        assert_eq!(f(112), "błędów");
        assert_eq!(f(104), "błędy");
        // The form follows the number as shown: a decimal takes the fraction form.
        assert_eq!(n.form("5,4"), "błędu");
        assert_eq!(n.form("1\u{a0}022"), "błędy");
        assert_eq!(n.form("−3"), "błędy");
    }

    #[test]
    fn every_catalogue_has_the_same_phrases_with_declared_placeholders() {
        for (name, params) in PARAMS {
            let used: Vec<Vec<&str>> = Lang::ALL
                .iter()
                .map(|l| {
                    let entries = l.cat().p.entries();
                    let (_, text) = entries
                        .iter()
                        .find(|(n, _)| n == name)
                        .unwrap_or_else(|| panic!("{l:?} lacks {name}"));
                    assert!(!text.trim().is_empty(), "{l:?}: {name} is empty");
                    for p in placeholders(text) {
                        assert!(
                            params.contains(&p),
                            "{l:?}: {name} uses {{{p}}}, not one of its parameters {params:?}"
                        );
                    }
                    placeholders(text)
                })
                .collect();
            for p in *params {
                assert!(
                    used.iter().any(|u| u.contains(p)),
                    "{name}: no catalogue uses its parameter {p}"
                );
            }
        }
        for l in Lang::ALL {
            assert_eq!(l.cat().p.entries().len(), PARAMS.len(), "{l:?}");
            assert_eq!(l.cat().lang, l);
        }
    }

    #[test]
    fn every_catalogue_words_every_message_with_declared_placeholders() {
        for (name, params) in crate::message::PARAMS {
            let used: Vec<Vec<&str>> = Lang::ALL
                .iter()
                .map(|l| {
                    let entries = l.cat().messages.entries();
                    let (_, text) = entries
                        .iter()
                        .find(|(n, _)| n == name)
                        .unwrap_or_else(|| panic!("{l:?} lacks {name}"));
                    for p in placeholders(text) {
                        assert!(
                            params.contains(&p),
                            "{l:?}: {name} uses {{{p}}}, not one of its parameters {params:?}"
                        );
                    }
                    placeholders(text)
                })
                .collect();
            for p in *params {
                assert!(
                    used.iter().any(|u| u.contains(p)),
                    "{name}: no catalogue uses its parameter {p}"
                );
            }
        }
    }

    #[test]
    fn a_problem_reads_in_the_language_asked_for() {
        let p = crate::error::Problem::at("today.csv", 41, Some(2)).says(
            crate::message::msg!(
                value_not_number,
                value = "fast",
                metric = crate::message::metric("cycle_time")
            ),
            crate::message::msg!(or_empty_na, what = crate::message::msg!(a_duration_like)),
        );
        assert_eq!(
            Lang::En.problem(&p),
            "today.csv:41:2: value 'fast' for cycle_time is not a number; expected a duration \
             like 4.5 (or an empty cell / NA if not observed)"
        );
        assert_eq!(
            Lang::Pl.problem(&p),
            "today.csv:41:2: wartość „fast” wskaźnika „czas cyklu” nie jest liczbą; oczekiwano: \
             czas trwania, np. 4,5 (albo pusta komórka / NA, jeśli nie zmierzono)"
        );
    }

    #[test]
    fn every_metric_and_assumption_has_words_in_every_language() {
        for l in Lang::ALL {
            let cat = l.cat();
            for b in crate::metric::BUILTINS {
                let w = cat
                    .metric(b.name)
                    .unwrap_or_else(|| panic!("{l:?}: no words for {}", b.name));
                assert!(!w.name.is_empty());
            }
            assert_eq!(cat.metrics.len(), crate::metric::BUILTINS.len(), "{l:?}");
            for d in crate::assumptions::table::table(&[]) {
                assert!(
                    cat.assumption(&d.key).is_some(),
                    "{l:?}: no label for {}",
                    d.key
                );
            }
            let keys = |c: &Catalogue| c.assumptions.iter().map(|(k, _)| *k).collect::<Vec<_>>();
            assert_eq!(keys(cat), keys(Lang::En.cat()), "{l:?}");
        }
    }

    #[test]
    fn templates_fill_by_name() {
        assert_eq!(
            fill(
                "{n} {word} of {metric}",
                &[("n", "3"), ("word", "cases"), ("metric", "x")]
            ),
            "3 cases of x"
        );
        assert_eq!(fill("{missing} stays", &[]), "{missing} stays");
        assert_eq!(fill("a {JSON} brace", &[]), "a {JSON} brace");
        assert_eq!(
            placeholders("{a} and {b_c} not {D} {p90}"),
            vec!["a", "b_c", "p90"]
        );
        assert_eq!(fill("within {p90}", &[("p90", "9 h")]), "within 9 h");
    }
}
