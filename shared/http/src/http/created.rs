//! The answer of a create under an optional idempotency key.

use crate::{http::idempotency::replayed_status, idempotency::Created};
use axum::{
    http::StatusCode,
    response::{IntoResponse, Response},
};
use serde::Serialize;

/// 201 with the new entity, or, for a repeated request, the answer first
/// given to it, status and body alike.
pub fn created_response<T: Serialize>(created: Created<T>) -> Response {
    match created {
        Created::New(entity) => (StatusCode::CREATED, axum::Json(entity)).into_response(),
        Created::Replayed(first) => {
            (replayed_status(&first), axum::Json(first.body)).into_response()
        }
    }
}
