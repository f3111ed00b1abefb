//! `ecar import django`: the Django ECAR's own export of a small garage
//! (`tests/fixtures/django/`, with its media folder) moves over whole, its
//! people log in with their old passwords, a second run writes nothing, a
//! run stopped half-way and run again ends as a clean run does, and the
//! rows this system refuses are reported one by one.

use std::{collections::BTreeMap, path::PathBuf, sync::Arc};

use axum::http::{Method, StatusCode};
use ecar::import::{Export, Options, Report, import};
use ecar_http::{
    Clock,
    auth::{Role, users},
    cars, customers,
    domain::{CarId, CustomerId, InvoiceId},
    invoices,
    legacy::{self, LegacyModel},
    store::Table,
    testing::app::{TestApp, request, start},
};
use ecar_store::table::{EmbeddedTable, Fault, FaultyTable, Trigger};

use serde_json::{Value, json};
use tokio::sync::broadcast::error::TryRecvError;

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/django")
}

fn reference_export() -> Export {
    let text = std::fs::read(fixtures().join("ecar-django-small.json")).unwrap();
    Export::parse(&text).unwrap()
}

fn options(dry_run: bool) -> Options {
    Options {
        export: fixtures().join("ecar-django-small.json"),
        media: Some(fixtures().join("media")),
        dry_run,
        data_dir: None,
    }
}

/// Every function's routes over `table`, as `ecar serve` serves them.
fn app_over(table: Arc<dyn Table>) -> TestApp {
    let clock = Clock::fixed(start());
    TestApp::over(ecar::router(), table, clock)
}

fn embedded() -> (Arc<EmbeddedTable>, TestApp) {
    let table = Arc::new(EmbeddedTable::in_memory(Clock::fixed(start())).unwrap());
    let app = app_over(table.clone());
    (table, app)
}

/// The (read, imported, skipped, refused) of every model.
fn counts(report: &Report) -> BTreeMap<String, (u64, u64, u64, u64)> {
    report
        .counts
        .iter()
        .map(|(model, c)| (model.clone(), (c.read, c.imported, c.skipped, c.refused)))
        .collect()
}

async fn login(app: &TestApp, username: &str, password: &str) -> (StatusCode, Value) {
    let body = json!({"username": username, "password": password});
    let answer = app
        .send(request(Method::POST, "/api/token", None, Some(&body)))
        .await;
    (answer.status, answer.body)
}

async fn get(app: &TestApp, path: &str, token: &str) -> (StatusCode, Value) {
    let answer = app
        .send(request(Method::GET, path, Some(token), None))
        .await;
    (answer.status, answer.body)
}

fn no_change_since(feed: &mut tokio::sync::broadcast::Receiver<ecar_store::table::ChangeRecord>) {
    match feed.try_recv() {
        Err(TryRecvError::Empty) => {}
        other => panic!("the store changed: {other:?}"),
    }
}

#[tokio::test]
async fn the_reference_export_moves_over_and_a_second_run_writes_nothing() {
    let (table, app) = embedded();
    let export = reference_export();
    let report = import(&app.state, &export, &options(false)).await.unwrap();
    let expected: BTreeMap<String, (u64, u64, u64, u64)> = [
        ("auditlog.logentry", (377, 0, 377, 0)),
        // Four staff and 24 customers' logins; a disabled staff account and
        // a customer have no email.
        ("auth.user", (30, 28, 0, 2)),
        ("core.car", (35, 34, 0, 1)),
        ("core.customer", (25, 24, 0, 1)),
        ("core.invoice", (25, 25, 0, 0)),
        ("core.mileageupdate", (28, 27, 0, 1)),
        ("core.notification", (152, 148, 0, 4)),
        ("core.service", (70, 69, 0, 1)),
        ("core.servicehistory", (7, 0, 7, 0)),
        ("core.serviceinterval", (11, 0, 11, 0)),
        ("core.serviceitem", (117, 115, 0, 2)),
    ]
    .into_iter()
    .map(|(model, counts)| (model.to_string(), counts))
    .collect();
    assert_eq!(counts(&report), expected, "{report}");
    let customer = report
        .refused
        .iter()
        .find(|row| row.model == "core.customer")
        .unwrap();
    assert_eq!(customer.pk, "12");
    assert!(
        customer.reason.starts_with("email: none"),
        "{}",
        customer.reason
    );
    // Everything of that customer is refused as theirs, naming them.
    assert!(report.refused.iter().any(|row| row.model == "core.car"
        && row.pk == "14"
        && row.reason == "customer: core.customer 12 was not imported"));
    // The original's totals left out the tax: listed, kept as billed.
    let first = report.amounts.iter().find(|d| d.pk == 1).unwrap();
    assert_eq!(first.number, "INV-47F94AF7");
    assert_eq!(first.billed.to_string(), "131.000");
    assert!(first.recomputed > first.billed);
    // VINs the original never checked are dropped, the cars kept.
    assert!(report.warnings.iter().any(|row| row.model == "core.car"
        && row.pk == "2"
        && row.reason.contains("imported without it")));

    let mut feed = table.subscribe();
    let again = import(&app.state, &export, &options(false)).await.unwrap();
    no_change_since(&mut feed);
    for (model, (read, imported, skipped, refused)) in &expected {
        let second = again.counts(model);
        assert_eq!(second.read, *read, "{model}");
        assert_eq!(second.imported, 0, "{model}");
        assert_eq!(second.skipped, imported + skipped, "{model}");
        assert_eq!(second.refused, *refused, "{model}");
    }
}

