//! The daily service reminders.
//!
//! Each day, the cars due within the configured window (and those overdue by
//! up to [`OVERDUE_LOOKBACK_DAYS`], in case a run was missed) are found
//! through the due index (see [`super::due`]) and read; a car whose own next
//! service date has moved out of the window since is left alone. Each gets
//! one `service_due` event per service cycle. A cycle is the time between
//! two services, named by the car's last service date: the reminder's guard
//! item (`pk = REMINDER#CAR#<car id>`, `sk = CYCLE#<last service date>`) is
//! created in the same transaction as the event, so a car is never reminded
//! twice for the same cycle, however often the reminders run.

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use serde::Serialize;

use crate::cars::due::due_partition;
use crate::{
    cars::{Car, car_key},
    events::{Event, EventType, RelatedKind, event_op},
    store::{
        EXPIRES_AT, Index, Item, Key, Query, SortKey, StoreError, Table, Value, WriteOp, from_item,
        table::MAX_BATCH_GET,
    },
    values::CarId,
};

/// How far back overdue cars are still reminded, should a day have been missed.
pub const OVERDUE_LOOKBACK_DAYS: i64 = 31;
/// How long a guard is kept: longer than any car stays in the reminder window.
const GUARD_DAYS: i64 = 400;
/// The cycle name of a car never serviced here.
const FIRST_CYCLE: &str = "FIRST";

/// The cycle name of a car never serviced here.
fn cycle(car: &Car) -> String {
    car.last_service_date
        .map_or_else(|| FIRST_CYCLE.to_owned(), |day| day.to_string())
}

/// The reminder's text: "Your Peugeot 208 (185 TU 4521) is due for a service on …".
fn message(car: &Car, due_on: NaiveDate) -> String {
    let mileage = car
        .next_service_mileage
        .map(|km| format!(" or at {km} km, whichever comes first"))
        .unwrap_or_default();
    format!(
        "Your {} {} ({}) is due for a service on {due_on}{mileage}.",
        car.make, car.model, car.license_plate
    )
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
        // A page of entries is one batch read of their cars.
        let mut query = Query::partition(Index::Gsi1, due_partition(month))
            .sort(sort)
            .limit(MAX_BATCH_GET);
        loop {
            let page = table.query(&query).await?;
            let keys: Vec<Key> = page
                .items
                .iter()
                .filter_map(|entry| entry.get("car_id")?.as_s())
                .map(car_key)
                .collect();
            for item in table.get_many(&keys).await?.into_iter().flatten() {
                let Some(car) = readable(item) else {
                    continue;
                };
                // The entry may lag the car: the car's own date decides.
                let Some(due_on) = car
                    .next_service_date
                    .filter(|day| (from..=to).contains(day))
                else {
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

fn readable(item: Item) -> Option<Car> {
    let key = Key::of(&item);
    from_item(item)
        .inspect_err(|error| tracing::error!(error = %error, key = ?key, "car unreadable"))
        .ok()
}

/// Writes the car's reminder unless its cycle had one; tells whether it did.
async fn remind(
    table: &dyn Table,
    car: &Car,
    due_on: NaiveDate,
    now: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let event = Event::new(
        EventType::ServiceDue,
        car.customer_id.clone(),
        "Service due",
        message(car, due_on),
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

fn guard(car: &Car, now: DateTime<Utc>) -> WriteOp {
    let mut item = guard_key(&car.id, &cycle(car)).to_item();
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
}
