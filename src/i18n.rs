//! Every user-facing phrase of the summaries, English and Polish side by side, with number
//! and money formatting and Polish plural forms.

use rust_decimal::Decimal;
use rust_decimal::prelude::*;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Lang {
    #[default]
    En,
    Pl,
}

/// The fixed phrases of the summaries.
pub struct Words {
    pub title: &'static str,
    pub today: &'static str,
    pub after: &'static str,
    pub headline_savings: &'static str,
    pub headline_payback: &'static str,
    pub headline_npv: &'static str,
    pub headline_roi: &'static str,
    pub headline_irr: &'static str,
    pub withheld: &'static str,
    pub no_payback: &'static str,
    pub none: &'static str,
    pub per_year: &'static str,
    pub metric: &'static str,
    pub metrics_heading: &'static str,
    pub change: &'static str,
    pub significant: &'static str,
    pub yes: &'static str,
    pub noise: &'static str,
    pub too_few: &'static str,
    pub mean: &'static str,
    pub p90_row: &'static str,
    pub within_sla: &'static str,
    pub per_month: &'static str,
    pub per_100: &'static str,
    pub availability: &'static str,
    pub significance_note: &'static str,
    pub scaled_note: &'static str,
    pub levers: &'static str,
    pub lever: &'static str,
    pub monthly: &'static str,
    pub annual: &'static str,
    pub range: &'static str,
    pub total_gross: &'static str,
    pub risk_step: &'static str,
    pub total_risk_adjusted: &'static str,
    pub not_significant_mark: &'static str,
    pub day_in_life: &'static str,
    pub views: &'static str,
    pub scenarios: &'static str,
    pub conservative: &'static str,
    pub expected: &'static str,
    pub optimistic: &'static str,
    pub sensitivity: &'static str,
    pub assumption: &'static str,
    pub value: &'static str,
    pub source: &'static str,
    pub defaults_used: &'static str,
    pub all_assumptions: &'static str,
    pub warnings: &'static str,
    pub written: &'static str,
    pub inputs: &'static str,
    pub volume: &'static str,
    pub cases_a_month: &'static str,
    pub days: &'static str,
    pub no_dates: &'static str,
    pub rows: &'static str,
    pub cases_of: &'static str,
    pub from_window: &'static str,
    pub cash_flow: &'static str,
    pub month: &'static str,
    pub no_levers: &'static str,
}

pub const EN: Words = Words {
    title: "roi: the business case, today vs after the change",
    today: "today",
    after: "after",
    headline_savings: "Annual savings, risk-adjusted",
    headline_payback: "Payback",
    headline_npv: "NPV",
    headline_roi: "ROI",
    headline_irr: "IRR",
    withheld: "withheld for risk",
    no_payback: "not within the horizon",
    none: "none",
    per_year: "a year",
    metric: "metric",
    metrics_heading: "Metrics",
    change: "change",
    significant: "significant?",
    yes: "yes",
    noise: "no (noise)",
    too_few: "n/a (too few)",
    mean: "mean",
    p90_row: "9 in 10 within (p90)",
    within_sla: "within SLA",
    per_month: "per month",
    per_100: "per 100 cases",
    availability: "availability",
    significance_note: "significant? yes = the 95% interval of the change excludes zero; no (noise) = it could be chance",
    scaled_note: "after-period figure scaled to today's volume",
    levers: "Savings by lever (gross, a month, at today's volume)",
    lever: "lever",
    monthly: "a month",
    annual: "a year",
    range: "95% range, a month",
    total_gross: "total, gross",
    risk_step: "risk adjustment",
    total_risk_adjusted: "total, risk-adjusted",
    not_significant_mark: "(not significant)",
    day_in_life: "A day in the life",
    views: "The COO's view",
    scenarios: "Scenarios",
    conservative: "conservative",
    expected: "expected",
    optimistic: "optimistic",
    sensitivity: "NPV sensitivity (each assumption -20% / +20%)",
    assumption: "assumption",
    value: "value",
    source: "source",
    defaults_used: "Assumed, not measured (roi's defaults; set them in roi.toml)",
    all_assumptions: "Assumptions",
    warnings: "Check before presenting",
    written: "written to",
    inputs: "Inputs",
    volume: "volume",
    cases_a_month: "cases a month",
    days: "days",
    no_dates: "no dates",
    rows: "rows",
    cases_of: "cases of",
    from_window: "from roi.toml [window]",
    cash_flow: "Cash flow",
    month: "month",
    no_levers: "no savings lever could be computed from these files",
};

