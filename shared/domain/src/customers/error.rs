//! The customers and cars domain error (`ecar-http` maps it onto problem+json).

use crate::{
    auth::AuthError,
    entity::WriteError,
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
    /// Other writers kept changing the same items; the client may retry.
    #[error("contention")]
    Contention,
}

impl From<WriteError> for CustomerError {
    fn from(error: WriteError) -> Self {
        match error {
            WriteError::NotFound => CustomerError::NotFound,
            WriteError::StaleVersion => CustomerError::StaleVersion,
            WriteError::Refused(reason) => CustomerError::Refused(reason),
            WriteError::Contention => CustomerError::Contention,
        }
    }
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
