//! DynamoDB capacity of each API operation, at two store sizes: every
//! operation runs once through the real router over the counting table,
//! after the store is seeded with `ecar seed`'s data and a warm-up round has
//! filled one page of invoices and notifications.

use std::fmt::Write as _;

use axum::http::{Method, StatusCode};
use chrono::Days;
use ecar::seed;
use ecar_http::{
    accounts::{self, NewAccount},
    auth::Role,
    domain::{ServiceId, ServiceTitle, TimeEntryId},
    notifications::Dispatcher,
    services::views::today,
    store::WriteOp,
    technicians::clock::{self, TimeEntry},
};
use ecar_store::table::Usage;

use serde_json::{Value, json};

use crate::{Error, app::CountedApp};

/// On-demand prices (USD, us-east-1, since November 2024).
const PRICE_PER_MILLION_WRITES: f64 = 0.625;
const PRICE_PER_MILLION_READS: f64 = 0.125;
/// Requests a garage makes in a day, and days in a month.
const REQUESTS_A_DAY: f64 = 2_000.0;
const DAYS_A_MONTH: f64 = 30.0;
/// Password of the benchmark's staff and customer logins.
const PASSWORD: &str = "bench-password-2026";

/// The capacity of one operation.
#[derive(Clone, Debug)]
pub struct Measured {
    /// What the operation is.
    pub name: &'static str,
    /// The route.
    pub route: &'static str,
    /// Its share of a garage's requests, in percent.
    pub weight: f64,
    /// What it used.
    pub usage: Usage,
}

/// Everything the measured round needs: logins and the ids it works on.
struct Garage {
    staff: String,
    admin: String,
    technician: String,
    technician_id: String,
    customer_id: String,
    customer: String,
    car_id: String,
}

/// Seeds `customers` customers (and their cars and services), then measures.
pub async fn measure(customers: u64) -> Result<Vec<Measured>, Error> {
    let app = CountedApp::new()?;
    let options = seed::Options {
        customers,
        cars_per_customer: 1.5,
        services_per_car: 2.0,
        data_dir: None,
        demo: false,
        in_flight: seed::IN_FLIGHT,
    };
    seed::bulk(&app.plain, Some(&app.table), &options).await?;
    let garage = garage(&app).await?;
    // Warm-up: the lists measured later show a full page.
    for round in 0..25 {
        round_of_writes(&app, &garage, round, &mut Vec::new()).await?;
    }
    // What the stream trigger does: the outbox's events reach the inboxes.
    Dispatcher::new(&app.plain.ports).dispatch_pending().await?;
    let mut measured = Vec::new();
    round_of_writes(&app, &garage, 25, &mut measured).await?;
    let (staff, customer) = (Some(garage.staff.as_str()), Some(garage.customer.as_str()));
    let detail = format!("/api/customers/{}", garage.customer_id);
    let reads: [(&'static str, &'static str, String, Option<&str>, f64); 12] = [
        (
            "customer list page",
            "GET /api/customers?limit=20",
            "/api/customers?limit=20".into(),
            staff,
            14.5,
        ),
        (
            "customer search",
            "GET /api/customers?search=ben&limit=20",
            "/api/customers?search=ben&limit=20".into(),
            staff,
            12.0,
        ),
        (
            "customer detail",
            "GET /api/customers/{id}",
            detail,
            staff,
            12.0,
        ),
        (
            "customer's cars",
            "GET /api/customers/{id}/cars",
            format!("/api/customers/{}/cars", garage.customer_id),
            staff,
            5.0,
        ),
        (
            "service list page",
            "GET /api/services?limit=20",
            "/api/services?limit=20".into(),
            staff,
            8.0,
        ),
        (
            "invoice list page",
            "GET /api/invoices?limit=20",
            "/api/invoices?limit=20".into(),
            staff,
            6.0,
        ),
        (
            "notifications (customer)",
            "GET /api/notifications",
            "/api/notifications".into(),
            customer,
            8.0,
        ),
        (
            "audit log page (admin)",
            "GET /api/audit?limit=20",
            "/api/audit?limit=20".into(),
            Some(garage.admin.as_str()),
            0.5,
        ),
        (
            "unread count (customer)",
            "GET /api/notifications/unread_count",
            "/api/notifications/unread_count".into(),
            customer,
            4.0,
        ),
        (
            "technicians on the floor",
            "GET /api/technicians",
            "/api/technicians".into(),
            staff,
            1.0,
        ),
        (
            "workshop load for a week",
            "GET /api/technicians/workload",
            "/api/technicians/workload".into(),
            staff,
            0.5,
        ),
        (
            "hours for a week",
            "GET /api/technicians/hours",
            "/api/technicians/hours".into(),
            staff,
            0.2,
        ),
    ];
    for (name, route, path, token, weight) in reads {
        let usage = expect(&app, Method::GET, &path, token, None, StatusCode::OK)
            .await?
            .1;
        measured.push(Measured {
            name,
            route,
            weight,
            usage,
        });
    }
    let login = json!({"username": "bench-staff", "password": PASSWORD});
    let usage = expect(
        &app,
        Method::POST,
        "/api/token",
        None,
        Some(login),
        StatusCode::OK,
    )
    .await?
    .1;
    measured.push(Measured {
        name: "login",
        route: "POST /api/token",
        weight: 2.0,
        usage,
    });
    Ok(measured)
}

