//! Time on jobs: a technician clocks on a job assigned to them and off
//! again; each stretch becomes a time entry, which staff can turn into a
//! labour line ([`super::labour`]) and count in the hours report
//! ([`super::hours`]).
//!
//! Items:
//! - the open clock, one per technician: `pk = CLOCK#<user id>`, `sk = CLOCK`,
//!   the [`TimeEntry`] under way (no `ended_at`). Clocking on is a
//!   conditional put (absent, or still the entry read), so two devices
//!   cannot open two clocks; clocking on elsewhere closes the other in the
//!   same transaction.
//! - a closed entry: `pk = TIME#<id>`, `sk = TIME`, sorted by its start
//!   (`<started_at>#<id>`) in its technician's partition
//!   (`gsi1pk = TIME#TECH#<user id>`), its service's
//!   (`gsi2pk = TIME#SERVICE#<service id>`) and the garage's (`gsi3pk = TIME`).

use chrono::{DateTime, SecondsFormat, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::{
    ports::Ports,
    services::{self, Service, ServiceError, Status, assignment::is_open, service_key},
    store::{
        Condition, Index, Item, Key, Query, SortKey, StoreError, Table, Value, WriteOp, from_item,
        to_item,
    },
    values::{ServiceId, ServiceItemId, ServiceTitle, TimeEntryId},
};

/// Attempts of a clock change that lost a race, before giving up.
const MAX_ATTEMPTS: usize = 5;
/// Most entries of one service read.
const MAX_SERVICE_ENTRIES: usize = 500;

/// A stretch of work of one technician on one job.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TimeEntry {
    /// Opaque, time-sortable id.
    pub id: TimeEntryId,
    /// The technician (user id).
    pub technician_id: String,
    /// Their name when they clocked on.
    pub technician_name: String,
    /// The job.
    pub service_id: ServiceId,
    /// Its title when they clocked on.
    pub service_title: ServiceTitle,
    /// When they clocked on.
    pub started_at: DateTime<Utc>,
    /// When they clocked off (null while the clock runs).
    pub ended_at: Option<DateTime<Utc>>,
    /// Seconds worked (0 while the clock runs).
    pub seconds: u64,
    /// The labour line this time was billed as, once it was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub billed_item_id: Option<ServiceItemId>,
}

impl TimeEntry {
    /// The sort key of the entry in every list: by start, then id.
    pub fn sort_key(&self) -> String {
        format!(
            "{}#{}",
            self.started_at.to_rfc3339_opts(SecondsFormat::Millis, true),
            self.id
        )
    }

    /// The entry closed at `at` (never before it started).
    fn closed(mut self, at: DateTime<Utc>) -> Self {
        let at = at.max(self.started_at);
        self.seconds = u64::try_from((at - self.started_at).num_seconds()).unwrap_or(0);
        self.ended_at = Some(at);
        self
    }

    /// The hours worked, to the hundredth.
    pub fn hours(&self) -> Decimal {
        hours_of(self.seconds)
    }
}

/// `seconds` as hours, to the hundredth (half away from zero: 18 s is
/// 0.01 h), always written with two decimals.
pub fn hours_of(seconds: u64) -> Decimal {
    let mut hours = (Decimal::from(seconds) / Decimal::from(3600))
        .round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
    hours.rescale(2);
    hours
}

fn clock_key(user_id: &str) -> Key {
    Key::new(format!("CLOCK#{user_id}"), "CLOCK")
}

/// The key of a closed entry.
pub fn entry_key(id: &TimeEntryId) -> Key {
    Key::new(format!("TIME#{id}"), "TIME")
}

/// GSI1 partition of a technician's entries.
pub fn of_technician(user_id: &str) -> String {
    format!("TIME#TECH#{user_id}")
}

/// GSI2 partition of a service's entries.
pub fn of_service(service_id: &ServiceId) -> String {
    format!("TIME#SERVICE#{service_id}")
}

/// GSI3 partition of every entry.
pub const ALL_ENTRIES: &str = "TIME";

fn clock_item(entry: &TimeEntry) -> Result<Item, ServiceError> {
    let mut item = to_item(entry)?;
    item.extend(clock_key(&entry.technician_id).to_item());
    Ok(item)
}

