//! The table port on DynamoDB: one single table with generic GSIs, TTL on
//! `expires_at` and a stream.
//!
//! DynamoDB deletes expired items days late, so every read and every
//! condition here treats an item whose `expires_at` has passed as absent, and
//! an update never builds on one: it is sent again as the put of the item it
//! would create from nothing.
//!
//! Requests are checked first with the shared rules (`store::rules`), so both
//! adapters refuse the same calls without a round trip.

mod actions;
mod attribute;
mod errors;
mod expression;
mod schema;

use std::{collections::HashMap, time::Duration};

use async_trait::async_trait;
use aws_sdk_dynamodb::{
    Client,
    error::SdkError,
    operation::{
        delete_item::DeleteItemError, put_item::PutItemError,
        transact_write_items::TransactWriteItemsError, update_item::UpdateItemError,
    },
    types::{
        KeysAndAttributes, ReturnValuesOnConditionCheckFailure,
        error::ConditionalCheckFailedException,
    },
};

pub use schema::create_table;

use self::{
    actions::{Rendered, Verdict, is_expired, render, resolve},
    attribute::{Attributes, from_attributes, key_attributes, to_attributes},
    errors::{from_build, from_cancellation, from_sdk},
    expression::Placeholders,
};
use ecar_domain::{
    Clock,
    store::{Item, Key, Page, Query, StoreError, Table, WriteOp, rules},
};

/// How many times a write is sent again after an expired item changed its
/// meaning; beyond that the item is contended and the caller may retry.
const MAX_ROUNDS: usize = 4;
/// How many times a batch get asks again for keys DynamoDB left unprocessed.
const MAX_BATCH_RETRIES: u32 = 6;
/// First pause before asking again for unprocessed keys (doubled each time).
const BATCH_BACKOFF: Duration = Duration::from_millis(25);

/// The table port over one DynamoDB table.
#[derive(Clone, Debug)]
pub struct DynamoTable {
    client: Client,
    table_name: String,
    clock: Clock,
}

/// Why a single write failed.
enum Failure {
    /// Its condition failed; the stored item when DynamoDB returned it.
    Condition(Option<Attributes>),
    /// Anything else.
    Other(StoreError),
}

impl DynamoTable {
    /// The adapter over `table_name`, deciding expiry with `clock`.
    pub fn new(client: Client, table_name: impl Into<String>, clock: Clock) -> Self {
        Self {
            client,
            table_name: table_name.into(),
            clock,
        }
    }

    /// Sends one action on its own.
    async fn send(&self, action: Rendered) -> Result<(), Failure> {
        let table = self.table_name.as_str();
        match action {
            Rendered::Put { item, expressions } => self
                .client
                .put_item()
                .table_name(table)
                .set_item(Some(item))
                .set_condition_expression(expressions.condition)
                .set_expression_attribute_names(expressions.names)
                .set_expression_attribute_values(expressions.values)
                .send()
                .await
                .map(drop)
                .map_err(|error| {
                    failure(error, |e| match e {
                        PutItemError::ConditionalCheckFailedException(failed) => Some(failed),
                        _ => None,
                    })
                }),
            Rendered::Update {
                key,
                update,
                expressions,
            } => self
                .client
                .update_item()
                .table_name(table)
                .set_key(Some(key))
                .update_expression(update)
                .set_condition_expression(expressions.condition)
                .set_expression_attribute_names(expressions.names)
                .set_expression_attribute_values(expressions.values)
                .return_values_on_condition_check_failure(
                    ReturnValuesOnConditionCheckFailure::AllOld,
                )
                .send()
                .await
                .map(drop)
                .map_err(|error| {
                    failure(error, |e| match e {
                        UpdateItemError::ConditionalCheckFailedException(failed) => Some(failed),
                        _ => None,
                    })
                }),
            Rendered::Delete { key, expressions } => self
                .client
                .delete_item()
                .table_name(table)
                .set_key(Some(key))
                .set_condition_expression(expressions.condition)
                .set_expression_attribute_names(expressions.names)
                .set_expression_attribute_values(expressions.values)
                .send()
                .await
                .map(drop)
                .map_err(|error| {
                    failure(error, |e| match e {
                        DeleteItemError::ConditionalCheckFailedException(failed) => Some(failed),
                        _ => None,
                    })
                }),
            Rendered::Check { .. } => Err(Failure::Other(StoreError::Invalid(
                "a Check action needs a transaction".into(),
            ))),
        }
    }

