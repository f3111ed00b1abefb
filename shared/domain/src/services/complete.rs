//! Completing a service, in one transaction: the service (`completed`, its
//! date and mileage), the car (its mileage raised if lower, its last and
//! next service), the counters, the customer's aggregates, and the outbox
//! event that tells the customer. A failure anywhere writes nothing.

use chrono::NaiveDate;

use super::{
    Action, MAX_MILEAGE, Service, ServiceError, Status,
    car::service_completed_ops,
    commit::{OnFailure, Outcome, Plan, Writer},
    status,
    views::today,
    workflow::check_date,
};
use crate::{
    cars, customers,
    events::{Event, EventType, RelatedKind, event_op},
    ports::Ports,
    values::{Notes, ServiceId},
};

/// What the technician reports at completion.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Completion {
    /// The day it was done; today (the garage's) by default.
    pub completed_date: Option<NaiveDate>,
    /// The odometer reading; the service's, else the car's, by default.
    pub service_mileage: Option<u64>,
    /// Notes; unchanged when absent.
    pub technician_notes: Option<Notes>,
}

/// Checks an odometer reading.
pub fn check_mileage(field: &str, mileage: u64) -> Result<u64, ServiceError> {
    if mileage > MAX_MILEAGE {
        return Err(ServiceError::invalid(
            field,
            format!("must be at most {MAX_MILEAGE} km"),
        ));
    }
    Ok(mileage)
}

/// Completes service `id` (`scheduled | in_progress → completed`), if
/// `expected_version` (when given) is current.
pub async fn complete(
    ports: &Ports,
    id: &ServiceId,
    completion: &Completion,
    expected_version: Option<u64>,
) -> Result<Service, ServiceError> {
    let table = ports.table.as_ref();
    let today = today(ports);
    let date = check_date("completed_date", completion.completed_date.unwrap_or(today))?;
    if date > today {
        return Err(ServiceError::invalid(
            "completed_date",
            "must not be in the future",
        ));
    }
    if let Some(mileage) = completion.service_mileage {
        check_mileage("service_mileage", mileage)?;
    }
    let mut writer = Writer::new(ports, id, expected_version);
    loop {
        let before = writer.read().await?;
        status::apply(before.status, Action::Complete)?;
        let car = cars::get(table, &before.car_id)
            .await?
            .ok_or_else(|| ServiceError::Refused("The service's car no longer exists.".into()))?;
        let now = ports.clock.now();
        let mileage = completion
            .service_mileage
            .or(before.service_mileage)
            .unwrap_or(u64::from(car.mileage));

        let mut after = before.clone();
        after.status = Status::Completed;
        after.completed_date = Some(date);
        after.completed_at = Some(now);
        after.service_mileage = Some(mileage);
        if let Some(notes) = &completion.technician_notes {
            after.technician_notes = notes.clone();
        }

        let aggregates = customers::get_with_aggregates(table, &before.customer_id).await?;
        let latest = aggregates.and_then(|(_, aggregates)| aggregates.last_service_date);
        let event = Event::new(
            EventType::ServiceCompleted,
            before.customer_id.clone(),
            "Service completed",
            format!(
                "{} on your {} {} ({}) is done.",
                before.title,
                car.make.as_str(),
                car.model.as_str(),
                car.license_plate.as_str()
            ),
            now,
        )
        .about(RelatedKind::Service, before.id.as_str());
        let car_ops = service_completed_ops(
            &car,
            date,
            u32::try_from(check_mileage("service_mileage", mileage)?)
                .map_err(|_| ServiceError::invalid("service_mileage", "is too large"))?,
            now,
            &ports.config,
        )?;
        let mut plan = Plan::to(after)
            .with_all(car_ops, &OnFailure::Retry)
            .with(event_op(&event)?, OnFailure::Retry);
        // The customer's latest service date, when this one is later.
        plan.note = latest.is_none_or(|last| last < date).then_some(date);
        if let Outcome::Done(Some(after)) = writer.commit(&before, plan).await? {
            tracing::info!(service_id = %id, car_id = %after.car_id, event_id = %event.event_id, "service completed");
            return Ok(*after);
        }
    }
}
