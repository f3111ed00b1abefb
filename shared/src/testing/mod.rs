//! Test support shared by every crate's tests (feature `testing`): the AWS
//! emulator harness and the port contract suites.

pub mod moto;
pub mod table_contract;
