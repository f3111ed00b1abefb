//! The customers function: profiles and their logins, search, statistics,
//! bulk import and CSV export.

mod bulk;
mod crud;
mod profile;
mod requests;

use ecar_http::AppState;
use utoipa_axum::{router::OpenApiRouter, routes};

/// The function's routes and their OpenAPI description.
pub fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(crud::list_customers, crud::create_customer))
        .routes(routes!(crud::my_profile))
        .routes(routes!(
            crud::get_customer,
            crud::replace_customer,
            crud::patch_customer,
            crud::delete_customer
        ))
        .routes(routes!(profile::statistics))
        .routes(routes!(profile::update_address))
        .routes(routes!(profile::cars_of))
        .routes(routes!(profile::service_history))
        .routes(routes!(bulk::bulk_create))
        .routes(routes!(bulk::export))
}
