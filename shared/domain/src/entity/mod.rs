//! One optimistic writer and one entity index for every versioned entity
//! (services, invoices, and those to come): a change writes the entity, the
//! index items it owns, the statistics counters it moves and the writes it
//! brings on other entities in one transaction, conditional on the version
//! read, so a change is all there or not at all.
//!
//! An entity says what is specific to it by implementing [`Entity`]. This
//! module knows the store port, the clock and domain values only (no HTTP,
//! no application state), so that it can move with the domain.

pub mod counters;
pub mod index;
pub mod plan;
pub mod writer;

use std::fmt::Debug;

use chrono::{DateTime, Utc};
use serde::de::DeserializeOwned;

pub use counters::{Counts, Settings};
pub use index::EntityIndex;
pub use plan::{Failures, Layout, OnFailure, Outcome, Plan};
pub use writer::{Context, Retries, WriteError, Writer, get};

use crate::store::{Item, ItemError, Key, StoreError, WriteOp};

/// A stored entity with a version, written through [`Writer`].
pub trait Entity: Clone + PartialEq + Debug + DeserializeOwned + Send + Sync {
    /// Its id.
    type Id: AsRef<str> + Sync;
    /// What its operations fail with.
    type Error: From<WriteError> + From<StoreError> + From<ItemError> + Send;
    /// What a plan tells [`Entity::related_ops`] beyond the change itself
    /// (a service: its customer's new latest service date); `()` for most.
    type Note: Clone + Debug + Default + Send + Sync;

    /// Its list entry and search index items.
    const INDEX: EntityIndex;
    /// How often, and after how long, a change that lost a race is decided again.
    const RETRIES: Retries;

    /// The key of the entity `id`.
    fn key_of(id: &Self::Id) -> Key;
    /// Its id.
    fn id(&self) -> &Self::Id;
    /// Its version, bumped by every change.
    fn version(&self) -> u64;
    /// Records a change made at `at`, which brings it to `version`.
    fn stamp(&mut self, version: u64, at: DateTime<Utc>);
    /// Its stored item, with its own list attributes.
    fn item(&self) -> Result<Item, ItemError>;
    /// Where it sorts in the list of every entity of its kind.
    fn list_sort_key(&self) -> String;
    /// The words it is found by, the most telling first (the index keeps
    /// the prefixes of the first ones when there are too many).
    fn tokens(&self) -> Vec<String>;
    /// What it adds to the statistics counters.
    fn counters(&self, settings: &Settings) -> Result<Counts, Self::Error>;

    /// Its key.
    fn key(&self) -> Key {
        Self::key_of(self.id())
    }

    /// The writes on other entities that every change from `before` to
    /// `after` brings (`None`: absent on that side), whoever decides it,
    /// with what a failure of each means.
    fn related_ops(
        before: Option<&Self>,
        after: Option<&Self>,
        note: &Self::Note,
    ) -> Vec<(WriteOp, OnFailure)> {
        let _ = (before, after, note);
        Vec::new()
    }
}
