//! User routes: the caller's own account, and account management for admins.

use axum::{
    extract::{Path, Query, State},
    http::{HeaderMap, StatusCode},
};
use ecar_http::{
    AppState,
    accounts::{self, Actor, NewAccount, UserChanges},
    auth::{
        AuthError, Caller, Role,
        users::{self, User, UserView},
    },
    http::{ApiError, Json, ListResponse, PageParams, expected_version, read_page, restated},
    store::from_item,
};
use ecar_http::{RouteSet, routes};
use serde::Deserialize;
use utoipa::ToSchema;

/// Changes to one's own account.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MeChanges {
    /// Given name.
    pub first_name: Option<String>,
    /// Family name.
    pub last_name: Option<String>,
    /// Email.
    pub email: Option<String>,
    /// The version the change applies to (or `If-Match`).
    pub version: Option<u64>,
}

/// A staff or admin account to create.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateUserRequest {
    /// Login name.
    pub username: String,
    /// Email.
    pub email: String,
    /// Initial password.
    pub password: String,
    /// `admin` or `staff`.
    pub role: Role,
    /// Given name.
    pub first_name: Option<String>,
    /// Family name.
    pub last_name: Option<String>,
}

/// Changes an admin makes to an account.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UserChangesRequest {
    /// The account's username, as the Django ECAR's forms send it back:
    /// accepted when unchanged (a username never changes).
    pub username: Option<String>,
    /// Given name.
    pub first_name: Option<String>,
    /// Family name.
    pub last_name: Option<String>,
    /// Email.
    pub email: Option<String>,
    /// Role (a customer stays a customer).
    pub role: Option<Role>,
    /// Enable or disable the account; disabling ends its sessions.
    pub is_active: Option<bool>,
    /// The version the change applies to (or `If-Match`).
    pub version: Option<u64>,
}

/// A whole account (`PUT`, the Django ECAR's form): its username (which
/// never changes) and the fields to set; absent ones stay as they are.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReplaceUserRequest {
    /// The account's username: must be unchanged.
    pub username: String,
    /// Given name.
    pub first_name: Option<String>,
    /// Family name.
    pub last_name: Option<String>,
    /// Email.
    pub email: Option<String>,
    /// Role (a customer stays a customer).
    pub role: Option<Role>,
    /// Enable or disable the account; disabling ends its sessions.
    pub is_active: Option<bool>,
    /// The version the change applies to (or `If-Match`).
    pub version: Option<u64>,
}

impl From<ReplaceUserRequest> for UserChangesRequest {
    fn from(body: ReplaceUserRequest) -> Self {
        UserChangesRequest {
            username: Some(body.username),
            first_name: body.first_name,
            last_name: body.last_name,
            email: body.email,
            role: body.role,
            is_active: body.is_active,
            version: body.version,
        }
    }
}

/// The user routes.
pub fn routes<R: RouteSet>() -> R {
    R::empty()
        .group(routes!(get_me, patch_me))
        .group(routes!(list_users, create_user))
        .group(routes!(get_user, replace_user, patch_user, delete_user))
        .group(routes!(set_password))
}

/// The caller's own account.
#[utoipa::path(get, path = "/api/users/me", tag = "users",
    responses(
        (status = 200, description = "The caller's user", body = UserView),
        (status = 401, description = "Not authenticated", body = ecar_http::http::Problem),
    ))]
pub async fn get_me(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<axum::Json<UserView>, ApiError> {
    let user = users::get_user(state.table.as_ref(), &caller.user_id)
        .await?
        .ok_or(AuthError::SessionEnded)?;
    Ok(axum::Json(UserView::from(&user)))
}

/// Change one's own name or email (not the role).
#[utoipa::path(patch, path = "/api/users/me", tag = "users",
    params(("If-Match" = Option<String>, Header, description = "The version the change applies to, quoted")),
    request_body = MeChanges,
    responses(
        (status = 200, description = "The changed user", body = UserView),
        (status = 400, description = "Invalid or unknown fields", body = ecar_http::http::Problem),
        (status = 401, description = "Not authenticated", body = ecar_http::http::Problem),
        (status = 409, description = "Email taken, or a stale version", body = ecar_http::http::Problem),
    ))]
