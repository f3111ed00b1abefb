//! The workflow routes: start, complete, cancel, reschedule, and a message to
//! the car's owner. Every move the status forbids is a 409 that changes nothing.

use axum::{
    extract::{Path, State},
    http::HeaderMap,
};
use ecar_http::{
    AppState,
    auth::Caller,
    events::Channel,
    http::{ApiError, Json, OptionalJson, Problem, expected_version},
    services::{
        Service, complete,
        notify::{self, NotificationReport},
        pages, workflow,
    },
};

use crate::{
    access::{WorkCheck, service_id},
    requests::{
        CancelRequest, CompleteRequest, RescheduleRequest, SendNotificationRequest, SmsRequest,
        StartRequest,
    },
};

/// Start work: `scheduled → in_progress`.
#[utoipa::path(post, path = "/api/services/{id}/start", tag = "services",
    params(
        ("id" = String, Path, description = "Service id"),
        ("If-Match" = Option<String>, Header, description = "The version started, quoted"),
    ),
    request_body(content = Option<StartRequest>, description = "Optional: the version started (or `If-Match`)"),
    responses(
        (status = 200, description = "The started service", body = Service),
        (status = 400, description = "Invalid or unknown fields", body = Problem),
        (status = 401, description = "Not authenticated", body = Problem),
        (status = 403, description = "Not staff or a technician", body = Problem),
        (status = 404, description = "No such service, or not assigned to the technician", body = Problem),
        (status = 409, description = "Not scheduled, or a stale version", body = Problem),
    ))]
pub async fn start(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Result<OptionalJson<StartRequest>, ApiError>,
) -> Result<axum::Json<Service>, ApiError> {
    let check = WorkCheck::of(&state, &caller, &id).await?;
    let OptionalJson(body) = body?;
    let expected = check.expected(expected_version(&headers, body.version)?)?;
    let service = workflow::start(&state, &service_id(&id)?, expected).await?;
    Ok(axum::Json(pages::shown_to(&caller, service)))
}

/// Complete: `scheduled | in_progress → completed`. In the same transaction
/// the car's mileage is raised (never lowered), its last and next service are
/// updated, and the customer is notified.
#[utoipa::path(post, path = "/api/services/{id}/complete", tag = "services",
    params(
        ("id" = String, Path, description = "Service id"),
        ("If-Match" = Option<String>, Header, description = "The version completed, quoted"),
    ),
    request_body = CompleteRequest,
    responses(
        (status = 200, description = "The completed service", body = Service),
        (status = 400, description = "Invalid or unknown fields", body = Problem),
        (status = 401, description = "Not authenticated", body = Problem),
        (status = 403, description = "Not staff or a technician", body = Problem),
        (status = 404, description = "No such service, or not assigned to the technician", body = Problem),
        (status = 409, description = "Completed or cancelled already, or a stale version", body = Problem),
    ))]
pub async fn complete(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Result<Json<CompleteRequest>, ApiError>,
) -> Result<axum::Json<Service>, ApiError> {
    let check = WorkCheck::of(&state, &caller, &id).await?;
    let Json(body) = body?;
    let expected = check.expected(expected_version(&headers, body.version)?)?;
    let service = complete::complete(
        &state,
        &service_id(&id)?,
        &body.completion(state.config.time_zone),
        expected,
    )
    .await?;
    crate::clock::stop_clock_on(&state, service.technician_id.as_deref(), &service.id).await;
    Ok(axum::Json(pages::shown_to(&caller, service)))
}

/// Cancel, with a reason: refused once completed or cancelled.
#[utoipa::path(post, path = "/api/services/{id}/cancel", tag = "services",
    params(
        ("id" = String, Path, description = "Service id"),
        ("If-Match" = Option<String>, Header, description = "The version cancelled, quoted"),
    ),
    request_body = CancelRequest,
    responses(
        (status = 200, description = "The cancelled service", body = Service),
        (status = 400, description = "No reason, or unknown fields", body = Problem),
        (status = 401, description = "Not authenticated", body = Problem),
        (status = 403, description = "Not staff", body = Problem),
        (status = 404, description = "No such service", body = Problem),
        (status = 409, description = "Completed or cancelled already, or a stale version", body = Problem),
    ))]
