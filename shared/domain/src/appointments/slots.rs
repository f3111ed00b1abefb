//! Slots: the times a car can be booked for, drawn from the schedule in the
//! garage's time zone, and the count of places taken in each.
//!
//! A slot is named by the instant it starts (UTC), so a day with a clock
//! change has the slots its local hours give: a local time skipped by the
//! change has no slot, a repeated one has the first. The places taken are a
//! counter per slot (`pk = SLOTS#<UTC year-month>`, `sk = <start, RFC 3339>`,
//! `booked`), moved in the same transaction as the appointment, with a
//! condition that it stays within the capacity: a slot is never overbooked,
//! however many customers book at once.

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, Duration, LocalResult, NaiveDate, SecondsFormat, TimeZone, Utc};
use chrono_tz::Tz;
use serde::Serialize;

use super::{AppointmentError, schedule::ScheduleSettings};
use crate::{
    entity::OnFailure,
    store::{
        Change, CmpOp, Condition, Index, Key, Query, SortKey, StoreError, Table, Value, WriteOp,
    },
};

/// Most days one slot query covers.
pub const MAX_DAYS: i64 = 31;
/// How far ahead a car can be booked, in days.
pub const MAX_DAYS_AHEAD: i64 = 366;
/// The attribute counting the places taken.
const BOOKED: &str = "booked";
/// Why a booking is refused when its slot is full (safe to show).
pub const SLOT_FULL: &str = "The slot is full: choose another time.";

/// One slot of the calendar.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Slot {
    /// When it starts.
    pub starts_at: DateTime<Utc>,
    /// When it ends.
    pub ends_at: DateTime<Utc>,
    /// Cars it takes.
    pub capacity: u32,
    /// Places still free.
    pub free: u32,
}

/// The instant a local time of `day` falls on, if the clock shows it that day.
fn instant(time_zone: Tz, day: NaiveDate, minutes: u32) -> Option<DateTime<Utc>> {
    let local = day
        .and_hms_opt(0, 0, 0)?
        .checked_add_signed(Duration::minutes(i64::from(minutes)))?;
    match time_zone.from_local_datetime(&local) {
        LocalResult::Single(at) => Some(at.with_timezone(&Utc)),
        LocalResult::Ambiguous(first, _) => Some(first.with_timezone(&Utc)),
        LocalResult::None => None,
    }
}

/// The slots of `day` (start, end), in order; none on a closed day.
pub fn of_day(
    settings: &ScheduleSettings,
    time_zone: Tz,
    day: NaiveDate,
) -> Vec<(DateTime<Utc>, DateTime<Utc>)> {
    if settings.is_closed(day) {
        return Vec::new();
    }
    let length = settings.slot_minutes;
    let mut slots = Vec::new();
    for period in settings.opening_hours.of(day.weekday()) {
        let mut start = period.open.minutes();
        while start + length <= period.close.minutes() {
            // (Days at the edge of the calendar have no slots rather than overflow.)
            let end =
                |at: DateTime<Utc>| at.checked_add_signed(Duration::minutes(i64::from(length)));
            if let Some((at, end)) =
                instant(time_zone, day, start).and_then(|at| Some((at, end(at)?)))
            {
                slots.push((at, end));
            }
            start += length;
        }
    }
    slots
}

