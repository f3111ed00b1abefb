//! The status workflow through the routes: every (status, action) pair, and
//! what each move records. A refused move is a 409 that changes nothing.

mod common;

use axum::http::{Method, StatusCode};
use common::World;
use ecar_http::{
    store::{Item, Value},
    testing::app::{request, with_header},
};
use serde_json::{Value as Json, json};

/// A service of a new car, brought to `status`.
async fn service_in(world: &World, car: &str, status: &str) -> Json {
    let service = world.schedule(car, "Vidange", "2026-03-10").await;
    let id = service["id"].as_str().unwrap();
    let moved = match status {
        "scheduled" => return service,
        "in_progress" => world.act(id, "start", json!({})).await,
        "completed" => world.act(id, "complete", json!({})).await,
        "cancelled" => world.act(id, "cancel", json!({"reason": "Sold"})).await,
        other => panic!("no status {other}"),
    };
    assert_eq!(moved.status, StatusCode::OK, "{}", moved.text);
    assert_eq!(moved.body["status"], status);
    moved.body
}

/// Performs `action` on service `id` as staff; returns the status code.
async fn perform(world: &World, id: &str, action: &str) -> StatusCode {
    let answer = match action {
        "start" => world.act(id, "start", json!({})).await,
        "complete" => world.act(id, "complete", json!({})).await,
        "cancel" => world.act(id, "cancel", json!({"reason": "Sold"})).await,
        "reschedule" => {
            world
                .act(id, "reschedule", json!({"scheduled_date": "2026-03-20"}))
                .await
        }
        "add_item" => {
            let item =
                json!({"item_type": "part", "name": "Filtre", "quantity": "1", "unit_price": "10"});
            world.act(id, "items", item).await
        }
        "delete" => {
            world
                .staff(Method::DELETE, &format!("/api/services/{id}"), None)
                .await
        }
        other => panic!("no action {other}"),
    };
    answer.status
}

#[tokio::test]
async fn every_status_and_action_pair_through_the_routes() {
    // (status, action, expected answer, status afterwards; "gone" when deleted)
    let table = [
        ("scheduled", "start", 200, "in_progress"),
        ("scheduled", "complete", 200, "completed"),
        ("scheduled", "cancel", 200, "cancelled"),
        ("scheduled", "reschedule", 200, "scheduled"),
        ("scheduled", "add_item", 201, "scheduled"),
        ("scheduled", "delete", 204, "gone"),
        ("in_progress", "start", 409, "in_progress"),
        ("in_progress", "complete", 200, "completed"),
        ("in_progress", "cancel", 200, "cancelled"),
        ("in_progress", "reschedule", 200, "in_progress"),
        ("in_progress", "add_item", 201, "in_progress"),
        ("in_progress", "delete", 409, "in_progress"),
        ("completed", "start", 409, "completed"),
        ("completed", "complete", 409, "completed"),
        ("completed", "cancel", 409, "completed"),
        ("completed", "reschedule", 409, "completed"),
        ("completed", "add_item", 201, "completed"),
        ("completed", "delete", 409, "completed"),
        ("cancelled", "start", 409, "cancelled"),
        ("cancelled", "complete", 409, "cancelled"),
        ("cancelled", "cancel", 409, "cancelled"),
        ("cancelled", "reschedule", 409, "cancelled"),
        ("cancelled", "add_item", 409, "cancelled"),
        ("cancelled", "delete", 204, "gone"),
    ];
    let world = World::new().await;
    let customer = world.customer("Amira", "amira@example.tn").await;
    let car = world.car(&customer, 90_000).await;
    for (from, action, expected, after) in table {
        let service = service_in(&world, &car, from).await;
        let id = service["id"].as_str().unwrap();
        let statistics = world.statistics().await;
        let status = perform(&world, id, action).await;
        assert_eq!(status.as_u16(), expected, "{from} / {action}");
        let read = world
            .staff(Method::GET, &format!("/api/services/{id}"), None)
            .await;
        if after == "gone" {
            assert_eq!(read.status, StatusCode::NOT_FOUND, "{from} / {action}");
            continue;
        }
        assert_eq!(read.body["status"], after, "{from} / {action}");
        if expected == 409 {
            assert_eq!(read.body, service, "{from} / {action}: nothing changed");
            assert_eq!(world.statistics().await, statistics, "{from} / {action}");
        }
    }
}