pub const PL: Words = Words {
    title: "roi: uzasadnienie biznesowe, dziś i po zmianie",
    today: "dziś",
    after: "po zmianie",
    headline_savings: "Roczne oszczędności po korekcie ryzyka",
    headline_payback: "Zwrot",
    headline_npv: "NPV",
    headline_roi: "ROI",
    headline_irr: "IRR",
    withheld: "odjęte na ryzyko",
    no_payback: "poza horyzontem",
    none: "brak",
    per_year: "rocznie",
    metric: "wskaźnik",
    metrics_heading: "Wskaźniki",
    change: "zmiana",
    significant: "istotna?",
    yes: "tak",
    noise: "nie (szum)",
    too_few: "b.d. (za mało)",
    mean: "średnio",
    p90_row: "9 na 10 w ciągu (p90)",
    within_sla: "w SLA",
    per_month: "miesięcznie",
    per_100: "na 100 spraw",
    availability: "dostępność",
    significance_note: "istotna? tak = 95% przedział zmiany nie obejmuje zera; nie (szum) = zmiana może być przypadkowa",
    scaled_note: "wartość po zmianie przeliczona na dzisiejszy wolumen",
    levers: "Oszczędności według dźwigni (brutto, miesięcznie, przy dzisiejszym wolumenie)",
    lever: "dźwignia",
    monthly: "miesięcznie",
    annual: "rocznie",
    range: "przedział 95%, miesięcznie",
    total_gross: "razem brutto",
    risk_step: "korekta ryzyka",
    total_risk_adjusted: "razem po korekcie ryzyka",
    not_significant_mark: "(nieistotna)",
    day_in_life: "Dzień z życia",
    views: "Widok COO",
    scenarios: "Scenariusze",
    conservative: "ostrożny",
    expected: "oczekiwany",
    optimistic: "optymistyczny",
    sensitivity: "Wrażliwość NPV (każde założenie -20% / +20%)",
    assumption: "założenie",
    value: "wartość",
    source: "źródło",
    defaults_used: "Przyjęte, nie zmierzone (domyślne roi; ustaw je w roi.toml)",
    all_assumptions: "Założenia",
    warnings: "Sprawdź przed prezentacją",
    written: "zapisano w",
    inputs: "Dane",
    volume: "wolumen",
    cases_a_month: "spraw miesięcznie",
    days: "dni",
    no_dates: "bez dat",
    rows: "wierszy",
    cases_of: "spraw:",
    from_window: "z roi.toml [window]",
    cash_flow: "Przepływy pieniężne",
    month: "miesiąc",
    no_levers: "z tych plików nie da się policzyć żadnej dźwigni oszczędności",
};

/// The fixed phrases of the charts.
pub struct ChartWords {
    pub kpi_title: &'static str,
    pub kpi_subtitle: &'static str,
    pub dist_title: &'static str,
    pub dist_subtitle: &'static str,
    pub share_of_cases: &'static str,
    pub median: &'static str,
    pub nine_in_ten: &'static str,
    pub waterfall_title: &'static str,
    pub waterfall_subtitle: &'static str,
    pub risk: &'static str,
    pub total: &'static str,
    pub maybe_noise: &'static str,
    pub no_savings: &'static str,
    pub zero_savings: &'static str,
    pub cash_title: &'static str,
    pub month: &'static str,
    pub cumulative: &'static str,
    pub investment: &'static str,
    pub tornado_title: &'static str,
    pub tornado_subtitle: &'static str,
    pub expected_npv: &'static str,
    pub trend_title: &'static str,
    pub trend_subtitle: &'static str,
    pub baseline: &'static str,
    pub limits: &'static str,
    pub week_of: &'static str,
    pub better: &'static str,
    pub worse: &'static str,
    pub noise: &'static str,
    pub no_change: &'static str,
    pub not_drawn: &'static str,
    pub omit_kpi: &'static str,
    pub omit_distribution: &'static str,
    pub omit_tornado: &'static str,
    pub omit_trend: &'static str,
}

