//! The dispatcher: turns outbox items into notifications and messages.
//!
//! The same code runs in the `dispatcher` Lambda (on the table's stream) and
//! in the local runner (on the embedded store's change feed). For an event:
//! 1. the customer's notification and unread counter, in one transaction
//!    with the event's inbox delivery record (see [`super::delivery`]);
//! 2. a push to each of the customer's devices (a device whose endpoint the
//!    push service reports disabled or gone is forgotten);
//! 3. a text message when the event asks for one and SMS is enabled.
//!
//! Each of these is claimed before it is sent, so dispatching the same item
//! twice notifies nobody twice. A broadcast page fans out (see
//! [`super::broadcast`]). Once handled, the item leaves the pending index.

use std::{future::Future, sync::Arc};

use super::{
    NotificationError,
    broadcast::{BROADCAST_PAGE_ENTITY, BroadcastPage, PAGE_SIZE},
    delivery::{claim, release},
    devices::{self, Device},
    items::Notification,
    payload::{push_message, sms_text, topic_subject},
    unread::add_unread,
};
use crate::{
    Clock,
    customers::BY_CREATION,
    events::{Channel, EVENT_ENTITY, Event, EventType, PENDING_PARTITION, event_op},
    notify::{Notifier, NotifyError, PushOutcome},
    ports::Ports,
    store::{Change, Condition, Index, Item, Key, Query, SortKey, StoreError, Table, WriteOp},
    values::CustomerId,
};

/// Why an outbox item was not (fully) dispatched.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DispatchError {
    /// The item is not a valid outbox item: no retry will help.
    #[error("malformed outbox item: {0}")]
    Malformed(String),
    /// Something failed that a later retry may get through; what was
    /// delivered stays delivered.
    #[error("delivery incomplete: {0}")]
    Incomplete(String),
}

impl From<StoreError> for DispatchError {
    fn from(error: StoreError) -> Self {
        DispatchError::Incomplete(format!("store: {error}"))
    }
}

impl From<NotificationError> for DispatchError {
    fn from(error: NotificationError) -> Self {
        DispatchError::Incomplete(error.to_string())
    }
}

/// What [`Dispatcher::dispatch`] did with an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dispatched {
    /// An event: notified (now or on an earlier delivery).
    Event,
    /// A broadcast page: fanned out.
    BroadcastPage,
    /// Not an outbox item: nothing to do.
    Ignored,
}

/// How a pass over the pending index went.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DrainReport {
    /// Items dispatched.
    pub dispatched: usize,
    /// Items that failed (left pending; the log says why).
    pub failed: usize,
}

/// How a sweep of the outbox went.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct SweepReport {
    /// Items written before the cutoff, dispatched now.
    pub dispatched: usize,
    /// Items that failed again (left pending; the log says why).
    pub failed: usize,
    /// Age of the oldest item still pending after the sweep, in seconds
    /// (none when nothing is pending).
    pub oldest_pending_seconds: Option<u64>,
}

/// Dispatches outbox items through the table and notifier ports.
#[derive(Clone)]
pub struct Dispatcher {
    table: Arc<dyn Table>,
    notifier: Arc<dyn Notifier>,
    clock: Clock,
    sms_enabled: bool,
}

impl Dispatcher {
    /// A dispatcher over these ports.
    pub fn new(ports: &Ports) -> Self {
        Self {
            table: ports.table.clone(),
            notifier: ports.notifier.clone(),
            clock: ports.clock.clone(),
            sms_enabled: ports.config.sms_enabled,
        }
    }

    /// Dispatches an item just written to the table (a stream record's new
    /// image); anything but an outbox item is ignored.
    pub async fn dispatch(&self, item: Item) -> Result<Dispatched, DispatchError> {
        let key = Key::of(&item).ok_or_else(|| DispatchError::Malformed("no key".into()))?;
        let dispatched = match item.get("entity").and_then(|entity| entity.as_s()) {
            Some(EVENT_ENTITY) => {
                let event = Event::from_stored(item)
                    .map_err(|e| DispatchError::Malformed(format!("{}: {e}", key.pk)))?;
                self.dispatch_event(&event).await?;
                Dispatched::Event
            }
            Some(BROADCAST_PAGE_ENTITY) => {
                let page = BroadcastPage::from_stored(item)
                    .map_err(|e| DispatchError::Malformed(format!("{}: {e}", key.pk)))?;
                self.fan_out(&page).await?;
                Dispatched::BroadcastPage
            }
            _ => return Ok(Dispatched::Ignored),
        };
        self.leave_pending(key).await?;
        Ok(dispatched)
    }

