//! A customer's unread counter: `pk = NOTIFICATIONS#CUSTOMER#<customer id>`,
//! `sk = UNREAD`, `count`. Every write that creates an unread notification or
//! marks one read changes it in the same transaction, so reading it is one
//! keyed read, never a count of the notifications.

use crate::{
    store::{Change, Key, StoreError, Table, WriteOp},
    values::CustomerId,
};

use super::items::customer_partition;

/// Sort key of the unread counter.
pub const UNREAD_SK: &str = "UNREAD";
/// The counter attribute.
const COUNT: &str = "count";

/// The key of a customer's unread counter.
pub fn unread_counter_key(customer_id: &CustomerId) -> Key {
    Key::new(customer_partition(customer_id), UNREAD_SK)
}

/// The write moving a customer's unread counter by `delta`.
pub fn add_unread(customer_id: &CustomerId, delta: i64) -> WriteOp {
    WriteOp::Update {
        key: unread_counter_key(customer_id),
        changes: vec![Change::Add(COUNT.into(), delta)],
        condition: None,
    }
}

/// How many of a customer's notifications are unread.
pub async fn unread_count(table: &dyn Table, customer_id: &CustomerId) -> Result<u64, StoreError> {
    let item = table.get(&unread_counter_key(customer_id)).await?;
    let count = item
        .as_ref()
        .and_then(|item| item.get(COUNT))
        .and_then(|value| value.as_i64())
        .unwrap_or(0);
    // Only conditional writes move it, so it never goes below zero; be safe anyway.
    Ok(u64::try_from(count).unwrap_or(0))
}