pub const CHART_EN: ChartWords = ChartWords {
    kpi_title: "Today vs after the change",
    kpi_subtitle: "mean per case; counts and downtime a month, at today's volume",
    dist_title: "share of cases done within a given time",
    dist_subtitle: "each curve is one period; further left and steeper is faster and more predictable",
    share_of_cases: "share of cases done",
    median: "median",
    nine_in_ten: "9 in 10 within",
    waterfall_title: "Annual savings by lever",
    waterfall_subtitle: "gross at today's volume, then the risk adjustment",
    risk: "risk adjustment",
    total: "total",
    maybe_noise: "may be noise",
    no_savings: "no savings lever could be computed from these files",
    zero_savings: "every lever is zero: nothing that costs money changed between the periods",
    cash_title: "Cumulative net cash flow",
    month: "month",
    cumulative: "cumulative net cash flow",
    investment: "investment",
    tornado_title: "What moves the NPV",
    tornado_subtitle: "each assumption 20% lower and 20% higher, all else equal",
    expected_npv: "expected NPV",
    trend_title: "weekly mean",
    trend_subtitle: "today's process limits carried into the after-period: points outside them are not noise",
    baseline: "today's mean",
    limits: "process limits",
    week_of: "week of",
    better: "better",
    worse: "worse",
    noise: "noise?",
    no_change: "no change",
    not_drawn: "not drawn",
    omit_kpi: "no metric is measured in both files",
    omit_distribution: "the metric is not measured in both files",
    omit_tornado: "no assumption moves the NPV",
    omit_trend: "it needs dates and cycle or response times in both files",
};

pub const CHART_PL: ChartWords = ChartWords {
    kpi_title: "Dziś i po zmianie",
    kpi_subtitle: "średnio na sprawę; błędy i przestoje miesięcznie, przy dzisiejszym wolumenie",
    dist_title: "odsetek spraw zakończonych w danym czasie",
    dist_subtitle: "każda krzywa to jeden okres; bardziej w lewo i stromiej znaczy szybciej i przewidywalniej",
    share_of_cases: "odsetek zakończonych spraw",
    median: "mediana",
    nine_in_ten: "9 na 10 w ciągu",
    waterfall_title: "Roczne oszczędności według dźwigni",
    waterfall_subtitle: "brutto przy dzisiejszym wolumenie, potem korekta ryzyka",
    risk: "korekta ryzyka",
    total: "razem",
    maybe_noise: "może być szum",
    no_savings: "z tych plików nie da się policzyć żadnej dźwigni oszczędności",
    zero_savings: "wszystkie dźwignie są zerowe: między okresami nie zmieniło się nic, co kosztuje",
    cash_title: "Skumulowane przepływy pieniężne netto",
    month: "miesiąc",
    cumulative: "skumulowany przepływ netto",
    investment: "inwestycja",
    tornado_title: "Co najbardziej zmienia NPV",
    tornado_subtitle: "każde założenie o 20% niższe i o 20% wyższe, reszta bez zmian",
    expected_npv: "oczekiwane NPV",
    trend_title: "średnia tygodniowa",
    trend_subtitle: "dzisiejsze granice procesu przeniesione na okres po zmianie: punkty poza nimi to nie szum",
    baseline: "średnia dziś",
    limits: "granice procesu",
    week_of: "tydzień od",
    better: "lepiej",
    worse: "gorzej",
    noise: "szum?",
    no_change: "bez zmian",
    not_drawn: "nie narysowano",
    omit_kpi: "żaden wskaźnik nie jest zmierzony w obu plikach",
    omit_distribution: "wskaźnik nie jest zmierzony w obu plikach",
    omit_tornado: "żadne założenie nie zmienia NPV",
    omit_trend: "potrzebne są daty oraz czasy cyklu lub reakcji w obu plikach",
};

