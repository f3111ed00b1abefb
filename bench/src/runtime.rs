//! A minimal Lambda Runtime API: hands a queue of events to the function,
//! one invocation at a time, and reports each response it posts back with
//! the time the function took over it.

use std::{
    collections::VecDeque,
    net::SocketAddr,
    sync::Arc,
    time::{Duration, Instant},
};

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

/// One answered invocation.
pub struct Answer {
    /// What the function posted back.
    pub response: Value,
    /// From the event handed out to the response received.
    pub took: Duration,
}

struct Shared {
    /// The events not handed out yet; once it is empty, `next` waits
    /// forever, as a function between invocations does.
    events: Mutex<VecDeque<Value>>,
    /// Invocations handed out so far (their request ids).
    invocations: Mutex<u64>,
    /// When the event being processed was handed out.
    handed_out: Mutex<Option<Instant>>,
    /// When the function first asked for an event: its init was done.
    first_poll: Mutex<Option<Instant>>,
    responses: mpsc::Sender<Result<Answer, String>>,
}

/// A running Runtime API over a queue of events.
pub struct RuntimeApi {
    /// Where the function reaches it (`AWS_LAMBDA_RUNTIME_API`).
    pub address: SocketAddr,
    responses: mpsc::Receiver<Result<Answer, String>>,
    shared: Arc<Shared>,
    server: tokio::task::JoinHandle<()>,
}

impl RuntimeApi {
    /// Serves `events`, in order, on a free local port.
    pub async fn serve(events: impl IntoIterator<Item = Value>) -> Result<Self, Error> {
        let (sender, responses) = mpsc::channel(1);
        let shared = Arc::new(Shared {
            events: Mutex::new(events.into_iter().collect()),
            invocations: Mutex::new(0),
            handed_out: Mutex::new(None),
            first_poll: Mutex::new(None),
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
            .with_state(shared.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let address = listener.local_addr()?;
        let server = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Ok(Self {
            address,
            responses,
            shared,
            server,
        })
    }

    /// When the function first asked for an event (its init was over).
    pub async fn first_poll(&self) -> Option<Instant> {
        *self.shared.first_poll.lock().await
    }

    /// The function's next response (or the error it reported).
    pub async fn response(&mut self) -> Result<Answer, Error> {
        match self.responses.recv().await {
            Some(Ok(answer)) => Ok(answer),
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
    shared
        .first_poll
        .lock()
        .await
        .get_or_insert_with(Instant::now);
    let event = shared.events.lock().await.pop_front();
    let Some(event) = event else {
        std::future::pending::<()>().await;
        return (HeaderMap::new(), String::new());
    };
    let request_id = {
        let mut invocations = shared.invocations.lock().await;
        *invocations += 1;
        format!("bench-invocation-{invocations}")
    };
    let deadline = chrono::Utc::now().timestamp_millis() + 30_000;
    let mut headers = HeaderMap::new();
    if let Ok(value) = HeaderValue::from_str(&request_id) {
        headers.insert("lambda-runtime-aws-request-id", value);
    }
    headers.insert("lambda-runtime-deadline-ms", HeaderValue::from(deadline));
    headers.insert(
        "lambda-runtime-invoked-function-arn",
        HeaderValue::from_static("arn:aws:lambda:us-east-1:000000000000:function:bench"),
    );
    headers.insert(
        "lambda-runtime-trace-id",
        HeaderValue::from_static("Root=1-00000000-000000000000000000000000;Sampled=0"),
    );
    let body = event.to_string();
    *shared.handed_out.lock().await = Some(Instant::now());
    (headers, body)
}

async fn response(State(shared): State<Arc<Shared>>, body: Bytes) -> StatusCode {
    let took = shared
        .handed_out
        .lock()
        .await
        .take()
        .map(|at| at.elapsed())
        .unwrap_or_default();
    let response = serde_json::from_slice(&body).unwrap_or(Value::Null);
    let _ = shared.responses.send(Ok(Answer { response, took })).await;
    StatusCode::ACCEPTED
}

async fn error(State(shared): State<Arc<Shared>>, body: Bytes) -> StatusCode {
    let text = String::from_utf8_lossy(&body).into_owned();
    let _ = shared.responses.send(Err(text)).await;
    StatusCode::ACCEPTED
}
