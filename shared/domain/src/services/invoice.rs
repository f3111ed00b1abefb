//! The link from a service to its invoice, which the invoices function sets
//! in its own transactions: once the invoice is issued, the service's items
//! are frozen (they became the invoice's lines). The invoice itself is the
//! invoices module's; a service only records its id and status.

use chrono::{DateTime, Utc};

use super::Service;
use crate::{
    store::{Change, Condition, ItemError, Value, WriteOp, to_value},
    values::InvoiceStatus,
};

/// The write recording on `service` (as read, at its version) that its
/// invoice is `invoice_id` in `status`. It bumps the service's version, so
/// an item change racing with the invoice's issue fails on its version, and
/// it fails if the service changed since it was read.
pub fn link_op(
    service: &Service,
    invoice_id: &str,
    status: InvoiceStatus,
    now: DateTime<Utc>,
) -> Result<WriteOp, ItemError> {
    Ok(WriteOp::Update {
        key: service.key(),
        changes: vec![
            Change::Set("invoice_id".into(), Value::s(invoice_id)),
            Change::Set("invoice_status".into(), to_value(&status)?),
            Change::Set("updated_at".into(), to_value(&now)?),
            Change::Add("version".into(), 1),
        ],
        condition: Some(Condition::Equals(
            "version".into(),
            Value::n(service.version),
        )),
    })
}

/// The write forgetting the invoice of `service` (as read, at its version),
/// when that invoice (a draft) is deleted: the service may then be invoiced
/// again, or deleted. Like [`link_op`], it fails if the service changed.
pub fn unlink_op(service: &Service, now: DateTime<Utc>) -> Result<WriteOp, ItemError> {
    Ok(WriteOp::Update {
        key: service.key(),
        changes: vec![
            Change::Set("invoice_id".into(), Value::Null),
            Change::Set("invoice_status".into(), Value::Null),
            Change::Set("updated_at".into(), to_value(&now)?),
            Change::Add("version".into(), 1),
        ],
        condition: Some(Condition::Equals(
            "version".into(),
            Value::n(service.version),
        )),
    })
}
