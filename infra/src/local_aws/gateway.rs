//! The HTTP API and CloudFront in front of the local Lambdas: routes chosen
//! from the template's `HttpApi` events as API Gateway chooses them, payload
//! format 2.0 events built as API Gateway builds them, its limits answered
//! as it answers them, and the SPA on the same origin with the response
//! headers policies of the template's distribution.

use std::{collections::BTreeMap, net::SocketAddr, path::Path, sync::Arc, time::Duration};

use axum::{
    Router,
    body::{Body, Bytes},
    extract::{ConnectInfo, Request, State},
    http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode},
    response::{IntoResponse, Response},
};
use base64::{Engine, engine::general_purpose::STANDARD as BASE64};
use ecar_http::http::cors::CorsPolicy;
use serde_json::{Map, Value, json};
use tower::ServiceExt;
use tower_http::services::{ServeDir, ServeFile};

use super::{
    functions::{Failure, LocalFunction},
    template::ACCOUNT_ID,
};

/// API Gateway's request limit (HTTP APIs): 10 MB.
pub const MAX_REQUEST_BYTES: usize = 10 * 1024 * 1024;
/// Lambda's synchronous payload limit, each way, after base64 and JSON.
pub const MAX_LAMBDA_PAYLOAD_BYTES: usize = 6 * 1024 * 1024 + 100;
/// API Gateway's integration timeout.
pub const INTEGRATION_TIMEOUT: Duration = Duration::from_secs(30);

/// One route of the HTTP API.
#[derive(Debug, Clone)]
pub struct Route {
    /// `None` for `ANY`.
    pub method: Option<Method>,
    /// As the template writes it: `/api/customers/{proxy+}`.
    pub path: String,
    /// Index of the function it integrates.
    pub function: usize,
}

impl Route {
    fn key(&self) -> String {
        let method = self.method.as_ref().map_or("ANY", Method::as_str);
        format!("{method} {}", self.path)
    }

    /// The path parameters when `path` matches, else `None`.
    fn matches(&self, path: &str) -> Option<Map<String, Value>> {
        let mut parameters = Map::new();
        let mut rest = path.strip_prefix('/')?;
        let segments: Vec<&str> = self.path.trim_start_matches('/').split('/').collect();
        for (index, segment) in segments.iter().enumerate() {
            let last = index + 1 == segments.len();
            if let Some(name) = segment.strip_prefix('{').and_then(|s| s.strip_suffix("+}")) {
                // Greedy: the rest of the path, slashes included.
                parameters.insert(name.into(), Value::String(rest.into()));
                return Some(parameters);
            }
            let (head, tail) = match rest.split_once('/') {
                Some((head, tail)) => (head, Some(tail)),
                None => (rest, None),
            };
            if let Some(name) = segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                if head.is_empty() {
                    return None;
                }
                parameters.insert(name.into(), Value::String(head.into()));
            } else if *segment != head {
                return None;
            }
            match (last, tail) {
                (true, None) => return Some(parameters),
                (false, Some(tail)) => rest = tail,
                _ => return None,
            }
        }
        None
    }

    /// API Gateway's precedence: a path without variables first, then
    /// fewer variables, a greedy variable last, a longer literal prefix
    /// first, and a method before `ANY`.
    fn precedence(&self) -> (bool, usize, std::cmp::Reverse<usize>, bool) {
        let greedy = self.path.contains("+}");
        let variables = self.path.matches('{').count();
        let literal = self.path.find('{').unwrap_or(self.path.len());
        (
            greedy,
            variables,
            std::cmp::Reverse(literal),
            self.method.is_none(),
        )
    }
}

/// A header added to responses, as a CloudFront response headers policy adds it.
#[derive(Debug, Clone)]
pub struct PolicyHeader {
    pub name: HeaderName,
    pub value: HeaderValue,
    /// Replace what the origin sent (else only fill in a missing header).
    pub replace: bool,
}

