//! DynamoDB's request rules that hold before any data is read.
//!
//! The embedded adapter enforces them so that code passing locally cannot fail
//! on AWS for a reason no test saw; the DynamoDB adapter may use them to refuse
//! a request without a round trip.

use std::collections::HashSet;

use super::item::{Item, Value, item_size};
use super::number;
use super::table::{
    Change, CmpOp, Condition, Index, Key, MAX_BATCH_GET, MAX_ITEM_BYTES, MAX_NESTING,
    MAX_PARTITION_KEY_BYTES, MAX_QUERY_LIMIT, MAX_SORT_KEY_BYTES, MAX_TRANSACTION_ACTIONS, PK,
    Query, SK, SortKey, StoreError, WriteOp,
};

fn invalid(message: impl Into<String>) -> StoreError {
    StoreError::Invalid(message.into())
}

/// The GSIs, without the base table.
fn secondary_indexes() -> impl Iterator<Item = Index> {
    Index::ALL
        .into_iter()
        .filter(|index| *index != Index::Primary)
}

/// Checks one key attribute value: non-empty and within DynamoDB's length.
fn check_key_value(attribute: &str, value: &str, max: usize) -> Result<(), StoreError> {
    if value.is_empty() {
        return Err(invalid(format!("key attribute {attribute} is empty")));
    }
    if value.len() > max {
        return Err(invalid(format!(
            "key attribute {attribute} is over {max} bytes"
        )));
    }
    Ok(())
}

/// Checks a primary key.
pub fn check_key(key: &Key) -> Result<(), StoreError> {
    check_key_value(PK, &key.pk, MAX_PARTITION_KEY_BYTES)?;
    check_key_value(SK, &key.sk, MAX_SORT_KEY_BYTES)
}

/// Checks a value: valid numbers, nesting within DynamoDB's depth.
pub fn check_value(value: &Value) -> Result<(), StoreError> {
    check_value_at(value, 0)
}

fn check_value_at(value: &Value, depth: usize) -> Result<(), StoreError> {
    match value {
        Value::N(text) if number::canonical(text).is_none() => {
            Err(invalid(format!("{text:?} is not a number")))
        }
        Value::L(_) | Value::M(_) if depth >= MAX_NESTING => {
            Err(invalid(format!("values nest deeper than {MAX_NESTING}")))
        }
        Value::L(values) => values.iter().try_for_each(|v| check_value_at(v, depth + 1)),
        Value::M(map) => map.values().try_for_each(|v| check_value_at(v, depth + 1)),
        _ => Ok(()),
    }
}

/// Checks the value of a GSI key attribute.
fn check_index_value(attribute: &str, value: &Value, is_partition: bool) -> Result<(), StoreError> {
    let Some(text) = value.as_s() else {
        return Err(invalid(format!(
            "index attribute {attribute} must be a string"
        )));
    };
    let max = if is_partition {
        MAX_PARTITION_KEY_BYTES
    } else {
        MAX_SORT_KEY_BYTES
    };
    check_key_value(attribute, text, max)
}

/// Checks a whole item and returns its key: string keys, string GSI
/// attributes, valid values, at most [`MAX_ITEM_BYTES`].
pub fn check_item(item: &Item) -> Result<Key, StoreError> {
    let key = Key::of(item).ok_or_else(|| invalid("an item needs string pk and sk"))?;
    check_key(&key)?;
    for index in secondary_indexes() {
        let (partition, sort) = index.key_attributes();
        for (attribute, is_partition) in [(partition, true), (sort, false)] {
            if let Some(value) = item.get(attribute) {
                check_index_value(attribute, value, is_partition)?;
            }
        }
    }
    for (name, value) in item {
        check_attribute_name(name)?;
        check_value(value)?;
    }
    let size = item_size(item);
    if size > MAX_ITEM_BYTES {
        return Err(invalid(format!(
            "item of {size} bytes is over {MAX_ITEM_BYTES}"
        )));
    }
    Ok(key)
}

/// Checks a condition: valid values, ordering only on strings, numbers and
/// binary, no empty `And`/`Or`.
pub fn check_condition(condition: &Condition) -> Result<(), StoreError> {
    match condition {
        Condition::Exists | Condition::NotExists => Ok(()),
        Condition::AttributeExists(name) | Condition::AttributeNotExists(name) => {
            check_attribute_name(name)
        }
        Condition::Equals(name, value) => {
            check_attribute_name(name)?;
            check_value(value)
        }
        Condition::Compare(name, op, value) => {
            check_attribute_name(name)?;
            check_value(value)?;
            let ordered = matches!(value, Value::S(_) | Value::N(_) | Value::B(_));
            if *op != CmpOp::Ne && !ordered {
                return Err(invalid(format!(
                    "{op:?} compares only strings, numbers and binary"
                )));
            }
            Ok(())
        }
        Condition::And(parts) | Condition::Or(parts) => {
            if parts.is_empty() {
                return Err(invalid("an And or Or condition needs parts"));
            }
            parts.iter().try_for_each(check_condition)
        }
    }
}

