//! `?legacy_id=` on the lists of the entities a garage imported from the
//! Django ECAR: the original's integer id finds the entity it became.

use std::future::Future;

use axum::http::StatusCode;

use super::{ApiError, ListResponse};
use crate::{
    legacy::{self, LegacyModel},
    store::Table,
};

/// The page of at most one entity that row `legacy_id` of `model` became,
/// as `visible` reads it for the caller; empty when there is none or the
/// caller may not see it. `other_filters` says whether the request had other
/// filters: a legacy id names one entity, so they are refused beside it.
/// The id is signed as the OpenAPI document's `int64` is; below 1 is a 400.
pub async fn legacy_page<T, Fut>(
    table: &dyn Table,
    model: LegacyModel,
    legacy_id: i64,
    other_filters: bool,
    visible: impl FnOnce(String) -> Fut,
) -> Result<ListResponse<T>, ApiError>
where
    Fut: Future<Output = Result<T, ApiError>>,
{
    if other_filters {
        return Err(ApiError::invalid_field(
            "legacy_id",
            "names one entity: no other filter goes with it",
        ));
    }
    // The original's ids start at 1.
    let legacy_id = u64::try_from(legacy_id)
        .ok()
        .filter(|id| *id > 0)
        .ok_or_else(|| ApiError::invalid_field("legacy_id", "must be 1 or more"))?;
    let mut results = Vec::new();
    if let Some(id) = legacy::find(table, model, legacy_id).await? {
        match visible(id).await {
            Ok(entity) => results.push(entity),
            Err(error)
                if matches!(
                    error.status(),
                    StatusCode::NOT_FOUND | StatusCode::FORBIDDEN
                ) => {}
            Err(error) => return Err(error),
        }
    }
    Ok(ListResponse {
        results,
        next_cursor: None,
    })
}
