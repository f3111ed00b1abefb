//! ECAR's HTTP layer (errors, extractors, the caller and authorization,
//! cursors and pages, OpenAPI, the Lambda entry, the application state) and,
//! until they move down into `ecar-domain` (issue 23), the domain modules
//! that still use it.

pub mod auth;
pub mod bootstrap;
pub mod bulk;
pub mod cars;
pub mod customers;
pub mod http;
pub mod idempotency;
pub mod import;
pub mod invoices;
pub mod lambda;
pub mod notifications;
pub mod ports;
pub mod services;
pub mod state;
pub mod telemetry;

// The layers below, under the names the modules above still use.
pub use config::Config;
pub use ecar_domain::{
    Clock, blobs, clock, config, entity, events, legacy, notify, search, store, values as domain,
};
pub use ports::Ports;
pub use state::AppState;

#[cfg(feature = "testing")]
pub mod testing;
