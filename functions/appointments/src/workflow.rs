//! The workflow routes: confirm, decline, cancel, reschedule, check in,
//! no-show. Every move the status forbids is a 409 that changes nothing.

use axum::{
    extract::{Path, State},
    http::HeaderMap,
};
use ecar_http::{
    AppState,
    appointments::{
        Appointment,
        change::{self, Change},
    },
    auth::Caller,
    http::{ApiError, Json, OptionalJson, Problem, expected_version},
    services::assignment,
};

use crate::{
    access::{actor, appointment_id, visible},
    requests::{
        AssignAppointmentRequest, CancelAppointmentRequest, CheckInRequest, DeclineRequest,
        RescheduleAppointmentRequest, VersionRequest,
    },
};

/// The body, or why not: another customer's appointment is a 404 whatever
/// they send (the change itself checks ownership when the body is fine).
async fn parsed<T>(
    state: &AppState,
    caller: &Caller,
    id: &str,
    body: Result<T, ApiError>,
) -> Result<T, ApiError> {
    if body.is_err() {
        visible(state, caller, id).await?;
    }
    body
}

/// Runs `change` on appointment `id` for the caller.
async fn run(
    state: &AppState,
    caller: &Caller,
    id: &str,
    headers: &HeaderMap,
    body_version: Option<u64>,
    change: Change,
) -> Result<axum::Json<Appointment>, ApiError> {
    let expected = expected_version(headers, body_version)?;
    let actor = actor(caller)?;
    let appointment = change::change(state, &actor, &appointment_id(id)?, change, expected).await?;
    Ok(axum::Json(appointment))
}

/// Confirm a customer's request: `requested → confirmed`; the customer is told.
#[utoipa::path(post, path = "/api/appointments/{id}/confirm", tag = "appointments",
    params(
        ("id" = String, Path, description = "Appointment id"),
        ("If-Match" = Option<String>, Header, description = "The version confirmed, quoted"),
    ),
    request_body(content = Option<VersionRequest>, description = "Optional: the version confirmed (or `If-Match`)"),
    responses(
        (status = 200, description = "The confirmed appointment", body = Appointment),
        (status = 400, description = "Invalid or unknown fields", body = Problem),
        (status = 401, description = "Not authenticated", body = Problem),
        (status = 403, description = "Not staff", body = Problem),
        (status = 404, description = "No such appointment", body = Problem),
        (status = 409, description = "Not requested, or a stale version", body = Problem),
    ))]
pub async fn confirm(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    headers: HeaderMap,
    OptionalJson(body): OptionalJson<VersionRequest>,
) -> Result<axum::Json<Appointment>, ApiError> {
    run(
        &state,
        &caller,
        &id,
        &headers,
        body.version,
        Change::Confirm,
    )
    .await
}

/// Decline a customer's request, saying why: `requested → declined`; the
/// slot's place is freed and the customer is told.
#[utoipa::path(post, path = "/api/appointments/{id}/decline", tag = "appointments",
    params(
        ("id" = String, Path, description = "Appointment id"),
        ("If-Match" = Option<String>, Header, description = "The version declined, quoted"),
    ),
    request_body = DeclineRequest,
    responses(
        (status = 200, description = "The declined appointment", body = Appointment),
        (status = 400, description = "Invalid, missing or unknown fields", body = Problem),
        (status = 401, description = "Not authenticated", body = Problem),
        (status = 403, description = "Not staff", body = Problem),
        (status = 404, description = "No such appointment", body = Problem),
        (status = 409, description = "Not requested, or a stale version", body = Problem),
    ))]
pub async fn decline(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    headers: HeaderMap,
    Json(body): Json<DeclineRequest>,
) -> Result<axum::Json<Appointment>, ApiError> {
    let change = Change::Decline(body.reason);
    run(&state, &caller, &id, &headers, body.version, change).await
}

/// Cancel: `requested | confirmed → cancelled`, freeing the slot's place. A
/// customer cancels their own, up to the schedule's cut-off before the slot.
#[utoipa::path(post, path = "/api/appointments/{id}/cancel", tag = "appointments",
    params(
        ("id" = String, Path, description = "Appointment id"),
        ("If-Match" = Option<String>, Header, description = "The version cancelled, quoted"),
    ),
    request_body(content = Option<CancelAppointmentRequest>, description = "Optional: why, and the version cancelled"),
    responses(
        (status = 200, description = "The cancelled appointment", body = Appointment),
        (status = 400, description = "Invalid or unknown fields", body = Problem),
        (status = 401, description = "Not authenticated", body = Problem),
        (status = 404, description = "No such appointment, or not the caller's", body = Problem),
        (status = 409, description = "Not ahead any more, past the cut-off, or a stale version", body = Problem),
    ))]
pub async fn cancel(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Result<OptionalJson<CancelAppointmentRequest>, ApiError>,
) -> Result<axum::Json<Appointment>, ApiError> {
    let OptionalJson(body) = parsed(&state, &caller, &id, body).await?;
    let change = Change::Cancel(body.reason);
    run(&state, &caller, &id, &headers, body.version, change).await
}

