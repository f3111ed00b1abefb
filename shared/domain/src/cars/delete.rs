//! Deleting a car: refused while it has services (they and their invoices
//! refer to it); otherwise the car, its guards, its index items, its plate
//! in its customer's index, the customer's count and the audit record go in
//! one transaction, then its mileage readings.

use super::{
    car_key, get_with_aggregates, mileage::readings_query, plate_guard_key, search, vin_guard_key,
};
use crate::{
    audit::{AuditAction, AuditActor, AuditRecord, Changes},
    cars::due::due_entry_op,
    customers::{self, CustomerError, ledger},
    ports::Ports,
    store::{Condition, Key, StoreError, Value, WriteOp},
    values::CarId,
};

/// Readings deleted per transaction after the car is gone.
const READINGS_PER_BATCH: usize = 25;
/// Attribute the services work keeps on the car.
const SERVICE_COUNT: &str = "service_count";

/// Deletes car `id`, if `expected_version` (when given) is current.
pub async fn delete(
    ports: &Ports,
    actor: &AuditActor,
    id: &CarId,
    expected_version: Option<u64>,
) -> Result<(), CustomerError> {
    let table = ports.table.as_ref();
    let (car, aggregates) = get_with_aggregates(table, id)
        .await?
        .ok_or(CustomerError::NotFound)?;
    if expected_version.is_some_and(|version| version != car.version) {
        return Err(CustomerError::StaleVersion);
    }
    if aggregates.service_count > 0 {
        return Err(CustomerError::Refused(format!(
            "The car has {} service(s) on record; it cannot be deleted.",
            aggregates.service_count
        )));
    }
    let owned = |key: Key| WriteOp::Delete {
        key,
        condition: Some(Condition::Equals("car_id".into(), Value::s(id.as_str()))),
    };
    let mut ops = vec![WriteOp::Delete {
        key: car_key(id.as_str()),
        condition: Some(Condition::And(vec![
            Condition::Equals("version".into(), Value::n(car.version)),
            ledger::is_zero(SERVICE_COUNT),
        ])),
    }];
    ops.push(owned(plate_guard_key(&car.license_plate)));
    if let Some(vin) = &car.vin {
        ops.push(owned(vin_guard_key(vin)));
    }
    ops.push(ledger::car_removed_op(&car.customer_id));
    ops.extend(search::delete_ops(&car));
    ops.push(due_entry_op(id, None));
    let record = AuditRecord::new(
        actor.clone(),
        AuditAction::CarDeleted,
        id.as_str(),
        Changes::deleted(&car, &["id"])?,
        ports.clock.now(),
    )
    .labelled(car.license_plate.to_string());
    ops.push(record.op(&ports.config)?);
    ops.extend(customers::search::plate_ops(
        &car.customer_id,
        id,
        Some(&car.license_plate),
        None,
    ));
    table.transact(ops).await.map_err(|error| match error {
        StoreError::ConditionFailed { .. } => CustomerError::StaleVersion,
        other => CustomerError::Store(other),
    })?;
    tracing::info!(car_id = %id, "car deleted");
    // The readings belong to nothing now and nothing lists them; if this
    // stops halfway, the rest stay unseen until a sweep, never half a car.
    let query = readings_query(id).limit(READINGS_PER_BATCH);
    loop {
        let page = table.query(&query).await?;
        let deletes: Vec<WriteOp> = page
            .items
            .iter()
            .filter_map(Key::of)
            .map(|key| WriteOp::Delete {
                key,
                condition: None,
            })
            .collect();
        if deletes.is_empty() {
            return Ok(());
        }
        table.transact(deletes).await?;
    }
}
