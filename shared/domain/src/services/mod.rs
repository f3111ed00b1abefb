//! Services: the work done on a customer's car, from booking to completion,
//! with its parts and labour.
//!
//! Items (one table, see ARCHITECTURE.md):
//! - the service: `pk = SERVICE#<id>`, `sk = SERVICE`, the fields of
//!   [`Service`] (its items inside), and three list indexes sorted by
//!   `<scheduled date>#<id>`: `gsi1pk = SERVICES#STATUS#<status>`,
//!   `gsi2pk = SERVICES#CAR#<car id>`, `gsi3pk = SERVICES#CUSTOMER#<customer id>`;
//! - its entry in the list of all services and its search tokens (see [`index`]);
//! - when assigned, its entry in its technician's jobs (see [`assignment`]);
//! - the statistics counters it feeds (see [`stats`]) and the aggregates of
//!   its customer (see [`crate::customers::ledger`]), changed in the same
//!   transaction as the service.

pub mod assignment;
pub mod car;
pub mod commit;
pub mod complete;
pub mod create;
pub mod delete;
pub mod error;
pub mod index;
pub mod invoice;
pub mod items;
pub mod notify;
pub mod stats;
pub mod status;
pub mod update;
pub mod views;
pub mod workflow;

pub use error::ServiceError;
pub use items::{ItemType, ServiceItem};
pub use status::{Action, Status};

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::{
    store::{Item, ItemError, Key, Table, Value, to_item},
    values::{
        AppointmentId, CancelReason, CarId, CustomerId, InvoiceStatus, Money, Notes, ServiceId,
        ServiceTitle, ServiceType,
    },
};

/// Sort key of a service item.
pub const SERVICE_SK: &str = "SERVICE";
/// The `entity` attribute of service items.
pub const SERVICE_ENTITY: &str = "service";
/// Most items (parts and labour lines) on one service.
pub const MAX_ITEMS: usize = 50;
/// Highest odometer reading a service records, in km.
pub const MAX_MILEAGE: u64 = 9_999_999;

/// A service, as stored and as the API shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Service {
    /// Opaque, time-sortable id.
    pub id: ServiceId,
    /// The car serviced.
    pub car_id: CarId,
    /// The car's owner when the service was booked.
    pub customer_id: CustomerId,
    /// What the service is, in a line.
    pub title: ServiceTitle,
    /// Details (may be empty).
    pub description: Notes,
    /// The kind of service.
    pub service_type: ServiceType,
    /// Where the service is in its life; changed only by the workflow routes.
    pub status: Status,
    /// The day it is booked for, in the garage's calendar.
    pub scheduled_date: NaiveDate,
    /// When work started.
    pub started_at: Option<DateTime<Utc>>,
    /// The day it was completed, in the garage's calendar.
    pub completed_date: Option<NaiveDate>,
    /// When it was marked completed.
    pub completed_at: Option<DateTime<Utc>>,
    /// The car's odometer at the service, in km.
    pub service_mileage: Option<u64>,
    /// What the technician noted (may be empty).
    pub technician_notes: Notes,
    /// Why it was cancelled.
    pub cancel_reason: Option<CancelReason>,
    /// Parts and labour.
    pub items: Vec<ServiceItem>,
    /// Sum of the items' totals.
    pub subtotal: Money,
    /// The service's invoice, set by the invoices function.
    pub invoice_id: Option<String>,
    /// That invoice's status; once issued, the items are frozen.
    pub invoice_status: Option<InvoiceStatus>,
    /// The Django ECAR's id of the row this was imported from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legacy_id: Option<u64>,
    /// The appointment whose check-in opened it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub appointment_id: Option<AppointmentId>,
    /// The technician (user id) the work is assigned to; set by
    /// `POST /api/services/{id}/assign` only.
    #[serde(default)]
    pub technician_id: Option<String>,
    /// Incremented by every change; send it back in `If-Match`.
    pub version: u64,
    /// Creation time.
    pub created_at: DateTime<Utc>,
    /// Last change time.
    pub updated_at: DateTime<Utc>,
}

/// The key of a service.
pub fn service_key(id: &ServiceId) -> Key {
    Key::new(format!("SERVICE#{id}"), SERVICE_SK)
}

