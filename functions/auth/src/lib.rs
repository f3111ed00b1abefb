//! The auth function: tokens (login, refresh, logout, verify), customer
//! self-registration, password change, and user accounts; also under the
//! Django ECAR's paths.

mod cookie;
mod django;
mod openapi;
mod password;
mod register;
mod tokens;
mod users;

use ecar_http::AppState;
use utoipa_axum::router::OpenApiRouter;

/// The function's routes and their OpenAPI description.
pub fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .merge(ecar_http::health::api())
        .merge(openapi::routes())
        .merge(tokens::routes())
        .merge(register::routes())
        .merge(password::routes())
        .merge(users::routes())
        .merge(django::routes())
}
