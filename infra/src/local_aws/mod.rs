//! `ecar local-aws`: the suite as it is deployed, on this machine. The
//! template's table, bucket, topic and secret on the AWS emulator (moto),
//! every function's own Lambda binary behind a Runtime API, an HTTP API in
//! front routing by the template's events, the SPA on the same origin, and
//! the stream, bucket and schedule driving the other functions.
//!
//! What it does not emulate: IAM (every function may call everything),
//! network latency, CloudFront's caching and edge, API Gateway throttling,
//! and the failure queue of the stream mapping (records given up are logged).

pub mod emulator;
pub mod faults;
pub mod functions;
pub mod gateway;
pub mod resources;
pub mod runtime;
pub mod sources;
pub mod template;

use std::{net::SocketAddr, path::PathBuf, process::Child, sync::Arc, time::Duration};

use axum::{
    Router,
    extract::{Path, State},
    http::{HeaderName, HeaderValue, Method, StatusCode},
    response::{IntoResponse, Response},
    routing::post,
};
use ecar_http::{
    AppState, Clock, Config,
    auth::TokenKeys,
    config::Backend,
    http::cors::{CorsOrigins, CorsPolicy},
};
use serde_json::Value;
use tokio::task::JoinHandle;

use self::{
    emulator::Emulator,
    faults::{Fault, Faults},
    functions::{FunctionSpec, Launch, LocalFunction},
    gateway::{Gateway, PolicyHeader, Route},
    sources::{BucketNotification, StreamMapping},
    template::Template,
};

pub type Error = Box<dyn std::error::Error + Send + Sync>;

/// How to start the stack.
#[derive(Debug, Clone)]
pub struct Options {
    /// `template.yaml`.
    pub template: PathBuf,
    /// Folder of the function binaries (`target/debug` or `target/release`).
    pub bin_dir: PathBuf,
    /// The built SPA (`frontend/dist`).
    pub spa_dir: PathBuf,
    /// The emulator to use; `None` starts one from `venv`.
    pub aws_endpoint: Option<String>,
    /// The Python virtual environment holding `moto_server`.
    pub venv: PathBuf,
    /// Port of the front on 127.0.0.1 (0 for any free one).
    pub port: u16,
    /// Where the functions' logs go (`<Function>.log`).
    pub log_dir: PathBuf,
    /// Runs the schedules this often besides on demand; `None` for on demand only.
    pub schedule_every: Option<Duration>,
    /// Execution environments per function at most.
    pub max_environments: usize,
    /// Template parameter overrides.
    pub parameters: Vec<(String, String)>,
}

/// A running local stack.
pub struct LocalAws {
    /// The front: the SPA and `/api`, as CloudFront serves them.
    pub url: String,
    /// The HTTP API's own address, without CloudFront (`execute-api`).
    pub api_url: String,
    /// The emulator's endpoint.
    pub aws_endpoint: String,
    /// The first admin's password, when the stack created the account.
    pub admin_password: Option<String>,
    /// The functions, by logical id.
    pub functions: Vec<Arc<LocalFunction>>,
    /// The PDF bucket's name.
    pub bucket_name: String,
    /// The faults armed for the functions' AWS calls.
    pub faults: Arc<Faults>,
    /// Where each function's log is (`<Function>.log`).
    pub log_dir: PathBuf,
    /// The failure queues (`OnFailure` destinations), by ARN.
    pub queues: sources::FailureQueues,
    /// The emulator's SQS queues: ARN and URL.
    pub queue_urls: Vec<(String, String)>,
    tasks: Vec<JoinHandle<()>>,
    moto: Option<Child>,
}

