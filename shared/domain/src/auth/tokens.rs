//! JSON Web Tokens: EdDSA (Ed25519) only, `kid` in the header, every claim required.
//!
//! Times are checked here against the [`crate::Clock`] (not the system clock),
//! with a small leeway; `jsonwebtoken` checks the signature, the algorithm,
//! the presence of the registered claims and the exact issuer and audience.

use jsonwebtoken::{Algorithm, Header, Validation, errors::ErrorKind};
use serde::{Deserialize, Serialize};

use super::{
    keys::{PublicKeys, TokenKeys},
    role::Role,
};

/// Largest clock skew ever tolerated between issuer and verifier.
pub const MAX_LEEWAY_SECONDS: i64 = 30;

/// Which of the two kinds of token a token is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TokenType {
    /// Short-lived, sent with every request.
    Access,
    /// Long-lived, only exchanged for a new pair at the refresh route.
    Refresh,
}

/// The claims of both kinds of token.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claims {
    /// The user id.
    pub sub: String,
    /// The user's role when the token was issued (the session item has the current one).
    pub role: Role,
    /// The user's display name.
    pub name: String,
    /// The customer profile id, for customers.
    pub customer_id: Option<String>,
    /// The session (login) this token descends from.
    pub sid: String,
    /// This token's unique id.
    pub jti: String,
    /// Issued at, epoch seconds.
    pub iat: i64,
    /// Expires at, epoch seconds.
    pub exp: i64,
    /// Not valid before, epoch seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nbf: Option<i64>,
    /// Issuer.
    pub iss: String,
    /// Audience.
    pub aud: String,
    /// Access or refresh.
    pub typ: TokenType,
}

/// What a token must say to be accepted, besides its signature.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenRules {
    /// The exact `iss`.
    pub issuer: String,
    /// The exact `aud`.
    pub audience: String,
    /// Clock skew tolerated on `exp`, `nbf` and `iat`, at most [`MAX_LEEWAY_SECONDS`].
    pub leeway_seconds: i64,
    /// Longest lifetime (`exp - iat`) of an access token: what this
    /// deployment issues. A longer one was not made here, whatever signed it.
    pub max_access_seconds: i64,
    /// Longest lifetime of a refresh token.
    pub max_refresh_seconds: i64,
}

/// Why a token was refused (every case is a 401; the detail is for the log).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TokenError {
    /// Not three base64url parts, a header that does not parse, or claims that
    /// do not have the expected shape.
    #[error("malformed token")]
    Malformed,
    /// Another algorithm than EdDSA (including `none`).
    #[error("algorithm not accepted")]
    Algorithm,
    /// No `kid`, or one the key set does not hold.
    #[error("unknown key id")]
    UnknownKey,
    /// The signature does not match.
    #[error("bad signature")]
    Signature,
    /// A required claim is missing, or the issuer or audience is wrong.
    #[error("claims refused: {0}")]
    Claims(String),
    /// Valid for longer than this deployment issues tokens for.
    #[error("token lifetime too long")]
    Lifetime,
    /// Past its `exp`.
    #[error("token expired")]
    Expired,
    /// Before its `nbf`, or issued in the future.
    #[error("token not yet valid")]
    NotYetValid,
    /// An access token where a refresh token was expected, or the reverse.
    #[error("wrong token type")]
    WrongType,
    /// Signing failed (a broken key set; never caused by a request).
    #[error("signing failed: {0}")]
    Signing(String),
}

impl TokenKeys {
    /// Signs claims with the active key.
    pub fn sign(&self, claims: &Claims) -> Result<String, TokenError> {
        let mut header = Header::new(Algorithm::EdDSA);
        header.kid = Some(self.active_kid().to_string());
        jsonwebtoken::encode(&header, claims, self.signing_key())
            .map_err(|e| TokenError::Signing(e.to_string()))
    }

    /// Verifies a token of the expected type at `now` (epoch seconds).
    pub fn verify(
        &self,
        token: &str,
        expected: TokenType,
        rules: &TokenRules,
        now: i64,
    ) -> Result<Claims, TokenError> {
        self.public_keys().verify(token, expected, rules, now)
    }
}

