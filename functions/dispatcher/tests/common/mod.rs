//! What the dispatcher tests share: ports over the embedded table with any
//! notifier, the sample stream batch, and readers of what was stored.

#![allow(dead_code)] // each test file uses its own subset

use std::sync::Arc;

use aws_lambda_events::dynamodb::Event as StreamEvent;
use ecar_http::{
    Clock, Config,
    auth::{Passwords, SessionCache},
    bootstrap::Ports,
    domain::CustomerId,
    notifications::{Dispatcher, Notification, devices, read, unread},
    notify::{Notifier, Platform},
    store::{Index, Query, Table},
    testing::app::start,
};
use ecar_store::{blobs::EmbeddedBlobs, table::EmbeddedTable};

/// The customer the sample stream batch notifies.
pub const SAMPLE_CUSTOMER: &str = "01JP3K8Z4M6Q2R7T9V1W5X8Y3A";

/// The embedded table and a dispatcher over it and `notifier`.
pub struct Harness {
    /// The table, with its change feed.
    pub table: Arc<EmbeddedTable>,
    /// The ports the dispatcher uses.
    pub ports: Ports,
    /// The dispatcher.
    pub dispatcher: Dispatcher,
}

impl Harness {
    /// A fresh table at the tests' start time, with `notifier`.
    pub fn new(notifier: Arc<dyn Notifier>) -> Self {
        let clock = Clock::fixed(start());
        let table = Arc::new(EmbeddedTable::in_memory(clock.clone()).unwrap());
        let blobs = EmbeddedBlobs::in_memory("http://blobs.test", &[7; 32], clock.clone()).unwrap();
        let ports = Ports {
            table: table.clone(),
            blobs: Arc::new(blobs),
            notifier,
            clock,
            config: Arc::new(Config::default()),
            passwords: Passwords::new(),
            session_cache: SessionCache::new(std::time::Duration::ZERO),
        };
        let dispatcher = Dispatcher::new(&ports);
        Self {
            table,
            ports,
            dispatcher,
        }
    }

    /// Registers a phone of `customer`; returns its endpoint.
    pub async fn device(&self, customer: &CustomerId, token: &str) -> String {
        let registered = devices::register(
            self.ports.table.as_ref(),
            self.ports.notifier.as_ref(),
            customer,
            Platform::Fcm,
            token,
            self.ports.clock.now(),
        )
        .await
        .unwrap();
        match registered.outcome {
            devices::Registered::New(device) | devices::Registered::Existing(device) => {
                device.endpoint
            }
        }
    }

    /// A customer's notifications, newest first.
    pub async fn notifications(&self, customer: &CustomerId) -> Vec<Notification> {
        let query = Query::partition(
            Index::Gsi1,
            ecar_http::notifications::items::customer_partition(customer),
        )
        .backward();
        let page = self.table.query(&query).await.unwrap();
        page.items
            .into_iter()
            .map(|item| ecar_http::store::from_item(item).unwrap())
            .collect()
    }

    /// A notification by id.
    pub async fn notification(&self, id: &str) -> Option<Notification> {
        let id = ecar_http::domain::NotificationId::parse(id).unwrap();
        read::get(self.table.as_ref(), &id).await.unwrap()
    }

    /// A customer's unread count.
    pub async fn unread(&self, customer: &CustomerId) -> u64 {
        unread::unread_count(self.table.as_ref(), customer)
            .await
            .unwrap()
    }
}

/// The sample customer's id.
pub fn sample_customer() -> CustomerId {
    CustomerId::parse(SAMPLE_CUSTOMER).unwrap()
}

/// `events/dispatcher/stream-batch.json` as JSON, to change before parsing.
pub fn sample_batch_json() -> serde_json::Value {
    let path = format!(
        "{}/../../events/dispatcher/stream-batch.json",
        env!("CARGO_MANIFEST_DIR")
    );
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// A stream batch from its JSON, as Lambda hands it over.
pub fn batch(json: &serde_json::Value) -> StreamEvent {
    serde_json::from_value(json.clone()).unwrap()
}

/// The sequence numbers of the failures a response reports.
pub fn failures(response: &aws_lambda_events::streams::DynamoDbEventResponse) -> Vec<String> {
    response
        .batch_item_failures
        .iter()
        .map(|failure| failure.item_identifier.clone().unwrap_or_default())
        .collect()
}