pub async fn cancel(
    State(state): State<AppState>,
    _caller: Caller,
    Path(id): Path<String>,
    headers: HeaderMap,
    Json(body): Json<CancelRequest>,
) -> Result<axum::Json<Service>, ApiError> {
    let expected = expected_version(&headers, body.version)?;
    let service = workflow::cancel(&state, &service_id(&id)?, body.reason, expected).await?;
    crate::clock::stop_clock_on(&state, service.technician_id.as_deref(), &service.id).await;
    Ok(axum::Json(service))
}

/// Move to another day: refused once completed or cancelled.
#[utoipa::path(post, path = "/api/services/{id}/reschedule", tag = "services",
    params(
        ("id" = String, Path, description = "Service id"),
        ("If-Match" = Option<String>, Header, description = "The version changed, quoted"),
    ),
    request_body = RescheduleRequest,
    responses(
        (status = 200, description = "The rescheduled service", body = Service),
        (status = 400, description = "A bad date, or unknown fields", body = Problem),
        (status = 401, description = "Not authenticated", body = Problem),
        (status = 403, description = "Not staff", body = Problem),
        (status = 404, description = "No such service", body = Problem),
        (status = 409, description = "Completed or cancelled, or a stale version", body = Problem),
    ))]
pub async fn reschedule(
    State(state): State<AppState>,
    _caller: Caller,
    Path(id): Path<String>,
    headers: HeaderMap,
    Json(body): Json<RescheduleRequest>,
) -> Result<axum::Json<Service>, ApiError> {
    let expected = expected_version(&headers, body.version)?;
    let day = body.scheduled_date.day_in(state.config.time_zone);
    let service = workflow::reschedule(&state, &service_id(&id)?, day, expected).await?;
    Ok(axum::Json(service))
}

/// Send the car's owner a message about the service, by push and/or SMS.
#[utoipa::path(post, path = "/api/services/{id}/send_notification", tag = "services",
    params(("id" = String, Path, description = "Service id")),
    request_body = SendNotificationRequest,
    responses(
        (status = 200, description = "What was sent or queued", body = NotificationReport),
        (status = 400, description = "No channel, or unknown fields", body = Problem),
        (status = 401, description = "Not authenticated", body = Problem),
        (status = 403, description = "Not staff", body = Problem),
        (status = 404, description = "No such service", body = Problem),
        (status = 409, description = "The message cannot be sent (e.g. an unusable phone number)", body = Problem),
        (status = 503, description = "The SMS service is unavailable", body = Problem),
    ))]
pub async fn send_notification(
    State(state): State<AppState>,
    _caller: Caller,
    Path(id): Path<String>,
    Json(body): Json<SendNotificationRequest>,
) -> Result<axum::Json<NotificationReport>, ApiError> {
    let report = notify::send(
        &state,
        &service_id(&id)?,
        body.message.as_ref(),
        &body.channels,
    )
    .await?;
    Ok(axum::Json(report))
}

/// Text the car's owner now (the Django ECAR's `send_sms_notification`):
/// `send_notification` with the `sms` channel.
#[utoipa::path(post, path = "/api/services/{id}/send_sms_notification", tag = "services",
    params(("id" = String, Path, description = "Service id")),
    request_body(content = Option<SmsRequest>, description = "Optional: `{\"message\"}`"),
    responses(
        (status = 200, description = "What was sent", body = NotificationReport),
        (status = 400, description = "Unknown fields, or SMS disabled", body = Problem),
        (status = 401, description = "Not authenticated", body = Problem),
        (status = 403, description = "Not staff", body = Problem),
        (status = 404, description = "No such service", body = Problem),
        (status = 409, description = "The message cannot be sent (e.g. an unusable phone number)", body = Problem),
        (status = 503, description = "The SMS service is unavailable", body = Problem),
    ))]
pub async fn send_sms_notification(
    State(state): State<AppState>,
    _caller: Caller,
    Path(id): Path<String>,
    OptionalJson(body): OptionalJson<SmsRequest>,
) -> Result<axum::Json<NotificationReport>, ApiError> {
    let report = notify::send(
        &state,
        &service_id(&id)?,
        body.message.as_ref(),
        &[Channel::Sms],
    )
    .await?;
    Ok(axum::Json(report))
}
