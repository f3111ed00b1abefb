//! The services function: the service history of the customers' cars, its
//! workflow, items (also under the Django ECAR's `/api/service-items`),
//! views, statistics, bulk update and messages to owners.

mod access;
mod bulk;
mod crud;
mod invoice;
mod items;
mod requests;
mod service_items;
mod views;
mod workflow;

use ecar_http::AppState;
use utoipa_axum::{router::OpenApiRouter, routes};

/// The function's routes and their OpenAPI description.
pub fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(crud::list_services, crud::create_service))
        .routes(routes!(views::upcoming))
        .routes(routes!(views::in_progress))
        .routes(routes!(views::completed))
        .routes(routes!(views::statistics))
        .routes(routes!(bulk::bulk_update))
        .routes(routes!(
            crud::get_service,
            crud::replace_service,
            crud::patch_service,
            crud::delete_service
        ))
        .routes(routes!(items::list_items, items::add_item))
        .routes(routes!(items::patch_item, items::delete_item))
        .routes(routes!(invoice::service_invoice))
        .routes(routes!(workflow::start))
        .routes(routes!(workflow::complete))
        .routes(routes!(workflow::cancel))
        .routes(routes!(workflow::reschedule))
        .routes(routes!(workflow::send_notification))
        .routes(routes!(workflow::send_sms_notification))
        .merge(service_items::routes())
}
