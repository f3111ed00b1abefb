//! Every configuration variable the code reads reaches the functions from
//! the template, or is left to its default on purpose (named below, with why);
//! and the template sets no variable the code does not read.

use std::path::Path;

use ecar::local_aws::{cors_policy, functions::FunctionSpec, template::Template};
use ecar_http::{
    Config,
    http::cors::{CorsOrigins, CorsPolicy},
};

/// Variables the template leaves out on purpose.
const DEFAULTED: &[(&str, &str)] = &[
    ("AWS_LAMBDA_RUNTIME_API", "set by Lambda itself"),
    (
        "AWS_ENDPOINT_URL",
        "an emulator's address, for tests and the local stack",
    ),
    (
        "ECAR_JWT_KEYS",
        "the key set inline, for the embedded store; AWS reads JWT_SECRET_ARN",
    ),
    ("ECAR_DATA_DIR", "the embedded store's folder"),
    (
        "ECAR_PUBLIC_URL",
        "the local runner's address, for its signed blob URLs",
    ),
    (
        "ECAR_JWT_ISSUER",
        "one fixed value, the same in every function",
    ),
    (
        "ECAR_JWT_AUDIENCE",
        "one fixed value, the same in every function",
    ),
    (
        "ECAR_AUTH_CACHE_SECONDS",
        "security tuning with a safe default",
    ),
    (
        "ECAR_LOGIN_MAX_ATTEMPTS",
        "security tuning with a safe default",
    ),
    (
        "ECAR_LOGIN_IP_MAX_ATTEMPTS",
        "security tuning with a safe default",
    ),
    (
        "ECAR_LOGIN_WINDOW_SECONDS",
        "security tuning with a safe default",
    ),
    (
        "ECAR_CURRENCY_DECIMALS",
        "derived from the currency code (Currency)",
    ),
    (
        "ECAR_CORS_ORIGINS",
        "the local runner's; on AWS the HTTP API's CorsConfiguration (CorsAllowedOrigins) answers CORS and ignores the functions' headers",
    ),
];

/// Variables only some functions get, and why.
const ONLY_FOR: &[(&str, &[&str], &str)] = &[
    (
        "JWT_SECRET_ARN",
        &["AuthFunction"],
        "only the function that signs tokens reads the private keys",
    ),
    (
        "JWT_PUBLIC_KEYS",
        API_FUNCTIONS,
        "the functions that answer requests verify tokens; the stream, schedule and upload check do not",
    ),
    (
        "ECAR_CURSOR_SECRET",
        API_FUNCTIONS,
        "the functions that answer requests page lists",
    ),
];

/// The functions behind the HTTP API.
const API_FUNCTIONS: &[&str] = &[
    "AuthFunction",
    "CustomersFunction",
    "CarsFunction",
    "ServicesFunction",
    "InvoicesFunction",
    "NotificationsFunction",
    "AppointmentsFunction",
];

fn functions() -> Vec<FunctionSpec> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../template.yaml");
    let template = Template::read(&path).unwrap();
    FunctionSpec::all(&template).unwrap()
}

#[test]
fn every_variable_the_code_reads_is_set_by_the_template_or_defaulted_on_purpose() {
    let read = Config::variables();
    let functions = functions();
    assert!(!functions.is_empty());
    for function in &functions {
        for name in &read {
            let set = function.environment.iter().any(|(key, _)| key == name);
            let defaulted = DEFAULTED.iter().any(|(key, _)| key == name);
            let only_for = ONLY_FOR.iter().find(|(key, _, _)| key == name);
            if let Some((_, receivers, why)) = only_for {
                assert_eq!(
                    set,
                    receivers.contains(&function.name.as_str()),
                    "{name} goes to {receivers:?} only ({why}), not as {} has it",
                    function.name
                );
                continue;
            }
            assert!(
                set || defaulted,
                "{} reads {name}, which the template does not set: add a parameter or say why it is defaulted",
                function.name
            );
            assert!(
                !(set && defaulted),
                "{} gets {name} from the template although it is listed as defaulted",
                function.name
            );
        }
    }
}

/// Only the auth function may read the JWT secret: the others are given the
/// public keys and could not sign a token even if their code were subverted.
#[test]
fn only_the_auth_function_reads_the_jwt_secret() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../template.yaml");
    let template = Template::read(&path).unwrap();
    let functions = functions();
    assert!(functions.iter().any(|f| f.name == "AuthFunction"));
    for function in functions {
        let policies = template.properties(&function.name).unwrap()["Policies"].to_string();
        assert_eq!(
            policies.contains("JwtKeyReadPolicy"),
            function.name == "AuthFunction",
            "{}: {policies}",
            function.name
        );
    }
    let policy = template.properties("JwtKeyReadPolicy").unwrap().to_string();
    assert!(policy.contains("secretsmanager:GetSecretValue") && policy.contains("JwtSigningKey"));
}

#[test]
fn the_template_sets_only_variables_the_code_reads() {
    let read = Config::variables();
    for function in functions() {
        for (name, _) in &function.environment {
            assert!(
                read.contains(name),
                "{} is given {name}, which no code reads",
                function.name
            );
        }
    }
}

