//! Staff messages: to one customer (pushed, texted when asked), to all
//! (through the topic, fanned out page by page), each delivered once.

mod common;

use axum::http::{Method, StatusCode};
use common::World;
use ecar_http::{
    notifications::broadcast::PAGE_SIZE,
    store::{Index, Query},
    testing::app::{request, with_header},
};
use serde_json::{Value, json};

async fn send(world: &World, body: Value) -> ecar_http::testing::app::Answer {
    world
        .call(
            Method::POST,
            "/api/notifications",
            Some(&world.staff),
            Some(body),
        )
        .await
}

#[tokio::test]
async fn a_message_to_one_customer_is_pushed_and_texted_once() {
    let world = World::new().await;
    let (amira, token) = world.customer("amira").await;
    world.device(&token, "fcm-token-amira").await;
    let (_, bilel_token) = world.customer("bilel").await;
    world.device(&bilel_token, "fcm-token-bilel").await;

    let sent = send(
        &world,
        json!({
            "title": "Votre voiture",
            "message": "Your car is ready for pick-up.",
            "customer_id": amira.id.as_str(),
            "channels": ["push", "sms"],
        }),
    )
    .await;
    assert_eq!(sent.status, StatusCode::ACCEPTED, "{}", sent.text);
    assert_eq!(sent.body["audience"], "customer");
    assert_eq!(sent.body["channels"], json!(["push", "sms"]));
    let id = sent.body["id"].as_str().unwrap().to_string();

    world.dispatch().await;
    world.dispatch().await;
    let pushes = world.pushes();
    assert_eq!(pushes.len(), 1, "{pushes:?}");
    assert_eq!(pushes[0].1, "Votre voiture");
    assert_eq!(
        world.texts(),
        vec![(
            "+21620000000".to_string(),
            "Votre voiture: Your car is ready for pick-up.".to_string()
        )]
    );
    assert_eq!(world.list_ids("/api/notifications", &token).await, vec![id]);
    assert!(
        world
            .list_ids("/api/notifications", &bilel_token)
            .await
            .is_empty()
    );
    assert!(world.announcements().is_empty());
}

#[tokio::test]
async fn a_message_to_all_reaches_every_customer_and_the_topic_once() {
    let world = World::new().await;
    // More customers than one page of the fan-out holds.
    let mut tokens = Vec::new();
    for n in 0..PAGE_SIZE + 3 {
        tokens.push(world.customer(&format!("customer{n}")).await.1);
    }
    world.device(&tokens[0], "fcm-token-first").await;
    world.device(&tokens[PAGE_SIZE + 2], "fcm-token-last").await;

    let sent = send(
        &world,
        json!({
            "title": "Fermeture exceptionnelle",
            "message": "The garage is closed on Thursday 20 March.",
            "all_customers": true,
            "notification_type": "general",
        }),
    )
    .await;
    assert_eq!(sent.status, StatusCode::ACCEPTED, "{}", sent.text);
    assert_eq!(sent.body["audience"], "all");
    assert_eq!(sent.body["customer_id"], json!(null));

    // Page 0, then page 1 and the events of page 0, then those of page 1.
    let mut rounds = 0;
    while world.dispatch().await.dispatched > 0 {
        rounds += 1;
        assert!(rounds < 10, "the fan-out does not end");
    }
    // Redelivered: nothing new.
    let pending = world
        .app
        .state
        .table
        .query(&Query::partition(Index::Gsi1, "OUTBOX#PENDING"))
        .await
        .unwrap();
    assert!(pending.items.is_empty());

    assert_eq!(
        world.announcements(),
        vec![(
            "Fermeture exceptionnelle".to_string(),
            "The garage is closed on Thursday 20 March.".to_string()
        )]
    );
    assert_eq!(world.pushes().len(), 2);
    for token in &tokens {
        let answer = world
            .call(Method::GET, "/api/notifications", Some(token), None)
            .await;
        let results = answer.body["results"].as_array().unwrap();
        assert_eq!(results.len(), 1);
        assert_eq!(results[0]["notification_type"], "general");
        assert_eq!(results[0]["title"], "Fermeture exceptionnelle");
        assert_eq!(world.unread(token).await, 1);
    }
}

