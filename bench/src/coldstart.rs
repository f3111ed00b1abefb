//! Function processes against the local Runtime API: cold starts (one
//! event, timed from process start to its response, with the peak resident
//! memory then) and a warm run (one process serving many events, as a busy
//! Lambda container does, with the latency of each and the peak memory at
//! the end).

use std::{
    path::Path,
    process::{Child, Command, Stdio},
    time::Instant,
};

use ecar::seed;
use ecar_http::{
    AppState, Clock, Config,
    auth::{
        Role, TokenKeys,
        sessions::Session,
        users::{self, NewUser, User, Username},
    },
    config::Backend,
    domain::Email,
    notifications::Dispatcher,
};
use serde_json::Value;

use ecar::local_aws::runtime::RuntimeApi;

use crate::Error;

/// The function ARN the benchmark's Runtime API hands out.
const FUNCTION_ARN: &str = "arn:aws:lambda:us-east-1:000000000000:function:bench";

/// The ids the sample events in `events/` were written with, replaced by
/// seeded ones so that each event finds its data.
const SAMPLE_CUSTOMER_ID: &str = "01JP3K8Z4M6Q2R7T9V1W5X8Y3A";
const SAMPLE_CAR_ID: &str = "01JP3M2C7D9E4F6G8H1J3K5M7N";

/// One cold start.
#[derive(Clone, Copy, Debug)]
pub struct Sample {
    /// Process start to its first request for an event (the function's
    /// init), in milliseconds.
    pub init_millis: f64,
    /// Process start to response, in milliseconds.
    pub millis: f64,
    /// Peak resident memory (VmHWM) at the response, in KiB.
    pub peak_kib: u64,
}

/// Who sends an event.
#[derive(Clone, Copy, Debug)]
pub enum Caller {
    /// A member of the garage's staff.
    Staff,
    /// The customer whose data the events name.
    Customer,
}

/// What every function process gets besides the harness's own environment
/// (which names the topic, `TOPIC_ARN`): the emulator and the key set; and
/// what the events need: tokens of a staff member and of a seeded customer,
/// and that customer's first car.
pub struct Setup {
    env: Vec<(String, String)>,
    /// What only the function that signs tokens is given beside `env`.
    signing_env: Vec<(String, String)>,
    staff_token: String,
    customer_token: String,
    customer_id: String,
    car_id: String,
    /// What was seeded, for the report.
    pub seeded: String,
}

/// The function that signs tokens, and so the only one given the private keys.
const SIGNING_BINARY: &str = "ecar-auth";
/// The cursor key the bench's functions share (the stack generates one).
const CURSOR_SECRET: &str = "bench-cursor-secret-bench-cursor-secret";

/// Seeds `customers` customers (with their cars and services) into the
/// emulator's table, which must be empty, delivers their notifications, and
/// stores a staff and a customer session.
pub async fn setup(endpoint: &str, customers: u64) -> Result<Setup, Error> {
    let keys = TokenKeys::generate();
    let keys_json = keys.to_json();
    let config = Config {
        backend: Backend::Aws,
        aws_endpoint_url: Some(endpoint.to_string()),
        jwt_keys_json: Some(ecar_http::config::Secret::new(keys_json.clone())),
        ..Config::from_env()?
    };
    let state = AppState::aws(config.clone(), Clock::system()).await?;
    let options = seed::Options {
        customers,
        cars_per_customer: 1.5,
        services_per_car: 2.0,
        data_dir: None,
        demo: false,
        in_flight: 1,
    };
    let seeded = seed::bulk(&state, None, &options).await?;
    Dispatcher::new(&state.ports).dispatch_pending().await?;
    let customer_id = seeded
        .customers
        .first()
        .ok_or("seed at least one customer")?
        .to_string();
    let car_id = seeded.cars.first().ok_or("no car was seeded")?.to_string();
    let staff = user("bench-staff", Role::Admin, None)?;
    let customer = user("bench-customer", Role::Customer, Some(customer_id.clone()))?;
    let staff_token = session_token(&state, &config, staff).await?;
    let customer_token = session_token(&state, &config, customer).await?;
    let public_keys = keys.public_keys().to_jwks();
    let env = [
        ("AWS_ENDPOINT_URL", endpoint),
        // As deployed: the functions verify with the public keys and sign
        // cursors with the stack's cursor key; only the auth function also
        // gets the private set (`signing_env`).
        ("JWT_PUBLIC_KEYS", public_keys.as_str()),
        ("ECAR_CURSOR_SECRET", CURSOR_SECRET),
        ("AWS_ACCESS_KEY_ID", "testing"),
        ("AWS_SECRET_ACCESS_KEY", "testing"),
        ("AWS_REGION", "us-east-1"),
        ("AWS_LAMBDA_FUNCTION_NAME", "bench"),
        ("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "128"),
        ("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST"),
        ("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/bench"),
        ("AWS_LAMBDA_LOG_STREAM_NAME", "bench"),
        ("RUST_LOG", "warn"),
    ]
    .into_iter()
    .map(|(name, value)| (name.to_string(), value.to_string()))
    .collect();
    Ok(Setup {
        env,
        signing_env: vec![("ECAR_JWT_KEYS".to_string(), keys_json)],
        staff_token,
        customer_token,
        customer_id,
        car_id,
        seeded: seeded.to_string(),
    })
}

/// A user without a password (the bench signs its tokens itself).
fn user(name: &str, role: Role, customer_id: Option<String>) -> Result<NewUser, Error> {
    Ok(NewUser {
        username: Username::parse(name)?,
        email: Email::parse(&format!("{name}@garage.tn"))?,
        first_name: "Bench".into(),
        last_name: name.into(),
        role,
        customer_id,
        password_hash: None,
    })
}

/// Stores `new` and a session of theirs; returns its access token.
async fn session_token(state: &AppState, config: &Config, new: NewUser) -> Result<String, Error> {
    let now = state.clock.now();
    let user: User = new.into_user(now);
    users::insert_user(state.table.as_ref(), &user).await?;
    let session = Session::start(&user, now, config);
    state.table.write(session.create_op()?).await?;
    Ok(session
        .issue(&state.tokens, config, now.timestamp())?
        .access)
}

impl Setup {
    /// The event in `path`, aimed at the seeded customer and car, with the
    /// caller's token as its bearer.
    pub fn event(&self, path: &Path, caller: Caller) -> Result<Value, Error> {
        let text = std::fs::read_to_string(path)?
            .replace(SAMPLE_CUSTOMER_ID, &self.customer_id)
            .replace(SAMPLE_CAR_ID, &self.car_id);
        let mut event: Value = serde_json::from_str(&text)?;
        let token = match caller {
            Caller::Staff => &self.staff_token,
            Caller::Customer => &self.customer_token,
        };
        if let Some(headers) = event["headers"].as_object_mut()
            && headers.contains_key("authorization")
        {
            headers.insert(
                "authorization".into(),
                Value::String(format!("Bearer {token}")),
            );
        }
        Ok(event)
    }

    /// `binary` started against `api`.
    fn spawn(&self, binary: &Path, api: &RuntimeApi) -> Result<Child, Error> {
        let signs = binary
            .file_name()
            .is_some_and(|name| name == SIGNING_BINARY);
        let signing_env = self.signing_env.iter().filter(|_| signs);
        Ok(Command::new(binary)
            .envs(
                self.env
                    .iter()
                    .chain(signing_env)
                    .map(|(name, value)| (name, value)),
            )
            .env("AWS_LAMBDA_RUNTIME_API", api.address.to_string())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()?)
    }
}

/// How long the harness waits for one response.
const RESPONSE_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30);

