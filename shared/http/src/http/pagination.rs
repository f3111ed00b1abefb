//! List parameters (`?limit=&cursor=`) and the list envelope.

use std::future::Future;

use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::{cursor::CursorCodec, error::ApiError};
use crate::store::{Item, ListPage, PageRequest, Query, Table, query_page};

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

impl<T> ListResponse<T> {
    /// The answer of a list that selects nothing.
    pub fn empty() -> Self {
        Self {
            results: Vec::new(),
            next_cursor: None,
        }
    }
}

/// One page of a list read through a cursor, as the list routes answer:
/// the limit is checked, the cursor of `params` is refused with a 400
/// unless it was signed for `binding`, `read` reads the store-level page
/// asked for, and where the next page starts is signed for `binding`.
///
/// `binding` names what a cursor is good for (the list, its filters and,
/// for most lists, the caller): one taken from another list or another
/// caller is refused.
pub async fn read_through_cursor<T, E, Fut>(
    cursors: &CursorCodec,
    params: &PageParams,
    binding: &str,
    read: impl FnOnce(PageRequest) -> Fut,
) -> Result<ListResponse<T>, ApiError>
where
    Fut: Future<Output = Result<ListPage<T>, E>>,
    ApiError: From<E>,
{
    let limit = params.limit()?;
    let start = match &params.cursor {
        Some(cursor) => Some(cursors.decode(cursor, binding)?),
        None => None,
    };
    let page = read(PageRequest { limit, start }).await?;
    let next_cursor = match &page.last_key {
        Some(key) => Some(cursors.encode(key, binding)?),
        None => None,
    };
    Ok(ListResponse {
        results: page.items,
        next_cursor,
    })
}

/// One page of items read through a cursor bound to `binding`.
#[derive(Debug, Clone)]
pub struct ItemPage {
    /// The items of the page.
    pub items: Vec<Item>,
    /// The cursor of the next page, if any.
    pub next_cursor: Option<String>,
}

/// Reads one page of `query` (see [`query_page`]) through a cursor bound
/// to `binding`.
pub async fn read_page(
    table: &dyn Table,
    codec: &CursorCodec,
    query: Query,
    params: &PageParams,
    binding: &str,
) -> Result<ItemPage, ApiError> {
    let page = read_through_cursor(codec, params, binding, |request| {
        query_page(table, query, request, |_| true)
    })
    .await?;
    Ok(ItemPage {
        items: page.results,
        next_cursor: page.next_cursor,
    })
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

    /// A store-level page of `items` ending at the key `last`.
    fn page(items: &[&str], last: Option<&str>) -> ListPage<String> {
        ListPage {
            items: items.iter().map(|item| item.to_string()).collect(),
            last_key: last.map(|sk| {
                Item::from([
                    ("pk".to_string(), crate::store::Value::s("LIST")),
                    ("sk".to_string(), crate::store::Value::s(sk)),
                ])
            }),
        }
    }

    #[tokio::test]
    async fn cursors_carry_the_last_key_to_the_next_read_for_their_binding_only() {
        let cursors = CursorCodec::new(b"k".repeat(32));
        let first = PageParams {
            limit: Some(2),
            ..PageParams::default()
        };
        let answer = read_through_cursor(&cursors, &first, "list|user-1", |request| async move {
            assert_eq!(
                request,
                PageRequest {
                    limit: 2,
                    start: None
                }
            );
            Ok::<_, ApiError>(page(&["a", "b"], Some("b")))
        })
        .await
        .unwrap();
        assert_eq!(answer.results, ["a", "b"]);
        let next = PageParams {
            cursor: answer.next_cursor,
            ..first
        };
        let last = read_through_cursor(&cursors, &next, "list|user-1", |request| async move {
            assert_eq!(request.start, page(&[], Some("b")).last_key);
            Ok::<_, ApiError>(page(&["c"], None))
        })
        .await
        .unwrap();
        assert_eq!(
            (last.results, last.next_cursor),
            (vec!["c".to_string()], None)
        );
        // Another list, or another caller: a 400 before anything is read
        // (a read would answer a 500).
        let read = |_| async { Err::<ListPage<String>, _>(ApiError::internal()) };
        let refused = read_through_cursor(&cursors, &next, "list|user-2", read)
            .await
            .unwrap_err();
        assert_eq!(refused.status(), 400);
        assert_eq!(refused.field_errors()[0].field, "cursor");
    }
}
