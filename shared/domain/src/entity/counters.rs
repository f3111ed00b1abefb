//! The statistics counters an entity moves: each entity contributes to
//! some counters ([`super::Entity::counters`]), and a change writes the
//! difference between what it contributed before and after, so every write
//! path keeps the counters right the same way.

use std::collections::BTreeMap;

use chrono_tz::Tz;

use super::Entity;
use crate::store::{Change, Key, WriteOp};

/// Counter increments, by item and attribute.
pub type Counts = BTreeMap<(Key, &'static str), i64>;

/// What the counters are kept in: amounts in the currency's minor units,
/// days and months in the garage's time zone.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Settings {
    /// The currency's minor units (3 for TND).
    pub decimals: u32,
    /// The garage's time zone.
    pub time_zone: Tz,
}

/// The counter writes taking an entity from `before` to `after` (`None`:
/// absent on that side): one update per counter item, none when nothing changes.
pub fn delta_ops<E: Entity>(
    before: Option<&E>,
    after: Option<&E>,
    settings: &Settings,
) -> Result<Vec<WriteOp>, E::Error> {
    let mut delta = Counts::new();
    if let Some(after) = after {
        delta = after.counters(settings)?;
    }
    if let Some(before) = before {
        for (counter, amount) in before.counters(settings)? {
            *delta.entry(counter).or_default() -= amount;
        }
    }
    let mut by_item: BTreeMap<Key, Vec<Change>> = BTreeMap::new();
    for ((key, attribute), amount) in delta {
        if amount != 0 {
            by_item
                .entry(key)
                .or_default()
                .push(Change::Add(attribute.into(), amount));
        }
    }
    Ok(by_item
        .into_iter()
        .map(|(key, changes)| WriteOp::Update {
            key,
            changes,
            condition: None,
        })
        .collect())
}