    /// Dispatches every item still in the pending index (after the change
    /// feed skipped records, or at start-up); failures are logged and left
    /// pending.
    pub async fn dispatch_pending(&self) -> Result<DrainReport, StoreError> {
        self.dispatch_pending_where(SortKey::Any).await
    }

    /// The outbox sweep: dispatches what is still pending among the items
    /// written more than `older_than` ago (their stream delivery failed for
    /// good, or never came), then measures the oldest item left. Dispatching
    /// is idempotent, so a sweep racing the stream notifies nobody twice.
    pub async fn sweep(&self, older_than: std::time::Duration) -> Result<SweepReport, StoreError> {
        let now = self.clock.now();
        let cutoff = now - chrono::Duration::from_std(older_than).unwrap_or_default();
        let cutoff_id = ulid::Ulid::from_parts(cutoff.timestamp_millis().max(0) as u64, 0);
        // Event ids and broadcast ids are ULIDs: their order is their time.
        let report = self
            .dispatch_pending_where(SortKey::Lt(cutoff_id.to_string()))
            .await?;
        let oldest = self
            .table
            .query(&Query::partition(Index::Gsi1, PENDING_PARTITION).limit(1))
            .await?
            .items
            .first()
            .and_then(|item| item.get("gsi1sk")?.as_s().map(str::to_string))
            .and_then(|sort_key| ulid::Ulid::from_string(sort_key.get(..26)?).ok())
            .map(|id| {
                let written = id.timestamp_ms() as i64;
                ((now.timestamp_millis() - written).max(0) / 1000) as u64
            });
        Ok(SweepReport {
            dispatched: report.dispatched,
            failed: report.failed,
            oldest_pending_seconds: oldest,
        })
    }

    async fn dispatch_pending_where(&self, sort: SortKey) -> Result<DrainReport, StoreError> {
        let mut report = DrainReport::default();
        let mut query = Query::partition(Index::Gsi1, PENDING_PARTITION).sort(sort);
        loop {
            let page = self.table.query(&query).await?;
            for item in page.items {
                match self.dispatch(item).await {
                    Ok(_) => report.dispatched += 1,
                    Err(error) => {
                        tracing::error!(error = %error, "pending outbox item not dispatched");
                        report.failed += 1;
                    }
                }
            }
            match page.last_key {
                Some(last) => query.start_after = Some(last),
                None => return Ok(report),
            }
        }
    }

    async fn dispatch_event(&self, event: &Event) -> Result<(), DispatchError> {
        let partition = event.key().pk;
        let notification =
            Notification::from_event(event).map_err(|e| DispatchError::Malformed(e.into()))?;
        let inbox = vec![
            claim(&partition, "INBOX", self.clock.now()),
            WriteOp::create(
                notification
                    .item()
                    .map_err(|e| DispatchError::Malformed(e.to_string()))?,
            ),
            add_unread(&event.customer_id, 1),
        ];
        match self.table.transact(inbox).await {
            Ok(()) => {
                tracing::info!(event_id = %event.event_id, customer_id = %event.customer_id, "notification created");
            }
            Err(StoreError::ConditionFailed { .. }) => {}
            Err(error) => return Err(error.into()),
        }

        let mut failures = Vec::new();
        if event.channels.contains(&Channel::Push) {
            let devices = devices::devices_of(self.table.as_ref(), &event.customer_id).await?;
            // A phone another account registered since is theirs now.
            for device in devices.into_iter().filter(devices::Device::is_active) {
                let channel = format!("PUSH#{}", device.id);
                if let Err(error) = self
                    .once(&partition, &channel, || self.push(event, &device))
                    .await
                {
                    failures.push(error);
                }
            }
        }
        if event.channels.contains(&Channel::Sms) {
            match (&event.phone, self.sms_enabled) {
                (Some(phone), true) => {
                    let text = sms_text(event);
                    let send = || async {
                        self.notifier
                            .send_sms(phone.as_str(), &text)
                            .await
                            .map(drop)
                    };
                    if let Err(error) = self.once(&partition, "SMS", send).await {
                        failures.push(error);
                    }
                }
                (None, _) => {
                    tracing::warn!(event_id = %event.event_id, "text message asked without a phone number")
                }
                (Some(_), false) => {
                    tracing::info!(event_id = %event.event_id, "text messages are disabled")
                }
            }
        }
        if failures.is_empty() {
            Ok(())
        } else {
            Err(DispatchError::Incomplete(failures.join("; ")))
        }
    }

