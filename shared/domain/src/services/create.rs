//! Scheduling a service on a car: the service (status `scheduled`), its
//! index items, its counters and its customer's aggregates in one
//! transaction, with a check that the car is still as read (so still its
//! owner's), and the idempotency record when the request has a key.

use crate::idempotency::Answer;
use chrono::NaiveDate;

use super::{Service, ServiceError, Status, commit::create_ops, workflow::check_date};
use crate::{
    entity::OnFailure,
    idempotency::{Idempotent, Recorded},
    ports::Ports,
    store::{ItemError, StoreError},
    values::{CarId, Money, Notes, ServiceId, ServiceTitle, ServiceType},
};

/// How many times a create is retried when the car changes hands meanwhile.
const MAX_ATTEMPTS: u32 = 3;

/// A service to schedule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewService {
    /// The car.
    pub car_id: CarId,
    /// What the service is.
    pub title: ServiceTitle,
    /// Details.
    pub description: Notes,
    /// The kind of service.
    pub service_type: ServiceType,
    /// The day it is booked for.
    pub scheduled_date: NaiveDate,
    /// Technician notes.
    pub technician_notes: Notes,
}

/// What a create gave.
#[derive(Clone, Debug)]
pub enum Created {
    /// A new service.
    New(Box<Service>),
    /// The answer first given to the same idempotent request.
    Replayed(Recorded),
}

/// Schedules a service. Under an idempotency key, a repeated request gets
/// the first answer back.
pub async fn create(
    ports: &Ports,
    new: NewService,
    idempotent: Option<&Idempotent>,
) -> Result<Created, ServiceError> {
    let table = ports.table.as_ref();
    if let Some(idempotent) = idempotent
        && let Some(recorded) = idempotent.recorded(table).await?
    {
        return Ok(Created::Replayed(recorded));
    }
    let scheduled_date = check_date("scheduled_date", new.scheduled_date)?;
    let mut attempts = 0;
    loop {
        attempts += 1;
        let car = crate::cars::get(table, &new.car_id)
            .await?
            .ok_or_else(|| ServiceError::invalid("car_id", "no such car"))?;
        let now = ports.clock.now();
        let service = Service {
            id: ServiceId::generate(now),
            car_id: car.id.clone(),
            customer_id: car.customer_id.clone(),
            title: new.title.clone(),
            description: new.description.clone(),
            service_type: new.service_type.clone(),
            status: Status::Scheduled,
            scheduled_date,
            started_at: None,
            completed_date: None,
            completed_at: None,
            service_mileage: None,
            technician_notes: new.technician_notes.clone(),
            cancel_reason: None,
            items: Vec::new(),
            subtotal: Money::zero(ports.config.currency_decimals),
            invoice_id: None,
            invoice_status: None,
            legacy_id: None,
            appointment_id: None,
            technician_id: None,
            version: 1,
            created_at: now,
            updated_at: now,
        };
        let mut first = Vec::new();
        if let Some(idempotent) = idempotent {
            let body = serde_json::to_value(&service).map_err(ItemError::from)?;
            first.push(idempotent.record_op(Answer::Created, &body, now));
        }
        let layout = create_ops(first, &service, &ports.config.counter_settings())?;
        let error = match table.transact(layout.ops).await {
            Ok(()) => {
                tracing::info!(service_id = %service.id, car_id = %service.car_id, "service scheduled");
                return Ok(Created::New(Box::new(service)));
            }
            Err(error) => error,
        };
        match (error, idempotent) {
            // The record comes first: losing on it means a concurrent retry won.
            (StoreError::ConditionFailed { index: 0 }, Some(idempotent)) => {
                return Ok(Created::Replayed(idempotent.after_race(table).await?));
            }
            // The customer's aggregates refuse: the owner is gone.
            (StoreError::ConditionFailed { index }, _)
                if matches!(layout.failures.at(index), Some(OnFailure::Refuse(_))) =>
            {
                return Err(ServiceError::Refused(
                    "The car's owner no longer exists.".into(),
                ));
            }
            // The car changed hands or went meanwhile: read it again.
            (StoreError::ConditionFailed { index }, _)
                if layout.failures.at(index) == Some(&OnFailure::Retry)
                    && attempts < MAX_ATTEMPTS => {}
            (StoreError::Conflict, _) if attempts < MAX_ATTEMPTS => {}
            (StoreError::ConditionFailed { .. } | StoreError::Conflict, _) => {
                return Err(ServiceError::Contention);
            }
            (other, _) => return Err(other.into()),
        }
    }
}
