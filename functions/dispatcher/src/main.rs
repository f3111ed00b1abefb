//! Lambda entry of the dispatcher: build the ports once, then handle each
//! batch of the table's stream (filtered to outbox items by the trigger) and
//! each run of the outbox sweep's schedule.

use ecar_dispatcher::Input;
use ecar_http::{bootstrap, notifications::Dispatcher, telemetry};
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
    let dispatcher = Dispatcher::new(&ports);
    let dispatcher = &dispatcher;
    let sweep_after = ports.config.outbox_sweep_after;
    lambda_runtime::run(service_fn(|event: LambdaEvent<Input>| async move {
        ecar_dispatcher::handle_input(dispatcher, sweep_after, event.payload)
            .await
            .map_err(lambda_runtime::Error::from)
    }))
    .await
}
