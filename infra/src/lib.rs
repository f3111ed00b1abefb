//! The local runner and operator CLI: every function's router in one process,
//! plus the SPA and the local blob URLs.

pub mod admin;
pub mod import;
pub mod keys;
pub mod local_aws;
pub mod openapi;
pub mod outbox;
pub mod reminders;
pub mod routes;
pub mod seed;
pub mod serve;
pub mod spa;
pub mod table;
pub mod uploads;

use axum::Router;
use ecar_http::{AppState, openapi as document};
use utoipa_axum::router::OpenApiRouter;

/// What a CLI command returns.
pub type CliResult = Result<(), Box<dyn std::error::Error + Send + Sync>>;

/// Every API function, by binary name, with its routes.
pub fn functions() -> Vec<(&'static str, OpenApiRouter<AppState>)> {
    vec![
        ("ecar-auth", ecar_auth::api()),
        ("ecar-customers", ecar_customers::api()),
        ("ecar-cars", ecar_cars::api()),
        ("ecar-services", ecar_services::api()),
        ("ecar-invoices", ecar_invoices::api()),
        ("ecar-notifications", ecar_notifications::api()),
    ]
    .into_iter()
    .map(|(binary, api)| (binary, with_unique_operation_ids(binary, api)))
    .collect()
}

/// Prefixes each operation id with the function's resource (`ecar-invoices`
/// and `statistics` give `invoices_statistics`): handlers of different
/// functions share names, and generated clients need unique ids.
fn with_unique_operation_ids(
    binary: &str,
    mut api: OpenApiRouter<AppState>,
) -> OpenApiRouter<AppState> {
    let resource = binary.trim_start_matches("ecar-").replace('-', "_");
    for item in api.get_openapi_mut().paths.paths.values_mut() {
        for (_, operation) in document::operations_mut(item) {
            if let Some(id) = &mut operation.operation_id
                && !id.starts_with(&format!("{resource}_"))
            {
                *id = format!("{resource}_{id}");
            }
        }
    }
    api
}

/// Every function's routes, as one router with one OpenAPI document.
/// The document is completed once merged: security and error bodies follow
/// the authorization matrix and the problem+json schema.
pub fn api() -> OpenApiRouter<AppState> {
    let mut all = functions().into_iter().fold(
        OpenApiRouter::with_openapi(document::frame()),
        |all, (_, api)| all.merge(api),
    );
    document::complete(all.get_openapi_mut());
    all
}

/// Every function's routes as one plain router: what `ecar serve` serves,
/// without building the document (see [`ecar_http::routes`]).
pub fn router() -> Router<AppState> {
    Router::new()
        .merge(ecar_auth::router())
        .merge(ecar_customers::router())
        .merge(ecar_cars::router())
        .merge(ecar_services::router())
        .merge(ecar_invoices::router())
        .merge(ecar_notifications::router())
}
