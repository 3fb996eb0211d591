//! What a metric is: its kind, its units, its names (built-in and aliases), its lever; the
//! table every part of roi reads. A run's metrics, custom ones included, are a
//! [`crate::registry::Registry`].

use serde::Serialize;
use std::fmt;

/// How observations of a metric add up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// One value per case (cycle time, response time): described by its distribution.
    CaseDuration,
    /// Events counted over the window (errors): summed, compared per month.
    Count,
    /// Time lost over the window (downtime): summed, compared per month.
    PeriodDuration,
}

impl Kind {
    pub fn is_duration(self) -> bool {
        !matches!(self, Kind::Count)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::CaseDuration => "case_duration",
            Kind::Count => "count",
            Kind::PeriodDuration => "period_duration",
        }
    }
}

/// A unit of measure. Durations convert through hours. Serialized as its symbol (`h`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Unit {
    Seconds,
    Minutes,
    Hours,
    Days,
    Count,
}

/// Every spelling of a unit roi reads (lower case, without accents or a final dot), also
/// written into the SQL recipes.
pub const UNIT_SPELLINGS: &[(&str, Unit)] = &[
    ("s", Unit::Seconds),
    ("sec", Unit::Seconds),
    ("secs", Unit::Seconds),
    ("second", Unit::Seconds),
    ("seconds", Unit::Seconds),
    ("sek", Unit::Seconds),
    ("sekundy", Unit::Seconds),
    ("sekund", Unit::Seconds),
    ("min", Unit::Minutes),
    ("mins", Unit::Minutes),
    ("minute", Unit::Minutes),
    ("minutes", Unit::Minutes),
    ("minuty", Unit::Minutes),
    ("minut", Unit::Minutes),
    ("minuta", Unit::Minutes),
    ("h", Unit::Hours),
    ("hr", Unit::Hours),
    ("hrs", Unit::Hours),
    ("hour", Unit::Hours),
    ("hours", Unit::Hours),
    ("godz", Unit::Hours),
    ("godzina", Unit::Hours),
    ("godziny", Unit::Hours),
    ("godzin", Unit::Hours),
    ("d", Unit::Days),
    ("day", Unit::Days),
    ("days", Unit::Days),
    ("dni", Unit::Days),
    ("dzien", Unit::Days),
    ("doba", Unit::Days),
    ("count", Unit::Count),
    ("cnt", Unit::Count),
    ("n", Unit::Count),
    ("pcs", Unit::Count),
    ("szt", Unit::Count),
    ("sztuk", Unit::Count),
    ("liczba", Unit::Count),
    ("#", Unit::Count),
];

impl Unit {
    /// Parses a unit as people write it: `s`, `sec`, `min`, `h`, `hr`, `hours`, `d`, `days`,
    /// Polish `godz`, `dni`, and `count` for counts. Case- and accent-insensitive.
    pub fn parse(text: &str) -> Option<Unit> {
        let t = normalize_name(text);
        let t = t.trim_end_matches('.');
        UNIT_SPELLINGS
            .iter()
            .find(|(s, _)| *s == t)
            .map(|&(_, u)| u)
    }

    /// Hours in one of this unit (None for counts).
    pub fn hours(self) -> Option<f64> {
        match self {
            Unit::Seconds => Some(1.0 / 3600.0),
            Unit::Minutes => Some(1.0 / 60.0),
            Unit::Hours => Some(1.0),
            Unit::Days => Some(24.0),
            Unit::Count => None,
        }
    }

    /// The factor that turns a value in `self` into `to`; None when one is a count and the
    /// other a duration.
    pub fn factor_to(self, to: Unit) -> Option<f64> {
        if self == to {
            return Some(1.0);
        }
        Some(self.hours()? / to.hours()?)
    }

    pub fn symbol(self) -> &'static str {
        match self {
            Unit::Seconds => "s",
            Unit::Minutes => "min",
            Unit::Hours => "h",
            Unit::Days => "d",
            Unit::Count => "count",
        }
    }
}

impl Serialize for Unit {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.symbol())
    }
}

impl fmt::Display for Unit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.symbol())
    }
}

/// How a metric's change becomes money: the rule of its savings lever (docs/method.md#the-levers).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LeverRule {
    /// (mean today − mean after) [h] × volume × labor share × rate: staff time in each case.
    StaffTime,
    /// (mean today − mean after) [h] × volume × rate: a custom case duration.
    CaseHours,
    /// (per month today − per month after × volume ratio) × rate: a count.
    PerUnit,
    /// (hours a month today − after) × rate: a period duration.
    PerHour,
    /// (breach share today − after) × response cases a month today × rate: the SLA.
    SlaBreaches,
}

