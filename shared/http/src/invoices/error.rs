//! The invoices domain error, mapped once onto problem+json.

use std::time::Duration;

use axum::http::StatusCode;

use super::{pdf::PdfRefusal, status::InvalidTransition, totals::TotalsError};
use crate::{
    blobs::BlobError,
    customers::CustomerError,
    entity::WriteError,
    http::ApiError,
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

impl From<InvoiceError> for ApiError {
    fn from(error: InvoiceError) -> Self {
        match error {
            InvoiceError::NotFound => ApiError::not_found(),
            InvoiceError::StaleVersion => ApiError::conflict(
                "The invoice was changed since you read it; reload it and retry.",
            ),
            InvoiceError::Transition(refusal) => {
                ApiError::conflict(format!("Invalid transition: {refusal}."))
            }
            InvoiceError::Refused(message) => ApiError::conflict(message),
            InvoiceError::Invalid { field, message } => ApiError::invalid_field(field, message),
            InvoiceError::Pdf(refusal) => match refusal {
                PdfRefusal::TooLarge { limit } => ApiError::payload_too_large(limit),
                other => ApiError::new(StatusCode::UNSUPPORTED_MEDIA_TYPE, other.to_string()),
            },
            InvoiceError::Contention => {
                ApiError::conflict("The invoice was changed concurrently; retry the request.")
            }
            // The notifier's failures read as the services' do.
            InvoiceError::Notify(error) => ServiceError::Notify(error).into(),
            InvoiceError::Service(error) => error.into(),
            InvoiceError::Customer(error) => error.into(),
            InvoiceError::Idempotency(error) => error.into(),
            InvoiceError::Blob(error) => match error {
                BlobError::Unavailable(_) => {
                    tracing::warn!(error = %error, "blob store unavailable");
                    ApiError::unavailable(Duration::from_secs(2))
                }
                BlobError::NotFound => {
                    tracing::error!("an attached PDF is missing from the blob store");
                    ApiError::not_found()
                }
                BlobError::Invalid(_) | BlobError::Internal(_) => {
                    tracing::error!(error = %error, "blob store failure");
                    ApiError::internal()
                }
            },
            InvoiceError::Store(error) => error.into(),
            InvoiceError::Config(_)
            | InvoiceError::Corrupt(_)
            | InvoiceError::Item(_)
            | InvoiceError::Render(_) => {
                tracing::error!(error = %error, "invoice failure");
                ApiError::internal()
            }
        }
    }
}
