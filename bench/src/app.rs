//! The whole API in process, as `ecar serve` routes it, over an in-memory
//! embedded table seen through the capacity-counting wrapper.

use std::sync::Arc;

use axum::{
    body::Body,
    http::{Method, Request, StatusCode, header},
};
use ecar_http::{AppState, Clock, Config, bootstrap::Storage, http::into_service};
use ecar_store::table::{CountingTable, EmbeddedTable, Usage};

use http_body_util::BodyExt;
use serde_json::Value;
use tower::ServiceExt;

use crate::Error;

/// The API over a counted in-memory table.
pub struct CountedApp {
    /// The state the handlers see (its table counts).
    pub state: AppState,
    /// The same state over the bare table, for seeding without counting.
    pub plain: AppState,
    /// The bare table.
    pub table: Arc<EmbeddedTable>,
    counting: Arc<CountingTable<EmbeddedTable>>,
    router: axum::Router,
}

impl CountedApp {
    /// A fresh in-memory garage. The session cache is off, so every request
    /// pays the session read a cold container pays.
    pub fn new() -> Result<Self, Error> {
        let config = Config {
            auth_cache_ttl: std::time::Duration::ZERO,
            ..Config::from_env()?
        };
        let local = AppState::embedded(config, Storage::Memory, Clock::system())?;
        let counting = Arc::new(CountingTable::new((*local.table).clone()));
        let mut state = local.state.clone();
        state.ports.table = counting.clone();
        let router = ecar::router();
        Ok(Self {
            router: router.with_state(state.clone()),
            state,
            plain: local.state,
            table: local.table,
            counting,
        })
    }

    /// Sends a request and returns its status, body, and the capacity it used.
    pub async fn send(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> Result<(StatusCode, Value, Usage), Error> {
        let mut request = Request::builder().method(method).uri(path);
        if let Some(token) = token {
            request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
        }
        let request = match body {
            Some(body) => request
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(body.to_string()))?,
            None => request.body(Body::empty())?,
        };
        self.counting.reset();
        let response = into_service(self.router.clone()).oneshot(request).await?;
        let usage = self.counting.snapshot();
        let status = response.status();
        let bytes = response.into_body().collect().await?.to_bytes();
        let body = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        Ok((status, body, usage))
    }
}
