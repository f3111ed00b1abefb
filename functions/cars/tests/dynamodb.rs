//! Customers and cars over the DynamoDB adapter (on the emulator): the same
//! guards, transactions, search index and aggregates as over the embedded
//! store. One test, as the emulator's table is shared by the process.

mod common;

use std::sync::Arc;

use axum::http::{Method, StatusCode};
use common::World;
use ecar_http::{
    Clock,
    testing::{
        app::{request, start},
        dynamo,
    },
};
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn customers_and_cars_on_dynamodb() {
    let clock = Clock::fixed(start());
    let table = Arc::new(dynamo::table(clock.clone()).await);
    let world = World::over(table, clock).await;
    let customers = world.app.beside(ecar_customers::router());
    let amira = world.owner("Amira").await;
    let karim = world.owner("Karim").await;

    // Registered with a normalized plate and VIN.
    let car = world
        .car(&amira, "185 tu 4521", json!({"vin": "vf3cc8hp0bt123456"}))
        .await;
    assert_eq!(car["license_plate"], "185TU4521");
    assert_eq!(car["vin"], "VF3CC8HP0BT123456");
    let id = car["id"].as_str().unwrap().to_string();

    // Two concurrent registrations of one plate: exactly one car.
    let register = |owner: &str| {
        request(
            Method::POST,
            "/api/cars",
            Some(&world.staff),
            Some(
                &json!({"customer_id": owner, "make": "Renault", "model": "Clio",
                "year": 2020, "license_plate": "RS 123456", "fuel_type": "gasoline",
                "initial_mileage": 1000}),
            ),
        )
    };
    let (first, second) = tokio::join!(
        world.app.send(register(&amira.id)),
        world.app.send(register(&karim.id))
    );
    let mut statuses = [first.status, second.status];
    statuses.sort();
    assert_eq!(statuses, [StatusCode::CREATED, StatusCode::CONFLICT]);
    let plate_taken = world
        .call(
            Method::POST,
            "/api/cars",
            Some(&world.staff),
            Some(
                json!({"customer_id": karim.id, "make": "Kia", "model": "Rio", "year": 2020,
                "license_plate": "185-TU-4521", "fuel_type": "diesel", "initial_mileage": 1}),
            ),
        )
        .await;
    assert_eq!(
        plate_taken.status,
        StatusCode::CONFLICT,
        "{}",
        plate_taken.text
    );

    // Search by plate prefix and by model, through the index items.
    let found = world
        .call(
            Method::GET,
            "/api/cars?search=185%20tu",
            Some(&world.staff),
            None,
        )
        .await;
    assert_eq!(found.status, StatusCode::OK, "{}", found.text);
    let plates: Vec<&str> = found.body["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|car| car["license_plate"].as_str().unwrap())
        .collect();
    assert_eq!(plates, ["185TU4521"]);
    let by_plate = customers
        .send(request(
            Method::GET,
            "/api/customers?search=185tu",
            Some(&world.staff),
            None,
        ))
        .await;
    assert_eq!(
        by_plate.body["results"][0]["id"],
        amira.id.as_str(),
        "{}",
        by_plate.text
    );

    // Mileage: a lower reading is refused, a higher one recorded.
    let report = |mileage: u32| {
        request(
            Method::POST,
            &format!("/api/cars/{id}/report_mileage"),
            Some(&amira.token),
            Some(&json!({"mileage": mileage})),
        )
    };
    assert_eq!(
        world.app.send(report(49_000)).await.status,
        StatusCode::BAD_REQUEST
    );
    let raised = world.app.send(report(52_000)).await;
    assert_eq!(raised.status, StatusCode::OK, "{}", raised.text);
    assert_eq!(raised.body["mileage"], 52_000);
    let history = world
        .call(
            Method::GET,
            &format!("/api/cars/{id}/mileage_history"),
            Some(&amira.token),
            None,
        )
        .await;
    assert_eq!(history.body["results"].as_array().unwrap().len(), 2);

    // Another customer does not see it; deleting frees the plate.
    let hidden = world
        .call(
            Method::GET,
            &format!("/api/cars/{id}"),
            Some(&karim.token),
            None,
        )
        .await;
    assert_eq!(hidden.status, StatusCode::NOT_FOUND);
    let deleted = world
        .call(
            Method::DELETE,
            &format!("/api/cars/{id}"),
            Some(&world.staff),
            None,
        )
        .await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT, "{}", deleted.text);
    world.car(&karim, "185 TU 4521", json!({})).await;

    // A car a customer adds waits, under the count on their profile; the
    // approval registers it under its id in one transaction.
    let mut waiting = Vec::new();
    for plate in ["600 TU 6000", "601 TU 6000", "602 TU 6000", "603 TU 6000"] {
        let body = json!({"make": "Dacia", "model": "Logan", "year": 2016,
            "license_plate": plate, "fuel_type": "lpg", "initial_mileage": 120_000});
        let added = world
            .call(
                Method::POST,
                "/api/cars/pending",
                Some(&amira.token),
                Some(body),
            )
            .await;
        waiting.push(added);
    }
    let statuses: Vec<_> = waiting.iter().map(|answer| answer.status).collect();
    assert_eq!(
        statuses,
        [
            StatusCode::CREATED,
            StatusCode::CREATED,
            StatusCode::CREATED,
            StatusCode::CONFLICT
        ]
    );
    let added = waiting[0].body["id"].as_str().unwrap().to_string();
    let approved = world
        .call(
            Method::POST,
            &format!("/api/cars/pending/{added}/approve"),
            Some(&world.staff),
            Some(json!({"version": 1})),
        )
        .await;
    assert_eq!(approved.status, StatusCode::OK, "{}", approved.text);
    let registered = world.read(&added).await;
    assert_eq!(registered.status, StatusCode::OK, "{}", registered.text);
    assert_eq!(registered.body["license_plate"], "600TU6000");
    // One place freed: a fourth car may wait now.
    let body = json!({"make": "Dacia", "model": "Logan", "year": 2016,
        "license_plate": "603 TU 6000", "fuel_type": "lpg"});
    let fourth = world
        .call(
            Method::POST,
            "/api/cars/pending",
            Some(&amira.token),
            Some(body),
        )
        .await;
    assert_eq!(fourth.status, StatusCode::CREATED, "{}", fourth.text);
}
