//! The service routes proper: list, schedule, read, replace, change, delete.

use axum::{
    extract::{Path, State},
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Response},
};
use chrono::NaiveDate;
use ecar_http::{
    AppState,
    auth::Caller,
    domain::{CarId, CustomerId, ServiceId},
    http::{
        ApiError, Json, JsonBytes, ListResponse, PageParams, Problem, QueryParams, expected_version,
    },
    search::SearchQuery,
    services::{
        self, Service, Status,
        create::{self, Created},
        delete, pages, update,
        views::{ListFilter, View},
    },
};
use ecar_http::{http::idempotency::idempotency_key, http::idempotency::replayed_status};
use ecar_http::{http::legacy_page, legacy::LegacyModel};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::{
    access::{service_id, visible_service},
    requests::{CreateServiceRequest, PatchServiceRequest, ReplaceServiceRequest},
};

/// Filters of the service lists.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ServiceFilters {
    /// `scheduled`, `in_progress`, `completed` or `cancelled`.
    pub status: Option<String>,
    /// Services of this car.
    pub car_id: Option<String>,
    /// Services of this customer (a customer sees only their own anyway).
    pub customer_id: Option<String>,
    /// Booked on or after this day (`YYYY-MM-DD`).
    pub scheduled_after: Option<String>,
    /// Booked on or before this day (`YYYY-MM-DD`).
    pub scheduled_before: Option<String>,
    /// Prefix of words of the title or the service type.
    pub search: Option<String>,
    /// The Django ECAR's id of an imported service: a page of that one
    /// service (only on the full list, and no other filter goes with it).
    #[param(minimum = 1)]
    pub legacy_id: Option<i64>,
}

fn date(field: &'static str, text: &str) -> Result<NaiveDate, ApiError> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| ApiError::invalid_field(field, "must be a date (YYYY-MM-DD)"))
}

impl ServiceFilters {
    fn others_than_legacy_id(&self) -> bool {
        self.status.is_some()
            || self.car_id.is_some()
            || self.customer_id.is_some()
            || self.scheduled_after.is_some()
            || self.scheduled_before.is_some()
            || self.search.is_some()
    }

    fn into_filter(self) -> Result<ListFilter, ApiError> {
        let invalid = |field: &'static str| move |message| ApiError::invalid_field(field, message);
        Ok(ListFilter {
            status: self
                .status
                .map(|text| Status::parse(&text).ok_or("is not a status"))
                .transpose()
                .map_err(invalid("status"))?,
            car_id: self
                .car_id
                .map(|text| CarId::parse(&text))
                .transpose()
                .map_err(|e| ApiError::invalid_field("car_id", e))?,
            customer_id: self
                .customer_id
                .map(|text| CustomerId::parse(&text))
                .transpose()
                .map_err(|e| ApiError::invalid_field("customer_id", e))?,
            scheduled_after: self
                .scheduled_after
                .map(|text| date("scheduled_after", &text))
                .transpose()?,
            scheduled_before: self
                .scheduled_before
                .map(|text| date("scheduled_before", &text))
                .transpose()?,
            search: match &self.search {
                Some(text) => {
                    SearchQuery::parse(text).map_err(|e| ApiError::invalid_field("search", e))?
                }
                None => None,
            },
        })
    }
}

/// One page of a view for the caller.
pub async fn page(
    state: &AppState,
    caller: &Caller,
    view: View,
    params: &PageParams,
    filters: ServiceFilters,
) -> Result<axum::Json<ListResponse<Service>>, ApiError> {
    if let Some(legacy_id) = filters.legacy_id {
        // A view (upcoming, completed...) is itself a filter.
        let others = filters.others_than_legacy_id() || view != View::All;
        let table = state.table.as_ref();
        let visible = |id: String| async move { visible_service(state, caller, &id).await };
        let page = legacy_page(table, LegacyModel::Service, legacy_id, others, visible).await?;
        return Ok(axum::Json(page));
    }
    let filter = filters.into_filter()?;
    let page = pages::page_for(state, caller, view, &filter, params).await?;
    Ok(axum::Json(page))
}

/// List services, latest date first (a customer: their own).
#[utoipa::path(get, path = "/api/services", tag = "services",
    params(PageParams, ServiceFilters),
    responses(
        (status = 200, description = "A page of services", body = ListResponse<Service>),
        (status = 400, description = "A bad filter, limit or cursor", body = Problem),
        (status = 401, description = "Not authenticated", body = Problem),
    ))]
pub async fn list_services(
    State(state): State<AppState>,
    caller: Caller,
    QueryParams(params): QueryParams<PageParams>,
    QueryParams(filters): QueryParams<ServiceFilters>,
) -> Result<axum::Json<ListResponse<Service>>, ApiError> {
    page(&state, &caller, View::All, &params, filters).await
}

/// Schedule a service on a car (status `scheduled`).
#[utoipa::path(post, path = "/api/services", tag = "services",
    params(("Idempotency-Key" = Option<String>, Header, description = "Repeat the request safely: the same key and body give the first answer")),
    request_body = CreateServiceRequest,
    responses(
        (status = 201, description = "Scheduled", body = Service),
        (status = 400, description = "Invalid or unknown fields, or no such car", body = Problem),
        (status = 401, description = "Not authenticated", body = Problem),
        (status = 403, description = "Not staff", body = Problem),
        (status = 409, description = "The key was used for another request", body = Problem),
        (status = 415, description = "Not JSON", body = Problem),
    ))]
