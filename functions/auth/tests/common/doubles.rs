//! Test doubles: ports the auth function never uses, and a table that can be
//! made to fail.

use std::{
    sync::atomic::{AtomicBool, Ordering},
    time::Duration,
};

use async_trait::async_trait;
use bytes::Bytes;
use ecar_shared::{
    blobs::{Blob, BlobError, BlobMeta, Blobs, PresignedRequest},
    notify::{Notifier, NotifyError, Platform, PushMessage, PushOutcome},
    store::{Item, Key, Page, Query, StoreError, Table, WriteOp},
};

/// Blob storage the auth function must never touch: every call fails.
pub struct NoBlobs;

fn no_blobs() -> BlobError {
    BlobError::Unavailable("the auth function uses no blobs".into())
}

#[async_trait]
impl Blobs for NoBlobs {
    async fn put(&self, _: &str, _: Bytes, _: &str) -> Result<(), BlobError> {
        Err(no_blobs())
    }
    async fn get(&self, _: &str) -> Result<Blob, BlobError> {
        Err(no_blobs())
    }
    async fn head(&self, _: &str) -> Result<BlobMeta, BlobError> {
        Err(no_blobs())
    }
    async fn delete(&self, _: &str) -> Result<(), BlobError> {
        Err(no_blobs())
    }
    async fn copy(&self, _: &str, _: &str) -> Result<(), BlobError> {
        Err(no_blobs())
    }
    async fn presign_put(
        &self,
        _: &str,
        _: &str,
        _: u64,
        _: Duration,
    ) -> Result<PresignedRequest, BlobError> {
        Err(no_blobs())
    }
    async fn presign_get(
        &self,
        _: &str,
        _: &str,
        _: Duration,
    ) -> Result<PresignedRequest, BlobError> {
        Err(no_blobs())
    }
}

/// A notifier the auth function must never touch: every call fails.
pub struct NoNotifier;

fn no_notifier() -> NotifyError {
    NotifyError::Unavailable("the auth function sends no notifications".into())
}

#[async_trait]
impl Notifier for NoNotifier {
    async fn publish_to_topic(&self, _: &str, _: &str) -> Result<String, NotifyError> {
        Err(no_notifier())
    }
    async fn register_device(&self, _: Platform, _: &str, _: &str) -> Result<String, NotifyError> {
        Err(no_notifier())
    }
    async fn remove_device(&self, _: &str) -> Result<(), NotifyError> {
        Err(no_notifier())
    }
    async fn push(&self, _: &str, _: &PushMessage) -> Result<PushOutcome, NotifyError> {
        Err(no_notifier())
    }
    async fn send_sms(&self, _: &str, _: &str) -> Result<String, NotifyError> {
        Err(no_notifier())
    }
}

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
