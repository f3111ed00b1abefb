//! First requests through the deployed shape: `ecar local-aws` with the
//! release binaries (the template's environment, the JWT key set read from
//! Secrets Manager, every AWS call to moto), each function's first request
//! after a fresh start through the HTTP API front, its init, and warm
//! requests after it; beside the floor, `lambda_http` answering hello
//! behind the same front.

use std::{
    fmt::Write as _,
    path::{Path, PathBuf},
    sync::Arc,
    time::{Duration, Instant},
};

use axum::http::Method;
use ecar::local_aws::{
    LocalAws, Options,
    functions::{FunctionSpec, Launch, LocalFunction},
    gateway::{self, Gateway, Route},
};
use ecar_http::testing::http::send;
use serde_json::{Value, json};

use crate::{Error, coldstart::quantile};

/// Each HTTP function's route for the measurement (a list, read as staff),
/// the floor first.
const ROUTES: &[(&str, &str)] = &[
    ("Floor", "/api/health/"),
    ("AuthFunction", "/api/health/"),
    ("CustomersFunction", "/api/customers/"),
    ("CarsFunction", "/api/cars/"),
    ("ServicesFunction", "/api/services/"),
    ("InvoicesFunction", "/api/invoices/"),
    ("NotificationsFunction", "/api/notifications/"),
    ("AppointmentsFunction", "/api/appointments/"),
];

/// `runs` first requests of each function, `warm` requests after each.
pub async fn measure(
    workspace: &Path,
    bin_dir: &Path,
    venv: &Path,
    runs: usize,
    warm: usize,
) -> Result<String, Error> {
    let log_dir = std::env::temp_dir().join(format!("ecar-bench-deployed-{}", ulid::Ulid::new()));
    let stack = LocalAws::start(Options {
        template: workspace.join("template.yaml"),
        bin_dir: bin_dir.to_path_buf(),
        spa_dir: workspace.join("frontend/dist"),
        aws_endpoint: None,
        venv: venv.to_path_buf(),
        port: 0,
        log_dir: log_dir.clone(),
        schedule_every: None,
        max_environments: 1,
        parameters: vec![],
    })
    .await?;
    let token = log_in(&stack).await?;
    let floor = Floor::start(bin_dir, &log_dir).await?;

    let mut table = String::from(
        "| function | route | status | init median ms | × floor | first request median ms | p90 ms | × floor | warm p50 ms |\n\
         |---|---|---:|---:|---:|---:|---:|---:|---:|\n",
    );
    let mut floor_figures = None;
    for (name, route) in ROUTES {
        let (function, base) = match *name {
            "Floor" => (floor.function.clone(), floor.url.clone()),
            _ => (
                stack
                    .function(name)
                    .ok_or(format!("no {name} in the template"))?
                    .clone(),
                stack.url.clone(),
            ),
        };
        eprintln!("{name}: {runs} first requests through the front");
        let url = format!("{base}{route}");
        let mut firsts = Vec::with_capacity(runs);
        let mut inits = Vec::with_capacity(runs);
        let mut warms = Vec::with_capacity(runs * warm);
        let mut status = 0;
        for _ in 0..runs {
            function.stop().await;
            let (took, answer) = timed_get(&url, &token).await;
            status = answer;
            firsts.push(took);
            inits.extend(function.init_durations().await.iter().map(millis));
            for _ in 0..warm {
                warms.push(timed_get(&url, &token).await.0);
            }
        }
        let init = quantile(&mut inits, 0.5);
        let first = quantile(&mut firsts, 0.5);
        let (init_floor, first_floor) = *floor_figures.get_or_insert((init, first));
        let _ = writeln!(
            table,
            "| {name} | `GET {route}` | {status} | {init:.1} | {:.2} | {first:.1} | {:.1} | {:.2} | {:.2} |",
            init / init_floor,
            quantile(&mut firsts, 0.9),
            first / first_floor,
            quantile(&mut warms, 0.5),
        );
    }
    floor.function.stop().await;
    stack.stop().await;
    Ok(table)
}

fn millis(duration: &Duration) -> f64 {
    duration.as_secs_f64() * 1_000.0
}

async fn timed_get(url: &str, token: &str) -> (f64, u16) {
    let authorization = format!("Bearer {token}");
    let started = Instant::now();
    let response = send("GET", url, &[("authorization", &authorization)], b"").await;
    (millis(&started.elapsed()), response.status)
}

async fn log_in(stack: &LocalAws) -> Result<String, Error> {
    let password = stack.admin_password.clone().ok_or("no admin password")?;
    let body = json!({"username": "admin", "password": password}).to_string();
    let response = send(
        "POST",
        &format!("{}/api/token/", stack.url),
        &[("content-type", "application/json")],
        body.as_bytes(),
    )
    .await;
    let answer: Value = serde_json::from_slice(&response.body)?;
    Ok(answer["access"]
        .as_str()
        .ok_or("no access token")?
        .to_string())
}

/// `hello-lambda` behind a front of its own, built as the stack's is.
struct Floor {
    function: Arc<LocalFunction>,
    url: String,
}

impl Floor {
    async fn start(bin_dir: &Path, log_dir: &Path) -> Result<Self, Error> {
        let spec = FunctionSpec {
            name: "Floor".into(),
            binary: "hello-lambda".into(),
            environment: vec![],
            timeout: Duration::from_secs(10),
            memory_mb: 128,
            log_level: "INFO".into(),
            events: vec![],
            async_retries: 0,
            on_failure: None,
        };
        let launch = Launch {
            bin_dir: bin_dir.to_path_buf(),
            aws_endpoint: String::new(),
            log_dir: log_dir.to_path_buf(),
            max_environments: 1,
        };
        let function = Arc::new(LocalFunction::new(spec, launch));
        let front = Arc::new(Gateway {
            routes: vec![Route {
                method: Some(Method::GET),
                path: "/api/health/{proxy+}".into(),
                function: 0,
            }],
            functions: vec![function.clone()],
            origin_headers: vec![],
            api_headers: vec![],
            spa_headers: vec![],
            spa: axum::Router::new(),
            cors: None,
        });
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let url = format!("http://{}", listener.local_addr()?);
        let app = gateway::router(front);
        tokio::spawn(async move {
            let _ = axum::serve(
                listener,
                app.into_make_service_with_connect_info::<std::net::SocketAddr>(),
            )
            .await;
        });
        Ok(Self { function, url })
    }
}

/// The workspace root, where `template.yaml` is.
pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}
