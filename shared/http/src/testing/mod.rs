//! Test support shared by every crate's tests (feature `testing`): the AWS
//! emulator harness, the port contract suites, the authorization matrix test
//! and a harness for routers.

pub mod app;
pub mod authz;
pub mod blobs_contract;
pub mod dynamo;
pub mod http;
pub mod moto;
pub mod notifier_contract;
pub mod table_contract;
