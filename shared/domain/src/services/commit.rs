//! How a service is written by the entity writer ([`crate::entity`]): what
//! is specific to services is that every change moves its customer's
//! aggregates (services, completed services, the latest service date) and
//! its car's service count, in the same transaction.

use chrono::{DateTime, NaiveDate, Utc};

use super::{Service, ServiceError, Status, assignment, car, index, service_key, stats};
use crate::{
    customers::ledger,
    entity::{self, Counts, Entity, EntityIndex, Layout, Retries, Settings},
    store::{Item, ItemError, Key, WriteOp},
    values::ServiceId,
};

pub use crate::entity::OnFailure;

/// Reads and writes one service for one change, with its retries.
pub type Writer<'a> = entity::Writer<'a, Service>;
/// A change decided from the service as read; its note is the customer's
/// new latest service date, when the change moves it.
pub type Plan = entity::Plan<Service>;
/// What a commit did.
pub type Outcome = entity::Outcome<Service>;

/// Why a change of a service fails on its customer's aggregates.
const CUSTOMER_GONE: &str = "The service's customer no longer exists.";

fn is_completed(service: Option<&Service>) -> i64 {
    i64::from(service.is_some_and(|s| s.status == Status::Completed))
}

impl Entity for Service {
    type Id = ServiceId;
    type Error = ServiceError;
    type Note = Option<NaiveDate>;

    const INDEX: EntityIndex = index::INDEX;
    const RETRIES: Retries = Retries {
        max_attempts: 5,
        step_ms: 10,
        max_steps: 5,
        jitter_ms: 20,
    };

    fn key_of(id: &ServiceId) -> Key {
        service_key(id)
    }

    fn id(&self) -> &ServiceId {
        &self.id
    }

    fn version(&self) -> u64 {
        self.version
    }

    fn stamp(&mut self, version: u64, at: DateTime<Utc>) {
        self.version = version;
        self.updated_at = at;
    }

    fn item(&self) -> Result<Item, ItemError> {
        Service::item(self)
    }

    fn list_sort_key(&self) -> String {
        Service::list_sort_key(self)
    }

    fn tokens(&self) -> Vec<String> {
        index::tokens(self)
    }

    fn counters(&self, settings: &Settings) -> Result<Counts, ServiceError> {
        stats::contributions(self, settings.decimals)
    }

    /// The customer's aggregates (refused when the customer is gone), the
    /// car's service count (decided again when the car is gone, or belongs
    /// to another customer than a new service's) and the technician's
    /// assignment entry (unconditional: it cannot fail).
    fn related_ops(
        before: Option<&Service>,
        after: Option<&Service>,
        last_service_date: &Option<NaiveDate>,
    ) -> Vec<(WriteOp, OnFailure)> {
        let mut ops = Vec::new();
        if let Some(op) = assignment::entry_op(before, after) {
            ops.push((op, OnFailure::Retry));
        }
        let Some(owner) = after.or(before) else {
            return ops;
        };
        let services = i64::from(after.is_some()) - i64::from(before.is_some());
        let completed = is_completed(after) - is_completed(before);
        if services != 0 || completed != 0 || last_service_date.is_some() {
            let op = ledger::services_changed_op(
                &owner.customer_id,
                services,
                completed,
                *last_service_date,
            );
            ops.push((op, OnFailure::Refuse(CUSTOMER_GONE.into())));
        }
        if services != 0 {
            // A new service needs the car to be its customer's still.
            let customer = (services > 0).then_some(&owner.customer_id);
            let op = car::service_count_op(&owner.car_id, services, customer);
            ops.push((op, OnFailure::Retry));
        }
        ops
    }
}

/// The writes creating `service` after `first` (an idempotency record): the
/// service's create is at index `first.len()`. Of the writes after it, the
/// customer's aggregates are the only ones refusing, the car the only one
/// retrying (see [`Layout::failures`]).
pub fn create_ops(
    first: Vec<WriteOp>,
    service: &Service,
    settings: &Settings,
) -> Result<Layout, ServiceError> {
    import_ops(first, service, None, settings)
}

/// The writes creating `service` as another system left it, in any status,
/// after `first` (an import's legacy guard); `last_service_date`, when
/// given, becomes its customer's latest service date.
pub fn import_ops(
    first: Vec<WriteOp>,
    service: &Service,
    last_service_date: Option<NaiveDate>,
    settings: &Settings,
) -> Result<Layout, ServiceError> {
    let mut plan = Plan::to(service.clone());
    plan.note = last_service_date;
    Layout::new(first, None, &plan, settings)
}
