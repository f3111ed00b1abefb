//! Token routes: obtain (login), refresh, blacklist (logout), verify.

use axum::{
    extract::State,
    http::{HeaderMap, StatusCode, header},
    response::{IntoResponse, Response},
};
use ecar_http::{
    AppState,
    accounts::login,
    auth::{
        AuthError, Caller, ClientIp, Role, TokenType,
        events::{self, SecurityEvent},
        sessions, users,
    },
    http::{ApiError, Json},
};
use ecar_http::{RouteSet, routes};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::cookie;
use ecar_http::auth::users::UserView;

/// Login credentials.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TokenRequest {
    /// Username or email.
    pub username: String,
    /// Password.
    pub password: String,
}

/// A refresh token, in the body; `{}` in cookie mode.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RefreshRequest {
    /// The refresh token (absent in cookie mode).
    pub refresh: Option<String>,
}

/// The tokens of a login.
#[derive(Debug, Serialize, ToSchema)]
pub struct TokenResponse {
    /// Access token.
    pub access: String,
    /// Refresh token (absent in cookie mode: it is in the `ecar_refresh` cookie).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refresh: Option<String>,
    /// The logged-in user.
    pub user: UserView,
    /// How long the session may go without a refresh before it ends, in
    /// seconds (staff and admins; `null`: no limit). The SPA logs an idle
    /// user out a little before.
    pub idle_timeout_seconds: Option<u64>,
}

/// A rotated pair.
#[derive(Debug, Serialize, ToSchema)]
pub struct RefreshResponse {
    /// New access token.
    pub access: String,
    /// New refresh token (absent in cookie mode).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refresh: Option<String>,
    /// How long the session may go without a refresh before it ends, in
    /// seconds (staff and admins; `null`: no limit).
    pub idle_timeout_seconds: Option<u64>,
}

/// A short confirmation.
#[derive(Debug, Serialize, ToSchema)]
pub struct Detail {
    /// What happened.
    pub detail: String,
}

/// The token routes.
pub fn routes<R: RouteSet>() -> R {
    R::empty()
        .group(routes!(obtain))
        .group(routes!(refresh))
        .group(routes!(blacklist))
        .group(routes!(verify))
}

/// Log in with a username (or email) and password.
#[utoipa::path(post, path = "/api/token", tag = "auth",
    params(("X-Refresh-Mode" = Option<String>, Header, description = "`cookie`: the refresh token goes in the `ecar_refresh` cookie")),
    request_body = TokenRequest,
    responses(
        (status = 200, description = "Logged in", body = TokenResponse),
        (status = 400, description = "Malformed body", body = ecar_http::http::Problem),
        (status = 401, description = "Wrong credentials (one answer whatever the cause)", body = ecar_http::http::Problem),
        (status = 429, description = "Too many attempts", body = ecar_http::http::Problem),
    ))]
pub async fn obtain(
    State(state): State<AppState>,
    ClientIp(source_ip): ClientIp,
    headers: HeaderMap,
    Json(body): Json<TokenRequest>,
) -> Result<Response, ApiError> {
    let logged_in = login::login(
        &state,
        &state.tokens,
        &body.username,
        body.password,
        source_ip,
    )
    .await?;
    Ok(logged_in_answer(&state, &headers, logged_in))
}

/// The answer to a login: the tokens and the user, the refresh token in
/// the cookie in cookie mode.
pub(crate) fn logged_in_answer(
    state: &AppState,
    headers: &HeaderMap,
    logged_in: login::LoggedIn,
) -> Response {
    let user = UserView::from(&logged_in.user);
    let idle_timeout_seconds = idle_seconds(state, logged_in.user.role);
    let max_age = logged_in.tokens.refresh_expires_at - state.clock.epoch_seconds();
    with_refresh(
        cookie::cookie_mode(headers),
        logged_in.tokens.access,
        logged_in.tokens.refresh,
        max_age,
        |access, refresh| {
            axum::Json(TokenResponse {
                access,
                refresh,
                user,
                idle_timeout_seconds,
            })
            .into_response()
        },
    )
}

/// The idle limit of a session of `role`, in seconds, for the SPA.
fn idle_seconds(state: &AppState, role: Role) -> Option<u64> {
    sessions::idle_limit(&state.config, role).map(|limit| limit.as_secs())
}

/// Exchange a refresh token for a new pair; the old one is spent.
/// A staff or admin session idle for longer than its limit is ended instead.
#[utoipa::path(post, path = "/api/token/refresh", tag = "auth",
    params(("X-Refresh-Mode" = Option<String>, Header, description = "`cookie`: the new refresh token goes in the `ecar_refresh` cookie (as it does whenever the old one came from it)")),
    request_body = RefreshRequest,
    responses(
        (status = 200, description = "A new pair", body = RefreshResponse),
        (status = 400, description = "No refresh token", body = ecar_http::http::Problem),
        (status = 401, description = "Invalid, expired, revoked or spent token, or a session idle past its limit (now ended)", body = ecar_http::http::Problem),
        (status = 503, description = "Store unavailable: nothing issued", body = ecar_http::http::Problem),
    ))]
