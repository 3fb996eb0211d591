//! Nouns in every form a number asks for, and the plural rules that choose the form.

/// A noun in every form a number can ask for. English uses `one` and `many`; Polish all four:
/// 1 → one, 2–4 (not 12–14) → few, other whole numbers → many, a decimal → fraction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Noun {
    pub one: &'static str,
    pub few: &'static str,
    pub many: &'static str,
    pub fraction: &'static str,
}

/// An English noun: singular and plural.
pub const fn en(one: &'static str, many: &'static str) -> Noun {
    Noun {
        one,
        few: many,
        many,
        fraction: many,
    }
}

/// A Polish noun: one, few, many and the fraction (genitive singular) form.
pub const fn pl(
    one: &'static str,
    few: &'static str,
    many: &'static str,
    fraction: &'static str,
) -> Noun {
    Noun {
        one,
        few,
        many,
        fraction,
    }
}

impl Noun {
    /// The form for a number as it is shown: `shown` is its text (`5,4`, `12`), so that a
    /// number shown with decimals takes the fraction form.
    pub fn form(&self, shown: &str) -> &'static str {
        let digits: String = shown.chars().filter(|c| !c.is_whitespace()).collect();
        if digits.contains(['.', ',']) {
            return self.fraction;
        }
        let n: u64 = digits
            .trim_start_matches(['-', '−', '+'])
            .chars()
            .filter(char::is_ascii_digit)
            .collect::<String>()
            .parse()
            .unwrap_or(0);
        plural(n, self)
    }
}

/// The plural form of a whole number (Polish rules; English nouns have few = many).
pub fn plural(n: u64, noun: &Noun) -> &'static str {
    if n == 1 {
        return noun.one;
    }
    let (last, last2) = (n % 10, n % 100);
    if (2..=4).contains(&last) && !(12..=14).contains(&last2) {
        noun.few
    } else {
        noun.many
    }
}

/// The nouns the phrases count with.
#[derive(Debug)]
pub struct Nouns {
    pub case: Noun,
    pub request: Noun,
    pub row: Noun,
    pub error: Noun,
    /// Errors after "up to" / "do" (Polish genitive).
    pub error_gen: Noun,
    pub hour: Noun,
    /// Hours as an object (Polish accusative: zabierają 10,3 godziny).
    pub hour_acc: Noun,
    /// Hours after "to" / "do" (Polish genitive: do 4,3 godziny).
    pub hour_gen: Noun,
    pub minute: Noun,
    pub minute_gen: Noun,
    pub second: Noun,
    pub second_gen: Noun,
    pub day: Noun,
    pub day_gen: Noun,
    pub week: Noun,
    /// Weeks after "about" / "ok." (Polish genitive: ok. 9 tygodni).
    pub week_gen: Noun,
    pub month: Noun,
    pub fte: Noun,
    pub breach: Noun,
    pub late_response: Noun,
    pub productive_hour: Noun,
    pub lost_hour: Noun,
    pub staff_hour: Noun,
    pub cell: Noun,
}
