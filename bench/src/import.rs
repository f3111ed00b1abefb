//! `ecar-bench import`: how fast `ecar import django` moves a garage over,
//! into the embedded store on disk and into the emulator's DynamoDB.
//!
//! The export is generated in the Django ECAR's dumpdata form, shaped like
//! the reference export (per customer: a login, 1.33 cars with a reading
//! each, two services a car, one of them completed with two items and a
//! paid invoice, three notifications).

use std::{path::Path, time::Instant};

use chrono::{DateTime, Duration, Utc};
use ecar::import::{Export, Options, Report, import};
use ecar_http::{
    AppState, Clock, Config, auth::TokenKeys, bootstrap::Storage, config::Backend, testing::moto,
};
use ecar_store::{aws, table::create_table};
use serde_json::{Value, json};

use crate::Error;

/// A stored Django hash (the rounds the reference export uses); the import
/// keeps it as it is, so its value does not matter to the rate.
const HASH: &str =
    "pbkdf2_sha256$870000$WJXkNunHVKbQSbIlcgFTpQ$FMIEPhFQwPfD0SlhroDgzzUkBnRnFkDn+fVbNSfdqnE=";

fn at(days: i64) -> String {
    let start: DateTime<Utc> = "2023-01-02T08:00:00Z".parse().unwrap_or_default();
    (start + Duration::days(days)).to_rfc3339()
}

/// An export of `customers` customers and what they own.
pub fn export(customers: u64) -> Vec<Value> {
    let mut rows = Vec::new();
    let mut push = |model: &str, pk: u64, fields: Value| {
        rows.push(json!({"model": model, "pk": pk, "fields": fields}));
    };
    let (mut car_pk, mut service_pk, mut item_pk, mut invoice_pk, mut note_pk) = (0, 0, 0, 0, 0);
    for customer in 1..=customers {
        let day = (customer % 600) as i64;
        let username = format!("client{customer}");
        push(
            "auth.user",
            customer,
            json!({"password": HASH, "is_superuser": false, "username": username,
                   "first_name": "Amel", "last_name": format!("Client {customer}"),
                   "email": format!("{username}@example.tn"), "is_staff": false,
                   "is_active": true, "date_joined": at(day)}),
        );
        push(
            "core.customer",
            customer,
            json!({"user": [username], "phone": format!("+216 2{:07}", customer),
                   "address": "12 Rue de Marseille, 1000 Tunis",
                   "created_at": at(day), "updated_at": at(day)}),
        );
        let cars = if customer % 3 == 0 { 2 } else { 1 };
        for _ in 0..cars {
            car_pk += 1;
            let plate = format!("{}TU{}", 100 + car_pk / 9_999, car_pk % 9_999 + 1);
            push(
                "core.car",
                car_pk,
                json!({"customer": customer, "make": "Peugeot", "model": "208", "year": 2018,
                       "license_plate": plate, "vin": null, "fuel_type": "diesel",
                       "initial_mileage": 40_000, "mileage": 52_000,
                       "average_daily_mileage": null, "last_service_date": null,
                       "last_service_mileage": null, "next_service_date": null,
                       "next_service_mileage": null,
                       "created_at": at(day + 1), "updated_at": at(day + 1)}),
            );
            push(
                "core.mileageupdate",
                car_pk,
                json!({"car": car_pk, "mileage": 48_000, "reported_date": at(day + 90),
                       "notes": null, "created_at": at(day + 90)}),
            );
            for (status, items) in [("completed", 2), ("scheduled", 1)] {
                service_pk += 1;
                push(
                    "core.service",
                    service_pk,
                    json!({"car": car_pk, "title": "Révision", "description": "",
                           "status": status, "scheduled_date": at(day + 120),
                           "completed_date": (status == "completed").then(|| at(day + 121)),
                           "technician_notes": null, "service_mileage": 50_000,
                           "service_type": null, "is_routine_maintenance": true,
                           "created_at": at(day + 110), "updated_at": at(day + 121)}),
                );
                for _ in 0..items {
                    item_pk += 1;
                    push(
                        "core.serviceitem",
                        item_pk,
                        json!({"service": service_pk, "item_type": "part",
                               "name": "Filtre à huile", "description": null,
                               "quantity": 1, "unit_price": "39.50"}),
                    );
                }
                if status == "completed" {
                    invoice_pk += 1;
                    push(
                        "core.invoice",
                        invoice_pk,
                        json!({"service": service_pk,
                               "invoice_number": format!("INV-{invoice_pk:08X}"),
                               "issued_date": &at(day + 122)[..10], "due_date": &at(day + 152)[..10],
                               "status": "paid", "notes": "Payment: Espèces", "pdf_file": "",
                               "final_amount": null, "refund_date": null, "refund_amount": null,
                               "refund_reason": null,
                               "created_at": at(day + 122), "updated_at": at(day + 130)}),
                    );
                }
            }
        }
        for _ in 0..3 {
            note_pk += 1;
            push(
                "core.notification",
                note_pk,
                json!({"customer": customer, "title": "Service Completed",
                       "message": "Your car is ready.", "notification_type": "service_update",
                       "is_read": true, "created_at": at(day + 121)}),
            );
        }
    }
    rows
}

