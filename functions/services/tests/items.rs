//! Parts and labour: exact totals, the subtotal, and items frozen once the
//! service's invoice is issued.

mod common;

use axum::http::{Method, StatusCode};
use common::World;
use ecar_http::{
    domain::{InvoiceStatus, ServiceId},
    services::{self, invoice::link_op},
};
use serde_json::{Value, json};

fn item(kind: &str, name: &str, quantity: &str, price: &str) -> Value {
    json!({"item_type": kind, "name": name, "quantity": quantity, "unit_price": price})
}

#[tokio::test]
async fn totals_are_exact_and_the_subtotal_follows_every_change() {
    let world = World::new().await;
    let (customer, token) = world.customer_with_token("Amira", "amira@example.tn").await;
    let car = world.car(&customer, 90_000).await;
    let service = world.schedule(&car, "Vidange", "2026-03-10").await;
    let id = service["id"].as_str().unwrap();

    let added = world
        .act(id, "items", item("labor", "Main d'oeuvre", "4.5", "38.5"))
        .await;
    assert_eq!(added.status, StatusCode::CREATED, "{}", added.text);
    let labor = &added.body["items"][0];
    assert_eq!(labor["quantity"], "4.5");
    assert_eq!(labor["unit_price"], "38.500");
    assert_eq!(labor["total_price"], "173.250");
    let added = world
        .act(id, "items", item("part", "Huile 5W30", "0.1", "0.2"))
        .await;
    assert_eq!(added.body["items"][1]["total_price"], "0.020");
    assert_eq!(added.body["subtotal"], "173.270");
    assert_eq!(added.body["version"], 3);

    // The owner reads the items; another customer cannot.
    let items = world
        .call(
            Method::GET,
            &format!("/api/services/{id}/items"),
            Some(&token),
            None,
        )
        .await;
    assert_eq!(items.status, StatusCode::OK);
    assert_eq!(items.body["subtotal"], "173.270");
    assert_eq!(items.body["results"].as_array().unwrap().len(), 2);
    let (_, other) = world.customer_with_token("Other", "other@example.tn").await;
    let hidden = world
        .call(
            Method::GET,
            &format!("/api/services/{id}/items"),
            Some(&other),
            None,
        )
        .await;
    assert_eq!(hidden.status, StatusCode::NOT_FOUND);

    let labor_id = labor["id"].as_str().unwrap();
    let changed = world
        .staff(
            Method::PATCH,
            &format!("/api/services/{id}/items/{labor_id}"),
            Some(json!({"quantity": "2", "unit_price": "40"})),
        )
        .await;
    assert_eq!(changed.status, StatusCode::OK, "{}", changed.text);
    assert_eq!(changed.body["items"][0]["total_price"], "80.000");
    assert_eq!(changed.body["items"][0]["name"], "Main d'oeuvre");
    assert_eq!(changed.body["subtotal"], "80.020");

    let removed = world
        .staff(
            Method::DELETE,
            &format!("/api/services/{id}/items/{labor_id}"),
            None,
        )
        .await;
    assert_eq!(removed.status, StatusCode::OK);
    assert_eq!(removed.body["subtotal"], "0.020");
    let gone = world
        .staff(
            Method::DELETE,
            &format!("/api/services/{id}/items/{labor_id}"),
            None,
        )
        .await;
    assert_eq!(gone.status, StatusCode::NOT_FOUND);
}

/// Records on service `id` an invoice in `status`, as the invoices function does.
async fn link(world: &World, id: &str, status: InvoiceStatus) {
    let table = world.table();
    let service = services::get(table, &ServiceId::parse(id).unwrap())
        .await
        .unwrap()
        .unwrap();
    let now = world.app.state.clock.now();
    table
        .write(link_op(&service, "01JP3P9R2S4T6V8W0X2Y4Z6A8B", status, now).unwrap())
        .await
        .unwrap();
}

#[tokio::test]
async fn items_freeze_once_the_invoice_is_issued() {
    let world = World::new().await;
    let customer = world.customer("Amira", "amira@example.tn").await;
    let car = world.car(&customer, 90_000).await;
    let service = world.schedule(&car, "Vidange", "2026-03-02").await;
    let id = service["id"].as_str().unwrap();
    let first = world
        .act(id, "items", item("part", "Filtre", "1", "12"))
        .await
        .body;
    let item_id = first["items"][0]["id"].as_str().unwrap().to_string();
    world.act(id, "complete", json!({})).await;

    // A draft invoice does not freeze them.
    link(&world, id, InvoiceStatus::Draft).await;
    let added = world
        .act(id, "items", item("part", "Joint", "1", "3"))
        .await;
    assert_eq!(added.status, StatusCode::CREATED);

    link(&world, id, InvoiceStatus::Pending).await;
    let frozen = world.read(id).await;
    assert_eq!(frozen["invoice_status"], "pending");
    let statistics = world.statistics().await;
    let attempts = [
        world
            .act(id, "items", item("part", "Joint", "1", "3"))
            .await,
        world
            .staff(
                Method::PATCH,
                &format!("/api/services/{id}/items/{item_id}"),
                Some(json!({"quantity": "5"})),
            )
            .await,
        world
            .staff(
                Method::DELETE,
                &format!("/api/services/{id}/items/{item_id}"),
                None,
            )
            .await,
    ];
    for attempt in attempts {
        assert_eq!(attempt.status, StatusCode::CONFLICT, "{}", attempt.text);
    }
    assert_eq!(world.read(id).await, frozen);
    assert_eq!(world.statistics().await, statistics);
}

#[tokio::test]
async fn revenue_follows_the_items_of_completed_services() {
    let world = World::new().await;
    let customer = world.customer("Amira", "amira@example.tn").await;
    let car = world.car(&customer, 90_000).await;
    let service = world.schedule(&car, "Vidange", "2026-03-02").await;
    let id = service["id"].as_str().unwrap();
    world
        .act(id, "items", item("part", "Filtre", "1", "12.5"))
        .await;
    world.act(id, "complete", json!({})).await;
    assert_eq!(world.statistics().await["revenue"], "12.500");
    world
        .act(id, "items", item("labor", "Pose", "0.5", "30"))
        .await;
    let statistics = world.statistics().await;
    assert_eq!(statistics["revenue"], "27.500");
    assert_eq!(statistics["revenue_this_month"], "27.500");
}

#[tokio::test]
async fn a_service_holds_at_most_fifty_items() {
    let world = World::new().await;
    let customer = world.customer("Amira", "amira@example.tn").await;
    let car = world.car(&customer, 90_000).await;
    let service = world.schedule(&car, "Révision", "2026-03-02").await;
    let id = service["id"].as_str().unwrap();
    for n in 0..50 {
        let added = world
            .act(id, "items", item("part", &format!("Pièce {n}"), "1", "1"))
            .await;
        assert_eq!(added.status, StatusCode::CREATED);
    }
    let full = world
        .act(id, "items", item("part", "Une de trop", "1", "1"))
        .await;
    assert_eq!(full.status, StatusCode::CONFLICT);
    assert_eq!(world.read(id).await["subtotal"], "50.000");
}
