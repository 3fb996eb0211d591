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
    format!("{x:.11e}").parse().unwrap_or(x)
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
}
