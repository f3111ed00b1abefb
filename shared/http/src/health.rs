//! `GET /api/health`: liveness for load balancers and the SPA.

use axum::Json;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::state::AppState;

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
pub fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(health))
}
