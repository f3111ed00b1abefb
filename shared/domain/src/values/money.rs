//! Money: an exact decimal in the garage's currency, never a float.
//!
//! JSON and stored form: a string with exactly the currency's minor units
//! (`"123.450"` for TND, 3 decimals). The currency's decimals come from the
//! configuration, so an amount a client sends is first read as a decimal
//! and then put in the currency with [`Money::in_currency`], which refuses
//! more decimals than the currency has rather than rounding them away.

use std::fmt;

use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::{InvalidValue, StringFormat, StringSchema, decimal};

/// The largest amount a single price may have (in currency units): far above
/// any garage bill, and low enough that sums in minor units fit an `i64`.
pub const MAX_UNIT_PRICE: i64 = 10_000_000;

/// An exact amount of money.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Money(Decimal);

impl Money {
    /// Zero in a currency of `decimals` minor digits (`"0.000"`).
    pub fn zero(decimals: u32) -> Self {
        Self(Decimal::new(0, decimals))
    }

    /// An amount from its minor units (`123450`, 3 → `123.450`).
    pub fn from_minor(minor: i64, decimals: u32) -> Self {
        Self(Decimal::new(minor, decimals))
    }

    /// An amount from a decimal, rounded half away from zero to the currency's
    /// minor units (for computed amounts such as `quantity × price`).
    pub fn rounded(value: Decimal, decimals: u32) -> Self {
        let mut rounded =
            value.round_dp_with_strategy(decimals, RoundingStrategy::MidpointAwayFromZero);
        rounded.rescale(decimals);
        Self(rounded)
    }

    /// The same amount written with exactly `decimals` minor digits; refused
    /// when it has more (`"1.2345"` is not an amount of TND).
    pub fn in_currency(self, decimals: u32) -> Result<Self, InvalidValue> {
        if self.0.normalize().scale() > decimals {
            return Err(InvalidValue::new(format!(
                "must have at most {decimals} decimal places"
            )));
        }
        let mut value = self.0;
        value.rescale(decimals);
        Ok(Self(value))
    }

    /// The exact decimal value.
    pub fn value(self) -> Decimal {
        self.0
    }

    /// Whether the amount is below zero.
    pub fn is_negative(self) -> bool {
        self.0.is_sign_negative() && !self.0.is_zero()
    }

    /// The amount in minor units, when it has at most `decimals` decimal
    /// places and fits an `i64`.
    pub fn to_minor(self, decimals: u32) -> Option<i64> {
        let scaled = self.in_currency(decimals).ok()?.0;
        i64::try_from(scaled.mantissa()).ok()
    }

    /// The sum, or `None` on overflow.
    pub fn checked_add(self, other: Self) -> Option<Self> {
        self.0.checked_add(other.0).map(Self)
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl Serialize for Money {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Money {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        decimal::deserialize_text(deserializer).map(Self)
    }
}

impl Money {
    /// How the type describes itself to clients.
    pub fn string_schema() -> StringSchema {
        StringSchema {
            description: "An amount of money: a decimal string with the currency's minor units \
                          (3 for TND), never a JSON number.",
            format: Some(StringFormat::Custom("decimal")),
            pattern: Some(r"^-?[0-9]+(\.[0-9]+)?$"),
            min_length: 1,
            max_length: 30,
            example: "123.450",
        }
    }
}

#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for Money {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        Self::string_schema().build()
    }
}

#[cfg(feature = "openapi")]
impl utoipa::ToSchema for Money {}

#[cfg(test)]
mod tests {
    use super::*;

    fn money(text: &str) -> Money {
        serde_json::from_value(serde_json::Value::String(text.into())).unwrap()
    }

    #[test]
    fn amounts_take_the_currency_minor_units() {
        assert_eq!(money("12.5").in_currency(3).unwrap().to_string(), "12.500");
        assert_eq!(money("12").in_currency(3).unwrap().to_string(), "12.000");
        assert_eq!(
            money("12.5000").in_currency(3).unwrap().to_string(),
            "12.500"
        );
        assert!(money("12.5001").in_currency(3).is_err());
        assert_eq!(Money::zero(3).to_string(), "0.000");
        assert_eq!(Money::from_minor(123_450, 3).to_string(), "123.450");
    }

    #[test]
    fn json_is_a_string_never_a_number() {
        let amount = money("38.500");
        assert_eq!(serde_json::to_string(&amount).unwrap(), "\"38.500\"");
        assert!(serde_json::from_str::<Money>("38.5").is_err());
        assert!(serde_json::from_str::<Money>("\"3e2\"").is_err());
    }

    #[test]
    fn computed_amounts_round_half_away_from_zero() {
        let third = Decimal::new(1, 0) / Decimal::new(3, 0);
        assert_eq!(Money::rounded(third, 3).to_string(), "0.333");
        assert_eq!(
            Money::rounded(Decimal::new(12345, 4), 3).to_string(),
            "1.235"
        );
        assert_eq!(
            Money::rounded(Decimal::new(-12345, 4), 3).to_string(),
            "-1.235"
        );
        assert_eq!(Money::rounded(Decimal::new(2, 0), 3).to_string(), "2.000");
    }

    #[test]
    fn minor_units() {
        assert_eq!(money("123.45").to_minor(3), Some(123_450));
        assert_eq!(money("-0.001").to_minor(3), Some(-1));
        assert_eq!(money("0.0001").to_minor(3), None);
        assert!(money("-1").is_negative());
        assert!(!money("-0.000").is_negative());
    }
}
