//! Time on jobs: a technician's clock (on a job, off), staff closing a
//! forgotten clock, a job's recorded time and its billing as labour, and
//! the hours report with its CSV export.

use axum::{
    extract::{Path, State},
    http::HeaderMap,
    response::Response,
};
use chrono::{DateTime, NaiveDate, Utc};
use ecar_http::{
    AppState, audit,
    audit_log::AuditAction,
    auth::{Caller, role::Role, users},
    bulk::export::{CsvExport, time_cell},
    domain::{ItemName, Money, ServiceId},
    http::{ApiError, Json, OptionalJson, Problem, QueryParams, expected_version},
    services::{ServiceError, pages, views::today},
    store::{Item, ItemError, from_item},
    technicians::{
        clock::{self, TimeEntry, hours_of},
        hours::{self, HoursReport},
        labour::{self, LabourLine},
    },
};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::access::{service_id, visible_service};

/// A technician's clock.
#[derive(Debug, Serialize, ToSchema)]
pub struct ClockState {
    /// The entry under way, if the clock runs.
    pub open: Option<TimeEntry>,
}

/// Clocking on a job.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ClockOnRequest {
    /// The job (a service assigned to the caller, scheduled or in progress).
    pub service_id: String,
}

/// Closing a technician's forgotten clock.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ClockOffRequest {
    /// When the work stopped (between the clock's start and now); now by default.
    #[serde(default)]
    pub ended_at: Option<DateTime<Utc>>,
}

/// The caller's clock (technicians).
#[utoipa::path(get, path = "/api/technicians/me/clock", tag = "technicians",
    responses(
        (status = 200, description = "The clock", body = ClockState),
        (status = 401, description = "Not authenticated", body = Problem),
        (status = 403, description = "Not a technician", body = Problem),
    ))]
pub async fn my_clock(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<axum::Json<ClockState>, ApiError> {
    let open = clock::open_clock(state.table.as_ref(), &caller.user_id).await?;
    Ok(axum::Json(ClockState { open }))
}

/// Clock on a job assigned to the caller (closing the clock on another
/// job); already on it, nothing changes.
#[utoipa::path(post, path = "/api/technicians/me/clock_on", tag = "technicians",
    request_body = ClockOnRequest,
    responses(
        (status = 200, description = "The clock, on the job", body = ClockState),
        (status = 400, description = "Unknown fields", body = Problem),
        (status = 401, description = "Not authenticated", body = Problem),
        (status = 403, description = "Not a technician", body = Problem),
        (status = 404, description = "No such job assigned to the caller", body = Problem),
        (status = 409, description = "The job is completed or cancelled", body = Problem),
    ))]
pub async fn clock_on(
    State(state): State<AppState>,
    caller: Caller,
    Json(body): Json<ClockOnRequest>,
) -> Result<axum::Json<ClockState>, ApiError> {
    let id = service_id(&body.service_id)?;
    let entry = clock::clock_on(&state, &caller.user_id, &caller.name, &id).await?;
    Ok(axum::Json(ClockState { open: Some(entry) }))
}

/// Clock off (technicians): the time becomes an entry of the job.
#[utoipa::path(post, path = "/api/technicians/me/clock_off", tag = "technicians",
    responses(
        (status = 200, description = "The entry closed", body = TimeEntry),
        (status = 401, description = "Not authenticated", body = Problem),
        (status = 403, description = "Not a technician", body = Problem),
        (status = 409, description = "The clock does not run", body = Problem),
    ))]
pub async fn clock_off(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<axum::Json<TimeEntry>, ApiError> {
    let closed = clock::clock_off(&state, &caller.user_id, None).await?;
    closed.map(axum::Json).ok_or_else(not_clocked_on)
}

fn not_clocked_on() -> ApiError {
    ApiError::from(ServiceError::Refused("The clock does not run.".into()))
}

/// Close a technician's clock they forgot to (staff), at the time given.
#[utoipa::path(post, path = "/api/technicians/{id}/clock_off", tag = "technicians",
    params(("id" = String, Path, description = "The technician's user id")),
    request_body(content = Option<ClockOffRequest>, description = "Optional: when the work stopped"),
    responses(
        (status = 200, description = "The entry closed", body = TimeEntry),
        (status = 400, description = "A time outside the clock's run, or unknown fields", body = Problem),
        (status = 401, description = "Not authenticated", body = Problem),
        (status = 403, description = "Not staff", body = Problem),
        (status = 404, description = "No such technician", body = Problem),
        (status = 409, description = "Their clock does not run", body = Problem),
    ))]
