//! The sample API Gateway events of `events/customers/`, parsed by
//! `lambda_http` as in Lambda, through the real router.

mod common;

use axum::{body::Body, http::Request};
use common::World;
use ecar_http::testing::app::Answer;

/// The customer id the samples name.
const SAMPLE_CUSTOMER: &str = "01JP3K8Z4M6Q2R7T9V1W5X8Y3A";

/// Sends `events/customers/<name>.json` with a token and a real customer id.
async fn send_event(world: &World, name: &str, token: &str, customer_id: &str) -> Answer {
    let path = format!(
        "{}/../../events/customers/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path)
        .unwrap()
        .replace("REPLACE_WITH_ACCESS_TOKEN", token)
        .replace(SAMPLE_CUSTOMER, customer_id);
    let mut event: serde_json::Value = serde_json::from_str(&text).unwrap();
    // A filled-in event has another length than the sample's.
    event["headers"]
        .as_object_mut()
        .unwrap()
        .remove("content-length");
    let request = lambda_http::request::from_str(&event.to_string()).unwrap();
    let (parts, body) = request.into_parts();
    world
        .app
        .send(Request::from_parts(parts, Body::from(body.to_vec())))
        .await
}

#[tokio::test]
async fn the_sample_events_go_through_the_router() {
    let world = World::new().await;
    let created = send_event(&world, "create", &world.staff, SAMPLE_CUSTOMER).await;
    assert_eq!(created.status, 201, "{}", created.text);
    assert_eq!(created.body["phone"], "+21698123456");
    let id = created.body["id"].as_str().unwrap().to_string();
    let token = world
        .app
        .token_of(created.body["user_id"].as_str().unwrap())
        .await;

    let list = send_event(&world, "list", &world.staff, &id).await;
    assert_eq!(list.status, 200, "{}", list.text);
    assert_eq!(list.body["results"][0]["id"], id.as_str(), "found by `ben`");
    // The address sample says `If-Match: "3"`: two changes make it current.
    for notes in ["first call", "second call"] {
        let path = format!("/api/customers/{id}");
        let body = serde_json::json!({ "notes": notes });
        world
            .call(
                axum::http::Method::PATCH,
                &path,
                Some(&world.staff),
                Some(body),
            )
            .await;
    }
    for (name, caller) in [
        ("get", &world.staff),
        ("statistics", &token),
        ("me", &token),
        ("update-address", &token),
        ("export", &world.admin),
    ] {
        let answer = send_event(&world, name, caller, &id).await;
        assert_eq!(answer.status, 200, "{name}: {}", answer.text);
    }
    let read = world.read(&id).await;
    assert_eq!(
        read.body["address"],
        "7 Avenue Habib Bourguiba, 4000 Sousse"
    );
}
