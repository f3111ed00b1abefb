//! Adapters of the table port, and wrappers over any of them.

pub mod counting;
#[cfg(feature = "aws-dynamodb")]
pub mod dynamo;
#[cfg(feature = "embedded")]
pub mod embedded;
#[cfg(feature = "testing")]
pub mod faulty;

pub use counting::{CountingTable, Usage};
#[cfg(feature = "aws-dynamodb")]
pub use dynamo::{DynamoTable, create_table};
#[cfg(feature = "embedded")]
pub use embedded::{ChangeRecord, EmbeddedTable};
#[cfg(feature = "testing")]
pub use faulty::{Fault, FaultyTable, Operation, Trigger};
