//! What the domain's operations work with: the table, blob and notifier
//! ports, the clock, the configuration, the password hasher and the cache of
//! session checks. Built once
//! per cold start; the HTTP layer's [`AppState`](crate::AppState) wraps it
//! with the token keys and the caches only requests need, and the stream
//! and schedule functions use it alone.

use std::sync::Arc;

use crate::{
    auth::{Passwords, SessionCache},
    blobs::Blobs,
    clock::Clock,
    config::Config,
    entity,
    notify::Notifier,
    store::Table,
};

/// The ports, the clock and the configuration.
#[derive(Clone)]
pub struct Ports {
    /// The table port.
    pub table: Arc<dyn Table>,
    /// The blob port (the AWS one makes its client on first use).
    pub blobs: Arc<dyn Blobs>,
    /// The notifier port.
    pub notifier: Arc<dyn Notifier>,
    /// Wall-clock time (settable in tests).
    pub clock: Clock,
    /// Configuration.
    pub config: Arc<Config>,
    /// Hashes and verifies passwords.
    pub passwords: Passwords,
    /// Recent session checks, which revoking a user's sessions must forget
    /// (`auth_cache_ttl`; build it with `SessionCache::new`).
    pub session_cache: SessionCache,
}

impl std::fmt::Debug for Ports {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Ports")
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

/// The entity writer's view: the table, the clock and the counter settings.
impl<'a> From<&'a Ports> for entity::Context<'a> {
    fn from(ports: &'a Ports) -> Self {
        Self {
            table: ports.table.as_ref(),
            clock: &ports.clock,
            settings: ports.config.counter_settings(),
        }
    }
}
