//! Lambda entry of the reminders: build the ports once, then run the
//! reminders for the day of each scheduled event.

use ecar_http::{bootstrap, telemetry};
use ecar_reminders::ScheduledEvent;
use lambda_runtime::{LambdaEvent, service_fn};

// One thread: Lambda hands an environment one event at a time (see
// `ecar_http::lambda`).
#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), lambda_runtime::Error> {
    telemetry::init();
    let ports = bootstrap::ports_from_env().await.map_err(|error| {
        tracing::error!(error = %error, "cold start failed");
        error
    })?;
    let ports = &ports;
    lambda_runtime::run(service_fn(
        |event: LambdaEvent<ScheduledEvent>| async move {
            ecar_reminders::handle(ports, &event.payload)
                .await
                .map_err(lambda_runtime::Error::from)
        },
    ))
    .await
}
