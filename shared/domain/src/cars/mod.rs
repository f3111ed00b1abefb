//! Cars: each belongs to a customer, has a unique plate and VIN, and keeps
//! its mileage readings and its next-service prediction.
//!
//! Items:
//! - car: `pk = CAR#<id>`, `sk = CAR`, the fields of [`Car`] and the
//!   aggregates the services and invoices works keep (`service_count`,
//!   `total_spent_minor`); list indexes `gsi1pk = CARS` (every car),
//!   `gsi2pk = CUSTOMER#<customer id>#CARS` (a customer's cars) and
//!   `gsi3pk = CARS#MAKE#<folded make>` (by make), each with `<id>` as sort key.
//! - guards: `pk = GUARD#PLATE#<plate>` and `pk = GUARD#VIN#<vin>`, `sk = GUARD`, `car_id`.
//! - readings: `pk = CAR#<id>`, `sk = MILEAGE#<recorded at>#<ulid>` (see [`mileage`]).
//! - cars customers added, waiting for approval (see [`pending`]).
//! - search index items (`VSEARCH#...`, see [`search`]), and the plate in its
//!   customer's index (`CSEARCH#...`, see [`crate::customers::search`]).

pub mod create;
pub mod delete;
pub mod due;
pub use crate::intervals;
pub mod list;
pub mod mileage;
pub mod pending;
pub mod prediction;
pub mod search;
pub mod update;

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::{
    customers::{CustomerError, ledger::money},
    search::fold,
    store::{
        Change, Condition, Item, ItemError, Key, PK, SK, Table, Value, WriteOp, from_item, to_item,
    },
    values::{CarId, CarMake, CarModel, CustomerId, LicensePlate, Vin},
};
use intervals::{IntervalSource, ServiceIntervals};
use prediction::{BaseSource, DueBy, Inputs, PredictionBase, predict};

/// Sort key of a car item.
pub const CAR_SK: &str = "CAR";
/// GSI1 partition of every car.
pub const ALL_CARS: &str = "CARS";
/// The highest mileage ECAR believes (km).
pub const MAX_MILEAGE: u32 = 2_000_000;
/// The first car was built in 1886.
pub const FIRST_YEAR: i32 = 1886;

/// What a car runs on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum FuelType {
    /// Petrol.
    Gasoline,
    /// Diesel.
    Diesel,
    /// Battery electric.
    Electric,
    /// Hybrid.
    Hybrid,
    /// Liquefied petroleum gas.
    Lpg,
}

impl FuelType {
    /// The name as in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            FuelType::Gasoline => "gasoline",
            FuelType::Diesel => "diesel",
            FuelType::Electric => "electric",
            FuelType::Hybrid => "hybrid",
            FuelType::Lpg => "lpg",
        }
    }
}

/// A car, as stored and as the API shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Car {
    /// Opaque, time-sortable id.
    pub id: CarId,
    /// Its owner.
    pub customer_id: CustomerId,
    /// Manufacturer.
    pub make: CarMake,
    /// Model.
    pub model: CarModel,
    /// Model year.
    pub year: u16,
    /// Plate, normalized, unique.
    pub license_plate: LicensePlate,
    /// VIN, unique, when known.
    pub vin: Option<Vin>,
    /// Fuel.
    pub fuel_type: FuelType,
    /// Mileage when the car was registered (km).
    pub initial_mileage: u32,
    /// Latest reading (km).
    pub mileage: u32,
    /// When the latest reading was taken.
    pub mileage_recorded_at: DateTime<Utc>,
    /// Kilometres a day since the initial mileage, once readings span a day.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, example = "42.5"))]
    pub average_daily_mileage: Option<Decimal>,
    /// Date of the last service.
    pub last_service_date: Option<NaiveDate>,
    /// Mileage at the last service (km).
    pub last_service_mileage: Option<u32>,
    /// Predicted date of the next service.
    pub next_service_date: Option<NaiveDate>,
    /// Predicted mileage of the next service (km).
    pub next_service_mileage: Option<u32>,
    /// The Django ECAR's id of the row this was imported from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legacy_id: Option<u64>,
    /// Incremented by every change; send it back in `If-Match`.
    pub version: u64,
    /// Creation time.
    pub created_at: DateTime<Utc>,
    /// Last change time.
    pub updated_at: DateTime<Utc>,
}

impl Car {
    /// How a message names the car: `Peugeot 208 (185 TU 4521)`.
    pub fn label(&self) -> String {
        format!("{} {} ({})", self.make, self.model, self.license_plate)
    }
}

