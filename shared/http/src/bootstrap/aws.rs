//! The state on DynamoDB, S3 and SNS: one SDK configuration per cold start,
//! S3 and SNS clients made when a route first needs them, and only in the
//! functions built with their features (`aws-s3`, `aws-sns`); the others
//! get a port that refuses every call ([`ecar_store::NotBuilt`]) and link no
//! client.

use std::sync::Arc;

use aws_config::SdkConfig;
use ecar_store::{aws, table::DynamoTable};

use super::{Ports, StartupError};
use crate::{
    AppState, Clock,
    auth::{Passwords, SessionCache},
    blobs::Blobs,
    config::Config,
    notify::Notifier,
};

impl AppState {
    /// The state on DynamoDB, S3 and SNS.
    pub async fn aws(config: Config, clock: Clock) -> Result<Self, StartupError> {
        // One SDK configuration for every client; S3 and SNS clients are
        // made when a route first needs them.
        let sdk = aws::sdk_config(config.aws_endpoint_url.as_deref()).await;
        let keys = super::keys::load(&config, &sdk)
            .await?
            .ok_or(StartupError::NoKeys)?;
        let table = dynamo_table(&config, &sdk, &clock);
        let blobs = blobs(&config, &sdk);
        let notifier = notifier(&config, &sdk)?;
        let cursors = super::keys::cursor_codec(&config, &keys)?;
        Ok(Self::assemble(
            config,
            clock,
            Arc::new(table),
            blobs,
            notifier,
            keys,
            cursors,
        ))
    }
}

/// The ports of a stream or schedule function on DynamoDB (and S3 and SNS,
/// as built).
pub(super) async fn ports(config: Config, clock: Clock) -> Result<Ports, StartupError> {
    let sdk = aws::sdk_config(config.aws_endpoint_url.as_deref()).await;
    let session_cache = SessionCache::new(config.auth_cache_ttl);
    Ok(Ports {
        table: Arc::new(dynamo_table(&config, &sdk, &clock)),
        blobs: blobs(&config, &sdk),
        notifier: notifier(&config, &sdk)?,
        clock,
        config: Arc::new(config),
        passwords: Passwords::new(),
        session_cache,
    })
}

/// The table port on DynamoDB.
fn dynamo_table(config: &Config, sdk: &SdkConfig, clock: &Clock) -> DynamoTable {
    DynamoTable::new(aws::dynamodb_client(sdk), &config.table_name, clock.clone())
}

/// The blob port on S3 (the PDF bucket).
#[cfg(feature = "aws-s3")]
fn blobs(config: &Config, sdk: &SdkConfig) -> Arc<dyn Blobs> {
    Arc::new(ecar_store::blobs::S3Blobs::on_first_use(
        sdk,
        &config.bucket_name,
    ))
}

/// No blob port: this function's routes store no file.
#[cfg(not(feature = "aws-s3"))]
fn blobs(_: &Config, _: &SdkConfig) -> Arc<dyn Blobs> {
    Arc::new(ecar_store::NotBuilt::new("aws-s3"))
}

/// The notifier port on SNS, with the configured platform applications.
#[cfg(feature = "aws-sns")]
fn notifier(config: &Config, sdk: &SdkConfig) -> Result<Arc<dyn Notifier>, StartupError> {
    use crate::notify::Platform;
    let topic_arn = config
        .topic_arn
        .clone()
        .ok_or(StartupError::Missing("TOPIC_ARN"))?;
    let mut notifier = ecar_store::notify::SnsNotifier::on_first_use(sdk, topic_arn);
    if let Some(arn) = &config.fcm_platform_app_arn {
        notifier = notifier.with_platform_application(Platform::Fcm, arn);
    }
    if let Some(arn) = &config.apns_platform_app_arn {
        notifier = notifier.with_platform_application(Platform::Apns, arn);
    }
    Ok(Arc::new(notifier))
}

/// No notifier port: this function's routes push, publish and text
/// nothing (so it needs no `TOPIC_ARN` either).
#[cfg(not(feature = "aws-sns"))]
fn notifier(_: &Config, _: &SdkConfig) -> Result<Arc<dyn Notifier>, StartupError> {
    Ok(Arc::new(ecar_store::NotBuilt::new("aws-sns")))
}
