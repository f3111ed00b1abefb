//! Deleting a customer: refused while they owe an invoice or still have
//! cars; otherwise the profile, its index items, its login (with the
//! login's guards) and the audit record go in one transaction, then the
//! login's sessions end.

use std::net::IpAddr;

use super::{CustomerError, customer_key, get_with_aggregates, ledger, search};
use crate::{
    audit::{AuditAction, AuditActor, AuditRecord, Changes},
    auth::{sessions, users},
    ports::Ports,
    store::{Condition, StoreError, Value, WriteOp},
    values::CustomerId,
};

/// Deletes customer `id`, if `expected_version` (when given) is current.
///
/// Cars are not deleted along: they carry the service history that issued
/// invoices refer to, so staff delete or move them first, deliberately.
pub async fn delete(
    ports: &Ports,
    id: &CustomerId,
    expected_version: Option<u64>,
    actor: &AuditActor,
    source_ip: Option<IpAddr>,
) -> Result<(), CustomerError> {
    let table = ports.table.as_ref();
    let (customer, aggregates) = get_with_aggregates(table, id)
        .await?
        .ok_or(CustomerError::NotFound)?;
    if expected_version.is_some_and(|version| version != customer.version) {
        return Err(CustomerError::StaleVersion);
    }
    if aggregates.unpaid_invoice_count > 0 {
        return Err(CustomerError::Refused(format!(
            "The customer has {} unpaid invoice(s); they cannot be deleted until those are paid or cancelled.",
            aggregates.unpaid_invoice_count
        )));
    }
    if aggregates.car_count > 0 {
        return Err(CustomerError::Refused(format!(
            "The customer still has {} car(s); delete them or move them to another customer first.",
            aggregates.car_count
        )));
    }
    if aggregates.pending_car_count > 0 {
        return Err(CustomerError::Refused(format!(
            "The customer added {} car(s) waiting for approval; approve or turn them down first.",
            aggregates.pending_car_count
        )));
    }
    let mut ops = vec![WriteOp::Delete {
        key: customer_key(id.as_str()),
        // An invoice or a car (even one waiting) added since the read must stop the delete.
        condition: Some(Condition::And(vec![
            Condition::Equals("version".into(), Value::n(customer.version)),
            ledger::is_zero(ledger::UNPAID_INVOICE_COUNT),
            ledger::is_zero(ledger::CAR_COUNT),
            ledger::is_zero(ledger::PENDING_CAR_COUNT),
        ])),
    }];
    ops.extend(search::delete_ops(&customer));
    let changes = Changes::deleted(&customer, &["id"])?;
    let record = AuditRecord::new(
        actor.clone(),
        AuditAction::CustomerDeleted,
        id.as_str(),
        changes,
        ports.clock.now(),
    )
    .labelled(format!("{} {}", customer.first_name, customer.last_name));
    ops.push(record.op(&ports.config)?);
    let login = users::get_user(table, &customer.user_id).await?;
    if let Some(user) = &login {
        ops.extend(users::delete_ops(user));
    }
    table.transact(ops).await.map_err(|error| match error {
        StoreError::ConditionFailed { .. } => CustomerError::StaleVersion,
        other => CustomerError::Store(other),
    })?;
    if let Some(user) = login {
        ports.session_cache.forget_user(&user.id);
        let now = ports.clock.now();
        sessions::revoke_all(table, &user.id, None, now, "customer_deleted", source_ip).await?;
    }
    tracing::info!(customer_id = %id, "customer deleted");
    Ok(())
}