#[tokio::test]
async fn the_same_idempotency_key_sends_once() {
    let world = World::new().await;
    world.customer("amira").await;
    let body = json!({"title": "Hello", "message": "Hi all", "all_customers": true});
    let post = || {
        with_header(
            request(
                Method::POST,
                "/api/notifications",
                Some(&world.staff),
                Some(&body),
            ),
            "idempotency-key",
            "broadcast-1",
        )
    };
    let first = world.app.send(post()).await;
    let second = world.app.send(post()).await;
    assert_eq!(first.status, StatusCode::ACCEPTED);
    assert_eq!(second.status, StatusCode::ACCEPTED);
    assert_eq!(first.body, second.body);
    while world.dispatch().await.dispatched > 0 {}
    assert_eq!(world.announcements().len(), 1);

    let other = with_header(
        request(
            Method::POST,
            "/api/notifications",
            Some(&world.staff),
            Some(&json!({"title": "Other", "message": "Hi all", "all_customers": true})),
        ),
        "idempotency-key",
        "broadcast-1",
    );
    assert_eq!(world.app.send(other).await.status, StatusCode::CONFLICT);
}

#[tokio::test]
async fn bad_messages_are_refused_and_nothing_is_sent() {
    let world = World::new().await;
    let (amira, token) = world.customer("amira").await;
    let customer = amira.id.as_str();
    for (body, field) in [
        (json!({"title": "t", "message": "m"}), "customer_id"),
        (
            json!({"title": "t", "message": "m", "customer_id": customer, "all_customers": true}),
            "customer_id",
        ),
        (
            json!({"title": "t", "message": "m", "customer_id": "01JP3K8Z4M6Q2R7T9V1W5X8Y3A"}),
            "customer_id",
        ),
        (
            json!({"title": "t", "message": "m", "customer_id": customer, "notification_type": "invoice"}),
            "notification_type",
        ),
        (
            json!({"title": "t", "message": "m", "all_customers": true, "channels": ["sms"]}),
            "channels",
        ),
        (
            json!({"title": "t", "message": "m", "customer_id": customer, "channels": []}),
            "channels",
        ),
        (
            json!({"title": "t".repeat(101), "message": "m", "customer_id": customer}),
            "title",
        ),
        (
            json!({"title": "t", "message": "", "customer_id": customer}),
            "message",
        ),
    ] {
        let answer = send(&world, body.clone()).await;
        assert_eq!(
            answer.status,
            StatusCode::BAD_REQUEST,
            "{body}: {}",
            answer.text
        );
        assert_eq!(answer.body["errors"][0]["field"], field, "{body}");
    }
    let unknown = send(
        &world,
        json!({"title": "t", "message": "m", "customer_id": customer, "priority": "high"}),
    )
    .await;
    assert_eq!(unknown.status, StatusCode::BAD_REQUEST);

    let as_customer = world
        .call(
            Method::POST,
            "/api/notifications",
            Some(&token),
            Some(json!({"title": "t", "message": "m", "customer_id": customer})),
        )
        .await;
    assert_eq!(as_customer.status, StatusCode::FORBIDDEN);

    assert_eq!(
        world.dispatch().await.dispatched,
        0,
        "nothing reached the outbox"
    );
    assert!(world.notifier.sent().is_empty());
}

#[tokio::test]
async fn texting_is_refused_when_sms_is_disabled() {
    let mut world = World::new().await;
    let mut config = (*world.app.state.config).clone();
    config.sms_enabled = false;
    world.app.state.ports.config = std::sync::Arc::new(config);
    let router = ecar_notifications::router();
    world.app.router = router.with_state(world.app.state.clone());
    let (amira, _) = world.customer("amira").await;
    let answer = send(
        &world,
        json!({"title": "t", "message": "m", "customer_id": amira.id.as_str(), "channels": ["sms"]}),
    )
    .await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{}", answer.text);
    assert_eq!(answer.body["errors"][0]["field"], "channels");
}
