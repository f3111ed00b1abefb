//! E-mail addresses: trimmed, lower-cased, of a conservative syntax.

use serde::{Deserialize, Serialize};

use super::{InvalidValue, StringFormat, StringSchema, string_newtype};

/// Longest address SMTP carries (RFC 5321's path limit minus the brackets).
pub const MAX_EMAIL_LENGTH: usize = 254;
/// Longest local part (RFC 5321).
const MAX_LOCAL_LENGTH: usize = 64;
/// Longest DNS label (RFC 1035).
const MAX_LABEL_LENGTH: usize = 63;

/// An e-mail address, lower-cased.
///
/// The syntax is the conservative subset that real mailboxes use (letters,
/// digits and `._%+-` before the `@`, a dotted domain with a real top-level
/// label), not everything RFC 5322 allows: quoted local parts and comments
/// are legal but only ever appear in attacks and typos. Internationalized
/// domains are accepted in their ASCII (`xn--`) form.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Email(String);

string_newtype!(
    Email,
    StringSchema {
        description: "An e-mail address; stored lower-cased.",
        format: Some(StringFormat::Email),
        pattern: None,
        min_length: 6,
        max_length: MAX_EMAIL_LENGTH,
        example: "amira.benali@example.tn",
    }
);

impl Email {
    /// Parses and normalizes an address.
    pub fn parse(text: &str) -> Result<Self, InvalidValue> {
        let email = text.trim().to_lowercase();
        if email.is_empty() {
            return Err(InvalidValue::new("must not be blank"));
        }
        if email.len() > MAX_EMAIL_LENGTH {
            return Err(InvalidValue::new(format!(
                "must be at most {MAX_EMAIL_LENGTH} characters"
            )));
        }
        let Some((local, domain)) = email.split_once('@') else {
            return Err(InvalidValue::new("must contain an @"));
        };
        check_local(local)?;
        check_domain(domain)?;
        Ok(Self(email))
    }

    /// The part after the `@`.
    pub fn domain(&self) -> &str {
        self.0.split_once('@').map_or("", |(_, domain)| domain)
    }
}

fn check_local(local: &str) -> Result<(), InvalidValue> {
    let invalid = || InvalidValue::new("is not a valid e-mail address");
    if local.is_empty() || local.len() > MAX_LOCAL_LENGTH {
        return Err(invalid());
    }
    let allowed = |c: char| c.is_ascii_alphanumeric() || "._%+-".contains(c);
    if !local.chars().all(allowed)
        || local.starts_with('.')
        || local.ends_with('.')
        || local.contains("..")
    {
        return Err(invalid());
    }
    Ok(())
}

fn check_domain(domain: &str) -> Result<(), InvalidValue> {
    let invalid = || InvalidValue::new("has an invalid domain");
    let labels: Vec<&str> = domain.split('.').collect();
    if labels.len() < 2 {
        return Err(invalid());
    }
    for label in &labels {
        let well_formed = !label.is_empty()
            && label.len() <= MAX_LABEL_LENGTH
            && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            && !label.starts_with('-')
            && !label.ends_with('-');
        if !well_formed {
            return Err(invalid());
        }
    }
    // A top-level label is letters (`tn`, `com`) or an IDN in ASCII form (`xn--pgbs0dh`).
    let top = labels.last().copied().unwrap_or_default();
    let top_ok =
        (top.len() >= 2 && top.chars().all(|c| c.is_ascii_alphabetic())) || top.starts_with("xn--");
    if !top_ok {
        return Err(invalid());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn normalizes_case_and_whitespace() {
        let email = Email::parse("  Amira.BenAli@Example.TN ").unwrap();
        assert_eq!(email.as_str(), "amira.benali@example.tn");
        assert_eq!(email.domain(), "example.tn");
    }

    #[test]
    fn accepts_real_addresses() {
        for text in [
            "a.b+garage@gmail.com",
            "x_y%z-1@mail.example.co.uk",
            "contact@garage.xn--pgbs0dh",
            "o-neil@example.com",
        ] {
            assert!(Email::parse(text).is_ok(), "{text}");
        }
    }

    #[test]
    fn refuses_malformed_addresses() {
        for text in [
            "",
            "   ",
            "plain",
            "@example.com",
            "a@",
            "a@b",
            "a@@b.com",
            "a@b@c.com",
            ".a@b.com",
            "a.@b.com",
            "a..b@c.com",
            "a b@c.com",
            "a@-b.com",
            "a@b-.com",
            "a@b..com",
            "a@b.c",
            "a@b.123",
            "\"quoted\"@b.com",
            "a#b@c.com",
            "é@b.com",
        ] {
            assert!(Email::parse(text).is_err(), "{text:?}");
        }
        let long_local = format!("{}@b.com", "a".repeat(65));
        assert!(Email::parse(&long_local).is_err());
        let long = format!("a@{}.com", "b".repeat(250));
        assert_eq!(
            Email::parse(&long).unwrap_err().message(),
            "must be at most 254 characters"
        );
    }

    #[test]
    fn reads_and_writes_json_as_a_string() {
        let email: Email = serde_json::from_str("\"A@B.TN\"").unwrap();
        assert_eq!(serde_json::to_string(&email).unwrap(), "\"a@b.tn\"");
        assert!(serde_json::from_str::<Email>("\"nope\"").is_err());
        assert!(serde_json::from_str::<Email>("5").is_err());
    }

    mod properties {
        use super::*;

        proptest! {
            #[test]
            fn never_panics(text in "\\PC{0,300}") {
                let _ = Email::parse(&text);
            }

            #[test]
            fn generated_addresses_round_trip(
                local in "[a-zA-Z0-9]([a-zA-Z0-9_%+-]|\\.[a-zA-Z0-9]){0,30}",
                domain in "[a-zA-Z0-9]{1,20}(\\.[a-zA-Z0-9]{1,10}){0,3}\\.[a-zA-Z]{2,6}",
            ) {
                let text = format!("{local}@{domain}");
                let email = Email::parse(&text).unwrap();
                prop_assert_eq!(email.as_str(), text.to_lowercase());
                let again = Email::parse(email.as_str()).unwrap();
                prop_assert_eq!(&again, &email);
                let json = serde_json::to_string(&email).unwrap();
                prop_assert_eq!(serde_json::from_str::<Email>(&json).unwrap(), email);
            }

            #[test]
            fn normalization_is_idempotent(text in "[ a-zA-Z0-9.@_+-]{0,40}") {
                if let Ok(email) = Email::parse(&text) {
                    prop_assert_eq!(Email::parse(email.as_str()).unwrap(), email);
                }
            }
        }
    }
}
