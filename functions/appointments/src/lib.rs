//! The appointments function: the garage's schedule, its free slots,
//! appointments from the booking to the check-in that opens the car's
//! service, and the customers' requests that lead to them.

mod access;
mod calendar;
mod requests;
mod schedule;
mod service_requests;
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
        .group(routes!(workflow::assign))
        .group(routes!(
            service_requests::list_requests,
            service_requests::create_request
        ))
        .group(routes!(service_requests::get_request))
        .group(routes!(service_requests::book_request))
        .group(routes!(service_requests::open_service))
        .group(routes!(service_requests::close_request))
        .group(routes!(service_requests::withdraw_request))
}
