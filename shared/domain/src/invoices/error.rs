//! The invoices domain error (`ecar-http` maps it onto problem+json).

use super::{pdf::PdfRefusal, status::InvalidTransition, totals::TotalsError};
use crate::{
    blobs::BlobError,
    customers::CustomerError,
    entity::WriteError,
    idempotency::IdempotencyError,
    notify::NotifyError,
    services::ServiceError,
    store::{ItemError, StoreError},
};

/// What an invoice operation can fail with.
#[derive(Debug, thiserror::Error)]
pub enum InvoiceError {
    /// Absent, or not visible to the caller.
    #[error("not found")]
    NotFound,
    /// The invoice changed since the version the client read.
    #[error("stale version")]
    StaleVersion,
    /// The invoice's status forbids the action.
    #[error(transparent)]
    Transition(#[from] InvalidTransition),
    /// A change the state of the invoice or its service forbids, with a message safe to show.
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
    /// A file that is not an acceptable PDF.
    #[error(transparent)]
    Pdf(#[from] PdfRefusal),
    /// Other writers kept changing the same items; the client may retry.
    #[error("too much contention")]
    Contention,
    /// The configured tax rate or fees are unusable.
    #[error("configuration: {0}")]
    Config(String),
    /// A stored item that should be there is malformed.
    #[error("corrupt {0}")]
    Corrupt(String),
    /// The service side failed.
    #[error(transparent)]
    Service(#[from] ServiceError),
    /// The customer side failed.
    #[error(transparent)]
    Customer(#[from] CustomerError),
    /// The request's idempotency key refuses it.
    #[error(transparent)]
    Idempotency(#[from] IdempotencyError),
    /// The notifier failed.
    #[error(transparent)]
    Notify(#[from] NotifyError),
    /// The blob store failed.
    #[error(transparent)]
    Blob(#[from] BlobError),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A stored item does not have the expected shape.
    #[error("corrupt item: {0}")]
    Item(#[from] ItemError),
    /// The PDF could not be rendered.
    #[error("rendering failed: {0}")]
    Render(String),
}

impl InvoiceError {
    /// An invalid field.
    pub fn invalid(field: impl Into<String>, message: impl ToString) -> Self {
        InvoiceError::Invalid {
            field: field.into(),
            message: message.to_string(),
        }
    }
}

impl From<TotalsError> for InvoiceError {
    fn from(error: TotalsError) -> Self {
        match error {
            TotalsError::Discount(message) => InvoiceError::invalid("discount", message),
            TotalsError::Config(message) => InvoiceError::Config(message),
            TotalsError::Overflow => InvoiceError::invalid("discount", "amounts out of range"),
        }
    }
}

impl From<WriteError> for InvoiceError {
    fn from(error: WriteError) -> Self {
        match error {
            WriteError::NotFound => InvoiceError::NotFound,
            WriteError::StaleVersion => InvoiceError::StaleVersion,
            WriteError::Refused(reason) => InvoiceError::Refused(reason),
            WriteError::Contention => InvoiceError::Contention,
        }
    }
}
