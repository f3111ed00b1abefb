//! Phone numbers, normalized to E.164 (`+21620123456`).

use serde::{Deserialize, Serialize};

/// Fewest digits of a national number ECAR accepts.
const MIN_NATIONAL_DIGITS: usize = 6;
/// E.164's limit on digits, country code included.
const MAX_DIGITS: usize = 15;

/// A phone number in E.164 form.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PhoneNumber(String);

/// Why a text is not a phone number (the message is safe to show).
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("is not a valid phone number")]
pub struct InvalidPhone;

impl PhoneNumber {
    /// Parses a number as people write it (spaces, dashes, dots, parentheses),
    /// international with `+` or `00`, or national, which then gets
    /// `default_country_code` (digits only, e.g. `216`).
    pub fn parse(text: &str, default_country_code: &str) -> Result<Self, InvalidPhone> {
        let compact: String = text
            .trim()
            .chars()
            .filter(|c| !matches!(c, ' ' | '-' | '.' | '(' | ')'))
            .collect();
        let digits = if let Some(international) = compact.strip_prefix('+') {
            international.to_string()
        } else if let Some(international) = compact.strip_prefix("00") {
            international.to_string()
        } else {
            if compact.len() < MIN_NATIONAL_DIGITS {
                return Err(InvalidPhone);
            }
            format!("{default_country_code}{compact}")
        };
        let valid = digits.chars().all(|c| c.is_ascii_digit())
            && !digits.starts_with('0')
            && (MIN_NATIONAL_DIGITS + 1..=MAX_DIGITS).contains(&digits.len());
        if !valid {
            return Err(InvalidPhone);
        }
        Ok(Self(format!("+{digits}")))
    }

    /// The E.164 text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for PhoneNumber {
    type Error = InvalidPhone;

    /// Only the E.164 form (stored values): national numbers need a country code.
    fn try_from(text: String) -> Result<Self, Self::Error> {
        if !text.starts_with('+') {
            return Err(InvalidPhone);
        }
        Self::parse(&text, "")
    }
}

impl From<PhoneNumber> for String {
    fn from(phone: PhoneNumber) -> Self {
        phone.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn national_numbers_get_the_default_country_code() {
        assert_eq!(
            PhoneNumber::parse("20 123 456", "216").unwrap().as_str(),
            "+21620123456"
        );
        assert_eq!(
            PhoneNumber::parse("(98) 765-432", "216").unwrap().as_str(),
            "+21698765432"
        );
    }

    #[test]
    fn international_numbers_keep_their_country_code() {
        assert_eq!(
            PhoneNumber::parse("+33 6 12 34 56 78", "216")
                .unwrap()
                .as_str(),
            "+33612345678"
        );
        assert_eq!(
            PhoneNumber::parse("0033612345678", "216").unwrap().as_str(),
            "+33612345678"
        );
    }

    #[test]
    fn only_e164_text_deserializes() {
        let phone: PhoneNumber = serde_json::from_str("\"+21620123456\"").unwrap();
        assert_eq!(phone.as_str(), "+21620123456");
        assert!(serde_json::from_str::<PhoneNumber>("\"20123456\"").is_err());
    }

    #[test]
    fn things_that_are_not_numbers_are_refused() {
        for bad in [
            "",
            "12",
            "+",
            "+0123456789",
            "20x123456",
            "+1234567890123456",
            "call me",
        ] {
            assert_eq!(PhoneNumber::parse(bad, "216"), Err(InvalidPhone), "{bad:?}");
        }
    }
}
