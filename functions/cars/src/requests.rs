//! Request bodies of the car routes, and their conversion into the domain's inputs.

use chrono::NaiveDate;
use ecar_http::{
    cars::{FuelType, create::NewCar, update::CarChanges},
    domain::{CarMake, CarModel, CustomerId, LicensePlate, MessageText, Vin},
    http::non_null,
};
use serde::{Deserialize, Deserializer, de::Error};
use utoipa::ToSchema;

/// A car to register.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateCarRequest {
    /// Its owner.
    pub customer_id: CustomerId,
    /// Manufacturer.
    pub make: CarMake,
    /// Model.
    pub model: CarModel,
    /// Model year.
    #[schema(minimum = 1886)]
    pub year: u16,
    /// Plate, as written (`123 TU 4567`).
    pub license_plate: LicensePlate,
    /// VIN (`null` or an empty string, as the Django ECAR's forms send, for none).
    #[serde(default, deserialize_with = "blank_as_none")]
    #[schema(value_type = Option<Vin>)]
    pub vin: Option<Vin>,
    /// Fuel.
    pub fuel_type: FuelType,
    /// Current mileage in km (0 by default); the Django ECAR's `mileage` is
    /// accepted too.
    #[serde(default, alias = "mileage")]
    #[schema(maximum = 2_000_000)]
    pub initial_mileage: u32,
    /// Last service before the car came to the garage, if known.
    #[serde(default)]
    pub last_service_date: Option<NaiveDate>,
    /// Mileage at that service (with `last_service_date`).
    #[serde(default)]
    pub last_service_mileage: Option<u32>,
}

impl From<CreateCarRequest> for NewCar {
    fn from(request: CreateCarRequest) -> Self {
        NewCar {
            customer_id: request.customer_id,
            make: request.make,
            model: request.model,
            year: request.year,
            license_plate: request.license_plate,
            vin: request.vin,
            fuel_type: request.fuel_type,
            initial_mileage: request.initial_mileage,
            last_service_date: request.last_service_date,
            last_service_mileage: request.last_service_mileage,
        }
    }
}

/// A whole car (`PUT`): an absent VIN is removed.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReplaceCarRequest {
    /// Its owner.
    pub customer_id: CustomerId,
    /// Manufacturer.
    pub make: CarMake,
    /// Model.
    pub model: CarModel,
    /// Model year.
    pub year: u16,
    /// Plate.
    pub license_plate: LicensePlate,
    /// VIN (`null` or an empty string for none).
    #[serde(default, deserialize_with = "blank_as_none")]
    #[schema(value_type = Option<Vin>)]
    pub vin: Option<Vin>,
    /// Fuel.
    pub fuel_type: FuelType,
    /// The version this replaces (or `If-Match`).
    #[serde(default)]
    pub version: Option<u64>,
    /// The Django ECAR's form field: the car's current mileage (readings are
    /// reported with `report_mileage`, which keeps their history).
    #[serde(default)]
    pub mileage: Option<u32>,
}

impl ReplaceCarRequest {
    /// The changes: every field.
    pub fn changes(self) -> CarChanges {
        CarChanges {
            customer_id: Some(self.customer_id),
            make: Some(self.make),
            model: Some(self.model),
            year: Some(self.year),
            license_plate: Some(self.license_plate),
            vin: Some(self.vin),
            fuel_type: Some(self.fuel_type),
        }
    }
}

