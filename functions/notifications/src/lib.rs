//! The notifications function: a customer's notifications and read marks,
//! staff messages to one customer or to all, and the phones registered for push.

mod devices;
mod inbox;
mod requests;
mod send;

use axum::Router;
use ecar_http::{AppState, RouteSet, auth::Caller, domain::CustomerId, http::ApiError, routes};
use utoipa_axum::router::OpenApiRouter;

/// The function's routes and their OpenAPI description: for the document
/// and the authorization tests.
pub fn api() -> OpenApiRouter<AppState> {
    routes()
}

/// The function's routes alone, as its Lambda and the local server serve
/// them (see [`ecar_http::routes`](mod@ecar_http::routes)).
pub fn router() -> Router<AppState> {
    routes()
}

fn routes<R: RouteSet>() -> R {
    R::empty()
        .group(routes!(inbox::list_notifications, send::send_notification))
        .group(routes!(inbox::unread_count))
        .group(routes!(inbox::mark_all_read))
        .group(routes!(inbox::get_notification))
        .group(routes!(inbox::mark_read))
        .group(routes!(devices::register_device, devices::list_devices))
        .group(routes!(devices::remove_device))
}

/// The customer profile of a customer caller (403 for staff and admins, who have none).
fn own_profile(caller: &Caller) -> Result<CustomerId, ApiError> {
    caller
        .customer_id
        .as_deref()
        .and_then(|id| CustomerId::parse(id).ok())
        .ok_or_else(ApiError::forbidden)
}
