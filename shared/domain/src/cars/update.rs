//! Changing a car: optimistic on its version; guards, index items, its
//! plate in its customer's index and the customers' car counts follow in
//! the same transaction.

use super::{Car, FuelType, check_year, get, guard_item, plate_guard_key, search, vin_guard_key};
use crate::{
    cars::due::due_entry_op,
    customers::{self, CustomerError, ledger},
    ports::Ports,
    store::{Condition, StoreError, Value, WriteOp},
    values::{CarId, CarMake, CarModel, CustomerId, LicensePlate, Vin},
};

/// Changes to a car; `None` leaves a field as it is.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CarChanges {
    /// A new owner.
    pub customer_id: Option<CustomerId>,
    /// Manufacturer.
    pub make: Option<CarMake>,
    /// Model.
    pub model: Option<CarModel>,
    /// Model year.
    pub year: Option<u16>,
    /// Plate.
    pub license_plate: Option<LicensePlate>,
    /// VIN (`Some(None)` removes it).
    pub vin: Option<Option<Vin>>,
    /// Fuel.
    pub fuel_type: Option<FuelType>,
}

impl CarChanges {
    fn apply(&self, car: &Car) -> Car {
        let mut changed = car.clone();
        if let Some(customer_id) = &self.customer_id {
            changed.customer_id = customer_id.clone();
        }
        if let Some(make) = &self.make {
            changed.make = make.clone();
        }
        if let Some(model) = &self.model {
            changed.model = model.clone();
        }
        if let Some(year) = self.year {
            changed.year = year;
        }
        if let Some(plate) = &self.license_plate {
            changed.license_plate = plate.clone();
        }
        if let Some(vin) = &self.vin {
            changed.vin = vin.clone();
        }
        if let Some(fuel_type) = self.fuel_type {
            changed.fuel_type = fuel_type;
        }
        changed
    }
}

/// Where the actions that can fail for the client's reasons are.
#[derive(Default)]
struct Positions {
    plate_guard: Option<usize>,
    vin_guard: Option<usize>,
    new_owner: Option<usize>,
}

/// The guard moves of a unique value going from `old` to `new`.
fn guard_moves<T: PartialEq>(
    old: Option<&T>,
    new: Option<&T>,
    key_of: impl Fn(&T) -> crate::store::Key,
    car_id: &CarId,
    ops: &mut Vec<WriteOp>,
) -> Option<usize> {
    if old == new {
        return None;
    }
    if let Some(old) = old {
        ops.push(WriteOp::Delete {
            key: key_of(old),
            condition: Some(Condition::Equals(
                "car_id".into(),
                Value::s(car_id.as_str()),
            )),
        });
    }
    new.map(|new| {
        ops.push(WriteOp::create(guard_item(key_of(new), car_id)));
        ops.len() - 1
    })
}

/// Applies `changes` to car `id`, if `expected_version` (when given) is
/// current. A change that changes nothing writes nothing.
pub async fn update(
    ports: &Ports,
    id: &CarId,
    changes: &CarChanges,
    expected_version: Option<u64>,
) -> Result<Car, CustomerError> {
    let table = ports.table.as_ref();
    let current = get(table, id).await?.ok_or(CustomerError::NotFound)?;
    if expected_version.is_some_and(|version| version != current.version) {
        return Err(CustomerError::StaleVersion);
    }
    let mut updated = changes.apply(&current);
    if updated == current {
        return Ok(current);
    }
    let now = ports.clock.now();
    if updated.year != current.year {
        check_year(updated.year, now)?;
    }
    updated.refresh(&ports.config.service_intervals, ports.config.time_zone);
    updated.version = current.version + 1;
    updated.updated_at = now;

    let mut ops = vec![WriteOp::Update {
        key: updated.key(),
        changes: updated.set_all()?,
        condition: Some(Condition::Equals(
            "version".into(),
            Value::n(current.version),
        )),
    }];
    let mut at = Positions {
        plate_guard: guard_moves(
            Some(&current.license_plate),
            Some(&updated.license_plate),
            plate_guard_key,
            id,
            &mut ops,
        ),
        vin_guard: guard_moves(
            current.vin.as_ref(),
            updated.vin.as_ref(),
            vin_guard_key,
            id,
            &mut ops,
        ),
        ..Positions::default()
    };
    ops.extend(search::replace_ops(&current, &updated));
    let plate = |car: &Car| Some(car.license_plate.clone());
    if updated.customer_id == current.customer_id {
        ops.extend(customers::search::plate_ops(
            &updated.customer_id,
            id,
            plate(&current).as_ref(),
            plate(&updated).as_ref(),
        ));
    } else {
        ops.push(ledger::car_removed_op(&current.customer_id));
        at.new_owner = Some(ops.len());
        ops.push(ledger::car_added_op(&updated.customer_id));
        ops.extend(customers::search::plate_ops(
            &current.customer_id,
            id,
            plate(&current).as_ref(),
            None,
        ));
        ops.extend(customers::search::plate_ops(
            &updated.customer_id,
            id,
            None,
            plate(&updated).as_ref(),
        ));
    }
    ops.push(due_entry_op(id, updated.next_service_date));
    table.transact(ops).await.map_err(|error| match error {
        StoreError::ConditionFailed { index: 0 } => CustomerError::StaleVersion,
        StoreError::ConditionFailed { index } if Some(index) == at.plate_guard => {
            CustomerError::Taken("license_plate")
        }
        StoreError::ConditionFailed { index } if Some(index) == at.vin_guard => {
            CustomerError::Taken("vin")
        }
        StoreError::ConditionFailed { index } if Some(index) == at.new_owner => {
            CustomerError::invalid("customer_id", "no such customer")
        }
        other => CustomerError::Store(other),
    })?;
    tracing::info!(car_id = %updated.id, version = updated.version, "car changed");
    Ok(updated)
}
