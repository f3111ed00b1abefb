//! The customer routes proper: list, create, read, replace, change, delete,
//! and the caller's own profile.

use axum::{
    extract::{Path, State},
    http::{HeaderMap, StatusCode},
    response::Response,
};
use ecar_http::http::idempotency::idempotency_key;
use ecar_http::{
    AppState,
    auth::{Caller, users},
    customers::{
        self, Customer, CustomerError, create, delete,
        list::{self, ListFilter, Ordering},
        update::{self, ProfileChanges},
    },
    domain::CustomerId,
    http::{
        ApiError, Json, JsonBytes, ListResponse, PageParams, Problem, QueryParams,
        created_response, expected_version, restated,
    },
    search::SearchQuery,
};
use ecar_http::{
    http::{legacy_page, read_through_cursor},
    legacy::LegacyModel,
};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::requests::{CreateCustomerRequest, PatchCustomerRequest, ReplaceCustomerRequest};

/// A customer id from a path: one that cannot exist is simply not found.
pub fn customer_id(text: &str) -> Result<CustomerId, ApiError> {
    CustomerId::parse(text).map_err(|_| ApiError::not_found())
}

/// Reads a customer the caller may see (a customer sees their own profile,
/// without staff's notes).
pub async fn visible_customer(
    state: &AppState,
    caller: &Caller,
    id: &str,
) -> Result<Customer, ApiError> {
    let id = customer_id(id)?;
    caller.require_owner(id.as_str())?;
    let customer = customers::get(state.table.as_ref(), &id)
        .await?
        .ok_or_else(ApiError::not_found)?;
    Ok(customer.seen_by(caller.is_staff()))
}

/// Filters of the customer list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CustomerFilters {
    /// Prefix of any word of the name, of the email, of the phone digits, or
    /// of the plate of one of their cars. Results come newest first (oldest
    /// first with `ordering=created_at`); `ordering=name` does not apply.
    pub search: Option<String>,
    /// Created at or after (RFC 3339, or a date in the garage's time zone).
    pub created_after: Option<String>,
    /// Created at or before (RFC 3339, or a date: the whole day counts).
    pub created_before: Option<String>,
    /// Only customers with (`true`) or without (`false`) unpaid invoices.
    pub has_unpaid_invoices: Option<bool>,
    /// `-created_at` (default), `created_at`, `name` or `-name`.
    pub ordering: Option<String>,
    /// The Django ECAR's id of an imported customer: a page of that one
    /// customer (no other filter goes with it).
    #[param(minimum = 1)]
    pub legacy_id: Option<i64>,
}

impl CustomerFilters {
    fn others_than_legacy_id(&self) -> bool {
        self.search.is_some()
            || self.created_after.is_some()
            || self.created_before.is_some()
            || self.has_unpaid_invoices.is_some()
            || self.ordering.is_some()
    }

    fn into_filter(self, state: &AppState) -> Result<ListFilter, ApiError> {
        let invalid = |field: &'static str| move |e| ApiError::invalid_field(field, e);
        let time_zone = state.config.time_zone;
        Ok(ListFilter {
            search: match &self.search {
                Some(text) => SearchQuery::parse(text).map_err(invalid("search"))?,
                None => None,
            },
            created_after: self
                .created_after
                .map(|text| list::parse_bound(&text, time_zone, false))
                .transpose()
                .map_err(invalid("created_after"))?,
            created_before: self
                .created_before
                .map(|text| list::parse_bound(&text, time_zone, true))
                .transpose()
                .map_err(invalid("created_before"))?,
            has_unpaid_invoices: self.has_unpaid_invoices,
            ordering: self
                .ordering
                .map(|text| Ordering::parse(&text))
                .transpose()
                .map_err(invalid("ordering"))?
                .unwrap_or_default(),
        })
    }
}

/// List customers.
#[utoipa::path(get, path = "/api/customers", tag = "customers",
    params(PageParams, CustomerFilters),
    responses(
        (status = 200, description = "A page of customers", body = ListResponse<Customer>),
        (status = 400, description = "A bad filter, limit or cursor", body = Problem),
        (status = 401, description = "Not authenticated", body = Problem),
        (status = 403, description = "Not staff", body = Problem),
    ))]
