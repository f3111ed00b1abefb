//! The table port, its item model and its adapters.

pub mod counting;
pub mod dynamo;
pub mod embedded;
#[cfg(any(test, feature = "testing"))]
pub mod faulty;
pub mod item;
pub mod number;
pub mod rules;
pub mod table;

pub use counting::{CountingTable, Usage};
pub use dynamo::{DynamoTable, create_table};
pub use embedded::{ChangeRecord, EmbeddedTable};
#[cfg(any(test, feature = "testing"))]
pub use faulty::{Fault, FaultyTable, Operation, Trigger};
pub use item::{Item, ItemError, Value, from_item, item_size, to_item, to_value};
pub use table::{
    Change, CmpOp, Condition, EXPIRES_AT, Index, Key, PK, Page, Query, SK, SortKey, StoreError,
    Table, WriteOp,
};
