//! The suite as it is deployed, through the local AWS stack: every function's
//! Lambda binary behind the HTTP API front, on the template's resources in
//! moto, with the stream, the bucket and the schedule driving the dispatcher,
//! pdf-check and the reminders.
//!
//! One scenario touches every function; the limits test sends what API
//! Gateway and Lambda refuse. The function binaries are the workspace's
//! debug builds (`cargo test --workspace` builds them; `cargo build --bins`
//! otherwise).

use std::{
    path::{Path, PathBuf},
    time::{Duration, Instant},
};

use chrono::{Months, NaiveDate, Utc};
use ecar::local_aws::{LocalAws, Options};
use ecar_http::testing::{
    http::{HttpResponse, send, send_from},
    moto,
};
use serde_json::{Value, json};

const CUSTOMER_PASSWORD: &str = "a long customer passphrase";

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// A stack on an emulator of its own; `parameters` override the template's.
async fn stack(aws_endpoint: Option<String>, parameters: Vec<(String, String)>) -> LocalAws {
    let bin_dir = Path::new(env!("CARGO_BIN_EXE_ecar"))
        .parent()
        .unwrap()
        .to_path_buf();
    let log_dir = std::env::temp_dir().join(format!("ecar-local-aws-{}", ulid::Ulid::new()));
    LocalAws::start(Options {
        template: workspace().join("template.yaml"),
        bin_dir,
        spa_dir: workspace().join("frontend/dist"),
        aws_endpoint,
        venv: moto::venv(),
        port: 0,
        log_dir,
        schedule_every: None,
        max_environments: 2,
        parameters,
    })
    .await
    .unwrap_or_else(|e| panic!("the local AWS stack did not start: {e}"))
}

/// A caller of the stack's front.
struct Client {
    base: String,
    token: Option<String>,
}

impl Client {
    async fn call(&self, method: &str, path: &str, body: Option<Value>) -> HttpResponse {
        let url = format!("{}{path}", self.base);
        let authorization = self.token.as_ref().map(|t| format!("Bearer {t}"));
        let mut headers = vec![("accept", "application/json")];
        if let Some(value) = &authorization {
            headers.push(("authorization", value));
        }
        let body = body.map(|b| b.to_string()).unwrap_or_default();
        if !body.is_empty() {
            headers.push(("content-type", "application/json"));
        }
        send(method, &url, &headers, body.as_bytes()).await
    }

    /// `method path` that must succeed; its JSON.
    async fn ok(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let response = self.call(method, path, body).await;
        let text = String::from_utf8_lossy(&response.body).into_owned();
        assert!(
            (200..300).contains(&response.status),
            "{method} {path}: {} {text}",
            response.status
        );
        serde_json::from_str(&text).unwrap_or(Value::Null)
    }
}

async fn log_in(base: &str, username: &str, password: &str) -> Client {
    let anonymous = Client {
        base: base.into(),
        token: None,
    };
    let login = anonymous
        .ok(
            "POST",
            "/api/token/",
            Some(json!({"username": username, "password": password})),
        )
        .await;
    Client {
        base: base.into(),
        token: login["access"].as_str().map(str::to_string),
    }
}

/// Waits until `check` returns something (the event sources are asynchronous).
async fn eventually<T, F, Fut>(what: &str, check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    eventually_within(Duration::from_secs(30), what, check).await
}

