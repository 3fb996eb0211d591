//! Money: `rust_decimal::Decimal`, rounded to cents half away from zero (as Excel's ROUND
//! does), serialized as a decimal string (`"412000.00"`). Measurements stay `f64`; they
//! become money in one place, the levers (`economics::levers`).

use rust_decimal::prelude::*;
use serde::Serialize;

/// Rounds to cents, half away from zero.
pub fn cents(d: Decimal) -> Decimal {
    d.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

/// `"412000.00"`; never `"-0.00"`.
pub fn to_string(d: Decimal) -> String {
    let c = cents(d);
    if c.is_zero() {
        "0.00".to_string()
    } else {
        format!("{c:.2}")
    }
}

/// An amount of money that serializes as a decimal string with cents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Money(pub Decimal);

impl Serialize for Money {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&to_string(self.0))
    }
}

impl From<Decimal> for Money {
    fn from(d: Decimal) -> Self {
        Money(d)
    }
}

/// `#[serde(with = "crate::money::serde_cents")]` for a `Decimal` field.
pub mod serde_cents {
    use rust_decimal::Decimal;
    use serde::Serializer;

    pub fn serialize<S: Serializer>(d: &Decimal, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&super::to_string(*d))
    }
}

/// `#[serde(with = "crate::money::serde_cents_vec")]` for a `Vec<Decimal>` field.
pub mod serde_cents_vec {
    use rust_decimal::Decimal;
    use serde::Serializer;
    use serde::ser::SerializeSeq;

    pub fn serialize<S: Serializer>(v: &[Decimal], s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(v.len()))?;
        for d in v {
            seq.serialize_element(&super::to_string(*d))?;
        }
        seq.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cents_round_half_away_from_zero_and_never_show_negative_zero() {
        let d = |s: &str| Decimal::from_str(s).unwrap();
        assert_eq!(cents(d("1.005")), d("1.01"));
        assert_eq!(cents(d("-1.005")), d("-1.01"));
        assert_eq!(to_string(d("-0.004")), "0.00");
        assert_eq!(to_string(d("-0")), "0.00");
        assert_eq!(to_string(d("412000")), "412000.00");
    }
}
