//! The metrics of one run: the built-in ones and roi.toml's custom ones, each with an id,
//! and how a column header or a `metric` cell is matched to one.

use crate::metric::{BUILTINS, Kind, Unit, closest, normalize_name};
use std::collections::HashMap;

/// One metric roi knows about, built in or declared in `roi.toml [metrics]`.
#[derive(Debug, Clone, PartialEq)]
pub struct MetricDef {
    /// Canonical name, as in the JSON (`cycle_time`).
    pub name: String,
    pub kind: Kind,
    /// The unit every value is converted to and shown in.
    pub unit: Unit,
    pub builtin: bool,
}

/// Index of a metric in a [`Registry`]; stable for one run.
pub type MetricId = usize;

/// A custom metric as declared in `roi.toml`.
#[derive(Debug, Clone)]
pub struct CustomMetric {
    pub name: String,
    pub kind: Kind,
    pub unit: Option<Unit>,
}

/// A `[columns]` mapping: a file's own column name → a metric (with an optional unit).
#[derive(Debug, Clone)]
pub struct ColumnMap {
    pub column: String,
    pub metric: String,
    pub unit: Option<Unit>,
}

/// What a header cell of a wide file turned out to be.
#[derive(Debug, Clone, PartialEq)]
pub enum HeaderMatch {
    Metric {
        id: MetricId,
        unit: Unit,
    },
    /// Names a metric but with a unit roi does not know (the text of the unit).
    BadUnit {
        id: MetricId,
        unit: String,
    },
    Date,
    Dimension,
}

/// Every metric of this run and every name that leads to one.
#[derive(Debug, Clone)]
pub struct Registry {
    defs: Vec<MetricDef>,
    names: HashMap<String, MetricId>,
    columns: HashMap<String, (MetricId, Option<Unit>)>,
    date_column: Option<String>,
    /// `[columns]` as roi.toml wrote it: each metric's column and the date's.
    maps: Vec<ColumnMap>,
    date_map: Option<String>,
    /// Timestamps, event logs, the calendar, the order of slash dates.
    pub rules: crate::rules::InputRules,
}

impl Registry {
    /// The built-in metrics plus the custom ones and the column mappings of `roi.toml`.
    /// Custom names must not clash with built-in ones; `assumptions` checks that first.
    pub fn new(custom: &[CustomMetric], columns: &[ColumnMap], date_column: Option<&str>) -> Self {
        let mut reg = Registry {
            defs: Vec::new(),
            names: HashMap::new(),
            columns: HashMap::new(),
            date_column: date_column.map(normalize_name),
            maps: columns.to_vec(),
            date_map: date_column.map(str::to_string),
            rules: crate::rules::InputRules::default(),
        };
        for b in BUILTINS {
            let id = reg.defs.len();
            reg.defs.push(MetricDef {
                name: b.name.to_string(),
                kind: b.kind,
                unit: b.unit,
                builtin: true,
            });
            reg.names.insert(b.name.to_string(), id);
            for a in b.aliases {
                reg.names.insert(normalize_name(a), id);
            }
        }
        for c in custom {
            let id = reg.defs.len();
            let unit = c.unit.unwrap_or(match c.kind {
                Kind::Count => Unit::Count,
                _ => Unit::Hours,
            });
            reg.defs.push(MetricDef {
                name: c.name.clone(),
                kind: c.kind,
                unit,
                builtin: false,
            });
            reg.names.insert(normalize_name(&c.name), id);
        }
        for m in columns {
            if let Some(id) = reg.lookup(&m.metric) {
                reg.columns.insert(normalize_name(&m.column), (id, m.unit));
            }
        }
        reg
    }

    /// The same registry reading rows by `rules`.
    pub fn with_rules(mut self, rules: crate::rules::InputRules) -> Self {
        self.rules = rules;
        self
    }

    /// `[columns]`'s metric mappings as roi.toml wrote them.
    pub fn column_maps(&self) -> &[ColumnMap] {
        &self.maps
    }

    /// `[columns] date` as roi.toml wrote it.
    pub fn date_map(&self) -> Option<&str> {
        self.date_map.as_deref()
    }

    pub fn defs(&self) -> &[MetricDef] {
        &self.defs
    }

    pub fn def(&self, id: MetricId) -> &MetricDef {
        &self.defs[id]
    }

    /// The metric a name (canonical, alias or custom) stands for.
    pub fn lookup(&self, name: &str) -> Option<MetricId> {
        self.names.get(&normalize_name(name)).copied()
    }

    /// The closest known metric name, for "did you mean".
    pub fn suggest(&self, name: &str) -> Option<&str> {
        let n = normalize_name(name);
        let mut keys: Vec<&String> = self.names.keys().collect();
        keys.sort();
        closest(&n, keys.iter().map(|k| k.as_str())).map(|k| self.defs[self.names[k]].name.as_str())
    }

    /// The metric `name` is a typo of (see [`crate::metric::typo_of`]).
    pub fn typo_of(&self, name: &str) -> Option<&str> {
        let n = normalize_name(name);
        let mut keys: Vec<&String> = self.names.keys().collect();
        keys.sort();
        crate::metric::typo_of(&n, keys.iter().map(|k| k.as_str()))
            .map(|k| self.defs[self.names[k]].name.as_str())
    }

