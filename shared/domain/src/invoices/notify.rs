//! What the customer hears about their invoices: an outbox event (see
//! [`crate::events`]) when one is issued and when it is paid, written in the
//! transaction of that change, and staff's own messages (`send_notification`).

use chrono::{DateTime, Utc};

use super::{Action, Invoice, InvoiceError, status};
use crate::{
    customers,
    events::{Channel, Event, EventType, RelatedKind, event_op},
    ports::Ports,
    services::notify::NotificationReport,
    values::{InvoiceId, MessageText},
};

fn number_of(invoice: &Invoice) -> String {
    invoice
        .invoice_number
        .as_ref()
        .map_or_else(|| invoice.id.to_string(), ToString::to_string)
}

/// The event of `invoice` being issued.
pub fn issued_event(invoice: &Invoice, currency: &str, now: DateTime<Utc>) -> Event {
    Event::new(
        EventType::InvoiceIssued,
        invoice.customer_id.clone(),
        "Invoice issued",
        format!(
            "Invoice {} of {} {currency} is due on {}.",
            number_of(invoice),
            invoice.total,
            invoice.due_date
        ),
        now,
    )
    .about(RelatedKind::Invoice, invoice.id.as_str())
}

/// The event of `invoice` being paid.
pub fn paid_event(invoice: &Invoice, currency: &str, now: DateTime<Utc>) -> Event {
    Event::new(
        EventType::InvoicePaid,
        invoice.customer_id.clone(),
        "Invoice paid",
        format!(
            "Thank you: invoice {} of {} {currency} is paid.",
            number_of(invoice),
            invoice.total
        ),
        now,
    )
    .about(RelatedKind::Invoice, invoice.id.as_str())
}

/// Sends a message about invoice `id` to its customer on `channels`, as
/// for services (see [`crate::services::notify`]): `sms` is texted now (when
/// text messages are enabled), `push` is an outbox event the dispatcher
/// delivers once. The SMS goes first: when it fails, nothing is queued.
pub async fn send(
    ports: &Ports,
    id: &InvoiceId,
    message: Option<&MessageText>,
    channels: &[Channel],
) -> Result<NotificationReport, InvoiceError> {
    if channels.is_empty() {
        return Err(InvoiceError::invalid(
            "channels",
            "must name at least one channel",
        ));
    }
    let wants_sms = channels.contains(&Channel::Sms);
    if wants_sms && !ports.config.sms_enabled {
        return Err(InvoiceError::invalid(
            "channels",
            "text messages are disabled",
        ));
    }
    let table = ports.table.as_ref();
    let invoice = super::get(table, id).await?.ok_or(InvoiceError::NotFound)?;
    status::apply(invoice.status, Action::Notify)?;
    let text = match message {
        Some(message) => message.to_string(),
        None => format!(
            "Reminder: invoice {} of {} {} is due on {}.",
            number_of(&invoice),
            invoice.total,
            ports.config.currency,
            invoice.due_date
        ),
    };
    let mut report = NotificationReport::default();
    if wants_sms {
        let customer = customers::get(table, &invoice.customer_id)
            .await?
            .ok_or_else(|| {
                InvoiceError::Refused("The invoice's customer no longer exists.".into())
            })?;
        let message_id = ports
            .notifier
            .send_sms(customer.phone.as_str(), &text)
            .await?;
        tracing::info!(invoice_id = %id, %message_id, "invoice message texted");
        report.sms_message_id = Some(message_id);
    }
    if channels.contains(&Channel::Push) {
        let event = Event::new(
            EventType::GeneralMessage,
            invoice.customer_id.clone(),
            format!("About your invoice {}", number_of(&invoice)),
            text,
            ports.clock.now(),
        )
        .about(RelatedKind::Invoice, invoice.id.as_str());
        table.write(event_op(&event)?).await?;
        tracing::info!(invoice_id = %id, event_id = %event.event_id, "invoice message queued for push");
        report.push_event_id = Some(event.event_id);
    }
    Ok(report)
}