/// The address API Gateway sees for every request CloudFront forwards: one
/// of its edge servers'.
pub const EDGE_ADDRESS: [u8; 4] = [130, 176, 0, 10];

/// What the front serves.
pub struct Gateway {
    pub routes: Vec<Route>,
    pub functions: Vec<Arc<LocalFunction>>,
    /// Headers the distribution adds to what it sends to the API origin
    /// (`OriginCustomHeaders`, its secret among them).
    pub origin_headers: Vec<(HeaderName, HeaderValue)>,
    /// Headers of the `/api/*` behavior's policy.
    pub api_headers: Vec<PolicyHeader>,
    /// Headers of the default (SPA) behavior's policy.
    pub spa_headers: Vec<PolicyHeader>,
    pub spa: Router,
    /// The HTTP API's `CorsConfiguration`, when the template sets one.
    pub cors: Option<CorsPolicy>,
}

impl Gateway {
    /// The SPA from `dist` as the distribution serves it from its bucket:
    /// a path whose last segment has no dot is `index.html` (the template's
    /// viewer-request function).
    pub fn spa_router(dist: &Path) -> Router {
        Router::new()
            .fallback_service(ServeDir::new(dist).fallback(ServeFile::new(dist.join("index.html"))))
    }

    /// The route `method path` takes, with its path parameters.
    pub fn route(&self, method: &Method, path: &str) -> Option<(&Route, Map<String, Value>)> {
        let mut candidates: Vec<(&Route, Map<String, Value>)> = self
            .routes
            .iter()
            .filter(|route| route.method.as_ref().is_none_or(|m| m == method))
            .filter_map(|route| route.matches(path).map(|parameters| (route, parameters)))
            .collect();
        candidates.sort_by_key(|(route, _)| route.precedence());
        candidates.into_iter().next()
    }
}

/// The distribution as an axum router (serve it with connect info): the
/// SPA, and `/api/*` forwarded to the HTTP API as CloudFront forwards it.
pub fn router(gateway: Arc<Gateway>) -> Router {
    Router::new().fallback(front).with_state(gateway)
}

/// The HTTP API's own address (`execute-api`), reached without CloudFront.
pub fn api_router(gateway: Arc<Gateway>) -> Router {
    Router::new().fallback(direct).with_state(gateway)
}

async fn direct(
    State(gateway): State<Arc<Gateway>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    request: Request,
) -> Response {
    api(&gateway, peer, request).await
}

async fn front(
    State(gateway): State<Arc<Gateway>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    mut request: Request,
) -> Response {
    let path = request.uri().path().to_string();
    if path == "/api" || path.starts_with("/api/") {
        // CloudFront's origin request: its own headers over any the viewer
        // sent under their names, the viewer's address, and its edge as the
        // client API Gateway sees.
        let headers = request.headers_mut();
        for (name, value) in &gateway.origin_headers {
            headers.insert(name.clone(), value.clone());
        }
        if let Ok(address) = HeaderValue::from_str(&peer.to_string()) {
            headers.insert("cloudfront-viewer-address", address);
        }
        let edge = SocketAddr::from((EDGE_ADDRESS, peer.port()));
        let mut response = api(&gateway, edge, request).await;
        apply(&gateway.api_headers, response.headers_mut());
        response
    } else {
        let mut response = match gateway.spa.clone().oneshot(request).await {
            Ok(response) => response.into_response(),
            Err(never) => match never {},
        };
        apply(&gateway.spa_headers, response.headers_mut());
        response
    }
}

fn apply(policy: &[PolicyHeader], headers: &mut HeaderMap) {
    for header in policy {
        if header.replace || !headers.contains_key(&header.name) {
            headers.insert(header.name.clone(), header.value.clone());
        }
    }
}