#[tokio::test]
async fn moves_record_when_and_why() {
    let world = World::new().await;
    let customer = world.customer("Amira", "amira@example.tn").await;
    let car = world.car(&customer, 90_000).await;

    let service = world.schedule(&car, "Freins", "2026-03-10").await;
    assert_eq!(service["status"], "scheduled");
    assert_eq!(service["started_at"], Json::Null);
    let id = service["id"].as_str().unwrap();
    let started = world.act(id, "start", json!({})).await.body;
    assert_eq!(started["started_at"], "2026-03-02T09:00:00Z");
    assert_eq!(started["version"], 2);

    let moved = world
        .act(id, "reschedule", json!({"scheduled_date": "2026-03-12"}))
        .await
        .body;
    assert_eq!(moved["scheduled_date"], "2026-03-12");
    assert_eq!(moved["status"], "in_progress");

    let cancelled = world
        .act(
            id,
            "cancel",
            json!({"reason": "  The customer sold the car. "}),
        )
        .await
        .body;
    assert_eq!(cancelled["status"], "cancelled");
    assert_eq!(cancelled["cancel_reason"], "The customer sold the car.");

    let refused = world.act(id, "cancel", json!({"reason": "again"})).await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    assert_eq!(
        refused.body["detail"],
        "Invalid transition: cannot cancel a service that is cancelled."
    );
    assert_eq!(refused.headers["content-type"], "application/problem+json");
    let no_reason = world.act(id, "cancel", json!({})).await;
    assert_eq!(no_reason.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn a_generic_update_never_changes_the_status() {
    let world = World::new().await;
    let customer = world.customer("Amira", "amira@example.tn").await;
    let car = world.car(&customer, 90_000).await;
    let service = world.schedule(&car, "Vidange", "2026-03-10").await;
    let path = format!("/api/services/{}", service["id"].as_str().unwrap());

    for method in [Method::PATCH, Method::PUT] {
        let answer = world
            .staff(
                method.clone(),
                &path,
                Some(json!({"title": "Vidange", "scheduled_date": "2026-03-10", "status": "completed"})),
            )
            .await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{method}");
        assert_eq!(answer.body["errors"][0]["field"], "status");
    }
    assert_eq!(world.read(service["id"].as_str().unwrap()).await, service);

    let changed = world
        .staff(
            Method::PATCH,
            &path,
            Some(json!({"title": "Vidange complète", "technician_notes": "Huile 5W30"})),
        )
        .await;
    assert_eq!(changed.status, StatusCode::OK, "{}", changed.text);
    assert_eq!(changed.body["status"], "scheduled");
    assert_eq!(changed.body["title"], "Vidange complète");
    assert_eq!(changed.body["version"], 2);

    let replaced = world
        .staff(
            Method::PUT,
            &path,
            Some(json!({"title": "Révision", "scheduled_date": "2026-03-11"})),
        )
        .await;
    assert_eq!(replaced.status, StatusCode::OK, "{}", replaced.text);
    assert_eq!(
        replaced.body["technician_notes"], "",
        "PUT clears what it omits"
    );
    assert_eq!(replaced.body["service_type"], "maintenance");
    assert_eq!(replaced.body["scheduled_date"], "2026-03-11");
    assert_eq!(replaced.body["status"], "scheduled");
}

#[tokio::test]
async fn a_stale_version_is_refused_and_changes_nothing() {
    let world = World::new().await;
    let customer = world.customer("Amira", "amira@example.tn").await;
    let car = world.car(&customer, 90_000).await;
    let service = world.schedule(&car, "Vidange", "2026-03-10").await;
    let id = service["id"].as_str().unwrap();
    let path = format!("/api/services/{id}");

    let patch = |version: &str| {
        with_header(
            request(
                Method::PATCH,
                &path,
                Some(&world.staff),
                Some(&json!({"title": "Autre"})),
            ),
            "if-match",
            version,
        )
    };
    assert_eq!(world.app.send(patch("\"1\"")).await.status, StatusCode::OK);
    let stale = world.app.send(patch("\"1\"")).await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    let start = with_header(
        request(
            Method::POST,
            &format!("{path}/start"),
            Some(&world.staff),
            None,
        ),
        "if-match",
        "\"1\"",
    );
    assert_eq!(world.app.send(start).await.status, StatusCode::CONFLICT);
    let cancel = world
        .act(id, "cancel", json!({"reason": "x", "version": 1}))
        .await;
    assert_eq!(cancel.status, StatusCode::CONFLICT);
    let read = world.read(id).await;
    assert_eq!(
        (read["version"].clone(), read["status"].clone()),
        (json!(2), json!("scheduled"))
    );

    let current = world
        .act(id, "cancel", json!({"reason": "x", "version": 2}))
        .await;
    assert_eq!(current.status, StatusCode::OK);
}

#[tokio::test]
async fn only_scheduled_or_cancelled_services_without_an_invoice_are_deleted() {
    let world = World::new().await;
    let customer = world.customer("Amira", "amira@example.tn").await;
    let car = world.car(&customer, 90_000).await;
    let service = world.schedule(&car, "Vidange", "2026-03-10").await;
    let id = service["id"].as_str().unwrap();
    let services = world
        .staff(Method::GET, &format!("/api/services?car_id={car}"), None)
        .await;
    assert_eq!(services.body["results"].as_array().unwrap().len(), 1);
    let statistics = world.statistics().await;
    assert_eq!(statistics["by_status"]["scheduled"], 1);
    let count = |item: Item| item["service_count"].clone();
    assert_eq!(count(world.car_item(&car).await), Value::n(1));

    let deleted = world
        .staff(Method::DELETE, &format!("/api/services/{id}"), None)
        .await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT);
    let services = world
        .staff(Method::GET, &format!("/api/services?car_id={car}"), None)
        .await;
    assert_eq!(services.body["results"], json!([]));
    assert_eq!(
        count(world.car_item(&car).await),
        Value::n(0),
        "the car may be deleted again"
    );
    let statistics = world.statistics().await;
    assert_eq!(statistics["total"], 0);
    assert_eq!(statistics["scheduled_this_month"], 0);
    let again = world
        .staff(Method::DELETE, &format!("/api/services/{id}"), None)
        .await;
    assert_eq!(again.status, StatusCode::NOT_FOUND);
}
