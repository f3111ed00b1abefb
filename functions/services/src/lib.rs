//! The services function: the service history of the customers' cars, its
//! workflow, items (also under the Django ECAR's `/api/service-items`),
//! views, statistics, bulk update and messages to owners; the technicians
//! the work is assigned to, their workload and their own day's jobs.

mod access;
mod assign;
mod bulk;
mod clock;
mod crud;
mod invoice;
mod items;
mod requests;
mod service_items;
mod technicians;
mod views;
mod workflow;

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
        .group(routes!(crud::list_services, crud::create_service))
        .group(routes!(views::upcoming))
        .group(routes!(views::in_progress))
        .group(routes!(views::completed))
        .group(routes!(views::statistics))
        .group(routes!(bulk::bulk_update))
        .group(routes!(
            crud::get_service,
            crud::replace_service,
            crud::patch_service,
            crud::delete_service
        ))
        .group(routes!(items::list_items, items::add_item))
        .group(routes!(items::patch_item, items::delete_item))
        .group(routes!(invoice::service_invoice))
        .group(routes!(assign::assign))
        .group(routes!(assign::notes))
        .group(routes!(workflow::start))
        .group(routes!(workflow::complete))
        .group(routes!(workflow::cancel))
        .group(routes!(workflow::reschedule))
        .group(routes!(workflow::send_notification))
        .group(routes!(workflow::send_sms_notification))
        .group(routes!(technicians::list_technicians))
        .group(routes!(technicians::workload))
        .group(routes!(technicians::my_jobs))
        .group(routes!(clock::my_clock))
        .group(routes!(clock::clock_on))
        .group(routes!(clock::clock_off))
        .group(routes!(clock::close_clock))
        .group(routes!(clock::job_time))
        .group(routes!(clock::bill_time))
        .group(routes!(clock::hours_report))
        .group(routes!(clock::export_hours))
        .join(service_items::routes())
}
