//! Expiry, conditions and update changes, evaluated as DynamoDB does.

use std::cmp::Ordering;

use rust_decimal::Decimal;

use ecar_domain::store::item::{Item, Value};
use ecar_domain::store::number;
use ecar_domain::store::table::{Change, CmpOp, Condition, EXPIRES_AT, Key, StoreError};

/// Whether the item's `expires_at` (a number of epoch seconds) has passed.
pub(super) fn is_expired(item: &Item, now: i64) -> bool {
    match item.get(EXPIRES_AT) {
        Some(Value::N(text)) => number::parse(text).is_some_and(|at| at <= Decimal::from(now)),
        _ => false,
    }
}

/// The item as reads and conditions see it: an expired item is absent.
pub(super) fn live(item: Option<&Item>, now: i64) -> Option<&Item> {
    item.filter(|item| !is_expired(item, now))
}

/// Whether the condition holds on the item's current state (`None`: absent).
pub(super) fn holds(condition: &Condition, item: Option<&Item>) -> bool {
    let attribute = |name: &str| item.and_then(|item| item.get(name));
    match condition {
        Condition::Exists => item.is_some(),
        Condition::NotExists => item.is_none(),
        Condition::AttributeExists(name) => attribute(name).is_some(),
        Condition::AttributeNotExists(name) => attribute(name).is_none(),
        Condition::Equals(name, value) => attribute(name).is_some_and(|v| same(v, value)),
        Condition::Compare(name, op, value) => {
            attribute(name).is_some_and(|v| compares(v, *op, value))
        }
        Condition::And(parts) => parts.iter().all(|part| holds(part, item)),
        Condition::Or(parts) => parts.iter().any(|part| holds(part, item)),
    }
}

/// Equality of type and value, numbers by value (as DynamoDB's `=`).
fn same(left: &Value, right: &Value) -> bool {
    match (left, right) {
        (Value::N(a), Value::N(b)) => number::compare(a, b) == Some(Ordering::Equal),
        (Value::L(a), Value::L(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same(x, y))
        }
        (Value::M(a), Value::M(b)) => {
            a.len() == b.len()
                && a.iter()
                    .zip(b)
                    .all(|((name_a, x), (name_b, y))| name_a == name_b && same(x, y))
        }
        _ => left == right,
    }
}

/// `left op right` when both have the same type; false otherwise.
fn compares(left: &Value, op: CmpOp, right: &Value) -> bool {
    let order = match (left, right) {
        (Value::N(a), Value::N(b)) => number::compare(a, b),
        (Value::S(a), Value::S(b)) => Some(a.as_bytes().cmp(b.as_bytes())),
        (Value::B(a), Value::B(b)) => Some(a.as_slice().cmp(b.as_slice())),
        _ if op == CmpOp::Ne && std::mem::discriminant(left) == std::mem::discriminant(right) => {
            return !same(left, right);
        }
        _ => None,
    };
    order.is_some_and(|order| match op {
        CmpOp::Lt => order == Ordering::Less,
        CmpOp::Le => order != Ordering::Greater,
        CmpOp::Gt => order == Ordering::Greater,
        CmpOp::Ge => order != Ordering::Less,
        CmpOp::Ne => order != Ordering::Equal,
    })
}

/// The item after an update: the live item or, when absent (or expired, since
/// DynamoDB may delete an expired item at any moment), the key alone, with
/// the changes applied.
pub(super) fn apply(
    stored: Option<&Item>,
    key: &Key,
    changes: &[Change],
) -> Result<Item, StoreError> {
    let mut item = stored.cloned().unwrap_or_else(|| key.to_item());
    for change in changes {
        match change {
            Change::Set(name, value) => {
                item.insert(name.clone(), value.clone());
            }
            Change::Add(name, by) => {
                let current = match item.get(name) {
                    None => None,
                    Some(Value::N(text)) => Some(text.as_str()),
                    Some(_) => {
                        return Err(StoreError::Invalid(format!(
                            "Add on attribute {name}, which is not a number"
                        )));
                    }
                };
                let sum = number::add(current, *by).ok_or_else(|| {
                    StoreError::Invalid(format!("Add overflows attribute {name}"))
                })?;
                item.insert(name.clone(), Value::N(sum));
            }
            Change::Remove(name) => {
                item.remove(name);
            }
        }
    }
    Ok(item)
}

/// The item with every number in canonical form (numbers were checked before).
pub(super) fn canonical_item(item: Item) -> Item {
    item.into_iter()
        .map(|(name, value)| (name, canonical_value(value)))
        .collect()
}

fn canonical_value(value: Value) -> Value {
    match value {
        Value::N(text) => Value::N(number::canonical(&text).unwrap_or(text)),
        Value::L(values) => Value::L(values.into_iter().map(canonical_value).collect()),
        Value::M(map) => Value::M(canonical_item(map)),
        other => other,
    }
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
    fn expiry_is_inclusive_of_the_current_second() {
        let at = |n: i64| item(&[(EXPIRES_AT, Value::n(n))]);
        assert!(is_expired(&at(100), 100));
        assert!(!is_expired(&at(101), 100));
        assert!(!is_expired(&item(&[(EXPIRES_AT, Value::s("1"))]), 100));
    }

    #[test]
    fn binary_compares_byte_wise() {
        let stored = item(&[("b", Value::B(vec![0x10, 0xff]))]);
        let lt = |v: Vec<u8>| Condition::Compare("b".into(), CmpOp::Lt, Value::B(v));
        assert!(holds(&lt(vec![0x11]), Some(&stored)));
        assert!(!holds(&lt(vec![0x10, 0x01]), Some(&stored)));
    }

    #[test]
    fn equality_of_numbers_is_by_value_even_nested() {
        let stored = item(&[("l", Value::L(vec![Value::N("1.50".into())]))]);
        let condition = Condition::Equals("l".into(), Value::L(vec![Value::N("1.5".into())]));
        assert!(holds(&condition, Some(&stored)));
    }

    #[test]
    fn not_equal_needs_the_attribute_and_its_type() {
        let stored = item(&[("flag", Value::Bool(true)), ("n", Value::n(1))]);
        let ne = |name: &str, v: Value| Condition::Compare(name.into(), CmpOp::Ne, v);
        assert!(holds(&ne("flag", Value::Bool(false)), Some(&stored)));
        assert!(!holds(&ne("flag", Value::Bool(true)), Some(&stored)));
        assert!(!holds(&ne("n", Value::s("1")), Some(&stored)));
        assert!(!holds(&ne("missing", Value::n(1)), Some(&stored)));
    }

    #[test]
    fn numbers_are_stored_in_canonical_form() {
        let stored = canonical_item(item(&[(
            "m",
            Value::M(item(&[("n", Value::N("2.500".into()))])),
        )]));
        assert_eq!(
            stored["m"],
            Value::M(item(&[("n", Value::N("2.5".into()))]))
        );
    }
}
