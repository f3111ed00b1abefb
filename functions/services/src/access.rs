//! Reading a service the caller may see, and the shared bits of the routes.

use ecar_http::{
    AppState,
    auth::Caller,
    domain::ServiceId,
    http::ApiError,
    services::{self, Service},
};

/// A service id from a path: one that cannot exist is simply not found.
pub fn service_id(text: &str) -> Result<ServiceId, ApiError> {
    ServiceId::parse(text).map_err(|_| ApiError::not_found())
}

/// Reads a service the caller may see: staff see every one, a customer
/// only their own (another's is a 404, as if it did not exist), without
/// what is internal to the garage.
pub async fn visible_service(
    state: &AppState,
    caller: &Caller,
    id: &str,
) -> Result<Service, ApiError> {
    let service = services::get(state.table.as_ref(), &service_id(id)?)
        .await?
        .ok_or_else(ApiError::not_found)?;
    caller.require_owner(service.customer_id.as_str())?;
    Ok(service.seen_by(caller.is_staff()))
}
