//! Idempotent creates: the same key with the same request gets the first
//! answer, the same key with another request is refused. (The HTTP layer
//! reads the key from the `Idempotency-Key` header: `http::idempotency`.)
//!
//! Item: `pk = IDEMPOTENCY#<user id>#<sha-256 of the key>`, `sk = IDEMPOTENCY`,
//! the request's fingerprint, the answer, and an expiry a day later. The
//! record is written in the same transaction as the entity it created, so
//! a retry after a crash either finds both or neither.

use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};

use crate::store::{EXPIRES_AT, Key, StoreError, Table, Value, WriteOp};

/// Longest key accepted.
pub const MAX_KEY_LENGTH: usize = 255;
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

/// What the first request under a key did (stored as its HTTP status, so
/// that records written before and after this type read the same).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Answer {
    /// It created something (201).
    Created,
    /// It was accepted for processing (202).
    Accepted,
    /// It claimed the key of a bulk request (200).
    Claimed,
}

impl Answer {
    /// The HTTP status it was given, which is what the record stores.
    pub fn status(self) -> u16 {
        match self {
            Self::Created => 201,
            Self::Accepted => 202,
            Self::Claimed => 200,
        }
    }

    fn from_status(status: u16) -> Option<Self> {
        [Self::Created, Self::Accepted, Self::Claimed]
            .into_iter()
            .find(|answer| answer.status() == status)
    }
}

/// An answer recorded under a key.
#[derive(Clone, Debug, PartialEq)]
pub struct Recorded {
    /// What the first request did.
    pub answer: Answer,
    /// The body first answered.
    pub body: serde_json::Value,
}

/// Why a request under a key cannot go on.
#[derive(Debug, thiserror::Error)]
pub enum IdempotencyError {
    /// The key is empty, too long or not visible ASCII.
    #[error("the key must be 1 to {MAX_KEY_LENGTH} visible ASCII characters")]
    InvalidKey,
    /// The key was used for another request.
    #[error("this key was already used with a different request")]
    KeyReused,
    /// Another request with the key is being answered.
    #[error("a request with this key is in progress")]
    InProgress,
    /// A stored record does not have the expected shape.
    #[error("malformed idempotency record")]
    Malformed,
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
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
    /// A request under `key` (as the client sent it). Keys are per caller,
    /// and a request is its route and exact body.
    pub fn new(
        key: &str,
        caller_user_id: &str,
        route: &str,
        body: &[u8],
    ) -> Result<Self, IdempotencyError> {
        let key = key.trim();
        // What an HTTP header value may hold: visible ASCII, spaces, tabs.
        let header_text = |byte: u8| byte == b'\t' || (b' '..=b'~').contains(&byte);
        if !(1..=MAX_KEY_LENGTH).contains(&key.len()) || !key.bytes().all(header_text) {
            return Err(IdempotencyError::InvalidKey);
        }
        Ok(Self {
            key: Key::new(
                format!(
                    "IDEMPOTENCY#{caller_user_id}#{}",
                    sha256_hex(&[key.as_bytes()])
                ),
                RECORD_SK,
            ),
            fingerprint: sha256_hex(&[route.as_bytes(), body]),
        })
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

    /// The answer recorded for this key, if any; refused when the key was
    /// used for another request.
    pub async fn recorded(&self, table: &dyn Table) -> Result<Option<Recorded>, IdempotencyError> {
        match table.get(&self.key).await? {
            Some(item) => self.read(&item).map(Some),
            None => Ok(None),
        }
    }

    /// Reads a stored record of this key.
    pub fn read(&self, item: &crate::store::Item) -> Result<Recorded, IdempotencyError> {
        let fingerprint = item.get("fingerprint").and_then(Value::as_s);
        if fingerprint != Some(self.fingerprint.as_str()) {
            return Err(IdempotencyError::KeyReused);
        }
        let answer = item
            .get("status")
            .and_then(Value::as_i64)
            .and_then(|status| u16::try_from(status).ok())
            .and_then(Answer::from_status);
        let body = item
            .get("response")
            .and_then(Value::as_s)
            .and_then(|text| serde_json::from_str(text).ok());
        match (answer, body) {
            (Some(answer), Some(body)) => Ok(Recorded { answer, body }),
            _ => {
                tracing::error!(pk = %self.key.pk, "malformed idempotency record");
                Err(IdempotencyError::Malformed)
            }
        }
    }

    /// The write recording an answer; it fails if the key was recorded
    /// meanwhile (a concurrent retry), so put it in the entity's transaction.
    pub fn record_op(
        &self,
        answer: Answer,
        body: &serde_json::Value,
        now: DateTime<Utc>,
    ) -> WriteOp {
        let mut item = self.key.to_item();
        item.insert("fingerprint".into(), Value::s(&self.fingerprint));
        item.insert("status".into(), Value::n(answer.status()));
        item.insert("response".into(), Value::s(body.to_string()));
        item.insert(
            EXPIRES_AT.into(),
            Value::n(now.timestamp() + RETENTION_SECONDS),
        );
        WriteOp::create(item)
    }

    /// After a transaction lost the race on this record: the winner's answer,
    /// or refused when the winner made another request.
    pub async fn after_race(&self, table: &dyn Table) -> Result<Recorded, IdempotencyError> {
        self.recorded(table)
            .await?
            .ok_or(IdempotencyError::InProgress)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(key: &str, user: &str, route: &str, body: &[u8]) -> Idempotent {
        Idempotent::new(key, user, route, body).unwrap()
    }

    #[test]
    fn keys_are_per_caller_and_fingerprints_per_request() {
        let a = request("k1", "u1", "/api/cars", b"{}");
        let b = request("k1", "u2", "/api/cars", b"{}");
        assert_ne!(a.key(), b.key());
        let c = request("k1", "u1", "/api/cars", b"{ }");
        assert_eq!(a.key(), c.key());
        assert_ne!(a.fingerprint, c.fingerprint);
        assert_ne!(a.part("row-1", b"x").key(), a.part("row-2", b"x").key());
    }

    #[test]
    fn bad_keys_are_refused() {
        for key in ["", "   ", &"k".repeat(256), "clé"] {
            assert!(
                matches!(
                    Idempotent::new(key, "u", "/r", b""),
                    Err(IdempotencyError::InvalidKey)
                ),
                "{key:?}"
            );
        }
        assert!(Idempotent::new(&"k".repeat(255), "u", "/r", b"").is_ok());
    }

    #[test]
    fn records_replay_only_for_the_same_request() {
        let now = Utc::now();
        let first = request("k", "u", "/r", b"a");
        let WriteOp::Put { item, .. } =
            first.record_op(Answer::Created, &serde_json::json!({"id": 1}), now)
        else {
            panic!("a record is a put");
        };
        assert_eq!(item["status"].as_i64(), Some(201), "stored as before");
        let replay = first.read(&item).unwrap();
        assert_eq!(replay.answer, Answer::Created);
        assert_eq!(replay.body["id"], 1);
        let other = request("k", "u", "/r", b"b");
        assert!(matches!(
            other.read(&item),
            Err(IdempotencyError::KeyReused)
        ));
    }
}
