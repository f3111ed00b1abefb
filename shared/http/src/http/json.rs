//! A strict JSON body extractor: the right content type, a bounded size,
//! no unknown fields (via `deny_unknown_fields` on the target types), and a
//! problem+json 400 naming the field when parsing fails.

use axum::{
    extract::{FromRequest, Request},
    http::header,
};
use bytes::Bytes;
use serde::{Deserialize, Deserializer, de::DeserializeOwned};

use super::error::ApiError;

/// Maximum size of a JSON request body.
pub const MAX_JSON_BODY: usize = 1024 * 1024;
/// Deepest nesting of arrays and objects a JSON body may have: serde_json's
/// recursion limit, which every body parser here keeps (a deeper body is a
/// 400, never a stack overflow).
pub const MAX_JSON_DEPTH: usize = 127;

/// A JSON request body parsed into `T`.
#[derive(Debug, Clone, Copy, Default)]
pub struct Json<T>(pub T);

impl<T, S> FromRequest<S> for Json<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        if !is_json(request.headers().get(header::CONTENT_TYPE)) {
            return Err(ApiError::unsupported_media_type("application/json"));
        }
        let body = Bytes::from_request(request, state)
            .await
            .map_err(|_| ApiError::payload_too_large(MAX_JSON_BODY))?;
        parse(&body).map(Json)
    }
}

/// A JSON body a client may leave out: an empty body (or JSON `null`, as
/// the document's optional body allows) is `T::default()`; any other body
/// must be JSON (by its content type) that `T` accepts, so a stray field, a
/// text body or a stale `version` is refused rather than silently ignored.
#[derive(Debug, Clone, Copy, Default)]
pub struct OptionalJson<T>(pub T);

impl<T, S> FromRequest<S> for OptionalJson<T>
where
    T: DeserializeOwned + Default,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let json = is_json(request.headers().get(header::CONTENT_TYPE));
        let body = Bytes::from_request(request, state)
            .await
            .map_err(|_| ApiError::payload_too_large(MAX_JSON_BODY))?;
        if body.is_empty() {
            return Ok(Self(T::default()));
        }
        if !json {
            return Err(ApiError::unsupported_media_type("application/json"));
        }
        match parse::<Option<T>>(&body)? {
            Some(value) => Ok(Self(value)),
            None => Ok(Self(T::default())),
        }
    }
}

/// The body of a route that takes no fields: nothing, or `{}`.
#[derive(Debug, Clone, Copy, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NoFields {}

/// A strict JSON body kept with its exact bytes (for idempotency fingerprints).
#[derive(Debug, Clone)]
pub struct JsonBytes<T> {
    /// The parsed body.
    pub value: T,
    /// The bytes it was parsed from.
    pub bytes: Bytes,
}

impl<T, S> FromRequest<S> for JsonBytes<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        if !is_json(request.headers().get(header::CONTENT_TYPE)) {
            return Err(ApiError::unsupported_media_type("application/json"));
        }
        let bytes = Bytes::from_request(request, state)
            .await
            .map_err(|_| ApiError::payload_too_large(MAX_JSON_BODY))?;
        let value = parse(&bytes)?;
        Ok(Self { value, bytes })
    }
}

/// For `#[serde(default, deserialize_with = "non_null")]` on a field of a
/// partial update: absent leaves the value alone, `null` is refused (rather
/// than silently ignored), anything else must be a valid `T`.
pub fn non_null<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    T::deserialize(deserializer).map(Some)
}

/// For `#[serde(default, deserialize_with = "nullable")]` on a field of a
/// partial update that may be cleared: absent is `None`, `null` is
/// `Some(None)`, anything else must be a valid `T`.
pub fn nullable<'de, D, T>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(deserializer).map(Some)
}

/// Parses a JSON body, mapping serde's complaint onto a field error: the
/// field serde names (unknown, missing, duplicate), else the path where
/// parsing stopped (`phone`, `items[2].quantity`) for wrong types and values.
pub fn parse<T: DeserializeOwned>(body: &[u8]) -> Result<T, ApiError> {
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    let value = serde_path_to_error::deserialize(&mut deserializer).map_err(explain)?;
    deserializer.end().map_err(|error| {
        ApiError::bad_request(format!("Invalid JSON body: {}", clean(&error.to_string())))
    })?;
    Ok(value)
}

/// Reads an already parsed JSON value (a row of a bulk request) into `T`,
/// with the same field errors as [`parse`].
pub fn from_value<T: DeserializeOwned>(value: serde_json::Value) -> Result<T, ApiError> {
    serde_path_to_error::deserialize(value).map_err(explain)
}

