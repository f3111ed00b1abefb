//! Cars customers add themselves, waiting for the garage's approval: the
//! customer adds and withdraws, staff approve (registering the car under the
//! same id) or turn it down with a reason.

use axum::{
    extract::{Path, State},
    http::{HeaderMap, StatusCode},
};
use ecar_http::{
    AppState,
    auth::Caller,
    cars::pending::{self, Decision, PendingCar, PendingSelection, PendingStatus},
    domain::CustomerId,
    http::{
        ApiError, Json, ListResponse, OptionalJson, PageParams, Problem, QueryParams,
        expected_version, read_through_cursor,
    },
};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::{
    crud::car_id,
    requests::{AddCarRequest, ApproveCarRequest, RejectCarRequest},
};

/// Filter of the lists.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PendingFilters {
    /// `pending` (staff's default), `approved` or `rejected`.
    pub status: Option<String>,
}

/// The caller's own customer profile, when they are a customer (`None`
/// for staff, who reach every car); a customer without one may not act.
fn owner(caller: &Caller) -> Result<Option<CustomerId>, ApiError> {
    if caller.is_staff() {
        return Ok(None);
    }
    caller
        .customer_id
        .as_deref()
        .and_then(|id| CustomerId::parse(id).ok())
        .map(Some)
        .ok_or_else(ApiError::forbidden)
}

/// Car `id`, if the caller may see it.
async fn visible(state: &AppState, caller: &Caller, id: &str) -> Result<PendingCar, ApiError> {
    let car = pending::get(state.table.as_ref(), &car_id(id)?)
        .await?
        .ok_or_else(ApiError::not_found)?;
    caller.require_owner(car.customer_id.as_str())?;
    Ok(car)
}

/// List cars customers added, newest first: a customer's own (any status),
/// or the garage's in one status (`pending` unless `status` says).
#[utoipa::path(get, path = "/api/cars/pending", tag = "cars",
    params(PageParams, PendingFilters),
    responses(
        (status = 200, description = "A page of cars customers added", body = ListResponse<PendingCar>),
        (status = 400, description = "A bad filter, limit or cursor", body = Problem),
        (status = 401, description = "Not authenticated", body = Problem),
    ))]
pub async fn list_pending(
    State(state): State<AppState>,
    caller: Caller,
    QueryParams(params): QueryParams<PageParams>,
    QueryParams(filters): QueryParams<PendingFilters>,
) -> Result<axum::Json<ListResponse<PendingCar>>, ApiError> {
    let status = filters
        .status
        .map(|text| {
            PendingStatus::parse(&text)
                .ok_or_else(|| ApiError::invalid_field("status", "is not a status"))
        })
        .transpose()?;
    let selection = PendingSelection {
        customer: owner(&caller)?,
        status,
    };
    let binding = format!(
        "pending-cars|{}|{}|{}",
        caller.user_id,
        selection.customer.as_ref().map_or("*", |c| c.as_str()),
        status.map_or("*", PendingStatus::as_str)
    );
    let table = state.table.as_ref();
    let page = read_through_cursor(&state.cursors, &params, &binding, |request| {
        pending::page(table, &selection, request)
    })
    .await?;
    Ok(axum::Json(page))
}

/// Add one of one's cars for the garage to approve (customers); it cannot
/// be booked until then.
#[utoipa::path(post, path = "/api/cars/pending", tag = "cars",
    request_body = AddCarRequest,
    responses(
        (status = 201, description = "Added, waiting for approval", body = PendingCar),
        (status = 400, description = "Invalid or unknown fields", body = Problem),
        (status = 401, description = "Not authenticated", body = Problem),
        (status = 403, description = "Not a customer", body = Problem),
        (status = 409, description = "A registered car has the plate or VIN, or too many cars wait already", body = Problem),
        (status = 415, description = "Not JSON", body = Problem),
    ))]
pub async fn add_car(
    State(state): State<AppState>,
    caller: Caller,
    Json(body): Json<AddCarRequest>,
) -> Result<(StatusCode, axum::Json<PendingCar>), ApiError> {
    let Some(customer) = owner(&caller)? else {
        return Err(ApiError::forbidden());
    };
    let car = pending::create(&state, &customer, body.for_customer(customer.clone())).await?;
    Ok((StatusCode::CREATED, axum::Json(car)))
}