#[tokio::test]
async fn moved_people_log_in_with_their_passwords_and_find_their_history() {
    let (_, app) = embedded();
    let export = reference_export();
    import(&app.state, &export, &options(false)).await.unwrap();

    let (status, staff) = login(&app, "h.gharbi", "Atelier-Gharbi-2024").await;
    assert_eq!(status, StatusCode::OK, "{staff}");
    assert_eq!(staff["user"]["role"], "staff");
    let (status, _) = login(&app, "h.gharbi", "Atelier-Gharbi-2025").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, customer) = login(&app, "l.kammoun", "Kammoun-Lac-1053").await;
    assert_eq!(status, StatusCode::OK, "{customer}");
    // An unusable password (`!...`) never logs in.
    let (status, _) = login(&app, "sonia.ayari", "!FvxNi5VKzrLp6").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);

    let staff = staff["access"].as_str().unwrap();
    let own = customer["access"].as_str().unwrap();
    let (status, page) = get(&app, "/api/customers?legacy_id=1", staff).await;
    assert_eq!(status, StatusCode::OK);
    let kammoun = &page["results"][0];
    assert_eq!(kammoun["legacy_id"], 1);
    assert_eq!(kammoun["phone"], "+21650687741");
    assert_eq!(kammoun["id"], customer["user"]["customer_id"]);

    // A customer finds their own car by its old id, not another's.
    let (_, page) = get(&app, "/api/cars?legacy_id=1", own).await;
    assert_eq!(page["results"][0]["license_plate"], "127TU476");
    let (status, page) = get(&app, "/api/cars?legacy_id=3", own).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(page["results"], json!([]));
    let (_, page) = get(&app, "/api/cars?legacy_id=3", staff).await;
    assert_eq!(page["results"][0]["legacy_id"], 3);

    let (_, page) = get(&app, "/api/invoices?legacy_id=1", own).await;
    let invoice = &page["results"][0];
    assert_eq!(invoice["invoice_number"], "INV-47F94AF7");
    assert_eq!(invoice["status"], "paid");
    assert_eq!(invoice["total"], "131.000");
    assert_eq!(invoice["payment_method"], "other");
    assert!(
        invoice["pdf"]["id"].is_string(),
        "the PDF came from --media"
    );
    let (_, page) = get(&app, "/api/invoices?search=47F94AF7", staff).await;
    assert_eq!(page["results"][0]["legacy_id"], 1, "found by its number");
    let (_, page) = get(&app, "/api/services?legacy_id=2", staff).await;
    assert_eq!(page["results"][0]["invoice_id"], invoice["id"]);
    for refused in [
        "/api/invoices?legacy_id=1&status=paid",
        "/api/invoices/paid?legacy_id=1",
        "/api/services/upcoming?legacy_id=1",
        "/api/customers?legacy_id=1&search=kammoun",
        "/api/customers?legacy_id=0",
        "/api/cars?legacy_id=-4",
        "/api/services?legacy_id=9223372036854775808",
    ] {
        let (status, problem) = get(&app, refused, staff).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{refused}: {problem}");
    }

    // Their history, and no notification made of it.
    let id = kammoun["id"].as_str().unwrap();
    let (_, stats) = get(&app, &format!("/api/customers/{id}/statistics"), own).await;
    assert_eq!(stats["cars"], 2);
    assert_eq!(stats["services"], 7);
    let (_, page) = get(&app, "/api/notifications?limit=200", own).await;
    assert_eq!(page["results"].as_array().unwrap().len(), 13);
}

