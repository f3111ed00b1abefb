//! The token key set: one active Ed25519 key signs, and up to two keys
//! (the active one and the one being retired) verify, so keys can rotate
//! without logging anybody out.
//!
//! The set is JSON, from `ECAR_JWT_KEYS` locally or from the Secrets Manager
//! secret named by `JWT_SECRET_ARN` in AWS (read once per cold start, by
//! `ecar-http`'s bootstrap):
//! `{"active_kid": "...", "keys": [{"kid": "...", "private_pem": "-----BEGIN PRIVATE KEY-----..."}]}`.
//! Without either, the local runner generates a set ([`TokenKeys::generate`])
//! and keeps it in its data directory ([`TokenKeys::to_json`]).

use base64::Engine;
use ed25519_dalek::{SigningKey, pkcs8::DecodePrivateKey};
use jsonwebtoken::{DecodingKey, EncodingKey};
use rand::RngCore;
use serde::{Deserialize, Serialize};

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
    /// A JSON Web Key is not an Ed25519 public key (the kid says which).
    #[error("key {0} is not an Ed25519 public key (kty OKP, crv Ed25519, a 32-byte x)")]
    NotPublicEd25519(String),
    /// A key of the signing set is missing from the public keys given beside
    /// it: tokens it signs would be refused by the functions that only verify.
    #[error(
        "key {0} signs tokens but is not among the public keys the other functions verify with"
    )]
    NotPublished(String),
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
    /// The public key.
    x: [u8; 32],
}

/// The signing and verification keys of the tokens.
pub struct TokenKeys {
    active: usize,
    keys: Vec<KeyEntry>,
    public: PublicKeys,
}

/// The public half of a key set: what a function that only verifies tokens
/// is given, as a JSON Web Key Set of Ed25519 keys (RFC 8037), so that only
/// the function that signs reads the secret.
#[derive(Clone)]
pub struct PublicKeys {
    keys: Vec<PublicKey>,
}

/// One public key of the set.
#[derive(Clone)]
struct PublicKey {
    kid: String,
    x: [u8; 32],
    verifying: DecodingKey,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct JwksJson {
    keys: Vec<JwkJson>,
}

/// An Ed25519 JSON Web Key; `alg` and `use` are optional but, when given,
/// must say EdDSA and signatures.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct JwkJson {
    kty: String,
    crv: String,
    kid: String,
    x: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    alg: Option<String>,
    #[serde(rename = "use", default, skip_serializing_if = "Option::is_none")]
    usage: Option<String>,
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
        Ok(Self::new(active, keys))
    }

    fn new(active: usize, keys: Vec<KeyEntry>) -> Self {
        let public = PublicKeys {
            keys: keys.iter().map(KeyEntry::public).collect(),
        };
        Self {
            active,
            keys,
            public,
        }
    }

    /// The public half of the set, for the functions that only verify.
    pub fn public_keys(&self) -> &PublicKeys {
        &self.public
    }

    /// Checks that the key signing tokens is among `published`, the public
    /// keys the functions that only verify were given.
    pub fn check_published(&self, published: &PublicKeys) -> Result<(), KeyError> {
        let active = &self.public.keys[self.active];
        match published.keys.iter().find(|k| k.kid == active.kid) {
            Some(key) if key.x == active.x => Ok(()),
            _ => Err(KeyError::NotPublished(active.kid.clone())),
        }
    }

    /// A new set of one fresh Ed25519 key, for local runs without configured keys.
    pub fn generate() -> Self {
        let mut seed = [0u8; 32];
        rand::rngs::OsRng.fill_bytes(&mut seed);
        let kid = format!("local-{}", ulid::Ulid::new().to_string().to_lowercase());
        Self::new(0, vec![KeyEntry::from_seed(kid, &seed)])
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
        derive_key(self.keys[self.active].private_pem.as_bytes(), purpose)
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
    #[cfg(test)]
    pub(crate) fn verifying_key(&self, kid: &str) -> Option<&DecodingKey> {
        self.public.verifying_key(kid)
    }
}

