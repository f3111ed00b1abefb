//! ECAR's HTTP layer: errors and how each domain error answers, extractors,
//! the caller and authorization, cursors and pages, bulk reports, OpenAPI,
//! the Lambda entry and the application state. The domain (`ecar-domain`)
//! is re-exported under the paths the functions use.

pub mod audit;
pub mod auth;
pub mod bootstrap;
pub mod bulk;
pub mod cars;
pub mod health;
pub mod http;
pub mod invoices;
pub mod lambda;
pub mod openapi;
mod problems;
pub mod routes;
pub mod services;
pub mod state;
pub mod telemetry;

// The layers below, under the names the modules above still use.
pub use config::Config;
pub use ecar_domain::{
    Clock, Ports, accounts, appointments, audit as audit_log, blobs, clock, config, customers,
    entity, events, idempotency, import, legacy, notifications, notify, ports, search, store,
    technicians, values as domain,
};
pub use routes::{RouteGroup, RouteSet};
pub use state::AppState;

#[cfg(feature = "testing")]
pub mod testing;