impl LocalAws {
    /// Makes the resources, starts the front and the event sources.
    pub async fn start(options: Options) -> Result<Self, Error> {
        let mut moto = None;
        let aws_endpoint = match &options.aws_endpoint {
            Some(endpoint) => endpoint.clone(),
            None => {
                let (endpoint, child) = ecar_http::testing::moto::spawn_serial(&options.venv)?;
                moto = Some(child);
                endpoint
            }
        };
        let emulator = Emulator::new(&aws_endpoint);
        let sdk = ecar_store::aws::sdk_config(Some(&aws_endpoint)).await;

        let mut template = Template::read(&options.template)?;
        for (name, value) in &options.parameters {
            template.set_parameter(name, value)?;
        }
        // Secrets an operator chooses at deploy (NoEcho parameters without
        // a default) are chosen here at random.
        template.choose_secrets();
        resources::push_applications(&mut template, &sdk).await?;
        // As an operator deploys: the functions that only verify tokens are
        // given the public keys of the set the JWT secret will hold.
        let keys = TokenKeys::generate();
        template.set_parameter("JwtPublicKeys", &keys.public_keys().to_jwks())?;
        let made = resources::make(&mut template, &emulator, &sdk, &keys).await?;
        let specs = FunctionSpec::all(&template)?;
        let launch = Launch {
            bin_dir: options.bin_dir.clone(),
            aws_endpoint: aws_endpoint.clone(),
            log_dir: options.log_dir.clone(),
            max_environments: options.max_environments.max(1),
        };
        // Each function reaches the emulator through a front of its own,
        // where a test can make AWS fail for it.
        let faults = Faults::new(&aws_endpoint);
        let mut tasks = Vec::new();
        let mut functions = Vec::new();
        for spec in specs {
            let (endpoint, task) = faults.front(&spec.name).await?;
            tasks.push(task);
            let launch = Launch {
                aws_endpoint: endpoint,
                ..launch.clone()
            };
            functions.push(Arc::new(LocalFunction::new(spec, launch)));
        }
        for function in &functions {
            let binary = options.bin_dir.join(&function.spec.binary);
            if !binary.is_file() {
                return Err(format!(
                    "{} of {} is not built: run `cargo build --bins`",
                    binary.display(),
                    function.spec.name
                )
                .into());
            }
        }

        let bucket_name = function_variable(&functions, "BUCKET_NAME").unwrap_or_default();
        let admin_password = first_admin(&template, &aws_endpoint, &keys).await?;

        let queues = sources::FailureQueues::new(emulator.clone(), &made.queues);
        let s3 = aws_sdk_s3::Client::from_conf(
            aws_sdk_s3::config::Builder::from(&sdk)
                .force_path_style(true)
                .build(),
        );
        for function in &functions {
            for (_, properties) in function.spec.events_of("DynamoDB") {
                let mapping =
                    StreamMapping::from_event(function.clone(), properties, queues.clone())?;
                tasks.push(tokio::spawn(mapping.run(emulator.clone())));
            }
            for (_, properties) in function.spec.events_of("S3") {
                let notification =
                    BucketNotification::from_event(function.clone(), properties, queues.clone())?;
                tasks.push(tokio::spawn(notification.run(s3.clone())));
            }
            if let Some(every) = options.schedule_every {
                for (rule, properties) in function.spec.events_of("Schedule") {
                    let (function, rule) = (function.clone(), rule.to_string());
                    let properties = properties.clone();
                    let queues = queues.clone();
                    tasks.push(tokio::spawn(async move {
                        loop {
                            tokio::time::sleep(every).await;
                            let event =
                                sources::scheduled_event(&function.spec.name, &rule, &properties);
                            let _ = sources::invoke_async(&function, event, &queues).await;
                        }
                    }));
                }
            }
        }

        let gateway = Arc::new(Gateway {
            routes: routes(&functions),
            functions: functions.clone(),
            origin_headers: origin_headers(&template)?,
            api_headers: policy_headers(&template, "ApiSecurityHeadersPolicy", &[])?,
            spa_headers: policy_headers(
                &template,
                "SpaSecurityHeadersPolicy",
                // The bucket's address is each function's front to the
                // emulator here, on a port of its own.
                &[(
                    format!(
                        "https://{bucket_name}.s3.{}.amazonaws.com",
                        template::REGION
                    ),
                    "http://127.0.0.1:*".to_string(),
                )],
            )?,
            spa: Gateway::spa_router(&options.spa_dir),
            cors: cors_policy(&template)?,
        });
        let app = Router::new()
            .route(
                "/_local-aws/schedules/{function}/{rule}",
                post(run_schedule),
            )
            .route("/_local-aws/faults", post(arm_fault))
            .with_state(Control {
                functions: functions.clone(),
                faults: faults.clone(),
                queues: queues.clone(),
            })
            .merge(gateway::router(gateway.clone()));
        let api_listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let api_url = format!("http://{}", api_listener.local_addr()?);
        let api_app = gateway::api_router(gateway.clone());
        tasks.push(tokio::spawn(async move {
            let _ = axum::serve(
                api_listener,
                api_app.into_make_service_with_connect_info::<SocketAddr>(),
            )
            .await;
        }));
        let listener =
            tokio::net::TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], options.port))).await?;
        let address = listener.local_addr()?;
        tasks.push(tokio::spawn(async move {
            let _ = axum::serve(
                listener,
                app.into_make_service_with_connect_info::<SocketAddr>(),
            )
            .await;
        }));
        Ok(Self {
            url: format!("http://{address}"),
            api_url,
            aws_endpoint,
            admin_password,
            functions,
            bucket_name,
            faults,
            log_dir: options.log_dir.clone(),
            queues,
            queue_urls: made.queues.clone(),
            tasks,
            moto,
        })
    }

    /// Runs a function's schedule now (`RemindersFunction`, `Daily`) and
    /// returns what the function answered.
    pub async fn run_schedule(&self, function: &str, rule: &str) -> Result<Value, Error> {
        schedule_now(&self.functions, &self.queues, function, rule)
            .await
            .map_err(|(_, message)| message.into())
    }

    /// A variable of the functions' environment (`TABLE_NAME`,
    /// `JWT_SECRET_ARN`...), as an operator reads it from the stack's outputs.
    pub fn variable(&self, name: &str) -> Option<String> {
        function_variable(&self.functions, name)
    }

    /// The function with this logical id.
    pub fn function(&self, name: &str) -> Option<&Arc<LocalFunction>> {
        self.functions.iter().find(|f| f.spec.name == name)
    }

    /// Stops the front, the sources, the functions and the emulator it started.
    pub async fn stop(mut self) {
        for task in self.tasks.drain(..) {
            task.abort();
        }
        for function in &self.functions {
            function.stop().await;
        }
        if let Some(mut moto) = self.moto.take() {
            let _ = moto.kill();
            let _ = moto.wait();
        }
    }
}