/// Aggregates the services and invoices works keep on the car item.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct CarAggregates {
    /// Services of the car, any status.
    #[serde(default)]
    pub service_count: i64,
    /// Paid for the car's services, minor units.
    #[serde(default)]
    pub total_spent_minor: i64,
}

/// The write adding `delta_minor` (minor units; negative for a refund) to
/// what was paid for a car's services, in the invoice's transaction; it
/// fails if the car is gone rather than create a stub item.
pub fn spent_op(car_id: &CarId, delta_minor: i64) -> WriteOp {
    WriteOp::Update {
        key: car_key(car_id.as_str()),
        changes: vec![Change::Add("total_spent_minor".into(), delta_minor)],
        condition: Some(Condition::Exists),
    }
}

/// `GET /api/cars/{id}/statistics`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CarStatistics {
    /// The car.
    pub car_id: CarId,
    /// Services, any status.
    pub service_count: i64,
    /// Paid for its services, a decimal string.
    pub total_spent: String,
    /// Latest reading (km).
    pub mileage: u32,
    /// Kilometres a day.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub average_daily_mileage: Option<Decimal>,
    /// Last service.
    pub last_service_date: Option<NaiveDate>,
    /// Mileage at the last service.
    pub last_service_mileage: Option<u32>,
    /// Predicted next service.
    pub next_service_date: Option<NaiveDate>,
    /// Predicted mileage of the next service.
    pub next_service_mileage: Option<u32>,
}

/// `GET /api/cars/{id}/next_service_prediction`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ServicePrediction {
    /// The car.
    pub car_id: CarId,
    /// Predicted date, when one can be told.
    pub next_service_date: Option<NaiveDate>,
    /// Predicted mileage (km).
    pub next_service_mileage: Option<u32>,
    /// Which limit comes first.
    pub due_by: Option<DueBy>,
    /// Whether the service is already due (today in the garage's time zone).
    pub overdue: bool,
    /// Why, in words.
    pub reason: String,
    /// The interval used.
    pub interval: intervals::ServiceInterval,
    /// Which rule gave it.
    pub interval_source: IntervalSource,
    /// What the prediction counts from.
    pub based_on: PredictionBase,
    /// Latest reading (km).
    pub current_mileage: u32,
    /// Kilometres a day.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub average_daily_mileage: Option<Decimal>,
}

/// The key of a car.
pub fn car_key(car_id: &str) -> Key {
    Key::new(format!("CAR#{car_id}"), CAR_SK)
}

/// The GSI2 partition of a customer's cars.
pub fn customer_cars(customer_id: &CustomerId) -> String {
    format!("CUSTOMER#{customer_id}#CARS")
}

/// The GSI3 partition of a make.
pub fn make_partition(make: &str) -> String {
    format!("CARS#MAKE#{}", fold(make.trim()))
}

/// The key of a plate guard.
pub fn plate_guard_key(plate: &LicensePlate) -> Key {
    Key::new(format!("GUARD#PLATE#{plate}"), "GUARD")
}

/// The key of a VIN guard.
pub fn vin_guard_key(vin: &Vin) -> Key {
    Key::new(format!("GUARD#VIN#{vin}"), "GUARD")
}

/// A guard item naming its car.
pub fn guard_item(key: Key, car_id: &CarId) -> Item {
    let mut item = key.to_item();
    item.insert("car_id".into(), Value::s(car_id.as_str()));
    item
}

impl Car {
    /// The key of this car.
    pub fn key(&self) -> Key {
        car_key(self.id.as_str())
    }

    /// The stored item, with its list index attributes.
    pub fn item(&self) -> Result<Item, ItemError> {
        let mut item = to_item(self)?;
        item.extend(self.key().to_item());
        let index = [
            ("gsi1pk", ALL_CARS.to_string()),
            ("gsi1sk", self.id.to_string()),
            ("gsi2pk", customer_cars(&self.customer_id)),
            ("gsi2sk", self.id.to_string()),
            ("gsi3pk", make_partition(self.make.as_str())),
            ("gsi3sk", self.id.to_string()),
        ];
        for (name, value) in index {
            item.insert(name.into(), Value::s(value));
        }
        Ok(item)
    }

    /// The changes turning a stored car into this one: every attribute of
    /// its item but the keys (the aggregates, not in the item, stay).
    pub fn set_all(&self) -> Result<Vec<Change>, ItemError> {
        Ok(self
            .item()?
            .into_iter()
            .filter(|(name, _)| name != PK && name != SK)
            .map(|(name, value)| Change::Set(name, value))
            .collect())
    }