/// A staff login, and a customer (with a login and a car) to work on.
async fn garage(app: &CountedApp) -> Result<Garage, Error> {
    let state = &app.plain;
    let account = NewAccount {
        username: "bench-staff".into(),
        email: "bench-staff@garage.tn".into(),
        role: Role::Staff,
        ..account_named("Staff")
    };
    accounts::create_user(
        state.table.as_ref(),
        &state.passwords,
        &state.clock,
        account,
    )
    .await?;
    let staff = login(app, "bench-staff").await?;
    let admin = NewAccount {
        username: "bench-admin".into(),
        email: "bench-admin@garage.tn".into(),
        role: Role::Admin,
        ..account_named("Admin")
    };
    accounts::create_user(state.table.as_ref(), &state.passwords, &state.clock, admin).await?;
    // An admin's login is audited: the log's page has a record to show.
    let admin = login(app, "bench-admin").await?;
    let technician = NewAccount {
        username: "bench-technician".into(),
        email: "bench-technician@garage.tn".into(),
        role: Role::Technician,
        ..account_named("Technician")
    };
    let technician_id = accounts::create_user(
        state.table.as_ref(),
        &state.passwords,
        &state.clock,
        technician,
    )
    .await?
    .id;
    let technician = login(app, "bench-technician").await?;
    let new = json!({
        "first_name": "Amira", "last_name": "Ben Salah", "email": "amira.bench@example.tn",
        "phone": "+21698123456", "address": "12 rue de Marseille, 1000 Tunis", "password": PASSWORD,
    });
    let (body, _) = expect(
        app,
        Method::POST,
        "/api/customers",
        Some(&staff),
        Some(new),
        StatusCode::CREATED,
    )
    .await?;
    let customer_id = id_of(&body)?;
    let customer = login(app, "amira.bench@example.tn").await?;
    let car = json!({
        "customer_id": customer_id, "make": "Peugeot", "model": "208", "year": 2019,
        "license_plate": "900 TU 1", "fuel_type": "diesel", "initial_mileage": 84250,
    });
    let (body, _) = expect(
        app,
        Method::POST,
        "/api/cars",
        Some(&staff),
        Some(car),
        StatusCode::CREATED,
    )
    .await?;
    Ok(Garage {
        staff,
        admin,
        technician,
        technician_id,
        customer_id,
        customer,
        car_id: id_of(&body)?,
    })
}

