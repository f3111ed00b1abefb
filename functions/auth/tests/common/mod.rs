//! What every auth test shares: a state over the embedded table with a fixed
//! clock, the real router, and small helpers to call it.

#![allow(dead_code)] // each test file uses its own subset

pub mod doubles;

use std::{net::SocketAddr, sync::Arc, time::Duration};

use axum::{
    Router,
    body::Body,
    extract::ConnectInfo,
    http::{HeaderMap, Method, Request, StatusCode, header},
};
use chrono::{DateTime, Utc};
use ecar_http::{
    AppState, Clock, Config, Ports,
    accounts::{self, NewAccount},
    auth::{Passwords, Role, SessionCache, TokenKeys, users::User},
    http::{CursorCodec, into_service},
    store::Table,
};
use ecar_store::{blobs::EmbeddedBlobs, notify::EmbeddedNotifier, table::EmbeddedTable};

use http_body_util::BodyExt;
use serde_json::{Value, json};
use tower::ServiceExt;

/// The password every test account gets.
pub const PASSWORD: &str = "correct horse battery";

/// A running auth function over an in-memory store.
#[derive(Clone)]
pub struct Harness {
    /// The state handlers see.
    pub state: AppState,
    /// The router as both hosts serve it.
    pub router: Router,
}

/// The instant test clocks start at.
pub fn start() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-03-02T09:00:00Z")
        .unwrap()
        .with_timezone(&Utc)
}

/// A harness with the default configuration (session cache off).
pub fn harness() -> Harness {
    harness_with(|_| {})
}

/// A harness with a tweaked configuration.
pub fn harness_with(configure: impl FnOnce(&mut Config)) -> Harness {
    let clock = Clock::fixed(start());
    let table: Arc<dyn Table> = Arc::new(EmbeddedTable::in_memory(clock.clone()).unwrap());
    harness_over(table, clock, configure)
}

/// A harness over a given table.
pub fn harness_over(
    table: Arc<dyn Table>,
    clock: Clock,
    configure: impl FnOnce(&mut Config),
) -> Harness {
    let mut config = Config {
        auth_cache_ttl: Duration::ZERO,
        ..Config::default()
    };
    configure(&mut config);
    let session_cache = SessionCache::new(config.auth_cache_ttl);
    let state = AppState {
        ports: Ports {
            table,
            blobs: Arc::new(
                EmbeddedBlobs::in_memory(
                    "http://127.0.0.1:3000",
                    b"blob URL signing key, auth tests!",
                    clock.clone(),
                )
                .unwrap(),
            ),
            notifier: Arc::new(EmbeddedNotifier::in_memory(clock.clone())),
            clock,
            config: Arc::new(config),
            passwords: Passwords::new(),
            session_cache,
        },
        cursors: CursorCodec::new(b"cursor key for the auth tests!!!".to_vec()),
        tokens: Arc::new(TokenKeys::generate().into()),
    };
    let router = ecar_auth::router();
    Harness {
        router: router.with_state(state.clone()),
        state,
    }
}

/// An answer: status, headers, and the JSON body (`Null` when empty).
#[derive(Debug)]
pub struct Answer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Value,
}

impl Harness {
    /// Sends a request through the shared layers and the router.
    pub async fn send(&self, request: Request<Body>) -> Answer {
        let response = into_service(self.router.clone())
            .oneshot(request)
            .await
            .unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        let body = if bytes.is_empty() {
            Value::Null
        } else {
            serde_json::from_slice(&bytes).unwrap()
        };
        Answer {
            status,
            headers,
            body,
        }
    }

    /// Sends a request and returns the status and the body as text (CSV).
    pub async fn send_text(&self, request: Request<Body>) -> (StatusCode, String) {
        let response = into_service(self.router.clone())
            .oneshot(request)
            .await
            .unwrap();
        let status = response.status();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        (status, String::from_utf8(bytes.to_vec()).unwrap())
    }

    /// Creates an account directly (as `ecar admin create` would).
    pub async fn user(&self, username: &str, role: Role) -> User {
        accounts::create_user(
            self.state.table.as_ref(),
            &self.state.passwords,
            &self.state.clock,
            NewAccount {
                username: username.into(),
                email: format!("{username}@garage.tn"),
                password: PASSWORD.into(),
                role,
                first_name: username.into(),
                last_name: "Test".into(),
            },
        )
        .await
        .unwrap()
    }

    /// Logs in with the test password and returns `(access, refresh)`.
    pub async fn login(&self, username: &str) -> (String, String) {
        self.login_as(username, PASSWORD).await
    }

    /// Logs in and returns `(access, refresh)`.
    pub async fn login_as(&self, username: &str, password: &str) -> (String, String) {
        let answer = self
            .send(post(
                "/api/token",
                json!({"username": username, "password": password}),
            ))
            .await;
        assert_eq!(answer.status, StatusCode::OK, "{:?}", answer.body);
        (
            answer.body["access"].as_str().unwrap().to_string(),
            answer.body["refresh"].as_str().unwrap().to_string(),
        )
    }

    /// Registers a customer through the route and returns the user JSON.
    pub async fn register(&self, email: &str) -> Value {
        let answer = self
            .send(post(
                "/api/auth/register",
                json!({
                    "email": email,
                    "password": PASSWORD,
                    "first_name": "Sami",
                    "last_name": "Ben Ali",
                    "phone": "20 123 456",
                }),
            ))
            .await;
        assert_eq!(answer.status, StatusCode::CREATED, "{:?}", answer.body);
        answer.body
    }

    /// Moves the clock forward.
    pub fn advance(&self, seconds: i64) {
        self.state.clock.advance(chrono::Duration::seconds(seconds));
    }
}

/// A JSON request.
pub fn request(method: Method, path: &str, body: Option<Value>) -> Request<Body> {
    let builder = Request::builder().method(method).uri(path);
    match body {
        Some(body) => builder
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body.to_string()))
            .unwrap(),
        None => builder.body(Body::empty()).unwrap(),
    }
}

/// A JSON POST.
pub fn post(path: &str, body: Value) -> Request<Body> {
    request(Method::POST, path, Some(body))
}

/// A GET.
pub fn get(path: &str) -> Request<Body> {
    request(Method::GET, path, None)
}

/// Adds a bearer token.
pub fn bearer(mut request: Request<Body>, token: &str) -> Request<Body> {
    request.headers_mut().insert(
        header::AUTHORIZATION,
        format!("Bearer {token}").parse().unwrap(),
    );
    request
}

/// Adds the socket peer address, as the local runner's server does.
pub fn from_peer(mut request: Request<Body>, peer: &str) -> Request<Body> {
    let peer: SocketAddr = peer.parse().unwrap();
    request.extensions_mut().insert(ConnectInfo(peer));
    request
}

/// The payload of a token, decoded without any check (to look at claims).
pub fn claims_of(token: &str) -> Value {
    use base64::Engine;
    let payload = token.split('.').nth(1).unwrap();
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload)
        .unwrap();
    serde_json::from_slice(&bytes).unwrap()
}
