//! Who the caller is to the appointments, and the ids in paths.

use ecar_http::{
    AppState,
    appointments::{self, Appointment, book::Actor},
    auth::Caller,
    domain::{AppointmentId, CustomerId},
    http::ApiError,
};

/// The caller as the domain sees them: staff, or a customer with a profile.
pub fn actor(caller: &Caller) -> Result<Actor, ApiError> {
    if caller.is_staff() {
        return Ok(Actor::Staff);
    }
    caller
        .customer_id
        .as_deref()
        .and_then(|id| CustomerId::parse(id).ok())
        .map(Actor::Customer)
        .ok_or_else(ApiError::forbidden)
}

/// The appointment id of a path; a malformed one names nothing (404).
pub fn appointment_id(text: &str) -> Result<AppointmentId, ApiError> {
    AppointmentId::parse(text).map_err(|_| ApiError::not_found())
}

/// Appointment `id`, if the caller may see it (staff: every one; a
/// customer: their own; another's is a 404, as if it did not exist).
pub async fn visible(state: &AppState, caller: &Caller, id: &str) -> Result<Appointment, ApiError> {
    let appointment = appointments::get(state.table.as_ref(), &appointment_id(id)?)
        .await?
        .ok_or_else(ApiError::not_found)?;
    caller.require_owner(appointment.customer_id.as_str())?;
    Ok(appointment)
}
