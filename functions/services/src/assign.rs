//! The workshop's routes on one service: who does the work, and what the
//! technician notes.

use axum::{
    extract::{Path, State},
    http::HeaderMap,
};
use ecar_http::{
    AppState,
    auth::Caller,
    http::{ApiError, Json, Problem, expected_version},
    services::{Service, assignment, pages, workflow},
};

use crate::{
    access::{WorkCheck, service_id},
    clock,
    requests::{AssignRequest, NotesRequest},
};

/// Assign the work to a technician (an active user with the technician
/// role), or to nobody; refused once the service is completed or cancelled.
/// The previous technician's clock on it, if it runs, stops.
#[utoipa::path(post, path = "/api/services/{id}/assign", tag = "services",
    params(
        ("id" = String, Path, description = "Service id"),
        ("If-Match" = Option<String>, Header, description = "The version changed, quoted"),
    ),
    request_body = AssignRequest,
    responses(
        (status = 200, description = "The assigned service", body = Service),
        (status = 400, description = "Not an active technician, or unknown fields", body = Problem),
        (status = 401, description = "Not authenticated", body = Problem),
        (status = 403, description = "Not staff", body = Problem),
        (status = 404, description = "No such service", body = Problem),
        (status = 409, description = "Completed or cancelled, or a stale version", body = Problem),
    ))]
pub async fn assign(
    State(state): State<AppState>,
    _caller: Caller,
    Path(id): Path<String>,
    headers: HeaderMap,
    Json(body): Json<AssignRequest>,
) -> Result<axum::Json<Service>, ApiError> {
    let expected = expected_version(&headers, body.version)?;
    let technician = body.technician_id.flatten();
    let id = service_id(&id)?;
    let assigned = assignment::assign(&state, &id, technician.as_deref(), expected).await?;
    clock::stop_clock_on(&state, assigned.previous.as_deref(), &id).await;
    Ok(axum::Json(assigned.service))
}

/// Write the technician's notes (staff at any time; the assigned technician
/// while the work is open).
#[utoipa::path(post, path = "/api/services/{id}/notes", tag = "services",
    params(
        ("id" = String, Path, description = "Service id"),
        ("If-Match" = Option<String>, Header, description = "The version changed, quoted"),
    ),
    request_body = NotesRequest,
    responses(
        (status = 200, description = "The service with its notes", body = Service),
        (status = 400, description = "Notes too long, or unknown fields", body = Problem),
        (status = 401, description = "Not authenticated", body = Problem),
        (status = 403, description = "Not staff or a technician", body = Problem),
        (status = 404, description = "No such service, or not assigned to the technician", body = Problem),
        (status = 409, description = "Closed to the technician, or a stale version", body = Problem),
    ))]
pub async fn notes(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Result<Json<NotesRequest>, ApiError>,
) -> Result<axum::Json<Service>, ApiError> {
    let check = WorkCheck::of(&state, &caller, &id).await?;
    let Json(body) = body?;
    let expected = check.expected(expected_version(&headers, body.version)?)?;
    let service =
        workflow::write_notes(&state, &service_id(&id)?, body.technician_notes, expected).await?;
    Ok(axum::Json(pages::shown_to(&caller, service)))
}
