//! What documents print about a car: make, model, year and plate, read
//! from the car's item without needing its other fields.

use serde::Deserialize;

use super::car_key;
use crate::{
    domain::CarId,
    store::{ItemError, StoreError, Table, from_item},
};

/// A car as an invoice names it.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct CarSummary {
    /// Manufacturer.
    pub make: String,
    /// Model.
    pub model: String,
    /// Year of manufacture.
    #[serde(default)]
    pub year: Option<u16>,
    /// Licence plate, normalized.
    pub license_plate: String,
}

/// Why a car could not be read.
#[derive(Debug, thiserror::Error)]
pub enum CarReadError {
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The item does not have the expected shape.
    #[error(transparent)]
    Item(#[from] ItemError),
}

/// Reads the summary of car `id`, if it exists.
pub async fn get(table: &dyn Table, id: &CarId) -> Result<Option<CarSummary>, CarReadError> {
    match table.get(&car_key(id)).await? {
        Some(item) => Ok(Some(from_item(item)?)),
        None => Ok(None),
    }
}
