//! The notification item: what a customer reads in the app, one per event.
//!
//! `pk = NOTIFICATION#<id>`, `sk = NOTIFICATION` (read by id), in three list
//! indexes sorted by id (ids are ULIDs, so by time):
//! - `gsi1pk = NOTIFICATIONS#CUSTOMER#<customer id>`: all of a customer's;
//! - `gsi2pk = NOTIFICATIONS#CUSTOMER#<customer id>#UNREAD`: the unread ones
//!   only (the attributes go when it is read);
//! - `gsi3pk = NOTIFICATIONS`: everybody's, for staff.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::{
    events::{Event, EventType, RelatedKind},
    store::{Item, ItemError, Key, Value, to_item},
    values::{CustomerId, InvalidValue, NotificationId},
};

/// Sort key of a notification item.
pub const NOTIFICATION_SK: &str = "NOTIFICATION";
/// The `entity` attribute of notification items.
pub const NOTIFICATION_ENTITY: &str = "notification";
/// GSI3 partition of every notification.
pub const ALL_NOTIFICATIONS: &str = "NOTIFICATIONS";

/// What a notification is about, as the app groups them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum NotificationType {
    /// A car is due for a service.
    ServiceReminder,
    /// A service changed (completed).
    ServiceUpdate,
    /// An invoice was issued or paid.
    Invoice,
    /// A message from the garage.
    General,
    /// An appointment was booked, confirmed, declined, changed, or is coming up.
    Appointment,
}

impl NotificationType {
    /// The name the API and the stored items use.
    pub fn as_str(self) -> &'static str {
        match self {
            NotificationType::ServiceReminder => "service_reminder",
            NotificationType::ServiceUpdate => "service_update",
            NotificationType::Invoice => "invoice",
            NotificationType::General => "general",
            NotificationType::Appointment => "appointment",
        }
    }
}

impl From<EventType> for NotificationType {
    fn from(event_type: EventType) -> Self {
        match event_type {
            EventType::ServiceDue => NotificationType::ServiceReminder,
            EventType::ServiceCompleted => NotificationType::ServiceUpdate,
            EventType::InvoiceIssued | EventType::InvoicePaid => NotificationType::Invoice,
            EventType::GeneralMessage | EventType::CarReviewed => NotificationType::General,
            EventType::AppointmentBooked
            | EventType::AppointmentConfirmed
            | EventType::AppointmentDeclined
            | EventType::AppointmentChanged
            | EventType::AppointmentReminder
            | EventType::RequestAnswered => NotificationType::Appointment,
        }
    }
}

/// The object a notification is about.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Related {
    /// Its kind.
    pub kind: RelatedKind,
    /// Its id.
    pub id: String,
}

/// A notification, as stored and as the API shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Notification {
    /// The id, the same as the event's that caused it.
    pub id: NotificationId,
    /// Whose it is.
    pub customer_id: CustomerId,
    /// Short title.
    pub title: String,
    /// Its text.
    pub message: String,
    /// What it is about.
    pub notification_type: NotificationType,
    /// Whether the customer has read it.
    pub is_read: bool,
    /// When the event happened.
    pub created_at: DateTime<Utc>,
    /// When the customer read it.
    pub read_at: Option<DateTime<Utc>>,
    /// The object it is about, if any.
    pub related: Option<Related>,
}

/// The key of a notification.
pub fn notification_key(id: &NotificationId) -> Key {
    Key::new(format!("NOTIFICATION#{id}"), NOTIFICATION_SK)
}

/// The partition of a customer's notification records: the GSI1 list of
/// their notifications, and in the base table their unread counter and devices.
pub fn customer_partition(customer_id: &CustomerId) -> String {
    format!("NOTIFICATIONS#CUSTOMER#{customer_id}")
}

/// GSI2 partition of a customer's unread notifications.
pub fn unread_partition(customer_id: &CustomerId) -> String {
    format!("NOTIFICATIONS#CUSTOMER#{customer_id}#UNREAD")
}

