//! The auth function: tokens (login, refresh, logout, verify), customer
//! self-registration, password change, user accounts and the audit log;
//! also under the Django ECAR's paths.

mod audit;
mod cookie;
mod django;
mod openapi;
mod password;
mod register;
mod tokens;
mod users;

use axum::Router;
use ecar_http::{AppState, RouteSet};
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
        .join(ecar_http::health::routes())
        .join(openapi::routes())
        .join(tokens::routes())
        .join(register::routes())
        .join(password::routes())
        .join(users::routes())
        .join(audit::routes())
        .join(django::routes())
}
