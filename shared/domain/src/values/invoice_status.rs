//! The status of an invoice: the invoices module's state machine moves it,
//! and a service records it (its items freeze once the invoice is issued).
//! It lives here, below both, so neither module needs the other for it.

use serde::{Deserialize, Serialize};

/// The status of an invoice.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum InvoiceStatus {
    /// Being prepared; the service's items may still change.
    Draft,
    /// Issued, awaiting payment.
    Pending,
    /// Paid.
    Paid,
    /// Called off (the service may be invoiced again).
    Cancelled,
    /// Paid, then refunded.
    Refunded,
}

impl InvoiceStatus {
    /// Whether the invoice was issued, which freezes the service's items.
    pub fn is_issued(self) -> bool {
        matches!(
            self,
            InvoiceStatus::Pending | InvoiceStatus::Paid | InvoiceStatus::Refunded
        )
    }
}
