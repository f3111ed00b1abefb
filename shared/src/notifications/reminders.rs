//! The daily service reminders.
//!
//! Each day, the cars due within the configured window (and those overdue by
//! up to [`OVERDUE_LOOKBACK_DAYS`], in case a run was missed) are read from
//! the due index (see [`super::due`]); each gets one `service_due` event per
//! service cycle. A cycle is the time between two services, named by the
//! car's last service date: the reminder's guard item
//! (`pk = REMINDER#CAR#<car id>`, `sk = CYCLE#<last service date>`) is
//! created in the same transaction as the event, so a car is never reminded
//! twice for the same cycle, however often the reminders run.

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::due::due_partition;
use crate::{
    domain::{CarId, CustomerId},
    events::{Event, EventType, RelatedKind, event_op},
    store::{
        EXPIRES_AT, Index, Item, Key, Query, SortKey, StoreError, Table, Value, WriteOp, from_item,
    },
};

/// How far back overdue cars are still reminded, should a day have been missed.
pub const OVERDUE_LOOKBACK_DAYS: i64 = 31;
/// How long a guard is kept: longer than any car stays in the reminder window.
const GUARD_DAYS: i64 = 400;
/// The cycle name of a car never serviced here.
const FIRST_CYCLE: &str = "FIRST";

/// What of a car the reminder reads from the due index.
#[derive(Clone, Debug, Deserialize)]
struct DueCar {
    id: CarId,
    customer_id: CustomerId,
    gsi3sk: String,
    make: Option<String>,
    model: Option<String>,
    license_plate: Option<String>,
    next_service_date: Option<NaiveDate>,
    next_service_mileage: Option<u64>,
    last_service_date: Option<NaiveDate>,
}

impl DueCar {
    /// The day it is due, from its index sort key.
    fn due_on(&self) -> Option<NaiveDate> {
        self.gsi3sk.split('#').next()?.parse().ok()
    }

    fn cycle(&self) -> String {
        self.last_service_date
            .map_or_else(|| FIRST_CYCLE.to_owned(), |day| day.to_string())
    }

    /// "Peugeot 208 (185 TU 4521)", or as much of it as is known.
    fn name(&self) -> String {
        let model = [&self.make, &self.model]
            .into_iter()
            .flatten()
            .map(String::as_str)
            .collect::<Vec<_>>()
            .join(" ");
        match (model.is_empty(), &self.license_plate) {
            (false, Some(plate)) => format!("{model} ({plate})"),
            (false, None) => model,
            (true, Some(plate)) => plate.clone(),
            (true, None) => "car".into(),
        }
    }

    fn message(&self, due_on: NaiveDate) -> String {
        let name = self.name();
        let by_mileage = self.next_service_date.is_none_or(|date| due_on < date);
        match (by_mileage, self.next_service_mileage) {
            (true, Some(km)) => format!(
                "Your {name} is due for a service around {due_on}, when it reaches {km} km."
            ),
            _ => format!("Your {name} is due for a service on {due_on}."),
        }
    }
}

/// The key of the guard of a car's reminder for one cycle.
fn guard_key(car_id: &CarId, cycle: &str) -> Key {
    Key::new(format!("REMINDER#CAR#{car_id}"), format!("CYCLE#{cycle}"))
}

/// What a run did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ReminderReport {
    /// Cars found due in the window.
    pub due: usize,
    /// Reminders written (events in the outbox).
    pub reminded: usize,
    /// Cars already reminded for their current cycle.
    pub already_reminded: usize,
}

/// Reminds the customers whose cars fall due between `today` and `window_days`
/// after it; `now` stamps the events.
pub async fn run(
    table: &dyn Table,
    today: NaiveDate,
    window_days: u32,
    now: DateTime<Utc>,
) -> Result<ReminderReport, StoreError> {
    let from = today - Duration::days(OVERDUE_LOOKBACK_DAYS);
    let to = today + Duration::days(i64::from(window_days));
    let mut report = ReminderReport::default();
    for month in months(from, to) {
        // '~' sorts after every id character: the whole last day is in.
        let sort = SortKey::Between(from.to_string(), format!("{to}#~"));
        let mut query = Query::partition(Index::Gsi3, due_partition(month)).sort(sort);
        loop {
            let page = table.query(&query).await?;
            for item in page.items {
                let Some((car, due_on)) = due_car(item) else {
                    continue;
                };
                report.due += 1;
                if remind(table, &car, due_on, now).await? {
                    report.reminded += 1;
                } else {
                    report.already_reminded += 1;
                }
            }
            match page.last_key {
                Some(last) => query.start_after = Some(last),
                None => break,
            }
        }
    }
    tracing::info!(%today, window_days, due = report.due, reminded = report.reminded, "service reminders run");
    Ok(report)
}

