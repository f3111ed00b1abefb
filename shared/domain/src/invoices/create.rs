//! Creating a draft invoice for a service: one live invoice per service.
//!
//! The service itself is the guard: the draft's transaction links it to the
//! service on condition that the service is still at the version read, which
//! showed no live invoice; of two concurrent creates for the same service,
//! the second finds the service changed, reads it again, and is refused.

use crate::idempotency::Answer;
use chrono::NaiveDate;

use super::{Invoice, InvoiceError, commit::create_ops, totals};
use crate::{
    customers,
    idempotency::{Idempotent, Recorded},
    ports::Ports,
    services::{self, Service, Status, invoice::link_op},
    store::StoreError,
    values::{InvoiceId, InvoiceStatus, Money, Notes, ServiceId},
};

/// Earliest due date accepted.
const FIRST_DATE: NaiveDate = NaiveDate::from_ymd_opt(2000, 1, 1).expect("a valid date");
/// Latest due date accepted.
const LAST_DATE: NaiveDate = NaiveDate::from_ymd_opt(2100, 12, 31).expect("a valid date");
/// How many times a create is decided before giving up on contention.
const MAX_ATTEMPTS: u32 = 5;

/// Checks that a due date is a plausible date.
pub fn check_due_date(date: NaiveDate) -> Result<NaiveDate, InvoiceError> {
    if (FIRST_DATE..=LAST_DATE).contains(&date) {
        Ok(date)
    } else {
        Err(InvoiceError::invalid(
            "due_date",
            format!("must be between {FIRST_DATE} and {LAST_DATE}"),
        ))
    }
}

/// What staff send to create a draft.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewInvoice {
    /// The service invoiced.
    pub service_id: ServiceId,
    /// When payment is due.
    pub due_date: NaiveDate,
    /// Notes printed on the invoice.
    pub notes: Notes,
    /// Discount off the subtotal, before tax.
    pub discount: Money,
}

/// A create's result.
#[derive(Debug)]
pub enum Created {
    /// A new draft.
    New(Box<Invoice>),
    /// The answer first given to the same idempotent request.
    Replayed(Recorded),
}

/// Refuses a service that cannot get a new invoice.
pub fn check_invoiceable(service: &Service) -> Result<(), InvoiceError> {
    if service.status == Status::Cancelled {
        return Err(InvoiceError::Refused(
            "The service is cancelled: it cannot be invoiced.".into(),
        ));
    }
    if service.invoice_id.is_some() && service.invoice_status != Some(InvoiceStatus::Cancelled) {
        return Err(InvoiceError::Refused(
            "The service already has an invoice.".into(),
        ));
    }
    Ok(())
}

/// Creates a draft invoice for `new.service_id`. Under an idempotency key, a
/// repeated request gets the first answer.
pub async fn create(
    ports: &Ports,
    new: NewInvoice,
    idempotent: Option<&Idempotent>,
) -> Result<Created, InvoiceError> {
    let table = ports.table.as_ref();
    if let Some(idempotent) = idempotent
        && let Some(recorded) = idempotent.recorded(table).await?
    {
        return Ok(Created::Replayed(recorded));
    }
    let due_date = check_due_date(new.due_date)?;
    for _ in 0..MAX_ATTEMPTS {
        let service = services::get(table, &new.service_id)
            .await?
            .ok_or_else(|| InvoiceError::invalid("service_id", "no such service"))?;
        check_invoiceable(&service)?;
        let customer = customers::get(table, &service.customer_id)
            .await?
            .ok_or_else(|| {
                InvoiceError::Refused("The service's customer no longer exists.".into())
            })?;
        let now = ports.clock.now();
        let mut invoice = Invoice {
            id: InvoiceId::generate(now),
            invoice_number: None,
            service_id: service.id.clone(),
            customer_id: service.customer_id.clone(),
            customer_name: format!("{} {}", customer.first_name, customer.last_name),
            car_id: service.car_id.clone(),
            status: InvoiceStatus::Draft,
            issued_date: None,
            due_date,
            notes: new.notes.clone(),
            lines: service.items.clone(),
            subtotal: Money::zero(ports.config.currency_decimals),
            tax_rate: ports.config.tax_rate,
            tax_amount: Money::zero(ports.config.currency_decimals),
            fees: Vec::new(),
            discount: Money::zero(ports.config.currency_decimals),
            total: Money::zero(ports.config.currency_decimals),
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
        };
        totals::with_config(&ports.config, &invoice.lines, new.discount)?.apply_to(&mut invoice);
        let mut first = Vec::new();
        if let Some(idempotent) = idempotent {
            let body = serde_json::to_value(&invoice).map_err(crate::store::ItemError::from)?;
            first.push(idempotent.record_op(Answer::Created, &body, now));
        }
        let records = first.len();
        let link = link_op(&service, invoice.id.as_str(), InvoiceStatus::Draft, now)?;
        let ops = create_ops(
            &ports.config.counter_settings(),
            first,
            &invoice,
            vec![link],
        )?;
        let link_at = ops.len() - 1;
        match table.transact(ops).await {
            Ok(()) => {
                tracing::info!(invoice_id = %invoice.id, service_id = %service.id, "draft invoice created");
                return Ok(Created::New(Box::new(invoice)));
            }
            Err(StoreError::ConditionFailed { index }) if records == 1 && index == 0 => {
                // The record comes first: losing on it means a concurrent retry won.
                if let Some(idempotent) = idempotent {
                    return Ok(Created::Replayed(idempotent.after_race(table).await?));
                }
            }
            // The service changed meanwhile: decide again from a fresh read.
            Err(StoreError::ConditionFailed { index }) if index == link_at => {}
            Err(StoreError::Conflict) => {}
            Err(other) => return Err(other.into()),
        }
    }
    Err(InvoiceError::Contention)
}
