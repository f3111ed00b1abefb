//! The notifier over Amazon SNS: a topic for announcements, platform
//! endpoints (FCM, APNs) for phones, and direct text messages.

use async_trait::async_trait;
use aws_sdk_sns::{
    Client,
    error::{ProvideErrorMetadata, SdkError},
    types::MessageAttributeValue,
};
use aws_smithy_types::error::display::DisplayErrorContext;
use serde_json::{Map, Value, json};

use crate::aws::LazyClient;
use ecar_domain::notify::{
    Notifier, NotifyError, Platform, PushMessage, PushOutcome, validate_announcement,
    validate_push, validate_sms, validate_token, validate_user_data,
};

/// Publishes to one topic and pushes through the configured platform applications.
#[derive(Clone, Debug)]
pub struct SnsNotifier {
    client: LazyClient<Client>,
    topic_arn: String,
    fcm_application_arn: Option<String>,
    apns_application_arn: Option<String>,
}

impl SnsNotifier {
    /// A notifier publishing announcements to `topic_arn`, with no push platform yet.
    pub fn new(client: Client, topic_arn: impl Into<String>) -> Self {
        Self::over(LazyClient::Ready(client), topic_arn)
    }

    /// [`SnsNotifier::new`] with the client built from `sdk` on first use.
    pub fn on_first_use(sdk: &aws_config::SdkConfig, topic_arn: impl Into<String>) -> Self {
        Self::over(
            LazyClient::on_first_use(sdk, crate::aws::sns_client),
            topic_arn,
        )
    }

    fn over(client: LazyClient<Client>, topic_arn: impl Into<String>) -> Self {
        Self {
            client,
            topic_arn: topic_arn.into(),
            fcm_application_arn: None,
            apns_application_arn: None,
        }
    }

    /// Registers devices of `platform` under the SNS platform application `arn`.
    pub fn with_platform_application(mut self, platform: Platform, arn: impl Into<String>) -> Self {
        let slot = match platform {
            Platform::Fcm => &mut self.fcm_application_arn,
            Platform::Apns => &mut self.apns_application_arn,
        };
        *slot = Some(arn.into());
        self
    }

    fn application_arn(&self, platform: Platform) -> Result<&str, NotifyError> {
        match platform {
            Platform::Fcm => self.fcm_application_arn.as_deref(),
            Platform::Apns => self.apns_application_arn.as_deref(),
        }
        .ok_or_else(|| NotifyError::Invalid(format!("push to {platform:?} is not configured")))
    }

    /// Creates the endpoint of a token, or finds the one SNS already holds for it.
    async fn create_or_find_endpoint(
        &self,
        application_arn: &str,
        token: &str,
        user_data: &str,
    ) -> Result<String, NotifyError> {
        let created = self
            .client
            .get()
            .create_platform_endpoint()
            .platform_application_arn(application_arn)
            .token(token)
            .custom_user_data(user_data)
            .send()
            .await;
        match created {
            Ok(output) => output
                .endpoint_arn()
                .map(str::to_owned)
                .ok_or_else(|| NotifyError::Internal("CreatePlatformEndpoint: no ARN".into())),
            // SNS refuses to create a second endpoint for a token whose endpoint has other
            // attributes (user data, disabled) and names the existing one in the message.
            Err(error) => match existing_endpoint(&error) {
                Some(arn) => Ok(arn),
                None => Err(notify_error("CreatePlatformEndpoint", error)),
            },
        }
    }
}

/// The ARN in "Endpoint arn:... already exists with the same Token, but different attributes."
fn existing_endpoint<E: ProvideErrorMetadata, R>(error: &SdkError<E, R>) -> Option<String> {
    let message = error.message()?;
    if error.code() != Some("InvalidParameter") || !message.contains("already exists") {
        return None;
    }
    message
        .split_whitespace()
        .find(|word| word.starts_with("arn:"))
        .map(str::to_owned)
}

/// Maps an SDK failure onto the port's errors; `doing` names the call for the log.
fn notify_error<E, R>(doing: &str, error: SdkError<E, R>) -> NotifyError
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
    R: std::fmt::Debug,
{
    let detail = |what: &str| format!("{doing}: {what}");
    match &error {
        SdkError::TimeoutError(_) | SdkError::DispatchFailure(_) => {
            NotifyError::Unavailable(detail("no answer from SNS"))
        }
        SdkError::ServiceError(_) => {
            let message = error.message().unwrap_or("no message");
            match error.code() {
                // Real SNS says InvalidParameter for a deleted endpoint; emulators say NotFound.
                Some("NotFound") => NotifyError::NotFound,
                Some("InvalidParameter") if message.contains("No endpoint found") => {
                    NotifyError::NotFound
                }
                Some("InvalidParameter" | "InvalidParameterValue") => {
                    NotifyError::Invalid(message.to_owned())
                }
                Some(
                    code @ ("Throttled"
                    | "Throttling"
                    | "ThrottlingException"
                    | "InternalError"
                    | "InternalFailure"
                    | "ServiceUnavailable"
                    | "KMSThrottling"),
                ) => NotifyError::Unavailable(detail(code)),
                code => NotifyError::Internal(detail(&format!(
                    "{} ({message})",
                    code.unwrap_or("unknown error")
                ))),
            }
        }
        _ => NotifyError::Internal(detail(&DisplayErrorContext(&error).to_string())),
    }
}

