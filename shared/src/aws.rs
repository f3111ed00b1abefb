//! AWS SDK wiring: one `SdkConfig` per cold start over a single TLS stack
//! (rustls with ring), and the clients the adapters share.
//!
//! The workspace disables the SDK's default features so that only one TLS
//! implementation is compiled in; the HTTP client is therefore built here by
//! hand and handed to every client through the shared configuration.

use aws_config::{BehaviorVersion, SdkConfig};
use aws_smithy_http_client::{
    Builder,
    tls::{Provider, rustls_provider::CryptoMode},
};

/// Loads the SDK configuration (region, credentials, retries) from the
/// environment, over rustls + ring, pointed at `endpoint_url` when given
/// (an emulator such as moto; production passes `None`).
pub async fn sdk_config(endpoint_url: Option<&str>) -> SdkConfig {
    let http_client = Builder::new()
        .tls_provider(Provider::Rustls(CryptoMode::Ring))
        .build_https();
    let mut loader = aws_config::defaults(BehaviorVersion::latest()).http_client(http_client);
    if let Some(url) = endpoint_url {
        loader = loader.endpoint_url(url);
    }
    loader.load().await
}

/// A DynamoDB client over the shared configuration.
pub fn dynamodb_client(config: &SdkConfig) -> aws_sdk_dynamodb::Client {
    aws_sdk_dynamodb::Client::new(config)
}

/// An S3 client over the shared configuration; path-style addressing when an
/// endpoint is set, because emulators do not serve bucket subdomains.
pub fn s3_client(config: &SdkConfig) -> aws_sdk_s3::Client {
    let s3_config = aws_sdk_s3::config::Builder::from(config)
        .force_path_style(config.endpoint_url().is_some())
        .build();
    aws_sdk_s3::Client::from_conf(s3_config)
}

/// An SNS client over the shared configuration.
pub fn sns_client(config: &SdkConfig) -> aws_sdk_sns::Client {
    aws_sdk_sns::Client::new(config)
}
