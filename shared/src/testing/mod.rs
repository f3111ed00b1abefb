//! Test support shared by every crate's tests (feature `testing`): the AWS
//! emulator harness and the port contract suites.

pub mod blobs_contract;
pub mod http;
pub mod moto;
pub mod notifier_contract;
pub mod table_contract;
