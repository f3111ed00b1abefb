//! The service-due index of cars, which the daily reminders (in the
//! notifications module) read.
//!
//! A car whose next service has a date (the cars module predicts it: the
//! earlier of the service interval's date and the day its average daily
//! mileage reaches the interval's distance) has an entry next to it:
//! `pk = CAR#<car id>`, `sk = DUE`, `car_id`, in GSI1 as
//! `gsi1pk = CARS#DUE#<yyyy-mm>`, `gsi1sk = <next service date>#<car id>`
//! (the car item's own three indexes serve its lists). Every transaction that
//! writes a car writes [`due_entry_op`] with it; the reminders read the
//! entries of a window of days, one query per month touched, never every car.

use chrono::{Datelike, NaiveDate};

use super::car_key;
use crate::{
    store::{Key, Value, WriteOp},
    values::CarId,
};

/// Sort key of a car's due entry.
pub const DUE_SK: &str = "DUE";
/// The `entity` attribute of due entries.
pub const DUE_ENTITY: &str = "car_due";

/// The GSI1 partition of the cars due in the month of `day`.
pub fn due_partition(day: NaiveDate) -> String {
    format!("CARS#DUE#{:04}-{:02}", day.year(), day.month())
}

/// The GSI1 sort key of a car due on `day`.
pub fn due_sort_key(day: NaiveDate, car_id: &CarId) -> String {
    format!("{day}#{car_id}")
}

/// The key of a car's due entry.
pub fn due_entry_key(car_id: &CarId) -> Key {
    Key::new(car_key(car_id.as_str()).pk, DUE_SK)
}

/// The write keeping a car's due entry in step with its next service date:
/// the entry on that day, or no entry when the car has none (or is deleted).
pub fn due_entry_op(car_id: &CarId, next_service_date: Option<NaiveDate>) -> WriteOp {
    let key = due_entry_key(car_id);
    match next_service_date {
        Some(day) => {
            let mut item = key.to_item();
            item.insert("entity".into(), Value::s(DUE_ENTITY));
            item.insert("car_id".into(), Value::s(car_id.as_str()));
            item.insert("gsi1pk".into(), Value::s(due_partition(day)));
            item.insert("gsi1sk".into(), Value::s(due_sort_key(day, car_id)));
            WriteOp::put(item)
        }
        None => WriteOp::Delete {
            key,
            condition: None,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_car_enters_the_index_of_its_due_month() {
        let car = CarId::parse("01JDQ8Z9K2M3N4P5Q6R7S8T9V0").unwrap();
        let WriteOp::Put { item, condition } = due_entry_op(&car, "2026-06-01".parse().ok()) else {
            panic!("a put");
        };
        assert_eq!(condition, None);
        assert_eq!(item["pk"], Value::s("CAR#01JDQ8Z9K2M3N4P5Q6R7S8T9V0"));
        assert_eq!(item["sk"], Value::s("DUE"));
        assert_eq!(item["gsi1pk"], Value::s("CARS#DUE#2026-06"));
        assert_eq!(
            item["gsi1sk"],
            Value::s("2026-06-01#01JDQ8Z9K2M3N4P5Q6R7S8T9V0")
        );
        assert_eq!(
            due_entry_op(&car, None),
            WriteOp::Delete {
                key: due_entry_key(&car),
                condition: None
            }
        );
    }
}
