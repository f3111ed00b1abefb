//! The dispatcher on the embedded store's change feed, as the local runner
//! runs it: outbox items are dispatched as soon as they are committed, and
//! what the feed skipped or what came before it are read from the pending index.

mod common;

use std::{sync::Arc, time::Duration};

use common::Harness;
use ecar_dispatcher::feed;
use ecar_http::{
    Clock,
    domain::CustomerId,
    events::{Event, EventType, event_op},
    store::{Item, Key, Table, Value, WriteOp},
};
use ecar_store::notify::EmbeddedNotifier;

fn event(harness: &Harness, customer: &CustomerId, title: &str) -> Event {
    Event::new(
        EventType::ServiceCompleted,
        customer.clone(),
        title,
        "Your car is ready.",
        harness.ports.clock.now(),
    )
}

/// Waits until `customer` has `count` notifications (the feed runs apart).
async fn until_notified(harness: &Harness, customer: &CustomerId, count: usize) {
    for _ in 0..500 {
        if harness.notifications(customer).await.len() >= count {
            return;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("{customer} never got {count} notification(s)");
}

#[tokio::test]
async fn an_event_is_dispatched_as_soon_as_it_is_committed() {
    let notifier = Arc::new(EmbeddedNotifier::in_memory(Clock::system()));
    let harness = Harness::new(notifier.clone());
    let customer = CustomerId::generate(harness.ports.clock.now());
    harness.device(&customer, "fcm-token-local").await;
    let running = feed::spawn(&harness.table, harness.dispatcher.clone());

    let written = event(&harness, &customer, "Service completed");
    harness
        .table
        .write(event_op(&written).unwrap())
        .await
        .unwrap();
    until_notified(&harness, &customer, 1).await;
    assert_eq!(harness.unread(&customer).await, 1);
    // Then it leaves the pending index.
    for _ in 0..500 {
        let stored = harness.table.get(&written.key()).await.unwrap().unwrap();
        if !stored.contains_key("gsi1pk") {
            running.abort();
            return;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("the event stayed pending");
}

#[tokio::test]
async fn what_was_written_before_it_started_is_dispatched_first() {
    let notifier = Arc::new(EmbeddedNotifier::in_memory(Clock::system()));
    let harness = Harness::new(notifier.clone());
    let customer = CustomerId::generate(harness.ports.clock.now());
    let before = event(&harness, &customer, "While the runner was down");
    harness
        .table
        .write(event_op(&before).unwrap())
        .await
        .unwrap();
    let running = feed::spawn(&harness.table, harness.dispatcher.clone());
    until_notified(&harness, &customer, 1).await;
    running.abort();
}

#[tokio::test]
async fn records_the_feed_skipped_are_read_from_the_pending_index() {
    let notifier = Arc::new(EmbeddedNotifier::in_memory(Clock::system()));
    let harness = Harness::new(notifier.clone());
    let customer = CustomerId::generate(harness.ports.clock.now());
    let listening = harness.table.subscribe();

    let missed = event(&harness, &customer, "Lost in the lag");
    harness
        .table
        .write(event_op(&missed).unwrap())
        .await
        .unwrap();
    // More changes than the feed keeps for a listener that does not read.
    for batch in 0..45 {
        let ops = (0..100)
            .map(|n| {
                let mut item: Item = Key::new(format!("FILLER#{batch}"), format!("{n}")).to_item();
                item.insert("entity".into(), Value::s("filler"));
                WriteOp::put(item)
            })
            .collect();
        harness.table.transact(ops).await.unwrap();
    }

    let dispatcher = harness.dispatcher.clone();
    let running = tokio::spawn(async move { feed::follow(listening, &dispatcher).await });
    until_notified(&harness, &customer, 1).await;
    running.abort();
}
