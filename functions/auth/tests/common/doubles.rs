//! A table that can be made to fail.

use std::sync::atomic::{AtomicBool, Ordering};

use async_trait::async_trait;
use ecar_http::store::{Item, Key, Page, Query, StoreError, Table, WriteOp};

/// A table that passes calls to a real one until told to fail them.
pub struct FailingTable<T> {
    inner: T,
    fail_reads: AtomicBool,
    fail_writes: AtomicBool,
}

impl<T: Table> FailingTable<T> {
    /// A table working normally.
    pub fn new(inner: T) -> Self {
        Self {
            inner,
            fail_reads: AtomicBool::new(false),
            fail_writes: AtomicBool::new(false),
        }
    }

    /// Makes reads (get, get_many, query) fail, or work again.
    pub fn fail_reads(&self, fail: bool) {
        self.fail_reads.store(fail, Ordering::SeqCst);
    }

    /// Makes writes (write, transact) fail, or work again.
    pub fn fail_writes(&self, fail: bool) {
        self.fail_writes.store(fail, Ordering::SeqCst);
    }

    fn check(&self, flag: &AtomicBool) -> Result<(), StoreError> {
        if flag.load(Ordering::SeqCst) {
            Err(StoreError::Unavailable("injected failure".into()))
        } else {
            Ok(())
        }
    }
}

#[async_trait]
impl<T: Table> Table for FailingTable<T> {
    async fn get(&self, key: &Key) -> Result<Option<Item>, StoreError> {
        self.check(&self.fail_reads)?;
        self.inner.get(key).await
    }
    async fn get_many(&self, keys: &[Key]) -> Result<Vec<Option<Item>>, StoreError> {
        self.check(&self.fail_reads)?;
        self.inner.get_many(keys).await
    }
    async fn query(&self, query: &Query) -> Result<Page, StoreError> {
        self.check(&self.fail_reads)?;
        self.inner.query(query).await
    }
    async fn write(&self, op: WriteOp) -> Result<(), StoreError> {
        self.check(&self.fail_writes)?;
        self.inner.write(op).await
    }
    async fn transact(&self, ops: Vec<WriteOp>) -> Result<(), StoreError> {
        self.check(&self.fail_writes)?;
        self.inner.transact(ops).await
    }
}
