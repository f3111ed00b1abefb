//! The workflow routes: start, cancel and reschedule (completion, which also
//! changes the car and notifies the customer, is in [`super::complete`]).
//! Each checks the move with [`super::status::apply`], so an invalid one is
//! refused before anything is written.

use chrono::NaiveDate;

use super::{
    Action, Service, ServiceError,
    commit::{Outcome, Plan, Writer},
    status,
};
use crate::{
    ports::Ports,
    values::{CancelReason, Notes, ServiceId},
};

/// Earliest date a service may be booked for.
const FIRST_DATE: NaiveDate = NaiveDate::from_ymd_opt(2000, 1, 1).expect("a valid date");
/// Latest date a service may be booked for.
const LAST_DATE: NaiveDate = NaiveDate::from_ymd_opt(2100, 12, 31).expect("a valid date");

/// Checks that a date is a plausible garage date.
pub fn check_date(field: &str, date: NaiveDate) -> Result<NaiveDate, ServiceError> {
    if (FIRST_DATE..=LAST_DATE).contains(&date) {
        Ok(date)
    } else {
        Err(ServiceError::invalid(
            field,
            format!("must be between {FIRST_DATE} and {LAST_DATE}"),
        ))
    }
}

/// Runs one status change of service `id`: `change` gets the service as read
/// (already allowed by the workflow) and returns it changed.
async fn transition(
    ports: &Ports,
    id: &ServiceId,
    action: Action,
    expected_version: Option<u64>,
    change: impl Fn(&mut Service),
) -> Result<Service, ServiceError> {
    let mut writer = Writer::new(ports, id, expected_version);
    loop {
        let before = writer.read().await?;
        let next = status::apply(before.status, action)?;
        let mut after = before.clone();
        if let Some(next) = next {
            after.status = next;
        }
        change(&mut after);
        if let Outcome::Done(Some(after)) = writer.commit(&before, Plan::to(after)).await? {
            tracing::info!(service_id = %id, status = %after.status, ?action, "service moved");
            return Ok(*after);
        }
    }
}

/// `scheduled → in_progress`.
pub async fn start(
    ports: &Ports,
    id: &ServiceId,
    expected_version: Option<u64>,
) -> Result<Service, ServiceError> {
    let now = ports.clock.now();
    transition(ports, id, Action::Start, expected_version, |service| {
        service.started_at = Some(now);
    })
    .await
}

/// `scheduled | in_progress → cancelled`, with the reason.
pub async fn cancel(
    ports: &Ports,
    id: &ServiceId,
    reason: CancelReason,
    expected_version: Option<u64>,
) -> Result<Service, ServiceError> {
    transition(ports, id, Action::Cancel, expected_version, |service| {
        service.cancel_reason = Some(reason.clone());
    })
    .await
}

/// Moves a service that is not completed or cancelled to another date.
pub async fn reschedule(
    ports: &Ports,
    id: &ServiceId,
    date: NaiveDate,
    expected_version: Option<u64>,
) -> Result<Service, ServiceError> {
    let date = check_date("scheduled_date", date)?;
    transition(ports, id, Action::Reschedule, expected_version, |service| {
        service.scheduled_date = date;
    })
    .await
}

/// Replaces the technician's notes of a service, whatever its status (the
/// routes decide who may write them when).
pub async fn write_notes(
    ports: &Ports,
    id: &ServiceId,
    notes: Notes,
    expected_version: Option<u64>,
) -> Result<Service, ServiceError> {
    let mut writer = Writer::new(ports, id, expected_version);
    loop {
        let before = writer.read().await?;
        if before.technician_notes == notes {
            return Ok(before);
        }
        let mut after = before.clone();
        after.technician_notes = notes.clone();
        if let Outcome::Done(Some(after)) = writer.commit(&before, Plan::to(after)).await? {
            return Ok(*after);
        }
    }
}
