//! Every bad input class gets a clear 4xx naming the field, and stores nothing.

mod common;

use axum::http::{Method, StatusCode};
use common::World;
use ecar_http::testing::app::{raw, request, with_header};
use serde_json::{Value, json};

/// Everything a bad request could have changed.
async fn state_of(world: &World, service: &str) -> Value {
    json!({
        "service": world.read(service).await,
        "all": world.staff(Method::GET, "/api/services?limit=200", None).await.body,
        "statistics": world.statistics().await,
    })
}

#[tokio::test]
async fn bad_bodies_are_refused_with_the_field_and_nothing_is_stored() {
    let world = World::new().await;
    let customer = world.customer("Amira", "amira@example.tn").await;
    let car = world.car(&customer, 90_000).await;
    let service = world.schedule(&car, "Vidange", "2026-03-10").await;
    let id = service["id"].as_str().unwrap();
    let long = "x".repeat(201);
    let item = |changes: Value| {
        let mut body =
            json!({"item_type": "part", "name": "Filtre", "quantity": "1", "unit_price": "10"});
        for (name, value) in changes.as_object().unwrap() {
            body[name] = value.clone();
        }
        body
    };
    // (path, body, the field named)
    let cases: Vec<(String, Value, &str)> = vec![
        (
            "/api/services".into(),
            json!({"car_id": car, "title": 5, "scheduled_date": "2026-03-10"}),
            "title",
        ),
        (
            "/api/services".into(),
            json!({"car_id": car, "title": "T", "scheduled_date": "2026-03-10", "status": "completed"}),
            "status",
        ),
        (
            "/api/services".into(),
            json!({"car_id": car, "title": "T", "scheduled_date": "2026-03-10", "customer_id": customer.id}),
            "customer_id",
        ),
        (
            "/api/services".into(),
            json!({"car_id": car, "title": "T", "scheduled_date": "2026-03-10", "subtotal": "0"}),
            "subtotal",
        ),
        (
            "/api/services".into(),
            json!({"car_id": car, "title": long, "scheduled_date": "2026-03-10"}),
            "title",
        ),
        (
            "/api/services".into(),
            json!({"car_id": car, "title": "  ", "scheduled_date": "2026-03-10"}),
            "title",
        ),
        (
            "/api/services".into(),
            json!({"car_id": car, "title": "T", "scheduled_date": "2026-02-30"}),
            "scheduled_date",
        ),
        (
            "/api/services".into(),
            json!({"car_id": car, "title": "T", "scheduled_date": "1999-12-31"}),
            "scheduled_date",
        ),
        (
            "/api/services".into(),
            json!({"car_id": car, "title": "T"}),
            "scheduled_date",
        ),
        (
            "/api/services".into(),
            json!({"car_id": "not-an-id", "title": "T", "scheduled_date": "2026-03-10"}),
            "car_id",
        ),
        (
            "/api/services".into(),
            json!({"car_id": "01JP3M2C7D9E4F6G8H1J3K5M7N", "title": "T", "scheduled_date": "2026-03-10"}),
            "car_id",
        ),
        (
            format!("/api/services/{id}/items"),
            item(json!({"quantity": "0"})),
            "quantity",
        ),
        (
            format!("/api/services/{id}/items"),
            item(json!({"quantity": "-1"})),
            "quantity",
        ),
        (
            format!("/api/services/{id}/items"),
            item(json!({"quantity": "1.0001"})),
            "quantity",
        ),
        (
            format!("/api/services/{id}/items"),
            item(json!({"quantity": 2})),
            "quantity",
        ),
        (
            format!("/api/services/{id}/items"),
            item(json!({"quantity": "two"})),
            "quantity",
        ),
        (
            format!("/api/services/{id}/items"),
            item(json!({"unit_price": 12.5})),
            "unit_price",
        ),
        (
            format!("/api/services/{id}/items"),
            item(json!({"unit_price": "12,5"})),
            "unit_price",
        ),
        (
            format!("/api/services/{id}/items"),
            item(json!({"unit_price": "1e3"})),
            "unit_price",
        ),
        (
            format!("/api/services/{id}/items"),
            item(json!({"unit_price": "1.2345"})),
            "unit_price",
        ),
        (
            format!("/api/services/{id}/items"),
            item(json!({"unit_price": "-1"})),
            "unit_price",
        ),
        (
            format!("/api/services/{id}/items"),
            item(json!({"item_type": "gift"})),
            "item_type",
        ),
        (
            format!("/api/services/{id}/items"),
            item(json!({"name": long})),
            "name",
        ),
        (
            format!("/api/services/{id}/items"),
            item(json!({"total_price": "1"})),
            "total_price",
        ),
        (
            format!("/api/services/{id}/complete"),
            json!({"service_mileage": "far"}),
            "service_mileage",
        ),
        (
            format!("/api/services/{id}/complete"),
            json!({"service_mileage": -5}),
            "service_mileage",
        ),
        (
            format!("/api/services/{id}/complete"),
            json!({"service_mileage": 10_000_000}),
            "service_mileage",
        ),
        (
            format!("/api/services/{id}/complete"),
            json!({"completed_date": "yesterday"}),
            "completed_date",
        ),
        (
            format!("/api/services/{id}/reschedule"),
            json!({"scheduled_date": null}),
            "scheduled_date",
        ),
        (
            format!("/api/services/{id}/cancel"),
            json!({"reason": "x".repeat(501)}),
            "reason",
        ),
        (
            format!("/api/services/{id}/send_notification"),
            json!({"channels": ["email"]}),
            "channels[0]",
        ),
        (
            format!("/api/services/{id}/send_notification"),
            json!({"channels": ["sms"], "message": "x".repeat(401)}),
            "message",
        ),
    ];
    let before = state_of(&world, id).await;
    for (path, body, field) in cases {
        let answer = world.staff(Method::POST, &path, Some(body.clone())).await;
        assert_eq!(
            answer.status,
            StatusCode::BAD_REQUEST,
            "{path} {body}: {}",
            answer.text
        );
        assert_eq!(answer.headers["content-type"], "application/problem+json");
        assert_eq!(answer.body["errors"][0]["field"], field, "{path} {body}");
    }
    let patches = [
        (json!({"title": null}), "title"),
        (json!({"scheduled_date": "03/10/2026"}), "scheduled_date"),
        (json!({"service_mileage": 1.5}), "service_mileage"),
        (json!({"items": []}), "items"),
        (json!({"invoice_id": "x"}), "invoice_id"),
    ];
    for (body, field) in patches {
        let answer = world
            .staff(
                Method::PATCH,
                &format!("/api/services/{id}"),
                Some(body.clone()),
            )
            .await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{body}");
        assert_eq!(answer.body["errors"][0]["field"], field, "{body}");
    }
    assert_eq!(
        state_of(&world, id).await,
        before,
        "a bad request stored something"
    );
    assert!(world.texts().is_empty(), "a bad request sent something");
}

