//! The appointment lists, booking, and one appointment.

use axum::{
    extract::{Path, State},
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Response},
};
use ecar_http::{
    AppState,
    appointments::{
        Appointment,
        book::{self, Actor},
        list,
    },
    auth::Caller,
    http::{
        ApiError, JsonBytes, ListResponse, PageParams, Problem, QueryParams,
        idempotency::{idempotency_key, replayed_status},
        read_through_cursor,
    },
    idempotency::Created,
};

use crate::{
    access::{actor, visible},
    requests::{AppointmentFilters, BookRequest},
};

/// List appointments in start order (staff: the garage's calendar; a
/// customer: their own), between two days, of a status, a car or a customer.
#[utoipa::path(get, path = "/api/appointments", tag = "appointments",
    params(PageParams, AppointmentFilters),
    responses(
        (status = 200, description = "A page of appointments", body = ListResponse<Appointment>),
        (status = 400, description = "A bad filter, limit or cursor", body = Problem),
        (status = 401, description = "Not authenticated", body = Problem),
    ))]
pub async fn list_appointments(
    State(state): State<AppState>,
    caller: Caller,
    QueryParams(params): QueryParams<PageParams>,
    QueryParams(filters): QueryParams<AppointmentFilters>,
) -> Result<axum::Json<ListResponse<Appointment>>, ApiError> {
    let own = match actor(&caller)? {
        Actor::Staff => None,
        Actor::Customer(id) => Some(id),
    };
    let selection = filters.selection(own, state.config.time_zone)?;
    let binding = format!("appointments|{}|{}", caller.user_id, selection.binding());
    let table = state.table.as_ref();
    let page = read_through_cursor(&state.cursors, &params, &binding, |request| {
        list::page(table, &selection, request)
    })
    .await?;
    Ok(axum::Json(page))
}

/// Book a car into a free slot. A customer books one of their own cars and
/// the garage confirms it (`requested`); staff book any car, confirmed.
/// The customer is told by push and text message.
#[utoipa::path(post, path = "/api/appointments", tag = "appointments",
    params(("Idempotency-Key" = Option<String>, Header, description = "Repeat the request safely: the same key and body give the first answer")),
    request_body = BookRequest,
    responses(
        (status = 201, description = "Booked", body = Appointment),
        (status = 400, description = "Invalid or unknown fields: a time in the past, outside opening hours, on a closed day or not a slot; no such car (or not the caller's); the car already booked then", body = Problem),
        (status = 401, description = "Not authenticated", body = Problem),
        (status = 409, description = "The slot is full, or the key was used for another request", body = Problem),
        (status = 415, description = "Not JSON", body = Problem),
    ))]
pub async fn book(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    body: JsonBytes<BookRequest>,
) -> Result<Response, ApiError> {
    let actor = actor(&caller)?;
    let idempotent = idempotency_key(
        &headers,
        &caller.user_id,
        "POST /api/appointments",
        &body.bytes,
    )?;
    let new = body.value.into_new();
    Ok(
        match book::book(&state, &actor, new, idempotent.as_ref()).await? {
            Created::New(appointment) => {
                (StatusCode::CREATED, axum::Json(appointment)).into_response()
            }
            Created::Replayed(first) => {
                (replayed_status(&first), axum::Json(first.body)).into_response()
            }
        },
    )
}

/// One appointment (staff, or the car's owner).
#[utoipa::path(get, path = "/api/appointments/{id}", tag = "appointments",
    params(("id" = String, Path, description = "Appointment id")),
    responses(
        (status = 200, description = "The appointment", body = Appointment),
        (status = 401, description = "Not authenticated", body = Problem),
        (status = 404, description = "No such appointment, or not the caller's", body = Problem),
    ))]
pub async fn get_appointment(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<axum::Json<Appointment>, ApiError> {
    Ok(axum::Json(visible(&state, &caller, &id).await?))
}
