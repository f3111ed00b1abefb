//! One error type for every handler, rendered once as RFC 9457 problem+json.

use std::time::Duration;

use axum::{
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use serde::Serialize;
use utoipa::ToSchema;

use crate::store::StoreError;

/// The problem+json media type.
pub const PROBLEM_JSON: &str = "application/problem+json";

/// One invalid field of a request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, ToSchema)]
pub struct FieldError {
    /// The field, as named in the request (`phone`, `items[2].quantity`).
    pub field: String,
    /// What is wrong with it.
    pub message: String,
}

/// The problem+json body (RFC 9457).
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct Problem {
    /// A URI naming the kind of problem.
    #[serde(rename = "type")]
    pub kind: String,
    /// A short summary of the kind of problem.
    pub title: String,
    /// The HTTP status.
    pub status: u16,
    /// What went wrong with this request.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// The invalid fields, for 400 answers.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
}

/// An error answer: a status, a safe message, and optionally field errors.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{status}: {detail}")]
pub struct ApiError {
    status: StatusCode,
    detail: String,
    errors: Vec<FieldError>,
    retry_after: Option<Duration>,
}

impl ApiError {
    /// An error with any status and a message safe to show the client.
    pub fn new(status: StatusCode, detail: impl Into<String>) -> Self {
        Self {
            status,
            detail: detail.into(),
            errors: Vec::new(),
            retry_after: None,
        }
    }

    /// 400: the request is malformed or invalid.
    pub fn bad_request(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, detail)
    }

    /// 400 naming one invalid field.
    pub fn invalid_field(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self::bad_request("The request has invalid fields.").with_field(field, message)
    }

    /// Adds an invalid field to the answer.
    pub fn with_field(mut self, field: impl Into<String>, message: impl Into<String>) -> Self {
        self.errors.push(FieldError {
            field: field.into(),
            message: message.into(),
        });
        self
    }

    /// 401: not authenticated (one generic message, whatever the reason).
    pub fn unauthorized() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            "Authentication credentials were missing or invalid.",
        )
    }

    /// 403: authenticated but not allowed.
    pub fn forbidden() -> Self {
        Self::new(
            StatusCode::FORBIDDEN,
            "You do not have permission to perform this action.",
        )
    }

    /// 404: absent or not visible to the caller.
    pub fn not_found() -> Self {
        Self::new(StatusCode::NOT_FOUND, "Not found.")
    }

    /// 405: the route exists but not with this method.
    pub fn method_not_allowed() -> Self {
        Self::new(StatusCode::METHOD_NOT_ALLOWED, "Method not allowed.")
    }

    /// 409: uniqueness, invalid state transition or stale version.
    pub fn conflict(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::CONFLICT, detail)
    }

    /// 413: the body is larger than allowed.
    pub fn payload_too_large(limit_bytes: usize) -> Self {
        Self::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("The request body exceeds {limit_bytes} bytes."),
        )
    }

    /// 415: the body has the wrong content type.
    pub fn unsupported_media_type(expected: &str) -> Self {
        Self::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            format!("Expected a body of type {expected}."),
        )
    }

    /// 429: rate limited; retry after the delay.
    pub fn too_many_requests(retry_after: Duration) -> Self {
        let mut error = Self::new(
            StatusCode::TOO_MANY_REQUESTS,
            "Too many attempts; try again later.",
        );
        error.retry_after = Some(retry_after);
        error
    }

    /// 503: a dependency is unavailable; retry after the delay.
    pub fn unavailable(retry_after: Duration) -> Self {
        let mut error = Self::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "The service is temporarily unavailable; try again shortly.",
        );
        error.retry_after = Some(retry_after);
        error
    }

    /// 500 with no internal detail; log the cause before calling this.
    pub fn internal() -> Self {
        Self::new(StatusCode::INTERNAL_SERVER_ERROR, "Internal server error.")
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The message shown to the client.
    pub fn detail(&self) -> &str {
        &self.detail
    }

    /// The invalid fields.
    pub fn field_errors(&self) -> &[FieldError] {
        &self.errors
    }

    /// The problem body.
    pub fn problem(&self) -> Problem {
        Problem {
            kind: format!("https://ecar.dev/problems/{}", self.status.as_u16()),
            title: self
                .status
                .canonical_reason()
                .unwrap_or("Error")
                .to_string(),
            status: self.status.as_u16(),
            detail: Some(self.detail.clone()),
            errors: self.errors.clone(),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = serde_json::to_vec(&self.problem()).unwrap_or_default();
        let mut response = (self.status, body).into_response();
        let headers = response.headers_mut();
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON));
        if let Some(delay) = self.retry_after {
            headers.insert(
                header::RETRY_AFTER,
                HeaderValue::from(delay.as_secs().max(1)),
            );
        }
        response
    }
}

impl From<StoreError> for ApiError {
    /// Store failures the domain did not handle itself: retryable ones are a
    /// 503 with Retry-After, the rest a bare 500 (details go to the log).
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::Conflict => {
                Self::conflict("The resource was changed concurrently; retry the request.")
            }
            StoreError::Throttled | StoreError::Unavailable(_) => {
                tracing::warn!(error = %error, "store unavailable");
                Self::unavailable(Duration::from_secs(1))
            }
            StoreError::ConditionFailed { .. } => {
                Self::conflict("The resource was changed concurrently; retry the request.")
            }
            StoreError::Invalid(_) | StoreError::Internal(_) => {
                tracing::error!(error = %error, "store failure");
                Self::internal()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use http_body_util::BodyExt;

    #[tokio::test]
    async fn renders_problem_json_with_fields_and_retry_after() {
        let response = ApiError::too_many_requests(Duration::from_secs(30)).into_response();
        assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(response.headers()[header::RETRY_AFTER], "30");
        assert_eq!(response.headers()[header::CONTENT_TYPE], PROBLEM_JSON);

        let response = ApiError::invalid_field("phone", "not a phone number").into_response();
        let body = response.into_body().collect().await.unwrap().to_bytes();
        let json: serde_json::Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(json["status"], 400);
        assert_eq!(json["errors"][0]["field"], "phone");
    }

    #[test]
    fn store_failures_never_leak_details() {
        let error = ApiError::from(StoreError::Internal("secret table arn".into()));
        assert_eq!(error.status(), StatusCode::INTERNAL_SERVER_ERROR);
        assert!(!error.detail().contains("arn"));
        let error = ApiError::from(StoreError::Throttled);
        assert_eq!(error.status(), StatusCode::SERVICE_UNAVAILABLE);
    }
}
