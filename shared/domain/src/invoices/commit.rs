//! How an invoice is written by the entity writer ([`crate::entity`]): what
//! is specific to invoices is the patience of its retries, since issues
//! racing for the next number each lose until their turn comes. The writes
//! an invoice change brings (its service, its customer's aggregates, the
//! number counter, the outbox event) are the plan's extra, each with what
//! its failure means.

use chrono::{DateTime, Utc};

use super::{Invoice, InvoiceError, index, invoice_key, stats};
use crate::{
    entity::{self, Counts, Entity, EntityIndex, Layout, Retries, Settings},
    store::{Item, ItemError, Key, WriteOp},
    values::InvoiceId,
};

pub use crate::entity::OnFailure;

/// Reads and writes one invoice for one change, with its retries.
pub type Writer<'a> = entity::Writer<'a, Invoice>;
/// A change decided from the invoice as read.
pub type Plan = entity::Plan<Invoice>;
/// What a commit did.
pub type Outcome = entity::Outcome<Invoice>;

impl Entity for Invoice {
    type Id = InvoiceId;
    type Error = InvoiceError;
    type Note = ();

    const INDEX: EntityIndex = index::INDEX;
    /// A burst of concurrent issues gets through: each round lets a few
    /// racers through, spread out by the jitter.
    const RETRIES: Retries = Retries {
        max_attempts: 100,
        step_ms: 2,
        max_steps: 10,
        jitter_ms: 25,
    };

    fn key_of(id: &InvoiceId) -> Key {
        invoice_key(id)
    }

    fn id(&self) -> &InvoiceId {
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
        Invoice::item(self)
    }

    fn list_sort_key(&self) -> String {
        Invoice::list_sort_key(self)
    }

    fn tokens(&self) -> Vec<String> {
        index::tokens(self)
    }

    fn counters(&self, settings: &Settings) -> Result<Counts, InvoiceError> {
        stats::contributions(self, settings.decimals, settings.time_zone)
    }
}

/// The writes creating `invoice` (after `first`, e.g. an idempotency
/// record) with `extra` last; the invoice's create is at index `first.len()`.
pub fn create_ops(
    settings: &Settings,
    first: Vec<WriteOp>,
    invoice: &Invoice,
    extra: Vec<WriteOp>,
) -> Result<Vec<WriteOp>, InvoiceError> {
    let plan = Plan::to(invoice.clone()).with_all(extra, &OnFailure::Retry);
    Ok(Layout::new(first, None, &plan, settings)?.ops)
}
