//! The items of a service: parts and labour, with exact totals.

use axum::{
    extract::{Path, State},
    http::{HeaderMap, StatusCode},
};
use ecar_http::{
    AppState,
    auth::Caller,
    domain::ServiceItemId,
    http::{ApiError, Json, Problem, expected_version},
    services::{
        Service, ServiceItem,
        items::{ItemEdit, edit_items},
        pages,
    },
};
use serde::Serialize;
use utoipa::ToSchema;

use crate::{
    access::{WorkCheck, service_id, visible_service},
    requests::{AddItemRequest, PatchItemRequest},
};

/// The items of a service and their subtotal.
#[derive(Debug, Serialize, ToSchema)]
pub struct ItemList {
    /// The items, in the order they were added.
    pub results: Vec<ServiceItem>,
    /// Sum of their totals.
    pub subtotal: String,
    /// The service's version (send it back in `If-Match` to change the items).
    pub version: u64,
}

fn item_id(text: &str) -> Result<ServiceItemId, ApiError> {
    ServiceItemId::parse(text).map_err(|_| ApiError::not_found())
}

/// The items of a service (staff, or the car's owner).
#[utoipa::path(get, path = "/api/services/{id}/items", tag = "services",
    params(("id" = String, Path, description = "Service id")),
    responses(
        (status = 200, description = "The items", body = ItemList),
        (status = 401, description = "Not authenticated", body = Problem),
        (status = 404, description = "No such service, or not the caller's", body = Problem),
    ))]
pub async fn list_items(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<axum::Json<ItemList>, ApiError> {
    let service = visible_service(&state, &caller, &id).await?;
    Ok(axum::Json(ItemList {
        subtotal: service.subtotal.to_string(),
        results: service.items,
        version: service.version,
    }))
}

/// Add a part or labour line; answers the whole service.
#[utoipa::path(post, path = "/api/services/{id}/items", tag = "services",
    params(
        ("id" = String, Path, description = "Service id"),
        ("If-Match" = Option<String>, Header, description = "The service's version, quoted"),
    ),
    request_body = AddItemRequest,
    responses(
        (status = 201, description = "The service with the new item", body = Service),
        (status = 400, description = "Invalid or unknown fields", body = Problem),
        (status = 401, description = "Not authenticated", body = Problem),
        (status = 403, description = "Not staff or a technician", body = Problem),
        (status = 404, description = "No such service, or not assigned to the technician", body = Problem),
        (status = 409, description = "Cancelled, invoiced, full, closed to the technician, or a stale version", body = Problem),
    ))]
pub async fn add_item(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Result<Json<AddItemRequest>, ApiError>,
) -> Result<(StatusCode, axum::Json<Service>), ApiError> {
    let check = WorkCheck::of(&state, &caller, &id).await?;
    let Json(body) = body?;
    let expected = check.expected(expected_version(&headers, body.version)?)?;
    let item_id = ServiceItemId::generate(state.clock.now());
    let item = body
        .fields()
        .priced(item_id, state.config.currency_decimals)?;
    let service = edit_items(
        &state,
        &caller.audit_actor(),
        &service_id(&id)?,
        &ItemEdit::Add(item),
        expected,
    )
    .await?;
    Ok((
        StatusCode::CREATED,
        axum::Json(pages::shown_to(&caller, service)),
    ))
}

/// Change an item; answers the whole service.
#[utoipa::path(patch, path = "/api/services/{id}/items/{item_id}", tag = "services",
    params(
        ("id" = String, Path, description = "Service id"),
        ("item_id" = String, Path, description = "Item id"),
        ("If-Match" = Option<String>, Header, description = "The service's version, quoted"),
    ),
    request_body = PatchItemRequest,
    responses(
        (status = 200, description = "The service with the changed item", body = Service),
        (status = 400, description = "Invalid or unknown fields", body = Problem),
        (status = 401, description = "Not authenticated", body = Problem),
        (status = 403, description = "Not staff or a technician", body = Problem),
        (status = 404, description = "No such service or item", body = Problem),
        (status = 409, description = "Cancelled, invoiced, or a stale version", body = Problem),
    ))]
pub async fn patch_item(
    State(state): State<AppState>,
    caller: Caller,
    Path((id, item)): Path<(String, String)>,
    headers: HeaderMap,
    body: Result<Json<PatchItemRequest>, ApiError>,
) -> Result<axum::Json<Service>, ApiError> {
    let check = WorkCheck::of(&state, &caller, &id).await?;
    let Json(body) = body?;
    let expected = check.expected(expected_version(&headers, body.version)?)?;
    let edit = ItemEdit::Change(item_id(&item)?, body.changes());
    let service = edit_items(
        &state,
        &caller.audit_actor(),
        &service_id(&id)?,
        &edit,
        expected,
    )
    .await?;
    Ok(axum::Json(pages::shown_to(&caller, service)))
}

/// Remove an item; answers the whole service.
#[utoipa::path(delete, path = "/api/services/{id}/items/{item_id}", tag = "services",
    params(
        ("id" = String, Path, description = "Service id"),
        ("item_id" = String, Path, description = "Item id"),
        ("If-Match" = Option<String>, Header, description = "The service's version, quoted"),
    ),
    responses(
        (status = 200, description = "The service without the item", body = Service),
        (status = 401, description = "Not authenticated", body = Problem),
        (status = 403, description = "Not staff or a technician", body = Problem),
        (status = 404, description = "No such service or item", body = Problem),
        (status = 409, description = "Cancelled, invoiced, or a stale version", body = Problem),
    ))]
pub async fn delete_item(
    State(state): State<AppState>,
    caller: Caller,
    Path((id, item)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<axum::Json<Service>, ApiError> {
    let check = WorkCheck::of(&state, &caller, &id).await?;
    let expected = check.expected(expected_version(&headers, None)?)?;
    let edit = ItemEdit::Remove(item_id(&item)?);
    let service = edit_items(
        &state,
        &caller.audit_actor(),
        &service_id(&id)?,
        &edit,
        expected,
    )
    .await?;
    Ok(axum::Json(pages::shown_to(&caller, service)))
}
