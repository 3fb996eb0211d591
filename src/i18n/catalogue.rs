//! What one language says: its phrases, nouns, metric and assumption words, month names and
//! unit symbols; and the languages roi speaks.

use super::nouns::Nouns;
use super::phrases::Phrases;
use serde::Serialize;

/// A language roi speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Lang {
    #[default]
    En,
    Pl,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Pl];

    /// The BCP 47 code (`en`, `pl`).
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Pl => "pl",
        }
    }
}

/// A built-in metric's words.
#[derive(Debug, Clone, Copy)]
pub struct MetricWords {
    /// The metric's name in a table or a sentence (`cycle time`).
    pub name: &'static str,
    /// Its lever's name when it differs (`SLA breaches` for response time).
    pub lever: Option<&'static str>,
    /// Its second, SLA lever's name, where it has one (`cycle-time SLA breaches`).
    pub sla_lever: Option<&'static str>,
}

/// Everything one language says.
#[derive(Debug)]
pub struct Catalogue {
    pub lang: Lang,
    pub p: Phrases,
    pub nouns: Nouns,
    /// The words of every problem and error.
    pub messages: &'static crate::message::Messages,
    /// The built-in metrics' words, by metric name.
    pub metrics: &'static [(&'static str, MetricWords)],
    /// The assumptions' labels, by roi.toml key (rates of built-in metrics included).
    pub assumptions: &'static [(&'static str, &'static str)],
    /// Month names for dates in prose and charts.
    pub months: [&'static str; 12],
    /// Unit symbols in tables: seconds, minutes, hours, days.
    pub units: [&'static str; 4],
}

impl Catalogue {
    /// A built-in metric's words; None for custom metrics.
    pub fn metric(&self, name: &str) -> Option<&MetricWords> {
        self.metrics
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, w)| w)
    }

    /// An assumption's label by key.
    pub fn assumption(&self, key: &str) -> Option<&'static str> {
        self.assumptions
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, l)| *l)
    }
}
