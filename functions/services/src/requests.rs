//! Request bodies of the service routes, and their conversion into the
//! domain's inputs. Every body refuses unknown fields, so a client cannot
//! set the status, the totals, the customer or any other server-owned field.

use chrono_tz::Tz;
use ecar_http::{
    domain::{
        CancelReason, CarId, DayOrInstant, ItemDescription, ItemName, MessageText, Money, Notes,
        Quantity, ServiceTitle, ServiceType,
    },
    events::Channel,
    http::{ApiError, non_null, nullable, restated, restated::NullOnly},
    services::{
        ItemType, Service, Status,
        complete::Completion,
        create::NewService,
        items::{ItemChanges, ItemFields},
        update::ServiceChanges,
    },
};
use serde::Deserialize;
use utoipa::ToSchema;

/// A service to schedule.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateServiceRequest {
    /// The car to service (its owner becomes the service's customer).
    pub car_id: CarId,
    /// What the service is, in a line.
    pub title: ServiceTitle,
    /// Details.
    #[serde(default)]
    pub description: Option<Notes>,
    /// The kind of service; `maintenance` by default.
    #[serde(default)]
    pub service_type: Option<ServiceType>,
    /// The day it is booked for (`YYYY-MM-DD`, the garage's calendar; a
    /// date-time, as the Django ECAR sent, books the day it falls on).
    pub scheduled_date: DayOrInstant,
    /// Technician notes.
    #[serde(default)]
    pub technician_notes: Option<Notes>,
    /// The Django ECAR's form field: only `scheduled` (a service starts
    /// scheduled; the workflow routes move it on).
    #[serde(default)]
    #[schema(example = "scheduled")]
    pub status: Option<String>,
    /// The Django ECAR's form field: only `null` (`complete` sets it).
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    #[allow(dead_code, reason = "only parsed: its parser accepts nothing but null")]
    pub completed_date: Option<NullOnly>,
}

impl CreateServiceRequest {
    /// The domain's input; the day in the garage's time zone `time_zone`.
    pub fn into_new(self, time_zone: Tz) -> Result<NewService, ApiError> {
        restated(
            "status",
            self.status.as_deref(),
            Status::Scheduled.as_str(),
            WORKFLOW,
        )?;
        Ok(NewService {
            car_id: self.car_id,
            title: self.title,
            description: self.description.unwrap_or_default(),
            service_type: match self.service_type {
                Some(kind) => kind,
                None => default_service_type()?,
            },
            scheduled_date: self.scheduled_date.day_in(time_zone),
            technician_notes: self.technician_notes.unwrap_or_default(),
        })
    }
}

/// How a service's status changes.
const WORKFLOW: &str =
    "a service's status changes through its workflow routes (start, complete, cancel)";

/// The fields of the Django ECAR's service forms that a service owns here:
/// accepted when they restate the service (`car_id`, `status`,
/// `completed_date`), refused otherwise.
pub fn check_restated(
    service: &Service,
    car_id: Option<&CarId>,
    status: Option<&str>,
    completed_date: Option<Option<DayOrInstant>>,
    time_zone: Tz,
) -> Result<(), ApiError> {
    restated(
        "car_id",
        car_id,
        &service.car_id,
        "a service stays on its car; cancel it and schedule one on the other car",
    )?;
    restated("status", status, service.status.as_str(), WORKFLOW)?;
    restated(
        "completed_date",
        completed_date
            .map(|date| date.map(|date| date.day_in(time_zone)))
            .as_ref(),
        &service.completed_date,
        "POST /api/services/{id}/complete sets it",
    )
}

fn default_service_type() -> Result<ServiceType, ApiError> {
    ServiceType::parse("maintenance").map_err(|_| ApiError::internal())
}

/// A whole service (`PUT`): absent optional fields become empty, the status
/// and the items are not part of it.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReplaceServiceRequest {
    /// What the service is, in a line.
    pub title: ServiceTitle,
    /// Details.
    #[serde(default)]
    pub description: Option<Notes>,
    /// The kind of service; `maintenance` when absent.
    #[serde(default)]
    pub service_type: Option<ServiceType>,
    /// The day it is booked for (a date, or a date-time); a change is a
    /// reschedule, with its rules.
    pub scheduled_date: DayOrInstant,
    /// Technician notes.
    #[serde(default)]
    pub technician_notes: Option<Notes>,
    /// Odometer reading at the service, in km; absent leaves it as it is.
    #[serde(default)]
    #[schema(maximum = 9_999_999)]
    pub service_mileage: Option<u64>,
    /// The version this replaces (or `If-Match`).
    #[serde(default)]
    pub version: Option<u64>,
    /// The Django ECAR's form field: the service's own car.
    #[serde(default)]
    pub car_id: Option<CarId>,
    /// The Django ECAR's form field: the service's current status.
    #[serde(default)]
    #[schema(example = "scheduled")]
    pub status: Option<String>,
    /// The Django ECAR's form field: the service's completion day (`null`
    /// until completed).
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<DayOrInstant>)]
    pub completed_date: Option<Option<DayOrInstant>>,
}

