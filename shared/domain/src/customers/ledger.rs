//! Aggregates kept on the customer profile item, so that statistics and
//! delete rules read one item instead of every car, service and invoice.
//!
//! The works that change those entities add these writes to their own
//! transactions: cars (this crate), services (`service_count`,
//! `completed_service_count`, `last_service_date`) and invoices (the
//! functions below). Amounts are in the currency's minor units, so they
//! add up exactly as integers.
//!
//! An unpaid invoice also has a marker item, `pk = CUSTOMER#<id>`,
//! `sk = UNPAID#<invoice id>`, `gsi3pk = CUSTOMERS#UNPAID`,
//! `gsi3sk = <customer id>#<invoice id>`, which lists the customers with
//! unpaid invoices without reading the others.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::customer_key;
use crate::{
    search::index::with_target,
    store::{Change, CmpOp, Condition, Item, Key, Value, WriteOp},
    values::{CustomerId, InvoiceStatus},
};

/// Cars of the customer.
pub const CAR_COUNT: &str = "car_count";
/// Services on the customer's cars, any status.
pub const SERVICE_COUNT: &str = "service_count";
/// Completed services.
pub const COMPLETED_SERVICE_COUNT: &str = "completed_service_count";
/// Date of the latest completed service (`YYYY-MM-DD`).
pub const LAST_SERVICE_DATE: &str = "last_service_date";
/// Paid invoices.
pub const PAID_INVOICE_COUNT: &str = "paid_invoice_count";
/// Their total, minor units.
pub const PAID_AMOUNT: &str = "paid_amount_minor";
/// Issued invoices not paid yet (the delete rule reads it).
pub const UNPAID_INVOICE_COUNT: &str = "unpaid_invoice_count";
/// Their total, minor units.
pub const UNPAID_AMOUNT: &str = "unpaid_amount_minor";
/// Refunded amounts, minor units.
pub const REFUNDED_AMOUNT: &str = "refunded_amount_minor";
/// Cars the customer added that wait for the garage's approval.
pub const PENDING_CAR_COUNT: &str = "pending_car_count";
/// GSI3 partition of the unpaid invoice markers.
pub const UNPAID_PARTITION: &str = "CUSTOMERS#UNPAID";

/// The aggregates of one customer (absent attributes count as zero).
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct Aggregates {
    /// Cars.
    #[serde(default)]
    pub car_count: i64,
    /// Services.
    #[serde(default)]
    pub service_count: i64,
    /// Completed services.
    #[serde(default)]
    pub completed_service_count: i64,
    /// Latest completed service.
    #[serde(default)]
    pub last_service_date: Option<NaiveDate>,
    /// Paid invoices.
    #[serde(default)]
    pub paid_invoice_count: i64,
    /// Paid total, minor units.
    #[serde(default)]
    pub paid_amount_minor: i64,
    /// Unpaid invoices.
    #[serde(default)]
    pub unpaid_invoice_count: i64,
    /// Unpaid total, minor units.
    #[serde(default)]
    pub unpaid_amount_minor: i64,
    /// Refunded total, minor units.
    #[serde(default)]
    pub refunded_amount_minor: i64,
    /// Cars waiting for approval.
    #[serde(default)]
    pub pending_car_count: i64,
}

/// Invoice count and amount.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InvoiceTotals {
    /// How many.
    pub count: i64,
    /// Their total, a decimal string in the currency's minor units.
    pub amount: String,
}

/// `GET /api/customers/{id}/statistics`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CustomerStatistics {
    /// The customer.
    pub customer_id: CustomerId,
    /// Cars.
    pub cars: i64,
    /// Services on their cars, any status.
    pub services: i64,
    /// Completed services.
    pub completed_services: i64,
    /// Paid minus refunded, a decimal string.
    pub total_spent: String,
    /// Paid invoices.
    pub paid_invoices: InvoiceTotals,
    /// Issued invoices not paid yet.
    pub unpaid_invoices: InvoiceTotals,
    /// Latest completed service.
    pub last_service_date: Option<NaiveDate>,
}

/// An amount in minor units as a decimal string (`123450`, 3 → `"123.450"`).
pub fn money(minor: i64, decimals: u32) -> String {
    Decimal::new(minor, decimals).to_string()
}

