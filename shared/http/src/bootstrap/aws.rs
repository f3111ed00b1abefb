//! The state on DynamoDB, S3 and SNS: one SDK configuration per cold start,
//! S3 and SNS clients made when a route first needs them.

use std::sync::Arc;

use ecar_store::{aws, blobs::S3Blobs, notify::SnsNotifier, table::DynamoTable};

use super::{Ports, StartupError};
use crate::{
    AppState, Clock,
    auth::{Passwords, SessionCache},
    config::Config,
    notify::Platform,
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
        let blobs = S3Blobs::on_first_use(&sdk, &config.bucket_name);
        let notifier = sns_notifier(&config, &sdk)?;
        let cursors = super::keys::cursor_codec(&config, &keys)?;
        Ok(Self::assemble(
            config,
            clock,
            Arc::new(table),
            Arc::new(blobs),
            Arc::new(notifier),
            keys,
            cursors,
        ))
    }
}

/// The ports of a stream or schedule function on DynamoDB and SNS.
pub(super) async fn ports(config: Config, clock: Clock) -> Result<Ports, StartupError> {
    let sdk = aws::sdk_config(config.aws_endpoint_url.as_deref()).await;
    let session_cache = SessionCache::new(config.auth_cache_ttl);
    Ok(Ports {
        table: Arc::new(dynamo_table(&config, &sdk, &clock)),
        blobs: Arc::new(S3Blobs::on_first_use(&sdk, &config.bucket_name)),
        notifier: Arc::new(sns_notifier(&config, &sdk)?),
        clock,
        config: Arc::new(config),
        passwords: Passwords::new(),
        session_cache,
    })
}

/// The table port on DynamoDB.
fn dynamo_table(config: &Config, sdk: &aws_config::SdkConfig, clock: &Clock) -> DynamoTable {
    DynamoTable::new(aws::dynamodb_client(sdk), &config.table_name, clock.clone())
}

/// The notifier port on SNS, with the configured platform applications.
fn sns_notifier(config: &Config, sdk: &aws_config::SdkConfig) -> Result<SnsNotifier, StartupError> {
    let topic_arn = config
        .topic_arn
        .clone()
        .ok_or(StartupError::Missing("TOPIC_ARN"))?;
    let mut notifier = SnsNotifier::on_first_use(sdk, topic_arn);
    if let Some(arn) = &config.fcm_platform_app_arn {
        notifier = notifier.with_platform_application(Platform::Fcm, arn);
    }
    if let Some(arn) = &config.apns_platform_app_arn {
        notifier = notifier.with_platform_application(Platform::Apns, arn);
    }
    Ok(notifier)
}
