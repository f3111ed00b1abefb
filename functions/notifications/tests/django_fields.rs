//! Staff messages from the Django ECAR's form: the customer named by their
//! login's `user_id`, and `is_read` only as the `false` a message is sent with.

mod common;

use axum::http::{Method, StatusCode};
use common::World;
use serde_json::{Value, json};

async fn send(world: &World, body: Value) -> ecar_http::testing::app::Answer {
    world
        .call(
            Method::POST,
            "/api/notifications/",
            Some(&world.staff),
            Some(body),
        )
        .await
}

fn form(user_id: &str, is_read: bool) -> Value {
    json!({
        "user_id": user_id,
        "title": "Votre voiture",
        "message": "Votre voiture est prête.",
        "notification_type": "general",
        "is_read": is_read,
    })
}

#[tokio::test]
async fn a_message_reaches_the_customer_named_by_their_login() {
    let world = World::new().await;
    let (leila, token) = world.customer("leila").await;
    world.device(&token, "fcm-token-leila").await;

    let sent = send(&world, form(&leila.user_id, false)).await;
    assert_eq!(sent.status, StatusCode::ACCEPTED, "{}", sent.text);
    assert_eq!(sent.body["audience"], "customer");
    world.dispatch().await;
    let inbox = world
        .call(Method::GET, "/api/notifications", Some(&token), None)
        .await;
    assert_eq!(inbox.body["results"][0]["title"], "Votre voiture");
    assert_eq!(inbox.body["results"][0]["is_read"], false);
    assert_eq!(world.pushes().len(), 1);
}

#[tokio::test]
async fn a_login_that_is_not_a_customers_a_read_message_or_two_names_are_refused() {
    let world = World::new().await;
    let (leila, _) = world.customer("leila").await;
    let staff_login = world
        .app
        .staff_account("another.staff", ecar_http::auth::Role::Staff)
        .await;
    let mut both = form(&leila.user_id, false);
    both["customer_id"] = json!(leila.id.as_str());
    for (body, field) in [
        (form(&staff_login, false), "user_id"),
        (form("01JP3R4S6T8V0W2X4Y6Z8A0B2C", false), "user_id"),
        (form(&leila.user_id, true), "is_read"),
        (both, "user_id"),
    ] {
        let refused = send(&world, body.clone()).await;
        assert_eq!(
            refused.status,
            StatusCode::BAD_REQUEST,
            "{body}: {}",
            refused.text
        );
        assert_eq!(refused.body["errors"][0]["field"], field, "{body}");
    }
    world.dispatch().await;
    assert!(world.pushes().is_empty());
    assert!(world.texts().is_empty());
}