impl Drop for LocalAws {
    fn drop(&mut self) {
        for task in &self.tasks {
            task.abort();
        }
        if let Some(moto) = self.moto.as_mut() {
            let _ = moto.kill();
            let _ = moto.wait();
        }
    }
}

/// `ecar local-aws`: starts the stack, prints where it is, runs until Ctrl-C.
pub async fn run(options: Options) -> crate::CliResult {
    let stack = LocalAws::start(options.clone()).await?;
    if let Some(password) = &stack.admin_password {
        crate::serve::print_first_admin(password);
    }
    println!("  AWS emulator: {}", stack.aws_endpoint);
    println!("  function logs: {}", options.log_dir.display());
    println!(
        "  run a schedule now: curl -X POST {}/_local-aws/schedules/RemindersFunction/Daily",
        stack.url
    );
    println!(
        "  make AWS fail for a function: curl -X POST {}/_local-aws/faults -H 'content-type: application/json' -d '{{\"function\": \"DispatcherFunction\", \"operation\": \"TransactWriteItems\", \"times\": 4}}'",
        stack.url
    );
    println!(
        "ECAR (local AWS) is serving on {}; Ctrl-C stops it",
        stack.url
    );
    let _ = tokio::signal::ctrl_c().await;
    stack.stop().await;
    Ok(())
}

