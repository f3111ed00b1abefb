//! A notifier that sends nothing: it records every message in memory, in the
//! log and, given a data directory, as JSON lines in `<data_dir>/outbox.jsonl`,
//! so the local runner and tests can show what would have been sent.

use std::{
    collections::HashMap,
    path::Path,
    sync::{Mutex, MutexGuard},
};

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use tokio::io::AsyncWriteExt;
use ulid::Ulid;

use ecar_domain::Clock;
use ecar_domain::notify::{
    Notifier, NotifyError, Platform, PushMessage, PushOutcome, validate_announcement,
    validate_push, validate_sms, validate_token, validate_user_data,
};

/// One thing the embedded notifier was asked to do, as recorded.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SentMessage {
    /// An announcement published to the topic.
    Topic {
        /// Message id returned to the caller.
        message_id: String,
        /// When it was published.
        at: DateTime<Utc>,
        /// Subject line.
        subject: String,
        /// Body.
        message: String,
    },
    /// A push delivered to a registered, enabled endpoint.
    Push {
        /// Message id returned to the caller.
        message_id: String,
        /// When it was pushed.
        at: DateTime<Utc>,
        /// The endpoint it went to.
        endpoint: String,
        /// That endpoint's platform.
        platform: Platform,
        /// What it carried.
        push: PushMessage,
    },
    /// A text message.
    Sms {
        /// Message id returned to the caller.
        message_id: String,
        /// When it was sent.
        at: DateTime<Utc>,
        /// The E.164 number it went to.
        phone: String,
        /// Its text.
        message: String,
    },
    /// A device registration (also recorded when it re-registers).
    Registration {
        /// When it registered.
        at: DateTime<Utc>,
        /// The endpoint id returned.
        endpoint: String,
        /// Push platform.
        platform: Platform,
        /// The device token, masked: it lets anyone push to the phone.
        token: String,
        /// User data kept on the endpoint.
        user_data: String,
    },
}

struct Endpoint {
    platform: Platform,
    token: String,
    enabled: bool,
}

#[derive(Default)]
struct Records {
    sent: Vec<SentMessage>,
    endpoints: HashMap<String, Endpoint>,
}

/// The local stand-in for SNS.
pub struct EmbeddedNotifier {
    records: Mutex<Records>,
    /// Also serializes recording, so the file and memory keep the same order.
    outbox: tokio::sync::Mutex<Option<tokio::fs::File>>,
    clock: Clock,
}

impl EmbeddedNotifier {
    /// A notifier that keeps its records in memory only.
    pub fn in_memory(clock: Clock) -> Self {
        Self {
            records: Mutex::default(),
            outbox: tokio::sync::Mutex::new(None),
            clock,
        }
    }

    /// A notifier that also appends its records to `<data_dir>/outbox.jsonl`.
    pub fn open(data_dir: &Path, clock: Clock) -> Result<Self, NotifyError> {
        std::fs::create_dir_all(data_dir)
            .and_then(|()| {
                std::fs::OpenOptions::new()
                    .create(true)
                    .append(true)
                    .open(data_dir.join("outbox.jsonl"))
            })
            .map(|file| Self {
                records: Mutex::default(),
                outbox: tokio::sync::Mutex::new(Some(tokio::fs::File::from_std(file))),
                clock,
            })
            .map_err(|e| NotifyError::Internal(format!("cannot open the outbox: {e}")))
    }

    /// Everything recorded since this notifier was made, oldest first.
    pub fn sent(&self) -> Vec<SentMessage> {
        self.records().sent.clone()
    }

    /// Marks an endpoint disabled, as a push service does when the app is
    /// uninstalled; later pushes to it answer [`PushOutcome::EndpointDisabled`].
    pub fn disable(&self, endpoint: &str) {
        if let Some(found) = self.records().endpoints.get_mut(endpoint) {
            found.enabled = false;
        }
    }