/// The slot starting at `starts_at`, if the garage takes cars then and it is
/// after `now`; otherwise why not (safe to show, for the field `field`).
pub fn check(
    settings: &ScheduleSettings,
    time_zone: Tz,
    field: &str,
    starts_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<(DateTime<Utc>, DateTime<Utc>), AppointmentError> {
    if starts_at <= now {
        return Err(AppointmentError::invalid(field, "is in the past"));
    }
    if starts_at > now + Duration::days(MAX_DAYS_AHEAD) {
        return Err(AppointmentError::invalid(
            field,
            "is more than a year ahead",
        ));
    }
    let local = starts_at.with_timezone(&time_zone);
    let day = local.date_naive();
    if settings.closed_days.binary_search(&day).is_ok() {
        return Err(AppointmentError::invalid(
            field,
            format!("the garage is closed on {day}"),
        ));
    }
    let slots = of_day(settings, time_zone, day);
    if slots.is_empty() {
        return Err(AppointmentError::invalid(
            field,
            format!("the garage is closed on {}s", local.format("%A")),
        ));
    }
    if let Some(slot) = slots.iter().find(|(start, _)| *start == starts_at) {
        return Ok(*slot);
    }
    let inside = slots
        .iter()
        .any(|(start, end)| *start <= starts_at && starts_at < *end);
    Err(AppointmentError::invalid(
        field,
        if inside {
            format!(
                "is not the start of a slot (slots last {} minutes)",
                settings.slot_minutes
            )
        } else {
            "is outside opening hours".to_owned()
        },
    ))
}

fn month_partition(at: DateTime<Utc>) -> String {
    format!("SLOTS#{}", at.format("%Y-%m"))
}

fn sort_key(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// The key of the counter of the slot starting at `starts_at`.
pub fn counter_key(starts_at: DateTime<Utc>) -> Key {
    Key::new(month_partition(starts_at), sort_key(starts_at))
}

/// The write taking a place in the slot at `starts_at`, refused when it
/// already holds `capacity` cars.
pub fn take_op(starts_at: DateTime<Utc>, capacity: u32) -> (WriteOp, OnFailure) {
    let op = WriteOp::Update {
        key: counter_key(starts_at),
        changes: vec![Change::Add(BOOKED.into(), 1)],
        condition: Some(Condition::Or(vec![
            Condition::AttributeNotExists(BOOKED.into()),
            Condition::Compare(BOOKED.into(), CmpOp::Lt, Value::n(capacity)),
        ])),
    };
    (op, OnFailure::Refuse(SLOT_FULL.into()))
}

/// The write giving a place back in the slot at `starts_at`.
pub fn release_op(starts_at: DateTime<Utc>) -> (WriteOp, OnFailure) {
    let op = WriteOp::Update {
        key: counter_key(starts_at),
        changes: vec![Change::Add(BOOKED.into(), -1)],
        condition: None,
    };
    (op, OnFailure::Retry)
}

/// The places taken in the slots starting from `from` up to `to` (both included).
pub async fn booked_between(
    table: &dyn Table,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<BTreeMap<String, u32>, StoreError> {
    let mut booked = BTreeMap::new();
    let mut month = NaiveDate::from_ymd_opt(from.year(), from.month(), 1);
    while let Some(first) = month.filter(|first| *first <= to.date_naive()) {
        let partition = format!("SLOTS#{}", first.format("%Y-%m"));
        let mut query = Query::partition(Index::Primary, partition)
            .sort(SortKey::Between(sort_key(from), sort_key(to)))
            .limit(1000);
        loop {
            let page = table.query(&query).await?;
            for item in page.items {
                let key = item.get("sk").and_then(Value::as_s).map(str::to_owned);
                let count = item.get(BOOKED).and_then(Value::as_i64).unwrap_or(0);
                if let Some(key) = key {
                    booked.insert(key, u32::try_from(count.max(0)).unwrap_or(u32::MAX));
                }
            }
            match page.last_key {
                Some(last) => query.start_after = Some(last),
                None => break,
            }
        }
        month = first.checked_add_months(chrono::Months::new(1));
    }
    Ok(booked)
}

/// Refuses a day outside the years a garage's calendar covers.
pub fn check_day(field: &str, day: NaiveDate) -> Result<NaiveDate, AppointmentError> {
    if (2000..=2100).contains(&day.year()) {
        Ok(day)
    } else {
        Err(AppointmentError::invalid(
            field,
            "must be a day between 2000 and 2100",
        ))
    }
}

/// The slots of the days `from` to `to` that start after `now`, with their free places.
pub async fn free_slots(
    table: &dyn Table,
    settings: &ScheduleSettings,
    time_zone: Tz,
    from: NaiveDate,
    to: NaiveDate,
    now: DateTime<Utc>,
) -> Result<Vec<Slot>, AppointmentError> {
    check_day("from", from)?;
    check_day("to", to)?;
    if to < from {
        return Err(AppointmentError::invalid("to", "must not be before from"));
    }
    if (to - from).num_days() >= MAX_DAYS {
        return Err(AppointmentError::invalid(
            "to",
            format!("at most {MAX_DAYS} days from `from`"),
        ));
    }
    let mut slots = Vec::new();
    for offset in 0..=(to - from).num_days() {
        let Some(day) = from.checked_add_signed(Duration::days(offset)) else {
            break;
        };
        slots.extend(
            of_day(settings, time_zone, day)
                .into_iter()
                .filter(|(start, _)| *start > now),
        );
    }
    let (Some(first), Some(last)) = (slots.first(), slots.last()) else {
        return Ok(Vec::new());
    };
    let booked = booked_between(table, first.0, last.0).await?;
    Ok(slots
        .into_iter()
        .map(|(starts_at, ends_at)| {
            let taken = booked.get(&sort_key(starts_at)).copied().unwrap_or(0);
            Slot {
                starts_at,
                ends_at,
                capacity: settings.capacity,
                free: settings.capacity.saturating_sub(taken),
            }
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::appointments::schedule::Period;
    use crate::values::TimeOfDay;

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn a_tunis_weekday_has_its_morning_and_afternoon_slots() {
        let settings = ScheduleSettings::default();
        let slots = of_day(&settings, chrono_tz::Africa::Tunis, day("2026-12-08"));
        // 08:00–12:30 gives 4 hour slots (12:00 would end at 13:00), 14:00–18:00 gives 4.
        assert_eq!(slots.len(), 8);
        assert_eq!(slots[0].0.to_rfc3339(), "2026-12-08T07:00:00+00:00");
        assert_eq!(slots[4].0.to_rfc3339(), "2026-12-08T13:00:00+00:00");
        assert!(of_day(&settings, chrono_tz::Africa::Tunis, day("2026-12-13")).is_empty());
    }

    #[test]
    fn a_clock_change_skips_or_keeps_local_times_once() {
        let mut settings = ScheduleSettings::default();
        let night = vec![Period {
            open: TimeOfDay::parse("01:00").unwrap(),
            close: TimeOfDay::parse("04:00").unwrap(),
        }];
        settings.opening_hours.sunday = night;
        settings.slot_minutes = 60;
        let paris = chrono_tz::Europe::Paris;
        // 29 March 2026: 02:00 does not exist in Paris.
        let spring = of_day(&settings, paris, day("2026-03-29"));
        let starts: Vec<_> = spring.iter().map(|s| s.0.to_rfc3339()).collect();
        assert_eq!(
            starts,
            ["2026-03-29T00:00:00+00:00", "2026-03-29T01:00:00+00:00"]
        );
        // 25 October 2026: 02:00 happens twice; the slot is the first.
        let autumn = of_day(&settings, paris, day("2026-10-25"));
        let starts: Vec<_> = autumn.iter().map(|s| s.0.to_rfc3339()).collect();
        assert_eq!(
            starts,
            [
                "2026-10-24T23:00:00+00:00",
                "2026-10-25T00:00:00+00:00",
                "2026-10-25T02:00:00+00:00"
            ]
        );
    }

    #[test]
    fn a_bad_start_says_what_is_wrong() {
        let settings = ScheduleSettings {
            closed_days: vec![day("2026-12-09")],
            ..Default::default()
        };
        let tunis = chrono_tz::Africa::Tunis;
        let now: DateTime<Utc> = "2026-12-07T10:00:00Z".parse().unwrap();
        let message =
            |at: &str| match check(&settings, tunis, "starts_at", at.parse().unwrap(), now) {
                Err(AppointmentError::Invalid { message, .. }) => message,
                other => panic!("{at}: {other:?}"),
            };
        assert_eq!(message("2026-12-07T08:00:00Z"), "is in the past");
        assert_eq!(
            message("2026-12-09T08:00:00Z"),
            "the garage is closed on 2026-12-09"
        );
        assert_eq!(
            message("2026-12-13T08:00:00Z"),
            "the garage is closed on Sundays"
        );
        assert_eq!(message("2026-12-08T11:45:00Z"), "is outside opening hours");
        assert_eq!(
            message("2026-12-08T07:30:00Z"),
            "is not the start of a slot (slots last 60 minutes)"
        );
        assert!(
            check(
                &settings,
                tunis,
                "starts_at",
                "2026-12-08T07:00:00Z".parse().unwrap(),
                now
            )
            .is_ok()
        );
    }
}