/// What a function holds of the token keys: the whole set where tokens are
/// signed (the auth function, the local runner), only the public keys in
/// the functions that verify them.
#[derive(Debug)]
pub enum KeyRing {
    /// The private keys: signs and verifies.
    Signing(TokenKeys),
    /// The public keys: verifies only.
    Verifying(PublicKeys),
}

impl From<TokenKeys> for KeyRing {
    fn from(keys: TokenKeys) -> Self {
        KeyRing::Signing(keys)
    }
}

impl KeyRing {
    /// The keys that sign, or a signing error in a function that only verifies.
    pub fn signing(&self) -> Result<&TokenKeys, TokenError> {
        match self {
            KeyRing::Signing(keys) => Ok(keys),
            KeyRing::Verifying(_) => Err(TokenError::Signing(
                "this function holds only the public keys".into(),
            )),
        }
    }

    /// The public keys.
    pub fn public_keys(&self) -> &PublicKeys {
        match self {
            KeyRing::Signing(keys) => keys.public_keys(),
            KeyRing::Verifying(keys) => keys,
        }
    }

    /// Verifies a token of the expected type at `now` (epoch seconds).
    pub fn verify(
        &self,
        token: &str,
        expected: TokenType,
        rules: &TokenRules,
        now: i64,
    ) -> Result<Claims, TokenError> {
        self.public_keys().verify(token, expected, rules, now)
    }
}

impl PublicKeys {
    /// Verifies a token of the expected type at `now` (epoch seconds).
    pub fn verify(
        &self,
        token: &str,
        expected: TokenType,
        rules: &TokenRules,
        now: i64,
    ) -> Result<Claims, TokenError> {
        let header = jsonwebtoken::decode_header(token).map_err(|e| match e.kind() {
            // `alg: none` and unknown algorithms fail to parse as a header.
            ErrorKind::Json(_) => TokenError::Algorithm,
            _ => TokenError::Malformed,
        })?;
        if header.alg != Algorithm::EdDSA {
            return Err(TokenError::Algorithm);
        }
        let key = header
            .kid
            .as_deref()
            .and_then(|kid| self.verifying_key(kid))
            .ok_or(TokenError::UnknownKey)?;

        let mut validation = Validation::new(Algorithm::EdDSA);
        validation.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
        validation.set_issuer(&[&rules.issuer]);
        validation.set_audience(&[&rules.audience]);
        // Times are checked below against the injected clock.
        validation.validate_exp = false;
        validation.validate_nbf = false;
        let claims = jsonwebtoken::decode::<Claims>(token, key, &validation)
            .map_err(|e| match e.kind() {
                ErrorKind::InvalidSignature => TokenError::Signature,
                ErrorKind::InvalidAlgorithm | ErrorKind::InvalidAlgorithmName => {
                    TokenError::Algorithm
                }
                ErrorKind::MissingRequiredClaim(claim) => {
                    TokenError::Claims(format!("missing {claim}"))
                }
                ErrorKind::InvalidIssuer => TokenError::Claims("wrong issuer".into()),
                ErrorKind::InvalidAudience => TokenError::Claims("wrong audience".into()),
                _ => TokenError::Malformed,
            })?
            .claims;

        let leeway = rules.leeway_seconds.clamp(0, MAX_LEEWAY_SECONDS);
        if now > claims.exp.saturating_add(leeway) {
            return Err(TokenError::Expired);
        }
        let not_before = claims.nbf.unwrap_or(claims.iat).max(claims.iat);
        if now.saturating_add(leeway) < not_before {
            return Err(TokenError::NotYetValid);
        }
        if claims.typ != expected {
            return Err(TokenError::WrongType);
        }
        let max_lifetime = match claims.typ {
            TokenType::Access => rules.max_access_seconds,
            TokenType::Refresh => rules.max_refresh_seconds,
        };
        if claims.exp.saturating_sub(claims.iat) > max_lifetime.saturating_add(leeway) {
            return Err(TokenError::Lifetime);
        }
        Ok(claims)
    }
}