/// Move to another free slot, atomically (the old place is freed in the same
/// transaction as the new one is taken). A customer moves their own, up to
/// the cut-off, and the garage confirms the new time again.
#[utoipa::path(post, path = "/api/appointments/{id}/reschedule", tag = "appointments",
    params(
        ("id" = String, Path, description = "Appointment id"),
        ("If-Match" = Option<String>, Header, description = "The version moved, quoted"),
    ),
    request_body = RescheduleAppointmentRequest,
    responses(
        (status = 200, description = "The moved appointment", body = Appointment),
        (status = 400, description = "Invalid or unknown fields: not a slot ahead, or the car booked then", body = Problem),
        (status = 401, description = "Not authenticated", body = Problem),
        (status = 404, description = "No such appointment, or not the caller's", body = Problem),
        (status = 409, description = "The new slot is full, not ahead any more, past the cut-off, or a stale version", body = Problem),
    ))]
pub async fn reschedule(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Result<Json<RescheduleAppointmentRequest>, ApiError>,
) -> Result<axum::Json<Appointment>, ApiError> {
    let Json(body) = parsed(&state, &caller, &id, body).await?;
    let change = Change::Reschedule(body.starts_at);
    run(&state, &caller, &id, &headers, body.version, change).await
}

/// Check the car in: `confirmed → checked_in`, opening its service (linked
/// both ways) in the same transaction.
#[utoipa::path(post, path = "/api/appointments/{id}/check_in", tag = "appointments",
    params(
        ("id" = String, Path, description = "Appointment id"),
        ("If-Match" = Option<String>, Header, description = "The version checked in, quoted"),
    ),
    request_body(content = Option<CheckInRequest>, description = "Optional: the service's title and type"),
    responses(
        (status = 200, description = "The checked-in appointment, with its service id", body = Appointment),
        (status = 400, description = "Invalid or unknown fields", body = Problem),
        (status = 401, description = "Not authenticated", body = Problem),
        (status = 403, description = "Not staff", body = Problem),
        (status = 404, description = "No such appointment", body = Problem),
        (status = 409, description = "Not confirmed, or a stale version", body = Problem),
    ))]
pub async fn check_in(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    headers: HeaderMap,
    OptionalJson(body): OptionalJson<CheckInRequest>,
) -> Result<axum::Json<Appointment>, ApiError> {
    let change = Change::CheckIn(body.draft());
    run(&state, &caller, &id, &headers, body.version, change).await
}

/// The car did not come: `confirmed → no_show`, once its slot has started.
#[utoipa::path(post, path = "/api/appointments/{id}/no_show", tag = "appointments",
    params(
        ("id" = String, Path, description = "Appointment id"),
        ("If-Match" = Option<String>, Header, description = "The version marked, quoted"),
    ),
    request_body(content = Option<VersionRequest>, description = "Optional: the version marked (or `If-Match`)"),
    responses(
        (status = 200, description = "The appointment, marked", body = Appointment),
        (status = 400, description = "Invalid or unknown fields", body = Problem),
        (status = 401, description = "Not authenticated", body = Problem),
        (status = 403, description = "Not staff", body = Problem),
        (status = 404, description = "No such appointment", body = Problem),
        (status = 409, description = "Not confirmed, not started yet, or a stale version", body = Problem),
    ))]
pub async fn no_show(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    headers: HeaderMap,
    OptionalJson(body): OptionalJson<VersionRequest>,
) -> Result<axum::Json<Appointment>, ApiError> {
    run(&state, &caller, &id, &headers, body.version, Change::NoShow).await
}

/// Give the work to a technician (an active one), or to nobody, while the
/// appointment is requested or confirmed; the service its check-in opens is
/// then theirs. No message goes to the customer.
#[utoipa::path(post, path = "/api/appointments/{id}/assign", tag = "appointments",
    params(
        ("id" = String, Path, description = "Appointment id"),
        ("If-Match" = Option<String>, Header, description = "The version changed, quoted"),
    ),
    request_body = AssignAppointmentRequest,
    responses(
        (status = 200, description = "The assigned appointment", body = Appointment),
        (status = 400, description = "Not an active technician, or unknown fields", body = Problem),
        (status = 401, description = "Not authenticated", body = Problem),
        (status = 403, description = "Not staff", body = Problem),
        (status = 404, description = "No such appointment", body = Problem),
        (status = 409, description = "Checked in, declined, cancelled or a no-show, or a stale version", body = Problem),
    ))]
pub async fn assign(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    headers: HeaderMap,
    Json(body): Json<AssignAppointmentRequest>,
) -> Result<axum::Json<Appointment>, ApiError> {
    let technician = body.technician_id.flatten();
    if let Some(user_id) = &technician {
        assignment::check_technician(state.table.as_ref(), user_id).await?;
    }
    let change = Change::Assign(technician);
    run(&state, &caller, &id, &headers, body.version, change).await
}
