//! Exact decimal text, as clients send amounts and quantities: digits with an
//! optional sign and fraction (`"-12.50"`), never a JSON number, an exponent
//! or a thousands separator, so that what is stored is exactly what was typed.

use rust_decimal::Decimal;

use super::InvalidValue;

/// Longest decimal text accepted (28 significant digits, a sign and a point).
const MAX_DECIMAL_TEXT: usize = 30;

/// Parses plain decimal text into an exact value that keeps its scale
/// (`"1.50"` has two decimal places).
pub fn parse_decimal(text: &str) -> Result<Decimal, InvalidValue> {
    let refuse =
        || InvalidValue::new("must be a decimal number written as a string, e.g. \"12.50\"");
    let unsigned = text.strip_prefix('-').unwrap_or(text);
    let (whole, fraction) = match unsigned.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (unsigned, None),
    };
    let digits = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
    if text.len() > MAX_DECIMAL_TEXT || !digits(whole) || !fraction.is_none_or(digits) {
        return Err(refuse());
    }
    Decimal::from_str_exact(text).map_err(|_| refuse())
}

/// Deserializes a decimal from a JSON string only (a JSON number would have
/// gone through a float already).
pub(crate) fn deserialize_text<'de, D>(deserializer: D) -> Result<Decimal, D::Error>
where
    D: serde::Deserializer<'de>,
{
    let text = <String as serde::Deserialize>::deserialize(deserializer)?;
    parse_decimal(&text).map_err(serde::de::Error::custom)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn plain_decimals_keep_their_scale() {
        assert_eq!(parse_decimal("12.50").unwrap().to_string(), "12.50");
        assert_eq!(parse_decimal("-0.001").unwrap().to_string(), "-0.001");
        assert_eq!(parse_decimal("7").unwrap().scale(), 0);
    }

    #[test]
    fn anything_else_is_refused() {
        for bad in [
            "",
            "-",
            ".5",
            "5.",
            "1e3",
            "+1",
            " 1",
            "1 ",
            "1,5",
            "1_000",
            "NaN",
            "0x10",
            "1.2.3",
            "--1",
            "99999999999999999999999999999999",
        ] {
            assert!(parse_decimal(bad).is_err(), "{bad:?}");
        }
    }

    mod properties {
        use super::*;

        proptest! {
            #[test]
            fn never_panics(text in "\\PC{0,40}") {
                let _ = parse_decimal(&text);
            }

            #[test]
            fn round_trips(units in -1_000_000_000i64..1_000_000_000, scale in 0u32..6) {
                let value = Decimal::new(units, scale);
                prop_assert_eq!(parse_decimal(&value.to_string()).unwrap(), value);
            }
        }
    }
}