impl Lang {
    pub fn chart(self) -> &'static ChartWords {
        match self {
            Lang::En => &CHART_EN,
            Lang::Pl => &CHART_PL,
        }
    }

    /// Money on an axis: `120k EUR`, `1.5M EUR`, `-40k`.
    pub fn money_short(self, v: f64, currency: &str) -> String {
        let a = v.abs();
        let (value, suffix) = if a >= 1e6 {
            (v / 1e6, if self == Lang::En { "M" } else { " mln" })
        } else if a >= 1e3 {
            (v / 1e3, if self == Lang::En { "k" } else { " tys." })
        } else {
            (v, "")
        };
        format!(
            "{}{suffix} {currency}",
            self.trimmed((value * 10.0).round() / 10.0)
        )
    }

    pub fn words(self) -> &'static Words {
        match self {
            Lang::En => &EN,
            Lang::Pl => &PL,
        }
    }

    /// A metric's name for people.
    pub fn metric_name(self, name: &str) -> String {
        let pl = match name {
            "cycle_time" => "czas cyklu",
            "response_time" => "czas reakcji",
            "errors" => "błędy",
            "downtime" => "przestoje",
            "sla" => "naruszenia SLA",
            _ => "",
        };
        match self {
            Lang::Pl if !pl.is_empty() => pl.to_string(),
            _ if name == "sla" => "SLA breaches".to_string(),
            _ => name.replace('_', " "),
        }
    }

    /// An assumption's roi.toml key in words.
    pub fn assumption_name(self, key: &str) -> String {
        let en = self == Lang::En;
        let fixed = match key {
            "volume.cases_per_month" => {
                Some(("volume (cases a month)", "wolumen (spraw miesięcznie)"))
            }
            "rates.hourly_cost" => Some(("cost of a staff hour", "koszt godziny pracy")),
            "rates.labor_share" => Some((
                "share of cycle time that is work",
                "udział pracy w czasie cyklu",
            )),
            "rates.cost_per_error" => Some(("cost per error", "koszt błędu")),
            "rates.downtime_cost_per_hour" => {
                Some(("cost of an hour of downtime", "koszt godziny przestoju"))
            }
            "rates.cost_per_sla_breach" => Some(("cost per SLA breach", "koszt naruszenia SLA")),
            "investment.one_time" => Some(("one-time investment", "inwestycja jednorazowa")),
            "investment.monthly" => Some(("monthly cost", "koszt miesięczny")),
            "investment.ramp_up_months" => Some(("ramp-up (months)", "rozruch (miesiące)")),
            "discount_rate" => Some(("discount rate", "stopa dyskontowa")),
            "risk_adjustment" => Some(("risk adjustment", "korekta ryzyka")),
            _ => None,
        };
        if let Some((e, p)) = fixed {
            return if en { e } else { p }.to_string();
        }
        match key
            .strip_prefix("metrics.")
            .and_then(|k| k.strip_suffix(".cost_per_unit"))
        {
            Some(m) if en => format!("cost per unit of {}", m.replace('_', " ")),
            Some(m) => format!("koszt jednostki: {}", m.replace('_', " ")),
            None => key.to_string(),
        }
    }

    /// An assumption's value for people.
    pub fn assumption_value(
        self,
        kind: crate::economics::ValueKind,
        v: f64,
        currency: &str,
    ) -> String {
        use crate::economics::ValueKind::*;
        match kind {
            Money => format!(
                "{} {currency}",
                self.number(v, if v.abs() >= 100.0 { 0 } else { 2 })
            ),
            Fraction => format!("{}%", self.trimmed(v * 100.0)),
            Cases => self.number(v, 0),
            Months => self.trimmed(v),
        }
    }

    /// The source of an assumption.
    pub fn source(self, s: crate::assumptions::Source) -> &'static str {
        use crate::assumptions::Source::*;
        match (self, s) {
            (Lang::En, Data) => "data",
            (Lang::En, Config) => "config",
            (Lang::En, Default) => "default",
            (Lang::Pl, Data) => "dane",
            (Lang::Pl, Config) => "konfiguracja",
            (Lang::Pl, Default) => "domyślne",
        }
    }

    /// `v` with `decimals` decimals: `12,345.6` in English, `12 345,6` in Polish.
    pub fn number(self, v: f64, decimals: usize) -> String {
        let (thousands, point) = match self {
            Lang::En => (',', '.'),
            Lang::Pl => (' ', ','),
        };
        group(&format!("{:.*}", decimals, v), thousands, point)
    }

    /// Full-time equivalents: one decimal from 1, two below (0.03 is not "0.0").
    pub fn fte(self, v: f64) -> String {
        self.number(v, if v.abs() >= 1.0 { 1 } else { 2 })
    }

    /// Decimals by size: 0 from 100, 1 from 10, else 2.
    pub fn auto(self, v: f64) -> String {
        let a = v.abs();
        self.number(
            v,
            if a >= 100.0 {
                0
            } else if a >= 10.0 {
                1
            } else {
                2
            },
        )
    }

    /// Up to two decimals without trailing zeros: `8`, `0.5`.
    pub fn trimmed(self, v: f64) -> String {
        let s = self.number(v, 2);
        let point = if self == Lang::En { '.' } else { ',' };
        if s.contains(point) {
            s.trim_end_matches('0').trim_end_matches(point).to_string()
        } else {
            s
        }
    }

    /// A signed change: `+1.25`, `-36.0`.
    pub fn signed(self, v: f64) -> String {
        let s = self.auto(v);
        if v > 0.0 && s.bytes().any(|b| (b'1'..=b'9').contains(&b)) {
            format!("+{s}")
        } else {
            s
        }
    }

    /// A fraction as a percentage: 0.253 → `25%`, 0.0512 → `5.1%`.
    pub fn percent(self, f: f64) -> String {
        let p = f * 100.0;
        let d = if p.abs() < 10.0 { 1 } else { 0 };
        format!("{}%", self.number(p, d))
    }

    pub fn signed_percent(self, f: f64) -> String {
        let s = self.percent(f);
        if f > 0.0 && s.bytes().any(|b| (b'1'..=b'9').contains(&b)) {
            format!("+{s}")
        } else {
            s
        }
    }

    /// Money with cents and the currency code: `1,234,567.89 EUR`, `1 234 567,89 PLN`.
    pub fn money(self, d: Decimal, currency: &str) -> String {
        let (thousands, point) = match self {
            Lang::En => (',', '.'),
            Lang::Pl => (' ', ','),
        };
        let s = format!("{:.2}", crate::economics::finance::cents(d));
        format!("{} {currency}", group(&s, thousands, point))
    }

    /// Money in whole units for headlines: `412,000 EUR`.
    pub fn money_whole(self, d: Decimal, currency: &str) -> String {
        let (thousands, point) = match self {
            Lang::En => (',', '.'),
            Lang::Pl => (' ', ','),
        };
        let whole = d.round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero);
        format!(
            "{} {currency}",
            group(&format!("{whole:.0}"), thousands, point)
        )
    }
}

