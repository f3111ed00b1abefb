//! The table port: items, keys, indexes, typed conditions and transactions.
//!
//! It mirrors the subset of DynamoDB that ECAR uses, so that the embedded
//! adapter and the DynamoDB adapter give the same answers to the same calls.

use async_trait::async_trait;

use super::item::{Item, Value};

/// Partition key attribute of the base table.
pub const PK: &str = "pk";
/// Sort key attribute of the base table.
pub const SK: &str = "sk";
/// Expiry attribute (epoch seconds): an expired item reads as absent.
pub const EXPIRES_AT: &str = "expires_at";

/// DynamoDB's limit on actions in one transaction.
pub const MAX_TRANSACTION_ACTIONS: usize = 100;
/// DynamoDB's limit on one item's size.
pub const MAX_ITEM_BYTES: usize = 400 * 1024;
/// DynamoDB's limit on the data one query page evaluates.
pub const MAX_PAGE_BYTES: usize = 1024 * 1024;
/// DynamoDB's limit on keys in one batch get.
pub const MAX_BATCH_GET: usize = 100;
/// DynamoDB's limit on the total size of the items one transaction writes.
pub const MAX_TRANSACTION_BYTES: usize = 4 * 1024 * 1024;
/// DynamoDB's limit on a partition key value (base table and GSIs).
pub const MAX_PARTITION_KEY_BYTES: usize = 2048;
/// DynamoDB's limit on a sort key value (base table and GSIs).
pub const MAX_SORT_KEY_BYTES: usize = 1024;
/// DynamoDB's limit on nested lists and maps.
pub const MAX_NESTING: usize = 32;
/// The largest `Query::limit` the port accepts (a page size, not a DynamoDB rule).
pub const MAX_QUERY_LIMIT: usize = 1000;

/// The primary key of an item.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Key {
    /// Partition key.
    pub pk: String,
    /// Sort key.
    pub sk: String,
}

impl Key {
    /// A key from its two parts.
    pub fn new(pk: impl Into<String>, sk: impl Into<String>) -> Self {
        Self {
            pk: pk.into(),
            sk: sk.into(),
        }
    }

    /// The key of an item, when it has one.
    pub fn of(item: &Item) -> Option<Self> {
        Some(Self::new(item.get(PK)?.as_s()?, item.get(SK)?.as_s()?))
    }

    /// The key as the two attributes of an item.
    pub fn to_item(&self) -> Item {
        Item::from([
            (PK.to_string(), Value::s(&self.pk)),
            (SK.to_string(), Value::s(&self.sk)),
        ])
    }
}

/// The base table or one of the generic global secondary indexes.
///
/// Every GSI projects all attributes and is sparse: an item without the
/// index's partition attribute is not in it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Index {
    /// The base table (`pk`, `sk`).
    Primary,
    /// `gsi1pk`, `gsi1sk`.
    Gsi1,
    /// `gsi2pk`, `gsi2sk`.
    Gsi2,
    /// `gsi3pk`, `gsi3sk`.
    Gsi3,
}

impl Index {
    /// Every index, base table first.
    pub const ALL: [Index; 4] = [Index::Primary, Index::Gsi1, Index::Gsi2, Index::Gsi3];

    /// The index name in DynamoDB (`None` for the base table).
    pub fn name(self) -> Option<&'static str> {
        match self {
            Index::Primary => None,
            Index::Gsi1 => Some("gsi1"),
            Index::Gsi2 => Some("gsi2"),
            Index::Gsi3 => Some("gsi3"),
        }
    }

    /// The partition and sort key attributes of the index.
    pub fn key_attributes(self) -> (&'static str, &'static str) {
        match self {
            Index::Primary => (PK, SK),
            Index::Gsi1 => ("gsi1pk", "gsi1sk"),
            Index::Gsi2 => ("gsi2pk", "gsi2sk"),
            Index::Gsi3 => ("gsi3pk", "gsi3sk"),
        }
    }
}

