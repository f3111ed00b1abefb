//! Changing and deleting drafts (`PUT`/`PATCH`/`DELETE /api/invoices/{id}`).
//! Only a draft changes this way; its lines are refreshed from its service on
//! every change, so the draft shows what issuing it would fix.

use chrono::NaiveDate;

use super::{
    Action, Invoice, InvoiceError,
    commit::{OnFailure, Outcome, Plan, Writer},
    create::check_due_date,
    status, totals,
};
use crate::{
    ports::Ports,
    services::{self, invoice::unlink_op},
    values::{InvoiceId, Money, Notes},
};

/// Changes to a draft; `None` leaves a field as it is.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DraftChanges {
    /// New due date.
    pub due_date: Option<NaiveDate>,
    /// New notes.
    pub notes: Option<Notes>,
    /// New discount.
    pub discount: Option<Money>,
}

/// `invoice` with `changes` and the service's current `lines`, totals recomputed.
fn changed(
    ports: &Ports,
    invoice: &Invoice,
    changes: &DraftChanges,
    lines: Vec<services::ServiceItem>,
) -> Result<Invoice, InvoiceError> {
    let mut after = invoice.clone();
    if let Some(due_date) = changes.due_date {
        after.due_date = check_due_date(due_date)?;
    }
    if let Some(notes) = &changes.notes {
        after.notes = notes.clone();
    }
    after.lines = lines;
    let discount = changes.discount.unwrap_or(invoice.discount);
    totals::with_config(&ports.config, &after.lines, discount)?.apply_to(&mut after);
    Ok(after)
}

/// Applies `changes` to draft `id`, if `expected_version` (when given) is current.
pub async fn update(
    ports: &Ports,
    id: &InvoiceId,
    changes: &DraftChanges,
    expected_version: Option<u64>,
) -> Result<Invoice, InvoiceError> {
    let mut writer = Writer::new(ports, id, expected_version);
    loop {
        let before = writer.read().await?;
        status::apply(before.status, Action::Edit)?;
        let lines = match services::get(ports.table.as_ref(), &before.service_id).await? {
            Some(service) => service.items,
            None => before.lines.clone(),
        };
        let after = changed(ports, &before, changes, lines)?;
        if let Outcome::Done(Some(after)) = writer.commit(&before, Plan::to(after)).await? {
            tracing::info!(invoice_id = %id, version = after.version, "draft invoice changed");
            return Ok(*after);
        }
    }
}

/// Deletes draft `id` and frees its service, if `expected_version` (when given) is current.
pub async fn delete(
    ports: &Ports,
    id: &InvoiceId,
    expected_version: Option<u64>,
) -> Result<(), InvoiceError> {
    let mut writer = Writer::new(ports, id, expected_version);
    loop {
        let before = writer.read().await?;
        status::apply(before.status, Action::Delete)?;
        let mut plan = Plan::default();
        if let Some(service) = services::get(ports.table.as_ref(), &before.service_id).await?
            && service.invoice_id.as_deref() == Some(before.id.as_str())
        {
            plan = plan.with(unlink_op(&service, ports.clock.now())?, OnFailure::Retry);
        }
        if let Outcome::Done(_) = writer.commit(&before, plan).await? {
            tracing::info!(invoice_id = %id, "draft invoice deleted");
            return Ok(());
        }
    }
}
