//! How an appointment is written by the entity writer ([`crate::entity`]):
//! what is specific to appointments is the place each one holds in its
//! slot, moved in the same transaction as every change that takes, gives
//! back or moves it.

use chrono::{DateTime, Utc};

use super::{Appointment, AppointmentError, appointment_key, slots};
use crate::{
    entity::{self, Counts, Entity, EntityIndex, OnFailure, Retries, Settings},
    search::SearchIndex,
    store::{Item, ItemError, Key, WriteOp},
    values::AppointmentId,
};

/// Reads and writes one appointment for one change, with its retries.
pub type Writer<'a> = entity::Writer<'a, Appointment>;
/// A change decided from the appointment as read; its note is the slots'
/// capacity, which a place taken must stay within.
pub type Plan = entity::Plan<Appointment>;
/// What a commit did.
pub type Outcome = entity::Outcome<Appointment>;

/// The capacity of the slots when a change was decided. Its default takes
/// no place at all, so a plan that forgets it cannot overbook.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SlotCapacity(pub u32);

/// Every appointment's list entry; appointments have no search tokens.
pub const INDEX: EntityIndex = EntityIndex {
    list: "APPOINTMENTS",
    search: SearchIndex {
        name: "ASEARCH",
        max_items: 0,
    },
    source: "A",
};

/// The slot an appointment holds a place in, if any.
fn place(appointment: Option<&Appointment>) -> Option<DateTime<Utc>> {
    appointment
        .filter(|a| a.status.holds_place())
        .map(|a| a.starts_at)
}

impl Entity for Appointment {
    type Id = AppointmentId;
    type Error = AppointmentError;
    type Note = SlotCapacity;

    const INDEX: EntityIndex = INDEX;
    const RETRIES: Retries = Retries {
        max_attempts: 5,
        step_ms: 10,
        max_steps: 5,
        jitter_ms: 20,
    };

    fn key_of(id: &AppointmentId) -> Key {
        appointment_key(id)
    }

    fn id(&self) -> &AppointmentId {
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
        Appointment::item(self)
    }

    fn list_sort_key(&self) -> String {
        Appointment::list_sort_key(self)
    }

    fn tokens(&self) -> Vec<String> {
        Vec::new()
    }

    fn counters(&self, _settings: &Settings) -> Result<Counts, AppointmentError> {
        Ok(Counts::new())
    }

    /// The slot places: the one given back and the one taken (refused when
    /// that slot is full), when the change moves them.
    fn related_ops(
        before: Option<&Appointment>,
        after: Option<&Appointment>,
        capacity: &SlotCapacity,
    ) -> Vec<(WriteOp, OnFailure)> {
        let (held, holds) = (place(before), place(after));
        if held == holds {
            return Vec::new();
        }
        let mut ops = Vec::new();
        if let Some(start) = held {
            ops.push(slots::release_op(start));
        }
        if let Some(start) = holds {
            ops.push(slots::take_op(start, capacity.0));
        }
        ops
    }
}
