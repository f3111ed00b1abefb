//! The services domain error (`ecar-http` maps it onto problem+json).

use super::status::InvalidTransition;
use crate::{
    customers::CustomerError,
    entity::WriteError,
    idempotency::IdempotencyError,
    notify::NotifyError,
    store::{ItemError, StoreError},
};

/// What a service operation can fail with.
#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    /// Absent, or not visible to the caller.
    #[error("not found")]
    NotFound,
    /// The service changed since the version the client read.
    #[error("stale version")]
    StaleVersion,
    /// The service's status forbids the action.
    #[error(transparent)]
    Transition(#[from] InvalidTransition),
    /// A change the service's state forbids, with a message safe to show.
    #[error("refused: {0}")]
    Refused(String),
    /// An input field is invalid (the message is safe to show).
    #[error("invalid {field}: {message}")]
    Invalid {
        /// The field, as named in the request.
        field: String,
        /// What is wrong with it.
        message: String,
    },
    /// Other writers kept changing the same items; the client may retry.
    #[error("too much contention")]
    Contention,
    /// The car or customer side failed.
    #[error(transparent)]
    Customer(#[from] CustomerError),
    /// The notifier failed.
    #[error(transparent)]
    Notify(#[from] NotifyError),
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

impl ServiceError {
    /// An invalid field.
    pub fn invalid(field: impl Into<String>, message: impl ToString) -> Self {
        ServiceError::Invalid {
            field: field.into(),
            message: message.to_string(),
        }
    }
}

impl From<WriteError> for ServiceError {
    fn from(error: WriteError) -> Self {
        match error {
            WriteError::NotFound => ServiceError::NotFound,
            WriteError::StaleVersion => ServiceError::StaleVersion,
            WriteError::Refused(reason) => ServiceError::Refused(reason),
            WriteError::Contention => ServiceError::Contention,
        }
    }
}
