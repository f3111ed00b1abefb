//! A table wrapper that counts what each call would cost on DynamoDB, for
//! benchmarks of capacity per operation as the data grows.
//!
//! DynamoDB's rules: a strongly consistent read costs 1 RCU per 4 KB of each
//! item (an absent item still costs 1); a query costs the total size of the
//! items it returns rounded up to 4 KB, at half price on a GSI (eventually
//! consistent); a write costs 1 WCU per 1 KB of the larger of the item before
//! and after (a delete: the item before), at least 1; a transaction costs
//! double, its `Check` actions as transactional reads. A write that fails on
//! its condition is charged for the item it found; an invalid call costs
//! nothing.
//!
//! To size writes the wrapper reads the items before (and, for updates,
//! after) through the wrapped table without counting those reads, so sizes
//! can be off when other writers race, and an expired item sizes as absent.
//! Query costs count returned items only: expired items DynamoDB evaluated
//! but filtered out are not seen here.

use std::sync::Mutex;

use async_trait::async_trait;

use ecar_domain::store::item::{Item, item_size};
use ecar_domain::store::table::{Index, Key, Page, Query, StoreError, Table, WriteOp};

const READ_UNIT_BYTES: usize = 4 * 1024;
const WRITE_UNIT_BYTES: usize = 1024;

/// Calls and capacity counted since the wrapper was made or last reset.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Usage {
    /// Calls made through the wrapper.
    pub calls: u64,
    /// Items returned by gets and queries.
    pub items_read: u64,
    /// Read capacity units (halves come from eventually consistent GSI queries).
    pub read_units: f64,
    /// Write capacity units.
    pub write_units: u64,
}

/// Wraps a table and counts each call's DynamoDB capacity.
pub struct CountingTable<T: Table> {
    inner: T,
    usage: Mutex<Usage>,
}

/// Units for `bytes` at `unit` bytes a unit, never less than one.
fn units(bytes: usize, unit: usize) -> u64 {
    bytes.div_ceil(unit).max(1) as u64
}

fn size_of(item: Option<&Item>) -> usize {
    item.map_or(0, item_size)
}

impl<T: Table> CountingTable<T> {
    /// Wraps `inner`, with nothing counted yet.
    pub fn new(inner: T) -> Self {
        Self {
            inner,
            usage: Mutex::new(Usage::default()),
        }
    }

    /// What was counted so far.
    pub fn snapshot(&self) -> Usage {
        *self.lock()
    }

    /// Starts counting from zero.
    pub fn reset(&self) {
        *self.lock() = Usage::default();
    }

