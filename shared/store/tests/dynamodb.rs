//! What only the DynamoDB adapter does, against the emulator: creating the
//! table, and the wire details the shared contract suite cannot see.

use std::collections::HashMap;

use aws_sdk_dynamodb::types::AttributeValue;
use chrono::{TimeZone, Utc};
use ecar_domain::{
    Clock,
    store::{EXPIRES_AT, Index, Key, Query, StoreError, Table, Value, WriteOp},
};
use ecar_store::{table::create_table, testing::dynamo};

fn clock() -> Clock {
    Clock::fixed(Utc.with_ymd_and_hms(2026, 3, 1, 10, 0, 0).unwrap())
}

/// A partition of its own for each test, as the table is shared.
fn partition() -> String {
    format!("DYNAMO#{}", ulid::Ulid::new())
}

#[tokio::test]
async fn creating_the_table_again_is_harmless_and_ttl_is_on() {
    let client = dynamo::client().await;
    let name = dynamo::table_name(&client).await;
    create_table(&client, name).await.unwrap();
    let ttl = client
        .describe_time_to_live()
        .table_name(name)
        .send()
        .await
        .unwrap();
    let ttl = ttl.time_to_live_description().unwrap();
    assert_eq!(ttl.attribute_name(), Some(EXPIRES_AT));
    let table = dynamo::table(clock()).await;
    let pk = partition();
    table
        .write(WriteOp::put(Key::new(&pk, "A").to_item()))
        .await
        .unwrap();
    assert!(table.get(&Key::new(&pk, "A")).await.unwrap().is_some());
}

#[tokio::test]
async fn a_null_expiry_never_expires() {
    // `Option<i64>` fields serialize to NULL; such an item has no expiry.
    let table = dynamo::table(clock()).await;
    let pk = partition();
    let mut item = Key::new(&pk, "A").to_item();
    item.insert(EXPIRES_AT.into(), Value::Null);
    table.write(WriteOp::put(item.clone())).await.unwrap();
    assert_eq!(table.get(&Key::new(&pk, "A")).await.unwrap(), Some(item));
    let page = table
        .query(&Query::partition(Index::Primary, &pk))
        .await
        .unwrap();
    assert_eq!(page.items.len(), 1);
    let again = table
        .write(WriteOp::create(Key::new(&pk, "A").to_item()))
        .await;
    assert_eq!(again, Err(StoreError::ConditionFailed { index: 0 }));
}

#[tokio::test]
async fn an_attribute_type_the_port_does_not_know_is_an_internal_error() {
    let client = dynamo::client().await;
    let name = dynamo::table_name(&client).await;
    let pk = partition();
    let item = HashMap::from([
        ("pk".to_string(), AttributeValue::S(pk.clone())),
        ("sk".to_string(), AttributeValue::S("SET".into())),
        ("tags".to_string(), AttributeValue::Ss(vec!["a".into()])),
    ]);
    client
        .put_item()
        .table_name(name)
        .set_item(Some(item))
        .send()
        .await
        .unwrap();
    let table = dynamo::table(clock()).await;
    let read = table.get(&Key::new(&pk, "SET")).await;
    assert!(matches!(read, Err(StoreError::Internal(_))), "{read:?}");
}
