//! The customers and cars domain error, mapped once onto problem+json.

use crate::{
    auth::AuthError,
    http::ApiError,
    idempotency::IdempotencyError,
    store::{ItemError, StoreError},
};

/// What a customer or car operation can fail with.
#[derive(Debug, thiserror::Error)]
pub enum CustomerError {
    /// Absent, or not visible to the caller.
    #[error("not found")]
    NotFound,
    /// The entity changed since the version the client read.
    #[error("stale version")]
    StaleVersion,
    /// A unique field is taken by another entity.
    #[error("{0} already taken")]
    Taken(&'static str),
    /// An input field is invalid (the message is safe to show).
    #[error("invalid {field}: {message}")]
    Invalid {
        /// The field, as named in the request.
        field: String,
        /// What is wrong with it.
        message: String,
    },
    /// A change the entity's state forbids, with a message safe to show.
    #[error("refused: {0}")]
    Refused(String),
    /// The login side failed.
    #[error(transparent)]
    Auth(#[from] AuthError),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A stored item does not have the expected shape.
    #[error("corrupt item: {0}")]
    Item(#[from] ItemError),
    /// The request's idempotency key refuses it.
    #[error(transparent)]
    Idempotency(#[from] IdempotencyError),
}

impl CustomerError {
    /// An invalid field.
    pub fn invalid(field: impl Into<String>, message: impl ToString) -> Self {
        CustomerError::Invalid {
            field: field.into(),
            message: message.to_string(),
        }
    }
}

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
        }
    }
}
