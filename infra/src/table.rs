//! `ecar table create`: the DynamoDB table with its indexes, TTL and stream.

use ecar_http::Config;
use ecar_store::{aws, table::dynamo};

use crate::CliResult;

/// Creates the configured table on DynamoDB (or the emulator at `AWS_ENDPOINT_URL`).
pub async fn create() -> CliResult {
    let config = Config::from_env()?;
    let sdk = aws::sdk_config(config.aws_endpoint_url.as_deref()).await;
    dynamo::create_table(&aws::dynamodb_client(&sdk), &config.table_name).await?;
    println!("table {} is ready", config.table_name);
    Ok(())
}
