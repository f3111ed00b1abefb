//! What a car's owner and staff follow over time: mileage readings, the
//! next service, and the car's statistics.

use axum::{
    extract::{Path, State},
    http::HeaderMap,
};
use ecar_http::{
    AppState,
    auth::Caller,
    cars::{
        self, Car, CarStatistics, ServicePrediction,
        mileage::{self, Reading},
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

use crate::{
    crud::{car_id, visible_car},
    requests::ReportMileageRequest,
};

/// Report the odometer (staff, or the car's owner): never lower than the
/// last reading; the average daily mileage and the next service follow.
#[utoipa::path(post, path = "/api/cars/{id}/report_mileage", tag = "cars",
    params(
        ("id" = String, Path, description = "Car id"),
        ("If-Match" = Option<String>, Header, description = "The version changed, quoted"),
    ),
    request_body = ReportMileageRequest,
    responses(
        (status = 200, description = "The car with its new reading", body = Car),
        (status = 400, description = "Lower than the last reading, or invalid", body = Problem),
        (status = 401, description = "Not authenticated", body = Problem),
        (status = 404, description = "No such car, or not the caller's", body = Problem),
        (status = 409, description = "A stale version", body = Problem),
        (status = 415, description = "Not JSON", body = Problem),
    ))]
pub async fn report_mileage(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Result<Json<ReportMileageRequest>, ApiError>,
) -> Result<axum::Json<Car>, ApiError> {
    // Another customer's car does not exist for them, whatever they send.
    let car = visible_car(&state, &caller, &id).await?;
    let Json(body) = body?;
    let version = expected_version(&headers, body.version)?;
    let car = mileage::report(&state, car, body.mileage, version, &caller.user_id).await?;
    Ok(axum::Json(car))
}

/// A car's readings, oldest first.
#[utoipa::path(get, path = "/api/cars/{id}/mileage_history", tag = "cars",
    params(("id" = String, Path, description = "Car id"), PageParams),
    responses(
        (status = 200, description = "A page of readings", body = ListResponse<Reading>),
        (status = 401, description = "Not authenticated", body = Problem),
        (status = 404, description = "No such car, or not the caller's", body = Problem),
    ))]
pub async fn mileage_history(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    QueryParams(params): QueryParams<PageParams>,
) -> Result<axum::Json<ListResponse<Reading>>, ApiError> {
    let car = visible_car(&state, &caller, &id).await?;
    // Readings are the car's whoever reads them: the cursor is bound to the car.
    let binding = format!("mileage|{}", car.id);
    let table = state.table.as_ref();
    let page = read_through_cursor(&state.cursors, &params, &binding, |request| {
        mileage::history(table, &car.id, request)
    })
    .await?;
    Ok(axum::Json(page))
}

/// When the car's next service is due, and why.
#[utoipa::path(get, path = "/api/cars/{id}/next_service_prediction", tag = "cars",
    params(("id" = String, Path, description = "Car id")),
    responses(
        (status = 200, description = "The prediction and its reason", body = ServicePrediction),
        (status = 401, description = "Not authenticated", body = Problem),
        (status = 404, description = "No such car, or not the caller's", body = Problem),
    ))]
pub async fn next_service_prediction(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<axum::Json<ServicePrediction>, ApiError> {
    let car = visible_car(&state, &caller, &id).await?;
    let time_zone = state.config.time_zone;
    let today = state.clock.now().with_timezone(&time_zone).date_naive();
    Ok(axum::Json(car.prediction(
        &state.config.service_intervals,
        time_zone,
        today,
    )))
}

/// A car's statistics.
#[utoipa::path(get, path = "/api/cars/{id}/statistics", tag = "cars",
    params(("id" = String, Path, description = "Car id")),
    responses(
        (status = 200, description = "Services, spending, mileage, last and next service", body = CarStatistics),
        (status = 401, description = "Not authenticated", body = Problem),
        (status = 404, description = "No such car, or not the caller's", body = Problem),
    ))]
pub async fn statistics(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<axum::Json<CarStatistics>, ApiError> {
    let id = car_id(&id)?;
    let (car, aggregates) = cars::get_with_aggregates(state.table.as_ref(), &id)
        .await?
        .ok_or_else(ApiError::not_found)?;
    caller.require_owner(car.customer_id.as_str())?;
    Ok(axum::Json(
        car.statistics(&aggregates, state.config.currency_decimals),
    ))
}

/// The car's services, newest first (staff; its owner sees the ones booked
/// while they owned it), read from the car's index partition.
#[utoipa::path(get, path = "/api/cars/{id}/services", tag = "cars",
    params(("id" = String, Path, description = "Car id"), PageParams),
    responses(
        (status = 200, description = "A page of the car's services", body = ListResponse<Service>),
        (status = 400, description = "A bad limit or cursor", body = Problem),
        (status = 401, description = "Not authenticated", body = Problem),
        (status = 404, description = "No such car, or not the caller's", body = Problem),
    ))]
pub async fn services_of(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    QueryParams(params): QueryParams<PageParams>,
) -> Result<axum::Json<ListResponse<Service>>, ApiError> {
    let car = visible_car(&state, &caller, &id).await?;
    let filter = ListFilter {
        car_id: Some(car.id),
        ..ListFilter::default()
    };
    let page = pages::page_for(&state, &caller, View::All, &filter, &params).await?;
    Ok(axum::Json(page))
}
