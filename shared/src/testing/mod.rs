//! Test support shared by every crate's tests (feature `testing`): the AWS
//! emulator harness, the port contract suites, and a harness for routers.

pub mod app;
pub mod blobs_contract;
pub mod http;
pub mod moto;
pub mod notifier_contract;
pub mod table_contract;
