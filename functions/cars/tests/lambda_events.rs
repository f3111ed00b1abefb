//! The sample API Gateway events of `events/cars/`, parsed by `lambda_http`
//! as in Lambda, through the real router.

mod common;

use axum::{body::Body, http::Request};
use common::World;
use ecar_http::testing::app::Answer;

/// The ids the samples name.
const SAMPLE_CUSTOMER: &str = "01JP3K8Z4M6Q2R7T9V1W5X8Y3A";
const SAMPLE_CAR: &str = "01JP3M2C7D9E4F6G8H1J3K5M7N";

/// Sends `events/cars/<name>.json` with a token and real ids.
async fn send_event(
    world: &World,
    name: &str,
    token: &str,
    customer_id: &str,
    car_id: &str,
) -> Answer {
    let path = format!(
        "{}/../../events/cars/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path)
        .unwrap()
        .replace("REPLACE_WITH_ACCESS_TOKEN", token)
        .replace(SAMPLE_CUSTOMER, customer_id)
        .replace(SAMPLE_CAR, car_id);
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
    let owner = world.owner("Amira").await;
    let created = send_event(&world, "create", &world.staff, &owner.id, SAMPLE_CAR).await;
    assert_eq!(created.status, 201, "{}", created.text);
    let car = created.body["id"].as_str().unwrap().to_string();
    for (name, token) in [
        ("get", &owner.token),
        ("list", &world.staff),
        ("report-mileage", &owner.token),
        ("next-service-prediction", &owner.token),
    ] {
        let answer = send_event(&world, name, token, &owner.id, &car).await;
        assert_eq!(answer.status, 200, "{name}: {}", answer.text);
    }
    let read = world.read(&car).await;
    assert_eq!(read.body["mileage"], 91_730);
}