    /// What a prediction of this car's next service starts from.
    fn prediction_inputs(
        &self,
        intervals: &ServiceIntervals,
        time_zone: Tz,
    ) -> (Inputs, IntervalSource) {
        let (interval, source) = intervals.for_car(self.make.as_str(), self.model.as_str());
        let base = match (self.last_service_date, self.last_service_mileage) {
            (Some(date), Some(mileage)) => PredictionBase {
                date,
                mileage,
                source: BaseSource::LastService,
            },
            _ => PredictionBase {
                date: self.created_at.with_timezone(&time_zone).date_naive(),
                mileage: self.initial_mileage,
                source: BaseSource::InitialMileage,
            },
        };
        let inputs = Inputs {
            base,
            mileage: self.mileage,
            reading_date: self
                .mileage_recorded_at
                .with_timezone(&time_zone)
                .date_naive(),
            average_daily_mileage: self.average_daily_mileage,
            interval,
        };
        (inputs, source)
    }

    /// Recomputes the average daily mileage and the next service.
    pub fn refresh(&mut self, intervals: &ServiceIntervals, time_zone: Tz) {
        self.average_daily_mileage = mileage::average_daily(
            self.initial_mileage,
            self.created_at,
            self.mileage,
            self.mileage_recorded_at,
        );
        let (inputs, _) = self.prediction_inputs(intervals, time_zone);
        let prediction = predict(&inputs);
        self.next_service_date = prediction.date;
        self.next_service_mileage = prediction.mileage;
    }

    /// The next service as of `today`, with its reason.
    pub fn prediction(
        &self,
        intervals: &ServiceIntervals,
        time_zone: Tz,
        today: NaiveDate,
    ) -> ServicePrediction {
        let (inputs, source) = self.prediction_inputs(intervals, time_zone);
        let prediction = predict(&inputs);
        let overdue = prediction.date.is_some_and(|date| date <= today)
            || prediction.mileage.is_some_and(|due| self.mileage >= due);
        ServicePrediction {
            car_id: self.id.clone(),
            next_service_date: prediction.date,
            next_service_mileage: prediction.mileage,
            due_by: prediction.due_by,
            overdue,
            reason: prediction::explain(&inputs, &prediction, source),
            interval: inputs.interval,
            interval_source: source,
            based_on: inputs.base,
            current_mileage: self.mileage,
            average_daily_mileage: self.average_daily_mileage,
        }
    }

    /// The car's statistics.
    pub fn statistics(&self, aggregates: &CarAggregates, decimals: u32) -> CarStatistics {
        CarStatistics {
            car_id: self.id.clone(),
            service_count: aggregates.service_count,
            total_spent: money(aggregates.total_spent_minor, decimals),
            mileage: self.mileage,
            average_daily_mileage: self.average_daily_mileage,
            last_service_date: self.last_service_date,
            last_service_mileage: self.last_service_mileage,
            next_service_date: self.next_service_date,
            next_service_mileage: self.next_service_mileage,
        }
    }
}

/// Reads a car and its aggregates.
pub async fn get_with_aggregates(
    table: &dyn Table,
    id: &CarId,
) -> Result<Option<(Car, CarAggregates)>, CustomerError> {
    match table.get(&car_key(id.as_str())).await? {
        Some(item) => Ok(Some((from_item(item.clone())?, from_item(item)?))),
        None => Ok(None),
    }
}

/// Reads a car.
pub async fn get(table: &dyn Table, id: &CarId) -> Result<Option<Car>, CustomerError> {
    match table.get(&car_key(id.as_str())).await? {
        Some(item) => Ok(Some(from_item(item)?)),
        None => Ok(None),
    }
}

/// Checks a model year against the calendar.
pub fn check_year(year: u16, now: DateTime<Utc>) -> Result<(), CustomerError> {
    let latest = chrono::Datelike::year(&now) + 1;
    if (FIRST_YEAR..=latest).contains(&i32::from(year)) {
        Ok(())
    } else {
        Err(CustomerError::invalid(
            "year",
            format!("must be between {FIRST_YEAR} and {latest}"),
        ))
    }
}

/// Checks a mileage.
pub fn check_mileage(field: &str, mileage: u32) -> Result<(), CustomerError> {
    if mileage <= MAX_MILEAGE {
        Ok(())
    } else {
        Err(CustomerError::invalid(
            field,
            format!("must be at most {MAX_MILEAGE} km"),
        ))
    }
}
