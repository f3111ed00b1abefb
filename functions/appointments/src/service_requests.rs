//! Customers' requests: a customer describes a problem with one of their
//! cars; staff book it, open a service for it, or close it with an answer;
//! the customer may withdraw it while it is open.

use axum::{
    extract::{Path, State},
    http::{HeaderMap, StatusCode},
};
use chrono::{DateTime, NaiveDate, Utc};
use ecar_http::{
    AppState,
    appointments::{
        book::Actor,
        requests::{self, NewRequest, RequestSelection, RequestStatus, Resolution, ServiceRequest},
    },
    auth::Caller,
    domain::{CarId, MessageText, ProblemText, ServiceRequestId, ServiceTitle, ServiceType},
    http::{
        ApiError, Json, ListResponse, OptionalJson, PageParams, Problem, QueryParams,
        expected_version, read_through_cursor,
    },
};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use crate::access::actor;

/// A request to make.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RequestBody {
    /// One of the customer's cars.
    pub car_id: CarId,
    /// What is wrong, or what the customer wants done.
    pub description: ProblemText,
    /// Days that suit the customer (at most 5, from today to a year ahead).
    #[serde(default)]
    pub preferred_days: Vec<NaiveDate>,
}

/// Booking a request.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BookRequestBody {
    /// The start of a free slot.
    pub starts_at: DateTime<Utc>,
    /// The version booked (or `If-Match`).
    pub version: Option<u64>,
}

/// Opening a service for a request.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OpenServiceBody {
    /// The service's title.
    pub title: ServiceTitle,
    /// The kind of service; `maintenance` by default.
    pub service_type: Option<ServiceType>,
    /// The day it is booked for (`YYYY-MM-DD`).
    pub scheduled_date: NaiveDate,
    /// The version resolved (or `If-Match`).
    pub version: Option<u64>,
}

/// Closing a request with an answer.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CloseBody {
    /// The garage's answer, sent to the customer.
    pub answer: MessageText,
    /// The version closed (or `If-Match`).
    pub version: Option<u64>,
}

/// Withdrawing a request.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WithdrawBody {
    /// The version withdrawn (or `If-Match`).
    pub version: Option<u64>,
}

/// Filter of the request lists.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RequestFilters {
    /// `open` (staff's default), `booked`, `serviced`, `closed` or `withdrawn`.
    pub status: Option<String>,
}

fn request_id(text: &str) -> Result<ServiceRequestId, ApiError> {
    ServiceRequestId::parse(text).map_err(|_| ApiError::not_found())
}

/// Request `id`, if the caller may see it.
async fn visible(state: &AppState, caller: &Caller, id: &str) -> Result<ServiceRequest, ApiError> {
    let request = requests::get(state.table.as_ref(), &request_id(id)?)
        .await?
        .ok_or_else(ApiError::not_found)?;
    caller.require_owner(request.customer_id.as_str())?;
    Ok(request)
}

/// List requests, newest first: a customer's own (any status), or the
/// garage's in one status (`open` unless `status` says).
#[utoipa::path(get, path = "/api/appointments/requests", tag = "appointments",
    params(PageParams, RequestFilters),
    responses(
        (status = 200, description = "A page of requests", body = ListResponse<ServiceRequest>),
        (status = 400, description = "A bad filter, limit or cursor", body = Problem),
        (status = 401, description = "Not authenticated", body = Problem),
    ))]
pub async fn list_requests(
    State(state): State<AppState>,
    caller: Caller,
    QueryParams(params): QueryParams<PageParams>,
    QueryParams(filters): QueryParams<RequestFilters>,
) -> Result<axum::Json<ListResponse<ServiceRequest>>, ApiError> {
    let status = filters
        .status
        .map(|text| {
            RequestStatus::parse(&text)
                .ok_or_else(|| ApiError::invalid_field("status", "is not a status"))
        })
        .transpose()?;
    let selection = RequestSelection {
        customer: match actor(&caller)? {
            Actor::Staff => None,
            Actor::Customer(id) => Some(id),
        },
        status,
    };
    let binding = format!(
        "requests|{}|{}|{}",
        caller.user_id,
        selection.customer.as_ref().map_or("*", |c| c.as_str()),
        status.map_or("*", RequestStatus::as_str)
    );
    let table = state.table.as_ref();
    let page = read_through_cursor(&state.cursors, &params, &binding, |request| {
        requests::page(table, &selection, request)
    })
    .await?;
    Ok(axum::Json(page))
}

/// Ask the garage about one of the caller's cars (customers).
#[utoipa::path(post, path = "/api/appointments/requests", tag = "appointments",
    request_body = RequestBody,
    responses(
        (status = 201, description = "Received", body = ServiceRequest),
        (status = 400, description = "Invalid or unknown fields, or not the caller's car", body = Problem),
        (status = 401, description = "Not authenticated", body = Problem),
        (status = 403, description = "Not a customer", body = Problem),
        (status = 415, description = "Not JSON", body = Problem),
    ))]
pub async fn create_request(
    State(state): State<AppState>,
    caller: Caller,
    Json(body): Json<RequestBody>,
) -> Result<(StatusCode, axum::Json<ServiceRequest>), ApiError> {
    let Actor::Customer(customer) = actor(&caller)? else {
        return Err(ApiError::forbidden());
    };
    let new = NewRequest {
        car_id: body.car_id,
        description: body.description,
        preferred_days: body.preferred_days,
    };
    let request = requests::create(&state, &customer, new).await?;
    Ok((StatusCode::CREATED, axum::Json(request)))
}

