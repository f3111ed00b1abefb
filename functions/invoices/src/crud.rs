//! The invoice routes proper: list, create, read, replace, change, delete.

use axum::{
    extract::{Path, State},
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Response},
};
use ecar_http::{
    AppState,
    auth::Caller,
    domain::{CustomerId, InvoiceId, InvoiceStatus, ServiceId},
    http::{
        ApiError, Json, JsonBytes, ListResponse, PageParams, Problem, QueryParams,
        expected_version, restated,
    },
    invoices::{
        self, Invoice,
        create::{self, Created},
        update,
        views::{self, View},
        workflow,
    },
    services::views::Audience,
};
use ecar_http::{http::idempotency::idempotency_key, http::idempotency::replayed_status};
use ecar_http::{
    http::{legacy_page, read_through_cursor},
    legacy::LegacyModel,
};

use crate::requests::{
    CreateInvoiceRequest, InvoiceFilters, PatchInvoiceRequest, ReplaceInvoiceRequest,
};

/// An invoice id from a path: one that cannot exist is simply not found.
pub fn invoice_id(text: &str) -> Result<InvoiceId, ApiError> {
    InvoiceId::parse(text).map_err(|_| ApiError::not_found())
}

/// Reads an invoice the caller may see: staff see every invoice, a customer
/// their own issued ones (another customer's, or a draft, is a 404).
pub async fn visible_invoice(
    state: &AppState,
    caller: &Caller,
    id: &str,
) -> Result<Invoice, ApiError> {
    let id = invoice_id(id)?;
    let invoice = invoices::get(state.table.as_ref(), &id)
        .await?
        .ok_or_else(ApiError::not_found)?;
    caller.require_owner(invoice.customer_id.as_str())?;
    if !caller.is_staff() && invoice.status == InvoiceStatus::Draft {
        return Err(ApiError::not_found());
    }
    Ok(invoice)
}

/// Who a list is for.
pub fn audience(caller: &Caller) -> Result<Audience, ApiError> {
    if caller.is_staff() {
        return Ok(Audience::Staff);
    }
    let own = caller
        .customer_id
        .as_deref()
        .and_then(|id| CustomerId::parse(id).ok())
        .ok_or_else(ApiError::forbidden)?;
    Ok(Audience::Customer(own))
}

/// One page of a view for the caller.
pub async fn page(
    state: &AppState,
    caller: &Caller,
    view: View,
    params: &PageParams,
    filters: InvoiceFilters,
) -> Result<axum::Json<ListResponse<Invoice>>, ApiError> {
    if let Some(legacy_id) = filters.legacy_id {
        // A view (paid, unpaid...) is itself a filter.
        let others = filters.others_than_legacy_id() || view != View::All;
        let table = state.table.as_ref();
        let visible = |id: String| async move { visible_invoice(state, caller, &id).await };
        let page = legacy_page(table, LegacyModel::Invoice, legacy_id, others, visible).await?;
        return Ok(axum::Json(page));
    }
    let filter = filters.into_filter()?;
    let today = state
        .clock
        .now()
        .with_timezone(&state.config.time_zone)
        .date_naive();
    let audience = audience(caller)?;
    // A bad limit is refused even when the list selects nothing.
    params.limit()?;
    let Some(listing) = views::Listing::new(view, &filter, &audience, today) else {
        return Ok(axum::Json(ListResponse::empty()));
    };
    let binding = format!("invoices|{}|{}", caller.user_id, listing.scope());
    let table = state.table.as_ref();
    let page = read_through_cursor(&state.cursors, params, &binding, |request| {
        listing.read(table, request)
    })
    .await?;
    Ok(axum::Json(page))
}

/// List invoices (customers: their own, never drafts).
#[utoipa::path(get, path = "/api/invoices", tag = "invoices",
    params(PageParams, InvoiceFilters),
    responses(
        (status = 200, description = "A page of invoices, newest first", body = ListResponse<Invoice>),
        (status = 400, description = "A bad filter, limit or cursor", body = Problem),
        (status = 401, description = "Not authenticated", body = Problem),
    ))]
pub async fn list_invoices(
    State(state): State<AppState>,
    caller: Caller,
    QueryParams(params): QueryParams<PageParams>,
    QueryParams(filters): QueryParams<InvoiceFilters>,
) -> Result<axum::Json<ListResponse<Invoice>>, ApiError> {
    page(&state, &caller, View::All, &params, filters).await
}

/// Create a draft invoice for a service.
#[utoipa::path(post, path = "/api/invoices", tag = "invoices",
    params(("Idempotency-Key" = Option<String>, Header, description = "Repeat the request safely: the same key and body give the first answer")),
    request_body = CreateInvoiceRequest,
    responses(
        (status = 201, description = "The draft", body = Invoice),
        (status = 400, description = "Invalid or unknown fields, or no such service", body = Problem),
        (status = 401, description = "Not authenticated", body = Problem),
        (status = 403, description = "Not staff", body = Problem),
        (status = 409, description = "The service already has an invoice or is cancelled, or the key was used for another request", body = Problem),
        (status = 415, description = "Not JSON", body = Problem),
    ))]
pub async fn create_invoice(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    body: JsonBytes<CreateInvoiceRequest>,
) -> Result<Response, ApiError> {
    body.value.check_status()?;
    let idempotent = idempotency_key(&headers, &caller.user_id, "POST /api/invoices", &body.bytes)?;
    let new = body.value.into_new(state.config.currency_decimals);
    Ok(
        match create::create(&state, new, idempotent.as_ref()).await? {
            Created::New(invoice) => (StatusCode::CREATED, axum::Json(*invoice)).into_response(),
            Created::Replayed(first) => {
                (replayed_status(&first), axum::Json(first.body)).into_response()
            }
        },
    )
}

