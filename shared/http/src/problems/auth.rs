//! How an AuthError answers over HTTP.

use ecar_domain::auth::{AuthError, TokenError};

use crate::http::ApiError;

impl From<AuthError> for ApiError {
    fn from(error: AuthError) -> Self {
        match error {
            AuthError::InvalidCredentials => ApiError::new(
                axum::http::StatusCode::UNAUTHORIZED,
                "No active account found with the given credentials.",
            ),
            AuthError::InvalidToken(TokenError::Signing(error)) => {
                tracing::error!(error = %error, "token signing failed");
                ApiError::internal()
            }
            AuthError::InvalidToken(_) | AuthError::SessionEnded | AuthError::TokenReuse => {
                ApiError::unauthorized()
            }
            AuthError::SessionIdle(limit) => ApiError::new(
                axum::http::StatusCode::UNAUTHORIZED,
                format!(
                    "The session ended after {} minutes without activity; log in again.",
                    limit.as_secs() / 60
                ),
            ),
            AuthError::Throttled(retry_after) => ApiError::too_many_requests(retry_after),
            AuthError::Invalid { field, message } => ApiError::invalid_field(field, message),
            AuthError::Taken(field) => {
                ApiError::conflict(format!("This {field} is already taken."))
                    .with_field(field, "is already taken")
            }
            AuthError::StaleVersion => {
                ApiError::conflict("The user was changed since you read it; reload and retry.")
            }
            AuthError::Refused(message) => ApiError::conflict(message),
            AuthError::RoleRefused => ApiError::new(
                axum::http::StatusCode::FORBIDDEN,
                "This login is for the garage's staff; customers log in at /api/token.",
            ),
            AuthError::RegistrationClosed => ApiError::new(
                axum::http::StatusCode::FORBIDDEN,
                "Self-registration is disabled.",
            ),
            AuthError::NotFound => ApiError::not_found(),
            AuthError::Store(error) => ApiError::from(error),
            AuthError::Item(error) => {
                tracing::error!(error = %error, "corrupt auth item");
                ApiError::internal()
            }
            AuthError::Hashing(error) => {
                tracing::error!(error = %error, "password hashing failed");
                ApiError::internal()
            }
        }
    }
}
