//! Phone numbers in E.164 form (`+21698123456`).

use serde::{Deserialize, Serialize};

use super::{InvalidValue, StringFormat, StringSchema, char_count, string_newtype};

/// Longest text accepted as a phone number, separators included.
pub const MAX_PHONE_INPUT: usize = 32;
/// E.164's limit on the digits of a number, country code included.
const MAX_DIGITS: usize = 15;
/// Shortest national number accepted (a few small countries use 4 to 6 digits).
const MIN_NATIONAL_DIGITS: usize = 4;

/// A phone number in E.164 form: `+`, the country code and the national number.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PhoneNumber(String);

string_newtype!(
    @common PhoneNumber,
    StringSchema {
        description: "A phone number in E.164 form. Input may use spaces, dashes, dots or \
                      parentheses, and may omit the country code (the garage's default applies).",
        format: Some(StringFormat::Custom("e164")),
        pattern: None,
        min_length: 1,
        max_length: MAX_PHONE_INPUT,
        example: "+21698123456",
    }
);

impl TryFrom<String> for PhoneNumber {
    type Error = InvalidValue;

    /// Stored and exchanged numbers always carry their country code.
    fn try_from(text: String) -> Result<Self, Self::Error> {
        Self::parse_international(&text)
    }
}

impl PhoneNumber {
    /// Parses a number as people write it. A number without `+` or `00` gets
    /// `default_country_code` (such as `216`), after dropping one leading
    /// trunk `0`: numbers whose national form keeps that `0` (Italian
    /// landlines) must be written in international form.
    pub fn parse(text: &str, default_country_code: &str) -> Result<Self, InvalidValue> {
        Self::parse_with(text, Some(default_country_code.trim_start_matches('+')))
    }

    /// Parses a number that must carry its country code (`+...` or `00...`).
    pub fn parse_international(text: &str) -> Result<Self, InvalidValue> {
        Self::parse_with(text, None)
    }

    fn parse_with(text: &str, default_country_code: Option<&str>) -> Result<Self, InvalidValue> {
        let text = text.trim();
        if text.is_empty() {
            return Err(InvalidValue::new("must not be blank"));
        }
        if char_count(text) > MAX_PHONE_INPUT {
            return Err(InvalidValue::new(format!(
                "must be at most {MAX_PHONE_INPUT} characters"
            )));
        }
        let (international, rest) = match (text.strip_prefix('+'), text.strip_prefix("00")) {
            (Some(rest), _) | (None, Some(rest)) => (true, rest),
            (None, None) => (false, text),
        };
        let digits = digits_of(rest)?;
        let full = match (international, default_country_code) {
            (true, _) => digits,
            (false, Some(code)) => {
                let national = digits.strip_prefix('0').unwrap_or(&digits);
                format!("{code}{national}")
            }
            (false, None) => {
                return Err(InvalidValue::new("must start with + and the country code"));
            }
        };
        check_digits(&full)?;
        Ok(Self(format!("+{full}")))
    }

    /// The digits, country code included, without the `+`.
    pub fn digits(&self) -> &str {
        &self.0[1..]
    }

    /// The country code (`216`).
    pub fn country_code(&self) -> &str {
        let digits = self.digits();
        &digits[..country_code_length(digits)]
    }

    /// The national significant number (`98123456`).
    pub fn national_number(&self) -> &str {
        let digits = self.digits();
        &digits[country_code_length(digits)..]
    }
}

/// The digits of `text`, which may hold only digits and common separators.
fn digits_of(text: &str) -> Result<String, InvalidValue> {
    let mut digits = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '0'..='9' => digits.push(c),
            ' ' | '\u{a0}' | '-' | '.' | '(' | ')' | '/' => {}
            _ => {
                return Err(InvalidValue::new(
                    "may hold only digits, spaces, dashes, dots, parentheses and a leading +",
                ));
            }
        }
    }
    if digits.is_empty() {
        return Err(InvalidValue::new("must contain digits"));
    }
    Ok(digits)
}

fn check_digits(full: &str) -> Result<(), InvalidValue> {
    if !full.bytes().all(|b| b.is_ascii_digit()) || full.starts_with('0') {
        return Err(InvalidValue::new("has an invalid country code"));
    }
    if full.len() > MAX_DIGITS {
        return Err(InvalidValue::new(format!(
            "must have at most {MAX_DIGITS} digits including the country code"
        )));
    }
    let national = full.len() - country_code_length(full).min(full.len());
    if national < MIN_NATIONAL_DIGITS {
        return Err(InvalidValue::new("is too short"));
    }
    // Tunisia, ECAR's home market, has one length: catch a dropped or extra digit.
    if full.starts_with("216") && national != 8 {
        return Err(InvalidValue::new(
            "a Tunisian number has 8 digits after +216",
        ));
    }
    Ok(())
}

