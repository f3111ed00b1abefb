//! The adapter of a port a build leaves out.
//!
//! The domain's `Ports` holds every port, because the domain's operations
//! take them as they are. A Lambda function built without a port's feature
//! (`aws-s3`, `aws-sns`: its routes never use that port) gets this adapter
//! in its place rather than an SDK client it would never call. It is not a
//! stand-in that pretends: every call fails with an error naming the
//! missing feature, so a route that starts using the port without its
//! function's `Cargo.toml` asking for it fails at once (a 500, the reason
//! in the log) instead of losing a PDF or a text message quietly; and
//! `make template-checks` (`infra/scripts/check-template-ports.py`) holds
//! each function's features to the S3 and SNS actions its role grants.

use std::time::Duration;

use async_trait::async_trait;
use bytes::Bytes;
use ecar_domain::{
    blobs::{Blob, BlobError, BlobMeta, Blobs, PresignedRequest},
    notify::{Notifier, NotifyError, Platform, PushMessage, PushOutcome},
};

/// A port this build has no adapter for: every call fails, naming the
/// cargo feature (of `ecar-http` and `ecar-store`) that builds one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NotBuilt {
    /// The feature that builds the port's adapter, such as `aws-s3`.
    pub feature: &'static str,
}

impl NotBuilt {
    /// The refusing adapter of a port `feature` would build.
    pub const fn new(feature: &'static str) -> Self {
        Self { feature }
    }

    fn reason(&self, port: &str) -> String {
        format!(
            "this build has no {port} adapter (cargo feature `{}`)",
            self.feature
        )
    }

    fn blobs<T>(&self) -> Result<T, BlobError> {
        Err(BlobError::Internal(self.reason("blob store")))
    }

    fn notifier<T>(&self) -> Result<T, NotifyError> {
        Err(NotifyError::Internal(self.reason("notifier")))
    }
}

#[async_trait]
impl Blobs for NotBuilt {
    async fn put(&self, _: &str, _: Bytes, _: &str) -> Result<(), BlobError> {
        self.blobs()
    }
    async fn get(&self, _: &str) -> Result<Blob, BlobError> {
        self.blobs()
    }
    async fn head(&self, _: &str) -> Result<BlobMeta, BlobError> {
        self.blobs()
    }
    async fn delete(&self, _: &str) -> Result<(), BlobError> {
        self.blobs()
    }
    async fn copy(&self, _: &str, _: &str) -> Result<(), BlobError> {
        self.blobs()
    }
    async fn presign_put(
        &self,
        _: &str,
        _: &str,
        _: u64,
        _: Duration,
    ) -> Result<PresignedRequest, BlobError> {
        self.blobs()
    }
    async fn presign_get(
        &self,
        _: &str,
        _: &str,
        _: Duration,
    ) -> Result<PresignedRequest, BlobError> {
        self.blobs()
    }
}

#[async_trait]
impl Notifier for NotBuilt {
    async fn publish_to_topic(&self, _: &str, _: &str) -> Result<String, NotifyError> {
        self.notifier()
    }
    async fn register_device(&self, _: Platform, _: &str, _: &str) -> Result<String, NotifyError> {
        self.notifier()
    }
    async fn remove_device(&self, _: &str) -> Result<(), NotifyError> {
        self.notifier()
    }
    async fn push(&self, _: &str, _: &PushMessage) -> Result<PushOutcome, NotifyError> {
        self.notifier()
    }
    async fn send_sms(&self, _: &str, _: &str) -> Result<String, NotifyError> {
        self.notifier()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn every_blob_call_is_refused_with_the_missing_feature() {
        let blobs: &dyn Blobs = &NotBuilt::new("aws-s3");
        let refused = BlobError::Internal(
            "this build has no blob store adapter (cargo feature `aws-s3`)".into(),
        );
        let minute = Duration::from_secs(60);
        assert_eq!(
            blobs.put("a", Bytes::new(), "application/pdf").await,
            Err(refused.clone())
        );
        assert_eq!(blobs.get("a").await, Err(refused.clone()));
        assert_eq!(blobs.head("a").await, Err(refused.clone()));
        assert_eq!(blobs.delete("a").await, Err(refused.clone()));
        assert_eq!(blobs.copy("a", "b").await, Err(refused.clone()));
        assert_eq!(
            blobs.presign_put("a", "application/pdf", 1, minute).await,
            Err(refused.clone())
        );
        assert_eq!(blobs.presign_get("a", "a.pdf", minute).await, Err(refused));
    }

    #[tokio::test]
    async fn every_notifier_call_is_refused_with_the_missing_feature() {
        let notifier: &dyn Notifier = &NotBuilt::new("aws-sns");
        let refused = NotifyError::Internal(
            "this build has no notifier adapter (cargo feature `aws-sns`)".into(),
        );
        let message = PushMessage {
            title: "Ready".into(),
            message: "Your car is ready.".into(),
            related_kind: None,
            related_id: None,
        };
        assert_eq!(
            notifier.publish_to_topic("News", "Open on Sunday").await,
            Err(refused.clone())
        );
        assert_eq!(
            notifier.register_device(Platform::Fcm, "token", "{}").await,
            Err(refused.clone())
        );
        assert_eq!(
            notifier.remove_device("endpoint").await,
            Err(refused.clone())
        );
        assert_eq!(
            notifier.push("endpoint", &message).await,
            Err(refused.clone())
        );
        assert_eq!(
            notifier.send_sms("+21612345678", "Ready").await,
            Err(refused)
        );
    }
}
