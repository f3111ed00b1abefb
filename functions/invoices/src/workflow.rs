//! The workflow routes: issue, mark as paid, cancel, refund, and messages
//! to the invoice's customer.

use axum::{
    extract::{Path, State},
    http::HeaderMap,
};
use ecar_http::{
    AppState,
    auth::Caller,
    events::Channel,
    http::{ApiError, Json, OptionalJson, Problem, expected_version},
    invoices::{
        self, Invoice, notify,
        workflow::{self, Refund},
    },
    services::notify::NotificationReport,
};

use crate::{
    crud::invoice_id,
    requests::{
        ActionRequest, MarkPaidRequest, RefundRequest, SendNotificationRequest, SmsRequest,
    },
};

/// Issue a draft: `draft → pending`; fixes its lines and totals, gives it
/// the next number of the year and notifies the customer.
#[utoipa::path(post, path = "/api/invoices/{id}/issue", tag = "invoices",
    params(
        ("id" = String, Path, description = "Invoice id"),
        ("If-Match" = Option<String>, Header, description = "The version issued, quoted"),
    ),
    request_body(content = Option<ActionRequest>, description = "Optional: `{\"version\"}`"),
    responses(
        (status = 200, description = "The issued invoice", body = Invoice),
        (status = 401, description = "Not authenticated", body = Problem),
        (status = 403, description = "Not staff", body = Problem),
        (status = 404, description = "No such invoice", body = Problem),
        (status = 409, description = "Not a draft, no items, a past due date, or a stale version", body = Problem),
    ))]
pub async fn issue(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    headers: HeaderMap,
    OptionalJson(body): OptionalJson<ActionRequest>,
) -> Result<axum::Json<Invoice>, ApiError> {
    let version = expected_version(&headers, body.version)?;
    let id = invoice_id(&id)?;
    Ok(axum::Json(
        workflow::issue(&state, &caller.audit_actor(), &id, version).await?,
    ))
}

/// Record the payment: `pending → paid`; notifies the customer.
#[utoipa::path(post, path = "/api/invoices/{id}/mark_as_paid", tag = "invoices",
    params(
        ("id" = String, Path, description = "Invoice id"),
        ("If-Match" = Option<String>, Header, description = "The version paid, quoted"),
    ),
    request_body = MarkPaidRequest,
    responses(
        (status = 200, description = "The paid invoice", body = Invoice),
        (status = 400, description = "Invalid or unknown fields", body = Problem),
        (status = 401, description = "Not authenticated", body = Problem),
        (status = 403, description = "Not staff", body = Problem),
        (status = 404, description = "No such invoice", body = Problem),
        (status = 409, description = "Not pending, or a stale version", body = Problem),
        (status = 415, description = "Not JSON", body = Problem),
    ))]
pub async fn mark_as_paid(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    headers: HeaderMap,
    Json(body): Json<MarkPaidRequest>,
) -> Result<axum::Json<Invoice>, ApiError> {
    let version = expected_version(&headers, body.version)?;
    let id = invoice_id(&id)?;
    let paid = workflow::mark_as_paid(&state, &caller.audit_actor(), &id, &body.payment(), version)
        .await?;
    Ok(axum::Json(paid))
}

/// Call the invoice off: `draft | pending → cancelled`.
#[utoipa::path(post, path = "/api/invoices/{id}/cancel", tag = "invoices",
    params(
        ("id" = String, Path, description = "Invoice id"),
        ("If-Match" = Option<String>, Header, description = "The version cancelled, quoted"),
    ),
    request_body(content = Option<ActionRequest>, description = "Optional: `{\"version\"}`"),
    responses(
        (status = 200, description = "The cancelled invoice", body = Invoice),
        (status = 401, description = "Not authenticated", body = Problem),
        (status = 403, description = "Not staff", body = Problem),
        (status = 404, description = "No such invoice", body = Problem),
        (status = 409, description = "Paid, refunded or cancelled already, or a stale version", body = Problem),
    ))]
pub async fn cancel(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    headers: HeaderMap,
    OptionalJson(body): OptionalJson<ActionRequest>,
) -> Result<axum::Json<Invoice>, ApiError> {
    let version = expected_version(&headers, body.version)?;
    let id = invoice_id(&id)?;
    Ok(axum::Json(
        workflow::cancel(&state, &caller.audit_actor(), &id, version).await?,
    ))
}

