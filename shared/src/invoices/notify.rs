//! What the customer hears about their invoices, through the outbox (see
//! [`crate::events`]): an event when one is issued and when it is paid,
//! written in the transaction of that change, and staff's own messages
//! (`send_notification`), which the dispatcher delivers the same way, once.

use chrono::{DateTime, Utc};

use super::{Action, Invoice, InvoiceError, status};
use crate::{
    customers,
    domain::InvoiceId,
    events::{Channel, Event, EventType, RelatedKind, event_op},
    notify::MAX_SMS_LEN,
    state::AppState,
};

/// Longest message staff may send.
pub const MAX_MESSAGE_CHARS: usize = 1000;

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

/// A message staff send about an invoice.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StaffMessage {
    /// The text; `None` sends a reminder of the invoice's amount and due date.
    pub message: Option<String>,
    /// How the customer is reached (not empty).
    pub channels: Vec<Channel>,
}

/// Checks a message's text: 1 to [`MAX_MESSAGE_CHARS`] characters, no
/// control characters other than line breaks.
pub fn check_message(text: &str) -> Result<String, InvoiceError> {
    let text = text.trim();
    let invalid = |why: String| InvoiceError::invalid("message", why);
    if text.is_empty() {
        return Err(invalid("must not be blank".into()));
    }
    if text.chars().count() > MAX_MESSAGE_CHARS || text.len() > MAX_SMS_LEN {
        return Err(invalid(format!(
            "must be at most {MAX_MESSAGE_CHARS} characters"
        )));
    }
    if text.chars().any(|c| c.is_control() && c != '\n') {
        return Err(invalid("must not contain control characters".into()));
    }
    Ok(text.to_string())
}

/// Queues `message` about invoice `id` for its customer; returns the event.
pub async fn send(
    state: &AppState,
    id: &InvoiceId,
    message: StaffMessage,
) -> Result<Event, InvoiceError> {
    let table = state.table.as_ref();
    let invoice = super::get(table, id).await?.ok_or(InvoiceError::NotFound)?;
    status::apply(invoice.status, Action::Notify)?;
    if message.channels.is_empty() {
        return Err(InvoiceError::invalid(
            "channels",
            "name at least one channel",
        ));
    }
    let wants_sms = message.channels.contains(&Channel::Sms);
    if wants_sms && !state.config.sms_enabled {
        return Err(InvoiceError::invalid(
            "channels",
            "text messages are disabled",
        ));
    }
    let text = match message.message {
        Some(text) => check_message(&text)?,
        None => format!(
            "Reminder: invoice {} of {} {} is due on {}.",
            number_of(&invoice),
            invoice.total,
            state.config.currency,
            invoice.due_date
        ),
    };
    let now = state.clock.now();
    let mut event = Event::new(
        EventType::GeneralMessage,
        invoice.customer_id.clone(),
        format!("Invoice {}", number_of(&invoice)),
        text,
        now,
    )
    .about(RelatedKind::Invoice, invoice.id.as_str());
    event.channels = message
        .channels
        .iter()
        .copied()
        .filter(|channel| *channel != Channel::Sms)
        .collect();
    if wants_sms {
        let customer = customers::get(table, &invoice.customer_id)
            .await?
            .ok_or_else(|| {
                InvoiceError::Refused("The invoice's customer no longer exists.".into())
            })?;
        event = event.with_sms(customer.phone);
    }
    table.write(event_op(&event)?).await?;
    tracing::info!(invoice_id = %id, event_id = %event.event_id, "invoice notification queued");
    Ok(event)
}
