//! List parameters (`?limit=&cursor=`) and the list envelope.

use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::{cursor::CursorCodec, error::ApiError};
use crate::store::{Item, Query, Table};

/// Default page size.
pub const DEFAULT_LIMIT: usize = 50;
/// Largest page a client may ask for.
pub const MAX_LIMIT: usize = 200;

/// `?limit=` and `?cursor=`.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageParams {
    /// Page size, 1 to 200 (default 50).
    pub limit: Option<usize>,
    /// The `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// The Django ECAR's page offset: only `0`. Pages here follow
    /// `next_cursor`; another offset is refused rather than answered with
    /// the first page again.
    pub offset: Option<u64>,
}

impl PageParams {
    /// The page size, checked (with the offset, which every list reads
    /// through this).
    pub fn limit(&self) -> Result<usize, ApiError> {
        if self.offset.is_some_and(|offset| offset > 0) {
            return Err(ApiError::invalid_field(
                "offset",
                "is not supported: pass the previous page's next_cursor as ?cursor=",
            ));
        }
        match self.limit {
            None => Ok(DEFAULT_LIMIT),
            Some(limit) if (1..=MAX_LIMIT).contains(&limit) => Ok(limit),
            Some(_) => Err(ApiError::invalid_field(
                "limit",
                format!("must be between 1 and {MAX_LIMIT}"),
            )),
        }
    }
}

/// A page of results.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ListResponse<T> {
    /// The results, in the list's order.
    pub results: Vec<T>,
    /// Pass as `?cursor=` to get the next page; null on the last page.
    pub next_cursor: Option<String>,
}

/// One page of items read through a cursor bound to `binding`.
#[derive(Debug, Clone)]
pub struct ItemPage {
    /// The items of the page.
    pub items: Vec<Item>,
    /// The cursor of the next page, if any.
    pub next_cursor: Option<String>,
}

/// Reads one page of `query`: at most `limit` live items, and a cursor only
/// when more items follow (one extra item is read to know it, so the client
/// never gets an empty last page).
pub async fn read_page(
    table: &dyn Table,
    codec: &CursorCodec,
    query: Query,
    params: &PageParams,
    binding: &str,
) -> Result<ItemPage, ApiError> {
    read_page_where(table, codec, query, params, binding, |_| true).await
}

/// [`read_page`] keeping only the items `keep` accepts: the page holds at
/// most `limit` of those, and the cursor resumes after the last one returned,
/// so the items skipped are read again only as far as the next page needs.
pub async fn read_page_where(
    table: &dyn Table,
    codec: &CursorCodec,
    mut query: Query,
    params: &PageParams,
    binding: &str,
    keep: impl Fn(&Item) -> bool,
) -> Result<ItemPage, ApiError> {
    let limit = params.limit()?;
    query.start_after = match &params.cursor {
        Some(cursor) => Some(codec.decode(cursor, binding)?),
        None => None,
    };
    let mut items = Vec::with_capacity(limit + 1);
    // Expired items are filtered after the limit, so a page may come back short:
    // keep reading until the page is full or the partition ends.
    loop {
        query.limit = limit + 1 - items.len();
        let page = table.query(&query).await.map_err(ApiError::from)?;
        items.extend(page.items.into_iter().filter(|item| keep(item)));
        match page.last_key {
            Some(last) if items.len() <= limit => query.start_after = Some(last),
            _ => break,
        }
    }
    let next_cursor = if items.len() > limit {
        items.truncate(limit);
        let last = items.last().map(|item| last_key_of(item, &query));
        match last {
            Some(key) => Some(codec.encode(&key, binding)?),
            None => None,
        }
    } else {
        None
    };
    Ok(ItemPage { items, next_cursor })
}

/// The key attributes DynamoDB would return as LastEvaluatedKey for this item.
pub fn last_key_of(item: &Item, query: &Query) -> Item {
    let (index_pk, index_sk) = query.index.key_attributes();
    [crate::store::PK, crate::store::SK, index_pk, index_sk]
        .into_iter()
        .filter_map(|name| Some((name.to_string(), item.get(name)?.clone())))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_are_bounded() {
        let params = |limit| PageParams {
            limit,
            cursor: None,
            offset: None,
        };
        assert_eq!(params(None).limit().unwrap(), DEFAULT_LIMIT);
        assert_eq!(params(Some(200)).limit().unwrap(), 200);
        assert_eq!(params(Some(0)).limit().unwrap_err().status(), 400);
        assert_eq!(params(Some(201)).limit().unwrap_err().status(), 400);
    }

    #[test]
    fn only_the_first_offset_is_accepted() {
        let params = |offset| PageParams {
            limit: None,
            cursor: None,
            offset,
        };
        assert_eq!(params(Some(0)).limit().unwrap(), DEFAULT_LIMIT);
        let error = params(Some(10)).limit().unwrap_err();
        assert_eq!(error.status(), 400);
        assert_eq!(error.field_errors()[0].field, "offset");
    }
}
