//! What the notifications tests share: the real router over the embedded
//! adapters with a notifier the tests can read, the dispatcher over the same
//! ports, staff and customers.

#![allow(dead_code)] // each test file uses its own subset

use std::sync::Arc;

use axum::http::{Method, StatusCode};
use ecar_http::{
    auth::Role,
    customers::Customer,
    domain::CustomerId,
    events::{Event, EventType, RelatedKind, event_op},
    notifications::{Dispatcher, DrainReport},
    testing::app::{Answer, TestApp, request},
};
use ecar_store::notify::{EmbeddedNotifier, SentMessage};

use serde_json::Value;

/// The notifications function, its dispatcher and a staff member.
pub struct World {
    /// The app.
    pub app: TestApp,
    /// The notifier behind the app, to read what was sent.
    pub notifier: Arc<EmbeddedNotifier>,
    /// A staff member's token.
    pub staff: String,
}

impl World {
    /// A fresh world.
    pub async fn new() -> Self {
        let mut app = TestApp::new(ecar_notifications::router());
        let notifier = Arc::new(EmbeddedNotifier::in_memory(app.state.clock.clone()));
        app.state.ports.notifier = notifier.clone();
        let router = ecar_notifications::router();
        app.router = router.with_state(app.state.clone());
        let staff = app.staff_token("staff.member", Role::Staff).await;
        Self {
            app,
            notifier,
            staff,
        }
    }

    /// Sends a request.
    pub async fn call(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> Answer {
        self.app
            .send(request(method, path, token, body.as_ref()))
            .await
    }

    /// A customer and their token.
    pub async fn customer(&self, username: &str) -> (Customer, String) {
        self.app.customer_token(username).await
    }

    /// The dispatcher over the app's ports.
    pub fn dispatcher(&self) -> Dispatcher {
        Dispatcher::new(&self.app.state.ports)
    }

    /// Dispatches everything in the outbox, as the stream trigger would.
    pub async fn dispatch(&self) -> DrainReport {
        self.dispatcher().dispatch_pending().await.unwrap()
    }

    /// Writes an event for `customer` in the outbox (as services and
    /// invoices do) and returns it.
    pub async fn event(&self, customer: &CustomerId, event_type: EventType, title: &str) -> Event {
        let event = Event::new(
            event_type,
            customer.clone(),
            title,
            format!("{title}: details"),
            self.app.state.clock.now(),
        )
        .about(RelatedKind::Service, "01JP3N5P8Q1R3S6T9V2W4X7Y9Z");
        self.app
            .state
            .table
            .write(event_op(&event).unwrap())
            .await
            .unwrap();
        // Ids are made of the time: keep events apart.
        self.app.state.clock.advance(chrono::Duration::seconds(1));
        event
    }

    /// Registers a phone for the customer of `token`; returns the device JSON.
    pub async fn device(&self, token: &str, phone_token: &str) -> Value {
        let answer = self
            .call(
                Method::POST,
                "/api/notifications/devices",
                Some(token),
                Some(serde_json::json!({"platform": "fcm", "token": phone_token})),
            )
            .await;
        assert!(
            answer.status == StatusCode::CREATED || answer.status == StatusCode::OK,
            "{}",
            answer.text
        );
        answer.body
    }

    /// The pushes sent so far, as (endpoint, title, related id).
    pub fn pushes(&self) -> Vec<(String, String, Option<String>)> {
        self.notifier
            .sent()
            .into_iter()
            .filter_map(|message| match message {
                SentMessage::Push { endpoint, push, .. } => {
                    Some((endpoint, push.title, push.related_id))
                }
                _ => None,
            })
            .collect()
    }

    /// The text messages sent so far, as (phone, text).
    pub fn texts(&self) -> Vec<(String, String)> {
        self.notifier
            .sent()
            .into_iter()
            .filter_map(|message| match message {
                SentMessage::Sms { phone, message, .. } => Some((phone, message)),
                _ => None,
            })
            .collect()
    }

    /// The topic announcements published so far, as (subject, message).
    pub fn announcements(&self) -> Vec<(String, String)> {
        self.notifier
            .sent()
            .into_iter()
            .filter_map(|message| match message {
                SentMessage::Topic {
                    subject, message, ..
                } => Some((subject, message)),
                _ => None,
            })
            .collect()
    }

    /// The unread count of the customer of `token`.
    pub async fn unread(&self, token: &str) -> u64 {
        let answer = self
            .call(
                Method::GET,
                "/api/notifications/unread_count",
                Some(token),
                None,
            )
            .await;
        assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
        answer.body["count"].as_u64().unwrap()
    }

    /// The ids of a list answer, in order.
    pub async fn list_ids(&self, path: &str, token: &str) -> Vec<String> {
        let answer = self.call(Method::GET, path, Some(token), None).await;
        assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
        answer.body["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n["id"].as_str().unwrap().to_string())
            .collect()
    }
}
