//! The Lambda Runtime API of one execution environment: the function
//! process polls it for the next event and posts back its response or
//! error, as it does on Lambda. One invocation at a time, as on Lambda.
//!
//! The local stack runs each function behind one of these per process;
//! `ecar-bench cold` times cold starts and warm runs with it.

use std::{
    collections::HashMap,
    net::SocketAddr,
    sync::{
        Arc,
        atomic::{AtomicU64, Ordering},
    },
    time::{Duration, Instant},
};

use axum::{
    Router,
    body::Bytes,
    extract::{Path, State},
    http::{HeaderMap, HeaderValue, StatusCode},
    routing::{get, post},
};
use serde_json::Value;
use tokio::sync::{Mutex, mpsc, oneshot};

/// One answered invocation.
#[derive(Debug)]
pub struct Answer {
    /// What the function posted back, as it posted it.
    pub body: Bytes,
    /// From the event handed out to the response received.
    pub took: Duration,
}

impl Answer {
    /// The response as JSON (`Null` when it is not JSON).
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or(Value::Null)
    }
}

/// Why an invocation has no answer.
#[derive(Debug, thiserror::Error)]
pub enum InvokeError {
    /// The function reported an error (its error document).
    #[error("the function reported an error: {0}")]
    Function(String),
    /// The runtime API is gone (its process was stopped).
    #[error("the function's runtime stopped")]
    Stopped,
}

struct Pending {
    event: Bytes,
    deadline: Duration,
    reply: oneshot::Sender<Result<Answer, InvokeError>>,
}

struct InFlight {
    handed_out: Instant,
    reply: oneshot::Sender<Result<Answer, InvokeError>>,
}

struct Shared {
    function_arn: String,
    queue: Mutex<mpsc::Receiver<Pending>>,
    in_flight: Mutex<HashMap<String, InFlight>>,
    invocations: AtomicU64,
    /// When the function first asked for an event: its init was done.
    first_poll: Mutex<Option<Instant>>,
    /// What the function reported at `init/error`.
    init_error: Mutex<Option<String>>,
}

/// A running Runtime API for one function process.
pub struct RuntimeApi {
    /// Where the function reaches it (`AWS_LAMBDA_RUNTIME_API`).
    pub address: SocketAddr,
    sender: mpsc::Sender<Pending>,
    shared: Arc<Shared>,
    server: tokio::task::JoinHandle<()>,
}

impl RuntimeApi {
    /// Serves on a free local port, for the function named by `function_arn`.
    pub async fn serve(function_arn: &str) -> std::io::Result<Self> {
        let (sender, queue) = mpsc::channel(1);
        let shared = Arc::new(Shared {
            function_arn: function_arn.to_string(),
            queue: Mutex::new(queue),
            in_flight: Mutex::new(HashMap::new()),
            invocations: AtomicU64::new(0),
            first_poll: Mutex::new(None),
            init_error: Mutex::new(None),
        });
        let app = Router::new()
            .route("/2018-06-01/runtime/invocation/next", get(next))
            .route(
                "/2018-06-01/runtime/invocation/{id}/response",
                post(response),
            )
            .route("/2018-06-01/runtime/invocation/{id}/error", post(error))
            .route("/2018-06-01/runtime/init/error", post(init_error))
            // A response of any size reaches the caller, which enforces Lambda's limit.
            .layer(axum::extract::DefaultBodyLimit::disable())
            .with_state(shared.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let address = listener.local_addr()?;
        let server = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Ok(Self {
            address,
            sender,
            shared,
            server,
        })
    }

    /// Hands `event` to the function and waits for its answer; `deadline`
    /// is what the function is told it has (`lambda-runtime-deadline-ms`).
    pub async fn invoke(&self, event: Bytes, deadline: Duration) -> Result<Answer, InvokeError> {
        let (reply, answer) = oneshot::channel();
        self.sender
            .send(Pending {
                event,
                deadline,
                reply,
            })
            .await
            .map_err(|_| InvokeError::Stopped)?;
        answer.await.map_err(|_| InvokeError::Stopped)?
    }

    /// When the function first asked for an event (its init was over).
    pub async fn first_poll(&self) -> Option<Instant> {
        *self.shared.first_poll.lock().await
    }

    /// What the function reported if its init failed.
    pub async fn init_error(&self) -> Option<String> {
        self.shared.init_error.lock().await.clone()
    }

    /// Fails the invocations in flight (their process is gone).
    pub async fn abandon(&self, why: &str) {
        for (_, in_flight) in self.shared.in_flight.lock().await.drain() {
            let _ = in_flight.reply.send(Err(InvokeError::Function(why.into())));
        }
    }
}

impl Drop for RuntimeApi {
    fn drop(&mut self) {
        self.server.abort();
    }
}

async fn next(State(shared): State<Arc<Shared>>) -> (HeaderMap, Bytes) {
    shared
        .first_poll
        .lock()
        .await
        .get_or_insert_with(Instant::now);
    let pending = shared.queue.lock().await.recv().await;
    let Some(pending) = pending else {
        // Stopped: wait forever, as a function between invocations does.
        std::future::pending::<()>().await;
        return (HeaderMap::new(), Bytes::new());
    };
    let number = shared.invocations.fetch_add(1, Ordering::SeqCst) + 1;
    let request_id = format!("{}-{number:08}", ulid::Ulid::new());
    let deadline = chrono::Utc::now().timestamp_millis() + pending.deadline.as_millis() as i64;
    let mut headers = HeaderMap::new();
    if let Ok(value) = HeaderValue::from_str(&request_id) {
        headers.insert("lambda-runtime-aws-request-id", value);
    }
    headers.insert("lambda-runtime-deadline-ms", HeaderValue::from(deadline));
    if let Ok(value) = HeaderValue::from_str(&shared.function_arn) {
        headers.insert("lambda-runtime-invoked-function-arn", value);
    }
    headers.insert(
        "lambda-runtime-trace-id",
        HeaderValue::from_static("Root=1-00000000-000000000000000000000000;Sampled=0"),
    );
    shared.in_flight.lock().await.insert(
        request_id.clone(),
        InFlight {
            handed_out: Instant::now(),
            reply: pending.reply,
        },
    );
    (headers, pending.event)
}

async fn response(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
    body: Bytes,
) -> StatusCode {
    answer(&shared, &id, |took| Ok(Answer { body, took })).await
}

async fn error(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
    body: Bytes,
) -> StatusCode {
    let text = String::from_utf8_lossy(&body).into_owned();
    answer(&shared, &id, |_| Err(InvokeError::Function(text))).await
}

/// Hands invocation `id`'s outcome (given the time it took) to its caller.
async fn answer(
    shared: &Shared,
    id: &str,
    outcome: impl FnOnce(Duration) -> Result<Answer, InvokeError>,
) -> StatusCode {
    let Some(in_flight) = shared.in_flight.lock().await.remove(id) else {
        return StatusCode::BAD_REQUEST;
    };
    let _ = in_flight
        .reply
        .send(outcome(in_flight.handed_out.elapsed()));
    StatusCode::ACCEPTED
}

async fn init_error(State(shared): State<Arc<Shared>>, body: Bytes) -> StatusCode {
    *shared.init_error.lock().await = Some(String::from_utf8_lossy(&body).into_owned());
    StatusCode::ACCEPTED
}