/// API Gateway's own answers: a JSON message and its status.
fn gateway_answer(status: StatusCode, message: &str, request_id: &str) -> Response {
    let mut response = (
        status,
        [("content-type", "application/json")],
        json!({"message": message}).to_string(),
    )
        .into_response();
    if let Ok(value) = HeaderValue::from_str(request_id) {
        response.headers_mut().insert("apigw-requestid", value);
    }
    response
}

/// The HTTP API. With a CORS configuration, API Gateway answers preflight
/// requests itself, whatever the routes, and sets the CORS headers of every
/// answer, ignoring the integration's.
async fn api(gateway: &Gateway, peer: SocketAddr, request: Request) -> Response {
    let Some(cors) = &gateway.cors else {
        return integrated(gateway, peer, request).await;
    };
    if CorsPolicy::is_preflight(request.method(), request.headers()) {
        return cors.preflight(request.headers());
    }
    let request_headers = request.headers().clone();
    let mut response = integrated(gateway, peer, request).await;
    cors.decorate(&request_headers, response.headers_mut());
    response
}

async fn integrated(gateway: &Gateway, peer: SocketAddr, request: Request) -> Response {
    let request_id = request_id();
    let (parts, body) = request.into_parts();
    let Some((route, parameters)) = gateway.route(&parts.method, parts.uri.path()) else {
        return gateway_answer(StatusCode::NOT_FOUND, "Not Found", &request_id);
    };
    let body = match axum::body::to_bytes(body, MAX_REQUEST_BYTES).await {
        Ok(body) => body,
        Err(_) => {
            return gateway_answer(
                StatusCode::PAYLOAD_TOO_LARGE,
                "Request Entity Too Large",
                &request_id,
            );
        }
    };
    let event = event_v2(&parts, route, parameters, &body, peer, &request_id);
    let event = Bytes::from(event.to_string());
    if event.len() > MAX_LAMBDA_PAYLOAD_BYTES {
        // Lambda refuses the invocation (RequestEntityTooLargeException).
        return gateway_answer(
            StatusCode::PAYLOAD_TOO_LARGE,
            "Request Entity Too Large",
            &request_id,
        );
    }
    let function = &gateway.functions[route.function];
    let answer = match tokio::time::timeout(INTEGRATION_TIMEOUT, function.invoke(event)).await {
        Err(_) => {
            return gateway_answer(
                StatusCode::SERVICE_UNAVAILABLE,
                "Service Unavailable",
                &request_id,
            );
        }
        Ok(Err(failure)) => {
            log_failure(&function.spec.name, &failure);
            return gateway_answer(
                StatusCode::INTERNAL_SERVER_ERROR,
                "Internal Server Error",
                &request_id,
            );
        }
        Ok(Ok(answer)) => answer,
    };
    if answer.body.len() > MAX_LAMBDA_PAYLOAD_BYTES {
        tracing::warn!(function = %function.spec.name, bytes = answer.body.len(), "response payload over Lambda's limit");
        return gateway_answer(
            StatusCode::INTERNAL_SERVER_ERROR,
            "Internal Server Error",
            &request_id,
        );
    }
    match response_v2(&answer.json()) {
        Some(mut response) => {
            if let Ok(value) = HeaderValue::from_str(&request_id) {
                response.headers_mut().insert("apigw-requestid", value);
            }
            response
        }
        None => {
            tracing::warn!(function = %function.spec.name, "malformed Lambda response");
            gateway_answer(
                StatusCode::INTERNAL_SERVER_ERROR,
                "Internal Server Error",
                &request_id,
            )
        }
    }
}

fn log_failure(function: &str, failure: &Failure) {
    tracing::warn!(function, error = %failure, "invocation failed");
}

fn request_id() -> String {
    let id = ulid::Ulid::new().to_bytes();
    BASE64.encode(&id[6..16])
}

