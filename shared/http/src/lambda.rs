//! The Lambda entry shared by every HTTP function.

use utoipa_axum::router::OpenApiRouter;

use axum::middleware;

use crate::{
    AppState,
    http::{into_service, origin::require_cloudfront},
    telemetry,
};

/// Builds the state once, then serves `api` through `lambda_http`.
pub async fn run(api: OpenApiRouter<AppState>) -> Result<(), lambda_http::Error> {
    telemetry::init();
    let state = AppState::from_env().await.map_err(|error| {
        tracing::error!(error = %error, "cold start failed");
        error
    })?;
    let (router, _) = api.split_for_parts();
    // Behind CloudFront: only its requests, and the viewer's address from them.
    let secrets = state.config.origin_secrets.clone();
    let router = router
        .with_state(state)
        .layer(middleware::from_fn_with_state(secrets, require_cloudfront));
    lambda_http::run(into_service(router)).await
}
