//! Behind CloudFront. API Gateway sees CloudFront's edge as the client, so
//! the viewer's address comes from the `CloudFront-Viewer-Address` header the
//! distribution adds; that header is trusted only on requests carrying the
//! secret origin header the distribution also adds (`X-Ecar-Origin`), and
//! when a secret is configured every other request (one sent straight to
//! API Gateway's own address) is refused.

use std::net::IpAddr;

use super::error::ApiError;
pub use crate::config::OriginSecrets;
use axum::{
    extract::{Request, State},
    http::StatusCode,
    middleware::Next,
    response::{IntoResponse, Response},
};

/// The header CloudFront adds with the origin secret.
pub const ORIGIN_HEADER: &str = "x-ecar-origin";
/// The header CloudFront adds with the viewer's `address:port`.
pub const VIEWER_ADDRESS_HEADER: &str = "cloudfront-viewer-address";

/// The viewer's address as CloudFront reported it, on a request that came
/// through the distribution.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ViewerIp(pub IpAddr);

/// The address of a `CloudFront-Viewer-Address` value: `192.0.2.1:46532`,
/// or for IPv6 the address and port joined by a last colon
/// (`2001:db8::1:46532`), brackets tolerated.
pub fn viewer_ip(value: &str) -> Option<IpAddr> {
    let (address, port) = value.trim().rsplit_once(':')?;
    port.parse::<u16>().ok()?;
    address
        .trim_start_matches('[')
        .trim_end_matches(']')
        .parse()
        .ok()
}

/// Refuses requests without the origin secret (when one is configured),
/// records the viewer's address of those with it, and removes the secret
/// from the request so that nothing after this reads or logs it.
pub async fn require_cloudfront(
    State(secrets): State<OriginSecrets>,
    mut request: Request,
    next: Next,
) -> Response {
    if secrets.is_empty() {
        return next.run(request).await;
    }
    let through_cloudfront = request
        .headers()
        .get(ORIGIN_HEADER)
        .is_some_and(|value| secrets.accepts(value.as_bytes()));
    if !through_cloudfront {
        tracing::warn!(path = %request.uri().path(), "request without the origin secret refused");
        return ApiError::new(
            StatusCode::FORBIDDEN,
            "The API answers only through the garage's own web address.",
        )
        .into_response();
    }
    request.headers_mut().remove(ORIGIN_HEADER);
    if let Some(ip) = request
        .headers()
        .get(VIEWER_ADDRESS_HEADER)
        .and_then(|value| value.to_str().ok())
        .and_then(viewer_ip)
    {
        request.extensions_mut().insert(ViewerIp(ip));
    }
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn viewer_addresses_of_both_families() {
        assert_eq!(
            viewer_ip("198.51.100.10:46532"),
            "198.51.100.10".parse().ok()
        );
        assert_eq!(viewer_ip("2001:db8::1:46532"), "2001:db8::1".parse().ok());
        assert_eq!(viewer_ip("[2001:db8::1]:46532"), "2001:db8::1".parse().ok());
        assert_eq!(viewer_ip("198.51.100.10"), None, "no port");
        assert_eq!(viewer_ip("not-an-ip:1"), None);
    }

    #[test]
    fn secrets_match_exactly_and_never_print() {
        let secrets = OriginSecrets::parse("current-secret, previous-secret,");
        assert!(secrets.accepts(b"current-secret"));
        assert!(secrets.accepts(b"previous-secret"));
        assert!(!secrets.accepts(b"current-secre"));
        assert!(!secrets.accepts(b""));
        assert!(OriginSecrets::parse(" , ").is_empty());
        let shown = format!("{secrets:?}");
        assert!(!shown.contains("secret-"), "{shown}");
    }
}
