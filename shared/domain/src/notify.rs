//! The notifier port (SNS topic, mobile push endpoints, SMS); `ecar-store`
//! has its SNS and embedded adapters.

use async_trait::async_trait;
use serde::{Deserialize, Serialize};

/// Longest topic subject SNS accepts.
pub const MAX_SUBJECT_LEN: usize = 100;
/// Longest topic message SNS accepts (256 KiB).
pub const MAX_TOPIC_MESSAGE_LEN: usize = 256 * 1024;
/// Longest text message SNS accepts.
pub const MAX_SMS_LEN: usize = 1600;
/// Longest title plus body of a push, leaving room in the 4 KiB the push services take.
pub const MAX_PUSH_TEXT_LEN: usize = 3000;
/// Longest user data SNS keeps on an endpoint.
pub const MAX_USER_DATA_LEN: usize = 2048;

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
    /// Registering the same token again returns the same endpoint, enabled again
    /// (the app handing its token over shows it is installed) with the new user data.
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

fn invalid<T>(why: impl Into<String>) -> Result<T, NotifyError> {
    Err(NotifyError::Invalid(why.into()))
}

/// Checks a topic announcement against SNS's rules: a subject of 1 to
/// [`MAX_SUBJECT_LEN`] printable ASCII characters, a non-empty message of at
/// most [`MAX_TOPIC_MESSAGE_LEN`] bytes.
pub fn validate_announcement(subject: &str, message: &str) -> Result<(), NotifyError> {
    let printable = subject.bytes().all(|b| (0x20..0x7f).contains(&b));
    if subject.trim().is_empty() || subject.len() > MAX_SUBJECT_LEN || !printable {
        return invalid(format!(
            "subject must be 1 to {MAX_SUBJECT_LEN} printable ASCII characters"
        ));
    }
    if message.is_empty() || message.len() > MAX_TOPIC_MESSAGE_LEN {
        return invalid("message must be 1 byte to 256 KiB");
    }
    Ok(())
}

/// Checks a device token: an APNs token is 1 to 400 hexadecimal digits (the
/// SNS rule), an FCM token 1 to 4096 printable ASCII characters without spaces.
pub fn validate_token(platform: Platform, token: &str) -> Result<(), NotifyError> {
    let valid = match platform {
        Platform::Apns => {
            (1..=400).contains(&token.len()) && token.bytes().all(|b| b.is_ascii_hexdigit())
        }
        Platform::Fcm => {
            (1..=4096).contains(&token.len()) && token.bytes().all(|b| b.is_ascii_graphic())
        }
    };
    if valid {
        Ok(())
    } else {
        invalid(format!("malformed {platform:?} device token"))
    }
}

/// Checks the user data kept on an endpoint: at most [`MAX_USER_DATA_LEN`] bytes.
pub fn validate_user_data(user_data: &str) -> Result<(), NotifyError> {
    if user_data.len() > MAX_USER_DATA_LEN {
        return invalid(format!("user data is limited to {MAX_USER_DATA_LEN} bytes"));
    }
    Ok(())
}

/// Checks a push: a non-empty title, and title plus body within [`MAX_PUSH_TEXT_LEN`] bytes.
pub fn validate_push(message: &PushMessage) -> Result<(), NotifyError> {
    if message.title.trim().is_empty() {
        return invalid("a push needs a title");
    }
    if message.title.len() + message.message.len() > MAX_PUSH_TEXT_LEN {
        return invalid(format!(
            "a push's title and body are limited to {MAX_PUSH_TEXT_LEN} bytes"
        ));
    }
    Ok(())
}

/// Checks a text message: an E.164 number (`+`, then 8 to 15 digits, the first
/// not 0) and a non-empty text of at most [`MAX_SMS_LEN`] bytes.
pub fn validate_sms(phone: &str, message: &str) -> Result<(), NotifyError> {
    let digits = phone.strip_prefix('+').unwrap_or_default();
    let e164 = (8..=15).contains(&digits.len())
        && digits.bytes().all(|b| b.is_ascii_digit())
        && !digits.starts_with('0');
    if !e164 {
        return invalid("phone number must be in E.164 form, such as +21612345678");
    }
    if message.trim().is_empty() || message.len() > MAX_SMS_LEN {
        return invalid(format!("a text message holds 1 to {MAX_SMS_LEN} bytes"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phone_numbers_must_be_e164() {
        assert_eq!(validate_sms("+21612345678", "hi"), Ok(()));
        for phone in [
            "21612345678",
            "+0216123456",
            "+216 1234 5678",
            "+1234567",
            "",
            "+",
        ] {
            assert!(validate_sms(phone, "hi").is_err(), "{phone:?}");
        }
        assert!(validate_sms("+21612345678", "").is_err());
        assert!(validate_sms("+21612345678", &"x".repeat(MAX_SMS_LEN + 1)).is_err());
    }

    #[test]
    fn tokens_follow_the_platform_rules() {
        assert_eq!(validate_token(Platform::Apns, &"ab12".repeat(16)), Ok(()));
        assert!(validate_token(Platform::Apns, "not-hex").is_err());
        assert!(validate_token(Platform::Apns, &"a".repeat(401)).is_err());
        assert_eq!(validate_token(Platform::Fcm, "dGVzdA:APA91b-x_y"), Ok(()));
        assert!(validate_token(Platform::Fcm, "has space").is_err());
        assert!(validate_token(Platform::Fcm, "").is_err());
    }

    #[test]
    fn announcements_follow_the_sns_rules() {
        assert_eq!(
            validate_announcement("Closed on Friday", "See you Monday"),
            Ok(())
        );
        assert!(validate_announcement("", "body").is_err());
        assert!(validate_announcement(&"s".repeat(MAX_SUBJECT_LEN + 1), "body").is_err());
        assert!(validate_announcement("line\nbreak", "body").is_err());
        assert!(validate_announcement("subject", "").is_err());
    }

    #[test]
    fn pushes_need_a_title_and_fit_the_payload() {
        let push = |title: &str, message: &str| PushMessage {
            title: title.into(),
            message: message.into(),
            related_kind: None,
            related_id: None,
        };
        assert_eq!(
            validate_push(&push("Car ready", "Your car is ready")),
            Ok(())
        );
        assert!(validate_push(&push(" ", "body")).is_err());
        assert!(validate_push(&push("t", &"x".repeat(MAX_PUSH_TEXT_LEN))).is_err());
        assert!(validate_user_data(&"u".repeat(MAX_USER_DATA_LEN + 1)).is_err());
    }
}
