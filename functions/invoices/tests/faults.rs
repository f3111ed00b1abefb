//! The store failing under an issue: the invoice, its number from the
//! year's counter, the customer's balance and the event are one write, so a
//! throttled issue takes no number and a retried one never takes two.

mod common;

use axum::http::StatusCode;
use common::World;
use ecar_http::store::Value;
use ecar_store::table::{Fault, Trigger};

const ITEMS: &[(&str, &str, &str)] = &[("Huile moteur 5W-30", "4.5", "12.800")];

#[tokio::test]
async fn a_throttled_issue_takes_no_number_and_changes_nothing() {
    let (world, table) = World::with_faults().await;
    let client = world.client("Hélène", "Ben Ali").await;
    let service = world.service(&client.id, ITEMS).await;
    let draft = world.draft(&service).await;
    let id = draft["id"].as_str().unwrap();
    world.events();

    // The counter is written in the same transaction as the invoice.
    table.arm(
        Trigger::WritesTo("COUNTER#INVOICES#".into()),
        Fault::Throttle,
    );
    let answer = world.act(id, "issue", None).await;
    table.disarm();
    assert_eq!(
        answer.status,
        StatusCode::SERVICE_UNAVAILABLE,
        "{}",
        answer.text
    );
    assert_eq!(answer.headers["retry-after"], "1");
    let invoice = world.invoice(id).await;
    assert_eq!(invoice["status"], "draft");
    assert_eq!(invoice["version"], draft["version"]);
    assert!(world.events().is_empty());
    let customer = world.customer_item(&client.id).await;
    assert!(
        customer
            .get("unpaid_invoice_count")
            .is_none_or(|count| *count == Value::n(0))
    );

    let issued = world.act(id, "issue", None).await;
    assert_eq!(issued.status, StatusCode::OK, "{}", issued.text);
    assert_eq!(issued.body["invoice_number"], "INV-2026-000001");
}

#[tokio::test]
async fn an_issue_retried_after_a_timeout_that_committed_takes_one_number() {
    let (world, table) = World::with_faults().await;
    let client = world.client("Hélène", "Ben Ali").await;
    let service = world.service(&client.id, ITEMS).await;
    let draft = world.draft(&service).await;
    let id = draft["id"].as_str().unwrap();
    world.events();

    table.arm(
        Trigger::WritesTo("COUNTER#INVOICES#".into()),
        Fault::TimeoutAfterCommit,
    );
    let answer = world.act(id, "issue", None).await;
    table.disarm();
    assert_eq!(
        answer.status,
        StatusCode::SERVICE_UNAVAILABLE,
        "{}",
        answer.text
    );
    assert_eq!(answer.headers["retry-after"], "1");
    assert_eq!(world.invoice(id).await["invoice_number"], "INV-2026-000001");

    // The client retries: already issued, so a 409, and no second number.
    let retry = world.act(id, "issue", None).await;
    assert_eq!(retry.status, StatusCode::CONFLICT, "{}", retry.text);
    assert_eq!(world.events().len(), 1);
    let customer = world.customer_item(&client.id).await;
    assert_eq!(customer["unpaid_invoice_count"], Value::n(1));
    let next = world.issued(&client.id, ITEMS).await;
    assert_eq!(next["invoice_number"], "INV-2026-000002");
}
