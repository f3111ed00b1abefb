//! Entity ids: ULIDs (time-sortable, 26 Crockford base-32 characters).

use std::time::SystemTime;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ulid::Ulid;

use super::{InvalidValue, StringFormat, StringSchema, string_newtype};

/// Declares an id newtype holding a canonical (upper-case) ULID.
macro_rules! ulid_id {
    ($(#[$doc:meta])* $name:ident, $example:expr) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(String);

        impl $name {
            /// A new id for an entity created at `at` (ids sort by creation time).
            pub fn generate(at: DateTime<Utc>) -> Self {
                Self(Ulid::from_datetime(SystemTime::from(at)).to_string())
            }

            /// Parses an id in either case; stored upper-case.
            pub fn parse(text: &str) -> Result<Self, InvalidValue> {
                // 26 base-32 digits hold 130 bits: a first digit above 7 overflows.
                if !matches!(text.as_bytes().first(), Some(b'0'..=b'7')) {
                    return Err(InvalidValue::new("is not a valid id"));
                }
                Ulid::from_string(text)
                    .map(|ulid| Self(ulid.to_string()))
                    .map_err(|_| InvalidValue::new("is not a valid id"))
            }
        }

        string_newtype!(
            $name,
            StringSchema {
                description: "An opaque, time-sortable id (ULID).",
                format: Some(StringFormat::Custom("ulid")),
                pattern: Some("^[0-9A-HJKMNP-TV-Za-hjkmnp-tv-z]{26}$"),
                min_length: 26,
                max_length: 26,
                example: $example,
            }
        );
    };
}

ulid_id!(
    /// The id of a customer profile.
    CustomerId,
    "01JDQ8Z3N4W5X6Y7Z8A9B0C1D2"
);

ulid_id!(
    /// The id of a technician's time entry on a job.
    TimeEntryId,
    "01JP3W6Y8Z0A2B4C6D8E0F2G4H"
);

ulid_id!(
    /// The id of a car.
    CarId,
    "01JDQ8Z9K2M3N4P5Q6R7S8T9V0"
);

ulid_id!(
    /// The id of a service (a visit of a car to the garage).
    ServiceId,
    "01JP3N5P8Q1R3S6T9V2W4X7Y9Z"
);

ulid_id!(
    /// The id of one item (part or labour) of a service.
    ServiceItemId,
    "01JP3Q1A2B3C4D5E6F7G8H9J0K"
);

ulid_id!(
    /// The id of an invoice.
    InvoiceId,
    "01JP3P9R2S4T6V8W0X2Y4Z6A8B"
);

ulid_id!(
    /// The id of a customer's notification (the id of the event it reports).
    NotificationId,
    "01JP3R4S6T8V0W2X4Y6Z8A0B2C"
);

ulid_id!(
    /// The id of a phone registered for push notifications.
    DeviceId,
    "01JP3R9D1E3F5G7H9J1K3M5N7P"
);

ulid_id!(
    /// The id of an appointment (a car booked into a slot of the garage's calendar).
    AppointmentId,
    "01JP3T2V4W6X8Y0Z2A4B6C8D0E"
);

ulid_id!(
    /// The id of a customer's request for work on a car.
    ServiceRequestId,
    "01JP3V4X6Y8Z0A2B4C6D8E0F2G"
);

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn ids_sort_by_creation_time() {
        let earlier = CustomerId::generate("2026-01-01T00:00:00Z".parse().unwrap());
        let later = CustomerId::generate("2026-01-01T00:00:01Z".parse().unwrap());
        assert!(earlier < later);
        assert_eq!(earlier.as_str().len(), 26);
    }

    #[test]
    fn parsing_is_case_insensitive_and_canonical() {
        let id = CarId::parse("01jdq8z9k2m3n4p5q6r7s8t9v0").unwrap();
        assert_eq!(id.as_str(), "01JDQ8Z9K2M3N4P5Q6R7S8T9V0");
        for text in [
            "",
            "123",
            "01JDQ8Z9K2M3N4P5Q6R7S8T9V",
            "01JDQ8Z9K2M3N4P5Q6R7S8T9VU!",
            "8ZZZZZZZZZZZZZZZZZZZZZZZZZ",
        ] {
            assert!(CarId::parse(text).is_err(), "{text}");
        }
    }

    mod properties {
        use super::*;

        proptest! {
            #[test]
            fn never_panics(text in "\\PC{0,40}") {
                let _ = CustomerId::parse(&text);
            }

            #[test]
            fn generated_ids_round_trip(seconds in 0i64..4_000_000_000) {
                let at = DateTime::from_timestamp(seconds, 0).unwrap();
                let id = CustomerId::generate(at);
                prop_assert_eq!(CustomerId::parse(id.as_str()).unwrap(), id.clone());
                prop_assert_eq!(CustomerId::parse(&id.as_str().to_lowercase()).unwrap(), id.clone());
                let json = serde_json::to_string(&id).unwrap();
                prop_assert_eq!(serde_json::from_str::<CustomerId>(&json).unwrap(), id);
            }
        }
    }
}