/// One invoice (staff, or its customer once issued).
#[utoipa::path(get, path = "/api/invoices/{id}", tag = "invoices",
    params(("id" = String, Path, description = "Invoice id")),
    responses(
        (status = 200, description = "The invoice", body = Invoice),
        (status = 401, description = "Not authenticated", body = Problem),
        (status = 404, description = "No such invoice, or not the caller's", body = Problem),
    ))]
pub async fn get_invoice(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<axum::Json<Invoice>, ApiError> {
    Ok(axum::Json(visible_invoice(&state, &caller, &id).await?))
}

/// Replace a draft's due date, notes and discount; `"status": "pending"`
/// then issues it.
#[utoipa::path(put, path = "/api/invoices/{id}", tag = "invoices",
    params(
        ("id" = String, Path, description = "Invoice id"),
        ("If-Match" = Option<String>, Header, description = "The version replaced, quoted"),
    ),
    request_body = ReplaceInvoiceRequest,
    responses(
        (status = 200, description = "The changed (or issued) invoice", body = Invoice),
        (status = 400, description = "Invalid or unknown fields, another service, or a status other than draft or pending", body = Problem),
        (status = 401, description = "Not authenticated", body = Problem),
        (status = 403, description = "Not staff", body = Problem),
        (status = 404, description = "No such invoice", body = Problem),
        (status = 409, description = "Not a draft, or a stale version", body = Problem),
        (status = 415, description = "Not JSON", body = Problem),
    ))]
pub async fn replace_invoice(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    headers: HeaderMap,
    Json(body): Json<ReplaceInvoiceRequest>,
) -> Result<axum::Json<Invoice>, ApiError> {
    let version = expected_version(&headers, body.version)?;
    let issues = body.issues()?;
    let id = invoice_id(&id)?;
    same_service(&state, &id, body.service_id.as_ref()).await?;
    let changes = body.changes(state.config.currency_decimals);
    let replaced = update::update(&state, &id, &changes, version).await?;
    if issues {
        // The issue applies to the draft just written.
        let issued =
            workflow::issue(&state, &caller.audit_actor(), &id, Some(replaced.version)).await?;
        return Ok(axum::Json(issued));
    }
    Ok(axum::Json(replaced))
}

/// Refuses a `service_id` (the Django ECAR's forms send it back) other than
/// the invoice's own: an invoice never moves to another service.
async fn same_service(
    state: &AppState,
    id: &InvoiceId,
    given: Option<&ServiceId>,
) -> Result<(), ApiError> {
    let Some(given) = given else {
        return Ok(());
    };
    let invoice = invoices::get(state.table.as_ref(), id)
        .await?
        .ok_or_else(ApiError::not_found)?;
    restated(
        "service_id",
        Some(given),
        &invoice.service_id,
        "an invoice belongs to one service; delete the draft and invoice the other service",
    )
}

/// Change some fields of a draft; `{"status": "pending"}` issues it.
#[utoipa::path(patch, path = "/api/invoices/{id}", tag = "invoices",
    params(
        ("id" = String, Path, description = "Invoice id"),
        ("If-Match" = Option<String>, Header, description = "The version changed, quoted"),
    ),
    request_body = PatchInvoiceRequest,
    responses(
        (status = 200, description = "The changed (or issued) invoice", body = Invoice),
        (status = 400, description = "Invalid or unknown fields, or a status other than pending", body = Problem),
        (status = 401, description = "Not authenticated", body = Problem),
        (status = 403, description = "Not staff", body = Problem),
        (status = 404, description = "No such invoice", body = Problem),
        (status = 409, description = "Not a draft, cannot be issued, or a stale version", body = Problem),
        (status = 415, description = "Not JSON", body = Problem),
    ))]
pub async fn patch_invoice(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    headers: HeaderMap,
    Json(body): Json<PatchInvoiceRequest>,
) -> Result<axum::Json<Invoice>, ApiError> {
    let mut version = expected_version(&headers, body.version)?;
    let issues = body.issues()?;
    let id = invoice_id(&id)?;
    same_service(&state, &id, body.service_id.as_ref()).await?;
    let changes = body.changes();
    let mut invoice = None;
    if changes != update::DraftChanges::default() || !issues {
        let changed = update::update(&state, &id, &changes, version).await?;
        // The issue below applies to the draft just written.
        version = Some(changed.version);
        invoice = Some(changed);
    }
    if issues {
        invoice = Some(workflow::issue(&state, &caller.audit_actor(), &id, version).await?);
    }
    invoice.map(axum::Json).ok_or_else(ApiError::internal)
}

/// Delete a draft; its service may then be invoiced again.
#[utoipa::path(delete, path = "/api/invoices/{id}", tag = "invoices",
    params(
        ("id" = String, Path, description = "Invoice id"),
        ("If-Match" = Option<String>, Header, description = "The version deleted, quoted"),
    ),
    responses(
        (status = 204, description = "Deleted"),
        (status = 401, description = "Not authenticated", body = Problem),
        (status = 403, description = "Not staff", body = Problem),
        (status = 404, description = "No such invoice", body = Problem),
        (status = 409, description = "Not a draft, or a stale version", body = Problem),
    ))]
pub async fn delete_invoice(
    State(state): State<AppState>,
    _caller: Caller,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<StatusCode, ApiError> {
    let version = expected_version(&headers, None)?;
    let id = invoice_id(&id)?;
    update::delete(&state, &id, version).await?;
    Ok(StatusCode::NO_CONTENT)
}
