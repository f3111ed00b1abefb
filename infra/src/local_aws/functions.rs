//! The template's functions as local Lambdas: each runs the binary that
//! ships (`BuildProperties.Binary`), with the environment the template gives
//! it, behind a Runtime API of its own. A function scales as Lambda does:
//! an invocation that finds every environment busy starts another (a cold
//! start), up to a limit; one that exceeds its timeout has its environment
//! stopped, as Lambda stops it.

use std::{
    path::{Path, PathBuf},
    process::{Child, Command, Stdio},
    sync::Arc,
    time::Duration,
};

use bytes::Bytes;
use serde_json::Value;
use tokio::sync::{Mutex, Notify};

use super::{
    Error,
    runtime::{Answer, InvokeError, RuntimeApi},
    template::{ACCOUNT_ID, REGION, Template},
};

/// What the template says of one function.
#[derive(Debug, Clone)]
pub struct FunctionSpec {
    /// Its logical id (`ServicesFunction`).
    pub name: String,
    /// The workspace binary (`ecar-services`).
    pub binary: String,
    /// Its environment: the globals', then its own.
    pub environment: Vec<(String, String)>,
    pub timeout: Duration,
    pub memory_mb: u64,
    /// `LoggingConfig.ApplicationLogLevel`.
    pub log_level: String,
    /// Its events, evaluated (name, definition).
    pub events: Vec<(String, Value)>,
    /// Retries of an asynchronous invocation (`EventInvokeConfig`; Lambda's 2).
    pub async_retries: u32,
    /// Where a failed asynchronous invocation goes (a queue ARN).
    pub on_failure: Option<String>,
}

impl FunctionSpec {
    /// Every `AWS::Serverless::Function` of the template.
    pub fn all(template: &Template) -> Result<Vec<Self>, Error> {
        let globals = template.section(&["Globals", "Function"])?;
        let mut specs = Vec::new();
        for name in template.resources_of("AWS::Serverless::Function") {
            let resource = template.resource(&name)?;
            let binary = resource["Metadata"]["BuildProperties"]["Binary"]
                .as_str()
                .ok_or_else(|| format!("{name} names no BuildProperties.Binary"))?
                .to_string();
            let properties = template.properties(&name)?;
            let setting = |key: &str| properties.get(key).or_else(|| globals.get(key));
            let mut environment = Vec::new();
            for variables in [
                &globals["Environment"]["Variables"],
                &properties["Environment"]["Variables"],
            ] {
                for (key, value) in variables.as_object().into_iter().flatten() {
                    let value = match value {
                        Value::String(text) => text.clone(),
                        other => other.to_string(),
                    };
                    environment.retain(|(existing, _): &(String, String)| existing != key);
                    environment.push((key.clone(), value));
                }
            }
            let number = |key: &str, default: u64| {
                setting(key)
                    .and_then(|value| value.as_u64().or_else(|| value.as_str()?.parse().ok()))
                    .unwrap_or(default)
            };
            let log_level = properties["LoggingConfig"]["ApplicationLogLevel"]
                .as_str()
                .or_else(|| globals["LoggingConfig"]["ApplicationLogLevel"].as_str())
                .unwrap_or("INFO")
                .to_string();
            let events = properties["Events"]
                .as_object()
                .map(|events| {
                    events
                        .iter()
                        .map(|(event, definition)| (event.clone(), definition.clone()))
                        .collect()
                })
                .unwrap_or_default();
            let invoke_config = &properties["EventInvokeConfig"];
            specs.push(Self {
                async_retries: invoke_config["MaximumRetryAttempts"].as_u64().unwrap_or(2) as u32,
                on_failure: invoke_config["DestinationConfig"]["OnFailure"]["Destination"]
                    .as_str()
                    .map(str::to_string),
                name,
                binary,
                environment,
                timeout: Duration::from_secs(number("Timeout", 3)),
                memory_mb: number("MemorySize", 128),
                log_level,
                events,
            });
        }
        Ok(specs)
    }

    /// The events of one type (`HttpApi`, `DynamoDB`, `S3`, `Schedule`).
    pub fn events_of<'a>(&'a self, kind: &'a str) -> impl Iterator<Item = (&'a str, &'a Value)> {
        self.events
            .iter()
            .filter(move |(_, definition)| definition["Type"] == kind)
            .map(|(name, definition)| (name.as_str(), &definition["Properties"]))
    }

    fn arn(&self) -> String {
        format!(
            "arn:aws:lambda:{REGION}:{ACCOUNT_ID}:function:{}",
            self.name
        )
    }
}