#[cfg(test)]
mod tests {
    use base64::Engine;
    use jsonwebtoken::{EncodingKey, encode};

    use super::*;

    const NOW: i64 = 1_772_360_000;

    fn rules() -> TokenRules {
        TokenRules {
            issuer: "ecar".into(),
            audience: "ecar-api".into(),
            leeway_seconds: 30,
            max_access_seconds: 600,
            max_refresh_seconds: 7 * 24 * 3600,
        }
    }

    #[test]
    fn a_lifetime_beyond_what_is_issued_is_refused() {
        let keys = TokenKeys::generate();
        let mut long = claims(TokenType::Access);
        long.exp = long.iat + 10 * 365 * 24 * 3600;
        let token = keys.sign(&long).unwrap();
        assert_eq!(
            keys.verify(&token, TokenType::Access, &rules(), NOW),
            Err(TokenError::Lifetime)
        );
        // A refresh token may live longer than an access token, not forever.
        let mut refresh = claims(TokenType::Refresh);
        refresh.exp = refresh.iat + 7 * 24 * 3600;
        let token = keys.sign(&refresh).unwrap();
        assert!(
            keys.verify(&token, TokenType::Refresh, &rules(), NOW)
                .is_ok()
        );
        refresh.exp += 3600;
        let token = keys.sign(&refresh).unwrap();
        assert_eq!(
            keys.verify(&token, TokenType::Refresh, &rules(), NOW),
            Err(TokenError::Lifetime)
        );
    }

    fn claims(typ: TokenType) -> Claims {
        Claims {
            sub: "01USER".into(),
            role: Role::Staff,
            name: "Amira Trabelsi".into(),
            customer_id: None,
            sid: "01SESSION".into(),
            jti: "01JTI".into(),
            iat: NOW,
            exp: NOW + 600,
            nbf: None,
            iss: "ecar".into(),
            aud: "ecar-api".into(),
            typ,
        }
    }

    fn b64(bytes: &[u8]) -> String {
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
    }

    /// Replaces the payload of a signed token, keeping its header and signature.
    fn with_payload(token: &str, payload: &serde_json::Value) -> String {
        let parts: Vec<&str> = token.split('.').collect();
        format!(
            "{}.{}.{}",
            parts[0],
            b64(payload.to_string().as_bytes()),
            parts[2]
        )
    }

    #[test]
    fn a_signed_token_verifies_and_names_its_key() {
        let keys = TokenKeys::generate();
        let token = keys.sign(&claims(TokenType::Access)).unwrap();
        let header = jsonwebtoken::decode_header(&token).unwrap();
        assert_eq!(header.alg, Algorithm::EdDSA);
        assert_eq!(header.kid.as_deref(), Some(keys.active_kid()));
        let verified = keys
            .verify(&token, TokenType::Access, &rules(), NOW)
            .unwrap();
        assert_eq!(verified, claims(TokenType::Access));
    }

    #[test]
    fn alg_none_is_refused() {
        let keys = TokenKeys::generate();
        let header = serde_json::json!({"alg": "none", "typ": "JWT", "kid": keys.active_kid()});
        let payload = serde_json::to_value(claims(TokenType::Access)).unwrap();
        let token = format!(
            "{}.{}.",
            b64(header.to_string().as_bytes()),
            b64(payload.to_string().as_bytes())
        );
        assert_eq!(
            keys.verify(&token, TokenType::Access, &rules(), NOW),
            Err(TokenError::Algorithm)
        );
    }

    #[test]
    fn another_algorithm_is_refused_even_with_a_valid_signature() {
        let keys = TokenKeys::generate();
        let mut header = Header::new(Algorithm::HS256);
        header.kid = Some(keys.active_kid().to_string());
        let token = encode(
            &header,
            &claims(TokenType::Access),
            &EncodingKey::from_secret(b"a shared secret"),
        )
        .unwrap();
        assert_eq!(
            keys.verify(&token, TokenType::Access, &rules(), NOW),
            Err(TokenError::Algorithm)
        );
    }

