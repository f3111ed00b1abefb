//! The sample API Gateway events of `events/appointments/`, parsed by
//! `lambda_http` as in Lambda, through the real router.

mod common;

use axum::{
    body::Body,
    http::{Request, StatusCode},
};
use common::World;
use ecar_http::{domain::CarId, testing::app::Answer};

/// The car the samples name.
const SAMPLE_CAR: &str = "01JP3M2C7D9E4F6G8H1J3K5M7N";
/// The appointment the samples name.
const SAMPLE_APPOINTMENT: &str = "01JP3T2V4W6X8Y0Z2A4B6C8D0E";

/// Sends `events/appointments/<name>.json` with its placeholders filled in.
async fn send_event(world: &World, name: &str, fill: &[(&str, &str)]) -> Answer {
    let path = format!(
        "{}/../../events/appointments/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let mut text = std::fs::read_to_string(&path).unwrap();
    for (placeholder, value) in fill {
        text = text.replace(placeholder, value);
    }
    let request = lambda_http::request::from_str(&text).unwrap();
    let (parts, body) = request.into_parts();
    world
        .app
        .send(Request::from_parts(parts, Body::from(body.to_vec())))
        .await
}

#[tokio::test]
async fn the_sample_events_book_and_confirm_an_appointment() {
    // Thursday 12 March 2026: the samples book Monday 16 March.
    let world = World::at("2026-03-12T09:00:00Z".parse().unwrap()).await;
    let (amira, token) = world.app.customer_token("amira").await;
    world
        .car_with_id(&amira, "185 TU 4521", CarId::parse(SAMPLE_CAR).unwrap())
        .await;
    let as_amira = [("REPLACE_WITH_ACCESS_TOKEN", token.as_str())];

    let slots = send_event(&world, "slots", &as_amira).await;
    assert_eq!(slots.status, StatusCode::OK, "{}", slots.text);
    // Monday to Friday, eight hour slots a day.
    assert_eq!(slots.body["slots"].as_array().unwrap().len(), 40);

    let booked = send_event(&world, "book", &as_amira).await;
    assert_eq!(booked.status, StatusCode::CREATED, "{}", booked.text);
    assert_eq!(booked.body["status"], "requested");
    let id = booked.body["id"].as_str().unwrap().to_owned();

    let listed = send_event(&world, "list", &as_amira).await;
    assert_eq!(listed.body["results"][0]["id"], id.as_str());

    let confirmed = send_event(
        &world,
        "confirm",
        &[
            ("REPLACE_WITH_ACCESS_TOKEN", world.staff.as_str()),
            (SAMPLE_APPOINTMENT, id.as_str()),
        ],
    )
    .await;
    assert_eq!(confirmed.status, StatusCode::OK, "{}", confirmed.text);
    assert_eq!(confirmed.body["status"], "confirmed");
}
