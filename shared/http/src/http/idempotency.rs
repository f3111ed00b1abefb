//! The `Idempotency-Key` header on creates, and the answers of the domain's
//! idempotency records: a malformed key is a 400, a key used for another
//! request or still in progress a 409, a replayed answer its first status.

use axum::http::{HeaderMap, StatusCode};

use super::ApiError;
use crate::idempotency::{IdempotencyError, Idempotent, MAX_KEY_LENGTH, Recorded};

/// The request header.
pub const HEADER: &str = "idempotency-key";

/// The request's idempotency key, if it sent one, for the caller, the route
/// and the exact body.
pub fn idempotency_key(
    headers: &HeaderMap,
    caller_user_id: &str,
    route: &str,
    body: &[u8],
) -> Result<Option<Idempotent>, ApiError> {
    let Some(value) = headers.get(HEADER) else {
        return Ok(None);
    };
    let key = value.to_str().map_err(|_| IdempotencyError::InvalidKey)?;
    Ok(Some(Idempotent::new(key, caller_user_id, route, body)?))
}

/// The status a recorded answer is replayed with.
pub fn replayed_status(recorded: &Recorded) -> StatusCode {
    StatusCode::from_u16(recorded.answer.status()).unwrap_or(StatusCode::OK)
}

impl From<IdempotencyError> for ApiError {
    fn from(error: IdempotencyError) -> Self {
        match error {
            IdempotencyError::InvalidKey => ApiError::bad_request(format!(
                "The Idempotency-Key header must be 1 to {MAX_KEY_LENGTH} visible ASCII characters."
            )),
            IdempotencyError::KeyReused => ApiError::conflict(
                "This Idempotency-Key was already used with a different request.",
            ),
            IdempotencyError::InProgress => {
                ApiError::conflict("A request with this Idempotency-Key is in progress; retry.")
            }
            IdempotencyError::Malformed => ApiError::internal(),
            IdempotencyError::Store(error) => error.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(key: &[u8]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(HEADER, axum::http::HeaderValue::from_bytes(key).unwrap());
        headers
    }

    #[test]
    fn no_header_no_key_and_bad_headers_are_400s() {
        assert!(
            idempotency_key(&HeaderMap::new(), "u", "/r", b"")
                .unwrap()
                .is_none()
        );
        assert!(
            idempotency_key(&headers(b"k1"), "u", "/r", b"")
                .unwrap()
                .is_some()
        );
        for bad in [
            "k".repeat(256).into_bytes(),
            b"cl\xc3\xa9".to_vec(),
            b"  ".to_vec(),
        ] {
            assert_eq!(
                idempotency_key(&headers(&bad), "u", "/r", b"")
                    .unwrap_err()
                    .status(),
                400
            );
        }
    }

    #[test]
    fn refusals_are_409s() {
        assert_eq!(ApiError::from(IdempotencyError::KeyReused).status(), 409);
        assert_eq!(ApiError::from(IdempotencyError::InProgress).status(), 409);
    }
}
