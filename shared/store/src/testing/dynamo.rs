//! A DynamoDB table on the emulator for tests: one table per test process,
//! created on first use under a unique name.

use aws_sdk_dynamodb::Client;
use tokio::sync::OnceCell;

use super::moto;
use ecar_domain::Clock;

use crate::{
    aws,
    table::{DynamoTable, create_table},
};

static TABLE_NAME: OnceCell<String> = OnceCell::const_new();

/// A DynamoDB client on the emulator. Build one per test: a client's
/// connections belong to the runtime that opened them, and each
/// `#[tokio::test]` has its own.
pub async fn client() -> Client {
    let config = aws::sdk_config(Some(&moto::endpoint())).await;
    aws::dynamodb_client(&config)
}

/// The name of this process's table, creating it on first use.
pub async fn table_name(client: &Client) -> &'static str {
    TABLE_NAME
        .get_or_init(|| async {
            let name = format!("ecar-test-{}", ulid::Ulid::new().to_string().to_lowercase());
            create_table(client, &name)
                .await
                .unwrap_or_else(|error| panic!("cannot create the test table {name}: {error}"));
            name
        })
        .await
}

/// The adapter over this process's table, with its own client.
pub async fn table(clock: Clock) -> DynamoTable {
    let client = client().await;
    let name = table_name(&client).await;
    DynamoTable::new(client, name, clock)
}
