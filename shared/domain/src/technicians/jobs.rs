//! A technician's day: the jobs assigned to them that are open (booked for
//! the day or earlier and not done yet) and those closed that day, each
//! with the car and the customer's name and phone, read-only. Two index
//! reads (the open jobs, the day's jobs) and batch reads of the services,
//! cars and customers.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use serde::Serialize;

use super::{read_keys, services_of};
use crate::{
    cars::{Car, car_key},
    customers::{Customer, customer_key},
    services::{
        Service, ServiceError, Status,
        assignment::{by_technician, is_open, open_of_technician},
    },
    store::{Index, Query, SortKey, Table},
    values::{CarId, CarMake, CarModel, LicensePlate, PhoneNumber, Vin},
};

/// Most jobs one day shows (a technician has a handful).
const MAX_JOBS: usize = 200;

/// The car of a job, as the technician sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct JobCar {
    /// The car's id.
    pub id: CarId,
    /// Manufacturer.
    pub make: CarMake,
    /// Model.
    pub model: CarModel,
    /// Model year.
    pub year: u16,
    /// Plate.
    pub license_plate: LicensePlate,
    /// VIN, when known.
    pub vin: Option<Vin>,
    /// Latest odometer reading (km).
    pub mileage: u32,
}

/// Who to call about a job.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct JobContact {
    /// The customer's full name.
    pub name: String,
    /// Their phone number (E.164).
    pub phone: PhoneNumber,
}

/// One job on a technician's screen.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Job {
    /// The service, without its invoice.
    pub service: Service,
    /// The car (absent if it was deleted since).
    pub car: Option<JobCar>,
    /// The customer's name and phone (absent if deleted since).
    pub customer: Option<JobContact>,
}

/// Where a job stands on the screen: the work under way first, then what
/// is still to do (oldest booking first), then what the day closed.
fn rank(service: &Service) -> (u8, String) {
    let group = match service.status {
        Status::InProgress => 0,
        Status::Scheduled => 1,
        Status::Completed => 2,
        Status::Cancelled => 3,
    };
    (group, service.list_sort_key())
}

/// The jobs of technician `user_id` on `day`, in the order of the screen.
pub async fn of_day(
    table: &dyn Table,
    user_id: &str,
    day: NaiveDate,
) -> Result<Vec<Job>, ServiceError> {
    let end_of_day = format!("{day}$");
    let open = Query::partition(Index::Gsi2, open_of_technician(user_id))
        .sort(SortKey::Le(end_of_day.clone()));
    let todays = Query::partition(Index::Gsi1, by_technician(user_id))
        .sort(SortKey::Between(day.to_string(), end_of_day));
    let mut services: BTreeMap<String, Service> = BTreeMap::new();
    for service in services_of(table, open, MAX_JOBS).await? {
        services.insert(service.id.to_string(), service);
    }
    for service in services_of(table, todays, MAX_JOBS).await? {
        services.entry(service.id.to_string()).or_insert(service);
    }
    let mut services: Vec<Service> = services
        .into_values()
        .filter(|service| service.technician_id.as_deref() == Some(user_id))
        .filter(|service| is_open(service.status) || service_closed_on(service, day))
        .collect();
    services.sort_by_key(rank);
    with_cars_and_contacts(table, services).await
}

/// Whether a closed job belongs to `day`: completed that day, or booked
/// for it (a cancelled one).
fn service_closed_on(service: &Service, day: NaiveDate) -> bool {
    service.completed_date == Some(day) || service.scheduled_date == day
}

async fn with_cars_and_contacts(
    table: &dyn Table,
    services: Vec<Service>,
) -> Result<Vec<Job>, ServiceError> {
    let car_ids: BTreeSet<String> = services.iter().map(|s| s.car_id.to_string()).collect();
    let customer_ids: BTreeSet<String> =
        services.iter().map(|s| s.customer_id.to_string()).collect();
    let cars: BTreeMap<String, Car> = read_keys(table, car_ids.iter().map(|id| car_key(id)))
        .await?
        .into_iter()
        .map(|car: Car| (car.id.to_string(), car))
        .collect();
    let customers: BTreeMap<String, Customer> =
        read_keys(table, customer_ids.iter().map(|id| customer_key(id)))
            .await?
            .into_iter()
            .map(|customer: Customer| (customer.id.to_string(), customer))
            .collect();
    Ok(services
        .into_iter()
        .map(|service| Job {
            car: cars.get(service.car_id.as_str()).map(job_car),
            customer: customers.get(service.customer_id.as_str()).map(contact),
            service: service.seen_by_technician(),
        })
        .collect())
}

fn job_car(car: &Car) -> JobCar {
    JobCar {
        id: car.id.clone(),
        make: car.make.clone(),
        model: car.model.clone(),
        year: car.year,
        license_plate: car.license_plate.clone(),
        vin: car.vin.clone(),
        mileage: car.mileage,
    }
}

fn contact(customer: &Customer) -> JobContact {
    JobContact {
        name: format!("{} {}", customer.first_name, customer.last_name),
        phone: customer.phone.clone(),
    }
}
