//! Reading notifications and marking them read.
//!
//! A mark is conditional on the notification being unread, and moves the
//! unread counter in the same transaction, so the counter stays exact however
//! many devices of the customer mark the same notification at once.

use chrono::{DateTime, Utc};

use super::{
    NotificationError,
    items::{Notification, notification_key, unread_partition},
    unread::add_unread,
};
use crate::{
    store::{
        Change, Condition, Index, Query, StoreError, Table, Value, WriteOp, from_item, to_value,
    },
    values::{CustomerId, NotificationId},
};

/// Most notifications marked in one transaction (plus the counter).
const MARKS_PER_TRANSACTION: usize = 50;

/// Reads a notification.
pub async fn get(
    table: &dyn Table,
    id: &NotificationId,
) -> Result<Option<Notification>, NotificationError> {
    match table.get(&notification_key(id)).await? {
        Some(item) => Ok(Some(from_item(item)?)),
        None => Ok(None),
    }
}

/// The update marking notification `id` read at `now`, if it is unread.
fn mark_op(id: &NotificationId, now: DateTime<Utc>) -> Result<WriteOp, NotificationError> {
    Ok(WriteOp::Update {
        key: notification_key(id),
        changes: vec![
            Change::Set("is_read".into(), Value::Bool(true)),
            Change::Set("read_at".into(), to_value(&now)?),
            Change::Remove("gsi2pk".into()),
            Change::Remove("gsi2sk".into()),
        ],
        condition: Some(Condition::Equals("is_read".into(), Value::Bool(false))),
    })
}

/// Marks one notification read (a read one is left as it is); returns it as stored.
pub async fn mark_read(
    table: &dyn Table,
    notification: Notification,
    now: DateTime<Utc>,
) -> Result<Notification, NotificationError> {
    if notification.is_read {
        return Ok(notification);
    }
    let ops = vec![
        mark_op(&notification.id, now)?,
        add_unread(&notification.customer_id, -1),
    ];
    match table.transact(ops).await {
        Ok(()) => Ok(Notification {
            is_read: true,
            read_at: Some(now),
            ..notification
        }),
        // Marked meanwhile, from another device: the stored one is the answer.
        Err(StoreError::ConditionFailed { .. }) => get(table, &notification.id)
            .await?
            .ok_or(NotificationError::NotFound),
        Err(error) => Err(error.into()),
    }
}

/// Marks every unread notification of a customer read; returns how many it marked.
///
/// Walks the unread index once, page by page; a notification marked by
/// someone else meanwhile is simply not counted.
pub async fn mark_all_read(
    table: &dyn Table,
    customer_id: &CustomerId,
    now: DateTime<Utc>,
) -> Result<u64, NotificationError> {
    let mut query =
        Query::partition(Index::Gsi2, unread_partition(customer_id)).limit(MARKS_PER_TRANSACTION);
    let mut marked = 0;
    loop {
        let page = table.query(&query).await?;
        let ids = page
            .items
            .into_iter()
            .map(|item| from_item::<Notification>(item).map(|n| n.id))
            .collect::<Result<Vec<_>, _>>()?;
        marked += mark_batch(table, customer_id, &ids, now).await?;
        match page.last_key {
            Some(last) => query.start_after = Some(last),
            None => return Ok(marked),
        }
    }
}

/// Marks `ids` in one transaction, or one by one when one of them was marked
/// meanwhile (the index may also lag); returns how many it marked.
async fn mark_batch(
    table: &dyn Table,
    customer_id: &CustomerId,
    ids: &[NotificationId],
    now: DateTime<Utc>,
) -> Result<u64, NotificationError> {
    if ids.is_empty() {
        return Ok(0);
    }
    let count = ids.len() as u64;
    let mut ops = ids
        .iter()
        .map(|id| mark_op(id, now))
        .collect::<Result<Vec<_>, _>>()?;
    ops.push(add_unread(customer_id, -(count as i64)));
    match table.transact(ops).await {
        Ok(()) => return Ok(count),
        Err(StoreError::ConditionFailed { .. }) => {}
        Err(error) => return Err(error.into()),
    }
    let mut marked = 0;
    for id in ids {
        let ops = vec![mark_op(id, now)?, add_unread(customer_id, -1)];
        match table.transact(ops).await {
            Ok(()) => marked += 1,
            Err(StoreError::ConditionFailed { .. }) => {}
            Err(error) => return Err(error.into()),
        }
    }
    Ok(marked)
}
