//! The event sources that drive the non-HTTP functions, as Lambda drives
//! them: the table's stream (an event source mapping with the template's
//! filter, batch size and `ReportBatchItemFailures`), the bucket's
//! object-created notifications, and the schedule.

use std::{collections::HashSet, sync::Arc, time::Duration};

use bytes::Bytes;
use serde_json::{Value, json};

use super::{
    emulator::Emulator,
    functions::{Failure, LocalFunction},
    template::{ACCOUNT_ID, REGION},
};

/// How often an idle source looks for news.
const POLL: Duration = Duration::from_millis(250);

/// The SQS queues failed invocations and given-up stream batches go to
/// (`OnFailure` destinations), by ARN.
#[derive(Clone)]
pub struct FailureQueues {
    emulator: Emulator,
    urls: std::collections::HashMap<String, String>,
}

impl FailureQueues {
    pub fn new(emulator: Emulator, queues: &[(String, String)]) -> Self {
        Self {
            emulator,
            urls: queues.iter().cloned().collect(),
        }
    }

    /// Sends `record` to the queue of ARN `arn`, as Lambda does.
    pub async fn send(&self, arn: &str, record: &Value) {
        let Some(url) = self.urls.get(arn) else {
            tracing::error!(arn, "no such failure queue");
            return;
        };
        let body = json!({"QueueUrl": url, "MessageBody": record.to_string()});
        if let Err(error) = self
            .emulator
            .json("sqs", "AmazonSQS.SendMessage", &body)
            .await
        {
            tracing::error!(%error, "failure record not queued");
        }
    }
}

// ------------------------------------------------------------ the stream

/// An event source mapping from a DynamoDB stream to a function.
pub struct StreamMapping {
    pub function: Arc<LocalFunction>,
    pub stream_arn: String,
    pub batch_size: usize,
    pub batching_window: Duration,
    /// The `FilterCriteria` patterns; a record passes when one matches.
    pub filters: Vec<Value>,
    pub report_batch_item_failures: bool,
    pub maximum_retry_attempts: u32,
    /// The `OnFailure` destination's queue ARN.
    pub on_failure: Option<String>,
    pub queues: FailureQueues,
}

impl StreamMapping {
    /// Reads the template's `DynamoDB` event properties.
    pub fn from_event(
        function: Arc<LocalFunction>,
        properties: &Value,
        queues: FailureQueues,
    ) -> Result<Self, String> {
        let stream_arn = properties["Stream"]
            .as_str()
            .ok_or("a DynamoDB event without a Stream")?
            .to_string();
        let filters = properties["FilterCriteria"]["Filters"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|filter| {
                let pattern = filter["Pattern"].as_str().unwrap_or("{}");
                serde_json::from_str(pattern).map_err(|e| format!("filter pattern {pattern}: {e}"))
            })
            .collect::<Result<_, _>>()?;
        let number = |key: &str, default: u64| properties[key].as_u64().unwrap_or(default);
        Ok(Self {
            function,
            stream_arn,
            batch_size: number("BatchSize", 100) as usize,
            batching_window: Duration::from_secs(number("MaximumBatchingWindowInSeconds", 0)),
            filters,
            report_batch_item_failures: properties["FunctionResponseTypes"]
                .as_array()
                .is_some_and(|types| types.iter().any(|t| t == "ReportBatchItemFailures")),
            maximum_retry_attempts: number("MaximumRetryAttempts", 10_000) as u32,
            on_failure: properties["DestinationConfig"]["OnFailure"]["Destination"]
                .as_str()
                .map(str::to_string),
            queues,
        })
    }