impl LeverRule {
    /// The rule a custom metric of this kind follows.
    pub fn for_kind(kind: Kind) -> LeverRule {
        match kind {
            Kind::CaseDuration => LeverRule::CaseHours,
            Kind::Count => LeverRule::PerUnit,
            Kind::PeriodDuration => LeverRule::PerHour,
        }
    }
}

/// What a built-in metric stands for in the COO's views and the day in the life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// The case itself, start to end: volume, flow, the p90 promise, staff time.
    Cycle,
    /// The first answer a customer gets: the customer view and the SLA.
    FirstResponse,
    /// Defects that cause rework: the quality view.
    Defects,
    /// Time the operation stands still: the uptime view.
    Stoppage,
    /// Any other metric: shown, valued by its lever, no view of its own.
    Other,
}

/// The assumption that prices a metric's lever: its roi.toml key and default.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rate {
    /// The key under `[rates]` in roi.toml (`cost_per_error`).
    pub key: &'static str,
    /// Default amount of money, in whole currency units.
    pub default: i64,
    /// What the rate covers, for the comment beside it in `roi init`'s roi.toml.
    pub help: &'static str,
}

/// A built-in metric's savings lever.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LeverDef {
    /// The lever's name in the JSON (`savings.monthly.<name>`).
    pub name: &'static str,
    pub rule: LeverRule,
    pub rate: Rate,
    /// Cash or capacity unless roi.toml's `[benefits]` says otherwise.
    pub benefit: Benefit,
}

/// What a lever's money is (`[benefits]`): cash the budget no longer spends, or capacity, staff
/// time freed, counted as money × `capacity_recapture`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Benefit {
    Cash,
    Capacity,
}

impl Benefit {
    pub fn parse(text: &str) -> Option<Benefit> {
        match text.trim() {
            "cash" => Some(Benefit::Cash),
            "capacity" => Some(Benefit::Capacity),
            _ => None,
        }
    }

    /// A lever's kind unless roi.toml says otherwise: the built-in lever's own (downtime's lost
    /// output and the SLA penalties are cash); a custom metric's is staff time.
    pub fn default_for(lever: &str) -> Benefit {
        builtin_lever(lever).map_or(Benefit::Capacity, |(_, l, _)| l.benefit)
    }
}

/// One row of the table of built-in metrics: everything roi knows about the metric. The
/// parser, the levers, the views, the narrative, the assumptions table and `roi init` read
/// it; its words live in the phrase catalogues under the same name.
#[derive(Debug, Clone, Copy)]
pub struct Builtin {
    pub name: &'static str,
    /// Other names accepted in files (any case, accents folded, spaces as underscores).
    pub aliases: &'static [&'static str],
    pub kind: Kind,
    pub unit: Unit,
    pub role: Role,
    pub lever: Option<LeverDef>,
    /// A second lever on the metric's SLA breaches, which exists only when its rate is set
    /// above zero (the cycle-time SLA).
    pub sla_lever: Option<LeverDef>,
    /// Default SLA target in hours (a case at or under it meets the SLA).
    pub sla_hours: Option<f64>,
}

/// The built-in metrics, in display order.
pub const BUILTINS: &[Builtin] = &[
    Builtin {
        name: "cycle_time",
        aliases: &["lead_time", "throughput_time", "czas_cyklu"],
        kind: Kind::CaseDuration,
        unit: Unit::Hours,
        role: Role::Cycle,
        lever: Some(LeverDef {
            name: "cycle_time",
            rule: LeverRule::StaffTime,
            rate: Rate {
                key: "hourly_cost",
                default: 50,
                help: "loaded cost of one staff hour",
            },
            benefit: Benefit::Capacity,
        }),
        sla_lever: Some(LeverDef {
            name: "cycle_sla",
            rule: LeverRule::SlaBreaches,
            rate: Rate {
                key: "cost_per_cycle_breach",
                default: 0,
                help: "a case finished past its cycle-time SLA: penalty, credit, escalation",
            },
            benefit: Benefit::Cash,
        }),
        sla_hours: None,
    },
    Builtin {
        name: "response_time",
        aliases: &["first_response_time", "czas_reakcji"],
        kind: Kind::CaseDuration,
        unit: Unit::Minutes,
        role: Role::FirstResponse,
        lever: Some(LeverDef {
            name: "sla",
            rule: LeverRule::SlaBreaches,
            rate: Rate {
                key: "cost_per_sla_breach",
                default: 40,
                help: "a request answered late: goodwill credit, escalation",
            },
            benefit: Benefit::Cash,
        }),
        sla_lever: None,
        sla_hours: Some(0.5),
    },
    Builtin {
        name: "errors",
        aliases: &["defects", "error_count", "bledy"],
        kind: Kind::Count,
        unit: Unit::Count,
        role: Role::Defects,
        lever: Some(LeverDef {
            name: "errors",
            rule: LeverRule::PerUnit,
            rate: Rate {
                key: "cost_per_error",
                default: 120,
                help: "rework, handling, credit notes",
            },
            benefit: Benefit::Capacity,
        }),
        sla_lever: None,
        sla_hours: None,
    },
    Builtin {
        name: "downtime",
        aliases: &["outage", "przestoje", "przestoj"],
        kind: Kind::PeriodDuration,
        unit: Unit::Minutes,
        role: Role::Stoppage,
        lever: Some(LeverDef {
            name: "downtime",
            rule: LeverRule::PerHour,
            rate: Rate {
                key: "downtime_cost_per_hour",
                default: 2000,
                help: "overtime, idle staff, late-shipment penalties",
            },
            benefit: Benefit::Cash,
        }),
        sla_lever: None,
        sla_hours: None,
    },
];

