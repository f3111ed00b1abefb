//! The customers function: profiles and their logins, search, statistics,
//! bulk import and CSV export.

mod bulk;
mod crud;
mod profile;
mod requests;

use axum::Router;
use ecar_http::{AppState, RouteSet, routes};
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
        .group(routes!(crud::list_customers, crud::create_customer))
        .group(routes!(crud::my_profile))
        .group(routes!(
            crud::get_customer,
            crud::replace_customer,
            crud::patch_customer,
            crud::delete_customer
        ))
        .group(routes!(profile::statistics))
        .group(routes!(profile::update_address))
        .group(routes!(profile::cars_of))
        .group(routes!(profile::service_history))
        .group(routes!(profile::change_history))
        .group(routes!(bulk::bulk_create))
        .group(routes!(bulk::export))
}