    /// Whether a header names the date column (`date`, `datetime`, `timestamp`, Polish
    /// `data`, or the one `[columns] date` names).
    pub fn is_date_header(&self, header: &str) -> bool {
        let n = normalize_name(header);
        match &self.date_column {
            Some(d) => *d == n,
            None => matches!(
                n.as_str(),
                "date" | "datetime" | "timestamp" | "data" | "day" | "dzien"
            ),
        }
    }

    /// Matches a wide-layout header: `[columns]` first, then `name [unit]`, `name (unit)`,
    /// `name`, `name_unit`.
    pub fn match_header(&self, header: &str) -> HeaderMatch {
        if self.is_date_header(header) {
            return HeaderMatch::Date;
        }
        let n = normalize_name(header);
        if let Some(&(id, unit)) = self.columns.get(&n) {
            return HeaderMatch::Metric {
                id,
                unit: unit.unwrap_or(self.defs[id].unit),
            };
        }
        if let Some((name, unit_text)) = split_bracketed_unit(header)
            && let Some(id) = self.lookup(name)
        {
            return match Unit::parse(unit_text) {
                Some(unit) => HeaderMatch::Metric { id, unit },
                None => HeaderMatch::BadUnit {
                    id,
                    unit: unit_text.to_string(),
                },
            };
        }
        if let Some(&id) = self.names.get(&n) {
            return HeaderMatch::Metric {
                id,
                unit: self.defs[id].unit,
            };
        }
        if let Some(pos) = n.rfind('_') {
            let (name, unit_text) = (&n[..pos], &n[pos + 1..]);
            if let (Some(&id), Some(unit)) = (self.names.get(name), Unit::parse(unit_text)) {
                return HeaderMatch::Metric { id, unit };
            }
        }
        HeaderMatch::Dimension
    }
}

/// `Czas cyklu [godz]` → (`Czas cyklu`, `godz`); `Cycle time (min)` → (`Cycle time`, `min`).
pub fn split_bracketed_unit(header: &str) -> Option<(&str, &str)> {
    let h = header.trim();
    let (open, close) = match h.chars().last()? {
        ']' => ('[', ']'),
        ')' => ('(', ')'),
        _ => return None,
    };
    let start = h.rfind(open)?;
    let unit = h[start + 1..h.len() - close.len_utf8()].trim();
    Some((h[..start].trim(), unit))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metric::Kind;

    fn reg() -> Registry {
        Registry::new(
            &[CustomMetric {
                name: "complaints".into(),
                kind: Kind::Count,
                unit: None,
            }],
            &[ColumnMap {
                column: "Resolution time".into(),
                metric: "cycle_time".into(),
                unit: Some(Unit::Minutes),
            }],
            None,
        )
    }

    #[test]
    fn names_fold_case_accents_and_spaces() {
        assert_eq!(normalize_name("  Czas  Cyklu "), "czas_cyklu");
        assert_eq!(normalize_name("Błędy"), "bledy");
        assert_eq!(normalize_name("Przestój"), "przestoj");
        assert_eq!(normalize_name("first-response time"), "first_response_time");
    }

    #[test]
    fn headers_carry_units_in_every_written_form() {
        let r = reg();
        let m = |id, unit| HeaderMatch::Metric { id, unit };
        assert_eq!(r.match_header("cycle_time_h"), m(0, Unit::Hours));
        assert_eq!(r.match_header("cycle_time [h]"), m(0, Unit::Hours));
        assert_eq!(r.match_header("Cycle time (min)"), m(0, Unit::Minutes));
        assert_eq!(r.match_header("Czas cyklu [godz]"), m(0, Unit::Hours));
        assert_eq!(r.match_header("response_time_min"), m(1, Unit::Minutes));
        assert_eq!(r.match_header("errors"), m(2, Unit::Count));
        assert_eq!(r.match_header("Błędy"), m(2, Unit::Count));
        assert_eq!(r.match_header("downtime_min"), m(3, Unit::Minutes));
        assert_eq!(r.match_header("Przestoje [h]"), m(3, Unit::Hours));
        assert_eq!(
            r.match_header("complaints"),
            m(r.lookup("complaints").unwrap(), Unit::Count)
        );
        assert_eq!(r.match_header("Resolution time"), m(0, Unit::Minutes));
        assert_eq!(r.match_header("Data"), HeaderMatch::Date);
        assert_eq!(r.match_header("team"), HeaderMatch::Dimension);
        assert_eq!(
            r.match_header("cycle_time [weeks]"),
            HeaderMatch::BadUnit {
                id: 0,
                unit: "weeks".into()
            }
        );
    }

    #[test]
    fn typos_get_a_suggestion_and_strangers_none() {
        let r = reg();
        assert_eq!(r.suggest("cycle_tme"), Some("cycle_time"));
        assert_eq!(r.suggest("complaint"), Some("complaints"));
        assert_eq!(r.suggest("bledy"), Some("errors"));
        assert_eq!(r.suggest("revenue"), None);
    }

    #[test]
    fn units_convert_through_hours() {
        assert_eq!(Unit::Minutes.factor_to(Unit::Hours), Some(1.0 / 60.0));
        assert_eq!(Unit::Days.factor_to(Unit::Minutes), Some(1440.0));
        assert_eq!(Unit::Count.factor_to(Unit::Hours), None);
        assert_eq!(Unit::parse("Godz."), Some(Unit::Hours));
        assert_eq!(Unit::parse("dni"), Some(Unit::Days));
        assert_eq!(Unit::parse("weeks"), None);
    }
}