impl Aggregates {
    /// The statistics these aggregates give.
    pub fn statistics(&self, customer_id: CustomerId, decimals: u32) -> CustomerStatistics {
        CustomerStatistics {
            customer_id,
            cars: self.car_count,
            services: self.service_count,
            completed_services: self.completed_service_count,
            total_spent: money(
                self.paid_amount_minor - self.refunded_amount_minor,
                decimals,
            ),
            paid_invoices: InvoiceTotals {
                count: self.paid_invoice_count,
                amount: money(self.paid_amount_minor, decimals),
            },
            unpaid_invoices: InvoiceTotals {
                count: self.unpaid_invoice_count,
                amount: money(self.unpaid_amount_minor, decimals),
            },
            last_service_date: self.last_service_date,
        }
    }
}

/// A counter that must be zero (or never set), as a condition.
pub fn is_zero(attribute: &str) -> Condition {
    Condition::Or(vec![
        Condition::AttributeNotExists(attribute.into()),
        Condition::Equals(attribute.into(), Value::n(0)),
    ])
}

/// Adds to counters of an existing profile (the write fails if it is gone,
/// which also proves the customer exists).
fn add_op(customer_id: &str, additions: &[(&str, i64)]) -> WriteOp {
    WriteOp::Update {
        key: customer_key(customer_id),
        changes: additions
            .iter()
            .map(|(name, amount)| Change::Add((*name).to_string(), *amount))
            .collect(),
        condition: Some(Condition::Exists),
    }
}

/// A car of the customer was created (or moved to them).
pub fn car_added_op(customer_id: &CustomerId) -> WriteOp {
    add_op(customer_id.as_str(), &[(CAR_COUNT, 1)])
}

/// The customer added a car for approval, while they have fewer than
/// `most` waiting already (the write fails otherwise, or if they are gone).
pub fn pending_car_added_op(customer_id: &CustomerId, most: i64) -> WriteOp {
    WriteOp::Update {
        key: customer_key(customer_id.as_str()),
        changes: vec![Change::Add(PENDING_CAR_COUNT.into(), 1)],
        condition: Some(Condition::And(vec![
            Condition::Exists,
            Condition::Or(vec![
                Condition::AttributeNotExists(PENDING_CAR_COUNT.into()),
                Condition::Compare(PENDING_CAR_COUNT.into(), CmpOp::Lt, Value::n(most)),
            ]),
        ])),
    }
}

/// A car waiting for approval was approved, turned down or withdrawn.
pub fn pending_car_settled_op(customer_id: &CustomerId) -> WriteOp {
    add_op(customer_id.as_str(), &[(PENDING_CAR_COUNT, -1)])
}

/// A car the customer added was approved: it counts as a car now.
pub fn pending_car_registered_op(customer_id: &CustomerId) -> WriteOp {
    add_op(
        customer_id.as_str(),
        &[(CAR_COUNT, 1), (PENDING_CAR_COUNT, -1)],
    )
}

/// A car of the customer was deleted (or moved away).
pub fn car_removed_op(customer_id: &CustomerId) -> WriteOp {
    add_op(customer_id.as_str(), &[(CAR_COUNT, -1)])
}

/// Services of the customer changed: `services` more (or fewer) of them,
/// `completed` more (or fewer) completed, and, when given, their latest
/// service is now on `last_service_date` (the caller checks it is later).
pub fn services_changed_op(
    customer_id: &CustomerId,
    services: i64,
    completed: i64,
    last_service_date: Option<NaiveDate>,
) -> WriteOp {
    let mut changes = Vec::new();
    for (name, amount) in [
        (SERVICE_COUNT, services),
        (COMPLETED_SERVICE_COUNT, completed),
    ] {
        if amount != 0 {
            changes.push(Change::Add(name.to_string(), amount));
        }
    }
    if let Some(date) = last_service_date {
        changes.push(Change::Set(
            LAST_SERVICE_DATE.to_string(),
            Value::s(date.to_string()),
        ));
    }
    WriteOp::Update {
        key: customer_key(customer_id.as_str()),
        changes,
        condition: Some(Condition::Exists),
    }
}

fn unpaid_marker_key(customer_id: &CustomerId, invoice_id: &str) -> Key {
    Key::new(
        customer_key(customer_id.as_str()).pk,
        format!("UNPAID#{invoice_id}"),
    )
}

