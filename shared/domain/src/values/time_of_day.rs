//! A time of day on the garage's clock (`08:30`), as opening hours name it.

use chrono::{NaiveTime, Timelike};
use serde::{Deserialize, Serialize};

use super::{InvalidValue, StringFormat, StringSchema, string_newtype};

/// A time of day, to the minute, written `HH:MM` (24-hour clock).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct TimeOfDay(String);

impl TimeOfDay {
    /// Parses `HH:MM` (`24:00` is the end of the day).
    pub fn parse(text: &str) -> Result<Self, InvalidValue> {
        let invalid = || InvalidValue::new("must be a time of day (HH:MM, 00:00 to 24:00)");
        let text = text.trim();
        let (hours, minutes) = text.split_once(':').ok_or_else(invalid)?;
        if hours.len() != 2 || minutes.len() != 2 {
            return Err(invalid());
        }
        let hours: u32 = hours.parse().map_err(|_| invalid())?;
        let minutes: u32 = minutes.parse().map_err(|_| invalid())?;
        if minutes > 59 || hours > 24 || (hours == 24 && minutes != 0) {
            return Err(invalid());
        }
        Ok(Self(format!("{hours:02}:{minutes:02}")))
    }

    /// Minutes since midnight (0 to 1440).
    pub fn minutes(&self) -> u32 {
        let (hours, minutes) = self.0.split_at(2);
        hours.parse::<u32>().unwrap_or(0) * 60 + minutes[1..].parse::<u32>().unwrap_or(0)
    }

    /// The time of day `minutes` after midnight (within the day).
    pub fn from_minutes(minutes: u32) -> Self {
        let minutes = minutes.min(24 * 60);
        Self(format!("{:02}:{:02}", minutes / 60, minutes % 60))
    }

    /// The same time as a clock time (the end of the day is not one: `None`).
    pub fn to_naive(&self) -> Option<NaiveTime> {
        let minutes = self.minutes();
        NaiveTime::from_hms_opt(minutes / 60, minutes % 60, 0)
    }

    /// The time of day of a clock time, to the minute.
    pub fn of(time: NaiveTime) -> Self {
        Self::from_minutes(time.hour() * 60 + time.minute())
    }
}

string_newtype!(
    TimeOfDay,
    StringSchema {
        description: "A time of day on the garage's clock, HH:MM (24-hour).",
        format: Some(StringFormat::Custom("time-of-day")),
        pattern: Some("^([01][0-9]|2[0-3]):[0-5][0-9]$|^24:00$"),
        min_length: 5,
        max_length: 5,
        example: "08:30",
    }
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_of_day_parse_to_the_minute() {
        assert_eq!(TimeOfDay::parse("08:30").unwrap().minutes(), 510);
        assert_eq!(TimeOfDay::parse("24:00").unwrap().minutes(), 1440);
        assert_eq!(TimeOfDay::from_minutes(510).as_str(), "08:30");
        for bad in [
            "8:30", "08:60", "24:01", "25:00", "0830", "ab:cd", "", "08:30:00",
        ] {
            assert!(TimeOfDay::parse(bad).is_err(), "{bad}");
        }
    }
}
