//! Test support shared by every crate's tests (feature `testing`): the AWS
//! emulator harness, the port contract suites and the authorization matrix test.

pub mod authz;
pub mod blobs_contract;
pub mod dynamo;
pub mod http;
pub mod moto;
pub mod notifier_contract;
pub mod table_contract;
