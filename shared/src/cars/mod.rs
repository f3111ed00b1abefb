//! Cars: the vehicles of the garage's customers.
//!
//! Item: `pk = CAR#<id>`, `sk = CAR`, the car's fields. (Only what invoices
//! read is here so far; see [`summary`].)

pub mod summary;

use crate::{domain::CarId, store::Key};

/// Sort key of a car item.
pub const CAR_SK: &str = "CAR";

/// The key of a car.
pub fn car_key(id: &CarId) -> Key {
    Key::new(format!("CAR#{id}"), CAR_SK)
}