    /// Reads the stream from its beginning and delivers it, forever.
    pub async fn run(self, emulator: Emulator) {
        let mut reader = StreamReader::new(emulator, self.stream_arn.clone());
        let mut waiting: Vec<Value> = Vec::new();
        loop {
            self.read_into(&mut reader, &mut waiting).await;
            if waiting.is_empty() {
                tokio::time::sleep(POLL).await;
                continue;
            }
            // The batching window: a batch that is not full waits for more
            // records until the window has passed since its first one.
            let window_ends = tokio::time::Instant::now() + self.batching_window;
            while waiting.len() < self.batch_size && tokio::time::Instant::now() < window_ends {
                tokio::time::sleep(POLL.min(window_ends - tokio::time::Instant::now())).await;
                self.read_into(&mut reader, &mut waiting).await;
            }
            while !waiting.is_empty() {
                let size = waiting.len().min(self.batch_size);
                let batch: Vec<Value> = waiting.drain(..size).collect();
                self.deliver(batch).await;
            }
        }
    }

    /// What Lambda sends the `OnFailure` destination for a batch it gave
    /// up on: where the records are in the stream, not the records.
    fn failure_record(&self, batch: &[Value], attempts: u32) -> Value {
        let sequence = |record: Option<&Value>| {
            record.map_or(Value::Null, |r| r["dynamodb"]["SequenceNumber"].clone())
        };
        json!({
            "requestContext": {
                "requestId": ulid::Ulid::new().to_string(),
                "functionArn": format!("arn:aws:lambda:{REGION}:{ACCOUNT_ID}:function:{}", self.function.spec.name),
                "condition": "RetryAttemptsExhausted",
                "approximateInvokeCount": attempts,
            },
            "timestamp": chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
            "version": "1.0",
            "DDBStreamBatchInfo": {
                "shardId": "shardId-local",
                "startSequenceNumber": sequence(batch.first()),
                "endSequenceNumber": sequence(batch.last()),
                "batchSize": batch.len(),
                "streamArn": self.stream_arn,
            },
        })
    }

    /// The new records that pass the filters, added to `waiting`.
    async fn read_into(&self, reader: &mut StreamReader, waiting: &mut Vec<Value>) {
        match reader.read().await {
            Ok(records) => waiting.extend(
                records
                    .into_iter()
                    .filter(|record| self.passes(record))
                    .map(|record| self.with_source(record)),
            ),
            Err(error) => tracing::warn!(%error, "stream read failed"),
        }
    }

    fn passes(&self, record: &Value) -> bool {
        self.filters.is_empty()
            || self
                .filters
                .iter()
                .any(|pattern| pattern_matches(pattern, record))
    }

    fn with_source(&self, mut record: Value) -> Value {
        record["eventSourceARN"] = Value::String(self.stream_arn.clone());
        record
    }

    /// One batch until it is done: with `ReportBatchItemFailures`, the
    /// records before the first failed one are done and the batch is
    /// retried from it (Lambda's checkpoint); a function error retries the
    /// whole batch. Past the retry limit the rest is given up and logged.
    async fn deliver(&self, mut batch: Vec<Value>) {
        let mut attempts = 0;
        while !batch.is_empty() {
            let event = Bytes::from(json!({"Records": batch}).to_string());
            let outcome = self.function.invoke(event).await;
            let failed_from = match &outcome {
                Ok(answer) if self.report_batch_item_failures => {
                    first_failure(&batch, &answer.json())
                }
                Ok(_) => None,
                Err(failure) => {
                    tracing::warn!(function = %self.function.spec.name, error = %failure, "stream batch failed");
                    Some(0)
                }
            };
            let Some(from) = failed_from else {
                return;
            };
            batch.drain(..from);
            attempts += 1;
            if attempts > self.maximum_retry_attempts {
                tracing::error!(
                    function = %self.function.spec.name,
                    records = batch.len(),
                    "stream records given up after the retry limit"
                );
                if let Some(queue) = &self.on_failure {
                    let record = self.failure_record(&batch, attempts);
                    self.queues.send(queue, &record).await;
                }
                return;
            }
        }
    }
}

/// The index of the first record the response names as failed; an
/// identifier naming no record of the batch fails the whole batch, as on
/// Lambda.
fn first_failure(batch: &[Value], response: &Value) -> Option<usize> {
    let failures = response["batchItemFailures"].as_array()?;
    failures
        .iter()
        .map(|failure| {
            let id = failure["itemIdentifier"].as_str().unwrap_or_default();
            batch
                .iter()
                .position(|record| record["dynamodb"]["SequenceNumber"] == id)
                .unwrap_or(0)
        })
        .min()
}

