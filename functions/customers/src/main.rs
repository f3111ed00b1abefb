//! Lambda entry of the customers function: build the state once, serve the router.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    ecar_http::lambda::run(ecar_customers::api()).await
}
