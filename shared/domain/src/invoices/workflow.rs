//! The workflow routes: issue, mark as paid, cancel and refund. Each checks
//! the move with [`super::status::apply`], so an invalid one is refused
//! before anything is written, and writes in one transaction everything the
//! move changes: the invoice, its service's link, its customer's
//! aggregates, the counters, and the outbox event the customer hears of.

use chrono::{DateTime, Datelike, Duration, Utc};

use super::{
    Action, Invoice, InvoiceError, PaymentMethod,
    commit::{OnFailure, Outcome, Plan, Writer},
    notify, numbering, status, totals,
};
use crate::{
    audit::{AuditAction, AuditActor, AuditRecord, Changes},
    cars,
    customers::ledger,
    events::event_op,
    ports::Ports,
    services::{self, Service, invoice::link_op},
    values::{InvoiceId, InvoiceStatus, Money, RefundReason},
};

/// How far ahead of the server's clock a payment time may be (clock skew).
const PAID_AT_SKEW: Duration = Duration::minutes(5);

fn customer_gone() -> OnFailure {
    OnFailure::Refuse("The invoice's customer no longer exists.".into())
}

fn car_gone() -> OnFailure {
    OnFailure::Refuse("The invoice's car no longer exists.".into())
}

/// The invoice's total in minor units.
fn total_minor(ports: &Ports, invoice: &Invoice) -> Result<i64, InvoiceError> {
    invoice
        .total
        .to_minor(ports.config.currency_decimals)
        .ok_or_else(|| InvoiceError::Corrupt("invoice total".into()))
}

/// The invoice's service, which must still be linked to it.
async fn linked_service(ports: &Ports, invoice: &Invoice) -> Result<Service, InvoiceError> {
    let service = services::get(ports.table.as_ref(), &invoice.service_id)
        .await?
        .ok_or_else(|| InvoiceError::Refused("The invoice's service no longer exists.".into()))?;
    if service.invoice_id.as_deref() != Some(invoice.id.as_str()) {
        return Err(InvoiceError::Refused(
            "The invoice's service is linked to another invoice.".into(),
        ));
    }
    Ok(service)
}

/// `plan` plus the audit record of `action`, which took the invoice from
/// `before` to `after` (its lines are left out: the totals say what changed).
fn audited(
    plan: Plan,
    ports: &Ports,
    actor: &AuditActor,
    action: AuditAction,
    (before, after): (&Invoice, &Invoice),
    now: DateTime<Utc>,
) -> Result<Plan, InvoiceError> {
    let changes = Changes::between(before, after, &["lines"])?;
    let mut record = AuditRecord::new(actor.clone(), action, after.id.as_str(), changes, now);
    if let Some(number) = &after.invoice_number {
        record = record.labelled(number.to_string());
    }
    Ok(plan.with(record.op(&ports.config)?, OnFailure::Retry))
}

/// `plan` plus the write recording the invoice's new status on its service.
fn with_service_link(
    plan: Plan,
    service: &Service,
    after: &Invoice,
    now: DateTime<Utc>,
) -> Result<Plan, InvoiceError> {
    let link = link_op(service, after.id.as_str(), after.status, now)?;
    Ok(plan.with(link, OnFailure::Retry))
}

