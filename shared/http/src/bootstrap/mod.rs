//! Building the [`AppState`] once per cold start: the AWS adapters inside
//! Lambda (or with `ECAR_BACKEND=aws`), the embedded ones locally.

#[cfg(feature = "aws-dynamodb")]
mod aws;
#[cfg(feature = "embedded")]
mod embedded;
#[cfg(feature = "aws-dynamodb")]
pub mod keys;

use std::path::PathBuf;
#[cfg(any(feature = "aws-dynamodb", feature = "embedded"))]
use std::sync::Arc;

#[cfg(feature = "embedded")]
pub use embedded::{LOCAL_BLOBS_PATH, LocalState, Storage};

use crate::{
    AppState, Clock,
    auth::keys::KeyError,
    blobs::BlobError,
    config::{Config, ConfigError},
    store::StoreError,
};

/// The ports of the stream and schedule functions (also the domain's).
pub use crate::ports::Ports;

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
    /// The AWS backend needs keys and none are configured.
    #[error(
        "no JWT keys: set JWT_SECRET_ARN (or ECAR_JWT_KEYS) where tokens are signed, JWT_PUBLIC_KEYS where they are only verified"
    )]
    NoKeys,
    /// The cursor secret is shorter than a key should be.
    #[error("ECAR_CURSOR_SECRET must be at least {0} characters")]
    ShortCursorSecret(usize),
    /// A setting the AWS backend needs is missing.
    #[error("{0} is not set")]
    Missing(&'static str),
    /// The configuration selects a backend this build leaves out (a Lambda
    /// binary has only `aws`).
    #[error("this build has no {0} backend (cargo feature `{0}`)")]
    NotBuilt(&'static str),
}

impl AppState {
    /// The state for a Lambda cold start or a process configured by the environment.
    pub async fn from_env() -> Result<Self, StartupError> {
        let config = Config::from_env()?;
        match config.backend {
            #[cfg(feature = "aws-dynamodb")]
            crate::config::Backend::Aws => Self::aws(config, Clock::system()).await,
            #[cfg(feature = "embedded")]
            crate::config::Backend::Embedded => {
                let storage = Storage::Dir(config.data_dir.clone());
                Ok(Self::embedded(config, storage, Clock::system())?.state)
            }
            #[allow(unreachable_patterns, reason = "reached when a backend is not built")]
            backend => Err(StartupError::NotBuilt(backend.feature())),
        }
    }

    #[cfg(any(feature = "aws-dynamodb", feature = "embedded"))]
    pub(super) fn assemble(
        config: Config,
        clock: Clock,
        table: Arc<dyn crate::store::Table>,
        blobs: Arc<dyn crate::blobs::Blobs>,
        notifier: Arc<dyn crate::notify::Notifier>,
        keys: crate::auth::KeyRing,
        cursors: crate::http::CursorCodec,
    ) -> Self {
        use crate::auth::{Passwords, SessionCache};
        let session_cache = SessionCache::new(config.auth_cache_ttl);
        Self {
            ports: Ports {
                table,
                blobs,
                notifier,
                clock,
                config: Arc::new(config),
                passwords: Passwords::new(),
                session_cache,
            },
            cursors,
            tokens: Arc::new(keys),
        }
    }
}

/// The ports for a Lambda cold start or a process configured by the environment.
pub async fn ports_from_env() -> Result<Ports, StartupError> {
    ports_from_config(Config::from_env()?, Clock::system()).await
}

/// The ports of the backend `config` selects (embedded: in its data directory).
pub async fn ports_from_config(config: Config, clock: Clock) -> Result<Ports, StartupError> {
    match config.backend {
        #[cfg(feature = "aws-dynamodb")]
        crate::config::Backend::Aws => aws::ports(config, clock).await,
        #[cfg(feature = "embedded")]
        crate::config::Backend::Embedded => {
            let storage = Storage::Dir(config.data_dir.clone());
            Ok(AppState::embedded(config, storage, clock)?.state.ports)
        }
        #[allow(unreachable_patterns, reason = "reached when a backend is not built")]
        backend => {
            drop(clock); // no adapter to give it to
            Err(StartupError::NotBuilt(backend.feature()))
        }
    }
}
