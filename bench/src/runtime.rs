//! A minimal Lambda Runtime API: hands one event to the function and
//! reports the response it posts back.

use std::{net::SocketAddr, sync::Arc};

use axum::{
    Router,
    body::Bytes,
    extract::State,
    http::{HeaderMap, HeaderValue, StatusCode},
    routing::{get, post},
};
use serde_json::Value;
use tokio::sync::{Mutex, mpsc};

use crate::Error;

/// The request id of the one invocation served.
const REQUEST_ID: &str = "bench-invocation-1";

struct Shared {
    /// The event, taken by the first `next` call; later calls wait forever,
    /// as a function between invocations does.
    event: Mutex<Option<Value>>,
    responses: mpsc::Sender<Result<Value, String>>,
}

/// A running Runtime API for one invocation.
pub struct RuntimeApi {
    /// Where the function reaches it (`AWS_LAMBDA_RUNTIME_API`).
    pub address: SocketAddr,
    responses: mpsc::Receiver<Result<Value, String>>,
    server: tokio::task::JoinHandle<()>,
}

impl RuntimeApi {
    /// Serves `event` on a free local port.
    pub async fn serve(event: Value) -> Result<Self, Error> {
        let (sender, responses) = mpsc::channel(1);
        let shared = Arc::new(Shared {
            event: Mutex::new(Some(event)),
            responses: sender,
        });
        let app = Router::new()
            .route("/2018-06-01/runtime/invocation/next", get(next))
            .route(
                "/2018-06-01/runtime/invocation/{id}/response",
                post(response),
            )
            .route("/2018-06-01/runtime/invocation/{id}/error", post(error))
            .route("/2018-06-01/runtime/init/error", post(error))
            .with_state(shared);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let address = listener.local_addr()?;
        let server = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Ok(Self {
            address,
            responses,
            server,
        })
    }

    /// The function's response (or the error it reported).
    pub async fn response(&mut self) -> Result<Value, Error> {
        match self.responses.recv().await {
            Some(Ok(response)) => Ok(response),
            Some(Err(error)) => Err(format!("the function reported an error: {error}").into()),
            None => Err("the runtime API stopped".into()),
        }
    }
}

impl Drop for RuntimeApi {
    fn drop(&mut self) {
        self.server.abort();
    }
}

async fn next(State(shared): State<Arc<Shared>>) -> (HeaderMap, String) {
    let event = shared.event.lock().await.take();
    let Some(event) = event else {
        std::future::pending::<()>().await;
        return (HeaderMap::new(), String::new());
    };
    let deadline = chrono::Utc::now().timestamp_millis() + 30_000;
    let mut headers = HeaderMap::new();
    headers.insert(
        "lambda-runtime-aws-request-id",
        HeaderValue::from_static(REQUEST_ID),
    );
    headers.insert("lambda-runtime-deadline-ms", HeaderValue::from(deadline));
    headers.insert(
        "lambda-runtime-invoked-function-arn",
        HeaderValue::from_static("arn:aws:lambda:us-east-1:000000000000:function:bench"),
    );
    headers.insert(
        "lambda-runtime-trace-id",
        HeaderValue::from_static("Root=1-00000000-000000000000000000000000;Sampled=0"),
    );
    (headers, event.to_string())
}

async fn response(State(shared): State<Arc<Shared>>, body: Bytes) -> StatusCode {
    let value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    let _ = shared.responses.send(Ok(value)).await;
    StatusCode::ACCEPTED
}

async fn error(State(shared): State<Arc<Shared>>, body: Bytes) -> StatusCode {
    let text = String::from_utf8_lossy(&body).into_owned();
    let _ = shared.responses.send(Err(text)).await;
    StatusCode::ACCEPTED
}
