//! The appointments domain error (`ecar-http` maps it onto problem+json).

use super::status::InvalidTransition;
use crate::{
    customers::CustomerError,
    entity::WriteError,
    idempotency::IdempotencyError,
    services::ServiceError,
    store::{ItemError, StoreError},
};

/// What an appointment operation can fail with.
#[derive(Debug, thiserror::Error)]
pub enum AppointmentError {
    /// Absent, or not visible to the caller.
    #[error("not found")]
    NotFound,
    /// The appointment (or the schedule) changed since the version the client read.
    #[error("stale version")]
    StaleVersion,
    /// The appointment's status forbids the action.
    #[error(transparent)]
    Transition(#[from] InvalidTransition),
    /// A change the appointment's state or the calendar forbids (a full
    /// slot, too late to change online), with a message safe to show.
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
    /// The service the check-in opens failed.
    #[error(transparent)]
    Service(#[from] ServiceError),
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

impl AppointmentError {
    /// An invalid field.
    pub fn invalid(field: impl Into<String>, message: impl ToString) -> Self {
        AppointmentError::Invalid {
            field: field.into(),
            message: message.to_string(),
        }
    }
}

impl From<WriteError> for AppointmentError {
    fn from(error: WriteError) -> Self {
        match error {
            WriteError::NotFound => AppointmentError::NotFound,
            WriteError::StaleVersion => AppointmentError::StaleVersion,
            WriteError::Refused(reason) => AppointmentError::Refused(reason),
            WriteError::Contention => AppointmentError::Contention,
        }
    }
}
