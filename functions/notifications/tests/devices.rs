//! Phones registered for push: registration, removal, a phone changing
//! hands, and endpoints the push service reports disabled.

mod common;

use axum::http::{Method, StatusCode};
use common::World;
use ecar_http::events::EventType;
use serde_json::json;

#[tokio::test]
async fn a_registered_phone_gets_the_customers_pushes_until_removed() {
    let world = World::new().await;
    let (amira, token) = world.customer("amira").await;
    let device = world.device(&token, "fcm-token-amira").await;
    assert_eq!(device["platform"], "fcm");
    assert!(device.get("endpoint").is_none() && device.get("token").is_none());

    let again = world
        .call(
            Method::POST,
            "/api/notifications/devices",
            Some(&token),
            Some(json!({"platform": "fcm", "token": "fcm-token-amira"})),
        )
        .await;
    assert_eq!(again.status, StatusCode::OK, "the same phone again");
    assert_eq!(again.body["id"], device["id"]);

    world
        .event(&amira.id, EventType::ServiceCompleted, "Service completed")
        .await;
    world.dispatch().await;
    let pushes = world.pushes();
    assert_eq!(pushes.len(), 1);
    assert_eq!(pushes[0].1, "Service completed");
    assert_eq!(pushes[0].2.as_deref(), Some("01JP3N5P8Q1R3S6T9V2W4X7Y9Z"));

    let path = format!(
        "/api/notifications/devices/{}",
        device["id"].as_str().unwrap()
    );
    let removed = world.call(Method::DELETE, &path, Some(&token), None).await;
    assert_eq!(removed.status, StatusCode::NO_CONTENT, "{}", removed.text);
    let twice = world.call(Method::DELETE, &path, Some(&token), None).await;
    assert_eq!(twice.status, StatusCode::NOT_FOUND);

    world
        .event(&amira.id, EventType::InvoiceIssued, "Invoice")
        .await;
    world.dispatch().await;
    assert_eq!(world.pushes().len(), 1, "no push after removal");
}

#[tokio::test]
async fn another_customers_phone_cannot_be_removed() {
    let world = World::new().await;
    let (_, amira) = world.customer("amira").await;
    let (_, bilel) = world.customer("bilel").await;
    let device = world.device(&amira, "fcm-token-amira").await;
    let path = format!(
        "/api/notifications/devices/{}",
        device["id"].as_str().unwrap()
    );
    let answer = world.call(Method::DELETE, &path, Some(&bilel), None).await;
    assert_eq!(answer.status, StatusCode::NOT_FOUND);
    let staff = world
        .call(Method::DELETE, &path, Some(&world.staff), None)
        .await;
    assert_eq!(staff.status, StatusCode::FORBIDDEN);
    let kept = world.call(Method::DELETE, &path, Some(&amira), None).await;
    assert_eq!(
        kept.status,
        StatusCode::NO_CONTENT,
        "still there for its owner"
    );
}

#[tokio::test]
async fn a_phone_changing_hands_gets_only_its_new_owners_pushes() {
    let world = World::new().await;
    let (amira, amira_token) = world.customer("amira").await;
    let (bilel, bilel_token) = world.customer("bilel").await;
    let first = world.device(&amira_token, "fcm-token-shared").await;
    let second = world.device(&bilel_token, "fcm-token-shared").await;
    assert_ne!(first["id"], second["id"]);

    world
        .event(&amira.id, EventType::InvoiceIssued, "Amira's")
        .await;
    world
        .event(&bilel.id, EventType::InvoiceIssued, "Bilel's")
        .await;
    world.dispatch().await;
    let titles: Vec<String> = world.pushes().into_iter().map(|p| p.1).collect();
    assert_eq!(titles, vec!["Bilel's".to_string()]);

    // Amira sees that her registration ended; Bilel's is active.
    let amira_devices = world
        .call(
            Method::GET,
            "/api/notifications/devices",
            Some(&amira_token),
            None,
        )
        .await;
    assert_eq!(
        amira_devices.status,
        StatusCode::OK,
        "{}",
        amira_devices.text
    );
    let listed = amira_devices.body.as_array().unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0]["id"], first["id"]);
    assert!(listed[0]["ended_at"].is_string(), "{listed:?}");
    let bilel_devices = world
        .call(
            Method::GET,
            "/api/notifications/devices",
            Some(&bilel_token),
            None,
        )
        .await;
    assert_eq!(bilel_devices.body[0]["id"], second["id"]);
    assert_eq!(bilel_devices.body[0]["ended_at"], json!(null));

    // Amira can clear the ended entry; the phone stays Bilel's.
    let old = format!(
        "/api/notifications/devices/{}",
        first["id"].as_str().unwrap()
    );
    let answer = world
        .call(Method::DELETE, &old, Some(&amira_token), None)
        .await;
    assert_eq!(answer.status, StatusCode::NO_CONTENT, "{}", answer.text);
    world
        .event(&bilel.id, EventType::ServiceDue, "Still Bilel's")
        .await;
    world.dispatch().await;
    assert_eq!(
        world.pushes().len(),
        2,
        "Bilel's endpoint is still registered"
    );
}