/// An invoice of `amount_minor` was issued to the customer.
pub fn invoice_issued_ops(
    customer_id: &CustomerId,
    invoice_id: &str,
    amount_minor: i64,
) -> Vec<WriteOp> {
    let mut marker: Item = unpaid_marker_key(customer_id, invoice_id).to_item();
    marker.insert("gsi3pk".into(), Value::s(UNPAID_PARTITION));
    marker.insert(
        "gsi3sk".into(),
        Value::s(format!("{customer_id}#{invoice_id}")),
    );
    with_target(&mut marker, &customer_key(customer_id.as_str()));
    vec![
        add_op(
            customer_id.as_str(),
            &[(UNPAID_INVOICE_COUNT, 1), (UNPAID_AMOUNT, amount_minor)],
        ),
        WriteOp::create(marker),
    ]
}

/// An issued invoice of `amount_minor` was paid.
pub fn invoice_paid_ops(
    customer_id: &CustomerId,
    invoice_id: &str,
    amount_minor: i64,
) -> Vec<WriteOp> {
    vec![
        add_op(
            customer_id.as_str(),
            &[
                (UNPAID_INVOICE_COUNT, -1),
                (UNPAID_AMOUNT, -amount_minor),
                (PAID_INVOICE_COUNT, 1),
                (PAID_AMOUNT, amount_minor),
            ],
        ),
        remove_marker_op(customer_id, invoice_id),
    ]
}

/// An issued, unpaid invoice of `amount_minor` was cancelled.
pub fn invoice_cancelled_ops(
    customer_id: &CustomerId,
    invoice_id: &str,
    amount_minor: i64,
) -> Vec<WriteOp> {
    vec![
        add_op(
            customer_id.as_str(),
            &[(UNPAID_INVOICE_COUNT, -1), (UNPAID_AMOUNT, -amount_minor)],
        ),
        remove_marker_op(customer_id, invoice_id),
    ]
}

/// A paid invoice was refunded by `amount_minor`.
pub fn invoice_refunded_op(customer_id: &CustomerId, amount_minor: i64) -> WriteOp {
    add_op(customer_id.as_str(), &[(REFUNDED_AMOUNT, amount_minor)])
}

/// An invoice imported in `status` with `amount_minor` billed and
/// `refunded_minor` given back: the net of its issue, payment and refund,
/// in one write per item (a transaction touches an item once).
pub fn invoice_imported_ops(
    customer_id: &CustomerId,
    invoice_id: &str,
    status: InvoiceStatus,
    amount_minor: i64,
    refunded_minor: i64,
) -> Vec<WriteOp> {
    let paid = [(PAID_INVOICE_COUNT, 1), (PAID_AMOUNT, amount_minor)];
    match status {
        InvoiceStatus::Draft | InvoiceStatus::Cancelled => Vec::new(),
        InvoiceStatus::Pending => invoice_issued_ops(customer_id, invoice_id, amount_minor),
        InvoiceStatus::Paid => vec![add_op(customer_id.as_str(), &paid)],
        InvoiceStatus::Refunded => vec![add_op(
            customer_id.as_str(),
            &[paid[0], paid[1], (REFUNDED_AMOUNT, refunded_minor)],
        )],
    }
}

fn remove_marker_op(customer_id: &CustomerId, invoice_id: &str) -> WriteOp {
    WriteOp::Delete {
        key: unpaid_marker_key(customer_id, invoice_id),
        condition: Some(Condition::Exists),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statistics_are_exact_decimals() {
        let aggregates = Aggregates {
            car_count: 2,
            paid_invoice_count: 3,
            paid_amount_minor: 1_234_500,
            refunded_amount_minor: 500,
            unpaid_invoice_count: 1,
            unpaid_amount_minor: 119_000,
            ..Aggregates::default()
        };
        let id = CustomerId::generate(chrono::Utc::now());
        let statistics = aggregates.statistics(id, 3);
        assert_eq!(statistics.total_spent, "1234.000");
        assert_eq!(statistics.paid_invoices.amount, "1234.500");
        assert_eq!(statistics.unpaid_invoices.amount, "119.000");
        assert_eq!(
            Aggregates::default()
                .statistics(statistics.customer_id, 3)
                .total_spent,
            "0.000"
        );
    }
}
