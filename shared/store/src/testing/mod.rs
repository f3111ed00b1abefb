//! Test support for every crate's tests (feature `testing`): the port
//! contract suites, the emulator (moto) harness and a plain HTTP client.

pub mod blobs_contract;
pub mod dynamo;
pub mod http;
pub mod moto;
pub mod notifier_contract;
pub mod table_contract;
