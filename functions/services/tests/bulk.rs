//! `bulk_update`: the rules of a single update for each id, and a report per id.

mod common;

use axum::http::{Method, StatusCode};
use common::World;
use serde_json::{Value, json};

async fn bulk(world: &World, body: Value) -> ecar_http::testing::app::Answer {
    world
        .call(
            Method::POST,
            "/api/services/bulk_update",
            Some(&world.admin),
            Some(body),
        )
        .await
}

#[tokio::test]
async fn each_id_follows_the_single_update_rules_and_is_reported() {
    let world = World::new().await;
    let customer = world.customer("Amira", "amira@example.tn").await;
    let car = world.car(&customer, 90_000).await;
    let scheduled = world.schedule(&car, "Un", "2026-03-10").await;
    let started = world.schedule(&car, "Deux", "2026-03-10").await;
    world
        .act(started["id"].as_str().unwrap(), "start", json!({}))
        .await;
    let completed = world.schedule(&car, "Trois", "2026-03-10").await;
    world
        .act(completed["id"].as_str().unwrap(), "complete", json!({}))
        .await;
    let absent = "01JP3N5P8Q1R3S6T9V2W4X7Y9Z";
    let ids = [
        scheduled["id"].as_str().unwrap(),
        started["id"].as_str().unwrap(),
        completed["id"].as_str().unwrap(),
        absent,
        "not-an-id",
        scheduled["id"].as_str().unwrap(),
    ];

    let answer = bulk(
        &world,
        json!({"ids": ids, "changes": {"scheduled_date": "2026-03-12", "technician_notes": "Client prévenu"}}),
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
    let report = answer.body;
    let updated: Vec<&str> = report["updated"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| row["id"].as_str().unwrap())
        .collect();
    assert_eq!(updated, [ids[0], ids[1]], "each id once, in order");
    assert_eq!(report["updated"][0]["version"], 2);
    let errors = report["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 3);
    assert_eq!(errors[0]["id"], ids[2]);
    assert_eq!(
        errors[0]["status"], 409,
        "a completed service keeps its date"
    );
    assert_eq!(errors[1]["id"], absent);
    assert_eq!(errors[1]["status"], 404);
    assert_eq!(errors[2]["id"], "not-an-id");
    assert_eq!(errors[2]["status"], 404);

    assert_eq!(world.read(ids[0]).await["scheduled_date"], "2026-03-12");
    assert_eq!(
        world.read(ids[1]).await["status"],
        "in_progress",
        "status untouched"
    );
    assert_eq!(world.read(ids[2]).await["scheduled_date"], "2026-03-10");
    assert_eq!(
        world.read(ids[2]).await["technician_notes"],
        "",
        "refused whole"
    );
}

#[tokio::test]
async fn bad_bulk_requests_change_nothing() {
    let world = World::new().await;
    let customer = world.customer("Amira", "amira@example.tn").await;
    let car = world.car(&customer, 90_000).await;
    let service = world.schedule(&car, "Un", "2026-03-10").await;
    let id = service["id"].as_str().unwrap();
    let many: Vec<String> = (0..1001).map(|_| id.to_string()).collect();
    let cases = [
        (json!({"ids": [], "changes": {"title": "X"}}), "ids"),
        (json!({"ids": many, "changes": {"title": "X"}}), "ids"),
        (json!({"ids": [id], "changes": {}}), "changes"),
        (
            json!({"ids": [id], "changes": {"status": "completed"}}),
            "changes.status",
        ),
        (
            json!({"ids": [id], "changes": {"title": "X", "version": 1}}),
            "changes.version",
        ),
        (
            json!({"ids": [id], "changes": {"title": ""}}),
            "changes.title",
        ),
        (json!({"ids": [id]}), "changes"),
    ];
    for (body, field) in cases {
        let answer = bulk(&world, body.clone()).await;
        assert_eq!(
            answer.status,
            StatusCode::BAD_REQUEST,
            "{body}: {}",
            answer.text
        );
        assert_eq!(answer.body["errors"][0]["field"], field, "{body}");
    }
    assert_eq!(world.read(id).await, service);
}
