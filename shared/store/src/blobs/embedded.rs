//! Blobs as files under a directory, for the local runner and fast tests.
//!
//! Each object is one file holding its content type, a newline, then its bytes,
//! so that one rename replaces both at once. Keys map to flat file names (`/`
//! becomes `+`, which keys cannot contain), so `a/b` and `a/b/c` can coexist as
//! they do on S3. "Presigned" URLs are HMAC-SHA256-signed URLs served by
//! the HTTP layer's `local_blobs::router`, which enforces what S3 enforces for a presigned request.

use std::{
    io,
    path::{Path, PathBuf},
    time::Duration,
};

use async_trait::async_trait;
use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use bytes::Bytes;
use chrono::{DateTime, TimeDelta, Utc};
use hmac::{Hmac, Mac};
use serde::Deserialize;
use sha2::Sha256;
use tempfile::TempDir;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};

use ecar_domain::Clock;
use ecar_domain::blobs::{
    Blob, BlobError, BlobMeta, Blobs, PresignedRequest, validate_content_type, validate_key,
    validate_lifetime, validate_presigned_size,
};

/// Shortest signing secret accepted: HMAC-SHA256 wants a key as long as its output.
pub const MIN_SECRET_LEN: usize = 32;

/// Prefix of files being written; keys cannot start with a dot, so no object collides.
const TEMP_PREFIX: &str = ".tmp-";

/// Objects under `<data_dir>/blobs/`, or under a temporary directory for `--in-memory`.
pub struct EmbeddedBlobs {
    dir: PathBuf,
    /// Held so that an in-memory store's files go away with it.
    _temp: Option<TempDir>,
    base_url: String,
    secret: Vec<u8>,
    clock: Clock,
}

impl std::fmt::Debug for EmbeddedBlobs {
    // The secret signs download URLs; keep it out of logs.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EmbeddedBlobs")
            .field("dir", &self.dir)
            .field("base_url", &self.base_url)
            .finish_non_exhaustive()
    }
}

impl EmbeddedBlobs {
    /// Opens (creating it if needed) the store under `<data_dir>/blobs/`; its URLs
    /// start with `base_url` (where the HTTP layer's `local_blobs::router` serves them) and are signed with `secret`.
    pub fn open(
        data_dir: &Path,
        base_url: &str,
        secret: &[u8],
        clock: Clock,
    ) -> Result<Self, BlobError> {
        let dir = data_dir.join("blobs");
        std::fs::create_dir_all(&dir).map_err(|e| io_error("create the blob directory", &e))?;
        remove_stale_temp_files(&dir)?;
        Self::new(dir, None, base_url, secret, clock)
    }

    /// A store whose objects live in a temporary directory removed on drop.
    pub fn in_memory(base_url: &str, secret: &[u8], clock: Clock) -> Result<Self, BlobError> {
        let temp = tempfile::Builder::new()
            .prefix("ecar-blobs-")
            .tempdir()
            .map_err(|e| io_error("create a temporary blob directory", &e))?;
        Self::new(
            temp.path().to_path_buf(),
            Some(temp),
            base_url,
            secret,
            clock,
        )
    }

    fn new(
        dir: PathBuf,
        temp: Option<TempDir>,
        base_url: &str,
        secret: &[u8],
        clock: Clock,
    ) -> Result<Self, BlobError> {
        if secret.len() < MIN_SECRET_LEN {
            return Err(BlobError::Invalid(format!(
                "the URL signing secret must be at least {MIN_SECRET_LEN} bytes"
            )));
        }
        Ok(Self {
            dir,
            _temp: temp,
            base_url: base_url.trim_end_matches('/').to_owned(),
            secret: secret.to_vec(),
            clock,
        })
    }

    fn path_of(&self, key: &str) -> Result<PathBuf, BlobError> {
        validate_key(key)?;
        Ok(self.dir.join(key.replace('/', "+")))
    }

