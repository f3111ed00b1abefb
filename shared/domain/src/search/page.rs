//! The page reader: resolves index rows (an entity's own list attributes,
//! or items pointing at it) to their entities and filters them, one
//! store-level page at a time. Kept apart from the index items, which know
//! nothing of pages.

use std::collections::HashSet;

use serde::de::DeserializeOwned;

use super::{
    SearchQuery,
    index::{row_matches, target_of},
};
use crate::store::{
    Item, ItemError, Key, ListPage, PageRequest, Query, StoreError, Table, from_item, last_key_of,
    table::MAX_BATCH_GET,
};

/// What the rows of a query are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rows {
    /// The entities themselves (a list index).
    Entities,
    /// Items pointing at their entity (search index items, markers).
    References,
}

impl Rows {
    fn entity_key(self, row: &Item) -> Option<Key> {
        match self {
            Rows::Entities => Key::of(row),
            Rows::References => target_of(row),
        }
    }
}

/// Reads `limit` entities from `query`: rows that `row_filter` refuses are
/// skipped, the others resolved to their entity (each entity once, in the
/// query's order), and the entities that `accept` refuses are left out.
///
/// The cost follows the answer: rows are read in chunks of what is still
/// missing plus one (to know whether more follow), and only the rows needed
/// are resolved. Refused rows cost extra reads, so filters that refuse most
/// rows belong in an index, not here.
pub async fn filtered_page(
    table: &dyn Table,
    mut query: Query,
    rows: Rows,
    limit: usize,
    row_filter: &(dyn Fn(&Item) -> bool + Send + Sync),
    accept: &(dyn Fn(&Item) -> bool + Send + Sync),
) -> Result<ListPage<Item>, StoreError> {
    let mut kept: Vec<Item> = Vec::with_capacity(limit);
    let mut seen: HashSet<Key> = HashSet::new();
    let mut last_consumed: Option<Item> = query.start_after.clone();
    loop {
        let needed = limit - kept.len();
        query.limit = needed + 1;
        let page = table.query(&query).await?;
        // Consume rows in order until `needed` new entities are found; rows
        // of entities already seen (adjacent in a prefix partition) and rows
        // the filter refuses are consumed on the way.
        let mut wanted: Vec<Key> = Vec::new();
        let mut consumed = 0;
        for row in &page.items {
            let key = rows.entity_key(row);
            let new = key
                .as_ref()
                .is_some_and(|key| !seen.contains(key) && !wanted.contains(key))
                && row_filter(row);
            if new && wanted.len() == needed {
                break;
            }
            if let (true, Some(key)) = (new, key) {
                wanted.push(key);
            }
            consumed += 1;
        }
        let beyond = consumed < page.items.len();
        if consumed > 0 {
            last_consumed = Some(last_key_of(&page.items[consumed - 1], &query));
        }
        for entity in resolve(table, &page.items[..consumed], &wanted, rows).await? {
            if let Some(entity) = entity
                && accept(&entity)
            {
                kept.push(entity);
            }
        }
        seen.extend(wanted);
        if beyond && kept.len() == limit {
            // A row of another entity follows the full page.
            return Ok(ListPage {
                items: kept,
                last_key: last_consumed,
            });
        }
        if !beyond && page.last_key.is_none() {
            return Ok(ListPage {
                items: kept,
                last_key: None,
            });
        }
        query.start_after = if beyond {
            last_consumed.clone()
        } else {
            page.last_key
        };
    }
}

/// The entities of `wanted` (`None` where one vanished), in order.
async fn resolve(
    table: &dyn Table,
    consumed: &[Item],
    wanted: &[Key],
    rows: Rows,
) -> Result<Vec<Option<Item>>, StoreError> {
    match rows {
        Rows::Entities => Ok(consumed
            .iter()
            .filter(|row| Key::of(row).is_some_and(|key| wanted.contains(&key)))
            .cloned()
            .map(Some)
            .collect()),
        Rows::References => {
            let mut entities = Vec::with_capacity(wanted.len());
            for batch in wanted.chunks(MAX_BATCH_GET) {
                entities.extend(table.get_many(batch).await?);
            }
            Ok(entities)
        }
    }
}

/// One list request, as every list reader makes it.
pub struct ListRequest<'a> {
    /// The index query the list pages through.
    pub query: Query,
    /// Whether its rows are the entities or references to them.
    pub rows: Rows,
    /// Which page: its size, and where the previous page ended.
    pub page: PageRequest,
    /// What an index row must match (cheap: before any entity is read).
    pub row_filter: &'a (dyn Fn(&Item) -> bool + Send + Sync),
    /// What an entity must satisfy.
    pub accept: &'a (dyn Fn(&Item) -> bool + Send + Sync),
}

/// One list page of `T`s: continues the request's query after its start
/// key and filters as [`filtered_page`] does.
pub async fn list_page<T, E>(table: &dyn Table, request: ListRequest<'_>) -> Result<ListPage<T>, E>
where
    T: DeserializeOwned,
    E: From<StoreError> + From<ItemError>,
{
    let ListRequest {
        mut query,
        rows,
        page,
        row_filter,
        accept,
    } = request;
    query.start_after = page.start;
    let page = filtered_page(table, query, rows, page.limit, row_filter, accept).await?;
    Ok(page.try_map(from_item)?)
}

/// What a list's view and filters select: the index rows to read, and the
/// entities to keep of those the rows lead to.
pub trait Selection: Sync {
    /// What the list holds.
    type Entity: DeserializeOwned;

    /// The query to page through, what its rows are, and whether it reads
    /// the search index.
    fn source(&self) -> (Query, Rows, bool);
    /// The search, if the list has one.
    fn search(&self) -> Option<&SearchQuery>;
    /// Whether an entity passes the filters its rows did not apply
    /// (`searched`: the rows came from the search index).
    fn accepts(&self, entity: &Self::Entity, searched: bool) -> bool;
}

/// One page of what `selection` selects: search index rows are checked
/// against the search term before any entity is read.
pub async fn read_selected<S, E>(
    table: &dyn Table,
    selection: &S,
    page: PageRequest,
) -> Result<ListPage<S::Entity>, E>
where
    S: Selection,
    E: From<StoreError> + From<ItemError>,
{
    let (query, rows, searched) = selection.source();
    let row_filter = |row: &Item| {
        !searched
            || selection
                .search()
                .is_none_or(|search| row_matches(row, &search.lookup))
    };
    let accept = |item: &Item| {
        from_item::<S::Entity>(item.clone())
            .is_ok_and(|entity| selection.accepts(&entity, searched))
    };
    let request = ListRequest {
        query,
        rows,
        page,
        row_filter: &row_filter,
        accept: &accept,
    };
    list_page(table, request).await
}
