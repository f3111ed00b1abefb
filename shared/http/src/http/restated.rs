//! Fields the Django ECAR let a client write that this system owns (a
//! service's status, an invoice's service, a username...). Its clients send
//! them back with the rest of a form they read, so such a field is accepted
//! when it restates the current value, and refused (nothing changed) when it
//! asks for a change that only another route makes, or none does.

use serde::{Deserialize, Deserializer, de::Error};

use super::error::ApiError;

/// A field of the Django ECAR's forms that another route sets here (an
/// invoice's refund fields, set by `refund`): its forms send it empty, so
/// `null` is accepted and any value refused (as `Option<NullOnly>` with
/// `#[serde(default)]`, both `null` and an absent field are `None`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct NullOnly;

impl<'de> Deserialize<'de> for NullOnly {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        match Option::<serde::de::IgnoredAny>::deserialize(deserializer)? {
            None => Ok(NullOnly),
            Some(_) => Err(D::Error::custom(
                "must be null here: another route of this API sets it",
            )),
        }
    }
}

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

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Form {
        #[serde(default)]
        refund_date: Option<NullOnly>,
    }

    #[test]
    fn a_null_only_field_takes_null_or_nothing() {
        assert!(
            crate::http::json::parse::<Form>(br#"{"refund_date": null}"#)
                .unwrap()
                .refund_date
                .is_none()
        );
        assert!(
            crate::http::json::parse::<Form>(b"{}")
                .unwrap()
                .refund_date
                .is_none()
        );
        let error =
            crate::http::json::parse::<Form>(br#"{"refund_date": "2026-03-02"}"#).unwrap_err();
        assert_eq!(error.status(), 400);
        assert_eq!(error.field_errors()[0].field, "refund_date");
    }

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
