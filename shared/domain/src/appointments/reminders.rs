//! The appointment reminders: each run finds the confirmed appointments
//! starting within the schedule's reminder window and reminds each once per
//! start time. The reminder is recorded on the appointment
//! (`reminded_for`) in the same transaction as its event, so a second run
//! sends nothing new, and a rescheduled appointment is reminded of its new time.

use chrono::Duration;
use serde::Serialize;

use super::{
    Appointment, AppointmentError, CALENDAR, Status,
    book::phone_of,
    commit::{Outcome, Plan, Writer},
    instant_key, notify, schedule,
};
use crate::{
    entity::OnFailure,
    events::event_op,
    ports::Ports,
    store::{Index, Query, SortKey, from_item},
};

/// What a run did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct AppointmentReminderReport {
    /// Confirmed appointments found in the window.
    pub due: usize,
    /// Reminders written (events in the outbox).
    pub reminded: usize,
    /// Appointments already reminded of their time.
    pub already_reminded: usize,
}

fn needs_reminder(appointment: &Appointment) -> bool {
    appointment.status == Status::Confirmed
        && appointment.reminded_for != Some(appointment.starts_at)
}

/// Reminds the customers whose confirmed appointments start within the window.
pub async fn run(ports: &Ports) -> Result<AppointmentReminderReport, AppointmentError> {
    let table = ports.table.as_ref();
    let time_zone = ports.config.time_zone;
    let schedule = schedule::get(table, time_zone.name()).await?;
    let now = ports.clock.now();
    let until = now + Duration::hours(i64::from(schedule.settings.reminder_hours));
    let mut query = Query::partition(Index::Gsi1, CALENDAR)
        .sort(SortKey::Between(
            instant_key(now),
            format!("{}~", instant_key(until)),
        ))
        .limit(200);
    let mut report = AppointmentReminderReport::default();
    loop {
        let page = table.query(&query).await?;
        for item in page.items {
            let found: Appointment = from_item(item)?;
            if found.status != Status::Confirmed {
                continue;
            }
            report.due += 1;
            if !needs_reminder(&found) {
                report.already_reminded += 1;
                continue;
            }
            if remind(ports, &found, time_zone).await? {
                report.reminded += 1;
            } else {
                report.already_reminded += 1;
            }
        }
        match page.last_key {
            Some(last) => query.start_after = Some(last),
            None => break,
        }
    }
    tracing::info!(?report, "appointment reminders run");
    Ok(report)
}

/// Reminds one appointment unless a change got there first; whether it did.
async fn remind(
    ports: &Ports,
    found: &Appointment,
    time_zone: chrono_tz::Tz,
) -> Result<bool, AppointmentError> {
    let mut writer = Writer::new(ports, &found.id, None);
    loop {
        let before = match writer.read().await {
            Ok(before) => before,
            Err(AppointmentError::NotFound) => return Ok(false),
            Err(other) => return Err(other),
        };
        if !needs_reminder(&before) || before.starts_at != found.starts_at {
            return Ok(false);
        }
        let phone = phone_of(ports.table.as_ref(), &before.customer_id).await?;
        let event = notify::reminder(&before, phone, time_zone, ports.clock.now());
        let mut after = before.clone();
        after.reminded_for = Some(before.starts_at);
        let plan = Plan::to(after).with(event_op(&event)?, OnFailure::Retry);
        if let Outcome::Done(_) = writer.commit(&before, plan).await? {
            tracing::info!(appointment_id = %before.id, event_id = %event.event_id, "appointment reminded");
            return Ok(true);
        }
    }
}
