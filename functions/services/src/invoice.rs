//! `GET /api/services/{id}/invoice`: the service's invoice, or a 404.

use axum::extract::{Path, State};
use ecar_http::{
    AppState,
    auth::Caller,
    domain::{InvoiceId, InvoiceStatus},
    http::{ApiError, Problem},
    invoices::{self, Invoice},
};

use crate::access::visible_service;

/// The service's invoice (staff, or the car's owner once it is issued).
#[utoipa::path(get, path = "/api/services/{id}/invoice", tag = "services",
    params(("id" = String, Path, description = "Service id")),
    responses(
        (status = 200, description = "The invoice, as the invoices routes show it", body = Invoice),
        (status = 401, description = "Not authenticated", body = Problem),
        (status = 404, description = "No such service or no invoice (or not the caller's)", body = Problem),
    ))]
pub async fn service_invoice(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<axum::Json<Invoice>, ApiError> {
    let service = visible_service(&state, &caller, &id).await?;
    // Customers never see drafts.
    if !caller.is_staff() && service.invoice_status == Some(InvoiceStatus::Draft) {
        return Err(ApiError::not_found());
    }
    let invoice_id = service
        .invoice_id
        .as_deref()
        .and_then(|id| InvoiceId::parse(id).ok())
        .ok_or_else(ApiError::not_found)?;
    invoices::get(state.table.as_ref(), &invoice_id)
        .await?
        .map(axum::Json)
        .ok_or_else(ApiError::not_found)
}
