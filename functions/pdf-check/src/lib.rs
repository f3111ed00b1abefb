//! The pdf-check function: S3 `ObjectCreated` events for presigned uploads
//! under `quarantine/` (see [`ecar_http::invoices::check`]). Each uploaded
//! object is checked, then attached to its invoice under its final key, or
//! deleted.
//!
//! It needs only the table and the blobs (no token keys), so it builds
//! those alone and its role reads no secret.

use std::sync::Arc;

use aws_lambda_events::event::s3::S3Event;
use ecar_http::{
    Clock, Config,
    blobs::Blobs,
    bootstrap::StartupError,
    config::Backend,
    invoices::{
        InvoiceError,
        check::{self, Checked, Ports},
    },
    store::Table,
};
use ecar_store::blobs::S3Blobs;
use ecar_store::{aws, table::DynamoTable};

use lambda_runtime::LambdaEvent;

/// What the checker works with: built once per cold start.
#[derive(Clone)]
pub struct Checker {
    table: Arc<dyn Table>,
    blobs: Arc<dyn Blobs>,
    clock: Clock,
}

/// Why an event must be delivered again: a dependency failed for one of its objects.
#[derive(Debug, thiserror::Error)]
#[error("{failed} of {total} uploaded objects could not be checked; the event is retried")]
pub struct Retry {
    /// Objects that failed.
    pub failed: usize,
    /// Objects in the event.
    pub total: usize,
}

impl Checker {
    /// A checker over these ports.
    pub fn new(table: Arc<dyn Table>, blobs: Arc<dyn Blobs>, clock: Clock) -> Self {
        Self {
            table,
            blobs,
            clock,
        }
    }

    /// The checker of a Lambda cold start (DynamoDB and S3).
    pub async fn from_env() -> Result<Self, StartupError> {
        let config = Config::from_env()?;
        let clock = Clock::system();
        match config.backend {
            Backend::Aws => {
                let sdk = aws::sdk_config(config.aws_endpoint_url.as_deref()).await;
                let table = DynamoTable::new(
                    aws::dynamodb_client(&sdk),
                    &config.table_name,
                    clock.clone(),
                );
                let blobs = S3Blobs::new(aws::s3_client(&sdk), &config.bucket_name);
                Ok(Self::new(Arc::new(table), Arc::new(blobs), clock))
            }
            // Locally the runner checks uploads in-process (`ecar serve`).
            Backend::Embedded => Err(StartupError::NotBuilt("embedded")),
        }
    }

    /// Checks the object at `key` (as S3 names it, already decoded).
    pub async fn check(&self, key: &str) -> Result<Checked, InvoiceError> {
        let ports = Ports {
            table: self.table.as_ref(),
            blobs: self.blobs.as_ref(),
            clock: &self.clock,
        };
        check::check_upload(ports, key).await
    }

    /// Checks every object of an S3 event; what became of each, by key.
    pub async fn handle(&self, event: &S3Event) -> Result<Vec<(String, Checked)>, Retry> {
        let total = event.records.len();
        let mut outcomes = Vec::with_capacity(total);
        let mut failed = 0;
        for record in &event.records {
            let Some(raw) = record.s3.object.key.as_deref() else {
                tracing::warn!("S3 record without an object key");
                continue;
            };
            let key = object_key(raw);
            match self.check(&key).await {
                Ok(outcome) => outcomes.push((key, outcome)),
                Err(error) => {
                    tracing::error!(key, %error, "uploaded PDF not checked");
                    failed += 1;
                }
            }
        }
        if failed > 0 {
            return Err(Retry { failed, total });
        }
        Ok(outcomes)
    }
}

/// The object key of an S3 event record: URL-encoded, with `+` for spaces.
pub fn object_key(raw: &str) -> String {
    let spaced = raw.replace('+', " ");
    urlencoding::decode(&spaced)
        .map(|key| key.into_owned())
        .unwrap_or(spaced)
}

/// The Lambda handler: checks the event's objects; an error makes Lambda
/// deliver the event again (checking an object twice changes nothing).
pub async fn handler(
    checker: &Checker,
    event: LambdaEvent<S3Event>,
) -> Result<(), lambda_runtime::Error> {
    let outcomes = checker.handle(&event.payload).await?;
    for (key, outcome) in outcomes {
        tracing::info!(key, ?outcome, "uploaded PDF checked");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_decoded_as_s3_encodes_them() {
        assert_eq!(
            object_key("quarantine/invoices/A/B.pdf"),
            "quarantine/invoices/A/B.pdf"
        );
        assert_eq!(object_key("a+b%2Bc%3D.pdf"), "a b+c=.pdf");
    }
}
