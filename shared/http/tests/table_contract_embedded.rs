//! The table contract against the embedded adapter (in memory).

use std::sync::Arc;

use ecar_http::Clock;
use ecar_http::store::{EmbeddedTable, Table};
use ecar_http::table_contract_tests;

table_contract_tests!(embedded, |clock: Clock| async move {
    Arc::new(EmbeddedTable::in_memory(clock).unwrap()) as Arc<dyn Table>
});
