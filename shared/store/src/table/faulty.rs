//! A table wrapper that fails chosen calls, to test how the domain and the
//! API behave when the store throttles or times out (feature `testing`).
//!
//! A fault is armed for a call index (counted over every call through the
//! wrapper, from 0), for the next calls of one kind, or for every write
//! touching some items. A throttle fails the
//! call before it reaches the table; a timeout after commit lets the call
//! through, then reports it unavailable, as a DynamoDB client that timed out
//! waiting for an answer the table had already applied.

use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use async_trait::async_trait;

use ecar_domain::store::item::Item;
use ecar_domain::store::table::{Key, Page, Query, StoreError, Table, WriteOp};

/// The kinds of table call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Operation {
    /// [`Table::get`].
    Get,
    /// [`Table::get_many`].
    GetMany,
    /// [`Table::query`].
    Query,
    /// [`Table::write`].
    Write,
    /// [`Table::transact`].
    Transact,
}

/// How a chosen call fails.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fault {
    /// Refused before reaching the table ([`StoreError::Throttled`]).
    Throttle,
    /// Applied by the table, then reported as [`StoreError::Unavailable`].
    TimeoutAfterCommit,
}

/// Which calls a fault hits.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Trigger {
    /// The call with this index (0 for the first call through the wrapper).
    Call(usize),
    /// The next `count` calls of this kind.
    Next(Operation, usize),
    /// Every write or transaction with an action on an item whose partition
    /// key starts with this prefix, until disarmed.
    WritesTo(String),
}

#[derive(Debug, Default)]
struct Plan {
    calls: usize,
    armed: Vec<(Trigger, Fault)>,
    fired: Vec<(usize, Operation, Fault)>,
}

impl Plan {
    /// The fault for the next call, of kind `operation` with write actions
    /// `ops`, consuming a one-shot trigger.
    fn take(&mut self, operation: Operation, ops: &[WriteOp]) -> Option<Fault> {
        let index = self.calls;
        self.calls += 1;
        let position = self.armed.iter().position(|(trigger, _)| match trigger {
            Trigger::Call(call) => *call == index,
            Trigger::Next(kind, count) => *kind == operation && *count > 0,
            Trigger::WritesTo(prefix) => ops
                .iter()
                .filter_map(WriteOp::key)
                .any(|key| key.pk.starts_with(prefix.as_str())),
        })?;
        let fault = self.armed[position].1;
        match &mut self.armed[position].0 {
            Trigger::Next(_, count) if *count > 1 => *count -= 1,
            Trigger::WritesTo(_) => {}
            _ => {
                self.armed.remove(position);
            }
        }
        self.fired.push((index, operation, fault));
        Some(fault)
    }
}

/// Wraps a table and fails the calls chosen with [`FaultyTable::arm`].
pub struct FaultyTable {
    inner: Arc<dyn Table>,
    plan: Mutex<Plan>,
}

impl FaultyTable {
    /// Wraps `inner`, with no fault armed.
    pub fn new(inner: Arc<dyn Table>) -> Self {
        Self {
            inner,
            plan: Mutex::new(Plan::default()),
        }
    }

    /// Makes the calls `trigger` names fail with `fault`.
    pub fn arm(&self, trigger: Trigger, fault: Fault) {
        self.lock().armed.push((trigger, fault));
    }

    /// Drops every armed fault that has not fired.
    pub fn disarm(&self) {
        self.lock().armed.clear();
    }

    /// Calls made through the wrapper so far (the index the next one gets).
    pub fn calls(&self) -> usize {
        self.lock().calls
    }

    /// The faults that fired: call index, kind of call, fault.
    pub fn fired(&self) -> Vec<(usize, Operation, Fault)> {
        self.lock().fired.clone()
    }

    /// The wrapped table.
    pub fn inner(&self) -> &dyn Table {
        self.inner.as_ref()
    }

    fn lock(&self) -> MutexGuard<'_, Plan> {
        // The plan is plain data: a panicking test cannot leave it half-written.
        self.plan.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Runs `call` unless a throttle is armed for it, and reports a timeout
    /// after it when one is.
    async fn run<R>(
        &self,
        operation: Operation,
        ops: &[WriteOp],
        call: impl Future<Output = Result<R, StoreError>>,
    ) -> Result<R, StoreError> {
        let fault = self.lock().take(operation, ops);
        match fault {
            None => call.await,
            Some(Fault::Throttle) => Err(StoreError::Throttled),
            Some(Fault::TimeoutAfterCommit) => {
                call.await?;
                Err(StoreError::Unavailable(
                    "injected timeout after commit".into(),
                ))
            }
        }
    }
}

