//! The table port: its item model, keys, conditions and the rules both
//! adapters (`ecar-store`'s DynamoDB and embedded tables) keep, and the
//! store-level pages lists are read in.

pub mod item;
pub mod number;
pub mod page;
pub mod rules;
pub mod table;

pub use item::{Item, ItemError, Value, from_item, item_size, to_item, to_value};
pub use page::{ListPage, PageRequest, last_key_of, query_page};
pub use table::{
    Change, CmpOp, Condition, EXPIRES_AT, Index, Key, PK, Page, Query, SK, SortKey, StoreError,
    Table, WriteOp,
};