/// GSI1 partition of the services in a status.
pub fn by_status(status: Status) -> String {
    format!("SERVICES#STATUS#{status}")
}

/// GSI2 partition of the services of a car.
pub fn by_car(car_id: &CarId) -> String {
    format!("SERVICES#CAR#{car_id}")
}

/// GSI3 partition of the services of a customer.
pub fn by_customer(customer_id: &CustomerId) -> String {
    format!("SERVICES#CUSTOMER#{customer_id}")
}

impl Service {
    /// The service as staff (everything) or its customer sees it: the
    /// technician's notes are the garage's own, and an invoice shows only once
    /// it is issued (a draft is a 404 to the customer, so its id would be a
    /// dead link).
    pub fn seen_by(mut self, staff: bool) -> Self {
        if staff {
            return self;
        }
        self.technician_notes = Notes::default();
        self.technician_id = None;
        if self.invoice_status == Some(InvoiceStatus::Draft) {
            self.invoice_id = None;
            self.invoice_status = None;
        }
        self
    }

    /// The service as its technician sees it: the work, not the invoice.
    pub fn seen_by_technician(mut self) -> Self {
        self.invoice_id = None;
        self.invoice_status = None;
        self
    }

    /// The key of this service.
    pub fn key(&self) -> Key {
        service_key(&self.id)
    }

    /// The sort key of this service in every list: by scheduled date, then id.
    pub fn list_sort_key(&self) -> String {
        format!("{}#{}", self.scheduled_date, self.id)
    }

    /// Whether an issued invoice has frozen the items.
    pub fn items_frozen(&self) -> bool {
        self.invoice_status.is_some_and(InvoiceStatus::is_issued)
    }

    /// The stored item, with its list index attributes.
    pub fn item(&self) -> Result<Item, ItemError> {
        let mut item = to_item(self)?;
        item.extend(self.key().to_item());
        let sort = Value::s(self.list_sort_key());
        item.insert("entity".into(), Value::s(SERVICE_ENTITY));
        item.insert("gsi1pk".into(), Value::s(by_status(self.status)));
        item.insert("gsi1sk".into(), sort.clone());
        item.insert("gsi2pk".into(), Value::s(by_car(&self.car_id)));
        item.insert("gsi2sk".into(), sort.clone());
        item.insert("gsi3pk".into(), Value::s(by_customer(&self.customer_id)));
        item.insert("gsi3sk".into(), sort);
        Ok(item)
    }
}

/// Reads a service.
pub async fn get(table: &dyn Table, id: &ServiceId) -> Result<Option<Service>, ServiceError> {
    crate::entity::get::<Service>(table, id).await
}

/// A scheduled service with no items, for tests (this crate's, and other crates' with the
/// `testing` feature).
#[cfg(any(test, feature = "testing"))]
pub fn sample(now: DateTime<Utc>) -> Service {
    Service {
        id: ServiceId::generate(now),
        car_id: CarId::generate(now),
        customer_id: CustomerId::generate(now),
        title: ServiceTitle::parse("Vidange et filtres").unwrap(),
        description: Notes::default(),
        service_type: ServiceType::parse("maintenance").unwrap(),
        status: Status::Scheduled,
        scheduled_date: now.date_naive(),
        started_at: None,
        completed_date: None,
        completed_at: None,
        service_mileage: None,
        technician_notes: Notes::default(),
        cancel_reason: None,
        items: Vec::new(),
        subtotal: Money::zero(3),
        invoice_id: None,
        invoice_status: None,
        legacy_id: None,
        appointment_id: None,
        technician_id: None,
        version: 1,
        created_at: now,
        updated_at: now,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::from_item;

    #[test]
    fn a_service_round_trips_through_its_item_with_index_attributes() {
        let service = sample("2026-03-16T09:00:00Z".parse().unwrap());
        let item = service.item().unwrap();
        assert_eq!(item["pk"], Value::s(format!("SERVICE#{}", service.id)));
        assert_eq!(item["gsi1pk"], Value::s("SERVICES#STATUS#scheduled"));
        assert_eq!(
            item["gsi2sk"],
            Value::s(format!("2026-03-16#{}", service.id))
        );
        assert_eq!(item["subtotal"], Value::s("0.000"));
        assert_eq!(from_item::<Service>(item).unwrap(), service);
    }
}
