//! The application state: built once per cold start, cloned into handlers.

use std::sync::Arc;

use crate::{
    auth::{Passwords, SessionCache, TokenKeys},
    blobs::Blobs,
    clock::Clock,
    config::Config,
    entity,
    http::cursor::CursorCodec,
    notify::Notifier,
    store::Table,
};

/// Adapters, configuration, keys and the clock, shared by every handler.
#[derive(Clone)]
pub struct AppState {
    /// The table port.
    pub table: Arc<dyn Table>,
    /// The blob port.
    pub blobs: Arc<dyn Blobs>,
    /// The notifier port.
    pub notifier: Arc<dyn Notifier>,
    /// Wall-clock time (settable in tests).
    pub clock: Clock,
    /// Configuration.
    pub config: Arc<Config>,
    /// Signs and checks pagination cursors.
    pub cursors: CursorCodec,
    /// Signs and verifies tokens (from `ECAR_JWT_KEYS` or `JWT_SECRET_ARN`).
    pub tokens: Arc<TokenKeys>,
    /// Hashes and verifies passwords.
    pub passwords: Passwords,
    /// Recent session checks (`auth_cache_ttl`; build it with `SessionCache::new`).
    pub session_cache: SessionCache,
}

impl std::fmt::Debug for AppState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppState")
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

/// The entity writer's view of the state: the table, the clock and the
/// counter settings, so that callers holding the state can pass it.
impl<'a> From<&'a AppState> for entity::Context<'a> {
    fn from(state: &'a AppState) -> Self {
        Self {
            table: state.table.as_ref(),
            clock: &state.clock,
            settings: state.config.counter_settings(),
        }
    }
}
