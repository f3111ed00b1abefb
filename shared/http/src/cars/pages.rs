//! The cars lists as the routes answer them (the cars list and a customer's
//! cars): cursors checked and signed for the list and the caller.

use super::{
    Car,
    list::{CarFilter, Listing},
};
use crate::{
    domain::CustomerId,
    http::{ApiError, ListResponse, PageParams, read_through_cursor},
    state::AppState,
};

/// One page of the cars `filter` selects for the caller `caller_user_id`;
/// `visible_to` restricts a customer to their own cars (another
/// customer's are not found).
pub async fn page_for(
    state: &AppState,
    caller_user_id: &str,
    filter: &CarFilter,
    visible_to: Option<&CustomerId>,
    params: &PageParams,
) -> Result<ListResponse<Car>, ApiError> {
    // A bad limit is refused even when the list selects nothing.
    params.limit()?;
    let Some(listing) = Listing::new(filter, visible_to) else {
        return Ok(ListResponse::empty());
    };
    let binding = format!("cars|{caller_user_id}|{}", listing.scope());
    let table = state.table.as_ref();
    read_through_cursor(&state.cursors, params, &binding, |request| {
        listing.read(table, request)
    })
    .await
}
