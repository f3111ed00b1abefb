//! The SPA's refresh cookie: with `X-Refresh-Mode: cookie`, the refresh token
//! travels in an `HttpOnly; Secure; SameSite=Strict` cookie scoped to the
//! token routes instead of the JSON body, out of reach of page scripts. A
//! refresh or logout whose body has no token reads the cookie, and then
//! answers in cookie mode as well.

use axum::http::{HeaderMap, HeaderValue, header};

/// The cookie's name.
pub const REFRESH_COOKIE: &str = "ecar_refresh";
/// The request header choosing cookie mode.
pub const REFRESH_MODE: &str = "x-refresh-mode";

/// Whether the client asked for the refresh token in a cookie.
pub fn cookie_mode(headers: &HeaderMap) -> bool {
    headers
        .get(REFRESH_MODE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|mode| mode.trim().eq_ignore_ascii_case("cookie"))
}

/// The refresh token of the request's cookie, if any.
pub fn refresh_from_cookie(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|line| line.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == REFRESH_COOKIE)
        .map(|(_, value)| value.trim().to_string())
        .filter(|value| !value.is_empty())
}

/// `Set-Cookie` carrying a refresh token for `max_age_seconds`.
pub fn set_refresh(token: &str, max_age_seconds: i64) -> Option<HeaderValue> {
    HeaderValue::from_str(&format!(
        "{REFRESH_COOKIE}={token}; HttpOnly; Secure; SameSite=Strict; Path=/api/token; Max-Age={}",
        max_age_seconds.max(0)
    ))
    .ok()
}

/// `Set-Cookie` removing the refresh cookie.
pub fn clear_refresh() -> HeaderValue {
    HeaderValue::from_static(
        "ecar_refresh=; HttpOnly; Secure; SameSite=Strict; Path=/api/token; Max-Age=0",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cookie_is_found_among_others() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::COOKIE,
            HeaderValue::from_static("theme=dark; ecar_refresh=abc.def.ghi; lang=fr"),
        );
        assert_eq!(
            refresh_from_cookie(&headers).as_deref(),
            Some("abc.def.ghi")
        );
        headers.insert(header::COOKIE, HeaderValue::from_static("ecar_refresh="));
        assert_eq!(refresh_from_cookie(&headers), None);
    }

    #[test]
    fn the_cookie_is_locked_down_and_scoped() {
        let value = set_refresh("abc", 600).unwrap();
        let value = value.to_str().unwrap();
        for attribute in [
            "HttpOnly",
            "Secure",
            "SameSite=Strict",
            "Path=/api/token",
            "Max-Age=600",
        ] {
            assert!(
                value.contains(attribute),
                "{attribute} missing from {value}"
            );
        }
        assert!(clear_refresh().to_str().unwrap().contains("Max-Age=0"));
    }

    #[test]
    fn cookie_mode_is_opt_in() {
        let mut headers = HeaderMap::new();
        assert!(!cookie_mode(&headers));
        headers.insert(REFRESH_MODE, HeaderValue::from_static("Cookie"));
        assert!(cookie_mode(&headers));
        headers.insert(REFRESH_MODE, HeaderValue::from_static("body"));
        assert!(!cookie_mode(&headers));
    }
}