#[test]
fn the_garage_printed_on_invoices_comes_from_the_parameters() {
    for function in functions() {
        let value = |name: &str| {
            function
                .environment
                .iter()
                .find(|(key, _)| key == name)
                .map(|(_, value)| value.clone())
        };
        assert_eq!(value("ECAR_GARAGE_NAME").as_deref(), Some("ECAR Garage"));
        assert_eq!(value("ECAR_CURRENCY").as_deref(), Some("TND"));
        assert_eq!(value("ECAR_REMINDER_DAYS").as_deref(), Some("14"));
    }
}

/// A function invoked asynchronously (by the bucket or a schedule) loses its
/// event after Lambda's retries unless it has an `OnFailure` queue, and a
/// queue nobody watches is lost too. A schedule that runs every few minutes
/// retries itself and needs none.
#[test]
fn every_asynchronously_invoked_function_has_a_watched_failure_queue() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../template.yaml");
    let template = Template::read(&path).unwrap();
    let alarms: Vec<String> = template
        .resources_of("AWS::CloudWatch::Alarm")
        .iter()
        .map(|alarm| template.properties(alarm).unwrap()["Dimensions"].to_string())
        .collect();
    let mut checked = 0;
    for function in FunctionSpec::all(&template).unwrap() {
        let by_bucket = function.events_of("S3").count() > 0;
        let by_daily_schedule = function.events_of("Schedule").any(|(_, properties)| {
            !properties["Schedule"].as_str().is_some_and(|expression| {
                expression.starts_with("rate(") && expression.contains("minute")
            })
        });
        if !(by_bucket || by_daily_schedule) {
            continue;
        }
        checked += 1;
        let queue = function
            .on_failure
            .as_deref()
            .unwrap_or_else(|| panic!("{} has no OnFailure destination", function.name));
        // Unmade resources evaluate to placeholders naming their logical id.
        let logical = queue
            .rsplit(':')
            .next()
            .and_then(|tail| tail.split('/').next())
            .unwrap();
        assert!(
            template.resource(logical).unwrap()["Type"] == "AWS::SQS::Queue",
            "{}'s destination {queue} is not a queue of the template",
            function.name
        );
        assert!(
            alarms
                .iter()
                .any(|dimensions| dimensions.contains(&format!(":{logical}/"))),
            "no alarm watches {logical}"
        );
    }
    assert_eq!(checked, 2, "the reminders and pdf-check");
}

#[test]
fn the_dashboard_is_json_and_shows_every_function() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../template.yaml");
    let template = Template::read(&path).unwrap();
    let properties = template.properties("Dashboard").unwrap();
    let body = properties["DashboardBody"].as_str().unwrap();
    let dashboard: serde_json::Value =
        serde_json::from_str(body).unwrap_or_else(|e| panic!("not JSON ({e}):\n{body}"));
    let widgets = dashboard["widgets"].as_array().unwrap();
    assert!(widgets.len() >= 6);
    for function in FunctionSpec::all(&template).unwrap() {
        // Functions evaluate to names carrying their logical id.
        assert!(
            body.contains(&format!("-{}\"", function.name)),
            "{} is not on the dashboard",
            function.name
        );
    }
    assert!(body.contains("OldestPendingOutboxAgeSeconds"));
}

/// The HTTP API's CORS configuration is the local runner's policy: the same
/// methods, headers, lifetime and credentials, for the origins of the
/// `CorsAllowedOrigins` parameter, and none at all by default.
#[test]
fn the_http_apis_cors_configuration_is_the_local_runners_policy() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../template.yaml");
    let mut template = Template::read(&path).unwrap();
    assert_eq!(cors_policy(&template).unwrap(), None);
    let origins = "https://admin.garage.tn,http://localhost:5173";
    template
        .set_parameter("CorsAllowedOrigins", origins)
        .unwrap();
    let deployed = cors_policy(&template)
        .unwrap()
        .expect("a CORS configuration");
    assert_eq!(
        deployed,
        CorsPolicy::new(CorsOrigins::parse(origins).unwrap())
    );
}

/// `sam build` builds each function through the Makefile, for the function's
/// own package (`infra/scripts/sam-build.sh`): SAM's `rust-cargolambda`
/// method builds at the workspace root, where every package's features are
/// unified into every bootstrap.
#[test]
fn sam_builds_each_function_through_the_makefile() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let template = Template::read(&root.join("template.yaml")).unwrap();
    let functions = template.resources_of("AWS::Serverless::Function");
    assert!(functions.len() >= 9, "{functions:?}");
    for name in &functions {
        let metadata = &template.resource(name).unwrap()["Metadata"];
        assert_eq!(metadata["BuildMethod"], "makefile", "{name}");
        assert!(
            metadata["BuildProperties"]["Binary"].is_string(),
            "{name} names its binary"
        );
    }
    let makefile = std::fs::read_to_string(root.join("Makefile")).unwrap();
    assert!(
        makefile.contains("build-%:\n\tinfra/scripts/sam-build.sh $* \"$(ARTIFACTS_DIR)\""),
        "the Makefile's build-<LogicalId> rule runs infra/scripts/sam-build.sh"
    );
}
