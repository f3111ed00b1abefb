//! The dispatcher function: the table's stream, filtered to outbox items,
//! dispatched by [`ecar_http::notifications::Dispatcher`], and the outbox
//! sweep on a schedule for what the stream could not deliver.
//!
//! [`handle_input`] is what Lambda calls with a batch or the schedule's
//! event; [`feed`] runs the same dispatcher on the embedded store's change
//! feed for the local runner.

#[cfg(feature = "embedded")]
pub mod feed;
pub mod stream;

use aws_lambda_events::{
    dynamodb::{Event, EventRecord},
    streams::{DynamoDbBatchItemFailure, DynamoDbEventResponse},
};
use ecar_http::notifications::{DispatchError, Dispatcher, dispatch::SweepReport};
use serde::Deserialize;
use serde_json::Value;

/// What invokes the dispatcher.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum Input {
    /// The sweep's schedule: an EventBridge event (it has a `detail-type`).
    Sweep(Scheduled),
    /// A batch of the table's stream records.
    Stream(Event),
}

/// The part of a scheduled event the sweep reads.
#[derive(Debug, Deserialize)]
pub struct Scheduled {
    #[serde(rename = "detail-type")]
    pub detail_type: String,
}

/// Handles either input: a batch's answer names its failed records; a
/// sweep's answer is its report, and the age of the oldest pending item goes
/// to CloudWatch as a metric (the template's backlog alarm watches it).
pub async fn handle_input(
    dispatcher: &Dispatcher,
    sweep_after: std::time::Duration,
    input: Input,
) -> Result<Value, ecar_http::store::StoreError> {
    match input {
        Input::Stream(event) => {
            Ok(serde_json::to_value(handle(dispatcher, event).await).unwrap_or(Value::Null))
        }
        Input::Sweep(_) => {
            let report = dispatcher.sweep(sweep_after).await?;
            tracing::info!(
                dispatched = report.dispatched,
                failed = report.failed,
                oldest_pending_seconds = report.oldest_pending_seconds,
                "outbox swept"
            );
            println!(
                "{}",
                backlog_metric(&report, chrono::Utc::now().timestamp_millis())
            );
            Ok(serde_json::to_value(report).unwrap_or(Value::Null))
        }
    }
}

/// The sweep's metric in CloudWatch's embedded metric format (a log line
/// CloudWatch turns into `ECAR/OldestPendingOutboxAgeSeconds`; 0 when
/// nothing is pending).
pub fn backlog_metric(report: &SweepReport, now_millis: i64) -> Value {
    serde_json::json!({
        "_aws": {
            "Timestamp": now_millis,
            "CloudWatchMetrics": [{
                "Namespace": "ECAR",
                "Dimensions": [[]],
                "Metrics": [{"Name": "OldestPendingOutboxAgeSeconds", "Unit": "Seconds"}],
            }],
        },
        "OldestPendingOutboxAgeSeconds": report.oldest_pending_seconds.unwrap_or(0),
    })
}

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

#[cfg(test)]
mod input_tests {
    use super::*;

    fn sample(path: &str) -> Value {
        let file = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../events")
            .join(path);
        serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap()
    }

    #[test]
    fn a_stream_batch_and_the_schedule_are_told_apart() {
        let stream: Input = serde_json::from_value(sample("dispatcher/stream-batch.json")).unwrap();
        assert!(matches!(stream, Input::Stream(ref event) if !event.records.is_empty()));
        let schedule: Input = serde_json::from_value(sample("reminders/schedule.json")).unwrap();
        assert!(matches!(schedule, Input::Sweep(ref s) if s.detail_type == "Scheduled Event"));
    }

    #[test]
    fn the_backlog_metric_is_in_the_embedded_metric_format() {
        let report = SweepReport {
            dispatched: 2,
            failed: 1,
            oldest_pending_seconds: Some(1_500),
        };
        let metric = backlog_metric(&report, 1_796_600_000_000);
        assert_eq!(metric["OldestPendingOutboxAgeSeconds"], 1_500);
        let declared = &metric["_aws"]["CloudWatchMetrics"][0];
        assert_eq!(declared["Namespace"], "ECAR");
        assert_eq!(
            declared["Metrics"][0]["Name"],
            "OldestPendingOutboxAgeSeconds"
        );
        let idle = backlog_metric(&SweepReport::default(), 0);
        assert_eq!(idle["OldestPendingOutboxAgeSeconds"], 0);
    }
}