impl ReplaceServiceRequest {
    /// Whether it names fields the service owns, to check against it.
    pub fn restates(&self) -> bool {
        self.car_id.is_some() || self.status.is_some() || self.completed_date.is_some()
    }

    /// Checks the fields the service owns against it.
    pub fn check_restated(&self, service: &Service, time_zone: Tz) -> Result<(), ApiError> {
        check_restated(
            service,
            self.car_id.as_ref(),
            self.status.as_deref(),
            self.completed_date,
            time_zone,
        )
    }

    /// The changes: every field.
    pub fn changes(self, time_zone: Tz) -> Result<ServiceChanges, ApiError> {
        Ok(ServiceChanges {
            title: Some(self.title),
            description: Some(self.description.unwrap_or_default()),
            service_type: Some(match self.service_type {
                Some(kind) => kind,
                None => default_service_type()?,
            }),
            scheduled_date: Some(self.scheduled_date.day_in(time_zone)),
            service_mileage: self.service_mileage,
            technician_notes: Some(self.technician_notes.unwrap_or_default()),
        })
    }
}

/// Some fields of a service (`PATCH`, and the changes of a bulk update):
/// absent fields stay as they are, `null` is refused. The status is not one
/// of them.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PatchServiceRequest {
    /// What the service is, in a line.
    #[serde(default, deserialize_with = "non_null")]
    pub title: Option<ServiceTitle>,
    /// Details (an empty string clears them).
    #[serde(default, deserialize_with = "non_null")]
    pub description: Option<Notes>,
    /// The kind of service.
    #[serde(default, deserialize_with = "non_null")]
    pub service_type: Option<ServiceType>,
    /// The day it is booked for (a date, or a date-time); a change is a
    /// reschedule, with its rules.
    #[serde(default, deserialize_with = "non_null")]
    pub scheduled_date: Option<DayOrInstant>,
    /// Technician notes (an empty string clears them).
    #[serde(default, deserialize_with = "non_null")]
    pub technician_notes: Option<Notes>,
    /// Odometer reading at the service, in km (fixed once completed).
    #[serde(default, deserialize_with = "non_null")]
    #[schema(maximum = 9_999_999)]
    pub service_mileage: Option<u64>,
    /// The version this changes (or `If-Match`); not allowed in a bulk update.
    #[serde(default, deserialize_with = "non_null")]
    pub version: Option<u64>,
    /// The Django ECAR's form field: the service's own car (not in a bulk update).
    #[serde(default, deserialize_with = "non_null")]
    pub car_id: Option<CarId>,
    /// The Django ECAR's form field: the service's current status (not in a
    /// bulk update).
    #[serde(default, deserialize_with = "non_null")]
    #[schema(example = "scheduled")]
    pub status: Option<String>,
    /// The Django ECAR's form field: the service's completion day (not in a
    /// bulk update).
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<DayOrInstant>)]
    pub completed_date: Option<Option<DayOrInstant>>,
}

impl PatchServiceRequest {
    /// Whether it names fields the service owns, to check against it.
    pub fn restates(&self) -> bool {
        self.car_id.is_some() || self.status.is_some() || self.completed_date.is_some()
    }

    /// Checks the fields the service owns against it.
    pub fn check_restated(&self, service: &Service, time_zone: Tz) -> Result<(), ApiError> {
        check_restated(
            service,
            self.car_id.as_ref(),
            self.status.as_deref(),
            self.completed_date,
            time_zone,
        )
    }

    /// The changes.
    pub fn changes(&self, time_zone: Tz) -> ServiceChanges {
        ServiceChanges {
            title: self.title.clone(),
            description: self.description.clone(),
            service_type: self.service_type.clone(),
            scheduled_date: self.scheduled_date.map(|date| date.day_in(time_zone)),
            service_mileage: self.service_mileage,
            technician_notes: self.technician_notes.clone(),
        }
    }
}

/// A part or labour line to add.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AddItemRequest {
    /// `part` or `labor`.
    pub item_type: ItemType,
    /// What it is.
    pub name: ItemName,
    /// Details.
    #[serde(default)]
    pub description: Option<ItemDescription>,
    /// How many (hours for labour): a decimal string above 0.
    pub quantity: Quantity,
    /// Price of one: a decimal string with at most the currency's decimals.
    pub unit_price: Money,
    /// The service's version this changes (or `If-Match`).
    #[serde(default)]
    pub version: Option<u64>,
}

impl AddItemRequest {
    /// The item's fields.
    pub fn fields(self) -> ItemFields {
        ItemFields {
            item_type: self.item_type,
            name: self.name,
            description: self.description.unwrap_or_default(),
            quantity: self.quantity,
            unit_price: self.unit_price,
        }
    }
}

