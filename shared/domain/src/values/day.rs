//! A day as a client names it: a date (`2026-03-16`), or an instant (an
//! RFC 3339 date-time, as the Django ECAR wrote a service's `scheduled_date`),
//! which falls on a day of the garage's calendar. ECAR books services by the
//! day, so the time of day of an instant is not kept.

use chrono::{DateTime, FixedOffset, NaiveDate};
use chrono_tz::Tz;
use serde::{Deserialize, Deserializer, de::Error};

/// A date, or an instant that falls on a date in the garage's time zone.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DayOrInstant {
    /// `YYYY-MM-DD`.
    Day(NaiveDate),
    /// An RFC 3339 date-time with its offset (`2026-03-16T09:00:00Z`).
    Instant(DateTime<FixedOffset>),
}

impl DayOrInstant {
    /// Parses either form.
    pub fn parse(text: &str) -> Option<Self> {
        let text = text.trim();
        if let Ok(day) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
            return Some(Self::Day(day));
        }
        DateTime::parse_from_rfc3339(text).ok().map(Self::Instant)
    }

    /// The day it names in the garage's calendar (an instant late in the
    /// evening in UTC may be the next day in Tunis).
    pub fn day_in(self, time_zone: Tz) -> NaiveDate {
        match self {
            Self::Day(day) => day,
            Self::Instant(instant) => instant.with_timezone(&time_zone).date_naive(),
        }
    }
}

impl From<NaiveDate> for DayOrInstant {
    fn from(day: NaiveDate) -> Self {
        Self::Day(day)
    }
}

impl<'de> Deserialize<'de> for DayOrInstant {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Self::parse(&text)
            .ok_or_else(|| D::Error::custom("must be a date (YYYY-MM-DD) or an RFC 3339 date-time"))
    }
}

#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for DayOrInstant {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::{Type, schema::ObjectBuilder};
        ObjectBuilder::new()
            .schema_type(Type::String)
            .description(Some(
                "A date (`YYYY-MM-DD`), or an RFC 3339 date-time: the day it falls on in the garage's time zone.",
            ))
            .examples(["2026-03-16"])
            .into()
    }
}

#[cfg(feature = "openapi")]
impl utoipa::ToSchema for DayOrInstant {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_instants_name_days_of_the_garage() {
        let tunis = chrono_tz::Africa::Tunis;
        let day = |text: &str| DayOrInstant::parse(text).unwrap().day_in(tunis).to_string();
        assert_eq!(day("2026-03-16"), "2026-03-16");
        assert_eq!(day("2026-03-16T09:00:00Z"), "2026-03-16");
        assert_eq!(day("2026-03-16T09:00:00.123Z"), "2026-03-16");
        // 23:30 UTC is 00:30 the next day in Tunis (UTC+1).
        assert_eq!(day("2026-03-16T23:30:00Z"), "2026-03-17");
        assert_eq!(day("2026-03-17T00:30:00+01:00"), "2026-03-17");
        for bad in [
            "",
            "16/03/2026",
            "2026-03-16T09:00",
            "2026-02-30",
            "tomorrow",
        ] {
            assert!(DayOrInstant::parse(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn json_takes_a_string_of_either_form() {
        let parsed: DayOrInstant = serde_json::from_str("\"2026-03-16T09:00:00+01:00\"").unwrap();
        assert!(matches!(parsed, DayOrInstant::Instant(_)));
        assert!(serde_json::from_str::<DayOrInstant>("20260316").is_err());
        assert!(serde_json::from_str::<DayOrInstant>("\"soon\"").is_err());
    }
}
