//! The DynamoDB adapter against the emulator: behaviour specific to the
//! adapter (table creation, expiry on the wire, request shapes DynamoDB
//! refuses), beside the shared contract suite.

use std::sync::Arc;

use chrono::{Duration, TimeZone, Utc};
use ecar_shared::{
    Clock,
    store::{
        Change, Condition, EXPIRES_AT, Index, Item, Key, Query, StoreError, Table, Value, WriteOp,
        create_table,
    },
    testing::dynamo,
};

async fn table(clock: Clock) -> Arc<dyn Table> {
    Arc::new(dynamo::table(clock).await)
}

fn clock() -> Clock {
    Clock::fixed(Utc.with_ymd_and_hms(2026, 3, 1, 10, 0, 0).unwrap())
}

/// A partition of its own for each test, so tests can share the table.
fn partition() -> String {
    format!("TEST#{}", ulid::Ulid::new())
}

fn item(pk: &str, sk: &str, attributes: &[(&str, Value)]) -> Item {
    let mut item = Key::new(pk, sk).to_item();
    for (name, value) in attributes {
        item.insert(name.to_string(), value.clone());
    }
    item
}

#[tokio::test]
async fn creating_the_table_again_is_harmless() {
    let store = table(clock()).await;
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
    let pk = partition();
    store
        .write(WriteOp::put(item(&pk, "A", &[])))
        .await
        .unwrap();
    assert!(store.get(&Key::new(&pk, "A")).await.unwrap().is_some());
}

#[tokio::test]
async fn every_value_type_survives_the_wire() {
    let store = table(clock()).await;
    let pk = partition();
    let written = item(
        &pk,
        "ALL",
        &[
            ("s", Value::s("héllo")),
            ("n", Value::N("-12.5".into())),
            ("b", Value::B(vec![0, 1, 254, 255])),
            ("flag", Value::Bool(true)),
            ("nothing", Value::Null),
            (
                "list",
                Value::L(vec![Value::n(1), Value::s("two"), Value::Null]),
            ),
            (
                "map",
                Value::M(Item::from([("inner".to_string(), Value::Bool(false))])),
            ),
        ],
    );
    store.write(WriteOp::put(written.clone())).await.unwrap();
    assert_eq!(
        store.get(&Key::new(&pk, "ALL")).await.unwrap(),
        Some(written)
    );
}

#[tokio::test]
async fn a_null_expiry_never_expires() {
    // `Option<i64>` fields serialize to NULL; such an item has no expiry.
    let store = table(clock()).await;
    let pk = partition();
    store
        .write(WriteOp::put(item(&pk, "A", &[(EXPIRES_AT, Value::Null)])))
        .await
        .unwrap();
    assert!(store.get(&Key::new(&pk, "A")).await.unwrap().is_some());
    let page = store
        .query(&Query::partition(Index::Primary, &pk))
        .await
        .unwrap();
    assert_eq!(page.items.len(), 1);
    let again = store.write(WriteOp::create(item(&pk, "A", &[]))).await;
    assert_eq!(again, Err(StoreError::ConditionFailed { index: 0 }));
}

#[tokio::test]
async fn an_update_of_an_expired_item_starts_from_nothing() {
    let clock = clock();
    let store = table(clock.clone()).await;
    let pk = partition();
    let key = Key::new(&pk, "COUNTER");
    let expires = clock.epoch_seconds() + 60;
    store
        .write(WriteOp::put(item(
            &pk,
            "COUNTER",
            &[
                ("hits", Value::n(5)),
                ("stale", Value::s("x")),
                (EXPIRES_AT, Value::n(expires)),
            ],
        )))
        .await
        .unwrap();
    clock.advance(Duration::seconds(61));
    let bump = WriteOp::Update {
        key: key.clone(),
        changes: vec![Change::Add("hits".into(), 1)],
        condition: Some(Condition::NotExists),
    };
    store.write(bump.clone()).await.unwrap();
    let now = store.get(&key).await.unwrap().unwrap();
    assert_eq!(now, item(&pk, "COUNTER", &[("hits", Value::n(1))]));
    assert_eq!(
        store.write(bump).await,
        Err(StoreError::ConditionFailed { index: 0 }),
        "the new item is live"
    );
}

