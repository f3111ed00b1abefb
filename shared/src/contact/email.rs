//! Email addresses: checked in shape (not deliverability), compared without case.

use serde::{Deserialize, Serialize};

/// Longest address SMTP allows.
const MAX_LENGTH: usize = 254;
/// Longest local part SMTP allows.
const MAX_LOCAL_LENGTH: usize = 64;

/// A plausible email address: `local@domain.tld`, domain in lowercase.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Email(String);

/// Why a text is not an email address (the message is safe to show).
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("is not a valid email address")]
pub struct InvalidEmail;

impl Email {
    /// Parses an address, trimming spaces and lowercasing the domain.
    pub fn parse(text: &str) -> Result<Self, InvalidEmail> {
        let text = text.trim();
        if text.len() > MAX_LENGTH {
            return Err(InvalidEmail);
        }
        let (local, domain) = text.rsplit_once('@').ok_or(InvalidEmail)?;
        let local_ok = !local.is_empty()
            && local.len() <= MAX_LOCAL_LENGTH
            && !local.starts_with('.')
            && !local.ends_with('.')
            && !local.contains("..")
            && local
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+-/=?^_`{|}~.".contains(c));
        let labels: Vec<&str> = domain.split('.').collect();
        let domain_ok = labels.len() >= 2
            && labels.iter().all(|label| {
                !label.is_empty()
                    && label.len() <= 63
                    && !label.starts_with('-')
                    && !label.ends_with('-')
                    && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            });
        if !(local_ok && domain_ok) {
            return Err(InvalidEmail);
        }
        Ok(Self(format!("{local}@{}", domain.to_ascii_lowercase())))
    }

    /// The address as stored and shown.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The address folded to lowercase, for uniqueness and lookups.
    pub fn folded(&self) -> String {
        self.0.to_ascii_lowercase()
    }
}

impl TryFrom<String> for Email {
    type Error = InvalidEmail;

    fn try_from(text: String) -> Result<Self, Self::Error> {
        Self::parse(&text)
    }
}

impl From<Email> for String {
    fn from(email: Email) -> Self {
        email.0
    }
}

impl std::fmt::Display for Email {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plausible_addresses_parse_with_the_domain_lowercased() {
        let email = Email::parse("  Sami.Ben-Ali+car@Example.TN ").unwrap();
        assert_eq!(email.as_str(), "Sami.Ben-Ali+car@example.tn");
        assert_eq!(email.folded(), "sami.ben-ali+car@example.tn");
    }

    #[test]
    fn malformed_addresses_are_refused() {
        for bad in [
            "",
            "sami",
            "@example.tn",
            "sami@",
            "sami@localhost",
            "sami@example..tn",
            "sami@-example.tn",
            "sa mi@example.tn",
            ".sami@example.tn",
            "sami..ben@example.tn",
            "sami@exa_mple.tn",
        ] {
            assert_eq!(Email::parse(bad), Err(InvalidEmail), "{bad:?}");
        }
        let long = format!("{}@example.tn", "a".repeat(65));
        assert_eq!(Email::parse(&long), Err(InvalidEmail));
    }

    #[test]
    fn json_input_goes_through_the_parser() {
        assert!(serde_json::from_str::<Email>("\"x@example.tn\"").is_ok());
        assert!(serde_json::from_str::<Email>("\"not an email\"").is_err());
    }
}
