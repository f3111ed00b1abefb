//! As `ecar serve` runs it: the embedded state with the dispatcher on its
//! change feed. Completing a service shows the customer's notification at
//! once, and moves the car's entry in the reminders' due index.

use std::time::Duration;

use axum::http::{Method, StatusCode};
use ecar_http::{
    AppState, Clock, Config,
    auth::Role,
    bootstrap::Storage,
    cars::due::due_entry_key,
    cars::{
        FuelType,
        create::{self, NewCar},
    },
    domain::{CarMake, CarModel, LicensePlate},
    idempotency::Created,
    notifications::Dispatcher,
    store::Value,
    testing::app::{TestApp, request, start},
};
use serde_json::json;

#[tokio::test]
async fn completing_a_service_notifies_the_customer_at_once() {
    let local =
        AppState::embedded(Config::default(), Storage::Memory, Clock::fixed(start())).unwrap();
    ecar_dispatcher::feed::spawn(&local.table, Dispatcher::new(&local.state.ports));
    let router = ecar_services::router().merge(ecar_notifications::router());
    let app = TestApp {
        router: router.with_state(local.state.clone()),
        state: local.state,
    };
    let staff = app.staff_token("staff.member", Role::Staff).await;
    let (amira, token) = app.customer_token("amira").await;

    let new = NewCar {
        customer_id: amira.id.clone(),
        make: CarMake::parse("Peugeot").unwrap(),
        model: CarModel::parse("208").unwrap(),
        year: 2019,
        license_plate: LicensePlate::parse("185 TU 4521").unwrap(),
        vin: None,
        fuel_type: FuelType::Diesel,
        initial_mileage: 90_000,
        last_service_date: None,
        last_service_mileage: None,
    };
    let Created::New(car) = create::create(&app.state, new, None, "staff")
        .await
        .unwrap()
    else {
        panic!("a new car")
    };
    let car = car.id;

    let created = app
        .send(request(
            Method::POST,
            "/api/services",
            Some(&staff),
            Some(&json!({"car_id": car.as_str(), "title": "Vidange et filtres", "scheduled_date": "2026-03-02"})),
        ))
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text);
    let service = created.body["id"].as_str().unwrap().to_string();
    let completed = app
        .send(request(
            Method::POST,
            &format!("/api/services/{service}/complete"),
            Some(&staff),
            Some(&json!({"service_mileage": 91_000})),
        ))
        .await;
    assert_eq!(completed.status, StatusCode::OK, "{}", completed.text);

    let mut shown = None;
    for _ in 0..500 {
        let list = app
            .send(request(
                Method::GET,
                "/api/notifications",
                Some(&token),
                None,
            ))
            .await;
        if let Some(first) = list.body["results"].as_array().and_then(|r| r.first()) {
            shown = Some(first.clone());
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let shown = shown.expect("the notification shows");
    assert_eq!(shown["notification_type"], "service_update");
    assert_eq!(shown["related"], json!({"kind": "service", "id": service}));

    let entry = app
        .state
        .table
        .get(&due_entry_key(&car))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        entry["gsi1pk"],
        Value::s("CARS#DUE#2027-03"),
        "due a year later"
    );
}
