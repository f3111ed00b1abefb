//! Registering a car: the car, its plate and VIN guards, its search index
//! items, its plate in its customer's index, the customer's car count and
//! the first mileage reading, in one transaction.

use crate::idempotency::Answer;
use chrono::NaiveDate;

use super::{
    Car, FuelType, check_mileage, check_year, guard_item,
    mileage::{Reading, ReadingSource, reading_op},
    plate_guard_key, search, vin_guard_key,
};
use crate::{
    cars::due::due_entry_op,
    customers::{self, CustomerError, ledger},
    idempotency::{Created, Idempotent},
    ports::Ports,
    store::{ItemError, StoreError, WriteOp},
    values::{CarId, CarMake, CarModel, CustomerId, LicensePlate, Vin},
};

/// A car to register.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewCar {
    /// Its owner.
    pub customer_id: CustomerId,
    /// Manufacturer.
    pub make: CarMake,
    /// Model.
    pub model: CarModel,
    /// Model year.
    pub year: u16,
    /// Plate.
    pub license_plate: LicensePlate,
    /// VIN.
    pub vin: Option<Vin>,
    /// Fuel.
    pub fuel_type: FuelType,
    /// Current mileage (km).
    pub initial_mileage: u32,
    /// Last service before the car came to the garage, if known.
    pub last_service_date: Option<NaiveDate>,
    /// Mileage at that service.
    pub last_service_mileage: Option<u32>,
}

/// Positions of the actions whose failure means something to the client.
pub(crate) struct Positions {
    pub plate_guard: usize,
    pub vin_guard: Option<usize>,
    pub customer: usize,
}

/// Checks a registration against the calendar and the mileage rules.
pub(crate) fn check(new: &NewCar, ports: &Ports) -> Result<(), CustomerError> {
    let now = ports.clock.now();
    check_year(new.year, now)?;
    check_mileage("initial_mileage", new.initial_mileage)?;
    match (new.last_service_date, new.last_service_mileage) {
        (None, None) => Ok(()),
        (Some(date), Some(mileage)) => {
            let today = now.with_timezone(&ports.config.time_zone).date_naive();
            if date > today {
                return Err(CustomerError::invalid(
                    "last_service_date",
                    "must not be in the future",
                ));
            }
            if mileage > new.initial_mileage {
                return Err(CustomerError::invalid(
                    "last_service_mileage",
                    "must not be above the initial mileage",
                ));
            }
            Ok(())
        }
        (Some(_), None) => Err(CustomerError::invalid(
            "last_service_mileage",
            "is required with last_service_date",
        )),
        (None, Some(_)) => Err(CustomerError::invalid(
            "last_service_date",
            "is required with last_service_mileage",
        )),
    }
}

/// The car `new` describes, created now.
fn car_of(new: &NewCar, ports: &Ports) -> Car {
    registered(CarId::generate(ports.clock.now()), new, ports)
}

/// The car `new` describes, registered now under `id` (a new one, or the id
/// of the car a customer added for approval).
pub(crate) fn registered(id: CarId, new: &NewCar, ports: &Ports) -> Car {
    let now = ports.clock.now();
    let mut car = Car {
        id,
        customer_id: new.customer_id.clone(),
        make: new.make.clone(),
        model: new.model.clone(),
        year: new.year,
        license_plate: new.license_plate.clone(),
        vin: new.vin.clone(),
        fuel_type: new.fuel_type,
        initial_mileage: new.initial_mileage,
        mileage: new.initial_mileage,
        mileage_recorded_at: now,
        average_daily_mileage: None,
        last_service_date: new.last_service_date,
        last_service_mileage: new.last_service_mileage,
        next_service_date: None,
        next_service_mileage: None,
        legacy_id: None,
        version: 1,
        created_at: now,
        updated_at: now,
    };
    car.refresh(&ports.config.service_intervals, ports.config.time_zone);
    car
}

/// The writes registering `car` after `record` (an idempotency record or
/// an import's legacy guard), its first reading reported by `reporter`.
pub(crate) fn create_ops(
    car: &Car,
    record: Option<WriteOp>,
    reporter: &str,
) -> Result<(Vec<WriteOp>, Positions), CustomerError> {
    let mut ops: Vec<WriteOp> = record.into_iter().collect();
    ops.push(WriteOp::create(car.item()?));
    let plate_guard = ops.len();
    ops.push(WriteOp::create(guard_item(
        plate_guard_key(&car.license_plate),
        &car.id,
    )));
    let vin_guard = car.vin.as_ref().map(|vin| {
        ops.push(WriteOp::create(guard_item(vin_guard_key(vin), &car.id)));
        ops.len() - 1
    });
    let customer = ops.len();
    ops.push(ledger::car_added_op(&car.customer_id));
    ops.extend(search::create_ops(car));
    ops.extend(customers::search::plate_ops(
        &car.customer_id,
        &car.id,
        None,
        Some(&car.license_plate),
    ));
    let reading = Reading {
        mileage: car.initial_mileage,
        recorded_at: car.created_at,
        source: ReadingSource::Initial,
        reported_by: Some(reporter.to_string()),
    };
    ops.push(reading_op(&car.id, &reading)?);
    ops.push(due_entry_op(&car.id, car.next_service_date));
    Ok((
        ops,
        Positions {
            plate_guard,
            vin_guard,
            customer,
        },
    ))
}

/// Registers a car. Under an idempotency key, a repeated request gets the
/// first answer back.
pub async fn create(
    ports: &Ports,
    new: NewCar,
    idempotent: Option<&Idempotent>,
    reporter: &str,
) -> Result<Created<Car>, CustomerError> {
    let table = ports.table.as_ref();
    if let Some(idempotent) = idempotent
        && let Some(recorded) = idempotent.recorded(table).await?
    {
        return Ok(Created::Replayed(recorded));
    }
    check(&new, ports)?;
    let car = car_of(&new, ports);
    let record = match idempotent {
        Some(idempotent) => {
            let body = serde_json::to_value(&car).map_err(ItemError::from)?;
            Some(idempotent.record_op(Answer::Created, &body, ports.clock.now()))
        }
        None => None,
    };
    let (ops, at) = create_ops(&car, record, reporter)?;
    match table.transact(ops).await {
        Ok(()) => {
            tracing::info!(car_id = %car.id, customer_id = %car.customer_id, "car created");
            Ok(Created::New(car))
        }
        Err(error) => match (idempotent, error) {
            (Some(idempotent), StoreError::ConditionFailed { index: 0 }) => {
                Ok(Created::Replayed(idempotent.after_race(table).await?))
            }
            (_, StoreError::ConditionFailed { index }) if index == at.plate_guard => {
                Err(CustomerError::Taken("license_plate"))
            }
            (_, StoreError::ConditionFailed { index }) if Some(index) == at.vin_guard => {
                Err(CustomerError::Taken("vin"))
            }
            (_, StoreError::ConditionFailed { index }) if index == at.customer => {
                Err(CustomerError::invalid("customer_id", "no such customer"))
            }
            (_, other) => Err(CustomerError::Store(other)),
        },
    }
}
