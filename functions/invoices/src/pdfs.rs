//! The PDF routes: direct upload, presigned upload, generation, download.

use std::time::Duration;

use axum::{
    extract::{Path, Request, State},
    http::{StatusCode, header},
    response::{IntoResponse, Response},
};
use ecar_http::{
    AppState,
    auth::Caller,
    customers,
    http::{ApiError, Json, NoFields, OptionalJson, Problem, QueryParams},
    invoices::{Action, Invoice, InvoiceError, PdfSource, pdf::PDF_CONTENT_TYPE, status, upload},
};

use crate::{
    body::pdf_upload,
    crud::{invoice_id, visible_invoice},
    printed,
    requests::{DownloadParams, DownloadResponse, UploadUrlRequest, UploadUrlResponse},
    upload_schemas::{PdfBody, PdfForm},
};

/// How long a download URL works.
pub const DOWNLOAD_URL_LIFETIME: Duration = Duration::from_secs(5 * 60);

/// Upload an invoice's PDF through the API (at most 4 MB: deployed, a
/// request body reaches the function base64-encoded within Lambda's 6 MB).
/// Up to 10 MB, upload it to the URL `upload_url` gives, as the SPA does.
#[utoipa::path(post, path = "/api/invoices/{id}/upload_pdf", tag = "invoices",
    params(("id" = String, Path, description = "Invoice id")),
    request_body(description = "The PDF, as `application/pdf`, or as the `pdf_file` field of `multipart/form-data`",
        content(
            (PdfBody = "application/pdf"),
            (PdfForm = "multipart/form-data"),
        )),
    responses(
        (status = 200, description = "The invoice with its new PDF", body = Invoice),
        (status = 401, description = "Not authenticated", body = Problem),
        (status = 403, description = "Not staff", body = Problem),
        (status = 404, description = "No such invoice", body = Problem),
        (status = 409, description = "A draft or cancelled invoice", body = Problem),
        (status = 413, description = "Larger than 4 MB (use upload_url)", body = Problem),
        (status = 415, description = "Not a PDF", body = Problem),
    ))]
pub async fn upload_pdf(
    State(state): State<AppState>,
    _caller: Caller,
    Path(id): Path<String>,
    request: Request,
) -> Result<axum::Json<Invoice>, ApiError> {
    let id = invoice_id(&id)?;
    let bytes = pdf_upload(request).await?;
    let invoice = upload::store(&state, &id, bytes, PdfSource::Uploaded).await?;
    Ok(axum::Json(invoice))
}

/// A presigned URL to upload a PDF of up to 10 MB straight to storage; the
/// upload is checked by its bytes (the pdf-check function on AWS) before the
/// invoice shows it.
#[utoipa::path(post, path = "/api/invoices/{id}/upload_url", tag = "invoices",
    params(("id" = String, Path, description = "Invoice id")),
    request_body = UploadUrlRequest,
    responses(
        (status = 200, description = "The upload to make", body = UploadUrlResponse),
        (status = 400, description = "Invalid fields or content type", body = Problem),
        (status = 401, description = "Not authenticated", body = Problem),
        (status = 403, description = "Not staff", body = Problem),
        (status = 404, description = "No such invoice", body = Problem),
        (status = 409, description = "A draft or cancelled invoice", body = Problem),
        (status = 413, description = "Larger than 10 MB", body = Problem),
        (status = 415, description = "Not JSON, or an empty file", body = Problem),
    ))]
pub async fn upload_url(
    State(state): State<AppState>,
    _caller: Caller,
    Path(id): Path<String>,
    Json(body): Json<UploadUrlRequest>,
) -> Result<axum::Json<UploadUrlResponse>, ApiError> {
    let id = invoice_id(&id)?;
    let content_type = body.content_type.as_deref().unwrap_or(PDF_CONTENT_TYPE);
    let made = upload::upload_url(&state, &id, content_type, body.size).await?;
    Ok(axum::Json(UploadUrlResponse {
        method: made.request.method,
        url: made.request.url,
        headers: made.request.headers.into_iter().collect(),
        expires_at: made.request.expires_at,
        pdf_id: made.pdf_id,
    }))
}

