//! The `paid`, `unpaid` and `refunded` views and the statistics.

use axum::extract::State;
use ecar_http::{
    AppState,
    auth::Caller,
    http::{ApiError, ListResponse, PageParams, Problem, QueryParams},
    invoices::{
        Invoice,
        stats::{self, InvoiceStatistics},
        views::View,
    },
};

use crate::{crud::page, requests::InvoiceFilters};

/// Paid invoices (customers: their own).
#[utoipa::path(get, path = "/api/invoices/paid", tag = "invoices",
    params(PageParams, InvoiceFilters),
    responses(
        (status = 200, description = "A page of paid invoices, newest first", body = ListResponse<Invoice>),
        (status = 400, description = "A bad filter, limit or cursor", body = Problem),
        (status = 401, description = "Not authenticated", body = Problem),
    ))]
pub async fn paid(
    State(state): State<AppState>,
    caller: Caller,
    QueryParams(params): QueryParams<PageParams>,
    QueryParams(filters): QueryParams<InvoiceFilters>,
) -> Result<axum::Json<ListResponse<Invoice>>, ApiError> {
    page(&state, &caller, View::Paid, &params, filters).await
}

/// Issued invoices awaiting payment (customers: their own).
#[utoipa::path(get, path = "/api/invoices/unpaid", tag = "invoices",
    params(PageParams, InvoiceFilters),
    responses(
        (status = 200, description = "A page of pending invoices, newest first", body = ListResponse<Invoice>),
        (status = 400, description = "A bad filter, limit or cursor", body = Problem),
        (status = 401, description = "Not authenticated", body = Problem),
    ))]
pub async fn unpaid(
    State(state): State<AppState>,
    caller: Caller,
    QueryParams(params): QueryParams<PageParams>,
    QueryParams(filters): QueryParams<InvoiceFilters>,
) -> Result<axum::Json<ListResponse<Invoice>>, ApiError> {
    page(&state, &caller, View::Unpaid, &params, filters).await
}

/// Refunded invoices (customers: their own), a view the Django ECAR had.
#[utoipa::path(get, path = "/api/invoices/refunded", tag = "invoices",
    params(PageParams, InvoiceFilters),
    responses(
        (status = 200, description = "A page of refunded invoices, newest first", body = ListResponse<Invoice>),
        (status = 400, description = "A bad filter, limit or cursor", body = Problem),
        (status = 401, description = "Not authenticated", body = Problem),
    ))]
pub async fn refunded(
    State(state): State<AppState>,
    caller: Caller,
    QueryParams(params): QueryParams<PageParams>,
    QueryParams(filters): QueryParams<InvoiceFilters>,
) -> Result<axum::Json<ListResponse<Invoice>>, ApiError> {
    page(&state, &caller, View::Refunded, &params, filters).await
}

/// Counts and amounts by status, revenue, outstanding, overdue, this month.
#[utoipa::path(get, path = "/api/invoices/statistics", tag = "invoices",
    responses(
        (status = 200, description = "The invoices dashboard", body = InvoiceStatistics),
        (status = 401, description = "Not authenticated", body = Problem),
        (status = 403, description = "Not staff", body = Problem),
    ))]
pub async fn statistics(
    State(state): State<AppState>,
    _caller: Caller,
) -> Result<axum::Json<InvoiceStatistics>, ApiError> {
    let statistics = stats::statistics(
        state.table.as_ref(),
        state.clock.now(),
        state.config.time_zone,
        state.config.currency_decimals,
    )
    .await?;
    Ok(axum::Json(statistics))
}
