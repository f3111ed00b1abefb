//! Pages of a list at the level of the store: which page to read (a size
//! and the key the previous page ended at) and the page read (its items
//! and the key the next one starts after).
//!
//! Keys here are plain last evaluated keys; turning them into opaque,
//! signed cursors bound to a query and a caller is the HTTP layer's job.

use super::{Item, PK, Query, SK, StoreError, Table, table::MAX_QUERY_LIMIT};

/// Which page of a list to read.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PageRequest {
    /// Most items on the page (at least 1).
    pub limit: usize,
    /// The last evaluated key of the previous page (the primary and index
    /// key attributes), already checked by whoever got it from a client;
    /// `None` for the first page.
    pub start: Option<Item>,
}

/// One page of a list.
#[derive(Clone, Debug, PartialEq)]
pub struct ListPage<T> {
    /// The items, in the list's order.
    pub items: Vec<T>,
    /// Where the next page starts (its [`PageRequest::start`]) when more
    /// may follow; `None` on the last page.
    pub last_key: Option<Item>,
}

impl<T> ListPage<T> {
    /// The same page with each item converted by `convert`.
    pub fn map<U>(self, convert: impl FnMut(T) -> U) -> ListPage<U> {
        ListPage {
            items: self.items.into_iter().map(convert).collect(),
            last_key: self.last_key,
        }
    }

    /// The same page with each item converted by `convert`, or its first error.
    pub fn try_map<U, E>(self, convert: impl FnMut(T) -> Result<U, E>) -> Result<ListPage<U>, E> {
        Ok(ListPage {
            items: self
                .items
                .into_iter()
                .map(convert)
                .collect::<Result<_, _>>()?,
            last_key: self.last_key,
        })
    }
}

/// Reads one page of `query`: at most `request.limit` items that `keep`
/// accepts, after `request.start`, and a last key only when more items
/// follow (one extra item is read to know it).
pub async fn query_page(
    table: &dyn Table,
    mut query: Query,
    request: PageRequest,
    keep: impl Fn(&Item) -> bool,
) -> Result<ListPage<Item>, StoreError> {
    let PageRequest { limit, start } = request;
    query.start_after = start;
    let mut items = Vec::with_capacity(limit + 1);
    // Expired and refused items are left out after the limit, so a read may
    // come back short: keep reading until the page is full or the partition ends.
    loop {
        query.limit = limit + 1 - items.len();
        let page = table.query(&query).await?;
        items.extend(page.items.into_iter().filter(|item| keep(item)));
        match page.last_key {
            Some(last) if items.len() <= limit => query.start_after = Some(last),
            _ => break,
        }
    }
    let last_key = if items.len() > limit {
        items.truncate(limit);
        items.last().map(|item| last_key_of(item, &query))
    } else {
        None
    };
    Ok(ListPage { items, last_key })
}

/// Items a filtered read asks for at a time, at least: most of what it reads
/// is left out, and each query is a round trip.
const FILTERED_STEP: usize = 100;

/// [`query_page`] reading at most `budget` items: a filter that keeps few of
/// them then answers a short page (perhaps empty) with the key to go on
/// from, so that one request's cost stays bounded however rare the kept
/// items are.
pub async fn query_page_within(
    table: &dyn Table,
    mut query: Query,
    request: PageRequest,
    keep: impl Fn(&Item) -> bool,
    budget: usize,
) -> Result<ListPage<Item>, StoreError> {
    let PageRequest { limit, start } = request;
    query.start_after = start;
    let mut items = Vec::with_capacity(limit + 1);
    let mut read = 0;
    loop {
        let wanted = (limit + 1 - items.len()).max(FILTERED_STEP);
        query.limit = wanted.min(budget - read).clamp(1, MAX_QUERY_LIMIT);
        let page = table.query(&query).await?;
        read += page.items.len().max(1);
        items.extend(page.items.into_iter().filter(|item| keep(item)));
        match page.last_key {
            Some(last) if items.len() <= limit && read < budget => query.start_after = Some(last),
            // The budget is spent: a short page, going on after what was read.
            Some(last) if items.len() <= limit => {
                return Ok(ListPage {
                    items,
                    last_key: Some(last),
                });
            }
            _ => break,
        }
    }
    let last_key = if items.len() > limit {
        items.truncate(limit);
        items.last().map(|item| last_key_of(item, &query))
    } else {
        None
    };
    Ok(ListPage { items, last_key })
}

/// The key attributes DynamoDB would return as LastEvaluatedKey for this
/// item of `query`: the primary key and the key of the index read.
pub fn last_key_of(item: &Item, query: &Query) -> Item {
    let (index_pk, index_sk) = query.index.key_attributes();
    [PK, SK, index_pk, index_sk]
        .into_iter()
        .filter_map(|name| Some((name.to_string(), item.get(name)?.clone())))
        .collect()
}
