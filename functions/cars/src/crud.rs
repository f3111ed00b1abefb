//! The car routes proper: list, create, read, replace, change, delete.

use axum::{
    extract::{Path, State},
    http::{HeaderMap, StatusCode},
    response::Response,
};
use ecar_http::http::idempotency::idempotency_key;
use ecar_http::{
    AppState,
    auth::Caller,
    cars::{self, Car, FuelType, create, delete, list::CarFilter, pages, update},
    customers::CustomerError,
    domain::{CarId, CarMake, CustomerId},
    http::{
        ApiError, Json, JsonBytes, ListResponse, PageParams, Problem, QueryParams,
        created_response, expected_version, restated,
    },
    search::SearchQuery,
};
use ecar_http::{http::legacy_page, legacy::LegacyModel};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::requests::{CreateCarRequest, MILEAGE_CHANGES, PatchCarRequest, ReplaceCarRequest};

/// A car id from a path: one that cannot exist is simply not found.
pub fn car_id(text: &str) -> Result<CarId, ApiError> {
    CarId::parse(text).map_err(|_| ApiError::not_found())
}

/// Reads a car the caller may see (staff, or its owner).
pub async fn visible_car(state: &AppState, caller: &Caller, id: &str) -> Result<Car, ApiError> {
    let id = car_id(id)?;
    let car = cars::get(state.table.as_ref(), &id)
        .await?
        .ok_or_else(ApiError::not_found)?;
    caller.require_owner(car.customer_id.as_str())?;
    Ok(car)
}

/// Filters of the car list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CarFilters {
    /// One customer's cars.
    pub customer_id: Option<String>,
    /// Prefix of the plate, the VIN, or a word of the make or model.
    pub search: Option<String>,
    /// One make (any case).
    pub make: Option<String>,
    /// One fuel.
    pub fuel_type: Option<FuelType>,
    /// The Django ECAR's id of an imported car: a page of that one car
    /// (no other filter goes with it).
    #[param(minimum = 1)]
    pub legacy_id: Option<i64>,
}

impl CarFilters {
    fn others_than_legacy_id(&self) -> bool {
        self.customer_id.is_some()
            || self.search.is_some()
            || self.make.is_some()
            || self.fuel_type.is_some()
    }

    fn into_filter(self) -> Result<CarFilter, ApiError> {
        Ok(CarFilter {
            customer_id: self
                .customer_id
                .map(|id| CustomerId::parse(&id))
                .transpose()
                .map_err(|e| ApiError::invalid_field("customer_id", e))?,
            make: self
                .make
                .map(|make| CarMake::parse(&make).map(String::from))
                .transpose()
                .map_err(|e| ApiError::invalid_field("make", e))?,
            fuel_type: self.fuel_type,
            search: match &self.search {
                Some(text) => {
                    SearchQuery::parse(text).map_err(|e| ApiError::invalid_field("search", e))?
                }
                None => None,
            },
        })
    }
}

/// List cars, newest first (staff; a customer sees their own).
#[utoipa::path(get, path = "/api/cars", tag = "cars",
    params(PageParams, CarFilters),
    responses(
        (status = 200, description = "A page of cars", body = ListResponse<Car>),
        (status = 400, description = "A bad filter, limit or cursor", body = Problem),
        (status = 401, description = "Not authenticated", body = Problem),
    ))]
pub async fn list_cars(
    State(state): State<AppState>,
    caller: Caller,
    QueryParams(params): QueryParams<PageParams>,
    QueryParams(filters): QueryParams<CarFilters>,
) -> Result<axum::Json<ListResponse<Car>>, ApiError> {
    if let Some(legacy_id) = filters.legacy_id {
        let others = filters.others_than_legacy_id();
        let table = state.table.as_ref();
        let (state, caller) = (&state, &caller);
        let visible = |id: String| async move { visible_car(state, caller, &id).await };
        let page = legacy_page(table, LegacyModel::Car, legacy_id, others, visible).await?;
        return Ok(axum::Json(page));
    }
    let filter = filters.into_filter()?;
    let own = match (&caller.customer_id, caller.is_staff()) {
        (_, true) => None,
        (Some(id), false) => Some(CustomerId::parse(id).map_err(|_| ApiError::forbidden())?),
        (None, false) => return Err(ApiError::forbidden()),
    };
    let page = pages::page_for(&state, &caller.user_id, &filter, own.as_ref(), &params).await?;
    Ok(axum::Json(page))
}

/// Register a car for a customer.
#[utoipa::path(post, path = "/api/cars", tag = "cars",
    params(("Idempotency-Key" = Option<String>, Header, description = "Repeat the request safely: the same key and body give the first answer")),
    request_body = CreateCarRequest,
    responses(
        (status = 201, description = "Created", body = Car),
        (status = 400, description = "Invalid or unknown fields, no such customer, or another mileage", body = Problem),
        (status = 401, description = "Not authenticated", body = Problem),
        (status = 403, description = "Not staff", body = Problem),
        (status = 409, description = "Plate or VIN taken, or the key was used for another request", body = Problem),
        (status = 415, description = "Not JSON", body = Problem),
    ))]
