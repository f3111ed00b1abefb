//! The service workflow in one place: which action each status allows, and
//! where it leads.
//!
//! ```text
//! scheduled ──start──> in_progress ──complete──> completed
//!     │  └──────────────complete──────────────────────^
//!     └──cancel──> cancelled <──cancel── in_progress
//! ```
//! Rescheduling and item changes keep the status and are refused once the
//! service is completed or cancelled (items of a completed service stay
//! editable until it is invoiced, which [`super::items`] checks); only a
//! scheduled or cancelled service may be deleted.

use serde::{Deserialize, Serialize};

/// Where a service is in its life.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Booked for a date, work not started.
    Scheduled,
    /// The car is in the workshop.
    InProgress,
    /// Done.
    Completed,
    /// Called off, with a reason.
    Cancelled,
}

impl Status {
    /// Every status.
    pub const ALL: [Status; 4] = [
        Status::Scheduled,
        Status::InProgress,
        Status::Completed,
        Status::Cancelled,
    ];

    /// The status as it appears in JSON and keys.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Scheduled => "scheduled",
            Status::InProgress => "in_progress",
            Status::Completed => "completed",
            Status::Cancelled => "cancelled",
        }
    }

    /// Parses a status name (`?status=`).
    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|status| status.as_str() == text)
    }
}

impl std::fmt::Display for Status {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Something done to a service that its status may forbid.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Action {
    /// Work begins.
    Start,
    /// Work is done.
    Complete,
    /// The service is called off.
    Cancel,
    /// The service moves to another date.
    Reschedule,
    /// Parts or labour are added, changed or removed.
    EditItems,
    /// The service is deleted.
    Delete,
}

impl Action {
    fn describe(self) -> &'static str {
        match self {
            Action::Start => "start",
            Action::Complete => "complete",
            Action::Cancel => "cancel",
            Action::Reschedule => "reschedule",
            Action::EditItems => "change the items of",
            Action::Delete => "delete",
        }
    }
}

/// An action the current status forbids (a 409).
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("cannot {} a service that is {}", .action.describe(), .from.as_str().replace('_', " "))]
pub struct InvalidTransition {
    /// The status the service is in.
    pub from: Status,
    /// What was attempted.
    pub action: Action,
}

/// Where `action` takes a service in status `from`: `Some(status)` it is in
/// afterwards, `None` when the action removes it; an error when `from` forbids it.
pub fn apply(from: Status, action: Action) -> Result<Option<Status>, InvalidTransition> {
    use Status::*;
    let to = match (from, action) {
        (Scheduled, Action::Start) => Some(InProgress),
        (Scheduled | InProgress, Action::Complete) => Some(Completed),
        (Scheduled | InProgress, Action::Cancel) => Some(Cancelled),
        (Scheduled | InProgress, Action::Reschedule) => Some(from),
        (Scheduled | InProgress | Completed, Action::EditItems) => Some(from),
        (Scheduled | Cancelled, Action::Delete) => None,
        _ => return Err(InvalidTransition { from, action }),
    };
    Ok(to)
}

#[cfg(test)]
mod tests {
    use super::*;
    use Status::*;

    /// Every (status, action) pair and its outcome: `Ok(Some(to))`, `Ok(None)`
    /// for a delete, `Err(())` for a refusal.
    const TABLE: [(Status, Action, Result<Option<Status>, ()>); 24] = [
        (Scheduled, Action::Start, Ok(Some(InProgress))),
        (Scheduled, Action::Complete, Ok(Some(Completed))),
        (Scheduled, Action::Cancel, Ok(Some(Cancelled))),
        (Scheduled, Action::Reschedule, Ok(Some(Scheduled))),
        (Scheduled, Action::EditItems, Ok(Some(Scheduled))),
        (Scheduled, Action::Delete, Ok(None)),
        (InProgress, Action::Start, Err(())),
        (InProgress, Action::Complete, Ok(Some(Completed))),
        (InProgress, Action::Cancel, Ok(Some(Cancelled))),
        (InProgress, Action::Reschedule, Ok(Some(InProgress))),
        (InProgress, Action::EditItems, Ok(Some(InProgress))),
        (InProgress, Action::Delete, Err(())),
        (Completed, Action::Start, Err(())),
        (Completed, Action::Complete, Err(())),
        (Completed, Action::Cancel, Err(())),
        (Completed, Action::Reschedule, Err(())),
        (Completed, Action::EditItems, Ok(Some(Completed))),
        (Completed, Action::Delete, Err(())),
        (Cancelled, Action::Start, Err(())),
        (Cancelled, Action::Complete, Err(())),
        (Cancelled, Action::Cancel, Err(())),
        (Cancelled, Action::Reschedule, Err(())),
        (Cancelled, Action::EditItems, Err(())),
        (Cancelled, Action::Delete, Ok(None)),
    ];

    #[test]
    fn every_status_and_action_pair() {
        for (from, action, expected) in TABLE {
            let got = apply(from, action).map_err(|error| {
                assert_eq!((error.from, error.action), (from, action));
            });
            assert_eq!(got, expected, "{from} / {action:?}");
        }
        // The table is complete: every pair appears exactly once.
        for from in Status::ALL {
            for action in [
                Action::Start,
                Action::Complete,
                Action::Cancel,
                Action::Reschedule,
                Action::EditItems,
                Action::Delete,
            ] {
                let rows = TABLE
                    .iter()
                    .filter(|(f, a, _)| (*f, *a) == (from, action))
                    .count();
                assert_eq!(rows, 1, "{from} / {action:?}");
            }
        }
    }

    #[test]
    fn refusals_explain_themselves() {
        let error = apply(Completed, Action::Cancel).unwrap_err();
        assert_eq!(
            error.to_string(),
            "cannot cancel a service that is completed"
        );
        let error = apply(InProgress, Action::Start).unwrap_err();
        assert_eq!(
            error.to_string(),
            "cannot start a service that is in progress"
        );
    }

    #[test]
    fn names_round_trip() {
        for status in Status::ALL {
            assert_eq!(Status::parse(status.as_str()), Some(status));
            assert_eq!(
                serde_json::to_value(status).unwrap(),
                serde_json::Value::String(status.as_str().into())
            );
        }
        assert_eq!(Status::parse("done"), None);
    }
}
