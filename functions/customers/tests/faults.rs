//! The store failing under a create: a throttled create leaves nothing and
//! answers 503 with Retry-After; a create that timed out after committing,
//! retried under the same Idempotency-Key, is not made twice; a bulk create
//! leaves each row whole or absent.

mod common;

use std::sync::Arc;

use axum::http::{Method, StatusCode};
use common::World;
use ecar_http::{
    Clock,
    auth::users,
    domain::Email,
    store::Table,
    testing::app::{Answer, TestApp, raw, request, start, with_header},
};
use ecar_store::table::{EmbeddedTable, Fault, FaultyTable, Operation, Trigger};

use serde_json::{Value, json};

async fn world() -> (World, Arc<FaultyTable>) {
    let clock = Clock::fixed(start());
    let embedded = Arc::new(EmbeddedTable::in_memory(clock.clone()).unwrap());
    let table = Arc::new(FaultyTable::new(embedded));
    let app = TestApp::over(ecar_customers::router(), table.clone(), clock);
    (World::over(app).await, table)
}

fn amira() -> Value {
    json!({
        "first_name": "Amira",
        "last_name": "Ben Ali",
        "email": "amira@example.tn",
        "phone": "98 123 456",
    })
}

async fn create(world: &World, key: &str) -> Answer {
    let request = request(
        Method::POST,
        "/api/customers",
        Some(&world.staff),
        Some(&amira()),
    );
    world
        .app
        .send(with_header(request, "idempotency-key", key))
        .await
}

async fn customer_ids(world: &World) -> Vec<String> {
    let list = world
        .call(
            Method::GET,
            "/api/customers?limit=200",
            Some(&world.staff),
            None,
        )
        .await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.text);
    list.body["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn a_throttled_create_answers_503_with_retry_after_and_leaves_nothing() {
    let (world, table) = world().await;
    table.arm(Trigger::Next(Operation::Transact, 1), Fault::Throttle);
    let answer = create(&world, "create-1").await;
    assert_eq!(
        answer.status,
        StatusCode::SERVICE_UNAVAILABLE,
        "{}",
        answer.text
    );
    assert_eq!(answer.headers["retry-after"], "1");
    assert_eq!(answer.headers["content-type"], "application/problem+json");
    assert_eq!(table.fired().len(), 1);

    // No profile, login guard or idempotency record was left behind.
    assert!(customer_ids(&world).await.is_empty());
    let guard = users::email_guard_key(&Email::parse("amira@example.tn").unwrap());
    assert!(table.get(&guard).await.unwrap().is_none());
    let retry = create(&world, "create-1").await;
    assert_eq!(retry.status, StatusCode::CREATED, "{}", retry.text);
    assert_eq!(
        customer_ids(&world).await,
        [retry.body["id"].as_str().unwrap()]
    );
}

#[tokio::test]
async fn a_create_retried_after_a_timeout_that_committed_is_not_duplicated() {
    let (world, table) = world().await;
    table.arm(
        Trigger::Next(Operation::Transact, 1),
        Fault::TimeoutAfterCommit,
    );
    let answer = create(&world, "create-2").await;
    assert_eq!(
        answer.status,
        StatusCode::SERVICE_UNAVAILABLE,
        "{}",
        answer.text
    );
    assert_eq!(answer.headers["retry-after"], "1");
    let committed = customer_ids(&world).await;
    assert_eq!(committed.len(), 1, "the write went through");

    let retry = create(&world, "create-2").await;
    assert_eq!(retry.status, StatusCode::CREATED, "{}", retry.text);
    assert_eq!(retry.body["id"], committed[0].as_str());
    assert_eq!(customer_ids(&world).await, committed);
}

async fn bulk(world: &World, csv: &str, key: &str) -> Answer {
    let request = raw(
        Method::POST,
        "/api/customers/bulk_create",
        Some(&world.admin),
        "text/csv",
        csv.to_string(),
    );
    world
        .app
        .send(with_header(request, "idempotency-key", key))
        .await
}

const ROWS: &str = "first_name,last_name,email,phone\r\n\
    Amira,Ben Ali,amira@example.tn,98 123 456\r\n\
    Sami,Trabelsi,sami@example.tn,98 123 457\r\n\
    Leila,Gharbi,leila@example.tn,98 123 458\r\n";

fn created_emails(report: &Value) -> Vec<&str> {
    report["created"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["email"].as_str().unwrap())
        .collect()
}

#[tokio::test]
async fn a_bulk_row_that_failed_is_absent_and_a_retry_completes_without_duplicates() {
    let (world, table) = world().await;
    // Sami's row is throttled, Leila's commits but times out.
    table.arm(
        Trigger::WritesTo("GUARD#EMAIL#sami@".into()),
        Fault::Throttle,
    );
    table.arm(
        Trigger::WritesTo("GUARD#EMAIL#leila@".into()),
        Fault::TimeoutAfterCommit,
    );
    let first = bulk(&world, ROWS, "import-1").await;
    table.disarm();
    assert_eq!(first.status, StatusCode::OK, "{}", first.text);
    assert_eq!(created_emails(&first.body), ["amira@example.tn"]);
    let failed: Vec<u64> = first.body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["row"].as_u64().unwrap())
        .collect();
    assert_eq!(failed, [2, 3], "{}", first.text);
    // Sami's row left nothing; Leila's is whole.
    let guard = |email: &str| users::email_guard_key(&Email::parse(email).unwrap());
    assert!(
        table
            .get(&guard("sami@example.tn"))
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        table
            .get(&guard("leila@example.tn"))
            .await
            .unwrap()
            .is_some()
    );
    assert_eq!(customer_ids(&world).await.len(), 2);

    // The same request again: Amira's and Leila's rows replay, Sami's is made.
    let retry = bulk(&world, ROWS, "import-1").await;
    assert_eq!(retry.status, StatusCode::OK, "{}", retry.text);
    assert_eq!(
        created_emails(&retry.body),
        ["amira@example.tn", "sami@example.tn", "leila@example.tn"]
    );
    assert!(retry.body["errors"].as_array().unwrap().is_empty());
    assert_eq!(retry.body["created"][0], first.body["created"][0]);
    assert_eq!(customer_ids(&world).await.len(), 3);
}