    /// Writes a temporary file and renames it over `path`, so readers see the
    /// old object or the new one, never half of one.
    async fn write_atomically(
        &self,
        path: &Path,
        content_type: &str,
        body: &[u8],
    ) -> Result<(), BlobError> {
        let temp = self.temp_path();
        let written = async {
            let mut file = tokio::fs::File::create(&temp).await?;
            file.write_all(content_type.as_bytes()).await?;
            file.write_all(b"\n").await?;
            file.write_all(body).await?;
            file.sync_all().await?;
            tokio::fs::rename(&temp, path).await
        }
        .await;
        if let Err(e) = written {
            let _ = tokio::fs::remove_file(&temp).await;
            return Err(io_error("write an object", &e));
        }
        Ok(())
    }

    fn temp_path(&self) -> PathBuf {
        self.dir.join(format!("{TEMP_PREFIX}{}", ulid::Ulid::new()))
    }

    fn mac(&self) -> Hmac<Sha256> {
        <Hmac<Sha256> as Mac>::new_from_slice(&self.secret).expect("HMAC takes keys of any length")
    }

    fn sign(&self, canonical: &str) -> String {
        let mut mac = self.mac();
        mac.update(canonical.as_bytes());
        URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
    }

    /// Checks a signature in constant time (`verify_slice` compares with `subtle`).
    fn signature_matches(&self, canonical: &str, signature: &str) -> bool {
        let Ok(signature) = URL_SAFE_NO_PAD.decode(signature) else {
            return false;
        };
        let mut mac = self.mac();
        mac.update(canonical.as_bytes());
        mac.verify_slice(&signature).is_ok()
    }

    /// When a URL made now for `expires_in` stops working, to the whole second
    /// since that is what the URL carries.
    fn expiry(&self, expires_in: Duration) -> Result<DateTime<Utc>, BlobError> {
        validate_lifetime(expires_in)?;
        let lifetime = TimeDelta::from_std(expires_in)
            .map_err(|_| BlobError::Invalid("lifetime out of range".into()))?;
        let at = self.clock.now() + lifetime;
        Ok(at - TimeDelta::nanoseconds(at.timestamp_subsec_nanos().into()))
    }

    fn url(&self, key: &str, query: &[(&str, &str)]) -> String {
        let query: Vec<String> = query
            .iter()
            .map(|(name, value)| format!("{name}={}", urlencoding::encode(value)))
            .collect();
        format!("{}/{key}?{}", self.base_url, query.join("&"))
    }

    /// The signed size and content type of an upload URL still valid now.
    pub fn verify_put(&self, key: &str, params: &UrlParams) -> Option<(u64, String)> {
        let expires = params.expires.as_deref()?;
        let content_type = params.content_type.as_deref()?;
        let size = params.size.as_deref()?;
        let canonical = put_canonical(key, expires, content_type, size);
        self.verify(&canonical, expires, params.sig.as_deref()?)?;
        Some((size.parse().ok()?, content_type.to_owned()))
    }

    /// The signed file name of a download URL still valid now.
    pub fn verify_get(&self, key: &str, params: &UrlParams) -> Option<String> {
        let expires = params.expires.as_deref()?;
        let file_name = params.disposition.as_deref()?;
        let canonical = get_canonical(key, expires, file_name);
        self.verify(&canonical, expires, params.sig.as_deref()?)?;
        Some(file_name.to_owned())
    }

    fn verify(&self, canonical: &str, expires: &str, signature: &str) -> Option<()> {
        let signed = self.signature_matches(canonical, signature);
        let expires: i64 = expires.parse().ok()?;
        (signed && self.clock.epoch_seconds() <= expires).then_some(())
    }
}

fn put_canonical(key: &str, expires: &str, content_type: &str, size: &str) -> String {
    format!("PUT\n{key}\n{expires}\n{content_type}\n{size}")
}

// The file name comes last: it is the only field that may hold a newline.
fn get_canonical(key: &str, expires: &str, file_name: &str) -> String {
    format!("GET\n{key}\n{expires}\n{file_name}")
}

