//! The token key set of a Lambda function: from `ECAR_JWT_KEYS` when set,
//! else from the Secrets Manager secret of `JWT_SECRET_ARN`, read once per
//! cold start.

use crate::{
    auth::{TokenKeys, keys::KeyError},
    config::Config,
};

/// The key set the configuration names; `None` when neither is set (the
/// local runner then generates one, Lambda refuses to start).
pub async fn load(
    config: &Config,
    sdk: &aws_config::SdkConfig,
) -> Result<Option<TokenKeys>, KeyError> {
    if let Some(json) = &config.jwt_keys_json {
        return TokenKeys::from_json(json).map(Some);
    }
    let Some(arn) = &config.jwt_secret_arn else {
        return Ok(None);
    };
    let client = aws_sdk_secretsmanager::Client::new(sdk);
    from_secrets_manager(&client, arn).await.map(Some)
}

/// Reads the key set from a Secrets Manager secret.
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

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_configured_set_wins_and_no_configuration_means_none() {
        let keys = TokenKeys::generate();
        let config = Config {
            jwt_keys_json: Some(keys.to_json()),
            ..Config::default()
        };
        // Neither case reaches Secrets Manager: no region or credentials needed.
        let sdk = aws_config::SdkConfig::builder().build();
        let loaded = load(&config, &sdk).await.unwrap().unwrap();
        assert_eq!(loaded.active_kid(), keys.active_kid());
        assert!(load(&Config::default(), &sdk).await.unwrap().is_none());
    }
}
