//! Lambda entry of the notifications function: build the state once, serve the router.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    ecar_http::lambda::run(ecar_notifications::api()).await
}
