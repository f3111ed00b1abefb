//! The reminders function: on a daily schedule, one `service_due` event per
//! car due within the configured window and per service cycle (see
//! [`ecar_http::notifications::reminders`]).

use chrono::{DateTime, NaiveDate, Utc};
use ecar_http::{
    bootstrap::Ports,
    notifications::reminders::{self, ReminderReport},
    store::StoreError,
};
use serde::Deserialize;

/// The EventBridge scheduled event, as far as the reminders read it.
#[derive(Clone, Debug, Deserialize)]
pub struct ScheduledEvent {
    /// When the schedule fired.
    pub time: DateTime<Utc>,
}

/// Runs the reminders for the garage's day on which `event` fired (a retried
/// invocation works for the same day, and reminds nobody twice).
pub async fn handle(ports: &Ports, event: &ScheduledEvent) -> Result<ReminderReport, StoreError> {
    run_for(ports, event.time).await
}

/// Runs the reminders for the garage's day at `at`.
pub async fn run_for(ports: &Ports, at: DateTime<Utc>) -> Result<ReminderReport, StoreError> {
    reminders::run(
        ports.table.as_ref(),
        garage_day(ports, at),
        ports.config.reminder_days,
        ports.clock.now(),
    )
    .await
}

/// The day at `at` in the garage's time zone.
fn garage_day(ports: &Ports, at: DateTime<Utc>) -> NaiveDate {
    at.with_timezone(&ports.config.time_zone).date_naive()
}