fn check_attribute_name(name: &str) -> Result<(), StoreError> {
    if name.is_empty() {
        return Err(invalid("an attribute name is empty"));
    }
    Ok(())
}

/// Checks the changes of an update: at least one (DynamoDB's transactions
/// require an update expression), no key attribute, one change per attribute,
/// string GSI attributes, valid values.
pub fn check_changes(changes: &[Change]) -> Result<(), StoreError> {
    if changes.is_empty() {
        return Err(invalid("an update needs changes"));
    }
    let mut seen = HashSet::new();
    for change in changes {
        let name = match change {
            Change::Set(name, _) | Change::Add(name, _) | Change::Remove(name) => name,
        };
        check_attribute_name(name)?;
        if name == PK || name == SK {
            return Err(invalid(format!("key attribute {name} cannot be updated")));
        }
        if !seen.insert(name.as_str()) {
            return Err(invalid(format!("attribute {name} is changed twice")));
        }
        if let Change::Set(name, value) = change {
            check_value(value)?;
            for index in secondary_indexes() {
                let (partition, sort) = index.key_attributes();
                if name == partition || name == sort {
                    check_index_value(name, value, name == partition)?;
                }
            }
        }
    }
    Ok(())
}

/// Checks one action and returns the key it touches.
pub fn check_action(op: &WriteOp) -> Result<Key, StoreError> {
    let key = match op {
        WriteOp::Put { item, .. } => check_item(item)?,
        WriteOp::Update { key, changes, .. } => {
            check_key(key)?;
            check_changes(changes)?;
            key.clone()
        }
        WriteOp::Delete { key, .. } | WriteOp::Check { key, .. } => {
            check_key(key)?;
            key.clone()
        }
    };
    if let Some(condition) = op.condition() {
        check_condition(condition)?;
    }
    Ok(key)
}

/// Checks a single write (a `Check` is only allowed in a transaction).
pub fn check_write(op: &WriteOp) -> Result<(), StoreError> {
    if matches!(op, WriteOp::Check { .. }) {
        return Err(invalid("a Check action needs a transaction"));
    }
    check_action(op).map(drop)
}

/// Checks a transaction: 1 to [`MAX_TRANSACTION_ACTIONS`] valid actions, one per item.
pub fn check_transaction(ops: &[WriteOp]) -> Result<(), StoreError> {
    if ops.is_empty() {
        return Err(invalid("a transaction needs actions"));
    }
    if ops.len() > MAX_TRANSACTION_ACTIONS {
        return Err(invalid(format!(
            "{} actions is over {MAX_TRANSACTION_ACTIONS}",
            ops.len()
        )));
    }
    let mut keys = HashSet::new();
    for op in ops {
        let key = check_action(op)?;
        if !keys.insert(key) {
            return Err(invalid("two actions of a transaction touch the same item"));
        }
    }
    Ok(())
}

/// Checks the keys of a batch get: at most [`MAX_BATCH_GET`], no duplicates.
pub fn check_batch_get(keys: &[Key]) -> Result<(), StoreError> {
    if keys.len() > MAX_BATCH_GET {
        return Err(invalid(format!(
            "{} keys is over {MAX_BATCH_GET}",
            keys.len()
        )));
    }
    let mut seen = HashSet::new();
    for key in keys {
        check_key(key)?;
        if !seen.insert(key) {
            return Err(invalid("a batch get names the same key twice"));
        }
    }
    Ok(())
}

/// Checks a query: a partition, a limit of 1 to [`MAX_QUERY_LIMIT`], ordered
/// `Between` bounds, and a start key of the index's shape in the same partition.
pub fn check_query(query: &Query) -> Result<(), StoreError> {
    let (partition, _) = query.index.key_attributes();
    check_key_value(partition, &query.partition, MAX_PARTITION_KEY_BYTES)?;
    if query.limit == 0 || query.limit > MAX_QUERY_LIMIT {
        return Err(invalid(format!(
            "query limit {} is not within 1..={MAX_QUERY_LIMIT}",
            query.limit
        )));
    }
    if let SortKey::Between(low, high) = &query.sort
        && low.as_bytes() > high.as_bytes()
    {
        return Err(invalid("Between needs its lower bound first"));
    }
    if let Some(start) = &query.start_after {
        check_start_key(query, start)?;
    }
    Ok(())
}

