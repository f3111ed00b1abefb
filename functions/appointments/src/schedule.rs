//! The garage's schedule (hours, closed days, slots, capacity) and its free slots.

use axum::{extract::State, http::HeaderMap};
use ecar_http::{
    AppState,
    appointments::{
        schedule::{self, Schedule},
        slots::{self, Slot},
    },
    auth::Caller,
    http::{ApiError, Json, Problem, QueryParams, expected_version},
};
use serde::Serialize;
use utoipa::ToSchema;

use crate::requests::{ScheduleRequest, SlotQuery};

/// The garage's schedule (the default until an admin saves one).
#[utoipa::path(get, path = "/api/appointments/schedule", tag = "appointments",
    responses(
        (status = 200, description = "The schedule in force", body = Schedule),
        (status = 401, description = "Not authenticated", body = Problem),
    ))]
pub async fn get_schedule(
    State(state): State<AppState>,
    _caller: Caller,
) -> Result<axum::Json<Schedule>, ApiError> {
    let time_zone = state.config.time_zone.name();
    Ok(axum::Json(
        schedule::get(state.table.as_ref(), time_zone).await?,
    ))
}

/// Change the garage's hours, closed days, slots and capacity. Booked
/// appointments keep their slots; a lower capacity applies to new bookings.
#[utoipa::path(put, path = "/api/appointments/schedule", tag = "appointments",
    params(("If-Match" = Option<String>, Header, description = "The version changed, quoted")),
    request_body = ScheduleRequest,
    responses(
        (status = 200, description = "The saved schedule", body = Schedule),
        (status = 400, description = "Invalid or unknown fields", body = Problem),
        (status = 401, description = "Not authenticated", body = Problem),
        (status = 403, description = "Not an admin", body = Problem),
        (status = 409, description = "A stale version", body = Problem),
    ))]
pub async fn put_schedule(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    Json(body): Json<ScheduleRequest>,
) -> Result<axum::Json<Schedule>, ApiError> {
    let expected = expected_version(&headers, None)?;
    let saved = schedule::save(
        &state,
        &caller.audit_actor(),
        body.into_settings(),
        expected,
    )
    .await?;
    tracing::info!(user_id = %caller.user_id, version = saved.version, "schedule saved");
    Ok(axum::Json(saved))
}

/// The slots of some days.
#[derive(Debug, Serialize, ToSchema)]
pub struct SlotList {
    /// The garage's time zone, in which the days are counted.
    pub time_zone: String,
    /// The slots still ahead, in order (full ones with `free` 0).
    pub slots: Vec<Slot>,
}

/// The slots of the days `from` to `to` (at most 31 days) still ahead, with
/// their free places.
#[utoipa::path(get, path = "/api/appointments/slots", tag = "appointments",
    params(SlotQuery),
    responses(
        (status = 200, description = "The slots", body = SlotList),
        (status = 400, description = "Bad days", body = Problem),
        (status = 401, description = "Not authenticated", body = Problem),
    ))]
pub async fn free_slots(
    State(state): State<AppState>,
    _caller: Caller,
    QueryParams(query): QueryParams<SlotQuery>,
) -> Result<axum::Json<SlotList>, ApiError> {
    let time_zone = state.config.time_zone;
    let table = state.table.as_ref();
    let schedule = schedule::get(table, time_zone.name()).await?;
    let slots = slots::free_slots(
        table,
        &schedule.settings,
        time_zone,
        query.from,
        query.to.unwrap_or(query.from),
        state.clock.now(),
    )
    .await?;
    Ok(axum::Json(SlotList {
        time_zone: time_zone.name().to_owned(),
        slots,
    }))
}
