//! What a customer may do with their own profile besides reading it: their
//! statistics, and their address.

use axum::{
    extract::{Path, State},
    http::HeaderMap,
};
use ecar_shared::{
    AppState,
    auth::Caller,
    customers::{
        self, Customer,
        ledger::CustomerStatistics,
        update::{self, ProfileChanges},
    },
    http::{ApiError, Json, Problem, expected_version},
};

use crate::{crud::customer_id, requests::AddressRequest};

/// A customer's statistics, from aggregates kept on their profile.
#[utoipa::path(get, path = "/api/customers/{id}/statistics", tag = "customers",
    params(("id" = String, Path, description = "Customer id")),
    responses(
        (status = 200, description = "Counts and amounts", body = CustomerStatistics),
        (status = 401, description = "Not authenticated", body = Problem),
        (status = 404, description = "No such customer, or not the caller's", body = Problem),
    ))]
pub async fn statistics(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<axum::Json<CustomerStatistics>, ApiError> {
    let id = customer_id(&id)?;
    caller.require_owner(id.as_str())?;
    let (_, aggregates) = customers::get_with_aggregates(state.table.as_ref(), &id)
        .await?
        .ok_or_else(ApiError::not_found)?;
    Ok(axum::Json(
        aggregates.statistics(id, state.config.currency_decimals),
    ))
}

/// Change a customer's address (staff, or the customer themself).
#[utoipa::path(patch, path = "/api/customers/{id}/update_address", tag = "customers",
    params(
        ("id" = String, Path, description = "Customer id"),
        ("If-Match" = Option<String>, Header, description = "The version changed, quoted"),
    ),
    request_body = AddressRequest,
    responses(
        (status = 200, description = "The changed customer", body = Customer),
        (status = 400, description = "Invalid or unknown fields", body = Problem),
        (status = 401, description = "Not authenticated", body = Problem),
        (status = 404, description = "No such customer, or not the caller's", body = Problem),
        (status = 409, description = "A stale version", body = Problem),
        (status = 415, description = "Not JSON", body = Problem),
    ))]
pub async fn update_address(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Result<Json<AddressRequest>, ApiError>,
) -> Result<axum::Json<Customer>, ApiError> {
    // Another customer's profile does not exist for them, whatever they send.
    let id = customer_id(&id)?;
    caller.require_owner(id.as_str())?;
    let Json(body) = body?;
    let version = expected_version(&headers, body.version)?;
    let changes = ProfileChanges {
        address: Some(body.address),
        ..ProfileChanges::default()
    };
    let customer = update::update(&state, &id, &changes, version, caller.source_ip).await?;
    Ok(axum::Json(customer))
}