/// Some fields of a car (`PATCH`): absent fields stay, `null` is refused
/// except for `vin`, which it removes.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PatchCarRequest {
    /// A new owner.
    #[serde(default, deserialize_with = "non_null")]
    pub customer_id: Option<CustomerId>,
    /// Manufacturer.
    #[serde(default, deserialize_with = "non_null")]
    pub make: Option<CarMake>,
    /// Model.
    #[serde(default, deserialize_with = "non_null")]
    pub model: Option<CarModel>,
    /// Model year.
    #[serde(default, deserialize_with = "non_null")]
    pub year: Option<u16>,
    /// Plate.
    #[serde(default, deserialize_with = "non_null")]
    pub license_plate: Option<LicensePlate>,
    /// VIN (`null` or an empty string removes it).
    #[serde(default, deserialize_with = "nullable_blank_as_none")]
    #[schema(value_type = Option<Vin>)]
    pub vin: Option<Option<Vin>>,
    /// Fuel.
    #[serde(default, deserialize_with = "non_null")]
    pub fuel_type: Option<FuelType>,
    /// The version this changes (or `If-Match`).
    #[serde(default)]
    pub version: Option<u64>,
    /// The Django ECAR's form field: the car's current mileage.
    #[serde(default, deserialize_with = "non_null")]
    pub mileage: Option<u32>,
}

impl PatchCarRequest {
    /// The changes named.
    pub fn changes(self) -> CarChanges {
        CarChanges {
            customer_id: self.customer_id,
            make: self.make,
            model: self.model,
            year: self.year,
            license_plate: self.license_plate,
            vin: self.vin,
            fuel_type: self.fuel_type,
        }
    }
}

/// How a car's mileage changes, for a form that names another.
pub const MILEAGE_CHANGES: &str =
    "readings are reported with POST /api/cars/{id}/report_mileage, which keeps their history";

/// An optional VIN where an empty string, as a blank form field sends it,
/// means none.
fn blank_as_none<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Vin>, D::Error> {
    match Option::<String>::deserialize(deserializer)? {
        Some(text) if !text.trim().is_empty() => {
            Vin::parse(&text).map(Some).map_err(D::Error::custom)
        }
        _ => Ok(None),
    }
}

/// [`blank_as_none`] for a partial update: absent leaves the VIN, `null` or
/// an empty string removes it.
fn nullable_blank_as_none<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Option<Vin>>, D::Error> {
    blank_as_none(deserializer).map(Some)
}

/// `POST /api/cars/{id}/report_mileage`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReportMileageRequest {
    /// The odometer, in km: never lower than the last reading.
    #[schema(maximum = 2_000_000)]
    pub mileage: u32,
    /// The version this changes (or `If-Match`).
    #[serde(default)]
    pub version: Option<u64>,
}

/// A car a customer adds for the garage's approval: their own, so no owner.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AddCarRequest {
    /// Manufacturer.
    pub make: CarMake,
    /// Model.
    pub model: CarModel,
    /// Model year.
    #[schema(minimum = 1886)]
    pub year: u16,
    /// Plate, as written (`123 TU 4567`).
    pub license_plate: LicensePlate,
    /// VIN (`null` or an empty string for none).
    #[serde(default, deserialize_with = "blank_as_none")]
    #[schema(value_type = Option<Vin>)]
    pub vin: Option<Vin>,
    /// Fuel.
    pub fuel_type: FuelType,
    /// Current mileage in km (0 by default).
    #[serde(default)]
    #[schema(maximum = 2_000_000)]
    pub initial_mileage: u32,
    /// Last service before the car came to the garage, if known.
    #[serde(default)]
    pub last_service_date: Option<NaiveDate>,
    /// Mileage at that service (with `last_service_date`).
    #[serde(default)]
    pub last_service_mileage: Option<u32>,
}

impl AddCarRequest {
    /// The registration it asks for, for `customer_id`.
    pub fn for_customer(self, customer_id: CustomerId) -> NewCar {
        NewCar {
            customer_id,
            make: self.make,
            model: self.model,
            year: self.year,
            license_plate: self.license_plate,
            vin: self.vin,
            fuel_type: self.fuel_type,
            initial_mileage: self.initial_mileage,
            last_service_date: self.last_service_date,
            last_service_mileage: self.last_service_mileage,
        }
    }
}

/// Approving a car a customer added.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ApproveCarRequest {
    /// The version approved (or `If-Match`).
    #[serde(default)]
    pub version: Option<u64>,
}

/// Turning down a car a customer added.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RejectCarRequest {
    /// Why, sent to the customer.
    pub reason: MessageText,
    /// The version turned down (or `If-Match`).
    #[serde(default)]
    pub version: Option<u64>,
}
