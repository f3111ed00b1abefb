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

/// An HTTP function: its binary and its routes in both forms (see
/// [`ecar_http::routes`](mod@ecar_http::routes)).
pub struct ApiFunction {
    /// The binary (`ecar-invoices`).
    pub binary: &'static str,
    /// The routes with their OpenAPI description.
    pub api: fn() -> OpenApiRouter<AppState>,
    /// The routes alone, as the function's Lambda serves them.
    pub router: fn() -> Router<AppState>,
}

/// Every HTTP function, in the order the document lists them.
pub const API_FUNCTIONS: &[ApiFunction] = &[
    ApiFunction {
        binary: "ecar-auth",
        api: ecar_auth::api,
        router: ecar_auth::router,
    },
    ApiFunction {
        binary: "ecar-customers",
        api: ecar_customers::api,
        router: ecar_customers::router,
    },
    ApiFunction {
        binary: "ecar-cars",
        api: ecar_cars::api,
        router: ecar_cars::router,
    },
    ApiFunction {
        binary: "ecar-services",
        api: ecar_services::api,
        router: ecar_services::router,
    },
    ApiFunction {
        binary: "ecar-invoices",
        api: ecar_invoices::api,
        router: ecar_invoices::router,
    },
    ApiFunction {
        binary: "ecar-notifications",
        api: ecar_notifications::api,
        router: ecar_notifications::router,
    },
    ApiFunction {
        binary: "ecar-appointments",
        api: ecar_appointments::api,
        router: ecar_appointments::router,
    },
];

/// Every API function, by binary name, with its documented routes.
pub fn functions() -> Vec<(&'static str, OpenApiRouter<AppState>)> {
    API_FUNCTIONS
        .iter()
        .map(|function| {
            let api = with_unique_operation_ids(function.binary, (function.api)());
            (function.binary, api)
        })
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
/// without building the document.
pub fn router() -> Router<AppState> {
    API_FUNCTIONS.iter().fold(Router::new(), |all, function| {
        all.merge((function.router)())
    })
}
