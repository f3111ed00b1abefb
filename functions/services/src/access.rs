//! Reading a service the caller may see, and the shared bits of the routes.

use ecar_http::{
    AppState,
    auth::Caller,
    domain::ServiceId,
    http::ApiError,
    services::{self, Service, pages},
};

/// A service id from a path: one that cannot exist is simply not found.
pub fn service_id(text: &str) -> Result<ServiceId, ApiError> {
    ServiceId::parse(text).map_err(|_| ApiError::not_found())
}

/// Reads a service the caller may see: staff see every one, a technician
/// those assigned to them, a customer only their own (anything else is a
/// 404, as if it did not exist), each as [`pages::shown_to`] shows it.
pub async fn visible_service(
    state: &AppState,
    caller: &Caller,
    id: &str,
) -> Result<Service, ApiError> {
    let service = services::get(state.table.as_ref(), &service_id(id)?)
        .await?
        .ok_or_else(ApiError::not_found)?;
    if caller.is_technician() {
        caller.require_assigned(service.technician_id.as_deref())?;
    } else {
        caller.require_owner(service.customer_id.as_str())?;
    }
    Ok(pages::shown_to(caller, service))
}

/// What a caller may change of a service, checked before the request's
/// body is read (a technician learns nothing of a job that is not theirs,
/// not even that their body was wrong): staff change any service; a
/// technician only an open one assigned to them, at the version of the read
/// that checked it (so a reassignment in between refuses the change with a
/// 409).
pub struct WorkCheck {
    /// The version read, for a technician.
    read: Option<u64>,
}

impl WorkCheck {
    /// Checks `caller`'s right to change service `id`.
    pub async fn of(state: &AppState, caller: &Caller, id: &str) -> Result<Self, ApiError> {
        if !caller.is_technician() {
            return Ok(Self { read: None });
        }
        let service = visible_service(state, caller, id).await?;
        if !services::assignment::is_open(service.status) {
            return Err(ApiError::from(services::ServiceError::Refused(format!(
                "The service is {}: staff change it now.",
                service.status
            ))));
        }
        Ok(Self {
            read: Some(service.version),
        })
    }

    /// The version the change must apply to, given the one the client named.
    pub fn expected(&self, named: Option<u64>) -> Result<Option<u64>, ApiError> {
        match (self.read, named) {
            (Some(read), Some(named)) if read != named => {
                Err(ApiError::from(services::ServiceError::StaleVersion))
            }
            (Some(read), _) => Ok(Some(read)),
            (None, named) => Ok(named),
        }
    }
}