#[tokio::test]
async fn wrong_content_types_sizes_queries_and_headers() {
    let world = World::new().await;
    let customer = world.customer("Amira", "amira@example.tn").await;
    let car = world.car(&customer, 90_000).await;
    let body = json!({"car_id": car, "title": "T", "scheduled_date": "2026-03-10"}).to_string();
    let form = raw(
        Method::POST,
        "/api/services",
        Some(&world.staff),
        "text/plain",
        body.clone(),
    );
    assert_eq!(
        world.app.send(form).await.status,
        StatusCode::UNSUPPORTED_MEDIA_TYPE
    );
    let huge = format!(
        r#"{{"car_id":"{car}","title":"T","scheduled_date":"2026-03-10","description":"{}"}}"#,
        "x".repeat(2 * 1024 * 1024)
    );
    let huge = raw(
        Method::POST,
        "/api/services",
        Some(&world.staff),
        "application/json",
        huge,
    );
    assert_eq!(
        world.app.send(huge).await.status,
        StatusCode::PAYLOAD_TOO_LARGE
    );
    let broken = raw(
        Method::POST,
        "/api/services",
        Some(&world.staff),
        "application/json",
        "{",
    );
    assert_eq!(world.app.send(broken).await.status, StatusCode::BAD_REQUEST);
    for query in [
        "status=done",
        "car_id=nope",
        "scheduled_after=2026-13-01",
        "limit=0",
        "limit=abc",
        "cursor=forged",
    ] {
        let answer = world
            .staff(Method::GET, &format!("/api/services?{query}"), None)
            .await;
        assert_eq!(
            answer.status,
            StatusCode::BAD_REQUEST,
            "{query}: {}",
            answer.text
        );
    }
    let bad_version = with_header(
        request(
            Method::PATCH,
            "/api/services/01JP3N5P8Q1R3S6T9V2W4X7Y9Z",
            Some(&world.staff),
            Some(&json!({"title": "T"})),
        ),
        "if-match",
        "*",
    );
    assert_eq!(
        world.app.send(bad_version).await.status,
        StatusCode::BAD_REQUEST
    );
    let listed = world.staff(Method::GET, "/api/services", None).await;
    assert_eq!(listed.body["results"], json!([]), "nothing was created");
}