    /// The wrapped table.
    pub fn inner(&self) -> &T {
        &self.inner
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Usage> {
        // Usage is plain counters: a panic elsewhere cannot leave it half-written.
        self.usage
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn count(&self, items_read: usize, read_units: f64, write_units: u64) {
        let mut usage = self.lock();
        usage.calls += 1;
        usage.items_read += items_read as u64;
        usage.read_units += read_units;
        usage.write_units += write_units;
    }

    /// Sizes of the stored items under the actions' keys, in order.
    async fn sizes(&self, ops: &[WriteOp]) -> Result<Vec<usize>, StoreError> {
        let keys: Vec<Key> = ops.iter().filter_map(WriteOp::key).collect();
        let items = self.inner.get_many(&keys).await?;
        Ok(items.iter().map(|item| size_of(item.as_ref())).collect())
    }

    /// Capacity of actions given the sizes before and after: (read, write) units.
    fn write_cost(
        ops: &[WriteOp],
        before: &[usize],
        after: &[usize],
        applied: bool,
        transactional: bool,
    ) -> (f64, u64) {
        let factor = if transactional { 2 } else { 1 };
        let mut read = 0.0;
        let mut write = 0;
        for ((op, before), after) in ops.iter().zip(before).zip(after) {
            let bytes = match op {
                WriteOp::Check { .. } => {
                    read += (factor * units(*before, READ_UNIT_BYTES)) as f64;
                    continue;
                }
                _ if !applied => *before,
                WriteOp::Put { item, .. } => (*before).max(item_size(item)),
                WriteOp::Update { .. } => (*before).max(*after),
                WriteOp::Delete { .. } => *before,
            };
            write += factor * units(bytes, WRITE_UNIT_BYTES);
        }
        (read, write)
    }

    /// Runs writes and counts them when DynamoDB would have charged them.
    async fn counted_write(
        &self,
        ops: Vec<WriteOp>,
        transactional: bool,
    ) -> Result<(), StoreError> {
        let before = self.sizes(&ops).await;
        let result = if transactional {
            self.inner.transact(ops.clone()).await
        } else {
            match ops.first() {
                Some(op) => self.inner.write(op.clone()).await,
                None => Err(StoreError::Invalid("no action".into())),
            }
        };
        let applied = match &result {
            Ok(()) => true,
            Err(StoreError::ConditionFailed { .. }) => false,
            Err(_) => return result,
        };
        // A failed sizing read came from a call DynamoDB would refuse too.
        let Ok(before) = before else { return result };
        let after = if applied {
            self.sizes(&ops).await.unwrap_or_else(|_| before.clone())
        } else {
            before.clone()
        };
        let (read, write) = Self::write_cost(&ops, &before, &after, applied, transactional);
        self.count(0, read, write);
        result
    }
}

#[async_trait]
impl<T: Table> Table for CountingTable<T> {
    async fn get(&self, key: &Key) -> Result<Option<Item>, StoreError> {
        let item = self.inner.get(key).await?;
        let bytes = size_of(item.as_ref());
        self.count(
            usize::from(item.is_some()),
            units(bytes, READ_UNIT_BYTES) as f64,
            0,
        );
        Ok(item)
    }

    async fn get_many(&self, keys: &[Key]) -> Result<Vec<Option<Item>>, StoreError> {
        let items = self.inner.get_many(keys).await?;
        let read = items
            .iter()
            .map(|item| units(size_of(item.as_ref()), READ_UNIT_BYTES))
            .sum::<u64>();
        self.count(items.iter().flatten().count(), read as f64, 0);
        Ok(items)
    }

    async fn query(&self, query: &Query) -> Result<Page, StoreError> {
        let page = self.inner.query(query).await?;
        let bytes = page.items.iter().map(item_size).sum();
        let mut read = units(bytes, READ_UNIT_BYTES) as f64;
        if query.index != Index::Primary {
            read /= 2.0;
        }
        self.count(page.items.len(), read, 0);
        Ok(page)
    }

    async fn write(&self, op: WriteOp) -> Result<(), StoreError> {
        self.counted_write(vec![op], false).await
    }

    async fn transact(&self, ops: Vec<WriteOp>) -> Result<(), StoreError> {
        self.counted_write(ops, true).await
    }
}

// Counted over the embedded table, the one real store without an emulator.
#[cfg(all(test, feature = "embedded"))]
mod tests {
    use super::*;
    use crate::table::embedded::EmbeddedTable;
    use ecar_domain::Clock;
    use ecar_domain::store::item::Value;
    use ecar_domain::store::table::{Change, Condition};

    /// An item of exactly `bytes` bytes by DynamoDB's rules.
    fn item_of(sk: &str, bytes: usize) -> Item {
        let mut item = Key::new("P", sk).to_item();
        item.insert("gsi1pk".into(), Value::s("G"));
        item.insert("gsi1sk".into(), Value::s(sk));
        let base = item_size(&item) + "blob".len();
        item.insert("blob".into(), Value::s("x".repeat(bytes - base)));
        assert_eq!(item_size(&item), bytes);
        item
    }

    fn counting() -> CountingTable<EmbeddedTable> {
        CountingTable::new(EmbeddedTable::in_memory(Clock::system()).unwrap())
    }

    #[tokio::test]
    async fn writes_cost_a_unit_per_kilobyte_and_transactions_double() {
        let table = counting();
        table.write(WriteOp::put(item_of("A", 1500))).await.unwrap();
        assert_eq!(table.snapshot().write_units, 2);
        table.reset();
        // An update is charged on the larger of before (1500) and after (about 3000).
        let grow = WriteOp::Update {
            key: Key::new("P", "A"),
            changes: vec![Change::Set("more".into(), Value::s("y".repeat(1500)))],
            condition: None,
        };
        table.write(grow).await.unwrap();
        assert_eq!(table.snapshot().write_units, 3);
        table.reset();
        table
            .transact(vec![
                WriteOp::put(item_of("B", 1024)),
                WriteOp::Delete {
                    key: Key::new("P", "A"),
                    condition: None,
                },
                WriteOp::Check {
                    key: Key::new("P", "NONE"),
                    condition: Condition::NotExists,
                },
            ])
            .await
            .unwrap();
        let usage = table.snapshot();
        // Put of 1 KB, delete of 3 KB, each doubled.
        assert_eq!(usage.write_units, 2 + 6);
        assert_eq!(usage.read_units, 2.0, "the check: a transactional read");
        assert_eq!(usage.calls, 1);
    }

    #[tokio::test]
    async fn failed_conditions_are_charged_and_invalid_calls_are_not() {
        let table = counting();
        table.write(WriteOp::put(item_of("A", 2048))).await.unwrap();
        table.reset();
        let refused = table.write(WriteOp::create(item_of("A", 100))).await;
        assert_eq!(refused, Err(StoreError::ConditionFailed { index: 0 }));
        assert_eq!(table.snapshot().write_units, 2, "the 2 KB item it found");
        table.reset();
        let invalid = table.transact(vec![]).await;
        assert!(matches!(invalid, Err(StoreError::Invalid(_))));
        assert_eq!(table.snapshot(), Usage::default());
    }

    #[tokio::test]
    async fn reads_cost_a_unit_per_four_kilobytes() {
        let table = counting();
        table.write(WriteOp::put(item_of("A", 1500))).await.unwrap();
        table.write(WriteOp::put(item_of("B", 6500))).await.unwrap();
        table.reset();

        table.get(&Key::new("P", "B")).await.unwrap();
        table.get(&Key::new("P", "NONE")).await.unwrap();
        let usage = table.snapshot();
        assert_eq!((usage.items_read, usage.read_units), (1, 2.0 + 1.0));
        table.reset();

        // Each item rounds up on its own: 4 KB + 8 KB, not 8 KB.
        let keys = [Key::new("P", "A"), Key::new("P", "B")];
        table.get_many(&keys).await.unwrap();
        assert_eq!(table.snapshot().read_units, 3.0);
        table.reset();

        // A query rounds up the total: 8000 bytes is 2 units, half on a GSI.
        table
            .query(&Query::partition(Index::Primary, "P"))
            .await
            .unwrap();
        table
            .query(&Query::partition(Index::Gsi1, "G"))
            .await
            .unwrap();
        let usage = table.snapshot();
        assert_eq!((usage.calls, usage.items_read), (2, 4));
        assert_eq!(usage.read_units, 2.0 + 1.0);
    }
}
