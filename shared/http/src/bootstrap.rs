//! Building the [`AppState`] once per cold start: the AWS adapters inside
//! Lambda (or with `ECAR_BACKEND=aws`), the embedded ones locally.

use std::{
    path::{Path, PathBuf},
    sync::Arc,
};

use rand::RngCore;
use serde::{Deserialize, Serialize};

use crate::{
    AppState, Clock,
    auth::{Passwords, SessionCache, TokenKeys, keys::KeyError},
    aws,
    blobs::{BlobError, embedded::EmbeddedBlobs, s3::S3Blobs},
    config::{Backend, Config, ConfigError},
    http::CursorCodec,
    notify::{Notifier, Platform, embedded::EmbeddedNotifier, sns::SnsNotifier},
    store::{StoreError, Table, dynamo::DynamoTable, embedded::EmbeddedTable},
};

/// Where the local runner serves the embedded blob URLs.
pub const LOCAL_BLOBS_PATH: &str = "/local-blobs";

/// Why the state could not be built; the process should not start.
#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    /// A configuration value is invalid.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// The JWT key set is missing or invalid.
    #[error("JWT keys: {0}")]
    Keys(#[from] KeyError),
    /// The embedded store could not be opened.
    #[error("table: {0}")]
    Table(#[from] StoreError),
    /// The blob store could not be opened.
    #[error("blobs: {0}")]
    Blobs(#[from] BlobError),
    /// The local notifier outbox could not be opened.
    #[error("notifier: {0}")]
    Notifier(#[from] crate::notify::NotifyError),
    /// Local files could not be read or written.
    #[error("{0}: {1}")]
    Io(PathBuf, std::io::Error),
    /// The AWS backend needs a key set and none is configured.
    #[error("no JWT key set: set JWT_SECRET_ARN (or ECAR_JWT_KEYS)")]
    NoKeys,
    /// A setting the AWS backend needs is missing.
    #[error("{0} is not set")]
    Missing(&'static str),
}

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
    /// The state for a Lambda cold start or a process configured by the environment.
    pub async fn from_env() -> Result<Self, StartupError> {
        let config = Config::from_env()?;
        match config.backend {
            Backend::Aws => Self::aws(config, Clock::system()).await,
            Backend::Embedded => {
                let storage = Storage::Dir(config.data_dir.clone());
                Ok(Self::embedded(config, storage, Clock::system())?.state)
            }
        }
    }

    /// The state on DynamoDB, S3 and SNS.
    pub async fn aws(config: Config, clock: Clock) -> Result<Self, StartupError> {
        // One SDK configuration for every client; S3 and SNS clients are
        // made when a route first needs them.
        let sdk = aws::sdk_config(config.aws_endpoint_url.as_deref()).await;
        let keys = TokenKeys::load(&config, &sdk)
            .await?
            .ok_or(StartupError::NoKeys)?;
        let table = dynamo_table(&config, &sdk, &clock);
        let blobs = S3Blobs::on_first_use(&sdk, &config.bucket_name);
        let notifier = sns_notifier(&config, &sdk)?;
        let cursors = CursorCodec::new(keys.derive_secret("ecar-cursor-v1"));
        Ok(Self::assemble(
            config,
            clock,
            Arc::new(table),
            Arc::new(blobs),
            Arc::new(notifier),
            keys,
            cursors,
        ))
    }

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
            Some(json) => TokenKeys::from_json(json)?,
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
            keys,
            cursors,
        );
        Ok(LocalState {
            state,
            blobs,
            table,
        })
    }

    fn assemble(
        config: Config,
        clock: Clock,
        table: Arc<dyn crate::store::Table>,
        blobs: Arc<dyn crate::blobs::Blobs>,
        notifier: Arc<dyn crate::notify::Notifier>,
        keys: TokenKeys,
        cursors: CursorCodec,
    ) -> Self {
        let session_cache = SessionCache::new(config.auth_cache_ttl);
        Self {
            table,
            blobs,
            notifier,
            clock,
            config: Arc::new(config),
            cursors,
            tokens: Arc::new(keys),
            passwords: Passwords::new(),
            session_cache,
        }
    }
}

/// The table port on DynamoDB.
fn dynamo_table(config: &Config, sdk: &aws_config::SdkConfig, clock: &Clock) -> DynamoTable {
    DynamoTable::new(aws::dynamodb_client(sdk), &config.table_name, clock.clone())
}

/// The notifier port on SNS, with the configured platform applications.
fn sns_notifier(config: &Config, sdk: &aws_config::SdkConfig) -> Result<SnsNotifier, StartupError> {
    let topic_arn = config
        .topic_arn
        .clone()
        .ok_or(StartupError::Missing("TOPIC_ARN"))?;
    let mut notifier = SnsNotifier::on_first_use(sdk, topic_arn);
    if let Some(arn) = &config.fcm_platform_app_arn {
        notifier = notifier.with_platform_application(Platform::Fcm, arn);
    }
    if let Some(arn) = &config.apns_platform_app_arn {
        notifier = notifier.with_platform_application(Platform::Apns, arn);
    }
    Ok(notifier)
}

/// What a function that answers no HTTP request needs (the stream and
/// schedule handlers): the table, the notifier, the clock and the
/// configuration, without the token keys it has no use for.
#[derive(Clone)]
pub struct Ports {
    /// The table port.
    pub table: Arc<dyn Table>,
    /// The notifier port.
    pub notifier: Arc<dyn Notifier>,
    /// Wall-clock time.
    pub clock: Clock,
    /// Configuration.
    pub config: Arc<Config>,
}

impl Ports {
    /// The ports for a Lambda cold start or a process configured by the environment.
    pub async fn from_env() -> Result<Self, StartupError> {
        Self::from_config(Config::from_env()?, Clock::system()).await
    }

    /// The ports of the backend `config` selects (embedded: in its data directory).
    pub async fn from_config(config: Config, clock: Clock) -> Result<Self, StartupError> {
        match config.backend {
            Backend::Aws => {
                let sdk = aws::sdk_config(config.aws_endpoint_url.as_deref()).await;
                Ok(Self {
                    table: Arc::new(dynamo_table(&config, &sdk, &clock)),
                    notifier: Arc::new(sns_notifier(&config, &sdk)?),
                    clock,
                    config: Arc::new(config),
                })
            }
            Backend::Embedded => {
                let storage = Storage::Dir(config.data_dir.clone());
                Ok(Self::from(
                    &AppState::embedded(config, storage, clock)?.state,
                ))
            }
        }
    }
}

impl From<&AppState> for Ports {
    fn from(state: &AppState) -> Self {
        Self {
            table: state.table.clone(),
            notifier: state.notifier.clone(),
            clock: state.clock.clone(),
            config: state.config.clone(),
        }
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