/// Lambda's event filtering (the EventBridge pattern language, the part
/// templates use): every key of the pattern must match; a list holds the
/// accepted values (or `prefix` / `exists` / `anything-but` matchers).
pub fn pattern_matches(pattern: &Value, value: &Value) -> bool {
    let Some(fields) = pattern.as_object() else {
        return false;
    };
    fields.iter().all(|(key, expected)| {
        let actual = value.get(key);
        match expected {
            Value::Object(_) => actual.is_some_and(|actual| pattern_matches(expected, actual)),
            Value::Array(accepted) => accepted.iter().any(|accepted| accepts(accepted, actual)),
            _ => false,
        }
    })
}

fn accepts(accepted: &Value, actual: Option<&Value>) -> bool {
    match accepted {
        Value::Object(matcher) => {
            if let Some(exists) = matcher.get("exists").and_then(Value::as_bool) {
                return actual.is_some() == exists;
            }
            if let Some(prefix) = matcher.get("prefix").and_then(Value::as_str) {
                return actual
                    .and_then(Value::as_str)
                    .is_some_and(|text| text.starts_with(prefix));
            }
            if let Some(excluded) = matcher.get("anything-but") {
                let excluded = excluded
                    .as_array()
                    .cloned()
                    .unwrap_or_else(|| vec![excluded.clone()]);
                return actual.is_some_and(|actual| !excluded.contains(actual));
            }
            false
        }
        scalar => actual == Some(scalar),
    }
}

/// The shards of a stream, each read from its beginning (`TRIM_HORIZON`).
struct StreamReader {
    emulator: Emulator,
    stream_arn: String,
    /// Shard id → next iterator (`None` once the shard is closed and read).
    shards: Vec<(String, Option<String>)>,
}

impl StreamReader {
    fn new(emulator: Emulator, stream_arn: String) -> Self {
        Self {
            emulator,
            stream_arn,
            shards: Vec::new(),
        }
    }

    async fn read(&mut self) -> Result<Vec<Value>, super::emulator::EmulatorError> {
        let described = self
            .emulator
            .json(
                "dynamodb",
                "DynamoDBStreams_20120810.DescribeStream",
                &json!({"StreamArn": self.stream_arn}),
            )
            .await?;
        for shard in described["StreamDescription"]["Shards"]
            .as_array()
            .into_iter()
            .flatten()
        {
            let id = shard["ShardId"].as_str().unwrap_or_default().to_string();
            if self.shards.iter().any(|(known, _)| *known == id) {
                continue;
            }
            let iterator = self
                .emulator
                .json(
                    "dynamodb",
                    "DynamoDBStreams_20120810.GetShardIterator",
                    &json!({"StreamArn": self.stream_arn, "ShardId": id, "ShardIteratorType": "TRIM_HORIZON"}),
                )
                .await?;
            let iterator = iterator["ShardIterator"].as_str().map(str::to_string);
            self.shards.push((id, iterator));
        }
        let mut records = Vec::new();
        for (_, iterator) in &mut self.shards {
            let Some(current) = iterator.clone() else {
                continue;
            };
            let page = self
                .emulator
                .json(
                    "dynamodb",
                    "DynamoDBStreams_20120810.GetRecords",
                    &json!({"ShardIterator": current, "Limit": 1000}),
                )
                .await?;
            records.extend(page["Records"].as_array().cloned().unwrap_or_default());
            *iterator = page["NextShardIterator"].as_str().map(str::to_string);
        }
        Ok(records)
    }
}

// ------------------------------------------------------------ S3 events

/// A bucket notification to a function (`s3:ObjectCreated:*`), emulated by
/// listing the bucket: each new object under the filter is one event.
pub struct BucketNotification {
    pub function: Arc<LocalFunction>,
    pub queues: FailureQueues,
    pub bucket: String,
    pub prefix: String,
    pub suffix: String,
}