pub async fn refresh(
    State(state): State<AppState>,
    ClientIp(source_ip): ClientIp,
    headers: HeaderMap,
    Json(body): Json<RefreshRequest>,
) -> Result<Response, ApiError> {
    let (token, cookie_mode) = presented_refresh(&headers, body)?;
    let now = state.clock.now();
    let (session, pair) = sessions::refresh(
        state.table.as_ref(),
        &state.tokens,
        &state.config,
        now,
        &token,
        source_ip,
    )
    .await?;
    let max_age = pair.refresh_expires_at - now.timestamp();
    let idle_timeout_seconds = idle_seconds(&state, session.role);
    Ok(with_refresh(
        cookie_mode,
        pair.access,
        pair.refresh,
        max_age,
        |access, refresh| {
            axum::Json(RefreshResponse {
                access,
                refresh,
                idle_timeout_seconds,
            })
            .into_response()
        },
    ))
}

/// Log out: revoke the caller's session, whose refresh token this must be.
#[utoipa::path(post, path = "/api/token/blacklist", tag = "auth",
    params(("X-Refresh-Mode" = Option<String>, Header, description = "`cookie`: the refresh cookie is cleared (as it is whenever the token came from it)")),
    request_body = RefreshRequest,
    responses(
        (status = 200, description = "Logged out", body = Detail),
        (status = 400, description = "No refresh token", body = ecar_http::http::Problem),
        (status = 401, description = "Not authenticated, or an invalid refresh token", body = ecar_http::http::Problem),
        (status = 403, description = "The refresh token is of another session than the access token's: nothing is revoked", body = ecar_http::http::Problem),
    ))]
pub async fn blacklist(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    Json(body): Json<RefreshRequest>,
) -> Result<Response, ApiError> {
    let (token, cookie_mode) = presented_refresh(&headers, body)?;
    let now = state.clock.now();
    let claims = state
        .tokens
        .verify(
            &token,
            TokenType::Refresh,
            &sessions::token_rules(&state.config),
            now.timestamp(),
        )
        .map_err(AuthError::from)?;
    // Logging out ends the caller's own session: a refresh token of another
    // session (another user's, or the caller's other device) ends nothing.
    if claims.sub != caller.user_id || claims.sid != caller.session_id {
        events::record(
            SecurityEvent::AuthzFail,
            Some(&caller.user_id),
            caller.source_ip,
            "logout with another session's refresh token",
        );
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "The refresh token belongs to another session.",
        ));
    }
    let table = state.table.as_ref();
    if let Some(session) = sessions::get_session(table, &caller.user_id, &caller.session_id).await?
    {
        sessions::revoke(table, &session, now, "logout", caller.source_ip).await?;
    }
    state.session_cache.forget_user(&caller.user_id);
    let mut response = axum::Json(Detail {
        detail: "Logged out.".into(),
    })
    .into_response();
    if cookie_mode {
        response
            .headers_mut()
            .insert(header::SET_COOKIE, cookie::clear_refresh());
    }
    Ok(response)
}

/// Check an access token: the caller's user.
#[utoipa::path(get, path = "/api/token/verify", tag = "auth",
    responses(
        (status = 200, description = "The token is valid", body = UserView),
        (status = 401, description = "Not authenticated", body = ecar_http::http::Problem),
    ))]
pub async fn verify(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<axum::Json<UserView>, ApiError> {
    let user = users::get_user(state.table.as_ref(), &caller.user_id)
        .await?
        .ok_or(AuthError::SessionEnded)?;
    Ok(axum::Json(UserView::from(&user)))
}

/// The refresh token of the request: the body's, else the cookie's (then
/// the answer is in cookie mode too, header or not).
fn presented_refresh(
    headers: &HeaderMap,
    body: RefreshRequest,
) -> Result<(String, bool), ApiError> {
    if let Some(token) = body.refresh.filter(|token| !token.trim().is_empty()) {
        return Ok((token, cookie::cookie_mode(headers)));
    }
    cookie::refresh_from_cookie(headers)
        .map(|token| (token, true))
        .ok_or_else(|| ApiError::invalid_field("refresh", "is required"))
}

/// Shapes a token answer: in cookie mode the refresh token goes in the
/// cookie and not in the body.
fn with_refresh(
    cookie_mode: bool,
    access: String,
    refresh: String,
    max_age_seconds: i64,
    body: impl FnOnce(String, Option<String>) -> Response,
) -> Response {
    if !cookie_mode {
        return body(access, Some(refresh));
    }
    let mut response = body(access, None);
    match cookie::set_refresh(&refresh, max_age_seconds) {
        Some(cookie) => {
            response.headers_mut().insert(header::SET_COOKIE, cookie);
            response
        }
        None => {
            // A signed token is always header-safe; refuse rather than drop it.
            tracing::error!("refresh token not representable as a cookie");
            ApiError::internal().into_response()
        }
    }
}
