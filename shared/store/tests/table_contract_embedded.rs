//! The table contract against the embedded adapter (in memory).

use std::sync::Arc;

use ecar_domain::Clock;
use ecar_domain::store::Table;
use ecar_store::{table::EmbeddedTable, table_contract_tests};

table_contract_tests!(embedded, |clock: Clock| async move {
    Arc::new(EmbeddedTable::in_memory(clock).unwrap()) as Arc<dyn Table>
});
