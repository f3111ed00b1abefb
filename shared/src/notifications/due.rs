//! The service-due index of cars, which the daily reminders read.
//!
//! A car's next service falls due on the earlier of its next service date and
//! the day its mileage is predicted to reach the next-service mileage (from
//! its average daily mileage). The car item carries that day in GSI3:
//! `gsi3pk = CARS#DUE#<yyyy-mm>`, `gsi3sk = <yyyy-mm-dd>#<car id>`, so the
//! reminders read the cars due in a window of days with one query per month
//! touched, never every car. Every write of a car's schedule keeps it there:
//! [`due_index_attributes`] on a whole car item, [`due_index_changes`] in an
//! update; a car with nothing due is left out.

use chrono::{Datelike, Duration, NaiveDate};
use rust_decimal::{Decimal, prelude::ToPrimitive};

use crate::{
    domain::CarId,
    store::{Change, Value},
};

/// Longest prediction made from the average daily mileage (ten years).
const MAX_PREDICTION_DAYS: i64 = 3650;

/// What the next service of a car is due by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DueBy {
    /// Its next service date.
    Date,
    /// Its predicted mileage reaching the next-service mileage.
    Mileage,
}

/// When a car's next service falls due.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ServiceDue {
    /// The day.
    pub on: NaiveDate,
    /// What sets it.
    pub by: DueBy,
}

/// What of a car decides when its next service is due.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ServiceSchedule {
    /// The next service date, if set.
    pub next_service_date: Option<NaiveDate>,
    /// The next-service mileage in km, if set.
    pub next_service_mileage: Option<u64>,
    /// The last known mileage in km.
    pub mileage: u64,
    /// The day that mileage was read.
    pub mileage_read_on: NaiveDate,
    /// Average km per day, if known.
    pub average_daily_mileage: Option<Decimal>,
}

impl ServiceSchedule {
    /// The day the mileage is predicted to reach the next-service mileage.
    pub fn predicted_by_mileage(&self) -> Option<NaiveDate> {
        let target = self.next_service_mileage?;
        let per_day = self
            .average_daily_mileage
            .filter(|rate| *rate > Decimal::ZERO)?;
        let remaining = Decimal::from(target.saturating_sub(self.mileage));
        let days = (remaining / per_day)
            .ceil()
            .to_i64()?
            .min(MAX_PREDICTION_DAYS);
        self.mileage_read_on
            .checked_add_signed(Duration::days(days))
    }

    /// When the next service is due, if anything sets it.
    pub fn due(&self) -> Option<ServiceDue> {
        let by_date = self.next_service_date.map(|on| ServiceDue {
            on,
            by: DueBy::Date,
        });
        let by_mileage = self.predicted_by_mileage().map(|on| ServiceDue {
            on,
            by: DueBy::Mileage,
        });
        match (by_date, by_mileage) {
            (Some(date), Some(mileage)) if mileage.on < date.on => Some(mileage),
            (Some(date), _) => Some(date),
            (None, mileage) => mileage,
        }
    }
}

/// The GSI3 partition of the cars due in the month of `day`.
pub fn due_partition(day: NaiveDate) -> String {
    format!("CARS#DUE#{:04}-{:02}", day.year(), day.month())
}

/// The GSI3 sort key of a car due on `day`.
pub fn due_sort_key(day: NaiveDate, car_id: &CarId) -> String {
    format!("{day}#{car_id}")
}

/// The index attributes the cars module adds to a car item: the car in the
/// due index on the day its next service is due, or nothing when nothing is.
pub fn due_index_attributes(car_id: &CarId, schedule: &ServiceSchedule) -> Vec<(String, Value)> {
    match schedule.due() {
        Some(due) => vec![
            ("gsi3pk".into(), Value::s(due_partition(due.on))),
            ("gsi3sk".into(), Value::s(due_sort_key(due.on, car_id))),
        ],
        None => Vec::new(),
    }
}

/// The same, as the changes of an update that moves a car's schedule (the
/// car leaves the index when nothing is due any more).
pub fn due_index_changes(car_id: &CarId, schedule: &ServiceSchedule) -> Vec<Change> {
    let attributes = due_index_attributes(car_id, schedule);
    if attributes.is_empty() {
        return vec![
            Change::Remove("gsi3pk".into()),
            Change::Remove("gsi3sk".into()),
        ];
    }
    attributes
        .into_iter()
        .map(|(name, value)| Change::Set(name, value))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn schedule() -> ServiceSchedule {
        ServiceSchedule {
            next_service_date: Some(day("2026-06-01")),
            next_service_mileage: Some(60_000),
            mileage: 55_000,
            mileage_read_on: day("2026-03-01"),
            average_daily_mileage: Some(Decimal::new(405, 1)),
        }
    }

    #[test]
    fn the_mileage_prediction_rounds_up_to_whole_days() {
        // 5,000 km at 40.5 km a day: 123.4 days, so on the 124th.
        assert_eq!(schedule().predicted_by_mileage(), Some(day("2026-07-03")));
        let passed = ServiceSchedule {
            mileage: 61_000,
            ..schedule()
        };
        assert_eq!(passed.predicted_by_mileage(), Some(day("2026-03-01")));
    }

    #[test]
    fn the_earlier_of_date_and_mileage_sets_the_due_day() {
        assert_eq!(
            schedule().due(),
            Some(ServiceDue {
                on: day("2026-06-01"),
                by: DueBy::Date
            })
        );
        let driven_a_lot = ServiceSchedule {
            average_daily_mileage: Some(Decimal::from(100)),
            ..schedule()
        };
        assert_eq!(
            driven_a_lot.due(),
            Some(ServiceDue {
                on: day("2026-04-20"),
                by: DueBy::Mileage
            })
        );
        let no_rate = ServiceSchedule {
            next_service_date: None,
            average_daily_mileage: Some(Decimal::ZERO),
            ..schedule()
        };
        assert_eq!(no_rate.due(), None);
    }

    #[test]
    fn a_car_enters_the_index_of_its_due_month() {
        let car = CarId::parse("01JDQ8Z9K2M3N4P5Q6R7S8T9V0").unwrap();
        let attributes = due_index_attributes(&car, &schedule());
        assert_eq!(
            attributes,
            vec![
                ("gsi3pk".to_string(), Value::s("CARS#DUE#2026-06")),
                (
                    "gsi3sk".to_string(),
                    Value::s("2026-06-01#01JDQ8Z9K2M3N4P5Q6R7S8T9V0")
                ),
            ]
        );
        let nothing_due = ServiceSchedule {
            next_service_date: None,
            next_service_mileage: None,
            ..schedule()
        };
        assert!(due_index_attributes(&car, &nothing_due).is_empty());
        assert_eq!(
            due_index_changes(&car, &nothing_due),
            vec![
                Change::Remove("gsi3pk".into()),
                Change::Remove("gsi3sk".into())
            ]
        );
        assert_eq!(
            due_index_changes(&car, &schedule())[0],
            Change::Set("gsi3pk".into(), Value::s("CARS#DUE#2026-06"))
        );
    }
}
