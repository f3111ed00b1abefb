//! Request bodies and small answers of the notification routes.

use ecar_http::{
    domain::{CustomerId, MessageText, NotificationTitle},
    events::Channel,
    notifications::NotificationType,
    notify::Platform,
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// `POST /api/notifications`: a `general` notification to one customer or to all.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SendNotificationRequest {
    /// Short title.
    pub title: NotificationTitle,
    /// The text.
    pub message: MessageText,
    /// The one customer it goes to; leave out with `all_customers`.
    pub customer_id: Option<CustomerId>,
    /// `true` to send it to every customer (through the SNS topic too).
    #[serde(default)]
    pub all_customers: bool,
    /// Only `general` (the default): other types come from the garage's work.
    pub notification_type: Option<NotificationType>,
    /// How it reaches the customer (default `["push"]`).
    pub channels: Option<Vec<Channel>>,
    /// The Django ECAR's way to name the one customer: the id of their
    /// login (not with `customer_id`).
    pub user_id: Option<String>,
    /// The Django ECAR's form field: only `false` (a notification is sent unread).
    pub is_read: Option<bool>,
}

/// `POST /api/notifications/devices`: a phone to push to.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RegisterDeviceRequest {
    /// `fcm` (Android) or `apns` (iOS).
    #[schema(value_type = String, example = "fcm")]
    pub platform: Platform,
    /// The push token the phone's platform gave the app.
    pub token: String,
}

/// A number of notifications.
#[derive(Debug, Serialize, ToSchema)]
pub struct Count {
    /// How many.
    pub count: u64,
}
