//! Delivery records: what makes dispatching idempotent.
//!
//! Before the dispatcher sends anything for an outbox item, it creates a
//! record for that item and channel (`pk` = the outbox item's partition,
//! `sk = DELIVERY#<channel>`, e.g. `DELIVERY#PUSH#<device id>`), on condition
//! that it does not exist. A redelivered item finds its records and sends
//! nothing twice. A send that failed in a way worth retrying gives its record
//! back, so that the retry sends it; a crash between the record and the send
//! loses that one message rather than repeating it.

use chrono::{DateTime, Duration, Utc};

use crate::{
    events::EVENT_RETENTION_DAYS,
    store::{EXPIRES_AT, Item, Key, Value, WriteOp},
};

/// The `entity` attribute of delivery records.
pub const DELIVERY_ENTITY: &str = "delivery";

/// The key of the record of delivering the item of partition `partition` on `channel`.
pub fn delivery_key(partition: &str, channel: &str) -> Key {
    Key::new(partition, format!("DELIVERY#{channel}"))
}

/// The write claiming a delivery: it fails if the delivery was claimed before.
pub fn claim(partition: &str, channel: &str, now: DateTime<Utc>) -> WriteOp {
    let mut item: Item = delivery_key(partition, channel).to_item();
    item.insert("entity".into(), Value::s(DELIVERY_ENTITY));
    item.insert("delivered_at".into(), Value::s(now.to_rfc3339()));
    // Outlives every redelivery: a stream keeps records for a day.
    let expires_at = now + Duration::days(EVENT_RETENTION_DAYS);
    item.insert(EXPIRES_AT.into(), Value::n(expires_at.timestamp()));
    WriteOp::create(item)
}

/// The write giving a claim back, so that a retry delivers again.
pub fn release(partition: &str, channel: &str) -> WriteOp {
    WriteOp::Delete {
        key: delivery_key(partition, channel),
        condition: None,
    }
}
