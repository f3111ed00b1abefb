//! The audit log, for admins: browse it with filters, or export it as CSV.

use axum::{extract::State, response::Response};
use ecar_http::{
    AppState, RouteSet,
    audit::{self, AuditParams},
    audit_log::{self, AuditRecord},
    auth::Caller,
    http::{ApiError, ListResponse, PageParams, Problem, QueryParams, read_through_cursor},
    routes,
};

/// The routes of the audit log.
pub fn routes<R: RouteSet>() -> R {
    R::empty()
        .group(routes!(list_records))
        .group(routes!(export_records))
}

/// The audit log, newest first: who did what to what, and the fields it
/// changed (admins).
#[utoipa::path(get, path = "/api/audit", tag = "audit",
    params(PageParams, AuditParams),
    responses(
        (status = 200, description = "A page of audit records", body = ListResponse<AuditRecord>),
        (status = 400, description = "A bad filter, limit or cursor", body = Problem),
        (status = 401, description = "Not authenticated", body = Problem),
        (status = 403, description = "Not an admin", body = Problem),
    ))]
pub async fn list_records(
    State(state): State<AppState>,
    caller: Caller,
    QueryParams(params): QueryParams<PageParams>,
    QueryParams(filters): QueryParams<AuditParams>,
) -> Result<axum::Json<ListResponse<AuditRecord>>, ApiError> {
    let filter = filters.filter()?;
    let binding = audit::cursor_binding(&caller, &filter);
    let table = state.table.as_ref();
    let page = read_through_cursor(&state.cursors, &params, &binding, |request| {
        audit_log::page(table, &filter, request)
    })
    .await?;
    Ok(axum::Json(page))
}

/// The audit records the filters keep as CSV, newest first (admins); the
/// changed fields are JSON in the `before` and `after` columns.
#[utoipa::path(get, path = "/api/audit/export", tag = "audit",
    params(AuditParams),
    responses(
        (status = 200, description = "RFC 4180 CSV with a header row", content_type = "text/csv", body = String),
        (status = 400, description = "A bad filter", body = Problem),
        (status = 401, description = "Not authenticated", body = Problem),
        (status = 403, description = "Not an admin", body = Problem),
    ))]
pub async fn export_records(
    State(state): State<AppState>,
    caller: Caller,
    QueryParams(filters): QueryParams<AuditParams>,
) -> Result<Response, ApiError> {
    Ok(audit::export(&state, &caller, filters.filter()?))
}
