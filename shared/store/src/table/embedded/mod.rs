//! The embedded table adapter: the table port on `redb`, with DynamoDB's
//! semantics and limits, and a change feed in place of a DynamoDB stream.
//!
//! Items live in one redb table keyed by `(pk, sk)`; each GSI is a redb table
//! keyed by `(index pk, index sk, pk, sk)`, so every query is a range scan.
//! Writes are redb write transactions taken one at a time, which makes every
//! transaction atomic and serialized, and orders the change feed.

mod codec;
mod eval;
mod read;
mod span;
mod write;

use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use redb::backends::InMemoryBackend;
use redb::{Database, Durability, TableDefinition};
use tokio::sync::broadcast;

use ecar_domain::Clock;
use ecar_domain::store::item::Item;
use ecar_domain::store::rules;
use ecar_domain::store::table::{Index, Key, Page, Query, StoreError, Table, WriteOp};

/// Items by `(pk, sk)`, encoded by [`codec`].
const ITEMS: TableDefinition<(&[u8], &[u8]), &[u8]> = TableDefinition::new("items");
/// A GSI: `(index pk, index sk, pk, sk)`, the item itself read from [`ITEMS`].
type IndexTable =
    TableDefinition<'static, (&'static [u8], &'static [u8], &'static [u8], &'static [u8]), ()>;
const GSI1: IndexTable = TableDefinition::new("gsi1");
const GSI2: IndexTable = TableDefinition::new("gsi2");
const GSI3: IndexTable = TableDefinition::new("gsi3");

/// The redb table of a GSI (`None` for the base table).
fn index_table(index: Index) -> Option<IndexTable> {
    match index {
        Index::Primary => None,
        Index::Gsi1 => Some(GSI1),
        Index::Gsi2 => Some(GSI2),
        Index::Gsi3 => Some(GSI3),
    }
}

/// Changes kept for a slow subscriber before it starts missing them.
const FEED_CAPACITY: usize = 4096;
/// redb's page cache: its 1 GiB default is far more than a local runner needs.
const CACHE_BYTES: usize = 64 * 1024 * 1024;

/// One committed change of one item, as a DynamoDB stream record with
/// `NEW_AND_OLD_IMAGES` reports it (images as stored, expired or not).
#[derive(Clone, Debug, PartialEq)]
pub struct ChangeRecord {
    /// The item's key.
    pub key: Key,
    /// The item before the change (`None`: it was created).
    pub old: Option<Item>,
    /// The item after the change (`None`: it was deleted).
    pub new: Option<Item>,
}

/// The table port on an embedded `redb` database, file-backed or in memory.
#[derive(Clone)]
pub struct EmbeddedTable {
    store: Arc<Store>,
}

/// What the blocking tasks share.
struct Store {
    db: Database,
    clock: Clock,
    /// Held from the start of a write transaction until its changes are sent,
    /// so the feed reports commits in commit order.
    writer: Mutex<()>,
    feed: broadcast::Sender<ChangeRecord>,
    /// Whether each commit waits for the disk (off only while bulk loading).
    durable: AtomicBool,
}

impl Store {
    /// The durability of the next commit.
    fn durability(&self) -> Durability {
        if self.durable.load(Ordering::Relaxed) {
            Durability::Immediate
        } else {
            Durability::None
        }
    }
}

/// A redb failure, kept for the log.
fn db_error(error: impl Into<redb::Error>) -> StoreError {
    StoreError::Internal(format!("embedded store: {}", error.into()))
}

impl EmbeddedTable {
    /// Opens the database file at `path`, creating it if absent.
    pub fn open(path: &Path, clock: Clock) -> Result<Self, StoreError> {
        let db = Database::builder()
            .set_cache_size(CACHE_BYTES)
            .create(path)
            .map_err(db_error)?;
        Self::with_database(db, clock)
    }

    /// A fresh database held in memory, gone when the last clone is dropped.
    pub fn in_memory(clock: Clock) -> Result<Self, StoreError> {
        let db = Database::builder()
            .set_cache_size(CACHE_BYTES)
            .create_with_backend(InMemoryBackend::new())
            .map_err(db_error)?;
        Self::with_database(db, clock)
    }

    fn with_database(db: Database, clock: Clock) -> Result<Self, StoreError> {
        // Create every table up front so that readers never find one missing.
        let txn = db.begin_write().map_err(db_error)?;
        txn.open_table(ITEMS).map_err(db_error)?;
        for index in Index::ALL {
            if let Some(table) = index_table(index) {
                txn.open_table(table).map_err(db_error)?;
            }
        }
        txn.commit().map_err(db_error)?;
        let (feed, _) = broadcast::channel(FEED_CAPACITY);
        Ok(Self {
            store: Arc::new(Store {
                db,
                clock,
                writer: Mutex::new(()),
                feed,
                durable: AtomicBool::new(true),
            }),
        })
    }

    /// The changes committed from now on, one record per changed item, in
    /// commit order (a write that changes nothing sends nothing). A receiver
    /// more than [`FEED_CAPACITY`] records behind gets `Lagged` and skips ahead.
    pub fn subscribe(&self) -> broadcast::Receiver<ChangeRecord> {
        self.store.feed.subscribe()
    }

    /// Bulk loading (`ecar seed`): with `false`, commits stop waiting for the
    /// disk, so a crash may lose them (never half of one); [`Self::sync`]
    /// makes everything so far durable. redb frees the pages of non-durable
    /// commits only at the next durable one, so a loader syncs every few
    /// thousand commits to keep the file small.
    pub fn set_durable(&self, durable: bool) {
        self.store.durable.store(durable, Ordering::Relaxed);
    }

    /// Makes every commit so far durable, with an empty durable commit.
    pub async fn sync(&self) -> Result<(), StoreError> {
        self.blocking(|store| {
            let _in_order = store
                .writer
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            let mut txn = store.db.begin_write().map_err(db_error)?;
            txn.set_durability(Durability::Immediate)
                .map_err(db_error)?;
            txn.commit().map_err(db_error)
        })
        .await
    }

    /// Runs redb work on the blocking pool.
    async fn blocking<T, F>(&self, work: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: FnOnce(&Store) -> Result<T, StoreError> + Send + 'static,
    {
        let store = Arc::clone(&self.store);
        tokio::task::spawn_blocking(move || work(&store))
            .await
            .map_err(|error| StoreError::Internal(format!("embedded store task: {error}")))?
    }
}

#[async_trait]
impl Table for EmbeddedTable {
    async fn get(&self, key: &Key) -> Result<Option<Item>, StoreError> {
        rules::check_key(key)?;
        let keys = vec![key.clone()];
        let mut items = self
            .blocking(move |store| read::get_many(store, &keys))
            .await?;
        Ok(items.pop().flatten())
    }

    async fn get_many(&self, keys: &[Key]) -> Result<Vec<Option<Item>>, StoreError> {
        rules::check_batch_get(keys)?;
        let keys = keys.to_vec();
        self.blocking(move |store| read::get_many(store, &keys))
            .await
    }

    async fn query(&self, query: &Query) -> Result<Page, StoreError> {
        rules::check_query(query)?;
        let query = query.clone();
        self.blocking(move |store| read::query(store, &query)).await
    }

    async fn write(&self, op: WriteOp) -> Result<(), StoreError> {
        rules::check_write(&op)?;
        self.blocking(move |store| write::commit(store, vec![op]))
            .await
    }

    async fn transact(&self, ops: Vec<WriteOp>) -> Result<(), StoreError> {
        rules::check_transaction(&ops)?;
        self.blocking(move |store| write::commit(store, ops)).await
    }
}