fn remove_stale_temp_files(dir: &Path) -> Result<(), BlobError> {
    let entries = std::fs::read_dir(dir).map_err(|e| io_error("list the blob directory", &e))?;
    for entry in entries.flatten() {
        if entry.file_name().to_string_lossy().starts_with(TEMP_PREFIX) {
            // A leftover of a crash mid-write; the object it was replacing is intact.
            let _ = std::fs::remove_file(entry.path());
        }
    }
    Ok(())
}

fn io_error(doing: &str, error: &io::Error) -> BlobError {
    if error.kind() == io::ErrorKind::NotFound {
        BlobError::NotFound
    } else {
        BlobError::Internal(format!("cannot {doing}: {error}"))
    }
}

fn corrupt() -> BlobError {
    BlobError::Internal("stored object has no content type line".into())
}

#[async_trait]
impl Blobs for EmbeddedBlobs {
    async fn put(&self, key: &str, body: Bytes, content_type: &str) -> Result<(), BlobError> {
        let path = self.path_of(key)?;
        validate_content_type(content_type)?;
        self.write_atomically(&path, content_type, &body).await
    }

    async fn get(&self, key: &str) -> Result<Blob, BlobError> {
        let path = self.path_of(key)?;
        let stored = tokio::fs::read(&path)
            .await
            .map_err(|e| io_error("read an object", &e))?;
        let newline = stored
            .iter()
            .position(|&b| b == b'\n')
            .ok_or_else(corrupt)?;
        let content_type = String::from_utf8(stored[..newline].to_vec()).map_err(|_| corrupt())?;
        let mut stored = Bytes::from(stored);
        Ok(Blob {
            body: stored.split_off(newline + 1),
            content_type,
        })
    }

    async fn head(&self, key: &str) -> Result<BlobMeta, BlobError> {
        let path = self.path_of(key)?;
        let file = tokio::fs::File::open(&path)
            .await
            .map_err(|e| io_error("open an object", &e))?;
        let length = file
            .metadata()
            .await
            .map_err(|e| io_error("stat an object", &e))?
            .len();
        // A content type is at most 255 bytes, so the header line fits in 256.
        let mut header = Vec::new();
        BufReader::new(file)
            .take(256)
            .read_until(b'\n', &mut header)
            .await
            .map_err(|e| io_error("read an object", &e))?;
        if header.pop() != Some(b'\n') {
            return Err(corrupt());
        }
        let header_len = header.len() as u64 + 1;
        Ok(BlobMeta {
            size: length.saturating_sub(header_len),
            content_type: String::from_utf8(header).map_err(|_| corrupt())?,
        })
    }

    async fn delete(&self, key: &str) -> Result<(), BlobError> {
        let path = self.path_of(key)?;
        match tokio::fs::remove_file(&path).await {
            Err(e) if e.kind() != io::ErrorKind::NotFound => Err(io_error("delete an object", &e)),
            _ => Ok(()),
        }
    }

    async fn copy(&self, from: &str, to: &str) -> Result<(), BlobError> {
        let source = self.path_of(from)?;
        let target = self.path_of(to)?;
        let temp = self.temp_path();
        let copied = async {
            tokio::fs::copy(&source, &temp).await?;
            tokio::fs::rename(&temp, &target).await
        }
        .await;
        if let Err(e) = copied {
            let _ = tokio::fs::remove_file(&temp).await;
            return Err(io_error("copy an object", &e));
        }
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
        let expires_at = self.expiry(expires_in)?;
        let (expires_text, size_text) = (expires_at.timestamp().to_string(), size.to_string());
        let signature = self.sign(&put_canonical(key, &expires_text, content_type, &size_text));
        Ok(PresignedRequest {
            method: "PUT".into(),
            url: self.url(
                key,
                &[
                    ("expires", &expires_text),
                    ("content_type", content_type),
                    ("size", &size_text),
                    ("sig", &signature),
                ],
            ),
            headers: vec![
                ("content-type".into(), content_type.into()),
                ("content-length".into(), size_text),
            ],
            expires_at,
        })
    }

