//! ECAR shared crate: domain types, auth, the storage / blob / notifier ports
//! and their adapters, HTTP helpers, configuration and telemetry.

pub mod auth;
pub mod aws;
pub mod blobs;
pub mod bootstrap;
pub mod bulk;
pub mod cars;
pub mod clock;
pub mod config;
pub mod customers;
pub mod domain;
pub mod entity;
pub mod events;
pub mod http;
pub mod idempotency;
pub mod import;
pub mod invoices;
pub mod lambda;
pub mod legacy;
pub mod notifications;
pub mod notify;
pub mod search;
pub mod services;
pub mod state;
pub mod store;
pub mod telemetry;

pub use clock::Clock;
pub use config::Config;
pub use state::AppState;

#[cfg(feature = "testing")]
pub mod testing;