#[tokio::test]
async fn an_update_of_an_expired_item_in_a_transaction_starts_from_nothing() {
    let clock = clock();
    let store = table(clock.clone()).await;
    let pk = partition();
    let expires = clock.epoch_seconds() + 1;
    store
        .write(WriteOp::put(item(
            &pk,
            "COUNTER",
            &[("hits", Value::n(5)), (EXPIRES_AT, Value::n(expires))],
        )))
        .await
        .unwrap();
    clock.advance(Duration::seconds(1));
    store
        .transact(vec![
            WriteOp::create(item(&pk, "OTHER", &[])),
            WriteOp::Update {
                key: Key::new(&pk, "COUNTER"),
                changes: vec![Change::Add("hits".into(), 2)],
                condition: None,
            },
        ])
        .await
        .unwrap();
    let counter = store.get(&Key::new(&pk, "COUNTER")).await.unwrap().unwrap();
    assert_eq!(counter, item(&pk, "COUNTER", &[("hits", Value::n(2))]));
}

#[tokio::test]
async fn the_first_failing_action_of_a_transaction_is_named() {
    let store = table(clock()).await;
    let pk = partition();
    store
        .write(WriteOp::put(item(&pk, "TAKEN", &[])))
        .await
        .unwrap();
    store
        .write(WriteOp::put(item(&pk, "ALSO", &[])))
        .await
        .unwrap();
    let result = store
        .transact(vec![
            WriteOp::create(item(&pk, "NEW", &[])),
            WriteOp::create(item(&pk, "TAKEN", &[])),
            WriteOp::create(item(&pk, "ALSO", &[])),
        ])
        .await;
    assert_eq!(result, Err(StoreError::ConditionFailed { index: 1 }));
    assert_eq!(
        store.get(&Key::new(&pk, "NEW")).await.unwrap(),
        None,
        "nothing written"
    );
}

#[tokio::test]
async fn an_update_in_a_transaction_needs_a_change() {
    let store = table(clock()).await;
    let pk = partition();
    let result = store
        .transact(vec![WriteOp::Update {
            key: Key::new(&pk, "A"),
            changes: vec![],
            condition: None,
        }])
        .await;
    assert!(matches!(result, Err(StoreError::Invalid(_))), "{result:?}");
}

#[tokio::test]
async fn an_item_over_400_kb_is_invalid() {
    let store = table(clock()).await;
    let pk = partition();
    let big = item(&pk, "BIG", &[("blob", Value::s("x".repeat(410 * 1024)))]);
    let result = store.write(WriteOp::put(big)).await;
    assert!(matches!(result, Err(StoreError::Invalid(_))), "{result:?}");
}

#[tokio::test]
async fn pages_resume_where_the_last_one_stopped() {
    let store = table(clock()).await;
    let pk = partition();
    for n in 0..5 {
        store
            .write(WriteOp::put(item(&pk, &format!("ITEM#{n}"), &[])))
            .await
            .unwrap();
    }
    let mut seen = Vec::new();
    let mut query = Query::partition(Index::Primary, &pk).backward().limit(2);
    loop {
        let page = store.query(&query).await.unwrap();
        seen.extend(page.items.iter().map(|item| Key::of(item).unwrap().sk));
        match page.last_key {
            Some(last) => query = query.start_after(Some(last)),
            None => break,
        }
    }
    assert_eq!(seen, ["ITEM#4", "ITEM#3", "ITEM#2", "ITEM#1", "ITEM#0"]);
}

#[tokio::test]
async fn a_batch_get_answers_in_the_order_asked_even_with_repeats() {
    let store = table(clock()).await;
    let pk = partition();
    store
        .write(WriteOp::put(item(&pk, "A", &[])))
        .await
        .unwrap();
    store
        .write(WriteOp::put(item(&pk, "B", &[])))
        .await
        .unwrap();
    let keys = [
        Key::new(&pk, "B"),
        Key::new(&pk, "MISSING"),
        Key::new(&pk, "A"),
        Key::new(&pk, "B"),
    ];
    let found = store.get_many(&keys).await.unwrap();
    let sks: Vec<Option<String>> = found
        .iter()
        .map(|item| item.as_ref().map(|item| Key::of(item).unwrap().sk))
        .collect();
    assert_eq!(
        sks,
        [Some("B".into()), None, Some("A".into()), Some("B".into())]
    );
}
