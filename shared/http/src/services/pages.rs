//! The services lists as the routes answer them (the services lists, a
//! customer's service history, a car's services): the caller's audience,
//! cursors checked and signed for the list and the caller, and each service
//! shown as the caller may see it.

use super::{
    Service, ServiceError,
    views::{Audience, ListFilter, Listing, View, today},
};
use crate::{
    auth::Caller,
    domain::CustomerId,
    http::{ApiError, ListResponse, PageParams, read_through_cursor},
    state::AppState,
};

/// Whose services `caller` may list: staff every one, a technician those
/// assigned to them, a customer their own.
pub fn audience_of(caller: &Caller) -> Result<Audience, ApiError> {
    if caller.is_staff() {
        return Ok(Audience::Staff);
    }
    if caller.is_technician() {
        return Ok(Audience::Technician(caller.user_id.clone()));
    }
    caller
        .customer_id
        .as_deref()
        .and_then(|id| CustomerId::parse(id).ok())
        .map(Audience::Customer)
        .ok_or_else(ApiError::forbidden)
}

/// One page of the services `view` and `filter` select for `caller`.
pub async fn page_for(
    state: &AppState,
    caller: &Caller,
    view: View,
    filter: &ListFilter,
    params: &PageParams,
) -> Result<ListResponse<Service>, ApiError> {
    let audience = audience_of(caller)?;
    // A bad limit is refused even when the list selects nothing.
    params.limit()?;
    let Some(listing) = Listing::new(view, filter, &audience, today(state)) else {
        return Ok(ListResponse::empty());
    };
    let binding = format!("services|{}|{}", caller.user_id, listing.scope());
    let table = state.table.as_ref();
    read_through_cursor(&state.cursors, params, &binding, |request| async {
        let page = listing.read(table, request).await?;
        Ok::<_, ServiceError>(page.map(|service| shown_to(caller, service)))
    })
    .await
}

/// A service as `caller` may see it: staff everything, a technician the
/// work without the invoice, a customer without what is the garage's own.
pub fn shown_to(caller: &Caller, service: Service) -> Service {
    if caller.is_technician() {
        service.seen_by_technician()
    } else {
        service.seen_by(caller.is_staff())
    }
}
