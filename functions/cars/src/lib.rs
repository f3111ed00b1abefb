//! The cars function: cars and their owners, plates and VINs, mileage,
//! next-service predictions, statistics, bulk import and CSV export.

mod bulk;
mod crud;
mod odometer;
mod requests;

use ecar_http::AppState;
use utoipa_axum::{router::OpenApiRouter, routes};

/// The function's routes and their OpenAPI description.
pub fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(crud::list_cars, crud::create_car))
        .routes(routes!(
            crud::get_car,
            crud::replace_car,
            crud::patch_car,
            crud::delete_car
        ))
        .routes(routes!(odometer::statistics))
        .routes(routes!(odometer::report_mileage))
        .routes(routes!(odometer::mileage_history))
        .routes(routes!(odometer::next_service_prediction))
        .routes(routes!(odometer::services_of))
        .routes(routes!(bulk::bulk_create))
        .routes(routes!(bulk::export))
}
