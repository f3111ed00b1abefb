//! Quantities of service items: exact, positive decimals (`"1"`, `"4.5"`
//! hours of labour, `"3.75"` litres of oil), written as strings.

use std::fmt;

use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::{InvalidValue, StringFormat, StringSchema, decimal};

/// Most decimal places of a quantity.
pub const QUANTITY_DECIMALS: u32 = 3;
/// Largest quantity of one item.
pub const MAX_QUANTITY: i64 = 10_000;

/// A quantity above zero, at most [`MAX_QUANTITY`], with at most
/// [`QUANTITY_DECIMALS`] decimal places; kept without trailing zeros.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Quantity(Decimal);

impl Quantity {
    /// Checks a decimal as a quantity.
    pub fn new(value: Decimal) -> Result<Self, InvalidValue> {
        if value <= Decimal::ZERO {
            return Err(InvalidValue::new("must be greater than 0"));
        }
        if value > Decimal::from(MAX_QUANTITY) {
            return Err(InvalidValue::new(format!("must be at most {MAX_QUANTITY}")));
        }
        let value = value.normalize();
        if value.scale() > QUANTITY_DECIMALS {
            return Err(InvalidValue::new(format!(
                "must have at most {QUANTITY_DECIMALS} decimal places"
            )));
        }
        Ok(Self(value))
    }

    /// Parses decimal text as a quantity.
    pub fn parse(text: &str) -> Result<Self, InvalidValue> {
        Self::new(decimal::parse_decimal(text)?)
    }

    /// The exact value.
    pub fn value(self) -> Decimal {
        self.0
    }
}

impl fmt::Display for Quantity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl Serialize for Quantity {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Quantity {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = decimal::deserialize_text(deserializer)?;
        Self::new(value).map_err(serde::de::Error::custom)
    }
}

impl Quantity {
    /// How the type describes itself to clients.
    pub fn string_schema() -> StringSchema {
        StringSchema {
            description: "A quantity above 0 and at most 10000, with at most 3 decimal places, \
                          written as a decimal string.",
            format: Some(StringFormat::Custom("decimal")),
            pattern: Some(r"^[0-9]+(\.[0-9]+)?$"),
            min_length: 1,
            max_length: 30,
            example: "4.5",
        }
    }
}

#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for Quantity {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        Self::string_schema().build()
    }
}

#[cfg(feature = "openapi")]
impl utoipa::ToSchema for Quantity {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantities_are_positive_bounded_decimals() {
        assert_eq!(Quantity::parse("4.50").unwrap().to_string(), "4.5");
        assert_eq!(Quantity::parse("1").unwrap().to_string(), "1");
        assert_eq!(Quantity::parse("0.001").unwrap().to_string(), "0.001");
        for bad in ["0", "0.000", "-1", "0.0001", "10000.001", "abc", ""] {
            assert!(Quantity::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn json_is_a_string() {
        let quantity: Quantity = serde_json::from_str("\"2.250\"").unwrap();
        assert_eq!(serde_json::to_string(&quantity).unwrap(), "\"2.25\"");
        assert!(serde_json::from_str::<Quantity>("2").is_err());
        assert!(serde_json::from_str::<Quantity>("\"0\"").is_err());
    }
}
