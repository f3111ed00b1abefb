//! The workshop's people: the technicians staff assign work to, their load
//! over a few days, and a technician's own day of jobs.

use axum::extract::State;
use chrono::NaiveDate;
use ecar_http::{
    AppState,
    auth::Caller,
    http::{ApiError, Problem, QueryParams},
    services::views::today,
    technicians::{
        self, Technician,
        clock::{self, TimeEntry},
        jobs::{self, Job},
        workload::{self, Workload},
    },
};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// A technician, and the job they are clocked on.
#[derive(Debug, Serialize, ToSchema)]
pub struct TechnicianOnFloor {
    /// Who.
    #[serde(flatten)]
    pub technician: Technician,
    /// Their clock, if it runs.
    pub clock: Option<TimeEntry>,
}

/// The active technicians.
#[derive(Debug, Serialize, ToSchema)]
pub struct TechnicianList {
    /// Oldest account first.
    pub results: Vec<TechnicianOnFloor>,
}

/// A technician's day.
#[derive(Debug, Serialize, ToSchema)]
pub struct JobList {
    /// The day shown.
    pub date: NaiveDate,
    /// The garage's time zone (IANA name), the clock the day is read on.
    #[schema(example = "Africa/Tunis")]
    pub time_zone: String,
    /// In progress first, then still to do (oldest booking first), then
    /// closed that day.
    pub results: Vec<Job>,
}

/// The period of a workload.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PeriodParams {
    /// First day (`YYYY-MM-DD`); today by default.
    pub from: Option<String>,
    /// Last day (`YYYY-MM-DD`), at most 31 days on; six days after `from` by default.
    pub to: Option<String>,
}

fn day(field: &'static str, text: Option<&str>) -> Result<Option<NaiveDate>, ApiError> {
    text.map(|text| {
        NaiveDate::parse_from_str(text, "%Y-%m-%d")
            .map_err(|_| ApiError::invalid_field(field, "must be a date (YYYY-MM-DD)"))
    })
    .transpose()
}

/// The active technicians, to assign work to, with the job each is
/// clocked on.
#[utoipa::path(get, path = "/api/technicians", tag = "technicians",
    responses(
        (status = 200, description = "The technicians", body = TechnicianList),
        (status = 401, description = "Not authenticated", body = Problem),
        (status = 403, description = "Not staff", body = Problem),
    ))]
pub async fn list_technicians(
    State(state): State<AppState>,
    _caller: Caller,
) -> Result<axum::Json<TechnicianList>, ApiError> {
    let table = state.table.as_ref();
    let technicians = technicians::list(table).await?;
    let ids: Vec<&str> = technicians.iter().map(|t| t.id.as_str()).collect();
    let clocks = clock::open_clocks(table, &ids).await?;
    let results = technicians
        .into_iter()
        .map(|technician| TechnicianOnFloor {
            clock: clocks
                .iter()
                .find(|entry| entry.technician_id == technician.id)
                .cloned(),
            technician,
        })
        .collect();
    Ok(axum::Json(TechnicianList { results }))
}

/// The workshop's load: per technician and day, the jobs, the open ones
/// and the labour hours booked on them; and the open jobs nobody has.
#[utoipa::path(get, path = "/api/technicians/workload", tag = "technicians",
    params(PeriodParams),
    responses(
        (status = 200, description = "The load, day by day", body = Workload),
        (status = 400, description = "A bad date, or a period over 31 days", body = Problem),
        (status = 401, description = "Not authenticated", body = Problem),
        (status = 403, description = "Not staff", body = Problem),
    ))]
pub async fn workload(
    State(state): State<AppState>,
    _caller: Caller,
    QueryParams(period): QueryParams<PeriodParams>,
) -> Result<axum::Json<Workload>, ApiError> {
    let from = day("from", period.from.as_deref())?.unwrap_or_else(|| today(&state));
    let to = day("to", period.to.as_deref())?.unwrap_or(from + chrono::Days::new(6));
    let load = workload::of_period(state.table.as_ref(), state.config.time_zone, from, to).await?;
    Ok(axum::Json(load))
}

/// The day to show.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DayParams {
    /// The day (`YYYY-MM-DD`); today in the garage's time zone by default.
    pub date: Option<String>,
}

/// The caller's jobs for a day (technicians): open ones booked for that day
/// or before, and those closed that day, with the car and the customer's
/// name and phone.
#[utoipa::path(get, path = "/api/technicians/me/jobs", tag = "technicians",
    params(DayParams),
    responses(
        (status = 200, description = "The day's jobs", body = JobList),
        (status = 400, description = "A bad date", body = Problem),
        (status = 401, description = "Not authenticated", body = Problem),
        (status = 403, description = "Not a technician", body = Problem),
    ))]
pub async fn my_jobs(
    State(state): State<AppState>,
    caller: Caller,
    QueryParams(params): QueryParams<DayParams>,
) -> Result<axum::Json<JobList>, ApiError> {
    let date = day("date", params.date.as_deref())?.unwrap_or_else(|| today(&state));
    let results = jobs::of_day(state.table.as_ref(), &caller.user_id, date).await?;
    Ok(axum::Json(JobList {
        date,
        time_zone: state.config.time_zone.name().to_string(),
        results,
    }))
}
