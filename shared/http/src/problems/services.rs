//! How a ServiceError answers over HTTP.

use std::time::Duration;

use ecar_domain::{notify::NotifyError, services::ServiceError};

use crate::http::ApiError;

impl From<ServiceError> for ApiError {
    fn from(error: ServiceError) -> Self {
        match error {
            ServiceError::NotFound => ApiError::not_found(),
            ServiceError::StaleVersion => ApiError::conflict(
                "The service was changed since you read it; reload it and retry.",
            ),
            ServiceError::Transition(refusal) => {
                ApiError::conflict(format!("Invalid transition: {refusal}."))
            }
            ServiceError::Refused(message) => ApiError::conflict(message),
            ServiceError::Invalid { field, message } => ApiError::invalid_field(field, message),
            ServiceError::Contention => {
                ApiError::conflict("The service was changed concurrently; retry the request.")
            }
            ServiceError::Customer(error) => error.into(),
            ServiceError::Notify(error) => match error {
                NotifyError::Invalid(message) => {
                    ApiError::conflict(format!("The message could not be sent: {message}."))
                }
                NotifyError::NotFound | NotifyError::Unavailable(_) => {
                    tracing::warn!(error = %error, "notifier unavailable");
                    ApiError::unavailable(Duration::from_secs(5))
                }
                NotifyError::Internal(_) => {
                    tracing::error!(error = %error, "notifier failure");
                    ApiError::internal()
                }
            },
            ServiceError::Store(error) => error.into(),
            ServiceError::Item(error) => {
                tracing::error!(error = %error, "corrupt service item");
                ApiError::internal()
            }
            ServiceError::Idempotency(error) => error.into(),
        }
    }
}