    #[test]
    fn key_confusion_with_the_public_key_as_hmac_secret_is_refused() {
        let keys = TokenKeys::generate();
        let public = keys
            .verifying_key(keys.active_kid())
            .unwrap()
            .as_bytes()
            .to_vec();
        let mut header = Header::new(Algorithm::HS256);
        header.kid = Some(keys.active_kid().to_string());
        let token = encode(
            &header,
            &claims(TokenType::Access),
            &EncodingKey::from_secret(&public),
        )
        .unwrap();
        assert_eq!(
            keys.verify(&token, TokenType::Access, &rules(), NOW),
            Err(TokenError::Algorithm)
        );
    }

    #[test]
    fn a_tampered_payload_is_refused() {
        let keys = TokenKeys::generate();
        let token = keys.sign(&claims(TokenType::Access)).unwrap();
        let mut forged = serde_json::to_value(claims(TokenType::Access)).unwrap();
        forged["role"] = "admin".into();
        assert_eq!(
            keys.verify(
                &with_payload(&token, &forged),
                TokenType::Access,
                &rules(),
                NOW
            ),
            Err(TokenError::Signature)
        );
    }

    #[test]
    fn a_token_of_another_key_set_or_unknown_kid_is_refused() {
        let keys = TokenKeys::generate();
        let other = TokenKeys::generate();
        let token = other.sign(&claims(TokenType::Access)).unwrap();
        assert_eq!(
            keys.verify(&token, TokenType::Access, &rules(), NOW),
            Err(TokenError::UnknownKey)
        );
        // The other set's key under our kid: the signature gives it away.
        let json = other
            .to_json()
            .replace(other.active_kid(), keys.active_kid());
        let impostor = TokenKeys::from_json(&json).unwrap();
        let token = impostor.sign(&claims(TokenType::Access)).unwrap();
        assert_eq!(
            keys.verify(&token, TokenType::Access, &rules(), NOW),
            Err(TokenError::Signature)
        );
    }

    #[test]
    fn a_token_without_kid_is_refused() {
        let keys = TokenKeys::generate();
        let token = keys.sign(&claims(TokenType::Access)).unwrap();
        let header = serde_json::json!({"alg": "EdDSA", "typ": "JWT"});
        let parts: Vec<&str> = token.split('.').collect();
        let token = format!(
            "{}.{}.{}",
            b64(header.to_string().as_bytes()),
            parts[1],
            parts[2]
        );
        assert_eq!(
            keys.verify(&token, TokenType::Access, &rules(), NOW),
            Err(TokenError::UnknownKey)
        );
    }

    #[test]
    fn expiry_and_not_before_hold_within_the_leeway_only() {
        let keys = TokenKeys::generate();
        let token = keys.sign(&claims(TokenType::Access)).unwrap();
        let exp = NOW + 600;
        assert!(
            keys.verify(&token, TokenType::Access, &rules(), exp + 30)
                .is_ok()
        );
        assert_eq!(
            keys.verify(&token, TokenType::Access, &rules(), exp + 31),
            Err(TokenError::Expired)
        );
        // Issued in the future, beyond the leeway.
        assert_eq!(
            keys.verify(&token, TokenType::Access, &rules(), NOW - 31),
            Err(TokenError::NotYetValid)
        );
        let mut later = claims(TokenType::Access);
        later.nbf = Some(NOW + 120);
        let token = keys.sign(&later).unwrap();
        assert_eq!(
            keys.verify(&token, TokenType::Access, &rules(), NOW),
            Err(TokenError::NotYetValid)
        );
        assert!(
            keys.verify(&token, TokenType::Access, &rules(), NOW + 120)
                .is_ok()
        );
    }

