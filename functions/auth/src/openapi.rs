//! `GET /api/openapi.json`: the OpenAPI document of every function.
//!
//! The document is generated from all the routers by `ecar openapi` into
//! `shared/openapi.json` (checked for staleness by `make test`) and compiled in
//! here, so the auth function serves it without linking the other functions.

use axum::http::header;
use axum::response::IntoResponse;
use ecar_http::{RouteSet, routes};

const DOCUMENT: &str = include_str!("../../../shared/openapi.json");

/// The OpenAPI 3.1 document of the whole API.
#[utoipa::path(get, path = "/api/openapi.json", tag = "health",
    responses((status = 200, description = "The OpenAPI document", content_type = "application/json")))]
pub async fn document() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/json")], DOCUMENT)
}

/// The document route.
pub fn routes<R: RouteSet>() -> R {
    R::empty().group(routes!(document))
}
