//! The appointment workflow in one place: which action each status allows,
//! and where it leads.
//!
//! ```text
//! requested ──confirm──> confirmed ──check_in──> checked_in (a service is opened)
//!    │  └──decline──> declined        ├──no_show──> no_show
//!    └──cancel──> cancelled <──cancel──┘
//! ```
//! Rescheduling keeps the status (a customer's reschedule of a confirmed
//! appointment asks for confirmation again, which [`super::change`] decides).

use serde::{Deserialize, Serialize};

/// Where an appointment is in its life.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = AppointmentStatus))]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Booked by the customer, waiting for the garage to confirm.
    Requested,
    /// The garage expects the car.
    Confirmed,
    /// The car arrived: its service is open.
    CheckedIn,
    /// The garage could not take it, with a reason.
    Declined,
    /// Called off by the customer or the garage.
    Cancelled,
    /// The car did not come.
    NoShow,
}

impl Status {
    /// Every status.
    pub const ALL: [Status; 6] = [
        Status::Requested,
        Status::Confirmed,
        Status::CheckedIn,
        Status::Declined,
        Status::Cancelled,
        Status::NoShow,
    ];

    /// The status as it appears in JSON and filters.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Requested => "requested",
            Status::Confirmed => "confirmed",
            Status::CheckedIn => "checked_in",
            Status::Declined => "declined",
            Status::Cancelled => "cancelled",
            Status::NoShow => "no_show",
        }
    }

    /// Parses a status name (`?status=`).
    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|status| status.as_str() == text)
    }

    /// Whether the appointment holds a place in its slot: a declined or
    /// cancelled one gave it back; one that happened (or was missed) keeps it.
    pub fn holds_place(self) -> bool {
        !matches!(self, Status::Declined | Status::Cancelled)
    }

    /// Whether the appointment is still ahead (it can change or be reminded).
    pub fn is_open(self) -> bool {
        matches!(self, Status::Requested | Status::Confirmed)
    }
}

impl std::fmt::Display for Status {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What staff or the customer do to an appointment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Action {
    /// The garage accepts a request.
    Confirm,
    /// The garage refuses a request.
    Decline,
    /// Either side calls it off.
    Cancel,
    /// Either side moves it to another slot.
    Reschedule,
    /// The car arrived.
    CheckIn,
    /// The car did not come.
    NoShow,
    /// Staff give the work to a technician (or to nobody).
    Assign,
}

impl Action {
    /// Every action.
    pub const ALL: [Action; 7] = [
        Action::Confirm,
        Action::Decline,
        Action::Cancel,
        Action::Reschedule,
        Action::CheckIn,
        Action::NoShow,
        Action::Assign,
    ];

    /// The action's name, as its route names it.
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Confirm => "confirm",
            Action::Decline => "decline",
            Action::Cancel => "cancel",
            Action::Reschedule => "reschedule",
            Action::CheckIn => "check in",
            Action::NoShow => "mark as no-show",
            Action::Assign => "assign",
        }
    }
}

/// An action the status does not allow.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("cannot {} an appointment that is {}", action.as_str(), from)]
pub struct InvalidTransition {
    /// The status the appointment is in.
    pub from: Status,
    /// The action refused.
    pub action: Action,
}

/// Where `action` takes an appointment in status `from`.
pub fn apply(from: Status, action: Action) -> Result<Status, InvalidTransition> {
    use Action as A;
    use Status as S;
    match (from, action) {
        (S::Requested, A::Confirm) => Ok(S::Confirmed),
        (S::Requested, A::Decline) => Ok(S::Declined),
        (S::Requested | S::Confirmed, A::Cancel) => Ok(S::Cancelled),
        (S::Requested | S::Confirmed, A::Reschedule | A::Assign) => Ok(from),
        (S::Confirmed, A::CheckIn) => Ok(S::CheckedIn),
        (S::Confirmed, A::NoShow) => Ok(S::NoShow),
        _ => Err(InvalidTransition { from, action }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_status_and_action_pair() {
        use Action as A;
        use Status as S;
        let allowed = [
            (S::Requested, A::Confirm, S::Confirmed),
            (S::Requested, A::Decline, S::Declined),
            (S::Requested, A::Cancel, S::Cancelled),
            (S::Requested, A::Reschedule, S::Requested),
            (S::Requested, A::Assign, S::Requested),
            (S::Confirmed, A::Assign, S::Confirmed),
            (S::Confirmed, A::Cancel, S::Cancelled),
            (S::Confirmed, A::Reschedule, S::Confirmed),
            (S::Confirmed, A::CheckIn, S::CheckedIn),
            (S::Confirmed, A::NoShow, S::NoShow),
        ];
        for from in Status::ALL {
            for action in Action::ALL {
                let expected = allowed
                    .iter()
                    .find(|(f, a, _)| *f == from && *a == action)
                    .map(|(_, _, to)| *to);
                assert_eq!(apply(from, action).ok(), expected, "{from} {action:?}");
            }
        }
        assert_eq!(
            apply(S::CheckedIn, A::Cancel).unwrap_err().to_string(),
            "cannot cancel an appointment that is checked_in"
        );
    }

    #[test]
    fn only_declined_and_cancelled_give_their_place_back() {
        let holding: Vec<_> = Status::ALL
            .into_iter()
            .filter(|s| s.holds_place())
            .collect();
        assert_eq!(
            holding,
            [
                Status::Requested,
                Status::Confirmed,
                Status::CheckedIn,
                Status::NoShow
            ]
        );
    }
}