/// A condition on the sort key of a query.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SortKey {
    /// Every sort key of the partition.
    Any,
    /// Exactly this sort key.
    Eq(String),
    /// Sort keys starting with this prefix.
    BeginsWith(String),
    /// Sort keys between the two bounds, both included.
    Between(String, String),
    /// Sort keys strictly below.
    Lt(String),
    /// Sort keys at or below.
    Le(String),
    /// Sort keys strictly above.
    Gt(String),
    /// Sort keys at or above.
    Ge(String),
}

impl SortKey {
    /// Whether a sort key satisfies the condition (byte-wise order, as DynamoDB).
    pub fn matches(&self, sk: &str) -> bool {
        match self {
            SortKey::Any => true,
            SortKey::Eq(v) => sk == v,
            SortKey::BeginsWith(prefix) => sk.as_bytes().starts_with(prefix.as_bytes()),
            SortKey::Between(low, high) => {
                sk.as_bytes() >= low.as_bytes() && sk.as_bytes() <= high.as_bytes()
            }
            SortKey::Lt(v) => sk.as_bytes() < v.as_bytes(),
            SortKey::Le(v) => sk.as_bytes() <= v.as_bytes(),
            SortKey::Gt(v) => sk.as_bytes() > v.as_bytes(),
            SortKey::Ge(v) => sk.as_bytes() >= v.as_bytes(),
        }
    }
}

/// A query of one partition of the base table or of a GSI.
#[derive(Clone, Debug, PartialEq)]
pub struct Query {
    /// Which index to read.
    pub index: Index,
    /// The partition key value.
    pub partition: String,
    /// The sort key condition.
    pub sort: SortKey,
    /// Ascending sort key order when true.
    pub forward: bool,
    /// Maximum number of items evaluated (DynamoDB's `Limit`), 1 to [`MAX_QUERY_LIMIT`].
    pub limit: usize,
    /// Resume after this key (a previous page's `last_key`).
    pub start_after: Option<Item>,
}

impl Query {
    /// A forward query of a whole partition, 100 items at most.
    pub fn partition(index: Index, partition: impl Into<String>) -> Self {
        Self {
            index,
            partition: partition.into(),
            sort: SortKey::Any,
            forward: true,
            limit: 100,
            start_after: None,
        }
    }

    /// The same query with a sort key condition.
    pub fn sort(mut self, sort: SortKey) -> Self {
        self.sort = sort;
        self
    }

    /// The same query in descending order.
    pub fn backward(mut self) -> Self {
        self.forward = false;
        self
    }

    /// The same query with another limit.
    pub fn limit(mut self, limit: usize) -> Self {
        self.limit = limit;
        self
    }

    /// The same query resuming after a key.
    pub fn start_after(mut self, key: Option<Item>) -> Self {
        self.start_after = key;
        self
    }
}

/// One page of a query.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Page {
    /// The items read, in index order, expired ones left out.
    pub items: Vec<Item>,
    /// Where the next page starts; present whenever the limit (or the 1 MB
    /// page size) stopped the read, even if nothing follows, as in DynamoDB.
    pub last_key: Option<Item>,
}

/// A comparison operator for [`Condition::Compare`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CmpOp {
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
    /// `<>`
    Ne,
}

/// A typed condition on the current state of one item.
#[derive(Clone, Debug, PartialEq)]
pub enum Condition {
    /// The item exists (and has not expired).
    Exists,
    /// The item does not exist (or has expired).
    NotExists,
    /// The attribute exists.
    AttributeExists(String),
    /// The attribute does not exist.
    AttributeNotExists(String),
    /// The attribute exists and equals the value.
    Equals(String, Value),
    /// The attribute exists, has the value's type, and compares so (numbers by
    /// value, strings and binary byte-wise).
    Compare(String, CmpOp, Value),
    /// All of the conditions.
    And(Vec<Condition>),
    /// Any of the conditions.
    Or(Vec<Condition>),
}

/// How an update changes one attribute.
#[derive(Clone, Debug, PartialEq)]
pub enum Change {
    /// Set the attribute to the value.
    Set(String, Value),
    /// Add an integer to a number attribute (a missing attribute counts as 0).
    Add(String, i64),
    /// Remove the attribute.
    Remove(String),
}

