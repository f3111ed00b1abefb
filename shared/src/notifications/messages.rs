//! Staff messages: a `general` notification to one customer or to all.
//!
//! Both go through the outbox, like every other notification: to one
//! customer, a `general_message` event (with the customer's phone number when
//! texted); to all, the first page of a broadcast (see [`super::broadcast`]).
//! The dispatcher does the rest, so the request answers at once whatever the
//! number of customers.

use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use super::{NotificationError, broadcast::BroadcastPage};
use crate::{
    customers::{self, CustomerError},
    domain::{CustomerId, NotificationMessage, NotificationTitle},
    events::{Channel, Event, EventType, event_op},
    store::{StoreError, Table},
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
    pub message: NotificationMessage,
    /// Who it goes to.
    pub audience: Audience,
    /// Whether it is also texted (one customer only).
    pub sms: bool,
}

/// A message accepted for delivery.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, ToSchema)]
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
    /// How it reaches the customers (`push`, `sms`).
    #[schema(value_type = Vec<String>, example = json!(["push"]))]
    pub channels: Vec<Channel>,
    /// When it was sent.
    pub created_at: DateTime<Utc>,
}

/// Puts a staff message in the outbox.
pub async fn send(
    table: &dyn Table,
    message: StaffMessage,
    now: DateTime<Utc>,
) -> Result<QueuedMessage, NotificationError> {
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
            table.write(event_op(&event)?).await?;
            Ok(QueuedMessage {
                id: event.event_id,
                audience: "customer",
                customer_id: Some(customer_id),
                title,
                message: text,
                channels: event.channels,
                created_at: now,
            })
        }
        Audience::Everyone => {
            if message.sms {
                return Err(NotificationError::Invalid {
                    field: "channels",
                    message: "text messages go to one customer at a time".into(),
                });
            }
            let page = BroadcastPage::first(title.clone(), text.clone(), now);
            table.write(page.create_op()?).await?;
            Ok(QueuedMessage {
                id: page.broadcast_id,
                audience: "all",
                customer_id: None,
                title,
                message: text,
                channels: vec![Channel::Push],
                created_at: now,
            })
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
