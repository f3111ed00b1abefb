//! The ECAR table's definition: keys, generic GSIs, stream and TTL.

use std::time::Duration;

use aws_sdk_dynamodb::{
    Client,
    client::Waiters,
    error::DisplayErrorContext,
    types::{
        AttributeDefinition, BillingMode, GlobalSecondaryIndex, KeySchemaElement, KeyType,
        Projection, ProjectionType, ScalarAttributeType, StreamSpecification, StreamViewType,
        TimeToLiveSpecification, TimeToLiveStatus,
    },
};

use super::errors::{from_build, from_sdk};
use ecar_domain::store::{EXPIRES_AT, Index, StoreError};

/// How long a new table may take to become active.
const CREATION_WAIT: Duration = Duration::from_secs(120);

/// Creates the table (`pk`/`sk`, GSIs `gsi1`..`gsi3` projecting all
/// attributes, on-demand capacity, a stream of new and old images) and turns
/// on TTL over `expires_at`. An existing table is left as it is.
pub async fn create_table(client: &Client, name: &str) -> Result<(), StoreError> {
    let mut request = client
        .create_table()
        .table_name(name)
        .billing_mode(BillingMode::PayPerRequest)
        .stream_specification(
            StreamSpecification::builder()
                .stream_enabled(true)
                .stream_view_type(StreamViewType::NewAndOldImages)
                .build()
                .map_err(from_build)?,
        );
    for index in Index::ALL {
        let (pk, sk) = index.key_attributes();
        request = request
            .attribute_definitions(string_attribute(pk)?)
            .attribute_definitions(string_attribute(sk)?);
        match index.name() {
            None => request = request.set_key_schema(Some(key_schema(pk, sk)?)),
            Some(index_name) => {
                request = request.global_secondary_indexes(
                    GlobalSecondaryIndex::builder()
                        .index_name(index_name)
                        .set_key_schema(Some(key_schema(pk, sk)?))
                        .projection(
                            Projection::builder()
                                .projection_type(ProjectionType::All)
                                .build(),
                        )
                        .build()
                        .map_err(from_build)?,
                );
            }
        }
    }
    match request.send().await {
        Ok(_) => {}
        Err(error)
            if error
                .as_service_error()
                .is_some_and(|error| error.is_resource_in_use_exception()) => {}
        Err(error) => return Err(from_sdk(error)),
    }
    client
        .wait_until_table_exists()
        .table_name(name)
        .wait(CREATION_WAIT)
        .await
        .map_err(|error| StoreError::Unavailable(DisplayErrorContext(&error).to_string()))?;
    enable_ttl(client, name).await
}

/// Turns on TTL over `expires_at` unless it already is (DynamoDB refuses to
/// enable it twice).
async fn enable_ttl(client: &Client, name: &str) -> Result<(), StoreError> {
    let current = client
        .describe_time_to_live()
        .table_name(name)
        .send()
        .await
        .map_err(from_sdk)?;
    let already = current.time_to_live_description().is_some_and(|ttl| {
        ttl.attribute_name() == Some(EXPIRES_AT)
            && matches!(
                ttl.time_to_live_status(),
                Some(TimeToLiveStatus::Enabled | TimeToLiveStatus::Enabling)
            )
    });
    if already {
        return Ok(());
    }
    client
        .update_time_to_live()
        .table_name(name)
        .time_to_live_specification(
            TimeToLiveSpecification::builder()
                .attribute_name(EXPIRES_AT)
                .enabled(true)
                .build()
                .map_err(from_build)?,
        )
        .send()
        .await
        .map_err(from_sdk)?;
    Ok(())
}

fn string_attribute(name: &str) -> Result<AttributeDefinition, StoreError> {
    AttributeDefinition::builder()
        .attribute_name(name)
        .attribute_type(ScalarAttributeType::S)
        .build()
        .map_err(from_build)
}

fn key_schema(pk: &str, sk: &str) -> Result<Vec<KeySchemaElement>, StoreError> {
    [(pk, KeyType::Hash), (sk, KeyType::Range)]
        .into_iter()
        .map(|(name, key_type)| {
            KeySchemaElement::builder()
                .attribute_name(name)
                .key_type(key_type)
                .build()
                .map_err(from_build)
        })
        .collect()
}
