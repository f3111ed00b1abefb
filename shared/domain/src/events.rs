//! The transactional outbox: an event item written in the same transaction as
//! the change someone must hear about (ARCHITECTURE.md, Events and
//! notifications).
//!
//! Item: `pk = EVENT#<event id>`, `sk = EVENT`, `entity = "event"` (the
//! stream filter keeps only these), and everything the dispatcher needs to
//! notify the customer without reading back the entity that changed: the
//! customer, the title and message, what it is about, the channels (and the
//! phone number when it goes by SMS). It expires after
//! [`EVENT_RETENTION_DAYS`]: by then the stream has long delivered it.
//!
//! Until the dispatcher has handled it, an outbox item is also in the pending
//! index (`gsi1pk = OUTBOX#PENDING`, `gsi1sk = <event id>`): the local runner
//! re-reads it from there when its change feed skipped records, and an
//! operator can find what a failed delivery left behind.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use ulid::Ulid;

use crate::{
    store::{EXPIRES_AT, Item, ItemError, Key, Value, WriteOp, from_item, to_item},
    values::{CustomerId, PhoneNumber},
};

/// Sort key of every event item.
pub const EVENT_SK: &str = "EVENT";
/// The `entity` attribute of event items, which the stream filter matches.
pub const EVENT_ENTITY: &str = "event";
/// How long an event item is kept.
pub const EVENT_RETENTION_DAYS: i64 = 14;
/// GSI1 partition of the outbox items the dispatcher has not handled yet.
pub const PENDING_PARTITION: &str = "OUTBOX#PENDING";

/// The index attributes putting an outbox item in the pending index, sorted by `sort_key`.
pub fn pending_index(sort_key: &str) -> [(String, Value); 2] {
    [
        ("gsi1pk".into(), Value::s(PENDING_PARTITION)),
        ("gsi1sk".into(), Value::s(sort_key)),
    ]
}

/// What happened.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventType {
    /// A service on one of the customer's cars was completed.
    ServiceCompleted,
    /// An invoice was issued to the customer.
    InvoiceIssued,
    /// The customer's invoice was paid.
    InvoicePaid,
    /// A car of the customer is due for a service.
    ServiceDue,
    /// Staff wrote to the customer.
    GeneralMessage,
    /// An appointment was booked (by the customer: received; by staff: booked).
    AppointmentBooked,
    /// The garage confirmed the customer's appointment.
    AppointmentConfirmed,
    /// The garage declined the customer's appointment.
    AppointmentDeclined,
    /// An appointment moved to another time or was cancelled.
    AppointmentChanged,
    /// An appointment is coming up.
    AppointmentReminder,
    /// The garage answered the customer's request (booked, opened a service, or closed it).
    RequestAnswered,
    /// The garage approved or turned down a car the customer added.
    CarReviewed,
}

/// How the customer is reached.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum Channel {
    /// A notification in the app, pushed to the customer's registered phones.
    Push,
    /// A text message to the customer's phone number.
    Sms,
}

/// What an event is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RelatedKind {
    /// A service.
    Service,
    /// An invoice.
    Invoice,
    /// A car.
    Car,
    /// An appointment.
    Appointment,
    /// A customer's request.
    Request,
}

/// One event, as stored and as the dispatcher reads it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    /// Unique, time-sortable; the dispatcher's idempotency key.
    pub event_id: String,
    /// What happened.
    pub event_type: EventType,
    /// Who is told.
    pub customer_id: CustomerId,
    /// Short title of the notification.
    pub title: String,
    /// Its text.
    pub message: String,
    /// What it is about.
    pub related_kind: Option<RelatedKind>,
    /// The id of what it is about.
    pub related_id: Option<String>,
    /// How the customer is reached (never empty).
    pub channels: Vec<Channel>,
    /// The phone number texted, when the channels include SMS.
    pub phone: Option<PhoneNumber>,
    /// When it happened.
    pub created_at: DateTime<Utc>,
    /// When the item expires (epoch seconds).
    pub expires_at: i64,
}

impl Event {
    /// A new event for `customer_id`, pushed to their phones.
    pub fn new(
        event_type: EventType,
        customer_id: CustomerId,
        title: impl Into<String>,
        message: impl Into<String>,
        now: DateTime<Utc>,
    ) -> Self {
        Self {
            event_id: Ulid::from_datetime(now.into()).to_string(),
            event_type,
            customer_id,
            title: title.into(),
            message: message.into(),
            related_kind: None,
            related_id: None,
            channels: vec![Channel::Push],
            phone: None,
            created_at: now,
            expires_at: (now + Duration::days(EVENT_RETENTION_DAYS)).timestamp(),
        }
    }