/// The attributes of a `last_key` for an index: the table's key, plus the
/// index's key for a GSI (what DynamoDB's `LastEvaluatedKey` holds).
pub fn last_key_attributes(index: Index) -> Vec<&'static str> {
    let mut attributes = vec![PK, SK];
    if index != Index::Primary {
        let (partition, sort) = index.key_attributes();
        attributes.extend([partition, sort]);
    }
    attributes
}

fn check_start_key(query: &Query, start: &Item) -> Result<(), StoreError> {
    let attributes = last_key_attributes(query.index);
    let well_formed = start.len() == attributes.len()
        && attributes.iter().all(|name| {
            start
                .get(*name)
                .and_then(Value::as_s)
                .is_some_and(|v| !v.is_empty())
        });
    if !well_formed {
        return Err(invalid("the start key does not match the index"));
    }
    let (partition, _) = query.index.key_attributes();
    if start.get(partition).and_then(Value::as_s) != Some(query.partition.as_str()) {
        return Err(invalid("the start key is from another partition"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(pairs: &[(&str, Value)]) -> Item {
        pairs
            .iter()
            .map(|(name, value)| (name.to_string(), value.clone()))
            .collect()
    }

    #[test]
    fn items_need_non_empty_string_keys() {
        let good = item(&[("pk", Value::s("P")), ("sk", Value::s("S"))]);
        assert_eq!(check_item(&good).unwrap(), Key::new("P", "S"));
        for bad in [
            item(&[("pk", Value::s("P"))]),
            item(&[("pk", Value::s("P")), ("sk", Value::n(1))]),
            item(&[("pk", Value::s("")), ("sk", Value::s("S"))]),
            item(&[
                ("pk", Value::s("P")),
                ("sk", Value::s("S")),
                ("gsi2sk", Value::n(1)),
            ]),
            item(&[
                ("pk", Value::s("P")),
                ("sk", Value::s("S")),
                ("gsi1pk", Value::s("")),
            ]),
            item(&[
                ("pk", Value::s("P")),
                ("sk", Value::s("S")),
                ("n", Value::N("x".into())),
            ]),
            item(&[
                ("pk", Value::s("P")),
                ("sk", Value::s("S")),
                ("", Value::n(1)),
            ]),
        ] {
            assert!(
                matches!(check_item(&bad), Err(StoreError::Invalid(_))),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn nesting_beyond_dynamodb_depth_is_refused() {
        let mut deep = Value::Null;
        for _ in 0..MAX_NESTING {
            deep = Value::L(vec![deep]);
        }
        assert!(check_value(&deep).is_ok());
        assert!(check_value(&Value::L(vec![deep])).is_err());
    }

    #[test]
    fn ordering_a_boolean_is_refused() {
        let condition = Condition::Compare("flag".into(), CmpOp::Lt, Value::Bool(true));
        assert!(check_condition(&condition).is_err());
        let condition = Condition::Compare("flag".into(), CmpOp::Ne, Value::Bool(true));
        assert!(check_condition(&condition).is_ok());
        assert!(check_condition(&Condition::Or(vec![])).is_err());
    }

    #[test]
    fn an_attribute_is_changed_once() {
        let changes = [
            Change::Set("a".into(), Value::n(1)),
            Change::Remove("a".into()),
        ];
        assert!(check_changes(&changes).is_err());
        assert!(check_changes(&[Change::Set("gsi1pk".into(), Value::n(1))]).is_err());
        assert!(check_changes(&[]).is_err());
    }

    #[test]
    fn start_keys_must_fit_the_query() {
        let query = Query::partition(Index::Gsi1, "G");
        let start = item(&[
            ("pk", Value::s("P")),
            ("sk", Value::s("S")),
            ("gsi1pk", Value::s("G")),
            ("gsi1sk", Value::s("X")),
        ]);
        assert!(check_query(&query.clone().start_after(Some(start.clone()))).is_ok());
        let mut other_partition = start.clone();
        other_partition.insert("gsi1pk".into(), Value::s("H"));
        assert!(check_query(&query.clone().start_after(Some(other_partition))).is_err());
        let mut missing = start;
        missing.remove("gsi1sk");
        assert!(check_query(&query.start_after(Some(missing))).is_err());
    }
}
