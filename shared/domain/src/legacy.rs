//! Ids given by the Django ECAR, for entities moved over from it.
//!
//! An imported entity keeps the original's integer id in its `legacy_id`
//! field, and a guard item maps that id to the entity's:
//! `pk = LEGACY#<model>#<legacy id>`, `sk = LEGACY`, `id`. The guard is
//! written in the entity's own transaction, on condition that it is absent:
//! an import run again finds what it already wrote and writes nothing twice,
//! and `?legacy_id=` on the lists finds the entity with one read.

use crate::store::{Item, Key, StoreError, Table, Value, WriteOp};

/// Sort key of a legacy id guard.
const LEGACY_SK: &str = "LEGACY";

/// The original's models whose rows become entities here.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum LegacyModel {
    /// `auth.user` of staff and admins (a customer's user is the customer's).
    User,
    /// `core.customer`.
    Customer,
    /// `core.car`.
    Car,
    /// `core.mileageupdate`, a reading of a car's odometer.
    MileageUpdate,
    /// `core.service`, its `core.serviceitem`s inside.
    Service,
    /// `core.invoice`.
    Invoice,
    /// `core.notification`.
    Notification,
}

impl LegacyModel {
    /// The original's model label.
    pub fn label(self) -> &'static str {
        match self {
            LegacyModel::User => "auth.user",
            LegacyModel::Customer => "core.customer",
            LegacyModel::Car => "core.car",
            LegacyModel::MileageUpdate => "core.mileageupdate",
            LegacyModel::Service => "core.service",
            LegacyModel::Invoice => "core.invoice",
            LegacyModel::Notification => "core.notification",
        }
    }
}

/// The key of the guard of `model`'s row `legacy_id`.
pub fn guard_key(model: LegacyModel, legacy_id: u64) -> Key {
    Key::new(format!("LEGACY#{}#{legacy_id}", model.label()), LEGACY_SK)
}

/// The write recording that row `legacy_id` of `model` became entity `id`;
/// it fails when that row was imported already.
pub fn guard_op(model: LegacyModel, legacy_id: u64, id: &str) -> WriteOp {
    let mut item: Item = guard_key(model, legacy_id).to_item();
    item.insert("id".into(), Value::s(id));
    WriteOp::create(item)
}

/// The id of the entity row `legacy_id` of `model` became, if imported.
pub async fn find(
    table: &dyn Table,
    model: LegacyModel,
    legacy_id: u64,
) -> Result<Option<String>, StoreError> {
    Ok(table
        .get(&guard_key(model, legacy_id))
        .await?
        .and_then(|item| item.get("id").and_then(Value::as_s).map(str::to_string)))
}