/// The `MessageStructure=json` body of a push: one payload per platform, each
/// itself a JSON string, plus the `default` text SNS requires.
fn push_payload(message: &PushMessage) -> String {
    let mut data = Map::new();
    let mut apns = Map::new();
    apns.insert(
        "aps".into(),
        json!({ "alert": { "title": message.title, "body": message.message } }),
    );
    for (name, value) in [("kind", &message.related_kind), ("id", &message.related_id)] {
        if let Some(value) = value {
            data.insert(name.into(), Value::String(value.clone()));
            apns.insert(name.into(), Value::String(value.clone()));
        }
    }
    let gcm = json!({
        "notification": { "title": message.title, "body": message.message },
        "data": data,
    });
    let apns = Value::Object(apns).to_string();
    json!({
        "default": message.message,
        "GCM": gcm.to_string(),
        "APNS": apns,
        "APNS_SANDBOX": apns,
    })
    .to_string()
}

#[async_trait]
impl Notifier for SnsNotifier {
    async fn publish_to_topic(&self, subject: &str, message: &str) -> Result<String, NotifyError> {
        validate_announcement(subject, message)?;
        let output = self
            .client
            .get()
            .publish()
            .topic_arn(&self.topic_arn)
            .subject(subject)
            .message(message)
            .send()
            .await
            .map_err(|e| notify_error("Publish to topic", e))?;
        output
            .message_id()
            .map(str::to_owned)
            .ok_or_else(|| NotifyError::Internal("Publish: no message id".into()))
    }

    async fn register_device(
        &self,
        platform: Platform,
        token: &str,
        user_data: &str,
    ) -> Result<String, NotifyError> {
        validate_token(platform, token)?;
        validate_user_data(user_data)?;
        let application_arn = self.application_arn(platform)?;
        let endpoint = self
            .create_or_find_endpoint(application_arn, token, user_data)
            .await?;
        // A known token may sit on a disabled endpoint or carry older user data:
        // the app just handed it over, so it is live again and the data is current.
        self.client
            .get()
            .set_endpoint_attributes()
            .endpoint_arn(&endpoint)
            .attributes("Enabled", "true")
            .attributes("CustomUserData", user_data)
            .send()
            .await
            .map_err(|e| notify_error("SetEndpointAttributes", e))?;
        Ok(endpoint)
    }

    async fn remove_device(&self, endpoint: &str) -> Result<(), NotifyError> {
        // DeleteEndpoint succeeds for an endpoint that no longer exists.
        self.client
            .get()
            .delete_endpoint()
            .endpoint_arn(endpoint)
            .send()
            .await
            .map_err(|e| notify_error("DeleteEndpoint", e))?;
        Ok(())
    }

    async fn push(
        &self,
        endpoint: &str,
        message: &PushMessage,
    ) -> Result<PushOutcome, NotifyError> {
        validate_push(message)?;
        let published = self
            .client
            .get()
            .publish()
            .target_arn(endpoint)
            .message_structure("json")
            .message(push_payload(message))
            .send()
            .await;
        match published {
            Ok(output) => output
                .message_id()
                .map(|id| PushOutcome::Sent(id.to_owned()))
                .ok_or_else(|| NotifyError::Internal("Publish: no message id".into())),
            Err(error) if error.code() == Some("EndpointDisabled") => {
                Ok(PushOutcome::EndpointDisabled)
            }
            Err(error) => Err(notify_error("Publish to endpoint", error)),
        }
    }

    async fn send_sms(&self, phone: &str, message: &str) -> Result<String, NotifyError> {
        validate_sms(phone, message)?;
        // Transactional: SNS routes it for reliability rather than cost, as a reminder needs.
        let sms_type = MessageAttributeValue::builder()
            .data_type("String")
            .string_value("Transactional")
            .build()
            .map_err(|e| NotifyError::Internal(format!("SMS type attribute: {e}")))?;
        let output = self
            .client
            .get()
            .publish()
            .phone_number(phone)
            .message(message)
            .message_attributes("AWS.SNS.SMS.SMSType", sms_type)
            .send()
            .await
            .map_err(|e| notify_error("Publish SMS", e))?;
        output
            .message_id()
            .map(str::to_owned)
            .ok_or_else(|| NotifyError::Internal("Publish: no message id".into()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(payload: &str) -> (Value, Value, Value) {
        let outer: Value = serde_json::from_str(payload).unwrap();
        let platform = |name: &str| serde_json::from_str(outer[name].as_str().unwrap()).unwrap();
        (platform("GCM"), platform("APNS"), outer)
    }

    #[test]
    fn each_platform_gets_its_own_payload() {
        let (gcm, apns, outer) = parsed(&push_payload(&PushMessage {
            title: "Car ready".into(),
            message: "Your \"Clio\" is ready".into(),
            related_kind: Some("service".into()),
            related_id: Some("01J9".into()),
        }));
        assert_eq!(
            gcm,
            json!({
                "notification": { "title": "Car ready", "body": "Your \"Clio\" is ready" },
                "data": { "kind": "service", "id": "01J9" },
            })
        );
        assert_eq!(
            apns,
            json!({
                "aps": { "alert": { "title": "Car ready", "body": "Your \"Clio\" is ready" } },
                "kind": "service",
                "id": "01J9",
            })
        );
        assert_eq!(outer["default"], "Your \"Clio\" is ready");
        assert_eq!(outer["APNS_SANDBOX"], outer["APNS"]);
    }

    #[test]
    fn absent_related_objects_are_left_out() {
        let (gcm, apns, _) = parsed(&push_payload(&PushMessage {
            title: "Hello".into(),
            message: "Welcome".into(),
            related_kind: None,
            related_id: None,
        }));
        assert_eq!(gcm["data"], json!({}));
        assert_eq!(
            apns,
            json!({ "aps": { "alert": { "title": "Hello", "body": "Welcome" } } })
        );
    }
}
