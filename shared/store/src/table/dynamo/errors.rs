//! SDK errors mapped onto [`StoreError`]: callers see the kind, the SDK's
//! details stay in the message, which is for the log.

use aws_sdk_dynamodb::{
    error::{DisplayErrorContext, ProvideErrorMetadata, SdkError},
    types::CancellationReason,
};
use aws_smithy_types::error::operation::BuildError;

use ecar_domain::store::StoreError;

/// The store error for a failed SDK call.
pub(super) fn from_sdk<E, R>(error: SdkError<E, R>) -> StoreError
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
    R: std::fmt::Debug,
{
    match &error {
        SdkError::TimeoutError(_) | SdkError::DispatchFailure(_) | SdkError::ResponseError(_) => {
            StoreError::Unavailable(DisplayErrorContext(&error).to_string())
        }
        SdkError::ServiceError(service) => {
            let message = DisplayErrorContext(&error).to_string();
            from_code(service.err().code().unwrap_or_default(), message)
        }
        _ => StoreError::Internal(DisplayErrorContext(&error).to_string()),
    }
}

/// The store error for a DynamoDB error code.
fn from_code(code: &str, message: String) -> StoreError {
    match code {
        "ConditionalCheckFailedException" => StoreError::ConditionFailed { index: 0 },
        "TransactionConflictException" => StoreError::Conflict,
        "ProvisionedThroughputExceededException"
        | "ThrottlingException"
        | "RequestLimitExceeded" => StoreError::Throttled,
        // Server-side failures the SDK already retried: the outcome is unknown.
        "InternalServerError" | "ServiceUnavailable" => StoreError::Unavailable(message),
        "ValidationException" => StoreError::Invalid(message),
        _ => StoreError::Internal(message),
    }
}

/// The store error for a transaction cancelled for reasons other than a
/// failed condition (those are resolved by the caller, which knows the actions).
pub(super) fn from_cancellation(reasons: &[CancellationReason]) -> StoreError {
    let codes: Vec<&str> = reasons
        .iter()
        .filter_map(CancellationReason::code)
        .collect();
    let has = |wanted: &[&str]| codes.iter().any(|code| wanted.contains(code));
    if has(&["TransactionConflict"]) {
        StoreError::Conflict
    } else if has(&[
        "ThrottlingError",
        "ProvisionedThroughputExceeded",
        "RequestLimitExceeded",
    ]) {
        StoreError::Throttled
    } else if has(&["ValidationError", "ItemCollectionSizeLimitExceeded"]) {
        StoreError::Invalid(format!("transaction cancelled: {codes:?}"))
    } else {
        StoreError::Internal(format!("transaction cancelled: {codes:?}"))
    }
}

/// A request the adapter built incompletely: a bug here, not in the caller.
pub(super) fn from_build(error: BuildError) -> StoreError {
    StoreError::Internal(format!("malformed DynamoDB request: {error}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reason(code: &str) -> CancellationReason {
        CancellationReason::builder().code(code).build()
    }

    #[test]
    fn error_codes_map_to_kinds_callers_can_act_on() {
        assert_eq!(
            from_code("ConditionalCheckFailedException", String::new()),
            StoreError::ConditionFailed { index: 0 }
        );
        assert_eq!(
            from_code("ThrottlingException", String::new()),
            StoreError::Throttled
        );
        assert_eq!(
            from_code("ProvisionedThroughputExceededException", String::new()),
            StoreError::Throttled
        );
        assert!(matches!(
            from_code("ValidationException", "too large".into()),
            StoreError::Invalid(_)
        ));
        assert!(matches!(
            from_code("AccessDeniedException", String::new()),
            StoreError::Internal(_)
        ));
    }

    #[test]
    fn cancellation_reasons_map_to_the_retryable_kinds() {
        assert_eq!(
            from_cancellation(&[reason("None"), reason("TransactionConflict")]),
            StoreError::Conflict
        );
        assert_eq!(
            from_cancellation(&[reason("ThrottlingError"), reason("None")]),
            StoreError::Throttled
        );
        assert!(matches!(
            from_cancellation(&[reason("ValidationError")]),
            StoreError::Invalid(_)
        ));
    }
}
