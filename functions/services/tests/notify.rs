//! `send_notification`: an SMS to the owner's phone now, and a push through
//! the outbox for the dispatcher.

mod common;

use std::sync::Arc;

use axum::http::StatusCode;
use common::World;
use ecar_http::{
    Clock,
    events::{Channel, Event, EventType, RelatedKind},
    store::{Key, Table},
    testing::app::start,
};
use ecar_store::table::EmbeddedTable;

use serde_json::json;

#[tokio::test]
async fn the_owner_gets_a_text_now_and_a_push_through_the_outbox() {
    let clock = Clock::fixed(start());
    let table = Arc::new(EmbeddedTable::in_memory(clock.clone()).unwrap());
    let world = World::over(table.clone(), clock).await;
    let customer = world.customer("Amira", "amira@example.tn").await;
    let car = world.car(&customer, 90_000).await;
    let service = world.schedule(&car, "Vidange", "2026-03-10").await;
    let id = service["id"].as_str().unwrap();

    let sent = world
        .act(
            id,
            "send_notification",
            json!({"channels": ["sms", "push"]}),
        )
        .await;
    assert_eq!(sent.status, StatusCode::OK, "{}", sent.text);
    let texts = world.texts();
    assert_eq!(
        texts,
        [(
            "+21698123456".to_string(),
            "Your Peugeot 208 (185TU4521) is booked for Vidange on 2026-03-10.".to_string()
        )]
    );
    assert!(sent.body["sms_message_id"].is_string());
    let event_id = sent.body["push_event_id"].as_str().unwrap();
    let item = table
        .get(&Key::new(format!("EVENT#{event_id}"), "EVENT"))
        .await
        .unwrap()
        .expect("the event is in the outbox");
    let event = Event::from_stored(item).unwrap();
    assert_eq!(event.event_type, EventType::GeneralMessage);
    assert_eq!(event.customer_id, customer.id);
    assert_eq!(event.channels, [Channel::Push]);
    assert_eq!(event.related_kind, Some(RelatedKind::Service));
    assert_eq!(event.title, "About your service: Vidange");

    let written = world
        .act(
            id,
            "send_notification",
            json!({"channels": ["sms"], "message": "Votre voiture est prête."}),
        )
        .await;
    assert_eq!(written.status, StatusCode::OK);
    assert_eq!(written.body["push_event_id"], serde_json::Value::Null);
    assert_eq!(world.texts()[1].1, "Votre voiture est prête.");

    let none = world
        .act(id, "send_notification", json!({"channels": []}))
        .await;
    assert_eq!(none.status, StatusCode::BAD_REQUEST);
    assert_eq!(world.texts().len(), 2, "nothing more was sent");
}
