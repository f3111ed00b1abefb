//! Structured JSON logs through `tracing`.

use tracing_subscriber::{EnvFilter, fmt, prelude::*};

/// Installs the JSON log subscriber once (later calls are ignored).
///
/// The level comes from `RUST_LOG`, else from the function's log level on
/// Lambda (`AWS_LAMBDA_LOG_LEVEL`, the template's `LogLevel`), else `info`.
/// Each request runs in a span carrying its request id and, once
/// authenticated, the user id, so every line of that request names both.
pub fn init() {
    init_with_default("info");
}

/// [`init`] with another level when neither `RUST_LOG` nor the Lambda log
/// level is set (bulk commands would drown their progress bar in one line
/// per write).
pub fn init_with_default(level: &str) {
    let lambda_level = std::env::var("AWS_LAMBDA_LOG_LEVEL").ok();
    let level = lambda_level
        .as_deref()
        .and_then(level_of_lambda)
        .unwrap_or(level);
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

/// The `tracing` level of a Lambda application log level (`TRACE` ...
/// `FATAL`; `tracing` has no fatal, its errors are the closest).
fn level_of_lambda(level: &str) -> Option<&'static str> {
    Some(match level.trim().to_ascii_uppercase().as_str() {
        "TRACE" => "trace",
        "DEBUG" => "debug",
        "INFO" => "info",
        "WARN" => "warn",
        "ERROR" | "FATAL" => "error",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::level_of_lambda;

    #[test]
    fn lambda_log_levels_map_to_tracing_levels() {
        assert_eq!(level_of_lambda("WARN"), Some("warn"));
        assert_eq!(level_of_lambda("fatal"), Some("error"));
        assert_eq!(level_of_lambda("TRACE"), Some("trace"));
        assert_eq!(level_of_lambda("loud"), None);
    }
}
