//! Input newtypes: every value a client sends is parsed once, at the edge,
//! into a type whose constructor is the only way in, so a value of that type
//! is valid by construction (parse, don't validate).
//!
//! Each type reads and writes JSON as a plain string (`TryFrom<String>` /
//! `Into<String>`) and documents itself in OpenAPI as a string with its
//! format, pattern and length bounds.

pub mod day;
pub mod decimal;
pub mod email;
pub mod ids;
pub mod invoice_status;
pub mod money;
pub mod phone;
pub mod plate;
pub mod quantity;
pub mod text;
pub mod time_of_day;
pub mod vin;

pub use day::DayOrInstant;
pub use email::Email;
pub use ids::{
    AppointmentId, CarId, CustomerId, DeviceId, InvoiceId, NotificationId, ServiceId,
    ServiceItemId, ServiceRequestId, TimeEntryId,
};
pub use invoice_status::InvoiceStatus;
pub use money::Money;
pub use phone::PhoneNumber;
pub use plate::LicensePlate;
pub use quantity::Quantity;
pub use text::{
    Address, CancelReason, CarMake, CarModel, ItemDescription, ItemName, MessageText, Notes,
    NotificationTitle, PersonName, PhoneText, ProblemText, RefundReason, ServiceTitle, ServiceType,
};
pub use time_of_day::TimeOfDay;
pub use vin::Vin;

/// Why a value was refused: a message safe to show next to the field.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct InvalidValue(String);

impl InvalidValue {
    /// A refusal with a message for the client.
    pub fn new(message: impl Into<String>) -> Self {
        Self(message.into())
    }

    /// The message.
    pub fn message(&self) -> &str {
        &self.0
    }
}

impl From<InvalidValue> for String {
    fn from(value: InvalidValue) -> Self {
        value.0
    }
}

/// How a string newtype describes itself to clients (the HTTP layer's
/// OpenAPI document builds its schema from this).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StringSchema {
    /// What the value is.
    pub description: &'static str,
    /// Its format name, if it has one.
    pub format: Option<StringFormat>,
    /// A regular expression every value matches.
    pub pattern: Option<&'static str>,
    /// Fewest characters.
    pub min_length: usize,
    /// Most characters.
    pub max_length: usize,
    /// A valid value.
    pub example: &'static str,
}

/// The format a string newtype declares.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StringFormat {
    /// An email address (OpenAPI's known `email` format).
    Email,
    /// A format of ours (`ulid`, `e164`, `decimal`, ...).
    Custom(&'static str),
}

#[cfg(feature = "openapi")]
impl StringSchema {
    /// The OpenAPI schema.
    pub fn build(self) -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::{
            KnownFormat, Type,
            schema::{ObjectBuilder, SchemaFormat},
        };
        let format = self.format.map(|format| match format {
            StringFormat::Email => SchemaFormat::KnownFormat(KnownFormat::Email),
            StringFormat::Custom(name) => SchemaFormat::Custom(name.into()),
        });
        ObjectBuilder::new()
            .schema_type(Type::String)
            .description(Some(self.description))
            .format(format)
            .pattern(self.pattern)
            .min_length(Some(self.min_length))
            .max_length(Some(self.max_length))
            .examples([self.example])
            .into()
    }
}

/// The shared plumbing of a string newtype `$name(String)` whose
/// `$name::parse(&str)` is its only constructor: serde through strings
/// (`TryFrom<String>` calls `parse`), `as_str`, `Display`, and an OpenAPI
/// schema from `$schema`.
macro_rules! string_newtype {
    ($name:ident, $schema:expr) => {
        impl TryFrom<String> for $name {
            type Error = $crate::values::InvalidValue;

            fn try_from(text: String) -> Result<Self, Self::Error> {
                Self::parse(&text)
            }
        }

        $crate::values::string_newtype!(@common $name, $schema);
    };
    // Everything but `TryFrom<String>`, for types whose parser takes more than the text.
    (@common $name:ident, $schema:expr) => {
        impl $name {
            /// The value as text, in its normalized form.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl From<$name> for String {
            fn from(value: $name) -> String {
                value.0
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl $name {
            /// How the type describes itself to clients.
            pub fn string_schema() -> $crate::values::StringSchema {
                $schema
            }
        }

        #[cfg(feature = "openapi")]
        impl utoipa::PartialSchema for $name {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                Self::string_schema().build()
            }
        }

        #[cfg(feature = "openapi")]
        impl utoipa::ToSchema for $name {}
    };
}

pub(crate) use string_newtype;

/// Length in characters (not bytes), as clients count it.
pub(crate) fn char_count(text: &str) -> usize {
    text.chars().count()
}