/// A bench account's fields, named `Bench <last_name>`.
fn account_named(last_name: &str) -> NewAccount {
    NewAccount {
        username: String::new(),
        email: String::new(),
        password: PASSWORD.into(),
        role: Role::Staff,
        first_name: "Bench".into(),
        last_name: last_name.into(),
    }
}

/// A service's life and its invoice, plus a new customer and car; each
/// step's capacity goes to `measured`.
async fn round_of_writes(
    app: &CountedApp,
    garage: &Garage,
    round: u64,
    measured: &mut Vec<Measured>,
) -> Result<(), Error> {
    let staff = Some(garage.staff.as_str());
    let today = today(&app.state);
    let due = today.checked_add_days(Days::new(30)).ok_or("no due date")?;
    let technician = Some(garage.technician.as_str());
    let mut step = async |token, name, route, weight, method, path: String, body, status| {
        let (body, usage) = expect(app, method, &path, token, body, status).await?;
        measured.push(Measured {
            name,
            route,
            weight,
            usage,
        });
        Ok::<Value, Error>(body)
    };
    let customer = json!({
        "first_name": "Karim", "last_name": "Trabelsi", "email": format!("karim.{round}@bench.tn"),
        "phone": "+21622123456",
    });
    let body = step(
        staff,
        "create customer",
        "POST /api/customers",
        2.0,
        Method::POST,
        "/api/customers".into(),
        Some(customer),
        StatusCode::CREATED,
    )
    .await?;
    let car = json!({
        "customer_id": id_of(&body)?, "make": "Kia", "model": "Rio", "year": 2021,
        "license_plate": format!("901 TU {}", round + 1), "fuel_type": "gasoline", "initial_mileage": 30000,
    });
    step(
        staff,
        "create car",
        "POST /api/cars",
        2.0,
        Method::POST,
        "/api/cars".into(),
        Some(car),
        StatusCode::CREATED,
    )
    .await?;
    let service = json!({
        "car_id": garage.car_id, "title": "Vidange et filtres", "service_type": "maintenance",
        "scheduled_date": today.to_string(),
    });
    let body = step(
        staff,
        "schedule service",
        "POST /api/services",
        5.0,
        Method::POST,
        "/api/services".into(),
        Some(service),
        StatusCode::CREATED,
    )
    .await?;
    let service_id = id_of(&body)?;
    let item = json!({"item_type": "part", "name": "Filtre a huile", "quantity": "1", "unit_price": "38.500"});
    step(
        staff,
        "add service item",
        "POST /api/services/{id}/items",
        5.0,
        Method::POST,
        format!("/api/services/{service_id}/items"),
        Some(item),
        StatusCode::CREATED,
    )
    .await?;
    // The technician's part: staff assign the job, the technician sees
    // their day, clocks on and off.
    let assign = json!({"technician_id": garage.technician_id});
    let on = json!({"service_id": service_id});
    step(
        staff,
        "assign service",
        "POST /api/services/{id}/assign",
        2.0,
        Method::POST,
        format!("/api/services/{service_id}/assign"),
        Some(assign),
        StatusCode::OK,
    )
    .await?;
    step(
        technician,
        "technician's day",
        "GET /api/technicians/me/jobs",
        4.0,
        Method::GET,
        "/api/technicians/me/jobs".into(),
        None,
        StatusCode::OK,
    )
    .await?;
    step(
        technician,
        "clock on a job",
        "POST /api/technicians/me/clock_on",
        2.0,
        Method::POST,
        "/api/technicians/me/clock_on".into(),
        Some(on),
        StatusCode::OK,
    )
    .await?;
    step(
        technician,
        "clock off",
        "POST /api/technicians/me/clock_off",
        2.0,
        Method::POST,
        "/api/technicians/me/clock_off".into(),
        None,
        StatusCode::OK,
    )
    .await?;
    step(
        staff,
        "start service",
        "POST /api/services/{id}/start",
        4.0,
        Method::POST,
        format!("/api/services/{service_id}/start"),
        None,
        StatusCode::OK,
    )
    .await?;
    step(
        staff,
        "complete service",
        "POST /api/services/{id}/complete",
        4.0,
        Method::POST,
        format!("/api/services/{service_id}/complete"),
        Some(json!({})),
        StatusCode::OK,
    )
    .await?;
    // An hour the technician recorded on the job, billed as a labour line.
    let now = app.state.clock.now();
    let hour = TimeEntry {
        id: TimeEntryId::generate(now),
        technician_id: garage.technician_id.clone(),
        technician_name: "Bench Technician".into(),
        service_id: ServiceId::parse(&service_id)?,
        service_title: ServiceTitle::parse("Vidange et filtres")?,
        started_at: now - chrono::Duration::hours(1),
        ended_at: Some(now),
        seconds: 3600,
        billed_item_id: None,
    };
    app.plain
        .table
        .write(WriteOp::create(clock::entry_item(&hour)?))
        .await?;
    step(
        staff,
        "bill recorded time",
        "POST /api/services/{id}/bill_time",
        1.0,
        Method::POST,
        format!("/api/services/{service_id}/bill_time"),
        Some(json!({"unit_price": "45"})),
        StatusCode::OK,
    )
    .await?;
    let invoice = json!({"service_id": service_id, "due_date": due.to_string()});
    let body = step(
        staff,
        "create invoice",
        "POST /api/invoices",
        2.0,
        Method::POST,
        "/api/invoices".into(),
        Some(invoice),
        StatusCode::CREATED,
    )
    .await?;
    let invoice_id = id_of(&body)?;
    step(
        staff,
        "issue invoice",
        "POST /api/invoices/{id}/issue",
        2.0,
        Method::POST,
        format!("/api/invoices/{invoice_id}/issue"),
        None,
        StatusCode::OK,
    )
    .await?;
    step(
        staff,
        "mark invoice paid",
        "POST /api/invoices/{id}/mark_as_paid",
        2.0,
        Method::POST,
        format!("/api/invoices/{invoice_id}/mark_as_paid"),
        Some(json!({"payment_method": "cash"})),
        StatusCode::OK,
    )
    .await?;
    appointment_round(app, garage, measured).await
}

