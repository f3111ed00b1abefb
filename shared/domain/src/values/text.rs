//! Bounded free-text values: names, addresses, notes, car makes and models.

use serde::{Deserialize, Serialize};

use super::{InvalidValue, StringSchema, char_count, string_newtype};

/// What a kind of free text must look like.
struct TextRules {
    /// Fewest characters after trimming (0 allows an empty value).
    min: usize,
    /// Most characters after trimming.
    max: usize,
    /// Whether line breaks and tabs are kept (otherwise all whitespace runs
    /// become one space).
    multiline: bool,
    /// Whether the text must hold at least one letter.
    needs_letter: bool,
}

/// Trims and normalizes `text` by `rules`, refusing control characters.
fn clean(text: &str, rules: &TextRules) -> Result<String, InvalidValue> {
    let cleaned = if rules.multiline {
        text.replace("\r\n", "\n").trim().to_string()
    } else {
        text.split_whitespace().collect::<Vec<_>>().join(" ")
    };
    let control = |c: char| c.is_control() && !(rules.multiline && (c == '\n' || c == '\t'));
    if cleaned.chars().any(control) {
        return Err(InvalidValue::new("must not contain control characters"));
    }
    let length = char_count(&cleaned);
    if length > rules.max {
        return Err(InvalidValue::new(format!(
            "must be at most {} characters",
            rules.max
        )));
    }
    if length < rules.min {
        return Err(InvalidValue::new(if rules.min == 1 {
            "must not be blank".to_string()
        } else {
            format!("must be at least {} characters", rules.min)
        }));
    }
    if rules.needs_letter && !cleaned.chars().any(char::is_alphabetic) {
        return Err(InvalidValue::new("must contain a letter"));
    }
    Ok(cleaned)
}

/// Declares a bounded text newtype with its rules and OpenAPI schema.
macro_rules! bounded_text {
    (
        $(#[$doc:meta])*
        $name:ident {
            min: $min:expr,
            max: $max:expr,
            multiline: $multiline:expr,
            needs_letter: $needs_letter:expr,
            description: $description:expr,
            example: $example:expr $(,)?
        }
    ) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(String);

        impl $name {
            /// Most characters allowed.
            pub const MAX: usize = $max;

            /// Parses and normalizes the text.
            pub fn parse(text: &str) -> Result<Self, InvalidValue> {
                let rules = TextRules {
                    min: $min,
                    max: $max,
                    multiline: $multiline,
                    needs_letter: $needs_letter,
                };
                clean(text, &rules).map(Self)
            }
        }

        string_newtype!(
            $name,
            StringSchema {
                description: $description,
                format: None,
                pattern: None,
                min_length: $min,
                max_length: $max,
                example: $example,
            }
        );
    };
}

bounded_text!(
    /// A first or last name: one line, 1 to 100 characters, with a letter.
    PersonName {
        min: 1,
        max: 100,
        multiline: false,
        needs_letter: true,
        description: "A first or last name; whitespace is collapsed.",
        example: "Amira",
    }
);

bounded_text!(
    /// A postal address: up to 500 characters, line breaks kept; may be empty.
    Address {
        min: 0,
        max: 500,
        multiline: true,
        needs_letter: false,
        description: "A postal address; line breaks are kept.",
        example: "12 rue de Marseille\n1000 Tunis",
    }
);

bounded_text!(
    /// What a customer tells the garage about their car: 1 to 2,000
    /// characters with a letter, line breaks kept.
    ProblemText {
        min: 1,
        max: 2000,
        multiline: true,
        needs_letter: true,
        description: "What the customer describes; line breaks are kept.",
        example: "A squeal when braking, worse in the morning.",
    }
);

bounded_text!(
    /// Staff notes: up to 2,000 characters, line breaks kept; may be empty.
    Notes {
        min: 0,
        max: 2000,
        multiline: true,
        needs_letter: false,
        description: "Free notes; line breaks are kept.",
        example: "Prefers to be called after 17:00.",
    }
);

impl Default for Address {
    /// No address.
    fn default() -> Self {
        Self(String::new())
    }
}

impl Default for Notes {
    /// No notes.
    fn default() -> Self {
        Self(String::new())
    }
}

bounded_text!(
    /// A car manufacturer: one line, 1 to 50 characters.
    CarMake {
        min: 1,
        max: 50,
        multiline: false,
        needs_letter: true,
        description: "The manufacturer, as written on the car.",
        example: "Peugeot",
    }
);

bounded_text!(
    /// A car model: one line, 1 to 50 characters.
    CarModel {
        min: 1,
        max: 50,
        multiline: false,
        needs_letter: false,
        description: "The model, as written on the car.",
        example: "208",
    }
);

bounded_text!(
    /// A phone number as a person typed it, before it is put in E.164 form
    /// with the garage's default country code.
    PhoneText {
        min: 1,
        max: super::phone::MAX_PHONE_INPUT,
        multiline: false,
        needs_letter: false,
        description: "A phone number; without a country code the garage's default applies. \
                      Stored and returned in E.164 form.",
        example: "98 123 456",
    }
);

