//! Blobs in an S3 bucket, encrypted at rest, with SigV4-presigned URLs.

use std::time::Duration;

use async_trait::async_trait;
use aws_sdk_s3::{
    Client,
    error::{ProvideErrorMetadata, SdkError},
    presigning::PresigningConfig,
    primitives::ByteStream,
    types::ServerSideEncryption,
};
use aws_smithy_types::error::display::DisplayErrorContext;
use bytes::Bytes;
use chrono::{DateTime, Utc};

use crate::aws::LazyClient;
use ecar_domain::blobs::{
    Blob, BlobError, BlobMeta, Blobs, PresignedRequest, attachment_disposition,
    validate_content_type, validate_key, validate_lifetime, validate_presigned_size,
};

/// Objects in one bucket; every write asks for server-side encryption.
#[derive(Clone, Debug)]
pub struct S3Blobs {
    client: LazyClient<Client>,
    bucket: String,
    kms_key_id: Option<String>,
}

impl S3Blobs {
    /// Objects in `bucket`, encrypted with S3-managed keys (SSE-S3).
    pub fn new(client: Client, bucket: impl Into<String>) -> Self {
        Self::over(LazyClient::Ready(client), bucket)
    }

    /// [`S3Blobs::new`] with the client built from `sdk` on first use.
    pub fn on_first_use(sdk: &aws_config::SdkConfig, bucket: impl Into<String>) -> Self {
        Self::over(LazyClient::on_first_use(sdk, crate::aws::s3_client), bucket)
    }

    fn over(client: LazyClient<Client>, bucket: impl Into<String>) -> Self {
        Self {
            client,
            bucket: bucket.into(),
            kms_key_id: None,
        }
    }

    /// Encrypts with this KMS key (SSE-KMS) instead of S3-managed keys.
    pub fn with_kms_key(mut self, key_id: impl Into<String>) -> Self {
        self.kms_key_id = Some(key_id.into());
        self
    }

    fn encryption(&self) -> ServerSideEncryption {
        match self.kms_key_id {
            Some(_) => ServerSideEncryption::AwsKms,
            None => ServerSideEncryption::Aes256,
        }
    }
}

/// Maps an SDK failure onto the port's errors; `doing` names the call for the log.
fn blob_error<E, R>(doing: &str, error: SdkError<E, R>) -> BlobError
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
    R: std::fmt::Debug,
{
    let detail = |what: &str| format!("{doing}: {what}");
    match &error {
        SdkError::TimeoutError(_) | SdkError::DispatchFailure(_) => {
            BlobError::Unavailable(detail("no answer from S3"))
        }
        SdkError::ServiceError(_) => match error.code() {
            Some("NoSuchKey" | "NotFound") => BlobError::NotFound,
            Some(
                code @ ("SlowDown"
                | "Throttling"
                | "ThrottlingException"
                | "RequestTimeout"
                | "ServiceUnavailable"
                | "InternalError"),
            ) => BlobError::Unavailable(detail(code)),
            code => BlobError::Internal(detail(&format!(
                "{} ({})",
                code.unwrap_or("unknown error"),
                error.message().unwrap_or("no message")
            ))),
        },
        _ => BlobError::Internal(detail(&DisplayErrorContext(&error).to_string())),
    }
}

fn presigning(expires_in: Duration) -> Result<PresigningConfig, BlobError> {
    validate_lifetime(expires_in)?;
    PresigningConfig::expires_in(expires_in).map_err(|e| BlobError::Invalid(e.to_string()))
}

fn presigned_request(
    request: &aws_sdk_s3::presigning::PresignedRequest,
    config: &PresigningConfig,
) -> PresignedRequest {
    PresignedRequest {
        method: request.method().to_owned(),
        url: request.uri().to_owned(),
        headers: request
            .headers()
            .map(|(name, value)| (name.to_owned(), value.to_owned()))
            .collect(),
        expires_at: DateTime::<Utc>::from(config.start_time() + config.expires()),
    }
}