/// An appointment's life: the customer looks at a week of slots and books
/// the first free one, staff confirm it and check the car in (which opens
/// its service); each step's capacity goes to `measured`.
async fn appointment_round(
    app: &CountedApp,
    garage: &Garage,
    measured: &mut Vec<Measured>,
) -> Result<(), Error> {
    let tomorrow = today(&app.state)
        .checked_add_days(Days::new(1))
        .ok_or("no tomorrow")?;
    let week_end = tomorrow.checked_add_days(Days::new(6)).ok_or("no week")?;
    let mut step = async |name, route, weight, token: &str, method, path: String, body, status| {
        let (body, usage) = expect(app, method, &path, Some(token), body, status).await?;
        measured.push(Measured {
            name,
            route,
            weight,
            usage,
        });
        Ok::<_, Error>(body)
    };
    let slots = step(
        "free slots for a week",
        "GET /api/appointments/slots?from=&to=",
        3.0,
        &garage.customer,
        Method::GET,
        format!("/api/appointments/slots?from={tomorrow}&to={week_end}"),
        None,
        StatusCode::OK,
    )
    .await?;
    let starts_at = slots["slots"]
        .as_array()
        .and_then(|slots| slots.iter().find(|slot| slot["free"].as_u64() > Some(0)))
        .and_then(|slot| slot["starts_at"].as_str())
        .ok_or("no free slot in the week")?
        .to_owned();
    let body = step(
        "book appointment",
        "POST /api/appointments",
        2.0,
        &garage.customer,
        Method::POST,
        "/api/appointments".into(),
        Some(json!({"car_id": garage.car_id, "starts_at": starts_at, "description": "Vidange"})),
        StatusCode::CREATED,
    )
    .await?;
    let id = id_of(&body)?;
    step(
        "confirm appointment",
        "POST /api/appointments/{id}/confirm",
        1.5,
        &garage.staff,
        Method::POST,
        format!("/api/appointments/{id}/confirm"),
        None,
        StatusCode::OK,
    )
    .await?;
    step(
        "check in appointment",
        "POST /api/appointments/{id}/check_in",
        1.5,
        &garage.staff,
        Method::POST,
        format!("/api/appointments/{id}/check_in"),
        None,
        StatusCode::OK,
    )
    .await?;
    Ok(())
}