#[tokio::test]
async fn staff_have_no_device_list() {
    let world = World::new().await;
    let answer = world
        .call(
            Method::GET,
            "/api/notifications/devices",
            Some(&world.staff),
            None,
        )
        .await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN);
    let anonymous = world
        .call(Method::GET, "/api/notifications/devices", None, None)
        .await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_disabled_endpoint_is_forgotten_when_a_push_finds_it() {
    let world = World::new().await;
    let (amira, token) = world.customer("amira").await;
    let dead = world.device(&token, "fcm-token-uninstalled").await;
    world.device(&token, "fcm-token-alive").await;
    let endpoints: Vec<String> = {
        world.event(&amira.id, EventType::ServiceDue, "first").await;
        world.dispatch().await;
        world.pushes().into_iter().map(|p| p.0).collect()
    };
    assert_eq!(endpoints.len(), 2);
    // The push service disables the endpoint of the uninstalled app.
    let dead_endpoint = world
        .notifier
        .sent()
        .into_iter()
        .find_map(|message| match message {
            ecar_store::notify::SentMessage::Registration {
                endpoint, token, ..
            } if token.ends_with("lled") => Some(endpoint),
            _ => None,
        })
        .unwrap();
    world.notifier.disable(&dead_endpoint);

    world
        .event(&amira.id, EventType::ServiceDue, "second")
        .await;
    world.dispatch().await;
    let second_round: Vec<String> = world.pushes().into_iter().skip(2).map(|p| p.0).collect();
    assert_eq!(second_round.len(), 1);
    assert_ne!(second_round[0], dead_endpoint);

    let path = format!(
        "/api/notifications/devices/{}",
        dead["id"].as_str().unwrap()
    );
    let gone = world.call(Method::DELETE, &path, Some(&token), None).await;
    assert_eq!(gone.status, StatusCode::NOT_FOUND, "the device was removed");
}

#[tokio::test]
async fn bad_registrations_are_refused() {
    let world = World::new().await;
    let (_, token) = world.customer("amira").await;
    for (body, field) in [
        (
            json!({"platform": "apns", "token": "not hex"}),
            Some("token"),
        ),
        (json!({"platform": "fcm", "token": ""}), Some("token")),
        (json!({"platform": "windows", "token": "abc"}), None),
        (json!({"platform": "fcm"}), None),
        (
            json!({"platform": "fcm", "token": "abc", "user_id": "x"}),
            None,
        ),
    ] {
        let answer = world
            .call(
                Method::POST,
                "/api/notifications/devices",
                Some(&token),
                Some(body.clone()),
            )
            .await;
        assert_eq!(
            answer.status,
            StatusCode::BAD_REQUEST,
            "{body}: {}",
            answer.text
        );
        if let Some(field) = field {
            assert_eq!(answer.body["errors"][0]["field"], field);
        }
    }
    let staff = world
        .call(
            Method::POST,
            "/api/notifications/devices",
            Some(&world.staff),
            Some(json!({"platform": "fcm", "token": "abc"})),
        )
        .await;
    assert_eq!(staff.status, StatusCode::FORBIDDEN);
    assert!(world.notifier.sent().is_empty(), "nothing registered");
}
