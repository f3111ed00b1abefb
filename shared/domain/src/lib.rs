//! ECAR's domain layer: value types, the clock, events and the ports the
//! adapters of `ecar-store` implement (table, blobs, notifier).
//!
//! Nothing here knows HTTP, Lambda or the AWS SDK; the OpenAPI schemas of
//! its types are compiled only with the `openapi` feature, which the HTTP
//! layer turns on.

pub mod blobs;
pub mod clock;
pub mod config;
pub mod entity;
pub mod events;
pub mod intervals;
pub mod legacy;
pub mod notify;
pub mod password;
pub mod search;
pub mod store;
pub mod values;

pub use clock::Clock;
pub use config::Config;
