//! The token key set: one active Ed25519 key signs, and up to two keys
//! (the active one and the one being retired) verify, so keys can rotate
//! without logging anybody out.
//!
//! The set is JSON, from `ECAR_JWT_KEYS` locally or from the Secrets Manager
//! secret named by `JWT_SECRET_ARN` in AWS (read once per cold start):
//! `{"active_kid": "...", "keys": [{"kid": "...", "private_pem": "-----BEGIN PRIVATE KEY-----..."}]}`.
//! Without either, the local runner generates a set ([`TokenKeys::generate`])
//! and keeps it in its data directory ([`TokenKeys::to_json`]).

use base64::Engine;
use ed25519_dalek::{SigningKey, pkcs8::DecodePrivateKey};
use jsonwebtoken::{DecodingKey, EncodingKey};
use rand::RngCore;
use serde::{Deserialize, Serialize};

#[cfg(feature = "aws-dynamodb")]
use crate::config::Config;

/// Most keys accepted for verification at once: the active one and one retiring.
pub const MAX_KEYS: usize = 2;

/// PKCS#8 v1 DER header of an Ed25519 private key; the 32-byte seed follows.
const ED25519_PKCS8_PREFIX: [u8; 16] = [
    0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20,
];

/// Why a key set could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    /// The JSON does not have the documented shape.
    #[error("key set JSON is invalid: {0}")]
    Json(#[from] serde_json::Error),
    /// The set holds no key, or more than [`MAX_KEYS`].
    #[error("a key set holds one or two keys, found {0}")]
    KeyCount(usize),
    /// Two keys share a `kid`, or a `kid` is empty.
    #[error("key ids must be unique and non-empty")]
    BadKid,
    /// `active_kid` names no key of the set.
    #[error("active_kid names no key of the set")]
    ActiveKidMissing,
    /// A PEM is not an Ed25519 private key (the kid says which; the key is never shown).
    #[error("key {0} is not an Ed25519 private key in PKCS#8 PEM")]
    NotEd25519(String),
    /// Secrets Manager could not be read.
    #[error("key set secret unreadable: {0}")]
    Secret(String),
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct KeySetJson {
    active_kid: String,
    keys: Vec<KeyJson>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct KeyJson {
    kid: String,
    private_pem: String,
}

/// One key of the set.
struct KeyEntry {
    kid: String,
    private_pem: String,
    signing: EncodingKey,
    verifying: DecodingKey,
}

/// The signing and verification keys of the tokens.
pub struct TokenKeys {
    active: usize,
    keys: Vec<KeyEntry>,
}

impl std::fmt::Debug for TokenKeys {
    // Only the key ids: the keys themselves never reach a log.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenKeys")
            .field("active_kid", &self.active_kid())
            .field(
                "kids",
                &self.keys.iter().map(|k| k.kid.as_str()).collect::<Vec<_>>(),
            )
            .finish()
    }
}

impl TokenKeys {
    /// Parses a key set from its JSON form.
    pub fn from_json(json: &str) -> Result<Self, KeyError> {
        let set: KeySetJson = serde_json::from_str(json)?;
        if set.keys.is_empty() || set.keys.len() > MAX_KEYS {
            return Err(KeyError::KeyCount(set.keys.len()));
        }
        let mut keys = Vec::with_capacity(set.keys.len());
        for key in set.keys {
            if key.kid.is_empty() || keys.iter().any(|k: &KeyEntry| k.kid == key.kid) {
                return Err(KeyError::BadKid);
            }
            keys.push(KeyEntry::from_pem(key.kid, key.private_pem)?);
        }
        let active = keys
            .iter()
            .position(|k| k.kid == set.active_kid)
            .ok_or(KeyError::ActiveKidMissing)?;
        Ok(Self { active, keys })
    }

    /// The key set the configuration names: `ECAR_JWT_KEYS` when set, else the
    /// Secrets Manager secret of `JWT_SECRET_ARN`; `None` when neither is set
    /// (the local runner then generates one, Lambda refuses to start).
    #[cfg(feature = "aws-dynamodb")]
    pub async fn load(
        config: &Config,
        sdk: &aws_config::SdkConfig,
    ) -> Result<Option<Self>, KeyError> {
        if let Some(json) = &config.jwt_keys_json {
            return Self::from_json(json).map(Some);
        }
        let Some(arn) = &config.jwt_secret_arn else {
            return Ok(None);
        };
        let client = aws_sdk_secretsmanager::Client::new(sdk);
        Self::from_secrets_manager(&client, arn).await.map(Some)
    }

    /// Reads the key set from a Secrets Manager secret (once, at cold start).
    #[cfg(feature = "aws-dynamodb")]
    pub async fn from_secrets_manager(
        client: &aws_sdk_secretsmanager::Client,
        secret_arn: &str,
    ) -> Result<Self, KeyError> {
        let output = client
            .get_secret_value()
            .secret_id(secret_arn)
            .send()
            .await
            .map_err(|e| {
                KeyError::Secret(aws_sdk_secretsmanager::error::DisplayErrorContext(e).to_string())
            })?;
        let json = output
            .secret_string()
            .ok_or_else(|| KeyError::Secret("the secret has no string value".into()))?;
        Self::from_json(json)
    }

    /// A new set of one fresh Ed25519 key, for local runs without configured keys.
    pub fn generate() -> Self {
        let mut seed = [0u8; 32];
        rand::rngs::OsRng.fill_bytes(&mut seed);
        let kid = format!("local-{}", ulid::Ulid::new().to_string().to_lowercase());
        let entry = KeyEntry::from_seed(kid, &seed);
        Self {
            active: 0,
            keys: vec![entry],
        }
    }

    /// The set in its JSON form, private keys included: for the local runner to
    /// persist what [`TokenKeys::generate`] made. Never log it.
    pub fn to_json(&self) -> String {
        let set = KeySetJson {
            active_kid: self.active_kid().to_string(),
            keys: self
                .keys
                .iter()
                .map(|k| KeyJson {
                    kid: k.kid.clone(),
                    private_pem: k.private_pem.clone(),
                })
                .collect(),
        };
        // A struct of strings always serializes.
        serde_json::to_string_pretty(&set).unwrap_or_default()
    }

    /// A 32-byte secret for another purpose (such as signing pagination
    /// cursors), derived from the active private key so that no second secret
    /// has to be distributed; it changes when the active key rotates.
    pub fn derive_secret(&self, purpose: &str) -> [u8; 32] {
        use hmac::{Hmac, Mac};
        let key = &self.keys[self.active];
        // HMAC accepts keys of any length.
        let mut mac = <Hmac<sha2::Sha256> as Mac>::new_from_slice(key.private_pem.as_bytes())
            .unwrap_or_else(|_| unreachable!("HMAC takes any key length"));
        mac.update(purpose.as_bytes());
        mac.finalize().into_bytes().into()
    }

    /// The id of the key that signs new tokens.
    pub fn active_kid(&self) -> &str {
        &self.keys[self.active].kid
    }

    /// The active key, for signing.
    pub(crate) fn signing_key(&self) -> &EncodingKey {
        &self.keys[self.active].signing
    }

    /// The verification key with this id, if the set accepts it.
    pub(crate) fn verifying_key(&self, kid: &str) -> Option<&DecodingKey> {
        self.keys
            .iter()
            .find(|k| k.kid == kid)
            .map(|k| &k.verifying)
    }
}

impl KeyEntry {
    fn from_pem(kid: String, private_pem: String) -> Result<Self, KeyError> {
        let not_ed25519 = || KeyError::NotEd25519(kid.clone());
        let signing =
            EncodingKey::from_ed_pem(private_pem.as_bytes()).map_err(|_| not_ed25519())?;
        let secret = SigningKey::from_pkcs8_der(signing.inner()).map_err(|_| not_ed25519())?;
        let verifying = DecodingKey::from_ed_der(secret.verifying_key().as_bytes());
        Ok(Self {
            kid,
            private_pem,
            signing,
            verifying,
        })
    }

    fn from_seed(kid: String, seed: &[u8; 32]) -> Self {
        let mut der = ED25519_PKCS8_PREFIX.to_vec();
        der.extend_from_slice(seed);
        let body = base64::engine::general_purpose::STANDARD.encode(&der);
        let private_pem =
            format!("-----BEGIN PRIVATE KEY-----\n{body}\n-----END PRIVATE KEY-----\n");
        let public = SigningKey::from_bytes(seed).verifying_key();
        Self {
            kid,
            private_pem,
            signing: EncodingKey::from_ed_der(&der),
            verifying: DecodingKey::from_ed_der(public.as_bytes()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 8410's example Ed25519 private key.
    const RFC8410_PEM: &str = "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEINTuctv5E1hK1bbY8fdp+K06/nwoy/HU++CXqI9EdVhC\n-----END PRIVATE KEY-----\n";

    #[test]
    fn a_generated_set_survives_its_json_form() {
        let keys = TokenKeys::generate();
        let again = TokenKeys::from_json(&keys.to_json()).unwrap();
        assert_eq!(again.active_kid(), keys.active_kid());
        assert_eq!(
            again.keys[0].verifying.as_bytes(),
            keys.keys[0].verifying.as_bytes()
        );
        assert!(keys.active_kid().starts_with("local-"));
    }

    #[test]
    fn a_pem_key_yields_its_public_key() {
        let json = format!(
            r#"{{"active_kid": "k1", "keys": [{{"kid": "k1", "private_pem": {}}}]}}"#,
            serde_json::to_string(RFC8410_PEM).unwrap()
        );
        let keys = TokenKeys::from_json(&json).unwrap();
        // RFC 8410 section 10.3: the public key of that private key.
        let public = base64::engine::general_purpose::STANDARD
            .decode("Gb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=")
            .unwrap();
        assert_eq!(
            keys.verifying_key("k1").unwrap().as_bytes(),
            public.as_slice()
        );
        assert!(keys.verifying_key("k2").is_none());
    }

    #[test]
    fn malformed_sets_are_refused() {
        let key = |kid: &str| {
            format!(
                r#"{{"kid": "{kid}", "private_pem": {}}}"#,
                serde_json::to_string(RFC8410_PEM).unwrap()
            )
        };
        let set = |active: &str, keys: &[String]| {
            format!(
                r#"{{"active_kid": "{active}", "keys": [{}]}}"#,
                keys.join(",")
            )
        };
        assert!(matches!(
            TokenKeys::from_json(&set("a", &[])),
            Err(KeyError::KeyCount(0))
        ));
        assert!(matches!(
            TokenKeys::from_json(&set("a", &[key("a"), key("b"), key("c")])),
            Err(KeyError::KeyCount(3))
        ));
        assert!(matches!(
            TokenKeys::from_json(&set("a", &[key("a"), key("a")])),
            Err(KeyError::BadKid)
        ));
        assert!(matches!(
            TokenKeys::from_json(&set("z", &[key("a")])),
            Err(KeyError::ActiveKidMissing)
        ));
        assert!(matches!(
            TokenKeys::from_json(r#"{"active_kid": "a", "keys": [{"kid": "a", "private_pem": "nope"}]}"#),
            Err(KeyError::NotEd25519(kid)) if kid == "a"
        ));
        assert!(matches!(
            TokenKeys::from_json(r#"{"active_kid": "a", "keys": [], "extra": 1}"#),
            Err(KeyError::Json(_))
        ));
    }

    #[cfg(feature = "aws-dynamodb")]
    #[tokio::test]
    async fn the_configured_set_wins_and_no_configuration_means_none() {
        let keys = TokenKeys::generate();
        let config = Config {
            jwt_keys_json: Some(keys.to_json()),
            ..Config::default()
        };
        // Neither case reaches Secrets Manager: no region or credentials needed.
        let sdk = aws_config::SdkConfig::builder().build();
        let loaded = TokenKeys::load(&config, &sdk).await.unwrap().unwrap();
        assert_eq!(loaded.active_kid(), keys.active_kid());
        assert!(
            TokenKeys::load(&Config::default(), &sdk)
                .await
                .unwrap()
                .is_none()
        );
    }

    #[test]
    fn debug_output_names_keys_without_showing_them() {
        let keys = TokenKeys::generate();
        let shown = format!("{keys:?}");
        assert!(shown.contains(keys.active_kid()));
        assert!(!shown.contains("PRIVATE"));
    }
}