/// One car a customer added (staff, or that customer).
#[utoipa::path(get, path = "/api/cars/pending/{id}", tag = "cars",
    params(("id" = String, Path, description = "Car id")),
    responses(
        (status = 200, description = "The car and where it is", body = PendingCar),
        (status = 401, description = "Not authenticated", body = Problem),
        (status = 404, description = "No such car, or not the caller's", body = Problem),
    ))]
pub async fn get_pending(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<axum::Json<PendingCar>, ApiError> {
    Ok(axum::Json(visible(&state, &caller, &id).await?))
}

async fn decide(
    state: &AppState,
    caller: &Caller,
    id: &str,
    version: Option<u64>,
    decision: Decision,
) -> Result<Option<PendingCar>, ApiError> {
    let owner = owner(caller)?;
    let car = pending::decide(
        state,
        owner.as_ref(),
        &car_id(id)?,
        decision,
        version,
        &caller.user_id,
    )
    .await?;
    Ok(car)
}

/// Register a car a customer added, as they described it, under the same
/// id; the customer is told.
#[utoipa::path(post, path = "/api/cars/pending/{id}/approve", tag = "cars",
    params(
        ("id" = String, Path, description = "Car id"),
        ("If-Match" = Option<String>, Header, description = "The version approved, quoted"),
    ),
    request_body(content = Option<ApproveCarRequest>, description = "Optional: the version approved (or `If-Match`)"),
    responses(
        (status = 200, description = "Approved: `GET /api/cars/{id}` has the car now", body = PendingCar),
        (status = 400, description = "Invalid or unknown fields", body = Problem),
        (status = 401, description = "Not authenticated", body = Problem),
        (status = 403, description = "Not staff", body = Problem),
        (status = 404, description = "No such car", body = Problem),
        (status = 409, description = "Not waiting, its plate or VIN taken since, or a stale version", body = Problem),
    ))]
pub async fn approve(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    headers: HeaderMap,
    OptionalJson(body): OptionalJson<ApproveCarRequest>,
) -> Result<axum::Json<PendingCar>, ApiError> {
    let version = expected_version(&headers, body.version)?;
    let car = decide(&state, &caller, &id, version, Decision::Approve).await?;
    car.map(axum::Json).ok_or_else(ApiError::internal)
}

/// Turn down a car a customer added, with the reason they receive.
#[utoipa::path(post, path = "/api/cars/pending/{id}/reject", tag = "cars",
    params(
        ("id" = String, Path, description = "Car id"),
        ("If-Match" = Option<String>, Header, description = "The version turned down, quoted"),
    ),
    request_body = RejectCarRequest,
    responses(
        (status = 200, description = "Turned down", body = PendingCar),
        (status = 400, description = "Invalid, missing or unknown fields", body = Problem),
        (status = 401, description = "Not authenticated", body = Problem),
        (status = 403, description = "Not staff", body = Problem),
        (status = 404, description = "No such car", body = Problem),
        (status = 409, description = "Not waiting, or a stale version", body = Problem),
    ))]
pub async fn reject(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    headers: HeaderMap,
    Json(body): Json<RejectCarRequest>,
) -> Result<axum::Json<PendingCar>, ApiError> {
    let version = expected_version(&headers, body.version)?;
    let decision = Decision::Reject(body.reason);
    let car = decide(&state, &caller, &id, version, decision).await?;
    car.map(axum::Json).ok_or_else(ApiError::internal)
}

/// Withdraw a car one added while it waits, or clear it away once turned
/// down (customers).
#[utoipa::path(delete, path = "/api/cars/pending/{id}", tag = "cars",
    params(
        ("id" = String, Path, description = "Car id"),
        ("If-Match" = Option<String>, Header, description = "The version withdrawn, quoted"),
    ),
    responses(
        (status = 204, description = "Withdrawn"),
        (status = 401, description = "Not authenticated", body = Problem),
        (status = 403, description = "Not a customer", body = Problem),
        (status = 404, description = "No such car, or not the caller's", body = Problem),
        (status = 409, description = "Registered already, or a stale version", body = Problem),
    ))]
pub async fn withdraw(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<StatusCode, ApiError> {
    let version = expected_version(&headers, None)?;
    decide(&state, &caller, &id, version, Decision::Withdraw).await?;
    Ok(StatusCode::NO_CONTENT)
}
