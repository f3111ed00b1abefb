//! Index items and the page reader that resolves and filters them.

use std::collections::{BTreeSet, HashSet};

use crate::{
    http::last_key_of,
    store::{Item, Key, Query, SortKey, StoreError, Table, Value, WriteOp, table::MAX_BATCH_GET},
};

/// Attribute of an index item naming the partition key of its entity.
const TARGET_PK: &str = "target_pk";
/// Attribute of an index item naming the sort key of its entity.
const TARGET_SK: &str = "target_sk";

/// One family of index items (`CSEARCH` for customers, `VSEARCH` for cars).
///
/// Item: `pk = <name>#<first character of the token>`,
/// `sk = <token>#<entity id>#<source>`, plus the entity's key. The partition
/// spreads tokens over a few dozen partitions and a prefix always falls in
/// one of them. `source` says who owns the item (the entity itself, or a
/// related entity such as a car feeding its customer's index), so that two
/// owners never write the same item.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SearchIndex {
    /// The partition prefix.
    pub name: &'static str,
}

impl SearchIndex {
    fn partition(&self, token: &str) -> String {
        let first = token.chars().next().unwrap_or('_');
        format!("{}#{first}", self.name)
    }

    /// The key of the item for `token` of entity `id`, owned by `source`.
    pub fn key(&self, token: &str, id: &str, source: &str) -> Key {
        Key::new(self.partition(token), format!("{token}#{id}#{source}"))
    }

    /// The write adding `token` for the entity at `target`.
    pub fn put_op(&self, token: &str, id: &str, source: &str, target: &Key) -> WriteOp {
        let mut item = self.key(token, id, source).to_item();
        with_target(&mut item, target);
        WriteOp::put(item)
    }

    /// The write removing `token` of entity `id`.
    pub fn delete_op(&self, token: &str, id: &str, source: &str) -> WriteOp {
        WriteOp::Delete {
            key: self.key(token, id, source),
            condition: None,
        }
    }

    /// The writes taking the tokens of entity `id` from `old` to `new`
    /// (unchanged tokens are left alone).
    pub fn replace_ops(
        &self,
        old: &BTreeSet<String>,
        new: &BTreeSet<String>,
        id: &str,
        source: &str,
        target: &Key,
    ) -> Vec<WriteOp> {
        let removed = old
            .difference(new)
            .map(|token| self.delete_op(token, id, source));
        let added = new
            .difference(old)
            .map(|token| self.put_op(token, id, source, target));
        removed.chain(added).collect()
    }

    /// The query of every item whose token starts with `term`.
    pub fn prefix_query(&self, term: &str) -> Query {
        Query::partition(crate::store::Index::Primary, self.partition(term))
            .sort(SortKey::BeginsWith(term.to_string()))
    }
}

/// What the rows of a query are.
#[derive(Clone, Copy, Debug)]
pub enum Rows {
    /// The entities themselves (a list index).
    Entities,
    /// Index items pointing at their entity (a search).
    References,
}

/// One page read through [`filtered_page`].
#[derive(Debug, Default)]
pub struct FilteredPage {
    /// The entity items kept, in the query's order, without duplicates.
    pub items: Vec<Item>,
    /// Where the next page resumes, when more rows may follow.
    pub last_key: Option<Item>,
}

/// Reads `limit` entities from `query`, resolving index rows to their
/// entities and keeping only those `accept` passes (each entity once).
///
/// The cost follows the answer: rows are read in chunks of what is still
/// missing plus one (to know whether more follow), and only the rows needed
/// are resolved. Rows that `accept` refuses cost extra reads, so filters
/// that refuse most rows belong in an index, not here.
pub async fn filtered_page(
    table: &dyn Table,
    mut query: Query,
    rows: Rows,
    limit: usize,
    accept: &(dyn Fn(&Item) -> bool + Send + Sync),
) -> Result<FilteredPage, StoreError> {
    let mut kept: Vec<Item> = Vec::with_capacity(limit);
    let mut seen: HashSet<Key> = HashSet::new();
    loop {
        let needed = limit - kept.len();
        query.limit = needed + 1;
        let page = table.query(&query).await?;
        let more_in_partition = page.last_key.is_some();
        let mut chunk = page.items;
        if chunk.is_empty() {
            return Ok(FilteredPage {
                items: kept,
                last_key: None,
            });
        }
        // One row beyond what is needed only says that more follow.
        let overflow = chunk.len() > needed;
        chunk.truncate(needed);
        let last_row = chunk.last().map(|row| last_key_of(row, &query));
        for entity in resolve(table, &chunk, rows, &seen)
            .await?
            .into_iter()
            .flatten()
        {
            let Some(key) = Key::of(&entity) else {
                continue;
            };
            if seen.insert(key) && accept(&entity) {
                kept.push(entity);
            }
        }
        if kept.len() == limit {
            let more = overflow || more_in_partition;
            return Ok(FilteredPage {
                items: kept,
                last_key: if more { last_row } else { None },
            });
        }
        if !overflow && !more_in_partition {
            return Ok(FilteredPage {
                items: kept,
                last_key: None,
            });
        }
        query.start_after = last_row;
    }
}

/// The entity of each row (`None` where it vanished), index rows read in
/// batches, an entity already `seen` or repeated in the chunk read once.
async fn resolve(
    table: &dyn Table,
    chunk: &[Item],
    rows: Rows,
    seen: &HashSet<Key>,
) -> Result<Vec<Option<Item>>, StoreError> {
    match rows {
        Rows::Entities => Ok(chunk.iter().cloned().map(Some).collect()),
        Rows::References => {
            let mut keys: Vec<Key> = Vec::new();
            for row in chunk {
                if let Some(key) = target_of(row)
                    && !seen.contains(&key)
                    && !keys.contains(&key)
                {
                    keys.push(key);
                }
            }
            let mut entities = Vec::with_capacity(keys.len());
            for batch in keys.chunks(MAX_BATCH_GET) {
                entities.extend(table.get_many(batch).await?);
            }
            Ok(entities)
        }
    }
}

/// Makes `item` a reference to the entity at `target`, for [`Rows::References`].
pub fn with_target(item: &mut Item, target: &Key) {
    item.insert(TARGET_PK.into(), Value::s(&target.pk));
    item.insert(TARGET_SK.into(), Value::s(&target.sk));
}

fn target_of(row: &Item) -> Option<Key> {
    Some(Key::new(
        row.get(TARGET_PK)?.as_s()?,
        row.get(TARGET_SK)?.as_s()?,
    ))
}