bounded_text!(
    /// The title of a service: one line, 1 to 200 characters.
    ServiceTitle {
        min: 1,
        max: 200,
        multiline: false,
        needs_letter: false,
        description: "What the service is, in a line.",
        example: "Vidange et filtres",
    }
);

bounded_text!(
    /// The kind of a service, as the garage names it: one line, 1 to 50 characters.
    ServiceType {
        min: 1,
        max: 50,
        multiline: false,
        needs_letter: true,
        description: "The kind of service (maintenance, repair, inspection, ...).",
        example: "maintenance",
    }
);

bounded_text!(
    /// The name of a part or a labour line: one line, 1 to 200 characters.
    ItemName {
        min: 1,
        max: 200,
        multiline: false,
        needs_letter: false,
        description: "The part or the work, as printed on the invoice.",
        example: "Filtre a huile",
    }
);

bounded_text!(
    /// A message to a customer: 1 to 400 characters (an SMS holds 1,600
    /// bytes), line breaks kept.
    MessageText {
        min: 1,
        max: 400,
        multiline: true,
        needs_letter: false,
        description: "A message to a customer, sent by push and/or SMS.",
        example: "Your car is ready: you can pick it up until 18:00.",
    }
);

bounded_text!(
    /// The description of a part or a labour line: up to 500 characters; may be empty.
    ItemDescription {
        min: 0,
        max: 500,
        multiline: true,
        needs_letter: false,
        description: "Details of the part or the work.",
        example: "5W-30, 4.5 L",
    }
);

impl Default for ItemDescription {
    /// No description.
    fn default() -> Self {
        Self(String::new())
    }
}

bounded_text!(
    /// Why a service was cancelled: 1 to 500 characters, line breaks kept.
    CancelReason {
        min: 1,
        max: 500,
        multiline: true,
        needs_letter: false,
        description: "Why the service was cancelled.",
        example: "The customer sold the car.",
    }
);

bounded_text!(
    /// Why an invoice was refunded: 1 to 500 characters, line breaks kept.
    RefundReason {
        min: 1,
        max: 500,
        multiline: true,
        needs_letter: false,
        description: "Why the invoice was refunded.",
        example: "Brake pads returned unused.",
    }
);

bounded_text!(
    /// The title of a notification staff write: one line, 1 to 100 characters.
    NotificationTitle {
        min: 1,
        max: 100,
        multiline: false,
        needs_letter: false,
        description: "The notification's title, in a line.",
        example: "Fermeture exceptionnelle",
    }
);

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn names_are_trimmed_and_collapsed() {
        let name = PersonName::parse("  Ben   Ali\t ").unwrap();
        assert_eq!(name.as_str(), "Ben Ali");
        assert_eq!(PersonName::parse("عائشة").unwrap().as_str(), "عائشة");
        assert_eq!(
            PersonName::parse("").unwrap_err().message(),
            "must not be blank"
        );
        assert_eq!(
            PersonName::parse("1234").unwrap_err().message(),
            "must contain a letter"
        );
        assert!(PersonName::parse("Ali\u{0}").is_err());
        assert!(PersonName::parse(&"é".repeat(100)).is_ok());
        assert_eq!(
            PersonName::parse(&"é".repeat(101)).unwrap_err().message(),
            "must be at most 100 characters"
        );
    }

    #[test]
    fn multiline_text_keeps_line_breaks() {
        let address = Address::parse(" 12 rue X\r\n1000 Tunis ").unwrap();
        assert_eq!(address.as_str(), "12 rue X\n1000 Tunis");
        assert_eq!(Address::parse("").unwrap().as_str(), "");
        assert!(Notes::parse("bell\u{7}").is_err());
        assert!(Notes::parse(&"x".repeat(2001)).is_err());
    }

    mod properties {
        use super::*;

        proptest! {
            #[test]
            fn never_panics(text in "\\PC{0,300}") {
                let _ = PersonName::parse(&text);
                let _ = Address::parse(&text);
                let _ = Notes::parse(&text);
                let _ = CarMake::parse(&text);
                let _ = CarModel::parse(&text);
            }

            #[test]
            fn parsing_is_idempotent_and_bounded(text in "\\PC{0,120}") {
                if let Ok(name) = PersonName::parse(&text) {
                    prop_assert!(name.as_str().chars().count() <= PersonName::MAX);
                    prop_assert_eq!(PersonName::parse(name.as_str()).unwrap(), name.clone());
                    let json = serde_json::to_string(&name).unwrap();
                    prop_assert_eq!(serde_json::from_str::<PersonName>(&json).unwrap(), name);
                }
                if let Ok(address) = Address::parse(&text) {
                    prop_assert_eq!(Address::parse(address.as_str()).unwrap(), address);
                }
            }
        }
    }
}
