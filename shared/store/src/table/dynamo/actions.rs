//! Write actions rendered into DynamoDB requests (a single call or one
//! element of a transaction), and what a failed condition means once expiry
//! is taken into account.

use std::collections::HashMap;

use aws_sdk_dynamodb::types::{
    ConditionCheck, Delete, Put, ReturnValuesOnConditionCheckFailure, TransactWriteItem, Update,
};

use super::{
    attribute::{Attributes, from_attributes, key_attributes, to_attributes},
    errors::from_build,
    expression::{self, Placeholders},
};
use ecar_domain::store::{Change, EXPIRES_AT, Item, Key, StoreError, Value, WriteOp, number};

/// One action in DynamoDB's terms.
#[derive(Debug)]
pub(super) enum Rendered {
    /// PutItem.
    Put {
        item: Attributes,
        expressions: Expressions,
    },
    /// UpdateItem; asks for the old item when its condition fails.
    Update {
        key: Attributes,
        update: String,
        expressions: Expressions,
    },
    /// DeleteItem.
    Delete {
        key: Attributes,
        expressions: Expressions,
    },
    /// ConditionCheck (transactions only).
    Check {
        key: Attributes,
        expressions: Expressions,
    },
}

/// The condition of an action with the placeholders of all its expressions.
#[derive(Debug)]
pub(super) struct Expressions {
    pub(super) condition: Option<String>,
    pub(super) names: Option<HashMap<String, String>>,
    pub(super) values: Option<Attributes>,
}

impl Expressions {
    fn new(condition: Option<String>, placeholders: Placeholders) -> Self {
        let (names, values) = placeholders.into_maps();
        Self {
            condition,
            names,
            values,
        }
    }
}

/// What a failed condition means once expiry is taken into account.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Verdict {
    /// The condition really failed on the item's effective state.
    Failed,
    /// The action must be sent again in its other form.
    Retry,
}

/// The action in DynamoDB's terms. `replacing` sends an update as the put of
/// the item it would create from nothing, on the condition that the stored
/// item is still expired.
pub(super) fn render(op: &WriteOp, replacing: bool, now: i64) -> Rendered {
    let mut placeholders = Placeholders::default();
    match op {
        WriteOp::Update { key, changes, .. } if replacing => {
            let condition = expression::expired(&mut placeholders, now);
            Rendered::Put {
                item: to_attributes(&created_by(key, changes)),
                expressions: Expressions::new(Some(condition), placeholders),
            }
        }
        WriteOp::Put { item, condition } => {
            let condition = condition
                .as_ref()
                .map(|condition| expression::condition(&mut placeholders, condition, now));
            Rendered::Put {
                item: to_attributes(item),
                expressions: Expressions::new(condition, placeholders),
            }
        }
        WriteOp::Update {
            key,
            changes,
            condition,
        } => {
            let update = expression::update(&mut placeholders, changes);
            let condition =
                expression::update_condition(&mut placeholders, condition.as_ref(), now);
            Rendered::Update {
                key: key_attributes(key),
                update,
                expressions: Expressions::new(Some(condition), placeholders),
            }
        }
        WriteOp::Delete { key, condition } => {
            let condition = condition
                .as_ref()
                .map(|condition| expression::condition(&mut placeholders, condition, now));
            Rendered::Delete {
                key: key_attributes(key),
                expressions: Expressions::new(condition, placeholders),
            }
        }
        WriteOp::Check { key, condition } => {
            let condition = expression::condition(&mut placeholders, condition, now);
            Rendered::Check {
                key: key_attributes(key),
                expressions: Expressions::new(Some(condition), placeholders),
            }
        }
    }
}