impl BucketNotification {
    /// Reads the template's `S3` event properties (`Bucket` evaluated to its name).
    pub fn from_event(
        function: Arc<LocalFunction>,
        properties: &Value,
        queues: FailureQueues,
    ) -> Result<Self, String> {
        let bucket = properties["Bucket"]
            .as_str()
            .ok_or("an S3 event without a Bucket")?
            .to_string();
        let rule = |name: &str| {
            properties["Filter"]["S3Key"]["Rules"]
                .as_array()
                .into_iter()
                .flatten()
                .find(|rule| {
                    rule["Name"]
                        .as_str()
                        .is_some_and(|n| n.eq_ignore_ascii_case(name))
                })
                .and_then(|rule| rule["Value"].as_str())
                .unwrap_or_default()
                .to_string()
        };
        Ok(Self {
            function,
            queues,
            bucket,
            prefix: rule("prefix"),
            suffix: rule("suffix"),
        })
    }

    pub async fn run(self, s3: aws_sdk_s3::Client) {
        let mut seen: HashSet<(String, String)> = HashSet::new();
        loop {
            match s3
                .list_objects_v2()
                .bucket(&self.bucket)
                .prefix(&self.prefix)
                .send()
                .await
            {
                Ok(listing) => {
                    for object in listing.contents() {
                        let key = object.key().unwrap_or_default().to_string();
                        let etag = object.e_tag().unwrap_or_default().to_string();
                        if !key.ends_with(&self.suffix) || !seen.insert((key.clone(), etag.clone()))
                        {
                            continue;
                        }
                        let size = object.size().unwrap_or_default();
                        let event = self.event(&key, &etag, size);
                        let _ = invoke_async(&self.function, event, &self.queues).await;
                    }
                }
                Err(error) => {
                    tracing::warn!(error = %aws_sdk_s3::error::DisplayErrorContext(&error), "bucket listing failed")
                }
            }
            tokio::time::sleep(POLL).await;
        }
    }

    /// The event S3 sends, its key URL-encoded as S3 encodes it.
    fn event(&self, key: &str, etag: &str, size: i64) -> Value {
        json!({"Records": [{
            "eventVersion": "2.1",
            "eventSource": "aws:s3",
            "awsRegion": REGION,
            "eventTime": chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
            "eventName": "ObjectCreated:Put",
            "userIdentity": {"principalId": "AWS:LOCAL"},
            "requestParameters": {"sourceIPAddress": "127.0.0.1"},
            "responseElements": {"x-amz-request-id": "LOCAL", "x-amz-id-2": "LOCAL"},
            "s3": {
                "s3SchemaVersion": "1.0",
                "configurationId": "local",
                "bucket": {
                    "name": self.bucket,
                    "ownerIdentity": {"principalId": "LOCAL"},
                    "arn": format!("arn:aws:s3:::{}", self.bucket),
                },
                "object": {
                    "key": urlencoding::encode(key).replace("%2F", "/").replace("%20", "+"),
                    "size": size,
                    "eTag": etag.trim_matches('"'),
                    "sequencer": format!("{:016X}", chrono::Utc::now().timestamp_micros()),
                },
            },
        }]})
    }
}

// ------------------------------------------------------------ schedules

/// The event EventBridge sends for a rule of a function: the rule's fixed
/// `Input` when it has one (as EventBridge replaces the event with it),
/// else the scheduled event itself.
pub fn scheduled_event(function: &str, rule: &str, properties: &Value) -> Value {
    if let Some(input) = properties["Input"].as_str()
        && let Ok(input) = serde_json::from_str(input)
    {
        return input;
    }
    json!({
        "version": "0",
        "id": ulid::Ulid::new().to_string(),
        "detail-type": "Scheduled Event",
        "source": "aws.events",
        "account": ACCOUNT_ID,
        "time": chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        "region": REGION,
        "resources": [format!("arn:aws:events:{REGION}:{ACCOUNT_ID}:rule/{function}{rule}")],
        "detail": {},
    })
}

