//! What the audit log keeps of services: a change to a completed service's
//! items (what the customer was told it cost), and a deletion; changes
//! before completion are ordinary work and are not recorded.

mod common;

use axum::http::{Method, StatusCode};
use common::World;
use ecar_http::{
    audit_log::{self, AuditAction, AuditFilter, AuditRecord, EntityKind},
    store::PageRequest,
};
use serde_json::{Value, json};

async fn records_of(world: &World, id: &str) -> Vec<AuditRecord> {
    let filter = AuditFilter {
        kind: Some(EntityKind::Service),
        entity_id: Some(id.into()),
        ..AuditFilter::default()
    };
    let request = PageRequest {
        limit: 20,
        start: None,
    };
    audit_log::page(world.table(), &filter, request)
        .await
        .unwrap()
        .items
}

#[tokio::test]
async fn a_completed_services_price_change_is_recorded_with_the_items_before_and_after() {
    let world = World::new().await;
    let customer = world.customer("Amira", "amira@example.tn").await;
    let car = world.car(&customer, 90_000).await;
    let service = world
        .schedule(&car, "Vidange et filtres", "2026-03-02")
        .await;
    let id = service["id"].as_str().unwrap();
    world.act(id, "start", json!({})).await;
    let item =
        json!({"item_type": "part", "name": "Filtre", "quantity": "2", "unit_price": "19.250"});
    let added = world.act(id, "items", item).await;
    let item_id = added.body["items"][0]["id"].as_str().unwrap().to_string();
    let before_completion = records_of(&world, id).await;
    assert_eq!(
        before_completion,
        Vec::new(),
        "work in progress is not audited"
    );

    let completed = world
        .act(id, "complete", json!({"service_mileage": 91_802}))
        .await;
    assert_eq!(completed.status, StatusCode::OK, "{}", completed.text);
    let changed = world
        .staff(
            Method::PATCH,
            &format!("/api/services/{id}/items/{item_id}"),
            Some(json!({"unit_price": "25"})),
        )
        .await;
    assert_eq!(changed.status, StatusCode::OK, "{}", changed.text);

    let records = records_of(&world, id).await;
    assert_eq!(records.len(), 1, "{records:?}");
    let record = &records[0];
    assert_eq!(record.action, AuditAction::ServiceItemsChanged);
    assert_eq!(record.label.as_deref(), Some("Vidange et filtres"));
    let before = Value::Object(record.before.clone().unwrap());
    let after = Value::Object(record.after.clone().unwrap());
    assert_eq!(before["subtotal"], "38.500");
    assert_eq!(after["subtotal"], "50.000");
    assert_eq!(before["items"][0]["unit_price"], "19.250");
    assert_eq!(after["items"][0]["unit_price"], "25.000");
}

#[tokio::test]
async fn deleting_a_service_is_recorded() {
    let world = World::new().await;
    let customer = world.customer("Karim", "karim@example.tn").await;
    let car = world.car(&customer, 50_000).await;
    let service = world.schedule(&car, "Pneus", "2026-03-05").await;
    let id = service["id"].as_str().unwrap();
    let deleted = world
        .staff(Method::DELETE, &format!("/api/services/{id}"), None)
        .await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT, "{}", deleted.text);

    let records = records_of(&world, id).await;
    assert_eq!(records.len(), 1, "{records:?}");
    assert_eq!(records[0].action, AuditAction::ServiceDeleted);
    assert_eq!(records[0].before.as_ref().unwrap()["title"], "Pneus");
    assert_eq!(records[0].after, None);
}