/// The routes of every function's `HttpApi` events.
fn routes(functions: &[Arc<LocalFunction>]) -> Vec<Route> {
    let mut routes = Vec::new();
    for (index, function) in functions.iter().enumerate() {
        for (_, properties) in function.spec.events_of("HttpApi") {
            let method = properties["Method"].as_str().unwrap_or("ANY");
            routes.push(Route {
                method: (!method.eq_ignore_ascii_case("ANY"))
                    .then(|| Method::from_bytes(method.to_ascii_uppercase().as_bytes()).ok())
                    .flatten(),
                path: properties["Path"].as_str().unwrap_or("/").to_string(),
                function: index,
            });
        }
    }
    routes
}

/// A variable of the functions' environment (the globals give every
/// function the same table, bucket and topic).
fn function_variable(functions: &[Arc<LocalFunction>], name: &str) -> Option<String> {
    functions.iter().find_map(|function| {
        function
            .spec
            .environment
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.clone())
    })
}

/// The `OriginCustomHeaders` of the distribution's API origin.
fn origin_headers(template: &Template) -> Result<Vec<(HeaderName, HeaderValue)>, Error> {
    let mut headers = Vec::new();
    for distribution in template.resources_of("AWS::CloudFront::Distribution") {
        let config = template.properties(&distribution)?;
        let origins = config["DistributionConfig"]["Origins"].as_array();
        for origin in origins.into_iter().flatten() {
            if origin["CustomOriginConfig"].is_null() {
                continue;
            }
            for header in origin["OriginCustomHeaders"]
                .as_array()
                .into_iter()
                .flatten()
            {
                let name = header["HeaderName"].as_str().unwrap_or_default();
                let value = header["HeaderValue"].as_str().unwrap_or_default();
                headers.push((
                    HeaderName::try_from(name.to_ascii_lowercase())?,
                    HeaderValue::from_str(value)?,
                ));
            }
        }
    }
    Ok(headers)
}

/// The headers a CloudFront response headers policy of the template adds.
/// The HTTP API's `CorsConfiguration` (absent unless `CorsAllowedOrigins`
/// names origins), as API Gateway applies it.
pub fn cors_policy(template: &Template) -> Result<Option<CorsPolicy>, Error> {
    let Some(api) = template
        .resources_of("AWS::Serverless::HttpApi")
        .into_iter()
        .next()
    else {
        return Ok(None);
    };
    let properties = template.properties(&api)?;
    let Some(config) = properties.get("CorsConfiguration") else {
        return Ok(None);
    };
    let list = |name: &str| -> Vec<String> {
        config[name]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .map(str::to_string)
            .collect()
    };
    let origins = CorsOrigins::parse(&list("AllowOrigins").join(","))
        .map_err(|reason| format!("{api}: CorsConfiguration.AllowOrigins: {reason}"))?;
    let flag = |value: &Value| {
        value
            .as_bool()
            .or_else(|| value.as_str().map(|s| s == "true"))
    };
    let number = |value: &Value| value.as_u64().or_else(|| value.as_str()?.parse().ok());
    Ok(Some(CorsPolicy {
        origins,
        allow_methods: list("AllowMethods"),
        allow_headers: list("AllowHeaders"),
        expose_headers: list("ExposeHeaders"),
        max_age_seconds: number(&config["MaxAge"]),
        allow_credentials: flag(&config["AllowCredentials"]).unwrap_or(false),
    }))
}

