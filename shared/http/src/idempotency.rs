//! `Idempotency-Key` on creates: the same key with the same request returns
//! the first answer, the same key with another request is a 409.
//!
//! Item: `pk = IDEMPOTENCY#<user id>#<sha-256 of the key>`, `sk = IDEMPOTENCY`,
//! the request's fingerprint, the answer, and an expiry a day later. The
//! record is written in the same transaction as the entity it created, so
//! a retry after a crash either finds both or neither.

use axum::http::{HeaderMap, StatusCode};
use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};

use crate::{
    http::ApiError,
    store::{EXPIRES_AT, Key, Table, Value, WriteOp},
};

/// The request header.
pub const HEADER: &str = "idempotency-key";
/// Longest key accepted.
const MAX_KEY_LENGTH: usize = 255;
/// How long an answer is kept.
const RETENTION_SECONDS: i64 = 24 * 3600;
const RECORD_SK: &str = "IDEMPOTENCY";

/// A request made under an idempotency key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Idempotent {
    key: Key,
    fingerprint: String,
}

/// What a create under an optional idempotency key gave.
#[derive(Clone, Debug)]
pub enum Created<T> {
    /// A new entity.
    New(T),
    /// The answer first given to the same request.
    Replayed(Recorded),
}

/// An answer recorded under a key.
#[derive(Clone, Debug, PartialEq)]
pub struct Recorded {
    /// The status first answered.
    pub status: StatusCode,
    /// The body first answered.
    pub body: serde_json::Value,
}

fn sha256_hex(parts: &[&[u8]]) -> String {
    let mut hasher = Sha256::new();
    for part in parts {
        hasher.update((part.len() as u64).to_be_bytes());
        hasher.update(part);
    }
    hasher
        .finalize()
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

impl Idempotent {
    /// The key of a request, if it has one (400 when the header is malformed).
    /// Keys are per caller, and a request is its route and exact body.
    pub fn from_request(
        headers: &HeaderMap,
        caller_user_id: &str,
        route: &str,
        body: &[u8],
    ) -> Result<Option<Self>, ApiError> {
        let Some(value) = headers.get(HEADER) else {
            return Ok(None);
        };
        let key = value
            .to_str()
            .ok()
            .map(str::trim)
            .filter(|key| (1..=MAX_KEY_LENGTH).contains(&key.len()))
            .ok_or_else(|| {
                ApiError::bad_request(format!(
                    "The Idempotency-Key header must be 1 to {MAX_KEY_LENGTH} visible ASCII characters."
                ))
            })?;
        Ok(Some(Self {
            key: Key::new(
                format!(
                    "IDEMPOTENCY#{caller_user_id}#{}",
                    sha256_hex(&[key.as_bytes()])
                ),
                RECORD_SK,
            ),
            fingerprint: sha256_hex(&[route.as_bytes(), body]),
        }))
    }

    /// A part of this request (one row of a bulk create), with its own record.
    pub fn part(&self, name: &str, body: &[u8]) -> Self {
        Self {
            key: Key::new(format!("{}#{name}", self.key.pk), RECORD_SK),
            fingerprint: sha256_hex(&[self.fingerprint.as_bytes(), body]),
        }
    }

    /// The key of the record.
    pub fn key(&self) -> &Key {
        &self.key
    }

    /// The answer recorded for this key, if any; a 409 when the key was
    /// used for another request.
    pub async fn recorded(&self, table: &dyn Table) -> Result<Option<Recorded>, ApiError> {
        match table.get(&self.key).await? {
            Some(item) => self.read(&item).map(Some),
            None => Ok(None),
        }
    }

    /// Reads a stored record of this key.
    pub fn read(&self, item: &crate::store::Item) -> Result<Recorded, ApiError> {
        let fingerprint = item.get("fingerprint").and_then(Value::as_s);
        if fingerprint != Some(self.fingerprint.as_str()) {
            return Err(ApiError::conflict(
                "This Idempotency-Key was already used with a different request.",
            ));
        }
        let status = item
            .get("status")
            .and_then(Value::as_i64)
            .and_then(|status| u16::try_from(status).ok())
            .and_then(|status| StatusCode::from_u16(status).ok());
        let body = item
            .get("response")
            .and_then(Value::as_s)
            .and_then(|text| serde_json::from_str(text).ok());
        match (status, body) {
            (Some(status), Some(body)) => Ok(Recorded { status, body }),
            _ => {
                tracing::error!(pk = %self.key.pk, "malformed idempotency record");
                Err(ApiError::internal())
            }
        }
    }

    /// The write recording an answer; it fails if the key was recorded
    /// meanwhile (a concurrent retry), so put it in the entity's transaction.
    pub fn record_op(
        &self,
        status: StatusCode,
        body: &serde_json::Value,
        now: DateTime<Utc>,
    ) -> WriteOp {
        let mut item = self.key.to_item();
        item.insert("fingerprint".into(), Value::s(&self.fingerprint));
        item.insert("status".into(), Value::n(status.as_u16()));
        item.insert("response".into(), Value::s(body.to_string()));
        item.insert(
            EXPIRES_AT.into(),
            Value::n(now.timestamp() + RETENTION_SECONDS),
        );
        WriteOp::create(item)
    }

    /// After a transaction lost the race on this record: the winner's answer,
    /// or a 409 when the winner made another request.
    pub async fn after_race(&self, table: &dyn Table) -> Result<Recorded, ApiError> {
        self.recorded(table).await?.ok_or_else(|| {
            ApiError::conflict("A request with this Idempotency-Key is in progress; retry.")
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(key: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(HEADER, key.parse().unwrap());
        headers
    }

    #[test]
    fn keys_are_per_caller_and_fingerprints_per_request() {
        let a = Idempotent::from_request(&headers("k1"), "u1", "/api/cars", b"{}")
            .unwrap()
            .unwrap();
        let b = Idempotent::from_request(&headers("k1"), "u2", "/api/cars", b"{}")
            .unwrap()
            .unwrap();
        assert_ne!(a.key(), b.key());
        let c = Idempotent::from_request(&headers("k1"), "u1", "/api/cars", b"{ }")
            .unwrap()
            .unwrap();
        assert_eq!(a.key(), c.key());
        assert_ne!(a.fingerprint, c.fingerprint);
        assert_ne!(a.part("row-1", b"x").key(), a.part("row-2", b"x").key());
    }

    #[test]
    fn no_header_no_key_and_bad_headers_are_refused() {
        assert_eq!(
            Idempotent::from_request(&HeaderMap::new(), "u", "/r", b"").unwrap(),
            None
        );
        let long = "k".repeat(256);
        assert_eq!(
            Idempotent::from_request(&headers(&long), "u", "/r", b"")
                .unwrap_err()
                .status(),
            400
        );
    }

    #[test]
    fn records_replay_only_for_the_same_request() {
        let now = Utc::now();
        let first = Idempotent::from_request(&headers("k"), "u", "/r", b"a")
            .unwrap()
            .unwrap();
        let WriteOp::Put { item, .. } =
            first.record_op(StatusCode::CREATED, &serde_json::json!({"id": 1}), now)
        else {
            panic!("a record is a put");
        };
        let replay = first.read(&item).unwrap();
        assert_eq!(replay.status, StatusCode::CREATED);
        assert_eq!(replay.body["id"], 1);
        let other = Idempotent::from_request(&headers("k"), "u", "/r", b"b")
            .unwrap()
            .unwrap();
        assert_eq!(other.read(&item).unwrap_err().status(), 409);
    }
}