/// How function processes are started.
#[derive(Debug, Clone)]
pub struct Launch {
    /// Folder of the function binaries (`target/debug`).
    pub bin_dir: PathBuf,
    /// The emulator every AWS client is pointed at.
    pub aws_endpoint: String,
    /// Where each function's log is written (`<name>.log`, its CloudWatch).
    pub log_dir: PathBuf,
    /// Environments per function at most (Lambda's concurrency).
    pub max_environments: usize,
}

/// Why an invocation failed, as the caller of Lambda sees it.
#[derive(Debug, thiserror::Error)]
pub enum Failure {
    #[error("{0}")]
    Function(String),
    #[error("the function timed out after {0:?}")]
    Timeout(Duration),
    #[error("the function could not start: {0}")]
    Start(String),
}

/// A function: its spec and its running environments.
pub struct LocalFunction {
    pub spec: FunctionSpec,
    launch: Launch,
    environments: Mutex<Vec<Arc<Environment>>>,
    freed: Notify,
}

struct Environment {
    api: RuntimeApi,
    /// When its process was started.
    started: std::time::Instant,
    process: std::sync::Mutex<Child>,
    busy: std::sync::atomic::AtomicBool,
}

impl Environment {
    fn exited(&self) -> bool {
        let mut process = self.process.lock().unwrap_or_else(|e| e.into_inner());
        !matches!(process.try_wait(), Ok(None))
    }

    fn stop(&self) {
        let mut process = self.process.lock().unwrap_or_else(|e| e.into_inner());
        let _ = process.kill();
        let _ = process.wait();
    }
}

impl Drop for Environment {
    fn drop(&mut self) {
        self.stop();
    }
}

impl LocalFunction {
    pub fn new(spec: FunctionSpec, launch: Launch) -> Self {
        Self {
            spec,
            launch,
            environments: Mutex::new(Vec::new()),
            freed: Notify::new(),
        }
    }

    /// Invokes the function synchronously with `event`.
    pub async fn invoke(&self, event: Bytes) -> Result<Answer, Failure> {
        let environment = self.acquire().await?;
        // A caller that goes away mid-invocation (a browser that aborts its
        // fetch, the gateway's integration timeout) must not leave the
        // environment marked busy for ever.
        let mut abandoned = Abandoned {
            function: self,
            environment: Some(environment.clone()),
        };
        let result = self.invoke_on(&environment, event).await;
        abandoned.environment = None;
        result
    }

    async fn invoke_on(
        &self,
        environment: &Arc<Environment>,
        event: Bytes,
    ) -> Result<Answer, Failure> {
        let environment = environment.clone();
        let timeout = self.spec.timeout;
        let outcome = tokio::select! {
            answer = environment.api.invoke(event, timeout) => Some(answer),
            _ = tokio::time::sleep(timeout) => None,
            _ = watch_exit(&environment) => Some(Err(InvokeError::Function(
                // What it reported before exiting, if its init failed.
                environment.api.init_error().await.unwrap_or_else(|| {
                    "the function's process exited".into()
                }),
            ))),
        };
        let result = match outcome {
            Some(Ok(answer)) => Ok(answer),
            Some(Err(error)) => Err(Failure::Function(error.to_string())),
            None => {
                // Lambda stops an environment that ran out of time.
                self.retire(&environment).await;
                return Err(Failure::Timeout(timeout));
            }
        };
        if environment.exited() {
            self.retire(&environment).await;
        } else {
            environment
                .busy
                .store(false, std::sync::atomic::Ordering::SeqCst);
            self.freed.notify_one();
        }
        result
    }

    /// How long each running environment took to initialize (process start
    /// to its first poll of the Runtime API), for those that have.
    pub async fn init_durations(&self) -> Vec<Duration> {
        let mut durations = Vec::new();
        for environment in self.environments.lock().await.iter() {
            if let Some(polled) = environment.api.first_poll().await {
                durations.push(polled - environment.started);
            }
        }
        durations
    }

    /// Stops every environment.
    pub async fn stop(&self) {
        for environment in self.environments.lock().await.drain(..) {
            environment.stop();
        }
    }

