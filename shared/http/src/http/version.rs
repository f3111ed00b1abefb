//! The version a write expects, from `If-Match: "<version>"` or `version` in the body.

use super::error::ApiError;
use axum::http::{HeaderMap, header};

/// The expected version of the entity, if the client named one.
pub fn expected_version(
    headers: &HeaderMap,
    body_version: Option<u64>,
) -> Result<Option<u64>, ApiError> {
    let header_version = match headers.get(header::IF_MATCH) {
        None => None,
        Some(value) => {
            let text = value.to_str().unwrap_or_default().trim();
            let number = text
                .strip_prefix('"')
                .and_then(|rest| rest.strip_suffix('"'))
                .unwrap_or(text);
            Some(number.parse::<u64>().map_err(|_| {
                ApiError::bad_request("If-Match must be a quoted version, e.g. \"3\".")
            })?)
        }
    };
    match (header_version, body_version) {
        (Some(a), Some(b)) if a != b => Err(ApiError::invalid_field(
            "version",
            "differs from the If-Match header",
        )),
        (Some(version), _) | (None, Some(version)) => Ok(Some(version)),
        (None, None) => Ok(None),
    }
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;

    use super::*;

    fn headers(if_match: Option<&'static str>) -> HeaderMap {
        let mut headers = HeaderMap::new();
        if let Some(value) = if_match {
            headers.insert(header::IF_MATCH, HeaderValue::from_static(value));
        }
        headers
    }

    #[test]
    fn the_header_or_the_body_names_the_version() {
        assert_eq!(
            expected_version(&headers(Some("\"3\"")), None).unwrap(),
            Some(3)
        );
        assert_eq!(
            expected_version(&headers(Some("4")), None).unwrap(),
            Some(4)
        );
        assert_eq!(expected_version(&headers(None), Some(5)).unwrap(), Some(5));
        assert_eq!(expected_version(&headers(None), None).unwrap(), None);
        assert_eq!(
            expected_version(&headers(Some("\"3\"")), Some(3)).unwrap(),
            Some(3)
        );
    }

    #[test]
    fn disagreeing_or_malformed_versions_are_400() {
        assert_eq!(
            expected_version(&headers(Some("\"3\"")), Some(4))
                .unwrap_err()
                .status(),
            400
        );
        assert_eq!(
            expected_version(&headers(Some("*")), None)
                .unwrap_err()
                .status(),
            400
        );
    }
}
