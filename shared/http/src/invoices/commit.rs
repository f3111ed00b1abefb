//! Writing a change of an invoice: the invoice, its index items, the
//! statistics counters and whatever else the change moves (its service,
//! its customer's aggregates, the number counter, the outbox event) in one
//! transaction, conditional on the version read, so a change is all there
//! or not at all.
//!
//! A change that lost a race (another writer changed the invoice, its
//! service, or took the next number meanwhile) is decided again from a fresh
//! read, unless the client named the version it read: then it is a stale
//! version. Operations run as a loop:
//!
//! ```ignore
//! let mut writer = Writer::new(state, id, expected_version);
//! loop {
//!     let before = writer.read().await?;
//!     let plan = /* decide, reading whatever else is needed */;
//!     if let Outcome::Done(after) = writer.commit(&before, plan).await? {
//!         return Ok(after);
//!     }
//! }
//! ```

use std::time::Duration;

use super::{Invoice, InvoiceError, get, index, stats};
use crate::{
    domain::InvoiceId,
    state::AppState,
    store::{Condition, StoreError, Value, WriteOp},
};

/// How many times a change is decided before giving up on contention. Issues
/// racing for the next number each lose until their turn comes, so this
/// allows a burst of concurrent issues to get through.
const MAX_ATTEMPTS: u32 = 100;

/// A change decided from the invoice as read.
#[derive(Clone, Debug, Default)]
pub struct Plan {
    /// The invoice after the change, version not yet bumped (`None`: deleted).
    pub after: Option<Invoice>,
    /// Other writes of the same transaction, with what a failure of each means.
    pub extra: Vec<(WriteOp, OnFailure)>,
}

/// What a failed condition on an extra write means.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OnFailure {
    /// Someone else moved the item (the service, the number counter): decide again.
    Retry,
    /// The change cannot be made, for this reason (safe to show).
    Refuse(String),
}

impl Plan {
    /// A change to `after` and nothing else.
    pub fn to(after: Invoice) -> Self {
        Self {
            after: Some(after),
            extra: Vec::new(),
        }
    }

    /// The same plan with one more write.
    pub fn with(mut self, op: WriteOp, on_failure: OnFailure) -> Self {
        self.extra.push((op, on_failure));
        self
    }

    /// The same plan with more writes that fail the same way.
    pub fn with_all(mut self, ops: Vec<WriteOp>, on_failure: &OnFailure) -> Self {
        self.extra
            .extend(ops.into_iter().map(|op| (op, on_failure.clone())));
        self
    }
}

/// What a commit did.
#[derive(Debug)]
pub enum Outcome {
    /// Written: the invoice after the change (`None`: deleted).
    Done(Option<Box<Invoice>>),
    /// Lost a race: read and decide again.
    Retry,
}

/// The writes of a change, and what a failure of each extra one means.
struct Layout {
    ops: Vec<WriteOp>,
    failures: Vec<(usize, OnFailure)>,
}

/// The writes taking `before` (`None`: absent) to `plan.after`, the
/// invoice's own write first.
fn layout(
    state: &AppState,
    before: Option<&Invoice>,
    plan: &Plan,
    invoice_op: WriteOp,
) -> Result<Layout, InvoiceError> {
    let after = plan.after.as_ref();
    let mut ops = vec![invoice_op];
    ops.extend(index::ops(before, after));
    ops.extend(stats::delta_ops(
        before,
        after,
        state.config.currency_decimals,
        state.config.time_zone,
    )?);
    let mut failures = Vec::new();
    for (op, on_failure) in &plan.extra {
        failures.push((ops.len(), on_failure.clone()));
        ops.push(op.clone());
    }
    Ok(Layout { ops, failures })
}

/// The writes creating `invoice` (after `first`, e.g. an idempotency
/// record) with `extra`; the invoice's create is at index `first.len()`.
pub fn create_ops(
    state: &AppState,
    first: Vec<WriteOp>,
    invoice: &Invoice,
    extra: Vec<WriteOp>,
) -> Result<Vec<WriteOp>, InvoiceError> {
    let plan = Plan {
        after: Some(invoice.clone()),
        extra: extra.into_iter().map(|op| (op, OnFailure::Retry)).collect(),
    };
    let mut ops = first;
    ops.extend(layout(state, None, &plan, WriteOp::create(invoice.item()?))?.ops);
    Ok(ops)
}

/// Reads and writes one invoice for one change, with its retries.
pub struct Writer<'a> {
    state: &'a AppState,
    id: &'a InvoiceId,
    expected_version: Option<u64>,
    attempts: u32,
}

impl<'a> Writer<'a> {
    /// A writer of invoice `id`, optionally at the version the client read.
    pub fn new(state: &'a AppState, id: &'a InvoiceId, expected_version: Option<u64>) -> Self {
        Self {
            state,
            id,
            expected_version,
            attempts: 0,
        }
    }

    /// The invoice as it is now; a 404 when absent, a stale version when it
    /// is not the one the client read.
    pub async fn read(&mut self) -> Result<Invoice, InvoiceError> {
        let invoice = get(self.state.table.as_ref(), self.id)
            .await?
            .ok_or(InvoiceError::NotFound)?;
        if self
            .expected_version
            .is_some_and(|version| version != invoice.version)
        {
            return Err(InvoiceError::StaleVersion);
        }
        Ok(invoice)
    }

    /// Writes `plan` over `before` (as read by [`Writer::read`]).
    pub async fn commit(&mut self, before: &Invoice, plan: Plan) -> Result<Outcome, InvoiceError> {
        let mut plan = plan;
        if plan.after.as_ref() == Some(before) && plan.extra.is_empty() {
            return Ok(Outcome::Done(plan.after.map(Box::new)));
        }
        let now = self.state.clock.now();
        let unchanged = Condition::Equals("version".into(), Value::n(before.version));
        let invoice_op = match plan.after.as_mut() {
            Some(after) => {
                after.version = before.version + 1;
                after.updated_at = now;
                WriteOp::Put {
                    item: after.item()?,
                    condition: Some(unchanged),
                }
            }
            None => WriteOp::Delete {
                key: before.key(),
                condition: Some(unchanged),
            },
        };
        let layout = layout(self.state, Some(before), &plan, invoice_op)?;
        match self.state.table.transact(layout.ops).await {
            Ok(()) => Ok(Outcome::Done(plan.after.map(Box::new))),
            Err(StoreError::ConditionFailed { index: 0 }) if self.expected_version.is_some() => {
                Err(InvoiceError::StaleVersion)
            }
            Err(StoreError::ConditionFailed { index }) => {
                match layout.failures.iter().find(|(at, _)| *at == index) {
                    Some((_, OnFailure::Refuse(reason))) => {
                        Err(InvoiceError::Refused(reason.clone()))
                    }
                    _ => self.retry().await,
                }
            }
            Err(StoreError::Conflict) => self.retry().await,
            Err(other) => Err(other.into()),
        }
    }

    /// Waits a little before the next attempt, or gives up.
    async fn retry(&mut self) -> Result<Outcome, InvoiceError> {
        self.attempts += 1;
        if self.attempts >= MAX_ATTEMPTS {
            return Err(InvoiceError::Contention);
        }
        // Spread the racers out, so that each round lets a few through.
        let jitter = rand::random::<u64>() % 25;
        let backoff = u64::from(self.attempts.min(10)) * 2;
        tokio::time::sleep(Duration::from_millis(backoff + jitter)).await;
        Ok(Outcome::Retry)
    }
}
