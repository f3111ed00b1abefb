//! The blob port (invoice PDFs) and its adapters.

use async_trait::async_trait;
use bytes::Bytes;
use chrono::{DateTime, Utc};

/// A stored object.
#[derive(Clone, Debug, PartialEq)]
pub struct Blob {
    /// The bytes.
    pub body: Bytes,
    /// The content type it was stored with.
    pub content_type: String,
}

/// What is known of a stored object without reading it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BlobMeta {
    /// Size in bytes.
    pub size: u64,
    /// The content type it was stored with.
    pub content_type: String,
}

/// A presigned request a client can make without credentials.
#[derive(Clone, PartialEq, Eq)]
pub struct PresignedRequest {
    /// HTTP method (`PUT` or `GET`).
    pub method: String,
    /// The URL, credentials included: never log it.
    pub url: String,
    /// Headers the client must send exactly as given.
    pub headers: Vec<(String, String)>,
    /// When the URL stops working.
    pub expires_at: DateTime<Utc>,
}

impl std::fmt::Debug for PresignedRequest {
    // The URL is a bearer credential; keep it out of logs.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PresignedRequest")
            .field("method", &self.method)
            .field("url", &"<redacted>")
            .field("expires_at", &self.expires_at)
            .finish()
    }
}

/// What a blob call can fail with.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum BlobError {
    /// The object does not exist.
    #[error("no such object")]
    NotFound,
    /// The key or request breaks a rule of the store.
    #[error("invalid request: {0}")]
    Invalid(String),
    /// The store could not be reached; retryable.
    #[error("blob store unavailable: {0}")]
    Unavailable(String),
    /// Anything else, details for the log only.
    #[error("blob store failure: {0}")]
    Internal(String),
}

/// The blob port.
#[async_trait]
pub trait Blobs: Send + Sync + 'static {
    /// Stores (or replaces) an object, encrypted at rest.
    async fn put(&self, key: &str, body: Bytes, content_type: &str) -> Result<(), BlobError>;
    /// Reads an object.
    async fn get(&self, key: &str) -> Result<Blob, BlobError>;
    /// Size and type of an object.
    async fn head(&self, key: &str) -> Result<BlobMeta, BlobError>;
    /// Deletes an object (deleting an absent object succeeds).
    async fn delete(&self, key: &str) -> Result<(), BlobError>;
    /// Copies an object to another key.
    async fn copy(&self, from: &str, to: &str) -> Result<(), BlobError>;
    /// A URL to upload exactly `size` bytes of `content_type` to `key` until `expires_in` has passed.
    async fn presign_put(
        &self,
        key: &str,
        content_type: &str,
        size: u64,
        expires_in: std::time::Duration,
    ) -> Result<PresignedRequest, BlobError>;
    /// A URL to download `key`, as an attachment named `file_name`, until `expires_in` has passed.
    async fn presign_get(
        &self,
        key: &str,
        file_name: &str,
        expires_in: std::time::Duration,
    ) -> Result<PresignedRequest, BlobError>;
}
