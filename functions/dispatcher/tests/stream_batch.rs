//! The sample stream batch through the real handler: each event notifies
//! its customer once however often it is delivered, and a failing record
//! holds back nothing else in its batch.

mod common;

use std::sync::{
    Arc,
    atomic::{AtomicBool, Ordering},
};

use async_trait::async_trait;
use common::{Harness, batch, failures, sample_batch_json, sample_customer};
use ecar_dispatcher::handle;
use ecar_http::{
    Clock,
    notifications::NotificationType,
    notify::{Notifier, NotifyError, Platform, PushMessage, PushOutcome},
};
use ecar_store::notify::{EmbeddedNotifier, SentMessage};

use serde_json::json;

fn pushes(notifier: &EmbeddedNotifier) -> Vec<PushMessage> {
    notifier
        .sent()
        .into_iter()
        .filter_map(|message| match message {
            SentMessage::Push { push, .. } => Some(push),
            _ => None,
        })
        .collect()
}

fn texts(notifier: &EmbeddedNotifier) -> Vec<(String, String)> {
    notifier
        .sent()
        .into_iter()
        .filter_map(|message| match message {
            SentMessage::Sms { phone, message, .. } => Some((phone, message)),
            _ => None,
        })
        .collect()
}

#[tokio::test]
async fn the_sample_batch_notifies_once_however_often_it_is_delivered() {
    let notifier = Arc::new(EmbeddedNotifier::in_memory(Clock::system()));
    let harness = Harness::new(notifier.clone());
    let customer = sample_customer();
    harness.device(&customer, "fcm-token-sample").await;

    for delivery in 0..3 {
        let response = handle(&harness.dispatcher, batch(&sample_batch_json())).await;
        assert!(failures(&response).is_empty(), "delivery {delivery}");
    }

    let notifications = harness.notifications(&customer).await;
    let kinds: Vec<_> = notifications.iter().map(|n| n.notification_type).collect();
    assert_eq!(
        kinds,
        vec![NotificationType::Invoice, NotificationType::ServiceUpdate]
    );
    assert_eq!(notifications[0].id.as_str(), "01JP3T3F5G7H9J1K3M5N7P9Q1R");
    assert_eq!(harness.unread(&customer).await, 2);

    let pushes = pushes(&notifier);
    assert_eq!(pushes.len(), 2, "{pushes:?}");
    assert_eq!(
        pushes[0],
        PushMessage {
            title: "Service completed".into(),
            message: "Vidange et filtres on your Peugeot 208 (185 TU 4521) is done.".into(),
            related_kind: Some("service".into()),
            related_id: Some("01JP3N5P8Q1R3S6T9V2W4X7Y9Z".into()),
        }
    );
    assert_eq!(
        texts(&notifier),
        vec![(
            "+21698123456".to_string(),
            "Invoice INV-2026-000042: Your invoice of 142.881 TND is ready, due 2026-04-15."
                .to_string()
        )]
    );
}

#[tokio::test]
async fn a_malformed_record_is_reported_and_the_others_go_through() {
    let notifier = Arc::new(EmbeddedNotifier::in_memory(Clock::system()));
    let harness = Harness::new(notifier.clone());
    let mut json = sample_batch_json();
    json["Records"][0]["dynamodb"]["NewImage"]["event_type"] = json!({"S": "teleported"});

    let response = handle(&harness.dispatcher, batch(&json)).await;
    assert_eq!(
        failures(&response),
        vec!["4421584500000000017450439091".to_string()]
    );
    let notifications = harness.notifications(&sample_customer()).await;
    assert_eq!(notifications.len(), 1);
    assert_eq!(notifications[0].id.as_str(), "01JP3T3F5G7H9J1K3M5N7P9Q1R");
}

#[tokio::test]
async fn changes_and_removals_of_items_are_not_news() {
    let notifier = Arc::new(EmbeddedNotifier::in_memory(Clock::system()));
    let harness = Harness::new(notifier.clone());
    let mut json = sample_batch_json();
    json["Records"][0]["eventName"] = json!("MODIFY");
    json["Records"][1]["eventName"] = json!("REMOVE");
    let response = handle(&harness.dispatcher, batch(&json)).await;
    assert!(failures(&response).is_empty());
    assert!(harness.notifications(&sample_customer()).await.is_empty());
    assert!(notifier.sent().is_empty());
}

/// A push service that is down until told otherwise.
struct Flaky {
    inner: EmbeddedNotifier,
    down: AtomicBool,
}

#[async_trait]
impl Notifier for Flaky {
    async fn publish_to_topic(&self, subject: &str, message: &str) -> Result<String, NotifyError> {
        self.inner.publish_to_topic(subject, message).await
    }

    async fn register_device(
        &self,
        platform: Platform,
        token: &str,
        user_data: &str,
    ) -> Result<String, NotifyError> {
        self.inner.register_device(platform, token, user_data).await
    }

    async fn remove_device(&self, endpoint: &str) -> Result<(), NotifyError> {
        self.inner.remove_device(endpoint).await
    }

    async fn push(
        &self,
        endpoint: &str,
        message: &PushMessage,
    ) -> Result<PushOutcome, NotifyError> {
        if self.down.load(Ordering::SeqCst) {
            return Err(NotifyError::Unavailable("throttled".into()));
        }
        self.inner.push(endpoint, message).await
    }

    async fn send_sms(&self, phone: &str, message: &str) -> Result<String, NotifyError> {
        self.inner.send_sms(phone, message).await
    }
}

#[tokio::test]
async fn a_failed_push_is_retried_and_then_delivered_once() {
    let flaky = Arc::new(Flaky {
        inner: EmbeddedNotifier::in_memory(Clock::system()),
        down: AtomicBool::new(true),
    });
    let harness = Harness::new(flaky.clone());
    let customer = sample_customer();
    harness.device(&customer, "fcm-token-sample").await;

    let response = handle(&harness.dispatcher, batch(&sample_batch_json())).await;
    assert_eq!(
        failures(&response),
        vec![
            "4421584500000000017450439091".to_string(),
            "4421584600000000017450439092".to_string()
        ],
        "both records push to the phone"
    );
    assert!(pushes(&flaky.inner).is_empty());
    // What did not depend on the push service is done, and stays done.
    assert_eq!(harness.notifications(&customer).await.len(), 2);
    assert_eq!(texts(&flaky.inner).len(), 1);

    flaky.down.store(false, Ordering::SeqCst);
    let retried = handle(&harness.dispatcher, batch(&sample_batch_json())).await;
    assert!(failures(&retried).is_empty());
    assert_eq!(pushes(&flaky.inner).len(), 2);
    assert_eq!(texts(&flaky.inner).len(), 1, "the text was not sent again");
    assert_eq!(harness.notifications(&customer).await.len(), 2);
    assert_eq!(harness.unread(&customer).await, 2);
}
