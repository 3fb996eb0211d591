//! Numbers, money, percentages, durations and dates as each language writes them: the one
//! place where a figure becomes text. English: `1,234.5`, `-29%`; Polish: `1 234,5` (a
//! no-break space), `−29%` (a real minus sign), `+30,3 pkt proc.`.

use super::catalogue::Lang;
use super::nouns::Noun;
use crate::metric::Unit;
use rust_decimal::Decimal;
use rust_decimal::prelude::*;

/// The no-break space between thousands and before a unit in Polish.
pub const NBSP: char = '\u{a0}';

impl Lang {
    fn separators(self) -> (char, char, char) {
        match self {
            Lang::En => (',', '.', '-'),
            Lang::Pl => (NBSP, ',', '−'),
        }
    }

    /// The space between a number and its unit or currency.
    pub fn unit_space(self) -> char {
        match self {
            Lang::En => ' ',
            Lang::Pl => NBSP,
        }
    }

    /// `v` with `decimals` decimals: `12,345.6` in English, `12 345,6` in Polish.
    pub fn number(self, v: f64, decimals: usize) -> String {
        if !v.is_finite() {
            return "—".into();
        }
        let (thousands, point, minus) = self.separators();
        // Half away from zero on the digits shown (28.25 → 28.3), as Excel's ROUND does.
        let v = if decimals <= 6 && v.abs() < 1e12 {
            let f = 10f64.powi(decimals as i32);
            (v * f).round() / f
        } else {
            v
        };
        group(&format!("{:.*}", decimals, v), thousands, point, minus)
    }

    /// A count or a rate of counts: a whole number as a whole number (`38`, `6`, not `38.0`,
    /// `6.00`), else decimals by size as [`Lang::auto`]. Measurements (durations) keep their
    /// precision: `11.0 h` beside `8.50 h`.
    pub fn quantity(self, v: f64) -> String {
        if (v - v.round()).abs() < 1e-9 {
            self.number(v, 0)
        } else {
            self.auto(v)
        }
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
        let point = self.separators().1;
        if s.contains(point) {
            s.trim_end_matches('0').trim_end_matches(point).to_string()
        } else {
            s
        }
    }

    /// One decimal at most, without a trailing zero: `10.2`, `5`.
    pub fn one_decimal(self, v: f64) -> String {
        // Round half away from zero on the decimal as shown (6.55 → 6.6), as the tables do.
        let s = self.number((v * 10.0).round() / 10.0, 1);
        let point = self.separators().1;
        s.strip_suffix(&format!("{point}0"))
            .map_or(s.clone(), str::to_string)
    }

    /// Full-time equivalents: one decimal from 1, two below (0.03 is not "0.0").
    pub fn fte(self, v: f64) -> String {
        self.number(v, if v.abs() >= 1.0 { 1 } else { 2 })
    }

    /// A signed change of a count: `+15`, `-25.2`.
    pub fn signed_quantity(self, v: f64) -> String {
        plus(self.quantity(v), v)
    }

    /// A signed change: `+1.25`, `-36`.
    pub fn signed(self, v: f64) -> String {
        plus(self.auto(v), v)
    }

    /// A fraction as a percentage: 0.253 → `25%`, 0.0512 → `5.1%`.
    pub fn percent(self, f: f64) -> String {
        let p = f * 100.0;
        let d = if p.abs() < 10.0 && p.fract() != 0.0 {
            1
        } else {
            0
        };
        format!("{}%", self.number(p, d))
    }

    pub fn signed_percent(self, f: f64) -> String {
        plus(self.percent(f), f)
    }

    /// A share with two decimals, for availability: `98.59%`.
    pub fn percent2(self, f: f64) -> String {
        format!("{}%", self.number(f * 100.0, 2))
    }

    /// A change in percentage points (`f` a difference of fractions): `+30.3 pts`.
    pub fn points(self, f: f64, word: &str) -> String {
        let pp = f * 100.0;
        // Below one point a second decimal keeps the change visible (+0.95, not +1).
        let shown = if pp.abs() < 1.0 {
            self.trimmed(pp)
        } else {
            self.one_decimal(pp)
        };
        format!("{}{}{word}", plus(shown, f), self.unit_space())
    }