pub async fn close_clock(
    State(state): State<AppState>,
    _caller: Caller,
    Path(id): Path<String>,
    OptionalJson(body): OptionalJson<ClockOffRequest>,
) -> Result<axum::Json<TimeEntry>, ApiError> {
    let technician = users::get_user(state.table.as_ref(), &id)
        .await
        .map_err(ApiError::from)?
        .filter(|user| user.role == Role::Technician)
        .ok_or_else(ApiError::not_found)?;
    let closed = clock::clock_off(&state, &technician.id, body.ended_at).await?;
    closed.map(axum::Json).ok_or_else(not_clocked_on)
}

/// The time recorded on a job.
#[derive(Debug, Serialize, ToSchema)]
pub struct JobTime {
    /// The closed entries, oldest first.
    pub results: Vec<TimeEntry>,
    /// Their hours (decimal).
    #[schema(example = "3.25")]
    pub total_hours: String,
    /// Of those, the hours not billed yet (decimal).
    #[schema(example = "1.5")]
    pub unbilled_hours: String,
}

/// The time recorded on a job (staff, and its technician).
#[utoipa::path(get, path = "/api/services/{id}/time", tag = "services",
    params(("id" = String, Path, description = "Service id")),
    responses(
        (status = 200, description = "The entries", body = JobTime),
        (status = 401, description = "Not authenticated", body = Problem),
        (status = 403, description = "Not staff or a technician", body = Problem),
        (status = 404, description = "No such service, or not assigned to the technician", body = Problem),
    ))]
pub async fn job_time(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<axum::Json<JobTime>, ApiError> {
    let service = visible_service(&state, &caller, &id).await?;
    let results = clock::entries_of_service(state.table.as_ref(), &service.id).await?;
    let seconds = |billed: bool| -> u64 {
        results
            .iter()
            .filter(|entry| billed || entry.billed_item_id.is_none())
            .map(|entry| entry.seconds)
            .sum()
    };
    Ok(axum::Json(JobTime {
        total_hours: hours_of(seconds(true)).to_string(),
        unbilled_hours: hours_of(seconds(false)).to_string(),
        results,
    }))
}

/// Billing a job's recorded time.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BillTimeRequest {
    /// The labour line's name; "Main-d'œuvre" by default.
    #[serde(default)]
    pub name: Option<ItemName>,
    /// Price of an hour; the garage's `ECAR_LABOUR_RATE` by default.
    #[serde(default)]
    pub unit_price: Option<Money>,
    /// The service's version (or `If-Match`).
    #[serde(default)]
    pub version: Option<u64>,
}

/// Turn the job's unbilled time into one labour line (staff): hours to the
/// hundredth at the rate given or configured; each entry is billed once.
#[utoipa::path(post, path = "/api/services/{id}/bill_time", tag = "services",
    params(
        ("id" = String, Path, description = "Service id"),
        ("If-Match" = Option<String>, Header, description = "The service's version, quoted"),
    ),
    request_body(content = Option<BillTimeRequest>, description = "Optional: the line's name and rate"),
    responses(
        (status = 200, description = "The service with the labour line", body = ecar_http::services::Service),
        (status = 400, description = "No rate given or configured, a bad price, or unknown fields", body = Problem),
        (status = 401, description = "Not authenticated", body = Problem),
        (status = 403, description = "Not staff", body = Problem),
        (status = 404, description = "No such service", body = Problem),
        (status = 409, description = "No unbilled time, cancelled, invoiced, or a stale version", body = Problem),
    ))]
pub async fn bill_time(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    headers: HeaderMap,
    OptionalJson(body): OptionalJson<BillTimeRequest>,
) -> Result<axum::Json<ecar_http::services::Service>, ApiError> {
    let expected = expected_version(&headers, body.version)?;
    let decimals = state.config.currency_decimals;
    let rate = match body.unit_price {
        Some(price) => price,
        None => state
            .config
            .labour_rate
            .map(|rate| Money::rounded(rate, decimals))
            .ok_or_else(|| {
                ApiError::invalid_field("unit_price", "is required: no labour rate is configured")
            })?,
    };
    let name = match body.name {
        Some(name) => name,
        None => ItemName::parse("Main-d'œuvre").map_err(|_| ApiError::internal())?,
    };
    let line = LabourLine { name, rate };
    let service = labour::bill_time(
        &state,
        &caller.audit_actor(),
        &service_id(&id)?,
        &line,
        expected,
    )
    .await?;
    Ok(axum::Json(pages::shown_to(&caller, service)))
}

