//! How a NotificationError answers over HTTP.

use std::time::Duration;

use ecar_domain::{notifications::NotificationError, notify::NotifyError};

use crate::http::ApiError;

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