    /// The same event, about `kind` `id`.
    pub fn about(mut self, kind: RelatedKind, id: impl Into<String>) -> Self {
        self.related_kind = Some(kind);
        self.related_id = Some(id.into());
        self
    }

    /// The same event, also texted to `phone`.
    pub fn with_sms(mut self, phone: PhoneNumber) -> Self {
        if !self.channels.contains(&Channel::Sms) {
            self.channels.push(Channel::Sms);
        }
        self.phone = Some(phone);
        self
    }

    /// The key of the event item.
    pub fn key(&self) -> Key {
        Key::new(format!("EVENT#{}", self.event_id), EVENT_SK)
    }

    /// The stored item.
    pub fn item(&self) -> Result<Item, ItemError> {
        let mut item = to_item(self)?;
        item.extend(self.key().to_item());
        item.insert("entity".into(), Value::s(EVENT_ENTITY));
        item.insert(EXPIRES_AT.into(), Value::n(self.expires_at));
        item.extend(pending_index(&self.event_id));
        Ok(item)
    }

    /// Reads an event back from its item (a stream record's new image).
    pub fn from_stored(item: Item) -> Result<Self, ItemError> {
        from_item(item)
    }
}

/// The write adding `event` to the outbox: a create, so that an event id is
/// never delivered twice; put it in the transaction of the change it reports.
pub fn event_op(event: &Event) -> Result<WriteOp, ItemError> {
    Ok(WriteOp::create(event.item()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_event_item_carries_what_the_dispatcher_needs() {
        let now: DateTime<Utc> = "2026-03-16T15:04:11Z".parse().unwrap();
        let customer = CustomerId::generate(now);
        let phone = PhoneNumber::parse("+21698123456", "216").unwrap();
        let event = Event::new(
            EventType::ServiceCompleted,
            customer.clone(),
            "Service completed",
            "Vidange et filtres is done.",
            now,
        )
        .about(RelatedKind::Service, "01JP3N5P8Q1R3S6T9V2W4X7Y9Z")
        .with_sms(phone);
        let WriteOp::Put { item, condition } = event_op(&event).unwrap() else {
            panic!("an event is a put");
        };
        assert_eq!(condition, Some(crate::store::Condition::NotExists));
        assert_eq!(item["pk"], Value::s(format!("EVENT#{}", event.event_id)));
        assert_eq!(item["sk"], Value::s("EVENT"));
        assert_eq!(item["entity"], Value::s("event"));
        assert_eq!(item["event_type"], Value::s("service_completed"));
        assert_eq!(item["related_kind"], Value::s("service"));
        assert_eq!(item["gsi1pk"], Value::s("OUTBOX#PENDING"));
        assert_eq!(item["gsi1sk"], Value::s(&event.event_id));
        assert_eq!(
            item["channels"],
            Value::L(vec![Value::s("push"), Value::s("sms")])
        );
        assert_eq!(
            item[EXPIRES_AT],
            Value::n((now + Duration::days(14)).timestamp())
        );
        assert_eq!(Event::from_stored(item).unwrap(), event);
    }

    /// An attribute value in DynamoDB's JSON form (`{"S": "..."}`).
    fn typed(json: &serde_json::Value) -> Value {
        let (kind, inner) = json.as_object().unwrap().iter().next().unwrap();
        match kind.as_str() {
            "S" => Value::s(inner.as_str().unwrap()),
            "N" => Value::N(inner.as_str().unwrap().into()),
            "NULL" => Value::Null,
            "BOOL" => Value::Bool(inner.as_bool().unwrap()),
            "L" => Value::L(inner.as_array().unwrap().iter().map(typed).collect()),
            other => panic!("no {other} in event items"),
        }
    }

    #[test]
    fn the_dispatcher_sample_events_are_event_items() {
        let sample: serde_json::Value =
            serde_json::from_str(include_str!("../../../events/dispatcher/stream-batch.json"))
                .unwrap();
        for record in sample["Records"].as_array().unwrap() {
            let image = record["dynamodb"]["NewImage"].as_object().unwrap();
            let item: Item = image
                .iter()
                .map(|(name, value)| (name.clone(), typed(value)))
                .collect();
            let event = Event::from_stored(item.clone()).unwrap();
            assert_eq!(event.item().unwrap(), item);
        }
    }
}
