//! What a service needs of its car: who owns it, what to call it, its
//! mileage, and the one write a completion makes to it.
//!
//! The cars module (`crate::cars`, issue 4) is not written yet; this file
//! holds the services' side of the car item (`pk = CAR#<id>`, `sk = CAR`,
//! the fields of API.md's Cars section) until it is, and should then call
//! the cars module's read, mileage and prediction functions instead.

use chrono::{DateTime, Months, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::Deserialize;

use super::ServiceError;
use crate::{
    domain::{CarId, CustomerId},
    notifications::due::{ServiceSchedule, due_index_changes},
    store::{Change, Condition, Key, Table, Value, WriteOp, from_item, to_value},
};

/// Distance between two services, in km, for the next-service prediction.
pub const SERVICE_INTERVAL_KM: u64 = 10_000;
/// Time between two services, in months, for the next-service prediction.
pub const SERVICE_INTERVAL_MONTHS: u32 = 12;

/// The key of a car item.
pub fn car_key(car_id: &CarId) -> Key {
    Key::new(format!("CAR#{car_id}"), "CAR")
}

/// The fields of a car that services read.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct ServicedCar {
    /// The car.
    pub id: CarId,
    /// Its owner.
    pub customer_id: CustomerId,
    /// Manufacturer.
    pub make: String,
    /// Model.
    pub model: String,
    /// Licence plate.
    pub license_plate: String,
    /// Odometer, in km.
    pub mileage: u64,
    /// Date of the latest service.
    #[serde(default)]
    pub last_service_date: Option<NaiveDate>,
    /// Average km per day, for the mileage prediction of the next service.
    #[serde(default)]
    pub average_daily_mileage: Option<Decimal>,
    /// Incremented by every change of the car.
    pub version: u64,
}

impl ServicedCar {
    /// How a message names the car: `Peugeot 208 (185 TU 4521)`.
    pub fn label(&self) -> String {
        format!("{} {} ({})", self.make, self.model, self.license_plate)
    }

    /// A write that fails unless the car is still as read (for transactions
    /// that rely on its owner).
    pub fn unchanged_check(&self) -> WriteOp {
        WriteOp::Check {
            key: car_key(&self.id),
            condition: version_is(self.version),
        }
    }
}

fn version_is(version: u64) -> Condition {
    Condition::Equals("version".into(), Value::n(version))
}

/// Reads a car.
pub async fn get_car(table: &dyn Table, id: &CarId) -> Result<Option<ServicedCar>, ServiceError> {
    match table.get(&car_key(id)).await? {
        Some(item) => Ok(Some(from_item(item)?)),
        None => Ok(None),
    }
}

/// The next service after one on `date` at `mileage`: a year or 10,000 km later.
pub fn next_service(date: NaiveDate, mileage: u64) -> (Option<NaiveDate>, u64) {
    (
        date.checked_add_months(Months::new(SERVICE_INTERVAL_MONTHS)),
        mileage.saturating_add(SERVICE_INTERVAL_KM),
    )
}

/// The write recording on `car` (as read) a service completed on `date` at
/// `mileage`: its mileage is raised if lower (never lowered), and, unless
/// the car already had a later service, its last service becomes this one
/// and its next service is predicted again. It fails if the car changed
/// since it was read.
pub fn service_completed_op(
    car: &ServicedCar,
    date: NaiveDate,
    mileage: u64,
    now: DateTime<Utc>,
) -> Result<WriteOp, ServiceError> {
    let mut changes = Vec::new();
    if mileage > car.mileage {
        changes.push(Change::Set("mileage".into(), Value::n(mileage)));
    }
    if car.last_service_date.is_none_or(|last| last <= date) {
        let (next_date, next_mileage) = next_service(date, mileage);
        changes.push(Change::Set("last_service_date".into(), to_value(&date)?));
        changes.push(Change::Set(
            "last_service_mileage".into(),
            Value::n(mileage),
        ));
        changes.push(Change::Set(
            "next_service_date".into(),
            to_value(&next_date)?,
        ));
        changes.push(Change::Set(
            "next_service_mileage".into(),
            Value::n(next_mileage),
        ));
        // The reminders find the car by its next due day.
        let schedule = ServiceSchedule {
            next_service_date: next_date,
            next_service_mileage: Some(next_mileage),
            mileage: mileage.max(car.mileage),
            mileage_read_on: date,
            average_daily_mileage: car.average_daily_mileage,
        };
        changes.extend(due_index_changes(&car.id, &schedule));
    }
    changes.push(Change::Set("updated_at".into(), to_value(&now)?));
    changes.push(Change::Add("version".into(), 1));
    Ok(WriteOp::Update {
        key: car_key(&car.id),
        changes,
        condition: Some(version_is(car.version)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn car(mileage: u64, last: Option<&str>) -> ServicedCar {
        ServicedCar {
            id: CarId::generate(Utc::now()),
            customer_id: CustomerId::generate(Utc::now()),
            make: "Peugeot".into(),
            model: "208".into(),
            license_plate: "185 TU 4521".into(),
            mileage,
            last_service_date: last.map(|date| date.parse().unwrap()),
            average_daily_mileage: None,
            version: 3,
        }
    }

    fn sets(op: &WriteOp) -> Vec<String> {
        let WriteOp::Update { changes, .. } = op else {
            panic!("an update");
        };
        changes
            .iter()
            .filter_map(|change| match change {
                Change::Set(name, _) => Some(name.clone()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn mileage_is_only_raised_and_an_older_service_does_not_move_the_last_one() {
        let now = Utc::now();
        let date: NaiveDate = "2026-03-16".parse().unwrap();
        let raised = service_completed_op(&car(90_000, None), date, 91_802, now).unwrap();
        assert!(sets(&raised).contains(&"mileage".to_string()));
        assert!(sets(&raised).contains(&"next_service_mileage".to_string()));
        let lower = service_completed_op(&car(95_000, None), date, 91_802, now).unwrap();
        assert!(!sets(&lower).contains(&"mileage".to_string()));
        let older =
            service_completed_op(&car(95_000, Some("2026-04-01")), date, 91_802, now).unwrap();
        assert_eq!(sets(&older), ["updated_at"]);
    }

    #[test]
    fn a_completed_service_moves_the_car_in_the_due_index() {
        let date: NaiveDate = "2026-03-16".parse().unwrap();
        let mut driven = car(90_000, None);
        driven.average_daily_mileage = Some(Decimal::from(100));
        let op = service_completed_op(&driven, date, 91_802, Utc::now()).unwrap();
        let WriteOp::Update { changes, .. } = op else {
            panic!("an update");
        };
        // 10,000 km at 100 km a day: due on 2026-06-24, before the year is out.
        assert!(changes.contains(&Change::Set(
            "gsi3sk".into(),
            Value::s(format!("2026-06-24#{}", driven.id))
        )));
        assert!(changes.contains(&Change::Set("gsi3pk".into(), Value::s("CARS#DUE#2026-06"))));
    }

    #[test]
    fn the_next_service_is_a_year_or_ten_thousand_km_later() {
        let (date, mileage) = next_service("2026-02-28".parse().unwrap(), 91_802);
        assert_eq!(date, Some("2027-02-28".parse().unwrap()));
        assert_eq!(mileage, 101_802);
    }
}