pub async fn list_customers(
    State(state): State<AppState>,
    caller: Caller,
    QueryParams(params): QueryParams<PageParams>,
    QueryParams(filters): QueryParams<CustomerFilters>,
) -> Result<axum::Json<ListResponse<Customer>>, ApiError> {
    if let Some(legacy_id) = filters.legacy_id {
        let others = filters.others_than_legacy_id();
        let table = state.table.as_ref();
        let (state, caller) = (&state, &caller);
        let visible = |id: String| async move { visible_customer(state, caller, &id).await };
        let page = legacy_page(table, LegacyModel::Customer, legacy_id, others, visible).await?;
        return Ok(axum::Json(page));
    }
    let filter = filters.into_filter(&state)?;
    // The limit is checked before the filter, the cursor after it.
    params.limit()?;
    let listing = list::Listing::new(&filter)?;
    let binding = format!("customers|{}|{}", caller.user_id, filter.scope());
    let table = state.table.as_ref();
    let page = read_through_cursor(&state.cursors, &params, &binding, |request| {
        listing.read(table, request)
    })
    .await?;
    Ok(axum::Json(page))
}

/// Create a customer and their login (role `customer`).
#[utoipa::path(post, path = "/api/customers", tag = "customers",
    params(("Idempotency-Key" = Option<String>, Header, description = "Repeat the request safely: the same key and body give the first answer")),
    request_body = CreateCustomerRequest,
    responses(
        (status = 201, description = "Created", body = Customer),
        (status = 400, description = "Invalid or unknown fields", body = Problem),
        (status = 401, description = "Not authenticated", body = Problem),
        (status = 403, description = "Not staff", body = Problem),
        (status = 409, description = "Email or username taken, or the key was used for another request", body = Problem),
        (status = 415, description = "Not JSON", body = Problem),
    ))]
pub async fn create_customer(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    body: JsonBytes<CreateCustomerRequest>,
) -> Result<Response, ApiError> {
    let idempotent = idempotency_key(
        &headers,
        &caller.user_id,
        "POST /api/customers",
        &body.bytes,
    )?;
    let new = body.value.into_new(&state.config.default_country_code)?;
    let created = create::create(&state, new, idempotent.as_ref()).await?;
    Ok(created_response(created))
}

/// The caller's own customer profile.
#[utoipa::path(get, path = "/api/customers/me", tag = "customers",
    responses(
        (status = 200, description = "The caller's profile", body = Customer),
        (status = 401, description = "Not authenticated", body = Problem),
        (status = 404, description = "The caller is not a customer", body = Problem),
    ))]
pub async fn my_profile(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<axum::Json<Customer>, ApiError> {
    // Staff and admins have no profile of their own.
    let id = caller.customer_id.clone().ok_or_else(ApiError::not_found)?;
    Ok(axum::Json(visible_customer(&state, &caller, &id).await?))
}

/// One customer (staff, or the customer themself).
#[utoipa::path(get, path = "/api/customers/{id}", tag = "customers",
    params(("id" = String, Path, description = "Customer id")),
    responses(
        (status = 200, description = "The customer", body = Customer),
        (status = 401, description = "Not authenticated", body = Problem),
        (status = 404, description = "No such customer, or not the caller's", body = Problem),
    ))]
