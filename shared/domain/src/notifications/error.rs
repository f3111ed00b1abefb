//! The notifications domain error (`ecar-http` maps it onto problem+json).

use crate::{
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
