//! Security events as structured log lines, named with the OWASP logging
//! vocabulary, with the user id and source IP when known. Never a password,
//! a token or a raw login name: a password typed into the wrong field would
//! otherwise end up in the log.

use std::net::IpAddr;

/// The security events ECAR logs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SecurityEvent {
    /// A login succeeded.
    LoginSuccess,
    /// A login failed (wrong password, unknown or disabled account).
    LoginFail,
    /// A spent refresh token was presented again; its session is revoked.
    TokenReuse,
    /// An authenticated caller was refused a route or an object.
    AuthzFail,
    /// A session was revoked (logout, password change, reuse, account change).
    SessionRevoked,
    /// A throttle refused an attempt.
    RateLimitExceeded,
    /// A phone registered for push moved to another account; the previous
    /// owner's registration ended.
    DeviceMoved,
}

impl SecurityEvent {
    /// The OWASP vocabulary name of the event.
    pub fn name(self) -> &'static str {
        match self {
            SecurityEvent::LoginSuccess => "authn_login_success",
            SecurityEvent::LoginFail => "authn_login_fail",
            SecurityEvent::TokenReuse => "authn_token_reuse",
            SecurityEvent::AuthzFail => "authz_fail",
            SecurityEvent::SessionRevoked => "session_revoked",
            SecurityEvent::RateLimitExceeded => "excess_rate_limit_exceeded",
            SecurityEvent::DeviceMoved => "push_device_moved",
        }
    }
}

/// Logs one event. `reason` is server text (a route template, a fixed word),
/// never request input.
pub fn record(
    event: SecurityEvent,
    user_id: Option<&str>,
    source_ip: Option<IpAddr>,
    reason: &str,
) {
    let name = event.name();
    let user_id = user_id.unwrap_or("-");
    let source_ip = source_ip.map(|ip| ip.to_string());
    let source_ip = source_ip.as_deref().unwrap_or("-");
    match event {
        SecurityEvent::LoginSuccess | SecurityEvent::SessionRevoked => {
            tracing::info!(event = name, user_id, source_ip, reason, "security event");
        }
        SecurityEvent::LoginFail
        | SecurityEvent::DeviceMoved
        | SecurityEvent::TokenReuse
        | SecurityEvent::AuthzFail
        | SecurityEvent::RateLimitExceeded => {
            tracing::warn!(event = name, user_id, source_ip, reason, "security event");
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use tracing_subscriber::fmt::MakeWriter;

    use super::*;

    #[derive(Clone, Default)]
    struct Captured(Arc<Mutex<Vec<u8>>>);

    impl std::io::Write for Captured {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    impl<'a> MakeWriter<'a> for Captured {
        type Writer = Captured;
        fn make_writer(&'a self) -> Self::Writer {
            self.clone()
        }
    }

    #[test]
    fn an_event_is_one_json_line_with_name_user_and_ip() {
        let captured = Captured::default();
        let subscriber = tracing_subscriber::fmt()
            .json()
            .with_writer(captured.clone())
            .finish();
        tracing::subscriber::with_default(subscriber, || {
            record(
                SecurityEvent::LoginFail,
                Some("01USER"),
                Some("203.0.113.9".parse().unwrap()),
                "wrong password",
            );
        });
        let text = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
        let line: serde_json::Value = serde_json::from_str(text.trim()).unwrap();
        assert_eq!(line["fields"]["event"], "authn_login_fail");
        assert_eq!(line["fields"]["user_id"], "01USER");
        assert_eq!(line["fields"]["source_ip"], "203.0.113.9");
        assert_eq!(line["level"], "WARN");
    }

    #[test]
    fn names_follow_the_owasp_vocabulary() {
        let names: Vec<&str> = [
            SecurityEvent::LoginSuccess,
            SecurityEvent::LoginFail,
            SecurityEvent::TokenReuse,
            SecurityEvent::AuthzFail,
            SecurityEvent::SessionRevoked,
            SecurityEvent::RateLimitExceeded,
        ]
        .into_iter()
        .map(SecurityEvent::name)
        .collect();
        assert_eq!(
            names,
            [
                "authn_login_success",
                "authn_login_fail",
                "authn_token_reuse",
                "authz_fail",
                "session_revoked",
                "excess_rate_limit_exceeded"
            ]
        );
    }
}
