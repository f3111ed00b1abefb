//! Opaque, tamper-evident pagination cursors.
//!
//! A cursor wraps a query's last evaluated key, signed with a server key and
//! bound to the query it came from (and its caller), so that a forged cursor,
//! or one taken from another query or another caller, is refused with a 400.

use std::collections::BTreeMap;

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use hmac::{Hmac, Mac};
use sha2::Sha256;

use super::error::ApiError;
use crate::store::{Item, Value};

type HmacSha256 = Hmac<Sha256>;

/// Signs and checks cursors with a server-side key.
#[derive(Clone)]
pub struct CursorCodec {
    key: Vec<u8>,
}

impl std::fmt::Debug for CursorCodec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CursorCodec(<key>)")
    }
}

impl CursorCodec {
    /// A codec with the given secret key (at least 32 bytes of entropy).
    pub fn new(key: impl Into<Vec<u8>>) -> Self {
        Self { key: key.into() }
    }

    /// Encodes a last evaluated key for the query named by `binding`.
    pub fn encode(&self, last_key: &Item, binding: &str) -> Result<String, ApiError> {
        let mut strings = BTreeMap::new();
        for (name, value) in last_key {
            // Every key attribute in this table is a string.
            let Value::S(text) = value else {
                tracing::error!(attribute = %name, "non-string key attribute in a cursor");
                return Err(ApiError::internal());
            };
            strings.insert(name.as_str(), text.as_str());
        }
        let payload = serde_json::to_vec(&strings).map_err(|_| ApiError::internal())?;
        let signature = self.sign(&payload, binding);
        Ok(format!(
            "{}.{}",
            URL_SAFE_NO_PAD.encode(&payload),
            URL_SAFE_NO_PAD.encode(signature)
        ))
    }

    /// Decodes a cursor, refusing it unless it was made for the same binding.
    pub fn decode(&self, cursor: &str, binding: &str) -> Result<Item, ApiError> {
        let invalid = || ApiError::invalid_field("cursor", "invalid or expired cursor");
        let (payload, signature) = cursor.split_once('.').ok_or_else(invalid)?;
        let payload = URL_SAFE_NO_PAD.decode(payload).map_err(|_| invalid())?;
        let signature = URL_SAFE_NO_PAD.decode(signature).map_err(|_| invalid())?;
        let mut mac = self.mac(binding);
        mac.update(&payload);
        mac.verify_slice(&signature).map_err(|_| invalid())?;
        let strings: BTreeMap<String, String> =
            serde_json::from_slice(&payload).map_err(|_| invalid())?;
        Ok(strings
            .into_iter()
            .map(|(name, text)| (name, Value::S(text)))
            .collect())
    }

    fn mac(&self, binding: &str) -> HmacSha256 {
        // HMAC accepts keys of any length; this cannot fail.
        let mut mac = <HmacSha256 as Mac>::new_from_slice(&self.key)
            .unwrap_or_else(|_| unreachable!("HMAC takes any key length"));
        mac.update(&(binding.len() as u64).to_be_bytes());
        mac.update(binding.as_bytes());
        mac
    }

    fn sign(&self, payload: &[u8], binding: &str) -> Vec<u8> {
        let mut mac = self.mac(binding);
        mac.update(payload);
        mac.finalize().into_bytes().to_vec()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn key() -> Item {
        Item::from([
            ("pk".to_string(), Value::s("CUSTOMERS")),
            ("sk".to_string(), Value::s("01J0000000000000000000000")),
        ])
    }

    #[test]
    fn round_trips_for_the_same_binding() {
        let codec = CursorCodec::new(b"k".repeat(32));
        let cursor = codec.encode(&key(), "customers|list|user-1").unwrap();
        assert_eq!(
            codec.decode(&cursor, "customers|list|user-1").unwrap(),
            key()
        );
    }

    #[test]
    fn refuses_another_binding_key_or_tampering() {
        let codec = CursorCodec::new(b"k".repeat(32));
        let cursor = codec.encode(&key(), "customers|list|user-1").unwrap();
        assert_eq!(
            codec
                .decode(&cursor, "customers|list|user-2")
                .unwrap_err()
                .status(),
            400
        );
        let other = CursorCodec::new(b"x".repeat(32));
        assert!(other.decode(&cursor, "customers|list|user-1").is_err());
        let (payload, signature) = cursor.split_once('.').unwrap();
        let forged_payload = URL_SAFE_NO_PAD.encode(br#"{"pk":"USERS","sk":"0"}"#);
        assert!(
            codec
                .decode(
                    &format!("{forged_payload}.{signature}"),
                    "customers|list|user-1"
                )
                .is_err()
        );
        assert!(codec.decode(payload, "customers|list|user-1").is_err());
    }

    mod properties {
        use super::*;

        proptest! {
            #[test]
            fn arbitrary_text_never_decodes(text in ".{0,200}") {
                let codec = CursorCodec::new(b"k".repeat(32));
                prop_assert!(codec.decode(&text, "b").is_err());
            }

            #[test]
            fn any_string_key_round_trips(pk in ".{1,50}", sk in ".{0,50}") {
                let codec = CursorCodec::new(b"k".repeat(32));
                let item = Item::from([
                    ("pk".to_string(), Value::S(pk)),
                    ("sk".to_string(), Value::S(sk)),
                ]);
                let cursor = codec.encode(&item, "b").unwrap();
                prop_assert_eq!(codec.decode(&cursor, "b").unwrap(), item);
            }

            #[test]
            fn any_changed_character_is_refused(
                sk in "[A-Z0-9#]{0,40}",
                position in any::<prop::sample::Index>(),
                replacement in "[A-Za-z0-9_.-]",
            ) {
                let codec = CursorCodec::new(b"k".repeat(32));
                let item = Item::from([
                    ("pk".to_string(), Value::s("CUSTOMERS")),
                    ("sk".to_string(), Value::S(sk)),
                ]);
                let cursor = codec.encode(&item, "b").unwrap();
                let at = position.index(cursor.len());
                prop_assume!(cursor[at..=at] != replacement);
                let mutated = format!("{}{}{}", &cursor[..at], replacement, &cursor[at + 1..]);
                prop_assert!(codec.decode(&mutated, "b").is_err());
            }
        }
    }
}
