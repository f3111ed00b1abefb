//! Each function reaches the emulator through a front of its own, which
//! passes every request on and can answer some with the error AWS answers
//! when it fails (`500 InternalServerError`): a test arms a fault for one
//! function's calls of one operation whose body names something, and sees
//! the function's real error handling and the event source's retries.

use std::{net::SocketAddr, sync::Arc};

use axum::{
    Router,
    body::{Body, Bytes},
    extract::{Request, State},
    http::{HeaderValue, StatusCode},
    response::{IntoResponse, Response},
};
use http_body_util::{BodyExt, Full};
use hyper_util::{
    client::legacy::{Client, connect::HttpConnector},
    rt::TokioExecutor,
};
use serde::Deserialize;
use tokio::sync::Mutex;

/// A fault: the next `times` calls by `function` whose operation (the JSON
/// protocol's `X-Amz-Target`, or `METHOD path` for S3) contains `operation`
/// and whose body contains `body_contains` fail.
#[derive(Debug, Clone, Deserialize)]
pub struct Fault {
    pub function: String,
    pub operation: String,
    #[serde(default)]
    pub body_contains: String,
    pub times: u32,
}

/// The armed faults of the stack, and the emulator they stand in front of.
pub struct Faults {
    armed: Mutex<Vec<Fault>>,
    emulator: String,
    client: Client<HttpConnector, Full<Bytes>>,
}

impl Faults {
    pub fn new(emulator: &str) -> Arc<Self> {
        Arc::new(Self {
            armed: Mutex::new(Vec::new()),
            emulator: emulator.trim_end_matches('/').to_string(),
            client: Client::builder(TokioExecutor::new()).build_http(),
        })
    }

    /// Arms `fault`.
    pub async fn arm(&self, fault: Fault) {
        self.armed.lock().await.push(fault);
    }

    /// Disarms every fault (AWS recovers).
    pub async fn clear(&self) {
        self.armed.lock().await.clear();
    }

    /// Failures still to come, over every armed fault.
    pub async fn pending(&self) -> u32 {
        self.armed
            .lock()
            .await
            .iter()
            .map(|fault| fault.times)
            .sum()
    }

    /// Starts the front `function` is given as its AWS endpoint.
    pub async fn front(
        self: &Arc<Self>,
        function: &str,
    ) -> std::io::Result<(String, tokio::task::JoinHandle<()>)> {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let address: SocketAddr = listener.local_addr()?;
        let app = Router::new()
            .fallback(pass_on)
            .layer(axum::extract::DefaultBodyLimit::disable())
            .with_state((self.clone(), function.to_string()));
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Ok((format!("http://{address}"), task))
    }

    /// Whether an armed fault takes this call (and counts it).
    async fn strikes(&self, function: &str, operation: &str, body: &[u8]) -> bool {
        let mut armed = self.armed.lock().await;
        let hit = armed.iter_mut().find(|fault| {
            fault.times > 0
                && fault.function == function
                && operation.contains(&fault.operation)
                && contains(body, fault.body_contains.as_bytes())
        });
        match hit {
            Some(fault) => {
                fault.times -= 1;
                true
            }
            None => false,
        }
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    needle.is_empty()
        || haystack
            .windows(needle.len())
            .any(|window| window == needle)
}

async fn pass_on(
    State((faults, function)): State<(Arc<Faults>, String)>,
    request: Request,
) -> Response {
    let (parts, body) = request.into_parts();
    let Ok(body) = body.collect().await.map(|collected| collected.to_bytes()) else {
        return StatusCode::BAD_REQUEST.into_response();
    };
    let operation = parts
        .headers
        .get("x-amz-target")
        .and_then(|target| target.to_str().ok())
        .map(str::to_string)
        .unwrap_or_else(|| format!("{} {}", parts.method, parts.uri.path()));
    if faults.strikes(&function, &operation, &body).await {
        tracing::info!(%function, %operation, "fault injected");
        return injected_failure();
    }
    let target = format!(
        "{}{}",
        faults.emulator,
        parts.uri.path_and_query().map_or("/", |p| p.as_str())
    );
    let mut forwarded = http::Request::builder().method(parts.method).uri(target);
    for (name, value) in &parts.headers {
        forwarded = forwarded.header(name, value);
    }
    let Ok(forwarded) = forwarded.body(Full::new(body)) else {
        return StatusCode::BAD_REQUEST.into_response();
    };
    match faults.client.request(forwarded).await {
        Ok(response) => {
            let (parts, body) = response.into_parts();
            match body.collect().await {
                Ok(collected) => Response::from_parts(parts, Body::from(collected.to_bytes())),
                Err(_) => StatusCode::BAD_GATEWAY.into_response(),
            }
        }
        Err(error) => {
            tracing::warn!(%error, "the emulator did not answer");
            StatusCode::BAD_GATEWAY.into_response()
        }
    }
}

/// What AWS answers when it fails on its side; the SDKs retry it, then
/// report it to the function.
fn injected_failure() -> Response {
    let mut response = (
        StatusCode::INTERNAL_SERVER_ERROR,
        r#"{"__type":"com.amazonaws.dynamodb.v20120810#InternalServerError","message":"fault injected by ecar local-aws"}"#,
    )
        .into_response();
    let headers = response.headers_mut();
    headers.insert(
        "content-type",
        HeaderValue::from_static("application/x-amz-json-1.0"),
    );
    headers.insert(
        "x-amzn-errortype",
        HeaderValue::from_static("InternalServerError"),
    );
    response
}
