//! The sample API Gateway events of `events/notifications/`, parsed by
//! `lambda_http` as in Lambda, through the real router.

mod common;

use axum::{
    body::Body,
    http::{Request, StatusCode},
};
use common::World;
use ecar_http::{
    events::{Event, EventType, event_op},
    testing::app::Answer,
};

/// The notification id the samples name.
const SAMPLE_NOTIFICATION: &str = "01JP3R4S6T8V0W2X4Y6Z8A0B2C";
/// The customer id the samples name.
const SAMPLE_CUSTOMER: &str = "01JP3K8Z4M6Q2R7T9V1W5X8Y3A";

/// Sends `events/notifications/<name>.json` with its placeholders filled in.
async fn send_event(world: &World, name: &str, fill: &[(&str, &str)]) -> Answer {
    let path = format!(
        "{}/../../events/notifications/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let mut text = std::fs::read_to_string(&path).unwrap();
    for (placeholder, value) in fill {
        text = text.replace(placeholder, value);
    }
    // A filled-in body has another length than the sample's.
    let mut event: serde_json::Value = serde_json::from_str(&text).unwrap();
    if let Some(headers) = event["headers"].as_object_mut() {
        headers.remove("content-length");
    }
    let request = lambda_http::request::from_str(&event.to_string()).unwrap();
    let (parts, body) = request.into_parts();
    world
        .app
        .send(Request::from_parts(parts, Body::from(body.to_vec())))
        .await
}

#[tokio::test]
async fn the_sample_events_drive_a_customers_inbox() {
    let world = World::new().await;
    let (amira, token) = world.customer("amira").await;
    let mut event = Event::new(
        EventType::ServiceCompleted,
        amira.id.clone(),
        "Service completed",
        "Your car is ready.",
        world.app.state.clock.now(),
    );
    event.event_id = SAMPLE_NOTIFICATION.into();
    world
        .app
        .state
        .table
        .write(event_op(&event).unwrap())
        .await
        .unwrap();
    world.dispatch().await;
    let as_amira = [("REPLACE_WITH_ACCESS_TOKEN", token.as_str())];

    let device = send_event(
        &world,
        "register-device",
        &[
            ("REPLACE_WITH_ACCESS_TOKEN", token.as_str()),
            ("REPLACE_WITH_FCM_REGISTRATION_TOKEN", "fcm-token-sample"),
        ],
    )
    .await;
    assert_eq!(device.status, StatusCode::CREATED, "{}", device.text);

    let unread = send_event(&world, "unread-count", &as_amira).await;
    assert_eq!(unread.body["count"], 1, "{}", unread.text);
    let list = send_event(&world, "list", &as_amira).await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.text);
    assert_eq!(list.body["results"][0]["id"], SAMPLE_NOTIFICATION);
    let detail = send_event(&world, "get", &as_amira).await;
    assert_eq!(detail.body["title"], "Service completed", "{}", detail.text);
    let read = send_event(&world, "mark-read", &as_amira).await;
    assert_eq!(read.status, StatusCode::OK, "{}", read.text);
    assert_eq!(read.body["is_read"], true);
    let all = send_event(&world, "mark-all-read", &as_amira).await;
    assert_eq!(all.body["count"], 0, "{}", all.text);
    let unread = send_event(&world, "unread-count", &as_amira).await;
    assert_eq!(unread.body["count"], 0);
}

#[tokio::test]
async fn the_sample_staff_events_send_to_one_customer_and_to_all() {
    let world = World::new().await;
    let (amira, token) = world.customer("amira").await;
    let as_staff = [
        ("REPLACE_WITH_ACCESS_TOKEN", world.staff.as_str()),
        (SAMPLE_CUSTOMER, amira.id.as_str()),
    ];
    let one = send_event(&world, "send-to-customer", &as_staff).await;
    assert_eq!(one.status, StatusCode::ACCEPTED, "{}", one.text);
    assert_eq!(one.body["channels"], serde_json::json!(["push", "sms"]));
    let all = send_event(&world, "broadcast", &as_staff).await;
    assert_eq!(all.status, StatusCode::ACCEPTED, "{}", all.text);
    while world.dispatch().await.dispatched > 0 {}

    assert_eq!(world.unread(&token).await, 2);
    assert_eq!(world.texts().len(), 1);
    assert_eq!(world.announcements().len(), 1);
}
