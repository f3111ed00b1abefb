//! Deleting a service: only while it is scheduled or cancelled, and never
//! once it has an invoice that is not cancelled. Its index items and its
//! share of the counters go in the same transaction.

use super::{
    Action, InvoiceStatus, ServiceError,
    commit::{OnFailure, Outcome, Plan, Writer},
    status,
};
use crate::{
    audit::{AuditAction, AuditActor, AuditRecord, Changes},
    ports::Ports,
    values::ServiceId,
};

/// Deletes service `id`, if `expected_version` (when given) is current.
pub async fn delete(
    ports: &Ports,
    actor: &AuditActor,
    id: &ServiceId,
    expected_version: Option<u64>,
) -> Result<(), ServiceError> {
    let mut writer = Writer::new(ports, id, expected_version);
    loop {
        let before = writer.read().await?;
        status::apply(before.status, Action::Delete)?;
        if before.invoice_id.is_some() && before.invoice_status != Some(InvoiceStatus::Cancelled) {
            return Err(ServiceError::Refused(
                "The service has an invoice; cancel the invoice first.".into(),
            ));
        }
        let changes = Changes::deleted(&before, &["id"])?;
        let record = AuditRecord::new(
            actor.clone(),
            AuditAction::ServiceDeleted,
            id.as_str(),
            changes,
            ports.clock.now(),
        )
        .labelled(before.title.to_string());
        let plan = Plan {
            after: None,
            ..Plan::default()
        }
        .with(record.op(&ports.config)?, OnFailure::Retry);
        if let Outcome::Done(_) = writer.commit(&before, plan).await? {
            tracing::info!(service_id = %id, "service deleted");
            return Ok(());
        }
    }
}
