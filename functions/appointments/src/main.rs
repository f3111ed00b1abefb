//! Lambda entry of the appointments function: build the state once, serve the router.

// One thread: Lambda hands an environment one event at a time (see
// `ecar_http::lambda`).
#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), lambda_http::Error> {
    ecar_http::lambda::run(ecar_appointments::router()).await
}
