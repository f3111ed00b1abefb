//! The garage's hours and capacity, which admins edit: opening hours per
//! weekday (one or more periods, such as a lunch break between two), closed
//! days, the slot length, how many cars one slot takes, how long before a
//! slot customers may still change it, and when they are reminded.
//!
//! One item, `pk = GARAGE`, `sk = SCHEDULE`, written conditional on its
//! version; until an admin saves one, [`Schedule::default`] applies.
//! Times are on the garage's clock, in its time zone (configuration).

use chrono::{DateTime, Datelike, NaiveDate, Utc, Weekday};
use serde::{Deserialize, Serialize};

use super::AppointmentError;
use crate::{
    Ports,
    audit::{AuditAction, AuditActor, AuditRecord, Changes},
    store::{Condition, Item, ItemError, Key, Table, Value, WriteOp, from_item, to_item},
    values::TimeOfDay,
};

/// Most periods in one day.
pub const MAX_PERIODS: usize = 4;
/// Most closed days on record.
pub const MAX_CLOSED_DAYS: usize = 400;

/// One opening period of a day, `open` to `close`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Period {
    /// When it opens.
    pub open: TimeOfDay,
    /// When it closes (after `open`).
    pub close: TimeOfDay,
}

/// The opening periods of each weekday (none: closed that day).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct WeekHours {
    pub monday: Vec<Period>,
    pub tuesday: Vec<Period>,
    pub wednesday: Vec<Period>,
    pub thursday: Vec<Period>,
    pub friday: Vec<Period>,
    pub saturday: Vec<Period>,
    pub sunday: Vec<Period>,
}

impl WeekHours {
    /// The periods of a weekday.
    pub fn of(&self, weekday: Weekday) -> &[Period] {
        match weekday {
            Weekday::Mon => &self.monday,
            Weekday::Tue => &self.tuesday,
            Weekday::Wed => &self.wednesday,
            Weekday::Thu => &self.thursday,
            Weekday::Fri => &self.friday,
            Weekday::Sat => &self.saturday,
            Weekday::Sun => &self.sunday,
        }
    }

    fn days(&self) -> [(&'static str, &[Period]); 7] {
        [
            ("monday", &self.monday),
            ("tuesday", &self.tuesday),
            ("wednesday", &self.wednesday),
            ("thursday", &self.thursday),
            ("friday", &self.friday),
            ("saturday", &self.saturday),
            ("sunday", &self.sunday),
        ]
    }
}

/// What admins set. Not closed to other fields: the schedule the API shows
/// adds its own to these (`Schedule`); the request body of its `PUT`
/// refuses unknown ones.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScheduleSettings {
    /// Opening hours per weekday.
    pub opening_hours: WeekHours,
    /// Days the garage is closed (holidays), `YYYY-MM-DD`.
    #[serde(default)]
    pub closed_days: Vec<NaiveDate>,
    /// Length of a slot, in minutes (10 to 480, a multiple of 5).
    pub slot_minutes: u32,
    /// Cars one slot takes (1 to 100).
    pub capacity: u32,
    /// Hours before a slot after which a customer can no longer reschedule
    /// or cancel online (0 to 168).
    pub cutoff_hours: u32,
    /// Hours before a confirmed appointment its reminder goes (1 to 168).
    pub reminder_hours: u32,
}

/// The garage's schedule, as the API shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Schedule {
    /// What admins set.
    #[serde(flatten)]
    pub settings: ScheduleSettings,
    /// The garage's time zone (configuration: `ECAR_TIME_ZONE`).
    pub time_zone: String,
    /// 0 until an admin saves the schedule; send it back in `If-Match`.
    pub version: u64,
    /// When it was last saved.
    pub updated_at: Option<DateTime<Utc>>,
}

fn period(open: &str, close: &str) -> Period {
    Period {
        open: TimeOfDay::parse(open).unwrap_or_else(|_| TimeOfDay::from_minutes(0)),
        close: TimeOfDay::parse(close).unwrap_or_else(|_| TimeOfDay::from_minutes(0)),
    }
}