/// The stored form of a closed entry, with its list attributes.
pub fn entry_item(entry: &TimeEntry) -> Result<Item, ServiceError> {
    let mut item = to_item(entry)?;
    item.extend(entry_key(&entry.id).to_item());
    let sort = Value::s(entry.sort_key());
    item.insert("entity".into(), Value::s("time_entry"));
    for (index, partition) in [
        ("gsi1", of_technician(&entry.technician_id)),
        ("gsi2", of_service(&entry.service_id)),
        ("gsi3", ALL_ENTRIES.to_string()),
    ] {
        item.insert(format!("{index}pk"), Value::s(partition));
        item.insert(format!("{index}sk"), sort.clone());
    }
    Ok(item)
}

/// The clock of technician `user_id`, if it runs.
pub async fn open_clock(
    table: &dyn Table,
    user_id: &str,
) -> Result<Option<TimeEntry>, ServiceError> {
    let item = table.get(&clock_key(user_id)).await?;
    Ok(item.map(from_item).transpose()?)
}

/// The clocks that run of the technicians `user_ids` (batch reads).
pub async fn open_clocks(
    table: &dyn Table,
    user_ids: &[&str],
) -> Result<Vec<TimeEntry>, ServiceError> {
    super::read_keys(table, user_ids.iter().map(|id| clock_key(id))).await
}

/// The writes closing `open` at `at`: the clock goes (or is replaced by
/// `next`), the closed entry is stored; both only if the clock is still
/// the one read.
fn closing_ops(
    open: &TimeEntry,
    at: DateTime<Utc>,
    next: Option<&TimeEntry>,
) -> Result<Vec<WriteOp>, ServiceError> {
    let still_open = Condition::Equals("id".into(), Value::s(open.id.as_str()));
    let clock = match next {
        Some(next) => WriteOp::Put {
            item: clock_item(next)?,
            condition: Some(still_open),
        },
        None => WriteOp::Delete {
            key: clock_key(&open.technician_id),
            condition: Some(still_open),
        },
    };
    let closed = open.clone().closed(at);
    Ok(vec![clock, WriteOp::create(entry_item(&closed)?)])
}

/// The service's item must still be assigned to `user_id` and open.
fn still_assigned(service: &Service, user_id: &str) -> WriteOp {
    let open = [Status::Scheduled, Status::InProgress]
        .into_iter()
        .map(|status| Condition::Equals("status".into(), Value::s(status.as_str())))
        .collect();
    WriteOp::Check {
        key: service_key(&service.id),
        condition: Condition::And(vec![
            Condition::Equals("technician_id".into(), Value::s(user_id)),
            Condition::Or(open),
        ]),
    }
}

fn lost_race(error: &StoreError) -> bool {
    matches!(
        error,
        StoreError::ConditionFailed { .. } | StoreError::Conflict
    )
}

/// Clocks technician `user_id` (named `name`) on service `id` (assigned
/// to them and open), closing their clock on another job; already on it,
/// nothing changes.
pub async fn clock_on(
    ports: &Ports,
    user_id: &str,
    name: &str,
    id: &ServiceId,
) -> Result<TimeEntry, ServiceError> {
    let table = ports.table.as_ref();
    for _ in 0..MAX_ATTEMPTS {
        let service = services::get(table, id)
            .await?
            .filter(|s| s.technician_id.as_deref() == Some(user_id))
            .ok_or(ServiceError::NotFound)?;
        if !is_open(service.status) {
            return Err(ServiceError::Refused(format!(
                "The job is {}: there is no more clocking on it.",
                service.status
            )));
        }
        let open = open_clock(table, user_id).await?;
        if let Some(open) = open.as_ref().filter(|open| &open.service_id == id) {
            return Ok(open.clone());
        }
        let now = ports.clock.now();
        let entry = TimeEntry {
            id: TimeEntryId::generate(now),
            technician_id: user_id.to_string(),
            technician_name: name.to_string(),
            service_id: id.clone(),
            service_title: service.title.clone(),
            started_at: now,
            ended_at: None,
            seconds: 0,
            billed_item_id: None,
        };
        let mut ops = vec![still_assigned(&service, user_id)];
        match &open {
            Some(open) => ops.extend(closing_ops(open, now, Some(&entry))?),
            None => ops.push(WriteOp::Put {
                item: clock_item(&entry)?,
                condition: Some(Condition::NotExists),
            }),
        }
        match table.transact(ops).await {
            Ok(()) => {
                tracing::info!(service_id = %id, "clocked on");
                return Ok(entry);
            }
            Err(error) if lost_race(&error) => continue,
            Err(error) => return Err(error.into()),
        }
    }
    Err(ServiceError::Contention)
}

