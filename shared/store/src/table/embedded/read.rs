//! Reads: consistent gets and query pages, each from one read snapshot.

use redb::{ReadableDatabase, ReadableTable};

use super::eval::is_expired;
use super::span::{Span, last_key_of};
use super::{ITEMS, Store, codec, db_error, index_table};
use ecar_domain::store::item::{Item, item_size};
use ecar_domain::store::table::{Key, MAX_PAGE_BYTES, Page, Query, StoreError};

/// The stored item under a key, expired or not.
pub(super) fn stored_item(
    items: &impl ReadableTable<(&'static [u8], &'static [u8]), &'static [u8]>,
    pk: &[u8],
    sk: &[u8],
) -> Result<Option<Item>, StoreError> {
    match items.get((pk, sk)).map_err(db_error)? {
        Some(bytes) => codec::decode(bytes.value()).map(Some),
        None => Ok(None),
    }
}

/// The live items under the keys, in their order (`None`: absent or expired).
pub(super) fn get_many(store: &Store, keys: &[Key]) -> Result<Vec<Option<Item>>, StoreError> {
    let txn = store.db.begin_read().map_err(db_error)?;
    let items = txn.open_table(ITEMS).map_err(db_error)?;
    let now = store.clock.epoch_seconds();
    keys.iter()
        .map(|key| {
            let item = stored_item(&items, key.pk.as_bytes(), key.sk.as_bytes())?;
            Ok(item.filter(|item| !is_expired(item, now)))
        })
        .collect()
}

/// One page of a query (the query was checked before).
pub(super) fn query(store: &Store, query: &Query) -> Result<Page, StoreError> {
    let span = Span::of(query);
    if span.is_empty() {
        return Ok(Page::default());
    }
    let txn = store.db.begin_read().map_err(db_error)?;
    let items = txn.open_table(ITEMS).map_err(db_error)?;
    let now = store.clock.epoch_seconds();
    match index_table(query.index) {
        None => {
            let bounds = span.bounds(|p| (p[0].as_slice(), p[1].as_slice()));
            let range = items.range(bounds).map_err(db_error)?;
            let entries = range.map(|entry| {
                let (_, bytes) = entry.map_err(db_error)?;
                codec::decode(bytes.value())
            });
            page(entries, query, now)
        }
        Some(table) => {
            let index = txn.open_table(table).map_err(db_error)?;
            let bounds = span.bounds(|p| {
                (
                    p[0].as_slice(),
                    p[1].as_slice(),
                    p[2].as_slice(),
                    p[3].as_slice(),
                )
            });
            let range = index.range(bounds).map_err(db_error)?;
            let entries = range.map(|entry| {
                let (key, _) = entry.map_err(db_error)?;
                let (_, _, pk, sk) = key.value();
                stored_item(&items, pk, sk)?.ok_or_else(|| {
                    StoreError::Internal("embedded store: index entry without its item".into())
                })
            });
            page(entries, query, now)
        }
    }
}

/// Reads the entries in the query's direction.
fn page(
    entries: impl DoubleEndedIterator<Item = Result<Item, StoreError>>,
    query: &Query,
    now: i64,
) -> Result<Page, StoreError> {
    if query.forward {
        fill_page(entries, query, now)
    } else {
        fill_page(entries.rev(), query, now)
    }
}

/// Evaluates items until the limit or 1 MB, as DynamoDB does: expired items
/// count as evaluated (the limit applies before filters) but are left out.
fn fill_page(
    entries: impl Iterator<Item = Result<Item, StoreError>>,
    query: &Query,
    now: i64,
) -> Result<Page, StoreError> {
    let mut page = Page::default();
    let mut evaluated = 0;
    let mut bytes = 0;
    let mut previous_key = None;
    for entry in entries {
        let item = entry?;
        let size = item_size(&item);
        if evaluated > 0 && bytes + size > MAX_PAGE_BYTES {
            page.last_key = previous_key;
            return Ok(page);
        }
        evaluated += 1;
        bytes += size;
        let key = last_key_of(query.index, &item);
        if !is_expired(&item, now) {
            page.items.push(item);
        }
        if evaluated == query.limit {
            page.last_key = Some(key);
            return Ok(page);
        }
        previous_key = Some(key);
    }
    Ok(page)
}
