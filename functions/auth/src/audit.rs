//! The audit log, for admins: browse it with filters, or export it as CSV.

use std::sync::Arc;

use axum::{extract::State, response::Response};
use ecar_http::{
    AppState, RouteSet,
    audit::{self, AuditParams},
    audit_log::{self, AuditAction, AuditFilter, AuditRecord},
    auth::Caller,
    bulk::export::{CsvExport, time_cell},
    http::{ApiError, ListResponse, PageParams, Problem, QueryParams, read_through_cursor},
    routes,
    store::{Item, ItemError, from_item},
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
    export_csv(&state, &caller, filters.filter()?).await
}

const EXPORT_COLUMNS: [&str; 12] = [
    "at",
    "actor_name",
    "actor_role",
    "actor_ip",
    "actor_user_id",
    "action",
    "entity_kind",
    "entity_id",
    "label",
    "before",
    "after",
    "id",
];

fn record_cells(item: Item) -> Result<Vec<String>, ItemError> {
    let record: AuditRecord = from_item(item)?;
    let json = |fields: Option<serde_json::Map<String, serde_json::Value>>| {
        fields
            .map(|fields| serde_json::Value::Object(fields).to_string())
            .unwrap_or_default()
    };
    let actor = record.actor;
    Ok(vec![
        time_cell(record.at),
        actor.name.unwrap_or_default(),
        actor.role.map(|role| role.to_string()).unwrap_or_default(),
        actor.ip.unwrap_or_default(),
        actor.user_id.unwrap_or_default(),
        record.action.as_str().into(),
        record.entity_kind.as_str().into(),
        record.entity_id,
        record.label.unwrap_or_default(),
        json(record.before),
        json(record.after),
        record.id,
    ])
}

/// The records `filter` keeps as CSV, newest first; the export is itself
/// recorded first.
async fn export_csv(
    state: &AppState,
    caller: &Caller,
    filter: AuditFilter,
) -> Result<Response, ApiError> {
    const EXPORT: CsvExport = CsvExport {
        entity: "audit record",
        columns: &EXPORT_COLUMNS,
        to_cells: record_cells,
        file_name: "audit.csv",
    };
    let summary = serde_json::json!({"route": "GET /api/audit/export", "filter": audit::cursor_binding(caller, &filter)});
    audit::record_bulk(state, caller, AuditAction::DataExported, "audit", summary).await?;
    let query = filter.query();
    let keep = Arc::new(move |item: &Item| filter.keeps(item));
    Ok(EXPORT.respond_filtered(state.table.clone(), query, keep, &caller.user_id))
}
