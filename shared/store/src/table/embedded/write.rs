//! Writes: one redb write transaction per call, conditions first, then the
//! items and their index entries, then the change feed.

use std::sync::PoisonError;

use redb::Table as RedbTable;

use super::eval::{apply, canonical_item, holds, live};
use super::read::stored_item;
use super::{ChangeRecord, ITEMS, Store, codec, db_error, index_table};
use ecar_domain::store::item::{Item, Value, item_size};
use ecar_domain::store::rules;
use ecar_domain::store::table::{Index, MAX_TRANSACTION_BYTES, PK, SK, StoreError, WriteOp};

type ItemsTable<'txn> = RedbTable<'txn, (&'static [u8], &'static [u8]), &'static [u8]>;
type GsiTable<'txn> =
    RedbTable<'txn, (&'static [u8], &'static [u8], &'static [u8], &'static [u8]), ()>;

/// Applies checked actions atomically: every condition is evaluated on the
/// state before the call, and the first failing one cancels everything.
pub(super) fn commit(store: &Store, ops: Vec<WriteOp>) -> Result<(), StoreError> {
    // The lock guards no data, only the order of commits and feed sends, so a
    // panic elsewhere while holding it leaves nothing inconsistent.
    let _in_order = store.writer.lock().unwrap_or_else(PoisonError::into_inner);
    let mut txn = store.db.begin_write().map_err(db_error)?;
    txn.set_durability(store.durability()).map_err(db_error)?;
    let now = store.clock.epoch_seconds();
    let records = {
        let mut items = txn.open_table(ITEMS).map_err(db_error)?;
        let records = plan(&items, ops, now)?;
        let mut indexes = Vec::new();
        for index in Index::ALL {
            if let Some(table) = index_table(index) {
                indexes.push((index, txn.open_table(table).map_err(db_error)?));
            }
        }
        for record in &records {
            store_change(&mut items, &mut indexes, record)?;
        }
        records
    };
    txn.commit().map_err(db_error)?;
    for record in records {
        // Nobody listening is not an error: the feed is optional.
        let _ = store.feed.send(record);
    }
    Ok(())
}

/// The change each action makes, after checking every condition; a `Check`
/// and a write that changes nothing make none.
fn plan(items: &ItemsTable, ops: Vec<WriteOp>, now: i64) -> Result<Vec<ChangeRecord>, StoreError> {
    let mut stored = Vec::with_capacity(ops.len());
    for op in &ops {
        let key = op
            .key()
            .ok_or_else(|| StoreError::Invalid("an action without a key".into()))?;
        let item = stored_item(items, key.pk.as_bytes(), key.sk.as_bytes())?;
        stored.push((key, item));
    }
    let failing = ops.iter().zip(&stored).position(|(op, (_, item))| {
        op.condition()
            .is_some_and(|condition| !holds(condition, live(item.as_ref(), now)))
    });
    if let Some(index) = failing {
        return Err(StoreError::ConditionFailed { index });
    }
    let mut records = Vec::with_capacity(ops.len());
    let mut written = 0;
    for (op, (key, old)) in ops.into_iter().zip(stored) {
        let new = match op {
            WriteOp::Put { item, .. } => Some(canonical_item(item)),
            WriteOp::Update { changes, .. } => {
                let item = canonical_item(apply(live(old.as_ref(), now), &key, &changes)?);
                rules::check_item(&item)?;
                Some(item)
            }
            WriteOp::Delete { .. } => None,
            WriteOp::Check { .. } => continue,
        };
        written += new.as_ref().map_or(0, item_size);
        if old != new {
            records.push(ChangeRecord { key, old, new });
        }
    }
    if written > MAX_TRANSACTION_BYTES {
        return Err(StoreError::Invalid(format!(
            "a transaction writing {written} bytes is over {MAX_TRANSACTION_BYTES}"
        )));
    }
    Ok(records)
}

/// Writes one change to the items and moves its index entries.
fn store_change(
    items: &mut ItemsTable,
    indexes: &mut [(Index, GsiTable)],
    record: &ChangeRecord,
) -> Result<(), StoreError> {
    for (index, table) in indexes.iter_mut() {
        let old = record
            .old
            .as_ref()
            .and_then(|item| index_entry(*index, item));
        let new = record
            .new
            .as_ref()
            .and_then(|item| index_entry(*index, item));
        if old == new {
            continue;
        }
        if let Some([a, b, c, d]) = old {
            table.remove((a, b, c, d)).map_err(db_error)?;
        }
        if let Some([a, b, c, d]) = new {
            table.insert((a, b, c, d), ()).map_err(db_error)?;
        }
    }
    let key = (record.key.pk.as_bytes(), record.key.sk.as_bytes());
    match &record.new {
        Some(item) => {
            items
                .insert(key, codec::encode(item).as_slice())
                .map_err(db_error)?;
        }
        None => {
            items.remove(key).map_err(db_error)?;
        }
    }
    Ok(())
}

/// The item's entry in a GSI, when it has both of the index's attributes.
fn index_entry(index: Index, item: &Item) -> Option<[&[u8]; 4]> {
    let (partition, sort) = index.key_attributes();
    let text = |name: &str| item.get(name).and_then(Value::as_s).map(str::as_bytes);
    Some([text(partition)?, text(sort)?, text(PK)?, text(SK)?])
}