/// Inserts thousands separators into a plain `-1234.56` and swaps the decimal point.
fn group(plain: &str, thousands: char, point: char) -> String {
    let (sign, rest) = match plain.strip_prefix('-') {
        Some(r) => ("-", r),
        None => ("", plain),
    };
    let (int, frac) = match rest.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (rest, None),
    };
    let is_zero = rest.bytes().all(|b| b == b'0' || b == b'.');
    let mut out = String::new();
    if !is_zero {
        out.push_str(sign);
    }
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(thousands);
        }
        out.push(c);
    }
    if let Some(f) = frac {
        out.push(point);
        out.push_str(f);
    }
    out
}

/// The text with its first letter in upper case.
pub fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Polish plural form for a whole number: 1 błąd, 2 błędy, 5 błędów, 22 błędy, 12 błędów.
pub fn plural_pl<'a>(n: u64, one: &'a str, few: &'a str, many: &'a str) -> &'a str {
    if n == 1 {
        return one;
    }
    let (last, last2) = (n % 10, n % 100);
    if (2..=4).contains(&last) && !(12..=14).contains(&last2) {
        few
    } else {
        many
    }
}

/// English plural for a whole number.
pub fn plural_en<'a>(n: u64, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 { one } else { many }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn polish_plurals() {
        let f = |n| plural_pl(n, "błąd", "błędy", "błędów");
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
    }

    #[test]
    fn money_for_people() {
        let d = Decimal::from_str("1234567.891").unwrap();
        assert_eq!(Lang::En.money(d, "EUR"), "1,234,567.89 EUR");
        assert_eq!(Lang::Pl.money(d, "PLN"), "1 234 567,89 PLN");
        assert_eq!(
            Lang::En.money(Decimal::from_str("-0.004").unwrap(), "EUR"),
            "0.00 EUR"
        );
        assert_eq!(
            Lang::En.money(Decimal::from_str("-1500").unwrap(), "EUR"),
            "-1,500.00 EUR"
        );
        assert_eq!(
            Lang::Pl.money_whole(Decimal::from_str("412000.5").unwrap(), "PLN"),
            "412 001 PLN"
        );
        // Large amounts keep every digit (no trip through f64).
        let big = Decimal::from_str("1862636040000000123.4").unwrap();
        assert_eq!(
            Lang::En.money_whole(big, "EUR"),
            "1,862,636,040,000,000,123 EUR"
        );
        assert_eq!(
            Lang::En.money_whole(Decimal::from_str("-0.4").unwrap(), "EUR"),
            "0 EUR"
        );
        assert_eq!(Lang::Pl.number(4.5, 1), "4,5");
        assert_eq!(Lang::Pl.percent(0.0512), "5,1%");
        assert_eq!(Lang::En.signed_percent(-0.35), "-35%");
        assert_eq!(Lang::En.trimmed(8.0), "8");
        assert_eq!(Lang::Pl.trimmed(0.25), "0,25");
    }
}