    /// Money in whole units: `412,000 EUR`, `412 000 EUR`.
    pub fn money(self, d: Decimal, currency: &str) -> String {
        let whole = d.round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero);
        let (thousands, point, minus) = self.separators();
        format!(
            "{}{}{currency}",
            group(&format!("{whole:.0}"), thousands, point, minus),
            self.unit_space()
        )
    }

    /// Money with cents: `1,234,567.89 EUR`.
    pub fn money_cents(self, d: Decimal, currency: &str) -> String {
        let (thousands, point, minus) = self.separators();
        let s = crate::money::to_string(d);
        format!(
            "{}{}{currency}",
            group(&s, thousands, point, minus),
            self.unit_space()
        )
    }

    /// Money for a rate: cents only when it has them (`42 EUR`, `12.50 EUR`).
    pub fn money_rate(self, d: Decimal, currency: &str) -> String {
        if crate::money::cents(d).fract().is_zero() {
            self.money(d, currency)
        } else {
            self.money_cents(d, currency)
        }
    }

    /// An approximate amount in a sentence that already says "about": in Polish thousands
    /// and millions as words (`121 tys. EUR`, `1,4 mln EUR`) from ten thousand up, as a Polish
    /// reader says them; in English the amount itself.
    pub fn money_about(self, d: Decimal, currency: &str) -> String {
        let v = d.to_f64().unwrap_or(0.0);
        let a = v.abs();
        if self == Lang::En || a < 1e4 {
            return self.money(d, currency);
        }
        let (value, decimals, suffix) = if a >= 1e9 {
            (v / 1e9, 1, "\u{a0}mld")
        } else if a >= 1e6 {
            (v / 1e6, 1, "\u{a0}mln")
        } else {
            (v / 1e3, 0, "\u{a0}tys.")
        };
        let text = self.number(value, decimals);
        let text = text.strip_suffix(",0").unwrap_or(&text).to_string();
        format!("{text}{suffix}{}{currency}", self.unit_space())
    }

    /// Money on an axis or in prose: `120k EUR`, `1.5M EUR` / `120 tys. EUR`, `1,5 mln EUR`.
    pub fn money_short(self, v: f64, currency: &str) -> String {
        let a = v.abs();
        let (value, suffix) = if a >= 1e9 {
            (v / 1e9, if self == Lang::En { "bn" } else { " mld" })
        } else if a >= 1e6 {
            (v / 1e6, if self == Lang::En { "M" } else { " mln" })
        } else if a >= 1e3 {
            (v / 1e3, if self == Lang::En { "k" } else { " tys." })
        } else {
            (v, "")
        };
        format!(
            "{}{suffix}{}{currency}",
            self.trimmed((value * 10.0).round() / 10.0),
            self.unit_space()
        )
    }

    /// Money on a chart whose figures span `span` (largest minus smallest): in the unit of
    /// `largest` (k, M, bn), with one number of decimals for every figure of the chart, as
    /// many as keep ticks a fifth of the span apart distinct (`466k EUR` beside `492k EUR`;
    /// `-1.26M EUR` beside `-1.30M EUR`, never two ticks both `-1.3M EUR`).
    pub fn money_chart(self, v: f64, currency: &str, largest: f64, span: f64) -> String {
        let a = largest.abs();
        let (unit, suffix) = if a >= 1e9 {
            (1e9, if self == Lang::En { "bn" } else { "\u{a0}mld" })
        } else if a >= 1e6 {
            (1e6, if self == Lang::En { "M" } else { "\u{a0}mln" })
        } else if a >= 1e3 {
            (1e3, if self == Lang::En { "k" } else { "\u{a0}tys." })
        } else {
            (1.0, "")
        };
        if v.abs() < 1e-9 {
            return format!("0{}{currency}", self.unit_space());
        }
        let step = (span / 5.0 / unit).abs();
        let decimals = if step > 0.0 && step.is_finite() {
            (-step.log10()).ceil().clamp(0.0, 3.0) as usize
        } else {
            0
        };
        format!(
            "{}{suffix}{}{currency}",
            self.number(v / unit, decimals),
            self.unit_space()
        )
    }

    /// A unit's symbol in tables: `h`, `min`.
    pub fn unit(self, u: Unit) -> &'static str {
        let units = self.cat().units;
        match u {
            Unit::Seconds => units[0],
            Unit::Minutes => units[1],
            Unit::Hours => units[2],
            Unit::Days => units[3],
            Unit::Count => "",
        }
    }

    /// A duration in a table: `6.05 h`, `34.8 min`.
    pub fn duration(self, v: f64, u: Unit) -> String {
        self.with_unit(self.auto(v), u)
    }

    /// A number with a unit symbol after it (none for counts).
    pub fn with_unit(self, number: String, u: Unit) -> String {
        match self.unit(u) {
            "" => number,
            sym => format!("{number}{}{sym}", self.unit_space()),
        }
    }

    /// A duration in prose, its unit as a word: `10.2 hours`, `30 minut`. `genitive` picks the
    /// form after "to" (Polish `do 4,3 godziny`).
    pub fn duration_words(self, v: f64, u: Unit, genitive: bool) -> String {
        let shown = self.one_decimal(v);
        let n = &self.cat().nouns;
        let noun: &Noun = match (u, genitive) {
            (Unit::Seconds, false) => &n.second,
            (Unit::Seconds, true) => &n.second_gen,
            (Unit::Minutes, false) => &n.minute,
            (Unit::Minutes, true) => &n.minute_gen,
            (Unit::Days, false) => &n.day,
            (Unit::Days, true) => &n.day_gen,
            (_, false) => &n.hour,
            (_, true) => &n.hour_gen,
        };
        format!("{shown} {}", noun.form(&shown))
    }

    /// A count with its noun: `5 cases`, `2 sprawy`.
    pub fn count(self, n: f64, noun: &Noun) -> String {
        let shown = self.number(n, 0);
        format!("{shown} {}", noun.form(&shown))
    }

    /// An ISO date (`2026-09-30`) for tables: `2026-09-30` / `30.09.2026`.
    pub fn date(self, iso: &str) -> String {
        match (self, iso.get(0..4), iso.get(5..7), iso.get(8..10)) {
            (Lang::Pl, Some(y), Some(m), Some(d)) => format!("{d}.{m}.{y}"),
            _ => iso.to_string(),
        }
    }

    /// An ISO date in prose and the title block: `30 Nov 2026` / `30 listopada 2026 r.`;
    /// None for text that is not a `YYYY-MM-DD` date.
    pub fn date_long(self, iso: &str) -> Option<String> {
        let t = iso.trim();
        let (y, m, d) = (t.get(0..4)?, t.get(5..7)?, t.get(8..10)?);
        if t.len() != 10 || &t[4..5] != "-" || &t[7..8] != "-" {
            return None;
        }
        let (yn, mn, dn): (i32, i32, i32) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
        crate::value::days_from_civil(yn, mn, dn)?;
        let month = self.cat().months[(mn - 1) as usize];
        Some(match self {
            Lang::Pl => format!("{dn} {month} {yn} r."),
            Lang::En => format!("{dn} {month} {yn}"),
        })
    }

    /// A span of two ISO dates: `2026-09-01 to 2026-09-30` / `1–30.09.2026`,
    /// `7.09–2.10.2026`, `28.12.2026–3.01.2027` (the Polish compact form).
    pub fn date_span(self, first: &str, last: &str) -> String {
        let parts = |iso: &str| -> Option<(String, String, String)> {
            let (y, m, d) = (iso.get(0..4)?, iso.get(5..7)?, iso.get(8..10)?);
            Some((y.into(), m.into(), d.trim_start_matches('0').into()))
        };
        match (self, parts(first), parts(last)) {
            (Lang::Pl, Some((y1, m1, d1)), Some((y2, m2, d2))) => {
                if y1 != y2 {
                    format!("{d1}.{m1}.{y1}–{d2}.{m2}.{y2}")
                } else if m1 != m2 {
                    format!("{d1}.{m1}–{d2}.{m2}.{y2}")
                } else if d1 != d2 {
                    format!("{d1}–{d2}.{m2}.{y2}")
                } else {
                    format!("{d2}.{m2}.{y2}")
                }
            }
            (Lang::Pl, _, _) => format!("{}–{}", self.date(first), self.date(last)),
            (Lang::En, _, _) => format!("{first} to {last}"),
        }
    }

    /// A date on a chart tick: `Sep 28` / `28.09`.
    pub fn date_short(self, iso: &str) -> String {
        let (m, d) = (iso.get(5..7).unwrap_or(""), iso.get(8..10).unwrap_or(""));
        match self {
            Lang::Pl => format!("{d}.{m}"),
            Lang::En => {
                let idx = m.parse::<usize>().unwrap_or(1).clamp(1, 12) - 1;
                format!("{} {}", self.cat().months[idx], d.trim_start_matches('0'))
            }
        }
    }
}

