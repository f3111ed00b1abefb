//! HTTP helpers shared by every function: errors, strict JSON, pagination,
//! cursors, and the layers that every router gets in both hosts.

pub mod cursor;
pub mod error;
pub mod health;
pub mod json;
pub mod openapi;
pub mod pagination;
pub mod query;
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

pub use cursor::CursorCodec;
pub use error::{ApiError, FieldError, PROBLEM_JSON, Problem};
pub use json::{Json, JsonBytes, MAX_JSON_BODY, non_null, nullable};
pub use pagination::{ItemPage, ListResponse, PageParams, last_key_of, read_page, read_page_where};
pub use query::QueryParams;
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

/// The layers every function shares: problem+json for bare errors, the JSON
/// body limit, security headers, and a tracing span per request.
pub fn with_layers(router: Router) -> Router {
    router
        .layer(middleware::map_response(problem_for_bare_errors))
        .layer(DefaultBodyLimit::max(MAX_JSON_BODY))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ))
        .layer(TraceLayer::new_for_http().make_span_with(request_span))
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

/// axum answers unknown routes and methods with empty bodies, and body-limit
/// rejections with plain text; give them the same problem+json shape as
/// every other error.
async fn problem_for_bare_errors(response: Response<Body>) -> Response<Body> {
    let bare = response.headers().get(header::CONTENT_TYPE).is_none();
    match response.status() {
        StatusCode::NOT_FOUND if bare => ApiError::not_found().into_response(),
        StatusCode::METHOD_NOT_ALLOWED if bare => {
            let allow = response.headers().get(header::ALLOW).cloned();
            let mut problem = ApiError::method_not_allowed().into_response();
            if let Some(allow) = allow {
                problem.headers_mut().insert(header::ALLOW, allow);
            }
            problem
        }
        // axum's own body-limit rejection (a handler reading raw bytes) is
        // plain text; the route's limit is not known here, so no number.
        StatusCode::PAYLOAD_TOO_LARGE if !is_problem(&response) => ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "The request body is too large.",
        )
        .into_response(),
        _ => response,
    }
}