/// Render the invoice as a PDF and attach it.
#[utoipa::path(post, path = "/api/invoices/{id}/generate_pdf", tag = "invoices",
    params(("id" = String, Path, description = "Invoice id")),
    request_body(content = Option<NoFields>, description = "No fields: an empty body or `{}`"),
    responses(
        (status = 200, description = "The invoice with its generated PDF", body = Invoice),
        (status = 400, description = "Unknown fields", body = Problem),
        (status = 401, description = "Not authenticated", body = Problem),
        (status = 403, description = "Not staff", body = Problem),
        (status = 404, description = "No such invoice", body = Problem),
        (status = 409, description = "A draft or cancelled invoice", body = Problem),
    ))]
pub async fn generate_pdf(
    State(state): State<AppState>,
    _caller: Caller,
    Path(id): Path<String>,
    OptionalJson(NoFields {}): OptionalJson<NoFields>,
) -> Result<axum::Json<Invoice>, ApiError> {
    let id = invoice_id(&id)?;
    let table = state.table.as_ref();
    let invoice = ecar_http::invoices::get(table, &id)
        .await?
        .ok_or_else(ApiError::not_found)?;
    status::apply(invoice.status, Action::AttachPdf).map_err(InvoiceError::from)?;
    let customer = customers::get(table, &invoice.customer_id).await?;
    let car = match ecar_http::cars::get(table, &invoice.car_id).await {
        Ok(car) => car,
        // The car is a nicety on the page: render without it.
        Err(error) => {
            tracing::warn!(%error, "car of an invoice unreadable");
            None
        }
    };
    let document = printed::document(&state.config, &invoice, customer.as_ref(), car.as_ref());
    let bytes = tokio::task::spawn_blocking(move || ecar_pdf::render(&document))
        .await
        .map_err(|error| {
            tracing::error!(%error, "PDF rendering task failed");
            ApiError::internal()
        })?
        .map_err(|error| InvoiceError::Render(error.to_string()))?;
    let invoice = upload::store(&state, &id, bytes.into(), PdfSource::Generated).await?;
    Ok(axum::Json(invoice))
}

/// Download the invoice's PDF: a redirect to a short-lived URL (or its JSON
/// with `?redirect=false`), after the ownership check.
#[utoipa::path(get, path = "/api/invoices/{id}/download", tag = "invoices",
    params(("id" = String, Path, description = "Invoice id"), DownloadParams),
    responses(
        (status = 200, description = "With `?redirect=false`: the URL", body = DownloadResponse),
        (status = 302, description = "To the PDF, saved as `<invoice number>.pdf`"),
        (status = 401, description = "Not authenticated", body = Problem),
        (status = 404, description = "No such invoice, not the caller's, or no PDF", body = Problem),
    ))]
pub async fn download(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    QueryParams(params): QueryParams<DownloadParams>,
) -> Result<Response, ApiError> {
    let invoice = visible_invoice(&state, &caller, &id).await?;
    let key = invoice.pdf_key().ok_or_else(ApiError::not_found)?;
    let file_name = match &invoice.invoice_number {
        Some(number) => format!("{number}.pdf"),
        None => format!("{}.pdf", invoice.id),
    };
    let url = state
        .blobs
        .presign_get(&key, &file_name, DOWNLOAD_URL_LIFETIME)
        .await
        .map_err(InvoiceError::from)?;
    tracing::info!(invoice_id = %invoice.id, "PDF download URL issued");
    if params.redirect == Some(false) {
        return Ok(axum::Json(DownloadResponse {
            url: url.url,
            expires_at: url.expires_at,
        })
        .into_response());
    }
    Ok((StatusCode::FOUND, [(header::LOCATION, url.url)]).into_response())
}
