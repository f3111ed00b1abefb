//! The sample API Gateway events of `events/services/`, parsed by
//! `lambda_http` as in Lambda, through the real router.

mod common;

use axum::{body::Body, http::Request};
use common::World;
use ecar_http::testing::app::Answer;

/// The car id the samples name.
const SAMPLE_CAR: &str = "01JP3M2C7D9E4F6G8H1J3K5M7N";
/// The service id the samples name.
const SAMPLE_SERVICE: &str = "01JP3N5P8Q1R3S6T9V2W4X7Y9Z";

/// Sends `events/services/<name>.json` as staff, naming a real car and service.
async fn send_event(world: &World, name: &str, car: &str, service: &str) -> Answer {
    let path = format!(
        "{}/../../events/services/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path)
        .unwrap()
        .replace("REPLACE_WITH_ACCESS_TOKEN", &world.staff)
        .replace(SAMPLE_CAR, car)
        .replace(SAMPLE_SERVICE, service);
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
    // The samples tell the story of 16 March 2026.
    let world = World::at("2026-03-16T14:00:00Z".parse().unwrap()).await;
    let customer = world.customer("Amira", "amira@example.tn").await;
    let car = world.car(&customer, 90_000).await;

    let created = send_event(&world, "create", &car, SAMPLE_SERVICE).await;
    assert_eq!(created.status, 201, "{}", created.text);
    assert_eq!(created.body["title"], "Vidange et filtres");
    let id = created.body["id"].as_str().unwrap().to_string();

    let listed = send_event(&world, "list", &car, &id).await;
    assert_eq!(listed.status, 200, "{}", listed.text);
    assert_eq!(listed.body["results"][0]["id"], id.as_str());

    for (name, status) in [("start", 200), ("add-item", 201), ("complete", 200)] {
        let answer = send_event(&world, name, &car, &id).await;
        assert_eq!(answer.status, status, "{name}: {}", answer.text);
    }
    let statistics = send_event(&world, "statistics", &car, &id).await;
    assert_eq!(statistics.status, 200, "{}", statistics.text);
    assert_eq!(statistics.body["completed_this_month"], 1);
    assert_eq!(statistics.body["revenue"], "38.500");
    let read = world.read(&id).await;
    assert_eq!(read["service_mileage"], 91_802);
    assert_eq!(read["status"], "completed");
}