/// An asynchronous invocation: Lambda retries a failed one (twice unless
/// the function's `EventInvokeConfig` says otherwise), then sends it to the
/// function's `OnFailure` destination.
pub async fn invoke_async(
    function: &LocalFunction,
    event: Value,
    queues: &FailureQueues,
) -> Result<Value, Failure> {
    let payload = Bytes::from(event.to_string());
    let attempts = function.spec.async_retries + 1;
    let mut last = None;
    for _ in 0..attempts {
        match function.invoke(payload.clone()).await {
            Ok(answer) => return Ok(answer.json()),
            Err(failure) => {
                tracing::warn!(function = %function.spec.name, error = %failure, "asynchronous invocation failed");
                last = Some(failure);
            }
        }
    }
    let failure = last.unwrap_or(Failure::Start("no attempt".into()));
    if let Some(queue) = &function.spec.on_failure {
        let record = json!({
            "version": "1.0",
            "timestamp": chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
            "requestContext": {
                "requestId": ulid::Ulid::new().to_string(),
                "functionArn": format!("arn:aws:lambda:{REGION}:{ACCOUNT_ID}:function:{}:$LATEST", function.spec.name),
                "condition": "RetriesExhausted",
                "approximateInvokeCount": attempts,
            },
            "requestPayload": event,
            "responseContext": {"statusCode": 200, "executedVersion": "$LATEST", "functionError": "Unhandled"},
            "responsePayload": {"errorMessage": failure.to_string()},
        });
        queues.send(queue, &record).await;
    }
    Err(failure)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_templates_outbox_filter_passes_inserted_events_only() {
        let pattern: Value = serde_json::from_str(
            r#"{"eventName": ["INSERT"], "dynamodb": {"NewImage": {"entity": {"S": ["event", "broadcast_page"]}}}}"#,
        )
        .unwrap();
        let record = |name: &str, entity: &str| json!({"eventName": name, "dynamodb": {"NewImage": {"entity": {"S": entity}}}});
        assert!(pattern_matches(&pattern, &record("INSERT", "event")));
        assert!(pattern_matches(
            &pattern,
            &record("INSERT", "broadcast_page")
        ));
        assert!(!pattern_matches(&pattern, &record("MODIFY", "event")));
        assert!(!pattern_matches(&pattern, &record("INSERT", "customer")));
        assert!(!pattern_matches(
            &pattern,
            &json!({"eventName": "REMOVE", "dynamodb": {}})
        ));
    }

    #[test]
    fn matchers_for_prefix_existence_and_exclusion() {
        let pattern = json!({"a": [{"prefix": "inv"}], "b": [{"exists": false}], "c": [{"anything-but": ["x"]}]});
        assert!(pattern_matches(
            &pattern,
            &json!({"a": "invoice", "c": "y"})
        ));
        assert!(!pattern_matches(
            &pattern,
            &json!({"a": "invoice", "b": 1, "c": "y"})
        ));
        assert!(!pattern_matches(&pattern, &json!({"a": "car", "c": "y"})));
        assert!(!pattern_matches(
            &pattern,
            &json!({"a": "invoice", "c": "x"})
        ));
    }

    #[test]
    fn a_batch_is_retried_from_its_first_failed_record() {
        let batch: Vec<Value> = ["1", "2", "3"]
            .iter()
            .map(|n| json!({"dynamodb": {"SequenceNumber": n}}))
            .collect();
        let failed = |ids: &[&str]| json!({"batchItemFailures": ids.iter().map(|id| json!({"itemIdentifier": id})).collect::<Vec<_>>()});
        assert_eq!(first_failure(&batch, &failed(&[])), None);
        assert_eq!(first_failure(&batch, &json!(null)), None);
        assert_eq!(first_failure(&batch, &failed(&["3", "2"])), Some(1));
        assert_eq!(first_failure(&batch, &failed(&["unknown"])), Some(0));
    }
}
