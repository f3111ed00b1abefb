//! The Lambda entry shared by every HTTP function.
//!
//! Every function's `main` runs on tokio's current-thread runtime: Lambda
//! hands an execution environment one event at a time, so worker threads
//! would only be started, at every cold start (0.5 ms of it,
//! `bench/RESULTS.md`), to wait; CPU-bound work (password hashing, PDF
//! rendering, zip reading) goes to `spawn_blocking`'s pool all the same.

use std::time::Instant;

use axum::{Router, middleware};

use crate::{
    AppState,
    http::{into_service, origin::require_cloudfront},
    telemetry,
};

/// Builds the state once, then serves `router` through `lambda_http`: the
/// function's plain router, without its OpenAPI description
/// ([`routes`](mod@crate::routes)).
pub async fn run(router: Router<AppState>) -> Result<(), lambda_http::Error> {
    let started = Instant::now();
    telemetry::init();
    let logging = started.elapsed();
    let state = AppState::from_env().await.map_err(|error| {
        tracing::error!(error = %error, "cold start failed");
        error
    })?;
    let state_built = started.elapsed();
    // Behind CloudFront: only its requests, and the viewer's address from them.
    let secrets = state.config.origin_secrets.clone();
    let router = router
        .with_state(state)
        .layer(middleware::from_fn_with_state(secrets, require_cloudfront));
    // What the init spent where (Lambda reports only the total).
    tracing::info!(
        logging_us = logging.as_micros() as u64,
        state_us = (state_built - logging).as_micros() as u64,
        routes_us = (started.elapsed() - state_built).as_micros() as u64,
        "cold start: ready"
    );
    lambda_http::run(into_service(router)).await
}