impl Default for ScheduleSettings {
    /// A Tunisian garage's week: 08:00–12:30 and 14:00–18:00 on weekdays,
    /// Saturday morning, hour slots of two cars.
    fn default() -> Self {
        let weekday = vec![period("08:00", "12:30"), period("14:00", "18:00")];
        Self {
            opening_hours: WeekHours {
                monday: weekday.clone(),
                tuesday: weekday.clone(),
                wednesday: weekday.clone(),
                thursday: weekday.clone(),
                friday: weekday,
                saturday: vec![period("08:00", "13:00")],
                sunday: Vec::new(),
            },
            closed_days: Vec::new(),
            slot_minutes: 60,
            capacity: 2,
            cutoff_hours: 24,
            reminder_hours: 24,
        }
    }
}

impl ScheduleSettings {
    /// The settings if they make a usable calendar: each rule broken names its field.
    pub fn check(mut self) -> Result<Self, AppointmentError> {
        if !(10..=480).contains(&self.slot_minutes) || !self.slot_minutes.is_multiple_of(5) {
            return Err(AppointmentError::invalid(
                "slot_minutes",
                "must be 10 to 480 minutes, a multiple of 5",
            ));
        }
        if !(1..=100).contains(&self.capacity) {
            return Err(AppointmentError::invalid(
                "capacity",
                "must be 1 to 100 cars per slot",
            ));
        }
        if self.cutoff_hours > 168 {
            return Err(AppointmentError::invalid(
                "cutoff_hours",
                "must be 0 to 168 hours",
            ));
        }
        if !(1..=168).contains(&self.reminder_hours) {
            return Err(AppointmentError::invalid(
                "reminder_hours",
                "must be 1 to 168 hours",
            ));
        }
        for (day, periods) in self.opening_hours.days() {
            let field = format!("opening_hours.{day}");
            if periods.len() > MAX_PERIODS {
                return Err(AppointmentError::invalid(
                    field,
                    format!("at most {MAX_PERIODS} periods a day"),
                ));
            }
            let mut last_close = 0;
            for (at, period) in periods.iter().enumerate() {
                let (open, close) = (period.open.minutes(), period.close.minutes());
                if open >= close {
                    return Err(AppointmentError::invalid(
                        format!("{field}[{at}]"),
                        "must close after it opens",
                    ));
                }
                if at > 0 && open < last_close {
                    return Err(AppointmentError::invalid(
                        format!("{field}[{at}]"),
                        "must start after the previous period closes",
                    ));
                }
                last_close = close;
            }
        }
        self.closed_days.sort_unstable();
        self.closed_days.dedup();
        if self.closed_days.len() > MAX_CLOSED_DAYS {
            return Err(AppointmentError::invalid(
                "closed_days",
                format!("at most {MAX_CLOSED_DAYS} days"),
            ));
        }
        Ok(self)
    }

    /// Whether the garage is closed all day on `day`.
    pub fn is_closed(&self, day: NaiveDate) -> bool {
        self.closed_days.binary_search(&day).is_ok()
            || self.opening_hours.of(day.weekday()).is_empty()
    }
}

/// The key of the schedule item.
pub fn schedule_key() -> Key {
    Key::new("GARAGE", "SCHEDULE")
}

/// The schedule as stored (the time zone is configuration, not data).
#[derive(Serialize, Deserialize)]
struct Stored {
    settings: ScheduleSettings,
    version: u64,
    updated_at: Option<DateTime<Utc>>,
}

fn stored_item(schedule: &Schedule) -> Result<Item, ItemError> {
    let mut item = to_item(&Stored {
        settings: schedule.settings.clone(),
        version: schedule.version,
        updated_at: schedule.updated_at,
    })?;
    item.extend(schedule_key().to_item());
    Ok(item)
}