    fn records(&self) -> MutexGuard<'_, Records> {
        // A panic while holding the lock leaves the records consistent (each
        // change is a single push or insert), so a poisoned lock is still usable.
        self.records
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Appends `message` to the outbox file, then to memory.
    async fn record(&self, message: SentMessage) -> Result<(), NotifyError> {
        let mut outbox = self.outbox.lock().await;
        if let Some(file) = outbox.as_mut() {
            let mut line = serde_json::to_vec(&message)
                .map_err(|e| NotifyError::Internal(format!("cannot encode a record: {e}")))?;
            line.push(b'\n');
            file.write_all(&line)
                .await
                .and(file.flush().await)
                .map_err(|e| NotifyError::Internal(format!("cannot write the outbox: {e}")))?;
        }
        self.records().sent.push(message);
        Ok(())
    }
}

/// What may be logged of a token or phone number: its last four characters.
fn masked(secret: &str) -> String {
    let tail = secret.char_indices().rev().nth(3).map_or(0, |(at, _)| at);
    format!("***{}", &secret[tail..])
}

#[async_trait]
impl Notifier for EmbeddedNotifier {
    async fn publish_to_topic(&self, subject: &str, message: &str) -> Result<String, NotifyError> {
        validate_announcement(subject, message)?;
        let message_id = Ulid::new().to_string();
        self.record(SentMessage::Topic {
            message_id: message_id.clone(),
            at: self.clock.now(),
            subject: subject.to_owned(),
            message: message.to_owned(),
        })
        .await?;
        tracing::info!(%message_id, subject, message, "topic announcement recorded");
        Ok(message_id)
    }

    async fn register_device(
        &self,
        platform: Platform,
        token: &str,
        user_data: &str,
    ) -> Result<String, NotifyError> {
        validate_token(platform, token)?;
        validate_user_data(user_data)?;
        let endpoint = {
            let mut records = self.records();
            let known = records
                .endpoints
                .iter_mut()
                .find(|(_, e)| e.platform == platform && e.token == token);
            match known {
                Some((id, endpoint)) => {
                    // The app handed its token again, so it is installed: enable it again.
                    endpoint.enabled = true;
                    id.clone()
                }
                None => {
                    let id = format!("local-endpoint-{}", Ulid::new());
                    let endpoint = Endpoint {
                        platform,
                        token: token.to_owned(),
                        enabled: true,
                    };
                    records.endpoints.insert(id.clone(), endpoint);
                    id
                }
            }
        };
        self.record(SentMessage::Registration {
            at: self.clock.now(),
            endpoint: endpoint.clone(),
            platform,
            token: masked(token),
            user_data: user_data.to_owned(),
        })
        .await?;
        tracing::info!(%endpoint, ?platform, token = %masked(token), "device registered");
        Ok(endpoint)
    }

    async fn remove_device(&self, endpoint: &str) -> Result<(), NotifyError> {
        if self.records().endpoints.remove(endpoint).is_some() {
            tracing::info!(endpoint, "device removed");
        }
        Ok(())
    }

    async fn push(
        &self,
        endpoint: &str,
        message: &PushMessage,
    ) -> Result<PushOutcome, NotifyError> {
        validate_push(message)?;
        let platform = match self.records().endpoints.get(endpoint) {
            None => return Err(NotifyError::NotFound),
            Some(found) if !found.enabled => return Ok(PushOutcome::EndpointDisabled),
            Some(found) => found.platform,
        };
        let message_id = Ulid::new().to_string();
        self.record(SentMessage::Push {
            message_id: message_id.clone(),
            at: self.clock.now(),
            endpoint: endpoint.to_owned(),
            platform,
            push: message.clone(),
        })
        .await?;
        tracing::info!(%message_id, endpoint, title = message.title, body = message.message, "push recorded");
        Ok(PushOutcome::Sent(message_id))
    }

    async fn send_sms(&self, phone: &str, message: &str) -> Result<String, NotifyError> {
        validate_sms(phone, message)?;
        let message_id = Ulid::new().to_string();
        self.record(SentMessage::Sms {
            message_id: message_id.clone(),
            at: self.clock.now(),
            phone: phone.to_owned(),
            message: message.to_owned(),
        })
        .await?;
        tracing::info!(%message_id, phone = %masked(phone), message, "text message recorded");
        Ok(message_id)
    }
}

#[cfg(test)]
mod tests {
    use std::{
        io::Write,
        sync::{Arc, Mutex},
    };

    use super::*;

