//! The table contract against the DynamoDB adapter on the emulator (one
//! table for the whole suite; every case uses partitions of its own).

use std::sync::Arc;

use ecar_domain::Clock;
use ecar_domain::store::Table;
use ecar_store::{table_contract_tests, testing::dynamo};

table_contract_tests!(dynamodb, |clock: Clock| async move {
    Arc::new(dynamo::table(clock).await) as Arc<dyn Table>
});
