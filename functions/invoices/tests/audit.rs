//! Issuing, paying, cancelling and refunding an invoice each write one
//! audit record in the transaction of the change, naming the invoice by its
//! number and who did it; a refused action writes none.

mod common;

use common::World;
use ecar_http::{
    audit_log::{self, AuditAction, AuditFilter, AuditRecord, EntityKind},
    store::PageRequest,
};
use serde_json::json;

const ITEMS: &[(&str, &str, &str)] = &[("Plaquettes de frein", "1", "120")];

/// Every audit record of invoice `id`.
async fn records_of(world: &World, id: &str) -> Vec<AuditRecord> {
    let filter = AuditFilter {
        kind: Some(EntityKind::Invoice),
        entity_id: Some(id.into()),
        ..AuditFilter::default()
    };
    let request = PageRequest {
        limit: 50,
        start: None,
    };
    audit_log::page(world.table.as_ref(), &filter, request)
        .await
        .unwrap()
        .items
}

/// The one record of `action` among `records`.
fn only(records: &[AuditRecord], action: AuditAction) -> &AuditRecord {
    let found: Vec<_> = records.iter().filter(|r| r.action == action).collect();
    assert_eq!(found.len(), 1, "{action:?} in {records:?}");
    found[0]
}

#[tokio::test]
async fn each_invoice_action_is_recorded_once_with_what_it_changed() {
    let world = World::new().await;
    let client = world.client("Hélène", "Ben Ali").await;
    let issued = world.issued(&client.id, ITEMS).await;
    let id = issued["id"].as_str().unwrap();
    let number = issued["invoice_number"].as_str().unwrap();

    // Refused: a refund before payment, and a payment with a bad method.
    let early = world
        .act(
            id,
            "refund",
            Some(json!({"amount": "1.000", "reason": "x"})),
        )
        .await;
    assert_eq!(early.status, axum::http::StatusCode::CONFLICT);
    let bad = world
        .act(
            id,
            "mark_as_paid",
            Some(json!({"payment_method": "bitcoin"})),
        )
        .await;
    assert_eq!(bad.status, axum::http::StatusCode::BAD_REQUEST);
    assert_eq!(records_of(&world, id).await.len(), 1, "the issue only");

    let paid = world
        .act(id, "mark_as_paid", Some(json!({"payment_method": "cash"})))
        .await;
    assert_eq!(paid.status, axum::http::StatusCode::OK, "{}", paid.text);
    let refunded = world
        .act(
            id,
            "refund",
            Some(json!({"amount": "20.000", "reason": "Geste commercial"})),
        )
        .await;
    assert_eq!(
        refunded.status,
        axum::http::StatusCode::OK,
        "{}",
        refunded.text
    );

    let records = records_of(&world, id).await;
    assert_eq!(records.len(), 3, "{records:?}");
    let issue = only(&records, AuditAction::InvoiceIssued);
    assert_eq!(issue.label.as_deref(), Some(number));
    assert_eq!(
        issue.actor.role.map(|role| role.to_string()).as_deref(),
        Some("staff")
    );
    let before = issue.before.as_ref().unwrap();
    let after = issue.after.as_ref().unwrap();
    assert_eq!(before["status"], "draft");
    assert_eq!(after["status"], "pending");
    assert_eq!(after["invoice_number"], number);
    assert!(
        !after.contains_key("lines"),
        "the totals say what the lines come to"
    );
    let payment = only(&records, AuditAction::InvoicePaid)
        .after
        .clone()
        .unwrap();
    assert_eq!(payment["payment_method"], "cash");
    let refund = only(&records, AuditAction::InvoiceRefunded)
        .after
        .clone()
        .unwrap();
    assert_eq!(refund["refund_amount"], "20.000");
    assert_eq!(refund["refund_reason"], "Geste commercial");

    // Another invoice, cancelled.
    let other = world.issued(&client.id, ITEMS).await;
    let other = other["id"].as_str().unwrap();
    let cancelled = world.act(other, "cancel", None).await;
    assert_eq!(
        cancelled.status,
        axum::http::StatusCode::OK,
        "{}",
        cancelled.text
    );
    let records = records_of(&world, other).await;
    let cancel = only(&records, AuditAction::InvoiceCancelled);
    assert_eq!(cancel.before.as_ref().unwrap()["status"], "pending");
    assert_eq!(cancel.after.as_ref().unwrap()["status"], "cancelled");
}
