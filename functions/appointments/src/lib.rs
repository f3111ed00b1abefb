//! The appointments function: the garage's schedule, its free slots,
//! appointments from the booking to the check-in that opens the car's
//! service, and the customers' requests that lead to them.

mod access;
mod calendar;
mod requests;
mod requests_routes;
mod schedule;
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
        .group(routes!(schedule::get_schedule, schedule::put_schedule))
        .group(routes!(schedule::free_slots))
        .group(routes!(calendar::list_appointments, calendar::book))
        .group(routes!(calendar::get_appointment))
        .group(routes!(workflow::confirm))
        .group(routes!(workflow::decline))
        .group(routes!(workflow::cancel))
        .group(routes!(workflow::reschedule))
        .group(routes!(workflow::check_in))
        .group(routes!(workflow::no_show))
        .group(routes!(
            requests_routes::list_requests,
            requests_routes::create_request
        ))
        .group(routes!(requests_routes::get_request))
        .group(routes!(requests_routes::book_request))
        .group(routes!(requests_routes::open_service))
        .group(routes!(requests_routes::close_request))
        .group(routes!(requests_routes::withdraw_request))
}
