//! How an InvoiceError answers over HTTP.

use std::time::Duration;

use axum::http::StatusCode;
use ecar_domain::{
    blobs::BlobError,
    invoices::{InvoiceError, pdf::PdfRefusal},
    services::ServiceError,
};

use crate::http::ApiError;

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