/// The payload format 2.0 event of a request, as API Gateway writes it.
pub fn event_v2(
    parts: &axum::http::request::Parts,
    route: &Route,
    path_parameters: Map<String, Value>,
    body: &Bytes,
    peer: SocketAddr,
    request_id: &str,
) -> Value {
    let mut headers: BTreeMap<String, String> = BTreeMap::new();
    let mut cookies = Vec::new();
    for (name, value) in &parts.headers {
        let value = String::from_utf8_lossy(value.as_bytes()).into_owned();
        if name == "cookie" {
            cookies.extend(
                value
                    .split(';')
                    .map(|c| c.trim().to_string())
                    .filter(|c| !c.is_empty()),
            );
            continue;
        }
        headers
            .entry(name.as_str().to_ascii_lowercase())
            .and_modify(|existing| {
                existing.push(',');
                existing.push_str(&value);
            })
            .or_insert(value);
    }
    let source_ip = peer.ip().to_string();
    headers.insert("x-forwarded-for".into(), source_ip.clone());
    headers.insert("x-forwarded-port".into(), peer.port().to_string());
    headers.insert("x-forwarded-proto".into(), "http".into());
    let host = headers.get("host").cloned().unwrap_or_default();
    let user_agent = headers.get("user-agent").cloned().unwrap_or_default();
    let raw_query = parts.uri.query().unwrap_or_default().to_string();
    let now = chrono::Utc::now();
    let mut event = json!({
        "version": "2.0",
        "routeKey": route.key(),
        "rawPath": parts.uri.path(),
        "rawQueryString": raw_query,
        "headers": headers,
        "requestContext": {
            "accountId": ACCOUNT_ID,
            "apiId": "local",
            "domainName": host,
            "domainPrefix": host.split('.').next().unwrap_or_default(),
            "http": {
                "method": parts.method.as_str(),
                "path": parts.uri.path(),
                "protocol": "HTTP/1.1",
                "sourceIp": source_ip,
                "userAgent": user_agent,
            },
            "requestId": request_id,
            "routeKey": route.key(),
            "stage": "$default",
            "time": now.format("%d/%b/%Y:%H:%M:%S +0000").to_string(),
            "timeEpoch": now.timestamp_millis(),
        },
        "isBase64Encoded": false,
    });
    if !cookies.is_empty() {
        event["cookies"] = json!(cookies);
    }
    if !raw_query.is_empty() {
        event["queryStringParameters"] = Value::Object(query_parameters(&raw_query));
    }
    if !path_parameters.is_empty() {
        event["pathParameters"] = Value::Object(path_parameters);
    }
    if !body.is_empty() {
        let content_type = headers
            .get("content-type")
            .map(String::as_str)
            .unwrap_or("");
        match std::str::from_utf8(body) {
            Ok(text) if is_text(content_type) => event["body"] = Value::String(text.into()),
            _ => {
                event["body"] = Value::String(BASE64.encode(body));
                event["isBase64Encoded"] = Value::Bool(true);
            }
        }
    }
    event
}

/// Query parameters, decoded, repeated names joined by commas (as API
/// Gateway does in payload 2.0).
fn query_parameters(raw: &str) -> Map<String, Value> {
    let mut parameters: Map<String, Value> = Map::new();
    for pair in raw.split('&').filter(|pair| !pair.is_empty()) {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        let decode = |text: &str| {
            urlencoding::decode(text)
                .map(|decoded| decoded.into_owned())
                .unwrap_or_else(|_| text.to_string())
        };
        let (name, value) = (decode(name), decode(value));
        match parameters.get_mut(&name) {
            Some(Value::String(existing)) => {
                existing.push(',');
                existing.push_str(&value);
            }
            _ => {
                parameters.insert(name, Value::String(value));
            }
        }
    }
    parameters
}

/// Bodies API Gateway passes as text; any other is base64-encoded.
fn is_text(content_type: &str) -> bool {
    let media = content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    media.is_empty()
        || media.starts_with("text/")
        || media == "application/json"
        || media.ends_with("+json")
        || media == "application/xml"
        || media.ends_with("+xml")
        || media == "application/javascript"
        || media == "application/x-www-form-urlencoded"
}

