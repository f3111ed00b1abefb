//! The application state: built once per cold start, cloned into handlers.

use std::sync::Arc;

use ecar_domain::{Ports, auth::KeyRing, entity};

use crate::http::cursor::CursorCodec;

/// The domain's ports and configuration, with what only requests need: the
/// cursor and token keys. Shared by every handler.
#[derive(Clone)]
pub struct AppState {
    /// The ports, the clock and the configuration the domain works with.
    pub ports: Ports,
    /// Signs and checks pagination cursors.
    pub cursors: CursorCodec,
    /// Verifies tokens (`JWT_PUBLIC_KEYS`), and signs them where the private
    /// keys are given (`ECAR_JWT_KEYS` or `JWT_SECRET_ARN`: the auth function).
    pub tokens: Arc<KeyRing>,
}

/// Handlers read `state.table`, `state.config` and pass `&state` where the
/// domain takes its [`Ports`]: the state is the ports plus request-only keys.
impl std::ops::Deref for AppState {
    type Target = Ports;

    fn deref(&self) -> &Ports {
        &self.ports
    }
}

impl std::fmt::Debug for AppState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppState")
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

/// The entity writer's view of the state (see [`Ports`]).
impl<'a> From<&'a AppState> for entity::Context<'a> {
    fn from(state: &'a AppState) -> Self {
        Self::from(&state.ports)
    }
}