#[async_trait]
impl Table for FaultyTable {
    async fn get(&self, key: &Key) -> Result<Option<Item>, StoreError> {
        self.run(Operation::Get, &[], self.inner.get(key)).await
    }

    async fn get_many(&self, keys: &[Key]) -> Result<Vec<Option<Item>>, StoreError> {
        self.run(Operation::GetMany, &[], self.inner.get_many(keys))
            .await
    }

    async fn query(&self, query: &Query) -> Result<Page, StoreError> {
        self.run(Operation::Query, &[], self.inner.query(query))
            .await
    }

    async fn write(&self, op: WriteOp) -> Result<(), StoreError> {
        // The future is lazy: the fault is decided before the write runs.
        let keyed = op.clone();
        self.run(
            Operation::Write,
            std::slice::from_ref(&keyed),
            self.inner.write(op),
        )
        .await
    }

    async fn transact(&self, ops: Vec<WriteOp>) -> Result<(), StoreError> {
        let keyed = ops.clone();
        self.run(Operation::Transact, &keyed, self.inner.transact(ops))
            .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::EmbeddedTable;
    use ecar_domain::{Clock, store::Value};

    fn item(sk: &str) -> Item {
        let mut item = Key::new("P", sk).to_item();
        item.insert("n".into(), Value::n(1));
        item
    }

    fn faulty() -> FaultyTable {
        let clock = Clock::fixed(chrono::Utc::now());
        FaultyTable::new(Arc::new(EmbeddedTable::in_memory(clock).unwrap()))
    }

    #[tokio::test]
    async fn a_throttled_call_never_reaches_the_table() {
        let table = faulty();
        table.arm(Trigger::Next(Operation::Transact, 1), Fault::Throttle);
        let ops = vec![WriteOp::put(item("a")), WriteOp::put(item("b"))];
        assert_eq!(
            table.transact(ops.clone()).await,
            Err(StoreError::Throttled)
        );
        assert_eq!(table.get(&Key::new("P", "a")).await.unwrap(), None);
        // One-shot: the retry goes through.
        table.transact(ops).await.unwrap();
        assert!(table.get(&Key::new("P", "b")).await.unwrap().is_some());
        assert_eq!(
            table.fired(),
            vec![(0, Operation::Transact, Fault::Throttle)]
        );
    }

    #[tokio::test]
    async fn a_timeout_after_commit_applies_the_write_and_reports_unavailable() {
        let table = faulty();
        table.arm(Trigger::Call(1), Fault::TimeoutAfterCommit);
        table.write(WriteOp::put(item("a"))).await.unwrap();
        let error = table.write(WriteOp::put(item("b"))).await.unwrap_err();
        assert!(matches!(error, StoreError::Unavailable(_)));
        assert!(error.is_retryable());
        assert!(table.get(&Key::new("P", "b")).await.unwrap().is_some());
        assert_eq!(table.calls(), 3);
    }

    #[tokio::test]
    async fn faults_hit_only_their_kind_and_count_and_can_be_disarmed() {
        let table = faulty();
        table.arm(Trigger::Next(Operation::Get, 2), Fault::Throttle);
        table.write(WriteOp::put(item("a"))).await.unwrap();
        let key = Key::new("P", "a");
        assert_eq!(table.get(&key).await, Err(StoreError::Throttled));
        assert_eq!(table.get(&key).await, Err(StoreError::Throttled));
        assert!(table.get(&key).await.unwrap().is_some());
        table.arm(Trigger::Next(Operation::Query, 5), Fault::Throttle);
        table.disarm();
        let query = Query::partition(ecar_domain::store::Index::Primary, "P");
        assert_eq!(table.query(&query).await.unwrap().items.len(), 1);
    }

    #[tokio::test]
    async fn writes_to_a_prefix_fail_until_disarmed_and_others_pass() {
        let table = faulty();
        table.arm(Trigger::WritesTo("Q".into()), Fault::Throttle);
        let other = WriteOp::put(Key::new("Q1", "x").to_item());
        for _ in 0..2 {
            let ops = vec![WriteOp::put(item("a")), other.clone()];
            assert_eq!(table.transact(ops).await, Err(StoreError::Throttled));
        }
        table.write(WriteOp::put(item("a"))).await.unwrap();
        table.disarm();
        table.write(other).await.unwrap();
        assert_eq!(table.fired().len(), 2);
    }
}
