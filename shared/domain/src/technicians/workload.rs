//! The workshop's load over a few days: per technician and day, the jobs
//! assigned, how many are still open, and the hours booked on them (the
//! quantities of their labour lines, which are hours, and the slots of the
//! appointments given to them that are not checked in yet); and per day the
//! open jobs nobody has yet. One index read per technician (then batch reads of
//! their services) and one of each open status's partition.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use chrono_tz::Tz;
use rust_decimal::Decimal;
use serde::Serialize;

use super::{Technician, list, read_items, services_of};
use crate::{
    appointments::{Appointment, CALENDAR, Status as AppointmentStatus, instant_key},
    clock::start_of_day,
    services::{
        ItemType, Service, ServiceError, Status,
        assignment::{by_technician, is_open},
        stats,
    },
    store::{Index, Query, SortKey, Table},
};

/// Longest period a workload covers, in days.
pub const MAX_DAYS: i64 = 31;
/// Most jobs read per technician, and services of the period.
const MAX_READ: usize = 2_000;

/// One technician's (or nobody's) load on one day.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DayLoad {
    /// The day.
    pub date: NaiveDate,
    /// Jobs booked that day (cancelled ones aside).
    pub jobs: u32,
    /// Of those, the ones not done yet.
    pub open: u32,
    /// Hours of labour booked on them (decimal).
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "3.5"))]
    pub booked_hours: Decimal,
    /// Of the jobs, the appointments not checked in yet (not services yet).
    pub appointments: u32,
}

/// A technician's load over the period, day by day.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TechnicianLoad {
    /// Who.
    pub technician: Technician,
    /// Every day of the period, in order.
    pub days: Vec<DayLoad>,
}

/// The jobs booked on a day that no (active) technician has.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DayUnassigned {
    /// The day.
    pub date: NaiveDate,
    /// Services booked that day, not cancelled, assigned to nobody.
    pub jobs: u32,
}

/// The workshop's load over a period.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Workload {
    /// First day.
    pub from: NaiveDate,
    /// Last day.
    pub to: NaiveDate,
    /// Each active technician's load.
    pub technicians: Vec<TechnicianLoad>,
    /// The jobs assigned to nobody, day by day.
    pub unassigned: Vec<DayUnassigned>,
}

/// Checks a period: `from` to `to`, both included, at most [`MAX_DAYS`].
pub fn check_period(from: NaiveDate, to: NaiveDate) -> Result<(), ServiceError> {
    if to < from {
        return Err(ServiceError::invalid("to", "is before from"));
    }
    if (to - from).num_days() >= MAX_DAYS {
        return Err(ServiceError::invalid(
            "to",
            format!("a workload covers at most {MAX_DAYS} days"),
        ));
    }
    Ok(())
}

fn period_query(partition: String, from: NaiveDate, to: NaiveDate) -> Query {
    Query::partition(Index::Gsi1, partition)
        .sort(SortKey::Between(from.to_string(), format!("{to}$")))
}

/// The load of `services` on each day from `from` to `to`.
fn days(services: &[Service], from: NaiveDate, to: NaiveDate) -> Vec<DayLoad> {
    let mut days: BTreeMap<NaiveDate, DayLoad> = from
        .iter_days()
        .take_while(|day| *day <= to)
        .map(|date| {
            (
                date,
                DayLoad {
                    date,
                    ..DayLoad::default()
                },
            )
        })
        .collect();
    for service in services.iter().filter(|s| s.status != Status::Cancelled) {
        let Some(day) = days.get_mut(&service.scheduled_date) else {
            continue;
        };
        day.jobs += 1;
        day.open += u32::from(is_open(service.status));
        day.booked_hours += service
            .items
            .iter()
            .filter(|item| item.item_type == ItemType::Labor)
            .map(|item| item.quantity.value())
            .sum::<Decimal>();
    }
    days.into_values().collect()
}

/// Adds the appointments of `technician` (requested or confirmed: the
/// checked-in ones are services already) to their `days`.
fn add_appointments(
    days: &mut [DayLoad],
    appointments: &[Appointment],
    technician: &str,
    time_zone: Tz,
) {
    for appointment in appointments
        .iter()
        .filter(|a| a.technician_id.as_deref() == Some(technician))
        .filter(|a| {
            matches!(
                a.status,
                AppointmentStatus::Requested | AppointmentStatus::Confirmed
            )
        })
    {
        let date = appointment.starts_at.with_timezone(&time_zone).date_naive();
        let Some(day) = days.iter_mut().find(|day| day.date == date) else {
            continue;
        };
        let minutes = (appointment.ends_at - appointment.starts_at)
            .num_minutes()
            .max(0);
        day.jobs += 1;
        day.open += 1;
        day.appointments += 1;
        day.booked_hours += Decimal::from(minutes) / Decimal::from(60);
    }
}