    async fn presign_get(
        &self,
        key: &str,
        file_name: &str,
        expires_in: Duration,
    ) -> Result<PresignedRequest, BlobError> {
        validate_key(key)?;
        let expires_at = self.expiry(expires_in)?;
        let expires_text = expires_at.timestamp().to_string();
        let signature = self.sign(&get_canonical(key, &expires_text, file_name));
        Ok(PresignedRequest {
            method: "GET".into(),
            url: self.url(
                key,
                &[
                    ("expires", &expires_text),
                    ("disposition", file_name),
                    ("sig", &signature),
                ],
            ),
            headers: Vec::new(),
            expires_at,
        })
    }
}

/// The query of a signed URL; every field is checked by the signature.
#[derive(Debug, Default, Deserialize)]
pub struct UrlParams {
    /// Epoch second the URL stops working.
    pub expires: Option<String>,
    /// Content type an upload must carry.
    pub content_type: Option<String>,
    /// Exact size of an upload, in bytes.
    pub size: Option<String>,
    /// File name a download is saved as.
    pub disposition: Option<String>,
    /// The signature over the key and the fields above.
    pub sig: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store() -> EmbeddedBlobs {
        EmbeddedBlobs::in_memory("http://blobs.test/", &[7; 32], Clock::system()).unwrap()
    }

    #[test]
    fn a_short_secret_is_refused() {
        let result = EmbeddedBlobs::in_memory("http://blobs.test", &[7; 31], Clock::system());
        assert!(matches!(result, Err(BlobError::Invalid(_))));
    }

    #[tokio::test]
    async fn objects_are_single_files_with_a_flat_name() {
        let blobs = store();
        blobs
            .put("a/b", Bytes::from_static(b"x"), "text/plain")
            .await
            .unwrap();
        blobs
            .put("a/b/c", Bytes::from_static(b"y"), "text/plain")
            .await
            .unwrap();
        let mut names: Vec<String> = std::fs::read_dir(&blobs.dir)
            .unwrap()
            .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(names, ["a+b", "a+b+c"], "no temporary file is left behind");
        assert_eq!(
            std::fs::read(blobs.dir.join("a+b")).unwrap(),
            b"text/plain\nx"
        );
    }

    #[tokio::test]
    async fn opening_a_data_dir_keeps_objects_and_drops_interrupted_writes() {
        let data_dir = tempfile::tempdir().unwrap();
        let blobs =
            EmbeddedBlobs::open(data_dir.path(), "http://b", &[1; 32], Clock::system()).unwrap();
        blobs
            .put("kept.pdf", Bytes::from_static(b"%PDF"), "application/pdf")
            .await
            .unwrap();
        std::fs::write(data_dir.path().join("blobs/.tmp-crashed"), b"half").unwrap();
        drop(blobs);

        let blobs =
            EmbeddedBlobs::open(data_dir.path(), "http://b", &[1; 32], Clock::system()).unwrap();
        assert_eq!(
            blobs.get("kept.pdf").await.unwrap().body,
            Bytes::from_static(b"%PDF")
        );
        assert!(!data_dir.path().join("blobs/.tmp-crashed").exists());
    }

    #[tokio::test]
    async fn presigned_urls_start_with_the_base_url() {
        let blobs = store();
        let request = blobs
            .presign_put("a/b.pdf", "application/pdf", 10, Duration::from_secs(60))
            .await
            .unwrap();
        assert!(
            request
                .url
                .starts_with("http://blobs.test/a/b.pdf?expires="),
            "{}",
            request.url
        );
        assert!(
            request
                .url
                .contains("content_type=application%2Fpdf&size=10&sig=")
        );
        assert_eq!(request.expires_at.timestamp_subsec_nanos(), 0);
    }
}
