//! Driving a function's real router in tests: a state over the embedded
//! adapters with a fixed clock, accounts and tokens without the auth
//! routes, and request helpers.

use std::{sync::Arc, time::Duration};

use axum::{
    Router,
    body::Body,
    http::{HeaderMap, Method, Request, StatusCode, header},
};
use chrono::{DateTime, Utc};
use http_body_util::BodyExt;
use serde_json::Value;
use tower::ServiceExt;

use ecar_store::{blobs::EmbeddedBlobs, notify::EmbeddedNotifier, table::EmbeddedTable};

use crate::{
    AppState, Clock, Config, Ports,
    auth::{
        Passwords, Role, SessionCache, TokenKeys,
        sessions::Session,
        users::{self, NewUser, Username},
    },
    customers::{Customer, Profile},
    domain::{Address, CustomerId, Email, Notes, PersonName, PhoneNumber},
    http::{CursorCodec, into_service},
    store::Table,
};

/// The instant test clocks start at.
pub fn start() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-03-02T09:00:00Z")
        .map(|at| at.with_timezone(&Utc))
        .unwrap_or_default()
}

/// A function's router over in-memory adapters.
#[derive(Clone)]
pub struct TestApp {
    /// The state handlers see.
    pub state: AppState,
    /// The router, as both hosts serve it.
    pub router: Router,
}

/// An answer: status, headers, and the body as text and as JSON (`Null`
/// when empty or not JSON).
#[derive(Debug)]
pub struct Answer {
    /// Status.
    pub status: StatusCode,
    /// Headers.
    pub headers: HeaderMap,
    /// The body as text.
    pub text: String,
    /// The body as JSON.
    pub body: Value,
}

impl TestApp {
    /// `routes` (a function's `router()`: what its Lambda serves) over a fresh in-memory table.
    pub fn new(routes: Router<AppState>) -> Self {
        let clock = Clock::fixed(start());
        let table: Arc<dyn Table> = Arc::new(
            EmbeddedTable::in_memory(clock.clone()).unwrap_or_else(|e| panic!("table: {e}")),
        );
        Self::over(routes, table, clock)
    }

    /// `routes` (a function's `router()`: what its Lambda serves) over `table`.
    pub fn over(routes: Router<AppState>, table: Arc<dyn Table>, clock: Clock) -> Self {
        Self::configured(routes, table, clock, |_| {})
    }

    /// `routes` (a function's `router()`: what its Lambda serves) over `table`, with a tweaked configuration.
    pub fn configured(
        routes: Router<AppState>,
        table: Arc<dyn Table>,
        clock: Clock,
        configure: impl FnOnce(&mut Config),
    ) -> Self {
        let mut config = Config {
            auth_cache_ttl: Duration::ZERO,
            ..Config::default()
        };
        configure(&mut config);
        let blobs = EmbeddedBlobs::in_memory(
            "http://127.0.0.1:3000",
            b"blob URL signing key for the tests",
            clock.clone(),
        )
        .unwrap_or_else(|e| panic!("blobs: {e}"));
        let session_cache = SessionCache::new(config.auth_cache_ttl);
        let state = AppState {
            ports: Ports {
                table,
                blobs: Arc::new(blobs),
                notifier: Arc::new(EmbeddedNotifier::in_memory(clock.clone())),
                clock,
                config: Arc::new(config),
                passwords: Passwords::new(),
                session_cache,
            },
            cursors: CursorCodec::new(b"cursor key for tests, 32 bytes!!".to_vec()),
            tokens: Arc::new(TokenKeys::generate().into()),
        };
        Self {
            router: routes.with_state(state.clone()),
            state,
        }
    }

    /// Another function's routes over the same state (to look at what this
    /// one wrote through that one's routes).
    pub fn beside(&self, routes: Router<AppState>) -> Self {
        Self {
            router: routes.with_state(self.state.clone()),
            state: self.state.clone(),
        }
    }

    /// Sends a request through the shared layers and the router.
    pub async fn send(&self, request: Request<Body>) -> Answer {
        let response = into_service(self.router.clone())
            .oneshot(request)
            .await
            .unwrap_or_else(|never| match never {});
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response
            .into_body()
            .collect()
            .await
            .map(|body| body.to_bytes())
            .unwrap_or_default();
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let body = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        Answer {
            status,
            headers,
            text,
            body,
        }
    }

    /// An access token of a new staff or admin account (no password: the
    /// token comes straight from a session, as a login would make it).
    pub async fn staff_token(&self, username: &str, role: Role) -> String {
        let user_id = self.staff_account(username, role).await;
        self.token_of(&user_id).await
    }