/// One write action, alone or inside a transaction.
#[derive(Clone, Debug, PartialEq)]
pub enum WriteOp {
    /// Create or replace a whole item (it must hold `pk` and `sk`).
    Put {
        /// The new item.
        item: Item,
        /// Required state of the item it replaces.
        condition: Option<Condition>,
    },
    /// Change attributes of an item, creating it if absent (as DynamoDB).
    Update {
        /// The item's key.
        key: Key,
        /// The changes, applied in order.
        changes: Vec<Change>,
        /// Required state of the item before the change.
        condition: Option<Condition>,
    },
    /// Delete an item (deleting an absent item succeeds).
    Delete {
        /// The item's key.
        key: Key,
        /// Required state of the item.
        condition: Option<Condition>,
    },
    /// Require a state without writing (transactions only).
    Check {
        /// The item's key.
        key: Key,
        /// Required state of the item.
        condition: Condition,
    },
}

impl WriteOp {
    /// The key of the item the action touches.
    pub fn key(&self) -> Option<Key> {
        match self {
            WriteOp::Put { item, .. } => Key::of(item),
            WriteOp::Update { key, .. }
            | WriteOp::Delete { key, .. }
            | WriteOp::Check { key, .. } => Some(key.clone()),
        }
    }

    /// The action's condition, if any.
    pub fn condition(&self) -> Option<&Condition> {
        match self {
            WriteOp::Put { condition, .. }
            | WriteOp::Update { condition, .. }
            | WriteOp::Delete { condition, .. } => condition.as_ref(),
            WriteOp::Check { condition, .. } => Some(condition),
        }
    }

    /// A put with no condition.
    pub fn put(item: Item) -> Self {
        WriteOp::Put {
            item,
            condition: None,
        }
    }

    /// A put that only creates (fails if the item exists).
    pub fn create(item: Item) -> Self {
        WriteOp::Put {
            item,
            condition: Some(Condition::NotExists),
        }
    }
}

/// What a table call can fail with.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum StoreError {
    /// A condition did not hold; `index` is the first failing action (0 for a single write).
    #[error("condition failed on action {index}")]
    ConditionFailed {
        /// Position of the action in the transaction.
        index: usize,
    },
    /// Another transaction touched the same items at the same time; retryable.
    #[error("transaction conflict")]
    Conflict,
    /// The store asked us to slow down; retryable.
    #[error("throttled")]
    Throttled,
    /// The store could not be reached or timed out; the outcome may be unknown.
    #[error("store unavailable: {0}")]
    Unavailable(String),
    /// The request breaks a rule of the store (limits, malformed items).
    #[error("invalid request: {0}")]
    Invalid(String),
    /// Anything else, with details for the log only.
    #[error("store failure: {0}")]
    Internal(String),
}

impl StoreError {
    /// Whether retrying the same call later may succeed.
    pub fn is_retryable(&self) -> bool {
        matches!(
            self,
            StoreError::Conflict | StoreError::Throttled | StoreError::Unavailable(_)
        )
    }
}

/// The table port.
#[async_trait]
pub trait Table: Send + Sync + 'static {
    /// A strongly consistent read of one item; expired items read as absent.
    async fn get(&self, key: &Key) -> Result<Option<Item>, StoreError>;

    /// Strongly consistent reads of up to [`MAX_BATCH_GET`] items, in the order
    /// of `keys` (`None` where absent or expired).
    async fn get_many(&self, keys: &[Key]) -> Result<Vec<Option<Item>>, StoreError>;

    /// One page of a query (GSI queries may lag writes on DynamoDB).
    async fn query(&self, query: &Query) -> Result<Page, StoreError>;

    /// One action on its own (a `Check` is refused: it only makes sense in a transaction).
    async fn write(&self, op: WriteOp) -> Result<(), StoreError>;

    /// All the actions or none, at most [`MAX_TRANSACTION_ACTIONS`], one per item.
    async fn transact(&self, ops: Vec<WriteOp>) -> Result<(), StoreError>;
}
