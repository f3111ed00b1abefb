//! Test support shared by every crate's tests (feature `testing`): the
//! authorization matrix test and a harness for routers; `ecar-store`'s
//! testing module has the port contract suites and the emulator harness.

pub mod app;
pub mod authz;

pub use ecar_store::testing::{
    blobs_contract, dynamo, http, moto, notifier_contract, table_contract,
};