#[tokio::test]
async fn a_dry_run_writes_nothing_and_reports_what_a_run_would_do() {
    let (table, app) = embedded();
    let export = reference_export();
    let mut feed = table.subscribe();
    let dry = import(&app.state, &export, &options(true)).await.unwrap();
    no_change_since(&mut feed);
    assert!(
        legacy::find(table.as_ref(), LegacyModel::Customer, 1)
            .await
            .unwrap()
            .is_none()
    );
    let real = import(&app.state, &export, &options(false)).await.unwrap();
    assert_eq!(counts(&dry), counts(&real));
    assert_eq!(dry.refused, real.refused);
    assert!(dry.dry_run && !real.dry_run);
    assert!(dry.to_string().contains("would import"));
}

/// What a run leaves, by the original's ids (this system's ids differ
/// from run to run).
async fn snapshot(app: &TestApp, export: &Export) -> Vec<String> {
    let table = app.state.table.as_ref();
    let mut seen = Vec::new();
    for &pk in export.customers.keys() {
        let Some(id) = legacy::find(table, LegacyModel::Customer, pk)
            .await
            .unwrap()
        else {
            seen.push(format!("customer {pk}: none"));
            continue;
        };
        let id = CustomerId::parse(&id).unwrap();
        let (customer, aggregates) = customers::get_with_aggregates(table, &id)
            .await
            .unwrap()
            .unwrap();
        let unread = ecar_http::notifications::unread::unread_count(table, &id)
            .await
            .unwrap();
        seen.push(format!(
            "customer {pk}: {} {aggregates:?} unread {unread}",
            customer.email
        ));
    }
    for &pk in export.cars.keys() {
        let Some(id) = legacy::find(table, LegacyModel::Car, pk).await.unwrap() else {
            seen.push(format!("car {pk}: none"));
            continue;
        };
        let car = cars::get(table, &CarId::parse(&id).unwrap())
            .await
            .unwrap()
            .unwrap();
        seen.push(format!(
            "car {pk}: {} {} {:?} {:?}",
            car.license_plate, car.mileage, car.next_service_date, car.vin
        ));
    }
    for &pk in export.invoices.keys() {
        let id = legacy::find(table, LegacyModel::Invoice, pk)
            .await
            .unwrap()
            .unwrap();
        let invoice = invoices::get(table, &InvoiceId::parse(&id).unwrap())
            .await
            .unwrap()
            .unwrap();
        seen.push(format!(
            "invoice {pk}: {:?} {:?} {} {}",
            invoice.invoice_number,
            invoice.status,
            invoice.total,
            invoice.pdf.is_some()
        ));
    }
    let admin = app.staff_token("auditor", Role::Admin).await;
    for path in ["/api/invoices/statistics", "/api/services/statistics"] {
        let (status, stats) = get(app, path, &admin).await;
        assert_eq!(status, StatusCode::OK);
        seen.push(format!("{path}: {stats}"));
    }
    seen
}

#[tokio::test]
async fn a_run_stopped_half_way_and_run_again_ends_as_a_clean_run() {
    let export = reference_export();
    let (_, clean) = embedded();
    import(&clean.state, &export, &options(false))
        .await
        .unwrap();

    let inner: Arc<dyn Table> = Arc::new(EmbeddedTable::in_memory(Clock::fixed(start())).unwrap());
    let faulty = Arc::new(FaultyTable::new(inner.clone()));
    // The store applies a row's transaction, then the answer is lost: the
    // run stops there, not knowing the row was written.
    faulty.arm(Trigger::Call(300), Fault::TimeoutAfterCommit);
    let stopped = app_over(faulty.clone());
    let first = import(&stopped.state, &export, &options(false)).await;
    assert!(first.is_err(), "the run stops on a store failure");
    assert_eq!(faulty.fired().len(), 1);

    let resumed = app_over(inner);
    let second = import(&resumed.state, &export, &options(false))
        .await
        .unwrap();
    assert!(second.counts("core.customer").skipped > 0, "{second}");
    assert!(second.counts("core.notification").imported > 0, "{second}");
    assert_eq!(
        snapshot(&resumed, &export).await,
        snapshot(&clean, &export).await
    );
}

