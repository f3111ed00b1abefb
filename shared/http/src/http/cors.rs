//! Cross-origin calls from browsers (CORS), answered as API Gateway answers
//! them when the template's `CorsConfiguration` is set: a preflight is
//! answered before any route, a listed origin gets its own name back with
//! credentials allowed, and an origin not listed gets no CORS header at all
//! (so the browser keeps the answer from the page). On AWS, API Gateway does
//! this itself; the local runner and the local gateway do it with this policy.

use std::sync::Arc;

use axum::{
    extract::{Request, State},
    http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
};

pub use crate::config::CorsOrigins;

/// Methods a cross-origin page may use (the template's `AllowMethods`).
pub const ALLOW_METHODS: &[&str] = &["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];
/// Request headers a cross-origin page may send (the template's `AllowHeaders`).
pub const ALLOW_HEADERS: &[&str] = &[
    "authorization",
    "content-type",
    "if-match",
    "idempotency-key",
];
/// Response headers a cross-origin page may read (the template's `ExposeHeaders`).
pub const EXPOSE_HEADERS: &[&str] = &["etag", "location", "retry-after"];
/// How long a browser may reuse a preflight answer (the template's `MaxAge`).
pub const MAX_AGE_SECONDS: u64 = 600;

/// Who may call across origins, and with what.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CorsPolicy {
    /// The origins allowed.
    pub origins: CorsOrigins,
    /// `Access-Control-Allow-Methods` of a preflight answer.
    pub allow_methods: Vec<String>,
    /// `Access-Control-Allow-Headers` of a preflight answer.
    pub allow_headers: Vec<String>,
    /// `Access-Control-Expose-Headers` of an answer.
    pub expose_headers: Vec<String>,
    /// `Access-Control-Max-Age` of a preflight answer.
    pub max_age_seconds: Option<u64>,
    /// Whether cookies and the `Authorization` header may be sent.
    pub allow_credentials: bool,
}

fn owned(list: &[&str]) -> Vec<String> {
    list.iter().map(|item| item.to_string()).collect()
}

impl CorsPolicy {
    /// ECAR's policy for these origins: what the template configures.
    pub fn new(origins: CorsOrigins) -> Self {
        Self {
            origins,
            allow_methods: owned(ALLOW_METHODS),
            allow_headers: owned(ALLOW_HEADERS),
            expose_headers: owned(EXPOSE_HEADERS),
            max_age_seconds: Some(MAX_AGE_SECONDS),
            allow_credentials: true,
        }
    }

    /// Whether a request is a preflight: `OPTIONS` with an `Origin` and the
    /// method the page means to use.
    pub fn is_preflight(method: &Method, headers: &HeaderMap) -> bool {
        method == Method::OPTIONS
            && headers.contains_key(header::ORIGIN)
            && headers.contains_key(header::ACCESS_CONTROL_REQUEST_METHOD)
    }

    /// The listed origin a request comes from, if it is one.
    fn allowed_origin(&self, headers: &HeaderMap) -> Option<HeaderValue> {
        let origin = headers.get(header::ORIGIN)?;
        self.origins
            .allows(origin.to_str().ok()?)
            .then(|| origin.clone())
    }

    /// The answer to a preflight: `204`, with the policy's headers for a
    /// listed origin and none for another.
    pub fn preflight(&self, request_headers: &HeaderMap) -> Response {
        let mut response = StatusCode::NO_CONTENT.into_response();
        let headers = response.headers_mut();
        vary_on_origin(headers);
        let Some(origin) = self.allowed_origin(request_headers) else {
            return response;
        };
        headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin);
        if self.allow_credentials {
            headers.insert(
                header::ACCESS_CONTROL_ALLOW_CREDENTIALS,
                HeaderValue::from_static("true"),
            );
        }
        insert_list(
            headers,
            header::ACCESS_CONTROL_ALLOW_METHODS,
            &self.allow_methods,
        );
        insert_list(
            headers,
            header::ACCESS_CONTROL_ALLOW_HEADERS,
            &self.allow_headers,
        );
        if let Some(seconds) = self.max_age_seconds {
            headers.insert(header::ACCESS_CONTROL_MAX_AGE, HeaderValue::from(seconds));
        }
        response
    }

    /// Sets the CORS headers of an answer to a request with these headers:
    /// whatever the handler set is replaced (as API Gateway ignores the
    /// integration's), and only a listed origin gets any.
    pub fn decorate(&self, request_headers: &HeaderMap, response_headers: &mut HeaderMap) {
        let stale: Vec<HeaderName> = response_headers
            .keys()
            .filter(|name| name.as_str().starts_with("access-control-"))
            .cloned()
            .collect();
        for name in stale {
            response_headers.remove(name);
        }
        vary_on_origin(response_headers);
        let Some(origin) = self.allowed_origin(request_headers) else {
            return;
        };
        response_headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin);
        if self.allow_credentials {
            response_headers.insert(
                header::ACCESS_CONTROL_ALLOW_CREDENTIALS,
                HeaderValue::from_static("true"),
            );
        }
        insert_list(
            response_headers,
            header::ACCESS_CONTROL_EXPOSE_HEADERS,
            &self.expose_headers,
        );
    }
}