#[async_trait]
impl Blobs for S3Blobs {
    async fn put(&self, key: &str, body: Bytes, content_type: &str) -> Result<(), BlobError> {
        validate_key(key)?;
        validate_content_type(content_type)?;
        self.client
            .get()
            .put_object()
            .bucket(&self.bucket)
            .key(key)
            .content_type(content_type)
            .body(ByteStream::from(body))
            .server_side_encryption(self.encryption())
            .set_ssekms_key_id(self.kms_key_id.clone())
            .send()
            .await
            .map_err(|e| blob_error("PutObject", e))?;
        Ok(())
    }

    async fn get(&self, key: &str) -> Result<Blob, BlobError> {
        validate_key(key)?;
        let output = self
            .client
            .get()
            .get_object()
            .bucket(&self.bucket)
            .key(key)
            .send()
            .await
            .map_err(|e| blob_error("GetObject", e))?;
        let content_type = output
            .content_type()
            .unwrap_or("application/octet-stream")
            .to_owned();
        let body = output
            .body
            .collect()
            .await
            .map_err(|e| BlobError::Unavailable(format!("GetObject body: {e}")))?
            .into_bytes();
        Ok(Blob { body, content_type })
    }

    async fn head(&self, key: &str) -> Result<BlobMeta, BlobError> {
        validate_key(key)?;
        let output = self
            .client
            .get()
            .head_object()
            .bucket(&self.bucket)
            .key(key)
            .send()
            .await
            .map_err(|e| blob_error("HeadObject", e))?;
        let size = output
            .content_length()
            .and_then(|length| u64::try_from(length).ok())
            .ok_or_else(|| BlobError::Internal("HeadObject: no content length".into()))?;
        Ok(BlobMeta {
            size,
            content_type: output
                .content_type()
                .unwrap_or("application/octet-stream")
                .to_owned(),
        })
    }

    async fn delete(&self, key: &str) -> Result<(), BlobError> {
        validate_key(key)?;
        // S3 answers 204 whether or not the object existed.
        self.client
            .get()
            .delete_object()
            .bucket(&self.bucket)
            .key(key)
            .send()
            .await
            .map_err(|e| blob_error("DeleteObject", e))?;
        Ok(())
    }

    async fn copy(&self, from: &str, to: &str) -> Result<(), BlobError> {
        validate_key(from)?;
        validate_key(to)?;
        // Valid keys hold only characters that need no URL encoding in the copy source.
        self.client
            .get()
            .copy_object()
            .bucket(&self.bucket)
            .key(to)
            .copy_source(format!("{}/{from}", self.bucket))
            .server_side_encryption(self.encryption())
            .set_ssekms_key_id(self.kms_key_id.clone())
            .send()
            .await
            .map_err(|e| blob_error("CopyObject", e))?;
        Ok(())
    }

    async fn presign_put(
        &self,
        key: &str,
        content_type: &str,
        size: u64,
        expires_in: Duration,
    ) -> Result<PresignedRequest, BlobError> {
        validate_key(key)?;
        validate_content_type(content_type)?;
        validate_presigned_size(size)?;
        let config = presigning(expires_in)?;
        let length = i64::try_from(size).map_err(|_| BlobError::Invalid("size".into()))?;
        // Content type and length become signed headers: S3 refuses an upload that differs.
        let request = self
            .client
            .get()
            .put_object()
            .bucket(&self.bucket)
            .key(key)
            .content_type(content_type)
            .content_length(length)
            .server_side_encryption(self.encryption())
            .set_ssekms_key_id(self.kms_key_id.clone())
            .presigned(config.clone())
            .await
            .map_err(|e| blob_error("presign PutObject", e))?;
        Ok(presigned_request(&request, &config))
    }

    async fn presign_get(
        &self,
        key: &str,
        file_name: &str,
        expires_in: Duration,
    ) -> Result<PresignedRequest, BlobError> {
        validate_key(key)?;
        let config = presigning(expires_in)?;
        let request = self
            .client
            .get()
            .get_object()
            .bucket(&self.bucket)
            .key(key)
            .response_content_disposition(attachment_disposition(file_name))
            .presigned(config.clone())
            .await
            .map_err(|e| blob_error("presign GetObject", e))?;
        Ok(presigned_request(&request, &config))
    }
}