/// A 32-byte key for `purpose`, derived from `secret` (HMAC-SHA256), so one
/// secret can key several uses without one revealing another.
pub fn derive_key(secret: &[u8], purpose: &str) -> [u8; 32] {
    use hmac::{Hmac, Mac};
    // HMAC accepts keys of any length.
    let mut mac = <Hmac<sha2::Sha256> as Mac>::new_from_slice(secret)
        .unwrap_or_else(|_| unreachable!("HMAC takes any key length"));
    mac.update(purpose.as_bytes());
    mac.finalize().into_bytes().into()
}

impl PublicKeys {
    /// Parses a JSON Web Key Set of one or two Ed25519 keys.
    pub fn from_jwks(json: &str) -> Result<Self, KeyError> {
        let set: JwksJson = serde_json::from_str(json)?;
        if set.keys.is_empty() || set.keys.len() > MAX_KEYS {
            return Err(KeyError::KeyCount(set.keys.len()));
        }
        let mut keys: Vec<PublicKey> = Vec::with_capacity(set.keys.len());
        for jwk in set.keys {
            if jwk.kid.is_empty() || keys.iter().any(|k| k.kid == jwk.kid) {
                return Err(KeyError::BadKid);
            }
            keys.push(PublicKey::from_jwk(jwk)?);
        }
        Ok(Self { keys })
    }

    /// The set as a JSON Web Key Set (public keys only: safe to show).
    pub fn to_jwks(&self) -> String {
        let set = JwksJson {
            keys: self
                .keys
                .iter()
                .map(|k| JwkJson {
                    kty: "OKP".into(),
                    crv: "Ed25519".into(),
                    kid: k.kid.clone(),
                    x: base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(k.x),
                    alg: Some("EdDSA".into()),
                    usage: Some("sig".into()),
                })
                .collect(),
        };
        // A struct of strings always serializes.
        serde_json::to_string(&set).unwrap_or_default()
    }

    /// The ids of the keys, for logs.
    pub fn kids(&self) -> Vec<&str> {
        self.keys.iter().map(|k| k.kid.as_str()).collect()
    }

    /// The verification key with this id, if the set accepts it.
    pub(crate) fn verifying_key(&self, kid: &str) -> Option<&DecodingKey> {
        self.keys
            .iter()
            .find(|k| k.kid == kid)
            .map(|k| &k.verifying)
    }
}

impl std::fmt::Debug for PublicKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PublicKeys")
            .field("kids", &self.kids())
            .finish()
    }
}

impl PublicKey {
    fn from_jwk(jwk: JwkJson) -> Result<Self, KeyError> {
        let refused = || KeyError::NotPublicEd25519(jwk.kid.clone());
        let algorithm_fits = jwk.alg.as_deref().is_none_or(|alg| alg == "EdDSA")
            && jwk.usage.as_deref().is_none_or(|usage| usage == "sig");
        if jwk.kty != "OKP" || jwk.crv != "Ed25519" || !algorithm_fits {
            return Err(refused());
        }
        let x: [u8; 32] = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(&jwk.x)
            .ok()
            .and_then(|bytes| bytes.try_into().ok())
            .ok_or_else(refused)?;
        // A point that is not on the curve verifies nothing: refuse it now.
        ed25519_dalek::VerifyingKey::from_bytes(&x).map_err(|_| refused())?;
        Ok(Self::new(jwk.kid, x))
    }

    fn new(kid: String, x: [u8; 32]) -> Self {
        Self {
            kid,
            x,
            verifying: DecodingKey::from_ed_der(&x),
        }
    }
}

impl KeyEntry {
    fn from_pem(kid: String, private_pem: String) -> Result<Self, KeyError> {
        let not_ed25519 = || KeyError::NotEd25519(kid.clone());
        let signing =
            EncodingKey::from_ed_pem(private_pem.as_bytes()).map_err(|_| not_ed25519())?;
        let secret = SigningKey::from_pkcs8_der(signing.inner()).map_err(|_| not_ed25519())?;
        Ok(Self {
            kid,
            private_pem,
            signing,
            x: secret.verifying_key().to_bytes(),
        })
    }

    /// The public key of this private key.
    fn public(&self) -> PublicKey {
        PublicKey::new(self.kid.clone(), self.x)
    }