impl Notification {
    /// The unread notification reporting `event`.
    pub fn from_event(event: &Event) -> Result<Self, InvalidValue> {
        let related = match (event.related_kind, &event.related_id) {
            (Some(kind), Some(id)) => Some(Related {
                kind,
                id: id.clone(),
            }),
            _ => None,
        };
        Ok(Self {
            id: NotificationId::parse(&event.event_id)?,
            customer_id: event.customer_id.clone(),
            title: event.title.clone(),
            message: event.message.clone(),
            notification_type: event.event_type.into(),
            is_read: false,
            created_at: event.created_at,
            read_at: None,
            related,
        })
    }

    /// The key of this notification.
    pub fn key(&self) -> Key {
        notification_key(&self.id)
    }

    /// The stored item, with its list index attributes.
    pub fn item(&self) -> Result<Item, ItemError> {
        let mut item = to_item(self)?;
        item.extend(self.key().to_item());
        item.insert("entity".into(), Value::s(NOTIFICATION_ENTITY));
        let id = Value::s(self.id.as_str());
        item.insert(
            "gsi1pk".into(),
            Value::s(customer_partition(&self.customer_id)),
        );
        item.insert("gsi1sk".into(), id.clone());
        if !self.is_read {
            item.insert(
                "gsi2pk".into(),
                Value::s(unread_partition(&self.customer_id)),
            );
            item.insert("gsi2sk".into(), id.clone());
        }
        item.insert("gsi3pk".into(), Value::s(ALL_NOTIFICATIONS));
        item.insert("gsi3sk".into(), id);
        Ok(item)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::from_item;

    fn event(now: DateTime<Utc>) -> Event {
        Event::new(
            EventType::InvoiceIssued,
            CustomerId::generate(now),
            "Invoice INV-2026-000042",
            "Your invoice is ready.",
            now,
        )
        .about(RelatedKind::Invoice, "01JP3P9R2S4T6V8W0X2Y4Z6A8B")
    }

    #[test]
    fn an_event_becomes_an_unread_notification_with_the_same_id() {
        let now = "2026-03-16T15:09:37Z".parse().unwrap();
        let event = event(now);
        let notification = Notification::from_event(&event).unwrap();
        assert_eq!(notification.id.as_str(), event.event_id);
        assert_eq!(notification.notification_type, NotificationType::Invoice);
        assert!(!notification.is_read);
        assert_eq!(
            notification.related,
            Some(Related {
                kind: RelatedKind::Invoice,
                id: "01JP3P9R2S4T6V8W0X2Y4Z6A8B".into()
            })
        );
        let item = notification.item().unwrap();
        assert_eq!(
            item["gsi2pk"],
            Value::s(format!(
                "NOTIFICATIONS#CUSTOMER#{}#UNREAD",
                event.customer_id
            ))
        );
        assert_eq!(from_item::<Notification>(item).unwrap(), notification);
    }

    #[test]
    fn a_read_notification_leaves_the_unread_index() {
        let now = "2026-03-16T15:09:37Z".parse().unwrap();
        let mut notification = Notification::from_event(&event(now)).unwrap();
        notification.is_read = true;
        let item = notification.item().unwrap();
        assert!(!item.contains_key("gsi2pk") && !item.contains_key("gsi2sk"));
        assert_eq!(item["gsi3pk"], Value::s("NOTIFICATIONS"));
    }

    #[test]
    fn every_event_type_has_a_notification_type() {
        for (event_type, expected) in [
            (EventType::ServiceDue, NotificationType::ServiceReminder),
            (EventType::ServiceCompleted, NotificationType::ServiceUpdate),
            (EventType::InvoiceIssued, NotificationType::Invoice),
            (EventType::InvoicePaid, NotificationType::Invoice),
            (EventType::GeneralMessage, NotificationType::General),
            (
                EventType::AppointmentReminder,
                NotificationType::Appointment,
            ),
        ] {
            assert_eq!(NotificationType::from(event_type), expected);
            assert_eq!(
                serde_json::to_value(expected).unwrap(),
                serde_json::json!(expected.as_str())
            );
        }
    }
}
