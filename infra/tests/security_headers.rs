//! What the local runner sends besides the body: security headers on the
//! SPA, the API and the blob URLs, problem+json for every error, and the
//! SPA's content security policy equal to the one CloudFront sends.

use axum::{
    body::Body,
    http::{HeaderMap, Request, StatusCode},
};
use ecar::{serve::app, spa};
use ecar_http::{AppState, Clock, Config, bootstrap::Storage, http::API_CONTENT_SECURITY_POLICY};
use http_body_util::BodyExt;
use tower::ServiceExt;

async fn get(router: &axum::Router, path: &str) -> (StatusCode, HeaderMap, String) {
    let request = Request::get(path).body(Body::empty()).unwrap();
    let response = router.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    (
        status,
        headers,
        String::from_utf8_lossy(&bytes).into_owned(),
    )
}

fn local_app(spa_dir: &std::path::Path) -> axum::Router {
    let local = AppState::embedded(Config::default(), Storage::Memory, Clock::system()).unwrap();
    app(local.state, local.blobs, spa_dir)
}

fn assert_hardened(headers: &HeaderMap, csp: &str, what: &str) {
    assert_eq!(headers["x-content-type-options"], "nosniff", "{what}");
    assert_eq!(headers["x-frame-options"], "DENY", "{what}");
    assert_eq!(headers["referrer-policy"], "no-referrer", "{what}");
    assert_eq!(headers["content-security-policy"], csp, "{what}");
}

#[tokio::test]
async fn the_spa_the_api_and_the_blob_urls_are_never_framed_or_sniffed() {
    let dist = std::env::temp_dir().join(format!("ecar-spa-{}", std::process::id()));
    std::fs::create_dir_all(&dist).unwrap();
    std::fs::write(
        dist.join("index.html"),
        "<!doctype html><title>ECAR</title>",
    )
    .unwrap();
    let router = local_app(&dist);

    for path in ["/", "/customers/42"] {
        let (status, headers, body) = get(&router, path).await;
        assert_eq!(status, StatusCode::OK);
        assert!(body.contains("<title>ECAR</title>"));
        assert_hardened(&headers, spa::CONTENT_SECURITY_POLICY, path);
    }
    let (status, headers, _) = get(&router, "/api/health").await;
    assert_eq!(status, StatusCode::OK);
    assert_hardened(&headers, API_CONTENT_SECURITY_POLICY, "/api/health");

    // A blob URL with a duplicated parameter: refused as problem+json.
    let (status, headers, body) = get(
        &router,
        "/local-blobs/invoices/x.pdf?expires=1&expires=2&sig=abc",
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(
        headers["content-type"], "application/problem+json",
        "{body}"
    );
    assert_eq!(headers["x-frame-options"], "DENY");
    assert_eq!(headers["x-content-type-options"], "nosniff");
    // A forged signature: the blob store's own refusal is problem+json too.
    let (status, headers, body) =
        get(&router, "/local-blobs/invoices/x.pdf?expires=1&sig=abc").await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    assert_eq!(
        headers["content-type"], "application/problem+json",
        "{body}"
    );
    std::fs::remove_dir_all(&dist).ok();
}

#[test]
fn cloudfront_sends_the_same_policies_as_the_local_runner() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../template.yaml");
    let template = ecar::local_aws::template::Template::read(&path).unwrap();
    let policy = |name: &str| {
        template.properties(name).unwrap()["ResponseHeadersPolicyConfig"]["SecurityHeadersConfig"]
            ["ContentSecurityPolicy"]["ContentSecurityPolicy"]
            .as_str()
            .unwrap()
            .to_string()
    };
    // Deployed, the SPA also uploads PDFs to the bucket (presigned PUTs).
    let bucket = "https://ecar-local-pdfs-123456789012-us-east-1.s3.us-east-1.amazonaws.com";
    assert_eq!(
        policy("SpaSecurityHeadersPolicy"),
        spa::content_security_policy_connecting_to(&[bucket])
    );
    assert_eq!(
        policy("ApiSecurityHeadersPolicy"),
        API_CONTENT_SECURITY_POLICY
    );
    let text = include_str!("../../template.yaml");
    assert!(text.contains("ResponseHeadersPolicyId: !Ref SpaSecurityHeadersPolicy"));
    assert!(text.contains("ResponseHeadersPolicyId: !Ref ApiSecurityHeadersPolicy"));
}