/// A small export with the faults the original allowed.
fn faulty_export() -> Value {
    let user = |pk: u64, username: &str, email: &str| {
        json!({"model": "auth.user", "pk": pk, "fields": {
            "password": "!unusable", "is_superuser": false, "username": username,
            "first_name": "Amel", "last_name": "Ben Salah", "email": email,
            "is_staff": false, "is_active": true, "date_joined": "2024-01-02T08:00:00Z"}})
    };
    let customer = |pk: u64, username: &str, phone: &str| {
        json!({"model": "core.customer", "pk": pk, "fields": {
            "user": [username], "phone": phone, "address": null,
            "created_at": "2024-01-02T08:00:00Z", "updated_at": "2024-01-02T08:00:00Z"}})
    };
    let car = |pk: u64, customer: u64, plate: &str| {
        json!({"model": "core.car", "pk": pk, "fields": {
            "customer": customer, "make": "Peugeot", "model": "208", "year": 2019,
            "license_plate": plate, "vin": null, "fuel_type": "diesel",
            "initial_mileage": 1000, "mileage": 5000, "average_daily_mileage": null,
            "last_service_date": null, "last_service_mileage": null,
            "next_service_date": null, "next_service_mileage": null,
            "created_at": "2024-01-03T08:00:00Z", "updated_at": "2024-01-03T08:00:00Z"}})
    };
    let service = |pk: u64, car: u64, status: &str| {
        json!({"model": "core.service", "pk": pk, "fields": {
            "car": car, "title": "Vidange", "description": "", "status": status,
            "scheduled_date": "2026-02-10T08:00:00Z", "completed_date": "2026-02-10T16:00:00Z",
            "technician_notes": null, "service_mileage": 5000, "service_type": null,
            "is_routine_maintenance": true,
            "created_at": "2026-02-01T08:00:00Z", "updated_at": "2026-02-10T16:00:00Z"}})
    };
    let item = |pk: u64, service: u64| {
        json!({"model": "core.serviceitem", "pk": pk, "fields": {
            "service": service, "item_type": "part", "name": "Huile 5W30", "description": null,
            "quantity": 2, "unit_price": "45.50"}})
    };
    let invoice = |pk: u64, service: u64, number: &str| {
        json!({"model": "core.invoice", "pk": pk, "fields": {
            "service": service, "invoice_number": number, "issued_date": "2026-02-11",
            "due_date": "2026-03-31", "status": "pending", "notes": null, "pdf_file": "",
            "final_amount": null, "refund_date": null, "refund_amount": null,
            "refund_reason": null,
            "created_at": "2026-02-11T08:00:00Z", "updated_at": "2026-02-11T08:00:00Z"}})
    };
    json!([
        user(1, "amel", "amel@example.tn"),
        user(2, "amel2", "AMEL@example.tn"),
        user(3, "badphone", "badphone@example.tn"),
        customer(1, "amel", "+216 98 123 456"),
        customer(2, "amel2", "+216 98 765 432"),
        customer(3, "badphone", "12"),
        customer(4, "ghost", "+216 98 111 222"),
        car(1, 1, "123TU4567"),
        car(2, 1, "123 TU 4567"),
        car(3, 9, "124TU1"),
        service(1, 1, "completed"),
        service(2, 1, "completed"),
        service(3, 3, "scheduled"),
        item(1, 1),
        item(2, 2),
        item(3, 99),
        invoice(1, 1, "INV-2026-000041"),
        invoice(2, 99, "INV-2026-000040"),
        {"model": "core.garage", "pk": 1, "fields": {}},
        {"model": "core.notification", "pk": "x", "fields": {}}
    ])
}

