//! `POST /api/services/bulk_update` (admins).

use axum::extract::State;
use ecar_http::{
    AppState, audit,
    auth::Caller,
    http::{ApiError, Json, Problem},
    services::bulk::{self, BulkUpdateReport},
};

use crate::requests::BulkUpdateRequest;

/// Apply the same changes to up to 1000 services, each with the rules of a
/// single update; a report per id.
#[utoipa::path(post, path = "/api/services/bulk_update", tag = "services",
    request_body = BulkUpdateRequest,
    responses(
        (status = 200, description = "What was changed and what was refused, per id", body = BulkUpdateReport),
        (status = 400, description = "No ids, too many, invalid changes, or unknown fields", body = Problem),
        (status = 401, description = "Not authenticated", body = Problem),
        (status = 403, description = "Not an admin", body = Problem),
    ))]
pub async fn bulk_update(
    State(state): State<AppState>,
    caller: Caller,
    Json(body): Json<BulkUpdateRequest>,
) -> Result<axum::Json<BulkUpdateReport>, ApiError> {
    if body.changes.version.is_some() {
        return Err(ApiError::invalid_field(
            "changes.version",
            "a bulk update applies to the current version of each service",
        ));
    }
    // The Django ECAR's form fields a single update takes when they restate
    // the service: a bulk update has no one service to restate.
    let changes = &body.changes;
    for (field, given) in [
        ("changes.car_id", changes.car_id.is_some()),
        ("changes.status", changes.status.is_some()),
        ("changes.completed_date", changes.completed_date.is_some()),
    ] {
        if given {
            return Err(ApiError::invalid_field(
                field,
                "is not a change a bulk update makes",
            ));
        }
    }
    let changes = body.changes.changes(state.config.time_zone);
    let report = bulk::bulk_update(&state, &body.ids, &changes).await?;
    let summary = serde_json::json!({
        "route": "POST /api/services/bulk_update",
        "updated": report.updated.len(),
        "refused": report.errors.len(),
    });
    audit::record_import(&state, &caller, "service", summary).await;
    Ok(axum::Json(report))
}
