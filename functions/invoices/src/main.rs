//! Lambda entry of the invoices function: build the state once, serve the router.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    ecar_http::lambda::run(ecar_invoices::api()).await
}
