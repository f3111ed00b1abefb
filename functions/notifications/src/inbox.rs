//! A customer's notifications: the list, one notification, read marks and
//! the unread count.

use axum::extract::{Path, State};
use ecar_http::{
    AppState,
    auth::Caller,
    domain::{CustomerId, NotificationId},
    http::{
        ApiError, ListResponse, NoFields, OptionalJson, PageParams, Problem, QueryParams,
        read_through_cursor,
    },
    notifications::{
        Notification, NotificationType,
        list::{self, ListFilter},
        read, unread,
    },
};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::{own_profile, requests::Count};

/// Filters of the notification list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct NotificationFilters {
    /// Only read (`true`) or unread (`false`) notifications.
    pub is_read: Option<bool>,
    /// Only notifications of this type.
    pub notification_type: Option<NotificationType>,
    /// Staff: one customer's notifications (customers always see their own).
    pub customer_id: Option<String>,
}

/// Reads a notification the caller may see.
async fn visible(state: &AppState, caller: &Caller, id: &str) -> Result<Notification, ApiError> {
    let id = NotificationId::parse(id).map_err(|_| ApiError::not_found())?;
    let notification = read::get(state.table.as_ref(), &id)
        .await?
        .ok_or_else(ApiError::not_found)?;
    caller.require_owner(notification.customer_id.as_str())?;
    Ok(notification)
}

/// List notifications, newest first (customers: their own).
#[utoipa::path(get, path = "/api/notifications", tag = "notifications",
    params(PageParams, NotificationFilters),
    responses(
        (status = 200, description = "A page of notifications", body = ListResponse<Notification>),
        (status = 400, description = "A bad filter, limit or cursor", body = Problem),
        (status = 401, description = "Not authenticated", body = Problem),
        (status = 404, description = "Another customer's notifications", body = Problem),
    ))]
pub async fn list_notifications(
    State(state): State<AppState>,
    caller: Caller,
    QueryParams(params): QueryParams<PageParams>,
    QueryParams(filters): QueryParams<NotificationFilters>,
) -> Result<axum::Json<ListResponse<Notification>>, ApiError> {
    let asked = filters
        .customer_id
        .as_deref()
        .map(|id| {
            CustomerId::parse(id).map_err(|e| ApiError::invalid_field("customer_id", e.message()))
        })
        .transpose()?;
    let customer_id = if caller.is_staff() {
        asked
    } else {
        let own = own_profile(&caller)?;
        if let Some(asked) = &asked {
            caller.require_owner(asked.as_str())?;
        }
        Some(own)
    };
    let filter = ListFilter {
        customer_id,
        is_read: filters.is_read,
        notification_type: filters.notification_type,
    };
    let binding = format!("notifications:{}:{}", caller.user_id, filter.scope());
    let table = state.table.as_ref();
    let page = read_through_cursor(&state.cursors, &params, &binding, |request| {
        list::list(table, &filter, request)
    })
    .await?;
    Ok(axum::Json(page))
}

/// One notification (its owner, or staff).
#[utoipa::path(get, path = "/api/notifications/{id}", tag = "notifications",
    params(("id" = String, Path, description = "Notification id")),
    responses(
        (status = 200, description = "The notification", body = Notification),
        (status = 401, description = "Not authenticated", body = Problem),
        (status = 404, description = "No such notification, or not the caller's", body = Problem),
    ))]
pub async fn get_notification(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<axum::Json<Notification>, ApiError> {
    Ok(axum::Json(visible(&state, &caller, &id).await?))
}

/// Mark one of the caller's notifications read.
#[utoipa::path(patch, path = "/api/notifications/{id}/mark_read", tag = "notifications",
    params(("id" = String, Path, description = "Notification id")),
    request_body(content = Option<NoFields>, description = "No fields: an empty body or `{}`"),
    responses(
        (status = 200, description = "The notification, read", body = Notification),
        (status = 400, description = "Unknown fields", body = Problem),
        (status = 401, description = "Not authenticated", body = Problem),
        (status = 403, description = "Not a customer", body = Problem),
        (status = 404, description = "No such notification, or not the caller's", body = Problem),
    ))]
pub async fn mark_read(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    OptionalJson(NoFields {}): OptionalJson<NoFields>,
) -> Result<axum::Json<Notification>, ApiError> {
    let notification = visible(&state, &caller, &id).await?;
    let read = read::mark_read(state.table.as_ref(), notification, state.clock.now()).await?;
    Ok(axum::Json(read))
}

/// Mark all of the caller's notifications read; answers how many were unread.
#[utoipa::path(patch, path = "/api/notifications/mark_all_read", tag = "notifications",
    request_body(content = Option<NoFields>, description = "No fields: an empty body or `{}`"),
    responses(
        (status = 200, description = "How many notifications were marked", body = Count),
        (status = 400, description = "Unknown fields", body = Problem),
        (status = 401, description = "Not authenticated", body = Problem),
        (status = 403, description = "Not a customer", body = Problem),
    ))]
pub async fn mark_all_read(
    State(state): State<AppState>,
    caller: Caller,
    OptionalJson(NoFields {}): OptionalJson<NoFields>,
) -> Result<axum::Json<Count>, ApiError> {
    let customer_id = own_profile(&caller)?;
    let count = read::mark_all_read(state.table.as_ref(), &customer_id, state.clock.now()).await?;
    Ok(axum::Json(Count { count }))
}

/// How many of the caller's notifications are unread.
#[utoipa::path(get, path = "/api/notifications/unread_count", tag = "notifications",
    responses(
        (status = 200, description = "The unread count", body = Count),
        (status = 401, description = "Not authenticated", body = Problem),
        (status = 403, description = "Not a customer", body = Problem),
    ))]
pub async fn unread_count(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<axum::Json<Count>, ApiError> {
    let customer_id = own_profile(&caller)?;
    let count = unread::unread_count(state.table.as_ref(), &customer_id).await?;
    Ok(axum::Json(Count { count }))
}
