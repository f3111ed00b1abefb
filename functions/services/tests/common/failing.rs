//! A table that fails, on demand, every write touching a chosen item, the
//! way DynamoDB fails a transaction: the whole transaction, nothing applied.
//! Code that wrote a change in several steps would be caught half-written.

use std::sync::Mutex;

use async_trait::async_trait;
use ecar_shared::store::{EmbeddedTable, Item, Key, Page, Query, StoreError, Table, WriteOp};

/// The embedded table, with writes to items whose partition key starts with
/// an armed prefix refused.
pub struct FailingTable {
    /// The real table.
    pub inner: EmbeddedTable,
    armed: Mutex<Option<String>>,
}

impl FailingTable {
    /// Wraps `inner`, disarmed.
    pub fn new(inner: EmbeddedTable) -> Self {
        Self {
            inner,
            armed: Mutex::new(None),
        }
    }

    /// Fails every write touching an item whose `pk` starts with `prefix`
    /// (`None`: no more failures).
    pub fn arm(&self, prefix: Option<&str>) {
        *self.armed.lock().unwrap() = prefix.map(str::to_string);
    }

    fn check(&self, ops: &[WriteOp]) -> Result<(), StoreError> {
        let armed = self.armed.lock().unwrap().clone();
        let Some(prefix) = armed else { return Ok(()) };
        if ops
            .iter()
            .filter_map(WriteOp::key)
            .any(|key| key.pk.starts_with(&prefix))
        {
            return Err(StoreError::Unavailable(format!(
                "injected failure on {prefix}"
            )));
        }
        Ok(())
    }
}

#[async_trait]
impl Table for FailingTable {
    async fn get(&self, key: &Key) -> Result<Option<Item>, StoreError> {
        self.inner.get(key).await
    }

    async fn get_many(&self, keys: &[Key]) -> Result<Vec<Option<Item>>, StoreError> {
        self.inner.get_many(keys).await
    }

    async fn query(&self, query: &Query) -> Result<Page, StoreError> {
        self.inner.query(query).await
    }

    async fn write(&self, op: WriteOp) -> Result<(), StoreError> {
        self.check(std::slice::from_ref(&op))?;
        self.inner.write(op).await
    }

    async fn transact(&self, ops: Vec<WriteOp>) -> Result<(), StoreError> {
        self.check(&ops)?;
        self.inner.transact(ops).await
    }
}
