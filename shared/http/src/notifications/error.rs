//! The notifications domain error, mapped once onto problem+json.

use std::time::Duration;

use crate::{
    http::ApiError,
    idempotency::IdempotencyError,
    notify::NotifyError,
    store::{ItemError, StoreError},
};

/// What a notification or device operation can fail with.
#[derive(Debug, thiserror::Error)]
pub enum NotificationError {
    /// Absent, or not visible to the caller.
    #[error("not found")]
    NotFound,
    /// An input field is invalid (the message is safe to show).
    #[error("invalid {field}: {message}")]
    Invalid {
        /// The field, as named in the request.
        field: &'static str,
        /// What is wrong with it.
        message: String,
    },
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A stored item does not have the expected shape.
    #[error("corrupt item: {0}")]
    Item(#[from] ItemError),
    /// The push service failed.
    #[error(transparent)]
    Notify(#[from] NotifyError),
    /// The request's idempotency key refuses it.
    #[error(transparent)]
    Idempotency(#[from] IdempotencyError),
}

impl From<NotificationError> for ApiError {
    fn from(error: NotificationError) -> Self {
        match error {
            NotificationError::NotFound => ApiError::not_found(),
            NotificationError::Invalid { field, message } => {
                ApiError::invalid_field(field, message)
            }
            NotificationError::Store(error) => error.into(),
            NotificationError::Item(error) => {
                tracing::error!(error = %error, "corrupt notification item");
                ApiError::internal()
            }
            // SNS's own wording may quote the device token: neither shown nor logged.
            NotificationError::Notify(NotifyError::Invalid(_)) => {
                tracing::info!("push service refused a device");
                ApiError::bad_request(
                    "The device token was refused, or push is not set up for this platform.",
                )
            }
            NotificationError::Notify(NotifyError::Unavailable(detail)) => {
                tracing::warn!(detail, "push service unavailable");
                ApiError::unavailable(Duration::from_secs(1))
            }
            NotificationError::Notify(error) => {
                tracing::error!(error = %error, "push service failure");
                ApiError::internal()
            }
            NotificationError::Idempotency(error) => error.into(),
        }
    }
}
