//! The token keys of a Lambda function. The auth function, which signs
//! tokens, reads the private key set: `ECAR_JWT_KEYS` when set, else the
//! Secrets Manager secret of `JWT_SECRET_ARN`, once per cold start. Every
//! other function only verifies tokens and is given the public keys in
//! `JWT_PUBLIC_KEYS`: no secret, and no network call before its first request.

use super::StartupError;
use crate::{
    auth::{
        KeyRing, PublicKeys, TokenKeys,
        keys::{KeyError, derive_key},
    },
    config::Config,
    http::CursorCodec,
};

/// Shortest cursor secret accepted.
pub const MIN_CURSOR_SECRET: usize = 32;

/// The keys the configuration names; `None` when it names none (the local
/// runner then generates a set, Lambda refuses to start). Where both the
/// private set and the public keys are given, the key that signs must be
/// among the public ones, or the other functions would refuse its tokens.
pub async fn load(
    config: &Config,
    sdk: &aws_config::SdkConfig,
) -> Result<Option<KeyRing>, KeyError> {
    let public = config
        .jwt_public_keys
        .as_deref()
        .map(PublicKeys::from_jwks)
        .transpose()?;
    let private = if let Some(json) = &config.jwt_keys_json {
        Some(TokenKeys::from_json(json.expose())?)
    } else if let Some(arn) = &config.jwt_secret_arn {
        Some(read_secret(sdk, arn).await?)
    } else {
        None
    };
    Ok(match (private, public) {
        (Some(keys), Some(public)) => {
            keys.check_published(&public)?;
            Some(KeyRing::Signing(keys))
        }
        (Some(keys), None) => Some(KeyRing::Signing(keys)),
        (None, Some(public)) => Some(KeyRing::Verifying(public)),
        (None, None) => None,
    })
}

/// The key set of the secret `arn`.
#[cfg(feature = "aws-secrets")]
async fn read_secret(sdk: &aws_config::SdkConfig, arn: &str) -> Result<TokenKeys, KeyError> {
    let client = aws_sdk_secretsmanager::Client::new(sdk);
    from_secrets_manager(&client, arn).await
}

/// A function built without Secrets Manager was given the secret: it only
/// verifies tokens, from the public keys.
#[cfg(not(feature = "aws-secrets"))]
async fn read_secret(_: &aws_config::SdkConfig, _: &str) -> Result<TokenKeys, KeyError> {
    Err(KeyError::Secret(
        "this function is built without `aws-secrets`: give it JWT_PUBLIC_KEYS, not JWT_SECRET_ARN"
            .into(),
    ))
}

/// Reads the key set from a Secrets Manager secret.
#[cfg(feature = "aws-secrets")]
pub async fn from_secrets_manager(
    client: &aws_sdk_secretsmanager::Client,
    secret_arn: &str,
) -> Result<TokenKeys, KeyError> {
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
    TokenKeys::from_json(json)
}

/// The cursor codec: keyed by `ECAR_CURSOR_SECRET` when set (what the
/// template gives every function), else by a key derived from the signing
/// key set; a function that only verifies tokens needs the secret.
pub fn cursor_codec(config: &Config, keys: &KeyRing) -> Result<CursorCodec, StartupError> {
    const PURPOSE: &str = "ecar-cursor-v1";
    if let Some(secret) = &config.cursor_secret {
        let secret = secret.expose().trim();
        if secret.chars().count() < MIN_CURSOR_SECRET {
            return Err(StartupError::ShortCursorSecret(MIN_CURSOR_SECRET));
        }
        return Ok(CursorCodec::new(derive_key(secret.as_bytes(), PURPOSE)));
    }
    match keys {
        KeyRing::Signing(keys) => Ok(CursorCodec::new(keys.derive_secret(PURPOSE))),
        KeyRing::Verifying(_) => Err(StartupError::Missing("ECAR_CURSOR_SECRET")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Secret;

    /// Neither case reaches Secrets Manager: no region or credentials needed.
    fn no_aws() -> aws_config::SdkConfig {
        aws_config::SdkConfig::builder().build()
    }

    #[tokio::test]
    async fn the_configured_set_wins_and_no_configuration_means_none() {
        let keys = TokenKeys::generate();
        let config = Config {
            jwt_keys_json: Some(Secret::new(keys.to_json())),
            ..Config::default()
        };
        let loaded = load(&config, &no_aws()).await.unwrap().unwrap();
        assert_eq!(loaded.signing().unwrap().active_kid(), keys.active_kid());
        assert!(load(&Config::default(), &no_aws()).await.unwrap().is_none());
    }

    #[tokio::test]
    async fn public_keys_alone_verify_but_cannot_sign() {
        let keys = TokenKeys::generate();
        let config = Config {
            jwt_public_keys: Some(keys.public_keys().to_jwks()),
            ..Config::default()
        };
        let loaded = load(&config, &no_aws()).await.unwrap().unwrap();
        assert!(matches!(loaded, KeyRing::Verifying(_)));
        assert!(loaded.signing().is_err());
        // Without the cursor secret such a function cannot page.
        assert!(matches!(
            cursor_codec(&config, &loaded),
            Err(StartupError::Missing("ECAR_CURSOR_SECRET"))
        ));
    }

    #[tokio::test]
    async fn a_signing_key_missing_from_the_public_keys_refuses_to_start() {
        let keys = TokenKeys::generate();
        let other = TokenKeys::generate();
        let config = Config {
            jwt_keys_json: Some(Secret::new(keys.to_json())),
            jwt_public_keys: Some(other.public_keys().to_jwks()),
            ..Config::default()
        };
        assert!(matches!(
            load(&config, &no_aws()).await,
            Err(KeyError::NotPublished(kid)) if kid == keys.active_kid()
        ));
    }

    #[test]
    fn every_function_keys_cursors_alike_with_the_cursor_secret() {
        let secret = "c".repeat(MIN_CURSOR_SECRET);
        let config = Config {
            cursor_secret: Some(Secret::new(secret)),
            ..Config::default()
        };
        let keys = TokenKeys::generate();
        let signing = KeyRing::Signing(TokenKeys::from_json(&keys.to_json()).unwrap());
        let verifying = KeyRing::Verifying(keys.public_keys().clone());
        let item = ecar_domain::store::Item::from([(
            "pk".to_string(),
            ecar_domain::store::Value::s("CUSTOMER#1"),
        )]);
        let cursor = cursor_codec(&config, &signing)
            .unwrap()
            .encode(&item, "customers")
            .unwrap();
        assert_eq!(
            cursor_codec(&config, &verifying)
                .unwrap()
                .decode(&cursor, "customers")
                .unwrap(),
            item
        );
        let short = Config {
            cursor_secret: Some(Secret::new("too short")),
            ..Config::default()
        };
        assert!(matches!(
            cursor_codec(&short, &verifying),
            Err(StartupError::ShortCursorSecret(_))
        ));
    }
}