/// Length of the country code that starts `digits`. E.164 country codes form
/// a prefix code: these are the one- and two-digit codes; every other code
/// has three digits.
fn country_code_length(digits: &str) -> usize {
    const TWO_DIGIT: [&str; 44] = [
        "20", "27", "30", "31", "32", "33", "34", "36", "39", "40", "41", "43", "44", "45", "46",
        "47", "48", "49", "51", "52", "53", "54", "55", "56", "57", "58", "60", "61", "62", "63",
        "64", "65", "66", "81", "82", "84", "86", "90", "91", "92", "93", "94", "95", "98",
    ];
    if digits.starts_with('1') || digits.starts_with('7') {
        1
    } else if TWO_DIGIT.iter().any(|code| digits.starts_with(code)) {
        2
    } else {
        3
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn national_numbers_get_the_default_country_code() {
        for text in [
            "98 123 456",
            "98-123-456",
            "98.123.456",
            "098123456",
            "(98) 123456",
        ] {
            let phone = PhoneNumber::parse(text, "216").unwrap();
            assert_eq!(phone.as_str(), "+21698123456", "{text}");
            assert_eq!(phone.country_code(), "216");
            assert_eq!(phone.national_number(), "98123456");
        }
        let french = PhoneNumber::parse("06 12 34 56 78", "+33").unwrap();
        assert_eq!(french.as_str(), "+33612345678");
    }

    #[test]
    fn international_numbers_keep_their_country_code() {
        for (text, e164, code) in [
            ("+216 98 123 456", "+21698123456", "216"),
            ("0021698123456", "+21698123456", "216"),
            ("+33 6 12 34 56 78", "+33612345678", "33"),
            ("+1 (415) 555-2671", "+14155552671", "1"),
            ("+44 20 7946 0958", "+442079460958", "44"),
        ] {
            let phone = PhoneNumber::parse(text, "216").unwrap();
            assert_eq!(phone.as_str(), e164);
            assert_eq!(phone.country_code(), code);
            assert_eq!(PhoneNumber::parse_international(text).unwrap(), phone);
        }
    }

    #[test]
    fn refuses_what_is_not_a_phone_number() {
        for text in [
            "",
            "  ",
            "+",
            "call me",
            "98 123 45a",
            "+216 98 123 45",
            "+216 98 123 4567",
            "+0 123 456",
            "123",
            "+1234567890123456",
            "98#123#456",
        ] {
            assert!(PhoneNumber::parse(text, "216").is_err(), "{text:?}");
        }
        assert!(PhoneNumber::parse(&"9".repeat(40), "216").is_err());
        assert!(PhoneNumber::parse_international("98 123 456").is_err());
    }

    #[test]
    fn reads_json_only_in_international_form() {
        let phone: PhoneNumber = serde_json::from_str("\"+21698123456\"").unwrap();
        assert_eq!(serde_json::to_string(&phone).unwrap(), "\"+21698123456\"");
        assert!(serde_json::from_str::<PhoneNumber>("\"98123456\"").is_err());
    }

    mod properties {
        use super::*;

        proptest! {
            #[test]
            fn never_panics(text in "\\PC{0,64}", code in "[0-9+]{0,4}") {
                let _ = PhoneNumber::parse(&text, &code);
                let _ = PhoneNumber::parse_international(&text);
            }

            #[test]
            fn tunisian_numbers_round_trip(
                first in "[2-9]",
                rest in proptest::collection::vec("[0-9]", 7),
                separator in "[ .-]?",
            ) {
                let national = format!("{first}{}", rest.concat());
                let written = format!("{}{separator}{}", &national[..2], &national[2..]);
                let phone = PhoneNumber::parse(&written, "216").unwrap();
                prop_assert_eq!(phone.national_number(), national.as_str());
                let again = PhoneNumber::parse(phone.as_str(), "216").unwrap();
                prop_assert_eq!(&again, &phone);
                let json = serde_json::to_string(&phone).unwrap();
                prop_assert_eq!(serde_json::from_str::<PhoneNumber>(&json).unwrap(), phone);
            }

            #[test]
            fn normalization_is_idempotent(text in "[+0-9 ().-]{0,20}", code in "[1-9][0-9]{0,2}") {
                if let Ok(phone) = PhoneNumber::parse(&text, &code) {
                    prop_assert_eq!(PhoneNumber::parse(phone.as_str(), &code).unwrap(), phone.clone());
                    prop_assert_eq!(PhoneNumber::parse_international(phone.as_str()).unwrap(), phone);
                }
            }
        }
    }
}