    fn from_seed(kid: String, seed: &[u8; 32]) -> Self {
        let mut der = ED25519_PKCS8_PREFIX.to_vec();
        der.extend_from_slice(seed);
        let body = base64::engine::general_purpose::STANDARD.encode(&der);
        let private_pem =
            format!("-----BEGIN PRIVATE KEY-----\n{body}\n-----END PRIVATE KEY-----\n");
        Self {
            kid,
            private_pem,
            signing: EncodingKey::from_ed_der(&der),
            x: SigningKey::from_bytes(seed).verifying_key().to_bytes(),
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
        assert_eq!(again.public.keys[0].x, keys.public.keys[0].x);
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

    #[test]
    fn the_public_keys_survive_their_jwks_form_and_verify_what_the_set_signs() {
        let keys = TokenKeys::generate();
        let jwks = keys.public_keys().to_jwks();
        assert!(!jwks.contains("PRIVATE") && !jwks.contains(&keys.keys[0].private_pem));
        let public = PublicKeys::from_jwks(&jwks).unwrap();
        assert_eq!(public.kids(), [keys.active_kid()]);
        assert_eq!(public.keys[0].x, keys.public.keys[0].x);
        keys.check_published(&public).unwrap();
        assert!(matches!(
            keys.check_published(TokenKeys::generate().public_keys()),
            Err(KeyError::NotPublished(kid)) if kid == keys.active_kid()
        ));
    }

    #[test]
    fn a_key_published_under_the_right_kid_with_another_value_is_not_published() {
        let keys = TokenKeys::generate();
        let other = TokenKeys::generate();
        let forged = other
            .public_keys()
            .to_jwks()
            .replace(other.active_kid(), keys.active_kid());
        assert!(matches!(
            keys.check_published(&PublicKeys::from_jwks(&forged).unwrap()),
            Err(KeyError::NotPublished(_))
        ));
    }

    #[test]
    fn malformed_public_keys_are_refused() {
        let x = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .encode(TokenKeys::generate().public.keys[0].x);
        let jwk = |kty: &str, crv: &str, kid: &str, x: &str, extra: &str| {
            format!(r#"{{"kty": "{kty}", "crv": "{crv}", "kid": "{kid}", "x": "{x}"{extra}}}"#)
        };
        let set = |keys: &[String]| format!(r#"{{"keys": [{}]}}"#, keys.join(","));
        let good = jwk("OKP", "Ed25519", "a", &x, "");
        assert!(PublicKeys::from_jwks(&set(std::slice::from_ref(&good))).is_ok());
        assert!(
            PublicKeys::from_jwks(&set(&[jwk(
                "OKP",
                "Ed25519",
                "a",
                &x,
                r#", "alg": "EdDSA", "use": "sig""#
            )]))
            .is_ok()
        );
        for (bad, why) in [
            (set(&[]), "no key"),
            (
                set(&[
                    good.clone(),
                    jwk("OKP", "Ed25519", "b", &x, ""),
                    jwk("OKP", "Ed25519", "c", &x, ""),
                ]),
                "three keys",
            ),
            (set(&[good.clone(), good.clone()]), "a kid twice"),
            (set(&[jwk("OKP", "Ed25519", "", &x, "")]), "an empty kid"),
            (set(&[jwk("EC", "P-256", "a", &x, "")]), "another key type"),
            (set(&[jwk("OKP", "X25519", "a", &x, "")]), "another curve"),
            (
                set(&[jwk("OKP", "Ed25519", "a", &x, r#", "alg": "HS256""#)]),
                "another algorithm",
            ),
            (
                set(&[jwk("OKP", "Ed25519", "a", &x, r#", "use": "enc""#)]),
                "encryption use",
            ),
            (
                set(&[jwk("OKP", "Ed25519", "a", &x[..20], "")]),
                "a short x",
            ),
            (
                set(&[jwk("OKP", "Ed25519", "a", &x, r#", "d": "secret""#)]),
                "a private part",
            ),
            (
                r#"{"keys": [], "active_kid": "a"}"#.to_string(),
                "unknown fields",
            ),
        ] {
            assert!(PublicKeys::from_jwks(&bad).is_err(), "{why}: {bad}");
        }
    }

    #[test]
    fn debug_output_names_keys_without_showing_them() {
        let keys = TokenKeys::generate();
        let shown = format!("{keys:?}");
        assert!(shown.contains(keys.active_kid()));
        assert!(!shown.contains("PRIVATE"));
    }
}
