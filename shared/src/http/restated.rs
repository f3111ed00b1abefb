//! Fields the Django ECAR let a client write that this system owns (a
//! service's status, an invoice's service, a username...). Its clients send
//! them back with the rest of a form they read, so such a field is accepted
//! when it restates the current value, and refused (nothing changed) when it
//! asks for a change that only another route makes, or none does.

use super::error::ApiError;

/// Accepts `given` when absent or equal to `current`; otherwise a 400 on
/// `field` saying how the value does change (`how`).
pub fn restated<T: PartialEq + ?Sized>(
    field: &'static str,
    given: Option<&T>,
    current: &T,
    how: &str,
) -> Result<(), ApiError> {
    match given {
        Some(given) if given != current => Err(ApiError::invalid_field(
            field,
            format!("cannot be changed here: {how}"),
        )),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_current_value_or_nothing_is_accepted() {
        let how = "use the workflow routes";
        assert!(restated("status", None, "scheduled", how).is_ok());
        assert!(restated("status", Some("scheduled"), "scheduled", how).is_ok());
        let error = restated("status", Some("completed"), "scheduled", how).unwrap_err();
        assert_eq!(error.status(), 400);
        assert_eq!(error.field_errors()[0].field, "status");
        assert!(error.field_errors()[0].message.contains(how));
    }
}
