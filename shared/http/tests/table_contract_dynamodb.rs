//! The table contract against the DynamoDB adapter on the emulator (one
//! table for the whole suite; every case uses partitions of its own).

use std::sync::Arc;

use ecar_http::Clock;
use ecar_http::store::Table;
use ecar_http::table_contract_tests;
use ecar_http::testing::dynamo;

table_contract_tests!(dynamodb, |clock: Clock| async move {
    Arc::new(dynamo::table(clock).await) as Arc<dyn Table>
});