#[tokio::test]
async fn rows_this_system_refuses_are_reported_and_nothing_is_half_written() {
    let (_, app) = embedded();
    let export = Export::parse(faulty_export().to_string().as_bytes()).unwrap();
    let report = import(&app.state, &export, &options(false)).await.unwrap();
    let refused: Vec<(&str, &str, &str)> = report
        .refused
        .iter()
        .map(|row| (row.model.as_str(), row.pk.as_str(), row.reason.as_str()))
        .collect();
    let expect = [
        ("core.garage", "1", "unknown model"),
        ("core.notification", "\"x\"", "pk"),
        (
            "core.customer",
            "2",
            "email: amel@example.tn is core.customer 1's already",
        ),
        ("auth.user", "2", "with its customer core.customer 2"),
        ("core.customer", "3", "phone"),
        (
            "core.customer",
            "4",
            "user: [\"ghost\"] is not in the export",
        ),
        (
            "core.car",
            "2",
            "license_plate: 123TU4567 is core.car 1's already",
        ),
        ("core.car", "3", "core.customer 9 is not in the export"),
        (
            "core.serviceitem",
            "3",
            "core.service 99 is not in the export",
        ),
        ("core.service", "3", "core.car 3 was not imported"),
        ("core.invoice", "2", "core.service 99 is not in the export"),
    ];
    for (model, pk, reason) in expect {
        assert!(
            refused
                .iter()
                .any(|(m, p, r)| *m == model && *p == pk && r.contains(reason)),
            "{model} {pk} ({reason}) not in {refused:#?}"
        );
    }
    assert_eq!(refused.len(), expect.len() + 1, "{refused:#?}"); // badphone's login
    // A refused customer left no login behind.
    let table = app.state.table.as_ref();
    assert!(
        users::find_for_login(table, "badphone@example.tn")
            .await
            .unwrap()
            .is_none()
    );
    // Numbering goes on after the highest imported number of the year.
    let admin = app.staff_token("boss", Role::Admin).await;
    let service = legacy::find(table, LegacyModel::Service, 2)
        .await
        .unwrap()
        .unwrap();
    let draft = app
        .send(request(
            Method::POST,
            "/api/invoices",
            Some(&admin),
            Some(&json!({"service_id": service, "due_date": "2026-04-30"})),
        ))
        .await;
    assert_eq!(draft.status, StatusCode::CREATED, "{}", draft.text);
    let id = draft.body["id"].as_str().unwrap();
    let issued = app
        .send(request(
            Method::POST,
            &format!("/api/invoices/{id}/issue"),
            Some(&admin),
            None,
        ))
        .await;
    assert_eq!(issued.status, StatusCode::OK, "{}", issued.text);
    assert_eq!(issued.body["invoice_number"], "INV-2026-000042");
}

#[test]
fn the_command_says_by_its_exit_status_whether_rows_were_refused() {
    let dir = tempfile::tempdir().unwrap();
    let run = |file: &std::path::Path, dry_run: bool| {
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_ecar"));
        command
            .args(["import", "django"])
            .arg(file)
            .arg("--data-dir")
            .arg(dir.path().join("data"))
            .env_remove("ECAR_BACKEND");
        if dry_run {
            command.arg("--dry-run");
        }
        command.output().unwrap()
    };
    let broken = dir.path().join("broken.json");
    std::fs::write(&broken, b"[{\"model\": ").unwrap();
    let output = run(&broken, false);
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("not valid JSON"));

    let faulty = dir.path().join("faulty.json");
    std::fs::write(&faulty, faulty_export().to_string()).unwrap();
    let output = run(&faulty, true);
    assert!(!output.status.success(), "refused rows fail a dry run too");
    assert!(String::from_utf8_lossy(&output.stdout).contains("would import"));

    // Amel and her profile alone: nothing to refuse.
    let clean = vec![faulty_export()[0].clone(), faulty_export()[3].clone()];
    let clean_file = dir.path().join("clean.json");
    std::fs::write(&clean_file, Value::Array(clean).to_string()).unwrap();
    let output = run(&clean_file, false);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let again = run(&clean_file, false);
    assert!(again.status.success());
    assert!(String::from_utf8_lossy(&again.stdout).contains("core.customer"));
}

#[tokio::test]
async fn the_export_moves_into_dynamodb_the_same_way() {
    let clock = Clock::fixed(start());
    let table: Arc<dyn Table> = Arc::new(ecar_http::testing::dynamo::table(clock).await);
    let app = app_over(table);
    let export = reference_export();
    let report = import(&app.state, &export, &options(false)).await.unwrap();
    assert_eq!(report.counts("core.invoice").imported, 25, "{report}");
    assert_eq!(report.counts("core.service").imported, 69, "{report}");
    let (status, customer) = login(&app, "l.kammoun", "Kammoun-Lac-1053").await;
    assert_eq!(status, StatusCode::OK, "{customer}");
    let (_, page) = get(
        &app,
        "/api/invoices?legacy_id=1",
        customer["access"].as_str().unwrap(),
    )
    .await;
    assert_eq!(page["results"][0]["invoice_number"], "INV-47F94AF7");
    let again = import(&app.state, &export, &options(false)).await.unwrap();
    assert_eq!(again.counts("core.notification").imported, 0);
    assert_eq!(again.counts("core.notification").skipped, 148);
}