/// A payload format 2.0 response as API Gateway turns it into HTTP.
pub fn response_v2(answer: &Value) -> Option<Response> {
    let object = answer.as_object()?;
    let status = object
        .get("statusCode")
        .and_then(Value::as_u64)
        .and_then(|code| StatusCode::from_u16(u16::try_from(code).ok()?).ok())
        .unwrap_or(StatusCode::OK);
    let body = match object.get("body") {
        Some(Value::String(text)) if object.get("isBase64Encoded") == Some(&Value::Bool(true)) => {
            Bytes::from(BASE64.decode(text).ok()?)
        }
        Some(Value::String(text)) => Bytes::from(text.clone()),
        _ => Bytes::new(),
    };
    let mut response = Response::new(Body::from(body));
    *response.status_mut() = status;
    let headers = response.headers_mut();
    for (name, value) in object
        .get("headers")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        let (Ok(name), Some(value)) = (HeaderName::try_from(name.as_str()), value.as_str()) else {
            continue;
        };
        if let Ok(value) = HeaderValue::from_str(value) {
            headers.insert(name, value);
        }
    }
    for (name, values) in object
        .get("multiValueHeaders")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        let Ok(name) = HeaderName::try_from(name.as_str()) else {
            continue;
        };
        headers.remove(&name);
        for value in values
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
        {
            if let Ok(value) = HeaderValue::from_str(value) {
                headers.append(name.clone(), value);
            }
        }
    }
    for cookie in object
        .get("cookies")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        if let Some(Ok(value)) = cookie.as_str().map(HeaderValue::from_str) {
            headers.append("set-cookie", value);
        }
    }
    Some(response)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn route(method: Option<Method>, path: &str) -> Route {
        Route {
            method,
            path: path.into(),
            function: 0,
        }
    }

    fn chosen(routes: &[Route], method: Method, path: &str) -> Option<(String, Value)> {
        let gateway = Gateway {
            routes: routes.to_vec(),
            functions: vec![],
            origin_headers: vec![],
            api_headers: vec![],
            spa_headers: vec![],
            spa: Router::new(),
            cors: None,
        };
        gateway
            .route(&method, path)
            .map(|(route, parameters)| (route.key(), Value::Object(parameters)))
    }

    #[test]
    fn routes_are_chosen_as_api_gateway_chooses_them() {
        let routes = [
            route(None, "/api/health"),
            route(None, "/api/health/{proxy+}"),
            route(None, "/api/customers/{proxy+}"),
            route(Some(Method::GET), "/api/customers/{id}"),
            route(None, "/api/{proxy+}"),
        ];
        let (key, _) = chosen(&routes, Method::GET, "/api/health").unwrap();
        assert_eq!(key, "ANY /api/health");
        let (key, parameters) = chosen(&routes, Method::GET, "/api/health/").unwrap();
        assert_eq!(key, "ANY /api/health/{proxy+}");
        assert_eq!(parameters["proxy"], "");
        let (key, parameters) = chosen(&routes, Method::GET, "/api/customers/7").unwrap();
        assert_eq!(key, "GET /api/customers/{id}");
        assert_eq!(parameters["id"], "7");
        let (key, parameters) = chosen(&routes, Method::POST, "/api/customers/7").unwrap();
        assert_eq!(key, "ANY /api/customers/{proxy+}");
        assert_eq!(parameters["proxy"], "7");
        let (key, parameters) = chosen(&routes, Method::GET, "/api/customers/7/cars/").unwrap();
        assert_eq!(key, "ANY /api/customers/{proxy+}");
        assert_eq!(parameters["proxy"], "7/cars/");
        let (key, _) = chosen(&routes, Method::GET, "/api/other").unwrap();
        assert_eq!(key, "ANY /api/{proxy+}");
        assert!(chosen(&routes[..4], Method::GET, "/api/other").is_none());
        assert!(chosen(&routes[..4], Method::GET, "/api/customers").is_none());
    }

    #[tokio::test]
    async fn with_a_cors_configuration_preflights_are_answered_before_any_route() {
        use axum::http::header;
        use ecar_http::http::cors::CorsOrigins;
        let gateway = Gateway {
            routes: vec![],
            functions: vec![],
            origin_headers: vec![],
            api_headers: vec![],
            spa_headers: vec![],
            spa: Router::new(),
            cors: Some(CorsPolicy::new(
                CorsOrigins::parse("https://admin.garage.tn").unwrap(),
            )),
        };
        let peer = SocketAddr::from(([127, 0, 0, 1], 40000));
        let request = |method: Method, origin: &str| {
            Request::builder()
                .method(method)
                .uri("/api/auth/token/")
                .header(header::ORIGIN, origin)
                .header(header::ACCESS_CONTROL_REQUEST_METHOD, "POST")
                .body(Body::empty())
                .unwrap()
        };
        let answer = api(
            &gateway,
            peer,
            request(Method::OPTIONS, "https://admin.garage.tn"),
        )
        .await;
        assert_eq!(answer.status(), StatusCode::NO_CONTENT);
        assert_eq!(
            answer.headers()["access-control-allow-origin"],
            "https://admin.garage.tn"
        );
        assert_eq!(answer.headers()["access-control-allow-credentials"], "true");
        let answer = api(
            &gateway,
            peer,
            request(Method::OPTIONS, "https://evil.example"),
        )
        .await;
        assert_eq!(answer.status(), StatusCode::NO_CONTENT);
        assert!(!answer.headers().contains_key("access-control-allow-origin"));
        // Not a preflight: routed (here to nothing), with the headers set by
        // the gateway for a listed origin.
        let answer = api(
            &gateway,
            peer,
            request(Method::POST, "https://admin.garage.tn"),
        )
        .await;
        assert_eq!(answer.status(), StatusCode::NOT_FOUND);
        assert_eq!(
            answer.headers()["access-control-allow-origin"],
            "https://admin.garage.tn"
        );

        let without = Gateway {
            cors: None,
            ..gateway
        };
        let answer = api(
            &without,
            peer,
            request(Method::OPTIONS, "https://admin.garage.tn"),
        )
        .await;
        assert_eq!(answer.status(), StatusCode::NOT_FOUND, "no route, no CORS");
        assert!(!answer.headers().contains_key("access-control-allow-origin"));
    }

    #[test]
    fn query_parameters_are_decoded_and_repeats_joined() {
        let parameters = query_parameters("q=ben%20salah&status=a&status=b&empty");
        assert_eq!(parameters["q"], "ben salah");
        assert_eq!(parameters["status"], "a,b");
        assert_eq!(parameters["empty"], "");
    }

    #[test]
    fn binary_bodies_are_base64_encoded_and_text_is_not() {
        assert!(is_text("application/json; charset=utf-8"));
        assert!(is_text("application/problem+json"));
        assert!(!is_text("multipart/form-data; boundary=x"));
        assert!(!is_text("application/pdf"));
    }

    #[test]
    fn responses_keep_cookies_and_decode_base64_bodies() {
        let response = response_v2(&json!({
            "statusCode": 201,
            "headers": {"content-type": "application/pdf"},
            "cookies": ["a=1; HttpOnly", "b=2"],
            "body": BASE64.encode(b"%PDF-1.7"),
            "isBase64Encoded": true,
        }))
        .unwrap();
        assert_eq!(response.status(), StatusCode::CREATED);
        let cookies: Vec<_> = response.headers().get_all("set-cookie").iter().collect();
        assert_eq!(cookies.len(), 2);
        assert_eq!(response.headers()["content-type"], "application/pdf");
        assert!(response_v2(&json!("not an object")).is_none());
    }
}
