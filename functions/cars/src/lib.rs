//! The cars function: cars and their owners, plates and VINs, mileage,
//! next-service predictions, statistics, bulk import and CSV export, and the
//! cars customers add for the garage's approval.

mod bulk;
mod crud;
mod odometer;
mod pending;
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
        .group(routes!(crud::list_cars, crud::create_car))
        .group(routes!(
            crud::get_car,
            crud::replace_car,
            crud::patch_car,
            crud::delete_car
        ))
        .group(routes!(odometer::statistics))
        .group(routes!(odometer::report_mileage))
        .group(routes!(odometer::mileage_history))
        .group(routes!(odometer::next_service_prediction))
        .group(routes!(odometer::services_of))
        .group(routes!(bulk::bulk_create))
        .group(routes!(bulk::export))
        .group(routes!(pending::list_pending, pending::add_car))
        .group(routes!(pending::get_pending, pending::withdraw))
        .group(routes!(pending::approve))
        .group(routes!(pending::reject))
}
