//! The local runner's stand-in for the S3 event that starts the pdf-check
//! function: once a presigned upload into `quarantine/` succeeds, the same
//! check runs on it, so that locally too an upload is attached or deleted.

use std::sync::Arc;

use axum::{
    Router,
    extract::Request,
    http::Method,
    middleware::{self, Next},
};
use ecar_http::{
    AppState,
    invoices::{
        check::{Ports, check_upload},
        pdf::QUARANTINE_PREFIX,
    },
};
use ecar_store::blobs::EmbeddedBlobs;

/// `router` (the embedded blob URLs), checking each upload into quarantine
/// before answering it.
pub fn checked(router: Router, state: AppState, blobs: Arc<EmbeddedBlobs>) -> Router {
    router.layer(middleware::from_fn(move |request: Request, next: Next| {
        let state = state.clone();
        let blobs = blobs.clone();
        async move {
            let key = request.uri().path().trim_start_matches('/').to_string();
            let upload = request.method() == Method::PUT && key.starts_with(QUARANTINE_PREFIX);
            let response = next.run(request).await;
            if upload && response.status().is_success() {
                let ports = Ports {
                    table: state.table.as_ref(),
                    blobs: blobs.as_ref(),
                    clock: &state.clock,
                };
                match check_upload(ports, &key).await {
                    Ok(outcome) => tracing::info!(key, ?outcome, "uploaded PDF checked"),
                    Err(error) => tracing::error!(key, %error, "uploaded PDF not checked"),
                }
            }
            response
        }
    }))
}