/// [`eventually`] with a time limit of its own.
async fn eventually_within<T, F, Fut>(limit: Duration, what: &str, mut check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    let deadline = Instant::now() + limit;
    loop {
        if let Some(found) = check().await {
            return found;
        }
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// The messages moto delivered to the platform endpoint of `token`.
async fn pushes_to(aws_endpoint: &str, token: &str) -> Vec<Value> {
    let response = send(
        "GET",
        &format!("{aws_endpoint}/moto-api/data.json"),
        &[],
        b"",
    )
    .await;
    let state: Value = serde_json::from_slice(&response.body).unwrap();
    state["sns"]["PlatformEndpoint"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|endpoint| endpoint["token"] == token)
        .flat_map(|endpoint| {
            endpoint["messages"]
                .as_object()
                .map(|messages| messages.values().cloned().collect::<Vec<_>>())
                .unwrap_or_default()
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_garage_day_through_every_function_on_the_local_aws() {
    // The stack's own emulator, which the test reads back (SNS deliveries,
    // the bucket's quarantine); the stack makes the push applications.
    let (aws_endpoint, mut moto_process) = moto::spawn_serial(&moto::venv()).unwrap();
    let sdk = ecar_store::aws::sdk_config(Some(&aws_endpoint)).await;
    let stack = stack(Some(aws_endpoint.clone()), vec![]).await;
    let base = stack.url.clone();
    let password = stack.admin_password.clone().expect("a new admin");

    // Auth: bearer mode, then cookie mode with a refresh from the cookie.
    let admin = log_in(&base, "admin", &password).await;
    let cookie_login = send(
        "POST",
        &format!("{base}/api/token/"),
        &[
            ("content-type", "application/json"),
            ("x-refresh-mode", "cookie"),
        ],
        json!({"username": "admin", "password": password})
            .to_string()
            .as_bytes(),
    )
    .await;
    assert_eq!(cookie_login.status, 200);
    let set_cookie = cookie_login
        .header("set-cookie")
        .expect("a refresh cookie")
        .to_string();
    assert!(set_cookie.contains("HttpOnly"), "{set_cookie}");
    let cookie = set_cookie.split(';').next().unwrap().to_string();
    let refreshed = send(
        "POST",
        &format!("{base}/api/token/refresh/"),
        &[
            ("x-refresh-mode", "cookie"),
            ("cookie", &cookie),
            ("content-type", "application/json"),
        ],
        b"{}",
    )
    .await;
    assert_eq!(
        refreshed.status,
        200,
        "{}",
        String::from_utf8_lossy(&refreshed.body)
    );

    // Customers, cars, services: a customer who can log in, a car whose
    // service falls due in a week, another with services taken to completion.
    let customer = admin
        .ok(
            "POST",
            "/api/customers/",
            Some(json!({"first_name": "Amira", "last_name": "Ben Ali",
                        "email": "amira@example.tn", "phone": "+21698123456",
                        "password": CUSTOMER_PASSWORD})),
        )
        .await;
    let today = garage_today();
    let last_service = today.checked_sub_months(Months::new(12)).unwrap() + chrono::Days::new(7);
    let car = admin
        .ok(
            "POST",
            "/api/cars/",
            Some(
                json!({"customer_id": customer["id"], "make": "Peugeot", "model": "208",
                        "year": 2019, "license_plate": "185 TU 4521", "fuel_type": "diesel",
                        "initial_mileage": 41000}),
            ),
        )
        .await;
    admin
        .ok(
            "POST",
            "/api/cars/",
            Some(
                json!({"customer_id": customer["id"], "make": "Renault", "model": "Clio",
                        "year": 2017, "license_plate": "201 TU 1187", "fuel_type": "gasoline",
                        "initial_mileage": 88000, "last_service_date": last_service,
                        "last_service_mileage": 87500}),
            ),
        )
        .await;
    // The customer's phone, registered as the app does.
    let customer_client = log_in(&base, "amira@example.tn", CUSTOMER_PASSWORD).await;
    let push_token = format!("fcm-token-{}", ulid::Ulid::new());
    customer_client
        .ok(
            "POST",
            "/api/notifications/devices",
            Some(json!({"platform": "fcm", "token": push_token})),
        )
        .await;

    // A service with items started and completed, invoiced and issued; its
    // PDF generated and downloaded through the front (binary through base64
    // both ways).
    let issued = issued_invoice_for(&admin, &car["id"]).await;
    let invoice_path = format!("/api/invoices/{}", issued["id"].as_str().unwrap());
    admin
        .ok(
            "POST",
            &format!("{invoice_path}/generate_pdf/"),
            Some(json!({})),
        )
        .await;
    let download = admin
        .ok(
            "GET",
            &format!("{invoice_path}/download/?redirect=false"),
            None,
        )
        .await;
    let url = download["url"].as_str().expect("a download URL");
    let pdf = send("GET", url, &[], b"").await;
    assert_eq!(pdf.status, 200);
    assert!(pdf.body.starts_with(b"%PDF-"), "the download is a PDF");

    // The dispatcher, fed by the table's stream: the customer's inbox, and
    // a push to their phone's endpoint on SNS.
    let inbox = eventually("the customer's invoice notification", || async {
        let list = customer_client.ok("GET", "/api/notifications/", None).await;
        let items = list["results"].as_array().cloned().unwrap_or_default();
        items
            .iter()
            .any(|n| n["related"]["id"] == issued["id"])
            .then_some(items)
    })
    .await;
    assert!(!inbox.is_empty());
    // The dispatcher writes the inbox item before it publishes, and the
    // service's own push may come first: wait for the invoice's.
    let invoice_number = issued["invoice_number"].as_str().unwrap();
    eventually(
        "a push naming the invoice on the customer's phone",
        || async {
            let pushes = pushes_to(&aws_endpoint, &push_token).await;
            pushes
                .iter()
                .any(|m| m.to_string().contains(invoice_number))
                .then_some(())
        },
    )
    .await;

    // A PDF uploaded by the presigned path: pdf-check, fed by the bucket,
    // accepts a PDF and attaches it; a file that is not a PDF is deleted.
    let second = issued_invoice_for(&admin, &car["id"]).await;
    let second_path = format!("/api/invoices/{}", second["id"].as_str().unwrap());
    let not_a_pdf = b"<html>not a pdf</html>".to_vec();
    upload_presigned(&admin, &second_path, &not_a_pdf).await;
    let real_pdf = pdf.body.clone();
    upload_presigned(&admin, &second_path, &real_pdf).await;
    let attached = eventually("pdf-check attaching the uploaded PDF", || async {
        let invoice = admin.ok("GET", &format!("{second_path}/"), None).await;
        (!invoice["pdf"].is_null()).then_some(invoice)
    })
    .await;
    assert_eq!(attached["pdf"]["size"], real_pdf.len(), "{attached}");
    let s3 = aws_sdk_s3::Client::from_conf(
        aws_sdk_s3::config::Builder::from(&sdk)
            .force_path_style(true)
            .build(),
    );
    eventually("the quarantine emptied", || async {
        let listing = s3
            .list_objects_v2()
            .bucket(&stack.bucket_name)
            .prefix("quarantine/")
            .send()
            .await
            .unwrap();
        listing.contents().is_empty().then_some(())
    })
    .await;

    // The reminders, on the schedule run on demand: the due car's owner is
    // reminded once, and a second run reminds nobody again.
    let first = stack
        .run_schedule("RemindersFunction", "Daily")
        .await
        .unwrap();
    let second_run = stack
        .run_schedule("RemindersFunction", "Daily")
        .await
        .unwrap();
    let due_notifications = || async {
        let list = customer_client
            .ok(
                "GET",
                "/api/notifications/?notification_type=service_reminder",
                None,
            )
            .await;
        let due: Vec<Value> = list["results"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|n| n["notification_type"] == "service_reminder")
            .cloned()
            .collect();
        (!due.is_empty()).then_some(due)
    };
    let due = eventually("the service-due reminder", due_notifications).await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    let due_later = due_notifications().await.unwrap_or_default();
    assert_eq!(
        due.len(),
        1,
        "first run {first}, second {second_run}: {due:?}"
    );
    assert_eq!(due_later.len(), 1, "reminded once: {due_later:?}");

    stack.stop().await;
    let _ = moto_process.kill();
    let _ = moto_process.wait();
}

/// The admin's client, a new customer who can log in (`email`), and theirs.
async fn admin_and_customer(stack: &LocalAws, email: &str) -> (Client, Value, Client) {
    let password = stack.admin_password.clone().unwrap();
    let admin = log_in(&stack.url, "admin", &password).await;
    let customer = admin
        .ok(
            "POST",
            "/api/customers/",
            Some(
                json!({"first_name": "Sami", "last_name": "Gharbi", "email": email,
                        "phone": format!("+2169{:07}", ulid::Ulid::new().random() % 10_000_000),
                        "password": CUSTOMER_PASSWORD}),
            ),
        )
        .await;
    let customer_client = log_in(&stack.url, email, CUSTOMER_PASSWORD).await;
    (admin, customer, customer_client)
}

/// DynamoDB fails the dispatcher's next `times` writes naming `marker`.
async fn fail_dispatcher_writes(stack: &LocalAws, marker: &str, times: u32) {
    stack
        .faults
        .arm(ecar::local_aws::faults::Fault {
            function: "DispatcherFunction".into(),
            operation: "TransactWriteItems".into(),
            body_contains: marker.to_string(),
            times,
        })
        .await;
}

/// Uploads `bytes` through the presigned PUT the invoices function hands out.
async fn upload_presigned(admin: &Client, invoice_path: &str, bytes: &[u8]) {
    let upload = admin
        .ok(
            "POST",
            &format!("{invoice_path}/upload_url/"),
            Some(json!({"size": bytes.len(), "content_type": "application/pdf"})),
        )
        .await;
    let url = upload["url"].as_str().unwrap();
    let mut headers: Vec<(String, String)> = upload["headers"]
        .as_object()
        .into_iter()
        .flatten()
        .map(|(name, value)| (name.clone(), value.as_str().unwrap_or_default().to_string()))
        .collect();
    headers.retain(|(name, _)| !name.eq_ignore_ascii_case("content-length"));
    let headers: Vec<(&str, &str)> = headers
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    let put = send("PUT", url, &headers, bytes).await;
    assert_eq!(put.status, 200, "{}", String::from_utf8_lossy(&put.body));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn requests_over_the_deployed_limits_are_answered_as_api_gateway_answers_them() {
    let stack = stack(None, vec![]).await;
    let password = stack.admin_password.clone().unwrap();
    let admin = log_in(&stack.url, "admin", &password).await;
    let token = admin.token.clone().unwrap();
    let authorization = format!("Bearer {token}");
    let headers = [
        ("authorization", authorization.as_str()),
        ("content-type", "application/pdf"),
    ];
    let invoice_path = format!(
        "{}/api/invoices/01JP3K8Z4M6Q2R7T9V1W5X8Y3A/upload_pdf/",
        stack.url
    );

    // 5 MB of binary is 6.7 MB of base64: Lambda refuses the event, API
    // Gateway answers 413 without the function running.
    let five_mb = vec![b'%'; 5 * 1024 * 1024];
    let refused = send("POST", &invoice_path, &headers, &five_mb).await;
    assert_eq!(refused.status, 413);
    let body: Value = serde_json::from_slice(&refused.body).unwrap();
    assert_eq!(body, json!({"message": "Request Entity Too Large"}));
    assert!(refused.header("apigw-requestid").is_some());

    // Over 10 MB API Gateway itself refuses the request.
    let eleven_mb = vec![b'%'; 11 * 1024 * 1024];
    let refused = send("POST", &invoice_path, &headers, &eleven_mb).await;
    assert_eq!(refused.status, 413);

    // Under the limits the function answers (here: no such invoice).
    let small = send("POST", &invoice_path, &headers, b"%PDF-1.7").await;
    assert_eq!(
        small.status,
        404,
        "{}",
        String::from_utf8_lossy(&small.body)
    );
    assert_eq!(
        small.header("content-type"),
        Some("application/problem+json")
    );

    // A path no route of the template takes is API Gateway's own 404.
    let unrouted = send("GET", &format!("{}/api/nothing-here", stack.url), &[], b"").await;
    assert_eq!(unrouted.status, 404);
    let body: Value = serde_json::from_slice(&unrouted.body).unwrap();
    assert_eq!(body, json!({"message": "Not Found"}));

    stack.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_record_the_dispatcher_fails_on_is_retried_and_delivered_once() {
    let stack = stack(None, vec![]).await;
    let (admin, customer, customer_client) = admin_and_customer(&stack, "sami@example.tn").await;

    // DynamoDB fails the dispatcher's write of the middle message four
    // times: the SDK's three attempts, so the record is reported failed,
    // then once more on the stream's retry, whose SDK retry succeeds.
    let marker = format!("panne-{}", ulid::Ulid::new());
    fail_dispatcher_writes(&stack, &marker, 4).await;
    let messages = [
        "Votre voiture est prête".to_string(),
        marker.clone(),
        "Merci de votre visite".to_string(),
    ];
    for message in &messages {
        admin
            .ok(
                "POST",
                "/api/notifications/",
                Some(json!({"customer_id": customer["id"], "title": "Garage", "message": message})),
            )
            .await;
    }

    let inbox = || async {
        let list = customer_client.ok("GET", "/api/notifications/", None).await;
        list["results"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|n| n["message"].as_str().map(str::to_string))
            .collect::<Vec<_>>()
    };
    eventually("every message in the inbox", || async {
        let received = inbox().await;
        messages
            .iter()
            .all(|message| received.contains(message))
            .then_some(())
    })
    .await;
    // Later retries would show now: each message is there exactly once.
    tokio::time::sleep(Duration::from_secs(2)).await;
    let received = inbox().await;
    for message in &messages {
        let copies = received.iter().filter(|m| *m == message).count();
        assert_eq!(copies, 1, "{message}: {received:?}");
    }
    assert_eq!(
        stack.faults.pending().await,
        0,
        "the fault struck four times"
    );
    let log = std::fs::read_to_string(stack.log_dir.join("DispatcherFunction.log")).unwrap();
    let failures = log.matches("stream record not dispatched").count();
    assert_eq!(failures, 1, "one record failed once:\n{log}");
    stack.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_templates_log_level_reaches_the_functions() {
    let stack = stack(None, vec![("LogLevel".into(), "WARN".into())]).await;
    let password = stack.admin_password.clone().unwrap();
    log_in(&stack.url, "admin", &password).await;
    // A failed login is a warning; a successful one is information.
    let refused = send(
        "POST",
        &format!("{}/api/token/", stack.url),
        &[("content-type", "application/json")],
        json!({"username": "admin", "password": "not the password"})
            .to_string()
            .as_bytes(),
    )
    .await;
    assert_eq!(refused.status, 401);
    let log = std::fs::read_to_string(stack.log_dir.join("AuthFunction.log")).unwrap();
    assert!(
        log.contains(r#""level":"WARN""#),
        "the refusal is logged:\n{log}"
    );
    assert!(
        !log.contains(r#""level":"INFO""#),
        "nothing under WARN:\n{log}"
    );
    stack.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_api_answers_only_through_cloudfront_and_counts_viewers_apart() {
    let stack = stack(None, vec![]).await;

    // Straight to API Gateway's own address: refused, with or without a
    // guessed origin header or a viewer address of the client's own.
    let bypass = send("GET", &format!("{}/api/health/", stack.api_url), &[], b"").await;
    assert_eq!(
        bypass.status,
        403,
        "{}",
        String::from_utf8_lossy(&bypass.body)
    );
    assert_eq!(
        bypass.header("content-type"),
        Some("application/problem+json")
    );
    let guessed = send(
        "GET",
        &format!("{}/api/health/", stack.api_url),
        &[
            ("x-ecar-origin", "a-guess-of-the-secret-value-0000000000"),
            ("cloudfront-viewer-address", "203.0.113.9:443"),
        ],
        b"",
    )
    .await;
    assert_eq!(guessed.status, 403);
    let through = send("GET", &format!("{}/api/health/", stack.url), &[], b"").await;
    assert_eq!(through.status, 200);

    // Registrations are counted per client address (5 a window). Behind one
    // edge, two viewers are still two clients; a viewer naming another
    // address in the header CloudFront sets is still itself.
    let register = |viewer: [u8; 4], n: usize| {
        let url = format!("{}/api/auth/register/", stack.url);
        async move {
            let body = json!({"email": format!("viewer{}-{n}@example.tn", viewer[3]),
                              "password": "a long enough passphrase",
                              "first_name": "Nour", "last_name": "Ben Amor",
                              "phone": format!("+2169{}{:06}", viewer[3], n)});
            send_from(
                Some(std::net::IpAddr::from(viewer)),
                "POST",
                &url,
                &[
                    ("content-type", "application/json"),
                    ("cloudfront-viewer-address", "203.0.113.9:443"),
                ],
                body.to_string().as_bytes(),
            )
            .await
            .status
        }
    };
    let first_viewer = [127, 0, 0, 2];
    for n in 0..5 {
        assert_eq!(register(first_viewer, n).await, 201, "registration {n}");
    }
    assert_eq!(
        register(first_viewer, 5).await,
        429,
        "the sixth from one viewer"
    );
    assert_eq!(
        register([127, 0, 0, 3], 0).await,
        201,
        "another viewer behind the same edge"
    );
    stack.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn an_event_the_stream_gave_up_on_is_delivered_once_by_the_sweep() {
    let stack = stack(None, vec![("OutboxSweepAfterSeconds".into(), "0".into())]).await;
    let (admin, customer, customer_client) = admin_and_customer(&stack, "lina@example.tn").await;

    // DynamoDB fails the dispatcher's write of this message until further
    // notice: the stream mapping tries it once and retries it five times
    // (the template's MaximumRetryAttempts), then gives up.
    let marker = format!("relance-{}", ulid::Ulid::new());
    fail_dispatcher_writes(&stack, &marker, u32::MAX).await;
    admin
        .ok(
            "POST",
            "/api/notifications/",
            Some(json!({"customer_id": customer["id"], "title": "Garage", "message": marker})),
        )
        .await;
    let log = stack.log_dir.join("DispatcherFunction.log");
    eventually_within(Duration::from_secs(120), "the stream giving up", || async {
        let text = std::fs::read_to_string(&log).unwrap_or_default();
        (text.matches("stream record not dispatched").count() >= 6).then_some(())
    })
    .await;
    stack.faults.clear().await;
    // Lambda sent where the given-up batch is in the stream to the failure queue.
    let failed = queue_messages(&stack, "DispatcherFailureQueue").await;
    assert_eq!(failed.len(), 1, "{failed:?}");
    assert_eq!(
        failed[0]["requestContext"]["condition"],
        "RetryAttemptsExhausted"
    );
    assert_eq!(failed[0]["DDBStreamBatchInfo"]["batchSize"], 1);
    let copies = || async {
        let list = customer_client.ok("GET", "/api/notifications/", None).await;
        list["results"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|n| n["message"] == marker.as_str())
            .count()
    };
    assert_eq!(copies().await, 0, "not delivered while DynamoDB failed");

    // The sweep finds it pending and delivers it; a second sweep finds nothing.
    let swept = stack
        .run_schedule("DispatcherFunction", "Sweep")
        .await
        .unwrap();
    assert_eq!(swept["dispatched"], 1, "{swept}");
    assert_eq!(swept["oldest_pending_seconds"], Value::Null, "{swept}");
    assert_eq!(copies().await, 1);
    let again = stack
        .run_schedule("DispatcherFunction", "Sweep")
        .await
        .unwrap();
    assert_eq!(again["dispatched"], 0, "{again}");
    assert_eq!(copies().await, 1, "delivered once");
    let text = std::fs::read_to_string(&log).unwrap();
    assert!(
        text.contains("OldestPendingOutboxAgeSeconds"),
        "the backlog metric is logged"
    );
    stack.stop().await;
}

/// The messages in the stack's queue whose logical id is `queue`, read and
/// left there (the emulator's visibility timeout hides them a while).
async fn queue_messages(stack: &LocalAws, queue: &str) -> Vec<Value> {
    let (_, url) = stack
        .queue_urls
        .iter()
        .find(|(arn, _)| arn.ends_with(&format!("-{queue}")))
        .unwrap_or_else(|| panic!("no queue {queue}"));
    let emulator = ecar::local_aws::emulator::Emulator::new(&stack.aws_endpoint);
    let received = emulator
        .json(
            "sqs",
            "AmazonSQS.ReceiveMessage",
            &json!({"QueueUrl": url, "MaxNumberOfMessages": 10}),
        )
        .await
        .unwrap();
    received["Messages"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|message| serde_json::from_str(message["Body"].as_str().unwrap()).unwrap())
        .collect()
}

/// An invoice issued for a completed service of a new customer's car.
async fn issued_invoice(admin: &Client) -> Value {
    let customer = admin
        .ok(
            "POST",
            "/api/customers/",
            Some(json!({"first_name": "Hedi", "last_name": "Jaziri",
                        "email": format!("hedi-{}@example.tn", ulid::Ulid::new()),
                        "phone": "+21695555666"})),
        )
        .await;
    let car = admin
        .ok(
            "POST",
            "/api/cars/",
            Some(
                json!({"customer_id": customer["id"], "make": "Kia", "model": "Picanto",
                        "year": 2021, "license_plate": "220 TU 3344", "fuel_type": "gasoline",
                        "initial_mileage": 12000}),
            ),
        )
        .await;
    issued_invoice_for(admin, &car["id"]).await
}

/// An invoice issued for a new service of `car` with one item, started
/// and completed: the issued invoice.
async fn issued_invoice_for(admin: &Client, car: &Value) -> Value {
    let today = garage_today();
    let service = admin
        .ok(
            "POST",
            "/api/services/",
            Some(json!({"car_id": car, "title": "Freins", "scheduled_date": today})),
        )
        .await;
    let path = format!("/api/services/{}", service["id"].as_str().unwrap());
    admin
        .ok(
            "POST",
            &format!("{path}/items/"),
            Some(json!({"item_type": "labor", "name": "Plaquettes", "quantity": "1", "unit_price": "45.000"})),
        )
        .await;
    admin
        .ok("POST", &format!("{path}/start/"), Some(json!({})))
        .await;
    admin
        .ok("POST", &format!("{path}/complete/"), Some(json!({})))
        .await;
    let invoice = admin
        .ok(
            "POST",
            "/api/invoices/",
            Some(json!({"service_id": service["id"], "due_date": today})),
        )
        .await;
    let invoice_path = format!("/api/invoices/{}", invoice["id"].as_str().unwrap());
    admin
        .ok("POST", &format!("{invoice_path}/issue/"), Some(json!({})))
        .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn an_upload_pdf_check_keeps_failing_on_goes_to_its_failure_queue() {
    let stack = stack(None, vec![]).await;
    let password = stack.admin_password.clone().unwrap();
    let admin = log_in(&stack.url, "admin", &password).await;
    let invoice = issued_invoice(&admin).await;
    let invoice_path = format!("/api/invoices/{}", invoice["id"].as_str().unwrap());

    // S3 fails every read pdf-check makes: three invocations (Lambda's two
    // retries, the template's EventInvokeConfig), then the failure queue.
    stack
        .faults
        .arm(ecar::local_aws::faults::Fault {
            function: "PdfCheckFunction".into(),
            operation: "GET /".into(),
            body_contains: String::new(),
            times: u32::MAX,
        })
        .await;
    upload_presigned(&admin, &invoice_path, b"%PDF-1.7\n%%EOF\n").await;
    let failed = eventually_within(Duration::from_secs(120), "the failure queue", || async {
        let messages = queue_messages(&stack, "PdfCheckFailureQueue").await;
        (!messages.is_empty()).then_some(messages)
    })
    .await;
    let record = &failed[0];
    assert_eq!(record["requestContext"]["condition"], "RetriesExhausted");
    assert_eq!(record["requestContext"]["approximateInvokeCount"], 3);
    let key = record["requestPayload"]["Records"][0]["s3"]["object"]["key"]
        .as_str()
        .unwrap();
    assert!(key.starts_with("quarantine/"), "{key}");
    let invoice = admin.ok("GET", &format!("{invoice_path}/"), None).await;
    assert!(invoice["pdf"].is_null(), "nothing attached: {invoice}");
    stack.stop().await;
}

/// DEPLOY.md's "Create the first administrator", against the stack: the
/// operator's `ecar admin create` with the variables the steps name.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn an_operator_creates_an_administrator_on_the_deployed_table() {
    let stack = stack(None, vec![]).await;
    operator(
        &stack,
        &[
            "admin",
            "create",
            "--username",
            "gerant",
            "--email",
            "gerant@garage.tn",
        ],
        &[
            ("JWT_SECRET_ARN", "JWT_SECRET_ARN"),
            ("ECAR_ADMIN_PASSWORD", "a long operator passphrase"),
        ],
    );
    let admin = log_in(&stack.url, "gerant", "a long operator passphrase").await;
    let me = admin.ok("GET", "/api/users/me/", None).await;
    assert_eq!(me["role"], "admin");

    // The runbooks' commands, with the variables they name.
    operator(&stack, &["reminders", "run", "--date", "2026-12-07"], &[]);
    operator(&stack, &["outbox", "drain"], &[]);
    stack.stop().await;
}

/// Runs `ecar <args>` as DEPLOY.md has an operator run it against the
/// stack: the AWS backend, the table and topic from the stack's outputs,
/// and `extra` variables (a value naming a stack variable is read from it).
/// Fails the test unless the command succeeds.
fn operator(stack: &LocalAws, args: &[&str], extra: &[(&str, &str)]) {
    let variable = |name: &str| stack.variable(name).unwrap_or_else(|| panic!("no {name}"));
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_ecar"));
    command
        .args(args)
        .env_clear()
        .env("ECAR_BACKEND", "aws")
        .env("AWS_REGION", "us-east-1")
        .env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .env("AWS_ENDPOINT_URL", &stack.aws_endpoint)
        .env("TABLE_NAME", variable("TABLE_NAME"))
        .env("TOPIC_ARN", variable("TOPIC_ARN"));
    for (name, value) in extra {
        command.env(
            name,
            stack.variable(value).unwrap_or_else(|| value.to_string()),
        );
    }
    let output = command.output().unwrap();
    assert!(
        output.status.success(),
        "ecar {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// A caller that goes away mid-invocation (a browser aborting its fetch, the
/// gateway's integration timeout) once left its environment marked busy for
/// ever: after as many as the function may run, every later request waited
/// without end (the SPA's requests page spun in the end-to-end run).
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn an_abandoned_invocation_does_not_keep_its_environment() {
    let stack = stack(None, Vec::new()).await;
    let function = stack.function("AuthFunction").unwrap().clone();
    let event =
        bytes::Bytes::from(std::fs::read(workspace().join("events/auth/health.json")).unwrap());
    // (Without CloudFront's secret the function refuses the sample: an
    // answer all the same, which is what this is about.)
    let answered = |answer: &ecar::local_aws::runtime::Answer| answer.json()["statusCode"].is_u64();
    let answer = function.invoke(event.clone()).await.unwrap();
    assert!(answered(&answer), "{:?}", answer.json());
    // Each abandoned call takes an environment and drops its answer: more
    // of them than the function's environments (two here).
    // (A call that answers within its first poll is not abandoned; try again.)
    let mut abandoned = 0;
    for _ in 0..20 {
        let call = tokio::time::timeout(Duration::ZERO, function.invoke(event.clone()));
        abandoned += usize::from(call.await.is_err());
        if abandoned == 3 {
            break;
        }
    }
    assert_eq!(abandoned, 3, "three calls abandoned before their answer");
    let answer = tokio::time::timeout(Duration::from_secs(30), function.invoke(event))
        .await
        .expect("a later call still finds an environment")
        .unwrap();
    assert!(answered(&answer), "{:?}", answer.json());
    stack.stop().await;
}

/// Today on the garage's clock (the template's `TimeZone`, Africa/Tunis):
/// the server checks dates against it, and from 23:00 UTC it is already
/// tomorrow there.
fn garage_today() -> NaiveDate {
    Utc::now()
        .with_timezone(&chrono_tz::Africa::Tunis)
        .date_naive()
}