/// The built-in metric of a role, if one has it.
pub fn builtin_with_role(role: Role) -> Option<&'static Builtin> {
    BUILTINS.iter().find(|b| b.role == role)
}

/// The built-in metric of this name.
pub fn builtin(name: &str) -> Option<&'static Builtin> {
    BUILTINS.iter().find(|b| b.name == name)
}

/// Names a custom metric may not take: they are JSON keys of the savings besides levers.
pub const RESERVED_NAMES: &[&str] = &["total", "sla", "cycle_sla"];

/// The levers of the built-in metrics, in the order of the table: each with its metric and
/// whether it is a metric's second, SLA lever.
pub fn builtin_levers() -> impl Iterator<Item = (&'static Builtin, &'static LeverDef, bool)> {
    BUILTINS.iter().flat_map(|b| {
        let main = b.lever.as_ref().map(|l| (b, l, false));
        let sla = b.sla_lever.as_ref().map(|l| (b, l, true));
        main.into_iter().chain(sla)
    })
}

/// The built-in lever of this name (`sla`, `cycle_sla`, `errors` …).
pub fn builtin_lever(name: &str) -> Option<(&'static Builtin, &'static LeverDef, bool)> {
    builtin_levers().find(|(_, l, _)| l.name == name)
}

/// Lowercase, accents folded (Polish and common Latin), spaces and dashes as underscores:
/// `Czas  Cyklu` → `czas_cyklu`, `Błędy` → `bledy`.
pub fn normalize_name(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_sep = false;
    for c in text.trim().chars().flat_map(char::to_lowercase) {
        let c = fold_accent(c);
        if c == ' ' || c == '_' || c == '-' || c == '\u{a0}' || c == '\t' {
            pending_sep = !out.is_empty();
            continue;
        }
        if pending_sep {
            out.push('_');
            pending_sep = false;
        }
        out.push(c);
    }
    out
}

fn fold_accent(c: char) -> char {
    match c {
        'ą' | 'à' | 'á' | 'â' | 'ä' | 'ã' | 'å' => 'a',
        'ć' | 'č' | 'ç' => 'c',
        'ę' | 'è' | 'é' | 'ê' | 'ë' | 'ě' => 'e',
        'ł' => 'l',
        'ń' | 'ñ' | 'ň' => 'n',
        'ó' | 'ò' | 'ô' | 'ö' | 'õ' => 'o',
        'ś' | 'š' => 's',
        'ź' | 'ż' | 'ž' => 'z',
        'ì' | 'í' | 'î' | 'ï' => 'i',
        'ù' | 'ú' | 'û' | 'ü' | 'ů' => 'u',
        'ř' => 'r',
        'ť' => 't',
        'ď' => 'd',
        'ý' => 'y',
        other => other,
    }
}

/// The candidate nearest to `word` by edit distance, if near enough to be a plausible typo.
pub fn closest<'a>(word: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    // Two edits turn any two-letter word into any other: short words get one.
    let n = word.chars().count();
    let limit = if n <= 3 { 1 } else { (n / 3).max(2) };
    candidates
        .map(|c| (levenshtein(word, c), c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// The candidate `word` is a typo of: at most one edit away (two for words of nine
/// characters or more), a swap of two neighbouring letters counting as one edit. Tighter than
/// [`closest`]: a typo is an error, so "czas realizacji" must not be taken for "czas reakcji".
pub fn typo_of<'a>(word: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let limit = if word.chars().count() >= 9 { 2 } else { 1 };
    candidates
        .map(|c| (edits(word, c), c))
        .filter(|(d, _)| *d <= limit && *d > 0)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// Edits from `a` to `b` (optimal string alignment: insert, delete, replace, swap neighbours).
fn edits(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = v;
        }
    }
    d[a.len()][b.len()]
}

fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}
