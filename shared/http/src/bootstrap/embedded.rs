//! The state on the embedded store, blob files and the recording notifier,
//! with the secrets the local runner keeps in its data directory.

use std::{
    path::{Path, PathBuf},
    sync::Arc,
};

use rand::RngCore;
use serde::{Deserialize, Serialize};

use ecar_store::{blobs::EmbeddedBlobs, notify::EmbeddedNotifier, table::EmbeddedTable};

use super::StartupError;
use crate::{AppState, Clock, auth::TokenKeys, config::Config, http::CursorCodec};

/// Where the local runner serves the embedded blob URLs.
pub const LOCAL_BLOBS_PATH: &str = "/local-blobs";

/// Where the embedded adapters keep their data.
#[derive(Clone, Debug)]
pub enum Storage {
    /// Files under this directory (created if needed).
    Dir(PathBuf),
    /// Nothing on disk; gone when the process ends.
    Memory,
}

/// The state with the embedded adapters, and the local blob store for the
/// runner to serve.
pub struct LocalState {
    /// The application state.
    pub state: AppState,
    /// The blob store, whose signed URLs the runner serves under [`LOCAL_BLOBS_PATH`].
    pub blobs: Arc<EmbeddedBlobs>,
    /// The embedded table, for its change feed.
    pub table: Arc<EmbeddedTable>,
}

/// Secrets the local runner generates once and keeps in the data directory.
#[derive(Serialize, Deserialize)]
struct LocalSecrets {
    jwt_keys: serde_json::Value,
    blob_secret: String,
    cursor_secret: String,
}

impl AppState {
    /// The state on the embedded store, blob files and the recording notifier.
    ///
    /// Keys and signing secrets come from `ECAR_JWT_KEYS` when set, else from
    /// `<data dir>/secrets.json`, generated on first use (in memory: fresh ones).
    pub fn embedded(
        config: Config,
        storage: Storage,
        clock: Clock,
    ) -> Result<LocalState, StartupError> {
        let secrets = match &storage {
            Storage::Dir(dir) => load_or_create_secrets(dir)?,
            Storage::Memory => new_secrets(),
        };
        let keys = match &config.jwt_keys_json {
            Some(json) => TokenKeys::from_json(json.expose())?,
            None => TokenKeys::from_json(&secrets.jwt_keys.to_string())?,
        };
        let blob_url = format!(
            "{}{LOCAL_BLOBS_PATH}",
            config.public_url.trim_end_matches('/')
        );
        let (table, blobs, notifier) = match &storage {
            Storage::Dir(dir) => (
                EmbeddedTable::open(&dir.join("table.redb"), clock.clone())?,
                EmbeddedBlobs::open(
                    dir,
                    &blob_url,
                    secrets.blob_secret.as_bytes(),
                    clock.clone(),
                )?,
                EmbeddedNotifier::open(dir, clock.clone())?,
            ),
            Storage::Memory => (
                EmbeddedTable::in_memory(clock.clone())?,
                EmbeddedBlobs::in_memory(&blob_url, secrets.blob_secret.as_bytes(), clock.clone())?,
                EmbeddedNotifier::in_memory(clock.clone()),
            ),
        };
        let table = Arc::new(table);
        let blobs = Arc::new(blobs);
        let cursors = CursorCodec::new(secrets.cursor_secret.into_bytes());
        let state = Self::assemble(
            config,
            clock,
            table.clone(),
            blobs.clone(),
            Arc::new(notifier),
            keys.into(),
            cursors,
        );
        Ok(LocalState {
            state,
            blobs,
            table,
        })
    }
}

fn random_secret() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn new_secrets() -> LocalSecrets {
    let keys = TokenKeys::generate().to_json();
    LocalSecrets {
        // The generated JSON always parses.
        jwt_keys: serde_json::from_str(&keys).unwrap_or_default(),
        blob_secret: random_secret(),
        cursor_secret: random_secret(),
    }
}

/// Reads `<dir>/secrets.json`, creating it (readable by the owner only) on first use.
fn load_or_create_secrets(dir: &Path) -> Result<LocalSecrets, StartupError> {
    let path = dir.join("secrets.json");
    let io = |error| StartupError::Io(path.clone(), error);
    match std::fs::read(&path) {
        Ok(bytes) => serde_json::from_slice(&bytes)
            .map_err(|e| io(std::io::Error::new(std::io::ErrorKind::InvalidData, e))),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            std::fs::create_dir_all(dir).map_err(io)?;
            let secrets = new_secrets();
            let json =
                serde_json::to_vec_pretty(&secrets).map_err(|e| io(std::io::Error::other(e)))?;
            write_private(&path, &json).map_err(io)?;
            Ok(secrets)
        }
        Err(error) => Err(io(error)),
    }
}

#[cfg(unix)]
fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::{io::Write, os::unix::fs::OpenOptionsExt};
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)?;
    file.write_all(bytes)
}

#[cfg(not(unix))]
fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    std::fs::write(path, bytes)
}
