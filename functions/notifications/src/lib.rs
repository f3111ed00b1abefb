//! The notifications function: a customer's notifications and read marks,
//! staff messages to one customer or to all, and the phones registered for push.

mod devices;
mod inbox;
mod requests;
mod send;

use ecar_http::{AppState, auth::Caller, domain::CustomerId, http::ApiError};
use utoipa_axum::{router::OpenApiRouter, routes};

/// The function's routes and their OpenAPI description.
pub fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(inbox::list_notifications, send::send_notification))
        .routes(routes!(inbox::unread_count))
        .routes(routes!(inbox::mark_all_read))
        .routes(routes!(inbox::get_notification))
        .routes(routes!(inbox::mark_read))
        .routes(routes!(devices::register_device, devices::list_devices))
        .routes(routes!(devices::remove_device))
}

/// The customer profile of a customer caller (403 for staff and admins, who have none).
fn own_profile(caller: &Caller) -> Result<CustomerId, ApiError> {
    caller
        .customer_id
        .as_deref()
        .and_then(|id| CustomerId::parse(id).ok())
        .ok_or_else(ApiError::forbidden)
}
