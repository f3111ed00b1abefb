//! The invoice workflow in one place: which action each status allows, and
//! where it leads.
//!
//! ```text
//! draft ──issue──> pending ──mark_as_paid──> paid ──refund──> refunded
//!   │                 │
//!   └────cancel───────┴──> cancelled
//! ```
//! Only a draft is edited or deleted; a PDF is attached, and the customer
//! notified, only once the invoice is issued and while it is not cancelled.

use crate::values::InvoiceStatus;

use super::status_name;

/// Something done to an invoice that its status may forbid.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Action {
    /// Its notes, due date or discount change (its lines are refreshed).
    Edit,
    /// It is deleted.
    Delete,
    /// It is issued: number, lines and totals fixed.
    Issue,
    /// It is paid.
    MarkPaid,
    /// It is called off.
    Cancel,
    /// Its payment is (partly) given back.
    Refund,
    /// A PDF is uploaded, generated or attached.
    AttachPdf,
    /// The customer is sent a message about it.
    Notify,
}

impl Action {
    /// Every action.
    pub const ALL: [Action; 8] = [
        Action::Edit,
        Action::Delete,
        Action::Issue,
        Action::MarkPaid,
        Action::Cancel,
        Action::Refund,
        Action::AttachPdf,
        Action::Notify,
    ];

    fn describe(self) -> &'static str {
        match self {
            Action::Edit => "edit",
            Action::Delete => "delete",
            Action::Issue => "issue",
            Action::MarkPaid => "mark as paid",
            Action::Cancel => "cancel",
            Action::Refund => "refund",
            Action::AttachPdf => "attach a PDF to",
            Action::Notify => "send a notification about",
        }
    }
}

/// Every status.
pub const ALL_STATUSES: [InvoiceStatus; 5] = [
    InvoiceStatus::Draft,
    InvoiceStatus::Pending,
    InvoiceStatus::Paid,
    InvoiceStatus::Cancelled,
    InvoiceStatus::Refunded,
];

/// Parses a status name (`?status=`).
pub fn parse_status(text: &str) -> Option<InvoiceStatus> {
    ALL_STATUSES
        .into_iter()
        .find(|status| status_name(*status) == text)
}

/// An action the current status forbids (a 409).
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("cannot {} an invoice that is {}", .action.describe(), status_name(*.from))]
pub struct InvalidTransition {
    /// The status the invoice is in.
    pub from: InvoiceStatus,
    /// What was attempted.
    pub action: Action,
}

/// Where `action` takes an invoice in status `from`: `Some(status)` it is in
/// afterwards, `None` when the action removes it; an error when `from` forbids it.
pub fn apply(
    from: InvoiceStatus,
    action: Action,
) -> Result<Option<InvoiceStatus>, InvalidTransition> {
    use InvoiceStatus::*;
    let to = match (from, action) {
        (Draft, Action::Edit) => Some(Draft),
        (Draft, Action::Delete) => None,
        (Draft, Action::Issue) => Some(Pending),
        (Pending, Action::MarkPaid) => Some(Paid),
        (Draft | Pending, Action::Cancel) => Some(Cancelled),
        (Paid, Action::Refund) => Some(Refunded),
        (Pending | Paid | Refunded, Action::AttachPdf | Action::Notify) => Some(from),
        _ => return Err(InvalidTransition { from, action }),
    };
    Ok(to)
}

#[cfg(test)]
mod tests {
    use super::*;
    use InvoiceStatus::*;

    /// Every (status, action) pair and its outcome: `Ok(Some(to))`, `Ok(None)`
    /// for a delete, `Err(())` for a refusal.
    const TABLE: [(InvoiceStatus, Action, Result<Option<InvoiceStatus>, ()>); 40] = [
        (Draft, Action::Edit, Ok(Some(Draft))),
        (Draft, Action::Delete, Ok(None)),
        (Draft, Action::Issue, Ok(Some(Pending))),
        (Draft, Action::MarkPaid, Err(())),
        (Draft, Action::Cancel, Ok(Some(Cancelled))),
        (Draft, Action::Refund, Err(())),
        (Draft, Action::AttachPdf, Err(())),
        (Draft, Action::Notify, Err(())),
        (Pending, Action::Edit, Err(())),
        (Pending, Action::Delete, Err(())),
        (Pending, Action::Issue, Err(())),
        (Pending, Action::MarkPaid, Ok(Some(Paid))),
        (Pending, Action::Cancel, Ok(Some(Cancelled))),
        (Pending, Action::Refund, Err(())),
        (Pending, Action::AttachPdf, Ok(Some(Pending))),
        (Pending, Action::Notify, Ok(Some(Pending))),
        (Paid, Action::Edit, Err(())),
        (Paid, Action::Delete, Err(())),
        (Paid, Action::Issue, Err(())),
        (Paid, Action::MarkPaid, Err(())),
        (Paid, Action::Cancel, Err(())),
        (Paid, Action::Refund, Ok(Some(Refunded))),
        (Paid, Action::AttachPdf, Ok(Some(Paid))),
        (Paid, Action::Notify, Ok(Some(Paid))),
        (Cancelled, Action::Edit, Err(())),
        (Cancelled, Action::Delete, Err(())),
        (Cancelled, Action::Issue, Err(())),
        (Cancelled, Action::MarkPaid, Err(())),
        (Cancelled, Action::Cancel, Err(())),
        (Cancelled, Action::Refund, Err(())),
        (Cancelled, Action::AttachPdf, Err(())),
        (Cancelled, Action::Notify, Err(())),
        (Refunded, Action::Edit, Err(())),
        (Refunded, Action::Delete, Err(())),
        (Refunded, Action::Issue, Err(())),
        (Refunded, Action::MarkPaid, Err(())),
        (Refunded, Action::Cancel, Err(())),
        (Refunded, Action::Refund, Err(())),
        (Refunded, Action::AttachPdf, Ok(Some(Refunded))),
        (Refunded, Action::Notify, Ok(Some(Refunded))),
    ];

    #[test]
    fn every_status_and_action_pair() {
        for (from, action, expected) in TABLE {
            let got = apply(from, action).map_err(|error| {
                assert_eq!((error.from, error.action), (from, action));
            });
            assert_eq!(got, expected, "{from:?} / {action:?}");
        }
        for from in ALL_STATUSES {
            for action in Action::ALL {
                let rows = TABLE
                    .iter()
                    .filter(|(f, a, _)| (*f, *a) == (from, action))
                    .count();
                assert_eq!(rows, 1, "{from:?} / {action:?}");
            }
        }
    }

    #[test]
    fn refusals_explain_themselves() {
        let error = apply(Paid, Action::Cancel).unwrap_err();
        assert_eq!(error.to_string(), "cannot cancel an invoice that is paid");
        let error = apply(Pending, Action::Edit).unwrap_err();
        assert_eq!(error.to_string(), "cannot edit an invoice that is pending");
    }

    #[test]
    fn names_round_trip() {
        for status in ALL_STATUSES {
            assert_eq!(parse_status(status_name(status)), Some(status));
            assert_eq!(
                serde_json::to_value(status).unwrap(),
                serde_json::Value::String(status_name(status).into())
            );
        }
        assert_eq!(parse_status("unpaid"), None);
    }
}