/// One request (staff, or its customer).
#[utoipa::path(get, path = "/api/appointments/requests/{id}", tag = "appointments",
    params(("id" = String, Path, description = "Request id")),
    responses(
        (status = 200, description = "The request", body = ServiceRequest),
        (status = 401, description = "Not authenticated", body = Problem),
        (status = 404, description = "No such request, or not the caller's", body = Problem),
    ))]
pub async fn get_request(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<axum::Json<ServiceRequest>, ApiError> {
    Ok(axum::Json(visible(&state, &caller, &id).await?))
}

async fn resolve(
    state: &AppState,
    caller: &Caller,
    id: &str,
    headers: &HeaderMap,
    version: Option<u64>,
    resolution: Resolution,
) -> Result<axum::Json<ServiceRequest>, ApiError> {
    let expected = expected_version(headers, version)?;
    let actor = actor(caller)?;
    let request = requests::resolve(state, &actor, &request_id(id)?, resolution, expected).await?;
    Ok(axum::Json(request))
}

/// Book an appointment (confirmed) for an open request, in the same
/// transaction; the customer hears of the booking.
#[utoipa::path(post, path = "/api/appointments/requests/{id}/book", tag = "appointments",
    params(
        ("id" = String, Path, description = "Request id"),
        ("If-Match" = Option<String>, Header, description = "The version booked, quoted"),
    ),
    request_body = BookRequestBody,
    responses(
        (status = 200, description = "The request, booked, with its appointment id", body = ServiceRequest),
        (status = 400, description = "Invalid or unknown fields: not a slot ahead, or the car booked then", body = Problem),
        (status = 401, description = "Not authenticated", body = Problem),
        (status = 403, description = "Not staff", body = Problem),
        (status = 404, description = "No such request", body = Problem),
        (status = 409, description = "Not open, the slot is full, or a stale version", body = Problem),
    ))]
pub async fn book_request(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    headers: HeaderMap,
    Json(body): Json<BookRequestBody>,
) -> Result<axum::Json<ServiceRequest>, ApiError> {
    let resolution = Resolution::Book(body.starts_at);
    resolve(&state, &caller, &id, &headers, body.version, resolution).await
}

/// Open a service for an open request, in the same transaction; the
/// customer is told.
#[utoipa::path(post, path = "/api/appointments/requests/{id}/open_service", tag = "appointments",
    params(
        ("id" = String, Path, description = "Request id"),
        ("If-Match" = Option<String>, Header, description = "The version resolved, quoted"),
    ),
    request_body = OpenServiceBody,
    responses(
        (status = 200, description = "The request, with its service id", body = ServiceRequest),
        (status = 400, description = "Invalid or unknown fields", body = Problem),
        (status = 401, description = "Not authenticated", body = Problem),
        (status = 403, description = "Not staff", body = Problem),
        (status = 404, description = "No such request", body = Problem),
        (status = 409, description = "Not open, or a stale version", body = Problem),
    ))]
pub async fn open_service(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    headers: HeaderMap,
    Json(body): Json<OpenServiceBody>,
) -> Result<axum::Json<ServiceRequest>, ApiError> {
    ecar_http::services::workflow::check_date("scheduled_date", body.scheduled_date)?;
    let resolution = Resolution::OpenService {
        title: body.title,
        service_type: body
            .service_type
            .unwrap_or_else(|| ServiceType::parse("maintenance").expect("a valid type")),
        scheduled_date: body.scheduled_date,
    };
    resolve(&state, &caller, &id, &headers, body.version, resolution).await
}

/// Close an open request with an answer, which the customer receives.
#[utoipa::path(post, path = "/api/appointments/requests/{id}/close", tag = "appointments",
    params(
        ("id" = String, Path, description = "Request id"),
        ("If-Match" = Option<String>, Header, description = "The version closed, quoted"),
    ),
    request_body = CloseBody,
    responses(
        (status = 200, description = "The closed request", body = ServiceRequest),
        (status = 400, description = "Invalid, missing or unknown fields", body = Problem),
        (status = 401, description = "Not authenticated", body = Problem),
        (status = 403, description = "Not staff", body = Problem),
        (status = 404, description = "No such request", body = Problem),
        (status = 409, description = "Not open, or a stale version", body = Problem),
    ))]
pub async fn close_request(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    headers: HeaderMap,
    Json(body): Json<CloseBody>,
) -> Result<axum::Json<ServiceRequest>, ApiError> {
    let resolution = Resolution::Close(body.answer);
    resolve(&state, &caller, &id, &headers, body.version, resolution).await
}

/// Withdraw one's own open request (customers).
#[utoipa::path(post, path = "/api/appointments/requests/{id}/withdraw", tag = "appointments",
    params(
        ("id" = String, Path, description = "Request id"),
        ("If-Match" = Option<String>, Header, description = "The version withdrawn, quoted"),
    ),
    request_body(content = Option<WithdrawBody>, description = "Optional: the version withdrawn (or `If-Match`)"),
    responses(
        (status = 200, description = "The withdrawn request", body = ServiceRequest),
        (status = 400, description = "Invalid or unknown fields", body = Problem),
        (status = 401, description = "Not authenticated", body = Problem),
        (status = 403, description = "Not a customer", body = Problem),
        (status = 404, description = "No such request, or not the caller's", body = Problem),
        (status = 409, description = "Not open, or a stale version", body = Problem),
    ))]
pub async fn withdraw_request(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Result<OptionalJson<WithdrawBody>, ApiError>,
) -> Result<axum::Json<ServiceRequest>, ApiError> {
    // Another customer's request does not exist for them, whatever they send
    // (with a good body, resolving checks ownership itself).
    if body.is_err() {
        visible(&state, &caller, &id).await?;
    }
    let OptionalJson(body) = body?;
    resolve(
        &state,
        &caller,
        &id,
        &headers,
        body.version,
        Resolution::Withdraw,
    )
    .await
}