pub async fn patch_me(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    Json(body): Json<MeChanges>,
) -> Result<axum::Json<UserView>, ApiError> {
    let version = expected_version(&headers, body.version)?;
    let changes = UserChanges {
        first_name: body.first_name,
        last_name: body.last_name,
        email: body.email,
        role: None,
        is_active: None,
    };
    let user = accounts::update_user(&state, actor(&caller), &caller.user_id, changes, version)
        .await
        .map_err(|error| match error {
            AuthError::NotFound => AuthError::SessionEnded,
            other => other,
        })?;
    Ok(axum::Json(UserView::from(&user)))
}

/// Every account, oldest first.
#[utoipa::path(get, path = "/api/users", tag = "users",
    params(PageParams),
    responses(
        (status = 200, description = "A page of users", body = ListResponse<UserView>),
        (status = 400, description = "Bad limit or cursor", body = ecar_http::http::Problem),
        (status = 401, description = "Not authenticated", body = ecar_http::http::Problem),
        (status = 403, description = "Not an admin", body = ecar_http::http::Problem),
    ))]
pub async fn list_users(
    State(state): State<AppState>,
    _caller: Caller,
    Query(params): Query<PageParams>,
) -> Result<axum::Json<ListResponse<UserView>>, ApiError> {
    let page = read_page(
        state.table.as_ref(),
        &state.cursors,
        users::list_query(),
        &params,
        "users",
    )
    .await?;
    let results = page
        .items
        .into_iter()
        .map(|item| from_item::<User>(item).map(|user| UserView::from(&user)))
        .collect::<Result<Vec<_>, _>>()
        .map_err(AuthError::from)?;
    Ok(axum::Json(ListResponse {
        results,
        next_cursor: page.next_cursor,
    }))
}

/// Create a staff or admin account.
#[utoipa::path(post, path = "/api/users", tag = "users",
    request_body = CreateUserRequest,
    responses(
        (status = 201, description = "Created", body = UserView),
        (status = 400, description = "Invalid or unknown fields", body = ecar_http::http::Problem),
        (status = 401, description = "Not authenticated", body = ecar_http::http::Problem),
        (status = 403, description = "Not an admin", body = ecar_http::http::Problem),
        (status = 409, description = "Username or email taken", body = ecar_http::http::Problem),
    ))]
pub async fn create_user(
    State(state): State<AppState>,
    caller: Caller,
    Json(body): Json<CreateUserRequest>,
) -> Result<(StatusCode, axum::Json<UserView>), ApiError> {
    let user = accounts::create_user_by(
        &state,
        actor(&caller),
        NewAccount {
            username: body.username,
            email: body.email,
            password: body.password,
            role: body.role,
            first_name: body.first_name.unwrap_or_default(),
            last_name: body.last_name.unwrap_or_default(),
        },
    )
    .await?;
    Ok((StatusCode::CREATED, axum::Json(UserView::from(&user))))
}

/// One account.
#[utoipa::path(get, path = "/api/users/{id}", tag = "users",
    params(("id" = String, Path, description = "User id")),
    responses(
        (status = 200, description = "The user", body = UserView),
        (status = 401, description = "Not authenticated", body = ecar_http::http::Problem),
        (status = 403, description = "Not an admin", body = ecar_http::http::Problem),
        (status = 404, description = "No such user", body = ecar_http::http::Problem),
    ))]
pub async fn get_user(
    State(state): State<AppState>,
    _caller: Caller,
    Path(id): Path<String>,
) -> Result<axum::Json<UserView>, ApiError> {
    let user = users::get_user(state.table.as_ref(), &id)
        .await?
        .ok_or(AuthError::NotFound)?;
    Ok(axum::Json(UserView::from(&user)))
}

/// Change an account: names, email, role, `is_active`. Takes effect on the
/// user's next request, whatever tokens they hold.
#[utoipa::path(patch, path = "/api/users/{id}", tag = "users",
    params(
        ("id" = String, Path, description = "User id"),
        ("If-Match" = Option<String>, Header, description = "The version the change applies to, quoted"),
    ),
    request_body = UserChangesRequest,
    responses(
        (status = 200, description = "The changed user", body = UserView),
        (status = 400, description = "Invalid or unknown fields, or another username", body = ecar_http::http::Problem),
        (status = 401, description = "Not authenticated", body = ecar_http::http::Problem),
        (status = 403, description = "Not an admin", body = ecar_http::http::Problem),
        (status = 404, description = "No such user", body = ecar_http::http::Problem),
        (status = 409, description = "Email taken, stale version, or a change of one's own role or activity", body = ecar_http::http::Problem),
    ))]
