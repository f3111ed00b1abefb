//! The reminders function, on two schedules:
//! - daily: one `service_due` event per car due within the configured window
//!   and per service cycle (see [`ecar_http::notifications::reminders`]);
//! - hourly (`{"job": "appointments"}`): one reminder per confirmed
//!   appointment starting within the schedule's reminder window (see
//!   [`ecar_http::appointments::reminders`]).

use chrono::{DateTime, NaiveDate, Utc};
use ecar_http::{
    appointments::{AppointmentError, reminders::AppointmentReminderReport},
    bootstrap::Ports,
    notifications::reminders::{self, ReminderReport},
    store::StoreError,
};
use serde::{Deserialize, Serialize};

/// Which reminders a schedule runs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Job {
    /// Cars due for a service (the EventBridge event as it comes, daily).
    #[default]
    ServiceDue,
    /// Confirmed appointments coming up (the hourly rule's input).
    Appointments,
}

/// The scheduled event, as far as the reminders read it: EventBridge's own
/// event (with its `time`), or a rule's fixed input naming the job.
#[derive(Clone, Debug, Deserialize)]
pub struct ScheduledEvent {
    /// When the schedule fired (now, when the input does not say).
    #[serde(default)]
    pub time: Option<DateTime<Utc>>,
    /// Which reminders to run.
    #[serde(default)]
    pub job: Job,
}

/// What a run did.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Report {
    /// The service-due reminders.
    ServiceDue(ReminderReport),
    /// The appointment reminders.
    Appointments(AppointmentReminderReport),
}

/// Why a run failed (Lambda retries it; neither job reminds anybody twice).
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    /// The service-due reminders failed on the store.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The appointment reminders failed.
    #[error(transparent)]
    Appointments(#[from] AppointmentError),
}

/// Runs the job `event` names: the service-due reminders for the garage's
/// day on which it fired (a retried invocation works for the same day), or
/// the appointment reminders due now.
pub async fn handle(ports: &Ports, event: &ScheduledEvent) -> Result<Report, RunError> {
    Ok(match event.job {
        Job::ServiceDue => {
            let at = event.time.unwrap_or_else(|| ports.clock.now());
            Report::ServiceDue(run_for(ports, at).await?)
        }
        Job::Appointments => {
            Report::Appointments(ecar_http::appointments::reminders::run(ports).await?)
        }
    })
}

/// Runs the service-due reminders for the garage's day at `at`.
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
