//! Appointments: a customer's car booked into a slot of the garage's
//! calendar, from the request to the check-in that opens its service.
//!
//! Items (one table, see ARCHITECTURE.md):
//! - the appointment: `pk = APPOINTMENT#<id>`, `sk = APPOINTMENT`, the
//!   fields of [`Appointment`], and three lists sorted by `<start>#<id>`:
//!   `gsi1pk = APPOINTMENTS#CALENDAR` (the garage's calendar),
//!   `gsi2pk = APPOINTMENTS#CUSTOMER#<customer id>`, `gsi3pk = APPOINTMENTS#CAR#<car id>`;
//! - its entry in the list of all appointments (see [`commit`]);
//! - the place it takes in its slot's counter (see [`slots`]), and the
//!   garage's schedule (see [`schedule`]);
//! - the customers' requests that lead to appointments (see [`requests`]).

pub mod book;
pub mod change;
pub mod commit;
pub mod error;
pub mod list;
pub mod notify;
pub mod reminders;
pub mod requests;
pub mod schedule;
pub mod slots;
pub mod status;

pub use error::AppointmentError;
pub use status::{Action, Status};

use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};

use crate::{
    cars::Car,
    store::{Item, ItemError, Key, Table, Value, to_item},
    values::{
        AppointmentId, CancelReason, CarId, CarMake, CarModel, CustomerId, LicensePlate, Notes,
        ServiceId,
    },
};

/// Sort key of an appointment item.
pub const APPOINTMENT_SK: &str = "APPOINTMENT";
/// The `entity` attribute of appointment items.
pub const APPOINTMENT_ENTITY: &str = "appointment";
/// GSI1 partition of the garage's calendar.
pub const CALENDAR: &str = "APPOINTMENTS#CALENDAR";

/// Who booked an appointment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum BookedBy {
    /// The customer, in the portal: the garage confirms it.
    Customer,
    /// Staff: confirmed as booked.
    Staff,
}

/// The car as it was when booked, so that calendars name it without a read per row.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CarSummary {
    /// Its plate.
    pub license_plate: LicensePlate,
    /// Its make.
    pub make: CarMake,
    /// Its model.
    pub model: CarModel,
}

impl CarSummary {
    /// The summary of `car`.
    pub fn of(car: &Car) -> Self {
        Self {
            license_plate: car.license_plate.clone(),
            make: car.make.clone(),
            model: car.model.clone(),
        }
    }

    /// How a message names the car: `Peugeot 208 (185 TU 4521)`.
    pub fn label(&self) -> String {
        format!("{} {} ({})", self.make, self.model, self.license_plate)
    }
}

/// An appointment, as stored and as the API shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Appointment {
    /// Opaque, time-sortable id.
    pub id: AppointmentId,
    /// The car booked.
    pub car_id: CarId,
    /// Its owner.
    pub customer_id: CustomerId,
    /// The car, as booked.
    pub car: CarSummary,
    /// The owner's name, as booked.
    pub customer_name: String,
    /// When its slot starts.
    pub starts_at: DateTime<Utc>,
    /// When its slot ends.
    pub ends_at: DateTime<Utc>,
    /// Where it is in its life; changed only by the workflow routes.
    pub status: Status,
    /// Who booked it.
    pub booked_by: BookedBy,
    /// What the customer wants done (may be empty).
    pub description: Notes,
    /// Why the garage declined it.
    pub decline_reason: Option<CancelReason>,
    /// Why it was cancelled.
    pub cancel_reason: Option<CancelReason>,
    /// The service its check-in opened.
    pub service_id: Option<ServiceId>,
    /// The start its reminder was sent for (a reschedule brings a new one).
    pub reminded_for: Option<DateTime<Utc>>,
    /// The technician (user id) who will do the work; the service its
    /// check-in opens is theirs.
    #[serde(default)]
    pub technician_id: Option<String>,
    /// Incremented by every change; send it back in `If-Match`.
    pub version: u64,
    /// Creation time.
    pub created_at: DateTime<Utc>,
    /// Last change time.
    pub updated_at: DateTime<Utc>,
}

/// The key of an appointment.
pub fn appointment_key(id: &AppointmentId) -> Key {
    Key::new(format!("APPOINTMENT#{id}"), APPOINTMENT_SK)
}

/// GSI2 partition of a customer's appointments.
pub fn by_customer(customer_id: &CustomerId) -> String {
    format!("APPOINTMENTS#CUSTOMER#{customer_id}")
}

/// GSI3 partition of a car's appointments.
pub fn by_car(car_id: &CarId) -> String {
    format!("APPOINTMENTS#CAR#{car_id}")
}

/// The sort key of an instant in the lists (RFC 3339, UTC, to the second).
pub fn instant_key(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

impl Appointment {
    /// The key of this appointment.
    pub fn key(&self) -> Key {
        appointment_key(&self.id)
    }

    /// Its sort key in every list: by start, then id.
    pub fn list_sort_key(&self) -> String {
        format!("{}#{}", instant_key(self.starts_at), self.id)
    }

    /// Whether it overlaps the time from `start` to `end`.
    pub fn overlaps(&self, start: DateTime<Utc>, end: DateTime<Utc>) -> bool {
        self.starts_at < end && start < self.ends_at
    }

    /// The stored item, with its list attributes.
    pub fn item(&self) -> Result<Item, ItemError> {
        let mut item = to_item(self)?;
        item.extend(self.key().to_item());
        let sort = Value::s(self.list_sort_key());
        item.insert("entity".into(), Value::s(APPOINTMENT_ENTITY));
        item.insert("gsi1pk".into(), Value::s(CALENDAR));
        item.insert("gsi1sk".into(), sort.clone());
        item.insert("gsi2pk".into(), Value::s(by_customer(&self.customer_id)));
        item.insert("gsi2sk".into(), sort.clone());
        item.insert("gsi3pk".into(), Value::s(by_car(&self.car_id)));
        item.insert("gsi3sk".into(), sort);
        Ok(item)
    }
}

/// Reads an appointment.
pub async fn get(
    table: &dyn Table,
    id: &AppointmentId,
) -> Result<Option<Appointment>, AppointmentError> {
    crate::entity::get::<Appointment>(table, id).await
}
