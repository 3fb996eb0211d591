//! `--format json` and `summary.json`: the Report serialized as is, every measurement rounded
//! to 12 significant digits (no float noise such as `0.30000000000000004`).

use super::context::{Context, Data, Render, Screen};
use serde_json::Value;
use std::io::{self, Write};

pub struct Json;

impl Render for Json {
    fn file(&self, data: Data) -> Option<&'static str> {
        Some(data.name("summary.json", "track.json"))
    }

    fn screen(&self) -> Option<Screen> {
        Some(Screen::Json)
    }

    /// Pretty-printed JSON with a trailing newline.
    fn render(&self, cx: &Context, out: &mut dyn Write) -> io::Result<()> {
        let mut value = match cx.data {
            Data::Case(r) => serde_json::to_value(r),
            Data::Tracking(t) => serde_json::to_value(t),
        }
        .map_err(io::Error::other)?;
        round_floats(&mut value);
        // The seal's checksum over the case exactly as written (after rounding).
        if let Data::Case(_) = cx.data {
            crate::report::seal::fill_checksum(&mut value);
        }
        serde_json::to_writer_pretty(&mut *out, &value).map_err(io::Error::other)?;
        writeln!(out)
    }
}

/// Rounds every non-integer number to 12 significant digits, in place. Money is a string
/// and untouched; whole numbers (counts) stay exact.
fn round_floats(v: &mut Value) {
    match v {
        Value::Number(n) if n.is_f64() => {
            if let Some(x) = n.as_f64().map(significant12)
                && let Some(r) = serde_json::Number::from_f64(x)
            {
                *n = r;
            }
        }
        Value::Array(items) => items.iter_mut().for_each(round_floats),
        Value::Object(map) => map.values_mut().for_each(round_floats),
        _ => {}
    }
}

/// The double nearest to `x` rounded to 12 significant digits; printed shortest, it has at
/// most 12 (`-28.4213374882`, not `-28.421337488226158`).
fn significant12(x: f64) -> f64 {
    // −0.0 is 0: a JSON reader should never see "-0.0".
    if x == 0.0 {
        return 0.0;
    }
    if !x.is_finite() {
        return x;
    }
    fast_significant12(x).unwrap_or_else(|| format!("{x:.11e}").parse().unwrap_or(x))
}

/// [`significant12`] without formatting, where it is sure to give the same double: the 12
/// leading digits m of |x| found by scaling with an exact power of ten (the scaling errs by
/// at most a few units in 10⁻⁴ of m's last digit, so a fraction clear of one half rounds
/// as the exact decimal would), then m divided or multiplied by that exact power, one
/// correctly rounded operation on exact operands: the double nearest the 12-digit decimal,
/// which is what parsing the formatted digits gives. None near a half, or where the power is
/// not exact (|x| below 1e-11 or from 1e34), for the formatting path.
fn fast_significant12(x: f64) -> Option<f64> {
    let a = x.abs();
    let e = a.log10().floor() as i32;
    let shift = 11 - e;
    let pow = *crate::value::POW10.get(shift.unsigned_abs() as usize)?;
    let y = if shift >= 0 { a * pow } else { a / pow };
    let m = y.round();
    // The digits must be twelve (a log10 one off near a power of ten gives eleven or
    // thirteen), and the fraction not within reach of one half.
    if !(1e11..=1e12).contains(&m) || ((y - y.trunc()) - 0.5).abs() < 1e-3 {
        return None;
    }
    let r = if shift >= 0 { m / pow } else { m * pow };
    Some(r.copysign(x))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_lose_their_noise_and_nothing_else() {
        assert_eq!(significant12(0.1 + 0.2), 0.3);
        assert_eq!(significant12(-28.421_337_488_226_158), -28.421_337_488_2);
        assert_eq!(significant12(6.050_121_654_501_217_5), 6.050_121_654_5);
        assert_eq!(significant12(1e-7), 1e-7);
        assert_eq!(serde_json::to_string(&significant12(-0.0)).unwrap(), "0.0");
        assert_eq!(significant12(705_375.123_456_789), 705_375.123_457);
        let mut v = serde_json::json!({"a": [0.30000000000000004, 3], "b": "0.30000000000000004"});
        round_floats(&mut v);
        assert_eq!(v.to_string(), r#"{"a":[0.3,3],"b":"0.30000000000000004"}"#);
    }

    /// The formatting path, the definition of the rounding.
    fn by_formatting(x: f64) -> f64 {
        format!("{x:.11e}").parse().unwrap()
    }

    #[test]
    fn the_fast_rounding_gives_the_formatted_digits_double() {
        // Values of every magnitude roi writes, edges of the powers of ten, halves, half a
        // million doubles of random bits and as many measurement-like values (from a fixed
        // linear congruential sequence), each with both signs.
        let mut xs = vec![
            0.1 + 0.2,
            6.050_121_654_501_217_5,
            705_375.123_456_789,
            1e11,
            1e12,
            999_999_999_999.5,
            99_999_999_999.95,
            0.123_456_789_012_5,
            1.000_000_000_005,
            2.5e-11,
            1e-12,
            4.2e33,
            1.7e308,
            5e-324,
        ];
        let mut measured = Vec::new();
        let mut state: u64 = 0x2545_F491_4F6C_DD1D;
        for _ in 0..500_000 {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            let x = f64::from_bits(state >> 1);
            if x.is_finite() && x != 0.0 {
                xs.push(x);
            }
            // Measurements: a mantissa of random bits in the range roi meets.
            let scale = [1e-6, 1e-3, 0.5, 3.0, 47.0, 1e3, 2.5e5, 1e8][(state >> 60) as usize % 8];
            measured.push((state >> 11) as f64 / (1u64 << 53) as f64 * scale);
        }
        let mut fast = 0;
        for (i, x) in xs.iter().chain(&measured).enumerate() {
            for x in [*x, -x] {
                if let Some(r) = fast_significant12(x) {
                    fast += usize::from(i >= xs.len());
                    assert_eq!(r.to_bits(), by_formatting(x).to_bits(), "{x:e}");
                }
                assert_eq!(
                    significant12(x).to_bits(),
                    by_formatting(x).to_bits(),
                    "{x:e}"
                );
            }
        }
        // Nearly every measurement takes the fast path (all but those near a half).
        assert!(fast > measured.len() * 2 * 99 / 100, "{fast}");
    }
}
