//! Staff messages: `POST /api/notifications`.

use axum::{
    extract::State,
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Response},
};
use ecar_http::{
    AppState,
    auth::{Caller, users},
    domain::CustomerId,
    events::Channel,
    http::{ApiError, JsonBytes, Problem, restated},
    notifications::{
        NotificationType,
        messages::{self, Audience, QueuedMessage, Sent, StaffMessage},
    },
};
use ecar_http::{http::idempotency::idempotency_key, http::idempotency::replayed_status};

use crate::requests::SendNotificationRequest;

impl SendNotificationRequest {
    /// Names the customer by `customer_id`, from the Django ECAR's `user_id`
    /// (their login's id) when given instead.
    async fn resolve_user(&mut self, state: &AppState) -> Result<(), ApiError> {
        restated(
            "is_read",
            self.is_read.as_ref(),
            &false,
            "a notification is sent unread; its customer marks it read",
        )?;
        let Some(user_id) = self.user_id.take() else {
            return Ok(());
        };
        if self.customer_id.is_some() {
            return Err(ApiError::invalid_field(
                "user_id",
                "give either a customer_id or a user_id, not both",
            ));
        }
        let not_a_customer = || ApiError::invalid_field("user_id", "is not a customer's login");
        let user = users::get_user(state.table.as_ref(), &user_id)
            .await?
            .ok_or_else(not_a_customer)?;
        let customer_id = user
            .customer_id
            .as_deref()
            .and_then(|id| CustomerId::parse(id).ok())
            .ok_or_else(not_a_customer)?;
        self.customer_id = Some(customer_id);
        Ok(())
    }

    /// The message, checked against the rules no type can hold alone.
    fn into_message(self, sms_enabled: bool) -> Result<StaffMessage, ApiError> {
        if self
            .notification_type
            .is_some_and(|kind| kind != NotificationType::General)
        {
            return Err(ApiError::invalid_field(
                "notification_type",
                "staff send general notifications only",
            ));
        }
        let audience = match (self.customer_id, self.all_customers) {
            (Some(customer_id), false) => Audience::Customer(customer_id),
            (None, true) => Audience::Everyone,
            _ => {
                return Err(ApiError::invalid_field(
                    "customer_id",
                    "give either a customer_id or all_customers: true",
                ));
            }
        };
        let channels = self.channels.unwrap_or_else(|| vec![Channel::Push]);
        if channels.is_empty() {
            return Err(ApiError::invalid_field("channels", "must not be empty"));
        }
        let sms = channels.contains(&Channel::Sms);
        if sms && !sms_enabled {
            return Err(ApiError::invalid_field(
                "channels",
                "text messages are disabled",
            ));
        }
        Ok(StaffMessage {
            title: self.title,
            message: self.message,
            audience,
            push: channels.contains(&Channel::Push),
            sms,
        })
    }
}

/// Send a `general` notification to one customer or to all.
///
/// Accepted for delivery: the dispatcher creates the notifications and sends
/// the pushes (and text message) within moments.
#[utoipa::path(post, path = "/api/notifications", tag = "notifications",
    params(("Idempotency-Key" = Option<String>, Header, description = "Repeat the request safely: the same key and body give the first answer")),
    request_body = SendNotificationRequest,
    responses(
        (status = 202, description = "Accepted for delivery", body = QueuedMessage),
        (status = 400, description = "Invalid or unknown fields, no such customer, or a user_id that is not a customer's login", body = Problem),
        (status = 401, description = "Not authenticated", body = Problem),
        (status = 403, description = "Not staff", body = Problem),
        (status = 409, description = "The key was used for another request", body = Problem),
        (status = 415, description = "Not JSON", body = Problem),
    ))]
pub async fn send_notification(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    body: JsonBytes<SendNotificationRequest>,
) -> Result<Response, ApiError> {
    let idempotent = idempotency_key(
        &headers,
        &caller.user_id,
        "POST /api/notifications",
        &body.bytes,
    )?;
    let mut request = body.value;
    request.resolve_user(&state).await?;
    let message = request.into_message(state.config.sms_enabled)?;
    let sent = messages::send(
        state.table.as_ref(),
        message,
        idempotent.as_ref(),
        state.clock.now(),
    )
    .await?;
    Ok(match sent {
        Sent::New(queued) => (StatusCode::ACCEPTED, axum::Json(queued)).into_response(),
        Sent::Replayed(first) => (replayed_status(&first), axum::Json(first.body)).into_response(),
    })
}