#[tokio::test]
async fn an_idempotency_key_replays_the_first_answer() {
    let world = World::new().await;
    let customer = world.customer("Amira", "amira@example.tn").await;
    let car = world.car(&customer, 90_000).await;
    let body = json!({"car_id": car, "title": "Vidange", "scheduled_date": "2026-03-10"});
    let post = |body: &Value| {
        with_header(
            request(
                Method::POST,
                "/api/services",
                Some(&world.staff),
                Some(body),
            ),
            "idempotency-key",
            "booking-42",
        )
    };
    let first = world.app.send(post(&body)).await;
    assert_eq!(first.status, StatusCode::CREATED);
    let again = world.app.send(post(&body)).await;
    assert_eq!(again.status, StatusCode::CREATED);
    assert_eq!(again.body, first.body);
    let mut other = body.clone();
    other["title"] = json!("Freins");
    let conflict = world.app.send(post(&other)).await;
    assert_eq!(conflict.status, StatusCode::CONFLICT);
    let listed = world.staff(Method::GET, "/api/services", None).await;
    assert_eq!(listed.body["results"].as_array().unwrap().len(), 1);
    assert_eq!(world.statistics().await["total"], 1);
}

#[tokio::test]
async fn a_bodyless_action_still_applies_the_body_rules() {
    let world = World::new().await;
    let customer = world.customer("Amira", "amira@example.tn").await;
    let car = world.car(&customer, 90_000).await;
    let service = world.schedule(&car, "Vidange", "2026-03-10").await;
    let id = service["id"].as_str().unwrap();
    let before = state_of(&world, id).await;
    let start = format!("/api/services/{id}/start");

    // A stale version in the body is a 409, as it is in If-Match.
    let stale = world.act(id, "start", json!({"version": 999})).await;
    assert_eq!(stale.status, StatusCode::CONFLICT, "{}", stale.text);
    let unknown = world.act(id, "start", json!({"force": true})).await;
    assert_eq!(unknown.status, StatusCode::BAD_REQUEST, "{}", unknown.text);
    assert_eq!(unknown.body["errors"][0]["field"], "force");
    let text = raw(
        Method::POST,
        &start,
        Some(&world.staff),
        "text/plain",
        "start!",
    );
    assert_eq!(
        world.app.send(text).await.status,
        StatusCode::UNSUPPORTED_MEDIA_TYPE
    );
    assert_eq!(state_of(&world, id).await, before, "nothing started");

    // No body, `{}` or the current version all start it.
    let current = world
        .act(id, "start", json!({"version": service["version"]}))
        .await;
    assert_eq!(current.status, StatusCode::OK, "{}", current.text);
    assert_eq!(current.body["status"], "in_progress");
}

#[tokio::test]
async fn every_error_is_problem_json_even_from_the_extractors() {
    let world = World::new().await;
    // A path id that is not UTF-8 once percent-decoded.
    let answer = world.staff(Method::GET, "/api/services/%FF%FE", None).await;
    assert!(answer.status.is_client_error(), "{}", answer.status);
    assert_eq!(
        answer.headers["content-type"], "application/problem+json",
        "{}",
        answer.text
    );
    assert_eq!(answer.body["status"], answer.status.as_u16());
    // A duplicated query parameter.
    let answer = world
        .staff(Method::GET, "/api/services?limit=5&limit=6", None)
        .await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    assert_eq!(answer.headers["content-type"], "application/problem+json");
    // Every answer carries the security headers.
    for (name, value) in [
        ("x-content-type-options", "nosniff"),
        ("x-frame-options", "DENY"),
        ("referrer-policy", "no-referrer"),
        (
            "content-security-policy",
            ecar_http::http::API_CONTENT_SECURITY_POLICY,
        ),
    ] {
        assert_eq!(answer.headers[name], value, "{name}");
    }
}