/// The period of an hours report.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct HoursPeriod {
    /// First day (`YYYY-MM-DD`); six days before `to` by default.
    pub from: Option<String>,
    /// Last day (`YYYY-MM-DD`, at most 93 days after `from`); today by default.
    pub to: Option<String>,
}

fn period(params: &HoursPeriod, state: &AppState) -> Result<(NaiveDate, NaiveDate), ApiError> {
    let day = |field: &'static str, text: Option<&str>| {
        text.map(|text| {
            NaiveDate::parse_from_str(text, "%Y-%m-%d")
                .map_err(|_| ApiError::invalid_field(field, "must be a date (YYYY-MM-DD)"))
        })
        .transpose()
    };
    let to = day("to", params.to.as_deref())?.unwrap_or_else(|| today(state));
    let from = day("from", params.from.as_deref())?.unwrap_or(to - chrono::Days::new(6));
    hours::check_period(from, to)?;
    Ok((from, to))
}

/// Hours per technician over a period (staff): per garage day and in total,
/// and how much of it is billed.
#[utoipa::path(get, path = "/api/technicians/hours", tag = "technicians",
    params(HoursPeriod),
    responses(
        (status = 200, description = "The report", body = HoursReport),
        (status = 400, description = "A bad date, or a period over 93 days", body = Problem),
        (status = 401, description = "Not authenticated", body = Problem),
        (status = 403, description = "Not staff", body = Problem),
    ))]
pub async fn hours_report(
    State(state): State<AppState>,
    _caller: Caller,
    QueryParams(params): QueryParams<HoursPeriod>,
) -> Result<axum::Json<HoursReport>, ApiError> {
    let (from, to) = period(&params, &state)?;
    let time_zone = state.config.time_zone;
    let entries = hours::entries(state.table.as_ref(), time_zone, from, to).await?;
    Ok(axum::Json(hours::report(&entries, time_zone, from, to)))
}

const EXPORT_COLUMNS: [&str; 9] = [
    "technician_name",
    "technician_id",
    "service_title",
    "service_id",
    "started_at",
    "ended_at",
    "hours",
    "billed_item_id",
    "id",
];

fn entry_cells(item: Item) -> Result<Vec<String>, ItemError> {
    let entry: TimeEntry = from_item(item)?;
    Ok(vec![
        entry.technician_name.clone(),
        entry.technician_id.clone(),
        entry.service_title.to_string(),
        entry.service_id.to_string(),
        time_cell(entry.started_at),
        entry.ended_at.map(time_cell).unwrap_or_default(),
        entry.hours().to_string(),
        entry
            .billed_item_id
            .as_ref()
            .map(ToString::to_string)
            .unwrap_or_default(),
        entry.id.to_string(),
    ])
}

/// Every time entry of the period as CSV, oldest first (admins); the
/// export is recorded in the audit log.
#[utoipa::path(get, path = "/api/technicians/hours/export", tag = "technicians",
    params(HoursPeriod),
    responses(
        (status = 200, description = "RFC 4180 CSV with a header row", content_type = "text/csv", body = String),
        (status = 400, description = "A bad date, or a period over 93 days", body = Problem),
        (status = 401, description = "Not authenticated", body = Problem),
        (status = 403, description = "Not an admin", body = Problem),
    ))]
pub async fn export_hours(
    State(state): State<AppState>,
    caller: Caller,
    QueryParams(params): QueryParams<HoursPeriod>,
) -> Result<Response, ApiError> {
    const EXPORT: CsvExport = CsvExport {
        entity: "time entry",
        columns: &EXPORT_COLUMNS,
        to_cells: entry_cells,
        file_name: "hours.csv",
    };
    let (from, to) = period(&params, &state)?;
    let summary =
        serde_json::json!({"route": "GET /api/technicians/hours/export", "from": from, "to": to});
    audit::record_bulk(&state, &caller, AuditAction::DataExported, "hours", summary).await?;
    let query = hours::query(state.config.time_zone, from, to)?;
    Ok(EXPORT.respond(state.table.clone(), query, &caller.user_id))
}

/// Closes the clock of the job's technician if it runs on it (the job was
/// completed, cancelled or given to someone else): a failure is logged, the
/// clock stays open for staff to close.
pub async fn stop_clock_on(state: &AppState, technician_id: Option<&str>, id: &ServiceId) {
    let Some(technician_id) = technician_id else {
        return;
    };
    if let Err(error) = clock::stop_on(state, technician_id, id).await {
        tracing::warn!(service_id = %id, error = %error, "the technician's clock stays open");
    }
}