    /// An idle environment, a new one, or the first one freed.
    async fn acquire(&self) -> Result<Arc<Environment>, Failure> {
        use std::sync::atomic::Ordering;
        loop {
            let freed = self.freed.notified();
            {
                let mut environments = self.environments.lock().await;
                environments.retain(|environment| !environment.exited());
                if let Some(idle) = environments
                    .iter()
                    .find(|environment| !environment.busy.swap(true, Ordering::SeqCst))
                {
                    return Ok(idle.clone());
                }
                if environments.len() < self.launch.max_environments {
                    let environment = self.start().await?;
                    environment.busy.store(true, Ordering::SeqCst);
                    environments.push(environment.clone());
                    return Ok(environment);
                }
            }
            freed.await;
        }
    }

    async fn retire(&self, environment: &Arc<Environment>) {
        environment.stop();
        environment.api.abandon("the environment was stopped").await;
        self.environments
            .lock()
            .await
            .retain(|other| !Arc::ptr_eq(other, environment));
        self.freed.notify_one();
    }

    /// A new environment: the binary started against a Runtime API of its own.
    async fn start(&self) -> Result<Arc<Environment>, Failure> {
        let spec = &self.spec;
        let api = RuntimeApi::serve(&spec.arn())
            .await
            .map_err(|e| Failure::Start(e.to_string()))?;
        let binary = self.launch.bin_dir.join(&spec.binary);
        let log = log_file(&self.launch.log_dir, &spec.name).map_err(Failure::Start)?;
        let started = std::time::Instant::now();
        let process = Command::new(&binary)
            .env_clear()
            .envs(spec.environment.iter().map(|(k, v)| (k, v)))
            .envs(lambda_environment(spec, &self.launch, &api))
            .stdin(Stdio::null())
            .stdout(Stdio::from(
                log.try_clone().map_err(|e| Failure::Start(e.to_string()))?,
            ))
            .stderr(Stdio::from(log))
            .spawn()
            .map_err(|e| Failure::Start(format!("{}: {e}", binary.display())))?;
        Ok(Arc::new(Environment {
            api,
            started,
            process: std::sync::Mutex::new(process),
            busy: std::sync::atomic::AtomicBool::new(false),
        }))
    }
}

/// Stops the environment of an invocation whose caller went away before its
/// answer (dropped with `environment` still set): the next `acquire` leaves
/// the exited process out and starts another if needed.
struct Abandoned<'a> {
    function: &'a LocalFunction,
    environment: Option<Arc<Environment>>,
}

impl Drop for Abandoned<'_> {
    fn drop(&mut self) {
        if let Some(environment) = self.environment.take() {
            environment.stop();
            self.function.freed.notify_one();
        }
    }
}

/// Resolves once the environment's process has exited.
async fn watch_exit(environment: &Environment) {
    while !environment.exited() {
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// What Lambda sets in every function's environment, and the emulator's
/// address and credentials in place of a role's.
fn lambda_environment(
    spec: &FunctionSpec,
    launch: &Launch,
    api: &RuntimeApi,
) -> Vec<(String, String)> {
    let mut variables = vec![
        ("AWS_LAMBDA_RUNTIME_API", api.address.to_string()),
        ("AWS_LAMBDA_FUNCTION_NAME", spec.name.clone()),
        ("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST".into()),
        (
            "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
            spec.memory_mb.to_string(),
        ),
        ("AWS_LAMBDA_LOG_FORMAT", "JSON".into()),
        ("AWS_LAMBDA_LOG_LEVEL", spec.log_level.clone()),
        ("AWS_REGION", REGION.into()),
        ("AWS_DEFAULT_REGION", REGION.into()),
        ("AWS_ACCESS_KEY_ID", "testing".into()),
        ("AWS_SECRET_ACCESS_KEY", "testing".into()),
        ("AWS_ENDPOINT_URL", launch.aws_endpoint.clone()),
        ("TZ", ":UTC".into()),
    ];
    // Lambda's environment has a PATH; nothing else of this process leaks in.
    variables.push(("PATH", "/usr/local/bin:/usr/bin:/bin".into()));
    variables
        .into_iter()
        .map(|(name, value)| (name.to_string(), value))
        .collect()
}

fn log_file(dir: &Path, name: &str) -> Result<std::fs::File, String> {
    std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
    std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(dir.join(format!("{name}.log")))
        .map_err(|e| format!("{}: {e}", dir.display()))
}