/// The schedule in force (the default until an admin saves one), in `time_zone`.
pub async fn get(table: &dyn Table, time_zone: &str) -> Result<Schedule, AppointmentError> {
    let stored = match table.get(&schedule_key()).await? {
        Some(item) => from_item::<Stored>(item)?,
        None => Stored {
            settings: ScheduleSettings::default(),
            version: 0,
            updated_at: None,
        },
    };
    Ok(Schedule {
        settings: stored.settings,
        time_zone: time_zone.to_owned(),
        version: stored.version,
        updated_at: stored.updated_at,
    })
}

/// Saves new settings over the schedule read at `expected_version` (any
/// version when `None`), recording it in the audit log; a stale version is
/// refused.
pub async fn save(
    ports: &Ports,
    actor: &AuditActor,
    settings: ScheduleSettings,
    expected_version: Option<u64>,
) -> Result<Schedule, AppointmentError> {
    let table = ports.table.as_ref();
    let time_zone = ports.config.time_zone.name();
    let now = ports.clock.now();
    let settings = settings.check()?;
    let current = get(table, time_zone).await?;
    if expected_version.is_some_and(|version| version != current.version) {
        return Err(AppointmentError::StaleVersion);
    }
    let schedule = Schedule {
        settings,
        time_zone: time_zone.to_owned(),
        version: current.version + 1,
        updated_at: Some(now),
    };
    let condition = if current.version == 0 {
        Condition::NotExists
    } else {
        Condition::Equals("version".into(), Value::n(current.version))
    };
    let changes = Changes::between(&current.settings, &schedule.settings, &[])?;
    let record = AuditRecord::new(
        actor.clone(),
        AuditAction::ScheduleUpdated,
        "schedule",
        changes,
        now,
    );
    let ops = vec![
        WriteOp::Put {
            item: stored_item(&schedule)?,
            condition: Some(condition),
        },
        record.op(&ports.config)?,
    ];
    match table.transact(ops).await {
        Ok(()) => Ok(schedule),
        Err(crate::store::StoreError::ConditionFailed { .. }) => {
            Err(AppointmentError::StaleVersion)
        }
        Err(other) => Err(other.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_week_is_a_valid_schedule() {
        let settings = ScheduleSettings::default().check().unwrap();
        let monday = NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
        assert!(!settings.is_closed(monday));
        assert!(settings.is_closed(NaiveDate::from_ymd_opt(2026, 12, 13).unwrap()));
    }

    #[test]
    fn each_broken_rule_names_its_field() {
        let field_of = |settings: ScheduleSettings| match settings.check() {
            Err(AppointmentError::Invalid { field, .. }) => field,
            other => panic!("expected a refusal, got {other:?}"),
        };
        let settings = ScheduleSettings {
            slot_minutes: 7,
            ..Default::default()
        };
        assert_eq!(field_of(settings), "slot_minutes");
        let settings = ScheduleSettings {
            capacity: 0,
            ..Default::default()
        };
        assert_eq!(field_of(settings), "capacity");
        let mut settings = ScheduleSettings::default();
        settings.opening_hours.tuesday = vec![period("14:00", "12:00")];
        assert_eq!(field_of(settings), "opening_hours.tuesday[0]");
        let mut settings = ScheduleSettings::default();
        settings.opening_hours.friday = vec![period("08:00", "12:00"), period("11:00", "15:00")];
        assert_eq!(field_of(settings), "opening_hours.friday[1]");
        let settings = ScheduleSettings {
            reminder_hours: 0,
            ..Default::default()
        };
        assert_eq!(field_of(settings), "reminder_hours");
    }

    #[test]
    fn closed_days_are_kept_sorted_once() {
        let mut settings = ScheduleSettings::default();
        let day = NaiveDate::from_ymd_opt(2026, 12, 8).unwrap();
        settings.closed_days = vec![day, day];
        let settings = settings.check().unwrap();
        assert_eq!(settings.closed_days, [day]);
        assert!(settings.is_closed(day));
    }
}
