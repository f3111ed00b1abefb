//! The writes services make to their car: its count of services, and what a
//! completion records (through the cars module's prediction, so a completed
//! service and a reported reading predict the next service by the same
//! configured intervals). Services read their car with [`crate::cars::get`].

use chrono::{DateTime, NaiveDate, Utc};

use super::ServiceError;
use crate::{
    Config,
    cars::due::due_entry_op,
    cars::{
        Car, car_key,
        mileage::{Reading, ReadingSource, reading_op},
    },
    store::{Change, Condition, Value, WriteOp},
    values::{CarId, CustomerId},
};

/// The car's count of services, kept by the services' transactions.
pub const SERVICE_COUNT: &str = "service_count";

/// The car's count of services (`service_count`, which the cars module
/// reads to refuse deleting a car with services) changed by `delta`. It fails
/// when the car is gone, or, given `customer`, when the car is no longer theirs.
pub fn service_count_op(car_id: &CarId, delta: i64, customer: Option<&CustomerId>) -> WriteOp {
    let condition = match customer {
        Some(customer) => Condition::Equals("customer_id".into(), Value::s(customer.as_str())),
        None => Condition::Exists,
    };
    WriteOp::Update {
        key: car_key(car_id.as_str()),
        changes: vec![Change::Add(SERVICE_COUNT.into(), delta)],
        condition: Some(condition),
    }
}

/// The writes recording on `car` (as read) a service completed on `date` at
/// `mileage`: its mileage is raised if lower (never lowered, and the raise
/// is kept as a reading), and, unless the car already had a later service,
/// its last service becomes this one; the average daily mileage and the next
/// service are predicted again and its due entry, which the reminders read,
/// moves with them. They fail if the car changed since it was read.
pub fn service_completed_ops(
    car: &Car,
    date: NaiveDate,
    mileage: u32,
    now: DateTime<Utc>,
    config: &Config,
) -> Result<Vec<WriteOp>, ServiceError> {
    let mut updated = car.clone();
    let mut reading = None;
    if mileage > car.mileage {
        updated.mileage = mileage;
        updated.mileage_recorded_at = now;
        let raised = Reading {
            mileage,
            recorded_at: now,
            source: ReadingSource::Service,
            reported_by: None,
        };
        reading = Some(reading_op(&car.id, &raised)?);
    }
    if car.last_service_date.is_none_or(|last| last <= date) {
        updated.last_service_date = Some(date);
        updated.last_service_mileage = Some(mileage);
    }
    updated.refresh(&config.service_intervals, config.time_zone);
    updated.updated_at = now;
    updated.version = car.version + 1;
    let update = WriteOp::Update {
        key: updated.key(),
        changes: updated.set_all()?,
        condition: Some(Condition::Equals("version".into(), Value::n(car.version))),
    };
    let due_entry = due_entry_op(&updated.id, updated.next_service_date);
    Ok([update]
        .into_iter()
        .chain(reading)
        .chain([due_entry])
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{
        cars::{FuelType, intervals::ServiceIntervals},
        values::{CarMake, CarModel, LicensePlate},
    };

    fn car(mileage: u32, last: Option<&str>) -> Car {
        let registered = DateTime::parse_from_rfc3339("2025-03-16T08:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        Car {
            id: CarId::generate(registered),
            customer_id: CustomerId::generate(registered),
            make: CarMake::parse("Peugeot").unwrap(),
            model: CarModel::parse("208").unwrap(),
            year: 2019,
            license_plate: LicensePlate::parse("185 TU 4521").unwrap(),
            vin: None,
            fuel_type: FuelType::Diesel,
            initial_mileage: 80_000,
            mileage,
            mileage_recorded_at: registered,
            average_daily_mileage: None,
            last_service_date: last.map(|date| date.parse().unwrap()),
            last_service_mileage: last.map(|_| 85_000),
            next_service_date: None,
            next_service_mileage: None,
            legacy_id: None,
            version: 3,
            created_at: registered,
            updated_at: registered,
        }
    }

    fn updated(ops: &[WriteOp]) -> Vec<(String, Value)> {
        let WriteOp::Update { changes, .. } = &ops[0] else {
            panic!("an update first");
        };
        changes
            .iter()
            .filter_map(|change| match change {
                Change::Set(name, value) => Some((name.clone(), value.clone())),
                _ => None,
            })
            .collect()
    }

    fn field(ops: &[WriteOp], name: &str) -> Value {
        updated(ops)
            .into_iter()
            .find(|(field, _)| field == name)
            .map(|(_, value)| value)
            .unwrap_or_else(|| panic!("{name} set"))
    }

    fn completed_on(car: &Car, date: &str, mileage: u32, config: &Config) -> Vec<WriteOp> {
        let now = DateTime::parse_from_rfc3339("2026-03-16T10:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        service_completed_ops(car, date.parse().unwrap(), mileage, now, config).unwrap()
    }

    #[test]
    fn mileage_is_only_raised_and_a_raise_is_kept_as_a_reading() {
        let config = Config::default();
        let raised = completed_on(&car(90_000, None), "2026-03-16", 91_802, &config);
        assert_eq!(field(&raised, "mileage"), Value::n(91_802));
        assert_eq!(raised.len(), 3, "update, reading, due entry");
        let lower = completed_on(&car(95_000, None), "2026-03-16", 91_802, &config);
        assert_eq!(field(&lower, "mileage"), Value::n(95_000));
        assert_eq!(lower.len(), 2, "no reading when the odometer did not move");
    }

    #[test]
    fn an_older_service_does_not_move_the_last_one() {
        let config = Config::default();
        let ops = completed_on(
            &car(95_000, Some("2026-04-01")),
            "2026-03-16",
            91_802,
            &config,
        );
        assert_eq!(field(&ops, "last_service_date"), Value::s("2026-04-01"));
        assert_eq!(field(&ops, "last_service_mileage"), Value::n(85_000));
    }

    #[test]
    fn the_next_service_follows_the_configured_interval_and_the_due_entry_moves() {
        let config = Config {
            service_intervals: ServiceIntervals::parse("default=15000km/6m").unwrap(),
            ..Config::default()
        };
        let serviced = car(90_000, None);
        let ops = completed_on(&serviced, "2026-03-16", 91_802, &config);
        assert_eq!(field(&ops, "last_service_date"), Value::s("2026-03-16"));
        // 6 months come before 15,000 km at the car's 32.3 km a day (11,802
        // km in a year): due on the day, at the mileage it should have then.
        assert_eq!(field(&ops, "next_service_date"), Value::s("2026-09-16"));
        assert_eq!(field(&ops, "average_daily_mileage"), Value::s("32.3"));
        assert_eq!(field(&ops, "next_service_mileage"), Value::n(97_745));
        assert_eq!(
            ops.last().unwrap(),
            &due_entry_op(&serviced.id, "2026-09-16".parse().ok())
        );
    }
}