/// The appointments starting on the garage's days `from` to `to`.
async fn appointments_of(
    table: &dyn Table,
    time_zone: Tz,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<Appointment>, ServiceError> {
    let end = to.succ_opt().unwrap_or(to);
    let query = Query::partition(Index::Gsi1, CALENDAR).sort(SortKey::Between(
        instant_key(start_of_day(time_zone, from)),
        instant_key(start_of_day(time_zone, end)),
    ));
    read_items(table, query, MAX_READ).await
}

/// The workload from `from` to `to` (checked with [`check_period`]) in the
/// garage's days.
pub async fn of_period(
    table: &dyn Table,
    time_zone: Tz,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Workload, ServiceError> {
    check_period(from, to)?;
    let appointments = appointments_of(table, time_zone, from, to).await?;
    let mut technicians = Vec::new();
    for technician in list(table).await? {
        let query = period_query(by_technician(&technician.id), from, to);
        let jobs: Vec<Service> = services_of(table, query, MAX_READ)
            .await?
            .into_iter()
            .filter(|s| s.technician_id.as_deref() == Some(technician.id.as_str()))
            .collect();
        let mut load = days(&jobs, from, to);
        add_appointments(&mut load, &appointments, &technician.id, time_zone);
        technicians.push(TechnicianLoad {
            days: load,
            technician,
        });
    }
    // The day counters of the services' statistics know how many jobs each
    // day holds: those nobody has are the rest (one batch read, whatever
    // the number of jobs).
    let booked = stats::booked_per_day(table, from, to).await?;
    let unassigned = booked
        .into_iter()
        .map(|(date, jobs)| {
            let assigned: u32 = technicians
                .iter()
                .filter_map(|load| load.days.iter().find(|day| day.date == date))
                .map(|day| day.jobs - day.appointments)
                .sum();
            DayUnassigned {
                date,
                jobs: u32::try_from(jobs).unwrap_or(0).saturating_sub(assigned),
            }
        })
        .collect();
    Ok(Workload {
        from,
        to,
        technicians,
        unassigned,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::appointments::{BookedBy, CarSummary};
    use crate::services::{ServiceItem, sample};
    use crate::values::{
        AppointmentId, CarId, CarMake, CarModel, CustomerId, ItemName, LicensePlate, Money,
        Quantity, ServiceItemId,
    };

    fn labour(hours: &str) -> ServiceItem {
        ServiceItem {
            id: ServiceItemId::generate(chrono::Utc::now()),
            item_type: ItemType::Labor,
            name: ItemName::parse("Main-d'œuvre").unwrap(),
            description: Default::default(),
            quantity: Quantity::parse(hours).unwrap(),
            unit_price: Money::zero(3),
            total_price: Money::zero(3),
        }
    }

    #[test]
    fn a_day_counts_its_jobs_open_ones_and_labour_hours_not_cancelled_ones() {
        let day: NaiveDate = "2026-12-08".parse().unwrap();
        let mut open = sample(chrono::Utc::now());
        open.scheduled_date = day;
        open.items = vec![labour("1.5"), labour("2")];
        let mut done = open.clone();
        done.status = Status::Completed;
        done.items = vec![labour("0.5")];
        let mut cancelled = open.clone();
        cancelled.status = Status::Cancelled;
        let load = days(&[open, done, cancelled], day, day.succ_opt().unwrap());
        assert_eq!(load.len(), 2);
        assert_eq!((load[0].jobs, load[0].open), (2, 1));
        assert_eq!(load[0].booked_hours, Decimal::new(40, 1));
        assert_eq!(load[1].jobs, 0);
    }

    fn appointment(technician: &str, starts: &str, status: AppointmentStatus) -> Appointment {
        let starts_at: chrono::DateTime<chrono::Utc> = starts.parse().unwrap();
        Appointment {
            id: AppointmentId::generate(starts_at),
            car_id: CarId::generate(starts_at),
            customer_id: CustomerId::generate(starts_at),
            car: CarSummary {
                license_plate: LicensePlate::parse("185 TU 4521").unwrap(),
                make: CarMake::parse("Peugeot").unwrap(),
                model: CarModel::parse("208").unwrap(),
            },
            customer_name: "Amira Ben Salah".into(),
            starts_at,
            ends_at: starts_at + chrono::Duration::minutes(90),
            status,
            booked_by: BookedBy::Staff,
            description: Default::default(),
            decline_reason: None,
            cancel_reason: None,
            service_id: None,
            reminded_for: None,
            technician_id: Some(technician.into()),
            version: 1,
            created_at: starts_at,
            updated_at: starts_at,
        }
    }

    #[test]
    fn appointments_not_checked_in_book_their_slot_on_the_garage_day() {
        let tunis: Tz = "Africa/Tunis".parse().unwrap();
        let day: NaiveDate = "2026-12-08".parse().unwrap();
        let mut load = days(&[], day, day.succ_opt().unwrap());
        let appointments = [
            appointment("T", "2026-12-08T08:00:00Z", AppointmentStatus::Confirmed),
            // 23:30 UTC is already the next day in Tunis.
            appointment("T", "2026-12-08T23:30:00Z", AppointmentStatus::Requested),
            appointment("T", "2026-12-08T10:00:00Z", AppointmentStatus::CheckedIn),
            appointment("U", "2026-12-08T10:00:00Z", AppointmentStatus::Confirmed),
        ];
        add_appointments(&mut load, &appointments, "T", tunis);
        assert_eq!(
            (load[0].jobs, load[0].open, load[0].appointments),
            (1, 1, 1)
        );
        assert_eq!(load[0].booked_hours, Decimal::new(15, 1));
        assert_eq!(load[1].jobs, 1);
    }

    #[test]
    fn a_period_is_ordered_and_at_most_a_month() {
        let day: NaiveDate = "2026-12-01".parse().unwrap();
        assert!(check_period(day, day).is_ok());
        assert!(check_period(day, day + chrono::Days::new(30)).is_ok());
        assert!(check_period(day, day + chrono::Days::new(31)).is_err());
        assert!(check_period(day, day.pred_opt().unwrap()).is_err());
    }
}
