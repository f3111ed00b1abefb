//! ECAR's domain layer: value types, the entities and their rules
//! (customers, cars, services, appointments, invoices, notifications, accounts), the clock,
//! events, and the ports the adapters of `ecar-store` implement (table,
//! blobs, notifier).
//!
//! Nothing here knows HTTP, Lambda or the AWS SDK; the OpenAPI schemas of
//! its types are compiled only with the `openapi` feature, which the HTTP
//! layer turns on.

pub mod accounts;
pub mod appointments;
pub mod audit;
pub mod auth;
pub mod blobs;
pub mod cars;
pub mod clock;
pub mod config;
pub mod customers;
pub mod entity;
pub mod events;
pub mod idempotency;
pub mod import;
pub mod intervals;
pub mod invoices;
pub mod legacy;
pub mod notifications;
pub mod notify;
pub mod password;
pub mod ports;
pub mod search;
pub mod services;
pub mod store;
pub mod technicians;
pub mod values;

pub use clock::Clock;
pub use config::Config;
pub use ports::Ports;
