//! What a customer may do with their own profile besides reading it: their
//! statistics, their address, their cars and their service history; and,
//! for staff, the history of changes to it.

use axum::{
    extract::{Path, State},
    http::HeaderMap,
};
use ecar_http::{
    AppState, audit,
    audit_log::{self, AuditFilter, AuditRecord, EntityKind},
    auth::Caller,
    cars::{self, Car, list::CarFilter},
    customers::{
        self, Customer,
        ledger::CustomerStatistics,
        update::{self, ProfileChanges},
    },
    http::{
        ApiError, Json, ListResponse, PageParams, Problem, QueryParams, expected_version,
        read_through_cursor,
    },
    services::{
        Service, pages,
        views::{ListFilter, View},
    },
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
    let customer = update::update(
        &state,
        &id,
        &changes,
        version,
        &caller.audit_actor(),
        caller.source_ip,
    )
    .await?;
    Ok(axum::Json(customer.seen_by(caller.is_staff())))
}

/// A customer's cars, newest first (staff, or the customer themself).
#[utoipa::path(get, path = "/api/customers/{id}/cars", tag = "customers",
    params(("id" = String, Path, description = "Customer id"), PageParams),
    responses(
        (status = 200, description = "A page of the customer's cars", body = ListResponse<Car>),
        (status = 401, description = "Not authenticated", body = Problem),
        (status = 404, description = "No such customer, or not the caller's", body = Problem),
    ))]
pub async fn cars_of(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    QueryParams(params): QueryParams<PageParams>,
) -> Result<axum::Json<ListResponse<Car>>, ApiError> {
    let id = customer_id(&id)?;
    caller.require_owner(id.as_str())?;
    let table = state.table.as_ref();
    customers::get(table, &id)
        .await?
        .ok_or_else(ApiError::not_found)?;
    let filter = CarFilter {
        customer_id: Some(id),
        ..CarFilter::default()
    };
    let page = cars::pages::page_for(&state, &caller.user_id, &filter, None, &params).await?;
    Ok(axum::Json(page))
}

/// The services on all of a customer's cars, newest first (staff, or the
/// customer themself), read from the customer's index partition.
#[utoipa::path(get, path = "/api/customers/{id}/service_history", tag = "customers",
    params(("id" = String, Path, description = "Customer id"), PageParams),
    responses(
        (status = 200, description = "A page of the customer's services", body = ListResponse<Service>),
        (status = 400, description = "A bad limit or cursor", body = Problem),
        (status = 401, description = "Not authenticated", body = Problem),
        (status = 404, description = "No such customer, or not the caller's", body = Problem),
    ))]
pub async fn service_history(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    QueryParams(params): QueryParams<PageParams>,
) -> Result<axum::Json<ListResponse<Service>>, ApiError> {
    let id = customer_id(&id)?;
    caller.require_owner(id.as_str())?;
    customers::get(state.table.as_ref(), &id)
        .await?
        .ok_or_else(ApiError::not_found)?;
    let filter = ListFilter {
        customer_id: Some(id),
        ..ListFilter::default()
    };
    let page = pages::page_for(&state, &caller, View::All, &filter, &params).await?;
    Ok(axum::Json(page))
}

/// What staff changed on a customer's profile, newest first (staff): the
/// customer's own records of the audit log.
#[utoipa::path(get, path = "/api/customers/{id}/history", tag = "customers",
    params(("id" = String, Path, description = "Customer id"), PageParams),
    responses(
        (status = 200, description = "A page of the customer's audit records", body = ListResponse<AuditRecord>),
        (status = 400, description = "A bad limit or cursor", body = Problem),
        (status = 401, description = "Not authenticated", body = Problem),
        (status = 403, description = "Not staff", body = Problem),
        (status = 404, description = "No such customer", body = Problem),
    ))]
pub async fn change_history(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    QueryParams(params): QueryParams<PageParams>,
) -> Result<axum::Json<ListResponse<AuditRecord>>, ApiError> {
    let id = customer_id(&id)?;
    let table = state.table.as_ref();
    customers::get(table, &id)
        .await?
        .ok_or_else(ApiError::not_found)?;
    let filter = AuditFilter {
        kind: Some(EntityKind::Customer),
        entity_id: Some(id.to_string()),
        ..AuditFilter::default()
    };
    let binding = audit::cursor_binding(&caller, &filter);
    let page = read_through_cursor(&state.cursors, &params, &binding, |request| {
        audit_log::page(table, &filter, request)
    })
    .await?;
    Ok(axum::Json(page))
}