/// Closes the clock of technician `user_id` at `at` (now when `None`; not
/// before it started, not in the future); `None` when no clock runs.
pub async fn clock_off(
    ports: &Ports,
    user_id: &str,
    at: Option<DateTime<Utc>>,
) -> Result<Option<TimeEntry>, ServiceError> {
    let table = ports.table.as_ref();
    let now = ports.clock.now();
    for _ in 0..MAX_ATTEMPTS {
        let Some(open) = open_clock(table, user_id).await? else {
            return Ok(None);
        };
        let at = at.unwrap_or(now);
        if at > now || at < open.started_at {
            return Err(ServiceError::invalid(
                "ended_at",
                "must be between the clock's start and now",
            ));
        }
        match table.transact(closing_ops(&open, at, None)?).await {
            Ok(()) => {
                tracing::info!(service_id = %open.service_id, "clocked off");
                return Ok(Some(open.closed(at)));
            }
            Err(error) if lost_race(&error) => continue,
            Err(error) => return Err(error.into()),
        }
    }
    Err(ServiceError::Contention)
}

/// Closes `user_id`'s clock if it runs on service `id` (the job was
/// completed, cancelled or given to someone else).
pub async fn stop_on(
    ports: &Ports,
    user_id: &str,
    id: &ServiceId,
) -> Result<Option<TimeEntry>, ServiceError> {
    let open = open_clock(ports.table.as_ref(), user_id).await?;
    if open.is_some_and(|open| &open.service_id == id) {
        return clock_off(ports, user_id, None).await;
    }
    Ok(None)
}

/// The closed entries of service `id`, oldest first.
pub async fn entries_of_service(
    table: &dyn Table,
    id: &ServiceId,
) -> Result<Vec<TimeEntry>, ServiceError> {
    read_entries(
        table,
        Query::partition(Index::Gsi2, of_service(id)),
        MAX_SERVICE_ENTRIES,
    )
    .await
}

/// The entries `query` reads (entries hold everything: no second read), at
/// most `max`.
pub(crate) async fn read_entries(
    table: &dyn Table,
    query: Query,
    max: usize,
) -> Result<Vec<TimeEntry>, ServiceError> {
    super::read_items(table, query, max).await
}

/// The entries started from `from` (included) to `to` (excluded), of
/// everyone, oldest first; at most `max`.
pub(crate) fn started_between(from: DateTime<Utc>, to: DateTime<Utc>) -> Query {
    let at = |instant: DateTime<Utc>| instant.to_rfc3339_opts(SecondsFormat::Millis, true);
    Query::partition(Index::Gsi3, ALL_ENTRIES).sort(SortKey::Between(at(from), at(to)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hours_are_rounded_to_the_hundredth() {
        assert_eq!(hours_of(0), Decimal::ZERO);
        assert_eq!(hours_of(5400), Decimal::new(150, 2));
        assert_eq!(hours_of(61), Decimal::new(2, 2));
        assert_eq!(hours_of(18), Decimal::new(1, 2));
        assert_eq!(hours_of(17), Decimal::ZERO);
    }

    #[test]
    fn a_closed_entry_never_ends_before_it_started() {
        let now = Utc::now();
        let entry = TimeEntry {
            id: TimeEntryId::generate(now),
            technician_id: "T".into(),
            technician_name: "Samir".into(),
            service_id: ServiceId::generate(now),
            service_title: ServiceTitle::parse("Freins").unwrap(),
            started_at: now,
            ended_at: None,
            seconds: 0,
            billed_item_id: None,
        };
        let early = entry.clone().closed(now - chrono::Duration::minutes(5));
        assert_eq!((early.seconds, early.ended_at), (0, Some(now)));
        let later = entry.closed(now + chrono::Duration::minutes(90));
        assert_eq!(later.hours(), Decimal::new(150, 2));
    }
}
