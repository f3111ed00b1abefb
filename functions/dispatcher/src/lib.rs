//! The dispatcher function: the table's stream, filtered to outbox items,
//! dispatched by [`ecar_shared::notifications::Dispatcher`].
//!
//! [`handle`] is what Lambda calls with a batch; [`feed`] runs the same
//! dispatcher on the embedded store's change feed for the local runner.

pub mod feed;
pub mod stream;

use aws_lambda_events::{
    dynamodb::{Event, EventRecord},
    streams::{DynamoDbBatchItemFailure, DynamoDbEventResponse},
};
use ecar_shared::notifications::{DispatchError, Dispatcher};

/// Dispatches a batch of stream records; the answer names the records that
/// failed, so Lambda retries from the first of them (the others are not
/// held back, and what they delivered stays delivered: a retried record
/// notifies nobody twice).
pub async fn handle(dispatcher: &Dispatcher, event: Event) -> DynamoDbEventResponse {
    let mut response = DynamoDbEventResponse::default();
    for record in event.records {
        let sequence_number = record.change.sequence_number.clone();
        if let Err(error) = dispatch_record(dispatcher, record).await {
            tracing::error!(sequence_number = ?sequence_number, error = %error, "stream record not dispatched");
            let mut failure = DynamoDbBatchItemFailure::default();
            failure.item_identifier = sequence_number;
            response.batch_item_failures.push(failure);
        }
    }
    response
}

async fn dispatch_record(
    dispatcher: &Dispatcher,
    record: EventRecord,
) -> Result<(), DispatchError> {
    // Only inserts carry an outbox item: its later changes (leaving the
    // pending index) and its expiry are not news.
    if record.event_name != "INSERT" {
        return Ok(());
    }
    let item = stream::item_of(record.change.new_image).map_err(DispatchError::Malformed)?;
    dispatcher.dispatch(item).await.map(drop)
}