/// `runs` cold starts of `binary` serving `event`; returns the samples and
/// the status code of the last response.
pub async fn cold(
    binary: &Path,
    event: &Value,
    setup: &Setup,
    runs: usize,
) -> Result<(Vec<Sample>, Value), Error> {
    let mut samples = Vec::with_capacity(runs);
    let mut status = Value::Null;
    for _ in 0..runs {
        let api = RuntimeApi::serve(FUNCTION_ARN).await?;
        let started = Instant::now();
        let mut child = setup.spawn(binary, &api)?;
        let answer = tokio::time::timeout(
            RESPONSE_TIMEOUT,
            api.invoke(event.to_string().into(), RESPONSE_TIMEOUT),
        )
        .await;
        let millis = started.elapsed().as_secs_f64() * 1_000.0;
        let init_millis = api
            .first_poll()
            .await
            .map_or(millis, |at| (at - started).as_secs_f64() * 1_000.0);
        let peak_kib = peak_kib(child.id());
        child.kill()?;
        child.wait()?;
        let answer = answer??;
        let peak_kib = peak_kib?;
        status = answer.json()["statusCode"].clone();
        samples.push(Sample {
            init_millis,
            millis,
            peak_kib,
        });
    }
    Ok((samples, status))
}

/// One process of `binary` answering `invocations` events, taken from
/// `events` in turn.
pub struct Warm {
    /// Milliseconds each invocation took, in order.
    pub millis: Vec<f64>,
    /// Responses by status code, in code order.
    pub statuses: std::collections::BTreeMap<u16, usize>,
    /// Peak resident memory (VmHWM) after the last one, in KiB.
    pub peak_kib: u64,
}

/// Runs `binary` warm over `invocations` of `events`.
pub async fn warm(
    binary: &Path,
    events: &[Value],
    setup: &Setup,
    invocations: usize,
) -> Result<Warm, Error> {
    let api = RuntimeApi::serve(FUNCTION_ARN).await?;
    let mut child = setup.spawn(binary, &api)?;
    let mut run = Warm {
        millis: Vec::with_capacity(invocations),
        statuses: Default::default(),
        peak_kib: 0,
    };
    let mut outcome: Result<(), Error> = Ok(());
    for event in events.iter().cycle().take(invocations) {
        let invocation = api.invoke(event.to_string().into(), RESPONSE_TIMEOUT);
        match tokio::time::timeout(RESPONSE_TIMEOUT, invocation).await {
            Ok(Ok(answer)) => {
                run.millis.push(answer.took.as_secs_f64() * 1_000.0);
                let status = answer.json()["statusCode"].as_u64().unwrap_or(0);
                *run.statuses.entry(status as u16).or_default() += 1;
            }
            Ok(Err(error)) => {
                outcome = Err(error.into());
                break;
            }
            Err(_) => {
                outcome = Err("no response within 30 s".into());
                break;
            }
        }
    }
    let peak = peak_kib(child.id());
    child.kill()?;
    child.wait()?;
    outcome?;
    run.peak_kib = peak?;
    Ok(run)
}

/// The peak resident memory of a live process, from `/proc`.
fn peak_kib(pid: u32) -> Result<u64, Error> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"))?;
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|value| value.trim().trim_end_matches("kB").trim().parse().ok())
        .ok_or_else(|| format!("no VmHWM for process {pid}").into())
}

/// The `q` quantile (0 to 1) of `values`, nearest rank; sorts them.
pub fn quantile(values: &mut [f64], q: f64) -> f64 {
    values.sort_by(f64::total_cmp);
    let index = ((values.len() as f64 - 1.0) * q).round() as usize;
    values.get(index).copied().unwrap_or(0.0)
}