    #[test]
    fn a_leeway_above_the_maximum_is_capped() {
        let keys = TokenKeys::generate();
        let token = keys.sign(&claims(TokenType::Access)).unwrap();
        let generous = TokenRules {
            leeway_seconds: 3600,
            ..rules()
        };
        assert_eq!(
            keys.verify(&token, TokenType::Access, &generous, NOW + 600 + 31),
            Err(TokenError::Expired)
        );
    }

    #[test]
    fn wrong_issuer_or_audience_is_refused() {
        let keys = TokenKeys::generate();
        let mut other = claims(TokenType::Access);
        other.iss = "someone-else".into();
        let token = keys.sign(&other).unwrap();
        assert!(matches!(
            keys.verify(&token, TokenType::Access, &rules(), NOW),
            Err(TokenError::Claims(_))
        ));
        let mut other = claims(TokenType::Access);
        other.aud = "ecar-api-staging".into();
        let token = keys.sign(&other).unwrap();
        assert!(matches!(
            keys.verify(&token, TokenType::Access, &rules(), NOW),
            Err(TokenError::Claims(_))
        ));
    }

    #[test]
    fn a_refresh_token_is_no_access_token_and_the_reverse() {
        let keys = TokenKeys::generate();
        let refresh = keys.sign(&claims(TokenType::Refresh)).unwrap();
        let access = keys.sign(&claims(TokenType::Access)).unwrap();
        assert_eq!(
            keys.verify(&refresh, TokenType::Access, &rules(), NOW),
            Err(TokenError::WrongType)
        );
        assert_eq!(
            keys.verify(&access, TokenType::Refresh, &rules(), NOW),
            Err(TokenError::WrongType)
        );
    }

    #[test]
    fn every_claim_is_required() {
        let keys = TokenKeys::generate();
        let full = serde_json::to_value(claims(TokenType::Access)).unwrap();
        for claim in [
            "sub", "role", "name", "sid", "jti", "iat", "exp", "iss", "aud", "typ",
        ] {
            let mut partial = full.clone();
            partial.as_object_mut().unwrap().remove(claim);
            // Signed with the right key: only the missing claim can fail it.
            let token = jsonwebtoken::encode(
                &{
                    let mut h = Header::new(Algorithm::EdDSA);
                    h.kid = Some(keys.active_kid().to_string());
                    h
                },
                &partial,
                keys.signing_key(),
            )
            .unwrap();
            assert!(
                keys.verify(&token, TokenType::Access, &rules(), NOW)
                    .is_err(),
                "a token without {claim} was accepted"
            );
        }
    }

    /// An old key, a new one, and the set of both that signs with the new one.
    fn rotating_set() -> (TokenKeys, TokenKeys, TokenKeys) {
        let old = TokenKeys::generate();
        let new = TokenKeys::generate();
        let old_json: serde_json::Value = serde_json::from_str(&old.to_json()).unwrap();
        let new_json: serde_json::Value = serde_json::from_str(&new.to_json()).unwrap();
        let rotating = serde_json::json!({
            "active_kid": new.active_kid(),
            "keys": [old_json["keys"][0], new_json["keys"][0]],
        });
        let rotating = TokenKeys::from_json(&rotating.to_string()).unwrap();
        (old, new, rotating)
    }

    /// A rotation as the functions that only verify see it: the public keys
    /// of both keys accept tokens of either; the old public key alone
    /// refuses the new key's tokens; and a function holding public keys can
    /// never sign.
    #[test]
    fn the_public_keys_of_a_rotating_set_verify_what_either_key_signed() {
        let (old, new, rotating) = rotating_set();
        let published =
            KeyRing::Verifying(PublicKeys::from_jwks(&rotating.public_keys().to_jwks()).unwrap());
        for signer in [&old, &new, &rotating] {
            let token = signer.sign(&claims(TokenType::Access)).unwrap();
            assert!(
                published
                    .verify(&token, TokenType::Access, &rules(), NOW)
                    .is_ok()
            );
        }
        let only_old = KeyRing::Verifying(old.public_keys().clone());
        let from_new = new.sign(&claims(TokenType::Access)).unwrap();
        assert_eq!(
            only_old.verify(&from_new, TokenType::Access, &rules(), NOW),
            Err(TokenError::UnknownKey)
        );
        assert!(matches!(published.signing(), Err(TokenError::Signing(_))));
    }

