//! Hours per technician over a period, from the closed time entries: per
//! garage day and in total, and every entry for the CSV export. One range
//! read of the garage's entries (they hold everything the report shows).

use std::collections::BTreeMap;

use chrono::NaiveDate;
use chrono_tz::Tz;
use rust_decimal::Decimal;
use serde::Serialize;

use super::clock::{TimeEntry, hours_of, read_entries, started_between};
use crate::{
    clock::start_of_day,
    services::ServiceError,
    store::{Query, Table},
};

/// Longest period a report covers, in days.
pub const MAX_DAYS: i64 = 93;
/// Most entries one report reads.
const MAX_ENTRIES: usize = 20_000;

/// A technician's hours on one day.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DayHours {
    /// The garage's day the work started on.
    pub date: NaiveDate,
    /// Hours, to the hundredth.
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "6.25"))]
    pub hours: Decimal,
}

/// One technician's hours over the period.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TechnicianHours {
    /// The technician (user id).
    pub technician_id: String,
    /// Their name, as on their latest entry.
    pub name: String,
    /// The days they worked, in order.
    pub days: Vec<DayHours>,
    /// Hours over the period.
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "38.5"))]
    pub total_hours: Decimal,
    /// Of those, hours already billed as labour lines.
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "30"))]
    pub billed_hours: Decimal,
}

/// The hours report of a period.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HoursReport {
    /// First day.
    pub from: NaiveDate,
    /// Last day.
    pub to: NaiveDate,
    /// Each technician with time in the period, by name.
    pub technicians: Vec<TechnicianHours>,
}

/// Checks a period: `from` to `to`, both included, at most [`MAX_DAYS`].
pub fn check_period(from: NaiveDate, to: NaiveDate) -> Result<(), ServiceError> {
    if to < from {
        return Err(ServiceError::invalid("to", "is before from"));
    }
    if (to - from).num_days() >= MAX_DAYS {
        return Err(ServiceError::invalid(
            "to",
            format!("a report covers at most {MAX_DAYS} days"),
        ));
    }
    Ok(())
}

/// The query of the closed entries started on the garage's days `from` to
/// `to` (checked with [`check_period`]), oldest first.
pub fn query(time_zone: Tz, from: NaiveDate, to: NaiveDate) -> Result<Query, ServiceError> {
    check_period(from, to)?;
    let end = to.succ_opt().unwrap_or(to);
    Ok(started_between(
        start_of_day(time_zone, from),
        start_of_day(time_zone, end),
    ))
}

/// The closed entries started on the garage's days `from` to `to`, oldest
/// first.
pub async fn entries(
    table: &dyn Table,
    time_zone: Tz,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<TimeEntry>, ServiceError> {
    read_entries(table, query(time_zone, from, to)?, MAX_ENTRIES).await
}

/// The garage's day an entry counts on: the day it started.
pub fn day_of(entry: &TimeEntry, time_zone: Tz) -> NaiveDate {
    entry.started_at.with_timezone(&time_zone).date_naive()
}

/// The report of `entries` (see [`entries`]).
pub fn report(entries: &[TimeEntry], time_zone: Tz, from: NaiveDate, to: NaiveDate) -> HoursReport {
    #[derive(Default)]
    struct Sums {
        name: String,
        days: BTreeMap<NaiveDate, u64>,
        total: u64,
        billed: u64,
    }
    let mut by_technician: BTreeMap<&str, Sums> = BTreeMap::new();
    for entry in entries {
        let sums = by_technician.entry(&entry.technician_id).or_default();
        sums.name.clone_from(&entry.technician_name);
        *sums.days.entry(day_of(entry, time_zone)).or_default() += entry.seconds;
        sums.total += entry.seconds;
        if entry.billed_item_id.is_some() {
            sums.billed += entry.seconds;
        }
    }
    let mut technicians: Vec<TechnicianHours> = by_technician
        .into_iter()
        .map(|(id, sums)| TechnicianHours {
            technician_id: id.to_string(),
            name: sums.name,
            days: sums
                .days
                .into_iter()
                .map(|(date, seconds)| DayHours {
                    date,
                    hours: hours_of(seconds),
                })
                .collect(),
            total_hours: hours_of(sums.total),
            billed_hours: hours_of(sums.billed),
        })
        .collect();
    technicians.sort_by(|a, b| a.name.cmp(&b.name));
    HoursReport {
        from,
        to,
        technicians,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::values::{ServiceId, ServiceItemId, ServiceTitle, TimeEntryId};

    fn entry(technician: &str, started: &str, seconds: u64, billed: bool) -> TimeEntry {
        let started_at = started.parse().unwrap();
        TimeEntry {
            id: TimeEntryId::generate(started_at),
            technician_id: technician.into(),
            technician_name: format!("{technician} Name"),
            service_id: ServiceId::generate(started_at),
            service_title: ServiceTitle::parse("Freins").unwrap(),
            started_at,
            ended_at: Some(started_at + chrono::Duration::seconds(seconds as i64)),
            seconds,
            billed_item_id: billed.then(|| ServiceItemId::generate(started_at)),
        }
    }

    #[test]
    fn hours_add_up_per_garage_day_and_technician() {
        let tunis: Tz = "Africa/Tunis".parse().unwrap();
        let entries = [
            entry("B", "2026-12-07T08:00:00Z", 5400, true),
            entry("B", "2026-12-07T13:00:00Z", 1800, false),
            // 23:30 UTC is 00:30 the next day in Tunis.
            entry("B", "2026-12-07T23:30:00Z", 3600, false),
            entry("A", "2026-12-08T09:00:00Z", 900, false),
        ];
        let day = |text: &str| text.parse::<NaiveDate>().unwrap();
        let report = report(&entries, tunis, day("2026-12-07"), day("2026-12-08"));
        let names: Vec<&str> = report.technicians.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["A Name", "B Name"]);
        let b = &report.technicians[1];
        assert_eq!(b.days.len(), 2);
        assert_eq!(b.days[0].hours, Decimal::new(200, 2));
        assert_eq!(b.days[1].date, day("2026-12-08"));
        assert_eq!(b.total_hours, Decimal::new(300, 2));
        assert_eq!(b.billed_hours, Decimal::new(150, 2));
    }
}