/// `draft → pending`: copies the service's items as lines, fixes the totals
/// with the configured tax and fees, and gives the next number of the year.
pub async fn issue(
    ports: &Ports,
    actor: &AuditActor,
    id: &InvoiceId,
    expected_version: Option<u64>,
) -> Result<Invoice, InvoiceError> {
    let table = ports.table.as_ref();
    let mut writer = Writer::new(ports, id, expected_version);
    loop {
        let before = writer.read().await?;
        status::apply(before.status, Action::Issue)?;
        let service = linked_service(ports, &before).await?;
        if service.status == services::Status::Cancelled {
            return Err(InvoiceError::Refused("The service is cancelled.".into()));
        }
        if service.items.is_empty() {
            return Err(InvoiceError::Refused(
                "The service has no items to invoice.".into(),
            ));
        }
        let now = ports.clock.now();
        let today = now.with_timezone(&ports.config.time_zone).date_naive();
        if before.due_date < today {
            return Err(InvoiceError::Refused(
                "The due date has passed; change it before issuing.".into(),
            ));
        }
        let last = numbering::last_given(table, today.year()).await?;
        let (number, number_ops) = numbering::next_number_ops(today.year(), last, id);
        let mut after = before.clone();
        after.status = InvoiceStatus::Pending;
        after.invoice_number = Some(number);
        after.issued_date = Some(today);
        after.lines = service.items.clone();
        totals::with_config(&ports.config, &after.lines, before.discount)?.apply_to(&mut after);
        let event = notify::issued_event(&after, &ports.config.currency, now);
        let ledger_ops = ledger::invoice_issued_ops(
            &after.customer_id,
            id.as_str(),
            total_minor(ports, &after)?,
        );
        let plan = Plan::to(after.clone())
            .with_all(number_ops, &OnFailure::Retry)
            .with_all(ledger_ops, &customer_gone())
            .with(event_op(&event)?, OnFailure::Retry);
        let plan = with_service_link(plan, &service, &after, now)?;
        let plan = audited(
            plan,
            ports,
            actor,
            AuditAction::InvoiceIssued,
            (&before, &after),
            now,
        )?;
        if let Outcome::Done(Some(after)) = writer.commit(&before, plan).await? {
            tracing::info!(invoice_id = %id, number = %number_of(&after), "invoice issued");
            return Ok(*after);
        }
    }
}

fn number_of(invoice: &Invoice) -> String {
    invoice
        .invoice_number
        .as_ref()
        .map(ToString::to_string)
        .unwrap_or_default()
}

/// How an invoice was paid.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Payment {
    /// Cash, card...
    pub method: PaymentMethod,
    /// When; now when not given.
    pub paid_at: Option<DateTime<Utc>>,
}

/// `pending → paid`.
pub async fn mark_as_paid(
    ports: &Ports,
    actor: &AuditActor,
    id: &InvoiceId,
    payment: &Payment,
    expected_version: Option<u64>,
) -> Result<Invoice, InvoiceError> {
    let mut writer = Writer::new(ports, id, expected_version);
    loop {
        let before = writer.read().await?;
        status::apply(before.status, Action::MarkPaid)?;
        let service = linked_service(ports, &before).await?;
        let now = ports.clock.now();
        let paid_at = payment.paid_at.unwrap_or(now);
        if paid_at > now + PAID_AT_SKEW {
            return Err(InvoiceError::invalid(
                "paid_at",
                "must not be in the future",
            ));
        }
        let mut after = before.clone();
        after.status = InvoiceStatus::Paid;
        after.paid_at = Some(paid_at);
        after.payment_method = Some(payment.method);
        let event = notify::paid_event(&after, &ports.config.currency, now);
        let total = total_minor(ports, &after)?;
        let ledger_ops = ledger::invoice_paid_ops(&after.customer_id, id.as_str(), total);
        let plan = Plan::to(after.clone())
            .with_all(ledger_ops, &customer_gone())
            .with(cars::spent_op(&after.car_id, total), car_gone())
            .with(event_op(&event)?, OnFailure::Retry);
        let plan = with_service_link(plan, &service, &after, now)?;
        let plan = audited(
            plan,
            ports,
            actor,
            AuditAction::InvoicePaid,
            (&before, &after),
            now,
        )?;
        if let Outcome::Done(Some(after)) = writer.commit(&before, plan).await? {
            tracing::info!(invoice_id = %id, "invoice paid");
            return Ok(*after);
        }
    }
}

