//! A change decided from an entity as read, and the writes that make it.

use super::{Entity, Settings, counters, index};
use crate::store::{Condition, Value, WriteOp};

/// What a failed condition on a related or extra write means.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OnFailure {
    /// Someone else moved the item (a linked entity, a number counter): decide again.
    Retry,
    /// The change cannot be made, for this reason (safe to show).
    Refuse(String),
}

/// A change decided from the entity as read.
#[derive(Clone, Debug)]
pub struct Plan<E: Entity> {
    /// The entity after the change, version not yet bumped (`None`: deleted).
    pub after: Option<E>,
    /// Other writes of the same transaction, with what a failure of each means.
    pub extra: Vec<(WriteOp, OnFailure)>,
    /// What the entity's related writes need to know beyond the change.
    pub note: E::Note,
}

impl<E: Entity> Default for Plan<E> {
    fn default() -> Self {
        Self {
            after: None,
            extra: Vec::new(),
            note: E::Note::default(),
        }
    }
}

impl<E: Entity> Plan<E> {
    /// A change to `after` and nothing else.
    pub fn to(after: E) -> Self {
        Self {
            after: Some(after),
            ..Self::default()
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
pub enum Outcome<E> {
    /// Written (or nothing to write): the entity after the change (`None`: deleted).
    Done(Option<Box<E>>),
    /// Lost a race: read and decide again.
    Retry,
}

/// Where the related and extra writes sit in a transaction, and what a
/// failure of each means.
#[derive(Clone, Debug, Default)]
pub struct Failures(Vec<(usize, OnFailure)>);

impl Failures {
    /// What a failed condition on write `index` means; `None` for the
    /// entity's own write, its index items, its counters and what came first.
    pub fn at(&self, index: usize) -> Option<&OnFailure> {
        self.0
            .iter()
            .find(|(at, _)| *at == index)
            .map(|(_, on_failure)| on_failure)
    }
}

/// The writes of one change, in transaction order.
#[derive(Clone, Debug)]
pub struct Layout {
    /// The writes.
    pub ops: Vec<WriteOp>,
    /// What a failure of each related or extra write means.
    pub failures: Failures,
}

impl Layout {
    /// The writes as extra writes of another entity's plan (a service opened
    /// by an appointment's check-in): each with what its failure means,
    /// those that had none (its own write, its index items) decided again.
    pub fn into_extra(self) -> Vec<(WriteOp, OnFailure)> {
        let failures = self.failures;
        self.ops
            .into_iter()
            .enumerate()
            .map(|(at, op)| {
                let on_failure = failures.at(at).cloned().unwrap_or(OnFailure::Retry);
                (op, on_failure)
            })
            .collect()
    }

    /// The writes taking `before` (`None`: absent, so created) to
    /// `plan.after` (stamped already), after `first` (an idempotency record,
    /// an import's guard): the entity's own write sits at `first.len()`,
    /// conditional on the version read (on its absence, when created); then
    /// its index items, its counters, its related writes and the plan's extra.
    pub fn new<E: Entity>(
        first: Vec<WriteOp>,
        before: Option<&E>,
        plan: &Plan<E>,
        settings: &Settings,
    ) -> Result<Self, E::Error> {
        let after = plan.after.as_ref();
        let unchanged =
            |old: &E| Some(Condition::Equals("version".into(), Value::n(old.version())));
        let own = match (before, after) {
            (None, Some(new)) => WriteOp::create(new.item()?),
            (Some(old), Some(new)) => WriteOp::Put {
                item: new.item()?,
                condition: unchanged(old),
            },
            (Some(old), None) => WriteOp::Delete {
                key: old.key(),
                condition: unchanged(old),
            },
            (None, None) => {
                return Ok(Self {
                    ops: first,
                    failures: Failures::default(),
                });
            }
        };
        let mut ops = first;
        ops.push(own);
        ops.extend(index::ops(before, after));
        ops.extend(counters::delta_ops(before, after, settings)?);
        let mut failures = Vec::new();
        let related = E::related_ops(before, after, &plan.note);
        for (op, on_failure) in related.into_iter().chain(plan.extra.iter().cloned()) {
            failures.push((ops.len(), on_failure));
            ops.push(op);
        }
        Ok(Self {
            ops,
            failures: Failures(failures),
        })
    }
}
