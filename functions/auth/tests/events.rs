//! Security events: one JSON log line each, named with the OWASP vocabulary,
//! with user id and source IP, and never a password or a token.

mod common;

use std::sync::{Arc, Mutex};

use axum::http::StatusCode;
use common::{PASSWORD, bearer, from_peer, get, harness, post};
use ecar_http::auth::Role;
use serde_json::{Value, json};
use tracing_subscriber::fmt::MakeWriter;

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> MakeWriter<'a> for Captured {
    type Writer = Captured;
    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

impl Captured {
    fn text(&self) -> String {
        String::from_utf8(self.0.lock().unwrap().clone()).unwrap()
    }

    fn events(&self) -> Vec<Value> {
        self.text()
            .lines()
            .map(|line| serde_json::from_str::<Value>(line).unwrap())
            .filter(|line| line["fields"]["event"].is_string())
            .collect()
    }
}

#[tokio::test]
async fn auth_events_name_the_user_and_address_and_never_a_secret() {
    let captured = Captured::default();
    let subscriber = tracing_subscriber::fmt()
        .json()
        .with_writer(captured.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let app = harness();
    let amira = app.user("amira", Role::Staff).await;
    let peer = "203.0.113.50:4444";
    let wrong = "my wrong secret password";
    let failed = app
        .send(from_peer(
            post(
                "/api/token",
                json!({"username": "amira", "password": wrong}),
            ),
            peer,
        ))
        .await;
    assert_eq!(failed.status, StatusCode::UNAUTHORIZED);
    let answer = app
        .send(from_peer(
            post(
                "/api/token",
                json!({"username": "amira", "password": PASSWORD}),
            ),
            peer,
        ))
        .await;
    let access = answer.body["access"].as_str().unwrap().to_string();
    let refresh = answer.body["refresh"].as_str().unwrap().to_string();
    let forbidden = app
        .send(from_peer(bearer(get("/api/users"), &access), peer))
        .await;
    assert_eq!(forbidden.status, StatusCode::FORBIDDEN);
    for _ in 0..2 {
        app.send(from_peer(
            post("/api/token/refresh", json!({"refresh": refresh})),
            peer,
        ))
        .await;
    }
    // The sixth guess at one name hits its account limit.
    for _ in 0..6 {
        app.send(from_peer(
            post(
                "/api/token",
                json!({"username": "ghost", "password": wrong}),
            ),
            peer,
        ))
        .await;
    }

    let events = captured.events();
    let names: Vec<&str> = events
        .iter()
        .map(|e| e["fields"]["event"].as_str().unwrap())
        .collect();
    for expected in [
        "authn_login_fail",
        "authn_login_success",
        "authz_fail",
        "authn_token_reuse",
        "session_revoked",
        "excess_rate_limit_exceeded",
    ] {
        assert!(
            names.contains(&expected),
            "{expected} not logged: {names:?}"
        );
    }
    for event in &events {
        assert_eq!(event["fields"]["source_ip"], "203.0.113.50", "{event}");
    }
    let fail = events
        .iter()
        .find(|e| e["fields"]["event"] == "authn_login_fail")
        .unwrap();
    assert_eq!(fail["fields"]["user_id"], amira.id.as_str());
    let text = captured.text();
    for secret in [wrong, PASSWORD, access.as_str(), refresh.as_str()] {
        assert!(!text.contains(secret), "a secret reached the log");
    }
    assert!(
        !text.contains("ghost"),
        "raw login names stay out of the log"
    );
}
