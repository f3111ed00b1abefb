//! The local runner's side of the embedded blob store's signed URLs:
//! `PUT /{key}` uploads and `GET /{key}` downloads, each checked against its
//! signature, expiry, content type and size (what S3 checks of a presigned URL).

use std::sync::Arc;

use axum::{
    Router,
    body::Body,
    extract::{Path as UrlPath, Query, State},
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
    routing::put,
};
use ecar_domain::blobs::{BlobError, Blobs, attachment_disposition};
use ecar_store::blobs::embedded::{EmbeddedBlobs, UrlParams};
use http_body_util::{BodyExt, LengthLimitError, Limited};

/// Serves the signed URLs of `blobs`: `PUT /{key}` uploads, `GET /{key}` downloads.
/// The local runner nests it under the path of the store's base URL.
pub fn router(blobs: Arc<EmbeddedBlobs>) -> Router {
    Router::new()
        .route("/{*key}", put(upload).get(download))
        .with_state(blobs)
}

/// A refusal of a signed URL, as problem+json like every other error (S3
/// answers XML; the SPA reads neither, only the status).
fn refusal(status: StatusCode, reason: &'static str) -> Response {
    crate::http::ApiError::new(status, capitalized(reason)).into_response()
}

fn capitalized(reason: &str) -> String {
    let mut chars = reason.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).chain(['.']).collect()
    })
}

fn forbidden() -> Response {
    refusal(StatusCode::FORBIDDEN, "signature invalid or expired")
}

fn store_failure(error: &BlobError) -> Response {
    match error {
        BlobError::NotFound => refusal(StatusCode::NOT_FOUND, "no such object"),
        BlobError::Invalid(_) => refusal(StatusCode::BAD_REQUEST, "invalid request"),
        BlobError::Unavailable(_) | BlobError::Internal(_) => {
            tracing::error!(%error, "embedded blob store failed");
            refusal(StatusCode::INTERNAL_SERVER_ERROR, "blob store failure")
        }
    }
}

async fn upload(
    State(blobs): State<Arc<EmbeddedBlobs>>,
    UrlPath(key): UrlPath<String>,
    Query(params): Query<UrlParams>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let Some((size, content_type)) = blobs.verify_put(&key, &params) else {
        return forbidden();
    };
    if headers.get(header::CONTENT_TYPE).map(HeaderValue::as_bytes) != Some(content_type.as_bytes())
    {
        return refusal(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "content type differs from the signed one",
        );
    }
    if let Some(length) = headers.get(header::CONTENT_LENGTH) {
        match length.to_str().ok().and_then(|l| l.parse::<u64>().ok()) {
            Some(length) if length > size => {
                return refusal(StatusCode::PAYLOAD_TOO_LARGE, "body larger than signed");
            }
            Some(length) if length == size => {}
            _ => {
                return refusal(
                    StatusCode::BAD_REQUEST,
                    "body size differs from the signed one",
                );
            }
        }
    }
    // Never reads more than the signed size, whatever the headers claimed.
    let limit = usize::try_from(size).unwrap_or(usize::MAX);
    let bytes = match Limited::new(body, limit).collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(e) if e.is::<LengthLimitError>() => {
            return refusal(StatusCode::PAYLOAD_TOO_LARGE, "body larger than signed");
        }
        Err(_) => return refusal(StatusCode::BAD_REQUEST, "body could not be read"),
    };
    if bytes.len() as u64 != size {
        return refusal(
            StatusCode::BAD_REQUEST,
            "body size differs from the signed one",
        );
    }
    match blobs.put(&key, bytes, &content_type).await {
        Ok(()) => StatusCode::OK.into_response(),
        Err(e) => store_failure(&e),
    }
}

async fn download(
    State(blobs): State<Arc<EmbeddedBlobs>>,
    UrlPath(key): UrlPath<String>,
    Query(params): Query<UrlParams>,
) -> Response {
    let Some(file_name) = blobs.verify_get(&key, &params) else {
        return forbidden();
    };
    match blobs.get(&key).await {
        Ok(blob) => (
            [
                (header::CONTENT_TYPE, blob.content_type),
                (
                    header::CONTENT_DISPOSITION,
                    attachment_disposition(&file_name),
                ),
            ],
            blob.body,
        )
            .into_response(),
        Err(e) => store_failure(&e),
    }
}
