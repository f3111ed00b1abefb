//! Request bodies that are not JSON: PDFs sent raw or as multipart form data.

use axum::{
    body::Body,
    extract::{FromRequest, Multipart, Request},
    http::{HeaderMap, StatusCode, header},
};
use bytes::Bytes;
use ecar_http::{http::ApiError, invoices::pdf::PDF_CONTENT_TYPE};

/// The largest PDF `upload_pdf` takes in its body: deployed, a request
/// reaches the function as a Lambda event of at most 6 MB, base64 included
/// (4 MB is 5.3 MB in base64). Larger PDFs, up to the 10 MB every PDF may
/// have, go straight to storage through `upload_url`, as the SPA sends them.
pub const MAX_DIRECT_PDF_BYTES: usize = 4 * 1024 * 1024;

/// Room for the multipart framing around a file at the size limit.
pub const MULTIPART_OVERHEAD: usize = 64 * 1024;
/// The multipart field `upload_pdf` reads.
pub const PDF_FIELD: &str = "pdf_file";

/// The media type of a request, lower-cased, without parameters.
pub fn media_type(headers: &HeaderMap) -> String {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split(';').next())
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
}

/// Reads a whole raw body of at most `limit` bytes (413 beyond).
pub async fn raw_body(body: Body, limit: usize) -> Result<Bytes, ApiError> {
    axum::body::to_bytes(body, limit)
        .await
        .map_err(|_| ApiError::payload_too_large(limit))
}

/// Maps a multipart failure: a body over the route's limit is a 413.
pub fn multipart_error(error: &axum::extract::multipart::MultipartError, limit: usize) -> ApiError {
    if error.status() == StatusCode::PAYLOAD_TOO_LARGE {
        ApiError::payload_too_large(limit)
    } else {
        ApiError::bad_request(format!("Malformed multipart body: {}", error.body_text()))
    }
}

/// The PDF of an `upload_pdf` request: an `application/pdf` body, or the
/// `pdf_file` field of a `multipart/form-data` body; anything else is a 415.
pub async fn pdf_upload(request: Request) -> Result<Bytes, ApiError> {
    match media_type(request.headers()).as_str() {
        PDF_CONTENT_TYPE => raw_body(request.into_body(), MAX_DIRECT_PDF_BYTES).await,
        "multipart/form-data" => {
            let limit = MAX_DIRECT_PDF_BYTES + MULTIPART_OVERHEAD;
            let mut multipart = Multipart::from_request(request, &()).await.map_err(|e| {
                ApiError::bad_request(format!("Malformed multipart body: {}", e.body_text()))
            })?;
            while let Some(field) = multipart
                .next_field()
                .await
                .map_err(|e| multipart_error(&e, limit))?
            {
                if field.name() == Some(PDF_FIELD) {
                    return field.bytes().await.map_err(|e| multipart_error(&e, limit));
                }
            }
            Err(ApiError::invalid_field(PDF_FIELD, "no file in this field"))
        }
        _ => Err(ApiError::unsupported_media_type(
            "application/pdf, or multipart/form-data with a pdf_file field",
        )),
    }
}
