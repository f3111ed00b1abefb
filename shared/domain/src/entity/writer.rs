//! The optimistic writer: reads an entity, lets the caller decide a
//! [`Plan`], and writes it conditional on the version read.
//!
//! A change that lost a race (another writer changed the entity, or an item
//! a related write needs unchanged) is decided again from a fresh read,
//! unless the client named the version it read: then it is a stale
//! version. Operations run as a loop:
//!
//! ```text
//! let mut writer = Writer::<Service>::new(context, id, expected_version);
//! loop {
//!     let before = writer.read().await?;
//!     let plan = /* decide, reading whatever else is needed */;
//!     if let Outcome::Done(after) = writer.commit(&before, plan).await? {
//!         return Ok(after);
//!     }
//! }
//! ```

use std::time::Duration;

use super::{Entity, Layout, OnFailure, Outcome, Plan, Settings};
use crate::{
    Clock,
    store::{StoreError, Table, from_item},
};

/// What the writer fails with, besides the store and the items.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WriteError {
    /// The entity is absent.
    NotFound,
    /// The entity changed since the version the client read.
    StaleVersion,
    /// A related or extra write says the change cannot be made (safe to show).
    Refused(String),
    /// Other writers kept changing the same items; the client may retry.
    Contention,
}

/// How often, and after how long, a change that lost a race is decided again.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Retries {
    /// Most decisions of one change before giving up on contention.
    pub max_attempts: u32,
    /// The wait after a lost race, in milliseconds per race lost so far...
    pub step_ms: u64,
    /// ...counting at most this many races.
    pub max_steps: u32,
    /// Up to this many milliseconds more, at random, to spread the racers out.
    pub jitter_ms: u64,
}

impl Retries {
    fn wait(&self, attempts: u32) -> Duration {
        let backoff = u64::from(attempts.min(self.max_steps)) * self.step_ms;
        Duration::from_millis(backoff + rand::random::<u64>() % self.jitter_ms.max(1))
    }
}

/// What the writer works with.
#[derive(Clone, Copy)]
pub struct Context<'a> {
    /// The table the entity lives in.
    pub table: &'a dyn Table,
    /// When a change happens.
    pub clock: &'a Clock,
    /// What the statistics counters are kept in.
    pub settings: Settings,
}

/// The entity `id`, if it exists.
pub async fn get<E: Entity>(table: &dyn Table, id: &E::Id) -> Result<Option<E>, E::Error> {
    match table.get(&E::key_of(id)).await? {
        Some(item) => Ok(Some(from_item(item)?)),
        None => Ok(None),
    }
}

/// Reads and writes one entity for one change, with its retries.
pub struct Writer<'a, E: Entity> {
    context: Context<'a>,
    id: &'a E::Id,
    expected_version: Option<u64>,
    attempts: u32,
}

impl<'a, E: Entity> Writer<'a, E> {
    /// A writer of entity `id`, optionally at the version the client read.
    pub fn new(
        context: impl Into<Context<'a>>,
        id: &'a E::Id,
        expected_version: Option<u64>,
    ) -> Self {
        Self {
            context: context.into(),
            id,
            expected_version,
            attempts: 0,
        }
    }

    /// The entity as it is now; not found when absent, a stale version when
    /// it is not the one the client read.
    pub async fn read(&mut self) -> Result<E, E::Error> {
        let entity = get::<E>(self.context.table, self.id)
            .await?
            .ok_or(WriteError::NotFound)?;
        if self
            .expected_version
            .is_some_and(|version| version != entity.version())
        {
            return Err(WriteError::StaleVersion.into());
        }
        Ok(entity)
    }

    /// Writes `plan` over `before` (as read by [`Writer::read`]).
    pub async fn commit(&mut self, before: &E, plan: Plan<E>) -> Result<Outcome<E>, E::Error> {
        let mut plan = plan;
        if plan.after.as_ref() == Some(before) && plan.extra.is_empty() {
            return Ok(Outcome::Done(plan.after.map(Box::new)));
        }
        if let Some(after) = plan.after.as_mut() {
            after.stamp(before.version() + 1, self.context.clock.now());
        }
        let layout = Layout::new(Vec::new(), Some(before), &plan, &self.context.settings)?;
        match self.context.table.transact(layout.ops).await {
            Ok(()) => Ok(Outcome::Done(plan.after.map(Box::new))),
            // The entity's own write comes first.
            Err(StoreError::ConditionFailed { index: 0 }) if self.expected_version.is_some() => {
                Err(WriteError::StaleVersion.into())
            }
            Err(StoreError::ConditionFailed { index }) => match layout.failures.at(index) {
                Some(OnFailure::Refuse(reason)) => Err(WriteError::Refused(reason.clone()).into()),
                _ => self.retry().await,
            },
            Err(StoreError::Conflict) => self.retry().await,
            Err(other) => Err(other.into()),
        }
    }

    /// Waits a little before the next attempt, or gives up.
    async fn retry(&mut self) -> Result<Outcome<E>, E::Error> {
        self.attempts += 1;
        if self.attempts >= E::RETRIES.max_attempts {
            return Err(WriteError::Contention.into());
        }
        tokio::time::sleep(E::RETRIES.wait(self.attempts)).await;
        Ok(Outcome::Retry)
    }
}
