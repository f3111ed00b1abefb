//! `POST /api/auth/change-password`.

use axum::extract::State;
use ecar_shared::{
    AppState,
    auth::{Caller, accounts},
    http::{ApiError, Json},
};
use serde::Deserialize;
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::tokens::Detail;

/// A password change.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ChangePasswordRequest {
    /// The current password.
    pub old_password: String,
    /// The new password: 10 to 128 characters, not a common one.
    pub new_password: String,
}

/// The password route.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(change_password))
}

/// Change the caller's password; every other session of theirs ends.
#[utoipa::path(post, path = "/api/auth/change-password", tag = "auth",
    request_body = ChangePasswordRequest,
    responses(
        (status = 200, description = "Changed", body = Detail),
        (status = 400, description = "Wrong old password or a weak new one", body = ecar_shared::http::Problem),
        (status = 401, description = "Not authenticated", body = ecar_shared::http::Problem),
        (status = 429, description = "Too many attempts", body = ecar_shared::http::Problem),
    ))]
pub async fn change_password(
    State(state): State<AppState>,
    caller: Caller,
    Json(body): Json<ChangePasswordRequest>,
) -> Result<axum::Json<Detail>, ApiError> {
    accounts::change_password(
        &state,
        &caller.user_id,
        &caller.session_id,
        body.old_password,
        body.new_password,
        caller.source_ip,
    )
    .await?;
    Ok(axum::Json(Detail {
        detail: "Password changed; your other sessions are closed.".into(),
    }))
}