pub async fn patch_user(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    headers: HeaderMap,
    Json(body): Json<UserChangesRequest>,
) -> Result<axum::Json<UserView>, ApiError> {
    let version = expected_version(&headers, body.version)?;
    if let Some(username) = &body.username {
        let current = users::get_user(state.table.as_ref(), &id)
            .await?
            .ok_or(AuthError::NotFound)?;
        // Usernames are unique without regard to case, so a case is no change.
        restated(
            "username",
            Some(username.trim().to_lowercase().as_str()),
            current.username.to_lowercase().as_str(),
            "a username never changes",
        )?;
    }
    let changes = UserChanges {
        first_name: body.first_name,
        last_name: body.last_name,
        email: body.email,
        role: body.role,
        is_active: body.is_active,
    };
    let user = accounts::update_user(&state, actor(&caller), &id, changes, version).await?;
    Ok(axum::Json(UserView::from(&user)))
}

/// Set an account's fields (the Django ECAR's `PUT`): as `PATCH`, with the
/// username restated.
#[utoipa::path(put, path = "/api/users/{id}", tag = "users",
    params(
        ("id" = String, Path, description = "User id"),
        ("If-Match" = Option<String>, Header, description = "The version the change applies to, quoted"),
    ),
    request_body = ReplaceUserRequest,
    responses(
        (status = 200, description = "The changed user", body = UserView),
        (status = 400, description = "Invalid or unknown fields, or another username", body = ecar_http::http::Problem),
        (status = 401, description = "Not authenticated", body = ecar_http::http::Problem),
        (status = 403, description = "Not an admin", body = ecar_http::http::Problem),
        (status = 404, description = "No such user", body = ecar_http::http::Problem),
        (status = 409, description = "Email taken, stale version, or a change of one's own role or activity", body = ecar_http::http::Problem),
    ))]
pub async fn replace_user(
    state: State<AppState>,
    caller: Caller,
    id: Path<String>,
    headers: HeaderMap,
    Json(body): Json<ReplaceUserRequest>,
) -> Result<axum::Json<UserView>, ApiError> {
    patch_user(state, caller, id, headers, Json(body.into())).await
}

/// A new password an admin sets for an account.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SetPasswordRequest {
    /// The new password: 10 to 128 characters, not a common one, not close
    /// to the username or email.
    pub new_password: String,
    /// The user's version the admin saw (optional).
    pub version: Option<u64>,
}

/// Set a new password for another account (a user who forgot theirs): all
/// of that user's sessions end, and the audit log records who did it.
#[utoipa::path(post, path = "/api/users/{id}/set_password", tag = "users",
    params(("id" = String, Path, description = "User id")),
    request_body = SetPasswordRequest,
    responses(
        (status = 200, description = "The user, whose sessions have ended", body = UserView),
        (status = 400, description = "A password the policy refuses, or unknown fields", body = ecar_http::http::Problem),
        (status = 401, description = "Not authenticated", body = ecar_http::http::Problem),
        (status = 403, description = "Not an admin", body = ecar_http::http::Problem),
        (status = 404, description = "No such user", body = ecar_http::http::Problem),
        (status = 409, description = "One's own account (change-password is for that), or a stale version", body = ecar_http::http::Problem),
    ))]
pub async fn set_password(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Json(body): Json<SetPasswordRequest>,
) -> Result<axum::Json<UserView>, ApiError> {
    let user = accounts::set_password(&state, actor(&caller), &id, body.new_password, body.version)
        .await?;
    Ok(axum::Json(UserView::from(&user)))
}

/// Delete a staff or admin account and end its sessions.
#[utoipa::path(delete, path = "/api/users/{id}", tag = "users",
    params(
        ("id" = String, Path, description = "User id"),
        ("If-Match" = Option<String>, Header, description = "The version to delete, quoted"),
    ),
    responses(
        (status = 204, description = "Deleted"),
        (status = 401, description = "Not authenticated", body = ecar_http::http::Problem),
        (status = 403, description = "Not an admin", body = ecar_http::http::Problem),
        (status = 404, description = "No such user", body = ecar_http::http::Problem),
        (status = 409, description = "One's own account, a customer's account, or a stale version", body = ecar_http::http::Problem),
    ))]
pub async fn delete_user(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<StatusCode, ApiError> {
    let version = expected_version(&headers, None)?;
    accounts::delete_user(&state, actor(&caller), &id, version).await?;
    Ok(StatusCode::NO_CONTENT)
}

fn actor(caller: &Caller) -> Actor<'_> {
    Actor {
        user_id: &caller.user_id,
        name: &caller.name,
        role: caller.role,
        source_ip: caller.source_ip,
    }
}
