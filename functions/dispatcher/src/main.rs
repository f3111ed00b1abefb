//! Lambda entry of the dispatcher: build the ports once, then handle each
//! batch of the table's stream (filtered to outbox items by the trigger).

use aws_lambda_events::dynamodb::Event;
use ecar_shared::{bootstrap::Ports, notifications::Dispatcher, telemetry};
use lambda_runtime::{LambdaEvent, service_fn};

#[tokio::main]
async fn main() -> Result<(), lambda_runtime::Error> {
    telemetry::init();
    let ports = Ports::from_env().await.map_err(|error| {
        tracing::error!(error = %error, "cold start failed");
        error
    })?;
    let dispatcher = Dispatcher::new(&ports);
    let dispatcher = &dispatcher;
    lambda_runtime::run(service_fn(|event: LambdaEvent<Event>| async move {
        Ok::<_, lambda_runtime::Error>(ecar_dispatcher::handle(dispatcher, event.payload).await)
    }))
    .await
}
