//! The input newtypes of `ecar_domain::values` read from request bodies
//! through the strict JSON parser: what the HTTP layer promises for each.

use proptest::prelude::*;
use serde::{Serialize, de::DeserializeOwned};

use ecar_domain::values::{decimal, *};

use crate::http::json::parse;

/// A request body with one field of the type under test.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Body<T> {
    value: T,
}

/// What every input newtype promises for any text sent as a JSON string:
/// the body parses exactly when the type's own parser accepts the text;
/// an accepted value writes its normalized text, which reads back as the
/// same value (normalizing is idempotent); a refused one is a 400 naming
/// the field. Nothing panics.
fn holds<T>(text: &str, own_parse: impl Fn(&str) -> Option<T>) -> Result<(), TestCaseError>
where
    T: DeserializeOwned + Serialize + PartialEq + std::fmt::Debug,
{
    let body = serde_json::json!({ "value": text }).to_string();
    match parse::<Body<T>>(body.as_bytes()) {
        Ok(Body { value }) => {
            let own = own_parse(text);
            prop_assert_eq!(Some(&value), own.as_ref());
            let written = serde_json::to_value(&value).unwrap();
            let again = own_parse(written.as_str().unwrap());
            prop_assert_eq!(again.as_ref(), Some(&value));
            prop_assert_eq!(serde_json::from_value::<T>(written).unwrap(), value);
        }
        Err(error) => {
            prop_assert!(own_parse(text).is_none());
            prop_assert_eq!(error.status(), 400);
            prop_assert_eq!(error.field_errors().len(), 1);
            prop_assert_eq!(&error.field_errors()[0].field, "value");
        }
    }
    Ok(())
}

fn money(text: &str) -> Option<Money> {
    decimal::parse_decimal(text).ok().map(|value| {
        // A parsed amount keeps its scale; its text is the same decimal.
        Money::rounded(value, value.scale())
    })
}

mod properties {
    use super::*;

    proptest! {
        #[test]
        fn emails(text in "\\PC{0,80}|[a-zA-Z0-9._%+-]{1,20}@[a-zA-Z0-9-]{1,20}\\.[a-z]{2,4}") {
            holds::<Email>(&text, |t| Email::parse(t).ok())?;
        }

        #[test]
        fn phones(text in "\\PC{0,40}|(\\+|00)?[0-9 .()-]{4,20}") {
            holds::<PhoneNumber>(&text, |t| PhoneNumber::parse_international(t).ok())?;
        }

        #[test]
        fn plates(text in "\\PC{0,40}|[0-9]{1,3} ?(TU|tu|RS|NT) ?[0-9]{1,4}|[A-Za-z0-9 -]{1,14}") {
            holds::<LicensePlate>(&text, |t| LicensePlate::parse(t).ok())?;
        }

        #[test]
        fn vins(text in "\\PC{0,30}|[A-HJ-NPR-Za-hj-npr-z0-9 ]{15,19}") {
            holds::<Vin>(&text, |t| Vin::parse(t).ok())?;
        }

        #[test]
        fn money_amounts(text in "\\PC{0,40}|-?[0-9]{1,12}(\\.[0-9]{0,6})?") {
            holds::<Money>(&text, money)?;
        }

        #[test]
        fn quantities(text in "\\PC{0,40}|-?[0-9]{1,6}(\\.[0-9]{0,5})?") {
            holds::<Quantity>(&text, |t| Quantity::parse(t).ok())?;
        }

        #[test]
        fn dates(text in "\\PC{0,20}|[0-9]{4}-[0-9]{2}-[0-9]{2}") {
            holds::<chrono::NaiveDate>(&text, |t| {
                chrono::NaiveDate::parse_from_str(t, "%Y-%m-%d").ok()
            })?;
        }

        #[test]
        fn bounded_texts(text in "\\PC{0,120}|[ \\t\\na-zA-Zé]{0,2100}") {
            holds::<PersonName>(&text, |t| PersonName::parse(t).ok())?;
            holds::<Address>(&text, |t| Address::parse(t).ok())?;
            holds::<Notes>(&text, |t| Notes::parse(t).ok())?;
            holds::<ServiceTitle>(&text, |t| ServiceTitle::parse(t).ok())?;
            holds::<ItemName>(&text, |t| ItemName::parse(t).ok())?;
            holds::<MessageText>(&text, |t| MessageText::parse(t).ok())?;
        }

        #[test]
        fn quantities_and_amounts_in_currency_are_idempotent(
            units in -1_000_000_000i64..1_000_000_000,
            scale in 0u32..4,
        ) {
            let amount = Money::from_minor(units, scale);
            let once = amount.in_currency(3).unwrap();
            prop_assert_eq!(once.in_currency(3).unwrap(), once);
            prop_assert_eq!(once.to_minor(3).unwrap(), units * 10i64.pow(3 - scale));
            if units > 0 && units <= 10_000_000 {
                let quantity = Quantity::new(rust_decimal::Decimal::new(units, 3)).unwrap();
                prop_assert_eq!(Quantity::parse(&quantity.to_string()).unwrap(), quantity);
            }
        }
    }
}