pub async fn get_customer(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<axum::Json<Customer>, ApiError> {
    Ok(axum::Json(visible_customer(&state, &caller, &id).await?))
}

/// Refuses a `user.username` (the Django ECAR's forms send it back) other
/// than the customer's login's: a username never changes.
async fn same_username(state: &AppState, id: &str, given: Option<&str>) -> Result<(), ApiError> {
    let Some(given) = given else {
        return Ok(());
    };
    let customer = customers::get(state.table.as_ref(), &customer_id(id)?)
        .await?
        .ok_or_else(ApiError::not_found)?;
    let user = users::get_user(state.table.as_ref(), &customer.user_id)
        .await?
        .ok_or_else(ApiError::not_found)?;
    // Usernames are unique without regard to case, so a case is no change.
    restated(
        "username",
        Some(given.trim().to_lowercase().as_str()),
        user.username.to_lowercase().as_str(),
        "a username never changes",
    )
}

async fn apply(
    state: &AppState,
    caller: &Caller,
    id: &str,
    changes: &ProfileChanges,
    version: Option<u64>,
) -> Result<axum::Json<Customer>, ApiError> {
    let id = customer_id(id)?;
    caller.require_owner(id.as_str())?;
    let customer = update::update(
        state,
        &id,
        changes,
        version,
        &caller.audit_actor(),
        caller.source_ip,
    )
    .await?;
    Ok(axum::Json(customer))
}

/// Replace a customer's profile.
#[utoipa::path(put, path = "/api/customers/{id}", tag = "customers",
    params(
        ("id" = String, Path, description = "Customer id"),
        ("If-Match" = Option<String>, Header, description = "The version replaced, quoted"),
    ),
    request_body = ReplaceCustomerRequest,
    responses(
        (status = 200, description = "The changed customer", body = Customer),
        (status = 400, description = "Invalid or unknown fields", body = Problem),
        (status = 401, description = "Not authenticated", body = Problem),
        (status = 403, description = "Not staff", body = Problem),
        (status = 404, description = "No such customer", body = Problem),
        (status = 409, description = "Email taken, or a stale version", body = Problem),
        (status = 415, description = "Not JSON", body = Problem),
    ))]
pub async fn replace_customer(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    headers: HeaderMap,
    Json(body): Json<ReplaceCustomerRequest>,
) -> Result<axum::Json<Customer>, ApiError> {
    let version = expected_version(&headers, body.version)?;
    let (changes, username) = body.changes(&state.config.default_country_code)?;
    same_username(&state, &id, username.as_deref()).await?;
    apply(&state, &caller, &id, &changes, version).await
}

/// Change some fields of a customer's profile.
#[utoipa::path(patch, path = "/api/customers/{id}", tag = "customers",
    params(
        ("id" = String, Path, description = "Customer id"),
        ("If-Match" = Option<String>, Header, description = "The version changed, quoted"),
    ),
    request_body = PatchCustomerRequest,
    responses(
        (status = 200, description = "The changed customer", body = Customer),
        (status = 400, description = "Invalid or unknown fields", body = Problem),
        (status = 401, description = "Not authenticated", body = Problem),
        (status = 403, description = "Not staff", body = Problem),
        (status = 404, description = "No such customer", body = Problem),
        (status = 409, description = "Email taken, or a stale version", body = Problem),
        (status = 415, description = "Not JSON", body = Problem),
    ))]
pub async fn patch_customer(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    headers: HeaderMap,
    Json(body): Json<PatchCustomerRequest>,
) -> Result<axum::Json<Customer>, ApiError> {
    let version = expected_version(&headers, body.version)?;
    let (changes, username) = body.changes(&state.config.default_country_code)?;
    same_username(&state, &id, username.as_deref()).await?;
    apply(&state, &caller, &id, &changes, version).await
}

/// Delete a customer and their login; refused while they have unpaid
/// invoices or cars.
#[utoipa::path(delete, path = "/api/customers/{id}", tag = "customers",
    params(
        ("id" = String, Path, description = "Customer id"),
        ("If-Match" = Option<String>, Header, description = "The version deleted, quoted"),
    ),
    responses(
        (status = 204, description = "Deleted"),
        (status = 401, description = "Not authenticated", body = Problem),
        (status = 403, description = "Not staff", body = Problem),
        (status = 404, description = "No such customer", body = Problem),
        (status = 409, description = "Unpaid invoices, cars, or a stale version", body = Problem),
    ))]
pub async fn delete_customer(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<StatusCode, ApiError> {
    let version = expected_version(&headers, None)?;
    let id = customer_id(&id)?;
    delete::delete(
        &state,
        &id,
        version,
        &caller.audit_actor(),
        caller.source_ip,
    )
    .await
    .map_err(|error| match error {
        CustomerError::NotFound => ApiError::not_found(),
        other => other.into(),
    })?;
    Ok(StatusCode::NO_CONTENT)
}
