//! Staff messages: a `general` notification to one customer or to all.
//!
//! Both go through the outbox, like every other notification: to one
//! customer, a `general_message` event (with the customer's phone number when
//! texted); to all, the first page of a broadcast (see [`super::broadcast`]).
//! The dispatcher does the rest, so the request answers at once whatever the
//! number of customers.

use crate::idempotency::Answer;
use chrono::{DateTime, Utc};
use serde::Serialize;

use super::{NotificationError, broadcast::BroadcastPage};
use crate::{
    customers::{self, CustomerError},
    events::{Channel, Event, EventType, event_op},
    idempotency::{Idempotent, Recorded},
    store::{ItemError, StoreError, Table, WriteOp},
    values::{CustomerId, MessageText, NotificationTitle},
};

/// Who a staff message goes to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Audience {
    /// One customer.
    Customer(CustomerId),
    /// Every customer.
    Everyone,
}

/// A message staff send.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StaffMessage {
    /// Its title.
    pub title: NotificationTitle,
    /// Its text.
    pub message: MessageText,
    /// Who it goes to.
    pub audience: Audience,
    /// Whether it is pushed to the customers' phones.
    pub push: bool,
    /// Whether it is texted (one customer only).
    pub sms: bool,
}

/// A message accepted for delivery.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QueuedMessage {
    /// The id of the customer's notification (to one customer), or of the broadcast.
    pub id: String,
    /// `customer` or `all`.
    pub audience: &'static str,
    /// The customer, when to one.
    pub customer_id: Option<CustomerId>,
    /// Its title.
    pub title: String,
    /// Its text.
    pub message: String,
    /// How it reaches the customers.
    pub channels: Vec<Channel>,
    /// When it was sent.
    pub created_at: DateTime<Utc>,
}

/// What [`send`] did.
#[derive(Clone, Debug, PartialEq)]
pub enum Sent {
    /// Put in the outbox now.
    New(QueuedMessage),
    /// The answer first given to the same request under the same idempotency key.
    Replayed(Recorded),
}

/// Puts a staff message in the outbox (once per idempotency key).
pub async fn send(
    table: &dyn Table,
    message: StaffMessage,
    idempotent: Option<&Idempotent>,
    now: DateTime<Utc>,
) -> Result<Sent, NotificationError> {
    if let Some(idempotent) = idempotent
        && let Some(first) = idempotent.recorded(table).await?
    {
        return Ok(Sent::Replayed(first));
    }
    let (write, queued) = outbox_write(table, message, now).await?;
    let mut ops = vec![write];
    if let Some(idempotent) = idempotent {
        let body = serde_json::to_value(&queued).map_err(ItemError::from)?;
        ops.push(idempotent.record_op(Answer::Accepted, &body, now));
    }
    match table.transact(ops).await {
        Ok(()) => Ok(Sent::New(queued)),
        Err(StoreError::ConditionFailed { index: 1 }) => match idempotent {
            Some(idempotent) => Ok(Sent::Replayed(idempotent.after_race(table).await?)),
            None => Err(StoreError::ConditionFailed { index: 1 }.into()),
        },
        Err(error) => Err(error.into()),
    }
}

/// The outbox write of a message, and the answer describing it.
async fn outbox_write(
    table: &dyn Table,
    message: StaffMessage,
    now: DateTime<Utc>,
) -> Result<(WriteOp, QueuedMessage), NotificationError> {
    let title = String::from(message.title);
    let text = String::from(message.message);
    match message.audience {
        Audience::Customer(customer_id) => {
            let customer = customers::get(table, &customer_id)
                .await
                .map_err(customer_error)?
                .ok_or_else(|| NotificationError::Invalid {
                    field: "customer_id",
                    message: "no such customer".into(),
                })?;
            let mut event = Event::new(
                EventType::GeneralMessage,
                customer_id.clone(),
                title.clone(),
                text.clone(),
                now,
            );
            if message.sms {
                event = event.with_sms(customer.phone);
            }
            if !message.push {
                event.channels.retain(|channel| *channel != Channel::Push);
            }
            let queued = QueuedMessage {
                id: event.event_id.clone(),
                audience: "customer",
                customer_id: Some(customer_id),
                title,
                message: text,
                channels: event.channels.clone(),
                created_at: now,
            };
            Ok((event_op(&event)?, queued))
        }
        Audience::Everyone => {
            if message.sms || !message.push {
                return Err(NotificationError::Invalid {
                    field: "channels",
                    message: "a message to all customers is pushed, never texted".into(),
                });
            }
            let page = BroadcastPage::first(title.clone(), text.clone(), now);
            let queued = QueuedMessage {
                id: page.broadcast_id.clone(),
                audience: "all",
                customer_id: None,
                title,
                message: text,
                channels: vec![Channel::Push],
                created_at: now,
            };
            Ok((page.create_op()?, queued))
        }
    }
}

fn customer_error(error: CustomerError) -> NotificationError {
    match error {
        CustomerError::Store(error) => error.into(),
        CustomerError::Item(error) => error.into(),
        other => StoreError::Internal(other.to_string()).into(),
    }
}
