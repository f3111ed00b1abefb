//! `GET /api/services/statistics` from a bounded number of reads, whatever
//! the number of services: counters kept up to date in the same transaction
//! as every change of a service.
//!
//! Items, all in partition `STATS#SERVICES`:
//! - `TOTALS`: services by status (`count_<status>`), revenue of completed
//!   services (`revenue_minor`, in minor units), and the sum and number of
//!   start-to-completion durations (`duration_seconds`, `duration_count`);
//! - `DAY#<date>`: services booked that day and not cancelled (`scheduled`);
//! - `MONTH#<yyyy-mm>`: services booked that month and not cancelled
//!   (`scheduled`), services completed that month (`completed`) and their
//!   revenue (`revenue_minor`).
//!
//! Dates are the garage's calendar dates (a service is booked for a date,
//! and completed on a date, in the garage's time zone), so "today" and "this
//! month" are the garage's. The statistics read the totals, the seven days
//! of this week and this month: nine items.
//!
//! Each service contributes to some counters (see [`contributions`]); a
//! change writes the difference (see [`crate::entity::counters`]).

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use chrono_tz::Tz;
use serde::Serialize;

use super::{Service, ServiceError, Status};
use crate::{
    entity::Counts,
    store::{Item, Key, Table},
    values::Money,
};

const STATS_PK: &str = "STATS#SERVICES";
const SCHEDULED: &str = "scheduled";
const COMPLETED: &str = "completed";
const REVENUE: &str = "revenue_minor";
const DURATION_SECONDS: &str = "duration_seconds";
const DURATION_COUNT: &str = "duration_count";

fn totals_key() -> Key {
    Key::new(STATS_PK, "TOTALS")
}

fn day_key(date: NaiveDate) -> Key {
    Key::new(STATS_PK, format!("DAY#{date}"))
}

fn month_key(date: NaiveDate) -> Key {
    Key::new(
        STATS_PK,
        format!("MONTH#{:04}-{:02}", date.year(), date.month()),
    )
}

fn count_attribute(status: Status) -> &'static str {
    match status {
        Status::Scheduled => "count_scheduled",
        Status::InProgress => "count_in_progress",
        Status::Completed => "count_completed",
        Status::Cancelled => "count_cancelled",
    }
}

/// What one service adds to the counters.
pub fn contributions(service: &Service, decimals: u32) -> Result<Counts, ServiceError> {
    let mut counts = Counts::new();
    let mut add = |key: Key, attribute: &'static str, amount: i64| {
        *counts.entry((key, attribute)).or_default() += amount;
    };
    add(totals_key(), count_attribute(service.status), 1);
    if service.status != Status::Cancelled {
        add(day_key(service.scheduled_date), SCHEDULED, 1);
        add(month_key(service.scheduled_date), SCHEDULED, 1);
    }
    if service.status == Status::Completed {
        let revenue = service.subtotal.to_minor(decimals).ok_or_else(|| {
            ServiceError::invalid("subtotal", "does not fit the currency's minor units")
        })?;
        let month = month_key(service.completed_date.unwrap_or(service.scheduled_date));
        add(month.clone(), COMPLETED, 1);
        add(month, REVENUE, revenue);
        add(totals_key(), REVENUE, revenue);
        if let (Some(started), Some(completed)) = (service.started_at, service.completed_at) {
            add(
                totals_key(),
                DURATION_SECONDS,
                (completed - started).num_seconds().max(0),
            );
            add(totals_key(), DURATION_COUNT, 1);
        }
    }
    Ok(counts)
}

/// Services by status.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StatusCounts {
    /// Booked, not started.
    pub scheduled: i64,
    /// In the workshop.
    pub in_progress: i64,
    /// Done.
    pub completed: i64,
    /// Called off.
    pub cancelled: i64,
}

/// The services dashboard, in the garage's time zone.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ServiceStatistics {
    /// Every service.
    pub total: i64,
    /// Services by status.
    pub by_status: StatusCounts,
    /// Services booked for today, cancelled ones left out.
    pub scheduled_today: i64,
    /// Booked for this week (Monday to Sunday), cancelled ones left out.
    pub scheduled_this_week: i64,
    /// Booked for this month, cancelled ones left out.
    pub scheduled_this_month: i64,
    /// Completed this month.
    pub completed_this_month: i64,
    /// Sum of the subtotals of every completed service.
    pub revenue: Money,
    /// Sum of the subtotals of the services completed this month.
    pub revenue_this_month: Money,
    /// Average time from start to completion, in seconds, over the completed
    /// services that were started first (null when there are none).
    pub average_completion_seconds: Option<i64>,
    /// Today's date in the garage's time zone.
    pub today: NaiveDate,
    /// The garage's time zone.
    pub time_zone: String,
}

/// A counter of an item read (absent: 0).
fn counter(item: Option<&Item>, attribute: &str) -> Result<i64, ServiceError> {
    match item.and_then(|item| item.get(attribute)) {
        None => Ok(0),
        Some(value) => value
            .as_i64()
            .ok_or_else(|| ServiceError::invalid(attribute, "counter is not an integer")),
    }
}

