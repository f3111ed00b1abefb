//! Generic updates (`PUT`/`PATCH /api/services/{id}`, and each id of a bulk
//! update): the descriptive fields and the date. The status is not among
//! them: it changes only through the workflow routes.

use chrono::NaiveDate;

use super::{
    Action, Service, ServiceError, Status,
    commit::{Outcome, Plan, Writer},
    complete::check_mileage,
    status,
    workflow::check_date,
};
use crate::{
    ports::Ports,
    values::{Notes, ServiceId, ServiceTitle, ServiceType},
};

/// Changes to a service; `None` leaves a field as it is.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ServiceChanges {
    /// New title.
    pub title: Option<ServiceTitle>,
    /// New description.
    pub description: Option<Notes>,
    /// New kind of service.
    pub service_type: Option<ServiceType>,
    /// New date: a reschedule, with its rules.
    pub scheduled_date: Option<NaiveDate>,
    /// Odometer reading at the service (fixed once the service is completed).
    pub service_mileage: Option<u64>,
    /// New technician notes.
    pub technician_notes: Option<Notes>,
}

impl ServiceChanges {
    /// Whether the changes set nothing.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }

    /// `service` with these changes, if its status allows them.
    pub fn apply(&self, service: &Service) -> Result<Service, ServiceError> {
        let mut changed = service.clone();
        if let Some(title) = &self.title {
            changed.title = title.clone();
        }
        if let Some(description) = &self.description {
            changed.description = description.clone();
        }
        if let Some(service_type) = &self.service_type {
            changed.service_type = service_type.clone();
        }
        if let Some(notes) = &self.technician_notes {
            changed.technician_notes = notes.clone();
        }
        if let Some(date) = self.scheduled_date
            && date != service.scheduled_date
        {
            status::apply(service.status, Action::Reschedule)?;
            changed.scheduled_date = check_date("scheduled_date", date)?;
        }
        if let Some(mileage) = self.service_mileage
            && Some(mileage) != service.service_mileage
        {
            if service.status == Status::Completed {
                return Err(ServiceError::Refused(
                    "The mileage of a completed service is fixed: it updated the car.".into(),
                ));
            }
            changed.service_mileage = Some(check_mileage("service_mileage", mileage)?);
        }
        Ok(changed)
    }
}

/// Applies `changes` to service `id`, if `expected_version` (when given) is
/// current. A change that changes nothing writes nothing.
pub async fn update(
    ports: &Ports,
    id: &ServiceId,
    changes: &ServiceChanges,
    expected_version: Option<u64>,
) -> Result<Service, ServiceError> {
    let mut writer = Writer::new(ports, id, expected_version);
    loop {
        let before = writer.read().await?;
        let after = changes.apply(&before)?;
        if let Outcome::Done(Some(after)) = writer.commit(&before, Plan::to(after)).await? {
            tracing::info!(service_id = %id, version = after.version, "service changed");
            return Ok(*after);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::services::sample;

    #[test]
    fn dates_follow_the_reschedule_rule_and_mileage_is_fixed_once_completed() {
        let service = sample("2026-03-16T09:00:00Z".parse().unwrap());
        let later = ServiceChanges {
            scheduled_date: Some(service.scheduled_date.succ_opt().unwrap()),
            ..ServiceChanges::default()
        };
        assert!(later.apply(&service).is_ok());
        let mut completed = service.clone();
        completed.status = Status::Completed;
        assert!(matches!(
            later.apply(&completed),
            Err(ServiceError::Transition(_))
        ));
        // The same date is no reschedule.
        let same = ServiceChanges {
            scheduled_date: Some(service.scheduled_date),
            ..ServiceChanges::default()
        };
        assert_eq!(same.apply(&completed).unwrap(), completed);
        let mileage = ServiceChanges {
            service_mileage: Some(90_000),
            ..ServiceChanges::default()
        };
        assert!(mileage.apply(&service).is_ok());
        assert!(matches!(
            mileage.apply(&completed),
            Err(ServiceError::Refused(_))
        ));
    }
}
