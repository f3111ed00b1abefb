//! Cold starts: each function's release binary started against the local
//! Runtime API with one API Gateway event, timed from process start to its
//! response, with its peak resident memory then.

use std::{
    path::Path,
    process::{Command, Stdio},
    time::Instant,
};

use ecar_shared::{
    AppState, Clock, Config,
    auth::{
        Role, TokenKeys,
        sessions::Session,
        users::{self, NewUser, Username},
    },
    config::Backend,
    domain::Email,
};
use serde_json::Value;

use crate::{Error, runtime::RuntimeApi};

/// One cold start.
#[derive(Clone, Copy, Debug)]
pub struct Sample {
    /// Process start to response, in milliseconds.
    pub millis: f64,
    /// Peak resident memory (VmHWM) at the response, in KiB.
    pub peak_kib: u64,
}

/// What every function process gets besides the harness's own environment
/// (which names the topic, `TOPIC_ARN`): the emulator, the key set, and an
/// access token of a staff session stored there.
pub struct Setup {
    env: Vec<(String, String)>,
    /// A valid access token, put in each event's `authorization` header.
    pub token: String,
}

/// A staff user and session in the emulator's table, and the environment
/// that lets a function verify its token.
pub async fn setup(endpoint: &str) -> Result<Setup, Error> {
    let keys = TokenKeys::generate();
    let keys_json = keys.to_json();
    let config = Config {
        backend: Backend::Aws,
        aws_endpoint_url: Some(endpoint.to_string()),
        jwt_keys_json: Some(keys_json.clone()),
        ..Config::from_env()?
    };
    let state = AppState::aws(config.clone(), Clock::system()).await?;
    let now = state.clock.now();
    let user = NewUser {
        username: Username::parse("bench-staff")?,
        email: Email::parse("bench-staff@garage.tn")?,
        first_name: "Bench".into(),
        last_name: "Staff".into(),
        role: Role::Admin,
        customer_id: None,
        password_hash: None,
    }
    .into_user(now);
    // A second run over the same emulator finds the user already there.
    let user = match users::insert_user(state.table.as_ref(), &user).await {
        Ok(()) => user,
        Err(_) => users::find_for_login(state.table.as_ref(), "bench-staff")
            .await?
            .ok_or("bench-staff exists but cannot be read")?,
    };
    let session = Session::start(&user, now, &config);
    state.table.write(session.create_op()?).await?;
    let token = session
        .issue(&state.tokens, &config, now.timestamp())?
        .access;
    let env = [
        ("AWS_ENDPOINT_URL", endpoint),
        ("ECAR_JWT_KEYS", keys_json.as_str()),
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
    Ok(Setup { env, token })
}

/// The event in `path`, with the setup's token as its bearer.
pub fn event(path: &Path, token: &str) -> Result<Value, Error> {
    let mut event: Value = serde_json::from_str(&std::fs::read_to_string(path)?)?;
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

/// `runs` cold starts of `binary` serving `event`; returns the samples and
/// the status code of the last response.
pub async fn measure(
    binary: &Path,
    event: &Value,
    setup: &Setup,
    runs: usize,
) -> Result<(Vec<Sample>, Value), Error> {
    let mut samples = Vec::with_capacity(runs);
    let mut status = Value::Null;
    for _ in 0..runs {
        let mut api = RuntimeApi::serve(event.clone()).await?;
        let started = Instant::now();
        let mut child = Command::new(binary)
            .envs(setup.env.iter().map(|(name, value)| (name, value)))
            .env("AWS_LAMBDA_RUNTIME_API", api.address.to_string())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()?;
        let response =
            tokio::time::timeout(std::time::Duration::from_secs(30), api.response()).await;
        let millis = started.elapsed().as_secs_f64() * 1_000.0;
        let peak_kib = peak_kib(child.id());
        child.kill()?;
        child.wait()?;
        let response = response??;
        let peak_kib = peak_kib?;
        status = response["statusCode"].clone();
        samples.push(Sample { millis, peak_kib });
    }
    Ok((samples, status))
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

/// Median and 90th percentile of `values`.
pub fn median_p90(values: &mut [f64]) -> (f64, f64) {
    values.sort_by(f64::total_cmp);
    let at = |q: f64| {
        let index = ((values.len() as f64 - 1.0) * q).round() as usize;
        values.get(index).copied().unwrap_or(0.0)
    };
    (at(0.5), at(0.9))
}