pub async fn create_service(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    body: JsonBytes<CreateServiceRequest>,
) -> Result<Response, ApiError> {
    let idempotent = idempotency_key(&headers, &caller.user_id, "POST /api/services", &body.bytes)?;
    let new = body.value.into_new(state.config.time_zone)?;
    Ok(
        match create::create(&state, new, idempotent.as_ref()).await? {
            Created::New(service) => (StatusCode::CREATED, axum::Json(service)).into_response(),
            Created::Replayed(first) => {
                (replayed_status(&first), axum::Json(first.body)).into_response()
            }
        },
    )
}

/// One service (staff, or the car's owner).
#[utoipa::path(get, path = "/api/services/{id}", tag = "services",
    params(("id" = String, Path, description = "Service id")),
    responses(
        (status = 200, description = "The service", body = Service),
        (status = 401, description = "Not authenticated", body = Problem),
        (status = 404, description = "No such service, or not the caller's", body = Problem),
    ))]
pub async fn get_service(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<axum::Json<Service>, ApiError> {
    Ok(axum::Json(visible_service(&state, &caller, &id).await?))
}

/// Replace a service's descriptive fields and date (never its status).
#[utoipa::path(put, path = "/api/services/{id}", tag = "services",
    params(
        ("id" = String, Path, description = "Service id"),
        ("If-Match" = Option<String>, Header, description = "The version the change applies to, quoted"),
    ),
    request_body = ReplaceServiceRequest,
    responses(
        (status = 200, description = "The changed service", body = Service),
        (status = 400, description = "Invalid or unknown fields (such as status)", body = Problem),
        (status = 401, description = "Not authenticated", body = Problem),
        (status = 403, description = "Not staff", body = Problem),
        (status = 404, description = "No such service", body = Problem),
        (status = 409, description = "A stale version, or a change its status forbids", body = Problem),
    ))]
pub async fn replace_service(
    State(state): State<AppState>,
    _caller: Caller,
    Path(id): Path<String>,
    headers: HeaderMap,
    Json(body): Json<ReplaceServiceRequest>,
) -> Result<axum::Json<Service>, ApiError> {
    let expected = expected_version(&headers, body.version)?;
    let id = service_id(&id)?;
    if body.restates() {
        body.check_restated(&stored(&state, &id).await?, state.config.time_zone)?;
    }
    let changes = body.changes(state.config.time_zone)?;
    let service = update::update(&state, &id, &changes, expected).await?;
    Ok(axum::Json(service))
}

/// Change some of a service's descriptive fields or its date (never its status).
#[utoipa::path(patch, path = "/api/services/{id}", tag = "services",
    params(
        ("id" = String, Path, description = "Service id"),
        ("If-Match" = Option<String>, Header, description = "The version the change applies to, quoted"),
    ),
    request_body = PatchServiceRequest,
    responses(
        (status = 200, description = "The changed service", body = Service),
        (status = 400, description = "Invalid or unknown fields (such as status)", body = Problem),
        (status = 401, description = "Not authenticated", body = Problem),
        (status = 403, description = "Not staff", body = Problem),
        (status = 404, description = "No such service", body = Problem),
        (status = 409, description = "A stale version, or a change its status forbids", body = Problem),
    ))]
pub async fn patch_service(
    State(state): State<AppState>,
    _caller: Caller,
    Path(id): Path<String>,
    headers: HeaderMap,
    Json(body): Json<PatchServiceRequest>,
) -> Result<axum::Json<Service>, ApiError> {
    let expected = expected_version(&headers, body.version)?;
    let id = service_id(&id)?;
    if body.restates() {
        body.check_restated(&stored(&state, &id).await?, state.config.time_zone)?;
    }
    let changes = body.changes(state.config.time_zone);
    let service = update::update(&state, &id, &changes, expected).await?;
    Ok(axum::Json(service))
}

/// A service as stored, for the fields a Django ECAR form restates.
async fn stored(state: &AppState, id: &ServiceId) -> Result<Service, ApiError> {
    services::get(state.table.as_ref(), id)
        .await?
        .ok_or_else(ApiError::not_found)
}

/// Delete a service that is scheduled or cancelled.
#[utoipa::path(delete, path = "/api/services/{id}", tag = "services",
    params(
        ("id" = String, Path, description = "Service id"),
        ("If-Match" = Option<String>, Header, description = "The version deleted, quoted"),
    ),
    responses(
        (status = 204, description = "Deleted"),
        (status = 401, description = "Not authenticated", body = Problem),
        (status = 403, description = "Not staff", body = Problem),
        (status = 404, description = "No such service", body = Problem),
        (status = 409, description = "In progress, completed, invoiced, or a stale version", body = Problem),
    ))]
pub async fn delete_service(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<StatusCode, ApiError> {
    let expected = expected_version(&headers, None)?;
    delete::delete(&state, &caller.audit_actor(), &service_id(&id)?, expected).await?;
    Ok(StatusCode::NO_CONTENT)
}
