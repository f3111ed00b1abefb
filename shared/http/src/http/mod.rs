//! HTTP helpers shared by every function: errors, strict JSON, pagination,
//! cursors, and the layers that every router gets in both hosts.

pub mod cors;
pub mod created;
pub mod cursor;
pub mod error;
pub mod idempotency;
pub mod json;
pub mod legacy;
#[cfg(feature = "embedded")]
pub mod local_blobs;
#[cfg(test)]
mod newtype_bodies;
pub mod origin;
pub mod pagination;
pub mod query;
pub mod restated;
pub mod version;

use axum::{
    Router,
    body::Body,
    extract::{DefaultBodyLimit, MatchedPath},
    http::{HeaderName, HeaderValue, Request, Response, StatusCode, header},
    middleware,
    response::IntoResponse,
};
use tower::Layer;
use tower_http::{
    normalize_path::{NormalizePath, NormalizePathLayer},
    set_header::SetResponseHeaderLayer,
    trace::TraceLayer,
};

pub use created::created_response;
pub use cursor::CursorCodec;
pub use error::{ApiError, FieldError, PROBLEM_JSON, Problem};
pub use json::{Json, JsonBytes, MAX_JSON_BODY, NoFields, OptionalJson, non_null, nullable};
pub use legacy::legacy_page;
pub use pagination::{ItemPage, ListResponse, PageParams, read_page, read_through_cursor};
pub use query::QueryParams;
pub use restated::restated;
pub use version::expected_version;

/// The service both hosts run: the router behind trailing-slash normalization.
pub type AppService = NormalizePath<Router>;

/// Header carrying the request id (API Gateway's when present).
pub const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// Adds the layers every function shares and wraps the router so that
/// `/x/` and `/x` reach the same route.
pub fn into_service(router: Router) -> AppService {
    NormalizePathLayer::trim_trailing_slash().layer(with_layers(router))
}

/// The content security policy of API answers: JSON and redirects, never a
/// document to render or frame.
pub const API_CONTENT_SECURITY_POLICY: &str = "default-src 'none'; frame-ancestors 'none'";

/// The layers every function shares: problem+json for bare errors, the JSON
/// body limit, security headers, and a tracing span per request.
pub fn with_layers(router: Router) -> Router {
    let router = router
        .layer(middleware::map_response(problem_for_bare_errors))
        .layer(DefaultBodyLimit::max(MAX_JSON_BODY))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ));
    with_security_headers(router, API_CONTENT_SECURITY_POLICY)
        .layer(TraceLayer::new_for_http().make_span_with(request_span))
}

/// Headers no ECAR response goes without: never framed by another page,
/// never content-sniffed, no `Referer` carrying a signed URL away, and the
/// given content security policy.
pub fn with_security_headers(router: Router, content_security_policy: &'static str) -> Router {
    let set =
        |name, value| SetResponseHeaderLayer::if_not_present(name, HeaderValue::from_static(value));
    router
        .layer(set(header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .layer(set(header::X_FRAME_OPTIONS, "DENY"))
        .layer(set(header::REFERRER_POLICY, "no-referrer"))
        .layer(set(
            header::CONTENT_SECURITY_POLICY,
            content_security_policy,
        ))
}

/// One span per request: its id, method and route, and a slot for the user id
/// that the auth extractor fills in.
fn request_span(request: &Request<Body>) -> tracing::Span {
    let request_id = request_id(request);
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map(|path| path.as_str().to_string())
        .unwrap_or_else(|| request.uri().path().to_string());
    tracing::info_span!(
        "request",
        request_id = %request_id,
        method = %request.method(),
        route = %route,
        user_id = tracing::field::Empty,
    )
}

fn request_id<B>(request: &Request<B>) -> String {
    if let Some(context) = request
        .extensions()
        .get::<lambda_http::request::RequestContext>()
        && let lambda_http::request::RequestContext::ApiGatewayV2(context) = context
        && let Some(id) = &context.request_id
    {
        return id.clone();
    }
    request
        .headers()
        .get(&REQUEST_ID)
        .and_then(|value| value.to_str().ok())
        .filter(|id| id.len() <= 128)
        .map(str::to_string)
        .unwrap_or_else(|| ulid::Ulid::new().to_string())
}

fn is_problem(response: &Response<Body>) -> bool {
    response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|value| value == PROBLEM_JSON)
}

/// axum answers unknown routes and methods with empty bodies, and its
/// extractors' rejections (a path segment that is not UTF-8, a duplicated
/// query parameter, a body over the limit) with plain text; give every error
/// the same problem+json shape as the handlers' own.
pub async fn problem_for_bare_errors(response: Response<Body>) -> Response<Body> {
    let status = response.status();
    if !(status.is_client_error() || status.is_server_error()) || is_problem(&response) {
        return response;
    }
    let allow = response.headers().get(header::ALLOW).cloned();
    let mut problem = match status {
        StatusCode::NOT_FOUND => ApiError::not_found(),
        StatusCode::METHOD_NOT_ALLOWED => ApiError::method_not_allowed(),
        // The route's limit is not known here, so no number.
        StatusCode::PAYLOAD_TOO_LARGE => ApiError::new(status, "The request body is too large."),
        StatusCode::BAD_REQUEST => {
            ApiError::bad_request(rejection_text(response.into_body()).await)
        }
        _ if status.is_server_error() => ApiError::internal(),
        _ => ApiError::new(
            status,
            status
                .canonical_reason()
                .unwrap_or("The request was refused."),
        ),
    }
    .into_response();
    if let Some(allow) = allow {
        problem.headers_mut().insert(header::ALLOW, allow);
    }
    problem
}

/// What an extractor's plain-text rejection says (axum's own words, which
/// name the parameter but hold no secret), bounded.
async fn rejection_text(body: Body) -> String {
    const MAX: usize = 300;
    let text = match axum::body::to_bytes(body, 4 * 1024).await {
        Ok(bytes) => String::from_utf8_lossy(&bytes).trim().to_string(),
        Err(_) => String::new(),
    };
    if text.is_empty() {
        return "The request is malformed.".into();
    }
    let mut text: String = text.chars().take(MAX).collect();
    if !text.ends_with('.') {
        text.push('.');
    }
    text
}
