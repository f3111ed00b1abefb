//! The Lambda entry shared by every HTTP function.

use utoipa_axum::router::OpenApiRouter;

use crate::{AppState, http::into_service, telemetry};

/// Builds the state once, then serves `api` through `lambda_http`.
pub async fn run(api: OpenApiRouter<AppState>) -> Result<(), lambda_http::Error> {
    telemetry::init();
    let state = AppState::from_env().await.map_err(|error| {
        tracing::error!(error = %error, "cold start failed");
        error
    })?;
    let (router, _) = api.split_for_parts();
    lambda_http::run(into_service(router.with_state(state))).await
}
