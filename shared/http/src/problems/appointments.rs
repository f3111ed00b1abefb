//! How an AppointmentError answers over HTTP.

use ecar_domain::appointments::AppointmentError;

use crate::http::ApiError;

impl From<AppointmentError> for ApiError {
    fn from(error: AppointmentError) -> Self {
        match error {
            AppointmentError::NotFound => ApiError::not_found(),
            AppointmentError::StaleVersion => {
                ApiError::conflict("It was changed since you read it; reload it and retry.")
            }
            AppointmentError::Transition(refusal) => {
                ApiError::conflict(format!("Invalid transition: {refusal}."))
            }
            AppointmentError::Refused(message) => ApiError::conflict(message),
            AppointmentError::Invalid { field, message } => ApiError::invalid_field(field, message),
            AppointmentError::Contention => {
                ApiError::conflict("The appointment was changed concurrently; retry the request.")
            }
            AppointmentError::Customer(error) => error.into(),
            AppointmentError::Service(error) => error.into(),
            AppointmentError::Store(error) => error.into(),
            AppointmentError::Item(error) => {
                tracing::error!(error = %error, "corrupt appointment item");
                ApiError::internal()
            }
            AppointmentError::Idempotency(error) => error.into(),
        }
    }
}
