//! The token key set read from Secrets Manager (moto), as Lambda reads it.

use ecar_http::{
    Config,
    auth::{TokenKeys, TokenType, sessions::token_rules},
    bootstrap::keys::load as load_keys,
    testing::moto,
};
use ecar_store::aws::sdk_config;

#[tokio::test]
async fn keys_come_from_the_secret_named_by_the_configuration() {
    let endpoint = moto::endpoint();
    let sdk = sdk_config(Some(&endpoint)).await;
    let client = aws_sdk_secretsmanager::Client::new(&sdk);
    let keys = TokenKeys::generate();
    let secret = client
        .create_secret()
        .name(format!("ecar-jwt-{}", ulid::Ulid::new()))
        .secret_string(keys.to_json())
        .send()
        .await
        .unwrap();
    let config = Config {
        jwt_secret_arn: secret.arn().map(str::to_string),
        aws_endpoint_url: Some(endpoint),
        ..Config::default()
    };
    let loaded = load_keys(&config, &sdk).await.unwrap().unwrap();
    assert_eq!(loaded.signing().unwrap().active_kid(), keys.active_kid());

    // The loaded set verifies what the original signs: the same key.
    let now = chrono::Utc::now().timestamp();
    let claims = ecar_http::auth::Claims {
        sub: "u".into(),
        role: ecar_http::auth::Role::Staff,
        name: "n".into(),
        customer_id: None,
        sid: "s".into(),
        jti: "j".into(),
        iat: now,
        exp: now + 60,
        nbf: None,
        iss: config.jwt_issuer.clone(),
        aud: config.jwt_audience.clone(),
        typ: TokenType::Access,
    };
    let token = keys.sign(&claims).unwrap();
    assert!(
        loaded
            .verify(&token, TokenType::Access, &token_rules(&config), now)
            .is_ok()
    );

    let missing = Config {
        jwt_secret_arn: Some("arn:aws:secretsmanager:us-east-1:123456789012:secret:nope".into()),
        aws_endpoint_url: config.aws_endpoint_url.clone(),
        ..Config::default()
    };
    assert!(load_keys(&missing, &sdk).await.is_err());
}