/// `+` before a positive figure that does not round to zero.
fn plus(s: String, v: f64) -> String {
    if v > 0.0 && s.bytes().any(|b| (b'1'..=b'9').contains(&b)) {
        format!("+{s}")
    } else {
        s
    }
}

/// Inserts thousands separators into a plain `-1234.56`, swaps the decimal point and the
/// minus sign; a figure that rounds to zero has no sign.
fn group(plain: &str, thousands: char, point: char, minus: char) -> String {
    let (negative, rest) = match plain.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, plain),
    };
    let (int, frac) = match rest.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (rest, None),
    };
    let is_zero = rest.bytes().all(|b| b == b'0' || b == b'.');
    let mut out = String::new();
    if negative && !is_zero {
        out.push(minus);
    }
    let digits = int.len();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (digits - i) % 3 == 0 {
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

#[cfg(test)]
mod tests {

    #[test]
    fn date_spans_and_prose_dates_as_each_language_writes_them() {
        assert_eq!(
            Lang::Pl.date_span("2026-09-01", "2026-09-30"),
            "1–30.09.2026"
        );
        assert_eq!(
            Lang::Pl.date_span("2026-09-07", "2026-10-02"),
            "7.09–2.10.2026"
        );
        assert_eq!(
            Lang::Pl.date_span("2026-12-28", "2027-01-03"),
            "28.12.2026–3.01.2027"
        );
        assert_eq!(Lang::Pl.date_span("2026-09-01", "2026-09-01"), "1.09.2026");
        assert_eq!(
            Lang::En.date_span("2026-09-01", "2026-09-30"),
            "2026-09-01 to 2026-09-30"
        );
        assert_eq!(
            Lang::Pl.date_long("2026-11-30").as_deref(),
            Some("30 listopada 2026 r.")
        );
        assert_eq!(
            Lang::En.date_long("2026-11-30").as_deref(),
            Some("30 Nov 2026")
        );
        assert_eq!(Lang::En.date_long("2026-02-30"), None);
        assert_eq!(Lang::En.date_long("end of November"), None);
    }

    use super::*;

    #[test]
    fn numbers_as_each_language_writes_them() {
        assert_eq!(Lang::En.number(1234567.891, 2), "1,234,567.89");
        assert_eq!(Lang::Pl.number(1234567.891, 2), "1\u{a0}234\u{a0}567,89");
        assert_eq!(Lang::Pl.number(1234.0, 0), "1\u{a0}234");
        assert_eq!(Lang::Pl.number(-4.5, 1), "−4,5");
        assert_eq!(Lang::En.number(-4.5, 1), "-4.5");
        assert_eq!(Lang::En.number(-0.001, 2), "0.00");
        assert_eq!(Lang::Pl.percent(0.0512), "5,1%");
        assert_eq!(Lang::En.percent(0.05), "5%");
        assert_eq!(Lang::En.signed_percent(-0.35), "-35%");
        assert_eq!(Lang::Pl.signed_percent(-0.29), "−29%");
        assert_eq!(Lang::En.trimmed(8.0), "8");
        assert_eq!(Lang::Pl.trimmed(0.25), "0,25");
        assert_eq!(Lang::Pl.points(0.303, "pkt proc."), "+30,3\u{a0}pkt proc.");
        // Counts whole when whole; measurements keep their precision by size.
        assert_eq!(Lang::En.quantity(38.0), "38");
        assert_eq!(Lang::En.quantity(6.0), "6");
        assert_eq!(Lang::En.quantity(50624.0), "50,624");
        assert_eq!(Lang::En.quantity(38.6), "38.6");
        assert_eq!(Lang::En.quantity(3.214), "3.21");
        assert_eq!(Lang::En.auto(11.0), "11.0");
        assert_eq!(Lang::Pl.auto(8.5), "8,50");
        // One precision per chart, ticks a fifth of the span apart kept distinct.
        assert_eq!(
            Lang::En.money_chart(492_012.0, "EUR", 597_911.0, 132_074.0),
            "492k EUR"
        );
        assert_eq!(
            Lang::En.money_chart(465_837.0, "EUR", 597_911.0, 132_074.0),
            "466k EUR"
        );
        assert_eq!(
            Lang::En.money_chart(-1_262_000.0, "EUR", 1_280_000.0, 180_000.0),
            "-1.26M EUR"
        );
        assert_eq!(
            Lang::Pl.money_chart(-500_000.0, "EUR", 1_331_698.0, 1_331_698.0),
            "−0,5\u{a0}mln\u{a0}EUR"
        );
        assert_eq!(Lang::En.money_chart(0.0, "EUR", 1e6, 1e6), "0 EUR");
    }

    #[test]
    fn money_for_people() {
        let d = |s: &str| Decimal::from_str(s).unwrap();
        assert_eq!(
            Lang::En.money_cents(d("1234567.891"), "EUR"),
            "1,234,567.89 EUR"
        );
        assert_eq!(
            Lang::Pl.money_cents(d("1234567.891"), "PLN"),
            "1\u{a0}234\u{a0}567,89\u{a0}PLN"
        );
        assert_eq!(Lang::En.money_cents(d("-0.004"), "EUR"), "0.00 EUR");
        assert_eq!(Lang::En.money(d("-1500"), "EUR"), "-1,500 EUR");
        assert_eq!(
            Lang::Pl.money(d("412000.5"), "PLN"),
            "412\u{a0}001\u{a0}PLN"
        );
        // Large amounts keep every digit (no trip through f64).
        let big = d("1862636040000000123.4");
        assert_eq!(Lang::En.money(big, "EUR"), "1,862,636,040,000,000,123 EUR");
        assert_eq!(Lang::En.money(d("-0.4"), "EUR"), "0 EUR");
        assert_eq!(Lang::En.money_short(465_800.0, "EUR"), "465.8k EUR");
        assert_eq!(Lang::Pl.money_short(1_400_000.0, "EUR"), "1,4 mln\u{a0}EUR");
        assert_eq!(Lang::En.money_rate(d("12.5"), "EUR"), "12.50 EUR");
        assert_eq!(Lang::En.money_rate(d("42"), "EUR"), "42 EUR");
    }

    #[test]
    fn durations_and_dates() {
        assert_eq!(
            Lang::En.duration_words(10.2, Unit::Hours, false),
            "10.2 hours"
        );
        assert_eq!(
            Lang::Pl.duration_words(10.2, Unit::Hours, false),
            "10,2 godziny"
        );
        assert_eq!(
            Lang::Pl.duration_words(30.0, Unit::Minutes, false),
            "30 minut"
        );
        assert_eq!(
            Lang::Pl.duration_words(1.0, Unit::Hours, false),
            "1 godzina"
        );
        assert_eq!(
            Lang::Pl.duration_words(4.3, Unit::Hours, true),
            "4,3 godziny"
        );
        assert_eq!(Lang::Pl.duration_words(5.0, Unit::Hours, true), "5 godzin");
        assert_eq!(Lang::Pl.date("2026-09-30"), "30.09.2026");
        assert_eq!(Lang::En.date_short("2026-09-28"), "Sep 28");
        assert_eq!(Lang::Pl.date_short("2026-09-28"), "28.09");
    }
}