    /// One round of BatchGetItem for distinct keys: the items found, and the keys left unprocessed.
    async fn batch_get(
        &self,
        keys: Vec<Attributes>,
    ) -> Result<(Vec<Attributes>, Vec<Attributes>), StoreError> {
        let request = KeysAndAttributes::builder()
            .set_keys(Some(keys))
            .consistent_read(true)
            .build()
            .map_err(from_build)?;
        let mut output = self
            .client
            .batch_get_item()
            .request_items(&self.table_name, request)
            .send()
            .await
            .map_err(from_sdk)?;
        let found = output
            .responses
            .as_mut()
            .and_then(|responses| responses.remove(&self.table_name))
            .unwrap_or_default();
        let unprocessed = output
            .unprocessed_keys
            .as_mut()
            .and_then(|unprocessed| unprocessed.remove(&self.table_name))
            .map(|request| request.keys)
            .unwrap_or_default();
        Ok((found, unprocessed))
    }

    /// The item unless it has expired.
    fn live(&self, item: Item) -> Option<Item> {
        (!is_expired(&item, self.clock.epoch_seconds())).then_some(item)
    }
}

/// Sorts a single write's error: a failed condition (with the old item), or another failure.
fn failure<E, R>(
    error: SdkError<E, R>,
    condition_failed: impl Fn(&E) -> Option<&ConditionalCheckFailedException>,
) -> Failure
where
    E: aws_sdk_dynamodb::error::ProvideErrorMetadata + std::error::Error + 'static,
    R: std::fmt::Debug,
{
    match error.as_service_error().and_then(condition_failed) {
        Some(failed) => Failure::Condition(failed.item().cloned()),
        None => Failure::Other(from_sdk(error)),
    }
}

#[async_trait]
impl Table for DynamoTable {
    async fn get(&self, key: &Key) -> Result<Option<Item>, StoreError> {
        rules::check_key(key)?;
        let output = self
            .client
            .get_item()
            .table_name(&self.table_name)
            .set_key(Some(key_attributes(key)))
            .consistent_read(true)
            .send()
            .await
            .map_err(from_sdk)?;
        match output.item {
            Some(attributes) => Ok(self.live(from_attributes(attributes)?)),
            None => Ok(None),
        }
    }

    async fn get_many(&self, keys: &[Key]) -> Result<Vec<Option<Item>>, StoreError> {
        rules::check_batch_get(keys)?;
        let mut pending: Vec<Attributes> = keys.iter().map(key_attributes).collect();
        let mut found: HashMap<Key, Item> = HashMap::new();
        let mut attempt = 0;
        while !pending.is_empty() {
            if attempt > 0 {
                if attempt > MAX_BATCH_RETRIES {
                    return Err(StoreError::Throttled);
                }
                tokio::time::sleep(BATCH_BACKOFF * 2u32.pow(attempt - 1)).await;
            }
            attempt += 1;
            let (items, unprocessed) = self.batch_get(pending).await?;
            for attributes in items {
                let item = from_attributes(attributes)?;
                let key = Key::of(&item).ok_or_else(|| {
                    StoreError::Internal("an item without a string key in the table".into())
                })?;
                found.insert(key, item);
            }
            pending = unprocessed;
        }
        Ok(keys
            .iter()
            .map(|key| found.get(key).cloned().and_then(|item| self.live(item)))
            .collect())
    }