async fn login(app: &CountedApp, username: &str) -> Result<String, Error> {
    let body = json!({"username": username, "password": PASSWORD});
    let (body, _) = expect(
        app,
        Method::POST,
        "/api/token",
        None,
        Some(body),
        StatusCode::OK,
    )
    .await?;
    body["access"]
        .as_str()
        .map(str::to_string)
        .ok_or_else(|| "no access token".into())
}

fn id_of(body: &Value) -> Result<String, Error> {
    body["id"]
        .as_str()
        .map(str::to_string)
        .ok_or_else(|| format!("no id in {body}").into())
}

/// Sends a request and fails unless it answers `status`.
async fn expect(
    app: &CountedApp,
    method: Method,
    path: &str,
    token: Option<&str>,
    body: Option<Value>,
    status: StatusCode,
) -> Result<(Value, Usage), Error> {
    let (got, body, usage) = app.send(method.clone(), path, token, body).await?;
    if got != status {
        return Err(format!("{method} {path}: {got} (expected {status}): {body}").into());
    }
    Ok((body, usage))
}

/// The table of both sizes, the flat check, and the monthly cost.
pub fn report(sizes: &[(u64, Vec<Measured>)]) -> String {
    let mut out = String::new();
    let _ = write!(out, "| operation | route |");
    for (size, _) in sizes {
        let _ = write!(out, " RCU @{size} | WCU @{size} |");
    }
    let _ = writeln!(out, " flat |");
    let _ = writeln!(out, "|---|---|{}---|", "---:|---:|".repeat(sizes.len()));
    let Some((_, first)) = sizes.first() else {
        return out;
    };
    let mut all_flat = true;
    for (at, op) in first.iter().enumerate() {
        let _ = write!(out, "| {} | `{}` |", op.name, op.route);
        let mut units = Vec::new();
        for (_, ops) in sizes {
            let usage = ops.get(at).map(|op| op.usage).unwrap_or_default();
            let _ = write!(out, " {} | {} |", usage.read_units, usage.write_units);
            units.push((usage.read_units, usage.write_units));
        }
        let flat = units.windows(2).all(|pair| pair[0] == pair[1]);
        all_flat &= flat;
        let _ = writeln!(out, " {} |", if flat { "yes" } else { "NO" });
    }
    let _ = writeln!(
        out,
        "\nEvery operation flat: {}.\n",
        if all_flat { "yes" } else { "no" }
    );
    for (size, ops) in sizes {
        let weight: f64 = ops.iter().map(|op| op.weight).sum();
        let reads: f64 = ops
            .iter()
            .map(|op| op.weight * op.usage.read_units)
            .sum::<f64>()
            / weight;
        let writes: f64 = ops
            .iter()
            .map(|op| op.weight * op.usage.write_units as f64)
            .sum::<f64>()
            / weight;
        let monthly = REQUESTS_A_DAY * DAYS_A_MONTH;
        let garage =
            monthly * (reads * PRICE_PER_MILLION_READS + writes * PRICE_PER_MILLION_WRITES) / 1e6;
        let _ = writeln!(
            out,
            "At {size} customers, the weighted mix averages {reads:.2} RCU and {writes:.2} WCU a request: \
             {monthly:.0} requests a month cost **${garage:.4}** a month for one garage and \
             **${:.2}** for 1,000 garages (request units only; storage is $0.25 per GB-month on top).",
            garage * 1000.0
        );
    }
    out
}
