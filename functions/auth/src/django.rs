//! The Django ECAR's names for the auth routes, served by the same handlers
//! so that its clients log in unchanged: `/api/auth/token`,
//! `/api/auth/token/refresh`, `/api/admin-login` (the staff's login) and
//! `/api/get-user-data` (the accounts, for admins).

use axum::{
    extract::{Query, State},
    http::HeaderMap,
    response::Response,
};
use ecar_http::{
    AppState,
    accounts::login,
    auth::{Caller, ClientIp, Role, users::UserView},
    http::{ApiError, Json, ListResponse, PageParams, QueryParams},
};
use ecar_http::{RouteSet, routes};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::{
    tokens::{self, RefreshRequest, RefreshResponse, TokenRequest, TokenResponse},
    users,
};

/// The routes under the Django ECAR's paths.
pub fn routes<R: RouteSet>() -> R {
    R::empty()
        .group(routes!(auth_token))
        .group(routes!(auth_token_refresh))
        .group(routes!(admin_login))
        .group(routes!(get_user_data))
}

/// Log in: `POST /api/token` under the Django ECAR's path.
#[utoipa::path(post, path = "/api/auth/token", tag = "auth",
    params(("X-Refresh-Mode" = Option<String>, Header, description = "`cookie`: the refresh token goes in the `ecar_refresh` cookie")),
    request_body = TokenRequest,
    responses(
        (status = 200, description = "Logged in", body = TokenResponse),
        (status = 400, description = "Malformed body", body = ecar_http::http::Problem),
        (status = 401, description = "Wrong credentials (one answer whatever the cause)", body = ecar_http::http::Problem),
        (status = 429, description = "Too many attempts", body = ecar_http::http::Problem),
    ))]
pub async fn auth_token(
    state: State<AppState>,
    client_ip: ClientIp,
    headers: HeaderMap,
    body: Json<TokenRequest>,
) -> Result<Response, ApiError> {
    tokens::obtain(state, client_ip, headers, body).await
}

/// A new pair for a refresh token: `POST /api/token/refresh` under the
/// Django ECAR's path (the old token is spent, as there).
#[utoipa::path(post, path = "/api/auth/token/refresh", tag = "auth",
    params(("X-Refresh-Mode" = Option<String>, Header, description = "`cookie`: the new refresh token goes in the `ecar_refresh` cookie (as it does whenever the old one came from it)")),
    request_body = RefreshRequest,
    responses(
        (status = 200, description = "A new pair", body = RefreshResponse),
        (status = 400, description = "No refresh token", body = ecar_http::http::Problem),
        (status = 401, description = "Invalid, expired, revoked or spent token", body = ecar_http::http::Problem),
        (status = 503, description = "Store unavailable: nothing issued", body = ecar_http::http::Problem),
    ))]
pub async fn auth_token_refresh(
    state: State<AppState>,
    client_ip: ClientIp,
    headers: HeaderMap,
    body: Json<RefreshRequest>,
) -> Result<Response, ApiError> {
    tokens::refresh(state, client_ip, headers, body).await
}

/// The staff's login: as `POST /api/token`, for admin and staff accounts
/// only. Unlike the Django ECAR's, it is throttled like every login and a
/// customer's right password starts no session.
#[utoipa::path(post, path = "/api/admin-login", tag = "auth",
    params(("X-Refresh-Mode" = Option<String>, Header, description = "`cookie`: the refresh token goes in the `ecar_refresh` cookie")),
    request_body = TokenRequest,
    responses(
        (status = 200, description = "Logged in", body = TokenResponse),
        (status = 400, description = "Malformed body", body = ecar_http::http::Problem),
        (status = 401, description = "Wrong credentials (one answer whatever the cause)", body = ecar_http::http::Problem),
        (status = 403, description = "A customer's account: customers log in at /api/token", body = ecar_http::http::Problem),
        (status = 429, description = "Too many attempts", body = ecar_http::http::Problem),
    ))]
pub async fn admin_login(
    State(state): State<AppState>,
    ClientIp(source_ip): ClientIp,
    headers: HeaderMap,
    Json(body): Json<TokenRequest>,
) -> Result<Response, ApiError> {
    let logged_in = login::login_as(
        &state,
        &state.tokens,
        &body.username,
        body.password,
        source_ip,
        &[Role::Admin, Role::Staff],
    )
    .await?;
    Ok(tokens::logged_in_answer(&state, &headers, logged_in))
}

/// `?search=`, which the Django ECAR's helper took and this one refuses.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UserDataParams {
    /// Not supported: find customers with `GET /api/customers/?search=`.
    pub search: Option<String>,
}

/// The accounts, as `GET /api/users` (admins only): the Django ECAR's
/// helper of its admin forms, which answered anyone.
#[utoipa::path(get, path = "/api/get-user-data", tag = "users",
    params(PageParams, UserDataParams),
    responses(
        (status = 200, description = "A page of users", body = ListResponse<UserView>),
        (status = 400, description = "A `search`, a bad limit or cursor", body = ecar_http::http::Problem),
        (status = 401, description = "Not authenticated", body = ecar_http::http::Problem),
        (status = 403, description = "Not an admin", body = ecar_http::http::Problem),
    ))]
pub async fn get_user_data(
    state: State<AppState>,
    caller: Caller,
    QueryParams(filter): QueryParams<UserDataParams>,
    page: Query<PageParams>,
) -> Result<axum::Json<ListResponse<UserView>>, ApiError> {
    // Ignoring it would answer the first page as if it were the matches.
    if filter.search.is_some() {
        return Err(ApiError::invalid_field(
            "search",
            "is not supported here; find customers with GET /api/customers/?search=",
        ));
    }
    users::list_users(state, caller, page).await
}
