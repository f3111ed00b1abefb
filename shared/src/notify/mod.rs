//! The notifier port (SNS topic, mobile push endpoints, SMS) and its adapters.

use async_trait::async_trait;
use serde::{Deserialize, Serialize};

/// A mobile push platform.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Platform {
    /// Firebase Cloud Messaging (Android).
    Fcm,
    /// Apple Push Notification service.
    Apns,
}

/// What a push to a phone carries: nothing more personal than this.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PushMessage {
    /// Short title.
    pub title: String,
    /// Body text.
    pub message: String,
    /// Kind of the related object (`service`, `invoice`, ...).
    pub related_kind: Option<String>,
    /// Id of the related object.
    pub related_id: Option<String>,
}

/// The result of a push to one endpoint.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PushOutcome {
    /// Accepted, with the provider's message id.
    Sent(String),
    /// The endpoint is disabled (uninstalled app, expired token): forget it.
    EndpointDisabled,
}

/// What a notifier call can fail with.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum NotifyError {
    /// The request is malformed (bad token, bad phone number).
    #[error("invalid request: {0}")]
    Invalid(String),
    /// The endpoint does not exist.
    #[error("no such endpoint")]
    NotFound,
    /// The service could not be reached or throttled us; retryable.
    #[error("notifier unavailable: {0}")]
    Unavailable(String),
    /// Anything else, details for the log only.
    #[error("notifier failure: {0}")]
    Internal(String),
}

/// The notifier port.
#[async_trait]
pub trait Notifier: Send + Sync + 'static {
    /// Publishes an announcement to the topic; returns the message id.
    async fn publish_to_topic(&self, subject: &str, message: &str) -> Result<String, NotifyError>;
    /// Registers a phone's push token; returns the endpoint id (an ARN on SNS).
    /// Registering the same token again returns the same endpoint.
    async fn register_device(
        &self,
        platform: Platform,
        token: &str,
        user_data: &str,
    ) -> Result<String, NotifyError>;
    /// Removes an endpoint (removing an absent one succeeds).
    async fn remove_device(&self, endpoint: &str) -> Result<(), NotifyError>;
    /// Pushes a message to one endpoint.
    async fn push(&self, endpoint: &str, message: &PushMessage)
    -> Result<PushOutcome, NotifyError>;
    /// Sends a text message to an E.164 phone number; returns the message id.
    async fn send_sms(&self, phone: &str, message: &str) -> Result<String, NotifyError>;
}