    /// Pushes `event` to `device`; a device the push service no longer knows is forgotten.
    async fn push(&self, event: &Event, device: &Device) -> Result<(), NotifyError> {
        match self
            .notifier
            .push(&device.endpoint, &push_message(event))
            .await
        {
            Ok(PushOutcome::Sent(_)) => Ok(()),
            Ok(PushOutcome::EndpointDisabled) | Err(NotifyError::NotFound) => {
                tracing::info!(device_id = %device.id, "push endpoint disabled: device removed");
                devices::remove(self.table.as_ref(), self.notifier.as_ref(), device)
                    .await
                    .map_err(|error| NotifyError::Unavailable(error.to_string()))
            }
            Err(error) => Err(error),
        }
    }

    /// Sends at most once on `channel` for the item of `partition`: claims the
    /// delivery, sends, and gives the claim back when a retry may succeed.
    async fn once<F, Fut>(&self, partition: &str, channel: &str, send: F) -> Result<(), String>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<(), NotifyError>>,
    {
        match self
            .table
            .write(claim(partition, channel, self.clock.now()))
            .await
        {
            Ok(()) => {}
            Err(StoreError::ConditionFailed { .. }) => return Ok(()),
            Err(error) => return Err(format!("{channel}: claim: {error}")),
        }
        match send().await {
            Ok(()) => Ok(()),
            // Refused for good (a malformed number, say): a retry would be refused
            // too. SNS's wording may quote the number or token: not logged.
            Err(NotifyError::Invalid(_)) => {
                tracing::warn!(partition, channel, "message refused by the notifier");
                Ok(())
            }
            Err(error) => {
                if let Err(release_error) = self.table.write(release(partition, channel)).await {
                    tracing::error!(partition, channel, error = %release_error, "delivery claim kept after a failed send");
                }
                Err(format!("{channel}: {error}"))
            }
        }
    }

    /// Handles one page of a broadcast: the topic (page 0), one event per
    /// customer of the page and the next page, in one transaction.
    async fn fan_out(&self, page: &BroadcastPage) -> Result<(), DispatchError> {
        let partition = page.partition();
        let now = self.clock.now();
        let mut failures = Vec::new();
        if page.page == 0 {
            let subject = topic_subject(&page.title);
            let publish = || async {
                self.notifier
                    .publish_to_topic(&subject, &page.message)
                    .await
                    .map(drop)
            };
            if let Err(error) = self.once(&partition, "TOPIC", publish).await {
                failures.push(error);
            }
        }
        let sort = match &page.after {
            Some(after) => SortKey::Gt(after.to_string()),
            None => SortKey::Any,
        };
        let customers = self
            .table
            .query(
                &Query::partition(Index::Gsi1, BY_CREATION)
                    .sort(sort)
                    .limit(PAGE_SIZE),
            )
            .await?;
        let ids: Vec<CustomerId> = customers
            .items
            .iter()
            .filter_map(|item| item.get("gsi1sk")?.as_s())
            .filter_map(|id| CustomerId::parse(id).ok())
            .collect();
        let mut ops = vec![claim(&partition, &format!("PAGE#{:06}", page.page), now)];
        for customer in &ids {
            let event = Event::new(
                EventType::GeneralMessage,
                customer.clone(),
                page.title.clone(),
                page.message.clone(),
                now,
            );
            ops.push(event_op(&event).map_err(|e| DispatchError::Malformed(e.to_string()))?);
        }
        if let (Some(_), Some(last)) = (&customers.last_key, ids.last()) {
            ops.push(
                page.next(last.clone())
                    .create_op()
                    .map_err(|e| DispatchError::Malformed(e.to_string()))?,
            );
        }
        match self.table.transact(ops).await {
            Ok(()) => tracing::info!(
                broadcast_id = page.broadcast_id,
                page = page.page,
                customers = ids.len(),
                "broadcast page fanned out"
            ),
            Err(StoreError::ConditionFailed { index: 0 }) => {}
            Err(error) => failures.push(format!("page {}: {error}", page.page)),
        }
        if failures.is_empty() {
            Ok(())
        } else {
            Err(DispatchError::Incomplete(failures.join("; ")))
        }
    }

    /// Takes a handled item out of the pending index (an item gone or
    /// expired meanwhile has nothing to take out).
    async fn leave_pending(&self, key: Key) -> Result<(), StoreError> {
        let update = WriteOp::Update {
            key,
            changes: vec![
                Change::Remove("gsi1pk".into()),
                Change::Remove("gsi1sk".into()),
            ],
            condition: Some(Condition::Exists),
        };
        match self.table.write(update).await {
            Ok(()) | Err(StoreError::ConditionFailed { .. }) => Ok(()),
            Err(error) => Err(error),
        }
    }
}
