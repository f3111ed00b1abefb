//! Vehicle identification numbers (ISO 3779).

use serde::{Deserialize, Serialize};

use super::{InvalidValue, StringFormat, StringSchema, char_count, string_newtype};

/// A VIN has exactly this many characters.
pub const VIN_LENGTH: usize = 17;
/// Longest text accepted as a VIN, spaces included.
const MAX_VIN_INPUT: usize = 32;

/// A vehicle identification number: 17 upper-case letters and digits, never
/// `I`, `O` or `Q` (they read as 1 and 0).
///
/// The check digit (position 9) is verified only on North American VINs
/// (world manufacturer identifier starting with 1 to 5): FMVSS 115 makes it
/// mandatory there, whereas ISO 3779 leaves position 9 to the manufacturer
/// elsewhere, and European and Asian makers use it freely, so checking it
/// everywhere would refuse most of the cars a Tunisian garage sees.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Vin(String);

string_newtype!(
    Vin,
    StringSchema {
        description: "A 17-character VIN without I, O or Q; stored upper-case. The check \
                      digit is verified on North American VINs.",
        format: Some(StringFormat::Custom("vin")),
        pattern: Some("^ *([A-HJ-NPR-Za-hj-npr-z0-9] *){17}$"),
        min_length: VIN_LENGTH,
        max_length: MAX_VIN_INPUT,
        example: "1M8GDM9AXKP042788",
    }
);

impl Vin {
    /// Parses a VIN, upper-casing it and dropping spaces.
    pub fn parse(text: &str) -> Result<Self, InvalidValue> {
        if char_count(text) > MAX_VIN_INPUT {
            return Err(InvalidValue::new(format!(
                "must be exactly {VIN_LENGTH} characters"
            )));
        }
        let vin: String = text
            .chars()
            .filter(|c| *c != ' ')
            .map(|c| c.to_ascii_uppercase())
            .collect();
        if !vin.chars().all(|c| c.is_ascii_alphanumeric()) {
            return Err(InvalidValue::new("may hold only letters and digits"));
        }
        if vin.len() != VIN_LENGTH {
            return Err(InvalidValue::new(format!(
                "must be exactly {VIN_LENGTH} characters"
            )));
        }
        if vin.contains(['I', 'O', 'Q']) {
            return Err(InvalidValue::new("never contains the letters I, O or Q"));
        }
        if is_north_american(&vin) && check_digit(&vin) != vin.as_bytes()[8] {
            return Err(InvalidValue::new("has a wrong check digit (position 9)"));
        }
        Ok(Self(vin))
    }
}

/// World manufacturer identifiers of the United States, Canada and Mexico.
fn is_north_american(vin: &str) -> bool {
    matches!(vin.as_bytes()[0], b'1'..=b'5')
}

/// The check digit of a VIN by FMVSS 115 (`0`–`9` or `X`), for a VIN of
/// 17 ASCII letters and digits without I, O or Q.
fn check_digit(vin: &str) -> u8 {
    const WEIGHTS: [u32; VIN_LENGTH] = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];
    let sum: u32 = vin
        .bytes()
        .zip(WEIGHTS)
        .map(|(byte, weight)| transliterate(byte) * weight)
        .sum();
    match sum % 11 {
        10 => b'X',
        // `remainder` is 0..=9 here, so the addition stays in the digits.
        remainder => b'0' + remainder as u8,
    }
}

/// FMVSS 115's letter values (I, O and Q never occur).
fn transliterate(byte: u8) -> u32 {
    match byte {
        b'0'..=b'9' => u32::from(byte - b'0'),
        b'A' | b'J' => 1,
        b'B' | b'K' | b'S' => 2,
        b'C' | b'L' | b'T' => 3,
        b'D' | b'M' | b'U' => 4,
        b'E' | b'N' | b'V' => 5,
        b'F' | b'W' => 6,
        b'G' | b'P' | b'X' => 7,
        b'H' | b'Y' => 8,
        b'R' | b'Z' => 9,
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn accepts_real_vins() {
        // North American, with valid check digits.
        for text in [
            "1M8GDM9AXKP042788",
            "1HGCM82633A004352",
            "5YJ3E1EA2KF317000",
        ] {
            assert_eq!(Vin::parse(text).unwrap().as_str(), text);
        }
        // European: position 9 is not a check digit.
        assert!(Vin::parse("VF1RFB00X56789012").is_ok());
        assert!(Vin::parse("WVWZZZ1JZXW000001").is_ok());
        assert_eq!(
            Vin::parse(" 1hgcm82633a004352 ").unwrap().as_str(),
            "1HGCM82633A004352"
        );
    }

    #[test]
    fn refuses_malformed_vins() {
        for (text, why) in [
            ("", "exactly"),
            ("1HGCM82633A00435", "exactly"),
            ("1HGCM82633A0043521", "exactly"),
            ("1HGCM82633A00435-", "letters and digits"),
            ("WVWZZZ1JZXW00000I", "I, O or Q"),
            ("VF1RFB00X5678901O", "I, O or Q"),
            ("1HGCM82643A004352", "check digit"),
        ] {
            let error = Vin::parse(text).unwrap_err();
            assert!(error.message().contains(why), "{text}: {error}");
        }
    }

    fn with_check_digit(body: &str) -> String {
        let mut vin: Vec<u8> = body.bytes().collect();
        vin[8] = check_digit(body);
        String::from_utf8(vin).unwrap()
    }

    mod properties {
        use super::*;

        proptest! {
            #[test]
            fn never_panics(text in "\\PC{0,40}") {
                let _ = Vin::parse(&text);
            }

            #[test]
            fn north_american_vins_round_trip(body in "[1-5][A-HJ-NPR-Z0-9]{16}") {
                let vin = with_check_digit(&body);
                let parsed = Vin::parse(&vin.to_lowercase()).unwrap();
                prop_assert_eq!(parsed.as_str(), vin.as_str());
                let json = serde_json::to_string(&parsed).unwrap();
                prop_assert_eq!(serde_json::from_str::<Vin>(&json).unwrap(), parsed);
            }

            #[test]
            fn a_wrong_check_digit_is_caught(body in "[1-5][A-HJ-NPR-Z0-9]{16}", wrong in "[0-9X]") {
                let vin = with_check_digit(&body);
                prop_assume!(wrong.as_bytes()[0] != vin.as_bytes()[8]);
                let broken = format!("{}{wrong}{}", &vin[..8], &vin[9..]);
                prop_assert!(Vin::parse(&broken).is_err());
            }

            #[test]
            fn normalization_is_idempotent(text in "[A-Za-z0-9 ]{15,20}") {
                if let Ok(vin) = Vin::parse(&text) {
                    prop_assert_eq!(Vin::parse(vin.as_str()).unwrap(), vin);
                }
            }
        }
    }
}