/// Give (part of) the payment back: `paid → refunded`.
#[utoipa::path(post, path = "/api/invoices/{id}/refund", tag = "invoices",
    params(
        ("id" = String, Path, description = "Invoice id"),
        ("If-Match" = Option<String>, Header, description = "The version refunded, quoted"),
    ),
    request_body = RefundRequest,
    responses(
        (status = 200, description = "The refunded invoice", body = Invoice),
        (status = 400, description = "Invalid or unknown fields (each given under both its names included), an amount above the total, no reason", body = Problem),
        (status = 401, description = "Not authenticated", body = Problem),
        (status = 403, description = "Not staff", body = Problem),
        (status = 404, description = "No such invoice", body = Problem),
        (status = 409, description = "Not paid, or a stale version", body = Problem),
        (status = 415, description = "Not JSON", body = Problem),
    ))]
pub async fn refund(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    headers: HeaderMap,
    Json(body): Json<RefundRequest>,
) -> Result<axum::Json<Invoice>, ApiError> {
    let version = expected_version(&headers, body.version)?;
    let id = invoice_id(&id)?;
    let amount = match body.amount {
        Some(amount) => amount,
        // The whole amount billed, as the Django ECAR did; a paid invoice's
        // total no longer changes, so reading it first races with nothing.
        None => {
            invoices::get(state.table.as_ref(), &id)
                .await?
                .ok_or_else(ApiError::not_found)?
                .total
        }
    };
    let refund = Refund {
        amount,
        reason: body.reason,
    };
    Ok(axum::Json(
        workflow::refund(&state, &caller.audit_actor(), &id, &refund, version).await?,
    ))
}

/// Send the invoice's customer a message: `sms` texted now, `push` queued
/// for the dispatcher (delivered once), as for services.
#[utoipa::path(post, path = "/api/invoices/{id}/send_notification", tag = "invoices",
    params(("id" = String, Path, description = "Invoice id")),
    request_body = SendNotificationRequest,
    responses(
        (status = 200, description = "What was sent or queued", body = NotificationReport),
        (status = 400, description = "No channel, unknown fields, or SMS disabled", body = Problem),
        (status = 401, description = "Not authenticated", body = Problem),
        (status = 403, description = "Not staff", body = Problem),
        (status = 404, description = "No such invoice", body = Problem),
        (status = 409, description = "A draft or cancelled invoice, or an unusable phone number", body = Problem),
        (status = 415, description = "Not JSON", body = Problem),
        (status = 503, description = "The SMS service is unavailable", body = Problem),
    ))]
pub async fn send_notification(
    State(state): State<AppState>,
    _caller: Caller,
    Path(id): Path<String>,
    Json(body): Json<SendNotificationRequest>,
) -> Result<axum::Json<NotificationReport>, ApiError> {
    let id = invoice_id(&id)?;
    let report = notify::send(&state, &id, body.message.as_ref(), &body.channels).await?;
    Ok(axum::Json(report))
}

/// Text the invoice's customer now (the Django ECAR's
/// `send_sms_notification`): `send_notification` with the `sms` channel.
#[utoipa::path(post, path = "/api/invoices/{id}/send_sms_notification", tag = "invoices",
    params(("id" = String, Path, description = "Invoice id")),
    request_body(content = Option<SmsRequest>, description = "Optional: `{\"message\"}`"),
    responses(
        (status = 200, description = "What was sent", body = NotificationReport),
        (status = 400, description = "Unknown fields, or SMS disabled", body = Problem),
        (status = 401, description = "Not authenticated", body = Problem),
        (status = 403, description = "Not staff", body = Problem),
        (status = 404, description = "No such invoice", body = Problem),
        (status = 409, description = "A draft or cancelled invoice, or an unusable phone number", body = Problem),
        (status = 503, description = "The SMS service is unavailable", body = Problem),
    ))]
pub async fn send_sms_notification(
    State(state): State<AppState>,
    _caller: Caller,
    Path(id): Path<String>,
    OptionalJson(body): OptionalJson<SmsRequest>,
) -> Result<axum::Json<NotificationReport>, ApiError> {
    let id = invoice_id(&id)?;
    let report = notify::send(&state, &id, body.message.as_ref(), &[Channel::Sms]).await?;
    Ok(axum::Json(report))
}
