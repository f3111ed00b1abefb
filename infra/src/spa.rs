//! Serves the built SPA: files from `frontend/dist`, and `index.html` for
//! every other path so that client-side routes survive a reload.

use std::path::Path;

use axum::{Router, response::Html, routing::get};
use ecar_http::http::with_security_headers;
use tower_http::services::{ServeDir, ServeFile};

/// The SPA's content security policy, here and in the CloudFront response
/// headers policy of `template.yaml` (a test keeps the two equal). Scripts
/// only from the app's own files; `style-src 'unsafe-inline'` because Ant
/// Design writes its styles into `<style>` elements at run time; images
/// from data and blob URLs for previews; nothing may frame the app.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; \
style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; \
connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; \
frame-ancestors 'none'";

/// [`CONTENT_SECURITY_POLICY`] with more origins the SPA may connect to:
/// deployed, the PDF bucket, where it uploads through presigned URLs.
pub fn content_security_policy_connecting_to(origins: &[&str]) -> String {
    let mut extended = String::from("connect-src 'self'");
    for origin in origins {
        extended.push(' ');
        extended.push_str(origin);
    }
    CONTENT_SECURITY_POLICY.replacen("connect-src 'self'", &extended, 1)
}

/// The SPA router, or a page explaining how to build it when it is missing.
pub fn router(dist: &Path) -> Router {
    let index = dist.join("index.html");
    let router = if index.is_file() {
        Router::new().fallback_service(ServeDir::new(dist).fallback(ServeFile::new(index)))
    } else {
        tracing::warn!(dir = %dist.display(), "SPA not built; serving a placeholder page");
        Router::new().fallback(get(|| async { Html(NOT_BUILT) }))
    };
    with_security_headers(router, CONTENT_SECURITY_POLICY)
}

const NOT_BUILT: &str = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
<title>ECAR</title></head><body><h1>ECAR</h1><p>The API is running under <code>/api</code>. \
The web app is not built: run <code>make dev</code> (or <code>cd frontend &amp;&amp; npm ci \
&amp;&amp; npm run build</code>) and restart.</p></body></html>";
