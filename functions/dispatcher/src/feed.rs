//! The dispatcher on the embedded store's change feed, for the local runner:
//! an outbox item is dispatched as soon as it is committed, as the stream
//! trigger does on AWS.
//!
//! The feed is a bounded broadcast channel: a listener that falls too far
//! behind is told how many records it missed, not which. It then dispatches
//! whatever the pending index still holds, as it does at start-up for what
//! was written while nobody listened.

use ecar_http::notifications::Dispatcher;
use ecar_store::table::{ChangeRecord, EmbeddedTable};

use tokio::{
    sync::broadcast::{Receiver, error::RecvError},
    task::JoinHandle,
};

/// Starts dispatching: first what is pending, then every outbox item the
/// table commits, for as long as the table lives.
pub fn spawn(table: &EmbeddedTable, dispatcher: Dispatcher) -> JoinHandle<()> {
    // Listen before reading the pending index, so nothing falls in between.
    let feed = table.subscribe();
    tokio::spawn(async move {
        drain(&dispatcher).await;
        follow(feed, &dispatcher).await;
    })
}

/// Dispatches the outbox items of `feed` until it closes, falling back on
/// the pending index when it skipped records.
pub async fn follow(mut feed: Receiver<ChangeRecord>, dispatcher: &Dispatcher) {
    loop {
        match feed.recv().await {
            // Only a creation is news: later changes of an outbox item are the
            // dispatcher's own (leaving the pending index).
            Ok(ChangeRecord {
                old: None,
                new: Some(item),
                key,
            }) => {
                if let Err(error) = dispatcher.dispatch(item).await {
                    tracing::error!(pk = %key.pk, error = %error, "outbox item not dispatched; left pending");
                }
            }
            Ok(_) => {}
            Err(RecvError::Lagged(missed)) => {
                tracing::warn!(
                    missed,
                    "change feed skipped records: dispatching what is pending"
                );
                drain(dispatcher).await;
            }
            Err(RecvError::Closed) => return,
        }
    }
}

async fn drain(dispatcher: &Dispatcher) {
    match dispatcher.dispatch_pending().await {
        Ok(report) if report.dispatched + report.failed > 0 => {
            tracing::info!(
                dispatched = report.dispatched,
                failed = report.failed,
                "pending outbox items dispatched"
            );
        }
        Ok(_) => {}
        Err(error) => tracing::error!(error = %error, "pending outbox items unreadable"),
    }
}