/// The answer depends on the `Origin`: caches must keep them apart.
fn vary_on_origin(headers: &mut HeaderMap) {
    let varies = headers.get_all(header::VARY).iter().any(|value| {
        value.to_str().is_ok_and(|text| {
            text.split(',')
                .any(|v| v.trim().eq_ignore_ascii_case("origin"))
        })
    });
    if !varies {
        headers.append(header::VARY, HeaderValue::from_static("origin"));
    }
}

fn insert_list(headers: &mut HeaderMap, name: HeaderName, values: &[String]) {
    if values.is_empty() {
        return;
    }
    if let Ok(value) = HeaderValue::from_str(&values.join(",")) {
        headers.insert(name, value);
    }
}

/// Middleware applying `policy` (with `axum::middleware::from_fn_with_state`):
/// preflights are answered here, before any route; other answers get their
/// CORS headers.
pub async fn apply_cors(
    State(policy): State<Arc<CorsPolicy>>,
    request: Request,
    next: Next,
) -> Response {
    if CorsPolicy::is_preflight(request.method(), request.headers()) {
        return policy.preflight(request.headers());
    }
    let request_headers = request.headers().clone();
    let mut response = next.run(request).await;
    policy.decorate(&request_headers, response.headers_mut());
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy() -> CorsPolicy {
        CorsPolicy::new(CorsOrigins::parse("https://admin.garage.tn").unwrap())
    }

    fn from(origin: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(header::ORIGIN, HeaderValue::from_str(origin).unwrap());
        headers
    }

    #[test]
    fn a_listed_origin_gets_its_name_back_with_credentials() {
        let mut response = HeaderMap::new();
        response.insert(
            header::ACCESS_CONTROL_ALLOW_ORIGIN,
            HeaderValue::from_static("*"),
        );
        policy().decorate(&from("https://admin.garage.tn"), &mut response);
        assert_eq!(
            response["access-control-allow-origin"],
            "https://admin.garage.tn"
        );
        assert_eq!(response["access-control-allow-credentials"], "true");
        assert_eq!(
            response["access-control-expose-headers"],
            "etag,location,retry-after"
        );
        assert_eq!(response["vary"], "origin");
    }

    #[test]
    fn another_origin_gets_no_cors_header_at_all() {
        for origin in [
            "https://evil.example",
            "null",
            "https://admin.garage.tn.evil.example",
        ] {
            let mut response = HeaderMap::new();
            response.insert(
                header::ACCESS_CONTROL_ALLOW_ORIGIN,
                HeaderValue::from_static("*"),
            );
            policy().decorate(&from(origin), &mut response);
            assert!(
                response
                    .keys()
                    .all(|name| !name.as_str().starts_with("access-control-")),
                "{origin}: {response:?}"
            );
            let preflight = policy().preflight(&from(origin));
            assert_eq!(preflight.status(), StatusCode::NO_CONTENT);
            assert!(
                preflight
                    .headers()
                    .keys()
                    .all(|name| !name.as_str().starts_with("access-control-")),
                "{origin}"
            );
        }
    }

    #[test]
    fn preflights_are_told_the_methods_headers_and_lifetime() {
        let mut headers = from("https://admin.garage.tn");
        assert!(!CorsPolicy::is_preflight(&Method::OPTIONS, &headers));
        headers.insert(
            header::ACCESS_CONTROL_REQUEST_METHOD,
            HeaderValue::from_static("PATCH"),
        );
        assert!(CorsPolicy::is_preflight(&Method::OPTIONS, &headers));
        assert!(!CorsPolicy::is_preflight(&Method::GET, &headers));
        let answer = policy().preflight(&headers);
        let headers = answer.headers();
        assert_eq!(
            headers["access-control-allow-origin"],
            "https://admin.garage.tn"
        );
        assert_eq!(headers["access-control-allow-credentials"], "true");
        assert_eq!(
            headers["access-control-allow-methods"],
            "GET,POST,PUT,PATCH,DELETE,OPTIONS"
        );
        assert_eq!(
            headers["access-control-allow-headers"],
            "authorization,content-type,if-match,idempotency-key"
        );
        assert_eq!(headers["access-control-max-age"], "600");
    }
}
