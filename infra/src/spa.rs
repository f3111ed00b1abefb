//! Serves the built SPA: files from `frontend/dist`, and `index.html` for
//! every other path so that client-side routes survive a reload.

use std::path::Path;

use axum::{Router, response::Html, routing::get};
use tower_http::services::{ServeDir, ServeFile};

/// The SPA router, or a page explaining how to build it when it is missing.
pub fn router(dist: &Path) -> Router {
    let index = dist.join("index.html");
    if index.is_file() {
        Router::new().fallback_service(ServeDir::new(dist).fallback(ServeFile::new(index)))
    } else {
        tracing::warn!(dir = %dist.display(), "SPA not built; serving a placeholder page");
        Router::new().fallback(get(|| async { Html(NOT_BUILT) }))
    }
}

const NOT_BUILT: &str = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
<title>ECAR</title></head><body><h1>ECAR</h1><p>The API is running under <code>/api</code>. \
The web app is not built: run <code>make dev</code> (or <code>cd frontend &amp;&amp; npm ci \
&amp;&amp; npm run build</code>) and restart.</p></body></html>";
