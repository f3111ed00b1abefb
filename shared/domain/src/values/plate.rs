//! Licence plates: upper-case, without spaces or dashes.

use serde::{Deserialize, Serialize};

use super::{InvalidValue, StringFormat, StringSchema, char_count, string_newtype};

/// Longest text accepted as a plate, separators included.
pub const MAX_PLATE_INPUT: usize = 32;
/// Shortest normalized plate.
const MIN_PLATE_LENGTH: usize = 2;
/// Longest normalized plate.
pub const MAX_PLATE_LENGTH: usize = 12;
/// The word "Tunis" as painted on Tunisian plates, written `TU` in Latin text.
const TUNIS_ARABIC: &str = "تونس";

/// A licence plate, normalized: upper-case ASCII letters and digits only.
///
/// Tunisian plates must have their exact shape: the ordinary series
/// `123 TU 4567` (series of 1–3 digits, `TU`, number of 1–4 digits; `تونس`
/// is read as `TU`) and the suspended-duty series `RS 123456` (1–6 digits).
/// Any other plate (foreign, diplomatic, trade) is accepted as 2 to 12
/// letters and digits.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct LicensePlate(String);

string_newtype!(
    LicensePlate,
    StringSchema {
        description: "A licence plate; stored upper-case without spaces or dashes \
                      (`123 TU 4567` becomes `123TU4567`); `تونس` is read as `TU`.",
        format: Some(StringFormat::Custom("license-plate")),
        pattern: Some(r"^[A-Za-z0-9 \-]+$"),
        min_length: MIN_PLATE_LENGTH,
        max_length: MAX_PLATE_INPUT,
        example: "123 TU 4567",
    }
);

impl LicensePlate {
    /// Parses and normalizes a plate.
    pub fn parse(text: &str) -> Result<Self, InvalidValue> {
        if char_count(text) > MAX_PLATE_INPUT {
            return Err(InvalidValue::new(format!(
                "must be at most {MAX_PLATE_INPUT} characters"
            )));
        }
        let plate: String = text
            .replace(TUNIS_ARABIC, "TU")
            .chars()
            .filter(|c| !matches!(c, ' ' | '\u{a0}' | '-'))
            .map(|c| c.to_ascii_uppercase())
            .collect();
        if plate.is_empty() {
            return Err(InvalidValue::new("must not be blank"));
        }
        if !plate.chars().all(|c| c.is_ascii_alphanumeric()) {
            return Err(InvalidValue::new(
                "may hold only letters, digits, spaces and dashes",
            ));
        }
        if !(MIN_PLATE_LENGTH..=MAX_PLATE_LENGTH).contains(&plate.len()) {
            return Err(InvalidValue::new(format!(
                "must have {MIN_PLATE_LENGTH} to {MAX_PLATE_LENGTH} letters and digits"
            )));
        }
        check_tunisian(&plate)?;
        Ok(Self(plate))
    }
}

/// A plate shaped like a Tunisian one must respect its format.
fn check_tunisian(plate: &str) -> Result<(), InvalidValue> {
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if let Some((series, number)) = plate.split_once("TU")
        && all_digits(series)
        && all_digits(number)
        && !(series.len() <= 3 && number.len() <= 4)
    {
        return Err(InvalidValue::new(
            "a Tunisian plate is a series of 1 to 3 digits, TU, and 1 to 4 digits",
        ));
    }
    if let Some(number) = plate.strip_prefix("RS")
        && all_digits(number)
        && number.len() > 6
    {
        return Err(InvalidValue::new(
            "an RS plate is RS followed by 1 to 6 digits",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn tunisian_plates_are_normalized() {
        for (text, plate) in [
            ("123 TU 4567", "123TU4567"),
            ("123-tu-4567", "123TU4567"),
            ("1 TU 1", "1TU1"),
            ("123 تونس 4567", "123TU4567"),
            ("RS 123456", "RS123456"),
            ("rs-1", "RS1"),
        ] {
            assert_eq!(LicensePlate::parse(text).unwrap().as_str(), plate, "{text}");
        }
    }

    #[test]
    fn generic_plates_are_accepted() {
        for (text, plate) in [
            ("AB-123-CD", "AB123CD"),
            ("b md 1234", "BMD1234"),
            ("CD 12", "CD12"),
        ] {
            assert_eq!(LicensePlate::parse(text).unwrap().as_str(), plate);
        }
    }

    #[test]
    fn refuses_malformed_plates() {
        for text in [
            "",
            " - ",
            "A",
            "1234 TU 5678",
            "123 TU 45678",
            "RS 1234567",
            "ABCDEFGHIJKLM",
            "12_TU_34",
            "12/34",
            "ÄB 123",
        ] {
            assert!(LicensePlate::parse(text).is_err(), "{text:?}");
        }
        assert!(LicensePlate::parse(&"1 ".repeat(20)).is_err());
    }

    mod properties {
        use super::*;

        proptest! {
            #[test]
            fn never_panics(text in "\\PC{0,64}") {
                let _ = LicensePlate::parse(&text);
            }

            #[test]
            fn tunisian_plates_round_trip(
                series in 1u32..1000,
                number in 1u32..10000,
                separator in "[ -]{0,2}",
                lower in any::<bool>(),
            ) {
                let tu = if lower { "tu" } else { "TU" };
                let text = format!("{series}{separator}{tu}{separator}{number}");
                let plate = LicensePlate::parse(&text).unwrap();
                prop_assert_eq!(plate.as_str(), format!("{series}TU{number}"));
                let json = serde_json::to_string(&plate).unwrap();
                prop_assert_eq!(serde_json::from_str::<LicensePlate>(&json).unwrap(), plate);
            }

            #[test]
            fn normalization_is_idempotent(text in "[a-zA-Z0-9 -]{0,16}") {
                if let Ok(plate) = LicensePlate::parse(&text) {
                    prop_assert_eq!(LicensePlate::parse(plate.as_str()).unwrap(), plate.clone());
                    prop_assert!(plate.as_str().chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit()));
                }
            }
        }
    }
}
