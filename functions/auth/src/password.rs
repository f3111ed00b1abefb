//! `POST /api/auth/change-password`, and the `PUT` and `PATCH` the Django
//! ECAR documented for it.

use axum::extract::State;
use ecar_http::{
    AppState, accounts,
    auth::Caller,
    http::{ApiError, Json},
};
use ecar_http::{RouteSet, routes};
use serde::Deserialize;
use utoipa::ToSchema;

use crate::tokens::Detail;

/// A password change.
// No `Debug`: the body holds passwords.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ChangePasswordRequest {
    /// The current password (the Django ECAR's `current_password` is accepted too).
    #[serde(alias = "current_password")]
    pub old_password: String,
    /// The new password: 10 to 128 characters, not a common one.
    pub new_password: String,
    /// The new password again, as the Django ECAR's form sends it: when
    /// given, it must equal `new_password`.
    #[serde(default)]
    pub confirm_password: Option<String>,
}

/// Refuses a confirmation that differs from the password it confirms (a
/// typo in a form); no confirmation is fine.
pub(crate) fn confirmed(
    field: &'static str,
    password: &str,
    confirmation: Option<&str>,
) -> Result<(), ApiError> {
    match confirmation {
        Some(confirmation) if confirmation != password => Err(ApiError::invalid_field(
            field,
            "does not match the password it confirms",
        )),
        _ => Ok(()),
    }
}

/// The password route.
pub fn routes<R: RouteSet>() -> R {
    R::empty().group(routes!(
        change_password,
        change_password_put,
        change_password_patch
    ))
}

/// Change the caller's password; every other session of theirs ends.
#[utoipa::path(post, path = "/api/auth/change-password", tag = "auth",
    request_body = ChangePasswordRequest,
    responses(
        (status = 200, description = "Changed", body = Detail),
        (status = 400, description = "Wrong old password, a weak new one, or a confirmation that differs", body = ecar_http::http::Problem),
        (status = 401, description = "Not authenticated", body = ecar_http::http::Problem),
        (status = 429, description = "Too many attempts", body = ecar_http::http::Problem),
    ))]
pub async fn change_password(
    State(state): State<AppState>,
    caller: Caller,
    Json(body): Json<ChangePasswordRequest>,
) -> Result<axum::Json<Detail>, ApiError> {
    confirmed(
        "confirm_password",
        &body.new_password,
        body.confirm_password.as_deref(),
    )?;
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

/// The same change under the Django ECAR's `PUT`.
#[utoipa::path(put, path = "/api/auth/change-password", tag = "auth",
    request_body = ChangePasswordRequest,
    responses(
        (status = 200, description = "Changed", body = Detail),
        (status = 400, description = "Wrong old password, a weak new one, or a confirmation that differs", body = ecar_http::http::Problem),
        (status = 401, description = "Not authenticated", body = ecar_http::http::Problem),
        (status = 429, description = "Too many attempts", body = ecar_http::http::Problem),
    ))]
pub async fn change_password_put(
    state: State<AppState>,
    caller: Caller,
    body: Json<ChangePasswordRequest>,
) -> Result<axum::Json<Detail>, ApiError> {
    change_password(state, caller, body).await
}

/// The same change under the Django ECAR's `PATCH`.
#[utoipa::path(patch, path = "/api/auth/change-password", tag = "auth",
    request_body = ChangePasswordRequest,
    responses(
        (status = 200, description = "Changed", body = Detail),
        (status = 400, description = "Wrong old password, a weak new one, or a confirmation that differs", body = ecar_http::http::Problem),
        (status = 401, description = "Not authenticated", body = ecar_http::http::Problem),
        (status = 429, description = "Too many attempts", body = ecar_http::http::Problem),
    ))]
pub async fn change_password_patch(
    state: State<AppState>,
    caller: Caller,
    body: Json<ChangePasswordRequest>,
) -> Result<axum::Json<Detail>, ApiError> {
    change_password(state, caller, body).await
}