    async fn query(&self, query: &Query) -> Result<Page, StoreError> {
        rules::check_query(query)?;
        let mut placeholders = Placeholders::default();
        let key_condition = expression::key_condition(
            &mut placeholders,
            query.index,
            &query.partition,
            &query.sort,
        );
        let not_expired = format!(
            "NOT {}",
            expression::expired(&mut placeholders, self.clock.epoch_seconds())
        );
        let (names, values) = placeholders.into_maps();
        // The rules keep the limit within 1..=1000.
        let limit = i32::try_from(query.limit).unwrap_or(i32::MAX);
        let output = self
            .client
            .query()
            .table_name(&self.table_name)
            .set_index_name(query.index.name().map(str::to_string))
            .key_condition_expression(key_condition)
            .filter_expression(not_expired)
            .set_expression_attribute_names(names)
            .set_expression_attribute_values(values)
            .scan_index_forward(query.forward)
            .limit(limit)
            .set_exclusive_start_key(query.start_after.as_ref().map(to_attributes))
            // GSIs only offer eventually consistent reads.
            .consistent_read(query.index.name().is_none())
            .send()
            .await
            .map_err(from_sdk)?;
        let items = output
            .items
            .unwrap_or_default()
            .into_iter()
            .map(from_attributes)
            .collect::<Result<_, _>>()?;
        let last_key = output.last_evaluated_key.map(from_attributes).transpose()?;
        Ok(Page { items, last_key })
    }

    async fn write(&self, op: WriteOp) -> Result<(), StoreError> {
        rules::check_write(&op)?;
        let now = self.clock.epoch_seconds();
        let mut replacing = false;
        for _ in 0..MAX_ROUNDS {
            match self.send(render(&op, replacing, now)).await {
                Ok(()) => return Ok(()),
                Err(Failure::Other(error)) => return Err(error),
                Err(Failure::Condition(old)) => {
                    if resolve(&op, &mut replacing, old.as_ref(), now)? == Verdict::Failed {
                        return Err(StoreError::ConditionFailed { index: 0 });
                    }
                }
            }
        }
        Err(StoreError::Conflict)
    }

    async fn transact(&self, ops: Vec<WriteOp>) -> Result<(), StoreError> {
        rules::check_transaction(&ops)?;
        let now = self.clock.epoch_seconds();
        let mut replacing = vec![false; ops.len()];
        for _ in 0..MAX_ROUNDS {
            let items = ops
                .iter()
                .zip(&replacing)
                .map(|(op, &replacing)| {
                    render(op, replacing, now).into_transact_item(&self.table_name)
                })
                .collect::<Result<Vec<_>, _>>()?;
            let error = match self
                .client
                .transact_write_items()
                .set_transact_items(Some(items))
                .send()
                .await
            {
                Ok(_) => return Ok(()),
                Err(error) => error,
            };
            let Some(TransactWriteItemsError::TransactionCanceledException(cancelled)) =
                error.as_service_error()
            else {
                return Err(from_sdk(error));
            };
            let reasons = cancelled.cancellation_reasons();
            let mut retry = false;
            for (index, reason) in reasons.iter().enumerate() {
                if reason.code() != Some("ConditionalCheckFailed") {
                    continue;
                }
                let (Some(op), Some(replacing)) = (ops.get(index), replacing.get_mut(index)) else {
                    return Err(StoreError::Internal(format!(
                        "cancellation reason for action {index} of {}",
                        ops.len()
                    )));
                };
                match resolve(op, replacing, reason.item(), now)? {
                    Verdict::Failed => return Err(StoreError::ConditionFailed { index }),
                    Verdict::Retry => retry = true,
                }
            }
            let other_reason = reasons.iter().any(|reason| {
                !matches!(
                    reason.code(),
                    None | Some("None" | "ConditionalCheckFailed")
                )
            });
            if other_reason || !retry {
                return Err(from_cancellation(reasons));
            }
        }
        Err(StoreError::Conflict)
    }
}
