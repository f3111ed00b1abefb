//! Invoices: one per service, from draft to paid (or cancelled, or
//! refunded), with gap-free numbers, exact totals and their PDFs.
//!
//! Items (one table, see ARCHITECTURE.md):
//! - the invoice: `pk = INVOICE#<id>`, `sk = INVOICE`, the fields of
//!   [`Invoice`], and its list indexes, sorted by `<list date>#<id>` (the
//!   issue date, or the creation date of a draft):
//!   `gsi1pk = INVOICES#STATUS#<status>`, `gsi2pk = INVOICES#CUSTOMER#<customer id>`,
//!   and, while it is pending, `gsi3pk = INVOICES#DUE`, `gsi3sk = <due date>#<id>`
//!   (the overdue filter is a key range of it);
//! - its entry in the list of every invoice and its search tokens (see [`index`]);
//! - once issued, the guard of its number and the year's counter (see [`numbering`]);
//! - the statistics counters it feeds (see [`stats`]) and the aggregates of
//!   its customer (see [`crate::customers::ledger`]), changed in the same
//!   transaction as the invoice;
//! - the link on its service (see [`crate::services::invoice`]), which also
//!   makes it the service's only live invoice.
//!
//! Its PDFs are blobs under `invoices/<invoice id>/<pdf id>.pdf` (see [`pdf`]).

pub mod check;
pub mod commit;
pub mod create;
pub mod error;
pub mod index;
pub mod notify;
pub mod numbering;
pub mod pdf;
pub mod stats;
pub mod status;
pub mod totals;
pub mod update;
pub mod upload;
pub mod views;
pub mod workflow;

pub use error::InvoiceError;
pub use numbering::InvoiceNumber;
pub use status::Action;

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::{
    services::ServiceItem,
    store::{Item, ItemError, Key, Table, Value, to_item},
    values::{CarId, CustomerId, InvoiceId, InvoiceStatus, Money, Notes, RefundReason, ServiceId},
};

/// Sort key of an invoice item.
pub const INVOICE_SK: &str = "INVOICE";
/// The `entity` attribute of invoice items.
pub const INVOICE_ENTITY: &str = "invoice";
/// GSI3 partition of the pending invoices, by due date.
pub const DUE_PARTITION: &str = "INVOICES#DUE";
/// Top-level copy of the current PDF's id, which conditions can test.
pub const PDF_ID: &str = "pdf_id";

/// How an invoice was paid.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PaymentMethod {
    /// Cash at the counter.
    Cash,
    /// Debit or credit card.
    Card,
    /// Bank transfer.
    Transfer,
    /// Cheque.
    Check,
    /// Anything else (mobile money, voucher...).
    Other,
}

/// A fixed fee on an invoice (such as the stamp duty).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InvoiceFee {
    /// Label printed on the invoice.
    pub label: String,
    /// Amount, in the currency.
    pub amount: Money,
}

/// Where an invoice's PDF came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PdfSource {
    /// Uploaded by staff (directly, by presigned URL, or in bulk).
    Uploaded,
    /// Rendered by ECAR.
    Generated,
}

/// The PDF attached to an invoice.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PdfInfo {
    /// The PDF's version id (time-sortable): its blob is `invoices/<invoice id>/<id>.pdf`.
    pub id: String,
    /// Size in bytes.
    pub size: u64,
    /// When it was attached.
    pub uploaded_at: DateTime<Utc>,
    /// Uploaded or generated.
    pub source: PdfSource,
}

/// An invoice, as stored and as the API shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Invoice {
    /// Opaque, time-sortable id.
    pub id: InvoiceId,
    /// `INV-<year>-<sequence>`, assigned when issued (null on a draft).
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, example = "INV-2026-000001"))]
    pub invoice_number: Option<InvoiceNumber>,
    /// The service invoiced.
    pub service_id: ServiceId,
    /// The customer billed (the service's).
    pub customer_id: CustomerId,
    /// The customer's name when the invoice was created.
    pub customer_name: String,
    /// The car serviced.
    pub car_id: CarId,
    /// Where the invoice is in its life; changed only by the workflow routes.
    pub status: InvoiceStatus,
    /// The day it was issued, in the garage's calendar.
    pub issued_date: Option<NaiveDate>,
    /// The day payment is due.
    pub due_date: NaiveDate,
    /// Notes printed on the invoice (may be empty).
    pub notes: Notes,
    /// The service's items: refreshed on every change of a draft, fixed when issued.
    pub lines: Vec<ServiceItem>,
    /// Sum of the lines.
    pub subtotal: Money,
    /// Tax rate in percent, fixed when issued (a decimal string, `"19.00"`).
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "19.00"))]
    pub tax_rate: Decimal,
    /// Tax on the subtotal less the discount.
    pub tax_amount: Money,
    /// Fixed fees, fixed when issued.
    pub fees: Vec<InvoiceFee>,
    /// Discount off the subtotal, before tax.
    pub discount: Money,
    /// Subtotal − discount + tax + fees.
    pub total: Money,
    /// When it was paid.
    pub paid_at: Option<DateTime<Utc>>,
    /// How it was paid.
    pub payment_method: Option<PaymentMethod>,
    /// How much was refunded.
    pub refund_amount: Option<Money>,
    /// Why it was refunded.
    pub refund_reason: Option<RefundReason>,
    /// When it was refunded.
    pub refunded_at: Option<DateTime<Utc>>,
    /// When it was cancelled.
    pub cancelled_at: Option<DateTime<Utc>>,
    /// The PDF, once one is attached.
    pub pdf: Option<PdfInfo>,
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