pub async fn create_car(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    body: JsonBytes<CreateCarRequest>,
) -> Result<Response, ApiError> {
    let idempotent = idempotency_key(&headers, &caller.user_id, "POST /api/cars", &body.bytes)?;
    let created = create::create(
        &state,
        body.value.into(),
        idempotent.as_ref(),
        &caller.user_id,
    )
    .await?;
    Ok(created_response(created))
}

/// One car (staff, or its owner).
#[utoipa::path(get, path = "/api/cars/{id}", tag = "cars",
    params(("id" = String, Path, description = "Car id")),
    responses(
        (status = 200, description = "The car", body = Car),
        (status = 401, description = "Not authenticated", body = Problem),
        (status = 404, description = "No such car, or not the caller's", body = Problem),
    ))]
pub async fn get_car(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<axum::Json<Car>, ApiError> {
    Ok(axum::Json(visible_car(&state, &caller, &id).await?))
}

/// Replace a car.
#[utoipa::path(put, path = "/api/cars/{id}", tag = "cars",
    params(
        ("id" = String, Path, description = "Car id"),
        ("If-Match" = Option<String>, Header, description = "The version replaced, quoted"),
    ),
    request_body = ReplaceCarRequest,
    responses(
        (status = 200, description = "The changed car", body = Car),
        (status = 400, description = "Invalid or unknown fields, no such customer, or another mileage", body = Problem),
        (status = 401, description = "Not authenticated", body = Problem),
        (status = 403, description = "Not staff", body = Problem),
        (status = 404, description = "No such car", body = Problem),
        (status = 409, description = "Plate or VIN taken, or a stale version", body = Problem),
        (status = 415, description = "Not JSON", body = Problem),
    ))]
pub async fn replace_car(
    State(state): State<AppState>,
    _caller: Caller,
    Path(id): Path<String>,
    headers: HeaderMap,
    Json(body): Json<ReplaceCarRequest>,
) -> Result<axum::Json<Car>, ApiError> {
    let version = expected_version(&headers, body.version)?;
    let id = car_id(&id)?;
    same_mileage(&state, &id, body.mileage).await?;
    let car = update::update(&state, &id, &body.changes(), version).await?;
    Ok(axum::Json(car))
}

/// Refuses a `mileage` (the Django ECAR's forms send it back) other than
/// the car's current one.
async fn same_mileage(state: &AppState, id: &CarId, given: Option<u32>) -> Result<(), ApiError> {
    let Some(given) = given else {
        return Ok(());
    };
    let car = cars::get(state.table.as_ref(), id)
        .await?
        .ok_or_else(ApiError::not_found)?;
    restated("mileage", Some(&given), &car.mileage, MILEAGE_CHANGES)
}

/// Change some fields of a car.
#[utoipa::path(patch, path = "/api/cars/{id}", tag = "cars",
    params(
        ("id" = String, Path, description = "Car id"),
        ("If-Match" = Option<String>, Header, description = "The version changed, quoted"),
    ),
    request_body = PatchCarRequest,
    responses(
        (status = 200, description = "The changed car", body = Car),
        (status = 400, description = "Invalid or unknown fields, no such customer, or another mileage", body = Problem),
        (status = 401, description = "Not authenticated", body = Problem),
        (status = 403, description = "Not staff", body = Problem),
        (status = 404, description = "No such car", body = Problem),
        (status = 409, description = "Plate or VIN taken, or a stale version", body = Problem),
        (status = 415, description = "Not JSON", body = Problem),
    ))]
pub async fn patch_car(
    State(state): State<AppState>,
    _caller: Caller,
    Path(id): Path<String>,
    headers: HeaderMap,
    Json(body): Json<PatchCarRequest>,
) -> Result<axum::Json<Car>, ApiError> {
    let version = expected_version(&headers, body.version)?;
    let id = car_id(&id)?;
    same_mileage(&state, &id, body.mileage).await?;
    let car = update::update(&state, &id, &body.changes(), version).await?;
    Ok(axum::Json(car))
}

/// Delete a car; refused while it has services on record.
#[utoipa::path(delete, path = "/api/cars/{id}", tag = "cars",
    params(
        ("id" = String, Path, description = "Car id"),
        ("If-Match" = Option<String>, Header, description = "The version deleted, quoted"),
    ),
    responses(
        (status = 204, description = "Deleted"),
        (status = 401, description = "Not authenticated", body = Problem),
        (status = 403, description = "Not staff", body = Problem),
        (status = 404, description = "No such car", body = Problem),
        (status = 409, description = "Services on record, or a stale version", body = Problem),
    ))]
pub async fn delete_car(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<StatusCode, ApiError> {
    let version = expected_version(&headers, None)?;
    delete::delete(&state, &caller.audit_actor(), &car_id(&id)?, version)
        .await
        .map_err(|error| match error {
            CustomerError::NotFound => ApiError::not_found(),
            other => other.into(),
        })?;
    Ok(StatusCode::NO_CONTENT)
}
