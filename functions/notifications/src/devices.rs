//! The customer's phones: register one for push, remove one.

use axum::{
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Response},
};
use ecar_http::{
    AppState,
    auth::{
        Caller,
        events::{self, SecurityEvent},
    },
    domain::DeviceId,
    http::{ApiError, Json, Problem},
    notifications::devices::{self, DeviceView, Registered},
};

use crate::{own_profile, requests::RegisterDeviceRequest};

/// Register the caller's phone for push notifications.
#[utoipa::path(post, path = "/api/notifications/devices", tag = "notifications",
    request_body = RegisterDeviceRequest,
    responses(
        (status = 201, description = "Registered", body = DeviceView),
        (status = 200, description = "This phone was already registered", body = DeviceView),
        (status = 400, description = "Invalid or unknown fields, or a token the push service refuses", body = Problem),
        (status = 401, description = "Not authenticated", body = Problem),
        (status = 403, description = "Not a customer", body = Problem),
        (status = 415, description = "Not JSON", body = Problem),
        (status = 503, description = "The push service is unavailable", body = Problem),
    ))]
pub async fn register_device(
    State(state): State<AppState>,
    caller: Caller,
    Json(body): Json<RegisterDeviceRequest>,
) -> Result<Response, ApiError> {
    let customer_id = own_profile(&caller)?;
    let registered = devices::register(
        state.table.as_ref(),
        state.notifier.as_ref(),
        &customer_id,
        body.platform,
        &body.token,
        state.clock.now(),
    )
    .await?;
    if let Some(previous) = &registered.taken_from {
        let reason = format!("from customer {previous}");
        events::record(
            SecurityEvent::DeviceMoved,
            Some(&caller.user_id),
            caller.source_ip,
            &reason,
        );
    }
    Ok(match registered.outcome {
        Registered::New(device) => {
            (StatusCode::CREATED, axum::Json(DeviceView::from(&device))).into_response()
        }
        Registered::Existing(device) => {
            (StatusCode::OK, axum::Json(DeviceView::from(&device))).into_response()
        }
    })
}

/// The caller's phones, newest first, with those another account has
/// registered since (`ended_at` set): they get no more pushes.
#[utoipa::path(get, path = "/api/notifications/devices", tag = "notifications",
    responses(
        (status = 200, description = "The caller's devices", body = Vec<DeviceView>),
        (status = 401, description = "Not authenticated", body = Problem),
        (status = 403, description = "Not a customer", body = Problem),
    ))]
pub async fn list_devices(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<axum::Json<Vec<DeviceView>>, ApiError> {
    let customer_id = own_profile(&caller)?;
    let mut devices = devices::devices_of(state.table.as_ref(), &customer_id).await?;
    devices.sort_by_key(|device| std::cmp::Reverse(device.created_at));
    Ok(axum::Json(devices.iter().map(DeviceView::from).collect()))
}

/// Remove one of the caller's phones: it gets no more pushes.
#[utoipa::path(delete, path = "/api/notifications/devices/{id}", tag = "notifications",
    params(("id" = String, Path, description = "Device id")),
    responses(
        (status = 204, description = "Removed"),
        (status = 401, description = "Not authenticated", body = Problem),
        (status = 403, description = "Not a customer", body = Problem),
        (status = 404, description = "No such device of the caller's", body = Problem),
        (status = 503, description = "The push service is unavailable", body = Problem),
    ))]
pub async fn remove_device(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    let customer_id = own_profile(&caller)?;
    let id = DeviceId::parse(&id).map_err(|_| ApiError::not_found())?;
    let device = devices::get(state.table.as_ref(), &customer_id, &id)
        .await?
        .ok_or_else(ApiError::not_found)?;
    devices::remove(state.table.as_ref(), state.notifier.as_ref(), &device).await?;
    Ok(StatusCode::NO_CONTENT)
}
