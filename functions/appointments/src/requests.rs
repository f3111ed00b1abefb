//! Request bodies and filters of the appointment routes. Every body refuses
//! unknown fields, so a client cannot set the status, the customer, the
//! service or any other server-owned field.

use chrono::{DateTime, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;
use ecar_http::{
    appointments::{
        Status,
        book::NewAppointment,
        change::ServiceDraft,
        list::{Scope, Selection},
        schedule::{ScheduleSettings, WeekHours},
        slots,
    },
    domain::{CancelReason, CarId, CustomerId, Notes, ServiceTitle, ServiceType},
    http::ApiError,
};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

/// The garage's new schedule (`PUT /api/appointments/schedule`).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ScheduleRequest {
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

impl ScheduleRequest {
    /// The settings it asks for.
    pub fn into_settings(self) -> ScheduleSettings {
        ScheduleSettings {
            opening_hours: self.opening_hours,
            closed_days: self.closed_days,
            slot_minutes: self.slot_minutes,
            capacity: self.capacity,
            cutoff_hours: self.cutoff_hours,
            reminder_hours: self.reminder_hours,
        }
    }
}

/// An appointment to book.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BookRequest {
    /// The car (a customer: one of their own).
    pub car_id: CarId,
    /// The start of a free slot (`GET /api/appointments/slots`), RFC 3339.
    pub starts_at: DateTime<Utc>,
    /// What the customer wants done.
    #[serde(default)]
    pub description: Option<Notes>,
}

impl BookRequest {
    /// The domain's input.
    pub fn into_new(self) -> NewAppointment {
        NewAppointment {
            car_id: self.car_id,
            starts_at: self.starts_at,
            description: self.description.unwrap_or_default(),
        }
    }
}

/// Only the version, for the actions that need nothing else.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct VersionRequest {
    /// The version acted on (or `If-Match`).
    pub version: Option<u64>,
}

/// Why the garage declines.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DeclineRequest {
    /// Told to the customer.
    pub reason: CancelReason,
    /// The version declined (or `If-Match`).
    pub version: Option<u64>,
}

/// Calling an appointment off.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CancelAppointmentRequest {
    /// Why, if said.
    pub reason: Option<CancelReason>,
    /// The version cancelled (or `If-Match`).
    pub version: Option<u64>,
}

/// Moving an appointment.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RescheduleAppointmentRequest {
    /// The start of the new slot, RFC 3339.
    pub starts_at: DateTime<Utc>,
    /// The version moved (or `If-Match`).
    pub version: Option<u64>,
}

/// Checking a car in: the service it opens.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CheckInRequest {
    /// The service's title; by default the first line of the appointment's
    /// description, or "Appointment".
    pub title: Option<ServiceTitle>,
    /// The kind of service; `maintenance` by default.
    pub service_type: Option<ServiceType>,
    /// The version checked in (or `If-Match`).
    pub version: Option<u64>,
}

impl CheckInRequest {
    /// The service draft (the domain defaults what is left out).
    pub fn draft(&self) -> ServiceDraft {
        ServiceDraft {
            title: self.title.clone(),
            service_type: self.service_type.clone(),
        }
    }
}

/// The days of a slot query.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SlotQuery {
    /// First day (`YYYY-MM-DD`, the garage's calendar).
    pub from: NaiveDate,
    /// Last day, at most 31 days after `from`; `from` by default.
    pub to: Option<NaiveDate>,
}

/// Filters of the appointment lists.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AppointmentFilters {
    /// Starting on or after this day (`YYYY-MM-DD`, the garage's calendar).
    pub from: Option<NaiveDate>,
    /// Starting on or before this day.
    pub to: Option<NaiveDate>,
    /// `requested`, `confirmed`, `checked_in`, `declined`, `cancelled` or `no_show`.
    pub status: Option<String>,
    /// Appointments of this customer (staff; a customer sees only their own anyway).
    pub customer_id: Option<String>,
    /// Appointments of this car.
    pub car_id: Option<String>,
}

/// The instant a day of the garage's calendar starts.
fn day_start(day: NaiveDate, time_zone: Tz) -> DateTime<Utc> {
    let midnight = day.and_time(NaiveTime::MIN);
    match time_zone.from_local_datetime(&midnight).earliest() {
        Some(start) => start.with_timezone(&Utc),
        // A day whose midnight a clock change skips: near enough, in UTC.
        None => Utc.from_utc_datetime(&midnight),
    }
}

impl AppointmentFilters {
    /// The selection for a caller whose own scope is `own` (`None`: staff).
    pub fn selection(self, own: Option<CustomerId>, time_zone: Tz) -> Result<Selection, ApiError> {
        let status = self
            .status
            .map(|text| {
                Status::parse(&text)
                    .ok_or_else(|| ApiError::invalid_field("status", "is not a status"))
            })
            .transpose()?;
        let car = self
            .car_id
            .map(|text| CarId::parse(&text).map_err(|e| ApiError::invalid_field("car_id", e)))
            .transpose()?;
        let customer = self
            .customer_id
            .map(|text| {
                CustomerId::parse(&text).map_err(|e| ApiError::invalid_field("customer_id", e))
            })
            .transpose()?;
        for (field, day) in [("from", self.from), ("to", self.to)] {
            if let Some(day) = day {
                slots::check_day(field, day)?;
            }
        }
        if let (Some(from), Some(to)) = (self.from, self.to)
            && to < from
        {
            return Err(ApiError::invalid_field("to", "must not be before from"));
        }
        if let (Some(own), Some(named)) = (&own, &customer)
            && named != own
        {
            return Err(ApiError::invalid_field("customer_id", "is not yours"));
        }
        let scope = match (car, customer.or_else(|| own.clone())) {
            (Some(car), _) => Scope::Car(car),
            (None, Some(customer)) => Scope::Customer(customer),
            (None, None) => Scope::Garage,
        };
        Ok(Selection {
            scope,
            from: self.from.map(|day| day_start(day, time_zone)),
            to: self
                .to
                .and_then(|day| day.succ_opt())
                .map(|day| day_start(day, time_zone)),
            status,
            // A car's list holds its past owners' appointments too.
            owner: own,
        })
    }
}

/// Giving the work to a technician, or to nobody.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AssignAppointmentRequest {
    /// The technician's user id; `null` takes it off whoever had it.
    #[serde(deserialize_with = "ecar_http::http::nullable")]
    #[schema(value_type = Option<String>)]
    pub technician_id: Option<Option<String>>,
    /// The version this changes (or `If-Match`).
    #[serde(default)]
    pub version: Option<u64>,
}