/// One measured import.
pub struct Measured {
    pub store: &'static str,
    pub customers: u64,
    pub rows: u64,
    pub seconds: f64,
}

fn rows_written(report: &Report) -> u64 {
    report.counts.values().map(|counts| counts.imported).sum()
}

fn check(report: &Report) -> Result<(), Error> {
    match report.refused_rows() {
        0 => Ok(()),
        refused => Err(format!("{refused} generated rows were refused:\n{report}").into()),
    }
}

fn options() -> Options {
    Options {
        export: "generated.json".into(),
        media: None,
        dry_run: false,
        data_dir: None,
    }
}

/// Imports `customers` customers' export into a fresh embedded store on
/// disk, as the command does (commits not flushed one by one, one sync at
/// the end, which is timed too).
pub async fn embedded(customers: u64) -> Result<Measured, Error> {
    let export = Export::parse(serde_json::to_vec(&export(customers))?.as_slice())?;
    let dir = std::env::temp_dir().join(format!("ecar-bench-import-{}", ulid::Ulid::new()));
    let local = AppState::embedded(
        Config::from_env()?,
        Storage::Dir(dir.clone()),
        Clock::system(),
    )?;
    let started = Instant::now();
    local.table.set_durable(false);
    let report = import(&local.state, &export, &options()).await?;
    local.table.set_durable(true);
    local.table.sync().await?;
    let seconds = started.elapsed().as_secs_f64();
    drop(local);
    std::fs::remove_dir_all(&dir)?;
    check(&report)?;
    Ok(Measured {
        store: "embedded (disk)",
        customers,
        rows: rows_written(&report),
        seconds,
    })
}

/// Imports `customers` customers' export into DynamoDB on an emulator of
/// its own (the serial moto_server the tests use, from `venv`).
pub async fn emulator(venv: &Path, customers: u64) -> Result<Measured, Error> {
    let export = Export::parse(serde_json::to_vec(&export(customers))?.as_slice())?;
    let (endpoint, mut emulator) = moto::spawn_serial(venv)?;
    let measured = async {
        let sdk = aws::sdk_config(Some(&endpoint)).await;
        create_table(&aws::dynamodb_client(&sdk), "ecar-import").await?;
        let config = Config {
            backend: Backend::Aws,
            aws_endpoint_url: Some(endpoint.clone()),
            table_name: "ecar-import".into(),
            // Nothing is published: history is not news.
            topic_arn: Some("arn:aws:sns:us-east-1:123456789012:ecar-import".into()),
            jwt_keys_json: Some(ecar_http::config::Secret::new(
                TokenKeys::generate().to_json(),
            )),
            ..Config::from_env()?
        };
        let state = AppState::aws(config, Clock::system()).await?;
        let started = Instant::now();
        let report = import(&state, &export, &options()).await?;
        let seconds = started.elapsed().as_secs_f64();
        check(&report)?;
        Ok::<_, Error>(Measured {
            store: "DynamoDB (moto_server)",
            customers,
            rows: rows_written(&report),
            seconds,
        })
    }
    .await;
    let _ = emulator.kill();
    let _ = emulator.wait();
    measured
}

/// The figures as a Markdown table.
pub fn report(measured: &[Measured]) -> String {
    let mut table = String::from(
        "| store | customers | rows written | seconds | rows/s |\n|---|---:|---:|---:|---:|\n",
    );
    for m in measured {
        table.push_str(&format!(
            "| {} | {} | {} | {:.1} | {:.0} |\n",
            m.store,
            m.customers,
            m.rows,
            m.seconds,
            m.rows as f64 / m.seconds
        ));
    }
    table
}
