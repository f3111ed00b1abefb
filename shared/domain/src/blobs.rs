//! The blob port (invoice PDFs); `ecar-store` has its S3 and embedded adapters.

use std::time::Duration;

use async_trait::async_trait;
use bytes::Bytes;
use chrono::{DateTime, Utc};

/// Longest key accepted, so that an embedded object's file name stays within
/// every file system's limit.
pub const MAX_KEY_LEN: usize = 200;

/// Longest lifetime of a presigned URL: long enough for a slow upload, short
/// enough that a leaked URL soon stops working.
pub const MAX_PRESIGNED_LIFETIME: Duration = Duration::from_secs(15 * 60);

/// Largest object a presigned PUT may upload (S3's limit for one PUT).
pub const MAX_PRESIGNED_SIZE: u64 = 5 * 1024 * 1024 * 1024;

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

/// The blob port. Keys follow [`validate_key`] in every adapter, so a key
/// that works locally works on S3 and the reverse.
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
    /// A URL to upload exactly `size` bytes of `content_type` to `key` until `expires_in`
    /// (at most [`MAX_PRESIGNED_LIFETIME`]) has passed.
    async fn presign_put(
        &self,
        key: &str,
        content_type: &str,
        size: u64,
        expires_in: std::time::Duration,
    ) -> Result<PresignedRequest, BlobError>;
    /// A URL to download `key`, as an attachment named `file_name`, until `expires_in`
    /// (at most [`MAX_PRESIGNED_LIFETIME`]) has passed.
    async fn presign_get(
        &self,
        key: &str,
        file_name: &str,
        expires_in: std::time::Duration,
    ) -> Result<PresignedRequest, BlobError>;
}

/// Checks a key against the rules both adapters share: 1 to [`MAX_KEY_LEN`]
/// bytes of ASCII letters, digits, `-`, `_`, `.` and `/`, in `/`-separated
/// segments that are neither empty nor start with a dot (so no `..`, no
/// absolute path, no hidden file).
pub fn validate_key(key: &str) -> Result<(), BlobError> {
    let invalid = |why: &str| Err(BlobError::Invalid(format!("key {why}")));
    if key.is_empty() || key.len() > MAX_KEY_LEN {
        return invalid(&format!("must be 1 to {MAX_KEY_LEN} bytes long"));
    }
    if !key
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'/'))
    {
        return invalid("may hold only ASCII letters, digits, '-', '_', '.' and '/'");
    }
    if key
        .split('/')
        .any(|segment| segment.is_empty() || segment.starts_with('.'))
    {
        return invalid("segments must be non-empty and must not start with '.'");
    }
    Ok(())
}

/// Checks a content type: `type/subtype` (parameters allowed) in printable
/// ASCII, since it travels as an HTTP header and is signed into URLs.
pub fn validate_content_type(content_type: &str) -> Result<(), BlobError> {
    let printable = content_type.bytes().all(|b| (0x20..0x7f).contains(&b));
    if !printable || content_type.len() > 255 || !content_type.contains('/') {
        return Err(BlobError::Invalid(
            "content type must be a printable ASCII `type/subtype`".into(),
        ));
    }
    Ok(())
}

/// Checks a presigned URL's lifetime: more than zero, at most [`MAX_PRESIGNED_LIFETIME`].
pub fn validate_lifetime(expires_in: Duration) -> Result<(), BlobError> {
    if expires_in.is_zero() || expires_in > MAX_PRESIGNED_LIFETIME {
        return Err(BlobError::Invalid(format!(
            "a presigned URL lives between 1 s and {} s",
            MAX_PRESIGNED_LIFETIME.as_secs()
        )));
    }
    Ok(())
}

/// Checks the size bound into a presigned PUT: 1 to [`MAX_PRESIGNED_SIZE`] bytes.
pub fn validate_presigned_size(size: u64) -> Result<(), BlobError> {
    if size == 0 || size > MAX_PRESIGNED_SIZE {
        return Err(BlobError::Invalid(format!(
            "a presigned upload holds 1 to {MAX_PRESIGNED_SIZE} bytes"
        )));
    }
    Ok(())
}

/// The `Content-Disposition` value that makes a browser save the download as
/// `file_name`; characters that could break the header become `_`.
pub fn attachment_disposition(file_name: &str) -> String {
    let safe: String = file_name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | ' ' | '(' | ')') {
                c
            } else {
                '_'
            }
        })
        .collect();
    let safe = if safe.trim().is_empty() {
        "download".to_owned()
    } else {
        safe
    };
    format!("attachment; filename=\"{safe}\"")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_that_could_escape_or_hide_are_refused() {
        for key in [
            "",
            "../secret",
            "invoices/../../etc/passwd",
            "/etc/passwd",
            "invoices//a.pdf",
            "invoices/",
            ".hidden",
            "invoices/.tmp",
            "invoices\\a.pdf",
            "invoices/a b.pdf",
            "invoices/a%2F.pdf",
            "facture-é.pdf",
        ] {
            assert!(
                matches!(validate_key(key), Err(BlobError::Invalid(_))),
                "{key:?} should be refused"
            );
        }
        assert!(validate_key(&"a".repeat(MAX_KEY_LEN + 1)).is_err());
    }

    #[test]
    fn ordinary_keys_are_accepted() {
        for key in [
            "invoices/01J9ZQ3V6X/invoice.pdf",
            "a",
            "uploads/2026-03/INV_0001.v2.pdf",
        ] {
            assert_eq!(validate_key(key), Ok(()), "{key:?}");
        }
        assert_eq!(validate_key(&"a".repeat(MAX_KEY_LEN)), Ok(()));
    }

    #[test]
    fn content_types_must_be_printable_type_slash_subtype() {
        assert_eq!(validate_content_type("application/pdf"), Ok(()));
        assert_eq!(validate_content_type("text/plain; charset=utf-8"), Ok(()));
        assert!(validate_content_type("pdf").is_err());
        assert!(validate_content_type("application/pdf\r\nX-Evil: 1").is_err());
    }

    #[test]
    fn presigned_lifetime_and_size_are_bounded() {
        assert!(validate_lifetime(Duration::ZERO).is_err());
        assert_eq!(validate_lifetime(MAX_PRESIGNED_LIFETIME), Ok(()));
        assert!(validate_lifetime(MAX_PRESIGNED_LIFETIME + Duration::from_secs(1)).is_err());
        assert!(validate_presigned_size(0).is_err());
        assert_eq!(validate_presigned_size(MAX_PRESIGNED_SIZE), Ok(()));
        assert!(validate_presigned_size(MAX_PRESIGNED_SIZE + 1).is_err());
    }

    #[test]
    fn attachment_file_names_cannot_break_the_header() {
        assert_eq!(
            attachment_disposition("INV-2026-0001.pdf"),
            r#"attachment; filename="INV-2026-0001.pdf""#
        );
        assert_eq!(
            attachment_disposition("a\"b\r\nc;é.pdf"),
            r#"attachment; filename="a_b__c__.pdf""#
        );
        assert_eq!(attachment_disposition("\""), r#"attachment; filename="_""#);
        assert_eq!(
            attachment_disposition(""),
            r#"attachment; filename="download""#
        );
    }
}
