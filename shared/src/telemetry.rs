//! Structured JSON logs through `tracing`.

use tracing_subscriber::{EnvFilter, fmt, prelude::*};

/// Installs the JSON log subscriber once (later calls are ignored).
///
/// The level comes from `RUST_LOG` (default `info`). Each request runs in a
/// span carrying its request id and, once authenticated, the user id, so every
/// line of that request names both.
pub fn init() {
    init_with_default("info");
}

/// [`init`] with another level when `RUST_LOG` is not set (bulk commands
/// would drown their progress bar in one line per write).
pub fn init_with_default(level: &str) {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(level));
    let json = fmt::layer()
        .json()
        .with_current_span(true)
        .with_span_list(false)
        .with_target(false);
    let _ = tracing_subscriber::registry()
        .with(filter)
        .with(json)
        .try_init();
}