/// `draft | pending → cancelled`; a cancelled invoice keeps its number, and
/// its service may be invoiced again.
pub async fn cancel(
    ports: &Ports,
    actor: &AuditActor,
    id: &InvoiceId,
    expected_version: Option<u64>,
) -> Result<Invoice, InvoiceError> {
    let mut writer = Writer::new(ports, id, expected_version);
    loop {
        let before = writer.read().await?;
        status::apply(before.status, Action::Cancel)?;
        let service = linked_service(ports, &before).await?;
        let now = ports.clock.now();
        let mut after = before.clone();
        after.status = InvoiceStatus::Cancelled;
        after.cancelled_at = Some(now);
        let mut plan = Plan::to(after.clone());
        if before.status == InvoiceStatus::Pending {
            let ledger_ops = ledger::invoice_cancelled_ops(
                &after.customer_id,
                id.as_str(),
                total_minor(ports, &before)?,
            );
            plan = plan.with_all(ledger_ops, &customer_gone());
        }
        let plan = with_service_link(plan, &service, &after, now)?;
        let plan = audited(
            plan,
            ports,
            actor,
            AuditAction::InvoiceCancelled,
            (&before, &after),
            now,
        )?;
        if let Outcome::Done(Some(after)) = writer.commit(&before, plan).await? {
            tracing::info!(invoice_id = %id, "invoice cancelled");
            return Ok(*after);
        }
    }
}

/// A refund: how much (more than zero, at most the total) and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refund {
    /// The amount given back.
    pub amount: Money,
    /// Why.
    pub reason: RefundReason,
}

/// Checks a refund amount against an invoice's total.
pub fn check_refund(amount: Money, total: Money, decimals: u32) -> Result<Money, InvoiceError> {
    let invalid = |message: String| InvoiceError::invalid("amount", message);
    let amount = amount
        .in_currency(decimals)
        .map_err(|e| invalid(e.to_string()))?;
    if amount.is_negative() || amount.value().is_zero() {
        return Err(invalid("must be greater than 0".into()));
    }
    if amount > total {
        return Err(invalid(format!(
            "must not exceed the invoice's total ({total})"
        )));
    }
    Ok(amount)
}

/// `paid → refunded`.
pub async fn refund(
    ports: &Ports,
    actor: &AuditActor,
    id: &InvoiceId,
    refund: &Refund,
    expected_version: Option<u64>,
) -> Result<Invoice, InvoiceError> {
    let decimals = ports.config.currency_decimals;
    let mut writer = Writer::new(ports, id, expected_version);
    loop {
        let before = writer.read().await?;
        status::apply(before.status, Action::Refund)?;
        let amount = check_refund(refund.amount, before.total, decimals)?;
        let service = linked_service(ports, &before).await?;
        let now = ports.clock.now();
        let mut after = before.clone();
        after.status = InvoiceStatus::Refunded;
        after.refund_amount = Some(amount);
        after.refund_reason = Some(refund.reason.clone());
        after.refunded_at = Some(now);
        let refunded = amount
            .to_minor(decimals)
            .ok_or_else(|| InvoiceError::invalid("amount", "out of range"))?;
        let plan = Plan::to(after.clone())
            .with(
                ledger::invoice_refunded_op(&after.customer_id, refunded),
                customer_gone(),
            )
            .with(cars::spent_op(&after.car_id, -refunded), car_gone());
        let plan = with_service_link(plan, &service, &after, now)?;
        let plan = audited(
            plan,
            ports,
            actor,
            AuditAction::InvoiceRefunded,
            (&before, &after),
            now,
        )?;
        if let Outcome::Done(Some(after)) = writer.commit(&before, plan).await? {
            tracing::info!(invoice_id = %id, "invoice refunded");
            return Ok(*after);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refunds_are_positive_and_at_most_the_total() {
        let total = Money::from_minor(191_400, 3);
        let money = |minor| Money::from_minor(minor, 3);
        assert_eq!(check_refund(money(191_400), total, 3).unwrap(), total);
        assert_eq!(check_refund(money(1), total, 3).unwrap(), money(1));
        for bad in [0, -1, 191_401] {
            assert!(check_refund(money(bad), total, 3).is_err(), "{bad}");
        }
        let too_precise = Money::from_minor(12_345, 4);
        assert!(check_refund(too_precise, total, 3).is_err());
    }
}
