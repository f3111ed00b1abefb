//! The views (`upcoming`, `in_progress`, `completed`) and the statistics.

use axum::extract::State;
use ecar_http::{
    AppState,
    auth::Caller,
    http::{ApiError, ListResponse, PageParams, Problem, QueryParams},
    services::{
        Service,
        stats::{self, ServiceStatistics},
        views::View,
    },
};

use crate::crud::{ServiceFilters, page};

/// Scheduled services booked for today or later, soonest first (a customer: their own).
#[utoipa::path(get, path = "/api/services/upcoming", tag = "services",
    params(PageParams, ServiceFilters),
    responses(
        (status = 200, description = "A page of services", body = ListResponse<Service>),
        (status = 400, description = "A bad filter, limit or cursor", body = Problem),
        (status = 401, description = "Not authenticated", body = Problem),
    ))]
pub async fn upcoming(
    State(state): State<AppState>,
    caller: Caller,
    QueryParams(params): QueryParams<PageParams>,
    QueryParams(filters): QueryParams<ServiceFilters>,
) -> Result<axum::Json<ListResponse<Service>>, ApiError> {
    page(&state, &caller, View::Upcoming, &params, filters).await
}

/// Services in progress, earliest date first (a customer: their own).
#[utoipa::path(get, path = "/api/services/in_progress", tag = "services",
    params(PageParams, ServiceFilters),
    responses(
        (status = 200, description = "A page of services", body = ListResponse<Service>),
        (status = 400, description = "A bad filter, limit or cursor", body = Problem),
        (status = 401, description = "Not authenticated", body = Problem),
    ))]
pub async fn in_progress(
    State(state): State<AppState>,
    caller: Caller,
    QueryParams(params): QueryParams<PageParams>,
    QueryParams(filters): QueryParams<ServiceFilters>,
) -> Result<axum::Json<ListResponse<Service>>, ApiError> {
    page(&state, &caller, View::InProgress, &params, filters).await
}

/// Completed services, latest date first (a customer: their own).
#[utoipa::path(get, path = "/api/services/completed", tag = "services",
    params(PageParams, ServiceFilters),
    responses(
        (status = 200, description = "A page of services", body = ListResponse<Service>),
        (status = 400, description = "A bad filter, limit or cursor", body = Problem),
        (status = 401, description = "Not authenticated", body = Problem),
    ))]
pub async fn completed(
    State(state): State<AppState>,
    caller: Caller,
    QueryParams(params): QueryParams<PageParams>,
    QueryParams(filters): QueryParams<ServiceFilters>,
) -> Result<axum::Json<ListResponse<Service>>, ApiError> {
    page(&state, &caller, View::Completed, &params, filters).await
}

/// Counts by status, bookings of today, this week and this month, completions
/// and revenue of this month, and the average start-to-completion time, in the
/// garage's time zone.
#[utoipa::path(get, path = "/api/services/statistics", tag = "services",
    responses(
        (status = 200, description = "The statistics", body = ServiceStatistics),
        (status = 401, description = "Not authenticated", body = Problem),
        (status = 403, description = "Not staff", body = Problem),
    ))]
pub async fn statistics(
    State(state): State<AppState>,
    _caller: Caller,
) -> Result<axum::Json<ServiceStatistics>, ApiError> {
    let statistics = stats::statistics(
        state.table.as_ref(),
        state.clock.now(),
        state.config.time_zone,
        state.config.currency_decimals,
    )
    .await?;
    Ok(axum::Json(statistics))
}
