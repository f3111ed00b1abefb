//! `GET /api/health`: liveness for load balancers and the SPA.

use crate::routes::RouteSet;
use axum::Json;
use serde::Serialize;
use utoipa::ToSchema;

/// The health answer.
#[derive(Debug, Serialize, ToSchema)]
pub struct Health {
    /// Always `ok` when the function answers.
    pub status: &'static str,
    /// The deployed version.
    pub version: &'static str,
}

/// Liveness check.
#[utoipa::path(get, path = "/api/health", tag = "health",
    responses((status = 200, description = "The API is up", body = Health)))]
pub async fn health() -> Json<Health> {
    Json(Health {
        status: "ok",
        version: env!("CARGO_PKG_VERSION"),
    })
}

/// The health route.
pub fn routes<R: RouteSet>() -> R {
    R::empty().group(crate::routes!(health))
}