/// The first day of every month from `from`'s to `to`'s.
fn months(from: NaiveDate, to: NaiveDate) -> Vec<NaiveDate> {
    let mut months = Vec::new();
    let mut month = from.with_day(1);
    while let Some(first) = month.filter(|first| *first <= to) {
        months.push(first);
        month = first.checked_add_months(chrono::Months::new(1));
    }
    months
}

fn due_car(item: Item) -> Option<(DueCar, NaiveDate)> {
    let key = Key::of(&item);
    match from_item::<DueCar>(item) {
        Ok(car) => match car.due_on() {
            Some(due_on) => Some((car, due_on)),
            None => {
                tracing::error!(car_id = %car.id, "due index sort key without a date");
                None
            }
        },
        Err(error) => {
            tracing::error!(error = %error, key = ?key, "car in the due index unreadable");
            None
        }
    }
}

/// Writes the car's reminder unless its cycle had one; tells whether it did.
async fn remind(
    table: &dyn Table,
    car: &DueCar,
    due_on: NaiveDate,
    now: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let event = Event::new(
        EventType::ServiceDue,
        car.customer_id.clone(),
        "Service due",
        car.message(due_on),
        now,
    )
    .about(RelatedKind::Car, car.id.as_str());
    let event = event_op(&event).map_err(|error| StoreError::Invalid(error.to_string()))?;
    let ops = vec![guard(car, now), event];
    match table.transact(ops).await {
        Ok(()) => Ok(true),
        Err(StoreError::ConditionFailed { index: 0 }) => Ok(false),
        Err(error) => Err(error),
    }
}

fn guard(car: &DueCar, now: DateTime<Utc>) -> WriteOp {
    let mut item = guard_key(&car.id, &car.cycle()).to_item();
    item.insert("entity".into(), Value::s("reminder"));
    item.insert("reminded_at".into(), Value::s(now.to_rfc3339()));
    let expires_at = now + Duration::days(GUARD_DAYS);
    item.insert(EXPIRES_AT.into(), Value::n(expires_at.timestamp()));
    WriteOp::create(item)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn a_window_spans_every_month_it_touches() {
        assert_eq!(
            months(day("2026-01-30"), day("2026-03-02")),
            vec![day("2026-01-01"), day("2026-02-01"), day("2026-03-01")]
        );
        assert_eq!(
            months(day("2026-12-20"), day("2027-01-03")),
            vec![day("2026-12-01"), day("2027-01-01")]
        );
    }

    fn car(next: Option<&str>, km: Option<u64>) -> DueCar {
        DueCar {
            id: CarId::parse("01JDQ8Z9K2M3N4P5Q6R7S8T9V0").unwrap(),
            customer_id: CustomerId::parse("01JDQ8Z3N4W5X6Y7Z8A9B0C1D2").unwrap(),
            gsi3sk: "2026-04-01#01JDQ8Z9K2M3N4P5Q6R7S8T9V0".into(),
            make: Some("Peugeot".into()),
            model: Some("208".into()),
            license_plate: Some("185 TU 4521".into()),
            next_service_date: next.map(day),
            next_service_mileage: km,
            last_service_date: None,
        }
    }

    #[test]
    fn the_message_says_what_the_reminder_is_due_by() {
        let by_date = car(Some("2026-04-01"), Some(60_000));
        let due_on = by_date.due_on().unwrap();
        assert_eq!(
            by_date.message(due_on),
            "Your Peugeot 208 (185 TU 4521) is due for a service on 2026-04-01."
        );
        let by_mileage = car(Some("2026-06-01"), Some(60_000));
        assert_eq!(
            by_mileage.message(due_on),
            "Your Peugeot 208 (185 TU 4521) is due for a service around 2026-04-01, when it reaches 60000 km."
        );
        assert_eq!(by_mileage.cycle(), "FIRST");
    }
}
