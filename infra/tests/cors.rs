//! Cross-origin calls to the local runner: with `ECAR_CORS_ORIGINS`, a
//! listed origin's preflight is answered and its answers carry CORS headers
//! with credentials; any other origin gets no CORS header; with none
//! configured (the default), no cross-origin access at all.

use axum::{
    body::Body,
    http::{HeaderMap, Method, Request, StatusCode, header},
};
use ecar::serve::app;
use ecar_http::{AppState, Clock, Config, bootstrap::Storage, config::CorsOrigins};
use tower::{Layer, ServiceExt};
use tower_http::normalize_path::NormalizePathLayer;

const LISTED: &str = "https://admin.garage.tn";

/// The local runner as `ecar serve` runs it (trailing slashes trimmed).
async fn call(origins: &str, method: Method, path: &str, origin: &str) -> (StatusCode, HeaderMap) {
    let config = Config {
        cors_origins: CorsOrigins::parse(origins).unwrap(),
        ..Config::default()
    };
    let local = AppState::embedded(config, Storage::Memory, Clock::system()).unwrap();
    let spa = std::env::temp_dir().join("ecar-cors-test-no-spa");
    let service =
        NormalizePathLayer::trim_trailing_slash().layer(app(local.state, local.blobs, &spa));
    let mut request = Request::builder()
        .method(method.clone())
        .uri(path)
        .header(header::ORIGIN, origin);
    if method == Method::OPTIONS {
        request = request
            .header(header::ACCESS_CONTROL_REQUEST_METHOD, "POST")
            .header(
                header::ACCESS_CONTROL_REQUEST_HEADERS,
                "authorization,content-type",
            );
    }
    let response = service
        .oneshot(request.body(Body::empty()).unwrap())
        .await
        .unwrap();
    (response.status(), response.headers().clone())
}

fn cors_headers(headers: &HeaderMap) -> Vec<String> {
    headers
        .keys()
        .map(|name| name.as_str().to_string())
        .filter(|name| name.starts_with("access-control-"))
        .collect()
}

#[tokio::test]
async fn a_listed_origins_preflight_is_answered_with_credentials() {
    for path in [
        "/api/auth/token/",
        "/api/customers",
        "/api/invoices/01JP3P9R2S4T6V8W0X2Y4Z6A8B/refund/",
    ] {
        let (status, headers) = call(LISTED, Method::OPTIONS, path, LISTED).await;
        assert_eq!(status, StatusCode::NO_CONTENT, "{path}");
        assert_eq!(headers["access-control-allow-origin"], LISTED, "{path}");
        assert_eq!(headers["access-control-allow-credentials"], "true");
        assert_eq!(
            headers["access-control-allow-methods"],
            "GET,POST,PUT,PATCH,DELETE,OPTIONS"
        );
        assert!(
            headers["access-control-allow-headers"]
                .to_str()
                .unwrap()
                .contains("authorization")
        );
        assert_eq!(headers["access-control-max-age"], "600");
    }
}

#[tokio::test]
async fn a_listed_origins_calls_carry_cors_headers_errors_included() {
    let (status, headers) = call(LISTED, Method::GET, "/api/health", LISTED).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers["access-control-allow-origin"], LISTED);
    assert_eq!(headers["access-control-allow-credentials"], "true");
    assert_eq!(headers["vary"], "origin");
    // A refusal must be readable by the page too, or it cannot say why.
    let (status, headers) = call(LISTED, Method::GET, "/api/customers", LISTED).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(headers["access-control-allow-origin"], LISTED);
}

#[tokio::test]
async fn an_unlisted_origin_gets_no_cors_header() {
    for origin in [
        "https://evil.example",
        "null",
        "https://admin.garage.tn.evil.example",
    ] {
        let (status, headers) = call(LISTED, Method::OPTIONS, "/api/auth/token", origin).await;
        assert_eq!(status, StatusCode::NO_CONTENT, "{origin}");
        assert_eq!(cors_headers(&headers), Vec::<String>::new(), "{origin}");
        let (status, headers) = call(LISTED, Method::GET, "/api/health", origin).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(cors_headers(&headers), Vec::<String>::new(), "{origin}");
    }
}

#[tokio::test]
async fn without_configured_origins_there_is_no_cross_origin_access() {
    let (status, headers) = call("", Method::OPTIONS, "/api/token", LISTED).await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(cors_headers(&headers), Vec::<String>::new());
    let (status, headers) = call("", Method::GET, "/api/health", LISTED).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(cors_headers(&headers), Vec::<String>::new());
}
