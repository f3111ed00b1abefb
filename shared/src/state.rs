//! The application state: built once per cold start, cloned into handlers.

use std::sync::Arc;

use crate::{
    blobs::Blobs, clock::Clock, config::Config, http::cursor::CursorCodec, notify::Notifier,
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
}

impl std::fmt::Debug for AppState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppState")
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}