    #[test]
    fn both_keys_of_a_rotating_set_verify_and_the_active_one_signs() {
        let (old, new, rotating) = rotating_set();
        let from_old = old.sign(&claims(TokenType::Access)).unwrap();
        assert!(
            rotating
                .verify(&from_old, TokenType::Access, &rules(), NOW)
                .is_ok()
        );
        let signed = rotating.sign(&claims(TokenType::Access)).unwrap();
        assert!(
            new.verify(&signed, TokenType::Access, &rules(), NOW)
                .is_ok()
        );
        assert_eq!(
            old.verify(&signed, TokenType::Access, &rules(), NOW),
            Err(TokenError::UnknownKey)
        );
    }

    #[test]
    fn garbage_is_malformed() {
        let keys = TokenKeys::generate();
        for token in ["", "abc", "a.b", "a.b.c", "....."] {
            assert!(
                keys.verify(token, TokenType::Access, &rules(), NOW)
                    .is_err()
            );
        }
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        fn text() -> impl Strategy<Value = String> {
            "\\PC{0,40}"
        }

        fn any_claims() -> impl Strategy<Value = Claims> {
            (
                (text(), text(), proptest::option::of(text()), text(), text()),
                (0i64..4_000_000_000, 1i64..600, any::<bool>()),
                proptest::sample::select(Role::ALL.to_vec()),
            )
                .prop_map(
                    |((sub, name, customer_id, sid, jti), (iat, ttl, access), role)| Claims {
                        sub,
                        role,
                        name,
                        customer_id,
                        sid,
                        jti,
                        iat,
                        exp: iat + ttl,
                        nbf: None,
                        iss: "ecar".into(),
                        aud: "ecar-api".into(),
                        typ: if access {
                            TokenType::Access
                        } else {
                            TokenType::Refresh
                        },
                    },
                )
        }

        fn keys() -> &'static TokenKeys {
            static KEYS: std::sync::OnceLock<TokenKeys> = std::sync::OnceLock::new();
            KEYS.get_or_init(TokenKeys::generate)
        }

        proptest! {
            #[test]
            fn signed_claims_verify_back_unchanged(claims in any_claims()) {
                let token = keys().sign(&claims).unwrap();
                let verified = keys().verify(&token, claims.typ, &rules(), claims.iat).unwrap();
                prop_assert_eq!(verified, claims);
            }

            #[test]
            fn arbitrary_text_never_verifies(token in "\\PC{0,400}|[A-Za-z0-9_-]{0,80}\\.[A-Za-z0-9_-]{0,200}\\.[A-Za-z0-9_-]{0,90}") {
                prop_assert!(keys().verify(&token, TokenType::Access, &rules(), NOW).is_err());
            }

            #[test]
            fn any_changed_character_is_refused(
                claims in any_claims(),
                position in any::<prop::sample::Index>(),
                replacement in "[A-Za-z0-9_.=+/-]",
            ) {
                let token = keys().sign(&claims).unwrap();
                let at = position.index(token.len());
                prop_assume!(token[at..=at] != replacement);
                let mutated = format!("{}{}{}", &token[..at], replacement, &token[at + 1..]);
                prop_assert!(keys().verify(&mutated, claims.typ, &rules(), claims.iat).is_err());
            }

            #[test]
            fn a_cut_or_extended_token_is_refused(claims in any_claims(), cut in 1usize..40, tail in "[A-Za-z0-9_.-]{1,8}") {
                let token = keys().sign(&claims).unwrap();
                let short = &token[..token.len() - cut];
                prop_assert!(keys().verify(short, claims.typ, &rules(), claims.iat).is_err());
                let long = format!("{token}{tail}");
                prop_assert!(keys().verify(&long, claims.typ, &rules(), claims.iat).is_err());
            }
        }
    }
}
