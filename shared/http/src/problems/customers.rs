//! How a CustomerError answers over HTTP.

use ecar_domain::customers::CustomerError;

use crate::http::ApiError;

impl From<CustomerError> for ApiError {
    fn from(error: CustomerError) -> Self {
        match error {
            CustomerError::NotFound => ApiError::not_found(),
            CustomerError::StaleVersion => ApiError::conflict(
                "The resource was changed since you read it; reload it and retry.",
            ),
            CustomerError::Taken(field) => {
                ApiError::conflict(format!("This {field} is already taken."))
                    .with_field(field, "is already taken")
            }
            CustomerError::Invalid { field, message } => ApiError::invalid_field(field, message),
            CustomerError::Refused(message) => ApiError::conflict(message),
            CustomerError::Auth(error) => error.into(),
            CustomerError::Store(error) => error.into(),
            CustomerError::Item(error) => {
                tracing::error!(error = %error, "corrupt customer or car item");
                ApiError::internal()
            }
            CustomerError::Idempotency(error) => error.into(),
            CustomerError::Contention => {
                ApiError::conflict("It was changed concurrently; retry the request.")
            }
        }
    }
}
