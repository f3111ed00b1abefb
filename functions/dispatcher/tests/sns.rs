//! The dispatcher on SNS (the moto emulator): pushes through platform
//! endpoints carry only the title, message and related object; a disabled
//! endpoint is deleted; a broadcast is published to the topic once.

mod common;

use std::sync::Arc;

use common::Harness;
use ecar_http::{
    domain::CustomerId,
    events::{Event, EventType, RelatedKind},
    notifications::broadcast::BroadcastPage,
    notify::Platform,
    store::Table,
    testing::{http, moto},
};
use ecar_store::{
    aws::{sdk_config, sns_client},
    notify::SnsNotifier,
};

use serde_json::{Value, json};

/// SNS on the emulator with a topic and an FCM application of its own.
async fn sns() -> (SnsNotifier, aws_sdk_sns::Client, String) {
    let endpoint = moto::endpoint();
    let client = sns_client(&sdk_config(Some(&endpoint)).await);
    let name = format!("ecar-dispatch-{}", ulid::Ulid::new());
    let topic = client.create_topic().name(&name).send().await.unwrap();
    let topic_arn = topic.topic_arn().unwrap().to_owned();
    let application = client
        .create_platform_application()
        .name(&name)
        .platform("GCM")
        .attributes("PlatformCredential", "test-credential")
        .send()
        .await
        .unwrap();
    let notifier = SnsNotifier::new(client.clone(), &topic_arn).with_platform_application(
        Platform::Fcm,
        application.platform_application_arn().unwrap(),
    );
    (notifier, client, topic_arn)
}

/// Everything the emulator holds, as its model dump shows it.
async fn emulator_state() -> Value {
    let url = format!("{}/moto-api/data.json", moto::endpoint());
    let response = http::send("GET", &url, &[], b"").await;
    assert_eq!(response.status, 200);
    serde_json::from_slice(&response.body).unwrap()
}

/// The messages the emulator delivered to a platform endpoint.
async fn endpoint_messages(endpoint: &str) -> Vec<Value> {
    let state = emulator_state().await;
    let endpoints = state["sns"]["PlatformEndpoint"].as_array().unwrap();
    let found = endpoints
        .iter()
        .find(|e| e["arn"] == endpoint)
        .unwrap_or_else(|| panic!("no endpoint {endpoint}"));
    found["messages"]
        .as_object()
        .unwrap()
        .values()
        .map(|message| serde_json::from_str(message.as_str().unwrap()).unwrap())
        .collect()
}

fn service_completed(harness: &Harness, customer: &CustomerId) -> Event {
    Event::new(
        EventType::ServiceCompleted,
        customer.clone(),
        "Service completed",
        "Your Clio is ready.",
        harness.ports.clock.now(),
    )
    .about(RelatedKind::Service, "01JP3N5P8Q1R3S6T9V2W4X7Y9Z")
}

#[tokio::test]
async fn a_push_reaches_the_platform_endpoint_once_with_nothing_personal() {
    let (notifier, _, _) = sns().await;
    let harness = Harness::new(Arc::new(notifier));
    let customer = CustomerId::generate(harness.ports.clock.now());
    let endpoint = harness
        .device(&customer, &format!("fcm-token:{}", ulid::Ulid::new()))
        .await;
    let event = service_completed(&harness, &customer);
    let item = event.item().unwrap();
    for _ in 0..2 {
        harness.dispatcher.dispatch(item.clone()).await.unwrap();
    }

    let messages = endpoint_messages(&endpoint).await;
    assert_eq!(messages.len(), 1, "{messages:?}");
    let gcm: Value = serde_json::from_str(messages[0]["GCM"].as_str().unwrap()).unwrap();
    assert_eq!(
        gcm,
        json!({
            "notification": {"title": "Service completed", "body": "Your Clio is ready."},
            "data": {"kind": "service", "id": "01JP3N5P8Q1R3S6T9V2W4X7Y9Z"},
        })
    );
    assert!(
        !messages[0].to_string().contains(customer.as_str()),
        "the customer is not named in the push"
    );
}

#[tokio::test]
async fn an_endpoint_sns_disabled_is_deleted_with_its_device() {
    let (notifier, client, _) = sns().await;
    let harness = Harness::new(Arc::new(notifier));
    let customer = CustomerId::generate(harness.ports.clock.now());
    let endpoint = harness
        .device(&customer, &format!("fcm-token:{}", ulid::Ulid::new()))
        .await;
    client
        .set_endpoint_attributes()
        .endpoint_arn(&endpoint)
        .attributes("Enabled", "false")
        .send()
        .await
        .unwrap();

    let event = service_completed(&harness, &customer);
    harness
        .dispatcher
        .dispatch(event.item().unwrap())
        .await
        .unwrap();

    let attributes = client
        .get_endpoint_attributes()
        .endpoint_arn(&endpoint)
        .send()
        .await;
    assert!(attributes.is_err(), "the endpoint was deleted");
    assert!(
        ecar_http::notifications::devices::devices_of(harness.table.as_ref(), &customer)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(harness.notifications(&customer).await.len(), 1);
}

#[tokio::test]
async fn a_broadcast_is_published_to_the_topic_once() {
    let (notifier, _, topic_arn) = sns().await;
    let harness = Harness::new(Arc::new(notifier));
    let page = BroadcastPage::first(
        "Fête de l'indépendance",
        "The garage is closed on 20 March.",
        harness.ports.clock.now(),
    );
    harness
        .table
        .write(page.create_op().unwrap())
        .await
        .unwrap();
    for _ in 0..2 {
        harness
            .dispatcher
            .dispatch(page.item().unwrap())
            .await
            .unwrap();
    }

    let state = emulator_state().await;
    let topic = state["sns"]["Topic"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["arn"] == topic_arn.as_str())
        .unwrap()
        .clone();
    let sent = topic["sent_notifications"].as_array().unwrap();
    assert_eq!(sent.len(), 1, "{sent:?}");
    // (message id, message, subject, ...)
    assert_eq!(sent[0][1], "The garage is closed on 20 March.");
    assert_eq!(sent[0][2], "Fete de l'independance");
}
