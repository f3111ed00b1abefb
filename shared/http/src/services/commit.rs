//! Writing a change of a service: the service, its index items, the
//! statistics counters and its customer's aggregates in one transaction,
//! conditional on the version read, so a change is all there or not at all.
//!
//! A change that lost a race (another writer changed the service, its car, or
//! a shared counter item meanwhile) is decided again from a fresh read,
//! unless the client named the version it read: then it is a stale version.
//! Operations run as a loop:
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

use chrono::NaiveDate;

use super::{Service, ServiceError, Status, car, get, index, stats};
use crate::{
    customers::ledger,
    domain::ServiceId,
    state::AppState,
    store::{Condition, StoreError, Value, WriteOp},
};

/// How many times a change is decided before giving up on contention.
const MAX_ATTEMPTS: u32 = 5;

/// A change decided from the service as read.
#[derive(Clone, Debug, Default)]
pub struct Plan {
    /// The service after the change, version not yet bumped (`None`: deleted).
    pub after: Option<Service>,
    /// Other writes of the same transaction (the car, the outbox event).
    pub extra: Vec<WriteOp>,
    /// The customer's latest service date, when the change moves it.
    pub last_service_date: Option<NaiveDate>,
}

impl Plan {
    /// A change to `after` and nothing else.
    pub fn to(after: Service) -> Self {
        Self {
            after: Some(after),
            ..Self::default()
        }
    }
}

/// What a commit did.
#[derive(Debug)]
pub enum Outcome {
    /// Written (or nothing to write): the service after the change.
    Done(Option<Box<Service>>),
    /// Lost a race: read and decide again.
    Retry,
}

/// The writes of one change, and where the ones that can fail on another
/// entity's state sit in them.
#[derive(Debug)]
pub struct Layout {
    /// The writes, in transaction order.
    pub ops: Vec<WriteOp>,
    /// The customer's aggregates (fails when the customer is gone).
    pub ledger_at: Option<usize>,
    /// The car's service count (fails when the car is gone, or belongs to
    /// another customer than a new service's).
    pub car_at: Option<usize>,
}

fn is_completed(service: Option<&Service>) -> i64 {
    i64::from(service.is_some_and(|s| s.status == Status::Completed))
}

/// The writes taking `before` (`None`: absent) to `plan.after`, after `first`.
fn layout(
    first: Vec<WriteOp>,
    before: Option<&Service>,
    plan: &Plan,
    service_op: WriteOp,
    decimals: u32,
) -> Result<Layout, ServiceError> {
    let after = plan.after.as_ref();
    let mut ops = first;
    ops.push(service_op);
    ops.extend(index::ops(before, after));
    ops.extend(stats::delta_ops(before, after, decimals)?);
    let services = i64::from(after.is_some()) - i64::from(before.is_some());
    let completed = is_completed(after) - is_completed(before);
    let mut ledger_at = None;
    let mut car_at = None;
    if let Some(owner) = after.or(before) {
        if services != 0 || completed != 0 || plan.last_service_date.is_some() {
            ledger_at = Some(ops.len());
            ops.push(ledger::services_changed_op(
                &owner.customer_id,
                services,
                completed,
                plan.last_service_date,
            ));
        }
        if services != 0 {
            car_at = Some(ops.len());
            // A new service needs the car to be its customer's still.
            let customer = (services > 0).then_some(&owner.customer_id);
            ops.push(car::service_count_op(&owner.car_id, services, customer));
        }
    }
    ops.extend(plan.extra.iter().cloned());
    Ok(Layout {
        ops,
        ledger_at,
        car_at,
    })
}

/// The writes creating `service` after `first` (an idempotency record): the
/// service's create is at index `first.len()`.
pub fn create_ops(
    first: Vec<WriteOp>,
    service: &Service,
    decimals: u32,
) -> Result<Layout, ServiceError> {
    layout(
        first,
        None,
        &Plan::to(service.clone()),
        WriteOp::create(service.item()?),
        decimals,
    )
}

/// The writes creating `service` as another system left it, in any status,
/// after `first` (an import's legacy guard); `last_service_date`, when
/// given, becomes its customer's latest service date.
pub fn import_ops(
    first: Vec<WriteOp>,
    service: &Service,
    last_service_date: Option<NaiveDate>,
    decimals: u32,
) -> Result<Layout, ServiceError> {
    let plan = Plan {
        after: Some(service.clone()),
        extra: Vec::new(),
        last_service_date,
    };
    layout(
        first,
        None,
        &plan,
        WriteOp::create(service.item()?),
        decimals,
    )
}

/// Reads and writes one service for one change, with its retries.
pub struct Writer<'a> {
    state: &'a AppState,
    id: &'a ServiceId,
    expected_version: Option<u64>,
    attempts: u32,
}

impl<'a> Writer<'a> {
    /// A writer of service `id`, optionally at the version the client read.
    pub fn new(state: &'a AppState, id: &'a ServiceId, expected_version: Option<u64>) -> Self {
        Self {
            state,
            id,
            expected_version,
            attempts: 0,
        }
    }

    /// The service as it is now; a 404 when absent, a stale version when it
    /// is not the one the client read.
    pub async fn read(&mut self) -> Result<Service, ServiceError> {
        let service = get(self.state.table.as_ref(), self.id)
            .await?
            .ok_or(ServiceError::NotFound)?;
        if self
            .expected_version
            .is_some_and(|version| version != service.version)
        {
            return Err(ServiceError::StaleVersion);
        }
        Ok(service)
    }

    /// Writes `plan` over `before` (as read by [`Writer::read`]).
    pub async fn commit(&mut self, before: &Service, plan: Plan) -> Result<Outcome, ServiceError> {
        let mut plan = plan;
        if plan.after.as_ref() == Some(before) && plan.extra.is_empty() {
            return Ok(Outcome::Done(plan.after.map(Box::new)));
        }
        let now = self.state.clock.now();
        let unchanged = Condition::Equals("version".into(), Value::n(before.version));
        let service_op = match plan.after.as_mut() {
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
        let decimals = self.state.config.currency_decimals;
        let layout = layout(Vec::new(), Some(before), &plan, service_op, decimals)?;
        match self.state.table.transact(layout.ops).await {
            Ok(()) => Ok(Outcome::Done(plan.after.map(Box::new))),
            Err(StoreError::ConditionFailed { index: 0 }) if self.expected_version.is_some() => {
                Err(ServiceError::StaleVersion)
            }
            Err(StoreError::ConditionFailed { index }) if Some(index) == layout.ledger_at => Err(
                ServiceError::Refused("The service's customer no longer exists.".into()),
            ),
            Err(StoreError::ConditionFailed { .. } | StoreError::Conflict) => self.retry().await,
            Err(other) => Err(other.into()),
        }
    }

    /// Waits a little before the next attempt, or gives up.
    async fn retry(&mut self) -> Result<Outcome, ServiceError> {
        self.attempts += 1;
        if self.attempts >= MAX_ATTEMPTS {
            return Err(ServiceError::Contention);
        }
        let jitter = rand::random::<u64>() % 20;
        tokio::time::sleep(Duration::from_millis(
            u64::from(self.attempts) * 10 + jitter,
        ))
        .await;
        Ok(Outcome::Retry)
    }
}
