//! `POST /api/auth/register`: a customer creates their own account.

use axum::{extract::State, http::StatusCode};
use ecar_http::{
    AppState,
    accounts::registration::{self, Registration},
    auth::{ClientIp, users::UserView},
    http::{ApiError, Json},
};
use ecar_http::{RouteSet, routes};
use serde::Deserialize;
use utoipa::ToSchema;

use crate::password::confirmed;

/// A self-registration.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RegisterRequest {
    /// Email (the username when none is given).
    pub email: String,
    /// Password: 10 to 128 characters, not a common one.
    pub password: String,
    /// Given name.
    pub first_name: String,
    /// Family name.
    pub last_name: String,
    /// Phone number; national numbers get the default country code.
    pub phone: String,
    /// Login name (default: the email).
    pub username: Option<String>,
    /// The password again, as the Django ECAR's form sends it: when given,
    /// it must equal `password`.
    pub password_confirm: Option<String>,
    /// Postal address of the customer profile.
    pub address: Option<String>,
}

/// The registration route.
pub fn routes<R: RouteSet>() -> R {
    R::empty().group(routes!(register))
}

/// Create a customer account and its customer profile.
#[utoipa::path(post, path = "/api/auth/register", tag = "auth",
    request_body = RegisterRequest,
    responses(
        (status = 201, description = "Registered", body = UserView),
        (status = 400, description = "Invalid fields (unknown fields such as `role` included), or a `password_confirm` that differs", body = ecar_http::http::Problem),
        (status = 403, description = "Self-registration is switched off", body = ecar_http::http::Problem),
        (status = 409, description = "Username or email taken", body = ecar_http::http::Problem),
        (status = 429, description = "Too many registrations from this address", body = ecar_http::http::Problem),
    ))]
pub async fn register(
    State(state): State<AppState>,
    ClientIp(source_ip): ClientIp,
    Json(body): Json<RegisterRequest>,
) -> Result<(StatusCode, axum::Json<UserView>), ApiError> {
    confirmed(
        "password_confirm",
        &body.password,
        body.password_confirm.as_deref(),
    )?;
    let user = registration::register(
        &state,
        Registration {
            email: body.email,
            password: body.password,
            first_name: body.first_name,
            last_name: body.last_name,
            phone: body.phone,
            username: body.username,
            address: body.address,
        },
        source_ip,
    )
    .await?;
    Ok((StatusCode::CREATED, axum::Json(UserView::from(&user))))
}
