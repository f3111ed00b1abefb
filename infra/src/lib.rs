//! The local runner and operator CLI: every function's router in one process,
//! plus the SPA and the local blob URLs.

pub mod admin;
pub mod openapi;
pub mod routes;
pub mod serve;
pub mod spa;
pub mod table;
pub mod uploads;

use ecar_shared::AppState;
use utoipa_axum::router::OpenApiRouter;

/// What a CLI command returns.
pub type CliResult = Result<(), Box<dyn std::error::Error + Send + Sync>>;

/// Every API function, by binary name, with its routes.
pub fn functions() -> Vec<(&'static str, OpenApiRouter<AppState>)> {
    vec![
        ("ecar-auth", ecar_auth::api()),
        ("ecar-invoices", ecar_invoices::api()),
        ("ecar-customers", ecar_customers::api()),
    ]
}

/// Every function's routes, as one router with one OpenAPI document.
pub fn api() -> OpenApiRouter<AppState> {
    functions().into_iter().fold(
        OpenApiRouter::with_openapi(ecar_shared::http::openapi::frame()),
        |all, (_, api)| all.merge(api),
    )
}
