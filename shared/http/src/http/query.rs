//! A query string extractor that answers a malformed query with problem+json.

use axum::extract::{FromRequestParts, Query};
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

use super::error::ApiError;

/// `?a=1&b=2` parsed into `T`; unknown parameters are ignored, as browsers
/// and proxies add their own.
#[derive(Debug, Clone, Copy, Default)]
pub struct QueryParams<T>(pub T);

impl<T, S> FromRequestParts<S> for QueryParams<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        Query::<T>::from_request_parts(parts, state)
            .await
            .map(|Query(value)| QueryParams(value))
            .map_err(|rejection| {
                let message = rejection.body_text();
                let message = message
                    .strip_prefix("Failed to deserialize query string: ")
                    .unwrap_or(&message);
                // axum names the parameter first: `limit: invalid digit found in string`.
                match message.split_once(": ") {
                    Some((field, reason))
                        if !field.is_empty()
                            && field.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') =>
                    {
                        ApiError::invalid_field(field, reason)
                    }
                    _ => ApiError::bad_request(format!("Invalid query string: {message}")),
                }
            })
    }
}