/// Some fields of an item; absent fields stay as they are.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PatchItemRequest {
    /// `part` or `labor`.
    #[serde(default, deserialize_with = "non_null")]
    pub item_type: Option<ItemType>,
    /// What it is.
    #[serde(default, deserialize_with = "non_null")]
    pub name: Option<ItemName>,
    /// Details (an empty string clears them).
    #[serde(default, deserialize_with = "non_null")]
    pub description: Option<ItemDescription>,
    /// How many: a decimal string above 0.
    #[serde(default, deserialize_with = "non_null")]
    pub quantity: Option<Quantity>,
    /// Price of one: a decimal string.
    #[serde(default, deserialize_with = "non_null")]
    pub unit_price: Option<Money>,
    /// The service's version this changes (or `If-Match`).
    #[serde(default, deserialize_with = "non_null")]
    pub version: Option<u64>,
}

impl PatchItemRequest {
    /// The changes.
    pub fn changes(self) -> ItemChanges {
        ItemChanges {
            item_type: self.item_type,
            name: self.name,
            description: self.description,
            quantity: self.quantity,
            unit_price: self.unit_price,
        }
    }
}

/// Completing a service.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CompleteRequest {
    /// The day it was completed (`YYYY-MM-DD`, or a date-time); today in
    /// the garage's time zone by default.
    #[serde(default, deserialize_with = "non_null")]
    pub completed_date: Option<DayOrInstant>,
    /// Odometer reading, in km; the car's current mileage by default. The
    /// car's mileage is raised to it if lower.
    #[serde(default, deserialize_with = "non_null")]
    #[schema(maximum = 9_999_999)]
    pub service_mileage: Option<u64>,
    /// Technician notes; absent leaves them as they are.
    #[serde(default, deserialize_with = "non_null")]
    pub technician_notes: Option<Notes>,
    /// The version this completes (or `If-Match`).
    #[serde(default, deserialize_with = "non_null")]
    pub version: Option<u64>,
}

impl CompleteRequest {
    /// The domain's input.
    pub fn completion(&self, time_zone: Tz) -> Completion {
        Completion {
            completed_date: self.completed_date.map(|date| date.day_in(time_zone)),
            service_mileage: self.service_mileage,
            technician_notes: self.technician_notes.clone(),
        }
    }
}

/// Starting a service: no fields but the version, and no body at all is fine.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StartRequest {
    /// The version this starts (or `If-Match`).
    #[serde(default)]
    pub version: Option<u64>,
}

/// Cancelling a service.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CancelRequest {
    /// Why.
    pub reason: CancelReason,
    /// The version this cancels (or `If-Match`).
    #[serde(default)]
    pub version: Option<u64>,
}

/// Moving a service to another day.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RescheduleRequest {
    /// The new day (`YYYY-MM-DD`, or a date-time as the Django ECAR sent).
    pub scheduled_date: DayOrInstant,
    /// The version this changes (or `If-Match`).
    #[serde(default)]
    pub version: Option<u64>,
}

/// A message to the car's owner about the service.
#[derive(Debug, Deserialize, ToSchema)]
#[schema(as = ServiceNotificationRequest)]
#[serde(deny_unknown_fields)]
pub struct SendNotificationRequest {
    /// The text; a summary of the service's state by default.
    #[serde(default)]
    pub message: Option<MessageText>,
    /// `push` (the app, on every registered phone) and/or `sms`.
    #[schema(min_items = 1, max_items = 2)]
    pub channels: Vec<Channel>,
}

/// A text message to the car's owner (the Django ECAR's
/// `send_sms_notification`, which took no field).
#[derive(Debug, Default, Deserialize, ToSchema)]
#[schema(as = ServiceSmsRequest)]
#[serde(deny_unknown_fields)]
pub struct SmsRequest {
    /// The text; a summary of the service's state by default.
    #[serde(default)]
    pub message: Option<MessageText>,
}

/// The same changes to many services.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BulkUpdateRequest {
    /// The services, 1 to 1000 ids.
    #[schema(min_items = 1, max_items = 1000)]
    pub ids: Vec<String>,
    /// The changes, as for `PATCH /api/services/{id}` (without `version`).
    pub changes: PatchServiceRequest,
}

/// Assigning a service to a technician, or to nobody.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AssignRequest {
    /// The technician's user id; `null` takes the job off whoever had it.
    #[serde(deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub technician_id: Option<Option<String>>,
    /// The version this changes (or `If-Match`).
    #[serde(default, deserialize_with = "non_null")]
    pub version: Option<u64>,
}

/// The technician's notes on a service.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NotesRequest {
    /// The notes, replacing the previous ones (an empty string clears them).
    pub technician_notes: Notes,
    /// The version this changes (or `If-Match`).
    #[serde(default, deserialize_with = "non_null")]
    pub version: Option<u64>,
}