    const TOKEN: &str = "fcm-token-SECRET-PART-abcd";
    const PHONE: &str = "+21612345678";

    fn push() -> PushMessage {
        PushMessage {
            title: "Car ready".into(),
            message: "Your car is ready".into(),
            related_kind: Some("service".into()),
            related_id: Some("01J9".into()),
        }
    }

    #[tokio::test]
    async fn every_message_is_appended_to_the_outbox_file() {
        let data_dir = tempfile::tempdir().unwrap();
        let notifier = EmbeddedNotifier::open(data_dir.path(), Clock::system()).unwrap();
        notifier.publish_to_topic("Closed", "Friday").await.unwrap();
        let endpoint = notifier
            .register_device(Platform::Fcm, TOKEN, "user-1")
            .await
            .unwrap();
        notifier.push(&endpoint, &push()).await.unwrap();
        notifier.send_sms(PHONE, "Ready").await.unwrap();

        let outbox = std::fs::read_to_string(data_dir.path().join("outbox.jsonl")).unwrap();
        let lines: Vec<SentMessage> = outbox
            .lines()
            .map(|line| serde_json::from_str(line).unwrap())
            .collect();
        assert_eq!(lines, notifier.sent());
        assert_eq!(lines.len(), 4);
        assert!(
            !outbox.contains("SECRET"),
            "tokens are stored masked: {outbox}"
        );
        assert!(outbox.contains(r#""kind":"sms""#));
    }

    #[tokio::test]
    async fn reopening_appends_to_the_outbox() {
        let data_dir = tempfile::tempdir().unwrap();
        for _ in 0..2 {
            let notifier = EmbeddedNotifier::open(data_dir.path(), Clock::system()).unwrap();
            notifier.send_sms(PHONE, "Ready").await.unwrap();
        }
        let outbox = std::fs::read_to_string(data_dir.path().join("outbox.jsonl")).unwrap();
        assert_eq!(outbox.lines().count(), 2);
    }

    #[derive(Clone, Default)]
    struct Captured(Arc<Mutex<Vec<u8>>>);

    impl Write for Captured {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn the_log_shows_messages_but_never_a_whole_token_or_phone_number() {
        let captured = Captured::default();
        let writer = captured.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_writer(move || writer.clone())
            .with_ansi(false)
            .finish();
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        tracing::subscriber::with_default(subscriber, || {
            runtime.block_on(async {
                let notifier = EmbeddedNotifier::in_memory(Clock::system());
                let endpoint = notifier
                    .register_device(Platform::Fcm, TOKEN, "user-1")
                    .await
                    .unwrap();
                notifier.push(&endpoint, &push()).await.unwrap();
                notifier.send_sms(PHONE, "Your car is ready").await.unwrap();
            });
        });
        let log = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
        assert!(log.contains("Your car is ready"), "{log}");
        assert!(log.contains("***abcd") && log.contains("***5678"), "{log}");
        assert!(!log.contains(TOKEN) && !log.contains("SECRET"), "{log}");
        assert!(!log.contains(PHONE) && !log.contains("21612"), "{log}");
    }

    #[tokio::test]
    async fn a_disabled_endpoint_is_enabled_again_when_its_token_registers() {
        let notifier = EmbeddedNotifier::in_memory(Clock::system());
        let endpoint = notifier
            .register_device(Platform::Fcm, TOKEN, "user-1")
            .await
            .unwrap();
        notifier.disable(&endpoint);
        assert_eq!(
            notifier.push(&endpoint, &push()).await,
            Ok(PushOutcome::EndpointDisabled)
        );
        let pushes = |n: &EmbeddedNotifier| {
            n.sent()
                .iter()
                .filter(|m| matches!(m, SentMessage::Push { .. }))
                .count()
        };
        assert_eq!(pushes(&notifier), 0, "nothing reached the disabled phone");

        let again = notifier
            .register_device(Platform::Fcm, TOKEN, "user-1")
            .await
            .unwrap();
        assert_eq!(again, endpoint);
        assert!(matches!(
            notifier.push(&endpoint, &push()).await,
            Ok(PushOutcome::Sent(_))
        ));
        assert_eq!(pushes(&notifier), 1);
    }
}
