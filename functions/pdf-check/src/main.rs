//! Lambda entry of the pdf-check function: build the ports once, check each event.

use lambda_runtime::{Error, service_fn};

// One thread: Lambda hands an environment one event at a time (see
// `ecar_http::lambda`).
#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Error> {
    ecar_http::telemetry::init();
    let checker = ecar_pdf_check::Checker::from_env().await.map_err(|error| {
        tracing::error!(error = %error, "cold start failed");
        error
    })?;
    let checker = &checker;
    lambda_runtime::run(service_fn(move |event| {
        ecar_pdf_check::handler(checker, event)
    }))
    .await
}
