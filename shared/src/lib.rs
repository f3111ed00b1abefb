//! ECAR shared crate: domain types, auth, the storage / blob / notifier ports
//! and their adapters, HTTP helpers, configuration and telemetry.

pub mod auth;
pub mod blobs;
pub mod clock;
pub mod notify;
pub mod store;

pub use clock::Clock;

#[cfg(feature = "testing")]
pub mod testing;