fn explain(error: serde_path_to_error::Error<serde_json::Error>) -> ApiError {
    let path = error.path().to_string();
    let message = error.inner().to_string();
    // Data errors sit at a field; so does a syntax error inside a known
    // field (an array where an enum's name was expected); other syntax errors
    // and a body cut short are about the whole body.
    let at_field = match error.inner().classify() {
        serde_json::error::Category::Data => true,
        serde_json::error::Category::Syntax => !path.contains('?'),
        _ => false,
    };
    let field = field_of(&message).or_else(|| (at_field && path != ".").then_some(path));
    match field {
        Some(field) => ApiError::invalid_field(field, clean(&message)),
        None => ApiError::bad_request(format!("Invalid JSON body: {}", clean(&message))),
    }
}

fn is_json(content_type: Option<&header::HeaderValue>) -> bool {
    let Some(value) = content_type.and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let media = value
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    media == "application/json" || (media.starts_with("application/") && media.ends_with("+json"))
}

/// serde_json names the field in backticks for unknown, missing and duplicate fields.
fn field_of(message: &str) -> Option<String> {
    let known = ["unknown field `", "missing field `", "duplicate field `"];
    known.iter().find_map(|prefix| {
        let start = message.find(prefix)? + prefix.len();
        let end = message[start..].find('`')? + start;
        Some(message[start..end].to_string())
    })
}

/// Drops serde's position suffix and the list of expected fields (but keeps
/// the expected type: "invalid type: integer `5`, expected a string").
fn clean(message: &str) -> String {
    let message = message.split(" at line ").next().unwrap_or(message);
    message
        .split(", expected one of ")
        .next()
        .unwrap_or(message)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Login {
        username: String,
        password: String,
    }

    #[test]
    fn unknown_fields_are_named() {
        let error =
            parse::<Login>(br#"{"username":"a","password":"b","role":"admin"}"#).unwrap_err();
        assert_eq!(error.status(), 400);
        assert_eq!(error.field_errors()[0].field, "role");
        assert!(!error.field_errors()[0].message.contains("expected one of"));
    }

    #[test]
    fn missing_fields_are_named() {
        let error = parse::<Login>(br#"{"username":"a"}"#).unwrap_err();
        assert_eq!(error.field_errors()[0].field, "password");
    }

    #[derive(Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Order {
        items: Vec<Line>,
    }

    #[derive(Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Line {
        quantity: u32,
    }

    #[test]
    fn wrong_types_are_named_by_their_path() {
        let error = parse::<Login>(br#"{"username":5,"password":"b"}"#).unwrap_err();
        assert_eq!(error.field_errors()[0].field, "username");
        assert!(
            error.field_errors()[0]
                .message
                .contains("expected a string")
        );
        let error = parse::<Order>(br#"{"items":[{"quantity":1},{"quantity":-2}]}"#).unwrap_err();
        assert_eq!(error.field_errors()[0].field, "items[1].quantity");
        let error = parse::<Order>(br#"{"items":[{"quantity":1,"price":2}]}"#).unwrap_err();
        assert_eq!(error.field_errors()[0].field, "price");
    }

    #[test]
    fn trailing_data_is_refused() {
        let error = parse::<Login>(br#"{"username":"a","password":"b"} {}"#).unwrap_err();
        assert_eq!(error.status(), 400);
    }

    #[test]
    fn nesting_beyond_the_parser_limit_is_a_400_not_a_crash() {
        let deep = |depth: usize| format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        let body = format!(r#"{{"username":{},"password":"b"}}"#, deep(200_000));
        assert_eq!(parse::<Login>(body.as_bytes()).unwrap_err().status(), 400);
        // Untyped values (the rows of a bulk request) are bounded too.
        assert!(parse::<serde_json::Value>(deep(200_000).as_bytes()).is_err());
        assert!(parse::<serde_json::Value>(deep(MAX_JSON_DEPTH).as_bytes()).is_ok());
        assert!(parse::<serde_json::Value>(deep(MAX_JSON_DEPTH + 1).as_bytes()).is_err());
    }

    #[test]
    fn broken_json_is_a_plain_400() {
        let error = parse::<Login>(b"{not json").unwrap_err();
        assert_eq!(error.status(), 400);
        assert!(error.field_errors().is_empty());
    }

    #[test]
    fn content_types() {
        let json = header::HeaderValue::from_static("application/json; charset=utf-8");
        assert!(is_json(Some(&json)));
        let merge = header::HeaderValue::from_static("application/merge-patch+json");
        assert!(is_json(Some(&merge)));
        let form = header::HeaderValue::from_static("application/x-www-form-urlencoded");
        assert!(!is_json(Some(&form)));
        assert!(!is_json(None));
    }
}