impl Rendered {
    /// The action as one element of TransactWriteItems.
    pub(super) fn into_transact_item(self, table: &str) -> Result<TransactWriteItem, StoreError> {
        let item = TransactWriteItem::builder();
        Ok(match self {
            Rendered::Put {
                item: attributes,
                expressions,
            } => item.put(
                Put::builder()
                    .table_name(table)
                    .set_item(Some(attributes))
                    .set_condition_expression(expressions.condition)
                    .set_expression_attribute_names(expressions.names)
                    .set_expression_attribute_values(expressions.values)
                    .build()
                    .map_err(from_build)?,
            ),
            Rendered::Update {
                key,
                update,
                expressions,
            } => item.update(
                Update::builder()
                    .table_name(table)
                    .set_key(Some(key))
                    .update_expression(update)
                    .set_condition_expression(expressions.condition)
                    .set_expression_attribute_names(expressions.names)
                    .set_expression_attribute_values(expressions.values)
                    .return_values_on_condition_check_failure(
                        ReturnValuesOnConditionCheckFailure::AllOld,
                    )
                    .build()
                    .map_err(from_build)?,
            ),
            Rendered::Delete { key, expressions } => item.delete(
                Delete::builder()
                    .table_name(table)
                    .set_key(Some(key))
                    .set_condition_expression(expressions.condition)
                    .set_expression_attribute_names(expressions.names)
                    .set_expression_attribute_values(expressions.values)
                    .build()
                    .map_err(from_build)?,
            ),
            Rendered::Check { key, expressions } => item.condition_check(
                ConditionCheck::builder()
                    .table_name(table)
                    .set_key(Some(key))
                    .set_condition_expression(expressions.condition)
                    .set_expression_attribute_names(expressions.names)
                    .set_expression_attribute_values(expressions.values)
                    .build()
                    .map_err(from_build)?,
            ),
        }
        .build())
    }
}

/// Decides what a failed condition means. An update fails on an expired item
/// (it must not build on stale attributes); if its own condition holds on an
/// absent item it is retried as a replacing put. A replacing put fails when
/// the item came back to life, and is retried as an update.
pub(super) fn resolve(
    op: &WriteOp,
    replacing: &mut bool,
    old: Option<&Attributes>,
    now: i64,
) -> Result<Verdict, StoreError> {
    if *replacing {
        *replacing = false;
        return Ok(Verdict::Retry);
    }
    let WriteOp::Update { condition, .. } = op else {
        return Ok(Verdict::Failed);
    };
    let old = old.cloned().map(from_attributes).transpose()?;
    let holds_when_absent = condition.as_ref().is_none_or(expression::holds_when_absent);
    if holds_when_absent && old.is_some_and(|item| is_expired(&item, now)) {
        *replacing = true;
        return Ok(Verdict::Retry);
    }
    Ok(Verdict::Failed)
}

/// Whether the item's `expires_at` is a number at or below `now`.
pub(super) fn is_expired(item: &Item, now: i64) -> bool {
    match item.get(EXPIRES_AT) {
        Some(Value::N(text)) => number::parse(text).is_some_and(|at| at <= now.into()),
        _ => false,
    }
}

/// The item an update creates when there is none.
fn created_by(key: &Key, changes: &[Change]) -> Item {
    let mut item = key.to_item();
    for change in changes {
        match change {
            Change::Set(name, value) => {
                item.insert(name.clone(), value.clone());
            }
            Change::Add(name, amount) => {
                item.insert(name.clone(), Value::n(*amount));
            }
            Change::Remove(name) => {
                item.remove(name);
            }
        }
    }
    item
}

#[cfg(test)]
mod tests {
    use super::*;
    use ecar_domain::store::Condition;

    fn key() -> Key {
        Key::new("COUNTER#1", "META")
    }

    fn update(condition: Option<Condition>) -> WriteOp {
        WriteOp::Update {
            key: key(),
            changes: vec![Change::Add("hits".into(), 1)],
            condition,
        }
    }

    fn stored(expires_at: i64) -> Attributes {
        let mut item = key().to_item();
        item.insert("hits".into(), Value::n(7));
        item.insert(EXPIRES_AT.into(), Value::n(expires_at));
        to_attributes(&item)
    }

    #[test]
    fn an_update_of_an_expired_item_is_retried_as_a_replacement() {
        let mut replacing = false;
        let verdict = resolve(&update(None), &mut replacing, Some(&stored(100)), 100).unwrap();
        assert_eq!(verdict, Verdict::Retry);
        assert!(replacing);
        let Rendered::Put { item, .. } = render(&update(None), replacing, 100) else {
            panic!("a replacing update is a put");
        };
        let item = from_attributes(item).unwrap();
        assert_eq!(item.get("hits"), Some(&Value::n(1)), "counts from zero");
        assert!(!item.contains_key(EXPIRES_AT));
    }

    #[test]
    fn an_update_of_a_live_item_fails_for_real() {
        let mut replacing = false;
        let verdict = resolve(&update(None), &mut replacing, Some(&stored(101)), 100).unwrap();
        assert_eq!(verdict, Verdict::Failed);
        let requires_it = update(Some(Condition::Exists));
        let verdict = resolve(&requires_it, &mut replacing, Some(&stored(100)), 100).unwrap();
        assert_eq!(verdict, Verdict::Failed, "an expired item does not exist");
    }
}