    /// A new staff or admin account without a password; returns its id.
    pub async fn staff_account(&self, username: &str, role: Role) -> String {
        let now = self.state.clock.now();
        let user = NewUser {
            username: Username::parse(username).unwrap_or_else(|e| panic!("{e}")),
            email: Email::parse(&format!("{username}@garage.tn")).unwrap_or_else(|e| panic!("{e}")),
            first_name: username.into(),
            last_name: "Test".into(),
            role,
            customer_id: None,
            password_hash: None,
        }
        .into_user(now);
        users::insert_user(self.state.table.as_ref(), &user)
            .await
            .unwrap_or_else(|e| panic!("user: {e}"));
        user.id
    }

    /// A new customer (login and profile, phone +216 20 000 000) and an
    /// access token of their login.
    pub async fn customer_token(&self, username: &str) -> (Customer, String) {
        let now = self.state.clock.now();
        let email =
            Email::parse(&format!("{username}@example.tn")).unwrap_or_else(|e| panic!("{e}"));
        let id = CustomerId::generate(now);
        let user = NewUser {
            username: Username::parse(username).unwrap_or_else(|e| panic!("{e}")),
            email: email.clone(),
            first_name: username.into(),
            last_name: "Test".into(),
            role: Role::Customer,
            customer_id: Some(id.to_string()),
            password_hash: None,
        }
        .into_user(now);
        let name = |text: &str| PersonName::parse(text).unwrap_or_else(|e| panic!("{e}"));
        let profile = Profile {
            first_name: name(username),
            last_name: name("Test"),
            email,
            phone: PhoneNumber::parse("+21620000000", "216").unwrap_or_else(|e| panic!("{e}")),
            address: Address::default(),
            notes: Notes::default(),
        };
        let customer = Customer::new(id, user.id.clone(), profile, now);
        let mut ops = users::create_ops(&user).unwrap_or_else(|e| panic!("user: {e}"));
        ops.extend(
            customer
                .create_ops()
                .unwrap_or_else(|e| panic!("customer: {e}")),
        );
        self.state
            .table
            .transact(ops)
            .await
            .unwrap_or_else(|e| panic!("customer: {e}"));
        let token = self.token_of(&user.id).await;
        (customer, token)
    }

    /// An access token of an existing user, from a new session.
    pub async fn token_of(&self, user_id: &str) -> String {
        let table = self.state.table.as_ref();
        let user = users::get_user(table, user_id)
            .await
            .ok()
            .flatten()
            .unwrap_or_else(|| panic!("no user {user_id}"));
        let now = self.state.clock.now();
        let session = Session::start(&user, now, &self.state.config);
        let create = session.create_op().unwrap_or_else(|e| panic!("{e}"));
        table
            .write(create)
            .await
            .unwrap_or_else(|e| panic!("session: {e}"));
        session
            .issue(&self.state.tokens, &self.state.config, now.timestamp())
            .unwrap_or_else(|e| panic!("token: {e}"))
            .access
    }
}

/// A request with an optional bearer token and JSON body.
pub fn request(
    method: Method,
    path: &str,
    token: Option<&str>,
    body: Option<&Value>,
) -> Request<Body> {
    let mut builder = Request::builder().method(method).uri(path);
    if let Some(token) = token {
        builder = builder.header(header::AUTHORIZATION, format!("Bearer {token}"));
    }
    let request = match body {
        Some(body) => builder
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body.to_string())),
        None => builder.body(Body::empty()),
    };
    request.unwrap_or_else(|e| panic!("request: {e}"))
}

/// A request with a raw body of some content type.
pub fn raw(
    method: Method,
    path: &str,
    token: Option<&str>,
    content_type: &str,
    body: impl Into<Body>,
) -> Request<Body> {
    let mut builder = Request::builder()
        .method(method)
        .uri(path)
        .header(header::CONTENT_TYPE, content_type);
    if let Some(token) = token {
        builder = builder.header(header::AUTHORIZATION, format!("Bearer {token}"));
    }
    builder
        .body(body.into())
        .unwrap_or_else(|e| panic!("request: {e}"))
}

/// Adds a header to a request.
pub fn with_header(mut request: Request<Body>, name: &'static str, value: &str) -> Request<Body> {
    request.headers_mut().insert(
        name,
        value.parse().unwrap_or_else(|e| panic!("header: {e}")),
    );
    request
}