fn policy_headers(
    template: &Template,
    policy: &str,
    local_addresses: &[(String, String)],
) -> Result<Vec<PolicyHeader>, Error> {
    let config = template.properties(policy)?;
    let security = &config["ResponseHeadersPolicyConfig"]["SecurityHeadersConfig"];
    let mut headers = Vec::new();
    let mut add = |name: &'static str, value: String, setting: &Value| -> Result<(), Error> {
        headers.push(PolicyHeader {
            name: HeaderName::from_static(name),
            value: HeaderValue::from_str(&value)?,
            replace: setting["Override"].as_bool().unwrap_or(false),
        });
        Ok(())
    };
    if let Some(csp) = security.get("ContentSecurityPolicy") {
        let mut value = csp["ContentSecurityPolicy"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        for (deployed, local) in local_addresses {
            value = value.replace(deployed.as_str(), local);
        }
        add("content-security-policy", value, csp)?;
    }
    if let Some(setting) = security.get("ContentTypeOptions") {
        add("x-content-type-options", "nosniff".into(), setting)?;
    }
    if let Some(setting) = security.get("FrameOptions") {
        add(
            "x-frame-options",
            setting["FrameOption"].as_str().unwrap_or("DENY").into(),
            setting,
        )?;
    }
    if let Some(setting) = security.get("ReferrerPolicy") {
        add(
            "referrer-policy",
            setting["ReferrerPolicy"]
                .as_str()
                .unwrap_or_default()
                .into(),
            setting,
        )?;
    }
    if let Some(setting) = security.get("StrictTransportSecurity") {
        let mut value = format!(
            "max-age={}",
            setting["AccessControlMaxAgeSec"].as_u64().unwrap_or(0)
        );
        if setting["IncludeSubdomains"].as_bool() == Some(true) {
            value.push_str("; includeSubDomains");
        }
        if setting["Preload"].as_bool() == Some(true) {
            value.push_str("; preload");
        }
        add("strict-transport-security", value, setting)?;
    }
    Ok(headers)
}

/// The first admin, made as `ecar serve` makes it, on the stack's table
/// (through the same domain writes, with the functions' configuration).
async fn first_admin(
    template: &Template,
    aws_endpoint: &str,
    keys: &TokenKeys,
) -> Result<Option<String>, Error> {
    let globals = template.section(&["Globals", "Function", "Environment", "Variables"])?;
    let variable = |name: &str| globals[name].as_str().map(str::to_string);
    let mut config = Config::from_env()?;
    config.backend = Backend::Aws;
    config.aws_endpoint_url = Some(aws_endpoint.to_string());
    config.table_name = variable("TABLE_NAME").unwrap_or(config.table_name);
    config.bucket_name = variable("BUCKET_NAME").unwrap_or(config.bucket_name);
    config.topic_arn = variable("TOPIC_ARN");
    config.jwt_secret_arn = None;
    config.jwt_keys_json = Some(ecar_http::config::Secret::new(keys.to_json()));
    let state = AppState::aws(config, Clock::system()).await?;
    crate::serve::create_first_admin(&state).await
}

/// What the control routes (`/_local-aws/...`) act on.
#[derive(Clone)]
struct Control {
    functions: Vec<Arc<LocalFunction>>,
    faults: Arc<Faults>,
    queues: sources::FailureQueues,
}

async fn arm_fault(
    State(control): State<Control>,
    axum::Json(fault): axum::Json<Fault>,
) -> StatusCode {
    if !control
        .functions
        .iter()
        .any(|f| f.spec.name == fault.function)
    {
        return StatusCode::NOT_FOUND;
    }
    control.faults.arm(fault).await;
    StatusCode::NO_CONTENT
}

async fn run_schedule(
    State(control): State<Control>,
    Path((function, rule)): Path<(String, String)>,
) -> Response {
    match schedule_now(&control.functions, &control.queues, &function, &rule).await {
        Ok(answer) => axum::Json(answer).into_response(),
        Err((status, message)) => (status, message).into_response(),
    }
}

async fn schedule_now(
    functions: &[Arc<LocalFunction>],
    queues: &sources::FailureQueues,
    function: &str,
    rule: &str,
) -> Result<Value, (StatusCode, String)> {
    let Some(function) = functions.iter().find(|f| f.spec.name == function) else {
        return Err((StatusCode::NOT_FOUND, format!("no function {function}")));
    };
    let Some((_, properties)) = function
        .spec
        .events_of("Schedule")
        .find(|(name, _)| *name == rule)
    else {
        return Err((
            StatusCode::NOT_FOUND,
            format!("{} has no schedule {rule}", function.spec.name),
        ));
    };
    let event = sources::scheduled_event(&function.spec.name, rule, properties);
    sources::invoke_async(function, event, queues)
        .await
        .map_err(|failure| (StatusCode::BAD_GATEWAY, failure.to_string()))
}