/// The statistics as of `now`, from nine reads.
pub async fn statistics(
    table: &dyn Table,
    now: DateTime<Utc>,
    time_zone: Tz,
    decimals: u32,
) -> Result<ServiceStatistics, ServiceError> {
    let today = now.with_timezone(&time_zone).date_naive();
    let monday = today - Duration::days(i64::from(today.weekday().num_days_from_monday()));
    let week: Vec<Key> = (0..7)
        .map(|offset| day_key(monday + Duration::days(offset)))
        .collect();
    let mut keys = vec![totals_key(), month_key(today)];
    keys.extend(week.iter().cloned());
    let items = table.get_many(&keys).await?;
    let item = |key: &Key| {
        keys.iter()
            .position(|k| k == key)
            .and_then(|at| items.get(at))
            .and_then(Option::as_ref)
    };
    let totals = item(&totals_key());
    let month = item(&month_key(today));
    let by_status = StatusCounts {
        scheduled: counter(totals, count_attribute(Status::Scheduled))?,
        in_progress: counter(totals, count_attribute(Status::InProgress))?,
        completed: counter(totals, count_attribute(Status::Completed))?,
        cancelled: counter(totals, count_attribute(Status::Cancelled))?,
    };
    let mut scheduled_this_week = 0;
    for day in &week {
        scheduled_this_week += counter(item(day), SCHEDULED)?;
    }
    let durations = counter(totals, DURATION_COUNT)?;
    Ok(ServiceStatistics {
        total: by_status.scheduled
            + by_status.in_progress
            + by_status.completed
            + by_status.cancelled,
        by_status,
        scheduled_today: counter(item(&day_key(today)), SCHEDULED)?,
        scheduled_this_week,
        scheduled_this_month: counter(month, SCHEDULED)?,
        completed_this_month: counter(month, COMPLETED)?,
        revenue: Money::from_minor(counter(totals, REVENUE)?, decimals),
        revenue_this_month: Money::from_minor(counter(month, REVENUE)?, decimals),
        average_completion_seconds: (durations > 0)
            .then(|| counter(totals, DURATION_SECONDS))
            .transpose()?
            .map(|seconds| seconds / durations),
        today,
        time_zone: time_zone.name().to_string(),
    })
}

/// Services booked for each of the garage's days `from` to `to` and not
/// cancelled, from one batch read of the day counters (at most 100 days).
pub async fn booked_per_day(
    table: &dyn Table,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<(NaiveDate, i64)>, ServiceError> {
    let days: Vec<NaiveDate> = from
        .iter_days()
        .take_while(|day| *day <= to)
        .take(100)
        .collect();
    let keys: Vec<Key> = days.iter().map(|day| day_key(*day)).collect();
    let items = table.get_many(&keys).await?;
    days.into_iter()
        .zip(items)
        .map(|(day, item)| Ok((day, counter(item.as_ref(), SCHEDULED)?)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{
        entity::{Settings, counters},
        services::sample,
        store::{Change, WriteOp},
    };

    fn delta_ops(
        before: Option<&Service>,
        after: Option<&Service>,
        decimals: u32,
    ) -> Result<Vec<WriteOp>, ServiceError> {
        let time_zone = chrono_tz::Africa::Tunis;
        counters::delta_ops(
            before,
            after,
            &Settings {
                decimals,
                time_zone,
            },
        )
    }

    #[test]
    fn a_change_writes_only_the_difference() {
        let now: DateTime<Utc> = "2026-03-16T09:00:00Z".parse().unwrap();
        let scheduled = sample(now);
        let created = delta_ops(None, Some(&scheduled), 3).unwrap();
        // Totals, the day and the month.
        assert_eq!(created.len(), 3);

        let mut started = scheduled.clone();
        started.status = Status::InProgress;
        started.started_at = Some(now);
        let ops = delta_ops(Some(&scheduled), Some(&started), 3).unwrap();
        assert_eq!(
            ops,
            vec![WriteOp::Update {
                key: totals_key(),
                changes: vec![
                    Change::Add("count_in_progress".into(), 1),
                    Change::Add("count_scheduled".into(), -1),
                ],
                condition: None,
            }]
        );

        let mut completed = started.clone();
        completed.status = Status::Completed;
        completed.completed_at = Some(now + Duration::hours(3));
        completed.completed_date = Some(now.date_naive());
        completed.subtotal = Money::from_minor(120_500, 3);
        let counts = contributions(&completed, 3).unwrap();
        assert_eq!(counts[&(totals_key(), DURATION_SECONDS)], 3 * 3600);
        assert_eq!(counts[&(totals_key(), REVENUE)], 120_500);
        assert_eq!(counts[&(month_key(now.date_naive()), COMPLETED)], 1);

        assert!(
            delta_ops(Some(&completed), Some(&completed), 3)
                .unwrap()
                .is_empty()
        );
    }
}