/// The key of an invoice.
pub fn invoice_key(id: &InvoiceId) -> Key {
    Key::new(format!("INVOICE#{id}"), INVOICE_SK)
}

/// GSI1 partition of the invoices in a status.
pub fn by_status(status: InvoiceStatus) -> String {
    format!("INVOICES#STATUS#{}", status_name(status))
}

/// GSI2 partition of the invoices of a customer.
pub fn by_customer(customer_id: &CustomerId) -> String {
    format!("INVOICES#CUSTOMER#{customer_id}")
}

/// A status as JSON and keys write it.
pub fn status_name(status: InvoiceStatus) -> &'static str {
    match status {
        InvoiceStatus::Draft => "draft",
        InvoiceStatus::Pending => "pending",
        InvoiceStatus::Paid => "paid",
        InvoiceStatus::Cancelled => "cancelled",
        InvoiceStatus::Refunded => "refunded",
    }
}

impl Invoice {
    /// The key of this invoice.
    pub fn key(&self) -> Key {
        invoice_key(&self.id)
    }

    /// The date it is listed under: its issue date, or a draft's creation date.
    pub fn list_date(&self) -> NaiveDate {
        self.issued_date
            .unwrap_or_else(|| self.created_at.date_naive())
    }

    /// The sort key of this invoice in every list: by list date, then id.
    pub fn list_sort_key(&self) -> String {
        format!("{}#{}", self.list_date(), self.id)
    }

    /// The blob key of the current PDF.
    pub fn pdf_key(&self) -> Option<String> {
        self.pdf
            .as_ref()
            .map(|pdf| pdf::blob_key(&self.id, &pdf.id))
    }

    /// The stored item, with its index attributes.
    pub fn item(&self) -> Result<Item, ItemError> {
        let mut item = to_item(self)?;
        item.extend(self.key().to_item());
        let sort = Value::s(self.list_sort_key());
        item.insert("entity".into(), Value::s(INVOICE_ENTITY));
        item.insert("gsi1pk".into(), Value::s(by_status(self.status)));
        item.insert("gsi1sk".into(), sort.clone());
        item.insert("gsi2pk".into(), Value::s(by_customer(&self.customer_id)));
        item.insert("gsi2sk".into(), sort);
        if self.status == InvoiceStatus::Pending {
            item.insert("gsi3pk".into(), Value::s(DUE_PARTITION));
            item.insert(
                "gsi3sk".into(),
                Value::s(format!("{}#{}", self.due_date, self.id)),
            );
        }
        if let Some(pdf) = &self.pdf {
            item.insert(PDF_ID.into(), Value::s(&pdf.id));
        }
        Ok(item)
    }
}

/// Reads an invoice.
pub async fn get(table: &dyn Table, id: &InvoiceId) -> Result<Option<Invoice>, InvoiceError> {
    crate::entity::get::<Invoice>(table, id).await
}

/// A draft invoice of 2 lines, for tests (this crate's, and other crates' with the
/// `testing` feature).
#[cfg(any(test, feature = "testing"))]
pub fn sample(now: DateTime<Utc>) -> Invoice {
    Invoice {
        id: InvoiceId::generate(now),
        invoice_number: None,
        service_id: ServiceId::generate(now),
        customer_id: CustomerId::generate(now),
        customer_name: "Hélène Ben Ali".into(),
        car_id: CarId::generate(now),
        status: InvoiceStatus::Draft,
        issued_date: None,
        due_date: now.date_naive() + chrono::Duration::days(30),
        notes: Notes::default(),
        lines: Vec::new(),
        subtotal: Money::from_minor(100_000, 3),
        tax_rate: Decimal::new(1900, 2),
        tax_amount: Money::from_minor(19_000, 3),
        fees: vec![InvoiceFee {
            label: "Droit de timbre".into(),
            amount: Money::from_minor(1_000, 3),
        }],
        discount: Money::zero(3),
        total: Money::from_minor(120_000, 3),
        paid_at: None,
        payment_method: None,
        refund_amount: None,
        refund_reason: None,
        refunded_at: None,
        cancelled_at: None,
        pdf: None,
        legacy_id: None,
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
    fn an_invoice_round_trips_through_its_item_with_index_attributes() {
        let now = "2026-03-16T09:00:00Z".parse().unwrap();
        let mut invoice = sample(now);
        let item = invoice.item().unwrap();
        assert_eq!(item["pk"], Value::s(format!("INVOICE#{}", invoice.id)));
        assert_eq!(item["gsi1pk"], Value::s("INVOICES#STATUS#draft"));
        assert_eq!(item["tax_rate"], Value::s("19.00"));
        assert_eq!(item["total"], Value::s("120.000"));
        assert!(!item.contains_key("gsi3pk"), "a draft is never overdue");
        assert_eq!(from_item::<Invoice>(item).unwrap(), invoice);

        invoice.status = InvoiceStatus::Pending;
        let item = invoice.item().unwrap();
        assert_eq!(item["gsi3pk"], Value::s(DUE_PARTITION));
        assert_eq!(
            item["gsi3sk"],
            Value::s(format!("2026-04-15#{}", invoice.id))
        );
    }
}
